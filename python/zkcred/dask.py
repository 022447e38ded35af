"""Verify a large batch of zkcred proofs on a Dask cluster.

For lenders who outgrow one machine: the batch is split into partitions,
each partition is verified by :func:`zkcred.verify_batch` on a worker (which
loads the verifying key from its bytes and the request or credit policy from
its JSON, so nothing but plain bytes and strings travels), and the partial
tables are concatenated in input order. The result equals the single-machine
:func:`zkcred.verify_batch` (apart from the timing column)::

    from dask.distributed import Client
    from zkcred.dask import verify_on_cluster

    df = verify_on_cluster(Client("scheduler:8786"), request, proofs, vk)

Needs the ``dask`` extra (``dask[distributed]``) and pandas; imported when
called. ``examples/python/dask_batch.py`` runs it on a LocalCluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

from ._native import CreditPolicy, PresentationRequest, VerifyingKey
from .analytics import Proof, verify_batch

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["verify_on_cluster"]


def verify_on_cluster(
    client: Any,
    policy: Union[PresentationRequest, CreditPolicy],
    proofs: Sequence[Proof],
    verifying_key: Optional[VerifyingKey] = None,
    *,
    references: Optional[Sequence[Any]] = None,
    partitions: Optional[int] = None,
) -> "pandas.DataFrame":
    """Verify ``proofs`` on the cluster behind ``client`` (a
    ``dask.distributed.Client``); one row per proof, in input order, as
    :func:`zkcred.verify_batch` returns them.

    ``policy`` is a :class:`PresentationRequest` (with ``verifying_key``) or
    a :class:`CreditPolicy`. ``partitions`` defaults to two per worker.
    ``duplicate`` is recomputed over the whole batch (a partition sees only
    its own nullifiers).
    """
    import pandas as pd

    proofs = list(proofs)
    refs = list(range(len(proofs))) if references is None else list(references)
    if len(refs) != len(proofs):
        raise ValueError(f"{len(refs)} references for {len(proofs)} proofs")
    if isinstance(policy, PresentationRequest) and verifying_key is None:
        raise TypeError("identity presentations need the verifying key")
    workers = len(client.scheduler_info()["workers"]) or 1
    parts = max(1, min(len(proofs), partitions or 2 * workers))
    policy_json = policy.to_json()
    key: Any = None
    if verifying_key is not None:
        [key] = client.scatter([verifying_key.to_bytes()], broadcast=True)
    bounds = [len(proofs) * i // parts for i in range(parts + 1)]
    futures = [
        client.submit(
            verify_batch,
            policy_json,
            proofs[lo:hi],
            key,
            references=refs[lo:hi],
            threads=1,
            pure=False,
        )
        for lo, hi in zip(bounds, bounds[1:])
        if hi > lo
    ]
    tables = client.gather(futures)
    df = pd.concat(tables, ignore_index=True)
    seen: set[str] = set()
    duplicate = []
    for accepted, nullifier in zip(df["accepted"], df["nullifier"]):
        dup = bool(accepted) and nullifier is not None and nullifier in seen
        duplicate.append(dup)
        if accepted and nullifier is not None:
            seen.add(nullifier)
    df["duplicate"] = duplicate
    df.attrs["scope"] = policy.scope if isinstance(policy, PresentationRequest) else ""
    return df

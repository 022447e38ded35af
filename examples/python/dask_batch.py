"""Verify a large batch of zkcred presentations on a Dask cluster, with
``zkcred.dask.verify_on_cluster`` (the package's Dask helper: partitions
verified by ``zkcred.verify_batch`` on the workers, concatenated in input
order; the same rows as the single-machine call, apart from the timing).

    python examples/python/dask_batch.py [N]     # N proofs (default 200)

The example runs a LocalCluster of two worker processes; against a real
cluster pass its ``Client`` to ``verify_on_cluster``.
"""

from __future__ import annotations

import datetime
import json
import sys
import time

import pandas as pd

import zkcred
from zkcred.dask import verify_on_cluster

SCHEMA = json.dumps(
    {
        "schemaVersion": 1,
        "id": "sme-director-kyc",
        "version": 1,
        "attributes": [
            {"name": "birth_date", "type": "date"},
            {"name": "nationality", "type": "country"},
            {"name": "kyc_level", "type": "integer"},
        ],
    }
)


def demo_batch(n: int, distinct: int = 8):
    """A request and ``n`` proofs: ``distinct`` real presentations repeated,
    every fifth one with a changed disclosed value (so it must fail)."""
    today = datetime.date.today()
    pk, vk = zkcred.setup()
    schema = zkcred.Schema(SCHEMA)
    issuer = zkcred.Issuer(zkcred.IssuerKey.generate())
    request = (
        zkcred.PresentationRequest(schema, "lender.example/sme-loans")
        .accept_issuer(issuer.public_key, issuer.revocation_root)
        .require("birth_date", "ageAtLeast", 18)
        .require("kyc_level", ">=", 2)
        .disclose("kyc_level")
    )
    good = []
    for i in range(distinct):
        secret = zkcred.HolderSecret.generate()
        subject = {"birth_date": f"19{70 + i}-01-15", "nationality": "DE", "kyc_level": 2 + i % 3}
        credential = issuer.issue(
            schema, subject, secret.commitment, today, today + datetime.timedelta(days=365)
        )
        path = issuer.non_revocation_path(credential.serial)
        good.append(zkcred.prove(request, credential, secret, path, pk).to_json())
    proofs = []
    for i in range(n):
        p = good[i % distinct]
        if i % 5 == 4:
            doc = json.loads(p)
            doc["disclosed"]["kyc_level"] = 99
            p = json.dumps(doc)
        proofs.append(p)
    return request, proofs, vk


def main(argv: list[str]) -> int:
    from dask.distributed import Client, LocalCluster

    n = int(argv[1]) if len(argv) > 1 else 200
    request, proofs, vk = demo_batch(n)
    refs = [f"application-{i:05d}" for i in range(n)]

    start = time.perf_counter()
    local = zkcred.verify_batch(request, proofs, vk, references=refs)
    local_s = time.perf_counter() - start

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            start = time.perf_counter()
            distributed = verify_on_cluster(client, request, proofs, vk, references=refs)
            cluster_s = time.perf_counter() - start

    columns = [c for c in local.columns if c != "verify_ms"]
    pd.testing.assert_frame_equal(local[columns], distributed[columns])
    print(f"{n} proofs: {int(local['accepted'].sum())} accepted, {int((~local['accepted']).sum())} rejected")
    print(f"single machine {local_s:.2f} s; Dask LocalCluster (2 workers) {cluster_s:.2f} s; same rows")
    print(zkcred.portfolio_summary(distributed).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

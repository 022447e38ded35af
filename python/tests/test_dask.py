"""zkcred.dask (the package's Dask helper, which the Dask example uses)
verifies a batch on a LocalCluster with the same rows as the single-machine
call."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

import zkcred
from zkcred.dask import verify_on_cluster

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python" / "dask_batch.py"


def load_example():
    spec = importlib.util.spec_from_file_location("dask_batch", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_a_local_cluster_gives_the_single_machine_rows(request_, presentation, vk):
    distributed = pytest.importorskip("dask.distributed")
    example = load_example()
    doc = json.loads(presentation.to_json())
    doc["disclosed"]["kyc_level"] = 7
    bad = json.dumps(doc)
    proofs = [presentation.to_json() if i % 4 else bad for i in range(40)]
    proofs[5] = presentation.to_bytes(request_)
    refs = [f"app-{i}" for i in range(len(proofs))]

    local = zkcred.verify_batch(request_, proofs, vk, references=refs)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        remote = verify_on_cluster(client, request_, proofs, vk, references=refs, partitions=5)
    # The example uses the package's helper, not a copy of its own.
    assert example.verify_on_cluster is verify_on_cluster

    columns = [c for c in local.columns if c != "verify_ms"]
    pd.testing.assert_frame_equal(local[columns], remote[columns])
    assert local["accepted"].sum() == 30
    assert remote["duplicate"].sum() == 29  # one holder, 30 accepted proofs

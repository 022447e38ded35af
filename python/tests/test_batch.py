"""Batch verification into pandas / pyarrow / records, and the portfolio
summary with its plot."""

from __future__ import annotations

import datetime
import json
import threading
import time

import pandas as pd
import pyarrow as pa
import pytest

import zkcred
from conftest import SCOPE, lender_request, make_holder


@pytest.fixture(scope="module")
def second(issuer, schema, request_, pk):
    holder = make_holder(issuer, schema, "1985-03-01", nationality="IT", level=5)
    path = issuer.non_revocation_path(holder.credential.serial)
    return holder, zkcred.prove(request_, holder.credential, holder.secret, path, pk)


def values(column) -> list:
    """A column as a list, missing values (NaN, None, NA) as None."""
    return [None if pd.isna(x) else x for x in column]


def tampered_json(presentation: zkcred.Presentation) -> str:
    doc = json.loads(presentation.to_json())
    doc["disclosed"]["kyc_level"] = 9
    return json.dumps(doc)


@pytest.fixture(scope="module")
def mixed(request_, presentation, second):
    """Eight proofs in every accepted input form, with failures of each kind."""
    _, p2 = second
    return {
        "app-1": presentation.to_json(),  # str JSON
        "app-2": p2.to_bytes(request_),  # binary
        "app-3": tampered_json(presentation),  # does not verify
        "app-4": b"garbage",  # not JSON
        "app-5": p2,  # a Presentation object
        "app-6": presentation.to_json().encode(),  # bytes JSON; same holder again
        "app-7": b"ZKCP\x02" + b"\x00" * 5,  # truncated binary (envelope version 2)
        "app-8": bytearray(p2.to_bytes(request_)),  # same holder again
    }


def test_a_mixed_batch_gives_one_row_per_proof_in_order(request_, vk, mixed, presentation, second, adult):
    holder2, p2 = second
    df = zkcred.verify_batch(request_, mixed, vk)
    assert isinstance(df, pd.DataFrame)
    assert list(df["reference"]) == list(mixed)
    assert list(df["accepted"]) == [True, True, False, False, True, True, False, True]
    assert values(df["error"]) == [
        None, None, "VerificationError", "JsonError", None, None, "EncodingError", None
    ]
    assert df.loc[2, "reason"] == "the presentation does not verify"
    n1, n2 = adult.secret.nullifier(SCOPE), holder2.secret.nullifier(SCOPE)
    assert values(df["nullifier"]) == [n1, n2, None, None, n2, n1, None, n2]
    assert list(df["duplicate"]) == [False, False, False, False, True, True, False, True]
    assert list(df["disclosed_kyc_level"][df["accepted"]]) == [3, 5, 5, 3, 5]
    assert df["disclosed_kyc_level"].dtype == "Int64"  # not float, despite the missing values
    assert df.loc[0, "disclosed_birth_date"] == datetime.date(1990, 5, 17)
    assert df.loc[1, "disclosed_birth_date"] == datetime.date(1985, 3, 1)
    assert pd.isna(df.loc[2, "disclosed_kyc_level"])
    assert (df["verify_ms"] > 0).all()
    assert df.attrs["scope"] == SCOPE and df.attrs["wall_seconds"] > 0


def test_references_positions_threads_and_json_policy_agree(request_, vk, mixed):
    proofs = list(mixed.values())
    by_ref = zkcred.verify_batch(request_, proofs, vk, references=list(mixed))
    by_pos = zkcred.verify_batch(request_.to_json(), proofs, vk.to_bytes(), threads=1)
    assert list(by_pos["reference"]) == list(range(len(proofs)))
    cols = ["accepted", "error", "nullifier", "duplicate", "disclosed_kyc_level", "disclosed_birth_date"]
    pd.testing.assert_frame_equal(by_ref[cols], by_pos[cols])
    with pytest.raises(ValueError):
        zkcred.verify_batch(request_, proofs, vk, references=["a"])
    with pytest.raises(TypeError):
        zkcred.verify_batch(request_, [1, 2], vk)
    with pytest.raises(zkcred.RequestError):
        bad = lender_request(zkcred.Issuer(zkcred.IssuerKey.generate()), request_.schema)
        bad.require("kyc_level", "ageAtLeast", 1)
        zkcred.verify_batch(bad, proofs, vk)


def test_arrow_and_records_carry_the_same_rows(request_, vk, mixed):
    df = zkcred.verify_batch(request_, mixed, vk)
    table = zkcred.verify_batch(request_, mixed, vk, output="arrow")
    assert isinstance(table, pa.Table)
    assert table.schema.field("disclosed_birth_date").type == pa.date32()
    assert table.schema.field("accepted").type == pa.bool_()
    assert table.column("accepted").to_pylist() == list(df["accepted"])
    assert table.column("nullifier").to_pylist() == values(df["nullifier"])
    assert table.schema.metadata[b"scope"] == SCOPE.encode()
    rows = zkcred.verify_batch(request_, mixed, vk, output="records")
    assert [r.accepted for r in rows] == list(df["accepted"])
    assert rows[0].disclosed == {"kyc_level": 3, "birth_date": datetime.date(1990, 5, 17)}
    assert rows[2].disclosed == {} and rows[2].error == "VerificationError"
    with pytest.raises(ValueError):
        zkcred.verify_batch(request_, mixed, vk, output="excel")


def test_the_batch_runs_with_the_gil_released(request_, vk, presentation):
    """While the batch runs in another thread, this thread keeps running
    Python code; with the GIL held for the whole native call it could not."""
    proofs = [presentation.to_json()] * 300
    done = threading.Event()
    result = {}

    def work():
        result["df"] = zkcred.verify_batch(request_, proofs, vk, threads=1)
        done.set()

    t = threading.Thread(target=work)
    ticks = 0
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    assert result["df"]["accepted"].all()
    assert ticks >= 20, ticks


def test_the_portfolio_summary_and_plot(request_, vk, mixed, tmp_path):
    df = zkcred.verify_batch(request_, mixed, vk)
    overall = zkcred.portfolio_summary(df)
    assert overall.loc["all", "proofs"] == 8
    assert overall.loc["all", "accepted"] == 5
    assert overall.loc["all", "rejected"] == 3
    assert overall.loc["all", "acceptance_rate"] == pytest.approx(5 / 8)
    assert overall.loc["all", "duplicates"] == 3

    by_level = zkcred.portfolio_summary(df[df["accepted"]], by="disclosed_kyc_level")
    assert by_level.loc[3, "proofs"] == 2 and by_level.loc[5, "proofs"] == 3

    strict = zkcred.verify_batch(request_, list(mixed.values())[:4], vk)
    by_policy = zkcred.portfolio_summary({"kyc_level >= 2": df, "kyc_level >= 2, first four": strict})
    assert list(by_policy.index) == ["kyc_level >= 2", "kyc_level >= 2, first four"]
    assert list(by_policy["accepted"]) == [5, 2]

    out = zkcred.plot_acceptance(by_policy, tmp_path / "acceptance.png", title="by policy")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    with pytest.raises(ValueError):
        zkcred.portfolio_summary(df, by="no_such_column")

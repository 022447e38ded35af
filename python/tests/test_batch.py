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


# -- issue #15, Python point 5: the forms lenders keep proofs in ------------------


def test_a_series_index_gives_the_references(request_, vk, presentation, second):
    _, p2 = second
    proofs = pd.Series(
        [presentation.to_json(), p2.to_bytes(request_), b"garbage"],
        index=pd.Index(["SME-1001", "SME-1002", "SME-1003"], name="application"),
    )
    df = zkcred.verify_batch(request_, proofs, vk)
    assert list(df["reference"]) == ["SME-1001", "SME-1002", "SME-1003"]
    assert list(df["accepted"]) == [True, True, False]
    # Given references still win over the index.
    df = zkcred.verify_batch(request_, proofs, vk, references=["a", "b", "c"])
    assert list(df["reference"]) == ["a", "b", "c"]


def test_arrow_arrays_are_input_too(request_, vk, presentation, second):
    _, p2 = second
    binary = pa.array([p2.to_bytes(request_), presentation.to_json().encode(), None], type=pa.binary())
    text = pa.chunked_array([[presentation.to_json()], [tampered_json(presentation)]])
    df = zkcred.verify_batch(request_, binary, vk)
    assert list(df["accepted"]) == [True, True, False]
    assert df.loc[2, "reason"] == "malformed proof: empty proof"
    assert list(zkcred.verify_batch(request_, text, vk)["accepted"]) == [True, False]


def test_hex_and_base64_proofs_are_decoded(request_, vk, presentation, second):
    import base64

    _, p2 = second
    binary = p2.to_bytes(request_)
    as_hex, as_b64 = binary.hex(), base64.b64encode(binary).decode()
    # Said explicitly.
    df = zkcred.verify_batch(request_, [as_hex, as_hex.upper(), "zz"], vk, encoding="hex")
    assert list(df["accepted"]) == [True, True, False]
    assert (df.loc[2, "error"], df.loc[2, "reason"]) == ("EncodingError", "the proof is not hex")
    df = zkcred.verify_batch(request_, [as_b64], vk, encoding="base64")
    assert list(df["accepted"]) == [True]
    # Detected: hex, base64, base64url, JSON text, side by side.
    urlsafe = base64.urlsafe_b64encode(binary).decode().rstrip("=")
    mixed = [as_hex, as_b64, urlsafe, presentation.to_json(), "0x" + as_hex]
    df = zkcred.verify_batch(request_, mixed, vk)
    assert list(df["accepted"]) == [True] * 5
    # Base64 of JSON is detected too; text that is neither stays JSON's problem.
    df = zkcred.verify_batch(
        request_, [base64.b64encode(presentation.to_json().encode()).decode(), "abc"], vk
    )
    assert list(df["accepted"]) == [True, False]
    assert df.loc[1, "error"] == "JsonError"
    with pytest.raises(ValueError, match="encoding"):
        zkcred.verify_batch(request_, [as_hex], vk, encoding="base32")  # type: ignore[call-overload]


def test_an_empty_proof_says_empty_proof(request_, vk):
    df = zkcred.verify_batch(request_, ["", b"", "  ", None, float("nan"), pd.NA], vk)
    assert not df["accepted"].any()
    assert set(df["error"]) == {"MalformedProofError"}
    assert set(df["reason"]) == {"malformed proof: empty proof"}
    with pytest.raises(zkcred.MalformedProofError, match="empty proof"):
        zkcred.verify(request_, b"", vk)


def test_progress_reports_chunks_and_keeps_the_rows(request_, vk, mixed):
    proofs = list(mixed.values()) * 20  # 160 proofs, 3 chunks of 64
    seen: list[tuple[int, int]] = []
    df = zkcred.verify_batch(
        request_, proofs, vk, threads=2, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(64, 160), (128, 160), (160, 160)]
    plain = zkcred.verify_batch(request_, proofs, vk, threads=2)
    cols = ["accepted", "error", "nullifier", "duplicate"]
    pd.testing.assert_frame_equal(df[cols], plain[cols])
    tqdm = pytest.importorskip("tqdm")
    assert tqdm is not None
    bar = zkcred.verify_batch(request_, proofs[:10], vk, progress=True)
    assert list(bar["accepted"]) == list(plain["accepted"][:10])
    with pytest.raises(TypeError, match="progress"):
        zkcred.verify_batch(request_, proofs[:1], vk, progress="yes")  # type: ignore[call-overload]


def test_portfolio_summary_takes_every_output(request_, vk, mixed):
    df = zkcred.verify_batch(request_, mixed, vk)
    expected = zkcred.portfolio_summary(df)
    for output in ("arrow", "records"):
        other = zkcred.verify_batch(request_, mixed, vk, output=output)  # type: ignore[call-overload]
        got = zkcred.portfolio_summary(other)
        cols = ["proofs", "accepted", "rejected", "acceptance_rate", "duplicates"]
        pd.testing.assert_frame_equal(got[cols], expected[cols])
    with pytest.raises(TypeError, match="verify_batch result"):
        zkcred.portfolio_summary(42)  # type: ignore[arg-type]

"""Batch verification of transparent credit proofs into a table, and the
credit portfolio summary with its plot."""

from __future__ import annotations

import datetime
import pytest

import zkcred

from test_credit import GOOD, LINEAR, TODAY

pd = pytest.importorskip("pandas")


def _policy(provider, revenue=100_000_000, cutoff=9_000, challenge="09" * 32):
    return (
        zkcred.CreditPolicy("EUR", challenge=challenge, date=TODAY)
        .accept_issuer(provider)
        .require("annual_revenue", at_least=revenue)
        .with_scorecard(zkcred.Scorecard.from_dict({**LINEAR, "cutoff": cutoff}))
    )


@pytest.fixture(scope="module")
def portfolio():
    """Six SMEs with different revenues and repayment rates, attested by one
    provider; each proves the base policy if it can."""
    provider = zkcred.ProviderKey.generate()
    smes = {}
    for i, (revenue, bps) in enumerate(
        [(250_000_000, 9_700), (150_000_000, 9_300), (120_000_000, 9_050),
         (400_000_000, 9_900), (110_000_000, 9_100), (900_000_000, 9_500)]
    ):
        m = zkcred.Metrics.from_dict({**GOOD, "annual_revenue": revenue, "on_time_repayment_bps": bps})
        smes[f"SME-{i}"] = zkcred.attest(provider, "bank.example", "EUR", m, TODAY)
    return provider, smes


def test_a_credit_batch_names_each_failing_proof(portfolio):
    provider, smes = portfolio
    policy = _policy(provider)
    proofs = {ref: zkcred.prove_credit(policy, a, o).to_bytes() for ref, (a, o) in smes.items()}
    refs = list(proofs)
    items = list(proofs.values())
    items[1] = items[1][:-1] + bytes([items[1][-1] ^ 1])  # tampered
    items[2] = zkcred.CreditProof.from_bytes(items[2]).to_json()  # JSON text is fine
    items[3] = b"{"  # not a proof
    other = _policy(provider, challenge="01" * 32)
    a, o = smes["SME-4"]
    items[4] = zkcred.prove_credit(other, a, o)  # made for another request
    df = zkcred.verify_batch(policy, items, references=refs)
    assert list(df["reference"]) == refs
    assert list(df["accepted"]) == [True, False, True, False, False, True]
    assert df.loc[1, "error"] in ("VerificationError", "MalformedProofError")
    assert df.loc[3, "error"] == "JsonError"
    assert df.loc[4, "error"] == "VerificationError"
    assert df["nullifier"].isna().all() and not df["duplicate"].any()
    assert df.loc[0, "disclosed_issuer_id"] == "bank.example"
    assert df.loc[0, "disclosed_currency"] == "EUR"
    assert df.loc[0, "disclosed_expires"] == TODAY + datetime.timedelta(days=90)
    assert pd.isna(df.loc[1, "disclosed_issuer_id"])
    assert (df["verify_ms"] > 0).all() and df.attrs["wall_seconds"] > 0
    # Each row agrees with a single verification.
    for i, item in enumerate(items):
        if df.loc[i, "accepted"]:
            assert zkcred.verify_credit(policy, item).issuer_id == "bank.example"
        else:
            with pytest.raises(zkcred.ZkcredError):
                zkcred.verify_credit(policy, item)
    # The same from the policy's JSON, on one thread, as arrow and as records.
    again = zkcred.verify_batch(policy.to_json(), items, threads=1, output="records")
    assert [r.accepted for r in again] == list(df["accepted"])
    table = zkcred.verify_batch(policy, items, output="arrow")
    assert table.column("accepted").to_pylist() == list(df["accepted"])


def test_a_malformed_credit_policy_fails_the_whole_batch(portfolio):
    with pytest.raises(zkcred.CreditPolicyError):
        zkcred.verify_batch(zkcred.CreditPolicy("EUR"), [])
    provider, _ = portfolio
    with pytest.raises(TypeError):
        zkcred.verify_batch(_policy(provider), [42])


def test_credit_portfolio_summary_per_threshold_and_band(portfolio, tmp_path):
    provider, smes = portfolio

    def run(policy):
        proofs = {}
        for ref, (a, o) in smes.items():
            try:
                proofs[ref] = zkcred.prove_credit(policy, a, o).to_bytes()
            except zkcred.UnsatisfiableError:
                proofs[ref] = b""  # the SME cannot prove it: a refused row
        return zkcred.verify_batch(policy, proofs)

    thresholds = {
        "revenue >= 1.2M": run(_policy(provider, revenue=120_000_000, cutoff=0)),
        "revenue >= 2M": run(_policy(provider, revenue=200_000_000, cutoff=0)),
    }
    bands = {f"score >= {c}": run(_policy(provider, revenue=0, cutoff=c)) for c in (9_000, 9_400, 9_800)}
    summary = zkcred.credit_portfolio_summary(thresholds, bands)
    assert summary.loc[("threshold", "revenue >= 1.2M"), "accepted"] == 5
    assert summary.loc[("threshold", "revenue >= 2M"), "accepted"] == 3
    # Scores are the repayment bps: 9700 9300 9050 9900 9100 9500.
    assert list(summary.xs("scorecard band")["accepted"]) == [6, 3, 1]
    assert list(summary.xs("scorecard band")["in_band"]) == [3, 2, 1]
    assert summary.loc[("threshold", "revenue >= 2M"), "acceptance_rate"] == pytest.approx(0.5)
    out = zkcred.plot_acceptance(summary, tmp_path / "credit.png", title="SME credit")
    assert out.exists() and out.stat().st_size > 1000
    with pytest.raises(ValueError):
        zkcred.credit_portfolio_summary({})


def test_credit_failures_name_the_credit_proof(portfolio):
    """Issue #15, Python point 7: a credit proof that does not verify says
    so in its own words, not "the presentation does not verify" (still
    opaque about which check failed)."""
    provider, smes = portfolio
    policy = _policy(provider)
    other = _policy(provider, challenge="01" * 32)
    a, o = smes["SME-0"]
    proof = zkcred.prove_credit(other, a, o)
    with pytest.raises(zkcred.VerificationError) as e:
        zkcred.verify_credit(policy, proof)
    assert str(e.value) == "the credit proof does not verify"
    df = zkcred.verify_batch(policy, [proof, ""])
    assert list(df["reason"]) == ["the credit proof does not verify", "malformed proof: empty proof"]
    with pytest.raises(zkcred.MalformedProofError, match="empty proof"):
        zkcred.verify_credit(policy, "")


def test_credit_and_identity_challenges_are_hex_str(portfolio, request_):
    """One challenge type: hex ``str`` for identity and credit requests;
    bytes still work for a credit policy, with a DeprecationWarning."""
    provider, _ = portfolio
    policy = _policy(provider, challenge="09" * 32)
    assert isinstance(policy.challenge, str) and isinstance(request_.challenge, str)
    assert policy.challenge == "09" * 32
    with pytest.warns(DeprecationWarning, match="hex"):
        old = zkcred.CreditPolicy("EUR", challenge=bytes([9]) * 32, date=TODAY)
    assert old.challenge == policy.challenge
    with pytest.raises(zkcred.EncodingError):
        zkcred.CreditPolicy("EUR", challenge="09" * 31)

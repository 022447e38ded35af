"""Scorecards built with optbinning from a lender's history, exported in
core's binned scorecard format: the exported model loads in core (through the
binding), scores as optbinning does, and an SME proves against it on the
succinct path."""

from __future__ import annotations

import datetime
import json

import numpy as np
import pandas as pd
import pytest

import zkcred

optbinning = pytest.importorskip("optbinning")

from zkcred.scorecard import _integer_bins, build_scorecard, passes, score  # noqa: E402

FEATURES = ["annual_revenue", "years_in_business", "defaults_24m"]
TODAY = datetime.date(2026, 11, 23)
OTHER = {"monthly_transaction_volume": 1_000_000, "on_time_repayment_bps": 9_500, "outstanding_debt": 0}


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    """2,000 synthetic SME loans (revenue in cents): revenue and age lower
    the default rate, past defaults raise it."""
    rng = np.random.default_rng(2026)
    n = 2000
    df = pd.DataFrame(
        {
            "annual_revenue": rng.integers(5_000_000, 500_000_000, n),
            "years_in_business": rng.integers(0, 30, n),
            "defaults_24m": rng.poisson(1.5, n),
        }
    )
    logit = 1.0 - 6e-9 * df.annual_revenue - 0.08 * df.years_in_business + 0.6 * df.defaults_24m
    df["default"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return df


@pytest.fixture(scope="module")
def model(history) -> dict:
    return build_scorecard(history, "default", FEATURES, cutoff=480, id="lender.example/sme-points")


def _optbinning_card(history):
    from optbinning import BinningProcess, Scorecard
    from sklearn.linear_model import LogisticRegression

    return Scorecard(
        binning_process=BinningProcess(variable_names=FEATURES, max_n_bins=5, min_bin_size=0.05),
        estimator=LogisticRegression(),
        scaling_method="pdo_odds",
        scaling_method_params={"pdo": 20, "odds": 50, "scorecard_points": 600},
        intercept_based=False,
        rounding=True,
    ).fit(history[FEATURES], history["default"])


def test_the_export_is_core_format_and_loads_in_core(model):
    assert model["scorecardVersion"] == 1 and model["type"] == "binned"
    assert model["id"] == "lender.example/sme-points"
    assert [f["metric"] for f in model["features"]] == FEATURES
    for feature in model["features"]:
        bins = feature["bins"]
        assert bins[0]["min"] == 0 and "max" not in bins[-1]
        assert all(a["max"] + 1 == b["min"] for a, b in zip(bins, bins[1:]))
        assert all(isinstance(b["points"], int) and b["points"] >= 0 for b in bins)
        assert min(b["points"] for b in bins) == 0
    card = zkcred.Scorecard.from_json(json.dumps(model))
    assert card.kind == "binned" and card.id == model["id"]
    assert card.cutoff == model["cutoff"]
    assert zkcred.Scorecard.from_dict(json.loads(card.to_json())) == card


def test_core_and_optbinning_score_alike(history, model):
    """optbinning's score minus the shift = our score = core's score, and
    pass/fail agree at optbinning's cutoff, row by row."""
    card = zkcred.Scorecard.from_dict(model)
    theirs = _optbinning_card(history).score(history[FEATURES].head(300))
    rows = history[FEATURES].head(300).to_dict("records")
    ours = [score(model, r) for r in rows]
    cores = [card.score(zkcred.Metrics.from_dict({**OTHER, **{k: int(v) for k, v in r.items()}})) for r in rows]
    assert ours == cores
    shifts = {round(t - o) for t, o in zip(theirs, ours)}
    assert len(shifts) == 1  # a constant shift
    shift = shifts.pop()
    assert model["cutoff"] == max(0, 480 - shift)
    for t, r in zip(theirs, rows):
        assert (round(t) >= 480) == passes(model, r)


def test_an_sme_proves_against_the_exported_scorecard(model):
    """The end to end: lender trains, exports, loads in core; provider attests;
    SME proves on the succinct path; lender verifies. An SME under the cutoff
    cannot prove."""
    card = zkcred.Scorecard.from_dict(model)
    provider = zkcred.ProviderKey.generate()
    pk, vk = zkcred.setup_scorecard()
    policy = zkcred.SuccinctPolicy("lender.example/sme-loans", "EUR", provider, card, date=TODAY)
    strong = zkcred.Metrics.from_dict({**OTHER, "annual_revenue": 480_000_000, "years_in_business": 25, "defaults_24m": 0})
    weak = zkcred.Metrics.from_dict({**OTHER, "annual_revenue": 6_000_000, "years_in_business": 0, "defaults_24m": 6})
    assert card.passes(strong) and not card.passes(weak)
    secret = zkcred.HolderSecret.generate()
    credential = zkcred.attest_succinct(provider, "bank.example", "EUR", strong, secret, TODAY)
    proof = zkcred.prove_succinct(policy, credential, secret, pk)
    # Circuit v2 tags nullifiers per statement: the credit pseudonym is not
    # the identity one of the same scope (issue #16, point 3).
    v = zkcred.verify_succinct(policy, proof, vk)
    assert v.nullifier == proof.nullifier != secret.nullifier("lender.example/sme-loans")
    weak_secret = zkcred.HolderSecret.generate()
    weak_credential = zkcred.attest_succinct(provider, "bank.example", "EUR", weak, weak_secret, TODAY)
    with pytest.raises(zkcred.UnsatisfiableError):
        zkcred.prove_succinct(policy, weak_credential, weak_secret, pk)
    # The proof is bound to this exact model: a retrained (other) model refuses it.
    other = zkcred.Scorecard.from_dict({**model, "version": model["version"] + 1})
    with pytest.raises(zkcred.VerificationError):
        zkcred.verify_succinct(
            zkcred.SuccinctPolicy("lender.example/sme-loans", "EUR", provider, other,
                                  challenge=policy.challenge, date=TODAY),
            proof, vk)


def test_real_splits_become_integer_bins():
    # x < 2.5 | 2.5 <= x < 2.9 (no integer) | 2.9 <= x < 7 | x >= 7
    bins = _integer_bins("years_in_business", [2.5, 2.9, 7.0], [5, 9, 1, 3])
    assert bins == [
        {"min": 0, "max": 2, "points": 5},
        {"min": 3, "max": 6, "points": 1},
        {"min": 7, "points": 3},
    ]
    # A split below 0 leaves the first bin empty; one above the range ends the list.
    assert _integer_bins("years_in_business", [-1.0, 600.0], [1, 2, 3]) == [{"min": 0, "points": 2}]


def test_bad_training_data_is_refused(history):
    with pytest.raises(ValueError, match="not metrics of the credit schema"):
        build_scorecard(history, "default", ["late_payments"], cutoff=1)
    with pytest.raises(ValueError, match="no column"):
        build_scorecard(history.drop(columns="defaults_24m"), "default", FEATURES, cutoff=1)
    with pytest.raises(ValueError, match="both 0"):
        build_scorecard(history.assign(default=0), "default", FEATURES, cutoff=1)
    with pytest.raises(ValueError, match="outside"):
        build_scorecard(history.assign(years_in_business=-1), "default", FEATURES, cutoff=1)
    with pytest.raises(ValueError, match="max_n_bins"):
        build_scorecard(history, "default", FEATURES, cutoff=1, max_n_bins=9)

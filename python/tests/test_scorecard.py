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
    assert model["cutoff"] == 480 - shift > 0
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


def test_a_cutoff_that_does_not_separate_is_refused(history, model):
    """Issue #15, Python point 1: a cutoff at or below the lowest score the
    model gives used to be clamped to 0 on export, a gate that accepts every
    applicant. It is refused, with the range of cutoffs that separate; so is
    one above the highest score (a gate that accepts no one)."""
    s = model.summary()
    low, high = s.shift + 1, s.shift + s.points_max
    for cutoff in (s.shift, s.shift - 120):
        with pytest.raises(zkcred.ScorecardError, match=f"cutoff {cutoff} does not separate") as e:
            build_scorecard(history, "default", FEATURES, cutoff=cutoff)
        assert "all would pass" in str(e.value)
        assert f"a cutoff in {low} ..= {high}" in str(e.value)
    # At the edges: the lowest and highest separating cutoffs are accepted,
    # one step outside each is refused.
    assert model.with_cutoff(low)["cutoff"] == 1
    assert model.with_cutoff(high)["cutoff"] == s.points_max
    with pytest.raises(zkcred.ScorecardError, match="all would pass"):
        model.with_cutoff(low - 1)
    with pytest.raises(zkcred.ScorecardError, match="none would pass"):
        model.with_cutoff(high + 1)
    assert list(s.separating) == list(range(low, high + 1))
    with pytest.raises(TypeError, match="cutoff must be an integer"):
        build_scorecard(history, "default", FEATURES, cutoff=600.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("cutoff", [480, 600])
def test_the_summary_gives_the_training_pass_rate(history, model, cutoff):
    """The README's cutoffs: the exported cutoff and the pass rate on the
    training data, as optbinning's own scores give them."""
    m = model.with_cutoff(cutoff)
    s = m.summary()
    theirs = _optbinning_card(history).score(history[FEATURES])
    passed = int(sum(round(t) >= cutoff for t in theirs))
    assert s.cutoff == cutoff
    assert s.exported_cutoff == m["cutoff"] == cutoff - s.shift
    # optbinning's score is the exported one plus the shift, row by row.
    assert {round(t) - int(o) for t, o in zip(theirs, m.scores())} == {s.shift}
    assert (s.passed, s.rows) == (passed, len(history))
    assert s.pass_rate == passed / len(history)
    assert 0 < s.pass_rate < 1
    assert s.points_min == 0
    assert s.points_max == sum(max(b["points"] for b in f["bins"]) for f in m["features"])
    assert f"{passed}/{len(history)} training rows pass" in str(s)
    # The scores behind it are core's, row by row.
    card = zkcred.Scorecard.from_dict(m)
    rows = history[FEATURES].head(50).to_dict("records")
    assert list(m.scores()[:50]) == [
        card.score(zkcred.Metrics.from_dict({**OTHER, **r})) for r in rows
    ]
    # numpy's integer as the cutoff; with_cutoff leaves its model as it was.
    assert model.with_cutoff(np.int64(cutoff)) == m
    assert model["cutoff"] == 480 - s.shift


def test_a_model_with_numpy_points_loads(model):
    """Issue #15, Python point 2: points and bounds as numpy integers (as a
    lender's own export code gives them) load in core."""
    numpy_model = {
        **model,
        "cutoff": np.int64(model["cutoff"]),
        "features": [
            {
                "metric": f["metric"],
                "bins": [{k: np.int64(v) for k, v in b.items()} for b in f["bins"]],
            }
            for f in model["features"]
        ],
    }
    assert zkcred.Scorecard.from_dict(numpy_model) == zkcred.Scorecard.from_dict(model)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda m: m.pop("cutoff"), "missing field 'cutoff'"),
        (lambda m: m["features"][0]["bins"][1].update(points=2.5), "'points' must be a non-negative integer in features[0].bins[1]"),
        (lambda m: m["features"][0]["bins"][0].update(points="7"), "'points' must be a non-negative integer in features[0].bins[0]"),
        (lambda m: m["features"][1]["bins"][0].pop("min"), "missing field 'min' in features[1].bins[0]"),
        (lambda m: m.update(intercept=3), "unknown field 'intercept'"),
        (lambda m: m.update(features={}), "'features' must be a list"),
    ],
)
def test_scorecard_dict_errors_name_the_field(model, change, message):
    """Issue #15, Python point 4: a dict the user built is refused naming
    the field, never by a JSON position in a document they never wrote."""
    doc = json.loads(json.dumps(model))
    change(doc)
    with pytest.raises(zkcred.ScorecardError) as e:
        zkcred.Scorecard.from_dict(doc)
    assert message in str(e.value)
    assert "line 1" not in str(e.value) and "column" not in str(e.value)

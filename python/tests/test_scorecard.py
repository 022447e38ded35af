"""Scorecards built with optbinning from a lender's history and exported as
a plain dict (the format core will take is provisional)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

optbinning = pytest.importorskip("optbinning")

from zkcred.scorecard import build_scorecard, passes, score  # noqa: E402

FEATURES = ["annual_revenue", "years_trading", "late_payments"]


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    """2,000 synthetic SME loans: revenue and age lower the default rate,
    late payments raise it."""
    rng = np.random.default_rng(2026)
    n = 2000
    df = pd.DataFrame(
        {
            "annual_revenue": rng.integers(50, 5000, n),
            "years_trading": rng.integers(0, 30, n),
            "late_payments": rng.poisson(1.5, n),
        }
    )
    logit = 1.0 - 0.0006 * df.annual_revenue - 0.08 * df.years_trading + 0.6 * df.late_payments
    df["default"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return df


def test_the_exported_model_scores_as_optbinning_does(history):
    from optbinning import BinningProcess, Scorecard
    from sklearn.linear_model import LogisticRegression

    model = build_scorecard(history, "default", FEATURES, cutoff=480)
    assert model["version"] == 1 and model["cutoff"] == 480
    assert [f["metric"] for f in model["features"]] == FEATURES
    json.dumps(model)  # a plain, JSON-ready dict
    for feature in model["features"]:
        bins = feature["bins"]
        assert bins[0]["min"] is None and bins[-1]["max"] is None
        assert all(a["max"] == b["min"] for a, b in zip(bins, bins[1:]))
        assert all(isinstance(b["points"], int) for b in bins)

    # The same fit, scored by optbinning itself, row by row.
    card = Scorecard(
        binning_process=BinningProcess(variable_names=FEATURES, max_n_bins=5, min_bin_size=0.05),
        estimator=LogisticRegression(),
        scaling_method="pdo_odds",
        scaling_method_params={"pdo": 20, "odds": 50, "scorecard_points": 600},
        intercept_based=False,
        rounding=True,
    ).fit(history[FEATURES], history["default"])
    theirs = card.score(history[FEATURES].head(200))
    ours = [score(model, row) for row in history[FEATURES].head(200).to_dict("records")]
    assert np.allclose(theirs, ours)


def test_points_follow_the_risk(history):
    model = build_scorecard(history, "default", FEATURES, cutoff=480)
    by_metric = {f["metric"]: [b["points"] for b in f["bins"]] for f in model["features"]}
    # More revenue and more years: more points; more late payments: fewer.
    assert by_metric["annual_revenue"][-1] > by_metric["annual_revenue"][0]
    assert by_metric["years_trading"][-1] > by_metric["years_trading"][0]
    assert by_metric["late_payments"][-1] < by_metric["late_payments"][0]
    strong = {"annual_revenue": 4800, "years_trading": 25, "late_payments": 0}
    weak = {"annual_revenue": 60, "years_trading": 0, "late_payments": 6}
    assert score(model, strong) > score(model, weak)
    cutoff = (score(model, strong) + score(model, weak)) // 2
    model["cutoff"] = cutoff
    assert passes(model, strong) and not passes(model, weak)


def test_bad_training_data_is_refused(history):
    with pytest.raises(ValueError, match="no column"):
        build_scorecard(history, "default", ["no_such_metric"], cutoff=1)
    with pytest.raises(ValueError, match="both 0"):
        build_scorecard(history.assign(default=0), "default", FEATURES, cutoff=1)

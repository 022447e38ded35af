"""Points scorecards from a lender's own history, with optbinning.

``build_scorecard`` bins each metric (optbinning's optimal binning), fits a
logistic regression on the binned values, scales it to integer points per
bin (points to double the odds, ``pdo``), and exports the result as a plain
dict, so the scorecard the lender trained is the one applicants prove
against::

    {"version": 1,
     "features": [{"metric": "annual_revenue",
                   "bins": [{"min": None, "max": 750.0, "points": 121},
                            {"min": 750.0, "max": 1803.5, "points": 138}, ...]}, ...],
     "cutoff": 480}

A bin holds the values ``min <= x < max`` (``None``: unbounded); a score is
the sum of the points of the bins an applicant's metrics fall in, and the
applicant passes when the score is at least ``cutoff``.

**Status:** this is the lender's side only. The SME credit proofs that check
a score against such a model do not exist in zkcred-core yet; the exact JSON
format (integer bounds, fixed-point points, a schema id) will be aligned with
core's scorecard model when they do, so treat this dict as provisional.

Needs ``optbinning`` (and so scikit-learn); imported when called.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pragma: no cover
    import pandas

#: Version of the exported dict (provisional; see the module docs).
SCORECARD_VERSION = 1


def build_scorecard(
    data: "pandas.DataFrame",
    target: str,
    features: Sequence[str],
    *,
    cutoff: int,
    pdo: float = 20,
    odds: float = 50,
    base_points: float = 600,
    max_n_bins: int = 5,
    min_bin_size: float = 0.05,
) -> dict[str, Any]:
    """Train a points scorecard on ``data`` and export it (see the module docs).

    ``target`` is the outcome column, 1 for a default (bad) and 0 for a good
    loan; ``features`` the numeric metric columns. Scaling: ``base_points``
    at odds ``odds`` to 1 (good to bad), ``pdo`` more points per doubling of
    the odds; points are rounded to integers, and the intercept is spread
    over the features so the score is exactly the sum of bin points.
    """
    from optbinning import BinningProcess, Scorecard
    from sklearn.linear_model import LogisticRegression

    if not features:
        raise ValueError("no features")
    missing = [c for c in (target, *features) if c not in data.columns]
    if missing:
        raise ValueError(f"the data has no column(s) {missing}")
    outcomes = set(data[target].unique().tolist())
    if not outcomes <= {0, 1} or len(outcomes) != 2:
        raise ValueError(f"{target!r} must hold both 0 (good) and 1 (default)")

    binning = BinningProcess(
        variable_names=list(features), max_n_bins=max_n_bins, min_bin_size=min_bin_size
    )
    card = Scorecard(
        binning_process=binning,
        estimator=LogisticRegression(),
        scaling_method="pdo_odds",
        scaling_method_params={"pdo": pdo, "odds": odds, "scorecard_points": base_points},
        intercept_based=False,
        rounding=True,
    )
    card.fit(data[list(features)], data[target])
    table = card.table(style="summary")

    exported = []
    for name in features:
        optb = card.binning_process_.get_binned_variable(name)
        if optb.dtype != "numerical":
            raise ValueError(f"{name!r} is not numeric")
        edges: list[Optional[float]] = [None, *[float(s) for s in optb.splits], None]
        rows = table[table["Variable"] == name].reset_index(drop=True)
        bins = []
        for i in range(len(edges) - 1):
            bins.append(
                {"min": edges[i], "max": edges[i + 1], "points": int(round(rows.loc[i, "Points"]))}
            )
        exported.append({"metric": name, "bins": bins})
    return {"version": SCORECARD_VERSION, "features": exported, "cutoff": int(cutoff)}


def score(model: Mapping[str, Any], metrics: Mapping[str, float]) -> int:
    """The score of one applicant's ``metrics`` under an exported ``model``:
    the sum over features of the points of the bin the metric falls in."""
    total = 0
    for feature in model["features"]:
        x = float(metrics[feature["metric"]])
        if math.isnan(x):
            raise ValueError(f"{feature['metric']!r} is NaN")
        for b in feature["bins"]:
            if (b["min"] is None or x >= b["min"]) and (b["max"] is None or x < b["max"]):
                total += int(b["points"])
                break
        else:  # pragma: no cover - the bins cover the real line
            raise ValueError(f"no bin of {feature['metric']!r} holds {x}")
    return total


def passes(model: Mapping[str, Any], metrics: Mapping[str, float]) -> bool:
    """Whether ``metrics`` score at least the model's cutoff."""
    return score(model, metrics) >= int(model["cutoff"])

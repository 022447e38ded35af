"""Points scorecards from a lender's own history, with optbinning, exported in
zkcred-core's binned scorecard format.

``build_scorecard`` bins each metric (optbinning's optimal binning), fits a
logistic regression on the binned values, scales it to integer points per
bin (points to double the odds, ``pdo``), and exports the result as the dict
of core's binned scorecard JSON (``core/src/credit/model.rs``)::

    {"scorecardVersion": 1, "id": "lender.example/sme-points", "version": 1,
     "type": "binned",
     "features": [{"metric": "years_in_business",
                   "bins": [{"min": 0, "max": 1, "points": 0},
                            {"min": 2, "max": 4, "points": 17},
                            {"min": 5, "points": 41}]}, ...],
     "cutoff": 40}

so the scorecard the lender trained is the one SMEs prove against:
``zkcred.Scorecard.from_dict(model)`` loads it (core validates it), and a
:class:`zkcred.SuccinctPolicy` with it is what :func:`zkcred.prove_succinct`
proves.

The export follows core's rules:

- features are the credit schema's metrics (``zkcred.Metrics.names()``), in
  their units (non-negative integers: minor currency units, basis points,
  years, counts); the training data's columns carry those names;
- a bin holds the integers ``min ..= max``; the first starts at 0, each next
  one at the previous ``max + 1``, and the last is open-ended. optbinning's
  split ``s`` (``x < s`` left, ``x >= s`` right) becomes the integer bound
  ``ceil(s)``; a bin left with no integer in it is dropped;
- points are non-negative integers (at most ``2**20``): each feature's points
  are shifted so its lowest bin scores 0, and the cutoff moves down by the
  sum of those shifts, so every applicant passes or fails exactly as under
  optbinning's own points;
- the cutoff must separate: a cutoff at or below the lowest possible score
  would accept everyone, one above the highest possible score no one, so
  both raise :class:`zkcred.ScorecardError` naming the range that separates
  (never a silent clamp to 0, which would deploy a credit gate that accepts
  every applicant);
- at most 8 bins per metric (the circuit's slots).

The result is a :class:`ScorecardModel`: the exported dict itself (pass it
to ``zkcred.Scorecard.from_dict`` or ``json.dumps``), with
:meth:`ScorecardModel.summary` (the cutoff as given and as exported, the
pass rate on the training data, the range of scores) and
:meth:`ScorecardModel.with_cutoff` to move the cutoff after looking at it.

Needs ``optbinning`` (and so scikit-learn); imported when called.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._native import ScorecardError

if TYPE_CHECKING:  # pragma: no cover
    import pandas

#: The format version of core's scorecard JSON (``scorecardVersion``).
SCORECARD_VERSION = 1
#: Most bins per metric (core's ``MAX_BINS``).
MAX_BINS = 8
#: Most points one bin gives (core's ``MAX_POINTS``).
MAX_POINTS = 1 << 20
#: The credit schema's metrics and their largest values (core's schema).
METRIC_MAX = {
    "annual_revenue": 10**15,
    "monthly_transaction_volume": 10**15,
    "on_time_repayment_bps": 10_000,
    "outstanding_debt": 10**15,
    "years_in_business": 500,
    "defaults_24m": 10_000,
}


def _integer_bins(metric: str, splits: Sequence[float], points: Sequence[int]) -> list[dict[str, int]]:
    """optbinning's bins (``len(splits) + 1`` of them, real-valued edges) as
    core's integer bins, empty ones dropped."""
    top = METRIC_MAX[metric]
    lowers = [0, *[max(0, math.ceil(s)) for s in splits]]
    kept: list[tuple[int, int]] = []  # (lower, points)
    for i, (lower, p) in enumerate(zip(lowers, points)):
        nxt = lowers[i + 1] if i + 1 < len(lowers) else None
        if lower > top:
            break
        if nxt is not None and nxt <= lower:
            continue  # no integer x with lower <= x < next
        kept.append((lower, p))
    out: list[dict[str, int]] = []
    for i, (lower, p) in enumerate(kept):
        b = {"min": lower, "points": p}
        if i + 1 < len(kept):
            b["max"] = kept[i + 1][0] - 1
        out.append(b)
    return out


@dataclass(frozen=True)
class ScorecardSummary:
    """What a trained scorecard does on its training data.

    ``cutoff`` is the cutoff as given (optbinning's points),
    ``exported_cutoff`` the one in the exported model (``cutoff - shift``),
    ``shift`` the points removed to make every bin non-negative,
    ``pass_rate`` the share of training rows scoring at least the cutoff,
    ``passed`` / ``rows`` the counts behind it, ``points_min`` /
    ``points_max`` the lowest and highest score the exported model can give
    (``points_min`` is 0), and ``separating`` the cutoffs (optbinning's
    points) that accept some and refuse some applicants.
    """

    cutoff: int
    exported_cutoff: int
    shift: int
    pass_rate: float
    passed: int
    rows: int
    points_min: int
    points_max: int

    @property
    def separating(self) -> range:
        """The cutoffs, in optbinning's points, that separate."""
        return range(self.shift + self.points_min + 1, self.shift + self.points_max + 1)

    def __str__(self) -> str:
        return (
            f"cutoff {self.cutoff} (exported {self.exported_cutoff}): "
            f"{self.passed}/{self.rows} training rows pass ({self.pass_rate:.1%}); "
            f"exported scores {self.points_min} ..= {self.points_max}"
        )


def _points_max(doc: Mapping[str, Any]) -> int:
    return sum(max(int(b["points"]) for b in f["bins"]) for f in doc["features"])


def _exported_scores(doc: Mapping[str, Any], data: "pandas.DataFrame") -> Any:
    """The exported model's score of every row of ``data`` (a numpy array),
    by core's rule (the last bin whose ``min`` the value reaches)."""
    import numpy as np

    total = np.zeros(len(data), dtype=np.int64)
    for f in doc["features"]:
        mins = np.array([b["min"] for b in f["bins"]], dtype=np.float64)
        points = np.array([b["points"] for b in f["bins"]], dtype=np.int64)
        idx = np.searchsorted(mins, data[f["metric"]].to_numpy(dtype=np.float64), side="right") - 1
        total += points[np.clip(idx, 0, len(points) - 1)]
    return total


class ScorecardModel(dict):  # type: ignore[type-arg]
    """An exported binned scorecard (core's JSON as a dict) with what
    training found: :meth:`summary` and :meth:`scores`. Behaves as the dict
    everywhere (``json.dumps``, ``zkcred.Scorecard.from_dict``, ``{**model}``)."""

    _shift: int
    _scores: Any

    @classmethod
    def _trained(cls, doc: Mapping[str, Any], shift: int, scores: Any) -> "ScorecardModel":
        model = cls(doc)
        model._shift = shift
        model._scores = scores
        return model

    def with_cutoff(self, cutoff: int) -> "ScorecardModel":
        """A copy with another cutoff (optbinning's points, as given to
        :func:`build_scorecard`); :class:`zkcred.ScorecardError` if it does
        not separate."""
        cutoff = _integer(cutoff, "cutoff")
        low, high = 0, _points_max(self)
        exported = cutoff - self._shift
        if not low < exported <= high:
            everyone = exported <= low
            raise ScorecardError(
                f"cutoff {cutoff} does not separate: "
                + (
                    f"every applicant scores at least {self._shift + low}, so all would pass"
                    if everyone
                    else f"no applicant scores more than {self._shift + high}, so none would pass"
                )
                + f"; a cutoff in {self._shift + low + 1} ..= {self._shift + high}"
                " (optbinning's points) separates"
            )
        model = ScorecardModel._trained({**self, "cutoff": exported}, self._shift, self._scores)
        return model

    def scores(self) -> Any:
        """The exported model's score of each training row (a numpy array,
        in the training data's order)."""
        return self._scores.copy()

    def summary(self) -> ScorecardSummary:
        """The cutoff as given and as exported, the pass rate on the
        training data, and the range of scores."""
        rows = len(self._scores)
        passed = int((self._scores >= self["cutoff"]).sum())
        return ScorecardSummary(
            cutoff=int(self["cutoff"]) + self._shift,
            exported_cutoff=int(self["cutoff"]),
            shift=self._shift,
            pass_rate=passed / rows if rows else float("nan"),
            passed=passed,
            rows=rows,
            points_min=0,
            points_max=_points_max(self),
        )


def _integer(x: Any, what: str) -> int:
    """An integer from ``int``, numpy's integers or anything with
    ``__index__`` (not a float or a bool)."""
    import operator

    if isinstance(x, bool):
        raise TypeError(f"{what} must be an integer, not a bool")
    try:
        return operator.index(x)
    except TypeError:
        raise TypeError(f"{what} must be an integer, not {type(x).__name__}") from None


def build_scorecard(
    data: "pandas.DataFrame",
    target: str,
    features: Sequence[str],
    *,
    cutoff: int,
    id: str = "lender/sme-points",
    version: int = 1,
    pdo: float = 20,
    odds: float = 50,
    base_points: float = 600,
    max_n_bins: int = 5,
    min_bin_size: float = 0.05,
) -> ScorecardModel:
    """Train a points scorecard on ``data`` and export it in core's binned
    format (see the module docs).

    ``target`` is the outcome column, 1 for a default (bad) and 0 for a good
    loan; ``features`` the metric columns, named as the credit schema's
    metrics. ``cutoff`` is in optbinning's points (before the shift to
    non-negative points); one that does not separate (every possible score
    passes, or none does) raises :class:`zkcred.ScorecardError` with the
    range of cutoffs that do. Scaling: ``base_points`` at odds ``odds`` to 1
    (good to bad), ``pdo`` more points per doubling of the odds; points are
    rounded to integers, and the intercept is spread over the features so the
    score is exactly the sum of bin points.

    Returns a :class:`ScorecardModel` (the exported dict, with
    :meth:`~ScorecardModel.summary`).
    """
    from optbinning import BinningProcess, Scorecard
    from sklearn.linear_model import LogisticRegression

    cutoff = _integer(cutoff, "cutoff")
    if not features:
        raise ValueError("no features")
    unknown = [f for f in features if f not in METRIC_MAX]
    if unknown:
        raise ValueError(f"not metrics of the credit schema: {unknown} (known: {sorted(METRIC_MAX)})")
    missing = [c for c in (target, *features) if c not in data.columns]
    if missing:
        raise ValueError(f"the data has no column(s) {missing}")
    if not 1 <= max_n_bins <= MAX_BINS:
        raise ValueError(f"max_n_bins must be between 1 and {MAX_BINS}")
    outcomes = set(data[target].unique().tolist())
    if not outcomes <= {0, 1} or len(outcomes) != 2:
        raise ValueError(f"{target!r} must hold both 0 (good) and 1 (default)")
    for f in features:
        col = data[f]
        if (col < 0).any() or (col > METRIC_MAX[f]).any():
            raise ValueError(f"{f!r} has values outside 0 ..= {METRIC_MAX[f]}")

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
    shift = 0
    for name in features:
        optb = card.binning_process_.get_binned_variable(name)
        if optb.dtype != "numerical":
            raise ValueError(f"{name!r} is not numeric")
        splits = [float(s) for s in optb.splits]
        rows = table[table["Variable"] == name].reset_index(drop=True)
        points = [int(round(rows.loc[i, "Points"])) for i in range(len(splits) + 1)]
        bins = _integer_bins(name, splits, points)
        low = min(b["points"] for b in bins)
        for b in bins:
            b["points"] -= low
            if b["points"] > MAX_POINTS:
                raise ValueError(f"{name!r}: a bin gives more than {MAX_POINTS} points")
        shift += low
        exported.append({"metric": name, "bins": bins})
    doc = {
        "scorecardVersion": SCORECARD_VERSION,
        "id": id,
        "version": int(version),
        "type": "binned",
        "features": exported,
        "cutoff": 0,
    }
    return ScorecardModel._trained(doc, shift, _exported_scores(doc, data)).with_cutoff(cutoff)


def score(model: Mapping[str, Any], metrics: Mapping[str, int]) -> int:
    """The score of one applicant's ``metrics`` under an exported ``model``
    (core's binned rule: the points of the last bin whose ``min`` the value
    reaches). ``zkcred.Scorecard.from_dict(model).score(...)`` is the same
    number computed by core."""
    total = 0
    for feature in model["features"]:
        x = metrics[feature["metric"]]
        if isinstance(x, float):
            if math.isnan(x) or x != int(x):
                raise ValueError(f"{feature['metric']!r} must be an integer")
            x = int(x)
        points = 0
        for b in feature["bins"]:
            if x >= b["min"]:
                points = int(b["points"])
        total += points
    return total


def passes(model: Mapping[str, Any], metrics: Mapping[str, int]) -> bool:
    """Whether ``metrics`` score at least the model's cutoff."""
    return score(model, metrics) >= int(model["cutoff"])

"""Lender analytics: batch verification into a table, and portfolio summaries.

``verify_batch`` verifies many proofs against one policy in parallel in Rust
(the GIL is released) and returns one row per proof. The policy picks the
kind: a :class:`PresentationRequest` (identity presentations, with the
verifying key) or a :class:`CreditPolicy` (transparent SME credit proofs; no
key, and no nullifier: the disclosed fields are ``issuer_id``, ``currency``
and ``expires``):

=====================  ==========================================================
column                 meaning
=====================  ==========================================================
``reference``          the applicant reference given with the proof (else its position)
``accepted``           whether the proof verifies against the policy
``error``              why not: the exception class name (``VerificationError``, ...)
``reason``             its message (a failed verification stays opaque)
``nullifier``          the holder's nullifier in the verifier's scope (hex)
``duplicate``          the nullifier already appeared in an earlier accepted row
``verify_ms``          time to parse and verify this proof
``disclosed_<name>``   each disclosed attribute (``datetime.date`` for dates)
=====================  ==========================================================

Proofs come as a list, a mapping from reference to proof, a pandas
``Series`` (its index gives the references) or a pyarrow array (binary or
string). Text proofs may be JSON or, as CSV files keep bytes, hex or base64
of the binary form: ``encoding="hex"`` or ``"base64"`` says which, and
without it a proof that decodes unambiguously to a zkcred proof is decoded.
A missing proof (``None``, a pandas ``NA``) or an empty one is a row whose
reason says "empty proof". ``progress=True`` shows a tqdm bar (tqdm must be
installed), a callable gets ``(done, total)`` after each chunk.

pandas, pyarrow, matplotlib and tqdm are imported only by the functions that
use them.
"""

from __future__ import annotations

import base64
import binascii
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Optional, Union, overload

from . import _native
from ._native import (
    CreditPolicy,
    CreditProof,
    Presentation,
    PresentationRequest,
    VerifyingKey,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

Proof = Union[bytes, bytearray, str, Presentation, CreditProof, None]
Policy = Union[PresentationRequest, CreditPolicy, str, Mapping[str, Any]]
#: ``progress=``: ``True`` for a tqdm bar, or a callable given ``(done, total)``.
Progress = Union[bool, Callable[[int, int], object], None]
Encoding = Optional[Literal["hex", "base64"]]

#: The first bytes of zkcred's binary proofs (an identity presentation, a
#: transparent credit proof), how a decoded hex or base64 text is recognised.
_MAGICS = (b"ZKCP", b"ZKCT", b"{")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")
_BASE64 = re.compile(r"[A-Za-z0-9+/\-_]+={0,2}")

#: The prefix of the columns holding disclosed attributes.
DISCLOSED_PREFIX = "disclosed_"


@dataclass(frozen=True)
class BatchRow:
    """One row of a batch (``output="records"``)."""

    reference: Any
    accepted: bool
    error: Optional[str]
    reason: Optional[str]
    nullifier: Optional[str]
    duplicate: bool
    verify_ms: float
    disclosed: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _OpenId4Vp:
    """An OpenID4VP Authorization Request as a batch policy: its JSON."""

    request: str


def _parse_policy(policy: Policy) -> Union[PresentationRequest, CreditPolicy, _OpenId4Vp]:
    """A policy object. JSON text (or a dict) is an OpenID4VP request when it
    has ``dcql_query`` or ``response_type``, a credit policy when its
    ``type`` says so, else a presentation request."""
    import json

    if isinstance(policy, Mapping):
        policy = json.dumps(dict(policy))
    if not isinstance(policy, str):
        return policy
    try:
        doc = json.loads(policy)
    except ValueError:
        doc = None
    if isinstance(doc, dict) and ("dcql_query" in doc or "response_type" in doc):
        return _OpenId4Vp(policy)
    if isinstance(doc, dict) and doc.get("type") == "ZkcredCreditPolicy":
        return CreditPolicy.from_json(policy)
    return PresentationRequest.from_json(policy)


def _is_missing(p: Any) -> bool:
    """``None``, a float NaN or pandas' ``NA`` / ``NaT``: a cell with no proof."""
    if p is None:
        return True
    if isinstance(p, float):
        return p != p
    return type(p).__name__ in ("NAType", "NaTType")


def _decode(text: str, encoding: str) -> Optional[bytes]:
    """``text`` as hex or base64, ``None`` if it is not."""
    t = text.strip()
    try:
        if encoding == "hex":
            return bytes.fromhex(t[2:] if t.startswith(("0x", "0X")) else t)
        if "-" in t or "_" in t:
            return base64.urlsafe_b64decode(t + "=" * (-len(t) % 4))
        return base64.b64decode(t + "=" * (-len(t) % 4), validate=True)
    except (ValueError, binascii.Error):
        return None


def _detect(text: str) -> Union[str, bytes]:
    """A text proof as it is (JSON), or its bytes when it is hex or base64 of
    a zkcred proof and only one of the two reads as one."""
    t = text.strip()
    if not t or t.startswith("{"):
        return text
    found = []
    for encoding, pattern in (("hex", _HEX), ("base64", _BASE64)):
        if pattern.fullmatch(t[2:] if encoding == "hex" and t.startswith(("0x", "0X")) else t):
            b = _decode(t, encoding)
            if b is not None and b.startswith(_MAGICS):
                found.append(b)
    return found[0] if len(found) == 1 else text


def _items(
    proofs: Any, references: Optional[Iterable[Any]]
) -> tuple[list[Any], Optional[list[Any]]]:
    """The proofs as a list, and their references: a mapping's keys, a pandas
    Series' index, or the ones given."""
    module = type(proofs).__module__ or ""
    if isinstance(proofs, Mapping):
        if references is not None:
            raise TypeError("references come from the mapping's keys; do not pass both")
        return list(proofs.values()), list(proofs.keys())
    if module.startswith("pandas") and hasattr(proofs, "index") and hasattr(proofs, "to_list"):
        refs = list(proofs.index) if references is None else list(references)
        return list(proofs.to_list()), refs
    if module.startswith("pyarrow") and hasattr(proofs, "to_pylist"):
        return list(proofs.to_pylist()), None if references is None else list(references)
    return list(proofs), None if references is None else list(references)


def _prepare(items: list[Any], encoding: Encoding) -> tuple[list[Any], dict[int, str]]:
    """Missing proofs as empty ones, text decoded; the rows whose text is not
    in the given encoding, with why."""
    if encoding not in (None, "hex", "base64"):
        raise ValueError(f"encoding must be 'hex', 'base64' or None, not {encoding!r}")
    bad: dict[int, str] = {}
    out: list[Any] = []
    for i, p in enumerate(items):
        if _is_missing(p):
            out.append(b"")
        elif isinstance(p, memoryview):
            out.append(bytes(p))
        elif isinstance(p, Mapping):
            # A JSON document already parsed (a web framework's request body).
            import json

            out.append(json.dumps(dict(p)))
        elif isinstance(p, str) and encoding is not None:
            decoded = _decode(p, encoding) if p.strip() else b""
            if decoded is None:
                bad[i] = f"the proof is not {encoding}"
                out.append(b"")
            else:
                out.append(decoded)
        elif isinstance(p, str):
            out.append(_detect(p))
        else:
            out.append(p)
    return out, bad


def _progress_callback(progress: Progress, total: int) -> tuple[Optional[Callable[[int, int], object]], Any]:
    """The callback for ``progress=`` and the tqdm bar to close, if any."""
    if progress is None or progress is False:
        return None, None
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            raise ImportError(
                "progress=True shows a tqdm bar: pip install tqdm, or pass a callable(done, total)"
            ) from None
        bar = tqdm(total=total, unit="proof")

        def update(done: int, _total: int) -> None:
            bar.update(done - bar.n)

        return update, bar
    if callable(progress):
        return progress, None
    raise TypeError("progress must be True, False, None or a callable(done, total)")


def _columns(
    policy: Union[PresentationRequest, CreditPolicy, _OpenId4Vp],
    proofs: Any,
    verifying_key: Union[VerifyingKey, bytes, None],
    references: Optional[Iterable[Any]],
    threads: Optional[int],
    encoding: Encoding = None,
    progress: Progress = None,
    origin: Optional[str] = None,
) -> tuple[dict[str, list[Any]], float]:
    if isinstance(policy, PresentationRequest) and verifying_key is None:
        raise TypeError("identity presentations need the verifying key")
    if isinstance(policy, _OpenId4Vp) and verifying_key is None:
        raise TypeError("OpenID4VP responses need the verifying key")
    native_policy = policy.request if isinstance(policy, _OpenId4Vp) else policy
    if isinstance(verifying_key, (bytes, bytearray)):
        verifying_key = VerifyingKey.from_bytes(bytes(verifying_key))
    items, given = _items(proofs, references)
    refs: list[Any] = list(range(len(items))) if given is None else given
    if len(refs) != len(items):
        raise ValueError(f"{len(refs)} references for {len(items)} proofs")
    if threads is not None and threads < 1:
        raise ValueError("threads must be at least 1")
    items, bad = _prepare(items, encoding)
    callback, bar = _progress_callback(progress, len(items))
    # One native call, or chunks between which the progress is reported.
    step = len(items) if callback is None else max(64, 16 * (threads or 2))
    start = time.perf_counter()
    native: dict[str, Any] = {
        "accepted": [], "error": [], "reason": [], "nullifier": [], "verify_ms": [], "disclosed": {}
    }
    try:
        for lo in range(0, max(len(items), 1), max(step, 1)):
            part = _native._verify_batch(
                native_policy, items[lo : lo + step], verifying_key, threads, origin
            )
            for name in ("accepted", "error", "reason", "nullifier", "verify_ms"):
                native[name].extend(part[name])
            for name, values in part["disclosed"].items():
                native["disclosed"].setdefault(name, []).extend(values)
            if callback is not None:
                callback(min(lo + step, len(items)), len(items))
    finally:
        if bar is not None:
            bar.close()
    wall = time.perf_counter() - start
    for i, why in bad.items():
        native["error"][i] = "EncodingError"
        native["reason"][i] = why
    seen: set[str] = set()
    duplicate = []
    for accepted, nullifier in zip(native["accepted"], native["nullifier"]):
        dup = bool(accepted) and nullifier is not None and nullifier in seen
        duplicate.append(dup)
        if accepted and nullifier is not None:
            seen.add(nullifier)
    columns: dict[str, list[Any]] = {
        "reference": refs,
        "accepted": native["accepted"],
        "error": native["error"],
        "reason": native["reason"],
        "nullifier": native["nullifier"],
        "duplicate": duplicate,
        "verify_ms": native["verify_ms"],
    }
    for name, values in native["disclosed"].items():
        columns[DISCLOSED_PREFIX + name] = values
    return columns, wall


def _pandas_column(pd: Any, name: str, values: list[Any]) -> Any:
    """Disclosed integers and booleans as pandas' nullable dtypes (``Int64``,
    ``boolean``), so a rejected row's missing value does not turn the column
    into floats."""
    if name.startswith(DISCLOSED_PREFIX):
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, bool) for v in present):
            return pd.array(values, dtype="boolean")
        if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            if all(-(2**63) <= v < 2**63 for v in present):
                return pd.array(values, dtype="Int64")
    return values


@overload
def verify_batch(
    policy: Policy,
    proofs: Any,
    verifying_key: Union[VerifyingKey, bytes, None] = ...,
    *,
    references: Optional[Iterable[Any]] = ...,
    output: Literal["pandas"] = ...,
    threads: Optional[int] = ...,
    encoding: Encoding = ...,
    progress: Progress = ...,
    origin: Optional[str] = ...,
) -> "pandas.DataFrame": ...
@overload
def verify_batch(
    policy: Policy,
    proofs: Any,
    verifying_key: Union[VerifyingKey, bytes, None] = ...,
    *,
    references: Optional[Iterable[Any]] = ...,
    output: Literal["arrow"],
    threads: Optional[int] = ...,
    encoding: Encoding = ...,
    progress: Progress = ...,
    origin: Optional[str] = ...,
) -> "pyarrow.Table": ...
@overload
def verify_batch(
    policy: Policy,
    proofs: Any,
    verifying_key: Union[VerifyingKey, bytes, None] = ...,
    *,
    references: Optional[Iterable[Any]] = ...,
    output: Literal["records"],
    threads: Optional[int] = ...,
    encoding: Encoding = ...,
    progress: Progress = ...,
    origin: Optional[str] = ...,
) -> list[BatchRow]: ...
def verify_batch(
    policy: Policy,
    proofs: Any,
    verifying_key: Union[VerifyingKey, bytes, None] = None,
    *,
    references: Optional[Iterable[Any]] = None,
    output: Literal["pandas", "arrow", "records"] = "pandas",
    threads: Optional[int] = None,
    encoding: Encoding = None,
    progress: Progress = None,
    origin: Optional[str] = None,
) -> Any:
    """Verify many proofs against one policy, in parallel, with the GIL released.

    ``policy`` is the verifier's own :class:`PresentationRequest` or
    :class:`CreditPolicy` (or its JSON); ``proofs`` an iterable of proofs as
    ``bytes`` (binary or JSON), ``str`` (JSON, hex or base64) or
    :class:`Presentation` / :class:`CreditProof` objects, a mapping from
    applicant reference to proof, a pandas ``Series`` (its index labels the
    rows) or a pyarrow array; ``verifying_key`` a :class:`VerifyingKey` or its
    bytes (identity presentations only). ``references`` (one per proof) label
    the rows; without them a row's reference is its mapping key, its Series
    index label, or its position. ``threads`` bounds the Rust threads
    (default: all cores). ``encoding`` (``"hex"`` or ``"base64"``) decodes
    text proofs; without it, text that decodes unambiguously to a zkcred
    proof is decoded and other text is read as JSON. ``progress`` is
    ``True`` for a tqdm bar or a callable given ``(done, total)``.

    ``policy`` may also be an OpenID4VP Authorization Request (its JSON, or
    a dict) the lender sent: ``proofs`` are then the ``vp_token`` responses
    to it (JSON text, bytes or dicts), each verified as
    :func:`zkcred.openid4vp.verify_response` does (a response to another
    nonce, state or audience is a refused row), with ``origin`` the
    verifier page's web origin for ``dc_api`` requests.

    Returns a pandas DataFrame (``output="pandas"``), a pyarrow Table
    (``"arrow"``) or a list of :class:`BatchRow` (``"records"``), one row per
    proof in input order (columns in the module docs). A proof that does not
    verify, is missing or empty, is a row with ``accepted`` false, never an
    exception; a malformed policy or key raises. The DataFrame's ``attrs``
    (the Table's schema metadata) hold ``wall_seconds`` and ``scope`` (``""``
    for credit).
    """
    parsed = _parse_policy(policy)
    columns, wall = _columns(
        parsed, proofs, verifying_key, references, threads, encoding, progress, origin
    )
    if isinstance(parsed, _OpenId4Vp):
        scope = _native._openid4vp_presentation_request(parsed.request, origin=origin).scope
    else:
        scope = parsed.scope if isinstance(parsed, PresentationRequest) else ""
    if output == "pandas":
        import pandas as pd

        df = pd.DataFrame(
            {name: _pandas_column(pd, name, values) for name, values in columns.items()}
        )
        df.attrs["wall_seconds"] = wall
        df.attrs["scope"] = scope
        return df
    if output == "arrow":
        import pyarrow as pa

        types = {
            "accepted": pa.bool_(),
            "error": pa.string(),
            "reason": pa.string(),
            "nullifier": pa.string(),
            "duplicate": pa.bool_(),
            "verify_ms": pa.float64(),
        }
        arrays = {
            name: pa.array(values, type=types.get(name)) for name, values in columns.items()
        }
        return pa.table(arrays, metadata={"wall_seconds": str(wall), "scope": scope})
    if output == "records":
        disclosed_names = [c for c in columns if c.startswith(DISCLOSED_PREFIX)]
        return [
            BatchRow(
                reference=columns["reference"][i],
                accepted=columns["accepted"][i],
                error=columns["error"][i],
                reason=columns["reason"][i],
                nullifier=columns["nullifier"][i],
                duplicate=columns["duplicate"][i],
                verify_ms=columns["verify_ms"][i],
                disclosed={
                    c[len(DISCLOSED_PREFIX) :]: columns[c][i]
                    for c in disclosed_names
                    if columns["accepted"][i]
                },
            )
            for i in range(len(columns["reference"]))
        ]
    raise ValueError(f"output must be 'pandas', 'arrow' or 'records', not {output!r}")


def _frame(batch: Any) -> "pandas.DataFrame":
    """A :func:`verify_batch` result in any of its outputs as a DataFrame: a
    pyarrow Table, or a list of :class:`BatchRow`."""
    import pandas as pd

    if isinstance(batch, pd.DataFrame):
        return batch
    if hasattr(batch, "to_pandas"):
        return batch.to_pandas()
    if isinstance(batch, list) and all(isinstance(r, BatchRow) for r in batch):
        return pd.DataFrame(
            [
                {
                    "reference": r.reference,
                    "accepted": r.accepted,
                    "error": r.error,
                    "reason": r.reason,
                    "nullifier": r.nullifier,
                    "duplicate": r.duplicate,
                    "verify_ms": r.verify_ms,
                    **{DISCLOSED_PREFIX + k: v for k, v in r.disclosed.items()},
                }
                for r in batch
            ]
        )
    raise TypeError(
        f"expected a verify_batch result (DataFrame, pyarrow Table or records), not {type(batch).__name__}"
    )


def portfolio_summary(
    batches: Union[Any, Mapping[str, Any]],
    by: Union[str, list[str], None] = None,
) -> "pandas.DataFrame":
    """Acceptance figures of one batch, or of several batches by policy.

    ``batches`` is a DataFrame from :func:`verify_batch`, or a mapping from a
    policy label (e.g. ``"kyc_level >= 2"``) to such a DataFrame, which adds
    a ``policy`` grouping: acceptance per threshold is one batch per
    threshold. ``by`` groups further by columns, e.g. a disclosed attribute
    (``"disclosed_nationality"``).

    Returns one row per group: ``proofs``, ``accepted``, ``rejected``,
    ``acceptance_rate``, ``duplicates`` (accepted proofs whose nullifier came
    earlier in the same batch) and ``median_verify_ms``.
    """
    import pandas as pd

    groups: list[str] = [] if by is None else ([by] if isinstance(by, str) else list(by))
    if isinstance(batches, Mapping):
        frames = [_frame(df).assign(policy=label) for label, df in batches.items()]
        if not frames:
            raise ValueError("no batches to summarise")
        df = pd.concat(frames, ignore_index=True)
        groups = ["policy", *groups]
    else:
        df = _frame(batches)
    for column in ("accepted", "duplicate", "verify_ms", *groups):
        if column not in df.columns:
            raise ValueError(f"the batch has no column {column!r}")

    def figures(part: "pandas.DataFrame") -> dict[str, Any]:
        proofs = len(part)
        accepted = int(part["accepted"].sum())
        return {
            "proofs": proofs,
            "accepted": accepted,
            "rejected": proofs - accepted,
            "acceptance_rate": accepted / proofs if proofs else float("nan"),
            "duplicates": int(part["duplicate"].sum()),
            "median_verify_ms": float(part["verify_ms"].median()) if proofs else float("nan"),
        }

    if not groups:
        return pd.DataFrame([figures(df)], index=pd.Index(["all"], name="group"))
    rows = []
    keys = []
    for key, part in df.groupby(groups, sort=False, dropna=False):
        keys.append(key if isinstance(key, tuple) else (key,))
        rows.append(figures(part))
    index = pd.MultiIndex.from_tuples(keys, names=groups) if len(groups) > 1 else pd.Index(
        [k[0] for k in keys], name=groups[0]
    )
    return pd.DataFrame(rows, index=index)


def plot_acceptance(
    summary: "pandas.DataFrame",
    path: Union[str, "PathLike[str]"],
    *,
    title: str = "Acceptance rate",
) -> Path:
    """Bar chart of ``acceptance_rate`` per group of a :func:`portfolio_summary`,
    each bar labelled with accepted/proofs, saved to ``path`` (the format
    follows the suffix: .png, .svg, .pdf). Returns the path."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    labels = [
        " / ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)
        for key in summary.index
    ]
    rates = [float(r) * 100 for r in summary["acceptance_rate"]]
    # One colour per first index level (e.g. "threshold" / "scorecard band").
    palette = ["#3b7dd8", "#e8833a", "#4caf50", "#9c27b0", "#795548"]
    firsts = [key[0] if isinstance(key, tuple) else "" for key in summary.index]
    order = list(dict.fromkeys(firsts))
    colors = [palette[order.index(f) % len(palette)] for f in firsts]
    fig, ax = plt.subplots(figsize=(max(4.0, 1.3 * len(labels) + 2), 4.5))
    try:
        bars = ax.bar(range(len(labels)), rates, color=colors)
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=20, ha="right")
        for bar, accepted, proofs in zip(bars, summary["accepted"], summary["proofs"]):
            ax.annotate(
                f"{accepted}/{proofs}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=9,
            )
        ax.set_ylim(0, 110)
        ax.set_ylabel("accepted (%)")
        ax.set_title(title)
        if summary.index.name:
            ax.set_xlabel(str(summary.index.name))
        fig.tight_layout()
        out = Path(path)
        fig.savefig(out)
    finally:
        plt.close(fig)
    return out


def credit_portfolio_summary(
    thresholds: Mapping[str, "pandas.DataFrame"],
    bands: Optional[Mapping[str, "pandas.DataFrame"]] = None,
) -> "pandas.DataFrame":
    """Acceptance of a portfolio of SME credit proofs, per threshold and per
    scorecard band.

    ``thresholds`` maps a label (e.g. ``"annual_revenue >= 1M"``) to the
    :func:`verify_batch` result of the applicants' proofs against a policy
    with that one threshold. ``bands`` maps a band label (e.g.
    ``"score >= 600"``) to the result against a policy whose scorecard has
    that cutoff, in ascending order of cutoff; the rows then also give
    ``in_band``: the applicants (by ``reference``) accepted at this cutoff
    but not at the next one, i.e. whose score lies in the band.

    Returns one row per label, indexed by ``(dimension, label)`` with
    dimension ``"threshold"`` or ``"scorecard band"``: ``proofs``,
    ``accepted``, ``rejected``, ``acceptance_rate``, ``median_verify_ms``,
    ``in_band`` and ``band_share`` (``in_band / proofs``; NaN for
    thresholds). Plot it with :func:`plot_acceptance`.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    keys: list[tuple[str, str]] = []

    def figures(df: "pandas.DataFrame") -> dict[str, Any]:
        for column in ("reference", "accepted", "verify_ms"):
            if column not in df.columns:
                raise ValueError(f"the batch has no column {column!r}")
        proofs = len(df)
        accepted = int(df["accepted"].sum())
        return {
            "proofs": proofs,
            "accepted": accepted,
            "rejected": proofs - accepted,
            "acceptance_rate": accepted / proofs if proofs else float("nan"),
            "median_verify_ms": float(df["verify_ms"].median()) if proofs else float("nan"),
            "in_band": float("nan"),
            "band_share": float("nan"),
        }

    for label, df in thresholds.items():
        keys.append(("threshold", label))
        rows.append(figures(_frame(df)))
    band_items = [(label, _frame(df)) for label, df in (bands or {}).items()]
    for i, (label, df) in enumerate(band_items):
        row = figures(df)
        here = set(df.loc[df["accepted"].astype(bool), "reference"].tolist())
        if i + 1 < len(band_items):
            nxt = band_items[i + 1][1]
            here -= set(nxt.loc[nxt["accepted"].astype(bool), "reference"].tolist())
        row["in_band"] = len(here)
        row["band_share"] = len(here) / row["proofs"] if row["proofs"] else float("nan")
        keys.append(("scorecard band", label))
        rows.append(row)
    if not rows:
        raise ValueError("no batches to summarise")
    index = pd.MultiIndex.from_tuples(keys, names=["dimension", "label"])
    return pd.DataFrame(rows, index=index)

"""A lender checks SME credit proofs in Python, on both paths.

The whole flow on one machine:

1. a data provider (a bank) attests each applicant SME's metrics;
2. transparent path: the lender publishes a policy (revenue and defaults
   thresholds plus a linear scorecard), each SME proves it, and the lender
   verifies the batch into a pandas DataFrame (one tampered proof and one
   proof made for another request are refused, by row);
3. the portfolio summary: acceptance per threshold and per scorecard band,
   plotted to a PNG;
4. succinct path: the lender trains a points scorecard on its history with
   optbinning, exports it in core's format, and an SME proves against it with
   a Groth16 proof (what an on-chain gate would check).

    python examples/python/credit_lender.py [OUT_DIR]     # default target/credit-demo
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import zkcred

TODAY = datetime.date.today()
BASE = {
    "monthly_transaction_volume": 1_500_000,
    "outstanding_debt": 30_000_000,
    "years_in_business": 6,
    "defaults_24m": 0,
}
# reference, annual revenue (cents), on-time repayment (basis points)
APPLICANTS = [
    ("SME-2001", 250_000_000, 9_700),
    ("SME-2002", 150_000_000, 9_300),
    ("SME-2003", 120_000_000, 9_050),
    ("SME-2004", 400_000_000, 9_900),
    ("SME-2005", 90_000_000, 9_600),
    ("SME-2006", 900_000_000, 9_500),
]
LINEAR = {
    "scorecardVersion": 1,
    "id": "lender.example/sme-linear",
    "version": 1,
    "type": "linear",
    "features": [
        {"metric": "on_time_repayment_bps", "weight": 1},
        {"metric": "defaults_24m", "weight": -500},
    ],
    "bias": 0,
    "cutoff": 9_000,
}


def policy(provider: zkcred.ProviderKey, revenue: int, cutoff: int) -> zkcred.CreditPolicy:
    return (
        zkcred.CreditPolicy("EUR", date=TODAY)
        .accept_issuer(provider)
        .require("annual_revenue", at_least=revenue)
        .require("defaults_24m", at_most=0)
        .with_scorecard(zkcred.Scorecard.from_dict({**LINEAR, "cutoff": cutoff}))
    )


def collect(
    p: zkcred.CreditPolicy,
    smes: dict[str, tuple[zkcred.CreditAttestation, zkcred.CreditOpenings]],
) -> dict[str, bytes]:
    """Each SME proves the policy if it can (an SME that cannot sends nothing)."""
    out = {}
    for ref, (attestation, openings) in smes.items():
        try:
            out[ref] = zkcred.prove_credit(p, attestation, openings).to_bytes()
        except zkcred.UnsatisfiableError:
            out[ref] = b""
    return out


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "target/credit-demo")
    out.mkdir(parents=True, exist_ok=True)

    provider = zkcred.ProviderKey.generate()
    smes = {}
    for ref, revenue, bps in APPLICANTS:
        metrics = zkcred.Metrics.from_dict(
            {**BASE, "annual_revenue": revenue, "on_time_repayment_bps": bps}
        )
        smes[ref] = zkcred.attest(provider, "bank.example", "EUR", metrics, TODAY)

    # -- transparent path: one policy, one batch --------------------------------
    base = policy(provider, revenue=100_000_000, cutoff=9_000)
    proofs = collect(base, smes)
    refs = list(proofs)
    tampered = bytearray(proofs[refs[1]])
    tampered[-3] ^= 0x40
    proofs[refs[1]] = bytes(tampered)
    elsewhere = policy(provider, revenue=100_000_000, cutoff=9_000)  # another challenge
    a, o = smes[refs[2]]
    proofs[refs[2]] = zkcred.prove_credit(elsewhere, a, o).to_bytes()
    df = zkcred.verify_batch(base, proofs)
    print(df[["reference", "accepted", "error", "disclosed_issuer_id", "verify_ms"]].to_string())
    expected = [True, False, False, True, False, True]
    if list(df["accepted"]) != expected:
        print(f"unexpected acceptance: {list(df['accepted'])} (expected {expected})")
        return 1
    one = zkcred.verify_credit(base, proofs[refs[0]])
    print(f"single verification: {one}")

    # -- portfolio summary per threshold and per scorecard band ------------------
    def run(p: zkcred.CreditPolicy) -> object:
        return zkcred.verify_batch(p, collect(p, smes))

    thresholds = {
        f"revenue >= {r / 100_000_000:g}M": run(policy(provider, revenue=r, cutoff=0))
        for r in (100_000_000, 200_000_000)
    }
    bands = {f"score >= {c}": run(policy(provider, 0, c)) for c in (9_000, 9_400, 9_800)}
    summary = zkcred.credit_portfolio_summary(thresholds, bands)  # type: ignore[arg-type]
    print(summary[["proofs", "accepted", "acceptance_rate", "in_band"]].to_string())
    plot = zkcred.plot_acceptance(summary, out / "credit_acceptance.png", title="SME credit")
    print(f"plot: {plot}")

    # -- succinct path: a scorecard trained with optbinning ----------------------
    try:
        import numpy as np
        import pandas as pd

        from zkcred.scorecard import build_scorecard, score
    except ImportError as e:  # pragma: no cover - the test script installs them
        print(f"skipping the optbinning scorecard ({e})")
        return 0
    rng = np.random.default_rng(7)
    n = 1500
    history = pd.DataFrame(
        {
            "years_in_business": rng.integers(0, 30, n),
            "defaults_24m": rng.poisson(1.2, n),
        }
    )
    logit = 0.5 - 0.1 * history.years_in_business + 0.7 * history.defaults_24m
    history["default"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    model = build_scorecard(
        history, "default", ["years_in_business", "defaults_24m"], cutoff=480,
        id="lender.example/sme-points",
    )
    print(f"trained: {model.summary()}")
    # The lender's choice of cutoff: accept the best 60% of its history
    # (scores in the exported points; with_cutoff takes optbinning's, which
    # are the exported ones plus the shift).
    scores = model.scores()
    assert list(scores[:20]) == [score(model, row) for row in history.head(20).to_dict("records")]
    model = model.with_cutoff(int(np.quantile(scores, 0.4)) + model.summary().shift)
    print(f"chosen:  {model.summary()}")
    card = zkcred.Scorecard.from_dict(model)
    print(f"exported scorecard {card.id} v{card.version}: cutoff {card.cutoff}, hash {card.hash}")
    pk, vk = zkcred.setup_scorecard()
    succinct = zkcred.SuccinctPolicy("lender.example/sme-loans", "EUR", provider, card)
    secret = zkcred.HolderSecret.generate()
    strong = zkcred.Metrics.from_dict(
        {**BASE, "annual_revenue": 250_000_000, "on_time_repayment_bps": 9_700,
         "years_in_business": 25, "defaults_24m": 0}
    )
    credential = zkcred.attest_succinct(provider, "bank.example", "EUR", strong, secret)
    proof = zkcred.prove_succinct(succinct, credential, secret, pk)
    verified = zkcred.verify_succinct(succinct, proof.to_bytes(), vk)
    print(f"succinct proof ({len(proof.to_bytes())} bytes) verified: nullifier {verified.nullifier}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""A lender verifies SME directors' identity presentations in Python.

The whole flow on one machine: development keys, a KYC issuer, a handful of
applicants who prove "adult, EU national, KYC level >= 2" (disclosing only
their KYC level), one forged presentation and one replay; then the lender
verifies the batch into a pandas DataFrame, summarises acceptance per policy
threshold, and saves a plot.

    python examples/python/lender_verify.py [OUT_DIR]     # default target/lender-demo
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

import zkcred

SCHEMA = zkcred.Schema(
    json.dumps(
        {
            "schemaVersion": 1,
            "id": "sme-director-kyc",
            "version": 1,
            "attributes": [
                {"name": "birth_date", "type": "date"},
                {"name": "nationality", "type": "country"},
                {"name": "kyc_level", "type": "integer"},
                {"name": "pep", "type": "boolean"},
            ],
        }
    )
)

APPLICANTS = [
    # reference, birth date, nationality, KYC level
    ("SME-1001", "1979-04-02", "DE", 3),
    ("SME-1002", "1990-11-30", "FR", 2),
    ("SME-1003", "1985-06-15", "IT", 4),
    ("SME-1004", "1968-01-20", "ES", 2),
    ("SME-1005", "1995-09-09", "NL", 3),
]


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "target/lender-demo")
    out.mkdir(parents=True, exist_ok=True)
    today = datetime.date.today()

    # Once: the circuit's keys (development setup; production needs a ceremony).
    # A verifier keeps only the verifying key, loaded from bytes or a file.
    pk, vk = zkcred.setup()
    vk.save(out / "presentation.vk")
    vk = zkcred.VerifyingKey.load(out / "presentation.vk")

    # The KYC provider issues each director a credential bound to their secret.
    issuer = zkcred.Issuer(zkcred.IssuerKey.generate())
    wallets = {}
    for ref, birth, nationality, level in APPLICANTS:
        wallet = zkcred.Wallet(zkcred.HolderSecret.generate())
        subject = {"birth_date": birth, "nationality": nationality, "kyc_level": level, "pep": False}
        wallet.receive(
            issuer.issue(
                SCHEMA,
                subject,
                wallet.secret.commitment,
                today,
                today + datetime.timedelta(days=365),
            )
        )
        wallets[ref] = wallet

    # The lender's request for this onboarding session.
    request = (
        zkcred.PresentationRequest(SCHEMA, "lender.example/sme-loans")
        .accept_issuer(issuer.public_key, issuer.revocation_root)
        .require("birth_date", "ageAtLeast", 18)
        .require("nationality", "in", ["DE", "FR", "IT", "ES", "NL", "AT", "BE"])
        .require("kyc_level", ">=", 2)
        .require("pep", "=", False)
        .disclose("kyc_level")
    )

    # Each director proves with their wallet; the lender receives bytes or JSON.
    received: dict[str, object] = {}
    for ref, wallet in wallets.items():
        [credential] = wallet.matching(request)
        path = issuer.non_revocation_path(credential.serial)
        presentation = wallet.prove(request, credential, path, pk)
        received[ref] = presentation.to_bytes(request)  # the compact form, 200-odd bytes
    # A forger raises their disclosed KYC level; a director applies twice.
    forged = json.loads(zkcred.Presentation.from_bytes(received["SME-1002"], request).to_json())  # type: ignore[arg-type]
    forged["disclosed"]["kyc_level"] = 4
    received["SME-1006"] = json.dumps(forged)
    received["SME-1007"] = received["SME-1001"]

    df = zkcred.verify_batch(request, received, vk)
    print(df[["reference", "accepted", "error", "duplicate", "disclosed_kyc_level", "verify_ms"]].to_string())

    # Portfolio view: how many accepted applicants meet each KYC threshold.
    accepted = df[df["accepted"] & ~df["duplicate"]]
    thresholds = {
        f"kyc_level >= {t}": accepted.assign(accepted=accepted["disclosed_kyc_level"] >= t)
        for t in (2, 3, 4)
    }
    summary = zkcred.portfolio_summary(thresholds)
    print()
    print(summary[["proofs", "accepted", "acceptance_rate"]].to_string())
    plot = zkcred.plot_acceptance(summary, out / "acceptance.png", title="Accepted applicants per KYC threshold")
    df.to_csv(out / "batch.csv", index=False)
    print(f"\nwrote {plot} and {out / 'batch.csv'}")

    try:
        zkcred.verify(request, received["SME-1006"], vk)  # type: ignore[arg-type]
    except zkcred.VerificationError as e:
        print(f"the forged presentation: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

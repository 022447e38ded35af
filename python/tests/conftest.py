"""Shared fixtures: one development key pair per test session (generated at
test time: keys are never committed), an issuer, holders and credentials."""

from __future__ import annotations

import datetime
import pathlib
from dataclasses import dataclass

import pytest

import zkcred

# The demo KYC schema, shared with the CLI demo and the Rust tests
# (`zkcred_core::fixtures::DEMO_KYC_SCHEMA`).
SCHEMA = (
    pathlib.Path(__file__).resolve().parents[2] / "core" / "fixtures" / "demo-kyc-schema.json"
).read_text(encoding="utf-8")

TODAY = datetime.date(2026, 11, 23)
SCOPE = "lender.example/sme-onboarding"


def subject(birth: str, nationality: str = "DE", level: int = 3) -> dict:
    return {
        "birth_date": birth,
        "nationality": nationality,
        "residence": nationality,
        "full_name": "Ada Lovelace",
        "document_type": "passport",
        "kyc_level": level,
        "pep": False,
    }


@dataclass
class Holder:
    secret: zkcred.HolderSecret
    credential: zkcred.Credential


@pytest.fixture(scope="session")
def keys() -> tuple[zkcred.ProvingKey, zkcred.VerifyingKey]:
    return zkcred.setup()


@pytest.fixture(scope="session")
def pk(keys) -> zkcred.ProvingKey:
    return keys[0]


@pytest.fixture(scope="session")
def vk(keys) -> zkcred.VerifyingKey:
    return keys[1]


@pytest.fixture(scope="session")
def schema() -> zkcred.Schema:
    return zkcred.Schema(SCHEMA)


@pytest.fixture(scope="session")
def issuer() -> zkcred.Issuer:
    return zkcred.Issuer(zkcred.IssuerKey.generate())


def make_holder(issuer: zkcred.Issuer, schema: zkcred.Schema, birth: str, **kw) -> Holder:
    secret = zkcred.HolderSecret.generate()
    since = kw.pop("valid_from", TODAY)
    until = kw.pop("valid_until", TODAY + datetime.timedelta(days=365))
    credential = issuer.issue(schema, subject(birth, **kw), secret.commitment, since, until)
    return Holder(secret, credential)


@pytest.fixture(scope="session")
def adult(issuer, schema) -> Holder:
    return make_holder(issuer, schema, "1990-05-17", nationality="DE", level=3)


@pytest.fixture(scope="session")
def minor(issuer, schema) -> Holder:
    return make_holder(issuer, schema, "2012-01-01", nationality="FR", level=2)


def lender_request(
    issuer: zkcred.Issuer, schema: zkcred.Schema, scope: str = SCOPE, **kw
) -> zkcred.PresentationRequest:
    """The lender's request: adult, EU national, KYC level >= 2; discloses
    the KYC level and the birth date."""
    return (
        zkcred.PresentationRequest(schema, scope, now=TODAY, **kw)
        .accept_issuer(issuer.public_key, issuer.revocation_root)
        .require("birth_date", "ageAtLeast", 18)
        .require("nationality", "in", ["DE", "FR", "IT", "ES"])
        .require("kyc_level", ">=", 2)
        .disclose("kyc_level")
        .disclose("birth_date")
    )


@pytest.fixture(scope="session")
def request_(issuer, schema) -> zkcred.PresentationRequest:
    return lender_request(issuer, schema)


@pytest.fixture(scope="session")
def presentation(request_, adult, issuer, pk) -> zkcred.Presentation:
    path = issuer.non_revocation_path(adult.credential.serial)
    return zkcred.prove(request_, adult.credential, adult.secret, path, pk)

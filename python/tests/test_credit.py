"""SME credit proofs through Python: provider keys, attestations, metrics,
scorecards, policies, and both paths (transparent and succinct), with the
soundness cases a lender relies on."""

from __future__ import annotations

import datetime
import json

import pytest

import zkcred

TODAY = datetime.date(2026, 11, 23)
GOOD = {
    "annual_revenue": 250_000_000,
    "monthly_transaction_volume": 1_800_000,
    "on_time_repayment_bps": 9_700,
    "outstanding_debt": 40_000_000,
    "years_in_business": 7,
    "defaults_24m": 0,
}
LINEAR = {
    "scorecardVersion": 1,
    "id": "lender/sme",
    "version": 1,
    "type": "linear",
    "features": [
        {"metric": "on_time_repayment_bps", "weight": 1},
        {"metric": "defaults_24m", "weight": -500},
    ],
    "bias": 0,
    "cutoff": 9_000,
}
BINNED = {
    "scorecardVersion": 1,
    "id": "lender/sme-points",
    "version": 1,
    "type": "binned",
    "features": [
        {
            "metric": "years_in_business",
            "bins": [
                {"min": 0, "max": 1, "points": 0},
                {"min": 2, "max": 4, "points": 20},
                {"min": 5, "points": 40},
            ],
        },
        {
            "metric": "defaults_24m",
            "bins": [{"min": 0, "max": 0, "points": 30}, {"min": 1, "points": 0}],
        },
    ],
    "cutoff": 50,
}


@pytest.fixture(scope="module")
def provider() -> zkcred.ProviderKey:
    return zkcred.ProviderKey.generate()


@pytest.fixture(scope="module")
def attested(provider):
    metrics = zkcred.Metrics.from_dict(GOOD)
    return zkcred.attest(provider, "bank.example", "EUR", metrics, TODAY, TODAY + datetime.timedelta(days=90))


def policy_for(provider, **kw) -> zkcred.CreditPolicy:
    return (
        zkcred.CreditPolicy("EUR", challenge=kw.pop("challenge", "07" * 32), date=kw.pop("date", TODAY))
        .accept_issuer(provider)
        .require("annual_revenue", at_least=kw.pop("revenue", 100_000_000))
        .require("defaults_24m", at_most=0)
        .with_scorecard(zkcred.Scorecard.from_dict(kw.pop("scorecard", LINEAR)))
    )


@pytest.fixture(scope="module")
def proof(provider, attested) -> zkcred.CreditProof:
    attestation, openings = attested
    return zkcred.prove_credit(policy_for(provider), attestation, openings)


# ---- keys, metrics, attestations ----------------------------------------------


def test_provider_key_round_trips_and_hides_the_seed(provider):
    again = zkcred.ProviderKey.from_bytes(provider.to_bytes())
    assert again.public_key == provider.public_key
    assert len(bytes.fromhex(provider.public_key)) == 64
    assert provider.to_bytes().hex() not in repr(provider)
    with pytest.raises(ValueError):
        zkcred.ProviderKey.from_bytes(b"short")


def test_metrics_from_a_dict_or_json_and_typed_errors():
    m = zkcred.Metrics.from_dict(GOOD)
    assert m.to_dict() == GOOD
    assert zkcred.Metrics.from_json(json.dumps(GOOD)).to_dict() == GOOD
    assert "9700" not in repr(m)
    assert zkcred.Metrics.names()[0] == "annual_revenue"
    with pytest.raises(zkcred.MetricsError, match="defaults_24m` is missing"):
        zkcred.Metrics.from_dict({k: v for k, v in GOOD.items() if k != "defaults_24m"})
    with pytest.raises(zkcred.MetricsError, match="unknown metric `profit`"):
        zkcred.Metrics.from_dict({**GOOD, "profit": 1})
    with pytest.raises(zkcred.MetricsError, match="on_time_repayment_bps"):
        zkcred.Metrics.from_dict({**GOOD, "on_time_repayment_bps": 10_001})
    with pytest.raises(zkcred.MetricsError, match="non-negative"):
        zkcred.Metrics.from_dict({**GOOD, "years_in_business": -1})
    with pytest.raises(zkcred.JsonError):
        zkcred.Metrics.from_json("{")


def test_attestation_and_openings_round_trip(provider, attested):
    attestation, openings = attested
    assert attestation.issuer_id == "bank.example" and attestation.currency == "EUR"
    assert attestation.issued == TODAY
    assert attestation.expires == TODAY + datetime.timedelta(days=90)
    assert attestation.issuer == provider.public_key
    again = zkcred.CreditAttestation.from_json(attestation.to_json())
    assert again.to_bytes() == attestation.to_bytes()
    assert zkcred.CreditAttestation.from_bytes(attestation.to_bytes()).to_json() == attestation.to_json()
    o2 = zkcred.CreditOpenings.from_json(openings.to_json())
    o2.check(attestation)
    assert o2.metrics.to_dict() == GOOD
    assert repr(openings) == "CreditOpenings(..)"
    # Openings of another attestation do not open this one.
    _, other = zkcred.attest(provider, "bank.example", "EUR", zkcred.Metrics.from_dict(GOOD), TODAY)
    with pytest.raises(zkcred.AttestationError):
        other.check(attestation)


def test_a_forged_attestation_is_refused(provider, attested, proof):
    attestation, openings = attested
    attestation.verify_signature()
    forged_json = json.loads(attestation.to_json())
    forged_json["expires"] = "2099-01-01"
    forged = zkcred.CreditAttestation.from_json(json.dumps(forged_json))
    with pytest.raises(zkcred.AttestationError, match="signature"):
        forged.verify_signature()
    # The SME cannot prove with it, and a proof carrying it does not verify.
    with pytest.raises(zkcred.AttestationError):
        zkcred.prove_credit(policy_for(provider), forged, openings)
    carried = json.loads(proof.to_json())
    carried["attestation"] = forged_json
    with pytest.raises(zkcred.VerificationError):
        zkcred.verify_credit(policy_for(provider), json.dumps(carried))
    # Signed by another provider's key under this provider's name: not accepted.
    impostor, impostor_openings = zkcred.attest(
        zkcred.ProviderKey.generate(), "bank.example", "EUR", zkcred.Metrics.from_dict(GOOD), TODAY
    )
    with pytest.raises(zkcred.VerificationError):
        zkcred.verify_credit(
            policy_for(provider),
            zkcred.prove_credit(
                zkcred.CreditPolicy("EUR", challenge="07" * 32, date=TODAY)
                .accept_issuer(impostor.issuer)
                .require("annual_revenue", at_least=100_000_000)
                .require("defaults_24m", at_most=0)
                .with_scorecard(zkcred.Scorecard.from_dict(LINEAR)),
                impostor,
                impostor_openings,
            ),
        )
    with pytest.raises(zkcred.AttestationError):
        zkcred.attest(zkcred.ProviderKey.generate(), "bank.example", "EUR",
                      zkcred.Metrics.from_dict(GOOD), TODAY, TODAY - datetime.timedelta(days=1))


# ---- scorecards -----------------------------------------------------------------


def test_scorecards_load_hash_and_score():
    s = zkcred.Scorecard.from_dict(LINEAR)
    assert (s.id, s.version, s.kind, s.cutoff) == ("lender/sme", 1, "linear", 9_000)
    assert s.score(zkcred.Metrics.from_dict(GOOD)) == 9_700
    assert s.passes(zkcred.Metrics.from_dict(GOOD))
    assert not s.passes(zkcred.Metrics.from_dict({**GOOD, "defaults_24m": 2}))
    assert zkcred.Scorecard.from_json(s.to_json()) == s
    assert s.hash.startswith("0x") or len(s.hash) == 64
    reordered = {**LINEAR, "features": list(reversed(LINEAR["features"]))}
    assert zkcred.Scorecard.from_dict(reordered).hash == s.hash
    assert zkcred.Scorecard.from_dict({**LINEAR, "cutoff": 9_001}).hash != s.hash
    b = zkcred.Scorecard.from_dict(BINNED)
    assert b.kind == "binned" and b.score(zkcred.Metrics.from_dict(GOOD)) == 70


def _bins(bins):
    return {**BINNED, "features": [{"metric": "years_in_business", "bins": bins}], "cutoff": 0}


@pytest.mark.parametrize(
    "model, message",
    [
        (_bins([{"min": 0, "max": 3, "points": 1}, {"min": 3, "points": 2}]), "overlapping"),
        (_bins([{"min": 0, "max": 3, "points": 1}, {"min": 5, "points": 2}]), "missing bins"),
        (_bins([{"min": 1, "points": 1}]), "missing bins"),
        (_bins([{"min": 0, "max": 9, "points": 1}]), "missing bins"),
        ({**BINNED, "cutoff": 71}, "overflow of the score range"),
        (_bins([{"min": 0, "points": 2**21}]), "points"),
        (
            {**LINEAR, "features": [{"metric": "annual_revenue", "weight": 5_000}]},
            "overflow of the score range",
        ),
        ({**LINEAR, "features": [{"metric": "profit", "weight": 1}]}, "unknown metric `profit`"),
        ({**LINEAR, "features": []}, "no features"),
        ({**LINEAR, "type": "tree"}, "type"),
    ],
)
def test_bad_scorecards_raise_scorecard_error(model, message):
    with pytest.raises(zkcred.ScorecardError, match=message):
        zkcred.Scorecard.from_dict(model)


def test_scorecard_format_errors_are_typed():
    with pytest.raises(zkcred.UnsupportedVersionError):
        zkcred.Scorecard.from_dict({**LINEAR, "scorecardVersion": 2})
    # A dict of the wrong shape names the field (issue #15, Python point 4),
    # not a JSON position; malformed JSON text is still a JsonError.
    with pytest.raises(zkcred.ScorecardError, match="unknown field 'intercept'"):
        zkcred.Scorecard.from_dict({**LINEAR, "intercept": 3})
    with pytest.raises(zkcred.JsonError):
        zkcred.Scorecard.from_json('{"scorecardVersion": 1,')


# ---- policies -------------------------------------------------------------------


def test_policy_builder_and_json(provider):
    p = policy_for(provider)
    assert p.currency == "EUR" and p.date == TODAY and p.challenge == "07" * 32
    assert p.issuers == [provider.public_key]
    assert p.thresholds == [("annual_revenue", ">=", 100_000_000), ("defaults_24m", "<=", 0)]
    assert p.scorecard is not None and p.scorecard.id == "lender/sme"
    again = zkcred.CreditPolicy.from_json(p.to_json())
    assert again.to_json() == p.to_json()
    both = zkcred.CreditPolicy("EUR").require("years_in_business", at_least=2, at_most=50)
    assert len(both.thresholds) == 2 and len(bytes.fromhex(both.challenge)) == 32
    assert both.date == datetime.date.today()
    with pytest.raises(ValueError):
        zkcred.CreditPolicy("EUR").require("years_in_business")
    with pytest.raises(zkcred.MetricsError, match="unknown metric"):
        zkcred.CreditPolicy("EUR").require("profit", at_least=1)
    with pytest.raises(zkcred.CreditPolicyError):
        zkcred.CreditPolicy("EUR").check()  # nothing to prove
    with pytest.raises(zkcred.CreditPolicyError):
        zkcred.CreditPolicy("euro").require("defaults_24m", at_most=0).check()
    with pytest.raises(ValueError), pytest.warns(DeprecationWarning):
        zkcred.CreditPolicy("EUR", challenge=b"short")
    # A datetime at midnight is its date (issue #15: pandas Timestamps);
    # one with a time of day is refused.
    assert zkcred.CreditPolicy("EUR", date=datetime.datetime(2026, 1, 1)).date == datetime.date(2026, 1, 1)  # type: ignore[arg-type]
    with pytest.raises(zkcred.InvalidDateError, match="time of day"):
        zkcred.CreditPolicy("EUR", date=datetime.datetime(2026, 1, 1, 12))  # type: ignore[arg-type]


# ---- the transparent path -------------------------------------------------------


def test_prove_and_verify_the_transparent_path(provider, proof):
    policy = policy_for(provider)
    v = zkcred.verify_credit(policy, proof)
    assert isinstance(v, zkcred.VerifiedCredit)
    assert (v.path, v.issuer_id, v.issuer, v.nullifier) == ("transparent", "bank.example", provider.public_key, None)
    assert v.expires == TODAY + datetime.timedelta(days=90)
    # The same proof as bytes and as JSON.
    for form in (proof.to_bytes(), proof.to_json(), proof.to_json().encode(), bytearray(proof.to_bytes())):
        assert zkcred.verify_credit(policy, form).issuer_id == "bank.example"
    assert zkcred.CreditProof.from_bytes(proof.to_bytes()).to_json() == proof.to_json()
    assert proof.attestation.issuer_id == "bank.example"


def test_a_metric_below_its_threshold_cannot_be_proved(provider, attested):
    attestation, openings = attested
    strict = policy_for(provider, revenue=300_000_000)
    with pytest.raises(zkcred.UnsatisfiableError, match="annual_revenue") as e:
        zkcred.prove_credit(strict, attestation, openings)
    assert "250000000" not in str(e.value)


def test_a_score_below_the_cutoff_cannot_be_proved(provider, attested):
    attestation, openings = attested
    with pytest.raises(zkcred.UnsatisfiableError, match="scorecard"):
        zkcred.prove_credit(policy_for(provider, scorecard={**LINEAR, "cutoff": 9_701}), attestation, openings)


@pytest.mark.parametrize(
    "change",
    [
        "stricter threshold",
        "another scorecard",
        "other challenge",
        "other issuer",
        "expired",
        "other currency",
    ],
)
def test_a_proof_does_not_verify_against_another_policy(provider, proof, change):
    if change == "stricter threshold":
        policy = policy_for(provider, revenue=300_000_000)
    elif change == "another scorecard":
        policy = policy_for(provider, scorecard={**LINEAR, "cutoff": 8_999})
    elif change == "other challenge":
        policy = policy_for(provider, challenge="08" * 32)
    elif change == "other issuer":
        policy = (
            zkcred.CreditPolicy("EUR", challenge="07" * 32, date=TODAY)
            .accept_issuer(zkcred.ProviderKey.generate().public_key)
            .require("annual_revenue", at_least=100_000_000)
            .require("defaults_24m", at_most=0)
            .with_scorecard(zkcred.Scorecard.from_dict(LINEAR))
        )
    elif change == "expired":
        policy = policy_for(provider, date=TODAY + datetime.timedelta(days=91))
    else:
        policy = (
            zkcred.CreditPolicy("USD", challenge="07" * 32, date=TODAY)
            .accept_issuer(provider)
            .require("annual_revenue", at_least=100_000_000)
            .require("defaults_24m", at_most=0)
            .with_scorecard(zkcred.Scorecard.from_dict(LINEAR))
        )
    with pytest.raises(zkcred.VerificationError):
        zkcred.verify_credit(policy, proof)


def test_an_expired_attestation_cannot_be_proved(provider, attested):
    attestation, openings = attested
    late = policy_for(provider, date=TODAY + datetime.timedelta(days=91))
    with pytest.raises(zkcred.UnsatisfiableError, match="expired"):
        zkcred.prove_credit(late, attestation, openings)
    early = policy_for(provider, date=TODAY - datetime.timedelta(days=1))
    with pytest.raises(zkcred.UnsatisfiableError, match="not yet valid"):
        zkcred.prove_credit(early, attestation, openings)


def test_a_tampered_proof_never_verifies(provider, attested, proof):
    policy = policy_for(provider)
    data = proof.to_bytes()
    for i in range(len(data) - 1, len(data) - 400, -37):
        bad = bytearray(data)
        bad[i] ^= 1
        with pytest.raises((zkcred.VerificationError, zkcred.MalformedProofError, zkcred.AttestationError)):
            zkcred.verify_credit(policy, bytes(bad))
    # Another SME's (valid, signed) attestation with this proof's range proof.
    other_att, _ = zkcred.attest(provider, "bank.example", "EUR", zkcred.Metrics.from_dict(GOOD), TODAY)
    swapped = json.loads(proof.to_json())
    swapped["attestation"] = json.loads(other_att.to_json())
    with pytest.raises(zkcred.VerificationError):
        zkcred.verify_credit(policy, json.dumps(swapped))


def test_malformed_proofs_raise_typed_errors(provider):
    policy = policy_for(provider)
    with pytest.raises(zkcred.JsonError):
        zkcred.verify_credit(policy, "{")
    with pytest.raises((zkcred.EncodingError, zkcred.MalformedProofError)):
        zkcred.verify_credit(policy, b"ZKCT\x01")
    with pytest.raises(TypeError):
        zkcred.verify_credit(policy, 42)  # type: ignore[arg-type]


# ---- the succinct path ----------------------------------------------------------


@pytest.fixture(scope="module")
def scorecard_keys():
    return zkcred.setup_scorecard()


@pytest.fixture(scope="module")
def sme(provider):
    secret = zkcred.HolderSecret.generate()
    credential = zkcred.attest_succinct(
        provider, "bank.example", "EUR", zkcred.Metrics.from_dict(GOOD), secret, TODAY
    )
    return secret, credential


def succinct_policy(provider, model=BINNED, **kw) -> zkcred.SuccinctPolicy:
    return zkcred.SuccinctPolicy(
        kw.pop("scope", "lender.example/sme-loans"),
        "EUR",
        provider,
        zkcred.Scorecard.from_dict(model),
        challenge=kw.pop("challenge", "0x" + "00" * 31 + "2a"),
        date=kw.pop("date", TODAY),
    )


def test_prove_and_verify_the_succinct_path(provider, sme, scorecard_keys):
    pk, vk = scorecard_keys
    secret, credential = sme
    policy = succinct_policy(provider)
    proof = zkcred.prove_succinct(policy, credential, secret, pk)
    v = zkcred.verify_succinct(policy, proof, vk)
    assert v.path == "succinct" and v.issuer == provider.public_key
    # Circuit v2 tags nullifiers per statement: the credit pseudonym is not
    # the identity one of the same scope (issue #16, point 3).
    assert v.nullifier == proof.nullifier != secret.nullifier("lender.example/sme-loans")
    for form in (proof.to_bytes(), proof.to_json()):
        assert zkcred.verify_succinct(policy, form, vk).nullifier == v.nullifier
    assert len(proof.to_bytes()) == 160
    # Keys, policy and credential survive their encodings.
    vk2 = zkcred.ScorecardVerifyingKey.from_bytes(vk.to_bytes())
    p2 = zkcred.SuccinctPolicy.from_json(policy.to_json())
    assert zkcred.verify_succinct(p2, proof, vk2).nullifier == v.nullifier
    c2 = zkcred.SuccinctCredential.from_json(credential.to_json())
    assert c2.issuer_id == "bank.example" and repr(c2) == "SuccinctCredential(..)"


def test_succinct_soundness(provider, sme, scorecard_keys):
    pk, vk = scorecard_keys
    secret, credential = sme
    policy = succinct_policy(provider)
    proof = zkcred.prove_succinct(policy, credential, secret, pk)
    # Another SME's secret: the credential is not bound to it.
    with pytest.raises(zkcred.UnsatisfiableError):
        zkcred.prove_succinct(policy, credential, zkcred.HolderSecret.generate(), pk)
    # Another scorecard, challenge, scope, date after expiry: do not verify.
    for other in (
        succinct_policy(provider, {**BINNED, "version": 2}),
        succinct_policy(provider, challenge="0x" + "00" * 31 + "2b"),
        succinct_policy(provider, scope="other.example"),
        succinct_policy(provider, date=TODAY + datetime.timedelta(days=91)),
        succinct_policy(zkcred.ProviderKey.generate()),
    ):
        with pytest.raises(zkcred.VerificationError):
            zkcred.verify_succinct(other, proof, vk)
    # A tampered proof.
    data = bytearray(proof.to_bytes())
    data[5] ^= 1  # the nullifier
    with pytest.raises((zkcred.VerificationError, zkcred.NonCanonicalError)):
        zkcred.verify_succinct(policy, bytes(data), vk)
    # A forged credential.
    forged = json.loads(credential.to_json())
    forged["metrics"]["defaults_24m"] = 0
    forged["metrics"]["years_in_business"] = 30
    with pytest.raises(zkcred.AttestationError):
        zkcred.SuccinctCredential.from_json(json.dumps(forged))
    # A linear model is not for the succinct path.
    with pytest.raises(zkcred.ScorecardError, match="binned"):
        succinct_policy(provider, LINEAR)


def test_a_score_below_the_cutoff_fails_on_the_succinct_path(provider, scorecard_keys):
    pk, _ = scorecard_keys
    secret = zkcred.HolderSecret.generate()
    weak = zkcred.Metrics.from_dict({**GOOD, "years_in_business": 1, "defaults_24m": 1})
    credential = zkcred.attest_succinct(provider, "bank.example", "EUR", weak, secret.commitment, TODAY)
    with pytest.raises(zkcred.UnsatisfiableError):
        zkcred.prove_succinct(succinct_policy(provider), credential, secret, pk)


def test_scorecard_keys_round_trip_and_bad_keys_are_refused(scorecard_keys):
    pk, vk = scorecard_keys
    assert pk.verifying_key().to_bytes() == vk.to_bytes()
    pk2 = zkcred.ScorecardProvingKey.from_bytes(pk.to_bytes())
    assert pk2.verifying_key().to_bytes() == vk.to_bytes()
    with pytest.raises(zkcred.InvalidKeyError):
        zkcred.ScorecardVerifyingKey.from_bytes(vk.to_bytes()[:-1])
    with pytest.raises(zkcred.InvalidKeyError):
        zkcred.ScorecardProvingKey.from_bytes(b"\x00" * 64)
    # The presentation circuit's keys are not the scorecard circuit's.
    assert "ScorecardVerifyingKey" in repr(vk)


def test_attest_defaults_and_the_succinct_result_shape(provider, sme, scorecard_keys):
    a, _ = zkcred.attest(provider, "bank.example", "EUR", zkcred.Metrics.from_dict(GOOD), TODAY, valid_days=30)
    assert a.expires == TODAY + datetime.timedelta(days=30)
    a2, _ = zkcred.attest(provider, "bank.example", "EUR", zkcred.Metrics.from_dict(GOOD))
    assert a2.issued == datetime.date.today()
    with pytest.raises(zkcred.AttestationError):
        zkcred.attest(provider, "bank.example", "euro", zkcred.Metrics.from_dict(GOOD))
    secret, credential = sme
    assert credential.expires == TODAY + datetime.timedelta(days=90)
    pk, vk = scorecard_keys
    policy = succinct_policy(provider)
    assert policy.scope == "lender.example/sme-loans" and policy.date == TODAY
    assert policy.scorecard.id == "lender/sme-points"
    v = zkcred.verify_succinct(policy, zkcred.prove_succinct(policy, credential, secret, pk), vk)
    assert v.issuer_id is None and v.expires is None
    with pytest.raises(TypeError):
        zkcred.attest_succinct(provider, "bank.example", "EUR", zkcred.Metrics.from_dict(GOOD), 42)  # type: ignore[arg-type]


def test_an_installed_scorecard_key_loads_warm_and_proves(provider, sme, scorecard_keys):
    pk, vk = scorecard_keys
    secret, credential = sme
    warm_pk, installed = zkcred.ScorecardProvingKey.install(pk.to_bytes(), vk)
    assert warm_pk.to_bytes() == pk.to_bytes()
    warm = zkcred.ScorecardProvingKey.from_installed(installed, vk)
    assert warm.verifying_key().to_bytes() == vk.to_bytes()
    policy = succinct_policy(provider)
    proof = zkcred.prove_succinct(policy, credential, secret, warm)
    assert zkcred.verify_succinct(policy, proof, vk).nullifier == proof.nullifier
    # Corrupted, installed from another key, or of the presentation circuit:
    # refused with the typed error.
    bad = bytearray(installed)
    bad[len(bad) // 2] ^= 0x01
    with pytest.raises(zkcred.InvalidKeyError):
        zkcred.ScorecardProvingKey.from_installed(bytes(bad), vk)
    other_pk, other_vk = zkcred.setup_scorecard()
    with pytest.raises(zkcred.InvalidKeyError, match="another key"):
        zkcred.ScorecardProvingKey.from_installed(installed, other_vk)
    with pytest.raises(zkcred.InvalidKeyError):
        zkcred.ScorecardProvingKey.install(pk.to_bytes(), other_vk)
    id_pk, id_vk = zkcred.setup()
    _, id_installed = zkcred.ProvingKey.install(id_pk.to_bytes(), id_vk)
    with pytest.raises(zkcred.InvalidKeyError, match="another circuit"):
        zkcred.ScorecardProvingKey.from_installed(id_installed, vk)

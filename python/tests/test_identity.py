"""The identity flow from Python: issue, hold, prove, verify; the formats;
and the false statements that must not verify."""

from __future__ import annotations

import datetime
import json
import pickle

import pytest

import zkcred
from conftest import SCOPE, TODAY, lender_request, make_holder


def test_a_presentation_verifies_and_discloses_typed_values(request_, presentation, adult, vk):
    verified = zkcred.verify(request_, presentation, vk)
    assert isinstance(verified, zkcred.VerifiedPresentation)
    assert verified.nullifier == adult.secret.nullifier(SCOPE)
    assert verified.issuer == adult.credential.issuer
    assert verified.disclosed == {"kyc_level": 3, "birth_date": datetime.date(1990, 5, 17)}
    assert type(verified.disclosed["birth_date"]) is datetime.date
    assert type(verified.disclosed["kyc_level"]) is int


def test_presentations_round_trip_as_json_and_bytes(request_, presentation, vk):
    from_json = zkcred.Presentation.from_json(presentation.to_json())
    assert from_json == presentation
    binary = presentation.to_bytes(request_)
    assert binary[:4] == b"ZKCP"
    assert zkcred.Presentation.from_bytes(binary, request_) == presentation
    for form in (presentation.to_json(), presentation.to_json().encode(), binary):
        assert zkcred.verify(request_, form, vk).nullifier == presentation.nullifier


def test_requests_round_trip_and_expose_their_parts(request_, issuer):
    again = zkcred.PresentationRequest.from_json(request_.to_json())
    assert again == request_
    assert request_.now == TODAY
    assert request_.scope == SCOPE
    assert request_.accepted_issuers == [(issuer.public_key, issuer.revocation_root)]
    assert request_.predicates == [
        ("birth_date", "ageAtLeast", 18),
        ("nationality", "in", ["DE", "FR", "IT", "ES"]),
        ("kyc_level", "gte", 2),
    ]
    assert request_.disclosed_attributes == ["kyc_level", "birth_date"]
    assert len(bytes.fromhex(request_.challenge)) == 31
    assert request_.with_fresh_challenge().challenge != request_.challenge
    assert pickle.loads(pickle.dumps(request_)) == request_


def test_values_convert_from_python_types(schema, issuer):
    request = (
        zkcred.PresentationRequest(schema, "x", now="2026-01-02")
        .accept_issuer(issuer.public_key, issuer.revocation_root)
        .require("birth_date", "<", datetime.date(2000, 1, 1))
        .require("kyc_level", "between", (1, 5))
        .require("pep", "=", False)
        .require("nationality", "notIn", {"US", "RU"})
    )
    request.validate()
    preds = json.loads(request.to_json())["predicates"]
    assert preds[0]["value"] == "2000-01-01"
    assert preds[1]["value"] == [1, 5]
    assert preds[2]["value"] is False
    assert preds[3]["value"] == ["RU", "US"]  # sets are sorted
    assert request.now == datetime.date(2026, 1, 2)
    with pytest.raises(TypeError):
        request.require("kyc_level", ">=", object())
    # A datetime is a date only at midnight (issue #15: pandas Timestamps).
    with pytest.raises(zkcred.InvalidDateError, match="time of day"):
        request.at(datetime.datetime(2026, 1, 1, 12, 0))


def test_schema_credential_and_keys_round_trip(schema, adult, keys, tmp_path):
    assert zkcred.Schema.from_json(schema.to_json()) == schema
    assert schema.attributes[0] == ("birth_date", "date")
    assert schema.label == "kyc-basic@1"
    assert pickle.loads(pickle.dumps(schema)) == schema

    c = adult.credential
    assert zkcred.Credential.from_json(c.to_json()) == c
    c.verify(schema)
    assert c.valid_from == TODAY
    assert c.valid_until == TODAY + datetime.timedelta(days=365)
    assert c.attributes["birth_date"] == "1990-05-17"
    assert c.holder_commitment == adult.secret.commitment

    pk, vk = keys
    assert pk.verifying_key().to_bytes() == vk.to_bytes()
    vk.save(tmp_path / "p.vk")
    assert zkcred.VerifyingKey.load(tmp_path / "p.vk").to_bytes() == vk.to_bytes()
    assert pickle.loads(pickle.dumps(vk)).to_bytes() == vk.to_bytes()
    assert "protocol" in json.loads(vk.to_snarkjs_json())


def test_proving_key_loads_once_from_bytes_or_a_path(keys, request_, adult, issuer, vk, tmp_path):
    pk, _ = keys
    pk.save(str(tmp_path / "p.pk"))
    loaded = zkcred.ProvingKey.load(tmp_path / "p.pk")
    assert loaded.to_bytes() == pk.to_bytes()
    path = issuer.non_revocation_path(adult.credential.serial)
    p = zkcred.prove(request_, adult.credential, adult.secret, path, loaded)
    zkcred.verify(request_, p, vk)


def test_secrets_round_trip_and_stay_out_of_repr(adult):
    s = adult.secret
    raw = s.to_bytes()
    assert zkcred.HolderSecret.from_bytes(raw) == s
    assert repr(s) == "HolderSecret(..)"
    key = zkcred.IssuerKey.generate()
    assert key.to_bytes().hex() not in repr(key)
    assert key.public_key in repr(key)
    assert zkcred.IssuerKey.from_bytes(key.to_bytes()).public_key == key.public_key


def test_the_wallet_holds_bound_credentials_and_proves(issuer, schema, adult, request_, pk, vk):
    wallet = zkcred.Wallet(adult.secret)
    wallet.receive(adult.credential)
    with pytest.raises(zkcred.CredentialError):
        wallet.receive(adult.credential)  # already held
    other = make_holder(issuer, schema, "1980-01-01")
    with pytest.raises(zkcred.CredentialError):
        wallet.receive(other.credential)  # bound to another holder
    again = zkcred.Wallet.from_json(wallet.to_json())
    assert again.credentials == [adult.credential]
    assert again.secret == adult.secret
    assert again.matching(request_) == [adult.credential]
    path = issuer.non_revocation_path(adult.credential.serial)
    p = again.prove(request_, adult.credential, path, pk)
    assert zkcred.verify(request_, p, vk).nullifier == adult.secret.nullifier(SCOPE)


# --- soundness: what must not verify -------------------------------------------


def test_a_tampered_proof_does_not_verify(request_, presentation, vk):
    doc = json.loads(presentation.to_json())
    proof = bytearray.fromhex(doc["proof"])
    refused = 0
    for i in (0, 40, 70, 100, 127):
        tampered = bytearray(proof)
        tampered[i] ^= 1
        doc["proof"] = tampered.hex()
        with pytest.raises((zkcred.MalformedProofError, zkcred.VerificationError)):
            zkcred.verify(request_, json.dumps(doc), vk)
        refused += 1
    assert refused == 5


def test_a_changed_disclosed_value_or_nullifier_does_not_verify(request_, presentation, vk):
    doc = json.loads(presentation.to_json())
    doc["disclosed"]["kyc_level"] = 4
    with pytest.raises(zkcred.VerificationError):
        zkcred.verify(request_, json.dumps(doc), vk)
    doc = json.loads(presentation.to_json())
    doc["nullifier"] = "0x" + "00" * 31 + "05"
    with pytest.raises(zkcred.VerificationError):
        zkcred.verify(request_, json.dumps(doc), vk)


def test_a_proof_does_not_verify_under_another_challenge(request_, presentation, vk):
    other = request_.with_fresh_challenge()
    with pytest.raises(zkcred.VerificationError) as e:
        zkcred.verify(other, presentation, vk)
    assert str(e.value) == "the presentation does not verify"  # opaque


def test_a_proof_does_not_verify_for_another_scope_or_issuer(
    schema, issuer, request_, presentation, vk
):
    same = lender_request(issuer, schema, challenge=request_.challenge)
    assert zkcred.verify(same, presentation, vk).nullifier == presentation.nullifier
    other_scope = lender_request(issuer, schema, "other.example", challenge=request_.challenge)
    with pytest.raises(zkcred.VerificationError):
        zkcred.verify(other_scope, presentation, vk)
    stranger = zkcred.Issuer(zkcred.IssuerKey.generate())
    other_issuer = lender_request(stranger, schema, challenge=request_.challenge)
    with pytest.raises(zkcred.VerificationError):
        zkcred.verify(other_issuer, presentation, vk)


def test_an_underage_holder_cannot_prove_and_the_message_names_the_predicate(
    request_, minor, issuer, pk
):
    path = issuer.non_revocation_path(minor.credential.serial)
    with pytest.raises(zkcred.UnsatisfiableError) as e:
        zkcred.prove(request_, minor.credential, minor.secret, path, pk)
    message = str(e.value)
    assert "predicate 0" in message and "birth_date" in message
    assert "2012" not in message  # the value is never shown


def test_a_failing_predicate_reports_its_index_and_attribute(
    request_, minor, issuer, pk
):
    path = issuer.non_revocation_path(minor.credential.serial)
    with pytest.raises(zkcred.UnsatisfiableError) as e:
        zkcred.prove(request_, minor.credential, minor.secret, path, pk)
    assert e.value.predicate == 0
    assert e.value.attribute == "birth_date"
    assert e.value.field is None and e.value.path is None
    # An error without details has them all None.
    with pytest.raises(zkcred.JsonError) as e:
        zkcred.Presentation.from_json("{")
    assert (e.value.predicate, e.value.attribute, e.value.field) == (None, None, None)


def test_revoked_and_expired_credentials_cannot_prove(schema, pk):
    issuer = zkcred.Issuer(zkcred.IssuerKey.generate())
    holder = make_holder(issuer, schema, "1990-05-17")
    old_path = issuer.non_revocation_path(holder.credential.serial)
    issuer.revoke(holder.credential.serial)
    assert issuer.is_revoked(holder.credential.serial)
    with pytest.raises(zkcred.RevocationError):
        issuer.non_revocation_path(holder.credential.serial)
    with pytest.raises(zkcred.RevocationError):
        issuer.revoke(holder.credential.serial)
    request = lender_request(issuer, schema)  # accepts the new root
    with pytest.raises(zkcred.UnsatisfiableError):
        zkcred.prove(request, holder.credential, holder.secret, old_path, pk)

    expired = make_holder(
        issuer,
        schema,
        "1990-05-17",
        valid_from=TODAY - datetime.timedelta(days=365),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    path = issuer.non_revocation_path(expired.credential.serial)
    with pytest.raises(zkcred.UnsatisfiableError):
        zkcred.prove(request, expired.credential, expired.secret, path, pk)


def test_a_file_backed_issuer_keeps_its_registry(schema, tmp_path):
    key = zkcred.IssuerKey.generate()
    registry = tmp_path / "registry.db"
    issuer = zkcred.Issuer(key, registry)
    a = make_holder(issuer, schema, "1990-05-17")
    b = make_holder(issuer, schema, "1991-05-17")
    assert b.credential.serial != a.credential.serial
    issuer.revoke(a.credential.serial)
    root = issuer.revocation_root
    del issuer
    reopened = zkcred.Issuer(key, str(registry))
    assert reopened.revocation_root == root
    assert reopened.is_revoked(a.credential.serial)
    assert not reopened.is_revoked(b.credential.serial)
    c = make_holder(reopened, schema, "1992-05-17")
    assert c.credential.serial not in (a.credential.serial, b.credential.serial)

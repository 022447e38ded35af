"""Errors: one class per kind of core error, all under zkcred.ZkcredError,
and no Rust panic reaching Python as anything else."""

from __future__ import annotations

import datetime
import json

import pytest

import zkcred
from zkcred import _native
from conftest import TODAY, subject

CLASSES = [
    zkcred.JsonError,
    zkcred.UnsupportedVersionError,
    zkcred.EncodingError,
    zkcred.NonCanonicalError,
    zkcred.InvalidDateError,
    zkcred.SchemaError,
    zkcred.InvalidAttributeError,
    zkcred.RequestError,
    zkcred.CredentialError,
    zkcred.InvalidKeyError,
    zkcred.MalformedProofError,
    zkcred.UnsatisfiableError,
    zkcred.VerificationError,
    zkcred.RevocationError,
    zkcred.ProvingError,
    zkcred.ZkcredIOError,
    zkcred.InternalError,
]


def test_every_error_class_is_a_zkcred_error_and_an_exception():
    assert issubclass(zkcred.ZkcredError, Exception)
    names = set()
    for cls in CLASSES:
        assert issubclass(cls, zkcred.ZkcredError), cls
        assert cls.__module__ == "zkcred"
        names.add(cls.__name__)
    assert len(names) == len(CLASSES)


def test_a_panic_surfaces_as_internal_error_not_panic_exception():
    with pytest.raises(zkcred.InternalError) as e:
        _native._panic_for_testing()
    # A ZkcredError, hence an Exception: pyo3's PanicException is a
    # BaseException that `except Exception` would miss.
    assert isinstance(e.value, zkcred.ZkcredError)
    assert isinstance(e.value, Exception)
    assert "deliberate" not in str(e.value)  # the panic's text is not passed on


@pytest.mark.parametrize(
    "call, cls",
    [
        (lambda: zkcred.Schema("{not json"), zkcred.JsonError),
        (
            lambda: zkcred.Schema('{"schemaVersion": 2, "id": "x", "version": 1, "attributes": []}'),
            zkcred.UnsupportedVersionError,
        ),
        (
            lambda: zkcred.Schema(
                '{"schemaVersion": 1, "id": "x", "version": 1, "attributes": '
                '[{"name": "a", "type": "integer"}, {"name": "a", "type": "integer"}]}'
            ),
            zkcred.SchemaError,
        ),
        (lambda: zkcred.VerifyingKey.from_bytes(b"not a key"), zkcred.InvalidKeyError),
        (lambda: zkcred.ProvingKey.from_bytes(b"ZKCRDPK\0" + b"\0" * 40), zkcred.ZkcredError),
        (lambda: zkcred.HolderSecret.from_bytes(b"\xff" * 32), zkcred.NonCanonicalError),
        (lambda: zkcred.VerifyingKey.load("/nonexistent/zkcred.vk"), zkcred.ZkcredIOError),
        (lambda: zkcred.Credential.from_json("[]"), zkcred.JsonError),
        (lambda: zkcred.Presentation.from_json('{"version": 1}'), zkcred.JsonError),
        (lambda: zkcred.PresentationRequest.from_json("{}"), zkcred.JsonError),
    ],
)
def test_bad_input_raises_the_matching_class(call, cls):
    with pytest.raises(cls):
        call()


def test_request_errors_name_what_is_wrong(schema, issuer):
    base = lambda: zkcred.PresentationRequest(schema, "s", now=TODAY).accept_issuer(  # noqa: E731
        issuer.public_key, issuer.revocation_root
    )
    with pytest.raises(zkcred.RequestError, match="unknown operator"):
        base().require("kyc_level", "~", 2)
    with pytest.raises(zkcred.RequestError, match="ageAtLeast"):
        base().require("kyc_level", "ageAtLeast", 18).validate()
    with pytest.raises(zkcred.RequestError, match="no attribute `no_such_attribute`"):
        base().require("no_such_attribute", ">=", 1).validate()
    with pytest.raises(zkcred.RequestError, match="no accepted issuers"):
        zkcred.PresentationRequest(schema, "s").validate()
    r = base()
    r.challenge = "00"
    with pytest.raises(zkcred.EncodingError):
        r.validate()
    with pytest.raises(zkcred.InvalidKeyError):
        base().accept_issuer("00" * 32, issuer.revocation_root)
    with pytest.raises(zkcred.InvalidDateError):
        base().at("2026-02-30")


def test_issuing_refuses_values_of_the_wrong_type(schema, issuer):
    secret = zkcred.HolderSecret.generate()
    bad = subject("1990-05-17")
    bad["kyc_level"] = "three"
    with pytest.raises(zkcred.InvalidAttributeError) as e:
        issuer.issue(schema, bad, secret.commitment, TODAY, TODAY)
    assert "kyc_level" in str(e.value) and "three" not in str(e.value)
    with pytest.raises(zkcred.CredentialError):
        issuer.issue(schema, subject("1990-05-17"), secret.commitment, TODAY, TODAY - datetime.timedelta(days=1))
    with pytest.raises(zkcred.InvalidAttributeError, match="birth_date"):
        issuer.issue(schema, subject("1990-02-30"), secret.commitment, TODAY, TODAY)
    with pytest.raises(zkcred.InvalidDateError):
        issuer.issue(schema, subject("1990-05-17"), secret.commitment, "2026-02-30", TODAY)
    with pytest.raises(zkcred.EncodingError):
        issuer.issue(schema, subject("1990-05-17"), "0xzz", TODAY, TODAY)
    with pytest.raises(zkcred.EncodingError):
        issuer.issue(schema, {**subject("1990-05-17"), "kyc_level": 2**70}, secret.commitment, TODAY, TODAY)


def test_malformed_presentations_raise_parse_errors_not_verification_errors(request_, vk, presentation):
    with pytest.raises(zkcred.JsonError):
        zkcred.verify(request_, "{", vk)
    with pytest.raises(zkcred.EncodingError):
        zkcred.verify(request_, b"ZKCP\x02" + b"\0" * 10, vk)
    doc = json.loads(presentation.to_json())
    doc["proof"] = "ff" * 128  # every point flag set: not a valid encoding
    with pytest.raises(zkcred.MalformedProofError):
        zkcred.verify(request_, json.dumps(doc), vk)
    doc["proof"] = "00" * 127
    with pytest.raises(zkcred.EncodingError):
        zkcred.verify(request_, json.dumps(doc), vk)
    with pytest.raises(TypeError):
        zkcred.verify(request_, 12345, vk)


@pytest.mark.parametrize(
    "data",
    [b"\0" * 100, b"", b"\xff" * 1536],
    ids=["short", "empty", "non-canonical"],
)
def test_a_malformed_revocation_path_is_an_encoding_error_not_a_key_error(data):
    with pytest.raises(zkcred.EncodingError, match="revocation path") as e:
        zkcred.RevocationPath.from_bytes(data)
    assert not isinstance(e.value, zkcred.InvalidKeyError)

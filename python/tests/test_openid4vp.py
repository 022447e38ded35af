"""zkcred.openid4vp: a lender's back end asks with an OpenID4VP request and
verifies the wallet's vp_token response (docs/openid4vp.md)."""

from __future__ import annotations

import json

import pytest

import zkcred
from zkcred import openid4vp

from conftest import lender_request

URI = "https://lender.example/openid4vp/response"
ORIGIN = "https://lender.example"


def answer(auth: str, holder, issuer, pk, origin=None) -> str:
    pr = openid4vp.presentation_request(auth, origin=origin)
    path = issuer.non_revocation_path(holder.credential.serial)
    p = zkcred.prove(pr, holder.credential, holder.secret, path, pk)
    return openid4vp.build_response(auth, p, origin=origin)


def test_direct_post_request_response_verifies_and_rebinding_is_refused(
    issuer, schema, adult, pk, vk
):
    request = lender_request(issuer, schema)
    auth = openid4vp.build_request(request, vk, response_uri=URI)
    parsed = json.loads(auth)
    assert parsed["client_id"] == f"redirect_uri:{URI}"
    assert parsed["dcql_query"]["credentials"][0]["format"] == "zkcred"
    s = openid4vp.summary(auth)
    assert s["audience"] == f"redirect_uri:{URI}"
    assert s["audience_authenticated"] is False
    assert "birth_date: at least 18 years old on 2026-11-23" in s["predicates"]
    assert s["disclosed"] == ["kyc_level", "birth_date"]
    assert "pseudonym" in s["text"]

    response = answer(auth, adult, issuer, pk)
    v = openid4vp.verify_response(auth, response, vk)
    assert v.disclosed["kyc_level"] == 3
    assert v.issuer == issuer.public_key
    # The nullifier is the holder's in the audience's scope, not the
    # native request's.
    native = zkcred.verify(
        request,
        zkcred.prove(
            request,
            adult.credential,
            adult.secret,
            issuer.non_revocation_path(adult.credential.serial),
            pk,
        ),
        vk,
    )
    assert v.nullifier != native.nullifier
    assert openid4vp.presentation_request(auth).scope == f"redirect_uri:{URI}"

    # A new request (fresh nonce and state): the old response is refused.
    fresh = openid4vp.build_request(request, vk, response_uri=URI)
    with pytest.raises(zkcred.VerificationError):
        openid4vp.verify_response(fresh, response, vk)
    # Another verifier with the same nonce and state.
    other = openid4vp.build_request(
        request,
        vk,
        response_uri="https://other.example/openid4vp/response",
        nonce=parsed["nonce"],
        state=parsed["state"],
    )
    with pytest.raises(zkcred.VerificationError):
        openid4vp.verify_response(other, response, vk)
    # A tampered token.
    r = json.loads(response)
    token = r["vp_token"]["zkcred"][0]
    r["vp_token"]["zkcred"][0] = token[:150] + ("A" if token[150] != "A" else "B") + token[151:]
    with pytest.raises(zkcred.ZkcredError):
        openid4vp.verify_response(auth, r, vk)


def test_dc_api_is_bound_to_the_origin(issuer, schema, adult, pk, vk):
    auth = openid4vp.build_request(lender_request(issuer, schema), vk, dc_api=True)
    assert "client_id" not in json.loads(auth)
    response = answer(auth, adult, issuer, pk, origin=ORIGIN)
    v = openid4vp.verify_response(auth, response, vk, origin=ORIGIN)
    assert v.disclosed["kyc_level"] == 3
    with pytest.raises(zkcred.VerificationError):
        openid4vp.verify_response(auth, response, vk, origin="https://evil.example")
    assert openid4vp.summary(auth, origin=ORIGIN)["audience_authenticated"] is True


def test_malformed_requests_and_responses_name_the_field(issuer, schema, vk):
    auth = json.loads(openid4vp.build_request(lender_request(issuer, schema), vk, response_uri=URI))
    for edit, field in [
        (lambda a: a.update(nonce=""), "`nonce`"),
        (lambda a: a.pop("client_id"), "`client_id`"),
        (lambda a: a.update(response_type="code"), "`response_type`"),
        (lambda a: a.pop("response_uri"), "`response_uri`"),
        (
            lambda a: a["dcql_query"]["credentials"][0].update(format="ldp_vc"),
            "`dcql_query.credentials[0].format`",
        ),
    ]:
        bad = json.loads(json.dumps(auth))
        edit(bad)
        with pytest.raises(zkcred.RequestError, match=field.replace("[", r"\[").replace("]", r"\]")):
            openid4vp.summary(bad)
    with pytest.raises(zkcred.EncodingError, match="vp_token"):
        openid4vp.verify_response(auth, {"state": auth["state"]}, vk)


def test_verify_batch_takes_the_responses_to_a_request(issuer, schema, adult, pk, vk):
    """A lender's back end verifies the vp_token responses it received to
    one request in one batch (issue #14 point 4): each row as
    verify_response does; a response to another request, a tampered or an
    empty one is a refused row; the same holder twice is a duplicate."""
    auth = openid4vp.build_request(lender_request(issuer, schema), vk, response_uri=URI)
    good = answer(auth, adult, issuer, pk)
    again = answer(auth, adult, issuer, pk)
    other = openid4vp.build_request(lender_request(issuer, schema), vk, response_uri=URI)
    stale = answer(other, adult, issuer, pk)
    tampered = json.loads(good)
    token = tampered["vp_token"]["zkcred"][0]
    tampered["vp_token"]["zkcred"][0] = token[:150] + ("A" if token[150] != "A" else "B") + token[151:]
    responses = {
        "app-1": good,
        "app-2": json.loads(again),  # a dict, as a web framework parses it
        "app-3": stale,
        "app-4": tampered,
        "app-5": "",
        "app-6": good.encode(),
    }
    df = zkcred.verify_batch(auth, responses, vk)
    assert list(df["reference"]) == list(responses)
    assert list(df["accepted"]) == [True, True, False, False, False, True]
    assert list(df["duplicate"]) == [False, True, False, False, False, True]
    assert df["error"][2] == "VerificationError"
    assert df["error"][3] is not None
    assert df["reason"][4] == "malformed proof: empty proof"
    assert df["disclosed_kyc_level"][0] == 3
    assert df.attrs["scope"] == f"redirect_uri:{URI}"
    # The same nullifier verify_response gives.
    assert df["nullifier"][0] == openid4vp.verify_response(auth, good, vk).nullifier
    # The request as a dict works too; a key the request does not name fails
    # the whole batch.
    rows = zkcred.verify_batch(json.loads(auth), [good], vk, output="records")
    assert rows[0].accepted and rows[0].disclosed["kyc_level"] == 3
    other_vk = zkcred.setup()[1]
    with pytest.raises(zkcred.InvalidKeyError):
        zkcred.verify_batch(auth, [good], other_vk)
    with pytest.raises(TypeError, match="verifying key"):
        zkcred.verify_batch(auth, [good])

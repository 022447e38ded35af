"""OpenID4VP 1.0 with DCQL, zkcred's profile (docs/openid4vp.md).

A lender's back end asks with an OpenID4VP Authorization Request and checks
the wallet's ``vp_token`` response::

    from zkcred import openid4vp
    auth = openid4vp.build_request(request, vk, response_uri="https://lender.example/oid4vp")
    ...  # send ``auth`` to the wallet, receive ``response`` at the response URI
    verified = openid4vp.verify_response(auth, response, vk)

Requests and responses are JSON text (a ``dict`` is accepted too). Thin
wrappers: zkcred-core parses, binds (nonce, audience, nullifier scope) and
verifies. A wallet uses ``presentation_request``, ``summary`` and
``build_response``.
"""

from __future__ import annotations

import json
from typing import Any, Optional, Union

from ._native import (
    Presentation,
    PresentationRequest,
    VerifiedPresentation,
    VerifyingKey,
    _openid4vp_presentation_request,
    _openid4vp_request,
    _openid4vp_response,
    _openid4vp_summary,
    _openid4vp_verify,
)

__all__ = [
    "build_request",
    "build_response",
    "presentation_request",
    "summary",
    "verify_response",
]

Json = Union[str, dict[str, Any]]


def _text(value: Json) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def build_request(
    request: PresentationRequest,
    verifying_key: VerifyingKey,
    *,
    response_uri: Optional[str] = None,
    client_id: Optional[str] = None,
    dc_api: bool = False,
    nonce: Optional[str] = None,
    state: Optional[str] = None,
) -> str:
    """The OpenID4VP Authorization Request (JSON) for ``request``: answered by
    ``direct_post`` to ``response_uri`` (client id ``redirect_uri:<uri>``),
    or through the Digital Credentials API with ``dc_api=True``. The
    request's scope and challenge are replaced by the binding to the
    audience and a fresh nonce."""
    return _openid4vp_request(
        request,
        verifying_key,
        response_uri=response_uri,
        client_id=client_id,
        dc_api=dc_api,
        nonce=nonce,
        state=state,
    )


def verify_response(
    request: Json,
    response: Json,
    verifying_key: VerifyingKey,
    *,
    origin: Optional[str] = None,
) -> VerifiedPresentation:
    """Verifies a ``vp_token`` response against the verifier's own request
    (``origin``: the verifier page's web origin, for ``dc_api``). Raises
    ``zkcred.VerificationError`` for a response made for another request,
    audience or state, or altered."""
    return _openid4vp_verify(_text(request), _text(response), verifying_key, origin=origin)


def presentation_request(request: Json, *, origin: Optional[str] = None) -> PresentationRequest:
    """The wallet's view: the zkcred request to prove (its scope is the
    audience, its challenge the derived one)."""
    return _openid4vp_presentation_request(_text(request), origin=origin)


def summary(request: Json, *, origin: Optional[str] = None) -> dict[str, Any]:
    """What the wallet shows before proving: ``audience``,
    ``audience_authenticated``, ``schema``, ``predicates`` (in words),
    ``disclosed``, ``issuers``, ``now``, and all of it as ``text``."""
    return _openid4vp_summary(_text(request), origin=origin)


def build_response(
    request: Json, presentation: Presentation, *, origin: Optional[str] = None
) -> str:
    """The wallet's ``vp_token`` response (JSON) with ``presentation``."""
    return _openid4vp_response(_text(request), presentation, origin=origin)

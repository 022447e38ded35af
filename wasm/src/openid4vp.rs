//! zkcred's OpenID4VP profile over the Digital Credentials API (`dc_api`),
//! thin over `zkcred_core::openid4vp`: the verifier's request from a zkcred
//! request, and the verification of the wallet's `vp_token` response. The
//! wallet's side is [`crate::wallet::Wallet::prove_openid4vp`].

use wasm_bindgen::prelude::*;
use zkcred_core::{
    openid4vp::{self, AuthorizationRequest, RequestTarget, VpTokenResponse},
    PresentationRequest,
};

use crate::{errors::Result, input, keys::VerifyingKey, presentation::VerifiedPresentation};

/// The verifier's OpenID4VP Authorization Request for the Digital
/// Credentials API (`response_mode: dc_api`, protocol
/// `openid4vp-v1-unsigned`) standing for `request` (a zkcred request: its
/// schema, issuers, predicates, disclosures and date; its scope and
/// challenge are derived by the binding from the page's origin and the
/// nonce), naming `vk` by its hash.
pub fn dc_api_request(
    request_json: &str,
    nonce: Option<String>,
    vk: &VerifyingKey,
) -> Result<String> {
    let pr = PresentationRequest::from_json(request_json)?;
    let nonce = nonce.unwrap_or_else(openid4vp::fresh_nonce);
    Ok(AuthorizationRequest::from_presentation_request(
        &pr,
        RequestTarget::DcApi,
        nonce,
        None,
        &vk.0,
    )?
    .to_json())
}

/// Verifies the wallet's `vp_token` response to the verifier's own
/// Authorization Request, with the verifier's own web origin (as the browser
/// reports it) for a `dc_api` request.
pub fn verify_response(
    request_json: &str,
    origin: Option<&str>,
    response_json: &str,
    vk: &VerifyingKey,
) -> Result<VerifiedPresentation> {
    let request = AuthorizationRequest::from_json(request_json)?;
    let response = VpTokenResponse::from_json(response_json)?;
    Ok(VerifiedPresentation(openid4vp::verify_response(
        &request, origin, &response, &vk.0,
    )?))
}

/// [`dc_api_request`]: the request (JSON text or object), an optional nonce
/// (a fresh 256-bit one when `undefined`), the verifying key. Returns the
/// Authorization Request as JSON text.
#[wasm_bindgen(js_name = openid4vpDcApiRequest)]
pub fn dc_api_request_js(
    #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
    vk: &VerifyingKey,
    #[wasm_bindgen(unchecked_param_type = "string | undefined")] nonce: JsValue,
) -> Result<String> {
    let nonce = if nonce.is_undefined() || nonce.is_null() {
        None
    } else {
        Some(input::string(&nonce, "nonce")?)
    };
    dc_api_request(&input::json_text(&request, "request")?, nonce, vk)
}

/// [`verify_response`]: the verifier's own Authorization Request, its own
/// origin, the response (`{vp_token: {...}}`, text or object), the key.
/// Throws `verificationFailed` for a response made for another request,
/// origin or nonce, or altered.
#[wasm_bindgen(js_name = verifyOpenid4vpResponse)]
pub fn verify_response_js(
    #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] origin: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | object")] response: JsValue,
    vk: &VerifyingKey,
) -> Result<VerifiedPresentation> {
    verify_response(
        &input::json_text(&request, "request")?,
        Some(&input::string(&origin, "origin")?),
        &input::json_text(&response, "response")?,
        vk,
    )
}

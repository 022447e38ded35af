//! Presentations (JSON and the compact binary form) and the verifier.

use wasm_bindgen::prelude::*;
use zkcred_core::{encoding::fr_to_hex, request::PresentationRequest};
// The verifier's exports are in the single-threaded build only: the
// threaded one (feature `threads`) is the holder's prover, in the
// package's worker (this also keeps its bundle within budget).
#[cfg(not(feature = "threads"))]
use zkcred_core::verifier;

#[cfg(not(feature = "threads"))]
use crate::keys::VerifyingKey;
use crate::{
    errors::Result,
    input::{self, json_text},
};

/// A holder's answer to a request: the proof, the issuer, the nullifier and
/// the disclosed attributes.
#[wasm_bindgen]
pub struct Presentation(pub(crate) zkcred_core::Presentation);

/// The disclosed-attribute slots of `request_json`, as the binary form needs.
fn slots(request_json: &str) -> Result<Vec<(usize, String)>> {
    Ok(PresentationRequest::from_json(request_json)?
        .compile()?
        .disclosed)
}

/// JSON text as a JS value (`null` if it does not parse, which cannot happen
/// for text serde_json wrote).
pub(crate) fn json_value(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

impl Presentation {
    /// Parses the JSON envelope, validating every encoding.
    pub fn from_json(json: &str) -> Result<Presentation> {
        Ok(Presentation(zkcred_core::Presentation::from_json(json)?))
    }

    /// Parses the compact binary form; the request names the disclosed
    /// attributes' slots.
    pub fn from_bytes(bytes: &[u8], request_json: &str) -> Result<Presentation> {
        Ok(Presentation(zkcred_core::Presentation::from_bytes(
            bytes,
            &slots(request_json)?,
        )?))
    }

    /// The compact binary form.
    pub fn to_bytes(&self, request_json: &str) -> Result<Vec<u8>> {
        Ok(self.0.to_bytes(&slots(request_json)?)?)
    }
}

#[wasm_bindgen]
impl Presentation {
    /// Parses the JSON envelope (the text or the parsed object), validating
    /// every encoding.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json_js(
        #[wasm_bindgen(unchecked_param_type = "string | object")] json: JsValue,
    ) -> Result<Presentation> {
        Presentation::from_json(&json_text(&json, "json")?)
    }

    /// The JSON envelope.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Parses the compact binary form; the request (JSON text or object)
    /// names the disclosed attributes' slots.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes_js(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
        #[wasm_bindgen(js_name = "request", unchecked_param_type = "string | object")]
        request: JsValue,
    ) -> Result<Presentation> {
        let bytes = input::bytes(&bytes, "bytes")?;
        Presentation::from_bytes(&bytes, &json_text(&request, "request")?)
    }

    /// The compact binary form (about 200 bytes).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes_js(
        &self,
        #[wasm_bindgen(js_name = "request", unchecked_param_type = "string | object")]
        request: JsValue,
    ) -> Result<Vec<u8>> {
        self.to_bytes(&json_text(&request, "request")?)
    }

    /// The issuer's public key (hex).
    #[wasm_bindgen(getter)]
    pub fn issuer(&self) -> String {
        self.0.issuer.clone()
    }

    /// The holder's nullifier in the request's scope (`0x` + 64 hex digits).
    #[wasm_bindgen(getter)]
    pub fn nullifier(&self) -> String {
        fr_to_hex(&self.0.nullifier)
    }

    /// The disclosed attributes as JSON text (`{}` when nothing is disclosed).
    #[wasm_bindgen(getter, js_name = disclosedJson)]
    pub fn disclosed_json(&self) -> String {
        serde_json::to_string(&self.0.disclosed).expect("JSON values serialize")
    }

    /// The disclosed attributes, `{name: value}`.
    #[wasm_bindgen(getter)]
    pub fn disclosed(&self) -> JsValue {
        json_value(&self.disclosed_json())
    }
}

/// What a verified presentation establishes.
#[cfg(not(feature = "threads"))]
#[wasm_bindgen]
pub struct VerifiedPresentation(pub(crate) verifier::VerifiedPresentation);

#[cfg(not(feature = "threads"))]
#[wasm_bindgen]
impl VerifiedPresentation {
    /// The issuer's public key (hex).
    #[wasm_bindgen(getter)]
    pub fn issuer(&self) -> String {
        self.0.issuer.clone()
    }

    /// The holder's nullifier in this scope: stable for one holder within
    /// the scope, unlinkable across scopes.
    #[wasm_bindgen(getter)]
    pub fn nullifier(&self) -> String {
        self.0.nullifier.clone()
    }

    /// The disclosed attributes as JSON text.
    #[wasm_bindgen(getter, js_name = disclosedJson)]
    pub fn disclosed_json(&self) -> String {
        serde_json::to_string(&self.0.disclosed).expect("JSON values serialize")
    }

    /// The disclosed attributes, `{name: value}`.
    #[wasm_bindgen(getter)]
    pub fn disclosed(&self) -> JsValue {
        json_value(&self.disclosed_json())
    }
}

/// Verifies `presentation` against the verifier's own request (JSON).
#[cfg(not(feature = "threads"))]
pub fn verify(
    request_json: &str,
    presentation: &Presentation,
    vk: &VerifyingKey,
) -> Result<VerifiedPresentation> {
    let request = PresentationRequest::from_json(request_json)?;
    Ok(VerifiedPresentation(verifier::verify(
        &request,
        &presentation.0,
        &vk.0,
    )?))
}

/// [`verify`] on the compact binary form, as a server receives it.
#[cfg(not(feature = "threads"))]
pub fn verify_bytes(
    request_json: &str,
    presentation: &[u8],
    vk: &VerifyingKey,
) -> Result<VerifiedPresentation> {
    let presentation = Presentation::from_bytes(presentation, request_json)?;
    verify(request_json, &presentation, vk)
}

/// Verifies `presentation` against the verifier's own request (JSON text or
/// the parsed object).
///
/// Throws a `ZkcredError` of kind `verificationFailed` (deliberately opaque)
/// when the presentation does not verify, or `request`/`json` when the
/// request itself is malformed, `encoding` for an argument of the wrong type.
#[cfg(not(feature = "threads"))]
#[wasm_bindgen(js_name = verify)]
pub fn verify_js(
    #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
    presentation: &Presentation,
    vk: &VerifyingKey,
) -> Result<VerifiedPresentation> {
    verify(&json_text(&request, "request")?, presentation, vk)
}

/// [`verify`] on the compact binary form, as a server receives it.
#[cfg(not(feature = "threads"))]
#[wasm_bindgen(js_name = verifyBytes)]
pub fn verify_bytes_js(
    #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] presentation: JsValue,
    vk: &VerifyingKey,
) -> Result<VerifiedPresentation> {
    let presentation = input::bytes(&presentation, "presentation")?;
    verify_bytes(&json_text(&request, "request")?, &presentation, vk)
}

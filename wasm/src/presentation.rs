//! Presentations (JSON and the compact binary form) and the verifier.

use wasm_bindgen::prelude::*;
use zkcred_core::{encoding::fr_to_hex, request::PresentationRequest, verifier};

use crate::{errors::Result, keys::VerifyingKey};

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

#[wasm_bindgen]
impl Presentation {
    /// Parses the JSON envelope, validating every encoding.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> Result<Presentation> {
        Ok(Presentation(zkcred_core::Presentation::from_json(json)?))
    }

    /// The JSON envelope.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Parses the compact binary form; the request names the disclosed
    /// attributes' slots.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        bytes: &[u8],
        #[wasm_bindgen(js_name = "requestJson")] request_json: &str,
    ) -> Result<Presentation> {
        Ok(Presentation(zkcred_core::Presentation::from_bytes(
            bytes,
            &slots(request_json)?,
        )?))
    }

    /// The compact binary form (about 200 bytes).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(
        &self,
        #[wasm_bindgen(js_name = "requestJson")] request_json: &str,
    ) -> Result<Vec<u8>> {
        Ok(self.0.to_bytes(&slots(request_json)?)?)
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
#[wasm_bindgen]
pub struct VerifiedPresentation(verifier::VerifiedPresentation);

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
///
/// Throws a `ZkcredError` of kind `verificationFailed` (deliberately opaque)
/// when the presentation does not verify, or `request`/`json` when the
/// request itself is malformed.
#[wasm_bindgen]
pub fn verify(
    #[wasm_bindgen(js_name = "requestJson")] request_json: &str,
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
#[wasm_bindgen(js_name = verifyBytes)]
pub fn verify_bytes(
    #[wasm_bindgen(js_name = "requestJson")] request_json: &str,
    presentation: &[u8],
    vk: &VerifyingKey,
) -> Result<VerifiedPresentation> {
    let presentation = Presentation::from_bytes(presentation, request_json)?;
    verify(request_json, &presentation, vk)
}

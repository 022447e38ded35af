//! The holder: a wallet (holder secret and credentials), credential import,
//! and proving a presentation.

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;
use zkcred_core::{
    encoding::fr_to_hex,
    holder,
    openid4vp::{AuthorizationRequest, ResponseMode, VpTokenResponse},
    request::PresentationRequest,
    scope::check_origin,
    wallet, Credential, MerklePath,
};

use crate::{
    errors::{Result, ZkcredError},
    input,
    keys::ProvingKey,
    presentation::Presentation,
};

/// The holder's wallet: the holder secret and the credentials bound to it.
///
/// The secret lives in wasm memory and is zeroized when the wallet is freed
/// (`wallet.free()`). `toJson()` hands it to JS (a JS string cannot be
/// wiped): store that text encrypted, and prefer keeping the wallet object.
#[wasm_bindgen]
pub struct Wallet(wallet::Wallet);

#[wasm_bindgen]
impl Wallet {
    /// A wallet with a fresh holder secret (from `crypto.getRandomValues`).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Wallet {
        Wallet(wallet::Wallet::new(holder::HolderSecret::generate_os()))
    }

    /// Parses a wallet document (`{"version": 1, "secret": ..., "credentials": [...]}`);
    /// every credential must be bound to its secret. The Rust copy of the
    /// text is zeroized.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json_js(
        #[wasm_bindgen(unchecked_param_type = "string | object")] json: JsValue,
    ) -> Result<Wallet> {
        Wallet::from_json(Zeroizing::new(input::json_text(&json, "json")?))
    }

    /// The wallet document (contains the secret: see the type's docs).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        String::clone(&self.0.to_json())
    }

    /// `Poseidon(secret)`: what an issuer signs into the holder's credentials.
    #[wasm_bindgen(getter, js_name = holderCommitment)]
    pub fn holder_commitment(&self) -> String {
        fr_to_hex(&self.0.secret().commitment())
    }

    /// Imports a credential (VC JSON text or object) after checking that it
    /// is bound to this wallet's secret; returns its id. The issuer's
    /// signature is checked when proving, against the request's schema.
    #[wasm_bindgen(js_name = importCredential)]
    pub fn import_credential_js(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] credential: JsValue,
    ) -> Result<String> {
        self.import_credential(&input::json_text(&credential, "credential")?)
    }

    /// The ids of the credentials held, in the order received.
    #[wasm_bindgen(js_name = credentialIds)]
    pub fn credential_ids(&self) -> Vec<String> {
        self.0.credentials().iter().map(|c| c.id.clone()).collect()
    }

    /// A held credential as VC JSON (its attributes are the holder's own
    /// data, to show to the holder).
    #[wasm_bindgen(js_name = credentialJson)]
    pub fn credential_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<String> {
        Ok(self.credential(&input::string(&id, "id")?)?.to_json())
    }

    /// A held credential's serial: the index the issuer's non-revocation
    /// path is asked for.
    #[wasm_bindgen(js_name = credentialSerial)]
    pub fn credential_serial(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<u32> {
        Ok(self.credential(&input::string(&id, "id")?)?.serial())
    }

    /// The ids of the held credentials that can answer `request` (JSON text
    /// or object: schema, accepted issuer, expiry and predicates; signature
    /// and revocation are checked when proving).
    #[wasm_bindgen(js_name = matching)]
    pub fn matching_js(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
    ) -> Result<Vec<String>> {
        self.matching(&input::json_text(&request, "request")?)
    }

    /// Checks, without proving and without the proving key, that the
    /// credential `credentialId` can answer `request` for the requesting
    /// `origin`: throws exactly what `prove` would refuse with
    /// (`scopeMismatch` for a scope that is not the origin's,
    /// `unsatisfiable` with `predicateIndex` and `attribute`).
    #[wasm_bindgen(js_name = check)]
    pub fn check_js(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
        #[wasm_bindgen(js_name = "credentialId", unchecked_param_type = "string")]
        credential_id: JsValue,
        #[wasm_bindgen(js_name = "revocationPath", unchecked_param_type = "Uint8Array")]
        revocation_path: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] origin: JsValue,
    ) -> Result<()> {
        self.check(
            &input::json_text(&request, "request")?,
            &input::string(&credential_id, "credentialId")?,
            &input::bytes(&revocation_path, "revocationPath")?,
            &input::string(&origin, "origin")?,
        )
    }

    /// Answers `request` (JSON text or object) from the web origin `origin`
    /// with a zero-knowledge proof from the credential `credentialId`;
    /// `revocationPath` is the issuer's 1536-byte non-membership path for the
    /// credential's serial. See [`Wallet::prove`] for the origin rule (the
    /// request's scope must be `origin` or a path under it, else
    /// `scopeMismatch`, before any proving).
    #[wasm_bindgen(js_name = prove)]
    pub fn prove_js(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
        #[wasm_bindgen(js_name = "credentialId", unchecked_param_type = "string")]
        credential_id: JsValue,
        #[wasm_bindgen(js_name = "revocationPath", unchecked_param_type = "Uint8Array")]
        revocation_path: JsValue,
        pk: &ProvingKey,
        #[wasm_bindgen(unchecked_param_type = "string")] origin: JsValue,
    ) -> Result<Presentation> {
        self.prove(
            &input::json_text(&request, "request")?,
            &input::string(&credential_id, "credentialId")?,
            &input::bytes(&revocation_path, "revocationPath")?,
            pk,
            &input::string(&origin, "origin")?,
        )
    }

    /// `check` for an OpenID4VP Authorization Request of zkcred's profile
    /// (`response_mode: dc_api` only; the scope is derived from `origin`).
    #[wasm_bindgen(js_name = checkOpenid4vp)]
    pub fn check_openid4vp_js(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
        #[wasm_bindgen(js_name = "credentialId", unchecked_param_type = "string")]
        credential_id: JsValue,
        #[wasm_bindgen(js_name = "revocationPath", unchecked_param_type = "Uint8Array")]
        revocation_path: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] origin: JsValue,
    ) -> Result<()> {
        self.check_openid4vp(
            &input::json_text(&request, "request")?,
            &input::string(&credential_id, "credentialId")?,
            &input::bytes(&revocation_path, "revocationPath")?,
            &input::string(&origin, "origin")?,
        )
    }

    /// Answers an OpenID4VP Authorization Request of zkcred's profile
    /// (`response_mode: dc_api` only) for the page at `origin` (as the
    /// browser reports it): the `{vp_token: {...}}` response as JSON text.
    #[wasm_bindgen(js_name = proveOpenid4vp)]
    pub fn prove_openid4vp_js(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
        #[wasm_bindgen(js_name = "credentialId", unchecked_param_type = "string")]
        credential_id: JsValue,
        #[wasm_bindgen(js_name = "revocationPath", unchecked_param_type = "Uint8Array")]
        revocation_path: JsValue,
        pk: &ProvingKey,
        #[wasm_bindgen(unchecked_param_type = "string")] origin: JsValue,
    ) -> Result<String> {
        self.prove_openid4vp(
            &input::json_text(&request, "request")?,
            &input::string(&credential_id, "credentialId")?,
            &input::bytes(&revocation_path, "revocationPath")?,
            pk,
            &input::string(&origin, "origin")?,
        )
    }
}

/// The Rust-side API (what the JS methods call after converting their
/// arguments; the host tests use it directly).
impl Wallet {
    /// Parses a wallet document; the text is zeroized.
    pub fn from_json(json: Zeroizing<String>) -> Result<Wallet> {
        Ok(Wallet(wallet::Wallet::from_json(&json)?))
    }

    /// Imports a credential (VC JSON) after checking that it is bound to this
    /// wallet's secret; returns its id. The issuer's signature is checked
    /// when proving, against the request's schema.
    pub fn import_credential(&mut self, credential_json: &str) -> Result<String> {
        let credential = Credential::from_json(credential_json)?;
        let id = credential.id.clone();
        self.0.receive(credential)?;
        Ok(id)
    }

    /// The ids of the held credentials that can answer `request` (schema,
    /// accepted issuer, expiry and predicates; signature and revocation are
    /// checked when proving).
    pub fn matching(&self, request_json: &str) -> Result<Vec<String>> {
        let request = PresentationRequest::from_json(request_json)?;
        Ok(self
            .0
            .matching(&request)?
            .into_iter()
            .map(|c| c.id.clone())
            .collect())
    }

    /// Checks, without proving and without the proving key, that the
    /// credential `credential_id` can answer `request` for the requesting
    /// `origin`: throws exactly what [`Wallet::prove`] would refuse with
    /// (`scopeMismatch` for a scope that is not the origin's,
    /// `unsatisfiable` naming the failing predicate by position and
    /// attribute).
    pub fn check(
        &self,
        request_json: &str,
        credential_id: &str,
        revocation_path: &[u8],
        origin: &str,
    ) -> Result<()> {
        let request = PresentationRequest::from_json(request_json)?;
        check_origin(&request.scope, origin)?;
        let credential = self.credential(credential_id)?;
        Ok(holder::check(
            &request,
            credential,
            self.0.secret(),
            &path_from_bytes(revocation_path)?,
        )?)
    }

    /// Answers `request` (JSON) from the web origin `origin` with a
    /// zero-knowledge proof from the credential `credential_id`;
    /// `revocation_path` is the issuer's 1536-byte non-membership path for
    /// the credential's serial.
    ///
    /// `origin` is the requesting page's origin as the browser reports it,
    /// never a value taken from the request or the message: in a worker of
    /// the requesting page, `self.location.origin`; in a wallet serving
    /// other sites (a wallet frame or window), the `origin` of the
    /// `MessageEvent` that carried the request. The request's scope must be
    /// that origin or a path under it (`https://shop.example/age-gate` for
    /// `https://shop.example`), so that no site learns the holder's
    /// nullifier in another site's scope; otherwise this throws
    /// `scopeMismatch` (and `encoding` for an origin that is not a
    /// serialised web origin), before any proving.
    ///
    /// Throws `unsatisfiable` naming the failing check (for a predicate, its
    /// position and attribute, never a value) when the credential cannot
    /// satisfy the request.
    pub fn prove(
        &self,
        request_json: &str,
        credential_id: &str,
        revocation_path: &[u8],
        pk: &ProvingKey,
        origin: &str,
    ) -> Result<Presentation> {
        let request = PresentationRequest::from_json(request_json)?;
        check_origin(&request.scope, origin)?;
        let credential = self.credential(credential_id)?;
        Ok(Presentation(holder::prove(
            &request,
            credential,
            self.0.secret(),
            &path_from_bytes(revocation_path)?,
            &pk.0,
        )?))
    }

    /// The zkcred request an OpenID4VP Authorization Request stands for,
    /// answered from the web `origin` the browser reports: only
    /// `response_mode: dc_api` requests, whose audience (the nullifier's
    /// scope) the binding derives from that origin, never from the request
    /// (a `direct_post` request names its audience itself, which a page
    /// could set to another verifier's).
    fn openid4vp_request(
        request_json: &str,
        origin: &str,
    ) -> Result<(AuthorizationRequest, PresentationRequest)> {
        let auth = AuthorizationRequest::from_json(request_json)?;
        if auth.response_mode != ResponseMode::DcApi {
            return Err(ZkcredError::new(
                "request",
                "the in-page wallet answers only response_mode dc_api requests",
            ));
        }
        let request = auth.to_presentation_request(Some(origin))?;
        Ok((auth, request))
    }

    /// [`Wallet::check`] for an OpenID4VP request (`dc_api`).
    pub fn check_openid4vp(
        &self,
        request_json: &str,
        credential_id: &str,
        revocation_path: &[u8],
        origin: &str,
    ) -> Result<()> {
        let (_, request) = Self::openid4vp_request(request_json, origin)?;
        let credential = self.credential(credential_id)?;
        Ok(holder::check(
            &request,
            credential,
            self.0.secret(),
            &path_from_bytes(revocation_path)?,
        )?)
    }

    /// Answers an OpenID4VP Authorization Request of zkcred's profile
    /// (`dc_api`) for the page at `origin`: the `vp_token` response as JSON.
    /// The proving key must be the one the request names (`key`).
    pub fn prove_openid4vp(
        &self,
        request_json: &str,
        credential_id: &str,
        revocation_path: &[u8],
        pk: &ProvingKey,
        origin: &str,
    ) -> Result<String> {
        let (auth, request) = Self::openid4vp_request(request_json, origin)?;
        auth.check_proving_key(&pk.0)?;
        let credential = self.credential(credential_id)?;
        let presentation = holder::prove(
            &request,
            credential,
            self.0.secret(),
            &path_from_bytes(revocation_path)?,
            &pk.0,
        )?;
        Ok(VpTokenResponse::new(&auth, Some(origin), &presentation)?.to_json())
    }

    fn credential(&self, id: &str) -> Result<&Credential> {
        self.0
            .credentials()
            .iter()
            .find(|c| c.id == id)
            .ok_or_else(|| {
                ZkcredError::new("credential", "the wallet holds no credential with this id")
            })
    }
}

/// The issuer's non-revocation path from its 1536-byte encoding.
fn path_from_bytes(bytes: &[u8]) -> Result<MerklePath> {
    Ok(zkcred_core::revocation::path_from_bytes(bytes)?)
}

//! Groth16 keys of the presentation circuit, loaded and validated by core.
//! A proving key is installed once (`ProvingKey.install`: the full
//! validation) and loaded warm from its installed form afterwards
//! (`ProvingKey.fromInstalled`; zkcred-core's `keys::installed`).

use wasm_bindgen::prelude::*;
use zkcred_core::keys::{self, TrustedKey};

use crate::{
    errors::{set, Result},
    input,
};

/// The presentation circuit's proving key (about 2.5 MB compressed).
/// Loading validates every point and checks the key against the verifying
/// key the site verifies with, which takes a few seconds in wasm: load it
/// once (in a Web Worker) and keep it.
#[wasm_bindgen]
pub struct ProvingKey(pub(crate) keys::ProvingKey);

#[wasm_bindgen]
impl ProvingKey {
    /// Loads a proving key (`zkcred setup`'s `presentation.pk`) from an
    /// untrusted source and checks it against `vk`, the verifying key the
    /// relying party verifies with: every point is validated, the embedded
    /// verifying key must be `vk`, and batched pairing checks show the
    /// prover's elements fit it (`ProvingKeyFor::from_bytes_checked` in
    /// zkcred-core), so proofs made with it reveal nothing beyond the
    /// statement. Throws `key` when the bytes are malformed or the key does
    /// not fit `vk`. The check runs once per bytes and `vk` in this instance.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes_js(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
        vk: &VerifyingKey,
    ) -> Result<ProvingKey> {
        ProvingKey::from_bytes(&input::bytes(&bytes, "bytes")?, vk)
    }

    /// Installs a proving key once: loads and checks `bytes` against `vk`
    /// as `fromBytes` does, and returns `{key, installed}`: the key, ready
    /// to prove, and its installed form (uncompressed, about 5 MB, not
    /// secret) to store where only this app writes (IndexedDB under the
    /// verifying key's hash) and load with `fromInstalled` on later starts.
    /// Throws `key` when the bytes are malformed or the key does not fit.
    #[wasm_bindgen(
        js_name = install,
        unchecked_return_type = "{ key: ProvingKey; installed: Uint8Array }"
    )]
    pub fn install_js(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
        vk: &VerifyingKey,
    ) -> Result<JsValue> {
        let (key, installed) = keys::ProvingKey::install(&input::bytes(&bytes, "bytes")?, &vk.0)?;
        let out = js_sys::Object::new();
        set(&out, "key", &ProvingKey(key).into());
        set(
            &out,
            "installed",
            &js_sys::Uint8Array::from(installed.as_slice()).into(),
        );
        Ok(out.into())
    }

    /// Loads an installed proving key (`install`'s `installed`) that must
    /// have been installed against `vk`: an integrity hash and the curve
    /// checks, without the subgroup checks of a validated load (several
    /// times faster). Throws `key` when the bytes are corrupted, truncated,
    /// of another circuit or installed from another key (install again
    /// from the compressed key then), `unsupportedVersion` for another
    /// format version.
    #[wasm_bindgen(js_name = fromInstalled)]
    pub fn from_installed_js(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] installed: JsValue,
        vk: &VerifyingKey,
    ) -> Result<ProvingKey> {
        Ok(ProvingKey(keys::ProvingKey::from_installed(
            &input::bytes(&installed, "installed")?,
            &TrustedKey::verifying_key(&vk.0),
        )?))
    }

    /// The matching verifying key.
    #[wasm_bindgen(js_name = verifyingKey)]
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey(self.0.verifying_key())
    }

    /// Where the key comes from: `"ceremony"` (exported from a phase-2
    /// ceremony's `.zkey`, see `zkeyHash`) or `"development"` (one party's
    /// setup: whoever ran it can forge proofs).
    #[wasm_bindgen(getter)]
    pub fn origin(&self) -> String {
        origin_name(self.0.origin()).into()
    }

    /// For a ceremony key, the BLAKE2b-512 hash of the `.zkey` file it was
    /// exported from (128 hex digits, what `b2sum final.zkey` prints);
    /// `undefined` for a development key.
    #[wasm_bindgen(getter, js_name = zkeyHash)]
    pub fn zkey_hash(&self) -> Option<String> {
        zkey_hash_hex(self.0.origin())
    }
}

/// The JS name of a key's origin.
fn origin_name(origin: keys::KeyOrigin) -> &'static str {
    match origin {
        keys::KeyOrigin::Development => "development",
        keys::KeyOrigin::Ceremony { .. } => "ceremony",
    }
}

/// A ceremony key's zkey hash in hex.
fn zkey_hash_hex(origin: keys::KeyOrigin) -> Option<String> {
    match origin {
        keys::KeyOrigin::Development => None,
        keys::KeyOrigin::Ceremony { zkey_blake2b } => {
            Some(zkey_blake2b.iter().map(|b| format!("{b:02x}")).collect())
        }
    }
}

impl ProvingKey {
    /// [`ProvingKey::from_bytes_js`] on bytes.
    pub fn from_bytes(bytes: &[u8], vk: &VerifyingKey) -> Result<ProvingKey> {
        Ok(ProvingKey(keys::ProvingKey::from_bytes_checked(
            bytes, &vk.0,
        )?))
    }
}

/// The presentation circuit's verifying key.
#[wasm_bindgen]
pub struct VerifyingKey(pub(crate) keys::VerifyingKey);

impl VerifyingKey {
    /// [`VerifyingKey::from_bytes_js`] on bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<VerifyingKey> {
        Ok(VerifyingKey(keys::VerifyingKey::from_bytes(bytes)?))
    }
}

#[wasm_bindgen]
impl VerifyingKey {
    /// Loads and validates a verifying key (`zkcred setup`'s `presentation.vk`).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes_js(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    ) -> Result<VerifyingKey> {
        VerifyingKey::from_bytes(&input::bytes(&bytes, "bytes")?)
    }

    /// The key's hash as OpenID4VP requests name it (`vk_hash` in the ZK
    /// system profile, `zkcred_core::openid4vp::vk_hash`): base64url
    /// SHA-256 of the key file.
    #[wasm_bindgen(getter)]
    pub fn hash(&self) -> String {
        zkcred_core::openid4vp::vk_hash(&self.0)
    }

    /// The compressed encoding (the key file's bytes).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }

    /// Where the key comes from: `"ceremony"` or `"development"` (as
    /// [`ProvingKey::origin`]).
    #[wasm_bindgen(getter)]
    pub fn origin(&self) -> String {
        origin_name(self.0.origin()).into()
    }

    /// For a ceremony key, the `.zkey` file's BLAKE2b-512 hash (hex);
    /// `undefined` for a development key.
    #[wasm_bindgen(getter, js_name = zkeyHash)]
    pub fn zkey_hash(&self) -> Option<String> {
        zkey_hash_hex(self.0.origin())
    }
}

//! Groth16 keys of the presentation circuit, loaded and validated by core.

use wasm_bindgen::prelude::*;
use zkcred_core::keys;

use crate::errors::Result;

/// The presentation circuit's proving key (about 2.5 MB compressed).
/// Loading validates every point, which takes a few seconds in wasm: load it
/// once (in a Web Worker) and keep it.
#[wasm_bindgen]
pub struct ProvingKey(pub(crate) keys::ProvingKey);

#[wasm_bindgen]
impl ProvingKey {
    /// Loads and validates a proving key (`zkcred setup`'s `presentation.pk`).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<ProvingKey> {
        Ok(ProvingKey(keys::ProvingKey::from_bytes(bytes)?))
    }

    /// The matching verifying key.
    #[wasm_bindgen(js_name = verifyingKey)]
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey(self.0.verifying_key())
    }
}

/// The presentation circuit's verifying key.
#[wasm_bindgen]
pub struct VerifyingKey(pub(crate) keys::VerifyingKey);

#[wasm_bindgen]
impl VerifyingKey {
    /// Loads and validates a verifying key (`zkcred setup`'s `presentation.vk`).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<VerifyingKey> {
        Ok(VerifyingKey(keys::VerifyingKey::from_bytes(bytes)?))
    }

    /// The compressed encoding.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }
}

//! Phase-2 ceremony contributions from a browser (or Node): most ceremony
//! contributors use one. Thin: `zkcred_core::circom::phase2::contribute_bytes`
//! parses and validates the `.zkey`, draws the secret from the platform's
//! CSPRNG (`crypto.getRandomValues` through getrandom) hashed with the
//! contributor's entropy, uses it once and wipes it, and writes the new key.

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;
use zkcred_core::circom::{keypair::format_hash, phase2};

use crate::{errors::Result, input};

/// The longest entropy text or bytes taken (far above any typed text).
const MAX_ENTROPY_BYTES: usize = 1 << 16;

/// A contribution made by [`contribute`]: the new key and the hash its
/// contributor keeps to find it in the final key.
#[wasm_bindgen]
pub struct Contributed {
    zkey: Vec<u8>,
    hash: [u8; 64],
}

#[wasm_bindgen]
impl Contributed {
    /// The new `.zkey` file's bytes (the key with this contribution last).
    #[wasm_bindgen(getter)]
    pub fn zkey(&self) -> Vec<u8> {
        self.zkey.clone()
    }

    /// The contribution hash in the form `snarkjs zkey contribute` prints it
    /// under "Contribution Hash:" and `zkcred ceremony verify` lists it:
    /// four lines of four 8-digit hex words, each line starting with two
    /// tabs.
    #[wasm_bindgen(getter)]
    pub fn hash(&self) -> String {
        format_hash(&self.hash, "")
    }

    /// The contribution hash as 128 lowercase hex digits.
    #[wasm_bindgen(getter, js_name = hashHex)]
    pub fn hash_hex(&self) -> String {
        hex_lower(&self.hash)
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Contributes to a phase-2 ceremony (as `snarkjs zkey contribute` and
/// `zkcred ceremony contribute`): `zkeyBytes` is the current `.zkey`,
/// `entropy` text or bytes the contributor adds (mixed with 64 bytes of the
/// platform's CSPRNG; may be empty), `name` the contributor's name (at most
/// 64 bytes). Returns the new key and the contribution hash. Throws a
/// `ZkcredError` of kind `encoding` for a malformed or truncated key, a name
/// too long or an argument of the wrong type.
#[wasm_bindgen(js_name = contribute)]
pub fn contribute_js(
    #[wasm_bindgen(js_name = zkeyBytes, unchecked_param_type = "Uint8Array")] zkey_bytes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] entropy: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | undefined")] name: JsValue,
) -> Result<Contributed> {
    let bytes = input::bytes(&zkey_bytes, "zkeyBytes")?;
    let entropy = Zeroizing::new(if entropy.is_string() {
        input::string(&entropy, "entropy")?.into_bytes()
    } else {
        input::bytes(&entropy, "entropy")?
    });
    if entropy.len() > MAX_ENTROPY_BYTES {
        return Err(input::wrong("entropy", "longer than 65536 bytes"));
    }
    let name = if name.is_undefined() || name.is_null() {
        None
    } else {
        Some(input::string(&name, "name")?)
    };
    contribute(&bytes, &entropy, name.as_deref())
}

/// [`contribute_js`] on Rust values.
pub fn contribute(zkey: &[u8], entropy: &[u8], name: Option<&str>) -> Result<Contributed> {
    let (zkey, hash) = phase2::contribute_bytes(zkey, name, entropy)?;
    Ok(Contributed { zkey, hash })
}

#[cfg(test)]
mod tests {
    //! On the host (the JS argument checks and the `ZkcredError` class need a
    //! JS engine: scripts/test-circom.sh runs the package's `contribute` in
    //! Node on a presentation key and checks it with snarkjs).
    use zkcred_core::circom::{phase2, Zkey};

    use super::contribute;

    /// snarkjs's key for the small test circuit (core's circom vectors).
    const ZKEY: &[u8] = include_bytes!("../../core/tests/vectors/circom/cubic_final.zkey");

    #[test]
    fn a_contribution_is_appended_under_its_name_with_the_hash_returned() {
        let c = contribute(ZKEY, b"typed text", Some("browser")).unwrap();
        let before = Zkey::from_bytes(ZKEY).unwrap();
        let after = Zkey::from_bytes(&c.zkey()).unwrap();
        assert_eq!(after.contributions.len(), before.contributions.len() + 1);
        let last = after.contributions.last().unwrap();
        assert_eq!(last.name.as_deref(), Some("browser"));
        assert_eq!(phase2::contribution_hash(last), c.hash);
        assert_eq!(c.hash_hex().len(), 128);
        let text = c.hash();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("\t\t"));
        assert_eq!(lines[0][2..].replace(' ', ""), c.hash_hex()[..32]);
        // Fresh randomness each time, whatever the entropy.
        let again = contribute(ZKEY, b"typed text", Some("browser")).unwrap();
        assert_ne!(again.hash, c.hash);
    }

    #[test]
    fn a_truncated_or_foreign_file_is_an_encoding_error() {
        for bad in [
            &ZKEY[..ZKEY.len() - 1],
            &ZKEY[..100],
            b"not a zkey".as_slice(),
        ] {
            let e = contribute(bad, b"", None).err().unwrap();
            assert_eq!(e.kind, "encoding", "{e}");
        }
        let long = "x".repeat(65);
        assert_eq!(
            contribute(ZKEY, b"", Some(&long)).err().unwrap().kind,
            "encoding"
        );
    }
}

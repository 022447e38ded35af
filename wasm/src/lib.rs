//! zkcred-wasm: zkcred in the browser and in Node, through wasm-bindgen.
//!
//! Thin bindings: conversions and errors only; every check and all the
//! cryptography stay in `zkcred-core`.
//!
//! - Holder: [`wallet::Wallet`] (holder secret and credentials; credential
//!   import; proving a presentation for a request).
//! - Verifier: [`presentation::verify`] and [`presentation::verify_bytes`];
//!   [`batch::verify_batch`] for many proofs at once (one row each).
//! - Keys: [`keys::ProvingKey`] and [`keys::VerifyingKey`], validated on load.
//! - Ceremony (feature `ceremony`, its own small module in the npm
//!   package): `ceremony::contribute`, a phase-2 contribution to a `.zkey`.
//!
//! JS names are camelCase, byte strings are `Uint8Array`, JSON arguments are
//! the text or the parsed object ([`input`]: an argument of the wrong type
//! is an `encoding` error, never a trap), and errors are instances of the
//! package's `ZkcredError` class (wasm/npm/errors.js) with a `kind`
//! ([`errors::ZkcredError`]). Requests are checked as they are built
//! ([`request`]). Holder secrets are zeroized when the wallet is
//! freed. The TypeScript declarations come from wasm-bindgen.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The threaded build (feature `threads`) is the holder's prover in the
// package's worker: the verifier's and the request builder's exports are
// in the single-threaded build only (the package root's), which also keeps
// the threaded bundle within 2,000,000 bytes.
#[cfg(all(feature = "app", not(feature = "threads")))]
pub mod batch;
#[cfg(feature = "ceremony")]
pub mod ceremony;
pub mod errors;
pub mod input;
#[cfg(feature = "app")]
pub mod keys;
#[cfg(all(feature = "app", not(feature = "threads")))]
pub mod openid4vp;
#[cfg(feature = "app")]
pub mod presentation;
#[cfg(all(feature = "app", not(feature = "threads")))]
pub mod request;
#[cfg(feature = "app")]
pub mod wallet;

use wasm_bindgen::prelude::*;

pub use errors::ZkcredError;

/// The threaded build (feature `threads`) exports `initThreadPool(n)`: it
/// starts `n` Web Workers sharing this module's memory as rayon's pool, and
/// must resolve before the first proof (the npm package's worker does it).
#[cfg(all(feature = "threads", target_arch = "wasm32"))]
pub use wasm_bindgen_rayon::init_thread_pool;

/// The zkcred-wasm version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").into()
}

/// Whether this is the threaded build (feature `threads`: proving on a
/// rayon pool started by `initThreadPool`).
#[wasm_bindgen(js_name = threadedBuild)]
pub fn threaded_build() -> bool {
    cfg!(feature = "threads")
}

// (They use the verifier's exports, which the threaded build leaves out.)
#[cfg(all(test, feature = "app", not(feature = "threads")))]
mod tests {
    //! The bindings on the host (the JS-facing error conversion aside, which
    //! needs a JS engine: the Node tests in `wasm/tests` cover it).
    use serde_json::json;
    use zkcred_circuits::smt::{empty_roots, MerklePath, LEVELS};
    use zkcred_core::{
        date::Date, issuer::IssuerKey, request::Op, schema::Schema, PresentationRequest,
    };

    use crate::{
        keys::ProvingKey,
        presentation::{verify, verify_bytes, Presentation},
        wallet::Wallet,
    };

    const SCHEMA: &str = r#"{"schemaVersion": 1, "id": "kyc-basic", "version": 1,
      "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}]}"#;

    fn credential(wallet: &Wallet, issuer: &IssuerKey, birth: &str) -> String {
        let today = Date::today();
        let subject = json!({"birth_date": birth, "nationality": "DE"});
        issuer
            .issue(
                &Schema::from_json(SCHEMA).unwrap(),
                subject.as_object().unwrap().clone(),
                zkcred_core::encoding::fr_from_hex(&wallet.holder_commitment(), "c").unwrap(),
                3,
                today,
                Date::from_days(today.days() + 30).unwrap(),
            )
            .unwrap()
            .to_json()
    }

    /// The requesting page's origin in these tests.
    const ORIGIN: &str = "https://test.example";

    fn request(issuer: &IssuerKey) -> String {
        PresentationRequest::new(
            Schema::from_json(SCHEMA).unwrap(),
            "https://test.example/age",
        )
        .accept_issuer(&issuer.public_key(), empty_roots()[LEVELS])
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .require("nationality", Op::In, json!(["DE", "FR"]))
        .to_json()
    }

    fn empty_path() -> Vec<u8> {
        MerklePath::empty().to_bytes().unwrap()
    }

    #[test]
    fn errors_carry_core_kinds() {
        let e = Presentation::from_json("{").err().unwrap();
        assert_eq!(e.kind, "json");
        let e = crate::keys::VerifyingKey::from_bytes(&[0u8; 40])
            .err()
            .unwrap();
        assert_eq!(e.kind, "key");
        assert_eq!(
            crate::errors::kind_of(&zkcred_core::Error::VerificationFailed),
            "verificationFailed"
        );
    }

    #[test]
    fn wallet_imports_only_its_own_credentials_and_refuses_an_underage_one() {
        let issuer = IssuerKey::generate_os();
        let mut wallet = Wallet::new();
        let minor = Date::today().years_before(17).unwrap().to_string();
        let id = wallet
            .import_credential(&credential(&wallet, &issuer, &minor))
            .unwrap();
        assert_eq!(wallet.credential_ids(), vec![id.clone()]);
        let other = Wallet::new();
        let foreign = credential(&other, &issuer, "1990-01-01");
        assert_eq!(
            wallet.import_credential(&foreign).unwrap_err().kind,
            "credential"
        );
        let request = request(&issuer);
        let e = wallet
            .check(&request, &id, &empty_path(), ORIGIN)
            .unwrap_err();
        assert_eq!(e.kind, "unsatisfiable");
        assert!(
            e.message.contains("`birth_date` ageAtLeast"),
            "{}",
            e.message
        );
        assert!(!e.message.contains(&minor));
        assert_eq!(
            wallet
                .check(&request, &id, &[0u8; 3], ORIGIN)
                .unwrap_err()
                .kind,
            "encoding"
        );
        let copy = Wallet::from_json(zeroize::Zeroizing::new(wallet.to_json())).unwrap();
        assert_eq!(copy.holder_commitment(), wallet.holder_commitment());
    }

    #[test]
    fn proof_verifies_in_both_forms_and_not_for_another_challenge() {
        let (pk, vk) = zkcred_core::keys::setup_os().unwrap();
        let (pk, vk) = (ProvingKey(pk), crate::keys::VerifyingKey(vk));
        let issuer = IssuerKey::generate_os();
        let mut wallet = Wallet::new();
        let id = wallet
            .import_credential(&credential(&wallet, &issuer, "1990-05-17"))
            .unwrap();
        let request = request(&issuer);
        assert_eq!(wallet.matching(&request).unwrap(), vec![id.clone()]);
        let p = wallet
            .prove(&request, &id, &empty_path(), &pk, ORIGIN)
            .unwrap();
        assert_eq!(
            verify(&request, &p, &vk).unwrap().nullifier(),
            p.nullifier()
        );
        let bytes = p.to_bytes(&request).unwrap();
        assert_eq!(
            verify_bytes(&request, &bytes, &vk).unwrap().nullifier(),
            p.nullifier()
        );
        let again = Presentation::from_json(&p.to_json()).unwrap();
        assert_eq!(again.to_bytes(&request).unwrap(), bytes);
        // A request naming another verifying key (`vkHash`): the wallet
        // refuses this proving key with a `key` error, before proving.
        let mut named: serde_json::Value = serde_json::from_str(&request).unwrap();
        named["vkHash"] = json!("A".repeat(43));
        let e = wallet
            .prove(&named.to_string(), &id, &empty_path(), &pk, ORIGIN)
            .err()
            .unwrap();
        assert_eq!(e.kind, "key", "{e}");
        named["vkHash"] = json!(vk.hash());
        wallet
            .prove(&named.to_string(), &id, &empty_path(), &pk, ORIGIN)
            .unwrap();
        let mut other: serde_json::Value = serde_json::from_str(&request).unwrap();
        other["challenge"] = json!("33".repeat(31));
        let e = verify(&other.to_string(), &p, &vk).err().unwrap();
        assert_eq!(e.kind, "verificationFailed");
    }

    #[test]
    fn an_openid4vp_dc_api_request_is_answered_for_the_pages_origin_and_verified_for_it() {
        let (pk, vk) = zkcred_core::keys::setup_os().unwrap();
        let (pk, vk) = (ProvingKey(pk), crate::keys::VerifyingKey(vk));
        let issuer = IssuerKey::generate_os();
        let mut wallet = Wallet::new();
        let id = wallet
            .import_credential(&credential(&wallet, &issuer, "1990-05-17"))
            .unwrap();
        let auth = crate::openid4vp::dc_api_request(&request(&issuer), None, &vk).unwrap();
        let path = empty_path();
        wallet.check_openid4vp(&auth, &id, &path, ORIGIN).unwrap();
        let response = wallet
            .prove_openid4vp(&auth, &id, &path, &pk, ORIGIN)
            .unwrap();
        let verified =
            crate::openid4vp::verify_response(&auth, Some(ORIGIN), &response, &vk).unwrap();
        assert!(verified.nullifier().starts_with("0x"));
        // The scope is the page's origin: another site's page cannot use it.
        let e =
            crate::openid4vp::verify_response(&auth, Some("https://other.example"), &response, &vk)
                .err()
                .unwrap();
        assert_eq!(e.kind, "verificationFailed");
        // Another nonce, another request: refused.
        let other = crate::openid4vp::dc_api_request(&request(&issuer), None, &vk).unwrap();
        let e = crate::openid4vp::verify_response(&other, Some(ORIGIN), &response, &vk)
            .err()
            .unwrap();
        assert_eq!(e.kind, "verificationFailed");
        // A direct_post request names its own audience: the in-page wallet
        // does not answer it.
        let pr = PresentationRequest::from_json(&request(&issuer)).unwrap();
        let post = zkcred_core::openid4vp::AuthorizationRequest::from_presentation_request(
            &pr,
            zkcred_core::openid4vp::RequestTarget::DirectPost {
                client_id: None,
                response_uri: Some("https://other.example/response".into()),
            },
            zkcred_core::openid4vp::fresh_nonce(),
            Some("s".into()),
            &vk.0,
        )
        .unwrap()
        .to_json();
        let e = wallet
            .check_openid4vp(&post, &id, &path, ORIGIN)
            .unwrap_err();
        assert_eq!(e.kind, "request");
        // An underage credential is refused before proving, with its field.
        let minor = Date::today().years_before(17).unwrap().to_string();
        let mut young = Wallet::new();
        let kid = young
            .import_credential(&credential(&young, &issuer, &minor))
            .unwrap();
        let e = young
            .check_openid4vp(&auth, &kid, &path, ORIGIN)
            .unwrap_err();
        assert_eq!(e.kind, "unsatisfiable");
        assert_eq!(e.details.predicate, Some(0));
    }

    #[test]
    fn a_request_scoped_to_another_origin_is_refused_before_proving() {
        let issuer = IssuerKey::generate_os();
        let mut wallet = Wallet::new();
        let id = wallet
            .import_credential(&credential(&wallet, &issuer, "1990-05-17"))
            .unwrap();
        let request = request(&issuer);
        wallet
            .check(&request, &id, &empty_path(), ORIGIN)
            .expect("the page's own origin");
        for origin in [
            "https://other.example",
            "https://test.example:8443",
            "https://test.exampl",
            "http://localhost:8080",
        ] {
            let e = wallet
                .check(&request, &id, &empty_path(), origin)
                .unwrap_err();
            assert_eq!(e.kind, "scopeMismatch", "{origin}: {e}");
            assert!(!e.message.contains("example"), "{e}");
        }
        for origin in ["", "null", "https://test.example/", "http://test.example"] {
            let e = wallet
                .check(&request, &id, &empty_path(), origin)
                .unwrap_err();
            assert_eq!(e.kind, "encoding", "{origin:?}: {e}");
        }
    }

    #[test]
    fn a_key_tells_where_it_comes_from() {
        let (pk, vk) = zkcred_core::keys::setup_os().unwrap();
        let (pk, vk) = (ProvingKey(pk), crate::keys::VerifyingKey(vk));
        assert_eq!(
            (pk.origin(), vk.origin()),
            ("development".into(), "development".into())
        );
        assert_eq!((pk.zkey_hash(), vk.zkey_hash()), (None, None));
        // The same key with a version-2 header naming a zkey's hash.
        let v1 = vk.to_bytes();
        let mut v2 = v1[..8].to_vec();
        v2.extend_from_slice(&zkcred_core::keys::KEY_FORMAT_VERSION_CEREMONY.to_le_bytes());
        v2.extend_from_slice(&v1[10..26]);
        v2.extend_from_slice(&[0xab; 64]);
        v2.extend_from_slice(&v1[26..]);
        let ceremony = crate::keys::VerifyingKey::from_bytes(&v2).unwrap();
        assert_eq!(ceremony.origin(), "ceremony");
        assert_eq!(ceremony.zkey_hash(), Some("ab".repeat(64)));
    }

    #[test]
    fn a_proving_key_is_loaded_only_against_the_verifying_key_it_fits() {
        let (pk, vk) = zkcred_core::keys::setup_os().unwrap();
        let (pk_bytes, vk) = (pk.to_bytes(), crate::keys::VerifyingKey(vk));
        let loaded = ProvingKey::from_bytes(&pk_bytes, &vk).unwrap();
        assert_eq!(loaded.verifying_key().to_bytes(), vk.to_bytes());
        // Swap the prover's beta_1 and delta_1 (right after the embedded
        // verifying key): every point still parses, but the key no longer
        // fits the verifying key.
        let at = vk.to_bytes().len();
        let mut unfit = pk_bytes.clone();
        unfit[at..at + 64].rotate_left(32);
        assert_ne!(unfit, pk_bytes);
        zkcred_core::keys::ProvingKey::from_bytes(&unfit).expect("parses unchecked");
        assert_eq!(
            ProvingKey::from_bytes(&unfit, &vk).err().unwrap().kind,
            "key"
        );
        // A well-formed key of another setup does not fit either.
        let (_, other_vk) = zkcred_core::keys::setup_os().unwrap();
        let other_vk = crate::keys::VerifyingKey(other_vk);
        assert_eq!(
            ProvingKey::from_bytes(&pk_bytes, &other_vk)
                .err()
                .unwrap()
                .kind,
            "key"
        );
        assert_eq!(
            ProvingKey::from_bytes(&[0u8; 40], &vk).err().unwrap().kind,
            "key"
        );
    }
}

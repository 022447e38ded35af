//! Pinned circuit shape and proofs made by earlier versions.
//!
//! `tests/vectors/presentation-v2/` holds a verifying key, a request and a
//! presentation made from fixed seeds. The tests check that
//! 1. the stored presentation still verifies under the stored key and request
//!    (proofs made by earlier builds stay valid), and
//! 2. today's code, from the same seeds, makes byte-identical keys and proofs
//!    (the circuit, the key generation and the prover are unchanged).
//!
//! A deliberate change of the circuit regenerates the files with
//! `ZKCRED_REGENERATE_VECTORS=1 cargo test -p zkcred-core --test pinned`
//! (and needs new keys everywhere, a new verifier contract, and a version bump
//! of `keys::CIRCUIT_ID`).
//!
//! `tests/vectors/presentation-v1/` keeps the same files made by version 1
//! of the circuit (before `issued <= now` and the tagged nullifier): this
//! build refuses each with a typed circuit-version error.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::path::PathBuf;

use fixtures::*;
use serde_json::json;
use zkcred_core::{
    holder::{self, HolderSecret},
    issuer::{Issuer, IssuerKey},
    keys::{self, VerifyingKey},
    request::{Op, PresentationRequest},
    verifier, Presentation,
};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/presentation-v2")
}

/// Everything from fixed seeds.
fn make() -> (Vec<u8>, PresentationRequest, Presentation) {
    let (pk, vk) = keys::setup(&mut rng(20_261_123)).unwrap();
    let mut issuer = Issuer::in_memory(IssuerKey::from_bytes([0x11; 32])).unwrap();
    let secret = HolderSecret::from_bytes(&[0x07; 32]).unwrap();
    let until = zkcred_core::date::Date::from_days(today().days() + 365).unwrap();
    let credential = issuer
        .issue(
            &schema(),
            subject("1990-05-17", "DE", 3),
            secret.commitment(),
            today(),
            until,
        )
        .unwrap();
    issuer.revoke_any(5).unwrap(); // a serial never issued here
    let mut request = PresentationRequest::new(schema(), "pinned.example/age-gate")
        .accept_issuer(
            &issuer.key().public_key(),
            issuer.revocation_root().unwrap(),
        )
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .require("nationality", Op::In, json!(["DE", "FR", "IT"]))
        .require("kyc_level", Op::Between, json!([2, 5]))
        .disclose("residence")
        .at(today());
    request.challenge = "00112233445566778899aabbccddeeff00112233445566778899aabbccddee".into();
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let presentation =
        holder::prove_with_rng(&request, &credential, &secret, &path, &pk, &mut rng(99)).unwrap();
    (vk.to_bytes(), request, presentation)
}

#[test]
fn stored_presentation_verifies_and_todays_code_reproduces_it() {
    let d = dir();
    if std::env::var_os("ZKCRED_REGENERATE_VECTORS").is_some() {
        let (vk, request, presentation) = make();
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("verifying_key.bin"), vk).unwrap();
        std::fs::write(d.join("request.json"), request.to_json()).unwrap();
        std::fs::write(d.join("presentation.json"), presentation.to_json()).unwrap();
    }
    let stored_vk =
        std::fs::read(d.join("verifying_key.bin")).expect("stored vectors (see the module docs)");
    let stored_request = std::fs::read_to_string(d.join("request.json")).unwrap();
    let stored_presentation = std::fs::read_to_string(d.join("presentation.json")).unwrap();

    // 1. The stored proof verifies under the stored key and request.
    let vk = VerifyingKey::from_bytes(&stored_vk).unwrap();
    let request = PresentationRequest::from_json(&stored_request).unwrap();
    let presentation = Presentation::from_json(&stored_presentation).unwrap();
    let verified = verifier::verify(&request, &presentation, &vk).unwrap();
    assert_eq!(verified.disclosed["residence"], json!("DE"));

    // 2. Today's code reproduces the same bytes from the same seeds.
    let (vk_now, request_now, presentation_now) = make();
    assert!(
        vk_now == stored_vk,
        "the verifying key changed: the circuit or key generation changed (see the module docs)"
    );
    assert_eq!(request_now.to_json(), stored_request);
    assert_eq!(
        presentation_now.to_json(),
        stored_presentation,
        "the prover's output changed"
    );
}

#[test]
fn version_1_vectors_are_refused_with_a_circuit_version_error() {
    use zkcred_core::Error;
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/presentation-v1");
    let circuit_v1 = |e: &Error| {
        matches!(
            e,
            Error::UnsupportedVersion {
                what: "circuit",
                found: 1,
                supported: 2
            }
        )
    };
    // The v1 verifying key: its header names presentation/v1.
    let vk = std::fs::read(d.join("verifying_key.bin")).unwrap();
    let e = VerifyingKey::from_bytes(&vk).unwrap_err();
    assert!(circuit_v1(&e), "{e:?}");
    assert_eq!(
        e.to_string(),
        "unsupported circuit version 1 (this build reads version 2)"
    );
    // The v1 presentation, in JSON and in the binary form.
    let json = std::fs::read_to_string(d.join("presentation.json")).unwrap();
    let e = Presentation::from_json(&json).unwrap_err();
    assert!(circuit_v1(&e), "{e:?}");
    let request =
        PresentationRequest::from_json(&std::fs::read_to_string(d.join("request.json")).unwrap())
            .unwrap();
    let slots = request.compile().unwrap().disclosed;
    let v2 =
        Presentation::from_json(&std::fs::read_to_string(dir().join("presentation.json")).unwrap())
            .unwrap();
    let mut binary = v2.to_bytes(&slots).unwrap();
    binary[4] = 1; // the version byte of a v1 envelope
    let e = Presentation::from_bytes(&binary, &slots).unwrap_err();
    assert!(circuit_v1(&e), "{e:?}");
}

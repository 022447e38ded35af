//! Test vectors of the `zkcred-eddsa-poseidon-2025` Data Integrity
//! cryptosuite (docs/data-integrity.md section 9).
//!
//! `tests/vectors/data-integrity.json` holds, for a fixed issuer key seed,
//! the demo schema, a subject and a holder secret: every field element of
//! the transformation, the Poseidon hashes, the signature and its
//! multibase `proofValue`, and the credential. The test checks that today's
//! code makes exactly that file, and that the stored credential verifies and
//! decodes to the stored values. circomlibjs checks the same file
//! independently (`scripts/vectors/check-data-integrity.mjs`, run by
//! `scripts/check-vectors.sh`).
//!
//! A deliberate change of the format regenerates it with
//! `ZKCRED_REGENERATE_VECTORS=1 cargo test -p zkcred-core --test data_integrity`.

use std::path::PathBuf;

use serde_json::{json, Value};
use zkcred_core::{
    credential::{self, multibase},
    date::Date,
    fixtures::DEMO_KYC_SCHEMA,
    holder::HolderSecret,
    issuer::IssuerKey,
    schema::Schema,
    Credential, Fr,
};

const REGENERATE: &str =
    "ZKCRED_REGENERATE_VECTORS=1 cargo test -p zkcred-core --test data_integrity";

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/data-integrity.json")
}

fn dec(x: &Fr) -> String {
    use ark_ff::PrimeField;
    x.into_bigint().to_string()
}

/// The vectors, from fixed seeds.
fn make() -> Value {
    let issuer_seed = [0x5a; 32];
    let key = IssuerKey::from_bytes(issuer_seed);
    let public = key.public_key();
    let holder = HolderSecret::from_bytes(&[0x07; 32]).unwrap();
    let schema = Schema::from_json(DEMO_KYC_SCHEMA).unwrap();
    // Every attribute type; a birth date before 1970 shows the date bias.
    let subject = json!({
        "birth_date": "1961-08-04", "nationality": "DE", "residence": "FR",
        "full_name": "Ada Lovelace", "document_type": "passport", "kyc_level": 3, "pep": false
    });
    let credential = key
        .issue(
            &schema,
            subject.as_object().unwrap().clone(),
            holder.commitment(),
            7,
            Date::parse("2026-01-01").unwrap(),
            Date::parse("2030-12-31").unwrap(),
        )
        .unwrap();
    let (_, data, signature) = credential.verify(&schema).unwrap();
    let bytes = signature.to_bytes();
    let credential_json: Value = serde_json::from_str(&credential.to_json()).unwrap();
    json!({
        "description": "zkcred-eddsa-poseidon-2025 (docs/data-integrity.md): transformation, hashing and proof serialization of one credential. Field elements in decimal; byte strings in lower-case hex.",
        "regenerate": REGENERATE,
        "check": "bash scripts/check-vectors.sh (circomlibjs 0.1.7, @scure/base)",
        "cryptosuite": "zkcred-eddsa-poseidon-2025",
        "issuer": {
            "private_key": hex::encode(issuer_seed),
            "public_key": {
                "x": dec(&public.0 .0.x),
                "y": dec(&public.0 .0.y),
                "packed": public.to_hex(),
            },
        },
        "holder_secret": hex::encode([0x07; 32]),
        "schema": serde_json::from_str::<Value>(DEMO_KYC_SCHEMA).unwrap(),
        "transformation": {
            "schema_id": dec(&data.schema_id),
            "serial": data.serial.to_string(),
            "issued": data.issued.to_string(),
            "expiry": data.expiry.to_string(),
            "holder_commitment": dec(&data.holder_commitment),
            "attributes": data.attributes.iter().map(dec).collect::<Vec<_>>(),
        },
        "hashing": {
            "attributes_hash": dec(&data.attributes_hash()),
            "message": dec(&data.hash()),
        },
        "signature": {
            "r8": {"x": dec(&signature.r8.x), "y": dec(&signature.r8.y)},
            "s": signature.s.to_string(),
            "bytes": hex::encode(bytes),
        },
        "proof_value": multibase::encode(&bytes),
        "credential": credential_json,
    })
}

#[test]
fn stored_vectors_match_todays_code_and_the_stored_credential_verifies() {
    let fresh = make();
    if std::env::var_os("ZKCRED_REGENERATE_VECTORS").is_some() {
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(path()).unwrap())
        .unwrap_or_else(|e| panic!("{e}; regenerate with {REGENERATE}"));
    assert_eq!(
        stored, fresh,
        "the vectors changed: if deliberately, regenerate with {REGENERATE}"
    );

    // The stored credential, read as any credential is, verifies and
    // decodes to the stored intermediate values.
    let schema = Schema::from_json(DEMO_KYC_SCHEMA).unwrap();
    let credential = Credential::from_json(&stored["credential"].to_string()).unwrap();
    let (issuer, data, signature) = credential.verify(&schema).unwrap();
    assert_eq!(issuer.to_hex(), stored["issuer"]["public_key"]["packed"]);
    assert_eq!(dec(&data.hash()), stored["hashing"]["message"]);
    assert_eq!(
        hex::encode(signature.to_bytes()),
        stored["signature"]["bytes"]
    );
    assert_eq!(
        credential.proof.proof_value,
        stored["proof_value"].as_str().unwrap()
    );
    // The date attribute carries the 2^32 bias; 1961 is before 1970.
    let birth: u64 = stored["transformation"]["attributes"][0]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(birth < 1 << 32 && birth > (1 << 32) - 4000);
}

#[test]
fn a_changed_proof_value_or_signed_field_fails_against_the_vectors() {
    let stored = make();
    let schema = Schema::from_json(DEMO_KYC_SCHEMA).unwrap();
    let mut bytes: [u8; 64] =
        multibase::decode_fixed(stored["proof_value"].as_str().unwrap()).unwrap();
    bytes[40] ^= 1;
    let mut tampered = stored["credential"].clone();
    tampered["proof"]["proofValue"] = multibase::encode(&bytes).into();
    let c = Credential::from_json(&tampered.to_string()).unwrap();
    assert!(c.verify(&schema).is_err());
    let mut tampered = stored["credential"].clone();
    tampered["credentialSubject"]["kyc_level"] = 4.into();
    let c = Credential::from_json(&tampered.to_string()).unwrap();
    assert!(c.verify(&schema).is_err());
}

#[test]
fn the_context_is_the_one_every_package_ships() {
    let context: Value = serde_json::from_str(credential::CONTEXT_V1_JSON).unwrap();
    assert_eq!(
        context["@context"]["@vocab"],
        "https://w3id.org/zkcred/v1/attributes#"
    );
    // The Python package carries a copy (maturin packs only files under
    // python/); the npm package copies core's file when it is built.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let python =
        std::fs::read_to_string(root.join("python/zkcred/contexts/zkcred-v1.jsonld")).unwrap();
    assert_eq!(python, credential::CONTEXT_V1_JSON);
    let build = std::fs::read_to_string(root.join("scripts/build-wasm.sh")).unwrap();
    assert!(build.contains("cp core/contexts/zkcred-v1.jsonld \"$out/contexts/\""));
    // Every credential names it.
    let stored = make();
    assert_eq!(
        stored["credential"]["@context"],
        json!([
            "https://www.w3.org/ns/credentials/v2",
            credential::CONTEXT_URL
        ])
    );
}

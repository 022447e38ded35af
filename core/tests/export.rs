//! `zkcred_core::circom::export` on snarkjs's files: the keys exported from
//! snarkjs's ceremony key of the test circuit (`cubic_final.zkey`: a
//! snarkjs contribution and a beacon) verify snarkjs's own proof
//! (`cubic_proof.json`, read by `snarkjs::proof_from_json`) and refuse it
//! for changed public inputs; a zkcred proof made with the exported proving
//! key verifies; the exported verifying key is the zkey's and writes
//! snarkjs's `verification_key.json`.
//!
//! Vectors: `tests/vectors/circom/` (`bash scripts/vectors/gen-circom.sh`);
//! `ZKCRED_CIRCOM_VECTORS=DIR` reads fresh ones (`scripts/test-circom.sh`).

use std::path::PathBuf;

use ark_ff::One;
use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use zkcred_core::{
    circom::{export, Zkey},
    keys::{KeyOrigin, ProvingKeyFor, Statement, VerifyingKeyFor},
    snarkjs, ErrorKind, Fr,
};

/// The test circuit of the snarkjs vectors (as in `tests/circom.rs`):
/// `x^3 + x + 5 == y`, `z = x·y`, `y` and `z` public.
struct Cubic(Option<Fr>);

fn public(x: Fr) -> [Fr; 2] {
    let y = x * x * x + x + Fr::from(5u64);
    [y, x * y]
}

impl ConstraintSynthesizer<Fr> for Cubic {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let p = self.0.map(public);
        let y = FpVar::new_input(cs.clone(), || {
            p.map(|p| p[0]).ok_or(SynthesisError::AssignmentMissing)
        })?;
        let z = FpVar::new_input(cs.clone(), || {
            p.map(|p| p[1]).ok_or(SynthesisError::AssignmentMissing)
        })?;
        let x = FpVar::new_witness(cs, || self.0.ok_or(SynthesisError::AssignmentMissing))?;
        (&x * &x * &x + &x + Fr::from(5u64)).enforce_equal(&y)?;
        (&x * &y).enforce_equal(&z)
    }
}

enum CubicStatement {}

impl Statement for CubicStatement {
    const ID: &'static [u8; 16] = b"test/cubic/v1\0\0\0";
    const NAME: &'static str = "test/cubic/v1";
    const PUBLIC_INPUTS: usize = 2;
    type Circuit = Cubic;
    fn blank() -> Cubic {
        Cubic(None)
    }
}

fn vector(name: &str) -> Vec<u8> {
    let dir = match std::env::var_os("ZKCRED_CIRCOM_VECTORS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/circom"),
    };
    let path = dir.join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(name: &str) -> serde_json::Value {
    serde_json::from_slice(&vector(name)).unwrap()
}

#[test]
fn keys_exported_from_a_snarkjs_ceremony_verify_snarkjs_proofs_and_prove() {
    let bytes = vector("cubic_final.zkey");
    let zkey = Zkey::from_bytes(&bytes).unwrap();
    let (pk, vk) = export::export_bytes::<CubicStatement>(&bytes).unwrap();
    let origin = KeyOrigin::Ceremony {
        zkey_blake2b: export::zkey_hash(&bytes),
    };
    assert_eq!((pk.origin(), vk.origin()), (origin, origin));
    assert_eq!(vk.as_ark(), &zkey.verifying_key());
    let mut theirs = json("cubic_verification_key.json");
    theirs.as_object_mut().unwrap().remove("vk_alphabeta_12");
    assert_eq!(snarkjs::verification_key_json(&vk), theirs);

    // snarkjs's proof (x = 3) verifies; changed public inputs do not.
    let proof = snarkjs::proof_from_json(&json("cubic_proof.json")).unwrap();
    let inputs = snarkjs::public_from_json(&json("cubic_public.json"), 2).unwrap();
    assert_eq!(inputs, public(Fr::from(3u64)));
    vk.verify(&proof, &inputs).unwrap();
    for i in 0..2 {
        let mut bad = inputs.clone();
        bad[i] += Fr::one();
        assert_eq!(
            vk.verify(&proof, &bad).unwrap_err().kind(),
            ErrorKind::VerificationFailed
        );
    }

    // zkcred proves with the exported key (checked against its verifying
    // key first, as a wallet does); the proof verifies and writes as snarkjs
    // reads it.
    let pk = ProvingKeyFor::<CubicStatement>::from_bytes_checked(&pk.to_bytes(), &vk).unwrap();
    let rng = &mut ChaCha20Rng::seed_from_u64(5);
    let x = Fr::from(11u64);
    let ours = pk.prove_verified(Cubic(Some(x)), &public(x), rng).unwrap();
    let vk2 = VerifyingKeyFor::<CubicStatement>::from_bytes(&vk.to_bytes()).unwrap();
    vk2.verify(&ours, &public(x)).unwrap();
    assert_eq!(
        snarkjs::proof_from_json(&snarkjs::proof_json(&ours)).unwrap(),
        ours
    );
    assert!(vk2.verify(&ours, &public(Fr::from(3u64))).is_err());
    // scripts/test-circom.sh checks zkcred's proof with `snarkjs groth16
    // verify`: the files go to ZKCRED_EXPORT_SNARKJS_OUT when set.
    if let Some(dir) = std::env::var_os("ZKCRED_EXPORT_SNARKJS_OUT") {
        let dir = PathBuf::from(dir);
        let write = |name: &str, v: serde_json::Value| {
            std::fs::write(dir.join(name), serde_json::to_string_pretty(&v).unwrap()).unwrap()
        };
        write("verification_key.json", snarkjs::verification_key_json(&vk));
        write("proof.json", snarkjs::proof_json(&ours));
        write("public.json", snarkjs::public_json(&public(x)));
    }
}

#[test]
fn the_initial_key_and_another_statement_are_refused() {
    // snarkjs's initial key (no contribution: delta = 1 is public).
    let err = export::export_bytes::<CubicStatement>(&vector("cubic_0000.zkey")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Key);
    // The final key as a key of another statement.
    let err = export::export_bytes::<zkcred_core::keys::PresentationStatement>(&vector(
        "cubic_final.zkey",
    ))
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Key);
}

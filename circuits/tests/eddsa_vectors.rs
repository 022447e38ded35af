//! EdDSA-Poseidon against circomlibjs: `tests/vectors/eddsa.json` was written
//! by `scripts/vectors/gen-eddsa.mjs` (circomlibjs 0.1.7; regenerate with
//! `cd scripts/vectors && npm ci && npm run eddsa`). 14 keys (all-zero,
//! all-0xff, circomlib's test key, and LCG-derived ones) with messages
//! including 0, 1, p-2 and p-1; for each, `prv2pub`, `packPoint`,
//! `signPoseidon`, `packSignature`, and six `verifyPoseidon` verdicts (the
//! valid signature, message + 1, another key, S + 1 mod l, S + l, R8 + B8).
//! Native verdicts are checked against all of them, the circuit against the
//! ones it can express.

use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::{alloc::AllocVar, fields::fp::FpVar};
use ark_relations::gr1cs::ConstraintSystem;
use num_bigint::BigUint;
use serde_json::Value;
use zkcred_circuits::babyjubjub::{constraints::PointVar, Point, Scalar};
use zkcred_circuits::eddsa::{self, PublicKey, SecretKey, Signature};
use zkcred_circuits::{CircuitError, Fr};

fn doc() -> Value {
    serde_json::from_str(include_str!("vectors/eddsa.json")).expect("vector file parses")
}

fn fr(v: &Value) -> Fr {
    v.as_str().unwrap().parse().unwrap()
}

fn point(v: &Value) -> Point {
    Point {
        x: fr(&v["x"]),
        y: fr(&v["y"]),
    }
}

fn hex32(v: &Value) -> [u8; 32] {
    hex::decode(v.as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap()
}

fn hex64(v: &Value) -> [u8; 64] {
    hex::decode(v.as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap()
}

/// S as an integer (it may be ≥ l in the negative cases).
fn big(v: &Value) -> BigUint {
    v.as_str().unwrap().parse().unwrap()
}

fn l() -> BigUint {
    BigUint::from_bytes_le(&Scalar::MODULUS.to_bytes_le())
}

#[test]
fn keys_signatures_and_encodings_match_circomlibjs() {
    let doc = doc();
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 14);
    let p_minus_1 = -Fr::from(1u64);
    let msgs: Vec<Fr> = cases.iter().map(|c| fr(&c["message"])).collect();
    assert!(msgs.contains(&Fr::from(0u64)) && msgs.contains(&p_minus_1));

    for c in cases {
        let sk = SecretKey::from_bytes(hex32(&c["private_key"]));
        let msg = fr(&c["message"]);

        let pk = sk.public_key();
        assert_eq!(pk.0, point(&c["public_key"]), "prv2pub");
        let packed_pk = hex32(&c["public_key"]["packed"]);
        assert_eq!(pk.to_bytes(), packed_pk, "packPoint(A)");
        assert_eq!(PublicKey::from_bytes(&packed_pk), Ok(pk));

        let sig = sk.sign(msg);
        assert_eq!(sig.r8, point(&c["signature"]["r8"]), "R8");
        let s = big(&c["signature"]["s"]);
        assert_eq!(
            BigUint::from_bytes_le(&sig.s.into_bigint().to_bytes_le()),
            s,
            "S"
        );
        let packed_sig = hex64(&c["signature"]["packed"]);
        assert_eq!(sig.to_bytes(), packed_sig, "packSignature");
        assert_eq!(Signature::from_bytes(&packed_sig), Ok(sig));
        assert_eq!(sig.r8.compress(), packed_sig[..32]);
    }
}

#[test]
fn native_verdicts_match_verify_poseidon() {
    let doc = doc();
    let verdicts = doc["verdicts"].as_array().unwrap();
    assert_eq!(verdicts.len(), 14 * 6);
    let mut valid = 0;
    for v in verdicts {
        let what = v["what"].as_str().unwrap();
        let expected = v["valid"].as_bool().unwrap();
        let msg = fr(&v["message"]);
        let pk = PublicKey(point(&v["public_key"]));
        let packed = hex64(&v["signature"]["packed"]);
        let s = big(&v["signature"]["s"]);

        // Through the byte encoding (refuses S >= l, like verifyPoseidon).
        let via_bytes = Signature::from_bytes(&packed);
        if s >= l() {
            assert_eq!(via_bytes, Err(CircuitError::NonCanonicalScalar), "{what}");
        }
        let verdict = via_bytes.and_then(|sig| pk.verify(msg, &sig));
        assert_eq!(verdict.is_ok(), expected, "case {} {what}", v["case"]);
        if !expected {
            if let Err(e) = verdict {
                assert!(matches!(
                    e,
                    CircuitError::InvalidSignature | CircuitError::NonCanonicalScalar
                ));
            }
        }

        // Through the struct, for S < l.
        if s < l() {
            let sig = Signature {
                r8: point(&v["signature"]["r8"]),
                s: Scalar::from(s.clone()),
            };
            assert_eq!(pk.verify(msg, &sig).is_ok(), expected, "{what}");
        }
        valid += usize::from(expected);
        assert_eq!(expected, what == "valid");
    }
    assert_eq!(valid, 14);
}

#[test]
fn circuit_verdicts_match_verify_poseidon_for_s_below_l() {
    let doc = doc();
    // The valid case and every negative case with S < l, for a few keys
    // (each verification is ~4.2k constraints).
    for v in doc["verdicts"].as_array().unwrap().iter().take(18) {
        let s = big(&v["signature"]["s"]);
        if s >= l() {
            continue;
        }
        let cs = ConstraintSystem::<Fr>::new_ref();
        let pk = PointVar::new_input(cs.clone(), || Ok(point(&v["public_key"]))).unwrap();
        let sig = Signature {
            r8: point(&v["signature"]["r8"]),
            s: Scalar::from(s),
        };
        let sig = eddsa::constraints::SignatureVar::new_witness(cs.clone(), || Ok(sig)).unwrap();
        let msg = FpVar::new_witness(cs.clone(), || Ok(fr(&v["message"]))).unwrap();
        eddsa::constraints::verify(&pk, &sig, &msg).unwrap();
        assert_eq!(
            cs.is_satisfied().unwrap(),
            v["valid"].as_bool().unwrap(),
            "case {} {}",
            v["case"],
            v["what"]
        );
    }
}

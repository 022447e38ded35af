//! circom formats: zkcred's circuits exported as `.r1cs` (pinned shapes,
//! round trips), presentation witnesses as `.wtns` that satisfy them, and
//! `.ptau` / `.zkey` files made by snarkjs read, validated and written back
//! byte for byte, with the zkey's verifying key exported as snarkjs exports
//! it.
//!
//! The snarkjs files are in `tests/vectors/circom/`, made by
//! `bash scripts/vectors/gen-circom.sh` (which first writes `cubic.r1cs` and
//! `cubic.wtns` with `ZKCRED_REGENERATE_VECTORS=1 cargo test -p zkcred-core
//! --test circom test_circuit_r1cs`). `ZKCRED_CIRCOM_VECTORS=DIR` reads them from `DIR`
//! instead (`scripts/test-circom.sh` runs the tests on freshly made ones).

#[path = "support/fixtures.rs"]
mod fixtures;

use std::path::PathBuf;

use ark_ff::One;
use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use fixtures::*;
use serde_json::json;
use zkcred_core::{
    circom::{
        ptau::Ptau,
        r1cs::{Constraint, R1cs},
        wtns, Circuit, Zkey,
    },
    holder,
    request::{Op, PresentationRequest},
    snarkjs, verifier, ErrorKind, Fr,
};

/// The test circuit of the snarkjs vectors: `x^3 + x + 5 == y`, `y` public,
/// and `z = x·y` with a second public input `z`.
#[derive(Clone)]
pub struct Cubic {
    x: Option<Fr>,
}

impl Cubic {
    fn public(x: Fr) -> [Fr; 2] {
        let y = x * x * x + x + Fr::from(5u64);
        [y, x * y]
    }
}

impl ConstraintSynthesizer<Fr> for Cubic {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let public = self.x.map(Cubic::public);
        let y = FpVar::new_input(cs.clone(), || {
            public
                .map(|p| p[0])
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        let z = FpVar::new_input(cs.clone(), || {
            public
                .map(|p| p[1])
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        let x = FpVar::new_witness(cs.clone(), || {
            self.x.ok_or(SynthesisError::AssignmentMissing)
        })?;
        let x3 = &x * &x * &x;
        (x3 + &x + Fr::from(5u64)).enforce_equal(&y)?;
        (&x * &y).enforce_equal(&z)?;
        Ok(())
    }
}

fn vectors() -> PathBuf {
    match std::env::var_os("ZKCRED_CIRCOM_VECTORS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/circom"),
    }
}

fn vector(name: &str) -> Vec<u8> {
    let path = vectors().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn test_circuit_r1cs() {
    let r1cs = R1cs::from_circuit(Cubic { x: None }).unwrap();
    assert_eq!((r1cs.n_wires, r1cs.n_pub_in, r1cs.n_public()), (7, 2, 2));
    assert_eq!(r1cs.constraints.len(), 5);
    let bytes = r1cs.to_bytes().unwrap();
    // Its witness, in the same wire order, satisfies it; another does not.
    let x = Fr::from(3u64);
    let w = wtns::from_circuit(Cubic { x: Some(x) }).unwrap();
    if std::env::var_os("ZKCRED_REGENERATE_VECTORS").is_some() {
        std::fs::write(vectors().join("cubic.r1cs"), &bytes).unwrap();
        std::fs::write(vectors().join("cubic.wtns"), wtns::to_bytes(&w).unwrap()).unwrap();
    }
    assert!(
        vector("cubic.r1cs") == bytes,
        "the test circuit changed: regenerate"
    );
    assert_eq!(*wtns::from_bytes(&vector("cubic.wtns")).unwrap(), *w);
    assert_eq!(
        &w[..3],
        &[Fr::one(), Cubic::public(x)[0], Cubic::public(x)[1]]
    );
    assert!(r1cs.is_satisfied(&w));
    let mut bad = w.to_vec();
    bad[1] += Fr::one();
    assert!(!r1cs.is_satisfied(&bad));
}

#[test]
fn zkcred_circuits_export_with_their_pinned_shapes_and_round_trip() {
    for (circuit, constraints, public) in [
        (
            Circuit::Presentation,
            12_504,
            zkcred_circuits::presentation::NUM_PUBLIC_INPUTS,
        ),
        (
            Circuit::Scorecard,
            11_831,
            zkcred_circuits::scorecard::NUM_PUBLIC_INPUTS,
        ),
    ] {
        let r1cs = circuit.r1cs().unwrap();
        assert_eq!(r1cs.constraints.len(), constraints, "{circuit:?}");
        assert_eq!(r1cs.n_public() as usize, public, "{circuit:?}");
        assert_eq!((r1cs.n_pub_out, r1cs.n_prv_in), (0, 0));
        assert_eq!(r1cs.wire_to_label.len(), r1cs.n_wires as usize);
        let bytes = r1cs.to_bytes().unwrap();
        assert_eq!(R1cs::from_bytes(&bytes).unwrap(), r1cs, "{circuit:?}");
        assert_eq!(Circuit::from_name(circuit.name()), Some(circuit));
    }
    assert_eq!(Circuit::from_name("other"), None);
}

#[test]
fn a_presentation_witness_satisfies_the_exported_r1cs_and_round_trips() {
    let (issuer, secret, credential) = setup_holder(31, subject("1990-05-17", "DE", 2));
    let request = PresentationRequest::new(schema(), "shop.example/age-gate")
        .accept_issuer(
            &issuer.key().public_key(),
            issuer.revocation_root().unwrap(),
        )
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .at(today());
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let w = holder::witness(&request, &credential, &secret, &path).unwrap();
    let r1cs = Circuit::Presentation.r1cs().unwrap();
    assert_eq!(w.len(), r1cs.n_wires as usize);
    assert!(r1cs.is_satisfied(&w));
    // The public wires are the proof's public inputs.
    let mut rng = rng(32);
    let presentation =
        holder::prove_with_rng(&request, &credential, &secret, &path, &keys().0, &mut rng).unwrap();
    let inputs = verifier::public_inputs(&request, &presentation)
        .unwrap()
        .to_field_elements();
    assert_eq!(&w[1..=inputs.len()], inputs.as_slice());
    let bytes = wtns::to_bytes(&w).unwrap();
    assert_eq!(*wtns::from_bytes(&bytes).unwrap(), *w);
    // A changed wire breaks a constraint.
    let mut bad = w.to_vec();
    bad[inputs.len() + 5] += Fr::one();
    assert!(!r1cs.is_satisfied(&bad));
    // A request the credential fails yields no witness.
    let refused = request.require("nationality", Op::In, json!(["FR"]));
    let e = holder::witness(&refused, &credential, &secret, &path).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsatisfiable);
}

#[test]
fn a_snarkjs_ptau_prepared_for_phase_2_reads_validates_and_round_trips() {
    let bytes = vector("pot6_final.ptau");
    let ptau = Ptau::from_bytes(&bytes).unwrap();
    assert_eq!((ptau.power, ptau.ceremony_power), (6, 6));
    assert_eq!(ptau.tau_g1.len(), 127);
    assert_eq!(ptau.contributions.len(), 2);
    assert_eq!(ptau.contributions[0].name.as_deref(), Some("first"));
    let beacon = ptau.contributions[1].beacon.as_ref().unwrap();
    assert_eq!(beacon.iterations_exp, 10);
    let lagrange = ptau.lagrange.as_ref().unwrap();
    assert_eq!(lagrange.tau_g1.len(), 255);
    // tauG1[0] is the generator; the contributions' last tau is the file's.
    use ark_ec::AffineRepr;
    assert_eq!(ptau.tau_g1[0], ark_bn254::G1Affine::generator());
    assert_eq!(ptau.contributions[1].tau_g1, ptau.tau_g1[1]);
    assert!(
        ptau.to_bytes().unwrap() == bytes,
        "not written back byte for byte"
    );
}

/// The zkey's coefficients are the r1cs's A and B, row by row, then one
/// row per public wire and the constant (A = 1), as `snarkjs groth16 setup`
/// writes them; and its shape is the r1cs's.
fn assert_coefficients_are_the_r1cs(zkey: &Zkey, r1cs: &R1cs) {
    assert_eq!(
        (zkey.n_vars, zkey.n_public),
        (r1cs.n_wires, r1cs.n_public())
    );
    let rows = r1cs.constraints.len() as u32 + zkey.n_public + 1;
    assert!(zkey.domain_size >= rows && zkey.domain_size / 2 < rows);
    let mut expected = Vec::new();
    for (i, Constraint { a, b, .. }) in r1cs.constraints.iter().enumerate() {
        for (m, lc) in [(0, a), (1, b)] {
            for (s, v) in lc {
                expected.push((m, i as u32, *s, *v));
            }
        }
    }
    for s in 0..=zkey.n_public {
        expected.push((0, r1cs.constraints.len() as u32 + s, s, Fr::one()));
    }
    let got: Vec<_> = zkey
        .coefficients
        .iter()
        .map(|c| (c.matrix, c.constraint, c.signal, c.value))
        .collect();
    assert!(got == expected, "the coefficients are not the r1cs's");
}

#[test]
fn snarkjs_zkeys_read_validate_and_round_trip_byte_for_byte() {
    let r1cs = R1cs::from_bytes(&vector("cubic.r1cs")).unwrap();
    for (name, contributions) in [("cubic_0000.zkey", 0), ("cubic_final.zkey", 2)] {
        let bytes = vector(name);
        let zkey = Zkey::from_bytes(&bytes).unwrap();
        assert!(
            zkey.to_bytes().unwrap() == bytes,
            "{name} is not written back byte for byte"
        );
        assert_eq!(
            (zkey.n_vars, zkey.n_public),
            (r1cs.n_wires, r1cs.n_public())
        );
        // Domain: constraints plus one row per public wire and the constant.
        let rows = r1cs.constraints.len() as u32 + zkey.n_public + 1;
        assert!(zkey.domain_size >= rows && zkey.domain_size / 2 < rows);
        assert_eq!(zkey.contributions.len(), contributions, "{name}");
        assert_coefficients_are_the_r1cs(&zkey, &r1cs);
    }
    let last = Zkey::from_bytes(&vector("cubic_final.zkey")).unwrap();
    assert_eq!(last.contributions[0].name.as_deref(), Some("zkcred test"));
    assert!(last.contributions[1].beacon.is_some());
    assert_eq!(last.contributions[1].delta_after, last.delta_g1);
}

#[test]
fn a_zkey_exports_the_verifying_key_snarkjs_exports_and_verifies_snarkjs_proofs() {
    let zkey = Zkey::from_bytes(&vector("cubic_final.zkey")).unwrap();
    let vk = zkey.verifying_key();
    let theirs: serde_json::Value =
        serde_json::from_slice(&vector("cubic_verification_key.json")).unwrap();
    assert_eq!(snarkjs::groth16_verification_key_json_full(&vk), theirs);
    // snarkjs's proof of the witness x = 3 verifies under it, not for other inputs.
    let proof: serde_json::Value = serde_json::from_slice(&vector("cubic_proof.json")).unwrap();
    let public: Vec<Fr> = serde_json::from_slice::<Vec<String>>(&vector("cubic_public.json"))
        .unwrap()
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(public, Cubic::public(Fr::from(3u64)));
    let g1 = |v: &serde_json::Value| {
        ark_bn254::G1Affine::new(
            v[0].as_str().unwrap().parse().unwrap(),
            v[1].as_str().unwrap().parse().unwrap(),
        )
    };
    let fq2 = |v: &serde_json::Value| {
        ark_bn254::Fq2::new(
            v[0].as_str().unwrap().parse().unwrap(),
            v[1].as_str().unwrap().parse().unwrap(),
        )
    };
    let proof = ark_groth16::Proof::<ark_bn254::Bn254> {
        a: g1(&proof["pi_a"]),
        b: ark_bn254::G2Affine::new(fq2(&proof["pi_b"][0]), fq2(&proof["pi_b"][1])),
        c: g1(&proof["pi_c"]),
    };
    let pvk = ark_groth16::prepare_verifying_key(&vk);
    use ark_groth16::Groth16;
    use ark_snark::SNARK;
    assert!(Groth16::<ark_bn254::Bn254>::verify_with_processed_vk(&pvk, &public, &proof).unwrap());
    let wrong = [public[0], public[1] + Fr::one()];
    assert!(!Groth16::<ark_bn254::Bn254>::verify_with_processed_vk(&pvk, &wrong, &proof).unwrap());
}

/// A snarkjs zkey of one of zkcred's circuits (`snarkjs groth16 setup` on the
/// file of `zkcred export-r1cs`; minutes of snarkjs, so not in the default
/// run): it reads and validates, is written back byte for byte, is for the
/// circuit, and exports the verifying key snarkjs exports. Run with
/// `ZKCRED_CIRCOM_CIRCUIT=presentation ZKCRED_CIRCOM_ZKEY=F.zkey
/// ZKCRED_CIRCOM_VK=verification_key.json cargo test -p zkcred-core --test
/// circom -- --ignored`.
#[test]
#[ignore = "needs a snarkjs zkey of a zkcred circuit (see its documentation)"]
fn a_snarkjs_zkey_of_a_zkcred_circuit() {
    let var = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("set {k}"));
    let circuit = Circuit::from_name(&var("ZKCRED_CIRCOM_CIRCUIT")).unwrap();
    let bytes = std::fs::read(var("ZKCRED_CIRCOM_ZKEY")).unwrap();
    let start = std::time::Instant::now();
    let zkey = Zkey::from_bytes(&bytes).unwrap();
    eprintln!(
        "read and validated a {}-byte zkey in {:.2?}",
        bytes.len(),
        start.elapsed()
    );
    assert!(
        zkey.to_bytes().unwrap() == bytes,
        "not written back byte for byte"
    );
    assert_coefficients_are_the_r1cs(&zkey, &circuit.r1cs().unwrap());
    let theirs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(var("ZKCRED_CIRCOM_VK")).unwrap()).unwrap();
    assert_eq!(
        snarkjs::groth16_verification_key_json_full(&zkey.verifying_key()),
        theirs
    );
}

//! Where proving time goes: constraint synthesis, LC inlining, witness map
//! (FFTs), and the MSMs.
//!
//!   cargo run --release -p zkcred-benches --example prove_profile

use std::time::Instant;

use ark_bn254::{Bn254, Fr};
use ark_groth16::{r1cs_to_qap::LibsnarkReduction, r1cs_to_qap::R1CSToQAP, Groth16};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, SynthesisMode,
};
use ark_snark::SNARK;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcred_circuits::{
    eddsa::SecretKey,
    presentation::{
        self, circuit::PresentationCircuit, CredentialData, Policy, PredicateSlot, PublicInputs,
        Witness,
    },
    smt::MemoryTree,
};

fn main() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let issuer = SecretKey::from_bytes([3; 32]);
    let secret = Fr::from(12345u64);
    let credential = CredentialData {
        schema_id: Fr::from(1u64),
        serial: 7,
        issued: 20_000,
        expiry: 21_000,
        holder_commitment: presentation::holder_commitment(&secret),
        attributes: [Fr::from(5u64); 16],
    };
    let tree = MemoryTree::new();
    let public = PublicInputs {
        nullifier: presentation::nullifier(&secret, &Fr::from(9u64)),
        scope: Fr::from(9u64),
        challenge: Fr::from(1u64),
        now: 20_500,
        issuer_key_hash: presentation::issuer_key_hash(&issuer.public_key()),
        revocation_root: tree.root(),
        policy: Policy {
            schema_id: Fr::from(1u64),
            disclosure_mask: 0,
            predicates: [PredicateSlot::default(); 8],
            set_tables: [[Fr::from(0u64); 8]; 4],
        },
        disclosed: [Fr::from(0u64); 16],
    };
    let witness = Witness {
        signature: issuer.sign(credential.hash()),
        credential,
        issuer_key: issuer.public_key(),
        holder_secret: secret,
        revocation_path: tree.path(7),
    };
    presentation::check(&public, &witness).unwrap();
    let circuit = PresentationCircuit::new(public, witness);
    let (pk, _) =
        Groth16::<Bn254>::circuit_specific_setup(PresentationCircuit::blank(), &mut rng).unwrap();

    for _ in 0..3 {
        let t = Instant::now();
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Prove {
            construct_matrices: true,
            generate_lc_assignments: false,
        });
        circuit.clone().generate_constraints(cs.clone()).unwrap();
        let synth = t.elapsed();
        cs.finalize();
        let fin = t.elapsed();
        let _h =
            LibsnarkReduction::witness_map::<Fr, ark_poly::GeneralEvaluationDomain<Fr>>(cs.clone())
                .unwrap();
        let wm = t.elapsed();
        let t2 = Instant::now();
        let _proof = Groth16::<Bn254>::prove(&pk, circuit.clone(), &mut rng).unwrap();
        println!(
            "synthesis {:.1?}, +inline {:.1?}, +witness map {:.1?}; full prove {:.1?}",
            synth,
            fin - synth,
            wm - fin,
            t2.elapsed()
        );
    }
}

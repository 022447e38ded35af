//! Where proving time goes for the presentation statement: constraint
//! synthesis with and without building the matrices, LC inlining, the
//! witness map (FFTs), and each of the five MSMs (A, B in G1, B in G2, L,
//! H), with arkworks' MSM and with zkcred's (`zkcred_core::prover::msm`);
//! then whole proofs. Medians of the runs, with the range.
//!
//!   cargo run --release -p zkcred-benches --example prove_profile [-- RUNS]

use std::time::{Duration, Instant};

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::{AffineRepr, VariableBaseMSM};
use ark_ff::{BigInteger, PrimeField};
use ark_groth16::{r1cs_to_qap::LibsnarkReduction, r1cs_to_qap::R1CSToQAP, Groth16};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, OptimizationGoal, SynthesisMode,
    R1CS_PREDICATE_LABEL,
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
use zkcred_core::prover::{self, msm};

/// Runs `f` `runs` times; the median and range of its durations, and its
/// last result.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    times.sort();
    (
        times[runs / 2],
        times[0],
        times[runs - 1],
        last.expect("at least one run"),
    )
}

fn report(what: &str, (median, min, max): (Duration, Duration, Duration)) {
    println!(
        "{what:<44} {:>8.1} ms  ({:.1}-{:.1})",
        median.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

fn cs_in(construct_matrices: bool) -> ConstraintSystemRef<Fr> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices,
        generate_lc_assignments: false,
    });
    cs
}

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
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(7)
        .max(1);
    println!("{runs} runs each; median (min-max)");

    // Witness generation, old (matrices built on every proof) and new.
    let (m, lo, hi, _) = time(runs, || {
        let cs = cs_in(true);
        circuit.clone().generate_constraints(cs.clone()).unwrap();
        cs
    });
    report("synthesis building matrices", (m, lo, hi));
    let (m, lo, hi, _) = time(runs, || {
        let cs = cs_in(true);
        circuit.clone().generate_constraints(cs.clone()).unwrap();
        cs.finalize();
        cs.to_matrices().unwrap()
    });
    report("  + inlining + to_matrices (old witness gen)", (m, lo, hi));
    let (m, lo, hi, cs) = time(runs, || {
        let cs = cs_in(false);
        circuit.clone().generate_constraints(cs.clone()).unwrap();
        cs
    });
    report("witness-only synthesis (new witness gen)", (m, lo, hi));

    // The matrices once, as the key caches them.
    let full_cs = cs_in(true);
    circuit
        .clone()
        .generate_constraints(full_cs.clone())
        .unwrap();
    full_cs.finalize();
    let matrices = full_cs.to_matrices().unwrap()[R1CS_PREDICATE_LABEL].clone();
    let num_instance = full_cs.num_instance_variables();
    let num_constraints = full_cs.num_constraints();
    let entries: usize = matrices
        .iter()
        .map(|m| m.iter().map(Vec::len).sum::<usize>())
        .sum();
    let rows: usize = matrices.iter().map(Vec::len).sum();
    println!(
        "cached matrices: {entries} entries in {rows} rows, about {:.1} MB",
        (entries * std::mem::size_of::<(Fr, usize)>()
            + rows * std::mem::size_of::<Vec<(Fr, usize)>>()) as f64
            / 1e6
    );
    let (input, aux) = {
        let b = cs.borrow().unwrap();
        (
            b.instance_assignment().unwrap().to_vec(),
            b.witness_assignment().unwrap().to_vec(),
        )
    };
    let full: Vec<Fr> = input.iter().chain(&aux).copied().collect();
    let (m, lo, hi, h) = time(runs, || {
        LibsnarkReduction::witness_map_from_matrices::<Fr, ark_poly::GeneralEvaluationDomain<Fr>>(
            &matrices,
            num_instance,
            num_constraints,
            &full,
        )
        .unwrap()
    });
    report("witness map (A·w, B·w, C·w and FFTs)", (m, lo, hi));
    println!(
        "constraints {num_constraints}, instance {num_instance}, witness {}, h {}",
        aux.len(),
        h.len()
    );

    let assignment: Vec<_> = input[1..]
        .iter()
        .chain(&aux)
        .map(|x| x.into_bigint())
        .collect();
    let aux_big = &assignment[input.len() - 1..];
    let h_big: Vec<_> = h.iter().map(|x| x.into_bigint()).collect();
    let nonzero = |s: &[<Fr as PrimeField>::BigInt]| s.iter().filter(|x| !x.is_zero()).count();
    let small = |s: &[<Fr as PrimeField>::BigInt]| {
        s.iter()
            .filter(|x| x.0[1] == 0 && x.0[2] == 0 && x.0[3] == 0)
            .count()
    };
    println!(
        "assignment {} scalars ({} non-zero, {} below 2^64); h {} ({} non-zero)",
        assignment.len(),
        nonzero(&assignment),
        small(&assignment),
        h_big.len(),
        nonzero(&h_big)
    );
    let zero_bases = |q: &[ark_bn254::G1Affine]| q.iter().filter(|p| p.is_zero()).count();
    println!(
        "points at infinity: A {} of {}, B1 {} of {}, L {} of {}, H {} of {}",
        zero_bases(&pk.a_query),
        pk.a_query.len(),
        zero_bases(&pk.b_g1_query),
        pk.b_g1_query.len(),
        zero_bases(&pk.l_query),
        pk.l_query.len(),
        zero_bases(&pk.h_query),
        pk.h_query.len()
    );

    let g1s: [(&str, &[ark_bn254::G1Affine], &[_]); 4] = [
        ("A", &pk.a_query[1..], &assignment),
        ("B in G1", &pk.b_g1_query[1..], &assignment),
        ("L", &pk.l_query, aux_big),
        ("H", &pk.h_query, &h_big),
    ];
    let (mut ark_total, mut ours_total) = (0.0, 0.0);
    for (name, bases, scalars) in g1s {
        let (m1, lo1, hi1, a) = time(runs, || G1Projective::msm_bigint(bases, scalars));
        let (m2, lo2, hi2, b) = time(runs, || msm::msm_g1(bases, scalars));
        assert_eq!(a, b, "{name}");
        report(&format!("MSM {name}, arkworks"), (m1, lo1, hi1));
        report(&format!("MSM {name}, zkcred"), (m2, lo2, hi2));
        ark_total += m1.as_secs_f64();
        ours_total += m2.as_secs_f64();
    }
    let (m1, lo1, hi1, a) = time(runs, || {
        G2Projective::msm_bigint(&pk.b_g2_query[1..], &assignment)
    });
    let (m2, lo2, hi2, b) = time(runs, || msm::msm_g2(&pk.b_g2_query[1..], &assignment));
    assert_eq!(a, b, "B in G2");
    report("MSM B in G2, arkworks", (m1, lo1, hi1));
    report("MSM B in G2, zkcred", (m2, lo2, hi2));
    ark_total += m1.as_secs_f64();
    ours_total += m2.as_secs_f64();
    println!(
        "five MSMs (sum of medians): arkworks {:.1} ms, zkcred {:.1} ms",
        ark_total * 1e3,
        ours_total * 1e3
    );

    let (m, lo, hi, _) = time(runs, || {
        Groth16::<Bn254>::prove(&pk, circuit.clone(), &mut rng).unwrap()
    });
    report("whole proof, arkworks Groth16::prove", (m, lo, hi));
    let (m, lo, hi, _) = time(runs, || {
        prover::prove_plain(&pk, circuit.clone(), &mut rng).unwrap()
    });
    report("whole proof, zkcred prove_plain (no cache)", (m, lo, hi));
    let key = prover::PreparedProvingKey::new(pk.clone());
    let _ = prover::prove(&key, circuit.clone(), &mut rng).unwrap();
    let (m, lo, hi, _) = time(runs, || {
        prover::prove(&key, circuit.clone(), &mut rng).unwrap()
    });
    report("whole proof, prepared key (cached matrices)", (m, lo, hi));
}

//! The zkcred side of the side-by-side benchmark (benches/peer/run.sh): writes
//! the circom inputs of both statements and measures zkcred's native Groth16
//! on them (constraints, setup, prove and verify medians, key and proof
//! sizes), as JSON. Proving is timed twice on the same key: with
//! arkworks's prover (`arkworks_prove_ms`) and with zkcred's prepared-key
//! prover (`prove_ms`, `zkcred_core::prover`; with its one-time
//! `prepare_ms` and the memory its tables take). and, for the on-chain comparison, each statement's
//! verifying key, a proof and its public inputs in the EVM's encoding
//! (`NAME.zkcred-evm.json`, read by `contracts/examples/peer_gas.rs`); and
//! each proving key, uncompressed (`NAME.zkcred-pk.bin`), for the wasm
//! prover (benches/peer/wasm) to load in Node and Chromium.
//!
//!   cargo run --release -p zkcred-benches --example peer -- OUT_DIR [RUNS]

use std::{fs, path::PathBuf, time::Instant};

use ark_bn254::{Bn254, Fr};
use ark_groth16::Groth16;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use ark_serialize::CanonicalSerialize;
use ark_snark::SNARK;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Value};
use zkcred_benches::peer::{Fixture, Statement, STATEMENTS};
use zkcred_circuits::presentation::circuit::PresentationCircuit;
use zkcred_core::{
    prover::{self, PreparedProvingKey},
    solidity,
};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn measure<C>(
    name: &str,
    blank: C,
    circuit: C,
    public: Vec<Fr>,
    runs: usize,
) -> (Value, Value, Vec<u8>)
where
    C: ConstraintSynthesizer<Fr> + Clone,
{
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let cs = ConstraintSystem::<Fr>::new_ref();
    circuit.clone().generate_constraints(cs.clone()).unwrap();
    assert!(
        cs.is_satisfied().unwrap(),
        "{name}: the fixture must satisfy the circuit"
    );
    let constraints = cs.num_constraints();

    let t = Instant::now();
    let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(blank, &mut rng).unwrap();
    let setup_ms = t.elapsed().as_secs_f64() * 1e3;
    let pvk = Groth16::<Bn254>::process_vk(&vk).unwrap();

    // One warm-up, then the median of `runs`: arkworks's prover, then
    // zkcred's prepared-key prover (zkcred_core::prover) on the same key.
    let mut proof = Groth16::<Bn254>::prove(&pk, circuit.clone(), &mut rng).unwrap();
    let arkworks_prove_ms = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                proof = Groth16::<Bn254>::prove(&pk, circuit.clone(), &mut rng).unwrap();
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );
    assert!(Groth16::<Bn254>::verify_with_processed_vk(&pvk, &public, &proof).unwrap());
    let t = Instant::now();
    let prepared = PreparedProvingKey::new(pk.clone());
    let prepare_ms = t.elapsed().as_secs_f64() * 1e3;
    proof = prover::prove(&prepared, circuit.clone(), &mut rng).unwrap();
    let prove_ms = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                proof = prover::prove(&prepared, circuit.clone(), &mut rng).unwrap();
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );
    let verify_ms = median(
        (0..runs.max(5))
            .map(|_| {
                let t = Instant::now();
                assert!(Groth16::<Bn254>::verify_with_processed_vk(&pvk, &public, &proof).unwrap());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );
    let hex_words = |words: &[[u8; 32]]| words.iter().map(hex::encode).collect::<Vec<_>>();
    let evm_vk = solidity::evm_verifying_key(&vk);
    let evm = json!({
        "vk_points": hex_words(&evm_vk.points),
        "vk_ic": hex::encode(&evm_vk.ic),
        "proof": hex_words(&solidity::proof_words_ark(&proof)),
        "inputs": hex_words(&public.iter().map(solidity::fr_word).collect::<Vec<_>>()),
    });
    let result = json!({
        "statement": name,
        "constraints": constraints,
        "public_inputs": public.len(),
        "setup_ms": setup_ms,
        "prove_ms": prove_ms,
        "arkworks_prove_ms": arkworks_prove_ms,
        "prepare_ms": prepare_ms,
        "prepared_table_bytes": prepared.memory_bytes(),
        "verify_ms": verify_ms,
        "proving_key_bytes": pk.compressed_size(),
        "proof_bytes": proof.compressed_size(),
        "runs": runs,
    });
    let mut pk_bytes = Vec::new();
    pk.serialize_uncompressed(&mut pk_bytes).unwrap();
    (result, evm, pk_bytes)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: peer OUT_DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(7, |r| r.parse().expect("RUNS is a number"));
    fs::create_dir_all(&out).unwrap();
    let f = Fixture::new();
    let write = |name: &str, v: &Value| {
        fs::write(out.join(name), serde_json::to_string_pretty(v).unwrap()).unwrap()
    };
    write("age_signature.input.json", &f.age_signature_input());
    write("presentation.input.json", &f.presentation_input());

    let mut results = Vec::new();
    for statement in STATEMENTS {
        let name = statement.name();
        let public = f.public_inputs(statement);
        let (result, evm, pk) = match statement {
            Statement::AgeSignature => {
                measure(name, Default::default(), f.age_signature(), public, runs)
            }
            Statement::Presentation => measure(
                name,
                PresentationCircuit::blank(),
                f.presentation(),
                public,
                runs,
            ),
        };
        write(&format!("{name}.zkcred-evm.json"), &evm);
        fs::write(out.join(format!("{name}.zkcred-pk.bin")), pk).unwrap();
        results.push(result);
    }
    let results = json!({ "threads": rayon_threads(), "results": results });
    write("zkcred-native.json", &results);
    println!("{}", serde_json::to_string_pretty(&results).unwrap());
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

//! The zkcred side of the side-by-side benchmark (benches/peer/run.sh): writes
//! the circom inputs of both statements and measures zkcred's native Groth16
//! on them (constraints, setup, prove and verify medians, key and proof
//! sizes), as JSON. Proving is timed three ways on the same key, the runs
//! interleaved (one proof of each in turn): zkcred's plain-key prover
//! (`plain_prove_ms`: `ProvingKeyFor::prove` without `prepare`, zkcred's
//! default since issue #17, its MSMs and the circuit's matrices cached by
//! the key on its first proof, which the warm-up makes, as a user's second
//! proof would find them), zkcred's prepared-key prover
//! (`prepared_prove_ms`, `zkcred_core::prover`; with its one-time
//! `prepare_ms` and the memory its tables take) and arkworks's prover
//! (`arkworks_prove_ms`). It also writes, for the on-chain comparison, each
//! statement's verifying key, a proof and its public inputs in the EVM's
//! encoding (`NAME.zkcred-evm.json`, read by
//! `contracts/examples/peer_gas.rs`); and, for the wasm prover
//! (benches/peer/wasm) to load in Node and Chromium, each proving key twice:
//! arkworks uncompressed (`NAME.zkcred-pk.bin`) and as zkcred's key file
//! (`NAME.zkcred-key.bin`, `ProvingKeyFor::to_bytes`).
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
use zkcred_benches::peer::{AgeSignatureStatement, Fixture, Statement, STATEMENTS};
use zkcred_core::{
    keys::{self, PresentationStatement},
    prover::{self, PreparedProvingKey},
    solidity,
};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// What [`measure`] returns: the statement's JSON result, its EVM
/// encoding, the arkworks key uncompressed and zkcred's key file.
struct Measured {
    result: Value,
    evm: Value,
    ark_key: Vec<u8>,
    zkcred_key: Vec<u8>,
}

fn measure<S>(name: &str, circuit: S::Circuit, public: Vec<Fr>, runs: usize) -> Measured
where
    S: keys::Statement,
    S::Circuit: Clone,
{
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let cs = ConstraintSystem::<Fr>::new_ref();
    circuit.clone().generate_constraints(cs.clone()).unwrap();
    assert!(
        cs.is_satisfied().unwrap(),
        "{name}: the fixture must satisfy the circuit"
    );
    let constraints = cs.num_constraints();

    // One key for all three provers: zkcred's (`keys::generate`, arkworks's
    // circuit-specific setup on the blank circuit), and the arkworks key
    // inside it.
    let t = Instant::now();
    let (key, _) = keys::generate::<S, _>(&mut rng).unwrap();
    let setup_ms = t.elapsed().as_secs_f64() * 1e3;
    let pk = key.as_ark();
    let vk = &pk.vk;
    let pvk = Groth16::<Bn254>::process_vk(vk).unwrap();
    let t = Instant::now();
    let prepared = PreparedProvingKey::new(pk.clone());
    let prepare_ms = t.elapsed().as_secs_f64() * 1e3;

    // One warm-up proof each (the plain key builds and keeps the circuit's
    // matrices on it, as does the prepared key), then `runs` rounds of one
    // proof with each prover in turn, so that the machine's load falls on
    // all three alike; medians.
    let mut proof = key
        .prove(circuit.clone(), &mut rng)
        .unwrap()
        .as_ark()
        .clone();
    assert!(Groth16::<Bn254>::verify_with_processed_vk(&pvk, &public, &proof).unwrap());
    proof = prover::prove(&prepared, circuit.clone(), &mut rng).unwrap();
    assert!(Groth16::<Bn254>::verify_with_processed_vk(&pvk, &public, &proof).unwrap());
    proof = Groth16::<Bn254>::prove(pk, circuit.clone(), &mut rng).unwrap();
    assert!(Groth16::<Bn254>::verify_with_processed_vk(&pvk, &public, &proof).unwrap());
    let (mut plain, mut prepared_ms, mut arkworks) = (Vec::new(), Vec::new(), Vec::new());
    let time = |times: &mut Vec<f64>, prove: &mut dyn FnMut() -> ark_groth16::Proof<Bn254>| {
        let t = Instant::now();
        let p = prove();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(Groth16::<Bn254>::verify_with_processed_vk(&pvk, &public, &p).unwrap());
        p
    };
    for _ in 0..runs {
        time(&mut arkworks, &mut || {
            Groth16::<Bn254>::prove(pk, circuit.clone(), &mut rng).unwrap()
        });
        time(&mut prepared_ms, &mut || {
            prover::prove(&prepared, circuit.clone(), &mut rng).unwrap()
        });
        // The plain key's last proof is the one the EVM comparison uses.
        proof = time(&mut plain, &mut || {
            key.prove(circuit.clone(), &mut rng)
                .unwrap()
                .as_ark()
                .clone()
        });
    }
    let verify_ms = median(
        (0..runs.max(5))
            .map(|_| {
                let t = Instant::now();
                assert!(Groth16::<Bn254>::verify_with_processed_vk(&pvk, &public, &proof).unwrap());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );
    let mut tampered = public.clone();
    tampered[0] += Fr::from(1u64);
    assert!(!Groth16::<Bn254>::verify_with_processed_vk(&pvk, &tampered, &proof).unwrap());
    let hex_words = |words: &[[u8; 32]]| words.iter().map(hex::encode).collect::<Vec<_>>();
    let evm_vk = solidity::evm_verifying_key(vk);
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
        "plain_prove_ms": median(plain),
        "prepared_prove_ms": median(prepared_ms),
        "arkworks_prove_ms": median(arkworks),
        "prepare_ms": prepare_ms,
        "prepared_table_bytes": prepared.memory_bytes(),
        "verify_ms": verify_ms,
        "proving_key_bytes": pk.compressed_size(),
        "proof_bytes": proof.compressed_size(),
        "runs": runs,
    });
    let mut ark_key = Vec::new();
    pk.serialize_uncompressed(&mut ark_key).unwrap();
    Measured {
        result,
        evm,
        ark_key,
        zkcred_key: key.to_bytes(),
    }
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
        let m = match statement {
            Statement::AgeSignature => {
                measure::<AgeSignatureStatement>(name, f.age_signature(), public, runs)
            }
            Statement::Presentation => {
                measure::<PresentationStatement>(name, f.presentation(), public, runs)
            }
        };
        write(&format!("{name}.zkcred-evm.json"), &m.evm);
        fs::write(out.join(format!("{name}.zkcred-pk.bin")), m.ark_key).unwrap();
        fs::write(out.join(format!("{name}.zkcred-key.bin")), m.zkcred_key).unwrap();
        results.push(m.result);
    }
    let results = json!({ "threads": rayon_threads(), "results": results });
    write("zkcred-native.json", &results);
    println!("{}", serde_json::to_string_pretty(&results).unwrap());
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

//! arkworks's Groth16 prover against zkcred's prepared-key prover
//! (zkcred_core::prover) on the peer benchmark's statements, same keys.
//!
//!   cargo run --release -p zkcred-benches --example prepared_prover [N]
use std::time::Instant;

use ark_bn254::{Bn254, Fr};
use ark_groth16::Groth16;
use ark_relations::gr1cs::ConstraintSynthesizer;
use ark_snark::SNARK;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcred_benches::peer::{AgeSignatureCircuit, Fixture};
use zkcred_circuits::presentation::circuit::PresentationCircuit;
use zkcred_core::prover::{self, PreparedProvingKey};

/// Milliseconds per call of `f`, over `n` calls.
fn per_call(n: usize, mut f: impl FnMut()) -> f64 {
    let t = Instant::now();
    (0..n).for_each(|_| f());
    t.elapsed().as_secs_f64() * 1e3 / n as f64
}

fn compare<C: ConstraintSynthesizer<Fr> + Clone>(name: &str, blank: C, circuit: C, n: usize) {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let (pk, _) = Groth16::<Bn254>::circuit_specific_setup(blank, &mut rng).unwrap();
    let t = Instant::now();
    let key = PreparedProvingKey::new(pk.clone());
    println!(
        "{name}: prepared in {:.1?}, {} MB of tables",
        t.elapsed(),
        key.memory_bytes() / 1_000_000
    );
    for _ in 0..3 {
        let ark = per_call(n, || {
            Groth16::<Bn254>::prove(&pk, circuit.clone(), &mut rng).unwrap();
        });
        let ours = per_call(n, || {
            prover::prove(&key, circuit.clone(), &mut rng).unwrap();
        });
        println!("{name}: arkworks {ark:.1} ms, prepared {ours:.1} ms");
    }
}

fn main() {
    let n: usize = std::env::args().nth(1).map_or(10, |s| s.parse().unwrap());
    let f = Fixture::new();
    compare("(a)", AgeSignatureCircuit::default(), f.age_signature(), n);
    compare("(b)", PresentationCircuit::blank(), f.presentation(), n);
}

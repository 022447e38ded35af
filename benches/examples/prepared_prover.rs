//! arkworks's Groth16 prover against zkcred's prepared-key prover
//! (zkcred_core::prover) on the peer benchmark's statements, same keys.
//!
//!   cargo run --release -p zkcred-benches --example prepared_prover [N]
use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_snark::SNARK;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use std::time::Instant;
use zkcred_benches::peer::Fixture;
use zkcred_circuits::presentation::circuit::PresentationCircuit;
use zkcred_core::prover::{self, PreparedProvingKey};
fn main() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let f = Fixture::new();
    let n: usize = std::env::args().nth(1).map_or(10, |s| s.parse().unwrap());
    let (pk, _) = Groth16::<Bn254>::circuit_specific_setup(
        zkcred_benches::peer::AgeSignatureCircuit::default(),
        &mut rng,
    )
    .unwrap();
    let t = Instant::now();
    let key = PreparedProvingKey::new(pk.clone());
    println!(
        "(a) prepare {:.1?}, {} MB",
        t.elapsed(),
        key.memory_bytes() / 1_000_000
    );
    for _ in 0..3 {
        let t = Instant::now();
        for _ in 0..n {
            Groth16::<Bn254>::prove(&pk, f.age_signature(), &mut rng).unwrap();
        }
        let ark = t.elapsed().as_secs_f64() * 1e3 / n as f64;
        let t = Instant::now();
        for _ in 0..n {
            prover::prove(&key, f.age_signature(), &mut rng).unwrap();
        }
        let ours = t.elapsed().as_secs_f64() * 1e3 / n as f64;
        println!("(a) arkworks {ark:.1} ms, prepared {ours:.1} ms");
    }
    let (pk, _) =
        Groth16::<Bn254>::circuit_specific_setup(PresentationCircuit::blank(), &mut rng).unwrap();
    let t = Instant::now();
    let key = PreparedProvingKey::new(pk.clone());
    println!(
        "(b) prepare {:.1?}, {} MB",
        t.elapsed(),
        key.memory_bytes() / 1_000_000
    );
    for _ in 0..2 {
        let t = Instant::now();
        for _ in 0..n {
            Groth16::<Bn254>::prove(&pk, f.presentation(), &mut rng).unwrap();
        }
        let ark = t.elapsed().as_secs_f64() * 1e3 / n as f64;
        let t = Instant::now();
        for _ in 0..n {
            prover::prove(&key, f.presentation(), &mut rng).unwrap();
        }
        let ours = t.elapsed().as_secs_f64() * 1e3 / n as f64;
        println!("(b) arkworks {ark:.1} ms, prepared {ours:.1} ms");
    }
}

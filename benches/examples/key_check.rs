//! How long a wallet's first acceptance of a downloaded proving key takes
//! (issue #16, point 4: the pairing checks of `ProvingKey::check_against`),
//! for the presentation key, median of 5.
//!
//!   cargo run --release -p zkcred-benches --example key_check

use std::time::Instant;

use rand::SeedableRng;

fn main() {
    let (pk, vk) =
        zkcred_core::keys::setup(&mut rand_chacha::ChaCha20Rng::seed_from_u64(1)).unwrap();
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            pk.check_against(&vk).unwrap();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "check_against (presentation key, {} B-query points): median {:.1} ms (min {:.1}, max {:.1})",
        pk.as_ark().b_g1_query.len(),
        times[2],
        times[0],
        times[4]
    );
}

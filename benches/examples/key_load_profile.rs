//! Where proving-key loading time goes: decompression vs validation.
//!
//!   cargo run --release -p zkcred-benches --example key_load_profile

use std::time::Instant;

use ark_bn254::Bn254;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use rand::SeedableRng;

fn main() {
    let (pk, _) =
        zkcred_core::keys::setup(&mut rand_chacha::ChaCha20Rng::seed_from_u64(1)).unwrap();
    let bytes = pk.to_bytes();
    let ark = ark_groth16::ProvingKey::<Bn254>::deserialize_compressed(&bytes[26..]).unwrap();
    let mut unc = Vec::new();
    ark.serialize_uncompressed(&mut unc).unwrap();
    println!(
        "compressed {} bytes, uncompressed {} bytes",
        bytes.len() - 26,
        unc.len()
    );
    println!(
        "a {} b_g1 {} b_g2 {} h {} l {}",
        ark.a_query.len(),
        ark.b_g1_query.len(),
        ark.b_g2_query.len(),
        ark.h_query.len(),
        ark.l_query.len()
    );
    for (name, data, c, v) in [
        (
            "compressed, validated",
            &bytes[26..],
            Compress::Yes,
            Validate::Yes,
        ),
        (
            "compressed, unvalidated",
            &bytes[26..],
            Compress::Yes,
            Validate::No,
        ),
        (
            "uncompressed, validated",
            &unc[..],
            Compress::No,
            Validate::Yes,
        ),
        (
            "uncompressed, unvalidated",
            &unc[..],
            Compress::No,
            Validate::No,
        ),
    ] {
        let t = Instant::now();
        let _ = ark_groth16::ProvingKey::<Bn254>::deserialize_with_mode(data, c, v).unwrap();
        println!("{name}: {:.1?}", t.elapsed());
    }
    let mut runs: Vec<_> = (0..7)
        .map(|_| {
            let t = Instant::now();
            zkcred_core::keys::ProvingKey::from_bytes(&bytes).unwrap();
            t.elapsed()
        })
        .collect();
    runs.sort();
    println!("ProvingKey::from_bytes (median of 7): {:.1?}", runs[3]);
}

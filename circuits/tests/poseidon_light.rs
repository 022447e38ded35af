//! Poseidon against a second, independent implementation: `light-poseidon`
//! (Light Protocol, Apache-2.0), which carries its own copy of circomlib's
//! parameters and its own permutation code. Where their input counts
//! overlap (1 to 12 inputs: light-poseidon stops at width 13), zkcred's
//! optimised `poseidon::hash` and its textbook `poseidon::hash_reference`
//! must give light-poseidon's output on random inputs and on the edges (0,
//! 1, p-1). circomlibjs's vectors (`poseidon_vectors.rs`) are the first
//! oracle; this one also covers inputs nobody chose.
//!
//! light-poseidon 0.5 is built on arkworks 0.6 like zkcred, so the field
//! elements pass as they are (same `ark_bn254::Fr`).

use ark_ff::{AdditiveGroup, Field, UniformRand};
use light_poseidon::{Poseidon, PoseidonHasher};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use zkcred_circuits::{poseidon, Fr};

/// Input counts both implementations take.
const OVERLAP: std::ops::RangeInclusive<usize> = 1..=12;
/// Random input vectors per input count.
const RANDOM_CASES: usize = 32;

fn light(inputs: &[Fr]) -> Fr {
    Poseidon::<Fr>::new_circom(inputs.len())
        .expect("light-poseidon takes 1 to 12 inputs")
        .hash(inputs)
        .expect("light-poseidon hashes")
}

#[test]
fn light_poseidon_takes_exactly_the_input_counts_compared() {
    for n in OVERLAP {
        assert!(Poseidon::<Fr>::new_circom(n).is_ok(), "{n} inputs");
    }
    // If a later light-poseidon takes more, widen OVERLAP.
    assert!(Poseidon::<Fr>::new_circom(*OVERLAP.end() + 1).is_err());
}

#[test]
fn poseidon_matches_light_poseidon_on_random_inputs_for_1_to_12_inputs() {
    let mut rng = ChaCha20Rng::seed_from_u64(0x5eed_0001);
    for n in OVERLAP {
        for case in 0..RANDOM_CASES {
            let inputs: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
            let expected = light(&inputs);
            assert_eq!(
                poseidon::hash(&inputs).unwrap(),
                expected,
                "{n} inputs, case {case}"
            );
            #[cfg(feature = "reference")]
            assert_eq!(
                poseidon::hash_reference(&inputs).unwrap(),
                expected,
                "{n} inputs, case {case} (reference form)"
            );
        }
    }
}

#[test]
fn poseidon_matches_light_poseidon_on_edge_inputs() {
    let minus_one = -Fr::ONE;
    for n in OVERLAP {
        for (name, value) in [("0", Fr::ZERO), ("1", Fr::ONE), ("p-1", minus_one)] {
            let inputs = vec![value; n];
            assert_eq!(
                poseidon::hash(&inputs).unwrap(),
                light(&inputs),
                "{n} inputs, all {name}"
            );
        }
        // Mixed: 0, 1, p-1, 0, 1, ...
        let inputs: Vec<Fr> = (0..n)
            .map(|i| [Fr::ZERO, Fr::ONE, minus_one][i % 3])
            .collect();
        assert_eq!(
            poseidon::hash(&inputs).unwrap(),
            light(&inputs),
            "{n} mixed"
        );
    }
}

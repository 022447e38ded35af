//! Comparison gadgets for integers of up to 64 bits, range checks, set
//! membership and multiplexers.
//!
//! The native twin of each gadget is ordinary integer arithmetic; the tests
//! compare the two on random and edge-case inputs.
//!
//! Soundness convention: [`is_geq`] is sound only when both operands are below
//! `2^n`. zkcred guarantees that for every operand it compares: public bounds
//! are checked by the verifier before they become public inputs, and integer
//! and date attributes are 64-bit values fixed by the issuer's signature (the
//! verifier refuses range predicates on attributes of other types).

use ark_ff::{BigInteger, Field, PrimeField};
use ark_r1cs_std::{
    alloc::AllocVar,
    boolean::Boolean,
    eq::EqGadget,
    fields::{fp::FpVar, FieldVar},
    select::CondSelectGadget,
    GR1CSVar,
};
use ark_relations::gr1cs::SynthesisError;

use crate::Fr;

/// Width of the integers the comparators take.
pub const VALUE_BITS: usize = 64;

/// The `n` little-endian bits of `x`, enforcing `x < 2^n` (`n <= 252`).
///
/// Costs `n + 1` constraints: one booleanity check per bit and one for the
/// recomposition.
pub fn to_bits_le(x: &FpVar<Fr>, n: usize) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    assert!(
        n < Fr::MODULUS_BIT_SIZE as usize,
        "to_bits_le: {n} bits is not a range check"
    );
    if let FpVar::Constant(c) = x {
        let bits = c.into_bigint().to_bits_le();
        if bits[n..].iter().any(|b| *b) {
            return Err(SynthesisError::Unsatisfiable);
        }
        return Ok(bits[..n].iter().map(|b| Boolean::constant(*b)).collect());
    }
    let cs = x.cs();
    let value = x.value().ok().map(|v| v.into_bigint().to_bits_le());
    let bits = (0..n)
        .map(|i| {
            Boolean::new_witness(cs.clone(), || {
                value
                    .as_ref()
                    .map(|b| b[i])
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Boolean::le_bits_to_fp(&bits)?.enforce_equal(x)?;
    Ok(bits)
}

/// Enforces `0 <= x < 2^n`.
pub fn enforce_range(x: &FpVar<Fr>, n: usize) -> Result<(), SynthesisError> {
    to_bits_le(x, n).map(|_| ())
}

/// The bit `a >= b`, for `a, b < 2^n` (see the module's soundness note).
///
/// Decomposes `a - b + 2^n`, which lies in `[1, 2^(n+1))`, into `n + 1` bits;
/// the top bit is set exactly when `a >= b`. Costs `n + 2` constraints.
pub fn is_geq(a: &FpVar<Fr>, b: &FpVar<Fr>, n: usize) -> Result<Boolean<Fr>, SynthesisError> {
    let shifted = a - b + Fr::from(2u64).pow([n as u64]);
    let bits = to_bits_le(&shifted, n + 1)?;
    Ok(bits[n].clone())
}

/// Enforces `a >= b`, for `a, b < 2^n`.
pub fn enforce_geq(a: &FpVar<Fr>, b: &FpVar<Fr>, n: usize) -> Result<(), SynthesisError> {
    is_geq(a, b, n)?.enforce_equal(&Boolean::TRUE)
}

/// The bit `x == 0` (two constraints).
pub fn is_zero(x: &FpVar<Fr>) -> Result<Boolean<Fr>, SynthesisError> {
    x.is_zero()
}

/// `prod_i (v - set_i)`: zero exactly when `v` is in `set` (`|set| - 1`
/// constraints).
pub fn vanishing_product(v: &FpVar<Fr>, set: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let mut acc = FpVar::one();
    for (i, s) in set.iter().enumerate() {
        let term = v - s;
        acc = if i == 0 { term } else { acc * term };
    }
    Ok(acc)
}

/// The bit `v in set` (`|set| + 1` constraints).
pub fn is_member(v: &FpVar<Fr>, set: &[FpVar<Fr>]) -> Result<Boolean<Fr>, SynthesisError> {
    is_zero(&vanishing_product(v, set)?)
}

/// `values[index]` where `index` is given by its little-endian bits and
/// `values.len() == 2^bits.len()`: a tree of `values.len() - 1` selections,
/// one constraint each.
pub fn mux(bits_le: &[Boolean<Fr>], values: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    assert_eq!(values.len(), 1 << bits_le.len(), "mux: need 2^bits values");
    let mut layer = values.to_vec();
    for bit in bits_le {
        layer = layer
            .chunks(2)
            .map(|pair| FpVar::conditionally_select(bit, &pair[1], &pair[0]))
            .collect::<Result<_, _>>()?;
    }
    Ok(layer.swap_remove(0))
}

#[cfg(test)]
mod tests {
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
    use rand::{Rng, SeedableRng};

    use super::*;

    fn witness(cs: &ConstraintSystemRef<Fr>, v: u64) -> FpVar<Fr> {
        FpVar::new_witness(cs.clone(), || Ok(Fr::from(v))).unwrap()
    }

    #[test]
    fn is_geq_matches_u64_comparison_on_edges_and_random_values() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let mut cases = vec![
            (0, 0),
            (0, 1),
            (1, 0),
            (u64::MAX, 0),
            (0, u64::MAX),
            (u64::MAX, u64::MAX),
        ];
        cases.extend((0..50).map(|_| (rng.gen::<u64>(), rng.gen::<u64>())));
        cases.extend((0..50).map(|_| {
            let a = rng.gen::<u64>();
            (a, a.wrapping_add(rng.gen_range(0..3)))
        }));
        for (a, b) in cases {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let geq = is_geq(&witness(&cs, a), &witness(&cs, b), 64).unwrap();
            assert_eq!(geq.value().unwrap(), a >= b, "{a} >= {b}");
            assert!(cs.is_satisfied().unwrap());
            assert_eq!(cs.num_constraints(), 66);
        }
    }

    #[test]
    fn enforce_geq_is_unsatisfiable_when_false() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        enforce_geq(&witness(&cs, 17), &witness(&cs, 18), 64).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn range_check_accepts_below_and_rejects_at_the_bound() {
        for (v, n, ok) in [
            (255u64, 8, true),
            (256, 8, false),
            (0, 1, true),
            (u64::MAX, 64, true),
            (1 << 32, 32, false),
        ] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            enforce_range(&witness(&cs, v), n).unwrap();
            assert_eq!(cs.is_satisfied().unwrap(), ok, "{v} < 2^{n}");
            assert_eq!(cs.num_constraints(), n + 1);
        }
    }

    #[test]
    fn range_check_rejects_a_field_element_near_the_modulus() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let x = FpVar::new_witness(cs.clone(), || Ok(-Fr::from(1u64))).unwrap();
        enforce_range(&x, 64).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn membership_and_mux_match_native() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let set: Vec<_> = [3u64, 9, 27, 81, 243, 729, 2187, 6561]
            .iter()
            .map(|v| witness(&cs, *v))
            .collect();
        for (v, expected) in [(27u64, true), (28, false), (6561, true), (0, false)] {
            assert_eq!(
                is_member(&witness(&cs, v), &set).unwrap().value().unwrap(),
                expected
            );
        }
        for index in 0..8usize {
            let bits: Vec<_> = (0..3)
                .map(|i| Boolean::new_witness(cs.clone(), || Ok(index >> i & 1 == 1)).unwrap())
                .collect();
            assert_eq!(
                mux(&bits, &set).unwrap().value().unwrap(),
                set[index].value().unwrap()
            );
        }
        assert!(cs.is_satisfied().unwrap());
    }
}

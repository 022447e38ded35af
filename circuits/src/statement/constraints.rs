//! The gadget twins of [`crate::statement`], and what every statement
//! circuit starts with: its public inputs, allocated in their documented
//! order.

use ark_r1cs_std::{alloc::AllocVar, fields::fp::FpVar};
use ark_relations::{
    gr1cs::{ConstraintSystemRef, SynthesisError},
    ns,
};

use crate::{
    babyjubjub::constraints::PointVar,
    comparators::{self, VALUE_BITS},
    poseidon::constraints as poseidon,
    Fr,
};

/// The error of a value asked for during key generation (no witness).
pub(crate) fn missing() -> SynthesisError {
    SynthesisError::AssignmentMissing
}

/// Allocates `n` public inputs, with `values` when proving (`None` for key
/// generation).
pub(crate) fn public_inputs(
    cs: &ConstraintSystemRef<Fr>,
    values: Option<&[Fr]>,
    n: usize,
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    (0..n)
        .map(|i| {
            FpVar::new_input(ns!(cs, "public input"), || {
                values.map(|v| v[i]).ok_or_else(missing)
            })
        })
        .collect()
}

/// `Poseidon(holder_secret)` in the circuit ([`super::holder_commitment`]).
pub fn holder_commitment(holder_secret: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    poseidon::hash(std::slice::from_ref(holder_secret))
}

/// `Poseidon(A.x, A.y)` in the circuit ([`super::issuer_key_hash`]).
pub fn issuer_key_hash(key: &PointVar) -> Result<FpVar<Fr>, SynthesisError> {
    poseidon::hash2(&key.x, &key.y)
}

/// `Poseidon(tag, holder_secret, scope)` in the circuit
/// ([`super::nullifier`]); the tag is a constant of the statement.
pub fn nullifier(
    tag: Fr,
    holder_secret: &FpVar<Fr>,
    scope: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    poseidon::hash(&[FpVar::Constant(tag), holder_secret.clone(), scope.clone()])
}

/// Enforces `issued <= now <= expiry` ([`super::validity`] is
/// [`super::Validity::Valid`]), for values below `2^64`: the days are signed
/// by the issuer as 64-bit integers and `now` is checked by the verifier
/// (see [`comparators`]'s soundness note). Costs `2 * (VALUE_BITS + 3)`
/// constraints (134).
pub fn enforce_valid_on(
    issued: &FpVar<Fr>,
    now: &FpVar<Fr>,
    expiry: &FpVar<Fr>,
) -> Result<(), SynthesisError> {
    comparators::enforce_geq(expiry, now, VALUE_BITS)?;
    comparators::enforce_geq(now, issued, VALUE_BITS)
}

#[cfg(test)]
mod tests {
    use ark_r1cs_std::{alloc::AllocVar, GR1CSVar};
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::UniformRand;

    use super::*;
    use crate::{
        eddsa::SecretKey,
        statement::{
            self, domain_tag, Validity, PRESENTATION_NULLIFIER_LABEL, SCORECARD_NULLIFIER_LABEL,
        },
    };

    #[test]
    fn nullifier_gadget_matches_native_for_both_tags() {
        let mut rng = ark_std::test_rng();
        for label in [PRESENTATION_NULLIFIER_LABEL, SCORECARD_NULLIFIER_LABEL] {
            let tag = domain_tag(label);
            for _ in 0..4 {
                let (secret, scope) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
                let cs = ConstraintSystem::<Fr>::new_ref();
                let s = FpVar::new_witness(cs.clone(), || Ok(secret)).unwrap();
                let sc = FpVar::new_input(cs.clone(), || Ok(scope)).unwrap();
                let out = nullifier(tag, &s, &sc).unwrap();
                assert_eq!(
                    out.value().unwrap(),
                    statement::nullifier(tag, &secret, &scope)
                );
                assert!(cs.is_satisfied().unwrap());
                // Poseidon with 3 inputs (t = 4) costs 3 * (4 * 8 + 56) - 3 =
                // 261; the constant tag's first S-box is computed outside
                // the circuit (3 constraints fewer).
                assert_eq!(cs.num_constraints(), 258);
            }
        }
    }

    #[test]
    fn the_tags_separate_the_nullifiers() {
        let mut rng = ark_std::test_rng();
        let (secret, scope) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
        let presentation =
            statement::nullifier(domain_tag(PRESENTATION_NULLIFIER_LABEL), &secret, &scope);
        let scorecard =
            statement::nullifier(domain_tag(SCORECARD_NULLIFIER_LABEL), &secret, &scope);
        assert_ne!(presentation, scorecard);
        // Neither is the untagged nullifier of version 1.
        let v1 = crate::poseidon::hash2(secret, scope);
        assert_ne!(presentation, v1);
        assert_ne!(scorecard, v1);
    }

    #[test]
    fn holder_and_issuer_hashes_match_native() {
        let mut rng = ark_std::test_rng();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let secret = Fr::rand(&mut rng);
        let s = FpVar::new_witness(cs.clone(), || Ok(secret)).unwrap();
        assert_eq!(
            holder_commitment(&s).unwrap().value().unwrap(),
            statement::holder_commitment(&secret)
        );
        let key = SecretKey::from_bytes([3; 32]).public_key();
        let k = PointVar::new_witness(cs.clone(), || Ok(key.0)).unwrap();
        assert_eq!(
            issuer_key_hash(&k).unwrap().value().unwrap(),
            statement::issuer_key_hash(&key)
        );
        assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn validity_gadget_agrees_with_native() {
        let max = u64::MAX;
        let cases = [
            (10, 20, 9),
            (10, 20, 10),
            (10, 20, 15),
            (10, 20, 20),
            (10, 20, 21),
            (30, 20, 25),
            (0, 0, 0),
            (0, max, max),
            (max, max, max),
            (max, max, max - 1),
            (1, max, 0),
        ];
        for (issued, expiry, now) in cases {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let var = |v: u64| FpVar::new_witness(cs.clone(), || Ok(Fr::from(v))).unwrap();
            let (i, e) = (var(issued), var(expiry));
            let n = FpVar::new_input(cs.clone(), || Ok(Fr::from(now))).unwrap();
            enforce_valid_on(&i, &n, &e).unwrap();
            assert_eq!(
                cs.is_satisfied().unwrap(),
                statement::validity(issued, expiry, now) == Validity::Valid,
                "issued {issued}, expiry {expiry}, now {now}"
            );
            assert_eq!(cs.num_constraints(), 2 * (VALUE_BITS + 3));
        }
    }
}

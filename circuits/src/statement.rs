//! What every statement circuit starts with: its public inputs, allocated
//! in their documented order.

use ark_r1cs_std::{alloc::AllocVar, fields::fp::FpVar};
use ark_relations::{
    gr1cs::{ConstraintSystemRef, SynthesisError},
    ns,
};

use crate::Fr;

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

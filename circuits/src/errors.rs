//! Errors of zkcred-circuits.

/// What can go wrong in a native primitive of zkcred-circuits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CircuitError {
    /// Poseidon takes 1 to 16 inputs.
    #[error("Poseidon takes 1 to 16 inputs, got {0}")]
    PoseidonArity(usize),
}

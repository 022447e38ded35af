//! Errors of zkcred-circuits.

/// What can go wrong in a native primitive of zkcred-circuits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CircuitError {
    /// Poseidon takes 1 to 16 inputs.
    #[error("Poseidon takes 1 to 16 inputs, got {0}")]
    PoseidonArity(usize),
    /// A Merkle path of the revocation tree has 16 levels; this one has a
    /// different number.
    #[error("a Merkle path has 16 levels, got {0}")]
    MerklePathLevels(usize),
    /// A serialised Merkle path is 1536 bytes; this one has a different length.
    #[error("a serialised Merkle path is 1536 bytes, got {0}")]
    MerklePathBytes(usize),
    /// The field element at this index (in 32-byte units) is not canonical:
    /// its little-endian value is not below the BN254 scalar field modulus.
    #[error("field element {0} is not canonical")]
    NonCanonicalField(usize),
}

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
    /// A compressed Baby Jubjub point is not the canonical encoding of a
    /// point: its y-coordinate is not below the field modulus, or its sign
    /// bit is set while x = 0.
    #[error("non-canonical Baby Jubjub point encoding")]
    NonCanonicalPoint,
    /// No point of the Baby Jubjub curve has these coordinates (for a
    /// compressed point: no x solves the curve equation for the encoded y).
    #[error("point is not on the Baby Jubjub curve")]
    PointNotOnCurve,
    /// The point is on the curve but not in its prime-order subgroup.
    #[error("point is not in the Baby Jubjub prime-order subgroup")]
    PointNotInSubgroup,
    /// A public key is the identity point, for which anyone can forge.
    #[error("public key is the identity point")]
    IdentityPublicKey,
    /// An encoded signature scalar `S` is not below the subgroup order `l`.
    #[error("signature scalar is not below the subgroup order")]
    NonCanonicalScalar,
    /// The signature does not verify. Deliberately says nothing about which
    /// check failed.
    #[error("invalid signature")]
    InvalidSignature,
    /// A range predicate compares a value that is not a 64-bit integer.
    #[error("a range predicate compares a value that is not a 64-bit integer")]
    NotAnInteger,
}

//! Errors of zkcred-circuits.

/// What can go wrong in a native primitive of zkcred-circuits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CircuitError {
    /// Poseidon takes 1 to 16 inputs.
    #[error("Poseidon takes 1 to 16 inputs, got {0}")]
    PoseidonArity(usize),
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
}

//! Errors of zkcred-core.
//!
//! `Display` never shows a secret or an attribute value: attribute *names*,
//! predicate positions and field names only. Verification failures are one
//! opaque variant, so a prover learns nothing about which check failed.

use zkcred_circuits::{presentation::StatementError, CircuitError};

/// Everything that can go wrong in zkcred-core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Malformed JSON (position only; the offending text is not echoed).
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A format version this build does not read.
    #[error("unsupported {what} version {found} (this build reads version {supported})")]
    UnsupportedVersion {
        /// Which document.
        what: &'static str,
        /// The version found.
        found: u64,
        /// The version supported.
        supported: u64,
    },
    /// A byte string or number with the wrong encoding or length.
    #[error("invalid encoding of {0}")]
    Encoding(&'static str),
    /// A field element encoding that is not below the BN254 scalar modulus.
    #[error("{0} is not a canonical field element")]
    NonCanonical(&'static str),
    /// A date that does not exist or is out of range.
    #[error("invalid date (expected YYYY-MM-DD, years 0000-9999)")]
    InvalidDate,
    /// A schema that is malformed.
    #[error("invalid schema: {0}")]
    Schema(String),
    /// An attribute value that does not fit its type (the value is not shown).
    #[error("attribute `{name}`: {reason}")]
    Attribute {
        /// The attribute's name.
        name: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A presentation request that cannot be compiled into a policy.
    #[error("invalid request: {0}")]
    Request(String),
    /// A credential that is malformed or whose signature does not verify.
    #[error("invalid credential: {0}")]
    Credential(&'static str),
    /// A key that fails to parse or validate (off curve, outside the subgroup,
    /// wrong circuit).
    #[error("invalid key: {0}")]
    Key(&'static str),
    /// A proof that fails to parse (off curve, outside the subgroup, truncated).
    #[error("malformed proof: {0}")]
    MalformedProof(&'static str),
    /// The holder cannot satisfy the request with this credential.
    #[error("the credential cannot satisfy the request: {0}")]
    Unsatisfiable(String),
    /// The presentation does not verify. Deliberately opaque.
    #[error("the presentation does not verify")]
    VerificationFailed,
    /// The revocation store failed.
    #[error("revocation store: {0}")]
    Revocation(#[from] crate::revocation::RevocationError),
    /// Proving failed for a reason other than an unsatisfiable statement.
    #[error("proving failed: {0}")]
    Proving(String),
    /// A scorecard model that is malformed or could overflow its score range.
    #[error("invalid scorecard: {0}")]
    Scorecard(String),
    /// Credit metrics that are malformed or out of their schema's range
    /// (metric names only; values are not shown).
    #[error("invalid credit metrics: {0}")]
    Metrics(String),
    /// A credit attestation (or its openings) that is malformed or whose
    /// signature does not verify.
    #[error("invalid credit attestation: {0}")]
    Attestation(&'static str),
    /// A lender's credit policy that is malformed.
    #[error("invalid credit policy: {0}")]
    CreditPolicy(String),
    /// An I/O error (path and kind; no file contents).
    #[error("I/O: {0}")]
    Io(String),
}

/// Result with [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        // serde's messages can quote input values; keep the category and position only.
        let kind = match e.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected structure",
            serde_json::error::Category::Eof => "unexpected end of input",
        };
        Error::Json(format!("{kind} at line {} column {}", e.line(), e.column()))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.kind().to_string())
    }
}

impl From<CircuitError> for Error {
    fn from(e: CircuitError) -> Self {
        match e {
            CircuitError::PoseidonArity(_) => Error::Encoding("Poseidon input"),
            _ => Error::Key("invalid curve point or signature encoding"),
        }
    }
}

impl From<StatementError> for Error {
    fn from(e: StatementError) -> Self {
        Error::Unsatisfiable(e.to_string())
    }
}

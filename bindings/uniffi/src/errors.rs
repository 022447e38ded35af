//! The one error type of the bindings: a case per failure kind of
//! zkcred-core, plus [`ZkcredError::Internal`] for a panic caught at the
//! boundary.
//!
//! Kotlin sees `ZkcredException.Unsatisfiable` etc. (subclasses of one
//! exception class), Swift `ZkcredError.Unsatisfiable`; the message is the
//! `Display` text, which, like zkcred-core's, never contains an attribute
//! value, a secret or a serial number (tested in `tests/error_display.rs`).

use zkcred_core::{Error as CoreError, ErrorKind};

/// Why a call failed.
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
#[non_exhaustive]
pub enum ZkcredError {
    /// Malformed JSON (category and position only).
    #[error("{0}")]
    Json(String),
    /// A document or key of a format version this build does not read.
    #[error("{0}")]
    UnsupportedVersion(String),
    /// A byte string, hex string or number with the wrong encoding or length,
    /// or a field element that is not canonical.
    #[error("{0}")]
    Encoding(String),
    /// A date that does not exist or is not `YYYY-MM-DD`.
    #[error("{0}")]
    InvalidDate(String),
    /// A malformed schema.
    #[error("{0}")]
    Schema(String),
    /// An attribute value that does not fit its type (the value is not shown).
    #[error("{0}")]
    Attribute(String),
    /// A presentation request that cannot be compiled.
    #[error("{0}")]
    Request(String),
    /// The request's scope names another party than the app-verified origin
    /// the app passed to `Wallet::prove` (names neither).
    #[error("{0}")]
    ScopeMismatch(String),
    /// A credential that is malformed, bound to another holder, already held,
    /// unknown to the wallet, or whose signature does not verify.
    #[error("{0}")]
    Credential(String),
    /// A proving or verifying key that fails to parse or validate.
    #[error("{0}")]
    Key(String),
    /// A proof that fails to parse.
    #[error("{0}")]
    MalformedProof(String),
    /// The credential cannot satisfy the request (names the failing check,
    /// never a value): e.g. the holder is under the requested age.
    #[error("{0}")]
    Unsatisfiable(String),
    /// The presentation does not verify. Deliberately opaque.
    #[error("the presentation does not verify")]
    VerificationFailed,
    /// The issuer's revocation store failed, or the serial is revoked.
    #[error("{0}")]
    Revocation(String),
    /// Proving failed for another reason than an unsatisfiable statement.
    #[error("{0}")]
    Proving(String),
    /// A credit scorecard model that is malformed or could overflow its
    /// score range.
    #[error("{0}")]
    Scorecard(String),
    /// Credit metrics that are malformed or out of their schema's range
    /// (metric names only, never values).
    #[error("{0}")]
    Metrics(String),
    /// A credit attestation or its openings that are malformed, do not
    /// match, are held already or unknown to the wallet, or whose provider
    /// signature does not verify.
    #[error("{0}")]
    Attestation(String),
    /// A lender's credit policy that is malformed.
    #[error("{0}")]
    CreditPolicy(String),
    /// A file could not be read or written (kind only, no contents).
    #[error("{0}")]
    Io(String),
    /// A failure with no case of its own (its value-free message). Every
    /// kind of zkcred-core has its own case (the mapping is exhaustive, by
    /// `zkcred_core::ErrorKind`); this one is kept for compatibility.
    #[error("{0}")]
    Other(String),
    /// A bug: zkcred panicked, and the panic was stopped at the boundary.
    #[error("internal error in zkcred (a bug; please report it)")]
    Internal,
}

/// Result with [`ZkcredError`].
pub type Result<T, E = ZkcredError> = std::result::Result<T, E>;

impl From<CoreError> for ZkcredError {
    /// By [`ErrorKind`], exhaustively: a kind added to zkcred-core is a
    /// compile error here until it has a case.
    fn from(e: CoreError) -> Self {
        let text = e.to_string();
        match e.kind() {
            ErrorKind::Json => ZkcredError::Json(text),
            ErrorKind::UnsupportedVersion => ZkcredError::UnsupportedVersion(text),
            ErrorKind::Encoding | ErrorKind::NonCanonical => ZkcredError::Encoding(text),
            ErrorKind::InvalidDate => ZkcredError::InvalidDate(text),
            ErrorKind::Schema => ZkcredError::Schema(text),
            ErrorKind::Attribute => ZkcredError::Attribute(text),
            ErrorKind::Request => ZkcredError::Request(text),
            ErrorKind::ScopeMismatch => ZkcredError::ScopeMismatch(text),
            ErrorKind::Credential => ZkcredError::Credential(text),
            ErrorKind::Key => ZkcredError::Key(text),
            ErrorKind::MalformedProof => ZkcredError::MalformedProof(text),
            ErrorKind::Unsatisfiable => ZkcredError::Unsatisfiable(text),
            ErrorKind::VerificationFailed => ZkcredError::VerificationFailed,
            ErrorKind::Revocation => ZkcredError::Revocation(text),
            ErrorKind::Proving => ZkcredError::Proving(text),
            ErrorKind::Scorecard => ZkcredError::Scorecard(text),
            ErrorKind::Metrics => ZkcredError::Metrics(text),
            ErrorKind::Attestation => ZkcredError::Attestation(text),
            ErrorKind::CreditPolicy => ZkcredError::CreditPolicy(text),
            ErrorKind::Io => ZkcredError::Io(text),
        }
    }
}

/// Runs `f`, turning a panic into [`ZkcredError::Internal`] so that none
/// crosses into Kotlin or Swift as anything but a typed error.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(Err(ZkcredError::Internal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_turns_a_panic_into_internal() {
        let caught = guard::<()>(|| panic!("secret 0x1234 in a panic message"));
        assert!(matches!(caught, Err(ZkcredError::Internal)));
        assert!(!caught.unwrap_err().to_string().contains("0x1234"));
    }

    #[test]
    fn guard_passes_results_through() {
        assert_eq!(guard(|| Ok(7)).unwrap(), 7);
        assert!(matches!(
            guard::<()>(|| Err(ZkcredError::VerificationFailed)),
            Err(ZkcredError::VerificationFailed)
        ));
    }
}

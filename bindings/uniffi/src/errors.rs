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
    /// By [`ErrorKind`], exhaustively ([`ZkcredErrorKind::from`]): a kind
    /// added to zkcred-core is a compile error here until it has a case.
    fn from(e: CoreError) -> Self {
        ZkcredError::of_kind(e.kind().into(), e.to_string())
    }
}

impl ZkcredError {
    /// The case of `kind` with the message `text`.
    fn of_kind(kind: ZkcredErrorKind, text: String) -> ZkcredError {
        match kind {
            ZkcredErrorKind::Json => ZkcredError::Json(text),
            ZkcredErrorKind::UnsupportedVersion => ZkcredError::UnsupportedVersion(text),
            ZkcredErrorKind::Encoding => ZkcredError::Encoding(text),
            ZkcredErrorKind::InvalidDate => ZkcredError::InvalidDate(text),
            ZkcredErrorKind::Schema => ZkcredError::Schema(text),
            ZkcredErrorKind::Attribute => ZkcredError::Attribute(text),
            ZkcredErrorKind::Request => ZkcredError::Request(text),
            ZkcredErrorKind::ScopeMismatch => ZkcredError::ScopeMismatch(text),
            ZkcredErrorKind::Credential => ZkcredError::Credential(text),
            ZkcredErrorKind::Key => ZkcredError::Key(text),
            ZkcredErrorKind::MalformedProof => ZkcredError::MalformedProof(text),
            ZkcredErrorKind::Unsatisfiable => ZkcredError::Unsatisfiable(text),
            ZkcredErrorKind::VerificationFailed => ZkcredError::VerificationFailed,
            ZkcredErrorKind::Revocation => ZkcredError::Revocation(text),
            ZkcredErrorKind::Proving => ZkcredError::Proving(text),
            ZkcredErrorKind::Scorecard => ZkcredError::Scorecard(text),
            ZkcredErrorKind::Metrics => ZkcredError::Metrics(text),
            ZkcredErrorKind::Attestation => ZkcredError::Attestation(text),
            ZkcredErrorKind::CreditPolicy => ZkcredError::CreditPolicy(text),
            ZkcredErrorKind::Io => ZkcredError::Io(text),
            ZkcredErrorKind::Internal => ZkcredError::Internal,
        }
    }
}

/// The kind of a failure, without its message: one case per case of
/// [`ZkcredError`] (but `Other`). What a batch row
/// ([`crate::BatchRow::error_kind`]) and a [`Refusal`] name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ZkcredErrorKind {
    /// [`ZkcredError::Json`].
    Json,
    /// [`ZkcredError::UnsupportedVersion`].
    UnsupportedVersion,
    /// [`ZkcredError::Encoding`] (a non-canonical field element included).
    Encoding,
    /// [`ZkcredError::InvalidDate`].
    InvalidDate,
    /// [`ZkcredError::Schema`].
    Schema,
    /// [`ZkcredError::Attribute`].
    Attribute,
    /// [`ZkcredError::Request`].
    Request,
    /// [`ZkcredError::ScopeMismatch`].
    ScopeMismatch,
    /// [`ZkcredError::Credential`].
    Credential,
    /// [`ZkcredError::Key`].
    Key,
    /// [`ZkcredError::MalformedProof`].
    MalformedProof,
    /// [`ZkcredError::Unsatisfiable`].
    Unsatisfiable,
    /// [`ZkcredError::VerificationFailed`] (opaque).
    VerificationFailed,
    /// [`ZkcredError::Revocation`].
    Revocation,
    /// [`ZkcredError::Proving`].
    Proving,
    /// [`ZkcredError::Scorecard`].
    Scorecard,
    /// [`ZkcredError::Metrics`].
    Metrics,
    /// [`ZkcredError::Attestation`].
    Attestation,
    /// [`ZkcredError::CreditPolicy`].
    CreditPolicy,
    /// [`ZkcredError::Io`].
    Io,
    /// [`ZkcredError::Internal`]: a panic, caught (a bug).
    Internal,
}

impl From<ErrorKind> for ZkcredErrorKind {
    /// Exhaustive, with no catch-all arm: a kind added to zkcred-core is a
    /// compile error here until it has a case.
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::Json => ZkcredErrorKind::Json,
            ErrorKind::UnsupportedVersion => ZkcredErrorKind::UnsupportedVersion,
            ErrorKind::Encoding | ErrorKind::NonCanonical => ZkcredErrorKind::Encoding,
            ErrorKind::InvalidDate => ZkcredErrorKind::InvalidDate,
            ErrorKind::Schema => ZkcredErrorKind::Schema,
            ErrorKind::Attribute => ZkcredErrorKind::Attribute,
            ErrorKind::Request => ZkcredErrorKind::Request,
            ErrorKind::ScopeMismatch => ZkcredErrorKind::ScopeMismatch,
            ErrorKind::Credential => ZkcredErrorKind::Credential,
            ErrorKind::Key => ZkcredErrorKind::Key,
            ErrorKind::MalformedProof => ZkcredErrorKind::MalformedProof,
            ErrorKind::Unsatisfiable => ZkcredErrorKind::Unsatisfiable,
            ErrorKind::VerificationFailed => ZkcredErrorKind::VerificationFailed,
            ErrorKind::Revocation => ZkcredErrorKind::Revocation,
            ErrorKind::Proving => ZkcredErrorKind::Proving,
            ErrorKind::Scorecard => ZkcredErrorKind::Scorecard,
            ErrorKind::Metrics => ZkcredErrorKind::Metrics,
            ErrorKind::Attestation => ZkcredErrorKind::Attestation,
            ErrorKind::CreditPolicy => ZkcredErrorKind::CreditPolicy,
            ErrorKind::Io => ZkcredErrorKind::Io,
        }
    }
}

/// The structured details of a failure, where zkcred-core has them; never a
/// value or a secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct ErrorDetails {
    /// The position of the failing predicate in the request.
    pub predicate: Option<u32>,
    /// The attribute of the failing predicate or refused value (its name).
    pub attribute: Option<String>,
    /// The field an encoding error is about.
    pub field: Option<String>,
    /// The file an I/O or key-file error is about.
    pub path: Option<String>,
}

impl From<zkcred_core::ErrorDetails> for ErrorDetails {
    fn from(d: zkcred_core::ErrorDetails) -> Self {
        ErrorDetails {
            // A request has at most a few predicates; saturate rather than wrap.
            predicate: d.predicate.map(|p| u32::try_from(p).unwrap_or(u32::MAX)),
            attribute: d.attribute,
            field: d.field.map(str::to_owned),
            path: d.path.map(|p| p.display().to_string()),
        }
    }
}

/// Why a credential cannot answer a request, as a value rather than a
/// thrown error ([`crate::Wallet::check`]): the kind, the value-free message
/// and the details (the failing predicate's position and attribute).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Refusal {
    /// The kind (`Unsatisfiable` for a failing predicate or an expired
    /// credential).
    pub kind: ZkcredErrorKind,
    /// The message, as the thrown error would carry it.
    pub reason: String,
    /// The structured details.
    pub details: ErrorDetails,
}

impl From<CoreError> for Refusal {
    fn from(e: CoreError) -> Self {
        Refusal {
            kind: e.kind().into(),
            reason: e.to_string(),
            details: e.details().into(),
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

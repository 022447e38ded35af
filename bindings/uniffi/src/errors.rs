//! The one error type of the bindings: a case per failure kind of
//! zkcred-core, with its structured details as fields, plus the binding's
//! own cases ([`ZkcredError::OutOfRange`], [`ZkcredError::Cancelled`],
//! [`ZkcredError::Internal`] for a panic caught at the boundary).
//!
//! Kotlin sees `ZkcredException.Unsatisfiable(predicateIndex, attribute,
//! reason)` etc. (subclasses of one exception class), Swift
//! `ZkcredError.unsatisfiable(predicateIndex:attribute:reason:)` (renamed to
//! lowerCamelCase by scripts/gen-bindings.sh); the message is the `Display`
//! text, which, like zkcred-core's, never contains an attribute value, a
//! secret or a serial number (tested in `tests/error_display.rs`).

use zkcred_core::{Error as CoreError, ErrorKind};

/// Why a call failed: a case per failure kind, each with its value-free
/// `reason` and the structured details zkcred-core has for it (the failing
/// predicate's position and attribute, the field, the file), so that an app
/// can react ("you must be 18") without parsing English.
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum ZkcredError {
    /// Malformed JSON (category and position only).
    #[error("{reason}")]
    Json {
        /// The message.
        reason: String,
    },
    /// A document or key of a format version this build does not read.
    #[error("{reason}")]
    UnsupportedVersion {
        /// The message.
        reason: String,
    },
    /// A byte string, hex string or number with the wrong encoding or length,
    /// or a field element that is not canonical.
    #[error("{reason}")]
    Encoding {
        /// The field the error is about, when known.
        field: Option<String>,
        /// The message.
        reason: String,
    },
    /// A date that does not exist or is out of range.
    #[error("{reason}")]
    InvalidDate {
        /// The message.
        reason: String,
    },
    /// A malformed schema.
    #[error("{reason}")]
    Schema {
        /// The message.
        reason: String,
    },
    /// An attribute value that does not fit its type (the value is not shown).
    #[error("{reason}")]
    Attribute {
        /// The attribute's name, when known.
        attribute: Option<String>,
        /// The message.
        reason: String,
    },
    /// A presentation request that cannot be compiled.
    #[error("{reason}")]
    Request {
        /// The attribute concerned, when known.
        attribute: Option<String>,
        /// The message.
        reason: String,
    },
    /// The request's scope names another party than the app-verified origin
    /// the app passed to `Wallet::prove` (names neither).
    #[error("{reason}")]
    ScopeMismatch {
        /// The message.
        reason: String,
    },
    /// A credential that is malformed, bound to another holder, already held,
    /// unknown to the wallet, or whose signature does not verify.
    #[error("{reason}")]
    Credential {
        /// The message.
        reason: String,
    },
    /// A proving or verifying key that fails to parse or validate.
    #[error("{reason}")]
    Key {
        /// The key file, when the key came from one.
        path: Option<String>,
        /// The message.
        reason: String,
    },
    /// A proof that fails to parse.
    #[error("{reason}")]
    MalformedProof {
        /// The message.
        reason: String,
    },
    /// The credential cannot satisfy the request (names the failing check,
    /// never a value): e.g. the holder is under the requested age.
    #[error("{reason}")]
    Unsatisfiable {
        /// The position of the failing predicate in the request, when a
        /// predicate fails (not for an expired or revoked credential).
        predicate_index: Option<i32>,
        /// The failing predicate's attribute (its name), when known.
        attribute: Option<String>,
        /// The message.
        reason: String,
    },
    /// The presentation does not verify. Deliberately opaque.
    #[error("the presentation does not verify")]
    VerificationFailed,
    /// The issuer's revocation store failed, or the serial is revoked.
    #[error("{reason}")]
    Revocation {
        /// The message.
        reason: String,
    },
    /// Proving failed for another reason than an unsatisfiable statement.
    #[error("{reason}")]
    Proving {
        /// The message.
        reason: String,
    },
    /// A credit scorecard model that is malformed or could overflow its
    /// score range.
    #[error("{reason}")]
    Scorecard {
        /// The message.
        reason: String,
    },
    /// Credit metrics that are malformed or out of their schema's range
    /// (metric names only, never values).
    #[error("{reason}")]
    Metrics {
        /// The message.
        reason: String,
    },
    /// A credit attestation or its openings that are malformed, do not
    /// match, are held already or unknown to the wallet, or whose provider
    /// signature does not verify.
    #[error("{reason}")]
    Attestation {
        /// The message.
        reason: String,
    },
    /// A lender's credit policy that is malformed.
    #[error("{reason}")]
    CreditPolicy {
        /// The message.
        reason: String,
    },
    /// A file could not be read or written (kind only, no contents).
    #[error("{reason}")]
    Io {
        /// The file, when known.
        path: Option<String>,
        /// The message.
        reason: String,
    },
    /// A number the app passed is outside its range (a negative amount or
    /// serial, a serial above 2^32 - 1); names the parameter, never the value.
    #[error("{reason}")]
    OutOfRange {
        /// The parameter.
        field: String,
        /// The message.
        reason: String,
    },
    /// The app cancelled the operation (its [`crate::CancellationToken`]):
    /// nothing was produced.
    #[error("the operation was cancelled")]
    Cancelled,
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
        ZkcredError::of_kind(e.kind().into(), e.to_string(), e.details().into())
    }
}

impl ZkcredError {
    /// The case of `kind` with the message `reason` and `details`.
    fn of_kind(kind: ZkcredErrorKind, reason: String, details: ErrorDetails) -> ZkcredError {
        let ErrorDetails {
            predicate,
            attribute,
            field,
            path,
        } = details;
        match kind {
            ZkcredErrorKind::Json => ZkcredError::Json { reason },
            ZkcredErrorKind::UnsupportedVersion => ZkcredError::UnsupportedVersion { reason },
            ZkcredErrorKind::Encoding => ZkcredError::Encoding { field, reason },
            ZkcredErrorKind::InvalidDate => ZkcredError::InvalidDate { reason },
            ZkcredErrorKind::Schema => ZkcredError::Schema { reason },
            ZkcredErrorKind::Attribute => ZkcredError::Attribute { attribute, reason },
            ZkcredErrorKind::Request => ZkcredError::Request { attribute, reason },
            ZkcredErrorKind::ScopeMismatch => ZkcredError::ScopeMismatch { reason },
            ZkcredErrorKind::Credential => ZkcredError::Credential { reason },
            ZkcredErrorKind::Key => ZkcredError::Key { path, reason },
            ZkcredErrorKind::MalformedProof => ZkcredError::MalformedProof { reason },
            ZkcredErrorKind::Unsatisfiable => ZkcredError::Unsatisfiable {
                predicate_index: predicate,
                attribute,
                reason,
            },
            ZkcredErrorKind::VerificationFailed => ZkcredError::VerificationFailed,
            ZkcredErrorKind::Revocation => ZkcredError::Revocation { reason },
            ZkcredErrorKind::Proving => ZkcredError::Proving { reason },
            ZkcredErrorKind::Scorecard => ZkcredError::Scorecard { reason },
            ZkcredErrorKind::Metrics => ZkcredError::Metrics { reason },
            ZkcredErrorKind::Attestation => ZkcredError::Attestation { reason },
            ZkcredErrorKind::CreditPolicy => ZkcredError::CreditPolicy { reason },
            ZkcredErrorKind::Io => ZkcredError::Io { path, reason },
            ZkcredErrorKind::OutOfRange => ZkcredError::OutOfRange {
                field: field.unwrap_or_default(),
                reason,
            },
            ZkcredErrorKind::Cancelled => ZkcredError::Cancelled,
            ZkcredErrorKind::Internal => ZkcredError::Internal,
        }
    }

    /// This error's kind.
    pub fn kind(&self) -> ZkcredErrorKind {
        match self {
            ZkcredError::Json { .. } => ZkcredErrorKind::Json,
            ZkcredError::UnsupportedVersion { .. } => ZkcredErrorKind::UnsupportedVersion,
            ZkcredError::Encoding { .. } => ZkcredErrorKind::Encoding,
            ZkcredError::InvalidDate { .. } => ZkcredErrorKind::InvalidDate,
            ZkcredError::Schema { .. } => ZkcredErrorKind::Schema,
            ZkcredError::Attribute { .. } => ZkcredErrorKind::Attribute,
            ZkcredError::Request { .. } => ZkcredErrorKind::Request,
            ZkcredError::ScopeMismatch { .. } => ZkcredErrorKind::ScopeMismatch,
            ZkcredError::Credential { .. } => ZkcredErrorKind::Credential,
            ZkcredError::Key { .. } => ZkcredErrorKind::Key,
            ZkcredError::MalformedProof { .. } => ZkcredErrorKind::MalformedProof,
            ZkcredError::Unsatisfiable { .. } => ZkcredErrorKind::Unsatisfiable,
            ZkcredError::VerificationFailed => ZkcredErrorKind::VerificationFailed,
            ZkcredError::Revocation { .. } => ZkcredErrorKind::Revocation,
            ZkcredError::Proving { .. } => ZkcredErrorKind::Proving,
            ZkcredError::Scorecard { .. } => ZkcredErrorKind::Scorecard,
            ZkcredError::Metrics { .. } => ZkcredErrorKind::Metrics,
            ZkcredError::Attestation { .. } => ZkcredErrorKind::Attestation,
            ZkcredError::CreditPolicy { .. } => ZkcredErrorKind::CreditPolicy,
            ZkcredError::Io { .. } => ZkcredErrorKind::Io,
            ZkcredError::OutOfRange { .. } => ZkcredErrorKind::OutOfRange,
            ZkcredError::Cancelled => ZkcredErrorKind::Cancelled,
            ZkcredError::Internal => ZkcredErrorKind::Internal,
        }
    }

    /// An `Encoding` error about `field` with `reason`.
    pub(crate) fn encoding(field: &str, reason: &str) -> ZkcredError {
        ZkcredError::Encoding {
            field: Some(field.into()),
            reason: reason.into(),
        }
    }
}

/// `value` (the parameter `field`, an amount or count) as core's `u64`:
/// [`ZkcredError::OutOfRange`] when negative (naming the parameter, never
/// the value). The API takes `i64` (`Long` in Kotlin, usable from Java).
pub(crate) fn amount(value: i64, field: &str) -> Result<u64> {
    u64::try_from(value).map_err(|_| ZkcredError::OutOfRange {
        field: field.into(),
        reason: format!("`{field}` must not be negative"),
    })
}

/// A credential serial (`i64` in the API: `Long` in Kotlin) as core's
/// `u32`: [`ZkcredError::OutOfRange`] when negative or above 2^32 - 1.
pub(crate) fn serial(value: i64) -> Result<u32> {
    u32::try_from(value).map_err(|_| ZkcredError::OutOfRange {
        field: "serial".into(),
        reason: "`serial` must be between 0 and 4294967295".into(),
    })
}

/// An index (a predicate's position, a batch row) as the API's `i32`,
/// saturating: indices are bounded by a request's or batch's length.
pub(crate) fn index_of(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

/// The kind of a failure, without its message: one case per case of
/// [`ZkcredError`]. What a batch row
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
    /// [`ZkcredError::OutOfRange`] (never from zkcred-core).
    OutOfRange,
    /// [`ZkcredError::Cancelled`] (never from zkcred-core).
    Cancelled,
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
    pub predicate: Option<i32>,
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
            predicate: d.predicate.map(index_of),
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

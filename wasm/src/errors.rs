//! Errors crossing into JavaScript.
//!
//! Every failure reaches JS as an `Error` whose `name` is `"ZkcredError"`,
//! with a stable `kind` (camelCase, mirroring [`zkcred_core::Error`]'s
//! variants) and core's `message`, which never shows a secret or an
//! attribute value. Verification failures stay one opaque kind,
//! `verificationFailed`.

use wasm_bindgen::JsValue;
use zkcred_core::{Error as CoreError, ErrorKind};

/// A failure of the bindings: a stable kind and a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZkcredError {
    /// The camelCase kind (`json`, `unsatisfiable`, `verificationFailed`, ...).
    pub kind: &'static str,
    /// A one-line message (no secrets, no attribute values).
    pub message: String,
}

impl ZkcredError {
    /// An error of `kind` with `message`.
    pub fn new(kind: &'static str, message: impl Into<String>) -> ZkcredError {
        ZkcredError {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ZkcredError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for ZkcredError {}

/// The JS kind of a core error.
pub fn kind_of(e: &CoreError) -> &'static str {
    js_kind(e.kind())
}

/// The JS kind of a core error kind. Exhaustive: a kind added to
/// zkcred-core is a compile error here until it has a name. The credit kinds
/// (`scorecard`, `metrics`, `attestation`, `creditPolicy`) cannot occur in
/// this package, which makes no credit proofs.
pub fn js_kind(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Json => "json",
        ErrorKind::UnsupportedVersion => "unsupportedVersion",
        ErrorKind::Encoding | ErrorKind::NonCanonical => "encoding",
        ErrorKind::InvalidDate => "invalidDate",
        ErrorKind::Schema => "schema",
        ErrorKind::Attribute => "attribute",
        ErrorKind::Request => "request",
        ErrorKind::ScopeMismatch => "scopeMismatch",
        ErrorKind::Credential => "credential",
        ErrorKind::Key => "key",
        ErrorKind::MalformedProof => "malformedProof",
        ErrorKind::Unsatisfiable => "unsatisfiable",
        ErrorKind::VerificationFailed => "verificationFailed",
        ErrorKind::Revocation => "revocation",
        ErrorKind::Proving => "proving",
        ErrorKind::Io => "io",
        ErrorKind::Scorecard => "scorecard",
        ErrorKind::Metrics => "metrics",
        ErrorKind::Attestation => "attestation",
        ErrorKind::CreditPolicy => "creditPolicy",
    }
}

impl From<CoreError> for ZkcredError {
    fn from(e: CoreError) -> Self {
        ZkcredError::new(kind_of(&e), e.to_string())
    }
}

impl From<ZkcredError> for JsValue {
    /// `new Error(message)` with `name = "ZkcredError"` and `kind` set.
    fn from(e: ZkcredError) -> JsValue {
        let error = js_sys::Error::new(&e.message);
        error.set_name("ZkcredError");
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(
            &error,
            &JsValue::from_str("kind"),
            &JsValue::from_str(e.kind),
        );
        error.into()
    }
}

/// Result of the bindings.
pub type Result<T, E = ZkcredError> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    //! The kind mapping on the host (`From<ZkcredError> for JsValue` needs a
    //! JS engine: the Node tests in `wasm/tests` cover it).
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_kind_has_its_own_name_but_non_canonical() {
        let names: BTreeSet<&str> = ErrorKind::ALL.iter().map(|k| js_kind(*k)).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len() - 1);
        assert!(!names.contains("other"));
        assert_eq!(js_kind(ErrorKind::NonCanonical), "encoding");
    }

    #[test]
    fn a_malformed_revocation_path_is_an_encoding_error_not_a_key_error() {
        for bytes in [vec![0u8; 100], vec![], vec![0xff; 1536]] {
            let e =
                ZkcredError::from(zkcred_core::revocation::path_from_bytes(&bytes).unwrap_err());
            assert_eq!(e.kind, "encoding", "{e}");
            assert!(e.message.contains("revocation path"), "{e}");
        }
        let circuit = zkcred_core::MerklePath::from_bytes(&[1, 2, 3]).unwrap_err();
        assert_eq!(ZkcredError::from(CoreError::from(circuit)).kind, "encoding");
    }
}

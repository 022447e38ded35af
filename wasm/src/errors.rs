//! Errors crossing into JavaScript.
//!
//! Every failure reaches JS as an `Error` whose `name` is `"ZkcredError"`,
//! with a stable `kind` (camelCase, mirroring [`zkcred_core::Error`]'s
//! variants) and core's `message`, which never shows a secret or an
//! attribute value. Verification failures stay one opaque kind,
//! `verificationFailed`.

use wasm_bindgen::JsValue;
use zkcred_core::Error as CoreError;

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
    match e {
        CoreError::Json(_) => "json",
        CoreError::UnsupportedVersion { .. } => "unsupportedVersion",
        CoreError::Encoding(_) | CoreError::NonCanonical(_) => "encoding",
        CoreError::InvalidDate => "invalidDate",
        CoreError::Schema(_) => "schema",
        CoreError::Attribute { .. } => "attribute",
        CoreError::Request(_) => "request",
        CoreError::Credential(_) => "credential",
        CoreError::Key(_) => "key",
        CoreError::MalformedProof(_) => "malformedProof",
        CoreError::Unsatisfiable(_) => "unsatisfiable",
        CoreError::VerificationFailed => "verificationFailed",
        CoreError::Revocation(_) => "revocation",
        CoreError::Proving(_) => "proving",
        CoreError::Io(_) => "io",
        _ => "other",
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

//! Errors crossing into JavaScript.
//!
//! Every failure reaches JS as an `Error` whose `name` is `"ZkcredError"`,
//! with a stable `kind` (camelCase, mirroring [`zkcred_core::Error`]'s
//! variants) and core's `message`, which never shows a secret or an
//! attribute value. Verification failures stay one opaque kind,
//! `verificationFailed`. Where core has structured details the error also
//! gets `predicate` (the failing predicate's position in the request),
//! `attribute` (its attribute's name), `field` (what an encoding error is
//! about) and `path` (a file): names and positions, never values.

use wasm_bindgen::{prelude::wasm_bindgen, JsValue};
use zkcred_core::{Error as CoreError, ErrorDetails, ErrorKind};

/// A failure of the bindings: a stable kind and a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZkcredError {
    /// The camelCase kind (`json`, `unsatisfiable`, `verificationFailed`, ...).
    pub kind: &'static str,
    /// A one-line message (no secrets, no attribute values).
    pub message: String,
    /// Core's structured details, when the error has any.
    pub details: ErrorDetails,
}

impl ZkcredError {
    /// An error of `kind` with `message`.
    pub fn new(kind: &'static str, message: impl Into<String>) -> ZkcredError {
        ZkcredError {
            kind,
            message: message.into(),
            details: ErrorDetails::default(),
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

/// The JS kind of a core error kind: core's name ([`ErrorKind::name`]),
/// but `encoding` for a non-canonical field element. Exhaustive, with no
/// catch-all arm: a kind added to zkcred-core is a compile error here until
/// it is listed. The credit kinds (`scorecard`, `metrics`, `attestation`,
/// `creditPolicy`) cannot occur in this package, which makes no credit
/// proofs.
pub fn js_kind(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::NonCanonical => ErrorKind::Encoding.name(),
        ErrorKind::Json
        | ErrorKind::UnsupportedVersion
        | ErrorKind::Encoding
        | ErrorKind::InvalidDate
        | ErrorKind::Schema
        | ErrorKind::Attribute
        | ErrorKind::Request
        | ErrorKind::ScopeMismatch
        | ErrorKind::Credential
        | ErrorKind::Key
        | ErrorKind::MalformedProof
        | ErrorKind::Unsatisfiable
        | ErrorKind::VerificationFailed
        | ErrorKind::Revocation
        | ErrorKind::Proving
        | ErrorKind::Io
        | ErrorKind::Scorecard
        | ErrorKind::Metrics
        | ErrorKind::Attestation
        | ErrorKind::CreditPolicy => kind.name(),
    }
}

impl From<CoreError> for ZkcredError {
    fn from(e: CoreError) -> Self {
        ZkcredError {
            details: e.details(),
            ..ZkcredError::new(kind_of(&e), e.to_string())
        }
    }
}

#[wasm_bindgen(module = "/npm/errors.js")]
extern "C" {
    /// The package's `ZkcredError` class (wasm/npm/errors.js), so that
    /// `e instanceof ZkcredError` holds for every error the module throws.
    #[wasm_bindgen(js_name = ZkcredError)]
    type JsZkcredError;

    #[wasm_bindgen(constructor, js_class = ZkcredError)]
    fn new(kind: &str, message: &str, details: &JsValue) -> JsZkcredError;
}

impl From<ZkcredError> for JsValue {
    /// `new ZkcredError(kind, message, details)` (an `Error` with
    /// `name = "ZkcredError"`, `kind`, and `predicateIndex` (alias
    /// `predicate`), `attribute`, `field`, `path` when present).
    fn from(e: ZkcredError) -> JsValue {
        let details = js_sys::Object::new();
        for (name, value) in details_js(&e.details) {
            if !value.is_null() {
                set(&details, name, &value);
            }
        }
        JsZkcredError::new(e.kind, &e.message, &details).into()
    }
}

/// Sets a property on an object this module made (which cannot fail: the
/// object is fresh, extensible and has no setters).
pub(crate) fn set(object: &js_sys::Object, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(name), value);
}

/// The details as `(property, value)`, `null` for an absent one.
pub(crate) fn details_js(d: &ErrorDetails) -> [(&'static str, JsValue); 4] {
    let text = |s: Option<&str>| s.map_or(JsValue::NULL, JsValue::from_str);
    [
        (
            "predicate",
            // At most a few predicates per request: exact as an f64.
            d.predicate
                .map_or(JsValue::NULL, |p| JsValue::from_f64(p as f64)),
        ),
        ("attribute", text(d.attribute.as_deref())),
        ("field", text(d.field)),
        (
            "path",
            text(d.path.as_ref().map(|p| p.to_string_lossy()).as_deref()),
        ),
    ]
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

    /// The kinds the package declares (`KINDS` in wasm/npm/errors.js, the
    /// `ErrorKind` union in wasm/npm/errors.d.ts) are exactly the kinds this
    /// module can throw: a kind added to core fails here until both list it.
    #[test]
    fn the_packages_kind_lists_match_the_kind_mapping() {
        let expected: BTreeSet<&str> = ErrorKind::ALL.iter().map(|k| js_kind(*k)).collect();
        let quoted = |text: &str, start: &str, end: &str| -> BTreeSet<String> {
            let from = text.find(start).expect("the list's start") + start.len();
            let to = from + text[from..].find(end).expect("the list's end");
            text[from..to]
                .split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        };
        let js = quoted(
            include_str!("../npm/errors.js"),
            "export const KINDS = Object.freeze([",
            "]);",
        );
        let dts = quoted(
            include_str!("../npm/errors.d.ts"),
            "export type ErrorKind =",
            ";",
        );
        let expected: BTreeSet<String> = expected.into_iter().map(str::to_owned).collect();
        assert_eq!(js, expected, "KINDS in wasm/npm/errors.js");
        assert_eq!(dts, expected, "ErrorKind in wasm/npm/errors.d.ts");
    }

    #[test]
    fn errors_keep_cores_details() {
        let e = ZkcredError::from(CoreError::Unsatisfiable(
            zkcred_core::Unsatisfied::predicate(
                1,
                "nationality",
                "predicate 1 (`nationality` in) does not hold",
            ),
        ));
        assert_eq!(e.kind, "unsatisfiable");
        assert_eq!(e.details.predicate, Some(1));
        assert_eq!(e.details.attribute.as_deref(), Some("nationality"));
        let e = ZkcredError::from(CoreError::Encoding("proofValue"));
        assert_eq!(e.details.field, Some("proofValue"));
        assert!(ZkcredError::new("credential", "x").details.is_empty());
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

//! zkcred-core's error kinds through the binding: each kind lands in its
//! own case (the credit-free `NonCanonical` shares `Encoding`), and a
//! malformed revocation path is an `Encoding` error, never a `Key` error.

#[path = "support/kinds.rs"]
mod kinds;

use std::collections::BTreeSet;

use kinds::kind as case;
use zkcred_core::{Error as CoreError, ErrorKind};
use zkcred_ffi::{RevocationPath, ZkcredError};

#[test]
fn a_malformed_revocation_path_is_an_encoding_error_not_a_key_error() {
    for bytes in [vec![0u8; 100], vec![], vec![0xff; 1536]] {
        let err = RevocationPath::from_bytes(bytes).err().unwrap();
        assert!(matches!(err, ZkcredError::Encoding { .. }), "{err:?}");
        assert!(err.to_string().contains("revocation path"), "{err}");
    }
    // The same through core's `From<CircuitError>`, which used to make
    // every circuit error a key error.
    let circuit = zkcred_core::MerklePath::from_bytes(&[1, 2, 3]).unwrap_err();
    let err = ZkcredError::from(CoreError::from(circuit));
    assert!(matches!(err, ZkcredError::Encoding { .. }), "{err:?}");
}

#[test]
fn every_core_kind_has_a_case_of_its_own_but_other() {
    // One core error per kind, converted: no kind lands in `Other`, and only
    // `NonCanonical` shares a case (with `Encoding`).
    let errors = [
        CoreError::Json("x".into()),
        CoreError::UnsupportedVersion {
            what: "wallet",
            found: 2,
            supported: 1,
        },
        CoreError::Encoding("x"),
        CoreError::NonCanonical("x"),
        CoreError::InvalidDate,
        CoreError::Schema("x".into()),
        CoreError::Attribute {
            name: "x".into(),
            reason: "x",
        },
        CoreError::Request("x".into()),
        CoreError::ScopeMismatch,
        CoreError::Credential("x"),
        CoreError::Key("x"),
        CoreError::MalformedProof("x"),
        CoreError::Unsatisfiable("x".into()),
        CoreError::VerificationFailed,
        CoreError::Revocation(zkcred_core::revocation::RevocationError::NotRevoked),
        CoreError::Proving("x".into()),
        CoreError::Scorecard("x".into()),
        CoreError::Metrics("x".into()),
        CoreError::Attestation("x"),
        CoreError::CreditPolicy("x".into()),
        CoreError::Io("x".into()),
    ];
    let kinds: Vec<ErrorKind> = errors.iter().map(CoreError::kind).collect();
    assert_eq!(kinds, ErrorKind::ALL);
    let cases: BTreeSet<&str> = errors
        .into_iter()
        .map(|e| case(&ZkcredError::from(e.in_file("/keys/x.pk"))))
        .collect();
    assert_eq!(cases.len(), ErrorKind::ALL.len() - 1);
    assert!(!cases.contains("Other") && !cases.contains("unknown"));
}

//! The name of a [`ZkcredError`]'s case, to check which case an error
//! landed in and that every case was produced (shared by the error tests).
#![allow(dead_code)]

use zkcred_ffi::ZkcredError;

/// The case's name (`"unknown"` for a case added since).
pub fn kind(e: &ZkcredError) -> &'static str {
    match e {
        ZkcredError::Json(_) => "Json",
        ZkcredError::UnsupportedVersion(_) => "UnsupportedVersion",
        ZkcredError::Encoding(_) => "Encoding",
        ZkcredError::InvalidDate(_) => "InvalidDate",
        ZkcredError::Schema(_) => "Schema",
        ZkcredError::Attribute(_) => "Attribute",
        ZkcredError::Request(_) => "Request",
        ZkcredError::ScopeMismatch(_) => "ScopeMismatch",
        ZkcredError::Credential(_) => "Credential",
        ZkcredError::Key(_) => "Key",
        ZkcredError::MalformedProof(_) => "MalformedProof",
        ZkcredError::Unsatisfiable(_) => "Unsatisfiable",
        ZkcredError::VerificationFailed => "VerificationFailed",
        ZkcredError::Revocation(_) => "Revocation",
        ZkcredError::Proving(_) => "Proving",
        ZkcredError::Scorecard(_) => "Scorecard",
        ZkcredError::Metrics(_) => "Metrics",
        ZkcredError::Attestation(_) => "Attestation",
        ZkcredError::CreditPolicy(_) => "CreditPolicy",
        ZkcredError::Io(_) => "Io",
        ZkcredError::Other(_) => "Other",
        ZkcredError::Internal => "Internal",
        _ => "unknown",
    }
}

//! The name of a [`ZkcredError`]'s case, to check which case an error
//! landed in and that every case was produced (shared by the error tests).
#![allow(dead_code)]

use zkcred_ffi::ZkcredError;

/// The case's name (`"unknown"` for a case added since).
pub fn kind(e: &ZkcredError) -> &'static str {
    match e {
        ZkcredError::Json { .. } => "Json",
        ZkcredError::UnsupportedVersion { .. } => "UnsupportedVersion",
        ZkcredError::Encoding { .. } => "Encoding",
        ZkcredError::InvalidDate { .. } => "InvalidDate",
        ZkcredError::Schema { .. } => "Schema",
        ZkcredError::Attribute { .. } => "Attribute",
        ZkcredError::Request { .. } => "Request",
        ZkcredError::ScopeMismatch { .. } => "ScopeMismatch",
        ZkcredError::Credential { .. } => "Credential",
        ZkcredError::Key { .. } => "Key",
        ZkcredError::MalformedProof { .. } => "MalformedProof",
        ZkcredError::Unsatisfiable { .. } => "Unsatisfiable",
        ZkcredError::VerificationFailed => "VerificationFailed",
        ZkcredError::Revocation { .. } => "Revocation",
        ZkcredError::Proving { .. } => "Proving",
        ZkcredError::Scorecard { .. } => "Scorecard",
        ZkcredError::Metrics { .. } => "Metrics",
        ZkcredError::Attestation { .. } => "Attestation",
        ZkcredError::CreditPolicy { .. } => "CreditPolicy",
        ZkcredError::Io { .. } => "Io",
        ZkcredError::OutOfRange { .. } => "OutOfRange",
        ZkcredError::Cancelled => "Cancelled",
        ZkcredError::Internal => "Internal",
        _ => "unknown",
    }
}

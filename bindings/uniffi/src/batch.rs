//! Batch verification: many presentations against the verifier's own
//! request, on all cores, with zkcred-core's engine
//! ([`zkcred_core::batch::verify_all`]). This module only converts: the
//! proofs in, one [`BatchRow`] per proof out.

use std::sync::Arc;

use zkcred_core::batch::{verify_all, IdentityKind, Outcome, RawProof};

use crate::{
    background,
    errors::{ErrorDetails, Result, ZkcredErrorKind},
    keys::VerifyingKey,
    request::PresentationRequest,
};

/// One proof's row of a batch, in input order.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct BatchRow {
    /// The proof's position in the input.
    pub index: i32,
    /// Whether it verifies.
    pub accepted: bool,
    /// The holder's nullifier in the request's scope (hex), when accepted.
    pub nullifier: Option<String>,
    /// The disclosed attributes as a JSON object (`{}` when none), when
    /// accepted: as [`crate::VerifiedPresentation::disclosed_json`].
    pub disclosed_json: Option<String>,
    /// Why it was refused (`Internal` for a caught panic), when refused.
    pub error_kind: Option<ZkcredErrorKind>,
    /// The refusal's value-free message (opaque for `VerificationFailed`).
    pub reason: Option<String>,
    /// The refusal's structured details (all empty when accepted).
    pub details: ErrorDetails,
    /// Time spent parsing and verifying this proof, in milliseconds.
    pub elapsed_ms: f64,
}

fn row(index: usize, outcome: Outcome) -> Result<BatchRow> {
    let elapsed_ms = outcome.elapsed.as_secs_f64() * 1e3;
    let index = crate::errors::index_of(index);
    Ok(match outcome.result {
        Ok(a) => BatchRow {
            index,
            accepted: true,
            nullifier: a.nullifier,
            disclosed_json: Some(
                serde_json::to_string(&a.disclosed).map_err(zkcred_core::Error::from)?,
            ),
            error_kind: None,
            reason: None,
            details: ErrorDetails::default(),
            elapsed_ms,
        },
        Err(r) => BatchRow {
            index,
            accepted: false,
            nullifier: None,
            disclosed_json: None,
            error_kind: Some(r.kind.map_or(ZkcredErrorKind::Internal, Into::into)),
            reason: Some(r.reason),
            details: r.details.into(),
            elapsed_ms,
        },
    })
}

/// Verifies every proof of `proofs` (each the presentation's JSON as UTF-8
/// bytes, or its compact binary form) against `request`, the verifier's own
/// request, on all cores; returns one row per proof, in order. A proof that
/// does not parse or verify is a refused row, never a thrown error; only a
/// malformed request fails the whole call (`Request`). Runs on a worker
/// thread (about 2 ms per proof per core).
#[uniffi::export]
pub async fn verify_batch(
    request: Arc<PresentationRequest>,
    verifying_key: Arc<VerifyingKey>,
    proofs: Vec<Vec<u8>>,
) -> Result<Vec<BatchRow>> {
    background::run(move || {
        let kind = IdentityKind::new(request.0.clone(), verifying_key.0.clone())?;
        let raw: Vec<RawProof> = proofs.into_iter().map(RawProof::Bytes).collect();
        verify_all(&kind, &raw, None)?
            .into_iter()
            .enumerate()
            .map(|(i, o)| row(i, o))
            .collect()
    })
    .await
}

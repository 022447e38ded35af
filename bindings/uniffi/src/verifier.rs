//! Verification of a presentation against the verifier's own request.

use std::sync::Arc;

use zkcred_core::{verifier as core_verifier, Presentation};

use crate::{
    errors::{guard, Result},
    keys::VerifyingKey,
    request::PresentationRequest,
};

/// What a verified presentation establishes.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VerifiedPresentation {
    /// The issuer's public key (hex).
    pub issuer: String,
    /// The holder's nullifier in the request's scope (hex): stable for one
    /// holder within a scope, unlinkable across scopes.
    pub nullifier: String,
    /// The disclosed attributes as a JSON object (`{}` when none).
    pub disclosed_json: String,
}

/// Verifies `presentation_json` against `request` (the verifier's own
/// request, not one the holder sent back). About 2 ms: fine on any thread.
/// Any failure concerning the presentation is the opaque
/// [`crate::ZkcredError::VerificationFailed`].
#[uniffi::export]
pub fn verify_presentation(
    request: Arc<PresentationRequest>,
    presentation_json: String,
    verifying_key: Arc<VerifyingKey>,
) -> Result<VerifiedPresentation> {
    guard(|| {
        let presentation = Presentation::from_json(&presentation_json)?;
        let verified = core_verifier::verify(&request.0, &presentation, &verifying_key.0)?;
        Ok(VerifiedPresentation {
            issuer: verified.issuer,
            nullifier: verified.nullifier,
            disclosed_json: serde_json::to_string(&verified.disclosed)
                .map_err(zkcred_core::Error::from)?,
        })
    })
}

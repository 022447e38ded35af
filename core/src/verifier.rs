//! Verifiers: checking a presentation against the verifier's own request.

use std::collections::BTreeMap;

use zkcred_circuits::{
    presentation::{PublicInputs, NUM_ATTRIBUTES},
    Fr,
};

use crate::{
    encoding::fr_to_hex, issuer::IssuerPublicKey, keys::VerifyingKey, presentation::Presentation,
    request::PresentationRequest, schema::encode_value, Error, Result,
};

/// What a verified presentation establishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedPresentation {
    /// The issuer's public key (hex).
    pub issuer: String,
    /// The holder's nullifier in this scope (field element hex): the same
    /// holder always yields the same value here, and unlinkable values
    /// elsewhere.
    pub nullifier: String,
    /// The disclosed attributes.
    pub disclosed: BTreeMap<String, serde_json::Value>,
}

/// The public inputs a presentation must be valid for under `request`, or
/// `VerificationFailed` when the envelope cannot belong to the request.
pub fn public_inputs(
    request: &PresentationRequest,
    presentation: &Presentation,
) -> Result<PublicInputs> {
    let compiled = request.compile()?;
    let issuer =
        IssuerPublicKey::from_hex(&presentation.issuer).map_err(|_| Error::VerificationFailed)?;
    let root = compiled
        .issuers
        .iter()
        .find(|(k, _)| *k == issuer)
        .map(|(_, r)| *r)
        .ok_or(Error::VerificationFailed)?;
    if presentation.disclosed.len() != compiled.disclosed.len() {
        return Err(Error::VerificationFailed);
    }
    let mut disclosed = [Fr::from(0u64); NUM_ATTRIBUTES];
    for (slot, name) in &compiled.disclosed {
        let value = presentation
            .disclosed
            .get(name)
            .ok_or(Error::VerificationFailed)?;
        disclosed[*slot] = encode_value(&request.schema.attributes[*slot], value)
            .map_err(|_| Error::VerificationFailed)?;
    }
    Ok(PublicInputs {
        nullifier: presentation.nullifier,
        scope: compiled.scope,
        challenge: compiled.challenge,
        now: compiled.now,
        issuer_key_hash: issuer.key_hash(),
        revocation_root: root,
        policy: compiled.policy,
        disclosed,
    })
}

/// Verifies `presentation` against the verifier's own `request`.
///
/// A malformed request is reported as such; every failure that concerns the
/// presentation is the one opaque [`Error::VerificationFailed`].
pub fn verify(
    request: &PresentationRequest,
    presentation: &Presentation,
    vk: &VerifyingKey,
) -> Result<VerifiedPresentation> {
    let inputs = public_inputs(request, presentation)?.to_field_elements();
    vk.verify(&presentation.proof, &inputs)?;
    Ok(VerifiedPresentation {
        issuer: presentation.issuer.clone(),
        nullifier: fr_to_hex(&presentation.nullifier),
        disclosed: presentation.disclosed.clone(),
    })
}

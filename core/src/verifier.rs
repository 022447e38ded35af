//! Verifiers: checking a presentation against the verifier's own request.

use std::collections::BTreeMap;

use zkcred_circuits::{
    presentation::{PublicInputs, NUM_ATTRIBUTES},
    Fr,
};

use crate::{
    encoding::fr_to_hex,
    issuer::IssuerPublicKey,
    keys::VerifyingKey,
    presentation::{issuer_key_canonical, Presentation},
    request::PresentationRequest,
    schema::{canonical_value, encode_value},
    Error, Result,
};

/// What a verified presentation establishes, every value in its one
/// canonical spelling (presentations in another are refused with
/// [`Error::NonCanonical`], so a deny list or a comparison on these strings
/// cannot be bypassed by respelling).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedPresentation {
    /// The issuer's public key (64 lower-case hex digits).
    pub issuer: String,
    /// The holder's nullifier in this scope (field element hex): the same
    /// holder always yields the same value here, and unlinkable values
    /// elsewhere.
    pub nullifier: String,
    /// The disclosed attributes, in their canonical spelling
    /// ([`crate::schema::canonical_value`]: a date as `YYYY-MM-DD`).
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
/// A malformed request is reported as such; a presentation that spells a
/// value in another than its canonical form (an upper-case issuer key, a
/// disclosed date as `YYYY-MM-DDT00:00:00Z`) is [`Error::NonCanonical`],
/// whether or not its proof would verify (the proof binds the values, not
/// their spelling); every other failure that concerns the presentation is
/// the one opaque [`Error::VerificationFailed`].
pub fn verify(
    request: &PresentationRequest,
    presentation: &Presentation,
    vk: &VerifyingKey,
) -> Result<VerifiedPresentation> {
    let inputs = public_inputs(request, presentation)?.to_field_elements();
    check_canonical(request, presentation)?;
    vk.verify(&presentation.proof, &inputs)?;
    Ok(VerifiedPresentation {
        issuer: presentation.issuer.clone(),
        nullifier: fr_to_hex(&presentation.nullifier),
        disclosed: presentation.disclosed.clone(),
    })
}

/// Refuses a presentation (whose public inputs [`public_inputs`] accepted)
/// that spells its issuer key or a disclosed value in another than the
/// canonical form, so that [`VerifiedPresentation`] echoes canonical
/// strings only.
fn check_canonical(request: &PresentationRequest, presentation: &Presentation) -> Result<()> {
    issuer_key_canonical(&presentation.issuer)?;
    for attribute in &request.schema.attributes {
        if let Some(value) = presentation.disclosed.get(&attribute.name) {
            if canonical_value(attribute, value).map_err(|_| Error::VerificationFailed)? != *value {
                return Err(Error::NonCanonical("disclosed value"));
            }
        }
    }
    Ok(())
}

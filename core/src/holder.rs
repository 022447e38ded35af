//! Holders: the holder secret, and answering a presentation request with a
//! proof.

use std::collections::BTreeMap;

use rand_core::{CryptoRng, OsRng, RngCore};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};
use zkcred_circuits::{
    presentation::{
        self, circuit::PresentationCircuit, PublicInputs, StatementError, Witness, NUM_ATTRIBUTES,
    },
    smt::MerklePath,
    Fr,
};

use crate::{
    credential::Credential,
    encoding::{fr_from_be_bytes, fr_to_be_bytes},
    keys::ProvingKey,
    presentation::Presentation,
    request::PresentationRequest,
    schema::canonical_value,
    Error, Result, Unsatisfied,
};

/// The holder's secret: a random field element. The credential commits to
/// `Poseidon(secret)`; presentations prove knowledge of it. Zeroized on drop,
/// compared in constant time, never printed.
pub struct HolderSecret(Fr);

impl HolderSecret {
    /// A fresh secret from `rng`.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> HolderSecret {
        use ark_ff::UniformRand;
        HolderSecret(Fr::rand(rng))
    }

    /// A fresh secret from the operating system's randomness.
    pub fn generate_os() -> HolderSecret {
        Self::generate(&mut OsRng)
    }

    /// The secret from its 32-byte big-endian encoding (must be canonical).
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<HolderSecret> {
        fr_from_be_bytes(bytes, "holder secret").map(HolderSecret)
    }

    /// The 32-byte big-endian encoding, for backup (zeroized on drop).
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(fr_to_be_bytes(&self.0))
    }

    /// `Poseidon(secret)`: what an issuer puts in the credential.
    pub fn commitment(&self) -> Fr {
        presentation::holder_commitment(&self.0)
    }

    /// The secret as a field element, for the statements of zkcred's other
    /// crates (zkcred-credit's succinct path). It is the secret: keep any
    /// copy in a zeroized witness.
    pub fn as_fr(&self) -> &Fr {
        &self.0
    }

    /// The identity presentation's nullifier for a scope string:
    /// `Poseidon(TAG, secret, hash_string(scope))` with the presentation's
    /// domain tag ([`zkcred_circuits::presentation::nullifier`]); the credit
    /// scorecard's nullifier for the same scope is another value.
    pub fn nullifier(&self, scope: &str) -> Result<Fr> {
        Ok(presentation::nullifier(
            &self.0,
            &crate::encoding::hash_string(scope)?,
        ))
    }
}

impl Drop for HolderSecret {
    fn drop(&mut self) {
        self.0 .0 .0.zeroize();
    }
}

impl PartialEq for HolderSecret {
    fn eq(&self, other: &Self) -> bool {
        self.to_bytes().ct_eq(&*other.to_bytes()).into()
    }
}

impl Eq for HolderSecret {}

impl std::fmt::Debug for HolderSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HolderSecret(..)")
    }
}

/// Everything a proof needs, assembled and checked.
pub(crate) struct Prepared {
    pub(crate) public: PublicInputs,
    pub(crate) witness: Witness,
    pub(crate) issuer: String,
    pub(crate) disclosed: BTreeMap<String, serde_json::Value>,
}

/// Builds the circuit inputs for `request` from `credential`, without
/// checking that the statement holds. `strict` refuses a credential whose
/// signature fails or whose issuer the request does not accept; the lenient
/// mode (for [`prove_unchecked`]) goes on with the first accepted issuer.
pub(crate) fn prepare(
    request: &PresentationRequest,
    credential: &Credential,
    secret: &HolderSecret,
    revocation_path: &MerklePath,
    strict: bool,
) -> Result<Prepared> {
    let compiled = request.compile()?;
    let decoded = if strict {
        credential.verify(&request.schema)
    } else {
        credential.decode(&request.schema)
    };
    let (issuer, data, signature) = decoded.map_err(|e| match e {
        Error::Credential(why) => Error::Unsatisfiable(why.into()),
        other => other,
    })?;
    let accepted = compiled.issuers.iter().find(|(k, _)| *k == issuer);
    let (public_issuer, root) = match (accepted, strict) {
        (Some((k, root)), _) => (*k, *root),
        (None, false) => compiled.issuers[0],
        (None, true) => {
            return Err(Error::Unsatisfiable(
                "the credential's issuer is not accepted by the request".into(),
            ))
        }
    };
    let mut disclosed_values = [Fr::from(0u64); NUM_ATTRIBUTES];
    let mut disclosed = BTreeMap::new();
    for (slot, name) in &compiled.disclosed {
        disclosed_values[*slot] = data.attributes[*slot];
        let value = credential
            .credential_subject
            .attributes
            .get(name)
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        // The canonical spelling (a date as `YYYY-MM-DD`), which verifiers
        // require; a value the schema refuses is sent as is and fails there.
        let value = canonical_value(&request.schema.attributes[*slot], &value).unwrap_or(value);
        disclosed.insert(name.clone(), value);
    }
    let public = PublicInputs {
        nullifier: presentation::nullifier(&secret.0, &compiled.scope),
        scope: compiled.scope,
        challenge: compiled.challenge,
        now: compiled.now,
        issuer_key_hash: public_issuer.key_hash(),
        revocation_root: root,
        policy: compiled.policy,
        disclosed: disclosed_values,
    };
    let witness = Witness {
        credential: data,
        issuer_key: issuer.0,
        signature,
        holder_secret: secret.0,
        revocation_path: revocation_path.clone(),
    };
    Ok(Prepared {
        public,
        witness,
        issuer: public_issuer.to_hex(),
        disclosed,
    })
}

fn explain(e: StatementError, request: &PresentationRequest) -> Error {
    let predicate = |n: usize, what: &str| {
        let p = &request.predicates[n];
        Error::Unsatisfiable(Unsatisfied::predicate(
            n,
            p.attribute.clone(),
            format!("predicate {n} ({}) {what}", p.describe()),
        ))
    };
    match e {
        StatementError::Predicate(n) => predicate(n, "does not hold"),
        StatementError::PredicateNotInteger(n) => {
            predicate(n, "compares a value that is not an integer")
        }
        other => other.into(),
    }
}

/// Answers `request` with a zero-knowledge proof from `credential`.
///
/// Refuses early, with [`Error::Unsatisfiable`] naming the failing check
/// (for a predicate: its position and attribute), when the credential cannot
/// satisfy the request: another schema or issuer, expired, revoked (the path
/// does not lead from an empty leaf to the request's root), or a predicate
/// that fails. `revocation_path` is the issuer's non-membership path for the
/// credential's serial against the root the request names.
pub fn prove(
    request: &PresentationRequest,
    credential: &Credential,
    secret: &HolderSecret,
    revocation_path: &MerklePath,
    pk: &ProvingKey,
) -> Result<Presentation> {
    prove_with_rng(request, credential, secret, revocation_path, pk, &mut OsRng)
}

/// [`prove`] with the caller's randomness.
pub fn prove_with_rng<R: RngCore + CryptoRng>(
    request: &PresentationRequest,
    credential: &Credential,
    secret: &HolderSecret,
    revocation_path: &MerklePath,
    pk: &ProvingKey,
    rng: &mut R,
) -> Result<Presentation> {
    request.check_proving_key(pk)?;
    let prepared = prepare(request, credential, secret, revocation_path, true)?;
    presentation::check(&prepared.public, &prepared.witness).map_err(|e| explain(e, request))?;
    prove_prepared(prepared, pk, true, rng)
}

/// Checks, without proving and without the proving key, that `credential`
/// can answer `request`: exactly the refusals of [`prove`] (same
/// [`Error::Unsatisfiable`] messages), so a holder can refuse before
/// fetching or loading a key.
pub fn check(
    request: &PresentationRequest,
    credential: &Credential,
    secret: &HolderSecret,
    revocation_path: &MerklePath,
) -> Result<()> {
    let prepared = prepare(request, credential, secret, revocation_path, true)?;
    presentation::check(&prepared.public, &prepared.witness).map_err(|e| explain(e, request))
}

/// Proves without checking the statement first, using the credential as it
/// is (an unaccepted issuer is replaced by the first accepted one, a bad
/// signature is kept). A false statement yields a proof that does not
/// verify: the soundness tests use this to show it. Applications call
/// [`prove`].
/// The full witness of the presentation [`prove`] would make: every wire
/// of the presentation circuit, in the wire order of its `.r1cs` export
/// ([`crate::circom`]: the constant 1, the public inputs, then the private
/// wires), for writing as a `.wtns` file ([`crate::circom::wtns::to_bytes`];
/// write it with [`crate::files::write_secret`]). Refuses what [`prove`]
/// refuses. The result holds the holder secret and the credential's
/// attributes: it is zeroized on drop.
pub fn witness(
    request: &PresentationRequest,
    credential: &Credential,
    secret: &HolderSecret,
    revocation_path: &MerklePath,
) -> Result<Zeroizing<Vec<Fr>>> {
    let prepared = prepare(request, credential, secret, revocation_path, true)?;
    presentation::check(&prepared.public, &prepared.witness).map_err(|e| explain(e, request))?;
    crate::circom::wtns::from_circuit(PresentationCircuit::new(prepared.public, prepared.witness))
}

#[doc(hidden)]
pub fn prove_unchecked<R: RngCore + CryptoRng>(
    request: &PresentationRequest,
    credential: &Credential,
    secret: &HolderSecret,
    revocation_path: &MerklePath,
    pk: &ProvingKey,
    rng: &mut R,
) -> Result<Presentation> {
    prove_prepared(
        prepare(request, credential, secret, revocation_path, false)?,
        pk,
        false,
        rng,
    )
}

/// Proves; `self_check` verifies the proof before releasing it
/// ([`ProvingKey::prove_verified`]): every proof but the soundness tests'.
fn prove_prepared<R: RngCore + CryptoRng>(
    prepared: Prepared,
    pk: &ProvingKey,
    self_check: bool,
    rng: &mut R,
) -> Result<Presentation> {
    let nullifier = prepared.public.nullifier;
    let inputs = prepared.public.to_field_elements();
    let circuit = PresentationCircuit::new(prepared.public, prepared.witness);
    let proof = if self_check {
        pk.prove_verified(circuit, &inputs, rng)?
    } else {
        pk.prove(circuit, rng)?
    };
    Ok(Presentation {
        issuer: prepared.issuer,
        nullifier,
        disclosed: prepared.disclosed,
        proof,
    })
}

//! The succinct credit path: a Groth16 proof (BN254, 128 bytes, 6 public
//! inputs) that provider-signed metrics reach a binned scorecard's cutoff,
//! for on-chain gating. The statement and its circuit are
//! [`zkcred_circuits::scorecard`].
//!
//! - The provider signs the SME's metrics with its EdDSA-Poseidon key (the
//!   half of its [`ProviderKey`] the circuit verifies), bound to the SME's
//!   holder commitment ([`attest_succinct`] gives a [`SuccinctCredential`],
//!   the SME's private file).
//! - The lender's [`SuccinctPolicy`] names one provider, a binned scorecard,
//!   the currency, a scope and a challenge, and today's date; its public
//!   inputs are `[nullifier, scope, challenge, now, issuer_key_hash,
//!   policy_hash]` with `scope = hash_string(scope)` and `policy_hash =
//!   Poseidon(scorecard hash, currency)` (the currency's 3 ASCII bytes as a
//!   big-endian integer).
//! - The nullifier `Poseidon(TAG, holder_secret, scope)` ([`succinct_nullifier`];
//!   the scorecard's domain tag, so it differs from the holder's identity
//!   nullifier for the same scope) is stable per scope, so a
//!   contract can refuse a second use.
//!
//! Keys: one development setup ([`setup`]) serves every binned model; the
//! files use the presentation keys' format with the circuit id
//! `scorecard/v2` (v1 keys are refused with a circuit-version error).
//!
//! JSON: credential `{"version": 1, "type": "ZkcredCreditCredential",
//! "issuer", "issuerId", "currency", "issued", "expires", "holderCommitment",
//! "metrics": {...}, "signature"}`; policy `{"version": 1, "type":
//! "ZkcredCreditSuccinctPolicy", "scope", "challenge", "now", "currency",
//! "issuer", "scorecard": {...}}`; proof `{"version": 2, "type":
//! "ZkcredCreditSuccinctProof", "nullifier", "proof"}`.

use rand_core::{CryptoRng, OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zkcred_circuits::{
    eddsa::Signature,
    presentation::issuer_key_hash,
    scorecard::{self, circuit::ScorecardCircuit, CreditData, PublicInputs, Witness},
    Fr,
};

use crate::{
    attestation::{check_currency, check_issuer_id, ProviderKey, ProviderPublicKey},
    metrics::Metrics,
    model::Scorecard,
};
use zkcred_core::{
    date::Date,
    encoding::{bytes_from_hex, fr_from_hex, fr_to_hex, hash_string, UniqueMap},
    holder::HolderSecret,
    keys::{self, ProvingKeyFor, Statement, VerifyingKeyFor},
    presentation::{Proof, PROOF_BYTES},
    Error, Result,
};

/// Format version of the succinct path's documents.
pub const SUCCINCT_VERSION: u64 = 1;
/// Format version of succinct proofs: version 2 carries a proof of the
/// `scorecard/v2` circuit. A version-1 proof is of `scorecard/v1` and is
/// refused with `UnsupportedVersion { what: "circuit", found: 1, supported:
/// 2 }`. (The binary form, `nullifier || proof`, has no version field.)
pub const SUCCINCT_PROOF_VERSION: u64 = 2;
/// The circuit id in the scorecard circuit's key files.
pub const CIRCUIT_ID: &[u8; 16] = ScorecardStatement::ID;

/// The succinct credit statement ([`zkcred_circuits::scorecard`]): its keys
/// are zkcred-core's generic key type over it.
#[derive(Clone, Copy, Debug)]
pub enum ScorecardStatement {}

impl Statement for ScorecardStatement {
    const ID: &'static [u8; 16] = b"scorecard/v2\0\0\0\0";
    const NAME: &'static str = scorecard::CIRCUIT_ID;
    const PUBLIC_INPUTS: usize = scorecard::NUM_PUBLIC_INPUTS;
    type Circuit = ScorecardCircuit;
    fn blank() -> ScorecardCircuit {
        ScorecardCircuit::blank()
    }
}

/// The Groth16 proving key of the scorecard circuit. [`ProvingKeyFor::prepare`]
/// precomputes the prover's MSM tables ([`zkcred_core::prover`]): later
/// proofs take about a sixth less time (185 ms against 223 ms on two cores),
/// for 91.8 MB of memory; for lenders' and platforms' servers, not phones.
pub type ScorecardProvingKey = ProvingKeyFor<ScorecardStatement>;

/// The Groth16 verifying key of the scorecard circuit, prepared.
pub type ScorecardVerifyingKey = VerifyingKeyFor<ScorecardStatement>;

/// Generates development keys for the scorecard circuit (one party's
/// randomness: development only; production needs a ceremony).
pub fn setup<R: RngCore + CryptoRng>(
    rng: &mut R,
) -> Result<(ScorecardProvingKey, ScorecardVerifyingKey)> {
    keys::generate(rng)
}

/// [`setup`] with the operating system's randomness.
pub fn setup_os() -> Result<(ScorecardProvingKey, ScorecardVerifyingKey)> {
    setup(&mut OsRng)
}

/// The currency code as a field element (3 ASCII bytes, big-endian).
fn currency_fr(c: &str) -> Fr {
    let b = c.as_bytes();
    Fr::from(b.iter().fold(0u64, |acc, x| acc << 8 | u64::from(*x)))
}

fn day(d: Date) -> Result<u64> {
    u64::try_from(d.days())
        .map_err(|_| Error::Attestation("the succinct path takes dates from 1970-01-01 on"))
}

/// What the SME keeps for the succinct path: its metrics signed by the
/// provider with EdDSA-Poseidon, bound to its holder commitment. Secret
/// (it shows every metric); `Debug` shows nothing.
#[derive(Clone)]
pub struct SuccinctCredential {
    /// The provider.
    pub issuer: ProviderPublicKey,
    /// The provider's id.
    pub issuer_id: String,
    /// The currency.
    pub currency: String,
    /// Issue date.
    pub issued: Date,
    /// Last valid day.
    pub expires: Date,
    /// The SME's holder commitment.
    pub holder_commitment: Fr,
    /// The metrics.
    pub metrics: Metrics,
    signature: Signature,
}

impl std::fmt::Debug for SuccinctCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SuccinctCredential(..)")
    }
}

impl SuccinctCredential {
    fn data(&self) -> Result<CreditData> {
        Ok(CreditData {
            issued: day(self.issued)?,
            expiry: day(self.expires)?,
            currency: currency_fr(&self.currency),
            holder_commitment: self.holder_commitment,
            metrics: *self.metrics.values(),
        })
    }

    /// Checks the provider's signature.
    pub fn verify_signature(&self) -> Result<()> {
        self.issuer
            .eddsa
            .0
            .verify(self.data()?.hash(), &self.signature)
            .map_err(|_| Error::Attestation("the signature does not verify"))
    }
}

/// Signs `metrics` for the SME whose holder commitment is `holder_commitment`.
pub fn attest_succinct(
    key: &ProviderKey,
    issuer_id: &str,
    currency: &str,
    metrics: &Metrics,
    holder_commitment: Fr,
    issued: Date,
    expires: Date,
) -> Result<SuccinctCredential> {
    check_issuer_id(issuer_id)?;
    check_currency(currency)?;
    if expires < issued {
        return Err(Error::Attestation("expires before it is issued"));
    }
    let data = CreditData {
        issued: day(issued)?,
        expiry: day(expires)?,
        currency: currency_fr(currency),
        holder_commitment,
        metrics: *metrics.values(),
    };
    Ok(SuccinctCredential {
        issuer: key.public_key(),
        issuer_id: issuer_id.into(),
        currency: currency.into(),
        issued,
        expires,
        holder_commitment,
        metrics: metrics.clone(),
        signature: key.eddsa().sign_raw(data.hash()),
    })
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CredentialJson {
    version: u64,
    #[serde(rename = "type")]
    kind: String,
    issuer: String,
    issuer_id: String,
    currency: String,
    issued: String,
    expires: String,
    holder_commitment: String,
    metrics: UniqueMap,
    signature: String,
}

fn check_header(version: u64, kind: &str, expected: &'static str) -> Result<()> {
    if version != SUCCINCT_VERSION {
        return Err(Error::UnsupportedVersion {
            what: expected,
            found: version,
            supported: SUCCINCT_VERSION,
        });
    }
    if kind != expected {
        return Err(Error::Encoding(expected));
    }
    Ok(())
}

impl SuccinctCredential {
    /// As JSON (secret: it shows the metrics).
    pub fn to_json(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(
            serde_json::to_string_pretty(&CredentialJson {
                version: SUCCINCT_VERSION,
                kind: "ZkcredCreditCredential".into(),
                issuer: self.issuer.to_hex(),
                issuer_id: self.issuer_id.clone(),
                currency: self.currency.clone(),
                issued: self.issued.to_string(),
                expires: self.expires.to_string(),
                holder_commitment: fr_to_hex(&self.holder_commitment),
                metrics: UniqueMap(
                    self.metrics
                        .to_json_value()
                        .as_object()
                        .cloned()
                        .expect("an object"),
                ),
                signature: hex::encode(self.signature.to_bytes()),
            })
            .expect("credentials serialize"),
        )
    }

    /// Parses and checks the signature.
    pub fn from_json(json: &str) -> Result<SuccinctCredential> {
        let j: CredentialJson = serde_json::from_str(json)?;
        check_header(j.version, &j.kind, "ZkcredCreditCredential")?;
        check_issuer_id(&j.issuer_id)?;
        check_currency(&j.currency)?;
        let c = SuccinctCredential {
            issuer: ProviderPublicKey::from_hex(&j.issuer)?,
            issuer_id: j.issuer_id,
            currency: j.currency,
            issued: Date::parse(&j.issued)?,
            expires: Date::parse(&j.expires)?,
            holder_commitment: fr_from_hex(&j.holder_commitment, "holder commitment")?,
            metrics: Metrics::from_map(&j.metrics.0)?,
            signature: Signature::from_bytes(&bytes_from_hex::<64>(&j.signature, "signature")?)
                .map_err(|_| Error::Attestation("malformed signature"))?,
        };
        c.verify_signature()?;
        Ok(c)
    }
}

/// The lender's request on the succinct path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuccinctPolicy {
    /// The lender's scope (the nullifier is per scope).
    pub scope: String,
    /// The lender's challenge.
    pub challenge: Fr,
    /// Today.
    pub now: Date,
    /// The currency.
    pub currency: String,
    /// The one accepted provider.
    pub issuer: ProviderPublicKey,
    /// A binned scorecard.
    pub scorecard: Scorecard,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyJson {
    version: u64,
    #[serde(rename = "type")]
    kind: String,
    scope: String,
    challenge: String,
    now: String,
    currency: String,
    issuer: String,
    scorecard: serde_json::Value,
}

impl SuccinctPolicy {
    /// A policy with a fresh random challenge and today's date.
    pub fn new_os(
        scope: &str,
        currency: &str,
        issuer: &ProviderPublicKey,
        scorecard: Scorecard,
    ) -> SuccinctPolicy {
        use ark_ff::UniformRand;
        SuccinctPolicy {
            scope: scope.into(),
            challenge: Fr::rand(&mut OsRng),
            now: Date::today(),
            currency: currency.into(),
            issuer: *issuer,
            scorecard,
        }
    }

    /// Checks the policy is well formed.
    pub fn check(&self) -> Result<()> {
        check_currency(&self.currency)
            .map_err(|_| Error::CreditPolicy("the currency must be 3 capital letters".into()))?;
        hash_string(&self.scope)
            .map_err(|_| Error::CreditPolicy("the scope is longer than 465 bytes".into()))?;
        day(self.now).map_err(|_| Error::CreditPolicy("the date is before 1970".into()))?;
        self.scorecard.as_binned()?;
        Ok(())
    }

    /// The public inputs for a proof carrying `nullifier`.
    pub fn public_inputs(&self, nullifier: Fr) -> Result<PublicInputs> {
        self.check()?;
        let model = self
            .scorecard
            .circuit_model()
            .ok_or_else(|| Error::Scorecard("the succinct path proves binned scorecards".into()))?;
        Ok(PublicInputs {
            nullifier,
            scope: hash_string(&self.scope)?,
            challenge: self.challenge,
            now: day(self.now)?,
            issuer_key_hash: issuer_key_hash(&self.issuer.eddsa.0),
            policy_hash: scorecard::policy_hash(model.hash(), currency_fr(&self.currency)),
        })
    }

    /// As JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&PolicyJson {
            version: SUCCINCT_VERSION,
            kind: "ZkcredCreditSuccinctPolicy".into(),
            scope: self.scope.clone(),
            challenge: fr_to_hex(&self.challenge),
            now: self.now.to_string(),
            currency: self.currency.clone(),
            issuer: self.issuer.to_hex(),
            scorecard: serde_json::from_str(&self.scorecard.to_json()).expect("JSON"),
        })
        .expect("policies serialize")
    }

    /// Parses and checks a policy.
    pub fn from_json(json: &str) -> Result<SuccinctPolicy> {
        let j: PolicyJson = serde_json::from_str(json)?;
        check_header(j.version, &j.kind, "ZkcredCreditSuccinctPolicy")?;
        let p = SuccinctPolicy {
            scope: j.scope,
            challenge: fr_from_hex(&j.challenge, "challenge")?,
            now: Date::parse(&j.now)?,
            currency: j.currency,
            issuer: ProviderPublicKey::from_hex(&j.issuer)?,
            scorecard: Scorecard::from_json(&j.scorecard.to_string())?,
        };
        p.check()?;
        Ok(p)
    }
}

/// A succinct credit proof: the nullifier and a 128-byte Groth16 proof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuccinctProof {
    /// `Poseidon(TAG, holder_secret, hash_string(scope))` ([`succinct_nullifier`]).
    pub nullifier: Fr,
    /// The proof.
    pub proof: Proof,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProofJson {
    version: u64,
    #[serde(rename = "type")]
    kind: String,
    nullifier: String,
    proof: String,
}

impl SuccinctProof {
    /// As JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&ProofJson {
            version: SUCCINCT_PROOF_VERSION,
            kind: "ZkcredCreditSuccinctProof".into(),
            nullifier: fr_to_hex(&self.nullifier),
            proof: hex::encode(self.proof.to_bytes()),
        })
        .expect("proofs serialize")
    }

    /// Parses and validates.
    pub fn from_json(json: &str) -> Result<SuccinctProof> {
        let j: ProofJson = serde_json::from_str(json)?;
        if j.version == 1 {
            return Err(Error::UnsupportedVersion {
                what: "circuit",
                found: 1,
                supported: SUCCINCT_PROOF_VERSION,
            });
        }
        if j.version != SUCCINCT_PROOF_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "ZkcredCreditSuccinctProof",
                found: j.version,
                supported: SUCCINCT_PROOF_VERSION,
            });
        }
        if j.kind != "ZkcredCreditSuccinctProof" {
            return Err(Error::Encoding("ZkcredCreditSuccinctProof"));
        }
        Ok(SuccinctProof {
            nullifier: fr_from_hex(&j.nullifier, "nullifier")?,
            proof: Proof::from_bytes(&bytes_from_hex::<PROOF_BYTES>(&j.proof, "proof")?)?,
        })
    }

    /// Binary: `nullifier (32, BE) || proof (128)`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = zkcred_core::encoding::fr_to_be_bytes(&self.nullifier).to_vec();
        out.extend_from_slice(&self.proof.to_bytes());
        out
    }

    /// Parses the binary form.
    pub fn from_bytes(bytes: &[u8]) -> Result<SuccinctProof> {
        if bytes.len() != 32 + PROOF_BYTES {
            return Err(Error::MalformedProof(
                "a succinct credit proof is 160 bytes",
            ));
        }
        Ok(SuccinctProof {
            nullifier: zkcred_core::encoding::fr_from_be_bytes(&bytes[..32], "nullifier")?,
            proof: Proof::from_bytes(&bytes[32..])?,
        })
    }
}

/// The SME's nullifier at the lender of `scope`: `Poseidon(TAG,
/// holder_secret, hash_string(scope))` with the scorecard's domain tag
/// ([`scorecard::nullifier`]). Unrelated to the identity nullifier
/// [`HolderSecret::nullifier`] for the same scope, so one scope string does
/// not link a holder's identity and credit proofs.
pub fn succinct_nullifier(secret: &HolderSecret, scope: &str) -> Result<Fr> {
    Ok(scorecard::nullifier(secret.as_fr(), &hash_string(scope)?))
}

fn witness(
    policy: &SuccinctPolicy,
    credential: &SuccinctCredential,
    secret: &HolderSecret,
) -> Result<(PublicInputs, Witness)> {
    let model = policy
        .scorecard
        .circuit_model()
        .ok_or_else(|| Error::Scorecard("the succinct path proves binned scorecards".into()))?;
    let public = policy.public_inputs(succinct_nullifier(secret, &policy.scope)?)?;
    let w = Witness {
        credit: credential.data()?,
        issuer_key: credential.issuer.eddsa.0,
        signature: credential.signature,
        holder_secret: *secret.as_fr(),
        model,
    };
    Ok((public, w))
}

/// Proves that the credential's metrics reach the policy's scorecard cutoff.
/// Refuses with [`Error::Unsatisfiable`] (naming the failing part, never a
/// value) when the statement does not hold.
pub fn prove_succinct<R: RngCore + CryptoRng>(
    policy: &SuccinctPolicy,
    credential: &SuccinctCredential,
    secret: &HolderSecret,
    pk: &ScorecardProvingKey,
    rng: &mut R,
) -> Result<SuccinctProof> {
    let (public, w) = witness(policy, credential, secret)?;
    scorecard::check(&public, &w).map_err(|e| Error::Unsatisfiable(e.to_string().into()))?;
    prove_prepared(public, w, pk, true, rng)
}

/// The scorecard circuit's full witness for the proof [`prove_succinct`]
/// makes: every wire, in the wire order of the scorecard's `.r1cs`
/// (`zkcred export-r1cs --circuit scorecard`), for circom's `.wtns`
/// (`zkcred_core::circom::wtns::to_bytes`) and other provers (`snarkjs
/// groth16 prove`). It holds the holder secret: wiped when dropped.
/// Refuses, as [`prove_succinct`] does, when the statement does not hold.
pub fn witness_succinct(
    policy: &SuccinctPolicy,
    credential: &SuccinctCredential,
    secret: &HolderSecret,
) -> Result<zeroize::Zeroizing<Vec<Fr>>> {
    let (public, w) = witness(policy, credential, secret)?;
    scorecard::check(&public, &w).map_err(|e| Error::Unsatisfiable(e.to_string().into()))?;
    zkcred_core::circom::wtns::from_circuit(ScorecardCircuit::new(public, w))
}

/// Proves without checking the statement (for soundness tests: a false
/// statement yields a proof that does not verify). Use [`prove_succinct`].
#[doc(hidden)]
pub fn prove_succinct_unchecked<R: RngCore + CryptoRng>(
    policy: &SuccinctPolicy,
    credential: &SuccinctCredential,
    secret: &HolderSecret,
    pk: &ScorecardProvingKey,
    rng: &mut R,
) -> Result<SuccinctProof> {
    let (public, w) = witness(policy, credential, secret)?;
    prove_prepared(public, w, pk, false, rng)
}

fn prove_prepared<R: RngCore + CryptoRng>(
    public: PublicInputs,
    w: Witness,
    pk: &ScorecardProvingKey,
    self_check: bool,
    rng: &mut R,
) -> Result<SuccinctProof> {
    let nullifier = public.nullifier;
    let inputs = public.to_field_elements();
    let circuit = ScorecardCircuit::new(public, w);
    let proof = if self_check {
        pk.prove_verified(circuit, &inputs, rng)?
    } else {
        pk.prove(circuit, rng)?
    };
    Ok(SuccinctProof { nullifier, proof })
}

/// Verifies a succinct proof against the policy; returns the nullifier.
/// Every failure of the proof is the one opaque [`Error::VerificationFailed`].
pub fn verify_succinct(
    policy: &SuccinctPolicy,
    proof: &SuccinctProof,
    vk: &ScorecardVerifyingKey,
) -> Result<Fr> {
    let inputs = policy.public_inputs(proof.nullifier)?.to_field_elements();
    vk.verify(&proof.proof, &inputs)?;
    Ok(proof.nullifier)
}

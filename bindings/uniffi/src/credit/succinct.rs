//! The succinct credit path (zkcred-core's `credit::succinct`): a Groth16
//! proof (128 bytes) that provider-signed metrics reach a binned scorecard's
//! cutoff, with a per-scope nullifier, for on-chain gating.
//!
//! The provider signs the SME's metrics bound to the SME wallet's holder
//! commitment ([`CreditProvider::attest_succinct`]); the wallet keeps the
//! signed credential (its JSON shows the metrics: the SME's private file);
//! the lender's [`SuccinctCreditPolicy`] names one provider, a binned
//! scorecard, a scope and a challenge; the scorecard circuit's proving key is
//! loaded once ([`load_scorecard_proving_key`]) and reused.

use std::sync::Arc;

use zeroize::Zeroizing;
use zkcred_core::{
    encoding::{fr_from_hex, fr_to_hex},
    holder::HolderSecret,
    keys::TrustedKey,
};
use zkcred_credit::{
    succinct::{
        self as core_succinct, ScorecardProvingKey as CoreScorecardProvingKey,
        ScorecardVerifyingKey as CoreScorecardVerifyingKey, SuccinctCredential,
    },
    ProviderPublicKey, Scorecard,
};

use super::{CreditMetrics, CreditProvider};
use crate::{
    background,
    date::CalendarDate,
    errors::{guard, Result, ZkcredError},
    progress::{CancellationToken, ProofProgress, Watch},
    wallet::Wallet,
};

/// A validated proving key of the scorecard circuit. Load it once, off the
/// UI thread, and reuse it for every succinct credit proof.
#[derive(uniffi::Object)]
pub struct ScorecardProvingKey(CoreScorecardProvingKey);

/// A validated verifying key of the scorecard circuit.
#[derive(uniffi::Object)]
pub struct ScorecardVerifyingKey(CoreScorecardVerifyingKey);

/// A scorecard proving key and its verifying key.
#[derive(uniffi::Record)]
pub struct ScorecardKeyPair {
    /// The proving key (SMEs).
    pub proving_key: Arc<ScorecardProvingKey>,
    /// The verifying key (lenders, contracts).
    pub verifying_key: Arc<ScorecardVerifyingKey>,
}

/// Loads and validates a scorecard proving key from its bytes and checks it
/// against `verifying_key`, the one the lender or contract verifies with
/// (points, embedded verifying key, batched pairing checks; once per process
/// for the same key), on a worker thread. A proving key from an untrusted
/// source that does not fit is a `Key` error.
#[uniffi::export]
pub async fn load_scorecard_proving_key(
    bytes: Vec<u8>,
    verifying_key: Arc<ScorecardVerifyingKey>,
) -> Result<Arc<ScorecardProvingKey>> {
    background::run(move || {
        Ok(Arc::new(ScorecardProvingKey(
            CoreScorecardProvingKey::from_bytes_checked(&bytes, &verifying_key.0)?,
        )))
    })
    .await
}

/// Reads a scorecard proving key file (as written by `zkcred credit setup`)
/// and checks it against `verifying_key` as [`load_scorecard_proving_key`]
/// does, on a worker thread.
#[uniffi::export]
pub async fn load_scorecard_proving_key_file(
    path: String,
    verifying_key: Arc<ScorecardVerifyingKey>,
) -> Result<Arc<ScorecardProvingKey>> {
    background::run(move || {
        Ok(Arc::new(ScorecardProvingKey(zkcred_core::files::load(
            &path,
            |bytes| CoreScorecardProvingKey::from_bytes_checked(bytes, &verifying_key.0),
        )?)))
    })
    .await
}

/// A scorecard proving key just installed, and its installed form to store.
#[derive(uniffi::Record)]
pub struct InstalledScorecardProvingKey {
    /// The key, ready to prove.
    pub key: Arc<ScorecardProvingKey>,
    /// The installed form (not secret): store it where only the app writes
    /// and load it with [`load_installed_scorecard_proving_key`].
    pub installed_bytes: Vec<u8>,
}

/// Installs a scorecard proving key once: loads and checks `bytes` against
/// `verifying_key` as [`load_scorecard_proving_key`] does, then returns the
/// key and its installed form, on a worker thread.
#[uniffi::export]
pub async fn install_scorecard_proving_key(
    bytes: Vec<u8>,
    verifying_key: Arc<ScorecardVerifyingKey>,
) -> Result<InstalledScorecardProvingKey> {
    background::run(move || {
        let (pk, installed_bytes) = CoreScorecardProvingKey::install(&bytes, &verifying_key.0)?;
        Ok(InstalledScorecardProvingKey {
            key: Arc::new(ScorecardProvingKey(pk)),
            installed_bytes,
        })
    })
    .await
}

/// Loads an installed scorecard proving key that must have been installed
/// against `verifying_key`, as [`crate::keys::load_installed_proving_key`]
/// does, on a worker thread.
#[uniffi::export]
pub async fn load_installed_scorecard_proving_key(
    installed_bytes: Vec<u8>,
    verifying_key: Arc<ScorecardVerifyingKey>,
) -> Result<Arc<ScorecardProvingKey>> {
    background::run(move || {
        let trusted = TrustedKey::verifying_key(&verifying_key.0);
        Ok(Arc::new(ScorecardProvingKey(
            CoreScorecardProvingKey::from_installed(&installed_bytes, &trusted)?,
        )))
    })
    .await
}

/// Generates development keys of the scorecard circuit on a worker thread.
/// Whoever ran it could forge proofs: production keys come from a ceremony.
#[uniffi::export]
pub async fn setup_development_scorecard_keys() -> Result<ScorecardKeyPair> {
    background::run(|| {
        let (pk, vk) = core_succinct::setup_os()?;
        Ok(ScorecardKeyPair {
            proving_key: Arc::new(ScorecardProvingKey(pk)),
            verifying_key: Arc::new(ScorecardVerifyingKey(vk)),
        })
    })
    .await
}

#[uniffi::export]
impl ScorecardProvingKey {
    /// The compressed encoding, to store.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }

    /// The matching verifying key.
    pub fn verifying_key(&self) -> Arc<ScorecardVerifyingKey> {
        Arc::new(ScorecardVerifyingKey(self.0.verifying_key()))
    }
}

#[uniffi::export]
impl ScorecardVerifyingKey {
    /// Loads and validates a verifying key (fine on any thread).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Arc<Self>> {
        guard(|| {
            Ok(Arc::new(ScorecardVerifyingKey(
                CoreScorecardVerifyingKey::from_bytes(&bytes)?,
            )))
        })
    }

    /// Reads, loads and validates a verifying key file.
    #[uniffi::constructor]
    pub fn from_file(path: String) -> Result<Arc<Self>> {
        guard(|| {
            Ok(Arc::new(ScorecardVerifyingKey(zkcred_core::files::load(
                &path,
                CoreScorecardVerifyingKey::from_bytes,
            )?)))
        })
    }

    /// The compressed encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }
}

#[uniffi::export]
impl CreditProvider {
    /// Signs the SME's `metrics` for the succinct path, bound to the SME
    /// wallet's `holder_commitment` (hex, from [`Wallet::holder_commitment`]),
    /// valid from `issued` to `expires` (from 1970 on). Returns the signed
    /// credit credential as JSON: it shows the metrics, so send it to the
    /// SME only.
    pub fn attest_succinct(
        &self,
        currency: String,
        metrics: CreditMetrics,
        holder_commitment: String,
        issued: CalendarDate,
        expires: CalendarDate,
    ) -> Result<String> {
        guard(|| {
            let metrics = metrics.to_core()?;
            let credential = core_succinct::attest_succinct(
                &self.key,
                &self.issuer_id,
                &currency,
                &metrics,
                fr_from_hex(&holder_commitment, "holder commitment")?,
                issued.to_core()?,
                expires.to_core()?,
            )?;
            Ok(credential.to_json().to_string())
        })
    }
}

/// A lender's policy for the succinct path: one provider, a binned
/// scorecard, the currency, a scope (the nullifier's domain) and a fresh
/// challenge, and the lender's date. Immutable.
#[derive(uniffi::Object)]
pub struct SuccinctCreditPolicy(core_succinct::SuccinctPolicy);

#[uniffi::export]
impl SuccinctCreditPolicy {
    /// A policy in `scope` (e.g. `"lender.example/sme-loans"`) accepting the
    /// provider `provider_public_key` (hex), amounts in `currency`, requiring
    /// the cutoff of the binned scorecard `scorecard_json`, with a fresh
    /// challenge and today's date.
    #[uniffi::constructor]
    pub fn new(
        scope: String,
        currency: String,
        provider_public_key: String,
        scorecard_json: String,
    ) -> Result<Arc<Self>> {
        guard(|| {
            let issuer = ProviderPublicKey::from_hex(&provider_public_key)?;
            let scorecard = Scorecard::from_json(&scorecard_json)?;
            let policy =
                core_succinct::SuccinctPolicy::new_os(&scope, &currency, &issuer, scorecard);
            policy.check()?;
            Ok(Arc::new(SuccinctCreditPolicy(policy)))
        })
    }

    /// Parses and checks a policy (as a lender sends it).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        guard(|| {
            Ok(Arc::new(SuccinctCreditPolicy(
                core_succinct::SuccinctPolicy::from_json(&json)?,
            )))
        })
    }

    /// Sets the lender's date.
    pub fn at(&self, date: CalendarDate) -> Result<Arc<Self>> {
        guard(|| {
            let mut policy = self.0.clone();
            policy.now = date.to_core()?;
            policy.check()?;
            Ok(Arc::new(SuccinctCreditPolicy(policy)))
        })
    }

    /// The policy as JSON (what the lender sends).
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// What the wallet shows of a succinct credit credential (no metric value).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CreditCredentialInfo {
    /// The provider's public key (hex).
    pub issuer: String,
    /// The provider's id.
    pub issuer_id: String,
    /// The currency of its amounts.
    pub currency: String,
    /// Issue date.
    pub issued: CalendarDate,
    /// Last valid day.
    pub expires: CalendarDate,
}

fn succinct_info(c: &SuccinctCredential) -> CreditCredentialInfo {
    CreditCredentialInfo {
        issuer: c.issuer.to_hex(),
        issuer_id: c.issuer_id.clone(),
        currency: c.currency.clone(),
        issued: c.issued.into(),
        expires: c.expires.into(),
    }
}

/// What a verified succinct credit proof establishes.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VerifiedSuccinctCredit {
    /// The SME's nullifier in the policy's scope (hex): stable for one
    /// wallet within a scope, unlinkable across scopes.
    pub nullifier: String,
}

/// The succinct path of the SME's wallet.
#[uniffi::export]
impl Wallet {
    /// Stores a provider's succinct credit credential (JSON, from
    /// [`CreditProvider::attest_succinct`]) after checking its signature,
    /// that it is bound to this wallet's secret and not held already.
    pub fn receive_credit_credential(
        &self,
        credential_json: String,
    ) -> Result<CreditCredentialInfo> {
        let credential_json = Zeroizing::new(credential_json);
        guard(|| {
            let credential = SuccinctCredential::from_json(&credential_json)?;
            let shown = succinct_info(&credential);
            self.lock().receive_succinct_credit(credential)?;
            Ok(shown)
        })
    }

    /// The succinct credit credentials, in the order received (proving
    /// picks one by the policy).
    pub fn credit_credentials(&self) -> Vec<CreditCredentialInfo> {
        self.lock()
            .succinct_credit()
            .iter()
            .map(succinct_info)
            .collect()
    }

    /// Proves `policy` with a credit credential of the policy's provider
    /// and currency (one valid on the policy's date and reaching the
    /// cutoff when there is one) and the scorecard `proving_key`; returns
    /// the proof JSON. Runs on a worker thread. Refuses with
    /// `Unsatisfiable` (never a value) when no credential can satisfy it.
    ///
    /// `progress` and `cancel` as for [`Wallet::prove`].
    #[uniffi::method(default(progress = None, cancel = None))]
    pub async fn prove_credit_succinct(
        self: Arc<Self>,
        policy: Arc<SuccinctCreditPolicy>,
        proving_key: Arc<ScorecardProvingKey>,
        progress: Option<Arc<dyn ProofProgress>>,
        cancel: Option<Arc<CancellationToken>>,
    ) -> Result<String> {
        let picked = guard(|| {
            let wallet = self.lock();
            let p = &policy.0;
            let candidates: Vec<&SuccinctCredential> = wallet
                .succinct_credit()
                .iter()
                .filter(|c| c.issuer == p.issuer && c.currency == p.currency)
                .collect();
            let credential = candidates
                .iter()
                .find(|c| {
                    c.issued <= p.now && p.now <= c.expires && p.scorecard.passes(&c.metrics)
                })
                .or(candidates.first())
                .map(|c| (*c).clone())
                .ok_or_else(|| ZkcredError::Unsatisfiable {
                    predicate_index: None,
                    attribute: None,
                    reason: "the wallet holds no credit credential from the policy's provider in its currency"
                        .into(),
                })?;
            let secret = HolderSecret::from_bytes(&wallet.secret().to_bytes())?;
            Ok((credential, secret))
        });
        let (credential, secret) = picked?;
        background::run_watched(Watch::new(cancel, progress), move || {
            let proof = core_succinct::prove_succinct(
                &policy.0,
                &credential,
                &secret,
                &proving_key.0,
                &mut rand_core::OsRng,
            )?;
            Ok(proof.to_json())
        })
        .await
    }
}

/// Verifies a succinct credit proof against `policy` (the lender's own)
/// with the scorecard `verifying_key`; a few milliseconds. Any failure
/// concerning the proof is the opaque [`ZkcredError::VerificationFailed`].
#[uniffi::export]
pub fn verify_credit_succinct(
    policy: Arc<SuccinctCreditPolicy>,
    proof_json: String,
    verifying_key: Arc<ScorecardVerifyingKey>,
) -> Result<VerifiedSuccinctCredit> {
    guard(|| {
        let proof = core_succinct::SuccinctProof::from_json(&proof_json)?;
        let nullifier = core_succinct::verify_succinct(&policy.0, &proof, &verifying_key.0)?;
        Ok(VerifiedSuccinctCredit {
            nullifier: fr_to_hex(&nullifier),
        })
    })
}

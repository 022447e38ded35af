//! SME credit proofs (zkcred-core's `credit`, transparent Bulletproofs path):
//! the data provider attests an SME's metrics, the SME's wallet keeps the
//! attestation with its openings and proves a lender's [`CreditPolicy`], the
//! lender verifies with [`verify_credit`].
//!
//! Documents cross as JSON: the attestation (public, what the lender sees in
//! the proof), the openings (the SME's secret: metric values and blinding
//! factors), the policy and the proof. No message and no `Debug` shows a
//! metric value or an opening.
//!
//! The succinct path (a Groth16 binned-scorecard proof for chains) is in
//! `credit/succinct.rs`.

mod succinct;

use std::sync::Arc;

use zeroize::Zeroizing;
use zkcred_credit::{
    self as core_credit, CreditAttestation, CreditOpenings, Metric, Metrics, ProviderKey,
    ProviderPublicKey, Scorecard,
};

use crate::{
    background,
    date::CalendarDate,
    errors::{self, guard, Result, ZkcredError},
    progress::{CancellationToken, ProofProgress, Watch},
    wallet::Wallet,
};

/// A metric of the credit schema `zkcred/sme-credit/v1` (JSON names in
/// brackets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum CreditMetric {
    /// Annual revenue, minor currency units (`annual_revenue`).
    AnnualRevenue,
    /// Average monthly transaction volume, minor currency units
    /// (`monthly_transaction_volume`).
    MonthlyTransactionVolume,
    /// On-time repayment rate, basis points (`on_time_repayment_bps`).
    OnTimeRepaymentBps,
    /// Outstanding debt, minor currency units (`outstanding_debt`).
    OutstandingDebt,
    /// Years in business (`years_in_business`).
    YearsInBusiness,
    /// Defaults in the last 24 months (`defaults_24m`).
    RecentDefaults,
}

impl From<CreditMetric> for Metric {
    fn from(m: CreditMetric) -> Self {
        match m {
            CreditMetric::AnnualRevenue => Metric::AnnualRevenue,
            CreditMetric::MonthlyTransactionVolume => Metric::MonthlyTransactionVolume,
            CreditMetric::OnTimeRepaymentBps => Metric::OnTimeRepaymentBps,
            CreditMetric::OutstandingDebt => Metric::OutstandingDebt,
            CreditMetric::YearsInBusiness => Metric::YearsInBusiness,
            CreditMetric::RecentDefaults => Metric::Defaults24m,
        }
    }
}

/// The direction of a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum CreditBound {
    /// `metric >= value`.
    AtLeast,
    /// `metric <= value`.
    AtMost,
}

impl From<CreditBound> for core_credit::Bound {
    fn from(b: CreditBound) -> Self {
        match b {
            CreditBound::AtLeast => core_credit::Bound::AtLeast,
            CreditBound::AtMost => core_credit::Bound::AtMost,
        }
    }
}

/// An SME's six credit metrics (schema `zkcred/sme-credit/v1`), typed:
/// amounts in minor units of the attestation's currency. Each must be 0 or
/// more (`OutOfRange` otherwise) and within its metric's schema maximum
/// (`Metrics` otherwise).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct CreditMetrics {
    /// Annual revenue, minor currency units.
    pub annual_revenue: i64,
    /// Average monthly transaction volume, minor currency units.
    pub monthly_transaction_volume: i64,
    /// On-time repayment rate, basis points (0 to 10,000).
    pub on_time_repayment_bps: i64,
    /// Outstanding debt, minor currency units.
    pub outstanding_debt: i64,
    /// Years in business.
    pub years_in_business: i64,
    /// Defaults in the last 24 months.
    pub recent_defaults: i64,
}

impl std::fmt::Debug for CreditMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CreditMetrics(..)")
    }
}

impl CreditMetrics {
    /// Core's metrics, range-checked; the intermediate copy is wiped.
    fn to_core(&self) -> Result<Metrics> {
        use zeroize::Zeroize;
        let mut values = [0u64; Metric::ALL.len()];
        let result = (|| {
            for (metric, value) in [
                (Metric::AnnualRevenue, self.annual_revenue),
                (
                    Metric::MonthlyTransactionVolume,
                    self.monthly_transaction_volume,
                ),
                (Metric::OnTimeRepaymentBps, self.on_time_repayment_bps),
                (Metric::OutstandingDebt, self.outstanding_debt),
                (Metric::YearsInBusiness, self.years_in_business),
                (Metric::Defaults24m, self.recent_defaults),
            ] {
                values[metric.index()] = errors::amount(value, metric.name())?;
            }
            Ok(Metrics::new(values)?)
        })();
        values.zeroize();
        result
    }
}

/// A data provider's signing key, held in zkcred's memory and zeroized when
/// released (`close()` in Kotlin, the last reference in Swift); never shown.
#[derive(uniffi::Object)]
pub struct ProviderSecretKey(ProviderKey);

impl std::fmt::Debug for ProviderSecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProviderSecretKey(hidden)")
    }
}

#[uniffi::export]
impl ProviderSecretKey {
    /// A key from its 32-byte seed (as [`ProviderSecretKey::export_bytes`]
    /// gave it). zkcred wipes its copies; wipe the app's.
    #[uniffi::constructor]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Arc<Self>> {
        let bytes = Zeroizing::new(bytes);
        guard(|| {
            let seed: Zeroizing<[u8; 32]> =
                Zeroizing::new(bytes.as_slice().try_into().map_err(|_| {
                    ZkcredError::encoding("provider key", "a provider key is 32 bytes")
                })?);
            Ok(Arc::new(ProviderSecretKey(ProviderKey::from_bytes(*seed))))
        })
    }

    /// The 32-byte seed, to store wrapped by the platform keystore (wipe
    /// the returned array once stored).
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }

    /// The public key (hex), which lenders accept in their policies.
    pub fn public_key(&self) -> String {
        self.0.public_key().to_hex()
    }
}

/// Generates a fresh data-provider key, which stays in zkcred's memory
/// ([`ProviderSecretKey`]).
#[uniffi::export]
pub fn generate_provider_key() -> Arc<ProviderSecretKey> {
    Arc::new(ProviderSecretKey(ProviderKey::generate_os()))
}

pub use succinct::{
    install_scorecard_proving_key, load_installed_scorecard_proving_key,
    load_scorecard_proving_key, load_scorecard_proving_key_file, setup_development_scorecard_keys,
    verify_credit_succinct, CreditCredentialInfo, InstalledScorecardProvingKey, ScorecardKeyPair,
    ScorecardProvingKey, ScorecardVerifyingKey, SuccinctCreditPolicy, VerifiedSuccinctCredit,
};

/// A data provider (bank, payment platform): its key and its id.
#[derive(uniffi::Object)]
pub struct CreditProvider {
    key: ProviderKey,
    issuer_id: String,
}

/// What the provider hands an SME: the public attestation and the secret
/// openings, as JSON (an object, so that no generated `toString` prints the
/// openings).
#[derive(uniffi::Object)]
pub struct CreditAttestationIssued {
    attestation: String,
    openings: Zeroizing<String>,
}

impl std::fmt::Debug for CreditAttestationIssued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CreditAttestationIssued(openings hidden)")
    }
}

#[uniffi::export]
impl CreditAttestationIssued {
    /// The attestation (public).
    pub fn attestation_json(&self) -> String {
        self.attestation.clone()
    }

    /// The openings: the metric values and blinding factors, the SME's
    /// secret (send them to the SME only, over a confidential channel).
    pub fn openings_json(&self) -> String {
        self.openings.to_string()
    }
}

#[uniffi::export]
impl CreditProvider {
    /// The provider with `key` (from [`generate_provider_key`] or
    /// [`ProviderSecretKey::from_bytes`]) and `issuer_id` (e.g.
    /// `"bank.example"`: 1 to 128 printable ASCII characters, signed into
    /// every attestation).
    #[uniffi::constructor]
    pub fn new(key: Arc<ProviderSecretKey>, issuer_id: String) -> Arc<Self> {
        Arc::new(CreditProvider {
            key: ProviderKey::from_bytes(*key.0.to_bytes()),
            issuer_id,
        })
    }

    /// The public key (hex), which lenders accept in their policies.
    pub fn public_key(&self) -> String {
        self.key.public_key().to_hex()
    }

    /// Attests the SME's `metrics` (amounts in minor units of `currency`),
    /// valid from `issued` to `expires`.
    pub fn attest(
        &self,
        currency: String,
        metrics: CreditMetrics,
        issued: CalendarDate,
        expires: CalendarDate,
    ) -> Result<Arc<CreditAttestationIssued>> {
        guard(|| {
            let metrics = metrics.to_core()?;
            let (attestation, openings) = core_credit::attest(
                &self.key,
                &self.issuer_id,
                &currency,
                &metrics,
                issued.to_core()?,
                expires.to_core()?,
                &mut rand_core::OsRng,
            )?;
            Ok(Arc::new(CreditAttestationIssued {
                attestation: attestation.to_json(),
                openings: openings.to_json(),
            }))
        })
    }
}

/// A lender's credit policy: accepted providers, the currency, per-metric
/// thresholds, optionally a linear scorecard, a fresh challenge and the
/// lender's date. Immutable: each builder method returns a new policy.
#[derive(uniffi::Object)]
pub struct CreditPolicy(pub(crate) core_credit::CreditPolicy);

impl CreditPolicy {
    fn with(
        &self,
        f: impl FnOnce(core_credit::CreditPolicy) -> core_credit::CreditPolicy,
    ) -> Arc<Self> {
        Arc::new(CreditPolicy(f(self.0.clone())))
    }
}

#[uniffi::export]
impl CreditPolicy {
    /// A policy for amounts in `currency` (ISO 4217, e.g. `"EUR"`) with a
    /// fresh random challenge and today's date, no provider and no
    /// statement yet. Checked when used (or by [`CreditPolicy::to_json`]).
    #[uniffi::constructor]
    pub fn new(currency: String) -> Arc<Self> {
        Arc::new(CreditPolicy(core_credit::CreditPolicy::new_os(&currency)))
    }

    /// Parses and checks a policy (as a lender sends it).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        guard(|| {
            Ok(Arc::new(CreditPolicy(
                core_credit::CreditPolicy::from_json(&json)?,
            )))
        })
    }

    /// Accepts attestations by the provider with public key
    /// `provider_public_key` (hex).
    pub fn accept_issuer(&self, provider_public_key: String) -> Result<Arc<Self>> {
        guard(|| {
            let key = ProviderPublicKey::from_hex(&provider_public_key)?;
            Ok(self.with(|p| p.accept_issuer(&key)))
        })
    }

    /// Requires `metric bound value` (in the metric's unit; `OutOfRange`
    /// when negative).
    pub fn require(
        &self,
        metric: CreditMetric,
        bound: CreditBound,
        value: i64,
    ) -> Result<Arc<Self>> {
        guard(|| {
            let value = errors::amount(value, "value")?;
            Ok(self.with(|p| p.require(metric.into(), bound.into(), value)))
        })
    }

    /// Requires the cutoff of the linear scorecard `scorecard_json`.
    pub fn with_scorecard(&self, scorecard_json: String) -> Result<Arc<Self>> {
        guard(|| {
            let scorecard = Scorecard::from_json(&scorecard_json)?;
            scorecard.as_linear()?;
            Ok(self.with(|p| p.with_scorecard(scorecard)))
        })
    }

    /// Sets the lender's date, against which the attestation's validity is
    /// checked.
    pub fn at(&self, date: CalendarDate) -> Result<Arc<Self>> {
        guard(|| {
            let date = date.to_core()?;
            Ok(self.with(|mut p| {
                p.now = date;
                p
            }))
        })
    }

    /// The policy as JSON, after checking it (what the lender sends).
    pub fn to_json(&self) -> Result<String> {
        guard(|| {
            self.0.check()?;
            Ok(self.0.to_json())
        })
    }

    /// The 32-byte challenge that binds proofs to this policy.
    pub fn challenge(&self) -> Vec<u8> {
        self.0.challenge.to_vec()
    }
}

/// What the wallet shows of a credit attestation (no metric value).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CreditAttestationInfo {
    /// The attestation's id in the wallet: its first commitment (hex),
    /// unique per attestation.
    pub id: String,
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

fn id_of(a: &CreditAttestation) -> String {
    hex_of(a.commitments[0].as_bytes())
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn credit_info(a: &CreditAttestation) -> CreditAttestationInfo {
    CreditAttestationInfo {
        id: id_of(a),
        issuer: a.issuer.to_hex(),
        issuer_id: a.issuer_id.clone(),
        currency: a.currency.clone(),
        issued: a.issued.into(),
        expires: a.expires.into(),
    }
}

/// Whether the attestation with `openings` satisfies `policy` (the prover's
/// own checks, without proving).
fn satisfies(
    policy: &core_credit::CreditPolicy,
    a: &CreditAttestation,
    o: &CreditOpenings,
) -> bool {
    let m = o.metrics();
    policy.issuers.contains(&a.issuer)
        && policy.currency == a.currency
        && a.is_valid_on(policy.now)
        && policy.thresholds.iter().all(|t| {
            let v = m.get(t.metric);
            match t.bound {
                core_credit::Bound::AtLeast => v >= t.value,
                core_credit::Bound::AtMost => v <= t.value,
            }
        })
        && policy.scorecard.as_ref().is_none_or(|s| s.passes(m))
}

/// The SME's side of the wallet: its credit attestations and proving.
#[uniffi::export]
impl Wallet {
    /// Stores a provider's credit attestation with its openings (both
    /// JSON, from [`CreditAttestationIssued`]) after checking the provider's
    /// signature and that the openings open its commitments. Kept in the
    /// wallet's JSON ([`Wallet::to_json`]) next to the credentials.
    pub fn receive_credit(
        &self,
        attestation_json: String,
        openings_json: String,
    ) -> Result<CreditAttestationInfo> {
        let openings_json = Zeroizing::new(openings_json);
        guard(|| {
            let attestation = CreditAttestation::from_json(&attestation_json)?;
            let openings = CreditOpenings::from_json(&openings_json)?;
            let shown = credit_info(&attestation);
            self.lock().receive_credit(attestation, openings)?;
            Ok(shown)
        })
    }

    /// The credit attestations, in the order received.
    pub fn credit_attestations(&self) -> Vec<CreditAttestationInfo> {
        self.lock()
            .credit()
            .iter()
            .map(|(a, _)| credit_info(a))
            .collect()
    }

    /// The credit attestation `id` as JSON (public; not its openings).
    pub fn credit_attestation_json(&self, id: String) -> Result<String> {
        guard(|| {
            self.lock()
                .credit()
                .iter()
                .find(|(a, _)| id_of(a) == id)
                .map(|(a, _)| a.to_json())
                .ok_or_else(no_such_attestation)
        })
    }

    /// The credit attestations that can answer `policy`: an accepted
    /// provider, its currency, valid on its date, every threshold and the
    /// scorecard holding.
    pub fn credit_matching(&self, policy: Arc<CreditPolicy>) -> Result<Vec<CreditAttestationInfo>> {
        guard(|| {
            policy.0.check()?;
            Ok(self
                .lock()
                .credit()
                .iter()
                .filter(|(a, o)| satisfies(&policy.0, a, o))
                .map(|(a, _)| credit_info(a))
                .collect())
        })
    }

    /// Proves `policy` with the credit attestation `attestation_id`; returns
    /// the proof JSON to send to the lender. Runs on a worker thread:
    /// awaiting it never blocks the caller's thread. Refuses with
    /// `Unsatisfiable` (naming the failing check, never a value) when the
    /// attestation cannot satisfy the policy, e.g. a metric below its
    /// threshold or an attestation expired on the policy's date.
    /// `progress` and `cancel` as for [`Wallet::prove`] (this proof has no
    /// Groth16 stages: `Checking`, then `Done`).
    #[uniffi::method(default(progress = None, cancel = None))]
    pub async fn prove_credit(
        self: Arc<Self>,
        policy: Arc<CreditPolicy>,
        attestation_id: String,
        progress: Option<Arc<dyn ProofProgress>>,
        cancel: Option<Arc<CancellationToken>>,
    ) -> Result<String> {
        let picked = guard(|| {
            self.lock()
                .credit()
                .iter()
                .find(|(a, _)| id_of(a) == attestation_id)
                .cloned()
                .ok_or_else(no_such_attestation)
        });
        let (attestation, openings) = picked?;
        background::run_watched(Watch::new(cancel, progress), move || {
            let proof =
                core_credit::prove(&policy.0, &attestation, &openings, &mut rand_core::OsRng)?;
            Ok(proof.to_json())
        })
        .await
    }
}

fn no_such_attestation() -> ZkcredError {
    ZkcredError::Attestation {
        reason: "the wallet holds no such credit attestation".into(),
    }
}

/// What a verified credit proof establishes.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VerifiedCredit {
    /// The provider that attested the metrics (public key, hex).
    pub issuer: String,
    /// The provider's id.
    pub issuer_id: String,
    /// The attestation's last valid day.
    pub expires: CalendarDate,
}

/// Verifies `proof_json` against `policy` (the lender's own policy, not one
/// the SME sent back). A few milliseconds: fine on any thread. Any failure
/// concerning the proof or its attestation is the opaque
/// [`ZkcredError::VerificationFailed`].
#[uniffi::export]
pub fn verify_credit(policy: Arc<CreditPolicy>, proof_json: String) -> Result<VerifiedCredit> {
    guard(|| {
        let proof = core_credit::CreditProof::from_json(&proof_json)?;
        let verified = core_credit::verify(&policy.0, &proof)?;
        Ok(VerifiedCredit {
            issuer: verified.issuer.to_hex(),
            issuer_id: verified.issuer_id,
            expires: verified.expires.into(),
        })
    })
}

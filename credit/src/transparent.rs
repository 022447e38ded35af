#![doc = include_str!("transparent.md")]
//!
//! # Formats
//!
//! Policy JSON:
//! ```json
//! {"version": 1, "type": "ZkcredCreditPolicy", "challenge": "<32 bytes hex>",
//!  "now": "2026-11-23", "currency": "EUR", "issuers": ["<provider key hex>"],
//!  "thresholds": [{"metric": "annual_revenue", "op": ">=", "value": 100000000}],
//!  "scorecard": { ... a linear scorecard model, or null ... }}
//! ```
//! Proof JSON: `{"version": 1, "type": "ZkcredCreditProof", "attestation":
//! {...}, "rangeProof": "<hex>"}`. Binary: `"ZKCT" || version (u8) ||
//! attestation (its binary form) || range proof (the rest)`.

use std::sync::OnceLock;

use bulletproofs::{BulletproofGens, PedersenGens, RangeProof};
use curve25519_dalek::{
    ristretto::{CompressedRistretto, RistrettoPoint},
    scalar::Scalar,
    traits::{Identity, VartimeMultiscalarMul},
};
use merlin::Transcript;
use rand_core::{CryptoRng, OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{
    attestation::{
        bind_attestation, check_currency, CreditAttestation, CreditOpenings, ProviderPublicKey,
        Reader,
    },
    metrics::{Metric, METRIC_COUNT},
    model::Scorecard,
    transcript::{TranscriptProtocol, TRANSPARENT_PROOF_V1},
};
use zkcred_core::{
    date::Date,
    encoding::{bytes_from_hex, fr_to_be_bytes},
    Error, Result,
};

/// The policy format version.
pub const POLICY_VERSION: u64 = 1;
/// The proof envelope format version.
pub const PROOF_VERSION: u64 = 1;
pub use crate::range_prover::{MAX_STATEMENTS, RANGE_BITS};
/// The first bytes of a proof's compact binary form.
pub const MAGIC: &[u8; 4] = b"ZKCT";

fn generators() -> &'static (BulletproofGens, PedersenGens) {
    static GENS: OnceLock<(BulletproofGens, PedersenGens)> = OnceLock::new();
    GENS.get_or_init(|| {
        (
            BulletproofGens::new(RANGE_BITS, MAX_STATEMENTS),
            PedersenGens::default(),
        )
    })
}

/// The direction of a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bound {
    /// `metric >= value`.
    #[serde(rename = ">=")]
    AtLeast,
    /// `metric <= value`.
    #[serde(rename = "<=")]
    AtMost,
}

/// One threshold of a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threshold {
    /// The metric.
    pub metric: Metric,
    /// `>=` or `<=`.
    pub bound: Bound,
    /// The threshold, in the metric's unit.
    pub value: u64,
}

/// A lender's policy: what a transparent credit proof must show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditPolicy {
    /// The lender's fresh challenge (binds the proof to this request).
    pub challenge: [u8; 32],
    /// Today, for the attestation's validity.
    pub now: Date,
    /// The currency amounts must be in.
    pub currency: String,
    /// Accepted providers.
    pub issuers: Vec<ProviderPublicKey>,
    /// Per-metric thresholds.
    pub thresholds: Vec<Threshold>,
    /// A linear scorecard whose cutoff must be reached, if any.
    pub scorecard: Option<Scorecard>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyJson {
    version: u64,
    #[serde(rename = "type")]
    kind: String,
    challenge: String,
    now: String,
    currency: String,
    issuers: Vec<String>,
    thresholds: Vec<ThresholdJson>,
    scorecard: Option<serde_json::Value>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdJson {
    metric: String,
    op: Bound,
    value: u64,
}

impl CreditPolicy {
    /// A policy with `challenge`, for `now` and `currency`, with no issuers
    /// and no statements yet.
    pub fn new(challenge: [u8; 32], now: Date, currency: &str) -> CreditPolicy {
        CreditPolicy {
            challenge,
            now,
            currency: currency.into(),
            issuers: Vec::new(),
            thresholds: Vec::new(),
            scorecard: None,
        }
    }

    /// As [`CreditPolicy::new`] with a fresh random challenge and today's date.
    pub fn new_os(currency: &str) -> CreditPolicy {
        let mut challenge = [0u8; 32];
        OsRng.fill_bytes(&mut challenge);
        Self::new(challenge, Date::today(), currency)
    }

    /// Accepts attestations by `issuer`.
    pub fn accept_issuer(mut self, issuer: &ProviderPublicKey) -> Self {
        self.issuers.push(*issuer);
        self
    }

    /// Requires `metric bound value`.
    pub fn require(mut self, metric: Metric, bound: Bound, value: u64) -> Self {
        self.thresholds.push(Threshold {
            metric,
            bound,
            value,
        });
        self
    }

    /// Requires the linear `scorecard`'s cutoff.
    pub fn with_scorecard(mut self, scorecard: Scorecard) -> Self {
        self.scorecard = Some(scorecard);
        self
    }

    /// Checks the policy is well formed.
    pub fn check(&self) -> Result<()> {
        let bad = |m: &str| Error::CreditPolicy(m.into());
        check_currency(&self.currency)
            .map_err(|_| bad("the currency must be 3 capital letters"))?;
        if self.issuers.is_empty() {
            return Err(bad("no accepted issuer"));
        }
        if let Some(s) = &self.scorecard {
            s.as_linear()?;
        }
        let n = self.statement_count();
        if n == 0 {
            return Err(bad("no threshold and no scorecard: nothing to prove"));
        }
        if n > MAX_STATEMENTS {
            return Err(bad("more than 16 statements (thresholds plus scorecard)"));
        }
        Ok(())
    }

    fn statement_count(&self) -> usize {
        self.thresholds.len() + usize::from(self.scorecard.is_some())
    }

    /// The policy as JSON.
    pub fn to_json(&self) -> String {
        let j = PolicyJson {
            version: POLICY_VERSION,
            kind: "ZkcredCreditPolicy".into(),
            challenge: hex::encode(self.challenge),
            now: self.now.to_string(),
            currency: self.currency.clone(),
            issuers: self.issuers.iter().map(|i| i.to_hex()).collect(),
            thresholds: self
                .thresholds
                .iter()
                .map(|t| ThresholdJson {
                    metric: t.metric.name().into(),
                    op: t.bound,
                    value: t.value,
                })
                .collect(),
            scorecard: self
                .scorecard
                .as_ref()
                .map(|s| serde_json::from_str(&s.to_json()).expect("a scorecard's JSON parses")),
        };
        serde_json::to_string_pretty(&j).expect("policies serialize")
    }

    /// Parses and checks a policy.
    pub fn from_json(json: &str) -> Result<CreditPolicy> {
        let j: PolicyJson = serde_json::from_str(json)?;
        if j.version != POLICY_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "credit policy",
                found: j.version,
                supported: POLICY_VERSION,
            });
        }
        if j.kind != "ZkcredCreditPolicy" {
            return Err(Error::Encoding("credit policy type"));
        }
        let thresholds = j
            .thresholds
            .iter()
            .map(|t| {
                Ok(Threshold {
                    metric: Metric::from_name(&t.metric)
                        .map_err(|e| Error::CreditPolicy(e.to_string()))?,
                    bound: t.op,
                    value: t.value,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let policy = CreditPolicy {
            challenge: bytes_from_hex::<32>(&j.challenge, "challenge")?,
            now: Date::parse(&j.now)?,
            currency: j.currency,
            issuers: j
                .issuers
                .iter()
                .map(|h| ProviderPublicKey::from_hex(h))
                .collect::<Result<_>>()?,
            thresholds,
            scorecard: j
                .scorecard
                .map(|v| Scorecard::from_json(&v.to_string()))
                .transpose()?,
        };
        policy.check()?;
        Ok(policy)
    }
}

/// A transparent credit proof: the attestation and one aggregated range proof.
#[derive(Clone, Debug)]
pub struct CreditProof {
    /// The provider's attestation the proof is about.
    pub attestation: CreditAttestation,
    range_proof: RangeProof,
}

impl PartialEq for CreditProof {
    fn eq(&self, other: &Self) -> bool {
        self.attestation == other.attestation
            && self.range_proof.to_bytes() == other.range_proof.to_bytes()
    }
}

impl Eq for CreditProof {}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ProofJson {
    version: u64,
    #[serde(rename = "type")]
    kind: String,
    attestation: serde_json::Value,
    range_proof: String,
}

fn parse_range_proof(bytes: &[u8]) -> Result<RangeProof> {
    // Shortest: 1 party x 64 bits: (2 * 6 + 9) * 32 bytes; longest: 16 x 64.
    if !(21 * 32..=(2 * 10 + 9) * 32).contains(&bytes.len()) {
        return Err(Error::MalformedProof("range proof length"));
    }
    RangeProof::from_bytes(bytes).map_err(|_| Error::MalformedProof("range proof encoding"))
}

impl CreditProof {
    /// The range proof's bytes (the part whose size the benches report).
    pub fn range_proof_bytes(&self) -> Vec<u8> {
        self.range_proof.to_bytes()
    }

    /// The proof as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&ProofJson {
            version: PROOF_VERSION,
            kind: "ZkcredCreditProof".into(),
            attestation: self.attestation.to_json_value(),
            range_proof: hex::encode(self.range_proof.to_bytes()),
        })
        .expect("proofs serialize")
    }

    /// Parses either form from bytes: the compact binary form when they
    /// start with [`MAGIC`], otherwise UTF-8 JSON.
    pub fn from_bytes_or_json(bytes: &[u8]) -> Result<CreditProof> {
        if bytes.starts_with(MAGIC) {
            CreditProof::from_bytes(bytes)
        } else {
            CreditProof::from_json(
                std::str::from_utf8(bytes).map_err(|_| Error::Encoding("credit proof (UTF-8)"))?,
            )
        }
    }

    /// Parses a proof from JSON, validating every encoding.
    pub fn from_json(json: &str) -> Result<CreditProof> {
        let j: ProofJson = serde_json::from_str(json)?;
        if j.version != PROOF_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "credit proof",
                found: j.version,
                supported: PROOF_VERSION,
            });
        }
        if j.kind != "ZkcredCreditProof" {
            return Err(Error::Encoding("credit proof type"));
        }
        let bytes = hex::decode(&j.range_proof).map_err(|_| Error::Encoding("range proof"))?;
        Ok(CreditProof {
            attestation: CreditAttestation::from_json_value(j.attestation)?,
            range_proof: parse_range_proof(&bytes)?,
        })
    }

    /// The compact binary form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1200);
        out.extend_from_slice(MAGIC);
        out.push(PROOF_VERSION as u8);
        out.extend_from_slice(&self.attestation.to_bytes());
        out.extend_from_slice(&self.range_proof.to_bytes());
        out
    }

    /// Parses the compact binary form.
    pub fn from_bytes(bytes: &[u8]) -> Result<CreditProof> {
        let mut r = Reader(bytes);
        if r.take(4)? != MAGIC {
            return Err(Error::Encoding("not a zkcred credit proof"));
        }
        let version = r.take(1)?[0];
        if u64::from(version) != PROOF_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "credit proof",
                found: version.into(),
                supported: PROOF_VERSION,
            });
        }
        let attestation = CreditAttestation::read(&mut r)?;
        let proof = CreditProof {
            attestation,
            range_proof: parse_range_proof(r.0)?,
        };
        // One encoding per proof: anything that does not re-encode to the
        // same bytes is refused.
        if proof.to_bytes() != bytes {
            return Err(Error::NonCanonical("binary credit proof"));
        }
        Ok(proof)
    }
}

/// What a verified proof establishes about whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedCredit {
    /// The provider that attested the metrics.
    pub issuer: ProviderPublicKey,
    /// The provider's id.
    pub issuer_id: String,
    /// The attestation's last valid day.
    pub expires: Date,
}

/// The transcript both sides build before the range proof (see "Binding").
fn proof_transcript(policy: &CreditPolicy, a: &CreditAttestation) -> Transcript {
    let mut t = Transcript::new(b"zkcred");
    t.credit_domain_sep(TRANSPARENT_PROOF_V1);
    t.append_bytes(b"challenge", &policy.challenge);
    t.append_i64(b"now", policy.now.days());
    t.append_bytes(b"currency", policy.currency.as_bytes());
    t.append_u64(b"thresholds", policy.thresholds.len() as u64);
    for th in &policy.thresholds {
        t.append_u64(b"metric", th.metric.index() as u64);
        t.append_bytes(
            b"op",
            match th.bound {
                Bound::AtLeast => b">=",
                Bound::AtMost => b"<=",
            },
        );
        t.append_u64(b"value", th.value);
    }
    match &policy.scorecard {
        Some(s) => t.append_bytes(b"scorecard", &fr_to_be_bytes(&s.hash())),
        None => t.append_bytes(b"scorecard", b"none"),
    }
    bind_attestation(&mut t, a);
    t
}

/// A signed integer as a scalar (`-|x|` when negative).
fn scalar_of_i64(x: i64) -> Scalar {
    let s = Scalar::from(x.unsigned_abs());
    if x < 0 {
        -s
    } else {
        s
    }
}

fn padded_len(n: usize) -> usize {
    n.next_power_of_two()
}

/// Proves `policy` about the attested metrics (see the module documentation).
///
/// Refuses with typed errors before proving: a malformed policy, a bad
/// signature or openings, an issuer or currency the policy does not accept,
/// an attestation not valid on the policy's date, and any statement that does
/// not hold ([`Error::Unsatisfiable`], naming the metric, never its value).
pub fn prove<R: RngCore + CryptoRng>(
    policy: &CreditPolicy,
    attestation: &CreditAttestation,
    openings: &CreditOpenings,
    rng: &mut R,
) -> Result<CreditProof> {
    policy.check()?;
    attestation.verify_signature()?;
    openings.check(attestation)?;
    if !policy.issuers.contains(&attestation.issuer) {
        return Err(Error::Unsatisfiable(
            "the policy does not accept the attestation's issuer".into(),
        ));
    }
    if policy.currency != attestation.currency {
        return Err(Error::Unsatisfiable(
            "the attestation's currency is not the policy's".into(),
        ));
    }
    if !attestation.is_valid_on(policy.now) {
        return Err(Error::Unsatisfiable(
            "the attestation is expired or not yet valid on the policy's date".into(),
        ));
    }
    let m = openings.metrics();
    for (i, th) in policy.thresholds.iter().enumerate() {
        let v = m.get(th.metric);
        let holds = match th.bound {
            Bound::AtLeast => v >= th.value,
            Bound::AtMost => v <= th.value,
        };
        if !holds {
            return Err(Error::Unsatisfiable(
                format!("threshold {i} on `{}` is not met", th.metric.name()).into(),
            ));
        }
    }
    if let Some(s) = &policy.scorecard {
        if !s.passes(m) {
            return Err(Error::Unsatisfiable(
                "the scorecard's cutoff is not reached".into(),
            ));
        }
    }
    prove_unchecked(policy, attestation, openings, rng)
}

/// Builds the proof without checking that the statements hold (values that
/// do not hold are wrapped into `u64`). For tests that must show a false
/// statement cannot be proved; use [`prove`].
#[doc(hidden)]
pub fn prove_unchecked<R: RngCore + CryptoRng>(
    policy: &CreditPolicy,
    attestation: &CreditAttestation,
    openings: &CreditOpenings,
    rng: &mut R,
) -> Result<CreditProof> {
    policy.check()?;
    let m = openings.metrics();
    let r = openings.blindings();
    let n = policy.statement_count();
    let mut values = Zeroizing::new(Vec::with_capacity(padded_len(n)));
    let mut blindings = Zeroizing::new(Vec::with_capacity(padded_len(n)));
    for th in &policy.thresholds {
        let (v, b) = match th.bound {
            Bound::AtLeast => (
                m.get(th.metric).wrapping_sub(th.value),
                r[th.metric.index()],
            ),
            Bound::AtMost => (
                th.value.wrapping_sub(m.get(th.metric)),
                -r[th.metric.index()],
            ),
        };
        values.push(v);
        blindings.push(b);
    }
    if let Some(s) = &policy.scorecard {
        let l = s.as_linear()?;
        let w = l.weights();
        let diff = l.score(m) - i128::from(l.cutoff);
        values.push(diff as u64); // exact when the cutoff is reached (|diff| < 2^63)
        blindings.push(
            Metric::ALL
                .iter()
                .map(|mt| scalar_of_i64(w[mt.index()]) * r[mt.index()])
                .sum(),
        );
    }
    values.resize(padded_len(n), 0);
    blindings.resize(padded_len(n), Scalar::ZERO);
    let (_, pc) = generators();
    let mut t = proof_transcript(policy, attestation);
    let (range_proof, _) =
        super::range_prover::prove_multiple(pc, &mut t, &values, &blindings, rng)
            .ok_or_else(|| Error::Proving("the range proof takes 1 to 16 statements".into()))?;
    Ok(CreditProof {
        attestation: attestation.clone(),
        range_proof,
    })
}

/// The derived commitments of the module documentation, padded with the
/// identity to a power of two.
fn derived_commitments(
    policy: &CreditPolicy,
    a: &CreditAttestation,
) -> Result<Vec<CompressedRistretto>> {
    let (_, pc) = generators();
    let mut c = [RistrettoPoint::identity(); METRIC_COUNT];
    for (p, bytes) in c.iter_mut().zip(&a.commitments) {
        *p = bytes.decompress().ok_or(Error::VerificationFailed)?;
    }
    let n = policy.statement_count();
    let mut out = Vec::with_capacity(padded_len(n));
    for th in &policy.thresholds {
        let tb = Scalar::from(th.value) * pc.B;
        let ci = c[th.metric.index()];
        out.push(match th.bound {
            Bound::AtLeast => ci - tb,
            Bound::AtMost => tb - ci,
        });
    }
    if let Some(s) = &policy.scorecard {
        let l = s.as_linear()?;
        let w = l.weights();
        let mut scalars: Vec<Scalar> = w.iter().map(|x| scalar_of_i64(*x)).collect();
        scalars.push(scalar_of_i64(l.bias) - scalar_of_i64(l.cutoff));
        let mut points = c.to_vec();
        points.push(pc.B);
        out.push(RistrettoPoint::vartime_multiscalar_mul(&scalars, &points));
    }
    let mut out: Vec<CompressedRistretto> = out.iter().map(|p| p.compress()).collect();
    out.resize(padded_len(n), CompressedRistretto::identity());
    Ok(out)
}

/// Verifies a proof against the lender's policy. Every failure of the proof
/// or attestation is the one opaque [`Error::VerificationFailed`]; a
/// malformed policy gets [`Error::CreditPolicy`] or [`Error::Scorecard`].
pub fn verify(policy: &CreditPolicy, proof: &CreditProof) -> Result<VerifiedCredit> {
    verify_with_rng(policy, proof, &mut OsRng)
}

fn verify_with_rng<R: RngCore + CryptoRng>(
    policy: &CreditPolicy,
    proof: &CreditProof,
    rng: &mut R,
) -> Result<VerifiedCredit> {
    policy.check()?;
    let a = &proof.attestation;
    if !policy.issuers.contains(&a.issuer)
        || policy.currency != a.currency
        || !a.is_valid_on(policy.now)
        || a.verify_signature().is_err()
    {
        return Err(Error::VerificationFailed);
    }
    let commitments = derived_commitments(policy, a)?;
    let (gens, pc) = generators();
    let mut t = proof_transcript(policy, a);
    proof
        .range_proof
        .verify_multiple_with_rng(gens, pc, &mut t, &commitments, RANGE_BITS, rng)
        .map_err(|_| Error::VerificationFailed)?;
    Ok(VerifiedCredit {
        issuer: a.issuer,
        issuer_id: a.issuer_id.clone(),
        expires: a.expires,
    })
}

/// Verifies many proofs, each against its policy, on all cores; one result
/// per proof, in order.
pub fn verify_batch(items: &[(&CreditPolicy, &CreditProof)]) -> Vec<Result<VerifiedCredit>> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items
            .par_iter()
            .map(|(policy, proof)| verify_with_rng(policy, proof, &mut OsRng))
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items
            .iter()
            .map(|(policy, proof)| verify_with_rng(policy, proof, &mut OsRng))
            .collect()
    }
}

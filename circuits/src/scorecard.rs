//! The SME credit scorecard statement (the succinct path): a binned points
//! scorecard over provider-signed metrics, for on-chain gating. One circuit
//! with fixed slots ([`NUM_METRICS`] metrics x [`NUM_BINS`] bins) serves
//! every binned model.
//!
//! # Statement
//!
//! Public (6 inputs, in this order): `nullifier, scope, challenge, now,
//! issuer_key_hash, policy_hash`. Private: the signed credit data (issue and
//! expiry days, currency, holder commitment, 6 metrics), the provider's
//! EdDSA-Poseidon key and signature, the holder secret, and the model (its
//! tag, id hash, version, cutoff and 48 slots `(lower, points)`). The proof
//! shows:
//!
//! 1. `Poseidon(TAG, holder_secret, scope) == nullifier` with the domain tag
//!    [`nullifier_tag`], and the signed data commits to
//!    `Poseidon(holder_secret)` (holder binding);
//! 2. `credit_hash = Poseidon(MESSAGE_TAG, issued, expiry, currency,
//!    holder_commitment, m_0 .. m_5)` carries a valid EdDSA-Poseidon
//!    signature under a key `A` with `Poseidon(A.x, A.y) == issuer_key_hash`;
//! 3. `issued <= now <= expiry` (days since 1970-01-01);
//! 4. `policy_hash == Poseidon(model_hash, currency)`, where `model_hash` is
//!    the chained Poseidon hash of the model's elements ([`hash_elements`]),
//!    each slot packed as `lower + points * 2^64` with `points < 2^21`
//!    enforced and `lower` bounded by the comparison of step 5 (metrics are
//!    below `2^50`), so the packing is injective and the slots are exactly
//!    the verifier's model (see [`circuit`]'s `slot`);
//! 5. `score = sum_m sum_j [m >= lower_j] (points_j - points_{j-1})`
//!    (`points_{-1} = 0`) and `score >= cutoff`;
//! 6. the challenge is bound by a constraint (`challenge^2`).
//!
//! The verifier computes `policy_hash` from its own model (validated: bins
//! cover each metric's range, `lower_0 = 0`, slots past the last bin repeat
//! it) and currency, so one public input carries the whole policy.
//!
//! # Version
//!
//! This is version 2 of the circuit ([`CIRCUIT_ID`]). Version 1's nullifier
//! was the untagged `Poseidon(holder_secret, scope)`, the same function as the
//! identity presentation's, so one scope string linked a holder's identity
//! and credit proofs. The public input layout is unchanged; keys and proofs
//! of version 1 do not verify under version 2.

pub mod circuit;

use ark_ff::{Field, PrimeField};

use crate::{
    eddsa::{PublicKey, Signature},
    poseidon,
    statement::{self, holder_commitment, issuer_key_hash, Validity, SCORECARD_NULLIFIER_LABEL},
    Fr,
};

/// The circuit's name and version, as keys and proofs name it.
pub const CIRCUIT_ID: &str = "scorecard/v2";

/// Metrics in the credit schema.
pub const NUM_METRICS: usize = 6;
/// Bin slots per metric.
pub const NUM_BINS: usize = 8;
/// Public inputs of the scorecard circuit.
pub const NUM_PUBLIC_INPUTS: usize = 6;
/// Bits of a bin's lower bound (every metric's range is below `2^50`).
pub const LOWER_BITS: usize = 50;
/// Bits of a bin's points (at most `2^20`).
pub const POINTS_BITS: usize = 21;
/// Bits of the total score and the cutoff (6 x 2^20 < 2^24).
pub const SCORE_BITS: usize = 24;
/// Model elements absorbed per Poseidon call of [`hash_elements`].
pub const HASH_RATE: usize = 15;
/// Elements of a binned model: tag, id hash, version, cutoff, 48 slots.
pub const MODEL_ELEMENTS: usize = 4 + NUM_METRICS * NUM_BINS;

/// Domain tag of the signed credit message: the little-endian integer of
/// the bytes `zkcred/sme-credit/v1`.
pub fn message_tag() -> Fr {
    Fr::from_le_bytes_mod_order(b"zkcred/sme-credit/v1")
}

/// The chained Poseidon hash: `acc_0 = len(e)`, `acc_{k+1} = Poseidon(acc_k,
/// e_{15k} .. e_{15k+14})` with the last chunk zero-padded; the last `acc`.
pub fn hash_elements(elements: &[Fr]) -> Fr {
    let mut acc = Fr::from(elements.len() as u64);
    for chunk in elements.chunks(HASH_RATE) {
        let mut input = [Fr::from(0u64); HASH_RATE + 1];
        input[0] = acc;
        input[1..=chunk.len()].copy_from_slice(chunk);
        acc = poseidon::hash(&input).expect("16 inputs are within Poseidon's arity");
    }
    acc
}

/// A binned model in the circuit's fixed slots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinnedModel {
    /// The model type's tag.
    pub tag: Fr,
    /// Hash of the model's id.
    pub id_hash: Fr,
    /// The model's version.
    pub version: u64,
    /// The lowest accepted total.
    pub cutoff: u64,
    /// `(lower, points)` per metric and slot.
    pub slots: [[(u64, u64); NUM_BINS]; NUM_METRICS],
}

impl BinnedModel {
    /// The elements [`hash_elements`] absorbs.
    pub fn elements(&self) -> Vec<Fr> {
        let shift = Fr::from(2u64).pow([64]);
        let mut e = vec![
            self.tag,
            self.id_hash,
            Fr::from(self.version),
            Fr::from(self.cutoff),
        ];
        for metric in &self.slots {
            e.extend(
                metric
                    .iter()
                    .map(|(lower, points)| Fr::from(*lower) + Fr::from(*points) * shift),
            );
        }
        e
    }

    /// The model's hash.
    pub fn hash(&self) -> Fr {
        hash_elements(&self.elements())
    }

    /// The total as the circuit computes it (wrapping arithmetic in the
    /// field; `None` when the slots are outside the circuit's ranges).
    pub fn score(&self, metrics: &[u64; NUM_METRICS]) -> Option<u64> {
        let mut total: i128 = 0;
        for (m, slots) in metrics.iter().zip(&self.slots) {
            let mut previous = 0i128;
            for (lower, points) in slots {
                if *lower >= 1 << LOWER_BITS || *points >= 1 << POINTS_BITS {
                    return None;
                }
                if m >= lower {
                    total += i128::from(*points) - previous;
                }
                previous = i128::from(*points);
            }
        }
        u64::try_from(total).ok()
    }
}

/// The scorecard's nullifier domain tag: [`statement::domain_tag`] of
/// [`SCORECARD_NULLIFIER_LABEL`] (`zkcred/nullifier/scorecard`).
pub fn nullifier_tag() -> Fr {
    statement::domain_tag(SCORECARD_NULLIFIER_LABEL)
}

/// `Poseidon(TAG, holder_secret, scope)` with TAG = [`nullifier_tag`]: the
/// SME's pseudonym at the lender of `scope`, unrelated to its identity
/// presentation nullifier for the same scope (see [`crate::statement`]).
pub fn nullifier(holder_secret: &Fr, scope: &Fr) -> Fr {
    statement::nullifier(nullifier_tag(), holder_secret, scope)
}

/// `Poseidon(model_hash, currency)`: the one public input of the policy.
pub fn policy_hash(model_hash: Fr, currency: Fr) -> Fr {
    poseidon::hash2(model_hash, currency)
}

/// The data a provider signs for the succinct path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditData {
    /// Day of issue.
    pub issued: u64,
    /// Last valid day.
    pub expiry: u64,
    /// The currency code as a field element.
    pub currency: Fr,
    /// `Poseidon(holder_secret)` of the SME.
    pub holder_commitment: Fr,
    /// The metrics in schema order.
    pub metrics: [u64; NUM_METRICS],
}

impl CreditData {
    /// The signed message (see the module documentation).
    pub fn hash(&self) -> Fr {
        let mut input = vec![
            message_tag(),
            Fr::from(self.issued),
            Fr::from(self.expiry),
            self.currency,
            self.holder_commitment,
        ];
        input.extend(self.metrics.iter().map(|m| Fr::from(*m)));
        poseidon::hash(&input).expect("11 inputs")
    }
}

/// The public inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicInputs {
    /// `Poseidon(TAG, holder_secret, scope)` ([`nullifier`]).
    pub nullifier: Fr,
    /// The lender's scope.
    pub scope: Fr,
    /// The lender's challenge.
    pub challenge: Fr,
    /// The lender's current day.
    pub now: u64,
    /// `Poseidon(A.x, A.y)` of the provider's key.
    pub issuer_key_hash: Fr,
    /// `Poseidon(model_hash, currency)`.
    pub policy_hash: Fr,
}

impl PublicInputs {
    /// In circuit order.
    pub fn to_field_elements(&self) -> Vec<Fr> {
        vec![
            self.nullifier,
            self.scope,
            self.challenge,
            Fr::from(self.now),
            self.issuer_key_hash,
            self.policy_hash,
        ]
    }
}

/// The private inputs.
#[derive(Clone)]
pub struct Witness {
    /// The signed credit data.
    pub credit: CreditData,
    /// The provider's key.
    pub issuer_key: PublicKey,
    /// The provider's signature on `credit.hash()`.
    pub signature: Signature,
    /// The SME's holder secret.
    pub holder_secret: Fr,
    /// The model.
    pub model: BinnedModel,
}

impl core::fmt::Debug for Witness {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Witness(..)")
    }
}

impl Drop for Witness {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.holder_secret.zeroize();
        self.credit.metrics.zeroize();
    }
}

/// Every copy of a witness (it is `Clone`) wipes its secret when it drops.
impl zeroize::ZeroizeOnDrop for Witness {}

/// Which part of the statement a witness fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScorecardError {
    /// The data was signed for another holder secret.
    #[error("the credit attestation is bound to another holder")]
    HolderBinding,
    /// The nullifier does not match.
    #[error("the nullifier does not match the holder secret and scope")]
    Nullifier,
    /// The provider key does not match `issuer_key_hash`.
    #[error("the attestation's provider is not the requested one")]
    IssuerKey,
    /// The signature does not verify.
    #[error("the provider signature does not verify")]
    Signature,
    /// `now` is outside `issued ..= expiry`.
    #[error("the attestation has expired or is not yet valid")]
    Expired,
    /// The model or currency does not hash to `policy_hash`.
    #[error("the scorecard or currency is not the policy's")]
    Policy,
    /// A slot is outside the circuit's ranges.
    #[error("the scorecard does not fit the circuit's slots")]
    ModelRange,
    /// A signed metric is not below `2^50` (the schema's ranges are).
    #[error("a metric is outside the schema's range")]
    MetricRange,
    /// The score is below the cutoff.
    #[error("the scorecard's cutoff is not reached")]
    Cutoff,
}

/// Evaluates the statement natively: `Ok(())` exactly when the circuit is
/// satisfiable with these inputs, for days below `2^64` and models in the
/// ranges the verifier validates (a bound `lower >= 2^50` is refused here;
/// the circuit refuses it unless `lower <= metric + 2^50`, where the bin
/// is, correctly, not reached).
pub fn check(public: &PublicInputs, w: &Witness) -> Result<(), ScorecardError> {
    let c = &w.credit;
    if holder_commitment(&w.holder_secret) != c.holder_commitment {
        return Err(ScorecardError::HolderBinding);
    }
    if nullifier(&w.holder_secret, &public.scope) != public.nullifier {
        return Err(ScorecardError::Nullifier);
    }
    if issuer_key_hash(&w.issuer_key) != public.issuer_key_hash {
        return Err(ScorecardError::IssuerKey);
    }
    if w.issuer_key.verify(c.hash(), &w.signature).is_err() {
        return Err(ScorecardError::Signature);
    }
    if statement::validity(c.issued, c.expiry, public.now) != Validity::Valid {
        return Err(ScorecardError::Expired);
    }
    if policy_hash(w.model.hash(), c.currency) != public.policy_hash {
        return Err(ScorecardError::Policy);
    }
    if c.metrics.iter().any(|m| *m >= 1 << LOWER_BITS) {
        return Err(ScorecardError::MetricRange);
    }
    if w.model.cutoff >= 1 << SCORE_BITS {
        return Err(ScorecardError::ModelRange);
    }
    let score = w
        .model
        .score(&c.metrics)
        .ok_or(ScorecardError::ModelRange)?;
    if score >= 1 << SCORE_BITS {
        return Err(ScorecardError::ModelRange);
    }
    if score < w.model.cutoff {
        return Err(ScorecardError::Cutoff);
    }
    Ok(())
}

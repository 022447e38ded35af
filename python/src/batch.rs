//! Batch verification: many proofs against one verifier's policy, in
//! parallel (rayon), without Python. The Python function `verify_batch`
//! collects its inputs under the GIL, releases it, and runs [`verify_all`].
//!
//! The engine is generic over the kind of proof ([`ProofKind`]): identity
//! presentations ([`IdentityKind`]) and transparent credit proofs
//! ([`CreditKind`]) share the table, the timing and the panic handling.

use std::{
    collections::BTreeMap,
    panic::{catch_unwind, AssertUnwindSafe},
    time::{Duration, Instant},
};

use rayon::prelude::*;
use zkcred_core::{
    keys::VerifyingKey, verifier, Error as CoreError, Presentation, PresentationRequest,
};
use zkcred_credit::{self as core_credit, CreditPolicy, CreditProof};

use crate::errors::{kind_name, PANIC_MESSAGE};

/// One proof of a batch as received: a byte string (a binary envelope, or
/// UTF-8 JSON) or text (JSON).
#[derive(Clone, Debug)]
pub enum RawProof {
    /// Bytes: the compact binary form when they start with its magic,
    /// otherwise UTF-8 JSON.
    Bytes(Vec<u8>),
    /// JSON text.
    Text(String),
}

/// What an accepted proof establishes, in the batch table's terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Accepted {
    /// The holder's nullifier in the verifier's scope (hex), if the kind has
    /// one.
    pub nullifier: Option<String>,
    /// Disclosed fields by name.
    pub disclosed: BTreeMap<String, serde_json::Value>,
}

/// Why a proof was refused: the Python exception class name and the message
/// (opaque for a failed verification).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// The exception class (`VerificationError`, `MalformedProofError`, ...;
    /// `InternalError` for a caught panic).
    pub kind: &'static str,
    /// Its message.
    pub reason: String,
}

/// The outcome of one proof.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Accepted with what it shows, or refused with why.
    pub result: Result<Accepted, Rejected>,
    /// Time spent parsing and verifying this proof.
    pub elapsed: Duration,
}

/// A kind of proof a batch verifies: parses one raw proof and checks it
/// against the verifier's own policy.
pub trait ProofKind: Sync {
    /// Verifies one proof.
    fn verify(&self, proof: &RawProof) -> Result<Accepted, CoreError>;
}

/// Identity presentations against one [`PresentationRequest`].
pub struct IdentityKind {
    request: PresentationRequest,
    slots: Vec<(usize, String)>,
    vk: VerifyingKey,
}

/// The first bytes of a binary presentation.
const BINARY_MAGIC: &[u8] = b"ZKCP";

impl IdentityKind {
    /// Checks the request once (a malformed request fails the whole batch,
    /// not each row).
    pub fn new(request: PresentationRequest, vk: VerifyingKey) -> zkcred_core::Result<Self> {
        let slots = request.compile()?.disclosed;
        Ok(IdentityKind { request, slots, vk })
    }
}

/// Parses a presentation in either form; `slots` are the request's disclosed
/// attributes (for the binary form).
pub fn parse_presentation(
    proof: &RawProof,
    slots: &[(usize, String)],
) -> zkcred_core::Result<Presentation> {
    match proof {
        RawProof::Text(json) => Presentation::from_json(json),
        RawProof::Bytes(b) if b.starts_with(BINARY_MAGIC) => Presentation::from_bytes(b, slots),
        RawProof::Bytes(b) => Presentation::from_json(
            std::str::from_utf8(b).map_err(|_| CoreError::Encoding("presentation (UTF-8)"))?,
        ),
    }
}

impl ProofKind for IdentityKind {
    fn verify(&self, proof: &RawProof) -> Result<Accepted, CoreError> {
        let presentation = parse_presentation(proof, &self.slots)?;
        let verified = verifier::verify(&self.request, &presentation, &self.vk)?;
        Ok(Accepted {
            nullifier: Some(verified.nullifier),
            disclosed: verified.disclosed,
        })
    }
}

/// Transparent credit proofs against one lender's [`CreditPolicy`]. An
/// accepted row discloses the provider's id (`issuer_id`), the currency and
/// the attestation's last valid day (`expires`); it has no nullifier.
pub struct CreditKind {
    policy: CreditPolicy,
}

impl CreditKind {
    /// Checks the policy once (a malformed policy fails the whole batch).
    pub fn new(policy: CreditPolicy) -> zkcred_core::Result<Self> {
        policy.check()?;
        Ok(CreditKind { policy })
    }
}

/// The first bytes of a binary transparent credit proof.
const CREDIT_MAGIC: &[u8] = b"ZKCT";

/// Parses a transparent credit proof in either form.
pub fn parse_credit_proof(proof: &RawProof) -> zkcred_core::Result<CreditProof> {
    match proof {
        RawProof::Text(json) => CreditProof::from_json(json),
        RawProof::Bytes(b) if b.starts_with(CREDIT_MAGIC) => CreditProof::from_bytes(b),
        RawProof::Bytes(b) => CreditProof::from_json(
            std::str::from_utf8(b).map_err(|_| CoreError::Encoding("credit proof (UTF-8)"))?,
        ),
    }
}

impl ProofKind for CreditKind {
    fn verify(&self, proof: &RawProof) -> Result<Accepted, CoreError> {
        let proof = parse_credit_proof(proof)?;
        let v = core_credit::verify(&self.policy, &proof)?;
        let mut disclosed = BTreeMap::new();
        disclosed.insert("issuer_id".into(), v.issuer_id.into());
        disclosed.insert("currency".into(), proof.attestation.currency.clone().into());
        disclosed.insert("expires".into(), v.expires.to_string().into());
        Ok(Accepted {
            nullifier: None,
            disclosed,
        })
    }
}

/// The names [`CreditKind`] discloses, in column order.
pub const CREDIT_DISCLOSED: [&str; 3] = ["issuer_id", "currency", "expires"];

fn verify_one<K: ProofKind>(kind: &K, proof: &RawProof) -> Outcome {
    let start = Instant::now();
    let result = match catch_unwind(AssertUnwindSafe(|| kind.verify(proof))) {
        Ok(Ok(accepted)) => Ok(accepted),
        Ok(Err(e)) => Err(Rejected {
            kind: kind_name(&e),
            reason: e.to_string(),
        }),
        Err(_) => Err(Rejected {
            kind: "InternalError",
            reason: PANIC_MESSAGE.into(),
        }),
    };
    Outcome {
        result,
        elapsed: start.elapsed(),
    }
}

/// Verifies every proof, in input order, on `threads` threads (`None`: all
/// cores, rayon's global pool). Never fails as a whole: each row says why
/// it was refused, a panic included.
pub fn verify_all<K: ProofKind>(
    kind: &K,
    proofs: &[RawProof],
    threads: Option<usize>,
) -> Result<Vec<Outcome>, rayon::ThreadPoolBuildError> {
    let run = || {
        proofs
            .par_iter()
            .map(|p| verify_one(kind, p))
            .collect::<Vec<_>>()
    };
    match threads {
        None => Ok(run()),
        Some(n) => Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()?
            .install(run)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kind that accepts "ok", refuses anything else, and panics on "boom".
    struct Toy;

    impl ProofKind for Toy {
        fn verify(&self, proof: &RawProof) -> Result<Accepted, CoreError> {
            match proof {
                RawProof::Text(t) if t == "ok" => Ok(Accepted {
                    nullifier: Some("0x01".into()),
                    disclosed: BTreeMap::new(),
                }),
                RawProof::Text(t) if t == "boom" => panic!("toy panic"),
                _ => Err(CoreError::VerificationFailed),
            }
        }
    }

    fn texts(items: &[&str]) -> Vec<RawProof> {
        items.iter().map(|s| RawProof::Text((*s).into())).collect()
    }

    #[test]
    fn rows_keep_input_order_and_name_the_failure() {
        let proofs = texts(&["ok", "bad", "ok", "bad", "ok"]);
        for threads in [None, Some(1), Some(2)] {
            let out = verify_all(&Toy, &proofs, threads).unwrap();
            let accepted: Vec<bool> = out.iter().map(|o| o.result.is_ok()).collect();
            assert_eq!(accepted, [true, false, true, false, true]);
            let refused = out[1].result.as_ref().unwrap_err();
            assert_eq!(refused.kind, "VerificationError");
            assert_eq!(refused.reason, "the presentation does not verify");
        }
    }

    #[test]
    fn a_panic_is_one_refused_row_not_a_crash() {
        let out = verify_all(&Toy, &texts(&["ok", "boom", "ok"]), Some(2)).unwrap();
        assert!(out[0].result.is_ok() && out[2].result.is_ok());
        assert_eq!(out[1].result.as_ref().unwrap_err().kind, "InternalError");
    }

    #[test]
    fn credit_rows_name_the_failing_proof() {
        use rand::SeedableRng;
        use zkcred_core::date::Date;
        use zkcred_credit::{attest, prove, Bound, Metric, Metrics, ProviderKey};
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);
        let provider = ProviderKey::generate(&mut rng);
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let policy = CreditPolicy::new([3; 32], today, "EUR")
            .accept_issuer(&provider.public_key())
            .require(Metric::AnnualRevenue, Bound::AtLeast, 100);
        let metrics = Metrics::new([500, 0, 0, 0, 0, 0]).unwrap();
        let (a, o) = attest(
            &provider,
            "bank.example",
            "EUR",
            &metrics,
            today,
            today,
            &mut rng,
        )
        .unwrap();
        let proof = prove(&policy, &a, &o, &mut rng).unwrap();
        let good = proof.to_bytes();
        let mut tampered = good.clone();
        *tampered.last_mut().unwrap() ^= 1;
        let raw = vec![
            RawProof::Bytes(good.clone()),
            RawProof::Bytes(tampered),
            RawProof::Text(proof.to_json()),
            RawProof::Bytes(b"ZKCT".to_vec()),
        ];
        let kind = CreditKind::new(policy.clone()).unwrap();
        let out = verify_all(&kind, &raw, Some(2)).unwrap();
        let accepted: Vec<bool> = out.iter().map(|o| o.result.is_ok()).collect();
        assert_eq!(accepted, [true, false, true, false]);
        let first = out[0].result.as_ref().unwrap();
        assert_eq!(first.nullifier, None);
        assert_eq!(first.disclosed["issuer_id"], "bank.example");
        assert_eq!(first.disclosed["expires"], "2026-11-23");
        assert_ne!(
            out[3].result.as_ref().unwrap_err().kind,
            "VerificationError"
        );
        // Another policy (other challenge): every row refused, opaquely.
        let other = CreditKind::new(CreditPolicy {
            challenge: [4; 32],
            ..policy
        })
        .unwrap();
        let out = verify_all(&other, &raw[..1], None).unwrap();
        assert_eq!(
            out[0].result.as_ref().unwrap_err().kind,
            "VerificationError"
        );
        // A policy with nothing to prove fails the whole batch.
        assert!(CreditKind::new(CreditPolicy::new([0; 32], today, "EUR")).is_err());
    }
}

//! Batch verification of transparent credit proofs: the credit kind
//! ([`CreditKind`]) of zkcred-core's batch engine ([`zkcred_core::batch`]),
//! which verifies the rows in parallel, times each and catches a panic as a
//! refused row. Python's `verify_batch` with a `CreditPolicy` runs it.

use std::collections::BTreeMap;

use zkcred_core::batch::{Accepted, ProofKind, RawProof};

use crate::{CreditPolicy, CreditProof, Result};

/// Transparent credit proofs against one lender's [`CreditPolicy`]. An
/// accepted row discloses the provider's id (`issuer_id`), the currency and
/// the attestation's last valid day (`expires`); it has no nullifier.
pub struct CreditKind {
    policy: CreditPolicy,
}

impl CreditKind {
    /// Checks the policy once (a malformed policy fails the whole batch).
    pub fn new(policy: CreditPolicy) -> Result<Self> {
        policy.check()?;
        Ok(CreditKind { policy })
    }
}

/// Parses a transparent credit proof in either form.
pub fn parse_credit_proof(proof: &RawProof) -> Result<CreditProof> {
    proof.check_not_empty()?;
    match proof {
        RawProof::Text(json) => CreditProof::from_json(json),
        RawProof::Bytes(b) => CreditProof::from_bytes_or_json(b),
    }
}

impl ProofKind for CreditKind {
    fn verify(&self, proof: &RawProof) -> Result<Accepted> {
        let proof = parse_credit_proof(proof)?;
        let v = crate::verify(&self.policy, &proof)?;
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

#[cfg(test)]
mod tests {
    use zkcred_core::{batch::verify_all, ErrorKind};

    use super::*;

    #[test]
    fn an_empty_credit_proof_says_so() {
        for raw in [RawProof::Bytes(vec![]), RawProof::Text(" ".into())] {
            let e = parse_credit_proof(&raw).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MalformedProof);
            assert_eq!(e.to_string(), "malformed proof: empty proof");
        }
    }

    #[test]
    fn credit_rows_name_the_failing_proof() {
        use rand::SeedableRng;
        use zkcred_core::date::Date;

        use crate::{attest, prove, Bound, Metric, Metrics, ProviderKey};
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
            Some(ErrorKind::VerificationFailed)
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
            Some(ErrorKind::VerificationFailed)
        );
        // A policy with nothing to prove fails the whole batch.
        assert!(CreditKind::new(CreditPolicy::new([0; 32], today, "EUR")).is_err());
    }
}

//! SME credit proofs: a data provider attests an SME's metrics; the SME
//! proves to a lender that it clears the lender's thresholds and scorecard
//! without showing its books.
//!
//! - [`metrics`]: the metric schema (`zkcred/sme-credit/v1`) with units and ranges;
//! - [`model`]: scorecard models (linear and binned) in JSON, with a stable hash;
//! - [`attestation`]: the provider's signed Pedersen commitments and the SME's openings;
//! - [`transparent`]: the transparent path (aggregated Bulletproofs, no
//!   trusted setup): what lenders verify, one at a time or in batches;
//! - [`succinct`]: the succinct path (a Groth16 binned-scorecard proof) for
//!   on-chain gating;
//! - [`transcript`]: the merlin transcript protocol both use.
//!
//! ```
//! use zkcred_core::date::Date;
//! use zkcred_credit::*;
//! # fn main() -> zkcred_credit::Result<()> {
//! let provider = ProviderKey::generate_os();
//! let metrics = Metrics::from_json(r#"{"annual_revenue": 250000000, "monthly_transaction_volume": 1800000,
//!     "on_time_repayment_bps": 9700, "outstanding_debt": 40000000, "years_in_business": 7, "defaults_24m": 0}"#)?;
//! let today = Date::from_ymd(2026, 11, 23)?;
//! let (attestation, openings) = attest(&provider, "bank.example", "EUR", &metrics,
//!     today, Date::from_days(today.days() + 90)?, &mut rand_core::OsRng)?;
//! let scorecard = Scorecard::from_json(r#"{"scorecardVersion": 1, "id": "lender/sme", "version": 1,
//!     "type": "linear", "features": [{"metric": "on_time_repayment_bps", "weight": 1},
//!     {"metric": "defaults_24m", "weight": -500}], "bias": 0, "cutoff": 9000}"#)?;
//! let policy = CreditPolicy::new([7; 32], today, "EUR")
//!     .accept_issuer(&provider.public_key())
//!     .require(Metric::AnnualRevenue, Bound::AtLeast, 100_000_000)
//!     .require(Metric::Defaults24m, Bound::AtMost, 0)
//!     .with_scorecard(scorecard);
//! let proof = prove(&policy, &attestation, &openings, &mut rand_core::OsRng)?;
//! let verified = verify(&policy, &proof)?;
//! assert_eq!(verified.issuer_id, "bank.example");
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod attestation;
pub mod metrics;
pub mod model;
mod range_prover;
pub mod succinct;
pub mod transcript;
pub mod transparent;
pub mod wallet;

pub use attestation::{attest, CreditAttestation, CreditOpenings, ProviderKey, ProviderPublicKey};
pub use metrics::{Metric, Metrics};
pub use model::{Scorecard, ScorecardKind};
pub use transparent::{
    prove, verify, verify_batch, Bound, CreditPolicy, CreditProof, Threshold, VerifiedCredit,
};
pub use wallet::CreditWallet;

/// zkcred-core's error type, shared by identity and credit so that every
/// front end maps one set of kinds.
pub use zkcred_core::{Error, Result};

//! zkcred for mobile apps: uniffi bindings of the holder wallet, the issuer
//! and the verifier, for Kotlin (Android) and Swift (iOS); for SMEs, the
//! credit side of the wallet, the data provider and the lender's check
//! (`credit`).
//!
//! Thin by design (no cryptography here): objects wrap zkcred-core's types,
//! documents cross the boundary as JSON strings, every failure is one
//! [`ZkcredError`] case, and panics are stopped at the boundary.
//!
//! Threading model: every object is thread-safe. The long operations
//! (proving, loading a proving key, generating keys) are `async` and run on
//! a worker thread of their own ([`background`]), so awaiting them from
//! Android's main thread or Swift's main actor never blocks it; everything
//! else takes at most a few milliseconds and may be called from any thread.
#![warn(missing_docs)]
// uniffi's generated scaffolding is `unsafe extern "C"`; this crate's own
// code uses no `unsafe`.
#![deny(unsafe_op_in_unsafe_fn)]

mod background;
mod batch;
mod credit;
mod errors;
mod issuer;
mod keys;
mod request;
mod verifier;
mod wallet;

pub use batch::{verify_batch, BatchRow};
pub use credit::{
    generate_provider_key, load_scorecard_proving_key, load_scorecard_proving_key_file,
    setup_development_scorecard_keys, verify_credit, verify_credit_succinct, CreditAttestationInfo,
    CreditAttestationIssued, CreditBound, CreditCredentialInfo, CreditMetric, CreditPolicy,
    CreditProvider, ScorecardKeyPair, ScorecardProvingKey, ScorecardVerifyingKey,
    SuccinctCreditPolicy, VerifiedCredit, VerifiedSuccinctCredit,
};
pub use errors::{ErrorDetails, Refusal, Result, ZkcredError, ZkcredErrorKind};
pub use issuer::{generate_issuer_key, Issuer, RevocationPath};
pub use keys::{
    load_proving_key, load_proving_key_file, setup_development_keys, KeyPair, ProvingKey,
    VerifyingKey,
};
pub use request::{PredicateOp, PresentationRequest};
pub use verifier::{verify_presentation, VerifiedPresentation};
pub use wallet::{CredentialInfo, Wallet};

uniffi::setup_scaffolding!();

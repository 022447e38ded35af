//! zkcred for mobile apps: uniffi bindings of the holder wallet, the issuer
//! and the verifier, for Kotlin (Android) and Swift (iOS); for SMEs, the
//! credit side of the wallet, the data provider and the lender's check
//! (`credit`).
//!
//! Thin by design (no cryptography here): objects wrap zkcred-core's types;
//! what apps build by hand is typed (predicate operands, attribute values,
//! credit metrics, dates as `LocalDate`/`Date`, amounts and serials as
//! signed numbers with range checks), what they only store and forward
//! (credentials, requests, proofs) crosses as JSON; every failure is one
//! [`ZkcredError`] case with its structured fields, and panics are stopped
//! at the boundary. Secrets stay in zkcred's memory ([`IssuerSecretKey`])
//! or in the app's platform secure storage ([`SecretStore`]).
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
mod date;
mod errors;
mod issuer;
mod keys;
mod openid4vp;
mod progress;
mod request;
mod verifier;
mod wallet;

pub use batch::{verify_batch, BatchRow};
pub use credit::{
    generate_provider_key, install_scorecard_proving_key, load_installed_scorecard_proving_key,
    load_scorecard_proving_key, load_scorecard_proving_key_file, setup_development_scorecard_keys,
    verify_credit, verify_credit_succinct, CreditAttestationInfo, CreditAttestationIssued,
    CreditBound, CreditCredentialInfo, CreditMetric, CreditMetrics, CreditPolicy, CreditProvider,
    InstalledScorecardProvingKey, ProviderSecretKey, ScorecardKeyPair, ScorecardProvingKey,
    ScorecardVerifyingKey, SuccinctCreditPolicy, VerifiedCredit, VerifiedSuccinctCredit,
};
pub use date::CalendarDate;
pub use errors::{ErrorDetails, Refusal, Result, ZkcredError, ZkcredErrorKind};
pub use issuer::{generate_issuer_key, Issuer, IssuerSecretKey, RevocationPath};
pub use keys::{
    install_proving_key, load_installed_proving_key, load_proving_key, load_proving_key_file,
    setup_development_keys, InstalledProvingKey, KeyOrigin, KeyPair, ProvingKey, VerifyingKey,
};
pub use openid4vp::{
    openid4vp_request_object_content_type, parse_openid4vp_url, resolve_openid4vp_request,
    ConsentSummary, Openid4vpAnswer, Openid4vpRequest, Openid4vpUrl,
};
pub use progress::{CancellationToken, ProofProgress, ProofStage};
pub use request::{AttributeValue, PredicateOp, PredicateValue, PresentationRequest};
pub use verifier::{verify_presentation, VerifiedPresentation};
pub use wallet::{CredentialInfo, SecretStore, Wallet};

uniffi::setup_scaffolding!();

//! What the binding tests share: a blocking executor (as the foreign side's
//! coroutine or task would await), one development key pair, and a
//! KYC-style flow of issuer, wallet and request.
#![allow(dead_code)]

use std::{
    future::Future,
    sync::{Arc, OnceLock},
    task::{Context, Poll, Wake, Waker},
};

use zkcred_ffi::{
    generate_issuer_key, setup_development_keys, CredentialInfo, Issuer, KeyPair, PredicateOp,
    PresentationRequest, Wallet,
};

struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Waits for `future` on this thread, counting how often it was polled.
pub fn block_on_counting<F: Future>(future: F) -> (F::Output, usize) {
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return (out, polls);
        }
        std::thread::park();
    }
}

/// Waits for `future` on this thread.
pub fn block_on<F: Future>(future: F) -> F::Output {
    block_on_counting(future).0
}

/// One development key pair for the whole test binary.
pub fn keys() -> &'static KeyPair {
    static KEYS: OnceLock<KeyPair> = OnceLock::new();
    KEYS.get_or_init(|| block_on(setup_development_keys()).expect("development setup"))
}

pub const SCHEMA: &str = r#"{"schemaVersion": 1, "id": "kyc-basic", "version": 1,
  "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}]}"#;

/// The verifier's date in every test.
pub const TODAY: &str = "2026-06-01";

/// An issuer with an in-memory registry and a wallet holding one credential
/// with `birth_date` and `nationality`.
pub fn issued(birth_date: &str, nationality: &str) -> (Arc<Issuer>, Arc<Wallet>, CredentialInfo) {
    let issuer = Issuer::in_memory(generate_issuer_key()).unwrap();
    let wallet = Wallet::create();
    let credential = issuer
        .issue(
            SCHEMA.into(),
            format!(r#"{{"birth_date": "{birth_date}", "nationality": "{nationality}"}}"#),
            wallet.holder_commitment(),
            "2026-01-01".into(),
            "2027-01-01".into(),
        )
        .unwrap();
    let held = wallet.receive(credential).unwrap();
    (issuer, wallet, held)
}

/// The verifier's origin, as the app verified it (App Links / associated
/// domains); its requests are scoped under it.
pub const ORIGIN: &str = "https://shop.example";

/// [`ORIGIN`] as the `verified_origin` argument of `Wallet::prove`.
pub fn origin() -> String {
    ORIGIN.into()
}

/// "Over 18" from `issuer`, on [`TODAY`], in the scope
/// `https://shop.example/age-gate` (under [`ORIGIN`]).
pub fn over_18(issuer: &Issuer) -> Arc<PresentationRequest> {
    PresentationRequest::new(SCHEMA.into(), "https://shop.example/age-gate".into())
        .unwrap()
        .accept_issuer(issuer.public_key(), issuer.revocation_root().unwrap())
        .unwrap()
        .require("birth_date".into(), PredicateOp::AgeAtLeast, "18".into())
        .unwrap()
        .at(TODAY.into())
        .unwrap()
}

/// An SME's metrics (distinctive values: a message showing one is caught):
/// revenue 3,141,592.65, volume 181,234.56, 97.31 % on time, debt
/// 412,345.67, 7 years, no default.
pub const SME_METRICS: &str = r#"{"annual_revenue": 314159265, "monthly_transaction_volume": 18123456,
  "on_time_repayment_bps": 9731, "outstanding_debt": 41234567, "years_in_business": 7, "defaults_24m": 0}"#;

/// The lender's date in the credit tests.
pub const CREDIT_TODAY: &str = "2026-11-23";

/// A linear scorecard the SME of [`SME_METRICS`] passes.
pub const SCORECARD: &str = r#"{"scorecardVersion": 1, "id": "lender.example/sme", "version": 1, "type": "linear",
  "features": [{"metric": "on_time_repayment_bps", "weight": 2}, {"metric": "years_in_business", "weight": 150},
    {"metric": "defaults_24m", "weight": -2500}], "bias": 0, "cutoff": 19000}"#;

/// A provider, and an SME wallet holding one attestation of [`SME_METRICS`]
/// valid from 2026-11-01 to 2027-01-31.
pub fn credit_attested() -> (
    Arc<zkcred_ffi::CreditProvider>,
    Arc<Wallet>,
    zkcred_ffi::CreditAttestationInfo,
) {
    let provider =
        zkcred_ffi::CreditProvider::new(zkcred_ffi::generate_provider_key(), "bank.example".into())
            .unwrap();
    let issued = provider
        .attest(
            "EUR".into(),
            SME_METRICS.into(),
            "2026-11-01".into(),
            "2027-01-31".into(),
        )
        .unwrap();
    let wallet = Wallet::create();
    let held = wallet
        .receive_credit(issued.attestation_json(), issued.openings_json())
        .unwrap();
    (provider, wallet, held)
}

/// A lender's policy of six thresholds and the scorecard, all met by
/// [`SME_METRICS`], accepting `provider`, on [`CREDIT_TODAY`].
pub fn lender_policy(provider: &zkcred_ffi::CreditProvider) -> Arc<zkcred_ffi::CreditPolicy> {
    use zkcred_ffi::{CreditBound::*, CreditMetric::*};
    zkcred_ffi::CreditPolicy::new("EUR".into())
        .accept_issuer(provider.public_key())
        .unwrap()
        .require(AnnualRevenue, AtLeast, 200_000_000)
        .require(MonthlyTransactionVolume, AtLeast, 10_000_000)
        .require(OnTimeRepaymentBps, AtLeast, 9_500)
        .require(OutstandingDebt, AtMost, 50_000_000)
        .require(YearsInBusiness, AtLeast, 3)
        .require(Defaults24m, AtMost, 0)
        .with_scorecard(SCORECARD.into())
        .unwrap()
        .at(CREDIT_TODAY.into())
        .unwrap()
}

/// `presentation_json` with one hex digit of its nullifier changed: still a
/// valid field element, so it parses, but it no longer verifies.
pub fn tamper_nullifier(presentation_json: &str) -> String {
    let doc: serde_json::Value = serde_json::from_str(presentation_json).unwrap();
    let nullifier = doc["nullifier"].as_str().unwrap();
    let flipped = format!(
        "{}{}",
        &nullifier[..10],
        if &nullifier[10..11] == "0" { "1" } else { "0" }
    );
    let tampered = presentation_json.replace(nullifier, &format!("{flipped}{}", &nullifier[11..]));
    assert_ne!(tampered, presentation_json);
    tampered
}

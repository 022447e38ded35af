//! What the binding tests share: a blocking executor (as the foreign side's
//! coroutine or task would await), one development key pair, and a
//! KYC-style flow of issuer, wallet and request.
#![allow(dead_code)]

use std::{
    collections::HashMap,
    future::Future,
    sync::{Arc, OnceLock},
    task::{Context, Poll, Wake, Waker},
};

use zkcred_ffi::{
    generate_issuer_key, setup_development_keys, AttributeValue, CalendarDate, CredentialInfo,
    CreditMetrics, Issuer, KeyPair, PredicateOp, PredicateValue, PresentationRequest, Wallet,
};

/// The day `yyyy_mm_dd` as the API takes it.
pub fn date(yyyy_mm_dd: &str) -> CalendarDate {
    CalendarDate(zkcred_core::date::Date::parse(yyyy_mm_dd).unwrap().days())
}

/// A text attribute value.
pub fn text(value: &str) -> AttributeValue {
    AttributeValue::Text {
        value: value.into(),
    }
}

/// The attributes of a KYC credential of [`SCHEMA`].
pub fn kyc(birth_date: &str, nationality: &str) -> HashMap<String, AttributeValue> {
    HashMap::from([
        (
            "birth_date".to_string(),
            AttributeValue::Date {
                value: date(birth_date),
            },
        ),
        ("nationality".to_string(), text(nationality)),
    ])
}

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
            kyc(birth_date, nationality),
            wallet.holder_commitment(),
            date("2026-01-01"),
            date("2027-01-01"),
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
        .require(
            "birth_date".into(),
            PredicateOp::AgeAtLeast,
            PredicateValue::Int { value: 18 },
        )
        .unwrap()
        .at(date(TODAY))
        .unwrap()
}

/// An SME's metrics (distinctive values: a message showing one is caught):
/// revenue 3,141,592.65, volume 181,234.56, 97.31 % on time, debt
/// 412,345.67, 7 years, no default.
pub const SME_METRICS: &str = r#"{"annual_revenue": 314159265, "monthly_transaction_volume": 18123456,
  "on_time_repayment_bps": 9731, "outstanding_debt": 41234567, "years_in_business": 7, "defaults_24m": 0}"#;

/// [`SME_METRICS`], typed.
pub fn sme_metrics() -> CreditMetrics {
    CreditMetrics {
        annual_revenue: 314159265,
        monthly_transaction_volume: 18123456,
        on_time_repayment_bps: 9731,
        outstanding_debt: 41234567,
        years_in_business: 7,
        recent_defaults: 0,
    }
}

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
        zkcred_ffi::CreditProvider::new(zkcred_ffi::generate_provider_key(), "bank.example".into());
    let issued = provider
        .attest(
            "EUR".into(),
            sme_metrics(),
            date("2026-11-01"),
            date("2027-01-31"),
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
        .unwrap()
        .require(MonthlyTransactionVolume, AtLeast, 10_000_000)
        .unwrap()
        .require(OnTimeRepaymentBps, AtLeast, 9_500)
        .unwrap()
        .require(OutstandingDebt, AtMost, 50_000_000)
        .unwrap()
        .require(YearsInBusiness, AtLeast, 3)
        .unwrap()
        .require(RecentDefaults, AtMost, 0)
        .unwrap()
        .with_scorecard(SCORECARD.into())
        .unwrap()
        .at(date(CREDIT_TODAY))
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

/// An app's secret store, in memory.
#[derive(Default)]
pub struct MemoryStore(std::sync::Mutex<HashMap<String, Vec<u8>>>);

impl zkcred_ffi::SecretStore for MemoryStore {
    fn put(&self, name: String, secret: Vec<u8>) -> zkcred_ffi::Result<()> {
        self.0.lock().unwrap().insert(name, secret);
        Ok(())
    }

    fn get(&self, name: String) -> zkcred_ffi::Result<Option<Vec<u8>>> {
        Ok(self.0.lock().unwrap().get(&name).cloned())
    }
}

/// `wallet` saved with a memory store and restored from it.
pub fn round_trip(wallet: &Wallet) -> Arc<Wallet> {
    let store = Arc::new(MemoryStore::default());
    let json = wallet.save(store.clone(), "zkcred.test".into()).unwrap();
    Wallet::restore(json, store).unwrap()
}

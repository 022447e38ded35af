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

/// "Over 18" from `issuer`, on [`TODAY`].
pub fn over_18(issuer: &Issuer) -> Arc<PresentationRequest> {
    PresentationRequest::new(SCHEMA.into(), "shop.example/age-gate".into())
        .unwrap()
        .accept_issuer(issuer.public_key(), issuer.revocation_root().unwrap())
        .unwrap()
        .require("birth_date".into(), PredicateOp::AgeAtLeast, "18".into())
        .unwrap()
        .at(TODAY.into())
        .unwrap()
}

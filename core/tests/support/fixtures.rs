//! Shared fixtures: one development key pair per test binary (deterministic
//! randomness), an issuer, holders and the demo schema.
#![allow(dead_code)]

use std::sync::OnceLock;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Map, Value};
use zkcred_core::{
    date::Date,
    holder::HolderSecret,
    issuer::{Issuer, IssuerKey},
    keys::{self, ProvingKey, VerifyingKey},
    schema::Schema,
    Credential,
};

pub const SCHEMA: &str = zkcred_core::fixtures::DEMO_KYC_SCHEMA;

pub fn keys() -> &'static (ProvingKey, VerifyingKey) {
    static KEYS: OnceLock<(ProvingKey, VerifyingKey)> = OnceLock::new();
    KEYS.get_or_init(|| keys::setup(&mut ChaCha20Rng::seed_from_u64(2026)).expect("setup"))
}

pub fn schema() -> Schema {
    Schema::from_json(SCHEMA).unwrap()
}

pub fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

pub fn subject(birth: &str, nationality: &str, level: u64) -> Map<String, Value> {
    json!({
        "birth_date": birth, "nationality": nationality, "residence": nationality, "full_name": "Ada Lovelace",
        "document_type": "passport", "kyc_level": level, "pep": false
    })
    .as_object()
    .unwrap()
    .clone()
}

pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// An issuer with an in-memory registry, a holder, and a credential valid
/// for a year from [`today`].
pub fn setup_holder(seed: u64, subject: Map<String, Value>) -> (Issuer, HolderSecret, Credential) {
    setup_holder_from(seed, subject, today())
}

/// [`setup_holder`] with a credential valid from `valid_from` until a year
/// after [`today`].
pub fn setup_holder_from(
    seed: u64,
    subject: Map<String, Value>,
    valid_from: Date,
) -> (Issuer, HolderSecret, Credential) {
    let mut r = rng(seed);
    let mut issuer = Issuer::in_memory(IssuerKey::generate(&mut r)).unwrap();
    let secret = HolderSecret::generate(&mut r);
    let until = Date::from_days(today().days() + 365).unwrap();
    let credential = issuer
        .issue(&schema(), subject, secret.commitment(), valid_from, until)
        .unwrap();
    (issuer, secret, credential)
}

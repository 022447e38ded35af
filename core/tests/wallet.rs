//! The holder's wallet: receiving, choosing a credential for a request,
//! surviving a JSON round trip, and proving from it.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::*;
use serde_json::json;
use zkcred_core::{
    date::Date,
    holder::{self, HolderSecret},
    request::{Op, PresentationRequest},
    verifier,
    wallet::Wallet,
    Error,
};

#[test]
fn wallet_receives_matches_round_trips_and_proves() {
    let (mut issuer, secret, adult) = setup_holder(11, subject("1990-05-17", "DE", 3));
    let secret_bytes = secret.to_bytes();
    let mut wallet = Wallet::new(HolderSecret::from_bytes(&secret_bytes).unwrap());
    let until = Date::from_days(today().days() + 365).unwrap();
    let minor = issuer
        .issue(
            &schema(),
            subject("2015-01-01", "FR", 1),
            secret.commitment(),
            today(),
            until,
        )
        .unwrap();
    wallet.receive(adult.clone()).unwrap();
    wallet.receive(minor.clone()).unwrap();
    assert!(
        matches!(wallet.receive(adult.clone()), Err(Error::Credential(_))),
        "duplicates are refused"
    );
    // A credential bound to someone else is refused.
    let other = HolderSecret::generate(&mut rng(12));
    let foreign = issuer
        .issue(
            &schema(),
            subject("1990-05-17", "DE", 3),
            other.commitment(),
            today(),
            until,
        )
        .unwrap();
    assert!(matches!(
        wallet.receive(foreign),
        Err(Error::Credential(
            "the credential is bound to another holder"
        ))
    ));

    let request = PresentationRequest::new(schema(), "shop.example")
        .accept_issuer(
            &issuer.key().public_key(),
            issuer.revocation_root().unwrap(),
        )
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .at(today());
    let matching = wallet.matching(&request).unwrap();
    assert_eq!(matching.len(), 1);
    assert_eq!(matching[0].id, adult.id);

    // Round trip through JSON (the secret included), then prove from the restored wallet.
    let restored = Wallet::from_json(&wallet.to_json()).unwrap();
    assert_eq!(restored.credentials().len(), 2);
    assert!(!format!("{restored:?}").contains(&hex::encode(*secret_bytes)));
    let chosen = restored.matching(&request).unwrap()[0];
    let path = issuer.non_revocation_path(chosen.serial()).unwrap();
    let p = holder::prove(&request, chosen, restored.secret(), &path, &keys().0).unwrap();
    verifier::verify(&request, &p, &keys().1).unwrap();

    // Malformed wallets: wrong version, bad secret, a credential for another secret.
    let mut doc: serde_json::Value = serde_json::from_str(&wallet.to_json()).unwrap();
    doc["version"] = json!(2);
    assert!(matches!(
        Wallet::from_json(&doc.to_string()),
        Err(Error::UnsupportedVersion { .. })
    ));
    doc["version"] = json!(1);
    doc["secret"] = json!("00");
    assert!(matches!(
        Wallet::from_json(&doc.to_string()),
        Err(Error::Encoding(_))
    ));
    doc["secret"] = json!(hex::encode(*other.to_bytes()));
    assert!(matches!(
        Wallet::from_json(&doc.to_string()),
        Err(Error::Credential(_))
    ));
}

#[test]
fn wallet_keeps_credit_attestations_with_their_openings() {
    use zkcred_core::credit::{
        attest, prove, verify, Bound, CreditPolicy, Metric, Metrics, ProviderKey,
    };

    let mut wallet = Wallet::new(HolderSecret::generate_os());
    let plain = wallet.to_json();
    assert!(
        !plain.contains("\"credit\""),
        "no credit key while there is none"
    );

    let provider = ProviderKey::generate_os();
    let metrics = Metrics::new([300_000_000, 18_000_000, 9_700, 40_000_000, 7, 0]).unwrap();
    let issue = |key: &ProviderKey| {
        attest(
            key,
            "bank.example",
            "EUR",
            &metrics,
            Date::from_ymd(2026, 11, 1).unwrap(),
            Date::from_ymd(2027, 2, 1).unwrap(),
            &mut rand_core::OsRng,
        )
        .unwrap()
    };
    let (attestation, openings) = issue(&provider);
    let (other_attestation, other_openings) = issue(&provider);
    // Openings of another attestation, and an attestation that is held already, are refused.
    assert!(matches!(
        wallet.receive_credit(attestation.clone(), other_openings.clone()),
        Err(Error::Attestation(_))
    ));
    wallet
        .receive_credit(attestation.clone(), openings.clone())
        .unwrap();
    assert!(matches!(
        wallet.receive_credit(attestation.clone(), openings.clone()),
        Err(Error::Attestation(_))
    ));
    wallet
        .receive_credit(other_attestation, other_openings)
        .unwrap();

    let restored = Wallet::from_json(&wallet.to_json()).unwrap();
    assert_eq!(restored.credit().len(), 2);
    assert_eq!(restored.credit()[0].0, attestation);
    assert!(!format!("{restored:?}").contains("blindings"));
    let policy = CreditPolicy::new([9; 32], Date::from_ymd(2026, 11, 23).unwrap(), "EUR")
        .accept_issuer(&provider.public_key())
        .require(Metric::AnnualRevenue, Bound::AtLeast, 100_000_000);
    let (a, o) = &restored.credit()[0];
    let proof = prove(&policy, a, o, &mut rand_core::OsRng).unwrap();
    verify(&policy, &proof).unwrap();

    // A wallet whose openings were altered does not load.
    let mut doc: serde_json::Value = serde_json::from_str(&wallet.to_json()).unwrap();
    doc["credit"][0]["openings"]["metrics"]["annual_revenue"] = json!(900_000_000);
    assert!(matches!(
        Wallet::from_json(&doc.to_string()),
        Err(Error::Attestation(_))
    ));
}

#[test]
fn wallet_keeps_succinct_credit_credentials_bound_to_its_secret() {
    use zkcred_core::credit::{succinct::attest_succinct, Metrics, ProviderKey};

    let mut wallet = Wallet::new(HolderSecret::generate_os());
    let other = HolderSecret::generate_os();
    let provider = ProviderKey::generate_os();
    let metrics = Metrics::new([240_000_000, 18_000_000, 9_750, 35_000_000, 6, 0]).unwrap();
    let issue = |commitment| {
        attest_succinct(
            &provider,
            "bank.example",
            "EUR",
            &metrics,
            commitment,
            Date::from_ymd(2026, 11, 1).unwrap(),
            Date::from_ymd(2027, 2, 1).unwrap(),
        )
        .unwrap()
    };
    let mine = issue(wallet.secret().commitment());
    assert!(matches!(
        wallet.receive_succinct_credit(issue(other.commitment())),
        Err(Error::Attestation(_))
    ));
    wallet.receive_succinct_credit(mine.clone()).unwrap();
    assert!(matches!(
        wallet.receive_succinct_credit(mine.clone()),
        Err(Error::Attestation(_))
    ));
    let json = wallet.to_json();
    assert!(json.contains("creditSuccinct") && !json.contains("\"credit\""));
    let restored = Wallet::from_json(&json).unwrap();
    assert_eq!(restored.succinct_credit().len(), 1);
    assert_eq!(*restored.succinct_credit()[0].to_json(), *mine.to_json());

    // An altered metric breaks the provider's signature: the wallet does not load.
    let mut doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    doc["creditSuccinct"][0]["metrics"]["defaults_24m"] = json!(0);
    doc["creditSuccinct"][0]["metrics"]["years_in_business"] = json!(60);
    assert!(matches!(
        Wallet::from_json(&doc.to_string()),
        Err(Error::Attestation(_))
    ));
}

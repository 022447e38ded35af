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
fn wallet_keeps_sections_it_does_not_read() {
    use zkcred_core::wallet::Section;
    // Identity-only front ends load a wallet that holds credit entries and
    // write it back whole; the entries' strings are not shown by `Debug`.
    let wallet = Wallet::new(HolderSecret::generate_os());
    let mut doc: serde_json::Value = serde_json::from_str(&wallet.to_json()).unwrap();
    doc["credit"] =
        json!([{"attestation": {"x": 1}, "openings": {"blindings": ["secret-blinding"]}}]);
    doc["creditSuccinct"] = json!([{"y": 2}]);
    let loaded = Wallet::from_json(&doc.to_string()).unwrap();
    assert_eq!(loaded.section(Section::Credit).len(), 1);
    assert_eq!(loaded.section(Section::CreditSuccinct), &[json!({"y": 2})]);
    assert!(!format!("{loaded:?}").contains("secret-blinding"));
    let again: serde_json::Value = serde_json::from_str(&loaded.to_json()).unwrap();
    assert_eq!(again, doc);
    // Unknown sections are still refused.
    doc["debit"] = json!([]);
    assert!(matches!(
        Wallet::from_json(&doc.to_string()),
        Err(Error::Json(_))
    ));
}

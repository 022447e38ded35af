//! Credit entries in the holder's wallet: received with their checks, kept
//! through a JSON round trip, and checked again when a wallet loads.

use serde_json::json;
use zkcred_core::{date::Date, holder::HolderSecret, Error};
use zkcred_credit::CreditWallet;

#[test]
fn wallet_keeps_credit_attestations_with_their_openings() {
    use zkcred_credit::{attest, prove, verify, Bound, CreditPolicy, Metric, Metrics, ProviderKey};

    let mut wallet = CreditWallet::new(HolderSecret::generate_os());
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

    let restored = CreditWallet::from_json(&wallet.to_json()).unwrap();
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
        CreditWallet::from_json(&doc.to_string()),
        Err(Error::Attestation(_))
    ));
}

#[test]
fn wallet_keeps_succinct_credit_credentials_bound_to_its_secret() {
    use zkcred_credit::{succinct::attest_succinct, Metrics, ProviderKey};

    let mut wallet = CreditWallet::new(HolderSecret::generate_os());
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
    let restored = CreditWallet::from_json(&json).unwrap();
    assert_eq!(restored.succinct_credit().len(), 1);
    assert_eq!(*restored.succinct_credit()[0].to_json(), *mine.to_json());

    // An altered metric breaks the provider's signature: the wallet does not load.
    let mut doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    doc["creditSuccinct"][0]["metrics"]["defaults_24m"] = json!(0);
    doc["creditSuccinct"][0]["metrics"]["years_in_business"] = json!(60);
    assert!(matches!(
        CreditWallet::from_json(&doc.to_string()),
        Err(Error::Attestation(_))
    ));
}

//! The succinct credit path through the binding (Groth16 binned scorecard):
//! the provider signs the SME's metrics bound to its wallet, the wallet
//! proves a lender's policy with a scorecard proving key loaded once, the
//! lender verifies; a score below the cutoff, another challenge, a tampered
//! proof, an expired credential and a forged one are all refused.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::sync::{Arc, OnceLock};

use fixtures::*;
use zkcred_ffi::{
    generate_provider_key, install_scorecard_proving_key, load_installed_scorecard_proving_key,
    load_scorecard_proving_key, setup_development_scorecard_keys, verify_credit_succinct,
    CreditProvider, ScorecardKeyPair, ScorecardVerifyingKey, SuccinctCreditPolicy, Wallet,
    ZkcredError,
};

/// Scores 25 + 40 + 30 + 15 = 110 against a cutoff of 100 with [`SME_METRICS`]
/// (97.31 % on time, 7 years, no default, revenue above 1M).
const BINNED: &str = r#"{"scorecardVersion": 1, "id": "lender.example/sme-points", "version": 1, "type": "binned",
  "features": [
    {"metric": "on_time_repayment_bps", "bins": [{"min": 0, "max": 8999, "points": 0}, {"min": 9000, "max": 9499, "points": 10}, {"min": 9500, "points": 25}]},
    {"metric": "years_in_business", "bins": [{"min": 0, "max": 1, "points": 0}, {"min": 2, "max": 4, "points": 20}, {"min": 5, "points": 40}]},
    {"metric": "defaults_24m", "bins": [{"min": 0, "max": 0, "points": 30}, {"min": 1, "points": 0}]},
    {"metric": "annual_revenue", "bins": [{"min": 0, "max": 99999999, "points": 0}, {"min": 100000000, "points": 15}]}
  ],
  "cutoff": 100}"#;

fn scorecard_keys() -> &'static ScorecardKeyPair {
    static KEYS: OnceLock<ScorecardKeyPair> = OnceLock::new();
    KEYS.get_or_init(|| block_on(setup_development_scorecard_keys()).expect("scorecard setup"))
}

/// A provider and an SME wallet holding its signed credential of
/// [`SME_METRICS`], valid from 2026-11-01 to 2027-01-31.
fn signed() -> (Arc<CreditProvider>, Arc<Wallet>, String) {
    let provider = CreditProvider::new(generate_provider_key(), "bank.example".into());
    let wallet = Wallet::create();
    let credential = provider
        .attest_succinct(
            "EUR".into(),
            sme_metrics(),
            wallet.holder_commitment(),
            date("2026-11-01"),
            date("2027-01-31"),
        )
        .unwrap();
    wallet
        .receive_credit_credential(credential.clone())
        .unwrap();
    (provider, wallet, credential)
}

fn policy(provider: &CreditProvider, scorecard: &str) -> Arc<SuccinctCreditPolicy> {
    SuccinctCreditPolicy::new(
        "lender.example/sme-loans".into(),
        "EUR".into(),
        provider.public_key(),
        scorecard.into(),
    )
    .unwrap()
    .at(date(CREDIT_TODAY))
    .unwrap()
}

fn prove(wallet: &Arc<Wallet>, policy: &Arc<SuccinctCreditPolicy>) -> Result<String, ZkcredError> {
    block_on(Arc::clone(wallet).prove_credit_succinct(
        Arc::clone(policy),
        Arc::clone(&scorecard_keys().proving_key),
        None,
        None,
    ))
}

fn verify(
    policy: &Arc<SuccinctCreditPolicy>,
    proof: &str,
) -> Result<zkcred_ffi::VerifiedSuccinctCredit, ZkcredError> {
    verify_credit_succinct(
        Arc::clone(policy),
        proof.into(),
        Arc::clone(&scorecard_keys().verifying_key),
    )
}

#[test]
fn sme_proves_a_binned_scorecard_and_the_lender_verifies() {
    let (provider, wallet, _) = signed();
    let held = wallet.credit_credentials();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].issuer_id, "bank.example");
    let lender = policy(&provider, BINNED);
    let sent = SuccinctCreditPolicy::from_json(lender.to_json()).unwrap();
    let proof = prove(&wallet, &sent).unwrap();
    let verified = verify(&lender, &proof).unwrap();
    // The nullifier is stable per wallet and scope, and another wallet's differs.
    let again = verify(&lender, &prove(&wallet, &lender).unwrap()).unwrap();
    assert_eq!(again.nullifier, verified.nullifier);
    let (provider2, wallet2, _) = signed();
    let lender2 = policy(&provider2, BINNED);
    let other = verify(&lender2, &prove(&wallet2, &lender2).unwrap()).unwrap();
    assert_ne!(other.nullifier, verified.nullifier);

    // The wallet keeps the credential across its JSON; the key reloads from bytes.
    let restored = round_trip(&wallet);
    assert_eq!(restored.credit_credentials(), held);
    let vk = ScorecardVerifyingKey::from_bytes(scorecard_keys().verifying_key.to_bytes()).unwrap();
    let pk = block_on(load_scorecard_proving_key(
        scorecard_keys().proving_key.to_bytes(),
        Arc::clone(&vk),
    ))
    .unwrap();
    let proof =
        block_on(restored.prove_credit_succinct(Arc::clone(&lender), pk, None, None)).unwrap();
    verify_credit_succinct(lender, proof, vk).unwrap();
}

#[test]
fn everything_false_is_refused_or_rejected() {
    let (provider, wallet, credential) = signed();
    let lender = policy(&provider, BINNED);
    let proof = prove(&wallet, &lender).unwrap();

    // Below the cutoff: 7 years in business earn 20 points instead of 40
    // when the top bin starts at 8, so 90 points against 100.
    let strict = policy(
        &provider,
        &BINNED.replace(
            r#""max": 4, "points": 20}, {"min": 5, "points": 40}"#,
            r#""max": 7, "points": 20}, {"min": 8, "points": 40}"#,
        ),
    );
    assert_ne!(strict.to_json(), lender.to_json());
    let err = prove(&wallet, &strict).unwrap_err();
    assert!(matches!(err, ZkcredError::Unsatisfiable { .. }), "{err:?}");
    assert!(!err.to_string().contains("90"), "{err}");
    // The proof for the lenient policy does not pass the strict one.
    assert!(matches!(
        verify(&strict, &proof),
        Err(ZkcredError::VerificationFailed)
    ));

    // Another challenge (the same statement asked afresh).
    let fresh = policy(&provider, BINNED);
    assert!(matches!(
        verify(&fresh, &proof),
        Err(ZkcredError::VerificationFailed)
    ));

    // A tampered proof, and a tampered nullifier.
    let mut doc: serde_json::Value = serde_json::from_str(&proof).unwrap();
    let bytes = doc["proof"].as_str().unwrap().to_string();
    let flipped = format!(
        "{}{}{}",
        &bytes[..70],
        if &bytes[70..71] == "0" { "1" } else { "0" },
        &bytes[71..]
    );
    doc["proof"] = flipped.into();
    assert!(matches!(
        verify(&lender, &doc.to_string()),
        Err(ZkcredError::VerificationFailed | ZkcredError::MalformedProof { .. })
    ));
    let mut doc: serde_json::Value = serde_json::from_str(&proof).unwrap();
    doc["nullifier"] = "0x01".into();
    assert!(matches!(
        verify(&lender, &doc.to_string()),
        Err(ZkcredError::VerificationFailed | ZkcredError::Encoding { .. })
    ));

    // Expired on the lender's date.
    let late = lender.at(date("2027-02-01")).unwrap();
    assert!(matches!(
        prove(&wallet, &late),
        Err(ZkcredError::Unsatisfiable { .. })
    ));

    // A forged credential: a metric raised after signing, or for another wallet.
    let forged = credential.replace("\"years_in_business\": 7", "\"years_in_business\": 9");
    assert_ne!(forged, credential);
    assert!(matches!(
        Wallet::create().receive_credit_credential(forged),
        Err(ZkcredError::Attestation { .. })
    ));
    assert!(matches!(
        Wallet::create().receive_credit_credential(credential.clone()),
        Err(ZkcredError::Attestation { .. })
    ));
    assert!(matches!(
        wallet.receive_credit_credential(credential),
        Err(ZkcredError::Attestation { .. })
    ));

    // A provider the lender does not accept.
    let (_, rogue_wallet, _) = signed();
    assert!(matches!(
        prove(&rogue_wallet, &lender),
        Err(ZkcredError::Unsatisfiable { .. })
    ));

    // A linear scorecard is not for this path; a malformed key is refused.
    assert!(matches!(
        SuccinctCreditPolicy::new(
            "s".into(),
            "EUR".into(),
            provider.public_key(),
            SCORECARD.into()
        ),
        Err(ZkcredError::Scorecard { .. })
    ));
    assert!(matches!(
        block_on(load_scorecard_proving_key(
            vec![1, 2, 3],
            scorecard_keys().verifying_key.clone()
        )),
        Err(ZkcredError::Key { .. })
    ));
    // A valid scorecard proving key that does not fit the verifying key the
    // wallet trusts (another setup's) is refused.
    let (_, other_vk) = zkcred_credit::succinct::setup_os().unwrap();
    let other_vk = ScorecardVerifyingKey::from_bytes(other_vk.to_bytes()).unwrap();
    assert!(matches!(
        block_on(load_scorecard_proving_key(
            scorecard_keys().proving_key.to_bytes(),
            other_vk
        )),
        Err(ZkcredError::Key { .. })
    ));
}

/// The scorecard key installed once and loaded warm: it proves; a corrupted
/// file and one installed from another key are refused with `Key`.
#[test]
fn an_installed_scorecard_key_loads_warm_and_proves() {
    let vk = || Arc::clone(&scorecard_keys().verifying_key);
    let pk_bytes = scorecard_keys().proving_key.to_bytes();
    let installed = block_on(install_scorecard_proving_key(pk_bytes.clone(), vk())).unwrap();
    assert_eq!(installed.key.to_bytes(), pk_bytes);
    let stored = installed.installed_bytes;
    let warm = block_on(load_installed_scorecard_proving_key(stored.clone(), vk())).unwrap();
    let (provider, wallet, _) = signed();
    let lender = policy(&provider, BINNED);
    let proof =
        block_on(wallet.prove_credit_succinct(Arc::clone(&lender), warm, None, None)).unwrap();
    verify(&lender, &proof).unwrap();

    let mut bad = stored.clone();
    let middle = bad.len() / 2;
    bad[middle] ^= 1;
    assert!(matches!(
        block_on(load_installed_scorecard_proving_key(bad, vk())),
        Err(ZkcredError::Key { .. })
    ));
    let other = block_on(setup_development_scorecard_keys()).unwrap();
    assert!(matches!(
        block_on(load_installed_scorecard_proving_key(
            stored,
            Arc::clone(&other.verifying_key)
        )),
        Err(ZkcredError::Key { .. })
    ));
    assert!(matches!(
        block_on(install_scorecard_proving_key(pk_bytes, other.verifying_key)),
        Err(ZkcredError::Key { .. })
    ));
}

//! Every error kind of the binding, triggered the way an app would trigger
//! it with personal data and secrets around, must not show an attribute
//! value or a secret in its message (`Display`, which Kotlin and Swift get as
//! the exception message) or its `Debug`.

#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "support/kinds.rs"]
mod kinds;

use std::{collections::BTreeSet, sync::Arc};

use fixtures::{block_on, date, issued, keys, kyc, origin, over_18, text, MemoryStore, SCHEMA};
use kinds::kind;
use std::collections::HashMap;
use zkcred_ffi::{
    generate_issuer_key, generate_provider_key, load_proving_key, load_proving_key_file,
    verify_presentation, AttributeValue, CalendarDate, CreditMetrics, CreditPolicy, CreditProvider,
    IssuerSecretKey, PredicateValue, PresentationRequest, RevocationPath, VerifyingKey, Wallet,
    ZkcredError,
};

// Distinctive personal values: they cannot appear in a message by chance.
const BIRTH_DATE: &str = "1987-03-29";
const MINOR_BIRTH_DATE: &str = "2013-07-19";

#[test]
fn no_error_message_shows_attributes_or_secrets() {
    let (issuer, wallet, held) = issued(BIRTH_DATE, "PT");
    let secret_hex = hex(&wallet.export_secret());
    let store = Arc::new(MemoryStore::default());
    let wallet_json = wallet.save(store.clone(), "w".into()).unwrap();
    let credential_json = wallet.credential_json(held.id.clone()).unwrap();
    let issuer_key = generate_issuer_key().export_bytes();
    let issuer_key_hex = hex(&issuer_key);
    let restore = |json: String| Wallet::restore(json, store.clone());
    // A store holding a secret that is not canonical (every bit set).
    let bad_store = Arc::new(MemoryStore::default());
    zkcred_ffi::SecretStore::put(&*bad_store, "w".into(), vec![0xff; 32]).unwrap();
    let pk = || Arc::clone(&keys().proving_key);
    let vk = || Arc::clone(&keys().verifying_key);
    let path = || issuer.non_revocation_path(held.serial).unwrap();
    let request = over_18(&issuer);
    let presentation = block_on(Arc::clone(&wallet).prove(
        Arc::clone(&request),
        held.id.clone(),
        path(),
        pk(),
        origin(),
        None,
        None,
    ))
    .unwrap();
    let (minor_issuer, minor, minor_held) = issued(MINOR_BIRTH_DATE, "ZW");

    let missing_file = block_on(load_proving_key_file(
        "/nonexistent/presentation.pk".into(),
        vk(),
    ))
    .err()
    .unwrap();
    assert!(
        matches!(&missing_file, ZkcredError::Io { path: Some(p), .. } if p == "/nonexistent/presentation.pk"),
        "{missing_file:?}"
    );
    let mut errors: Vec<ZkcredError> = vec![
        // Json: a wallet document cut off.
        restore(wallet_json[..wallet_json.len() / 2].to_string())
            .err()
            .unwrap(),
        // Json: a credential with a quoted value where an object belongs.
        wallet
            .receive(credential_json.replace('{', "["))
            .err()
            .unwrap(),
        // UnsupportedVersion: a wallet of another version.
        restore(wallet_json.replacen("\"version\": 1", "\"version\": 7", 1))
            .err()
            .unwrap(),
        // Encoding: a secret that is not canonical, or of the wrong length.
        Wallet::restore(wallet_json.clone(), bad_store)
            .err()
            .unwrap(),
        Wallet::from_secret(wallet.export_secret()[..31].to_vec())
            .err()
            .unwrap(),
        IssuerSecretKey::from_bytes(issuer_key[..31].to_vec())
            .err()
            .unwrap(),
        // Attribute: an issuer refusing a subject.
        issuer
            .issue(
                SCHEMA.into(),
                HashMap::from([
                    ("birth_date".to_string(), text("1987-02-30")),
                    ("nationality".to_string(), text("PT")),
                ]),
                wallet.holder_commitment(),
                date("2026-01-01"),
                date("2027-01-01"),
            )
            .err()
            .unwrap(),
        issuer
            .issue(
                SCHEMA.into(),
                kyc(BIRTH_DATE, "QQ"),
                wallet.holder_commitment(),
                date("2026-01-01"),
                date("2027-01-01"),
            )
            .err()
            .unwrap(),
        issuer
            .issue(
                SCHEMA.into(),
                HashMap::from([(
                    "birth_date".to_string(),
                    AttributeValue::Date {
                        value: date(BIRTH_DATE),
                    },
                )]),
                wallet.holder_commitment(),
                date("2026-01-01"),
                date("2027-01-01"),
            )
            .err()
            .unwrap(),
        // InvalidDate: a validity date that does not exist.
        issuer
            .issue(
                SCHEMA.into(),
                kyc(BIRTH_DATE, "PT"),
                wallet.holder_commitment(),
                date("2026-01-01"),
                CalendarDate(i64::MAX),
            )
            .err()
            .unwrap(),
        // Schema.
        PresentationRequest::new(
            r#"{"schemaVersion": 1, "id": "kyc", "version": 1, "attributes": []}"#.into(),
            "s".into(),
        )
        .err()
        .unwrap(),
        // Request: a predicate over an attribute the schema lacks.
        request
            .require(
                "income".into(),
                zkcred_ffi::PredicateOp::Gte,
                PredicateValue::Int { value: 1 },
            )
            .unwrap()
            .to_json()
            .err()
            .unwrap(),
        // Credential: another holder's, a duplicate, a bad signature.
        minor.receive(credential_json.clone()).err().unwrap(),
        wallet.receive(credential_json.clone()).err().unwrap(),
        // Key: a truncated proving key, garbage verifying key.
        block_on(load_proving_key(
            keys().proving_key.to_bytes()[..5000].to_vec(),
            vk(),
        ))
        .err()
        .unwrap(),
        VerifyingKey::from_bytes(secret_hex.clone().into_bytes())
            .err()
            .unwrap(),
        // MalformedProof: a proof that is not on the curve.
        verify_presentation(Arc::clone(&request), corrupt_proof(&presentation), vk())
            .err()
            .unwrap(),
        // Unsatisfiable: the underage holder.
        block_on(Arc::clone(&minor).prove(
            over_18(&minor_issuer),
            minor_held.id.clone(),
            minor_issuer.non_revocation_path(minor_held.serial).unwrap(),
            pk(),
            origin(),
            None,
            None,
        ))
        .err()
        .unwrap(),
        // Unsatisfiable: a credential from an issuer the request does not accept.
        block_on(Arc::clone(&minor).prove(
            Arc::clone(&request),
            minor_held.id.clone(),
            minor_issuer.non_revocation_path(minor_held.serial).unwrap(),
            pk(),
            origin(),
            None,
            None,
        ))
        .err()
        .unwrap(),
        // ScopeMismatch: a request in the shop's scope from another origin
        // (the message names neither).
        block_on(Arc::clone(&wallet).prove(
            Arc::clone(&request),
            held.id.clone(),
            path(),
            pk(),
            "https://bank.example".into(),
            None,
            None,
        ))
        .err()
        .unwrap(),
        // VerificationFailed: the proof against another request.
        verify_presentation(over_18(&issuer), presentation.clone(), vk())
            .err()
            .unwrap(),
        // Revocation: revoked twice.
        {
            issuer.revoke(held.serial).unwrap();
            issuer.revoke(held.serial).err().unwrap()
        },
        // Io: a key file that is not there (the path is the app's own, and
        // now a field of the error: see below).
        missing_file,
        // Encoding: a short revocation path.
        RevocationPath::from_bytes(vec![7; 100]).err().unwrap(),
        // Metrics: a repayment rate above 100 % (the credit kinds are also
        // checked against metric values in tests/credit.rs).
        CreditProvider::new(generate_provider_key(), "bank.example".into())
            .attest(
                "EUR".into(),
                CreditMetrics {
                    annual_revenue: 1,
                    monthly_transaction_volume: 1,
                    on_time_repayment_bps: 19871,
                    outstanding_debt: 0,
                    years_in_business: 1,
                    recent_defaults: 0,
                },
                date("2026-01-01"),
                date("2027-01-01"),
            )
            .err()
            .unwrap(),
        // Attestation: an id the wallet does not hold (the secret, which must
        // not be echoed); CreditPolicy: nobody accepted.
        wallet
            .credit_attestation_json(secret_hex.clone())
            .err()
            .unwrap(),
        CreditPolicy::new("EUR".into()).to_json().err().unwrap(),
        // Scorecard: a feature over an unknown metric.
        CreditPolicy::new("EUR".into())
            .with_scorecard(
                r#"{"scorecardVersion": 1, "id": "l/s", "version": 1, "type": "linear",
                    "features": [{"metric": "birth_date", "weight": 1}], "bias": 0, "cutoff": 1}"#
                    .into(),
            )
            .err()
            .unwrap(),
    ];
    // Kinds no input reaches from outside: mapped from zkcred-core, or made
    // by the boundary itself.
    errors.push(zkcred_core::Error::Proving("synthesis failed".into()).into());
    errors.push(ZkcredError::Internal);
    errors.push(ZkcredError::Cancelled);
    // OutOfRange: a negative serial (named, not shown).
    errors.push(issuer.revoke(-19871).err().unwrap());

    let personal = [
        BIRTH_DATE,
        MINOR_BIRTH_DATE,
        "1987",
        "2013",
        "\"PT\"",
        "\"ZW\"",
        "QQ",
        "19871",
    ];
    let secrets = [
        secret_hex.as_str(),
        issuer_key_hex.as_str(),
        &secret_hex[..16],
        &issuer_key_hex[..16],
    ];
    for e in &errors {
        for shown in [e.to_string(), format!("{e:?}")] {
            for value in personal.iter().chain(secrets.iter()) {
                assert!(
                    !shown.contains(value),
                    "{} shows {value:?}: {shown}",
                    kind(e)
                );
            }
        }
    }

    let produced: BTreeSet<&str> = errors.iter().map(kind).collect();
    let all: BTreeSet<&str> = [
        "Json",
        "UnsupportedVersion",
        "Encoding",
        "InvalidDate",
        "Schema",
        "Attribute",
        "Request",
        "ScopeMismatch",
        "Credential",
        "Key",
        "MalformedProof",
        "Unsatisfiable",
        "VerificationFailed",
        "Revocation",
        "Proving",
        "Scorecard",
        "Metrics",
        "Attestation",
        "CreditPolicy",
        "Io",
        "OutOfRange",
        "Cancelled",
        "Internal",
    ]
    .into();
    assert_eq!(produced, all, "every kind is checked");
}

/// Every kind of zkcred-core's error maps to its own case.
#[test]
fn core_errors_map_to_their_cases() {
    use zkcred_core::Error as E;
    let cases: Vec<(E, &str)> = vec![
        (E::Json("x".into()), "Json"),
        (
            E::UnsupportedVersion {
                what: "wallet",
                found: 2,
                supported: 1,
            },
            "UnsupportedVersion",
        ),
        (E::Encoding("x"), "Encoding"),
        (E::NonCanonical("x"), "Encoding"),
        (E::InvalidDate, "InvalidDate"),
        (E::Schema("x".into()), "Schema"),
        (
            E::Attribute {
                name: "a".into(),
                reason: "r",
            },
            "Attribute",
        ),
        (E::Request("x".into()), "Request"),
        (E::ScopeMismatch, "ScopeMismatch"),
        (E::Credential("x"), "Credential"),
        (E::Key("x"), "Key"),
        (E::MalformedProof("x"), "MalformedProof"),
        (E::Unsatisfiable("x".into()), "Unsatisfiable"),
        (E::VerificationFailed, "VerificationFailed"),
        (
            E::Revocation(zkcred_core::revocation::RevocationError::AlreadyRevoked),
            "Revocation",
        ),
        (E::Proving("x".into()), "Proving"),
        (E::Scorecard("x".into()), "Scorecard"),
        (E::Metrics("x".into()), "Metrics"),
        (E::Attestation("x"), "Attestation"),
        (E::CreditPolicy("x".into()), "CreditPolicy"),
        (E::Io("x".into()), "Io"),
    ];
    for (core, expected) in cases {
        let text = core.to_string();
        let ffi = ZkcredError::from(core);
        assert_eq!(kind(&ffi), expected);
        assert_eq!(ffi.to_string(), text, "the message is zkcred-core's");
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The presentation with its proof's first point replaced by bytes that are
/// not a curve point.
fn corrupt_proof(presentation: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(presentation).unwrap();
    let proof = doc["proof"].as_str().unwrap().to_string();
    doc["proof"] = format!("{}{}", "ff".repeat(32), &proof[64..]).into();
    doc.to_string()
}

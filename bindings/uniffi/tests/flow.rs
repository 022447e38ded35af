//! The holder / issuer / verifier flow through the binding's API (what the
//! Kotlin and Swift clients call), and what must fail.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::sync::Arc;

use fixtures::{
    block_on, block_on_counting, date, issued, keys, origin, over_18, round_trip, SCHEMA, TODAY,
};
use zkcred_ffi::{
    install_proving_key, load_installed_proving_key, load_proving_key, load_proving_key_file,
    setup_development_keys, verify_presentation, CalendarDate, PredicateOp, PredicateValue,
    PresentationRequest, RevocationPath, VerifyingKey, Wallet, ZkcredError,
};

#[test]
fn over_18_proves_and_verifies_with_disclosure() {
    let (issuer, wallet, held) = issued("1990-05-17", "DE");
    let request = over_18(&issuer).disclose("nationality".into());
    let sent = PresentationRequest::from_json(request.to_json().unwrap()).unwrap();
    assert_eq!(
        wallet.matching(Arc::clone(&sent)).unwrap(),
        vec![held.clone()]
    );
    let path = issuer.non_revocation_path(held.serial).unwrap();
    let (presentation, polls) = block_on_counting(Arc::clone(&wallet).prove(
        sent,
        held.id.clone(),
        path,
        Arc::clone(&keys().proving_key),
        origin(),
        None,
        None,
    ));
    let presentation = presentation.unwrap();
    // Pending at first: the proof ran on the worker thread, not in `poll`.
    assert!(polls >= 2, "polled {polls} times");
    // The proof and nullifier are hex, so neither a dash nor a letter past
    // `f` occurs by chance: these two checks cannot pass or fail randomly.
    assert!(!presentation.contains("1990-05-17"));
    assert!(!presentation.contains("birth_date"));
    let json: serde_json::Value = serde_json::from_str(&presentation).unwrap();
    let mut fields: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "disclosed",
            "issuer",
            "nullifier",
            "proof",
            "type",
            "version"
        ]
    );
    let verified =
        verify_presentation(request, presentation, Arc::clone(&keys().verifying_key)).unwrap();
    assert_eq!(verified.issuer, issuer.public_key());
    assert_eq!(verified.disclosed_json, r#"{"nationality":"DE"}"#);
}

#[test]
fn keys_round_trip_through_bytes() {
    let pk_bytes = keys().proving_key.to_bytes();
    let vk = || Arc::clone(&keys().verifying_key);
    let pk = block_on(load_proving_key(pk_bytes.clone(), vk())).unwrap();
    assert_eq!(pk.to_bytes(), pk_bytes);
    let vk_bytes = keys().verifying_key.to_bytes();
    assert_eq!(pk.verifying_key().unwrap().to_bytes(), vk_bytes);
    assert_eq!(
        VerifyingKey::from_bytes(vk_bytes.clone())
            .unwrap()
            .to_bytes(),
        vk_bytes
    );
    let mut bad = pk_bytes;
    bad.truncate(bad.len() - 1);
    assert!(matches!(
        block_on(load_proving_key(bad, vk())),
        Err(ZkcredError::Key { .. })
    ));
}

#[test]
fn wallet_exports_and_imports() {
    let (_, wallet, held) = issued("1990-05-17", "DE");
    // The schema label, not the credential's `urn:zkcred:schema:` id.
    assert_eq!(held.schema, "kyc-basic@1");
    let restored = round_trip(&wallet);
    assert_eq!(restored.holder_commitment(), wallet.holder_commitment());
    assert_eq!(restored.credentials().unwrap(), vec![held.clone()]);
    assert_eq!(
        restored.credential_json(held.id.clone()).unwrap(),
        wallet.credential_json(held.id).unwrap()
    );
    let secret = wallet.export_secret();
    assert_eq!(secret.len(), 32);
    let from_secret = Wallet::from_secret(secret).unwrap();
    assert_eq!(from_secret.holder_commitment(), wallet.holder_commitment());
    assert!(from_secret.credentials().unwrap().is_empty());
    assert!(matches!(
        Wallet::from_secret(vec![0xff; 32]),
        Err(ZkcredError::Encoding { .. })
    ));
    assert!(matches!(
        Wallet::from_secret(vec![1; 31]),
        Err(ZkcredError::Encoding { .. })
    ));
    assert_ne!(
        Wallet::create().holder_commitment(),
        wallet.holder_commitment()
    );
}

#[test]
fn underage_holder_is_refused() {
    let (issuer, wallet, held) = issued("2010-06-02", "FR");
    let request = over_18(&issuer);
    assert!(wallet.matching(Arc::clone(&request)).unwrap().is_empty());
    let path = issuer.non_revocation_path(held.serial).unwrap();
    let refused = block_on(wallet.prove(
        request,
        held.id,
        path,
        Arc::clone(&keys().proving_key),
        origin(),
        None,
        None,
    ));
    match refused {
        // Point 2 of the mobile issue: the failing predicate's position and
        // attribute are fields, so an app can say "you must be 18" without
        // parsing the message.
        Err(ZkcredError::Unsatisfiable {
            predicate_index,
            attribute,
            reason,
        }) => {
            assert_eq!(predicate_index, Some(0));
            assert_eq!(attribute.as_deref(), Some("birth_date"));
            assert!(
                reason.contains("birth_date") && !reason.contains("2010"),
                "{reason}"
            )
        }
        other => panic!("expected Unsatisfiable, got {other:?}"),
    }
}

#[test]
fn tampered_or_replayed_presentations_are_rejected() {
    let (issuer, wallet, held) = issued("1990-05-17", "DE");
    let request = over_18(&issuer);
    let path = issuer.non_revocation_path(held.serial).unwrap();
    let presentation = block_on(Arc::clone(&wallet).prove(
        Arc::clone(&request),
        held.id,
        path,
        Arc::clone(&keys().proving_key),
        origin(),
        None,
        None,
    ))
    .unwrap();
    let vk = || Arc::clone(&keys().verifying_key);
    verify_presentation(Arc::clone(&request), presentation.clone(), vk()).unwrap();

    let tampered = fixtures::tamper_nullifier(&presentation);
    assert!(matches!(
        verify_presentation(Arc::clone(&request), tampered, vk()),
        Err(ZkcredError::VerificationFailed)
    ));
    // The same proof against a fresh request (another challenge).
    let replay = over_18(&issuer);
    assert!(matches!(
        verify_presentation(replay, presentation.clone(), vk()),
        Err(ZkcredError::VerificationFailed)
    ));
    // Another scope.
    let other_scope = PresentationRequest::from_json(
        request
            .to_json()
            .unwrap()
            .replace("shop.example/age-gate", "bank.example/kyc"),
    )
    .unwrap();
    assert!(matches!(
        verify_presentation(other_scope, presentation, vk()),
        Err(ZkcredError::VerificationFailed)
    ));
}

#[test]
fn revoked_credential_cannot_prove() {
    let (issuer, wallet, held) = issued("1990-05-17", "DE");
    let old_path = issuer.non_revocation_path(held.serial).unwrap();
    let bytes = old_path.to_bytes().unwrap();
    assert_eq!(bytes.len(), 1536);
    assert_eq!(
        RevocationPath::from_bytes(bytes.clone())
            .unwrap()
            .to_bytes()
            .unwrap(),
        bytes
    );
    assert!(matches!(
        RevocationPath::from_bytes(bytes[1..].to_vec()),
        Err(ZkcredError::Encoding { .. })
    ));
    issuer.revoke(held.serial).unwrap();
    assert!(matches!(
        issuer.non_revocation_path(held.serial),
        Err(ZkcredError::Revocation { .. })
    ));
    assert!(matches!(
        issuer.revoke(held.serial),
        Err(ZkcredError::Revocation { .. })
    ));
    let request = over_18(&issuer);
    let refused = block_on(wallet.prove(
        request,
        held.id,
        old_path,
        Arc::clone(&keys().proving_key),
        origin(),
        None,
        None,
    ));
    assert!(
        matches!(refused, Err(ZkcredError::Unsatisfiable { .. })),
        "{refused:?}"
    );
}

#[test]
fn wallet_refuses_foreign_duplicate_and_unknown_credentials() {
    let (issuer, wallet, held) = issued("1990-05-17", "DE");
    let json = wallet.credential_json(held.id.clone()).unwrap();
    assert!(matches!(
        wallet.receive(json.clone()),
        Err(ZkcredError::Credential { .. })
    ));
    assert!(matches!(
        Wallet::create().receive(json),
        Err(ZkcredError::Credential { .. })
    ));
    assert!(matches!(
        wallet.credential_json("urn:nothing".into()),
        Err(ZkcredError::Credential { .. })
    ));
    let path = issuer.non_revocation_path(held.serial).unwrap();
    let unknown = block_on(wallet.prove(
        over_18(&issuer),
        "urn:nothing".into(),
        path,
        Arc::clone(&keys().proving_key),
        origin(),
        None,
        None,
    ));
    assert!(matches!(unknown, Err(ZkcredError::Credential { .. })));
}

#[test]
fn requests_refuse_bad_parts() {
    let request = PresentationRequest::new(SCHEMA.into(), "s".into()).unwrap();
    assert!(matches!(
        request.at(CalendarDate(i64::MAX)),
        Err(ZkcredError::InvalidDate { .. })
    ));
    // A day before year 0 in an operand.
    assert!(matches!(
        request.require(
            "birth_date".into(),
            PredicateOp::Gte,
            PredicateValue::Date {
                value: CalendarDate(-800_000)
            }
        ),
        Err(ZkcredError::InvalidDate { .. })
    ));
    assert!(matches!(
        request.accept_issuer("00".into(), "0x00".into()),
        Err(ZkcredError::Encoding { .. })
    ));
    assert!(matches!(
        PresentationRequest::new("{}".into(), "s".into()),
        Err(ZkcredError::Json { .. } | ZkcredError::Schema { .. })
    ));
    // An operand of the wrong type is found when the request compiles.
    let bad = request
        .require(
            "birth_date".into(),
            PredicateOp::AgeAtLeast,
            PredicateValue::Text {
                value: "eighteen".into(),
            },
        )
        .unwrap();
    assert!(
        matches!(bad.to_json(), Err(ZkcredError::Request { .. })),
        "{:?}",
        bad.to_json()
    );
    assert_eq!(request.scope(), "s");
    let _ = TODAY;
}

#[test]
fn a_request_scoped_to_another_origin_is_refused_before_proving() {
    let (issuer, wallet, held) = issued("1990-05-17", "DE");
    let request = over_18(&issuer);
    assert_eq!(request.scope(), "https://shop.example/age-gate");
    let prove = |request: Arc<PresentationRequest>, origin: &str| {
        block_on(Arc::clone(&wallet).prove(
            request,
            held.id.clone(),
            issuer.non_revocation_path(held.serial).unwrap(),
            Arc::clone(&keys().proving_key),
            origin.into(),
            None,
            None,
        ))
    };
    // The app verified another origin than the one the request's scope names:
    // another site, a longer host, another port or scheme.
    for other in [
        "https://bank.example",
        "https://shop.example.evil.com",
        "https://shop.example:8443",
        "http://localhost:8080",
    ] {
        match prove(Arc::clone(&request), other) {
            Err(ZkcredError::ScopeMismatch { reason: why }) => {
                assert!(
                    !why.contains("example") && !why.contains("localhost"),
                    "{why}"
                )
            }
            refused => panic!("{other}: expected ScopeMismatch, got {refused:?}"),
        }
    }
    // A request asking for another site's scope, from the verified origin.
    let borrowed = PresentationRequest::from_json(
        request
            .to_json()
            .unwrap()
            .replace("https://shop.example/age-gate", "https://bank.example/kyc"),
    )
    .unwrap();
    assert!(matches!(
        prove(borrowed, "https://shop.example"),
        Err(ZkcredError::ScopeMismatch { .. })
    ));
    // A scope that is no origin at all (the pre-binding style).
    let bare = PresentationRequest::new(SCHEMA.into(), "shop.example/age-gate".into())
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
        .unwrap();
    assert!(matches!(
        prove(bare, "https://shop.example"),
        Err(ZkcredError::ScopeMismatch { .. })
    ));
    // An origin that is not a serialised web origin.
    for bad in [
        "",
        "shop.example",
        "https://shop.example/",
        "https://SHOP.example",
    ] {
        assert!(
            matches!(
                prove(Arc::clone(&request), bad),
                Err(ZkcredError::Encoding { .. })
            ),
            "{bad:?}"
        );
    }
    // The verified origin itself proves.
    let presentation = prove(Arc::clone(&request), "https://shop.example").unwrap();
    verify_presentation(request, presentation, Arc::clone(&keys().verifying_key)).unwrap();
}

#[test]
fn a_proving_key_that_does_not_fit_the_verifying_key_is_refused() {
    let vk = || Arc::clone(&keys().verifying_key);
    let pk_bytes = keys().proving_key.to_bytes();
    // The prover's beta_1 and delta_1 follow the embedded verifying key:
    // swapped, every point still parses, but the key no longer fits.
    let at = keys().verifying_key.to_bytes().len();
    let mut unfit = pk_bytes.clone();
    unfit[at..at + 64].rotate_left(32);
    assert_ne!(unfit, pk_bytes);
    zkcred_core::keys::ProvingKey::from_bytes(&unfit).expect("parses unchecked");
    assert!(matches!(
        block_on(load_proving_key(unfit.clone(), vk())),
        Err(ZkcredError::Key { .. })
    ));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("presentation.pk");
    std::fs::write(&file, &unfit).unwrap();
    let path = file.to_str().unwrap().to_string();
    assert!(matches!(
        block_on(load_proving_key_file(path.clone(), vk())),
        Err(ZkcredError::Key { .. })
    ));
    // The genuine key loads from the same file.
    std::fs::write(&file, &pk_bytes).unwrap();
    let loaded = block_on(load_proving_key_file(path, vk())).unwrap();
    assert_eq!(loaded.to_bytes(), pk_bytes);
}

/// What an app does on its first start (install the downloaded key, store
/// the installed form) and on every later one (load the installed form);
/// a corrupted file and one installed from another key are refused with
/// `Key`, another format version with `UnsupportedVersion`.
#[test]
fn an_installed_proving_key_loads_warm_and_proves() {
    let vk = || Arc::clone(&keys().verifying_key);
    let pk_bytes = keys().proving_key.to_bytes();
    let installed = block_on(install_proving_key(pk_bytes.clone(), vk())).unwrap();
    assert_eq!(installed.key.to_bytes(), pk_bytes);
    let stored = installed.installed_bytes;
    let warm = block_on(load_installed_proving_key(stored.clone(), vk())).unwrap();
    assert_eq!(warm.to_bytes(), pk_bytes);

    let (issuer, wallet, held) = issued("1990-05-17", "DE");
    let request = over_18(&issuer);
    let presentation = block_on(wallet.prove(
        Arc::clone(&request),
        held.id,
        issuer.non_revocation_path(held.serial).unwrap(),
        warm,
        origin(),
        None,
        None,
    ))
    .unwrap();
    verify_presentation(request, presentation, vk()).unwrap();

    for at in [0, 30, 70, stored.len() / 2, stored.len() - 1] {
        let mut bad = stored.clone();
        bad[at] ^= 1;
        assert!(
            matches!(
                block_on(load_installed_proving_key(bad, vk())),
                Err(ZkcredError::Key { .. })
            ),
            "byte {at}"
        );
    }
    let mut newer = stored.clone();
    newer[8] = 99;
    assert!(matches!(
        block_on(load_installed_proving_key(newer, vk())),
        Err(ZkcredError::UnsupportedVersion { .. })
    ));
    assert!(matches!(
        block_on(load_installed_proving_key(
            stored[..stored.len() - 1].to_vec(),
            vk()
        )),
        Err(ZkcredError::Key { .. })
    ));

    // Another key pair: its installed form is not ours, ours is not
    // trusted under its verifying key, and our key does not install
    // against it.
    let other = block_on(setup_development_keys()).unwrap();
    let theirs = block_on(install_proving_key(
        other.proving_key.to_bytes(),
        Arc::clone(&other.verifying_key),
    ))
    .unwrap()
    .installed_bytes;
    assert!(matches!(
        block_on(load_installed_proving_key(theirs, vk())),
        Err(ZkcredError::Key { .. })
    ));
    assert!(matches!(
        block_on(load_installed_proving_key(
            stored,
            Arc::clone(&other.verifying_key)
        )),
        Err(ZkcredError::Key { .. })
    ));
    assert!(matches!(
        block_on(install_proving_key(pk_bytes, other.verifying_key)),
        Err(ZkcredError::Key { .. })
    ));
}

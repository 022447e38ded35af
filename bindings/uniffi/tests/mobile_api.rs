//! The mobile API of issue #15: progress and cancellation of a proof, the
//! wallet's secret kept in the app's secret store, the issuer key as an
//! object, signed numbers with range checks.
#[path = "support/fixtures.rs"]
mod fixtures;

use std::sync::{Arc, Mutex};

use fixtures::{block_on, issued, keys, origin, over_18, MemoryStore};
use zkcred_ffi::{
    generate_issuer_key, CancellationToken, ProofProgress, ProofStage, SecretStore, Wallet,
    ZkcredError,
};

/// Records the stages; cancels `token` when `cancel_at` starts.
struct Stages {
    seen: Mutex<Vec<ProofStage>>,
    cancel_at: Option<(ProofStage, Arc<CancellationToken>)>,
}

impl ProofProgress for Stages {
    fn on_stage(&self, stage: ProofStage) {
        self.seen.lock().unwrap().push(stage);
        if let Some((at, token)) = &self.cancel_at {
            if *at == stage {
                token.cancel();
            }
        }
    }
}

fn prove_with(
    progress: Arc<Stages>,
    cancel: Option<Arc<CancellationToken>>,
) -> Result<String, ZkcredError> {
    let (issuer, wallet, held) = issued("1990-05-17", "DE");
    block_on(wallet.prove(
        over_18(&issuer),
        held.id,
        issuer.non_revocation_path(held.serial).unwrap(),
        Arc::clone(&keys().proving_key),
        origin(),
        Some(progress),
        cancel,
    ))
}

#[test]
fn progress_reports_every_stage_in_order() {
    let stages = Arc::new(Stages {
        seen: Mutex::new(Vec::new()),
        cancel_at: None,
    });
    prove_with(Arc::clone(&stages), None).unwrap();
    use ProofStage::*;
    assert_eq!(
        *stages.seen.lock().unwrap(),
        [Checking, Witness, Msm, Verify, Done]
    );
}

#[test]
fn a_cancelled_proof_stops_at_its_next_stage_with_cancelled() {
    for at in [ProofStage::Checking, ProofStage::Witness, ProofStage::Msm] {
        let token = CancellationToken::new();
        let stages = Arc::new(Stages {
            seen: Mutex::new(Vec::new()),
            cancel_at: Some((at, Arc::clone(&token))),
        });
        let out = prove_with(Arc::clone(&stages), Some(token));
        assert!(
            matches!(out, Err(ZkcredError::Cancelled)),
            "{at:?}: {out:?}"
        );
        // Nothing is reported after the stage that cancelled.
        assert_eq!(stages.seen.lock().unwrap().last(), Some(&at));
    }
}

#[test]
fn the_saved_wallet_has_no_secret_and_restores_with_the_store() {
    let (_, wallet, held) = issued("1990-05-17", "DE");
    let secret: String = wallet
        .export_secret()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let store = Arc::new(MemoryStore::default());
    let json = wallet.save(store.clone(), "zkcred.main".into()).unwrap();
    assert!(!json.contains(&secret) && !json.contains(&secret[..16]));
    assert_eq!(
        store.get("zkcred.main".into()).unwrap(),
        Some(wallet.export_secret())
    );
    let restored = Wallet::restore(json.clone(), store).unwrap();
    assert_eq!(restored.holder_commitment(), wallet.holder_commitment());
    assert_eq!(restored.credentials().unwrap()[0].id, held.id);
    // Without the secret in the store: a typed error, not a new identity.
    assert!(matches!(
        Wallet::restore(json, Arc::new(MemoryStore::default())),
        Err(ZkcredError::Io { .. })
    ));
}

#[test]
fn the_issuer_key_is_an_object_that_never_shows_its_bytes() {
    let key = generate_issuer_key();
    let bytes = key.export_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    assert!(!format!("{key:?}").contains(&hex[..8]));
    let again = zkcred_ffi::IssuerSecretKey::from_bytes(bytes).unwrap();
    assert_eq!(again.public_key(), key.public_key());
}

#[test]
fn negative_or_too_large_serials_are_out_of_range() {
    let (issuer, _, _) = issued("1990-05-17", "DE");
    for serial in [-1, i64::from(u32::MAX) + 1] {
        assert!(matches!(
            issuer.non_revocation_path(serial),
            Err(ZkcredError::OutOfRange { ref field, .. }) if field == "serial"
        ));
    }
}

/// A loaded key tells where it comes from (issue #13): a development key,
/// and the same verifying key with a version-2 header naming a zkey hash.
#[test]
fn a_key_tells_where_it_comes_from() {
    let pair = keys();
    assert_eq!(
        pair.proving_key.origin(),
        zkcred_ffi::KeyOrigin::Development
    );
    assert_eq!(
        pair.verifying_key.origin(),
        zkcred_ffi::KeyOrigin::Development
    );
    let v1 = pair.verifying_key.to_bytes();
    let mut v2 = v1[..8].to_vec();
    v2.extend_from_slice(&zkcred_core::keys::KEY_FORMAT_VERSION_CEREMONY.to_le_bytes());
    v2.extend_from_slice(&v1[10..26]);
    v2.extend_from_slice(&[0xab; 64]);
    v2.extend_from_slice(&v1[26..]);
    let ceremony = zkcred_ffi::VerifyingKey::from_bytes(v2).unwrap();
    assert_eq!(
        ceremony.origin(),
        zkcred_ffi::KeyOrigin::Ceremony {
            zkey_blake2b: "ab".repeat(64)
        }
    );
}

/// A request naming its verifying key (`vkHash`, issue #13): written in the
/// request's JSON; a request naming another key is refused with `Key`.
#[test]
fn a_request_naming_another_verifying_key_is_refused() {
    let (issuer, wallet, held) = issued("1990-05-17", "DE");
    let named = over_18(&issuer).for_verifying_key(Arc::clone(&keys().verifying_key));
    let json = named.to_json().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["vkHash"].as_str().map(str::len), Some(43), "{json}");
    v["vkHash"] = serde_json::json!("A".repeat(43));
    let other = zkcred_ffi::PresentationRequest::from_json(v.to_string()).unwrap();
    let r = block_on(wallet.prove(
        other,
        held.id,
        issuer.non_revocation_path(held.serial).unwrap(),
        Arc::clone(&keys().proving_key),
        origin(),
        None,
        None,
    ));
    assert!(matches!(r, Err(ZkcredError::Key { .. })), "{r:?}");
}

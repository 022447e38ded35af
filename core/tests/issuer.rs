//! The issuer over its SQLite registry: serials are handed out once, even
//! across reopening; revocations persist; credentials verify against their
//! schema and fail against another.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::*;
use zkcred_core::{
    date::Date,
    holder::HolderSecret,
    issuer::{Issuer, IssuerKey},
    schema::Schema,
    Credential, Error,
};

#[test]
fn serials_are_never_reused_and_revocations_persist_across_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let key = [0x42; 32];
    let secret = HolderSecret::generate(&mut rng(1));
    let until = Date::from_days(today().days() + 30).unwrap();
    let (first, root) = {
        let mut issuer = Issuer::open(IssuerKey::from_bytes(key), &db).unwrap();
        let a = issuer
            .issue(
                &schema(),
                subject("1990-01-01", "DE", 1),
                secret.commitment(),
                today(),
                until,
            )
            .unwrap();
        let b = issuer
            .issue(
                &schema(),
                subject("1991-01-01", "FR", 1),
                secret.commitment(),
                today(),
                until,
            )
            .unwrap();
        assert_eq!((a.serial(), b.serial()), (0, 1));
        issuer.revoke(b.serial()).unwrap();
        assert!(matches!(
            issuer.revoke(b.serial()),
            Err(Error::Revocation(_))
        ));
        (a, issuer.revocation_root().unwrap())
    };
    let mut issuer = Issuer::open(IssuerKey::from_bytes(key), &db).unwrap();
    assert_eq!(issuer.revocation_root().unwrap(), root);
    assert!(issuer.non_revocation_path(1).is_err());
    assert!(issuer.non_revocation_path(first.serial()).unwrap().verify(
        root,
        0,
        zkcred_core::Fr::from(0u64)
    ));
    let c = issuer
        .issue(
            &schema(),
            subject("1992-01-01", "IT", 1),
            secret.commitment(),
            today(),
            until,
        )
        .unwrap();
    assert_eq!(c.serial(), 2);
}

#[test]
fn credentials_round_trip_and_bind_schema_and_issuer() {
    let (_, _, credential) = setup_holder(7, subject("1990-05-17", "DE", 2));
    let back = Credential::from_json(&credential.to_json()).unwrap();
    assert_eq!(back, credential);
    let (issuer, data, _) = back.verify(&schema()).unwrap();
    assert_eq!(issuer, credential.issuer_key().unwrap());
    assert_eq!(data.serial, credential.serial());
    // Another schema (one attribute renamed) is refused.
    let other = Schema::from_json(&SCHEMA.replace("kyc_level", "level")).unwrap();
    assert!(matches!(back.verify(&other), Err(Error::Credential(_))));
    // Another issuer named in the credential: the signature no longer verifies.
    let mut stolen = credential.clone();
    let thief = IssuerKey::generate(&mut rng(8)).public_key().to_hex();
    let old = credential.issuer_key().unwrap().to_hex();
    let swap = |s: &str| s.replace(&old, &thief);
    stolen.issuer = swap(&stolen.issuer);
    stolen.id = swap(&stolen.id);
    stolen.credential_status.id = swap(&stolen.credential_status.id);
    stolen.proof.verification_method = swap(&stolen.proof.verification_method);
    assert!(matches!(
        stolen.verify(&schema()),
        Err(Error::Credential("the signature does not verify"))
    ));
    // Dates outside validity order are refused at issuance.
    let mut issuer = Issuer::in_memory(IssuerKey::generate(&mut rng(9))).unwrap();
    let r = issuer.issue(
        &schema(),
        subject("1990-05-17", "DE", 2),
        zkcred_core::Fr::from(1u64),
        today(),
        Date::from_days(today().days() - 1).unwrap(),
    );
    assert!(matches!(r, Err(Error::Credential(_))));
}

#[test]
fn secrets_do_not_print() {
    let key = IssuerKey::from_bytes([0xAB; 32]);
    let secret = HolderSecret::from_bytes(&[0x01; 32]).unwrap();
    let shown = format!("{key:?} {secret:?}");
    assert!(!shown.to_lowercase().contains(&"ab".repeat(8)), "{shown}");
    assert!(!shown.contains(&"01".repeat(8)), "{shown}");
    assert_eq!(format!("{secret:?}"), "HolderSecret(..)");
    assert_eq!(secret, HolderSecret::from_bytes(&[0x01; 32]).unwrap());
    assert_ne!(secret, HolderSecret::from_bytes(&[0x02; 32]).unwrap());
}

#[test]
fn an_issuer_revokes_only_serials_it_issued_unless_forced() {
    use zkcred_core::revocation::RevocationError;
    let mut issuer = Issuer::in_memory(IssuerKey::from_bytes([0x07; 32])).unwrap();
    let until = Date::from_days(today().days() + 30).unwrap();
    let credential = issuer
        .issue(
            &schema(),
            subject("1990-01-01", "DE", 1),
            zkcred_core::Fr::from(1u64),
            today(),
            until,
        )
        .unwrap();
    assert_eq!(credential.serial(), 0);
    let root = issuer.revocation_root().unwrap();
    assert!(matches!(
        issuer.revoke(1),
        Err(Error::Revocation(RevocationError::NotIssued))
    ));
    assert_eq!(issuer.revocation_root().unwrap(), root);
    issuer.revoke(0).unwrap();
    issuer.revoke_any(1).unwrap();
    assert!(issuer.registry().is_revoked(1).unwrap());
}

#[test]
fn a_registry_belongs_to_one_issuer_key() {
    use zkcred_core::revocation::{RevocationError, RevocationRegistry};
    let mismatch = |r: zkcred_core::Result<Issuer>| {
        matches!(
            r.map(|_| ()),
            Err(Error::Revocation(RevocationError::IssuerMismatch))
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let (a, b) = ([0x0a; 32], [0x0b; 32]);
    drop(Issuer::open(IssuerKey::from_bytes(a), &db).unwrap());
    assert!(mismatch(Issuer::open(IssuerKey::from_bytes(b), &db)));
    assert!(mismatch(Issuer::open_existing(
        IssuerKey::from_bytes(b),
        &db
    )));
    drop(Issuer::open_existing(IssuerKey::from_bytes(a), &db).unwrap());
    assert_eq!(
        RevocationRegistry::open_read_only(&db).unwrap().issuer(),
        Some(IssuerKey::from_bytes(a).public_key())
    );
    // Nothing is created for a missing registry.
    let missing = dir.path().join("typo.db");
    assert!(matches!(
        Issuer::open_existing(IssuerKey::from_bytes(a), &missing).map(|_| ()),
        Err(Error::Revocation(RevocationError::Missing))
    ));
    assert!(!missing.exists());
    // A registry from before keys were recorded is bound on first use.
    let old = dir.path().join("old.db");
    drop(RevocationRegistry::open(&old).unwrap());
    drop(Issuer::open_existing(IssuerKey::from_bytes(b), &old).unwrap());
    assert!(mismatch(Issuer::open(IssuerKey::from_bytes(a), &old)));
}

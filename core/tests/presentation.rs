//! End-to-end presentations: completeness over random credentials and
//! requests, and soundness: every false statement is refused by the holder or
//! rejected by the verifier, and where the holder refuses, a proof forced
//! through with the bad witness does not verify.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::*;
use rand::{seq::SliceRandom, Rng};
use serde_json::json;
use zkcred_core::{
    date::Date,
    holder::{self, HolderSecret},
    issuer::{Issuer, IssuerKey},
    presentation::Proof,
    request::{Op, PresentationRequest},
    verifier, Error, ErrorKind, Presentation,
};

const EU: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

fn request_for(issuer: &Issuer) -> PresentationRequest {
    PresentationRequest::new(schema(), "shop.example/age-gate")
        .accept_issuer(
            &issuer.key().public_key(),
            issuer.revocation_root().unwrap(),
        )
        .at(today())
}

fn over_18_in_eu(issuer: &Issuer) -> PresentationRequest {
    request_for(issuer)
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .require("nationality", Op::In, json!(EU))
}

fn assert_rejected<T: std::fmt::Debug>(r: zkcred_core::Result<T>) {
    assert!(
        matches!(r, Err(Error::VerificationFailed)),
        "expected VerificationFailed, got {r:?}"
    );
}

fn assert_refused<T: std::fmt::Debug>(r: zkcred_core::Result<T>, needle: &str) {
    match r {
        Err(Error::Unsatisfiable(why)) => assert!(
            why.contains(needle),
            "refusal `{why}` should mention `{needle}`"
        ),
        other => panic!("expected Unsatisfiable({needle}), got {other:?}"),
    }
}

#[test]
fn honest_presentation_verifies_and_discloses_only_what_was_asked() {
    let (pk, vk) = keys();
    let (issuer, secret, credential) = setup_holder(1, subject("1990-05-17", "DE", 2));
    let request = over_18_in_eu(&issuer).disclose("kyc_level");
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let p = holder::prove_with_rng(&request, &credential, &secret, &path, pk, &mut rng(9)).unwrap();
    let v = verifier::verify(&request, &p, vk).unwrap();
    assert_eq!(v.disclosed.len(), 1);
    assert_eq!(v.disclosed["kyc_level"], json!(2));
    assert_eq!(
        v.nullifier,
        zkcred_core::encoding::fr_to_hex(&secret.nullifier("shop.example/age-gate").unwrap())
    );
    // The envelope round-trips through both encodings and still verifies.
    let compiled = request.compile().unwrap();
    let bytes = p.to_bytes(&compiled.disclosed).unwrap();
    assert!(
        bytes.len() < 256,
        "binary presentation is {} bytes",
        bytes.len()
    );
    let back = Presentation::from_bytes(&bytes, &compiled.disclosed).unwrap();
    assert_eq!(back, p);
    // The binary form's count is one byte: more is refused, not wrapped.
    let mut many = p.clone();
    for i in 0..256 {
        many.disclosed.insert(format!("a{i}"), json!(i));
    }
    assert!(matches!(
        many.to_bytes(&compiled.disclosed),
        Err(Error::Encoding(_))
    ));
    verifier::verify(
        &request,
        &Presentation::from_json(&p.to_json()).unwrap(),
        vk,
    )
    .unwrap();
}

#[test]
fn completeness_over_random_credentials_and_requests() {
    let (pk, vk) = keys();
    let mut r = rng(42);
    let countries = ["DE", "FR", "IT", "US", "JP", "BR", "NG", "PL"];
    for round in 0..3 {
        let birth = Date::from_days(r.gen_range(-20_000..12_000)).unwrap();
        let nationality = *countries.choose(&mut r).unwrap();
        let level: u64 = r.gen_range(0..10);
        let (issuer, secret, credential) =
            setup_holder(100 + round, subject(&birth.to_string(), nationality, level));
        // Predicates chosen to hold, with random operators.
        let age = (today().days() - birth.days()) / 366;
        let mut request = request_for(&issuer)
            .require("birth_date", Op::AgeAtLeast, json!(age.max(0)))
            .require(
                "kyc_level",
                *[Op::Gte, Op::Lte, Op::Eq].choose(&mut r).unwrap(),
                json!(level),
            )
            .require(
                "kyc_level",
                Op::Between,
                json!([level.saturating_sub(1), level + 1]),
            )
            .require("kyc_level", Op::Neq, json!(level + 1))
            .require("kyc_level", Op::Lt, json!(level + 1))
            .require("nationality", Op::In, json!(countries))
            .require("residence", Op::NotIn, json!(["KP", "IR"]))
            .require("full_name", Op::Eq, json!("Ada Lovelace"));
        if r.gen_bool(0.5) {
            request = request.disclose("nationality");
        }
        let path = issuer.non_revocation_path(credential.serial()).unwrap();
        let p = holder::prove_with_rng(&request, &credential, &secret, &path, pk, &mut r).unwrap();
        verifier::verify(&request, &p, vk).unwrap();
    }
}

#[test]
fn verifier_rejects_changed_challenge_scope_date_root_nullifier_and_disclosure() {
    let (pk, vk) = keys();
    let (mut issuer, secret, credential) = setup_holder(2, subject("1990-05-17", "DE", 2));
    let request = over_18_in_eu(&issuer).disclose("nationality");
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let p = holder::prove_with_rng(&request, &credential, &secret, &path, pk, &mut rng(3)).unwrap();
    verifier::verify(&request, &p, vk).unwrap();

    // Another challenge (a replay), another scope, another day.
    assert_rejected(verifier::verify(
        &PresentationRequest {
            challenge: zkcred_core::request::fresh_challenge(),
            ..request.clone()
        },
        &p,
        vk,
    ));
    assert_rejected(verifier::verify(
        &PresentationRequest {
            scope: "bank.example".into(),
            ..request.clone()
        },
        &p,
        vk,
    ));
    assert_rejected(verifier::verify(
        &request.clone().at(Date::parse("2026-11-24").unwrap()),
        &p,
        vk,
    ));
    // Another policy: a different age, an extra predicate, no disclosure.
    let mut stricter = request.clone();
    stricter.predicates[0].value = json!(19);
    assert_rejected(verifier::verify(&stricter, &p, vk));
    assert_rejected(verifier::verify(
        &request.clone().require("kyc_level", Op::Gte, json!(1)),
        &p,
        vk,
    ));
    // Another revocation root (the issuer revoked someone since).
    issuer.revoke_any(credential.serial() + 1).unwrap(); // never issued
    let mut new_root = request.clone();
    new_root.accepted_issuers[0].revocation_root =
        zkcred_core::encoding::fr_to_hex(&issuer.revocation_root().unwrap());
    assert_rejected(verifier::verify(&new_root, &p, vk));
    // Changed envelope: nullifier, disclosed value, issuer.
    assert_rejected(verifier::verify(
        &request,
        &Presentation {
            nullifier: p.nullifier + zkcred_core::Fr::from(1u64),
            ..p.clone()
        },
        vk,
    ));
    let mut lie = p.clone();
    lie.disclosed.insert("nationality".into(), json!("FR"));
    assert_rejected(verifier::verify(&request, &lie, vk));
    let mut hidden = p.clone();
    hidden.disclosed.clear();
    assert_rejected(verifier::verify(&request, &hidden, vk));
    let other = IssuerKey::generate(&mut rng(77)).public_key().to_hex();
    assert_rejected(verifier::verify(
        &request,
        &Presentation {
            issuer: other,
            ..p.clone()
        },
        vk,
    ));
    // Tampered proof bytes: every byte position, flipped, fails to parse or to verify.
    let bytes = p.proof.to_bytes();
    for i in (0..bytes.len()).step_by(7) {
        let mut t = bytes;
        t[i] ^= 0x10;
        match Proof::from_bytes(&t) {
            Err(Error::MalformedProof(_)) => {}
            Err(e) => panic!("unexpected error {e}"),
            Ok(proof) => assert_rejected(verifier::verify(
                &request,
                &Presentation { proof, ..p.clone() },
                vk,
            )),
        }
    }
}

/// The holder refuses, and a proof forced through with the same witness does
/// not verify.
fn refused_and_forced_fails(
    request: &PresentationRequest,
    credential: &zkcred_core::Credential,
    secret: &HolderSecret,
    path: &zkcred_core::MerklePath,
    needle: &str,
) {
    let (pk, vk) = keys();
    assert_refused(
        holder::prove_with_rng(request, credential, secret, path, pk, &mut rng(5)),
        needle,
    );
    let forced = holder::prove_unchecked(request, credential, secret, path, pk, &mut rng(6))
        .expect("forced proof");
    assert_rejected(verifier::verify(request, &forced, vk));
}

#[test]
fn failing_predicates_are_refused_and_cannot_be_forced() {
    let (issuer, secret, credential) = setup_holder(3, subject("2010-02-28", "US", 1));
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let cases: Vec<(&str, Op, serde_json::Value)> = vec![
        ("birth_date", Op::AgeAtLeast, json!(18)),
        ("nationality", Op::In, json!(EU)),
        ("nationality", Op::NotIn, json!(["US", "CA"])),
        ("nationality", Op::Eq, json!("DE")),
        ("nationality", Op::Neq, json!("US")),
        ("kyc_level", Op::Gte, json!(2)),
        ("kyc_level", Op::Gt, json!(1)),
        ("kyc_level", Op::Lt, json!(1)),
        ("kyc_level", Op::Lte, json!(0)),
        ("kyc_level", Op::Between, json!([2, 5])),
        ("full_name", Op::Eq, json!("Grace Hopper")),
        ("pep", Op::Eq, json!(true)),
    ];
    for (n, (attr, op, value)) in cases.into_iter().enumerate() {
        // Put the failing predicate after one that holds, so the refusal must name position 1.
        let request = request_for(&issuer)
            .require("kyc_level", Op::Gte, json!(0))
            .require(attr, op, value.clone());
        let needle = format!("predicate 1 (`{attr}`");
        if n < 3 {
            refused_and_forced_fails(&request, &credential, &secret, &path, &needle);
        } else {
            assert_refused(
                holder::prove(&request, &credential, &secret, &path, &keys().0),
                &needle,
            );
        }
    }
}

#[test]
fn a_refusal_names_the_failing_predicate_by_position_and_attribute() {
    let (issuer, secret, credential) = setup_holder(3, subject("2010-02-28", "US", 1));
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let request = request_for(&issuer)
        .require("kyc_level", Op::Gte, json!(0))
        .require("nationality", Op::In, json!(EU));
    let e = holder::check(&request, &credential, &secret, &path).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsatisfiable);
    assert_eq!(e.predicate(), Some(1));
    assert_eq!(e.attribute(), Some("nationality"));
    let text = e.to_string();
    assert!(text.contains("predicate 1 (`nationality` in)"), "{text}");
    assert!(!text.contains("US"), "{text}");
    // A refusal that is not about a predicate names none.
    let expired = request.at(Date::parse("2099-01-01").unwrap());
    let e = holder::check(&expired, &credential, &secret, &path).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsatisfiable);
    assert_eq!((e.predicate(), e.attribute()), (None, None));
}

#[test]
fn leap_day_edges_of_age_predicates() {
    // Born 2008-02-29: not 18 on 2026-02-28, 18 on 2026-03-01.
    let (pk, vk) = keys();
    // Valid from before both days (the circuit checks validFrom since v2).
    let (issuer, secret, credential) = setup_holder_from(
        4,
        subject("2008-02-29", "DE", 1),
        Date::parse("2026-01-01").unwrap(),
    );
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let on = |day: &str| {
        request_for(&issuer)
            .require("birth_date", Op::AgeAtLeast, json!(18))
            .at(Date::parse(day).unwrap())
    };
    assert_refused(
        holder::prove(&on("2026-02-28"), &credential, &secret, &path, pk),
        "predicate 0",
    );
    let request = on("2026-03-01");
    let p = holder::prove(&request, &credential, &secret, &path, pk).unwrap();
    verifier::verify(&request, &p, vk).unwrap();
}

#[test]
fn wrong_issuer_forged_signature_expired_revoked_and_foreign_credentials_fail() {
    let (pk, _) = keys();
    let (mut issuer, secret, credential) = setup_holder(5, subject("1990-05-17", "DE", 2));
    let path = issuer.non_revocation_path(credential.serial()).unwrap();

    // Wrong issuer: the request accepts another key only.
    let other = Issuer::in_memory(IssuerKey::generate(&mut rng(55))).unwrap();
    let foreign = over_18_in_eu(&other);
    refused_and_forced_fails(
        &foreign,
        &credential,
        &secret,
        &path,
        "issuer is not accepted",
    );

    // Forged signature: the subject altered after signing.
    let mut forged = credential.clone();
    forged
        .credential_subject
        .attributes
        .insert("birth_date".into(), json!("1980-01-01"));
    refused_and_forced_fails(
        &over_18_in_eu(&issuer),
        &forged,
        &secret,
        &path,
        "signature",
    );
    // ... or the signature bytes altered.
    let mut forged = credential.clone();
    let mut sig: [u8; 64] =
        zkcred_core::credential::multibase::decode_fixed(&forged.proof.proof_value).unwrap();
    sig[40] ^= 1;
    forged.proof.proof_value = zkcred_core::credential::multibase::encode(&sig);
    assert_refused(
        holder::prove(&over_18_in_eu(&issuer), &forged, &secret, &path, pk),
        "signature",
    );

    // Another holder's secret.
    let thief = HolderSecret::generate(&mut rng(56));
    refused_and_forced_fails(
        &over_18_in_eu(&issuer),
        &credential,
        &thief,
        &path,
        "another holder",
    );

    // Expired: verified the day after validUntil.
    let after = Date::from_days(credential.valid_until().unwrap().days() + 1).unwrap();
    let late = over_18_in_eu(&issuer).at(after);
    refused_and_forced_fails(&late, &credential, &secret, &path, "expired");
    // On the last day it is still valid.
    let last = over_18_in_eu(&issuer).at(credential.valid_until().unwrap());
    holder::prove(&last, &credential, &secret, &path, pk).unwrap();

    // Revoked: the request carries the new root; the old path no longer leads there,
    // and the registry has no non-membership path to give.
    issuer.revoke(credential.serial()).unwrap();
    assert!(issuer.non_revocation_path(credential.serial()).is_err());
    refused_and_forced_fails(
        &over_18_in_eu(&issuer),
        &credential,
        &secret,
        &path,
        "revoked",
    );
    let membership = issuer
        .registry()
        .membership_proof(credential.serial())
        .unwrap();
    refused_and_forced_fails(
        &over_18_in_eu(&issuer),
        &credential,
        &secret,
        &membership,
        "revoked",
    );
}

#[test]
fn a_credential_before_its_valid_from_is_refused_and_cannot_be_forced() {
    let (pk, vk) = keys();
    let (issuer, secret, credential) = setup_holder(8, subject("1990-05-17", "DE", 2));
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    // Issued (validFrom) on `today()`; verified the day before, and much earlier.
    for days_early in [1, 400] {
        let before = Date::from_days(today().days() - days_early).unwrap();
        let early = over_18_in_eu(&issuer).at(before);
        // The holder refuses early, before any key is needed ...
        assert_refused(
            holder::check(&early, &credential, &secret, &path),
            "not yet valid",
        );
        // ... and a proof forced through with the same witness does not verify.
        refused_and_forced_fails(&early, &credential, &secret, &path, "not yet valid");
    }
    // On validFrom itself the credential is valid.
    let first = over_18_in_eu(&issuer).at(today());
    holder::check(&first, &credential, &secret, &path).unwrap();
    let p = holder::prove(&first, &credential, &secret, &path, pk).unwrap();
    verifier::verify(&first, &p, vk).unwrap();
}

#[test]
fn nullifiers_are_stable_within_a_scope_and_differ_across_scopes() {
    let (pk, vk) = keys();
    let (issuer, secret, credential) = setup_holder(6, subject("1990-05-17", "DE", 2));
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let a1 = over_18_in_eu(&issuer);
    let a2 = over_18_in_eu(&issuer); // fresh challenge, same scope
    let b = PresentationRequest {
        scope: "other.example".into(),
        ..over_18_in_eu(&issuer)
    };
    let n = |req: &PresentationRequest| {
        let p = holder::prove(req, &credential, &secret, &path, pk).unwrap();
        verifier::verify(req, &p, vk).unwrap().nullifier
    };
    let (x1, x2, y) = (n(&a1), n(&a2), n(&b));
    assert_eq!(x1, x2);
    assert_ne!(x1, y);
}

/// A prepared proving key (`ProvingKey::prepare`, the faster prover) proves
/// what the plain key proves: an honest presentation verifies, and an
/// underage credential forced through it does not.
#[test]
fn a_prepared_key_proves_the_same_statement() {
    let (pk, vk) = keys();
    let mut prepared = pk.clone();
    prepared.prepare();
    assert!(prepared.is_prepared() && !pk.is_prepared());
    let (issuer, secret, credential) = setup_holder(21, subject("1990-05-17", "DE", 1));
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let request = over_18_in_eu(&issuer);
    let p = holder::prove_with_rng(
        &request,
        &credential,
        &secret,
        &path,
        &prepared,
        &mut rng(22),
    )
    .unwrap();
    verifier::verify(&request, &p, vk).unwrap();

    let (issuer, secret, credential) = setup_holder(23, subject("2012-01-01", "DE", 1));
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let request = over_18_in_eu(&issuer);
    let forced = holder::prove_unchecked(
        &request,
        &credential,
        &secret,
        &path,
        &prepared,
        &mut rng(24),
    )
    .unwrap();
    assert!(verifier::verify(&request, &forced, vk).is_err());
}

/// A request naming its verifying key (`vkHash`, issue #13): proved with a
/// key of that verifying key; refused with a typed `Key` error, before
/// anything else is checked, when the proving key belongs to another one;
/// a malformed hash is refused; a request without it is written as before.
#[test]
fn a_request_naming_its_verifying_key_is_proved_only_with_that_key() {
    let (pk, vk) = keys();
    let (issuer, secret, credential) = setup_holder(31, subject("1990-05-17", "DE", 1));
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let request = over_18_in_eu(&issuer).for_verifying_key(vk);
    let hash = zkcred_core::openid4vp::vk_hash(vk);
    assert_eq!(request.vk_hash.as_deref(), Some(hash.as_str()));
    assert!(request
        .to_json()
        .contains(&format!("\"vkHash\": \"{hash}\"")));
    let back = PresentationRequest::from_json(&request.to_json()).unwrap();
    assert_eq!(back, request);
    let p = holder::prove_with_rng(&back, &credential, &secret, &path, pk, &mut rng(32)).unwrap();
    verifier::verify(&back, &p, vk).unwrap();

    let other = PresentationRequest {
        vk_hash: Some("A".repeat(43)),
        ..request.clone()
    };
    other.compile().unwrap();
    let e =
        holder::prove_with_rng(&other, &credential, &secret, &path, pk, &mut rng(33)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Key, "{e}");
    assert!(e.to_string().contains("vkHash"), "{e}");
    // Checked first: an underage credential gets the key's refusal, not
    // the predicate's.
    let (issuer2, secret2, minor) = setup_holder(34, subject("2015-01-01", "DE", 1));
    let path2 = issuer2.non_revocation_path(minor.serial()).unwrap();
    let other2 = PresentationRequest {
        vk_hash: Some("A".repeat(43)),
        ..over_18_in_eu(&issuer2)
    };
    let e =
        holder::prove_with_rng(&other2, &minor, &secret2, &path2, pk, &mut rng(35)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Key, "{e}");

    for bad in ["not base64url!", "AAAA", &"A".repeat(44)] {
        let mut v: serde_json::Value = serde_json::from_str(&request.to_json()).unwrap();
        v["vkHash"] = json!(bad);
        let e = PresentationRequest::from_json(&v.to_string()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding, "{bad}: {e}");
    }
    assert!(!over_18_in_eu(&issuer).to_json().contains("vkHash"));
}

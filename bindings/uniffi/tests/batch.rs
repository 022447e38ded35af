//! Batch verification through the binding (one row per proof, in order, with
//! each refusal's kind and reason), and the structured details of a refusal:
//! a failing predicate's position and attribute.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::sync::Arc;

use fixtures::{
    block_on, date, issued, keys, origin, over_18, tamper_nullifier, text, SCHEMA, TODAY,
};
use zkcred_ffi::{
    verify_batch, verify_presentation, PredicateOp, PredicateValue, PresentationRequest,
    ZkcredError, ZkcredErrorKind,
};

#[test]
fn a_batch_of_a_good_a_tampered_and_a_garbage_proof() {
    let (issuer, wallet, held) = issued("1990-05-17", "DE");
    let request = over_18(&issuer);
    let vk = || Arc::clone(&keys().verifying_key);
    let good = block_on(Arc::clone(&wallet).prove(
        Arc::clone(&request),
        held.id,
        issuer.non_revocation_path(held.serial).unwrap(),
        Arc::clone(&keys().proving_key),
        origin(),
        None,
        None,
    ))
    .unwrap();
    let single = verify_presentation(Arc::clone(&request), good.clone(), vk()).unwrap();
    let proofs = vec![
        good.clone().into_bytes(),
        tamper_nullifier(&good).into_bytes(),
        vec![0xff, 0x00, 0x13, 0x37],
        b"{".to_vec(),
    ];
    let rows = block_on(verify_batch(Arc::clone(&request), vk(), proofs)).unwrap();
    let index: Vec<i32> = rows.iter().map(|r| r.index).collect();
    assert_eq!(index, [0, 1, 2, 3]);
    let accepted: Vec<bool> = rows.iter().map(|r| r.accepted).collect();
    assert_eq!(accepted, [true, false, false, false]);
    assert_eq!(
        rows[0].nullifier.as_deref(),
        Some(single.nullifier.as_str())
    );
    assert_eq!(
        rows[0].disclosed_json.as_deref(),
        Some(single.disclosed_json.as_str())
    );
    assert_eq!(
        (rows[0].error_kind, rows[0].reason.as_deref()),
        (None, None)
    );
    assert_eq!(
        rows[1].error_kind,
        Some(ZkcredErrorKind::VerificationFailed)
    );
    assert_eq!(
        rows[1].reason.as_deref(),
        Some("the presentation does not verify")
    );
    assert_eq!(
        (
            rows[1].nullifier.as_deref(),
            rows[1].disclosed_json.as_deref()
        ),
        (None, None)
    );
    assert_eq!(rows[2].error_kind, Some(ZkcredErrorKind::Encoding));
    assert_eq!(rows[3].error_kind, Some(ZkcredErrorKind::Json));
    assert!(rows.iter().all(|r| r.elapsed_ms >= 0.0));
    assert!(rows[0].elapsed_ms > 0.0, "a Groth16 check takes time");
    // No proofs, no rows; a malformed request fails the whole batch.
    assert!(block_on(verify_batch(Arc::clone(&request), vk(), vec![]))
        .unwrap()
        .is_empty());
    let unusable = PresentationRequest::new(SCHEMA.into(), "x.example".into()).unwrap();
    let err = block_on(verify_batch(unusable, vk(), vec![good.into_bytes()])).unwrap_err();
    assert!(matches!(err, ZkcredError::Request { .. }), "{err:?}");
}

#[test]
fn a_failing_predicate_reports_its_position_and_attribute() {
    const MINOR: &str = "2013-07-19";
    let (issuer, wallet, held) = issued(MINOR, "DE");
    // Predicate 0 holds (nationality), predicate 1 does not (age).
    let request = PresentationRequest::new(SCHEMA.into(), "https://shop.example/age-gate".into())
        .unwrap()
        .accept_issuer(issuer.public_key(), issuer.revocation_root().unwrap())
        .unwrap()
        .require(
            "nationality".into(),
            PredicateOp::In,
            PredicateValue::Set {
                values: vec![text("DE"), text("FR")],
            },
        )
        .unwrap()
        .require(
            "birth_date".into(),
            PredicateOp::AgeAtLeast,
            PredicateValue::Int { value: 18 },
        )
        .unwrap()
        .at(date(TODAY))
        .unwrap();
    let path = issuer.non_revocation_path(held.serial).unwrap();
    let refusal = wallet
        .check(Arc::clone(&request), held.id.clone(), Arc::clone(&path))
        .unwrap()
        .expect("an underage holder is refused");
    assert_eq!(refusal.kind, ZkcredErrorKind::Unsatisfiable);
    assert_eq!(refusal.details.predicate, Some(1));
    assert_eq!(refusal.details.attribute.as_deref(), Some("birth_date"));
    assert_eq!(
        (
            refusal.details.field.as_deref(),
            refusal.details.path.as_deref()
        ),
        (None, None)
    );
    assert!(!refusal.reason.contains(MINOR), "{}", refusal.reason);
    // Proving throws the same refusal.
    let thrown = block_on(Arc::clone(&wallet).prove(
        Arc::clone(&request),
        held.id.clone(),
        Arc::clone(&path),
        Arc::clone(&keys().proving_key),
        origin(),
        None,
        None,
    ))
    .unwrap_err();
    assert_eq!(thrown.to_string(), refusal.reason);
    assert!(matches!(thrown, ZkcredError::Unsatisfiable { .. }));
    // An adult holder is not refused; an unknown credential throws.
    let (adult_issuer, adult, adult_held) = issued("1990-05-17", "DE");
    let adult_path = adult_issuer.non_revocation_path(adult_held.serial).unwrap();
    assert_eq!(
        adult
            .check(
                over_18(&adult_issuer),
                adult_held.id,
                Arc::clone(&adult_path)
            )
            .unwrap(),
        None
    );
    let err = wallet
        .check(request, "urn:uuid:nope".into(), path)
        .unwrap_err();
    assert!(matches!(err, ZkcredError::Credential { .. }), "{err:?}");
}

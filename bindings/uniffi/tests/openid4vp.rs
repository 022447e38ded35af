//! OpenID4VP through the binding (what the Kotlin and Swift clients call):
//! the QR code's URL, the fetched Request Object, the summary, the matching
//! credentials, the answer the verifier accepts; a wrong proving key, a
//! mismatched client id and a malformed URL are typed errors.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::sync::Arc;

use fixtures::{block_on, issued, keys, over_18};
use zkcred_core::openid4vp::{
    verify_response, AuthorizationRequest, RequestTarget, VpTokenResponse,
};
use zkcred_ffi::{
    parse_openid4vp_url, resolve_openid4vp_request, Openid4vpRequest, Openid4vpUrl, ZkcredError,
};

const RESPONSE_URI: &str = "https://shop.example/openid4vp/response";
const REQUEST_URI: &str = "https://shop.example/openid4vp/request/st-1";

fn verifier_request(
    issuer: &zkcred_ffi::Issuer,
) -> (AuthorizationRequest, zkcred_core::keys::VerifyingKey) {
    let vk = zkcred_core::keys::VerifyingKey::from_bytes(
        &keys().proving_key.verifying_key().unwrap().to_bytes(),
    )
    .unwrap();
    let pr = zkcred_core::request::PresentationRequest::from_json(
        &over_18(issuer)
            .disclose("nationality".into())
            .to_json()
            .unwrap(),
    )
    .unwrap();
    let request = AuthorizationRequest::from_presentation_request(
        &pr,
        RequestTarget::DirectPost {
            client_id: None,
            response_uri: Some(RESPONSE_URI.into()),
        },
        zkcred_core::openid4vp::fresh_nonce(),
        Some("st-1".into()),
        &vk,
    )
    .unwrap();
    (request, vk)
}

#[test]
fn cross_device_request_is_answered_and_verified() {
    let (issuer, wallet, held) = issued("1990-05-17", "DE");
    let (request, vk) = verifier_request(&issuer);
    let url = request.by_reference(REQUEST_URI).unwrap().to_url();
    let object = request.to_request_object().unwrap();

    let Openid4vpUrl::ByReference {
        client_id,
        request_uri,
    } = parse_openid4vp_url(url).unwrap()
    else {
        panic!("a request by reference")
    };
    assert_eq!(request_uri, REQUEST_URI);
    let received =
        resolve_openid4vp_request(client_id.clone(), request_uri.clone(), object.clone()).unwrap();
    assert_eq!(received.response_uri().as_deref(), Some(RESPONSE_URI));
    let summary = received.summary(None).unwrap();
    assert_eq!(summary.audience, format!("redirect_uri:{RESPONSE_URI}"));
    assert!(!summary.audience_authenticated);
    assert_eq!(summary.disclosed, vec!["nationality".to_string()]);
    assert!(
        summary.text.contains("not authenticated"),
        "{}",
        summary.text
    );
    assert_eq!(
        wallet
            .matching_credentials(Arc::clone(&received), None)
            .unwrap(),
        vec![held.clone()]
    );

    let path = issuer.non_revocation_path(held.serial).unwrap();
    let answer = block_on(Arc::clone(&wallet).respond_openid4vp(
        Arc::clone(&received),
        held.id.clone(),
        Arc::clone(&path),
        Arc::clone(&keys().proving_key),
        None,
        None,
        None,
    ))
    .unwrap();
    assert_eq!(answer.response_uri.as_deref(), Some(RESPONSE_URI));
    assert_eq!(answer.content_type, "application/x-www-form-urlencoded");
    let response = VpTokenResponse::from_form_body(answer.body.as_bytes()).unwrap();
    let v = verify_response(&request, None, &response, &vk).unwrap();
    assert_eq!(v.disclosed["nationality"], serde_json::json!("DE"));

    // Another verifier's key: refused before proving.
    let other = block_on(zkcred_ffi::setup_development_keys()).unwrap();
    let refused = block_on(Arc::clone(&wallet).respond_openid4vp(
        Arc::clone(&received),
        held.id.clone(),
        path,
        other.proving_key,
        None,
        None,
        None,
    ));
    assert!(
        matches!(refused, Err(ZkcredError::Key { .. })),
        "{refused:?}"
    );
    // The object behind another client id.
    let mismatch = resolve_openid4vp_request(
        "redirect_uri:https://other.example/r".into(),
        request_uri,
        object,
    );
    assert!(matches!(mismatch, Err(ZkcredError::Request { .. })));
    // Not an openid4vp URL; a request by value that is not JSON.
    assert!(matches!(
        parse_openid4vp_url("https://shop.example/?a=b".into()),
        Err(ZkcredError::Request { .. })
    ));
    assert!(matches!(
        Openid4vpRequest::from_json("{".into()),
        Err(ZkcredError::Json { .. })
    ));
}

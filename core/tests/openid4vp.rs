//! OpenID4VP end to end (docs/openid4vp.md 6): a wallet answers an
//! Authorization Request with a `vp_token` response that the verifier
//! accepts; a response for another nonce, audience, destination, response
//! mode, state or key, a tampered token and a replay against a new request
//! are refused.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::*;
use serde_json::json;
use zkcred_core::{
    batch::{verify_all, RawProof},
    encoding::fr_to_hex,
    holder,
    issuer::Issuer,
    keys,
    openid4vp::{
        verify_response, AuthorizationRequest, RequestTarget, ResponseKind, VpTokenResponse,
    },
    request::{Op, PresentationRequest},
    Error, ErrorKind,
};

const URI: &str = "https://shop.example/openid4vp/response";
const ORIGIN: &str = "https://shop.example";

fn policy(issuer: &Issuer) -> PresentationRequest {
    PresentationRequest::new(schema(), "ignored: the binding derives the scope")
        .accept_issuer(
            &issuer.key().public_key(),
            issuer.revocation_root().unwrap(),
        )
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .require("nationality", Op::In, json!(["DE", "FR", "IT"]))
        .disclose("residence")
        .at(today())
}

fn direct_post(
    issuer: &Issuer,
    uri: &str,
    nonce: &str,
    state: Option<&str>,
) -> AuthorizationRequest {
    AuthorizationRequest::from_presentation_request(
        &policy(issuer),
        RequestTarget::DirectPost {
            client_id: None,
            response_uri: Some(uri.into()),
        },
        nonce.into(),
        state.map(str::to_string),
        &keys().1,
    )
    .unwrap()
}

fn dc_api(issuer: &Issuer, nonce: &str) -> AuthorizationRequest {
    AuthorizationRequest::from_presentation_request(
        &policy(issuer),
        RequestTarget::DcApi,
        nonce.into(),
        None,
        &keys().1,
    )
    .unwrap()
}

/// The wallet: parse the request as received, check the key, prove, answer.
fn answer(
    issuer: &Issuer,
    secret: &holder::HolderSecret,
    credential: &zkcred_core::Credential,
    request: &AuthorizationRequest,
    origin: Option<&str>,
    seed: u64,
) -> VpTokenResponse {
    let received = AuthorizationRequest::from_json(&request.to_json()).unwrap();
    received.check_proving_key(&keys().0).unwrap();
    let pr = received.to_presentation_request(origin).unwrap();
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let p =
        holder::prove_with_rng(&pr, credential, secret, &path, &keys().0, &mut rng(seed)).unwrap();
    let response = VpTokenResponse::new(&received, origin, &p).unwrap();
    VpTokenResponse::from_json(&response.to_json()).unwrap()
}

fn assert_rejected<T: std::fmt::Debug>(r: zkcred_core::Result<T>, what: &str) {
    assert!(
        matches!(r, Err(Error::VerificationFailed)),
        "{what}: expected VerificationFailed, got {r:?}"
    );
}

#[test]
fn direct_post_response_verifies_and_every_rebinding_is_refused() {
    let (_, vk) = keys();
    let (issuer, secret, credential) = setup_holder(7, subject("1990-05-17", "DE", 3));
    let request = direct_post(&issuer, URI, "nonce-one-aaaaaaaaaaaaaaaa", Some("st-1"));
    let response = answer(&issuer, &secret, &credential, &request, None, 1);
    let v = verify_response(&request, None, &response, vk).unwrap();
    assert_eq!(v.disclosed.len(), 1);
    assert_eq!(v.disclosed["residence"], json!("DE"));
    assert_eq!(v.issuer, issuer.key().public_key().to_hex());
    // The nullifier's scope is the audience, the full client_id.
    assert_eq!(
        v.nullifier,
        fr_to_hex(&secret.nullifier(&format!("redirect_uri:{URI}")).unwrap())
    );

    // Another nonce (same verifier, same state): a replay against a new
    // request is refused.
    let fresh = direct_post(&issuer, URI, "nonce-two-bbbbbbbbbbbbbbbb", Some("st-1"));
    assert_rejected(verify_response(&fresh, None, &response, vk), "new nonce");
    // Another client_id / response_uri (another verifier's scope).
    let other = direct_post(
        &issuer,
        "https://other.example/openid4vp/response",
        "nonce-one-aaaaaaaaaaaaaaaa",
        Some("st-1"),
    );
    assert_rejected(
        verify_response(&other, None, &response, vk),
        "another client_id",
    );
    // Another state.
    let restated = direct_post(&issuer, URI, "nonce-one-aaaaaaaaaaaaaaaa", Some("st-2"));
    assert_rejected(
        verify_response(&restated, None, &response, vk),
        "another state",
    );
    // Every byte of the presentation after the magic and version, flipped.
    let token = &response.vp_token["zkcred"][0];
    let bytes = base64_decode(token);
    for i in [5usize, 20, 40, 80, 120, 160, 200, bytes.len() - 1] {
        let mut t = bytes.clone();
        t[i] ^= 1;
        let mut tampered = response.clone();
        tampered
            .vp_token
            .insert("zkcred".into(), vec![base64_encode(&t)]);
        let r = verify_response(&request, None, &tampered, vk);
        assert!(
            matches!(
                r.as_ref().map_err(Error::kind),
                Err(ErrorKind::VerificationFailed
                    | ErrorKind::MalformedProof
                    | ErrorKind::Encoding
                    | ErrorKind::NonCanonical
                    | ErrorKind::Json)
            ),
            "byte {i}: {r:?}"
        );
    }
    // A key the request does not name: the verifier's configuration error.
    let (_, other_vk) = keys::setup(&mut rng(99)).unwrap();
    assert_eq!(
        verify_response(&request, None, &response, &other_vk)
            .unwrap_err()
            .kind(),
        ErrorKind::Key
    );
    assert_eq!(
        request
            .check_proving_key(&keys::setup(&mut rng(98)).unwrap().0)
            .unwrap_err()
            .kind(),
        ErrorKind::Key
    );
}

#[test]
fn dc_api_response_is_bound_to_the_origin_and_the_mode() {
    let (_, vk) = keys();
    let (issuer, secret, credential) = setup_holder(8, subject("1985-01-02", "FR", 2));
    let nonce = "nonce-dc-api-cccccccccccccc";
    let request = dc_api(&issuer, nonce);
    let response = answer(&issuer, &secret, &credential, &request, Some(ORIGIN), 2);
    assert_eq!(response.state, None);
    let v = verify_response(&request, Some(ORIGIN), &response, vk).unwrap();
    assert_eq!(
        v.nullifier,
        fr_to_hex(&secret.nullifier(&format!("origin:{ORIGIN}")).unwrap())
    );
    assert_rejected(
        verify_response(&request, Some("https://evil.example"), &response, vk),
        "another origin",
    );
    // The same strings over direct_post are another challenge.
    let posted = direct_post(&issuer, URI, nonce, None);
    assert_rejected(
        verify_response(&posted, None, &response, vk),
        "dc_api answer to direct_post",
    );
    // A wallet cannot compute the audience without the origin.
    assert_eq!(
        request.to_presentation_request(None).unwrap_err().kind(),
        ErrorKind::Request
    );
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap()
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// The batch engine over `vp_token` responses to one request (issue #14
/// point 4, Python's `verify_batch`): each row verified as
/// `verify_response` does; a response to another request, a tampered or
/// empty one is a refused row; the request and key are checked once.
#[test]
fn a_batch_of_responses_verifies_each_row_and_refuses_the_others() {
    let (_, vk) = keys();
    let (issuer, secret, credential) = setup_holder(8, subject("1990-05-17", "FR", 3));
    let request = direct_post(&issuer, URI, "nonce-batch-cccccccccccccccc", Some("st-b"));
    let good = answer(&issuer, &secret, &credential, &request, None, 3).to_json();
    let again = answer(&issuer, &secret, &credential, &request, None, 4).to_json();
    let elsewhere = direct_post(&issuer, URI, "nonce-other-dddddddddddddddd", Some("st-b"));
    let stale = answer(&issuer, &secret, &credential, &elsewhere, None, 5).to_json();
    let mut doc: serde_json::Value = serde_json::from_str(&good).unwrap();
    doc["state"] = json!("st-x");
    let restated = doc.to_string();
    let rows = vec![
        RawProof::Text(good.clone()),
        RawProof::Bytes(again.into_bytes()),
        RawProof::Text(stale),
        RawProof::Text(restated),
        RawProof::Text("  ".into()),
        RawProof::Bytes(vec![0xff, 0xfe]),
    ];
    let kind = ResponseKind::new(request.clone(), None, vk.clone()).unwrap();
    assert_eq!(
        kind.presentation_request().scope,
        format!("redirect_uri:{URI}")
    );
    let out = verify_all(&kind, &rows, Some(2)).unwrap();
    assert_eq!(out.len(), rows.len());
    let first = out[0].result.as_ref().unwrap();
    let second = out[1].result.as_ref().unwrap();
    // The same holder twice: the same nullifier (the engine's duplicate).
    assert_eq!(first.nullifier, second.nullifier);
    assert_eq!(first.disclosed["residence"], json!("FR"));
    let kinds: Vec<_> = out[2..]
        .iter()
        .map(|o| o.result.as_ref().unwrap_err().kind)
        .collect();
    assert_eq!(
        kinds,
        [
            Some(ErrorKind::VerificationFailed),
            Some(ErrorKind::VerificationFailed),
            Some(ErrorKind::MalformedProof),
            Some(ErrorKind::Encoding),
        ]
    );
    // The same rows, verified one by one, agree.
    let one = VpTokenResponse::from_json(&good).unwrap();
    assert_eq!(
        verify_response(&request, None, &one, vk).unwrap().nullifier,
        *first.nullifier.as_ref().unwrap()
    );
    // A key the request does not name fails the batch, not each row.
    let (_, other_vk) = keys::setup(&mut rng(97)).unwrap();
    assert_eq!(
        ResponseKind::new(request, None, other_vk)
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::Key)
    );
}

/// The cross-device flow (docs/openid4vp.md 12): the QR code's URL, the
/// Request Object fetched from `request_uri`, the form-encoded `direct_post`
/// body; the verifier reads the body and verifies. A body for another nonce
/// or with a changed token is refused.
#[test]
fn cross_device_by_reference_and_form_body_verify() {
    use zkcred_core::openid4vp::{RequestUrl, VpTokenResponse};
    let (pk, vk) = keys();
    let (issuer, secret, credential) = setup_holder(9, subject("1990-05-17", "DE", 3));
    let request_uri = "https://shop.example/openid4vp/request/st-9";
    let request = direct_post(&issuer, URI, "nonce-xd-cccccccccccccccc", Some("st-9"));
    // Verifier: the QR code and the object served at request_uri.
    let url = request.by_reference(request_uri).unwrap().to_url();
    let object = request.to_request_object().unwrap();
    // Wallet: scan, fetch, resolve, prove, answer with a form body.
    let RequestUrl::ByReference(reference) = RequestUrl::parse(&url).unwrap() else {
        panic!("a request by reference")
    };
    assert_eq!(reference.request_uri, request_uri);
    let received = reference.resolve(&object).unwrap();
    assert_eq!(received, request);
    received.check_proving_key(pk).unwrap();
    let pr = received.to_presentation_request(None).unwrap();
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let p = holder::prove_with_rng(&pr, &credential, &secret, &path, pk, &mut rng(3)).unwrap();
    let body = VpTokenResponse::new(&received, None, &p)
        .unwrap()
        .to_form_body();
    // For the npm interop check (scripts/test.sh sets the directory).
    if let Some(dir) = std::env::var_os("ZKCRED_OPENID4VP_OUT") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("xd-url.txt"), &url).unwrap();
        std::fs::write(dir.join("xd-request.jwt"), &object).unwrap();
        std::fs::write(dir.join("xd-body.txt"), &body).unwrap();
    }
    // Verifier: the body POSTed to response_uri.
    let response = VpTokenResponse::from_form_body(body.as_bytes()).unwrap();
    let v = verify_response(&request, None, &response, vk).unwrap();
    assert_eq!(v.disclosed["residence"], json!("DE"));
    assert_eq!(
        v.nullifier,
        fr_to_hex(&secret.nullifier(&format!("redirect_uri:{URI}")).unwrap())
    );
    // The same body against a request with another nonce.
    let other = direct_post(&issuer, URI, "nonce-xd-dddddddddddddddd", Some("st-9"));
    assert_rejected(verify_response(&other, None, &response, vk), "new nonce");
    // One changed character of the token in the body.
    let i = body.find("%5B%22").unwrap() + 6 + 40;
    let mut tampered = body.into_bytes();
    tampered[i] = if tampered[i] == b'A' { b'B' } else { b'A' };
    let response = VpTokenResponse::from_form_body(&tampered).unwrap();
    assert_rejected(
        verify_response(&request, None, &response, vk),
        "tampered token",
    );
}

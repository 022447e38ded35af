//! `zkcred-demo-server`: the local server behind the browser demo
//! (`wasm/www`) and its end-to-end test.
//!
//! It plays two parties on 127.0.0.1, with the native Rust library:
//!
//! - a demo **issuer** (its key and an in-memory revocation registry made at
//!   startup) that signs a credential for a holder commitment, and answers
//!   non-revocation paths;
//! - the **website's verifier**, which hands out presentation requests with
//!   fresh single-use challenges and verifies the presentations posted back.
//!
//! ```text
//! GET  /, /*.js, /*.css, ...        the page (--www), the wasm package under /pkg/ (--pkg)
//! GET  /keys/presentation.pk|.vk    the Groth16 keys (--keys: loaded, or generated and saved there)
//! POST /api/issue                   {"holderCommitment": "0x..", "profile": "adult"|"minor"|"foreign"} -> credential JSON
//! GET  /api/revocation-path?serial=N   1536-byte non-membership path
//! GET  /api/request                 a fresh request: age >= 18, nationality in the accepted set
//! GET  /api/keys                    {"provingKeyUrl", "verifyingKeyUrl", "vkHash"}: where the
//!                                   keys are and the verifying key's hash (OpenID4VP `vk_hash`),
//!                                   which the holder checks the keys it downloads or caches against
//! POST /api/verify?challenge=HEX    body: the binary presentation -> {"verified": true, "nullifier", "disclosed"}
//! GET  /api/openid4vp/cross-device  a cross-device OpenID4VP request by reference:
//!                                   {"url", "requestUri", "state", "qrSvg"} (docs/openid4vp.md 12)
//! GET  /openid4vp/request/<state>   the Request Object (application/oauth-authz-req+jwt), once
//! POST /openid4vp/response          the wallet's form-encoded direct_post -> {} (200) or an error
//! GET  /api/openid4vp/result?state= {"status": "pending" | "verified" | "refused", ...}
//! ```
//!
//! Usage: `zkcred-demo-server --www wasm/www --pkg DIR --keys DIR [--port 0]
//! [--origin URL]`; it prints `listening on http://127.0.0.1:PORT` once
//! ready. Requests are scoped to `<origin>/age-check`, the origin being the
//! page's as the browser sees it: `http://127.0.0.1:PORT` by default (open
//! the page there, not at `localhost`), or `--origin` behind a proxy. A
//! development tool: single process, no TLS, HTTP/1.1 with one request per
//! connection.
#![forbid(unsafe_code)]

use std::{
    collections::HashMap,
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::{json, Value};
use zkcred_core::{
    date::Date,
    encoding::fr_from_hex,
    issuer::{Issuer, IssuerKey},
    keys::{self, ProvingKey, VerifyingKey},
    openid4vp::{
        self, cross_device::REQUEST_OBJECT_CONTENT_TYPE, AuthorizationRequest, RequestTarget,
        VpTokenResponse,
    },
    request::{Op, PresentationRequest},
    schema::Schema,
    verifier, Presentation,
};

/// The demo credential schema (the one `zkcred demo` uses).
const KYC_SCHEMA: &str = zkcred_core::fixtures::DEMO_KYC_SCHEMA;

/// The shop's scope under its origin (`<origin>/age-check`): nullifiers are
/// stable within it, and the holder's wasm wallet proves only for a scope
/// under the page's own origin.
const SCOPE_PATH: &str = "/age-check";
/// Countries the shop delivers to.
const ACCEPTED: [&str; 8] = ["DE", "FR", "IT", "ES", "NL", "BE", "AT", "PT"];
/// Requests kept waiting for an answer (oldest dropped first).
const MAX_PENDING: usize = 1024;
/// Largest request body read.
const MAX_BODY: usize = 64 * 1024;
/// How long a cross-device request can be fetched and answered.
const CROSS_DEVICE_TTL: Duration = Duration::from_secs(300);
/// Path of the cross-device Request Objects (`<path><state>`).
const REQUEST_PATH: &str = "/openid4vp/request/";
/// Path of the cross-device `response_uri`.
const RESPONSE_PATH: &str = "/openid4vp/response";

/// One cross-device OpenID4VP transaction, keyed by its `state`.
struct CrossDevice {
    request: AuthorizationRequest,
    created: Instant,
    /// The Request Object was fetched (it is served once).
    fetched: bool,
    /// The outcome, once a response came: the verified result, or the refusal.
    result: Option<Value>,
}

struct State {
    issuer: Issuer,
    schema: Schema,
    /// The requests' scope: the page's origin and [`SCOPE_PATH`].
    scope: String,
    pk_bytes: Vec<u8>,
    vk_bytes: Vec<u8>,
    vk: VerifyingKey,
    /// challenge -> the request it was issued with; removed when answered.
    pending: HashMap<String, PresentationRequest>,
    order: Vec<String>,
    www: PathBuf,
    pkg: PathBuf,
    /// The page's origin (`response_uri` and `request_uri` live under it).
    origin: String,
    /// state -> cross-device transaction (oldest dropped first).
    cross: HashMap<String, CrossDevice>,
    cross_order: Vec<String>,
}

struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    cache: bool,
}

impl Response {
    fn json(status: u16, v: Value) -> Response {
        Response {
            status,
            content_type: "application/json",
            body: serde_json::to_vec_pretty(&v).expect("JSON"),
            cache: false,
        }
    }

    fn error(status: u16, kind: &str, message: impl Into<String>) -> Response {
        Response::json(status, json!({"error": kind, "message": message.into()}))
    }

    fn bytes(content_type: &'static str, body: Vec<u8>, cache: bool) -> Response {
        Response {
            status: 200,
            content_type,
            body,
            cache,
        }
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn load_or_generate_keys(dir: &Path) -> Result<(Vec<u8>, Vec<u8>), String> {
    let (pk_path, vk_path) = (dir.join("presentation.pk"), dir.join("presentation.vk"));
    if let (Ok(pk), Ok(vk)) = (std::fs::read(&pk_path), std::fs::read(&vk_path)) {
        VerifyingKey::from_bytes(&vk).map_err(|e| e.to_string())?;
        return Ok((pk, vk));
    }
    let start = Instant::now();
    let (pk, vk) = keys::setup_os().map_err(|e| e.to_string())?;
    let (pk, vk) = (pk.to_bytes(), vk.to_bytes());
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(&pk_path, &pk).map_err(|e| format!("{}: {e}", pk_path.display()))?;
    std::fs::write(&vk_path, &vk).map_err(|e| format!("{}: {e}", vk_path.display()))?;
    eprintln!(
        "generated development keys in {:.1?} into {}",
        start.elapsed(),
        dir.display()
    );
    Ok((pk, vk))
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let www = PathBuf::from(arg(&args, "--www").unwrap_or_else(|| "wasm/www".into()));
    let pkg = PathBuf::from(arg(&args, "--pkg").unwrap_or_else(|| "target/zkcred-wasm-pkg".into()));
    let keys_dir = PathBuf::from(arg(&args, "--keys").unwrap_or_else(|| "target/demo-keys".into()));
    let port: u16 = arg(&args, "--port")
        .map(|p| p.parse().map_err(|_| format!("bad --port {p}")))
        .transpose()?
        .unwrap_or(8080);

    let (pk_bytes, vk_bytes) = load_or_generate_keys(&keys_dir)?;
    let vk = VerifyingKey::from_bytes(&vk_bytes).map_err(|e| e.to_string())?;
    // The proving key is only served; check its header and that it matches.
    if ProvingKey::from_bytes(&pk_bytes)
        .map_err(|e| e.to_string())?
        .verifying_key()
        .to_bytes()
        != vk_bytes
    {
        return Err("the proving and verifying keys do not belong together".into());
    }
    let issuer = Issuer::in_memory(IssuerKey::generate_os()).map_err(|e| e.to_string())?;
    let schema = Schema::from_json(KYC_SCHEMA).map_err(|e| e.to_string())?;

    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let origin = arg(&args, "--origin").unwrap_or_else(|| format!("http://{addr}"));
    let scope = format!("{origin}{SCOPE_PATH}");
    zkcred_core::scope::check_origin(&scope, &origin).map_err(|e| format!("--origin: {e}"))?;
    let origin = origin.clone();
    let state = Arc::new(Mutex::new(State {
        issuer,
        schema,
        scope,
        pk_bytes,
        vk_bytes,
        vk,
        pending: HashMap::new(),
        order: Vec::new(),
        www,
        pkg,
        origin,
        cross: HashMap::new(),
        cross_order: Vec::new(),
    }));

    println!("listening on http://{addr}");
    std::io::stdout().flush().ok();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            let _ = serve(stream, &state);
        });
    }
    Ok(())
}

/// Reads one HTTP request and writes one response.
fn serve(stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or("").to_string(),
        parts.next().unwrap_or("").to_string(),
    );
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(usize::MAX);
            }
        }
    }
    let response = if length > MAX_BODY {
        Response::error(413, "tooLarge", "request body too large")
    } else {
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body)?;
        route(&method, &target, &body, state)
    };
    let mut stream = stream;
    let reason = match response.status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        _ => "Internal Server Error",
    };
    // Cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer,
    // so the holder's worker proves with the threaded build; every
    // response is same-origin only (CORP), which COEP accepts.
    write!(
        stream,
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: {}\r\n\
         Cross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Embedder-Policy: require-corp\r\n\
         Cross-Origin-Resource-Policy: same-origin\r\nConnection: close\r\n\r\n",
        response.status,
        response.content_type,
        response.body.len(),
        if response.cache {
            "max-age=3600"
        } else {
            "no-store"
        },
    )?;
    stream.write_all(&response.body)?;
    stream.flush()
}

fn route(method: &str, target: &str, body: &[u8], state: &Mutex<State>) -> Response {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let param = |name: &str| {
        query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    };
    let mut state = match state.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    match (method, path) {
        ("GET", "/keys/presentation.pk") => {
            Response::bytes("application/octet-stream", state.pk_bytes.clone(), true)
        }
        ("GET", "/keys/presentation.vk") => {
            Response::bytes("application/octet-stream", state.vk_bytes.clone(), true)
        }
        ("POST", "/api/issue") => issue(&mut state, body),
        ("GET", "/api/revocation-path") => {
            let Some(serial) = param("serial").and_then(|s| s.parse::<u32>().ok()) else {
                return Response::error(400, "request", "serial must be a number");
            };
            match state
                .issuer
                .non_revocation_path(serial)
                .map_err(|e| e.to_string())
                .and_then(|p| p.to_bytes().map_err(|e| e.to_string()))
            {
                Ok(bytes) => Response::bytes("application/octet-stream", bytes, false),
                Err(_) => Response::error(422, "revoked", "the credential is revoked"),
            }
        }
        ("GET", "/api/request") => new_request(&mut state),
        ("GET", "/api/keys") => Response::json(
            200,
            json!({
                "provingKeyUrl": "/keys/presentation.pk",
                "verifyingKeyUrl": "/keys/presentation.vk",
                "vkHash": zkcred_core::openid4vp::vk_hash(&state.vk),
            }),
        ),
        ("POST", "/api/verify") => {
            let Some(challenge) = param("challenge") else {
                return Response::error(400, "request", "challenge missing");
            };
            verify(&mut state, &challenge, body)
        }
        ("GET", "/api/openid4vp/cross-device") => cross_device_request(&mut state),
        ("GET", p) if p.starts_with(REQUEST_PATH) => {
            request_object(&mut state, &p[REQUEST_PATH.len()..])
        }
        ("POST", RESPONSE_PATH) => cross_device_response(&mut state, body),
        ("GET", "/api/openid4vp/result") => {
            cross_device_result(&mut state, &param("state").unwrap_or_default())
        }
        ("GET", _) => static_file(&state, path),
        _ => Response::error(405, "method", "method not allowed"),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") | Some("mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn static_file(state: &State, path: &str) -> Response {
    let (root, rel) = match path.strip_prefix("/pkg/") {
        Some(rel) => (&state.pkg, rel),
        None => (&state.www, path.trim_start_matches('/')),
    };
    let rel = if rel.is_empty() { "index.html" } else { rel };
    // Plain names only: no `..`, no absolute paths, no hidden files.
    if rel
        .split('/')
        .any(|c| c.is_empty() || c.starts_with('.') || c.contains('\\'))
    {
        return Response::error(404, "notFound", "not found");
    }
    let file = root.join(rel);
    match std::fs::read(&file) {
        Ok(bytes) => Response::bytes(content_type(&file), bytes, false),
        Err(_) => Response::error(404, "notFound", "not found"),
    }
}

fn issue(state: &mut State, body: &[u8]) -> Response {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return Response::error(400, "json", "the body must be JSON");
    };
    let Some(commitment) = v["holderCommitment"]
        .as_str()
        .and_then(|h| fr_from_hex(h, "holderCommitment").ok())
    else {
        return Response::error(400, "request", "holderCommitment must be a field element");
    };
    let today = Date::today();
    let (birth, nationality, name) = match v["profile"].as_str() {
        Some("adult") => ("1990-05-17".to_string(), "DE", "Alice Example"),
        Some("minor") => match today.years_before(16) {
            Ok(d) => (d.to_string(), "FR", "Max Example"),
            Err(e) => return Response::error(500, "date", e.to_string()),
        },
        Some("foreign") => ("1984-02-29".to_string(), "US", "Sam Example"),
        _ => return Response::error(400, "request", "profile must be adult, minor or foreign"),
    };
    let subject = json!({
        "birth_date": birth, "nationality": nationality, "residence": nationality,
        "full_name": name, "document_type": "id_card", "kyc_level": 2, "pep": false
    });
    let subject = subject.as_object().expect("object").clone();
    let until = match Date::from_days(today.days() + 365) {
        Ok(d) => d,
        Err(e) => return Response::error(500, "date", e.to_string()),
    };
    let schema = state.schema.clone();
    match state
        .issuer
        .issue(&schema, subject, commitment, today, until)
    {
        Ok(c) => Response::bytes("application/json", c.to_json().into_bytes(), false),
        Err(e) => Response::error(500, "issue", e.to_string()),
    }
}

fn new_request(state: &mut State) -> Response {
    let root = match state.issuer.revocation_root() {
        Ok(r) => r,
        Err(e) => return Response::error(500, "revocation", e.to_string()),
    };
    let request = PresentationRequest::new(state.schema.clone(), state.scope.clone())
        .accept_issuer(&state.issuer.key().public_key(), root)
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .require("nationality", Op::In, json!(ACCEPTED));
    if state.order.len() >= MAX_PENDING {
        let oldest = state.order.remove(0);
        state.pending.remove(&oldest);
    }
    state.order.push(request.challenge.clone());
    state
        .pending
        .insert(request.challenge.clone(), request.clone());
    Response::bytes("application/json", request.to_json().into_bytes(), false)
}

fn verify(state: &mut State, challenge: &str, body: &[u8]) -> Response {
    let Some(request) = state.pending.get(challenge).cloned() else {
        return Response::error(
            400,
            "unknownChallenge",
            "no open request with this challenge (unknown, expired or already answered)",
        );
    };
    let checked = request.compile().and_then(|compiled| {
        let presentation = Presentation::from_bytes(body, &compiled.disclosed)?;
        verifier::verify(&request, &presentation, &state.vk)
    });
    match checked {
        Ok(verified) => {
            // Single use: the same answer cannot be replayed.
            state.pending.remove(challenge);
            state.order.retain(|c| c != challenge);
            Response::json(
                200,
                json!({
                    "verified": true,
                    "verifier": "zkcred-core (native Rust)",
                    "issuer": verified.issuer,
                    "nullifier": verified.nullifier,
                    "disclosed": verified.disclosed,
                    "scope": request.scope,
                }),
            )
        }
        Err(e) => Response::json(
            422,
            json!({"verified": false, "error": "verificationFailed", "message": e.to_string()}),
        ),
    }
}

/// The demo policy (age >= 18, nationality in the accepted set), for the
/// page's origin (`scope`; OpenID4VP derives its own).
fn demo_policy(state: &State) -> Result<PresentationRequest, String> {
    let root = state.issuer.revocation_root().map_err(|e| e.to_string())?;
    Ok(
        PresentationRequest::new(state.schema.clone(), state.scope.clone())
            .accept_issuer(&state.issuer.key().public_key(), root)
            .require("birth_date", Op::AgeAtLeast, json!(18))
            .require("nationality", Op::In, json!(ACCEPTED)),
    )
}

/// Drops cross-device transactions past [`CROSS_DEVICE_TTL`] and the
/// oldest beyond [`MAX_PENDING`].
fn prune_cross_device(state: &mut State) {
    let now = Instant::now();
    let State {
        cross, cross_order, ..
    } = state;
    cross.retain(|_, c| now.duration_since(c.created) < CROSS_DEVICE_TTL);
    cross_order.retain(|s| cross.contains_key(s));
    while cross_order.len() >= MAX_PENDING {
        let oldest = cross_order.remove(0);
        cross.remove(&oldest);
    }
}

/// `GET /api/openid4vp/cross-device`: a fresh `direct_post` request served
/// by reference; the page shows `qrSvg` (the `url`) and polls the result.
fn cross_device_request(state: &mut State) -> Response {
    prune_cross_device(state);
    let policy = match demo_policy(state) {
        Ok(p) => p,
        Err(e) => return Response::error(500, "revocation", e),
    };
    let request_state = openid4vp::fresh_nonce();
    let response_uri = format!("{}{RESPONSE_PATH}", state.origin);
    let request_uri = format!("{}{REQUEST_PATH}{request_state}", state.origin);
    let built = AuthorizationRequest::from_presentation_request(
        &policy,
        RequestTarget::DirectPost {
            client_id: None,
            response_uri: Some(response_uri),
        },
        openid4vp::fresh_nonce(),
        Some(request_state.clone()),
        &state.vk,
    )
    .and_then(|r| {
        let url = r.by_reference(&request_uri)?.to_url();
        Ok((r, url))
    });
    let (request, url) = match built {
        Ok(x) => x,
        Err(e) => return Response::error(500, "request", e.to_string()),
    };
    let svg = match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(256, 256)
            .build(),
        Err(e) => return Response::error(500, "qr", e.to_string()),
    };
    state.cross_order.push(request_state.clone());
    state.cross.insert(
        request_state.clone(),
        CrossDevice {
            request,
            created: Instant::now(),
            fetched: false,
            result: None,
        },
    );
    Response::json(
        200,
        json!({"url": url, "requestUri": request_uri, "state": request_state, "qrSvg": svg}),
    )
}

/// `GET /openid4vp/request/<state>`: the Request Object, once, while the
/// transaction is fresh.
fn request_object(state: &mut State, request_state: &str) -> Response {
    prune_cross_device(state);
    let Some(c) = state.cross.get_mut(request_state) else {
        return Response::error(404, "notFound", "no such request (unknown or expired)");
    };
    if c.fetched {
        return Response::error(404, "notFound", "this request was already fetched");
    }
    match c.request.to_request_object() {
        Ok(object) => {
            c.fetched = true;
            Response::bytes(REQUEST_OBJECT_CONTENT_TYPE, object.into_bytes(), false)
        }
        Err(e) => Response::error(500, "request", e.to_string()),
    }
}

/// `POST /openid4vp/response`: the wallet's `direct_post` body
/// (`application/x-www-form-urlencoded`), verified against the request of
/// its `state`. Answers `200 {}` (OpenID4VP 8.2) when verified; the result
/// is kept for the page, and a transaction takes one verified answer.
fn cross_device_response(state: &mut State, body: &[u8]) -> Response {
    prune_cross_device(state);
    let response = match VpTokenResponse::from_form_body(body) {
        Ok(r) => r,
        Err(e) => {
            return Response::json(
                400,
                json!({"error": "invalid_request", "error_description": e.to_string()}),
            )
        }
    };
    let vk = state.vk.clone();
    let Some(c) = response
        .state
        .as_deref()
        .and_then(|s| state.cross.get_mut(s))
    else {
        return Response::json(
            400,
            json!({"error": "invalid_request", "error_description": "unknown, expired or missing state"}),
        );
    };
    if c.result.as_ref().is_some_and(|r| r["status"] == "verified") {
        return Response::json(
            400,
            json!({"error": "invalid_request", "error_description": "this request was already answered"}),
        );
    }
    match openid4vp::verify_response(&c.request, None, &response, &vk) {
        Ok(v) => {
            c.result = Some(json!({
                "status": "verified",
                "verified": true,
                "verifier": "zkcred-core (native Rust)",
                "issuer": v.issuer,
                "nullifier": v.nullifier,
                "disclosed": v.disclosed,
                "audience": c.request.client_id,
            }));
            Response::json(200, json!({}))
        }
        Err(e) => {
            c.result = Some(json!({
                "status": "refused", "verified": false,
                "error": e.kind().name(), "message": e.to_string(),
            }));
            Response::json(
                400,
                json!({"error": "invalid_request", "error_description": e.to_string()}),
            )
        }
    }
}

/// `GET /api/openid4vp/result?state=`: what the page polls.
fn cross_device_result(state: &mut State, request_state: &str) -> Response {
    prune_cross_device(state);
    match state.cross.get(request_state) {
        None => Response::error(404, "notFound", "no such request (unknown or expired)"),
        Some(c) => match &c.result {
            Some(r) => Response::json(200, r.clone()),
            None => Response::json(200, json!({"status": "pending", "fetched": c.fetched})),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zkcred_core::openid4vp::RequestUrl;

    #[test]
    fn the_demo_request_compiles_with_the_accepted_countries() {
        let schema = Schema::from_json(KYC_SCHEMA).unwrap();
        let key = IssuerKey::generate_os();
        let scope = format!("http://127.0.0.1:8080{SCOPE_PATH}");
        zkcred_core::scope::check_origin(&scope, "http://127.0.0.1:8080").unwrap();
        let request = PresentationRequest::new(schema, scope)
            .accept_issuer(&key.public_key(), zkcred_core::Fr::from(0u64))
            .require("birth_date", Op::AgeAtLeast, json!(18))
            .require("nationality", Op::In, json!(ACCEPTED));
        let compiled = request.compile().unwrap();
        assert!(compiled.disclosed.is_empty());
    }

    #[test]
    fn static_paths_refuse_traversal_and_hidden_files() {
        let state = State {
            issuer: Issuer::in_memory(IssuerKey::generate_os()).unwrap(),
            schema: Schema::from_json(KYC_SCHEMA).unwrap(),
            scope: format!("http://127.0.0.1:8080{SCOPE_PATH}"),
            pk_bytes: Vec::new(),
            vk_bytes: Vec::new(),
            vk: keys::setup_os().unwrap().1,
            pending: HashMap::new(),
            order: Vec::new(),
            www: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../www"),
            pkg: PathBuf::from("/nonexistent"),
            origin: "http://127.0.0.1:8080".into(),
            cross: HashMap::new(),
            cross_order: Vec::new(),
        };
        for bad in [
            "/../Cargo.toml",
            "/pkg/../../Cargo.toml",
            "/.git/config",
            "//etc/passwd",
        ] {
            assert_eq!(static_file(&state, bad).status, 404, "{bad}");
        }
        assert_eq!(static_file(&state, "/").status, 200);
        assert_eq!(
            static_file(&state, "/index.html").content_type,
            "text/html; charset=utf-8"
        );
    }
    fn body_json(r: &Response) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    /// The cross-device routes end to end: the QR code's URL, the Request
    /// Object served once, a wallet's form-encoded answer verified and its
    /// result polled; a replay, an answer made for another request, a
    /// malformed body, an unknown state and an expired request refused.
    #[test]
    fn cross_device_routes_serve_verify_and_refuse() {
        let (pk, vk) = keys::setup_os().unwrap();
        let origin = "http://127.0.0.1:8080";
        let state = Mutex::new(State {
            issuer: Issuer::in_memory(IssuerKey::generate_os()).unwrap(),
            schema: Schema::from_json(KYC_SCHEMA).unwrap(),
            scope: format!("{origin}{SCOPE_PATH}"),
            pk_bytes: Vec::new(),
            vk_bytes: vk.to_bytes(),
            vk,
            pending: HashMap::new(),
            order: Vec::new(),
            www: PathBuf::from("/nonexistent"),
            pkg: PathBuf::from("/nonexistent"),
            origin: origin.into(),
            cross: HashMap::new(),
            cross_order: Vec::new(),
        });
        // The holder's credential, from the demo issuer.
        let secret = zkcred_core::holder::HolderSecret::generate_os();
        let issued = route(
            "POST",
            "/api/issue",
            json!({"holderCommitment": zkcred_core::encoding::fr_to_hex(&secret.commitment()), "profile": "adult"})
                .to_string()
                .as_bytes(),
            &state,
        );
        assert_eq!(issued.status, 200);
        let credential =
            zkcred_core::Credential::from_json(std::str::from_utf8(&issued.body).unwrap()).unwrap();

        // The wallet: scan, fetch, prove, answer.
        let start = || {
            let r = route("GET", "/api/openid4vp/cross-device", b"", &state);
            assert_eq!(r.status, 200);
            body_json(&r)
        };
        let fetch = |request_uri: &str| {
            let path = request_uri.strip_prefix(origin).unwrap();
            route("GET", path, b"", &state)
        };
        let answer = |request: &AuthorizationRequest| {
            let pr = request.to_presentation_request(None).unwrap();
            let path = state
                .lock()
                .unwrap()
                .issuer
                .non_revocation_path(credential.serial())
                .unwrap();
            let p = zkcred_core::holder::prove(&pr, &credential, &secret, &path, &pk).unwrap();
            VpTokenResponse::new(request, None, &p).unwrap()
        };
        let post = |body: &str| route("POST", RESPONSE_PATH, body.as_bytes(), &state);
        let result = |s: &str| {
            let r = route(
                "GET",
                &format!("/api/openid4vp/result?state={s}"),
                b"",
                &state,
            );
            (r.status, body_json(&r))
        };

        let started = start();
        let url = started["url"].as_str().unwrap();
        let st = started["state"].as_str().unwrap();
        assert!(started["qrSvg"].as_str().unwrap().contains("<svg"));
        let RequestUrl::ByReference(reference) = RequestUrl::parse(url).unwrap() else {
            panic!("a request by reference")
        };
        assert_eq!(reference.request_uri, started["requestUri"]);
        assert_eq!(
            reference.client_id,
            format!("redirect_uri:{origin}{RESPONSE_PATH}")
        );
        assert_eq!(
            result(st),
            (200, json!({"status": "pending", "fetched": false}))
        );
        let served = fetch(&reference.request_uri);
        assert_eq!(served.status, 200);
        assert_eq!(served.content_type, "application/oauth-authz-req+jwt");
        assert_eq!(fetch(&reference.request_uri).status, 404, "served once");
        let request = reference
            .resolve(std::str::from_utf8(&served.body).unwrap())
            .unwrap();
        assert_eq!(request.state.as_deref(), Some(st));
        let response = answer(&request);
        let ok = post(&response.to_form_body());
        assert_eq!((ok.status, body_json(&ok)), (200, json!({})));
        let (status, verified) = result(st);
        assert_eq!(status, 200);
        assert_eq!(verified["status"], "verified");
        assert_eq!(
            verified["nullifier"],
            zkcred_core::encoding::fr_to_hex(
                &secret
                    .nullifier(&format!("redirect_uri:{origin}{RESPONSE_PATH}"))
                    .unwrap()
            )
        );
        // The same answer again: refused, the verified result stays.
        assert_eq!(post(&response.to_form_body()).status, 400);
        assert_eq!(result(st).1["status"], "verified");

        // An answer to another request (its nonce) sent with this state.
        let second = start();
        let st2 = second["state"].as_str().unwrap();
        let mut replayed = response.clone();
        replayed.state = Some(st2.into());
        let refused = post(&replayed.to_form_body());
        assert_eq!(refused.status, 400);
        assert_eq!(body_json(&refused)["error"], "invalid_request");
        let (_, r) = result(st2);
        assert_eq!(
            (r["status"].as_str(), r["error"].as_str()),
            (Some("refused"), Some("verificationFailed"))
        );

        // Malformed and unknown.
        assert_eq!(post("vp_token=%ZZ").status, 400);
        assert_eq!(post("error=access_denied").status, 400);
        let mut unknown = response.clone();
        unknown.state = Some("no-such-state".into());
        assert_eq!(post(&unknown.to_form_body()).status, 400);
        assert_eq!(result("no-such-state").0, 404);
        assert_eq!(
            fetch(&format!("{origin}{REQUEST_PATH}no-such-state")).status,
            404
        );

        // Expired: neither served nor answered.
        let third = start();
        let st3 = third["state"].as_str().unwrap().to_string();
        state.lock().unwrap().cross.get_mut(&st3).unwrap().created =
            Instant::now() - CROSS_DEVICE_TTL;
        assert_eq!(fetch(third["requestUri"].as_str().unwrap()).status, 404);
        assert_eq!(result(&st3).0, 404);
    }

    #[test]
    fn cross_device_transactions_are_bounded() {
        let mut state = State {
            issuer: Issuer::in_memory(IssuerKey::generate_os()).unwrap(),
            schema: Schema::from_json(KYC_SCHEMA).unwrap(),
            scope: "http://127.0.0.1:8080/age-check".into(),
            pk_bytes: Vec::new(),
            vk_bytes: Vec::new(),
            vk: keys::setup_os().unwrap().1,
            pending: HashMap::new(),
            order: Vec::new(),
            www: PathBuf::from("/nonexistent"),
            pkg: PathBuf::from("/nonexistent"),
            origin: "http://127.0.0.1:8080".into(),
            cross: HashMap::new(),
            cross_order: Vec::new(),
        };
        let mut first = None;
        for _ in 0..MAX_PENDING + 5 {
            let r = cross_device_request(&mut state);
            assert_eq!(r.status, 200);
            first.get_or_insert_with(|| body_json(&r)["state"].as_str().unwrap().to_string());
        }
        assert_eq!(state.cross.len(), MAX_PENDING);
        assert_eq!(state.cross_order.len(), MAX_PENDING);
        assert!(!state.cross.contains_key(first.as_deref().unwrap()));
    }
}

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
    time::Instant,
};

use serde_json::{json, Value};
use zkcred_core::{
    date::Date,
    encoding::fr_from_hex,
    issuer::{Issuer, IssuerKey},
    keys::{self, ProvingKey, VerifyingKey},
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

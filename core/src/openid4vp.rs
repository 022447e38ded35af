//! OpenID4VP 1.0 with DCQL: zkcred's profile (`docs/openid4vp.md`).
//!
//! A verifier turns its [`PresentationRequest`] into an
//! [`AuthorizationRequest`] ([`AuthorizationRequest::from_presentation_request`]);
//! a wallet parses one ([`AuthorizationRequest::from_json`]), shows its
//! [`ConsentSummary`], turns it back into a [`PresentationRequest`] for its
//! audience ([`AuthorizationRequest::to_presentation_request`]) and answers
//! with a [`VpTokenResponse`]; the verifier checks it with
//! [`verify_response`].
//!
//! The request's `challenge` and `scope` are not carried: they are derived
//! from the `nonce` and the audience (the `client_id`, or `origin:<origin>`
//! over the Digital Credentials API), see [`AuthorizationRequest::challenge`].
//!
//! Every request problem is an [`Error::Request`] whose message starts with
//! the JSON path of the field, e.g. `` `dcql_query.credentials[0].format`: ``;
//! a malformed response is an [`Error::Encoding`] naming the member; every
//! failure about the presentation itself is the opaque
//! [`Error::VerificationFailed`]. Input sizes are bounded before anything is
//! allocated in proportion to them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

pub mod cross_device;
pub use cross_device::{RequestByReference, RequestUrl};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::{
    date::Date,
    encoding::{fr_from_hex, fr_to_hex, MAX_STRING_BYTES},
    issuer::IssuerPublicKey,
    keys::{ProvingKey, VerifyingKey},
    presentation::{Presentation, CIRCUIT_VERSION},
    request::{
        AcceptedIssuer, Op, PredicateSpec, PresentationRequest, CHALLENGE_BYTES, REQUEST_VERSION,
    },
    schema::Schema,
    verifier::{self, VerifiedPresentation},
    Error, Result,
};

/// zkcred's Credential Format Identifier.
pub const FORMAT: &str = "zkcred";
/// The ZK system of `meta.zk_system_type` entries this build proves and verifies.
pub const ZK_SYSTEM: &str = "zkcred-groth16-bn254";
/// The circuit of this build's presentations.
pub const CIRCUIT: &str = "presentation/v2";
/// The trusted authority type naming issuer keys.
pub const ISSUER_KEY_TYPE: &str = "zkcred_issuer_key";
/// The domain separation tag of the challenge derivation.
pub const BINDING_TAG: &str = "zkcred/openid4vp/v1";
/// The `client_id` prefix this increment accepts (unsigned requests).
pub const REDIRECT_URI_PREFIX: &str = "redirect_uri:";
/// The audience prefix over the Digital Credentials API.
pub const ORIGIN_PREFIX: &str = "origin:";

/// Largest request text.
pub const MAX_REQUEST_BYTES: usize = 64 * 1024;
/// Largest response text.
pub const MAX_RESPONSE_BYTES: usize = 32 * 1024;
/// Largest presentation token (base64url characters).
pub const MAX_TOKEN_CHARS: usize = 16 * 1024;
/// Longest `nonce` or `state`.
pub const MAX_NONCE_CHARS: usize = 512;
/// Longest Credential Query id.
pub const MAX_ID_CHARS: usize = 64;
/// Longest `response_uri`.
pub const MAX_URI_BYTES: usize = 2048;
/// Most trusted issuer keys.
pub const MAX_ISSUERS: usize = 16;
/// Most `zk_system_type` entries.
pub const MAX_ZK_SYSTEMS: usize = 4;

/// OpenID4VP Client Identifier Prefixes (5.9.3) and the DC API's `origin:`:
/// a native request's scope must not start with one
/// ([`check_native_scope`]).
pub const CLIENT_ID_PREFIXES: [&str; 7] = [
    "redirect_uri:",
    "origin:",
    "x509_san_dns:",
    "x509_hash:",
    "decentralized_identifier:",
    "verifier_attestation:",
    "openid_federation:",
];

/// Request parameters this profile refuses (each with an error naming it).
const REFUSED: [&str; 8] = [
    "scope",
    "presentation_definition",
    "presentation_definition_uri",
    "request",
    "request_uri",
    "transaction_data",
    "verifier_info",
    "redirect_uri",
];

/// How the response travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResponseMode {
    /// POSTed to `response_uri` (OpenID4VP 8.2).
    #[serde(rename = "direct_post")]
    DirectPost,
    /// Returned through the Digital Credentials API (OpenID4VP A.4).
    #[serde(rename = "dc_api")]
    DcApi,
}

impl ResponseMode {
    /// The parameter value.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseMode::DirectPost => "direct_post",
            ResponseMode::DcApi => "dc_api",
        }
    }
}

/// Where a verifier's request is answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestTarget {
    /// `direct_post` to `response_uri`, with `client_id`. Either may be left
    /// out when the other determines it (`client_id` =
    /// `redirect_uri:<response_uri>`, the one prefix this profile accepts);
    /// the result is validated like a wallet validates it.
    DirectPost {
        /// The Client Identifier, prefix included.
        client_id: Option<String>,
        /// The HTTPS endpoint receiving the response.
        response_uri: Option<String>,
    },
    /// The Digital Credentials API (no `client_id`; audience `origin:<origin>`).
    DcApi,
}

/// One `meta.zk_system_type` entry (flat DCQL form: parameters beside `id`
/// and `system`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZkSystem {
    /// The entry's id (zkcred: the verifying key hash).
    pub id: String,
    /// The ZK system ([`ZK_SYSTEM`]).
    pub system: String,
    /// The circuit id ([`CIRCUIT`]).
    pub circuit: String,
    /// The circuit version.
    pub circuit_version: u64,
    /// base64url of SHA-256 over the verifying key file ([`vk_hash`]).
    pub vk_hash: String,
}

/// The `meta` of a zkcred Credential Query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZkcredMeta {
    /// The schema id (`0x` hex), recomputed from `schema` and checked.
    pub schema_id: String,
    /// The credential schema.
    pub schema: Schema,
    /// Accepted ZK systems and keys, in order of preference.
    pub zk_system_type: Vec<ZkSystem>,
    /// Predicates the proof must establish (zkcred's own, not standard).
    pub predicates: Vec<PredicateSpec>,
    /// The verifier's date.
    pub now: String,
    /// Issuer key (hex) -> trusted revocation root (`0x` hex).
    pub revocation_roots: BTreeMap<String, String>,
}

/// A Trusted Authorities Query (OpenID4VP 6.1.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedAuthority {
    /// The type ([`ISSUER_KEY_TYPE`]).
    #[serde(rename = "type")]
    pub kind: String,
    /// The issuer keys (hex).
    pub values: Vec<String>,
}

/// A Claims Query (OpenID4VP 6.3): one attribute to disclose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimsQuery {
    /// Optional claim id (ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `["credentialSubject", "<attribute>"]`.
    pub path: Vec<Value>,
}

/// A zkcred Credential Query (OpenID4VP 6.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialQuery {
    /// The query id, the key of the response's `vp_token`.
    pub id: String,
    /// [`FORMAT`].
    pub format: String,
    /// zkcred's parameters.
    pub meta: ZkcredMeta,
    /// The accepted issuers.
    pub trusted_authorities: Vec<TrustedAuthority>,
    /// Attributes to disclose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Vec<ClaimsQuery>>,
}

/// A DCQL query of this profile: one Credential Query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DcqlQuery {
    /// The Credential Queries (exactly one).
    pub credentials: Vec<CredentialQuery>,
}

/// An unsigned OpenID4VP 1.0 Authorization Request of zkcred's profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizationRequest {
    /// `vp_token`.
    pub response_type: String,
    /// `direct_post` or `dc_api`.
    pub response_mode: ResponseMode,
    /// `redirect_uri:<response_uri>` (direct_post); absent over the DC API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Where the response is POSTed (direct_post).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_uri: Option<String>,
    /// The transaction's fresh nonce.
    pub nonce: String,
    /// Echoed in the response (direct_post).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Verifier metadata (`vp_formats_supported`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Value>,
    /// The DCQL query.
    pub dcql_query: DcqlQuery,
}

/// What a wallet shows before proving.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsentSummary {
    /// Who asks: the audience the proof is bound to.
    pub audience: String,
    /// Whether the audience is authenticated (an origin reported by the
    /// platform) rather than self-asserted (a `redirect_uri:` client id).
    pub audience_authenticated: bool,
    /// The schema, `name@version`.
    pub schema: String,
    /// Each predicate in words.
    pub predicates: Vec<String>,
    /// The attributes revealed.
    pub disclosed: Vec<String>,
    /// The accepted issuers' keys.
    pub issuers: Vec<String>,
    /// The verifier's date the predicates are evaluated on.
    pub now: String,
}

/// The response parameters (OpenID4VP 8.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VpTokenResponse {
    /// Credential Query id -> `[base64url of the binary presentation]`.
    pub vp_token: BTreeMap<String, Vec<String>>,
    /// The request's `state`, when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

fn field(path: &str, why: impl Display) -> Error {
    Error::Request(format!("`{path}`: {why}"))
}

fn url_safe(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

fn check_token_value(path: &str, s: &str) -> Result<()> {
    if s.is_empty() {
        return Err(field(path, "missing or empty"));
    }
    if s.len() > MAX_NONCE_CHARS {
        return Err(field(
            path,
            format!("longer than {MAX_NONCE_CHARS} characters"),
        ));
    }
    if !url_safe(s) {
        return Err(field(path, "only A-Z a-z 0-9 - . _ ~ are allowed"));
    }
    Ok(())
}

fn check_id(path: &str, s: &str) -> Result<()> {
    if s.is_empty()
        || s.len() > MAX_ID_CHARS
        || !s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(field(
            path,
            format!("must be 1 to {MAX_ID_CHARS} characters of A-Z a-z 0-9 _ -"),
        ));
    }
    Ok(())
}

fn get_str<'a>(m: &'a Map<String, Value>, key: &str, path: &str) -> Result<Option<&'a str>> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(field(path, "must be a string")),
    }
}

fn req_str<'a>(m: &'a Map<String, Value>, key: &str, path: &str) -> Result<&'a str> {
    get_str(m, key, path)?.ok_or_else(|| field(path, "missing"))
}

fn as_object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object()
        .ok_or_else(|| field(path, "must be an object"))
}

fn as_array<'a>(v: &'a Value, path: &str, max: usize) -> Result<&'a Vec<Value>> {
    let a = v
        .as_array()
        .ok_or_else(|| field(path, "must be an array"))?;
    if a.is_empty() {
        return Err(field(path, "must not be empty"));
    }
    if a.len() > max {
        return Err(field(path, format!("at most {max} entries")));
    }
    Ok(a)
}

/// base64url (no padding) of SHA-256 over the verifying key file's bytes.
pub fn vk_hash(vk: &VerifyingKey) -> String {
    URL_SAFE_NO_PAD.encode(vk_hash_bytes(vk))
}

/// SHA-256 over the verifying key file: the bytes [`vk_hash`] encodes (what
/// `sha256sum presentation.vk` prints in hex).
pub fn vk_hash_bytes(vk: &VerifyingKey) -> [u8; 32] {
    Sha256::digest(vk.to_bytes()).into()
}

/// The challenge of `docs/openid4vp.md` section 4.2: the first 31 bytes of
/// SHA-256 over the length-prefixed tag, response mode, audience,
/// destination and nonce.
pub fn derive_challenge(
    mode: ResponseMode,
    audience: &str,
    destination: &str,
    nonce: &str,
) -> [u8; CHALLENGE_BYTES] {
    let mut h = Sha256::new();
    for part in [BINDING_TAG, mode.as_str(), audience, destination, nonce] {
        // Every part is bounded far below 4 GiB by the parsers; saturate
        // rather than truncate if a caller passes more.
        let len = u32::try_from(part.len()).unwrap_or(u32::MAX);
        h.update(len.to_be_bytes());
        h.update(part.as_bytes());
    }
    let digest = h.finalize();
    let mut out = [0u8; CHALLENGE_BYTES];
    out.copy_from_slice(&digest[..CHALLENGE_BYTES]);
    out
}

/// A fresh `nonce`: 32 random bytes in base64url (43 characters, 256 bits of
/// entropy; OpenID4VP 5.2 asks for at least 128).
pub fn fresh_nonce() -> String {
    use rand_core::RngCore;
    let mut b = [0u8; 32];
    rand_core::OsRng.fill_bytes(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

/// Refuses a native zkcred request whose `scope` starts with an OpenID4VP
/// Client Identifier Prefix or `origin:` ([`CLIENT_ID_PREFIXES`]): those
/// scopes belong to OpenID4VP verifiers, whose scope is derived from their
/// audience (`docs/openid4vp.md` 4.3), and a native request, whose scope the
/// verifier chooses freely, must not borrow one. Wallets call it before
/// answering a native request.
pub fn check_native_scope(scope: &str) -> Result<()> {
    match CLIENT_ID_PREFIXES.iter().find(|p| scope.starts_with(*p)) {
        Some(p) => Err(field(
            "scope",
            format!("starts with `{p}`, an OpenID4VP client identifier prefix reserved for OpenID4VP requests"),
        )),
        None => Ok(()),
    }
}

/// The message of an error without its category prefix, to nest it after a
/// field path.
fn inner(e: Error) -> String {
    match e {
        Error::Request(m) | Error::Schema(m) => m,
        other => other.to_string(),
    }
}

/// An `https:` URL of at most [`MAX_URI_BYTES`]: a non-empty host, no
/// whitespace or control characters, no fragment.
/// For development, `http:` is accepted on the loopback hosts `127.0.0.1`
/// and `localhost` (the web origins [`crate::scope::check_origin`] accepts
/// over http), as the demo server runs there.
fn check_https_uri(path: &str, uri: &str) -> Result<()> {
    let loopback = |rest: &str| {
        let authority = rest.split(['/', '?']).next().unwrap_or("");
        let host = authority.split_once(':').map_or(authority, |(h, _)| h);
        !authority.contains('@') && matches!(host, "127.0.0.1" | "localhost")
    };
    let ok = uri.len() <= MAX_URI_BYTES
        && uri
            .strip_prefix("https://")
            .or_else(|| uri.strip_prefix("http://").filter(|r| loopback(r)))
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with(['/', '?', ':', '@']))
        && uri.bytes().all(|b| b.is_ascii_graphic() && b != b'#');
    if ok {
        Ok(())
    } else {
        Err(field(
            path,
            format!("must be an https URL (http only on 127.0.0.1 or localhost) of at most {MAX_URI_BYTES} bytes, without fragment"),
        ))
    }
}

const QUERY: &str = "dcql_query.credentials[0]";
const META: &str = "dcql_query.credentials[0].meta";
/// The placeholder audience a `dc_api` request is checked with before its
/// origin is known (the audience only feeds the scope and the challenge).
const PLACEHOLDER_AUDIENCE: &str = "origin:https://validation.invalid";

impl AuthorizationRequest {
    /// Parses and validates a request (at most [`MAX_REQUEST_BYTES`]): every
    /// rule of `docs/openid4vp.md` sections 2 and 3.
    pub fn from_json(json: &str) -> Result<AuthorizationRequest> {
        if json.len() > MAX_REQUEST_BYTES {
            return Err(field(
                "request",
                format!("longer than {MAX_REQUEST_BYTES} bytes"),
            ));
        }
        let v: Value = serde_json::from_str(json)?;
        Self::from_value(&v)
    }

    /// The request as pretty JSON (one object, the DC API form).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("requests serialize")
    }

    /// Checks a request built or edited in code as [`from_json`](Self::from_json)
    /// checks a parsed one.
    pub fn validate(&self) -> Result<()> {
        Self::from_value(&serde_json::to_value(self)?).map(drop)
    }

    fn from_value(v: &Value) -> Result<AuthorizationRequest> {
        let m = as_object(v, "request")?;
        for name in REFUSED {
            if m.contains_key(name) {
                return Err(field(name, "not supported by zkcred's OpenID4VP profile"));
            }
        }
        let response_type = get_str(m, "response_type", "response_type")?
            .ok_or_else(|| field("response_type", "missing (must be `vp_token`)"))?;
        if response_type != "vp_token" {
            return Err(field("response_type", "must be `vp_token`"));
        }
        let response_mode = match req_str(m, "response_mode", "response_mode")? {
            "direct_post" => ResponseMode::DirectPost,
            "dc_api" => ResponseMode::DcApi,
            _ => return Err(field("response_mode", "must be `direct_post` or `dc_api`")),
        };
        let nonce = get_str(m, "nonce", "nonce")?.unwrap_or("");
        check_token_value("nonce", nonce)?;
        let (client_id, response_uri, state) = match response_mode {
            ResponseMode::DirectPost => {
                let client_id = get_str(m, "client_id", "client_id")?
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| field("client_id", "required with response_mode direct_post"))?;
                let Some(original) = client_id.strip_prefix(REDIRECT_URI_PREFIX) else {
                    return Err(field(
                        "client_id",
                        "only the redirect_uri: prefix (unsigned requests) is supported",
                    ));
                };
                let uri = get_str(m, "response_uri", "response_uri")?
                    .filter(|u| !u.is_empty())
                    .ok_or_else(|| {
                        field("response_uri", "required with response_mode direct_post")
                    })?;
                check_https_uri("response_uri", uri)?;
                if original != uri {
                    return Err(field(
                        "client_id",
                        "a redirect_uri: client id must name the response_uri",
                    ));
                }
                if client_id.len() > MAX_STRING_BYTES {
                    return Err(field(
                        "client_id",
                        format!("the audience is longer than {MAX_STRING_BYTES} bytes"),
                    ));
                }
                let state = get_str(m, "state", "state")?;
                if let Some(s) = state {
                    check_token_value("state", s)?;
                }
                (
                    Some(client_id.to_string()),
                    Some(uri.to_string()),
                    state.map(str::to_string),
                )
            }
            // OpenID4VP A.2: an unsigned DC API request has no client_id
            // (ignored if present), and `state` is not defined there; the
            // response goes back through the API, not to a response_uri.
            ResponseMode::DcApi => (None, None, None),
        };
        let client_metadata = match m.get("client_metadata") {
            None | Some(Value::Null) => None,
            Some(c @ Value::Object(_)) => Some(c.clone()),
            Some(_) => return Err(field("client_metadata", "must be an object")),
        };
        let dcql = match m.get("dcql_query") {
            None | Some(Value::Null) => return Err(field("dcql_query", "missing")),
            // Over direct_post the parameters travel URL-encoded, objects as
            // JSON text (OpenID4VP 5.1).
            Some(Value::String(s)) => {
                serde_json::from_str::<Value>(s).map_err(|_| field("dcql_query", "not JSON"))?
            }
            Some(other) => other.clone(),
        };
        let dcql_query = parse_dcql(&dcql)?;
        let request = AuthorizationRequest {
            response_type: response_type.to_string(),
            response_mode,
            client_id,
            response_uri,
            nonce: nonce.to_string(),
            state,
            client_metadata,
            dcql_query,
        };
        let audience = match request.response_mode {
            ResponseMode::DirectPost => request.audience(None)?,
            ResponseMode::DcApi => PLACEHOLDER_AUDIENCE.to_string(),
        };
        request.check_compiles(&audience)?;
        Ok(request)
    }

    /// Compiles the derived request, so that a predicate the circuit cannot
    /// express is refused here, naming `meta.predicates[i]`.
    fn check_compiles(&self, audience: &str) -> Result<()> {
        let pr = self.presentation_request_for(audience)?;
        let Err(e) = pr.compile() else {
            return Ok(());
        };
        // Find the first predicate whose prefix fails (set values count in
        // all, so a prefix is what fails, not the predicate alone).
        for i in 0..pr.predicates.len() {
            let mut prefix = pr.clone();
            prefix.predicates.truncate(i + 1);
            if let Err(e) = prefix.compile() {
                return Err(field(&format!("{META}.predicates[{i}]"), inner(e)));
            }
        }
        Err(field(META, inner(e)))
    }

    /// The verifier side: the request for `pr` (its schema, issuers and
    /// roots, predicates, disclosures and date; its `scope` and `challenge`
    /// are not used: the binding derives them, `docs/openid4vp.md` 4),
    /// answered at `target`, for `vk`, validated as a wallet validates it.
    pub fn from_presentation_request(
        pr: &PresentationRequest,
        target: RequestTarget,
        nonce: String,
        state: Option<String>,
        vk: &VerifyingKey,
    ) -> Result<AuthorizationRequest> {
        let (response_mode, client_id, response_uri) = match target {
            RequestTarget::DirectPost {
                client_id,
                response_uri,
            } => {
                let response_uri = response_uri.or_else(|| {
                    client_id
                        .as_deref()
                        .and_then(|c| c.strip_prefix(REDIRECT_URI_PREFIX))
                        .map(str::to_string)
                });
                let client_id = client_id.or_else(|| {
                    response_uri
                        .as_ref()
                        .map(|u| format!("{REDIRECT_URI_PREFIX}{u}"))
                });
                (ResponseMode::DirectPost, client_id, response_uri)
            }
            RequestTarget::DcApi => {
                if state.is_some() {
                    return Err(field("state", "not used with response_mode dc_api"));
                }
                (ResponseMode::DcApi, None, None)
            }
        };
        let hash = vk_hash(vk);
        if pr.vk_hash.as_ref().is_some_and(|h| *h != hash) {
            return Err(Error::Key(
                "not the verifying key the request names (vkHash)",
            ));
        }
        let meta = ZkcredMeta {
            schema_id: fr_to_hex(&pr.schema.field_id()),
            schema: pr.schema.clone(),
            zk_system_type: vec![ZkSystem {
                id: hash.clone(),
                system: ZK_SYSTEM.into(),
                circuit: CIRCUIT.into(),
                circuit_version: CIRCUIT_VERSION,
                vk_hash: hash,
            }],
            predicates: pr.predicates.clone(),
            now: pr.now.clone(),
            revocation_roots: pr
                .accepted_issuers
                .iter()
                .map(|i| (i.public_key.clone(), i.revocation_root.clone()))
                .collect(),
        };
        let claims = (!pr.disclose.is_empty()).then(|| {
            pr.disclose
                .iter()
                .map(|a| ClaimsQuery {
                    id: None,
                    path: vec![Value::from("credentialSubject"), Value::from(a.as_str())],
                })
                .collect()
        });
        let request = AuthorizationRequest {
            response_type: "vp_token".into(),
            response_mode,
            client_id,
            response_uri,
            nonce,
            state,
            client_metadata: Some(serde_json::json!({"vp_formats_supported": {FORMAT: {}}})),
            dcql_query: DcqlQuery {
                credentials: vec![CredentialQuery {
                    id: "zkcred".into(),
                    format: FORMAT.into(),
                    meta,
                    trusted_authorities: vec![TrustedAuthority {
                        kind: ISSUER_KEY_TYPE.into(),
                        values: pr
                            .accepted_issuers
                            .iter()
                            .map(|i| i.public_key.clone())
                            .collect(),
                    }],
                    claims,
                }],
            },
        };
        // Everything a wallet will check, checked here too (a duplicate
        // issuer, for one, is refused rather than merged).
        AuthorizationRequest::from_value(&serde_json::to_value(&request)?)
    }

    /// The one Credential Query.
    pub fn query(&self) -> Result<&CredentialQuery> {
        match self.dcql_query.credentials.as_slice() {
            [q] => Ok(q),
            _ => Err(field(
                "dcql_query.credentials",
                "exactly one credential query",
            )),
        }
    }

    /// The first `zk_system_type` entry this build proves and verifies
    /// ([`ZK_SYSTEM`], [`CIRCUIT`], [`CIRCUIT_VERSION`]).
    pub fn supported_system(&self) -> Result<&ZkSystem> {
        self.query()?
            .meta
            .zk_system_type
            .iter()
            .find(|z| supported(z))
            .ok_or_else(|| field(&format!("{META}.zk_system_type"), unsupported_systems()))
    }

    /// The wallet's check before proving (`docs/openid4vp.md` 3.3): `pk`
    /// belongs to a verifying key the request names. A proof made with
    /// another key would not verify, and proving with it is refused.
    pub fn check_proving_key(&self, pk: &ProvingKey) -> Result<()> {
        self.check_verifying_key(&pk.verifying_key())
    }

    /// The verifier's check: `vk` is a key the request names.
    pub fn check_verifying_key(&self, vk: &VerifyingKey) -> Result<()> {
        let hash = vk_hash(vk);
        if self
            .query()?
            .meta
            .zk_system_type
            .iter()
            .any(|z| supported(z) && z.vk_hash == hash)
        {
            Ok(())
        } else {
            Err(Error::Key(
                "not the key the request names (meta.zk_system_type vk_hash)",
            ))
        }
    }

    /// The audience the proof is bound to: the `client_id` (direct_post), or
    /// `origin:<origin>` with the web origin reported by the browser or
    /// platform, never taken from the request (dc_api; the origin must be a
    /// serialised web origin, [`crate::scope::check_origin`]).
    pub fn audience(&self, origin: Option<&str>) -> Result<String> {
        let (aud, path) = match self.response_mode {
            ResponseMode::DirectPost => (
                self.client_id
                    .clone()
                    .ok_or_else(|| field("client_id", "required with response_mode direct_post"))?,
                "client_id",
            ),
            ResponseMode::DcApi => {
                let o = origin
                    .filter(|o| !o.is_empty())
                    .ok_or_else(|| field("origin", "a dc_api request needs the web origin"))?;
                crate::scope::check_origin(o, o)?;
                (format!("{ORIGIN_PREFIX}{o}"), "origin")
            }
        };
        if aud.len() > MAX_STRING_BYTES {
            return Err(field(
                path,
                format!("the audience is longer than {MAX_STRING_BYTES} bytes"),
            ));
        }
        Ok(aud)
    }

    /// The challenge bound to the response mode, the audience, the
    /// destination and the nonce ([`derive_challenge`]).
    pub fn challenge(&self, origin: Option<&str>) -> Result<[u8; CHALLENGE_BYTES]> {
        let aud = self.audience(origin)?;
        let dest = match self.response_mode {
            ResponseMode::DirectPost => self.response_uri.as_deref().unwrap_or(""),
            ResponseMode::DcApi => "",
        };
        Ok(derive_challenge(
            self.response_mode,
            &aud,
            dest,
            &self.nonce,
        ))
    }

    /// The zkcred request this stands for, for the audience of `origin`
    /// (see [`AuthorizationRequest::audience`]): `scope` is the audience and
    /// `challenge` the derived one.
    pub fn to_presentation_request(&self, origin: Option<&str>) -> Result<PresentationRequest> {
        let mut pr = self.presentation_request_for(&self.audience(origin)?)?;
        pr.challenge = hex::encode(self.challenge(origin)?);
        Ok(pr)
    }

    fn presentation_request_for(&self, audience: &str) -> Result<PresentationRequest> {
        let q = self.query()?;
        let issuers = q
            .trusted_authorities
            .iter()
            .find(|t| t.kind == ISSUER_KEY_TYPE)
            .ok_or_else(|| field(&format!("{QUERY}.trusted_authorities"), "no issuers"))?;
        let accepted_issuers = issuers
            .values
            .iter()
            .map(|k| {
                let root = q.meta.revocation_roots.get(k).ok_or_else(|| {
                    field(
                        &format!("{META}.revocation_roots"),
                        "missing a trusted issuer's root",
                    )
                })?;
                Ok(AcceptedIssuer {
                    public_key: k.clone(),
                    revocation_root: root.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let disclose = q
            .claims
            .iter()
            .flatten()
            .map(|c| match c.path.as_slice() {
                [_, Value::String(a)] => Ok(a.clone()),
                _ => Err(field(&format!("{QUERY}.claims"), "bad path")),
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(PresentationRequest {
            version: REQUEST_VERSION,
            schema: q.meta.schema.clone(),
            accepted_issuers,
            predicates: q.meta.predicates.clone(),
            disclose,
            scope: audience.to_string(),
            challenge: hex::encode([0u8; CHALLENGE_BYTES]),
            now: q.meta.now.clone(),
            vk_hash: Some(self.supported_system()?.vk_hash.clone()),
        })
    }

    /// What the wallet shows before proving (`docs/openid4vp.md` 7).
    pub fn summary(&self, origin: Option<&str>) -> Result<ConsentSummary> {
        ConsentSummary::new(
            &self.to_presentation_request(origin)?,
            self.response_mode == ResponseMode::DcApi,
        )
    }
}

fn supported(z: &ZkSystem) -> bool {
    z.system == ZK_SYSTEM && z.circuit == CIRCUIT && z.circuit_version == CIRCUIT_VERSION
}

fn unsupported_systems() -> String {
    format!("no entry this build supports (system `{ZK_SYSTEM}`, circuit `{CIRCUIT}` version {CIRCUIT_VERSION})")
}

impl ConsentSummary {
    /// The summary of a zkcred request `pr` (whose `scope` is the audience);
    /// `audience_authenticated` when the platform vouches for it (a web
    /// origin over the DC API, an origin the app verified).
    pub fn new(pr: &PresentationRequest, audience_authenticated: bool) -> Result<ConsentSummary> {
        pr.compile()?;
        Ok(ConsentSummary {
            audience: pr.scope.clone(),
            audience_authenticated,
            schema: pr.schema.label(),
            predicates: pr.predicates.iter().map(|p| in_words(p, &pr.now)).collect(),
            disclosed: pr.disclose.clone(),
            issuers: pr
                .accepted_issuers
                .iter()
                .map(|i| i.public_key.clone())
                .collect(),
            now: pr.now.clone(),
        })
    }
}

impl std::fmt::Display for ConsentSummary {
    /// The summary for a person. It holds the verifier's public request
    /// only (predicate operands are the verifier's), never the holder's
    /// attribute values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = if self.audience_authenticated {
            "vouched for by the browser or platform"
        } else {
            "as stated by the request itself, not authenticated"
        };
        writeln!(f, "Verifier: {} ({how})", self.audience)?;
        writeln!(
            f,
            "asks for a zero-knowledge proof about your {} credential, as of {}.",
            self.schema, self.now
        )?;
        if self.predicates.is_empty() {
            writeln!(f, "It proves no condition on your attributes.")?;
        } else {
            writeln!(
                f,
                "It will learn that these hold (and nothing more about them):"
            )?;
            for p in &self.predicates {
                writeln!(f, "  - {p}")?;
            }
        }
        if self.disclosed.is_empty() {
            writeln!(f, "It will see no attribute value.")?;
        } else {
            writeln!(
                f,
                "It will see the values of: {}",
                self.disclosed.join(", ")
            )?;
        }
        let n = self.issuers.len();
        write!(
            f,
            "It will also see which issuer signed your credential (one of {n} accepted issuer{}) and a pseudonym (nullifier) that is the same each time you answer this verifier and unlinkable elsewhere.",
            if n == 1 { "" } else { "s" }
        )
    }
}
/// A predicate in words (its operands are the verifier's, public values).
fn in_words(p: &PredicateSpec, now: &str) -> String {
    let v = &p.value;
    let list = |v: &Value| match v.as_array() {
        Some(a) => a.iter().map(plain).collect::<Vec<_>>().join(", "),
        None => plain(v),
    };
    let what = match p.op {
        Op::Eq => format!("equal to {}", plain(v)),
        Op::Neq => format!("not equal to {}", plain(v)),
        Op::Lt => format!("less than {}", plain(v)),
        Op::Lte => format!("at most {}", plain(v)),
        Op::Gt => format!("more than {}", plain(v)),
        Op::Gte => format!("at least {}", plain(v)),
        Op::Between => match v.as_array().map(Vec::as_slice) {
            Some([lo, hi]) => format!("between {} and {}", plain(lo), plain(hi)),
            _ => format!("between {}", plain(v)),
        },
        Op::In => format!("one of {}", list(v)),
        Op::NotIn => format!("none of {}", list(v)),
        Op::AgeAtLeast => format!("at least {} years old on {now}", plain(v)),
    };
    format!("{}: {what}", p.attribute)
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn parse_dcql(v: &Value) -> Result<DcqlQuery> {
    let m = as_object(v, "dcql_query")?;
    if m.contains_key("credential_sets") {
        return Err(field(
            "dcql_query.credential_sets",
            "not supported by zkcred's OpenID4VP profile",
        ));
    }
    let creds = m
        .get("credentials")
        .ok_or_else(|| field("dcql_query.credentials", "missing"))?;
    let creds = as_array(creds, "dcql_query.credentials", 1)?;
    let q = as_object(&creds[0], "dcql_query.credentials[0]")?;
    let p = "dcql_query.credentials[0]";
    let id = req_str(q, "id", &format!("{p}.id"))?;
    check_id(&format!("{p}.id"), id)?;
    let format = req_str(q, "format", &format!("{p}.format"))?;
    if format != FORMAT {
        return Err(field(
            &format!("{p}.format"),
            format!("unsupported format (expected `{FORMAT}`)"),
        ));
    }
    if q.contains_key("claim_sets") {
        return Err(field(
            &format!("{p}.claim_sets"),
            "not supported by zkcred's OpenID4VP profile",
        ));
    }
    match q.get("multiple") {
        None | Some(Value::Bool(false)) => {}
        Some(_) => return Err(field(&format!("{p}.multiple"), "must be false or absent")),
    }
    match q.get("require_cryptographic_holder_binding") {
        None | Some(Value::Bool(_)) => {}
        Some(_) => {
            return Err(field(
                &format!("{p}.require_cryptographic_holder_binding"),
                "must be a boolean",
            ))
        }
    }
    let meta = parse_meta(
        q.get("meta")
            .ok_or_else(|| field(&format!("{p}.meta"), "missing"))?,
    )?;
    let issuers = parse_issuers(q.get("trusted_authorities"), &meta)?;
    let claims = match q.get("claims") {
        None | Some(Value::Null) => None,
        Some(c) => Some(parse_claims(c, &meta.schema)?),
    };
    Ok(DcqlQuery {
        credentials: vec![CredentialQuery {
            id: id.to_string(),
            format: format.to_string(),
            meta,
            trusted_authorities: vec![issuers],
            claims,
        }],
    })
}

fn parse_meta(v: &Value) -> Result<ZkcredMeta> {
    let p = "dcql_query.credentials[0].meta";
    let m = as_object(v, p)?;
    let schema: Schema = serde_json::from_value(
        m.get("schema")
            .ok_or_else(|| field(&format!("{p}.schema"), "missing"))?
            .clone(),
    )
    .map_err(|_| field(&format!("{p}.schema"), "not a zkcred schema"))?;
    schema
        .validate()
        .map_err(|e| field(&format!("{p}.schema"), inner(e)))?;
    let schema_id = req_str(m, "schema_id", &format!("{p}.schema_id"))?;
    let claimed =
        fr_from_hex(schema_id, "schema_id").map_err(|e| field(&format!("{p}.schema_id"), e))?;
    if claimed != schema.field_id() {
        return Err(field(
            &format!("{p}.schema_id"),
            "is not the id of `schema`",
        ));
    }
    let zk = m
        .get("zk_system_type")
        .ok_or_else(|| field(&format!("{p}.zk_system_type"), "missing"))?;
    let zk_system_type = as_array(zk, &format!("{p}.zk_system_type"), MAX_ZK_SYSTEMS)?
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let path = format!("{p}.zk_system_type[{i}]");
            let o = as_object(e, &path)?;
            let s = |k: &str| -> Result<String> {
                let v = req_str(o, k, &format!("{path}.{k}"))?;
                if v.len() > MAX_ID_CHARS * 2 {
                    return Err(field(&format!("{path}.{k}"), "too long"));
                }
                Ok(v.to_string())
            };
            Ok(ZkSystem {
                id: s("id")?,
                system: s("system")?,
                circuit: s("circuit")?,
                circuit_version: o
                    .get("circuit_version")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| {
                        field(&format!("{path}.circuit_version"), "must be an integer")
                    })?,
                vk_hash: s("vk_hash")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if !zk_system_type.iter().any(supported) {
        return Err(field(&format!("{p}.zk_system_type"), unsupported_systems()));
    }
    let predicates: Vec<PredicateSpec> = match m.get("predicates") {
        None => return Err(field(&format!("{p}.predicates"), "missing")),
        Some(Value::Array(a)) if a.len() > zkcred_circuits::presentation::NUM_PREDICATES => {
            return Err(field(
                &format!("{p}.predicates"),
                format!(
                    "at most {} predicates",
                    zkcred_circuits::presentation::NUM_PREDICATES
                ),
            ))
        }
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, e)| {
                serde_json::from_value(e.clone()).map_err(|_| {
                    field(
                        &format!("{p}.predicates[{i}]"),
                        "not a zkcred predicate ({attribute, op, value})",
                    )
                })
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(field(&format!("{p}.predicates"), "must be an array")),
    };
    let now = req_str(m, "now", &format!("{p}.now"))?.to_string();
    Date::parse(&now).map_err(|_| field(&format!("{p}.now"), "not a date (YYYY-MM-DD)"))?;
    let roots = m
        .get("revocation_roots")
        .ok_or_else(|| field(&format!("{p}.revocation_roots"), "missing"))?;
    let roots = as_object(roots, &format!("{p}.revocation_roots"))?;
    if roots.len() > MAX_ISSUERS {
        return Err(field(
            &format!("{p}.revocation_roots"),
            format!("at most {MAX_ISSUERS} entries"),
        ));
    }
    let revocation_roots = roots
        .iter()
        .map(|(k, v)| {
            let path = format!("{p}.revocation_roots");
            let root = v
                .as_str()
                .ok_or_else(|| field(&path, "roots must be strings"))?;
            fr_from_hex(root, "revocation root").map_err(|e| field(&path, e))?;
            Ok((k.clone(), root.to_string()))
        })
        .collect::<Result<BTreeMap<_, _>>>()?;
    Ok(ZkcredMeta {
        schema_id: schema_id.to_string(),
        schema,
        zk_system_type,
        predicates,
        now,
        revocation_roots,
    })
}

fn parse_issuers(v: Option<&Value>, meta: &ZkcredMeta) -> Result<TrustedAuthority> {
    let p = "dcql_query.credentials[0].trusted_authorities";
    let a = as_array(v.ok_or_else(|| field(p, "missing"))?, p, 1)?;
    let o = as_object(&a[0], &format!("{p}[0]"))?;
    if req_str(o, "type", &format!("{p}[0].type"))? != ISSUER_KEY_TYPE {
        return Err(field(
            &format!("{p}[0].type"),
            format!("unsupported type (expected `{ISSUER_KEY_TYPE}`)"),
        ));
    }
    let vp = format!("{p}[0].values");
    let values = as_array(
        o.get("values").ok_or_else(|| field(&vp, "missing"))?,
        &vp,
        MAX_ISSUERS,
    )?;
    let mut keys = Vec::with_capacity(values.len());
    let mut seen = BTreeSet::new();
    for (i, k) in values.iter().enumerate() {
        let path = format!("{vp}[{i}]");
        let k = k.as_str().ok_or_else(|| field(&path, "must be a string"))?;
        IssuerPublicKey::from_hex(k).map_err(|e| field(&path, e))?;
        if !seen.insert(k.to_string()) {
            return Err(field(&path, "duplicate issuer"));
        }
        keys.push(k.to_string());
    }
    let root_keys: BTreeSet<String> = meta.revocation_roots.keys().cloned().collect();
    if root_keys != seen {
        return Err(field(
            "dcql_query.credentials[0].meta.revocation_roots",
            "must have exactly one root per trusted issuer",
        ));
    }
    Ok(TrustedAuthority {
        kind: ISSUER_KEY_TYPE.into(),
        values: keys,
    })
}

fn parse_claims(v: &Value, schema: &Schema) -> Result<Vec<ClaimsQuery>> {
    let p = "dcql_query.credentials[0].claims";
    let a = as_array(v, p, schema.attributes.len())?;
    let mut seen = BTreeSet::new();
    a.iter()
        .enumerate()
        .map(|(i, c)| {
            let path = format!("{p}[{i}]");
            let o = as_object(c, &path)?;
            if o.contains_key("values") {
                return Err(field(
                    &format!("{path}.values"),
                    "value matching is not supported; use meta.predicates",
                ));
            }
            let id = get_str(o, "id", &format!("{path}.id"))?;
            if let Some(id) = id {
                check_id(&format!("{path}.id"), id)?;
            }
            let pp = format!("{path}.path");
            let name = match o.get("path").and_then(Value::as_array).map(Vec::as_slice) {
                Some([Value::String(root), Value::String(name)]) if root == "credentialSubject" => {
                    name
                }
                _ => {
                    return Err(field(
                        &pp,
                        "must be [\"credentialSubject\", \"<attribute>\"]",
                    ))
                }
            };
            schema.attribute(name).map_err(|_| {
                field(
                    &pp,
                    format!("`{name}` is not an attribute of {}", schema.label()),
                )
            })?;
            if !seen.insert(name.clone()) {
                return Err(field(&pp, "the same attribute twice"));
            }
            Ok(ClaimsQuery {
                id: id.map(str::to_string),
                path: vec![Value::from("credentialSubject"), Value::from(name.as_str())],
            })
        })
        .collect()
}

impl VpTokenResponse {
    /// The wallet's response to `request` (audience of `origin`) with
    /// `presentation`, made for that request.
    pub fn new(
        request: &AuthorizationRequest,
        origin: Option<&str>,
        presentation: &Presentation,
    ) -> Result<VpTokenResponse> {
        let compiled = request.to_presentation_request(origin)?.compile()?;
        let bytes = presentation.to_bytes(&compiled.disclosed)?;
        let id = request.query()?.id.clone();
        Ok(VpTokenResponse {
            vp_token: BTreeMap::from([(id, vec![URL_SAFE_NO_PAD.encode(bytes)])]),
            state: request.state.clone(),
        })
    }

    /// Parses a response (at most [`MAX_RESPONSE_BYTES`]): `vp_token` an
    /// object of string arrays (or its JSON text, as a `direct_post` form
    /// carries it), `state` a string when present; other parameters are
    /// ignored (OpenID4VP 8.1). Errors name the member.
    pub fn from_json(json: &str) -> Result<VpTokenResponse> {
        if json.len() > MAX_RESPONSE_BYTES {
            return Err(Error::Encoding("response (too long)"));
        }
        let v: Value = serde_json::from_str(json)?;
        let m = v
            .as_object()
            .ok_or(Error::Encoding("response (not a JSON object)"))?;
        let token = match m.get("vp_token") {
            None | Some(Value::Null) => return Err(Error::Encoding("vp_token (missing)")),
            Some(Value::String(s)) => serde_json::from_str::<Value>(s)
                .map_err(|_| Error::Encoding("vp_token (JSON text of an object)"))?,
            Some(t) => t.clone(),
        };
        let token = token
            .as_object()
            .ok_or(Error::Encoding("vp_token (an object)"))?;
        let mut vp_token = BTreeMap::new();
        for (id, list) in token {
            let list = list
                .as_array()
                .ok_or(Error::Encoding("vp_token (arrays of presentations)"))?
                .iter()
                .map(|p| {
                    p.as_str()
                        .map(str::to_string)
                        .ok_or(Error::Encoding("vp_token (presentations are strings)"))
                })
                .collect::<Result<Vec<_>>>()?;
            vp_token.insert(id.clone(), list);
        }
        let state = match m.get("state") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(Error::Encoding("state (a string)")),
        };
        Ok(VpTokenResponse { vp_token, state })
    }

    /// The response as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("responses serialize")
    }

    /// The presentation this response carries for `request` (the
    /// verifier's own, with its own origin over the DC API), and the zkcred
    /// request it must verify against (`docs/openid4vp.md` 6, steps 1 to 3).
    /// A `state` other than the request's is refused as
    /// [`Error::VerificationFailed`]; the form of `vp_token` as
    /// [`Error::Encoding`] naming it.
    pub fn presentation(
        &self,
        request: &AuthorizationRequest,
        origin: Option<&str>,
    ) -> Result<(PresentationRequest, Presentation)> {
        let q = request.query()?;
        if self.state != request.state {
            return Err(Error::VerificationFailed);
        }
        let token = match (self.vp_token.len(), self.vp_token.get(&q.id)) {
            (1, Some(list)) => match list.as_slice() {
                [t] => t,
                _ => return Err(Error::Encoding("vp_token (exactly one presentation)")),
            },
            _ => return Err(Error::Encoding("vp_token (exactly the request's query id)")),
        };
        if token.len() > MAX_TOKEN_CHARS {
            return Err(Error::Encoding("vp_token (too long)"));
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(token)
            .map_err(|_| Error::Encoding("vp_token (base64url without padding)"))?;
        let pr = request.to_presentation_request(origin)?;
        let compiled = pr.compile()?;
        let presentation = Presentation::from_bytes(&bytes, &compiled.disclosed)?;
        Ok((pr, presentation))
    }
}

/// Verifies `response` against the verifier's own `request` (with its own
/// web origin over the DC API) and verifying key (`docs/openid4vp.md` 6).
/// The request is re-validated; a key it does not name is [`Error::Key`];
/// a presentation made for another nonce, audience, destination, response
/// mode or policy, or altered, is [`Error::VerificationFailed`]. Accepting
/// each nonce at most once (step 4) is the caller's session state.
pub fn verify_response(
    request: &AuthorizationRequest,
    origin: Option<&str>,
    response: &VpTokenResponse,
    vk: &VerifyingKey,
) -> Result<VerifiedPresentation> {
    request.validate()?;
    request.check_verifying_key(vk)?;
    let (pr, presentation) = response.presentation(request, origin)?;
    verifier::verify(&pr, &presentation, vk)
}

/// `vp_token` responses to one OpenID4VP request, for the batch engine
/// ([`crate::batch::verify_all`]): the back end that sent the request
/// verifies the responses it got (Python's `verify_batch`, issue #14
/// point 4). The request and key are checked once; each row is a response's
/// JSON, verified as [`verify_response`] does, so a response to another
/// nonce, state or audience is a refused row. The engine's nullifiers flag
/// a holder answering twice.
pub struct ResponseKind {
    request: AuthorizationRequest,
    origin: Option<String>,
    vk: VerifyingKey,
    presentation_request: PresentationRequest,
}

impl ResponseKind {
    /// Checks `request` (with `origin`, the verifier's own web origin, for
    /// `dc_api`) and that it names `vk`; a malformed request or another key
    /// fails the whole batch, not each row.
    pub fn new(
        request: AuthorizationRequest,
        origin: Option<String>,
        vk: VerifyingKey,
    ) -> Result<ResponseKind> {
        request.validate()?;
        request.check_verifying_key(&vk)?;
        let presentation_request = request.to_presentation_request(origin.as_deref())?;
        presentation_request.compile()?;
        Ok(ResponseKind {
            request,
            origin,
            vk,
            presentation_request,
        })
    }

    /// The zkcred request the OpenID4VP request stands for (its schema
    /// types the disclosed attributes).
    pub fn presentation_request(&self) -> &PresentationRequest {
        &self.presentation_request
    }
}

impl crate::batch::ProofKind for ResponseKind {
    fn verify(&self, proof: &crate::batch::RawProof) -> Result<crate::batch::Accepted> {
        use crate::batch::RawProof;
        proof.check_not_empty()?;
        let text = match proof {
            RawProof::Text(t) => t.as_str(),
            RawProof::Bytes(b) => std::str::from_utf8(b)
                .map_err(|_| Error::Encoding("vp_token response (UTF-8 JSON)"))?,
        };
        let response = VpTokenResponse::from_json(text)?;
        let verified = verify_response(&self.request, self.origin.as_deref(), &response, &self.vk)?;
        Ok(crate::batch::Accepted {
            nullifier: Some(verified.nullifier),
            disclosed: verified.disclosed,
        })
    }
}

/// A request in either form a zkcred wallet answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnyRequest {
    /// A native zkcred request ([`PresentationRequest`]).
    Native(PresentationRequest),
    /// An OpenID4VP Authorization Request of this profile.
    OpenId4Vp(AuthorizationRequest),
}

impl AnyRequest {
    /// Parses either form: a JSON object with `response_type` or
    /// `dcql_query` is an OpenID4VP request (parsed by
    /// [`AuthorizationRequest::from_json`]), anything else a native one
    /// ([`PresentationRequest::from_json`]).
    pub fn from_json(json: &str) -> Result<AnyRequest> {
        let v: Value = serde_json::from_str(json)?;
        let openid = v
            .as_object()
            .is_some_and(|m| m.contains_key("response_type") || m.contains_key("dcql_query"));
        if openid {
            AuthorizationRequest::from_json(json).map(AnyRequest::OpenId4Vp)
        } else {
            PresentationRequest::from_json(json).map(AnyRequest::Native)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONCE: &str = "Yd8kq2Vb-1fQ0xZp7LwS3A";
    const RESPONSE_URI: &str = "https://shop.example/openid4vp/response";

    fn repo_file(path: &str) -> String {
        std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn example(name: &str) -> String {
        repo_file(&format!("docs/examples/{name}"))
    }

    /// The pinned vector's verifying key, whose hash the examples name.
    fn pinned_vk() -> VerifyingKey {
        VerifyingKey::from_bytes(
            &std::fs::read(format!(
                "{}/tests/vectors/presentation-v2/verifying_key.bin",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn challenge_vectors_of_the_profile() {
        // The vector file the doc cites, and the doc's own table: both must
        // be what the code computes.
        let file: Value =
            serde_json::from_str(&example("openid4vp-challenge-vectors.json")).unwrap();
        let doc = repo_file("docs/openid4vp.md");
        assert!(doc.contains("examples/openid4vp-challenge-vectors.json"));
        assert_eq!(file["tag"], BINDING_TAG);
        let vectors = file["vectors"].as_array().unwrap();
        assert_eq!(vectors.len(), 2);
        for v in vectors {
            let mode = match v["response_mode"].as_str().unwrap() {
                "direct_post" => ResponseMode::DirectPost,
                "dc_api" => ResponseMode::DcApi,
                other => panic!("mode {other}"),
            };
            let s = |k: &str| v[k].as_str().unwrap();
            let c = derive_challenge(mode, s("audience"), s("destination"), s("nonce"));
            assert_eq!(hex::encode(c), s("challenge"));
            assert!(doc.contains(&format!("`{}`", s("challenge"))));
            // The message layout, byte for byte.
            let msg = hex::decode(s("msg")).unwrap();
            assert_eq!(
                &Sha256::digest(&msg)[..CHALLENGE_BYTES],
                &c[..],
                "msg of {}",
                s("response_mode")
            );
            if mode == ResponseMode::DcApi {
                assert!(doc.contains(s("msg")));
            }
        }
    }

    #[test]
    fn length_prefixes_keep_the_challenge_injective() {
        let a = derive_challenge(ResponseMode::DirectPost, "ab", "c", NONCE);
        let b = derive_challenge(ResponseMode::DirectPost, "a", "bc", NONCE);
        assert_ne!(a, b);
        let c = derive_challenge(ResponseMode::DcApi, "ab", "c", NONCE);
        assert_ne!(a, c);
    }

    #[test]
    fn example_requests_parse_and_bind_to_their_audience() {
        let r = AuthorizationRequest::from_json(&example("openid4vp-request-direct-post.json"))
            .unwrap();
        let pr = r.to_presentation_request(None).unwrap();
        assert_eq!(pr.scope, format!("{REDIRECT_URI_PREFIX}{RESPONSE_URI}"));
        assert_eq!(
            pr.challenge,
            "415de08de80ff58ad144ef99a8c87a375d4c64903c35457e53ce7637b21b4b"
        );
        assert_eq!(pr.disclose, vec!["residence".to_string()]);
        assert_eq!(pr.predicates.len(), 3);
        let d = AuthorizationRequest::from_json(&example("openid4vp-request-dc-api.json")).unwrap();
        assert!(d.to_presentation_request(None).is_err());
        // The origin is a serialised web origin, nothing else.
        for bad in [
            "https://shop.example/",
            "https://shop.example/path",
            "shop.example",
        ] {
            assert!(d.to_presentation_request(Some(bad)).is_err(), "{bad}");
        }
        let pr = d
            .to_presentation_request(Some("https://shop.example"))
            .unwrap();
        assert_eq!(pr.scope, "origin:https://shop.example");
        assert_eq!(
            pr.challenge,
            "61145c72553b90b03b530c7f5c6b34dd5b3162ae6169708672bb99fd934ccb"
        );
        // The examples name the pinned vector's key (docs/openid4vp.md 3).
        let vk = pinned_vk();
        r.check_verifying_key(&vk).unwrap();
        d.check_verifying_key(&vk).unwrap();
        assert_eq!(
            r.supported_system().unwrap().vk_hash,
            "VwR2xQ7cKui9iEHlJV5n2-_JRbV7NQW5eVhzGrU8X6c"
        );
    }

    #[test]
    fn conversions_round_trip_both_ways() {
        let vk = pinned_vk();
        let pinned = PresentationRequest::from_json(
            &std::fs::read_to_string(format!(
                "{}/tests/vectors/presentation-v2/request.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        )
        .unwrap();
        for target in [
            RequestTarget::DirectPost {
                client_id: None,
                response_uri: Some(RESPONSE_URI.into()),
            },
            RequestTarget::DirectPost {
                client_id: Some(format!("{REDIRECT_URI_PREFIX}{RESPONSE_URI}")),
                response_uri: None,
            },
            RequestTarget::DcApi,
        ] {
            let dc = target == RequestTarget::DcApi;
            let origin = dc.then_some("https://shop.example");
            let state = (!dc).then(|| "st-1".to_string());
            // PresentationRequest -> AuthorizationRequest -> PresentationRequest:
            // equal but for the derived scope and challenge.
            let a = AuthorizationRequest::from_presentation_request(
                &pinned,
                target,
                NONCE.into(),
                state,
                &vk,
            )
            .unwrap();
            let back = a.to_presentation_request(origin).unwrap();
            // ... and the key the request names carried over as `vkHash`.
            assert_eq!(back.vk_hash.as_deref(), Some(vk_hash(&vk).as_str()));
            assert_eq!(
                PresentationRequest {
                    scope: pinned.scope.clone(),
                    challenge: pinned.challenge.clone(),
                    vk_hash: None,
                    ..back.clone()
                },
                pinned
            );
            assert_eq!(back.scope, a.audience(origin).unwrap());
            assert_eq!(back.challenge, hex::encode(a.challenge(origin).unwrap()));
            // AuthorizationRequest -> PresentationRequest -> AuthorizationRequest:
            // identical; and through JSON too.
            let target = match a.response_mode {
                ResponseMode::DirectPost => RequestTarget::DirectPost {
                    client_id: a.client_id.clone(),
                    response_uri: a.response_uri.clone(),
                },
                ResponseMode::DcApi => RequestTarget::DcApi,
            };
            let again = AuthorizationRequest::from_presentation_request(
                &back,
                target,
                a.nonce.clone(),
                a.state.clone(),
                &vk,
            )
            .unwrap();
            assert_eq!(again, a);
            assert_eq!(AuthorizationRequest::from_json(&a.to_json()).unwrap(), a);
        }
        // A native request naming another key is not turned into a request
        // for this one.
        let other = PresentationRequest {
            vk_hash: Some("A".repeat(43)),
            ..pinned.clone()
        };
        let e = AuthorizationRequest::from_presentation_request(
            &other,
            RequestTarget::DcApi,
            NONCE.into(),
            None,
            &vk,
        )
        .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Key);
        let named = pinned.clone().for_verifying_key(&vk);
        AuthorizationRequest::from_presentation_request(
            &named,
            RequestTarget::DcApi,
            NONCE.into(),
            None,
            &vk,
        )
        .unwrap();
    }

    fn edited(edit: impl FnOnce(&mut Value)) -> Result<AuthorizationRequest> {
        let mut v: Value =
            serde_json::from_str(&example("openid4vp-request-direct-post.json")).unwrap();
        edit(&mut v);
        AuthorizationRequest::from_json(&v.to_string())
    }

    fn refused(edit: impl FnOnce(&mut Value), field_path: &str) {
        let e = edited(edit).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Request, "{e}");
        assert!(
            matches!(&e, Error::Request(m) if m.starts_with(&format!("`{field_path}`:"))),
            "{e} does not name {field_path}"
        );
    }

    fn remove(key: &'static str) -> impl FnOnce(&mut Value) {
        move |v| {
            v.as_object_mut().unwrap().remove(key);
        }
    }

    #[test]
    fn typed_errors_name_the_field() {
        let q = "dcql_query.credentials[0]";
        refused(|v| v["response_type"] = "code".into(), "response_type");
        refused(remove("response_type"), "response_type");
        refused(|v| v["response_mode"] = "fragment".into(), "response_mode");
        refused(|v| v["nonce"] = "".into(), "nonce");
        refused(remove("nonce"), "nonce");
        refused(|v| v["nonce"] = "a b".into(), "nonce");
        refused(|v| v["nonce"] = "n".repeat(513).into(), "nonce");
        refused(|v| v["state"] = "s/t".into(), "state");
        refused(remove("client_id"), "client_id");
        refused(
            |v| v["client_id"] = "x509_san_dns:shop.example".into(),
            "client_id",
        );
        refused(
            |v| v["client_id"] = "redirect_uri:https://evil.example/r".into(),
            "client_id",
        );
        refused(remove("response_uri"), "response_uri");
        refused(
            |v| {
                v["response_uri"] = "http://shop.example/r".into();
                v["client_id"] = "redirect_uri:http://shop.example/r".into();
            },
            "response_uri",
        );
        refused(
            |v| {
                let long = format!("https://shop.example/{}", "a".repeat(500));
                v["client_id"] = format!("redirect_uri:{long}").into();
                v["response_uri"] = long.into();
            },
            "client_id",
        );
        refused(remove("dcql_query"), "dcql_query");
        refused(
            |v| v["dcql_query"]["credentials"][0]["format"] = "ldp_vc".into(),
            &format!("{q}.format"),
        );
        refused(
            |v| v["dcql_query"]["credentials"][0]["id"] = "a b".into(),
            &format!("{q}.id"),
        );
        refused(
            |v| {
                let c = v["dcql_query"]["credentials"][0].clone();
                v["dcql_query"]["credentials"] = serde_json::json!([c.clone(), c]);
            },
            "dcql_query.credentials",
        );
        refused(
            |v| v["dcql_query"]["credential_sets"] = serde_json::json!([]),
            "dcql_query.credential_sets",
        );
        refused(
            |v| v["dcql_query"]["credentials"][0]["multiple"] = true.into(),
            &format!("{q}.multiple"),
        );
        refused(
            |v| v["dcql_query"]["credentials"][0]["claims"][0]["path"][1] = "salary".into(),
            &format!("{q}.claims[0].path"),
        );
        refused(
            |v| {
                v["dcql_query"]["credentials"][0]["claims"][0]["path"] =
                    serde_json::json!(["residence"])
            },
            &format!("{q}.claims[0].path"),
        );
        refused(
            |v| {
                v["dcql_query"]["credentials"][0]["claims"][0]["values"] = serde_json::json!(["DE"])
            },
            &format!("{q}.claims[0].values"),
        );
        // A range on a string attribute: the circuit cannot express it.
        refused(
            |v| {
                v["dcql_query"]["credentials"][0]["meta"]["predicates"][1] =
                    serde_json::json!({"attribute": "full_name", "op": "gte", "value": 3})
            },
            &format!("{q}.meta.predicates[1]"),
        );
        // More set values than the circuit's tables hold, in all.
        refused(
            |v| {
                let many: Vec<String> = (0..33).map(|i| format!("{}", i)).collect();
                v["dcql_query"]["credentials"][0]["meta"]["predicates"][2] =
                    serde_json::json!({"attribute": "kyc_level", "op": "in", "value": many})
            },
            &format!("{q}.meta.predicates[2]"),
        );
        refused(
            |v| {
                v["dcql_query"]["credentials"][0]["meta"]["predicates"][0] =
                    serde_json::json!({"attribute": "salary", "op": "gte", "value": 3})
            },
            &format!("{q}.meta.predicates[0]"),
        );
        refused(
            |v| {
                v["dcql_query"]["credentials"][0]["meta"]["predicates"][0] =
                    serde_json::json!({"attribute": "kyc_level", "op": "approx", "value": 3})
            },
            &format!("{q}.meta.predicates[0]"),
        );
        refused(
            |v| v["dcql_query"]["credentials"][0]["meta"]["now"] = "2026-13-01".into(),
            &format!("{q}.meta.now"),
        );
        refused(
            |v| v["dcql_query"]["credentials"][0]["meta"]["schema_id"] = "0x01".into(),
            &format!("{q}.meta.schema_id"),
        );
        refused(
            |v| {
                v["dcql_query"]["credentials"][0]["meta"]["zk_system_type"][0]["circuit_version"] =
                    1.into()
            },
            &format!("{q}.meta.zk_system_type"),
        );
        refused(
            |v| v["dcql_query"]["credentials"][0]["trusted_authorities"][0]["type"] = "aki".into(),
            &format!("{q}.trusted_authorities[0].type"),
        );
        refused(
            |v| {
                v["dcql_query"]["credentials"][0]["meta"]["revocation_roots"] =
                    serde_json::json!({})
            },
            &format!("{q}.meta.revocation_roots"),
        );
        for name in ["transaction_data", "request_uri", "scope", "redirect_uri"] {
            refused(|v| v[name] = serde_json::json!("x"), name);
        }
        refused(
            |v| v["padding"] = "x".repeat(MAX_REQUEST_BYTES).into(),
            "request",
        );
        // Unknown parameters are ignored (OpenID4VP 5), and so is a
        // client_id on a dc_api request (A.2).
        edited(|v| v["unknown_parameter"] = 1.into()).unwrap();
        let mut dc: Value =
            serde_json::from_str(&example("openid4vp-request-dc-api.json")).unwrap();
        dc["client_id"] = "redirect_uri:https://evil.example/r".into();
        let dc = AuthorizationRequest::from_json(&dc.to_string()).unwrap();
        assert_eq!(dc.client_id, None);
        assert_eq!(
            dc.audience(Some("https://shop.example")).unwrap(),
            "origin:https://shop.example"
        );
    }

    #[test]
    fn native_requests_cannot_borrow_an_openid4vp_scope() {
        for scope in [
            "redirect_uri:https://shop.example/openid4vp/response",
            "origin:https://shop.example",
            "x509_san_dns:shop.example",
        ] {
            let e = check_native_scope(scope).unwrap_err();
            assert!(e.to_string().contains("`scope`"), "{e}");
        }
        check_native_scope("shop.example/age-gate").unwrap();
        check_native_scope("https://shop.example").unwrap();
    }

    #[test]
    fn consent_summary_in_words() {
        let r = AuthorizationRequest::from_json(&example("openid4vp-request-direct-post.json"))
            .unwrap();
        let s = r.summary(None).unwrap();
        assert_eq!(s.audience, format!("{REDIRECT_URI_PREFIX}{RESPONSE_URI}"));
        assert!(!s.audience_authenticated);
        assert_eq!(s.schema, "kyc-basic@1");
        assert_eq!(
            s.predicates,
            vec![
                "birth_date: at least 18 years old on 2026-11-23",
                "nationality: one of DE, FR, IT",
                "kyc_level: between 2 and 5",
            ]
        );
        assert_eq!(s.disclosed, vec!["residence"]);
        assert_eq!(s.issuers.len(), 1);
        let text = s.to_string();
        for needle in [
            "redirect_uri:https://shop.example/openid4vp/response",
            "not authenticated",
            "kyc-basic@1",
            "at least 18 years old",
            "residence",
            "pseudonym",
        ] {
            assert!(text.contains(needle), "{needle} missing from:\n{text}");
        }
        let d = AuthorizationRequest::from_json(&example("openid4vp-request-dc-api.json")).unwrap();
        let s = d.summary(Some("https://shop.example")).unwrap();
        assert!(s.audience_authenticated);
        assert_eq!(s.audience, "origin:https://shop.example");
    }

    #[test]
    fn malformed_responses_name_the_member() {
        let r = AuthorizationRequest::from_json(&example("openid4vp-request-direct-post.json"))
            .unwrap();
        let ok =
            VpTokenResponse::from_json(&example("openid4vp-response-direct-post.json")).unwrap();
        assert_eq!(ok.state, r.state);
        // The example's token decodes against the example request (its
        // proof was made for another challenge: it does not verify).
        ok.presentation(&r, None).unwrap();
        let field_of = |json: &str| match VpTokenResponse::from_json(json) {
            Err(e @ Error::Encoding(_)) => e.field().unwrap(),
            other => panic!("{other:?}"),
        };
        assert!(field_of("{}").starts_with("vp_token"));
        assert!(field_of("[]").starts_with("response"));
        assert!(field_of(r#"{"vp_token": 3}"#).starts_with("vp_token"));
        assert!(field_of(r#"{"vp_token": {"kyc": "x"}}"#).starts_with("vp_token"));
        assert!(field_of(r#"{"vp_token": {"kyc": ["x"]}, "state": 1}"#).starts_with("state"));
        assert!(matches!(
            VpTokenResponse::from_json("{"),
            Err(Error::Json(_))
        ));
        assert!(VpTokenResponse::from_json(&" ".repeat(MAX_RESPONSE_BYTES + 1)).is_err());
        // vp_token as JSON text (a direct_post form) reads the same.
        let text = serde_json::json!({
            "vp_token": serde_json::to_string(&ok.vp_token).unwrap(),
            "state": ok.state,
        });
        assert_eq!(VpTokenResponse::from_json(&text.to_string()).unwrap(), ok);
        let with = |edit: &dyn Fn(&mut VpTokenResponse)| {
            let mut x = ok.clone();
            edit(&mut x);
            x.presentation(&r, None).unwrap_err()
        };
        assert!(matches!(
            with(&|x| x.state = Some("other".into())),
            Error::VerificationFailed
        ));
        assert!(matches!(
            with(&|x| x.state = None),
            Error::VerificationFailed
        ));
        let token = ok.vp_token["kyc"][0].clone();
        assert_eq!(
            with(&|x| {
                x.vp_token.insert("other".into(), vec![token.clone()]);
            })
            .field(),
            Some("vp_token (exactly the request's query id)")
        );
        assert_eq!(
            with(&|x| x.vp_token = BTreeMap::from([("other".into(), vec![token.clone()])])).field(),
            Some("vp_token (exactly the request's query id)")
        );
        assert_eq!(
            with(&|x| x.vp_token.get_mut("kyc").unwrap().push(token.clone())).field(),
            Some("vp_token (exactly one presentation)")
        );
        assert_eq!(
            with(&|x| x.vp_token.get_mut("kyc").unwrap()[0].push('=')).field(),
            Some("vp_token (base64url without padding)")
        );
    }
}

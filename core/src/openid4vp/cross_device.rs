//! The cross-device forms of zkcred's OpenID4VP profile
//! (`docs/openid4vp.md` section 12): the request passed by reference in a
//! QR code (`openid4vp://?client_id=...&request_uri=...`), the Request
//! Object served at `request_uri`, and the `direct_post` response as an
//! `application/x-www-form-urlencoded` body.
//!
//! Verifier: [`AuthorizationRequest::by_reference`] gives the URL for the QR
//! code, [`AuthorizationRequest::to_request_object`] what to serve at
//! `request_uri` (content type [`REQUEST_OBJECT_CONTENT_TYPE`]), and
//! [`VpTokenResponse::from_form_body`] reads what the wallet POSTs to
//! `response_uri` (then [`super::verify_response`]).
//!
//! Wallet: [`RequestUrl::parse`] reads the scanned URL (by reference, or the
//! whole request by value); for a reference it fetches `request_uri` with
//! HTTP GET and hands the body to [`RequestByReference::resolve`]; it
//! answers with [`VpTokenResponse::to_form_body`], POSTed to the request's
//! `response_uri`.
//!
//! The Request Object is an Unsecured JWT (`alg` `none`, RFC 7519 section
//! 6): the only client identifier prefix of the profile, `redirect_uri:`,
//! cannot be signed (OpenID4VP 1.0 section 5.9.3).

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::{Map, Value};

use super::{
    check_https_uri, field, AuthorizationRequest, ResponseMode, VpTokenResponse, MAX_REQUEST_BYTES,
    MAX_RESPONSE_BYTES, REDIRECT_URI_PREFIX,
};
use crate::{Error, Result};

/// The URL scheme of wallet invocation (OpenID4VP 1.0 section 13.1.2).
pub const URL_SCHEME: &str = "openid4vp";
/// The JOSE `typ` of a Request Object (OpenID4VP 1.0 section 5, RFC 9101).
pub const REQUEST_OBJECT_TYPE: &str = "oauth-authz-req+jwt";
/// The content type a `request_uri` answers with (RFC 9101 section 10.2).
pub const REQUEST_OBJECT_CONTENT_TYPE: &str = "application/oauth-authz-req+jwt";
/// The content type of a `direct_post` body (OpenID4VP 1.0 section 8.2).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
/// Largest Request Object (the base64url of a request of at most
/// [`MAX_REQUEST_BYTES`], and its header).
pub const MAX_REQUEST_OBJECT_BYTES: usize = MAX_REQUEST_BYTES / 3 * 4 + 1024;
/// Largest request URL (a request by value, percent-encoded, fits).
pub const MAX_URL_BYTES: usize = 3 * MAX_REQUEST_BYTES;
/// Largest `direct_post` body (the JSON of a response of at most
/// [`MAX_RESPONSE_BYTES`], percent-encoded: its base64url token passes
/// unchanged, the few JSON punctuation characters triple).
pub const MAX_FORM_BYTES: usize = 2 * MAX_RESPONSE_BYTES;
/// Most parameters read from a URL or a form body.
const MAX_PARAMS: usize = 64;
/// Largest JOSE header read.
const MAX_HEADER_BYTES: usize = 1024;

/// A request passed by reference: what a QR code carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestByReference {
    /// The verifier's Client Identifier (`redirect_uri:<response_uri>`).
    pub client_id: String,
    /// Where the wallet fetches the Request Object (HTTP GET).
    pub request_uri: String,
}

/// A scanned or tapped `openid4vp://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestUrl {
    /// The request's parameters in the URL itself.
    ByValue(AuthorizationRequest),
    /// `client_id` and `request_uri`: fetch the Request Object, then
    /// [`RequestByReference::resolve`].
    ByReference(RequestByReference),
}

/// Percent-encodes everything but the unreserved characters of RFC 3986
/// (`A-Z a-z 0-9 - . _ ~`), as a form or query value.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes one `application/x-www-form-urlencoded` name or value (`+` is a
/// space, `%XX` a byte; the result must be UTF-8).
fn percent_decode(s: &str, path: &str) -> Result<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| field(path, "a bad percent-encoding"))?;
                out.push(hex);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| field(path, "not UTF-8"))
}

/// Parses `a=b&c=d` (form body or URL query): each name at most once
/// (RFC 6749 section 3.1), at most [`MAX_PARAMS`] pairs, empty pairs
/// skipped.
fn parse_pairs(s: &str, what: &str) -> Result<Map<String, Value>> {
    let mut m = Map::new();
    for (n, pair) in s.split('&').filter(|p| !p.is_empty()).enumerate() {
        if n >= MAX_PARAMS {
            return Err(field(what, format!("more than {MAX_PARAMS} parameters")));
        }
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode(name, what)?;
        let value = percent_decode(value, &name)?;
        if m.insert(name.clone(), Value::String(value)).is_some() {
            return Err(field(&name, "given more than once"));
        }
    }
    Ok(m)
}

/// `request_uri`: an https URL (or http on 127.0.0.1 / localhost, for
/// development), at most [`super::MAX_URI_BYTES`].
fn check_request_uri(uri: &str) -> Result<()> {
    check_https_uri("request_uri", uri)
}

impl AuthorizationRequest {
    /// The verifier's QR code content for this request served at
    /// `request_uri` (OpenID4VP 1.0 sections 5 and 8.2, RFC 9101 section
    /// 5.2): only a `direct_post` request (the wallet is on another device).
    pub fn by_reference(&self, request_uri: &str) -> Result<RequestByReference> {
        if self.response_mode != ResponseMode::DirectPost {
            return Err(field(
                "response_mode",
                "a request by reference must use direct_post",
            ));
        }
        self.validate()?;
        check_request_uri(request_uri)?;
        Ok(RequestByReference {
            client_id: self
                .client_id
                .clone()
                .ok_or_else(|| field("client_id", "required with response_mode direct_post"))?,
            request_uri: request_uri.to_string(),
        })
    }

    /// The Request Object served at `request_uri`: an Unsecured JWT
    /// (`{"alg":"none","typ":"oauth-authz-req+jwt"}`, the request's
    /// parameters as claims, an empty signature), content type
    /// [`REQUEST_OBJECT_CONTENT_TYPE`]. Only `direct_post` requests.
    pub fn to_request_object(&self) -> Result<String> {
        if self.response_mode != ResponseMode::DirectPost {
            return Err(field(
                "response_mode",
                "a request by reference must use direct_post",
            ));
        }
        self.validate()?;
        let header = serde_json::json!({"alg": "none", "typ": REQUEST_OBJECT_TYPE});
        let payload = serde_json::to_vec(self)?;
        Ok(format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header)?),
            URL_SAFE_NO_PAD.encode(payload)
        ))
    }

    /// Parses a Request Object (at most [`MAX_REQUEST_OBJECT_BYTES`]): an
    /// Unsecured JWT with `typ` `oauth-authz-req+jwt` whose claims are a
    /// `direct_post` request of this profile. Signed (`alg` other than
    /// `none`, or a signature) and encrypted (JWE) objects are refused
    /// naming `request_object`: no client identifier prefix this profile
    /// accepts can sign.
    pub fn from_request_object(object: &str) -> Result<AuthorizationRequest> {
        const PATH: &str = "request_object";
        let object = object.trim_matches(|c: char| c.is_ascii_whitespace());
        if object.len() > MAX_REQUEST_OBJECT_BYTES {
            return Err(field(
                PATH,
                format!("longer than {MAX_REQUEST_OBJECT_BYTES} bytes"),
            ));
        }
        let parts: Vec<&str> = object.splitn(6, '.').collect();
        let [header, payload, signature] = parts.as_slice() else {
            return Err(field(
                PATH,
                if parts.len() == 5 {
                    "encrypted request objects (JWE) are not supported"
                } else {
                    "not a compact JWT (three base64url parts)"
                },
            ));
        };
        if header.len() > MAX_HEADER_BYTES {
            return Err(field(PATH, "header too long"));
        }
        let decode = |part: &str, what: &str| {
            URL_SAFE_NO_PAD
                .decode(part)
                .map_err(|_| field(PATH, format!("{what} is not base64url without padding")))
        };
        let header: Value = serde_json::from_slice(&decode(header, "the header")?)
            .map_err(|_| field(PATH, "the header is not JSON"))?;
        let alg = header.get("alg").and_then(Value::as_str);
        if alg != Some("none") || !signature.is_empty() {
            return Err(field(
                PATH,
                "signed request objects are not supported (the redirect_uri: client identifier prefix cannot be signed)",
            ));
        }
        if header.get("typ").and_then(Value::as_str) != Some(REQUEST_OBJECT_TYPE) {
            return Err(field(
                &format!("{PATH}.typ"),
                format!("must be `{REQUEST_OBJECT_TYPE}`"),
            ));
        }
        let payload = decode(payload, "the payload")?;
        let payload =
            std::str::from_utf8(&payload).map_err(|_| field(PATH, "the payload is not UTF-8"))?;
        let request = AuthorizationRequest::from_json(payload)?;
        if request.response_mode != ResponseMode::DirectPost {
            return Err(field(
                "response_mode",
                "a request by reference must use direct_post",
            ));
        }
        Ok(request)
    }
}

impl RequestByReference {
    /// Checks the parts: `client_id` with the `redirect_uri:` prefix,
    /// `request_uri` an https URL.
    pub fn new(client_id: String, request_uri: String) -> Result<RequestByReference> {
        let Some(uri) = client_id.strip_prefix(REDIRECT_URI_PREFIX) else {
            return Err(field(
                "client_id",
                "only the redirect_uri: prefix (unsigned requests) is supported",
            ));
        };
        check_https_uri("client_id", uri)?;
        check_request_uri(&request_uri)?;
        Ok(RequestByReference {
            client_id,
            request_uri,
        })
    }

    /// `openid4vp://?client_id=...&request_uri=...` (percent-encoded), what
    /// the QR code shows. The wallet fetches with GET (no
    /// `request_uri_method`).
    pub fn to_url(&self) -> String {
        format!(
            "{URL_SCHEME}://?client_id={}&request_uri={}",
            percent_encode(&self.client_id),
            percent_encode(&self.request_uri)
        )
    }

    /// The wallet's step after fetching `request_uri`: parses the Request
    /// Object ([`AuthorizationRequest::from_request_object`]) and checks
    /// that its `client_id` is the one the URL named (RFC 9101 section 5;
    /// the URL's parameters are otherwise not used, OpenID4VP 1.0 section
    /// 5).
    pub fn resolve(&self, request_object: &str) -> Result<AuthorizationRequest> {
        let request = AuthorizationRequest::from_request_object(request_object)?;
        if request.client_id.as_deref() != Some(self.client_id.as_str()) {
            return Err(field(
                "client_id",
                "the request object's client_id is not the one of the request URL",
            ));
        }
        Ok(request)
    }
}

impl RequestUrl {
    /// Parses an `openid4vp://` URL (at most [`MAX_URL_BYTES`]): with
    /// `request_uri`, a request by reference (`client_id` required;
    /// `request_uri_method` absent, `get`, or `post`, which a wallet not
    /// supporting it may answer with GET, OpenID4VP 1.0 section 5);
    /// otherwise the request by value, its parameters checked as
    /// [`AuthorizationRequest::from_json`] checks them (`dcql_query` and
    /// `client_metadata` as JSON text). `request` (a Request Object by
    /// value) is refused naming it.
    pub fn parse(url: &str) -> Result<RequestUrl> {
        if url.len() > MAX_URL_BYTES {
            return Err(field("url", format!("longer than {MAX_URL_BYTES} bytes")));
        }
        let scheme_ok = url
            .get(..URL_SCHEME.len() + 1)
            .is_some_and(|s| s.eq_ignore_ascii_case(&format!("{URL_SCHEME}:")));
        if !scheme_ok {
            return Err(field("url", format!("must start with `{URL_SCHEME}:`")));
        }
        let without_fragment = url.split('#').next().unwrap_or("");
        let query = without_fragment
            .split_once('?')
            .map(|(_, q)| q)
            .ok_or_else(|| field("url", "no query parameters"))?;
        let mut params = parse_pairs(query, "url")?;
        if params.contains_key("request") {
            return Err(field(
                "request",
                "request objects by value are not supported (use request_uri)",
            ));
        }
        if let Some(uri) = params.get("request_uri") {
            let uri = uri.as_str().unwrap_or_default().to_string();
            match params.get("request_uri_method").and_then(Value::as_str) {
                None | Some("get") | Some("post") => {}
                Some(_) => {
                    return Err(field("request_uri_method", "must be `get` or `post`"));
                }
            }
            let client_id = params
                .get("client_id")
                .and_then(Value::as_str)
                .filter(|c| !c.is_empty())
                .ok_or_else(|| field("client_id", "required with request_uri"))?
                .to_string();
            return RequestByReference::new(client_id, uri).map(RequestByReference::into);
        }
        if params.contains_key("request_uri_method") {
            return Err(field(
                "request_uri_method",
                "must not be present without request_uri",
            ));
        }
        // Objects travel as JSON text (OpenID4VP 1.0 section 5.1).
        if let Some(Value::String(text)) = params.get("client_metadata") {
            let v: Value =
                serde_json::from_str(text).map_err(|_| field("client_metadata", "not JSON"))?;
            params.insert("client_metadata".into(), v);
        }
        AuthorizationRequest::from_value(&Value::Object(params)).map(RequestUrl::ByValue)
    }
}

impl From<RequestByReference> for RequestUrl {
    fn from(r: RequestByReference) -> RequestUrl {
        RequestUrl::ByReference(r)
    }
}

impl VpTokenResponse {
    /// The `direct_post` body (OpenID4VP 1.0 section 8.2):
    /// `vp_token=<its JSON text>[&state=<state>]`, percent-encoded,
    /// content type [`FORM_CONTENT_TYPE`].
    pub fn to_form_body(&self) -> String {
        let token = serde_json::to_string(&self.vp_token).expect("vp_token serializes");
        let mut body = format!("vp_token={}", percent_encode(&token));
        if let Some(state) = &self.state {
            body.push_str("&state=");
            body.push_str(&percent_encode(state));
        }
        body
    }

    /// Parses a `direct_post` body (at most [`MAX_FORM_BYTES`]): each
    /// parameter at most once, `vp_token` the JSON text of the token
    /// object, `state` when sent; other parameters ignored. An
    /// Authorization Error Response (an `error` parameter) is
    /// [`Error::Encoding`] naming `error`; the rest as
    /// [`VpTokenResponse::from_json`].
    pub fn from_form_body(body: &[u8]) -> Result<VpTokenResponse> {
        if body.len() > MAX_FORM_BYTES {
            return Err(Error::Encoding("response (too long)"));
        }
        let text = std::str::from_utf8(body).map_err(|_| Error::Encoding("response (UTF-8)"))?;
        let params = parse_pairs(text.trim_end_matches(['\r', '\n']), "response")?;
        if params.contains_key("error") {
            return Err(Error::Encoding("error (the wallet sent an error response)"));
        }
        let mut m = Map::new();
        for name in ["vp_token", "state"] {
            if let Some(v) = params.get(name) {
                m.insert(name.into(), v.clone());
            }
        }
        VpTokenResponse::from_json(&Value::Object(m).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUEST_URI: &str = "https://shop.example/openid4vp/request/st-4Zr8nq1VwX2cE6tJ0bLm9A";

    fn example(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/../docs/examples/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn request() -> AuthorizationRequest {
        AuthorizationRequest::from_json(&example("openid4vp-request-direct-post.json")).unwrap()
    }

    /// The first error's message, which must start with the field's path.
    fn refused<T: std::fmt::Debug>(r: Result<T>, path: &str) {
        match r {
            Err(Error::Request(m)) => {
                assert!(m.starts_with(&format!("`{path}")), "{path}: {m}")
            }
            other => panic!("{path}: expected a request error, got {other:?}"),
        }
    }

    fn jwt(header: &Value, payload: &str, signature: &str) -> String {
        format!(
            "{}.{}.{signature}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn by_reference_url_and_request_object_round_trip() {
        let request = request();
        let reference = request.by_reference(REQUEST_URI).unwrap();
        let url = reference.to_url();
        assert_eq!(
            url,
            "openid4vp://?client_id=redirect_uri%3Ahttps%3A%2F%2Fshop.example%2Fopenid4vp%2Fresponse\
             &request_uri=https%3A%2F%2Fshop.example%2Fopenid4vp%2Frequest%2Fst-4Zr8nq1VwX2cE6tJ0bLm9A"
        );
        let RequestUrl::ByReference(parsed) = RequestUrl::parse(&url).unwrap() else {
            panic!("a reference")
        };
        assert_eq!(parsed, reference);
        let object = request.to_request_object().unwrap();
        let (header, _) = object.split_once('.').unwrap();
        assert_eq!(
            URL_SAFE_NO_PAD.decode(header).unwrap(),
            br#"{"alg":"none","typ":"oauth-authz-req+jwt"}"#
        );
        assert!(object.ends_with('.'), "an empty signature");
        assert_eq!(parsed.resolve(&object).unwrap(), request);
        // Whitespace around the fetched body (a trailing newline) is fine.
        assert_eq!(parsed.resolve(&format!("{object}\r\n")).unwrap(), request);
        // The scheme is case-insensitive, a fragment is dropped, unknown
        // parameters are ignored, request_uri_method get or post is GET.
        for url in [
            url.replacen("openid4vp", "OpenID4VP", 1),
            format!("{url}#frag"),
            format!("{url}&foo=bar&request_uri_method=post"),
            url.replacen("://?", "://authorize?", 1),
        ] {
            assert_eq!(
                RequestUrl::parse(&url).unwrap(),
                RequestUrl::ByReference(reference.clone()),
                "{url}"
            );
        }
    }

    #[test]
    fn by_value_url_parses_as_the_json_request() {
        let request = request();
        let v = serde_json::to_value(&request).unwrap();
        let query: Vec<String> = v
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                format!("{k}={}", percent_encode(&text))
            })
            .collect();
        let url = format!("openid4vp://?{}", query.join("&"));
        assert_eq!(
            RequestUrl::parse(&url).unwrap(),
            RequestUrl::ByValue(request)
        );
        // `+` is a space in a form value: the nonce's URL-safe check refuses it.
        refused(
            RequestUrl::parse(&url.replacen("nonce=", "nonce=a+b", 1)),
            "nonce",
        );
    }

    #[test]
    fn malformed_urls_are_refused_naming_the_parameter() {
        let url = request().by_reference(REQUEST_URI).unwrap().to_url();
        refused(RequestUrl::parse("https://wallet.example/?a=b"), "url");
        refused(RequestUrl::parse("openid4vp://"), "url");
        refused(
            RequestUrl::parse(&"openid4vp://?a=b&".repeat(MAX_URL_BYTES / 16 + 1)),
            "url",
        );
        let many: Vec<String> = (0..=MAX_PARAMS).map(|i| format!("a{i}=b")).collect();
        refused(
            RequestUrl::parse(&format!("openid4vp://?{}", many.join("&"))),
            "url",
        );
        refused(
            RequestUrl::parse(&format!("{url}&client_id=x")),
            "client_id",
        );
        refused(
            RequestUrl::parse(&url.replacen("client_id=", "cid=", 1)),
            "client_id",
        );
        refused(
            RequestUrl::parse(&url.replacen("redirect_uri%3A", "x509_san_dns%3A", 1)),
            "client_id",
        );
        refused(
            RequestUrl::parse(&format!("{url}&request_uri_method=put")),
            "request_uri_method",
        );
        refused(
            RequestUrl::parse("openid4vp://?request_uri_method=get&nonce=x"),
            "request_uri_method",
        );
        refused(
            RequestUrl::parse(&url.replacen(
                "https%3A%2F%2Fshop.example%2Fopenid4vp%2Frequest",
                "http%3A%2F%2Fshop.example",
                1,
            )),
            "request_uri",
        );
        refused(
            RequestUrl::parse(&url.replacen("request_uri=https%3A", "request_uri=https%3G", 1)),
            "request_uri",
        );
        refused(
            RequestUrl::parse("openid4vp://?request=e30.e30."),
            "request",
        );
        // A userinfo part does not make a host loopback.
        refused(
            RequestByReference::new(
                "redirect_uri:https://shop.example/r".into(),
                "http://localhost:80@evil.example/r".into(),
            ),
            "request_uri",
        );
        // http on loopback (the demo server) is accepted.
        RequestByReference::new(
            "redirect_uri:http://127.0.0.1:8080/r".into(),
            "http://127.0.0.1:8080/q".into(),
        )
        .unwrap();
    }

    #[test]
    fn request_objects_other_than_unsigned_are_refused() {
        let request = request();
        let reference = request.by_reference(REQUEST_URI).unwrap();
        let payload = serde_json::to_string(&request).unwrap();
        let none = serde_json::json!({"alg": "none", "typ": REQUEST_OBJECT_TYPE});
        assert_eq!(
            reference.resolve(&jwt(&none, &payload, "")).unwrap(),
            request
        );
        let es256 = serde_json::json!({"alg": "ES256", "typ": REQUEST_OBJECT_TYPE});
        refused(
            reference.resolve(&jwt(&es256, &payload, "c2ln")),
            "request_object",
        );
        refused(
            reference.resolve(&jwt(&none, &payload, "c2ln")),
            "request_object",
        );
        refused(
            reference.resolve(&jwt(&serde_json::json!({"alg": "none"}), &payload, "")),
            "request_object.typ",
        );
        refused(
            reference.resolve(&jwt(
                &serde_json::json!({"alg": "none", "typ": "JWT"}),
                &payload,
                "",
            )),
            "request_object.typ",
        );
        refused(reference.resolve("a.b.c.d.e"), "request_object");
        refused(reference.resolve("a.b"), "request_object");
        refused(reference.resolve("!!.e30."), "request_object");
        refused(
            reference.resolve(&"a".repeat(MAX_REQUEST_OBJECT_BYTES + 1)),
            "request_object",
        );
        // Another verifier's request behind this URL's client_id.
        let mut other = request.clone();
        other.response_uri = Some("https://other.example/openid4vp/response".into());
        other.client_id = Some("redirect_uri:https://other.example/openid4vp/response".into());
        let object = other.to_request_object().unwrap();
        refused(reference.resolve(&object), "client_id");
        // The payload is checked like a request by value.
        let mut v: Value = serde_json::from_str(&payload).unwrap();
        v.as_object_mut().unwrap().remove("nonce");
        refused(reference.resolve(&jwt(&none, &v.to_string(), "")), "nonce");
        // A dc_api request is not served by reference.
        let dc =
            AuthorizationRequest::from_json(&example("openid4vp-request-dc-api.json")).unwrap();
        refused(dc.to_request_object(), "response_mode");
        refused(dc.by_reference(REQUEST_URI), "response_mode");
        refused(
            AuthorizationRequest::from_request_object(&jwt(&none, &dc.to_json(), "")),
            "response_mode",
        );
    }

    #[test]
    fn form_body_round_trips_and_refuses_malformed_bodies() {
        let response =
            VpTokenResponse::from_json(&example("openid4vp-response-direct-post.json")).unwrap();
        let body = response.to_form_body();
        assert!(body.starts_with("vp_token=%7B%22kyc%22%3A%5B%22"), "{body}");
        assert!(body.ends_with("&state=st-4Zr8nq1VwX2cE6tJ0bLm9A"), "{body}");
        assert_eq!(
            VpTokenResponse::from_form_body(body.as_bytes()).unwrap(),
            response
        );
        // Order, unknown parameters and a trailing newline do not matter.
        let (token, state) = body.split_once('&').unwrap();
        let swapped = format!("{state}&x=1&{token}\r\n");
        assert_eq!(
            VpTokenResponse::from_form_body(swapped.as_bytes()).unwrap(),
            response
        );
        let encoding =
            |body: &str, what: &str| match VpTokenResponse::from_form_body(body.as_bytes()) {
                Err(Error::Encoding(m)) => assert!(m.starts_with(what), "{what}: {m}"),
                other => panic!("{what}: {other:?}"),
            };
        encoding("state=x", "vp_token (missing)");
        encoding("vp_token=%5B%5D", "vp_token (an object)");
        encoding("vp_token=notjson", "vp_token (JSON text");
        encoding("error=access_denied&state=x", "error");
        encoding(&"a".repeat(MAX_FORM_BYTES + 1), "response (too long)");
        match VpTokenResponse::from_form_body(b"vp_token=%ZZ") {
            Err(Error::Request(m)) => assert!(m.starts_with("`vp_token`"), "{m}"),
            other => panic!("{other:?}"),
        }
        match VpTokenResponse::from_form_body(format!("{body}&state=y").as_bytes()) {
            Err(Error::Request(m)) => assert!(m.starts_with("`state`"), "{m}"),
            other => panic!("{other:?}"),
        }
        match VpTokenResponse::from_form_body(b"vp_token=%FF") {
            Err(Error::Request(m)) => assert!(m.contains("UTF-8"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn percent_encoding_round_trips_every_byte() {
        let all: String = (1u32..0x300).filter_map(char::from_u32).collect();
        let encoded = percent_encode(&all);
        assert!(encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        assert_eq!(percent_decode(&encoded, "x").unwrap(), all);
        assert_eq!(percent_decode("a+b%20c", "x").unwrap(), "a b c");
        for bad in ["%", "%4", "%+1", "%G0"] {
            assert!(percent_decode(bad, "x").is_err(), "{bad}");
        }
    }
}

//! OpenID4VP 1.0 for the wallet app (issue #14 point 3): the request by
//! value (JSON) or by reference (the `openid4vp://` URL of a QR code, whose
//! `request_uri` the app fetches), the consent summary, the matching
//! credentials and the answer (the form-encoded `direct_post` body and the
//! `response_uri` to POST it to). Thin: everything is
//! `zkcred_core::openid4vp` (`docs/openid4vp.md` sections 2 to 7 and 12).

use std::sync::Arc;

use zkcred_core::{
    holder::{self, HolderSecret},
    openid4vp::{
        cross_device::{FORM_CONTENT_TYPE, REQUEST_OBJECT_CONTENT_TYPE},
        AuthorizationRequest, RequestByReference, RequestUrl, ResponseMode, VpTokenResponse,
    },
};

use crate::{
    background,
    errors::{guard, Result, ZkcredError},
    issuer::RevocationPath,
    keys::ProvingKey,
    progress::{CancellationToken, ProofProgress, Watch},
    request::PresentationRequest,
    wallet::{info, CredentialInfo, Wallet},
};

/// The content type the app sends in `Accept` when it fetches `request_uri`
/// (and that the verifier answers with).
#[uniffi::export]
pub fn openid4vp_request_object_content_type() -> String {
    REQUEST_OBJECT_CONTENT_TYPE.into()
}

/// An OpenID4VP Authorization Request of zkcred's profile, checked (every
/// rule of `docs/openid4vp.md` sections 2 and 3).
#[derive(uniffi::Object)]
pub struct Openid4vpRequest(pub(crate) AuthorizationRequest);

/// A scanned or tapped `openid4vp://` URL.
#[derive(uniffi::Enum)]
pub enum Openid4vpUrl {
    /// The whole request was in the URL.
    ByValue {
        /// The request.
        request: Arc<Openid4vpRequest>,
    },
    /// Fetch `request_uri` (HTTP GET, `Accept:
    /// application/oauth-authz-req+jwt`), then [`resolve_openid4vp_request`]
    /// with the body.
    ByReference {
        /// The verifier's client id (`redirect_uri:<response_uri>`).
        client_id: String,
        /// Where to fetch the Request Object.
        request_uri: String,
    },
}

/// What the app shows before proving (`docs/openid4vp.md` 7): public
/// request data only, never the holder's values.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ConsentSummary {
    /// Who asks: the audience the proof is bound to.
    pub audience: String,
    /// Whether the platform vouches for the audience (a web origin over the
    /// Digital Credentials API) rather than the request itself (a
    /// `redirect_uri:` client id: show it as unverified).
    pub audience_authenticated: bool,
    /// The schema, `name@version`.
    pub schema: String,
    /// Each predicate in words.
    pub predicates: Vec<String>,
    /// The attributes revealed.
    pub disclosed: Vec<String>,
    /// The accepted issuers' keys (hex).
    pub issuers: Vec<String>,
    /// The verifier's date (`YYYY-MM-DD`).
    pub now: String,
    /// The whole summary in English sentences.
    pub text: String,
}

/// The wallet's answer: POST `body` with `Content-Type: content_type` to
/// `response_uri` (`direct_post`); over the Digital Credentials API
/// (`response_uri` null) `body` is the response JSON to hand back.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Openid4vpAnswer {
    /// Where to POST (`direct_post`), or null (`dc_api`).
    pub response_uri: Option<String>,
    /// `application/x-www-form-urlencoded` or `application/json`.
    pub content_type: String,
    /// The body.
    pub body: String,
}

/// Parses an `openid4vp://` URL: a request by reference (`client_id` and
/// `request_uri`) or by value. `Request` errors name the parameter.
#[uniffi::export]
pub fn parse_openid4vp_url(url: String) -> Result<Openid4vpUrl> {
    guard(|| {
        Ok(match RequestUrl::parse(&url)? {
            RequestUrl::ByValue(r) => Openid4vpUrl::ByValue {
                request: Arc::new(Openid4vpRequest(r)),
            },
            RequestUrl::ByReference(r) => Openid4vpUrl::ByReference {
                client_id: r.client_id,
                request_uri: r.request_uri,
            },
        })
    })
}

/// The request behind a URL by reference: `request_object` is the body the
/// app fetched from `request_uri` (an unsigned Request Object); its
/// `client_id` must be the URL's.
#[uniffi::export]
pub fn resolve_openid4vp_request(
    client_id: String,
    request_uri: String,
    request_object: String,
) -> Result<Arc<Openid4vpRequest>> {
    guard(|| {
        let reference = RequestByReference::new(client_id, request_uri)?;
        Ok(Arc::new(Openid4vpRequest(
            reference.resolve(&request_object)?,
        )))
    })
}

#[uniffi::export]
impl Openid4vpRequest {
    /// Parses a request passed by value as JSON (one object).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        guard(|| {
            Ok(Arc::new(Openid4vpRequest(AuthorizationRequest::from_json(
                &json,
            )?)))
        })
    }

    /// The request as JSON.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// `direct_post` or `dc_api`.
    pub fn response_mode(&self) -> String {
        self.0.response_mode.as_str().into()
    }

    /// Where the answer goes (`direct_post`).
    pub fn response_uri(&self) -> Option<String> {
        self.0.response_uri.clone()
    }

    /// The verifier's client id (`direct_post`).
    pub fn client_id(&self) -> Option<String> {
        self.0.client_id.clone()
    }

    /// The consent summary. `origin`: for a `dc_api` request, the web origin
    /// the platform reported (never the request's word); null for
    /// `direct_post`.
    pub fn summary(&self, origin: Option<String>) -> Result<ConsentSummary> {
        guard(|| {
            let s = self.0.summary(origin.as_deref())?;
            Ok(ConsentSummary {
                text: s.to_string(),
                audience: s.audience,
                audience_authenticated: s.audience_authenticated,
                schema: s.schema,
                predicates: s.predicates,
                disclosed: s.disclosed,
                issuers: s.issuers,
                now: s.now,
            })
        })
    }

    /// The zkcred request it stands for (scope and challenge derived from
    /// the audience and nonce), for [`Wallet::check`].
    pub fn presentation_request(&self, origin: Option<String>) -> Result<Arc<PresentationRequest>> {
        guard(|| {
            Ok(Arc::new(PresentationRequest(
                self.0.to_presentation_request(origin.as_deref())?,
            )))
        })
    }
}

#[uniffi::export]
impl Wallet {
    /// The credentials that can answer `request` (`origin` as for
    /// [`Openid4vpRequest::summary`]): its schema, an accepted issuer, not
    /// expired, every predicate holding.
    pub fn matching_credentials(
        &self,
        request: Arc<Openid4vpRequest>,
        origin: Option<String>,
    ) -> Result<Vec<CredentialInfo>> {
        guard(|| {
            let pr = request.0.to_presentation_request(origin.as_deref())?;
            let wallet = self.lock();
            wallet.matching(&pr)?.into_iter().map(info).collect()
        })
    }

    /// Answers `request` with credential `credential_id`: checks that
    /// `proving_key` is the key the request names (`Key` otherwise), proves
    /// on a worker thread, and returns the body to send and where.
    /// `origin`: for `dc_api`, the web origin the platform reported; null
    /// for `direct_post` (the audience is the request's client id, shown
    /// as unverified in the summary). `progress` and `cancel` as for
    /// [`Wallet::prove`].
    #[uniffi::method(default(progress = None, cancel = None))]
    #[allow(clippy::too_many_arguments)]
    pub async fn respond_openid4vp(
        self: Arc<Self>,
        request: Arc<Openid4vpRequest>,
        credential_id: String,
        revocation_path: Arc<RevocationPath>,
        proving_key: Arc<ProvingKey>,
        origin: Option<String>,
        progress: Option<Arc<dyn ProofProgress>>,
        cancel: Option<Arc<CancellationToken>>,
    ) -> Result<Openid4vpAnswer> {
        let picked = guard(|| {
            request.0.check_proving_key(&proving_key.0)?;
            let pr = request.0.to_presentation_request(origin.as_deref())?;
            let wallet = self.lock();
            let credential = wallet
                .credentials()
                .iter()
                .find(|c| c.id == credential_id)
                .cloned()
                .ok_or_else(|| ZkcredError::Credential {
                    reason: "the wallet holds no such credential".into(),
                })?;
            let secret = HolderSecret::from_bytes(&wallet.secret().to_bytes())?;
            Ok((pr, credential, secret))
        });
        let (pr, credential, secret) = picked?;
        background::run_watched(Watch::new(cancel, progress), move || {
            let presentation = holder::prove(
                &pr,
                &credential,
                &secret,
                &revocation_path.0,
                &proving_key.0,
            )?;
            let response = VpTokenResponse::new(&request.0, origin.as_deref(), &presentation)?;
            Ok(match request.0.response_mode {
                ResponseMode::DirectPost => Openid4vpAnswer {
                    response_uri: request.0.response_uri.clone(),
                    content_type: FORM_CONTENT_TYPE.into(),
                    body: response.to_form_body(),
                },
                ResponseMode::DcApi => Openid4vpAnswer {
                    response_uri: None,
                    content_type: "application/json".into(),
                    body: response.to_json(),
                },
            })
        })
        .await
    }
}

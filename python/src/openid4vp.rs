//! OpenID4VP 1.0 with DCQL (`docs/openid4vp.md`): the natives behind the
//! Python module `zkcred.openid4vp`. Requests and responses cross as JSON
//! text; core parses, derives, checks and verifies.

use pyo3::{prelude::*, types::PyDict};
use zkcred_core::openid4vp::{self as core_oid, AuthorizationRequest, RequestTarget};

use crate::{
    errors::core,
    keys::VerifyingKey,
    presentation::Presentation,
    request::PresentationRequest,
    values::from_json,
    verifier::{verified_to_py, VerifiedPresentation},
};

/// The verifier's OpenID4VP Authorization Request (JSON) for `request`:
/// `direct_post` to `response_uri` (or `client_id` `redirect_uri:<uri>`), or
/// over the Digital Credentials API with `dc_api`. A fresh nonce, and for
/// `direct_post` a fresh state, unless given.
#[pyfunction]
#[pyo3(signature = (request, verifying_key, *, response_uri = None, client_id = None, dc_api = false, nonce = None, state = None))]
pub fn _openid4vp_request(
    request: &PresentationRequest,
    verifying_key: &VerifyingKey,
    response_uri: Option<String>,
    client_id: Option<String>,
    dc_api: bool,
    nonce: Option<String>,
    state: Option<String>,
) -> PyResult<String> {
    core(|| {
        let target = if dc_api {
            RequestTarget::DcApi
        } else {
            RequestTarget::DirectPost {
                client_id,
                response_uri,
            }
        };
        let state = if dc_api {
            state
        } else {
            Some(state.unwrap_or_else(core_oid::fresh_nonce))
        };
        let nonce = nonce.unwrap_or_else(core_oid::fresh_nonce);
        AuthorizationRequest::from_presentation_request(
            &request.0,
            target,
            nonce,
            state,
            &verifying_key.0,
        )
        .map(|r| r.to_json())
    })
}

/// The wallet's view: the zkcred request an OpenID4VP request stands for
/// (`origin`: the web origin asking, for `dc_api`).
#[pyfunction]
#[pyo3(signature = (request, *, origin = None))]
pub fn _openid4vp_presentation_request(
    request: &str,
    origin: Option<&str>,
) -> PyResult<PresentationRequest> {
    core(|| {
        AuthorizationRequest::from_json(request)?
            .to_presentation_request(origin)
            .map(PresentationRequest)
    })
}

/// The consent summary of an OpenID4VP request, as a dict, with its text
/// under `"text"`.
#[pyfunction]
#[pyo3(signature = (request, *, origin = None))]
pub fn _openid4vp_summary<'py>(
    py: Python<'py>,
    request: &str,
    origin: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let (value, text) = core(|| {
        let s = AuthorizationRequest::from_json(request)?.summary(origin)?;
        Ok((serde_json::to_value(&s)?, s.to_string()))
    })?;
    let dict = from_json(py, &value)?;
    dict.cast::<PyDict>()?.set_item("text", text)?;
    Ok(dict)
}

/// The wallet's `vp_token` response (JSON) to `request` with `presentation`.
#[pyfunction]
#[pyo3(signature = (request, presentation, *, origin = None))]
pub fn _openid4vp_response(
    request: &str,
    presentation: &Presentation,
    origin: Option<&str>,
) -> PyResult<String> {
    core(|| {
        let request = AuthorizationRequest::from_json(request)?;
        core_oid::VpTokenResponse::new(&request, origin, &presentation.0).map(|r| r.to_json())
    })
}

/// Verifies a `vp_token` response against the verifier's own OpenID4VP
/// request (and its own origin, for `dc_api`). Releases the GIL.
#[pyfunction]
#[pyo3(signature = (request, response, verifying_key, *, origin = None))]
pub fn _openid4vp_verify(
    py: Python<'_>,
    request: &str,
    response: &str,
    verifying_key: &VerifyingKey,
    origin: Option<&str>,
) -> PyResult<VerifiedPresentation> {
    let vk = &verifying_key.0;
    let (pr, verified) = py.detach(|| {
        core(|| {
            let request = AuthorizationRequest::from_json(request)?;
            let response = core_oid::VpTokenResponse::from_json(response)?;
            let verified = core_oid::verify_response(&request, origin, &response, vk)?;
            Ok((request.to_presentation_request(origin)?, verified))
        })
    })?;
    verified_to_py(py, &pr, verified)
}

/// Adds the natives to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_openid4vp_request, m)?)?;
    m.add_function(wrap_pyfunction!(_openid4vp_presentation_request, m)?)?;
    m.add_function(wrap_pyfunction!(_openid4vp_summary, m)?)?;
    m.add_function(wrap_pyfunction!(_openid4vp_response, m)?)?;
    m.add_function(wrap_pyfunction!(_openid4vp_verify, m)?)?;
    Ok(())
}

//! Verifiers: presentations, single verification, and batch verification
//! with the GIL released.

use std::collections::BTreeMap;

use pyo3::{
    exceptions::PyTypeError,
    prelude::*,
    types::{PyByteArray, PyBytes, PyDict, PyList, PyString},
};
use zkcred_core::{
    date::Date,
    openid4vp::{AuthorizationRequest, ResponseKind},
    request as core_request,
    schema::AttributeType,
    verifier as core_verifier,
};

use crate::{
    batch::{self, CreditKind, IdentityKind, RawProof, CREDIT_DISCLOSED},
    credit::{CreditPolicy, CreditProof},
    errors::{class_name, core},
    keys::VerifyingKey,
    presentation::{slots, Presentation},
    request::PresentationRequest,
    values::{attribute_to_py, date_to_py, from_json},
};

/// What a verified presentation establishes.
#[pyclass(module = "zkcred", frozen, get_all)]
pub struct VerifiedPresentation {
    /// The issuer's public key (hex).
    issuer: String,
    /// The holder's nullifier in the verifier's scope (hex): stable for one
    /// holder within the scope, unlinkable across scopes.
    nullifier: String,
    /// The disclosed attributes, as Python values of their types (`date`
    /// attributes as `datetime.date`).
    disclosed: Py<PyDict>,
}

#[pymethods]
impl VerifiedPresentation {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "VerifiedPresentation(issuer={:?}, nullifier={:?}, disclosed={})",
            self.issuer,
            self.nullifier,
            self.disclosed.bind(py).repr()?
        ))
    }
}

fn attribute_kind<'a>(
    request: &'a core_request::PresentationRequest,
    name: &str,
) -> Option<&'a AttributeType> {
    request
        .schema
        .attribute(name)
        .ok()
        .map(|(_, def)| &def.kind)
}

fn disclosed_to_py<'py>(
    py: Python<'py>,
    request: &core_request::PresentationRequest,
    disclosed: &BTreeMap<String, serde_json::Value>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in disclosed {
        d.set_item(k, attribute_to_py(py, attribute_kind(request, k), v)?)?;
    }
    Ok(d)
}

/// One proof as received from Python: a `Presentation`, `bytes` or
/// `bytearray` (binary or UTF-8 JSON), or `str` (JSON).
fn raw_proof(obj: &Bound<'_, PyAny>, request: &PresentationRequest) -> PyResult<RawProof> {
    if let Some(raw) = text_or_bytes(obj)? {
        return Ok(raw);
    }
    if let Ok(p) = obj.cast::<Presentation>() {
        let slots = slots(&request.0)?;
        return Ok(RawProof::Bytes(core(|| p.get().0.to_bytes(&slots))?));
    }
    Err(PyTypeError::new_err(format!(
        "a proof must be bytes, str (JSON) or a Presentation, not {}",
        obj.get_type().name()?
    )))
}

/// Verifies `presentation` (a `Presentation`, or its JSON as `str`, or
/// `bytes` in either form) against the verifier's own `request`.
///
/// Raises `VerificationError` (opaque) when it does not verify,
/// `MalformedProofError` / `JsonError` / `EncodingError` when it does not
/// parse, and `RequestError` when the request itself is malformed. Releases
/// the GIL while verifying.
#[pyfunction]
pub fn verify<'py>(
    py: Python<'py>,
    request: &PresentationRequest,
    presentation: &Bound<'py, PyAny>,
    verifying_key: &VerifyingKey,
) -> PyResult<VerifiedPresentation> {
    let raw = raw_proof(presentation, request)?;
    let req = &request.0;
    let vk = &verifying_key.0;
    let verified = py.detach(|| {
        core(|| {
            let p = batch::parse_presentation(&raw, &req.compile()?.disclosed)?;
            core_verifier::verify(req, &p, vk)
        })
    })?;
    verified_to_py(py, req, verified)
}

/// Core's verified presentation for Python (disclosed values typed by
/// `request`'s schema).
pub(crate) fn verified_to_py(
    py: Python<'_>,
    request: &core_request::PresentationRequest,
    verified: core_verifier::VerifiedPresentation,
) -> PyResult<VerifiedPresentation> {
    Ok(VerifiedPresentation {
        issuer: verified.issuer,
        nullifier: verified.nullifier,
        disclosed: disclosed_to_py(py, request, &verified.disclosed)?.unbind(),
    })
}

/// The native half of `zkcred.verify_batch`: verifies every proof of
/// `proofs` against `policy` in parallel with the GIL released, and returns
/// the table as columns (a dict of lists, one row per proof, in order):
/// `accepted`, `error`, `reason`, `nullifier`, `verify_ms`, and
/// `disclosed` (a dict of one list per disclosed field).
///
/// `policy` picks the kind of proof: a `PresentationRequest` for identity
/// presentations (with `verifying_key`), a `CreditPolicy` for transparent
/// credit proofs (no key: disclosed `issuer_id`, `currency`, `expires`).
///
/// An OpenID4VP Authorization Request (its JSON, `str`) takes the
/// `vp_token` responses to it (JSON `str` or `bytes`), with the verifier's
/// own web origin as `origin` for `dc_api` (issue #14 point 4).
#[pyfunction]
#[pyo3(signature = (policy, proofs, verifying_key = None, threads = None, origin = None))]
pub fn _verify_batch<'py>(
    py: Python<'py>,
    policy: &Bound<'py, PyAny>,
    proofs: &Bound<'py, PyAny>,
    verifying_key: Option<&VerifyingKey>,
    threads: Option<usize>,
    origin: Option<String>,
) -> PyResult<Bound<'py, PyDict>> {
    if let Ok(text) = policy.cast::<PyString>() {
        let verifying_key = verifying_key
            .ok_or_else(|| PyTypeError::new_err("OpenID4VP responses need the verifying key"))?;
        let text = text.to_cow()?;
        let kind = core(|| {
            let request = AuthorizationRequest::from_json(&text)?;
            ResponseKind::new(request, origin, verifying_key.0.clone())
        })?;
        let raw = proofs
            .try_iter()?
            .map(|p| response_raw(&p?))
            .collect::<PyResult<Vec<_>>>()?;
        let outcomes = run(py, &kind, &raw, threads)?;
        let request = kind.presentation_request();
        let names = slots(request)?
            .into_iter()
            .map(|(_, n)| n)
            .collect::<Vec<_>>();
        return columns(py, &outcomes, &names, |name, v| {
            attribute_to_py(py, attribute_kind(request, name), v)
        });
    }
    if let Ok(credit) = policy.cast::<CreditPolicy>() {
        let raw = proofs
            .try_iter()?
            .map(|p| credit_raw_proof(&p?))
            .collect::<PyResult<Vec<_>>>()?;
        let kind = core(|| CreditKind::new(credit.get().0.clone()))?;
        let mut outcomes = run(py, &kind, &raw, threads)?;
        // A failed row names what failed, as `verify_credit` does.
        for o in &mut outcomes {
            if let Err(r) = &mut o.result {
                if r.kind == Some(zkcred_core::ErrorKind::VerificationFailed) {
                    r.reason = crate::credit::CREDIT_NOT_VERIFIED.into();
                }
            }
        }
        let names: Vec<String> = CREDIT_DISCLOSED.iter().map(|n| n.to_string()).collect();
        return columns(py, &outcomes, &names, |name, v| match (name, v) {
            ("expires", serde_json::Value::String(s)) => {
                Ok(date_to_py(py, core(|| Date::parse(s))?)?.into_any())
            }
            _ => from_json(py, v),
        });
    }
    let request = policy.cast::<PresentationRequest>().map_err(|_| {
        PyTypeError::new_err("the policy must be a PresentationRequest or a CreditPolicy")
    })?;
    let verifying_key = verifying_key
        .ok_or_else(|| PyTypeError::new_err("identity presentations need the verifying key"))?;
    let request = request.borrow();
    let raw = proofs
        .try_iter()?
        .map(|p| raw_proof(&p?, &request))
        .collect::<PyResult<Vec<_>>>()?;
    let kind = core(|| IdentityKind::new(request.0.clone(), verifying_key.0.clone()))?;
    let outcomes = run(py, &kind, &raw, threads)?;
    let names = slots(&request.0)?
        .into_iter()
        .map(|(_, n)| n)
        .collect::<Vec<_>>();
    columns(py, &outcomes, &names, |name, v| {
        attribute_to_py(py, attribute_kind(&request.0, name), v)
    })
}

/// A proof given as text (`str`) or bytes (`bytes`, `bytearray`); `None`
/// for any other type.
fn text_or_bytes(obj: &Bound<'_, PyAny>) -> PyResult<Option<RawProof>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Some(RawProof::Text(s.to_cow()?.into_owned())));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Some(RawProof::Bytes(b.as_bytes().to_vec())));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Some(RawProof::Bytes(b.to_vec())));
    }
    Ok(None)
}

/// A `vp_token` response for the batch: its JSON as str or bytes.
fn response_raw(obj: &Bound<'_, PyAny>) -> PyResult<RawProof> {
    if let Some(raw) = text_or_bytes(obj)? {
        return Ok(raw);
    }
    Err(PyTypeError::new_err(format!(
        "a vp_token response must be str or bytes (JSON), or a dict, not {}",
        obj.get_type().name()?
    )))
}

/// A credit proof for the batch: a `CreditProof` (its binary form), bytes or str.
fn credit_raw_proof(obj: &Bound<'_, PyAny>) -> PyResult<RawProof> {
    if let Some(raw) = text_or_bytes(obj)? {
        return Ok(raw);
    }
    if let Ok(p) = obj.cast::<CreditProof>() {
        return Ok(RawProof::Bytes(p.get().0.to_bytes()));
    }
    Err(PyTypeError::new_err(format!(
        "a credit proof must be bytes, str (JSON) or a CreditProof, not {}",
        obj.get_type().name()?
    )))
}

fn run<K: batch::ProofKind>(
    py: Python<'_>,
    kind: &K,
    raw: &[RawProof],
    threads: Option<usize>,
) -> PyResult<Vec<batch::Outcome>> {
    py.detach(|| core(|| batch::verify_all(kind, raw, threads)))
}

fn columns<'py>(
    py: Python<'py>,
    outcomes: &[batch::Outcome],
    names: &[String],
    convert: impl Fn(&str, &serde_json::Value) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let accepted = PyList::empty(py);
    let error = PyList::empty(py);
    let reason = PyList::empty(py);
    let nullifier = PyList::empty(py);
    let verify_ms = PyList::empty(py);
    let disclosed: Vec<Bound<'py, PyList>> = names.iter().map(|_| PyList::empty(py)).collect();
    for o in outcomes {
        verify_ms.append(o.elapsed.as_secs_f64() * 1e3)?;
        match &o.result {
            Ok(a) => {
                accepted.append(true)?;
                error.append(py.None())?;
                reason.append(py.None())?;
                nullifier.append(a.nullifier.as_deref())?;
                for (name, column) in names.iter().zip(&disclosed) {
                    match a.disclosed.get(name) {
                        Some(v) => column.append(convert(name, v)?)?,
                        None => column.append(py.None())?,
                    }
                }
            }
            Err(r) => {
                accepted.append(false)?;
                // No kind: the row's verification panicked.
                error.append(r.kind.map_or("InternalError", class_name))?;
                reason.append(&r.reason)?;
                nullifier.append(py.None())?;
                for column in &disclosed {
                    column.append(py.None())?;
                }
            }
        }
    }
    let columns = PyDict::new(py);
    columns.set_item("accepted", accepted)?;
    columns.set_item("error", error)?;
    columns.set_item("reason", reason)?;
    columns.set_item("nullifier", nullifier)?;
    columns.set_item("verify_ms", verify_ms)?;
    let by_name = PyDict::new(py);
    for (name, column) in names.iter().zip(disclosed) {
        by_name.set_item(name, column)?;
    }
    columns.set_item("disclosed", by_name)?;
    Ok(columns)
}

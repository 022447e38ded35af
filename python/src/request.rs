//! Schemas and presentation requests (the verifier's side of the policy).

use pyo3::{prelude::*, types::PyDate};
use zkcred_core::{
    date::Date,
    encoding::fr_from_hex,
    issuer::IssuerPublicKey,
    request::{self as core_request, Op},
    schema::{self as core_schema, AttributeType},
};

use crate::{
    errors::{core, guard, to_py},
    values::{date_from_py, date_to_py, from_json, to_json},
};

/// A credential schema: named, typed attributes.
#[pyclass(module = "zkcred", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct Schema(pub(crate) core_schema::Schema);

fn type_name(kind: &AttributeType) -> &'static str {
    match kind {
        AttributeType::Date => "date",
        AttributeType::Integer => "integer",
        AttributeType::Boolean => "boolean",
        AttributeType::Enum { .. } => "enum",
        AttributeType::Country => "country",
        AttributeType::String => "string",
    }
}

#[pymethods]
impl Schema {
    /// Parses and validates a schema from its JSON.
    #[new]
    fn new(json: &str) -> PyResult<Schema> {
        core(|| core_schema::Schema::from_json(json).map(Schema))
    }

    /// Parses and validates a schema from its JSON.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Schema> {
        Self::new(json)
    }

    /// The schema as JSON.
    fn to_json(&self) -> PyResult<String> {
        guard(|| Ok(self.0.to_json()))
    }

    /// The schema's name, e.g. `kyc-basic`.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The schema's own version.
    #[getter]
    fn version(&self) -> u64 {
        self.0.version
    }

    /// `id/vN`, as credentials name it.
    #[getter]
    fn label(&self) -> String {
        self.0.label()
    }

    /// `(name, type)` of each attribute, in slot order; type is one of
    /// `date`, `integer`, `boolean`, `enum`, `country`, `string`.
    #[getter]
    fn attributes(&self) -> Vec<(String, &'static str)> {
        self.0
            .attributes
            .iter()
            .map(|a| (a.name.clone(), type_name(&a.kind)))
            .collect()
    }

    fn __getnewargs__(&self) -> PyResult<(String,)> {
        Ok((self.to_json()?,))
    }

    fn __repr__(&self) -> String {
        format!(
            "Schema({:?}, {} attributes)",
            self.0.label(),
            self.0.attributes.len()
        )
    }
}

/// The operator from its JSON name or symbol: `=`/`eq`, `!=`/`neq`, `<`/`lt`,
/// `<=`/`lte`, `>`/`gt`, `>=`/`gte`, `between`, `in`, `notIn`, `ageAtLeast`.
fn parse_op(op: &str) -> PyResult<Op> {
    serde_json::from_value(serde_json::Value::String(op.into())).map_err(|_| {
        to_py(zkcred_core::Error::Request(format!(
            "unknown operator {op:?} (expected one of = != < <= > >= between in notIn ageAtLeast, or eq neq lt lte gt gte)"
        )))
    })
}

/// A presentation request: what a verifier asks. Build it with the chaining
/// methods (`accept_issuer`, `require`, `disclose`, `at`); each returns a
/// NEW request and leaves its receiver as it was (so keep the result:
/// `r = r.require(...)`), and each checks what it adds against the schema
/// at the call.
#[pyclass(module = "zkcred")]
#[derive(Clone)]
pub struct PresentationRequest(pub(crate) core_request::PresentationRequest);

#[pymethods]
impl PresentationRequest {
    /// A request for credentials of `schema`, in the verifier's `scope`, with
    /// a fresh random challenge (or `challenge`, 31 bytes hex) and today's
    /// date (or `now`).
    #[new]
    #[pyo3(signature = (schema, scope, *, challenge = None, now = None))]
    fn new(
        schema: &Schema,
        scope: String,
        challenge: Option<String>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PresentationRequest> {
        let mut r = guard(|| {
            Ok(core_request::PresentationRequest::new(
                schema.0.clone(),
                scope,
            ))
        })?;
        if let Some(c) = challenge {
            r.challenge = c;
        }
        if let Some(now) = now {
            r.now = date_from_py(now)?.to_string();
        }
        Ok(PresentationRequest(r))
    }

    /// Parses and validates a request from its JSON.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<PresentationRequest> {
        core(|| core_request::PresentationRequest::from_json(json).map(PresentationRequest))
    }

    /// The request as JSON (what the verifier sends the holder).
    fn to_json(&self) -> PyResult<String> {
        guard(|| Ok(self.0.to_json()))
    }

    /// A new request that also accepts credentials from the issuer with
    /// `public_key` (hex) under its current `revocation_root` (hex). The
    /// request itself is unchanged.
    fn accept_issuer(&self, public_key: &str, revocation_root: &str) -> PyResult<Self> {
        let key = core(|| IssuerPublicKey::from_hex(public_key))?;
        let root = core(|| fr_from_hex(revocation_root, "revocation root"))?;
        Ok(PresentationRequest(
            self.0.clone().accept_issuer(&key, root),
        ))
    }

    /// A new request with the predicate `attribute op value` added, e.g.
    /// `require("birth_date", "ageAtLeast", 18)`, `require("nationality",
    /// "in", ["DE", "FR"])`, `require("kyc_level", ">=", 2)`,
    /// `require("kyc_level", "between", (1, 5))`. Checked against the schema
    /// here: an attribute the schema lacks (`RequestError` naming it and
    /// listing the schema's) or an operand that does not fit its type is
    /// refused at this call. The request itself is unchanged.
    fn require(&self, attribute: &str, op: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        let op = parse_op(op)?;
        let value = to_json(value)?;
        let next = self.0.clone().require(attribute, op, value);
        core(|| next.check_partial())?;
        Ok(PresentationRequest(next))
    }

    /// A new request that also asks for `attribute` to be disclosed
    /// (checked against the schema here). The request itself is unchanged.
    fn disclose(&self, attribute: &str) -> PyResult<Self> {
        let next = self.0.clone().disclose(attribute);
        core(|| next.check_partial())?;
        Ok(PresentationRequest(next))
    }

    /// A new request naming the verifying key proofs will be checked with
    /// (`vkHash`, its hash): a holder then refuses a proving key of another
    /// verifying key (`InvalidKeyError`), before proving.
    fn for_verifying_key(&self, vk: &crate::keys::VerifyingKey) -> PresentationRequest {
        PresentationRequest(self.0.clone().for_verifying_key(&vk.0))
    }

    /// The hash of the verifying key the request names (`vkHash`), or
    /// `None`.
    #[getter]
    fn vk_hash(&self) -> Option<String> {
        self.0.vk_hash.clone()
    }

    /// A new request on the verifier's date `now` (`datetime.date`, a
    /// midnight pandas `Timestamp`, or `YYYY-MM-DD`).
    fn at(&self, now: &Bound<'_, PyAny>) -> PyResult<Self> {
        let now = date_from_py(now)?;
        Ok(PresentationRequest(self.0.clone().at(now)))
    }

    /// Checks every part of the request (the schema, the issuers, each
    /// predicate against its attribute's type, the challenge, the date);
    /// raises `RequestError` (or a more specific class) naming what is wrong.
    fn validate(&self) -> PyResult<()> {
        core(|| self.0.compile().map(|_| ()))
    }

    /// A copy of the request with a new random challenge (one per session).
    fn with_fresh_challenge(&self) -> PresentationRequest {
        let mut r = self.0.clone();
        r.challenge = core_request::fresh_challenge();
        PresentationRequest(r)
    }

    /// The schema.
    #[getter]
    fn schema(&self) -> Schema {
        Schema(self.0.schema.clone())
    }

    /// The verifier's scope (nullifiers are stable within it).
    #[getter]
    fn scope(&self) -> &str {
        &self.0.scope
    }

    /// The challenge (31 bytes, hex).
    #[getter]
    fn challenge(&self) -> &str {
        &self.0.challenge
    }

    /// Sets the challenge (31 bytes, hex; checked by `validate`).
    #[setter]
    fn set_challenge(&mut self, challenge: String) {
        self.0.challenge = challenge;
    }

    /// The verifier's date.
    #[getter]
    fn now<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        date_to_py(py, Date::parse(&self.0.now).map_err(to_py)?)
    }

    /// `(public_key, revocation_root)` of each accepted issuer.
    #[getter]
    fn accepted_issuers(&self) -> Vec<(String, String)> {
        self.0
            .accepted_issuers
            .iter()
            .map(|i| (i.public_key.clone(), i.revocation_root.clone()))
            .collect()
    }

    /// `(attribute, op, value)` of each predicate (op by its JSON name).
    #[getter]
    fn predicates<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<Vec<(String, &'static str, Bound<'py, PyAny>)>> {
        self.0
            .predicates
            .iter()
            .map(|p| Ok((p.attribute.clone(), p.op.as_str(), from_json(py, &p.value)?)))
            .collect()
    }

    /// The attributes to disclose.
    #[getter]
    fn disclosed_attributes(&self) -> Vec<String> {
        self.0.disclose.clone()
    }

    fn __getnewargs__(&self) -> PyResult<(Schema, String)> {
        Ok((self.schema(), self.0.scope.clone()))
    }

    fn __getstate__(&self) -> PyResult<String> {
        self.to_json()
    }

    fn __setstate__(&mut self, state: &str) -> PyResult<()> {
        // Not `from_json`: a request being built may not validate yet.
        self.0 = serde_json::from_str(state).map_err(|e| to_py(e.into()))?;
        Ok(())
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.0 == other.0
    }

    fn __repr__(&self) -> String {
        format!(
            "PresentationRequest(schema={:?}, scope={:?}, {} issuers, {} predicates, disclose={:?})",
            self.0.schema.label(),
            self.0.scope,
            self.0.accepted_issuers.len(),
            self.0.predicates.len(),
            self.0.disclose
        )
    }
}

//! SME credit proofs: the data provider's key and attestations, metrics,
//! scorecard models, the lender's policies, and proving and verifying on
//! both paths (transparent: Bulletproofs; succinct: a Groth16 binned
//! scorecard). Conversions only: every check is core's
//! ([`zkcred_core::credit`]).

use pyo3::{
    exceptions::{PyTypeError, PyValueError},
    prelude::*,
    types::{PyByteArray, PyBytes, PyDate, PyString},
};
use std::path::PathBuf;
use zeroize::Zeroizing;

use zkcred_core::{
    date::Date,
    encoding::{fr_from_hex, fr_to_hex},
    files,
    keys::TrustedKey,
};
use zkcred_credit::{
    self as core_credit,
    succinct::{self as core_succinct},
    Bound as CoreBound, Metric,
};

use crate::{
    batch::RawProof,
    errors::{core, guard},
    holder::HolderSecret,
    values::{date_from_py, date_to_py, from_json, to_json_object},
};

fn optional_date(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Date> {
    match obj {
        None => Ok(Date::today()),
        Some(d) => date_from_py(d),
    }
}

fn bytes_of(obj: &Bound<'_, PyAny>) -> Option<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Some(b.as_bytes().to_vec());
    }
    obj.cast::<PyByteArray>().ok().map(|b| b.to_vec())
}

/// A data provider's key (a bank, an accounting platform): signs SMEs'
/// metrics for both paths. Zeroized on drop; `repr` shows the public key.
#[pyclass(module = "zkcred", frozen)]
pub struct ProviderKey(pub(crate) core_credit::ProviderKey);

#[pymethods]
impl ProviderKey {
    /// A fresh key from the operating system's randomness.
    #[staticmethod]
    fn generate() -> PyResult<ProviderKey> {
        guard(|| Ok(ProviderKey(core_credit::ProviderKey::generate_os())))
    }

    /// The key from its 32-byte seed.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<ProviderKey> {
        let seed: Zeroizing<[u8; 32]> = Zeroizing::new(
            data.try_into()
                .map_err(|_| PyValueError::new_err("a provider key is 32 bytes"))?,
        );
        guard(|| Ok(ProviderKey(core_credit::ProviderKey::from_bytes(*seed))))
    }

    /// The 32-byte seed (keep it secret).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &*self.0.to_bytes())
    }

    /// The public key (hex, 64 bytes), what lenders accept.
    #[getter]
    fn public_key(&self) -> PyResult<String> {
        guard(|| Ok(self.0.public_key().to_hex()))
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("ProviderKey(public_key={:?})", self.public_key()?))
    }
}

/// A provider's public key given as a `ProviderKey` (its public half) or hex.
fn provider_public(obj: &Bound<'_, PyAny>) -> PyResult<core_credit::ProviderPublicKey> {
    if let Ok(k) = obj.cast::<ProviderKey>() {
        return Ok(k.get().0.public_key());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let hex = s.to_cow()?.into_owned();
        return core(|| core_credit::ProviderPublicKey::from_hex(&hex));
    }
    if let Some(b) = bytes_of(obj) {
        let arr: [u8; 64] = b
            .as_slice()
            .try_into()
            .map_err(|_| PyValueError::new_err("a provider public key is 64 bytes"))?;
        return core(|| core_credit::ProviderPublicKey::from_bytes(&arr));
    }
    Err(PyTypeError::new_err(
        "a provider public key must be a ProviderKey, hex str or 64 bytes",
    ))
}

/// An SME's six metrics (the schema `zkcred/sme-credit/v1`), each a
/// non-negative integer in its unit and range. Secret: `repr` shows nothing.
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct Metrics(pub(crate) core_credit::Metrics);

#[pymethods]
impl Metrics {
    /// The metrics from a dict `{name: int}` with every metric of the schema,
    /// or a mapping like it: a pandas `Series` (a DataFrame row), values as
    /// numpy integers, or as floats with no fractional part (a row of a
    /// DataFrame with a float column is all floats).
    #[staticmethod]
    fn from_dict(values: &Bound<'_, PyAny>) -> PyResult<Metrics> {
        let mut map = to_json_object(values)?;
        for v in map.values_mut() {
            if let Some(x) = v.as_f64().filter(|_| v.is_f64()) {
                // 2^53: every integer below it is an exact float.
                if x.fract() == 0.0 && (0.0..9_007_199_254_740_992.0).contains(&x) {
                    *v = serde_json::Value::from(x as u64);
                }
            }
        }
        let json = Zeroizing::new(serde_json::Value::Object(map).to_string());
        core(|| core_credit::Metrics::from_json(&json).map(Metrics))
    }

    /// The metrics from their JSON object.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Metrics> {
        core(|| core_credit::Metrics::from_json(json).map(Metrics))
    }

    /// As a dict `{name: int}` (secret: it shows every value).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json(py, &self.0.to_json_value())
    }

    /// As JSON (secret).
    fn to_json(&self) -> String {
        self.0.to_json_value().to_string()
    }

    /// The schema's metric names, in schema order.
    #[staticmethod]
    fn names() -> Vec<&'static str> {
        Metric::ALL.iter().map(|m| m.name()).collect()
    }

    fn __repr__(&self) -> &'static str {
        "Metrics(..)"
    }
}

/// A lender's scorecard model (linear or binned), validated when loaded.
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct Scorecard(pub(crate) core_credit::Scorecard);

#[pymethods]
impl Scorecard {
    /// Parses and validates a model; `ScorecardError` names what is wrong
    /// (overlapping or missing bins, overflow, unknown metric, ...).
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Scorecard> {
        core(|| core_credit::Scorecard::from_json(json).map(Scorecard))
    }

    /// The model from a dict (as `json.loads` of its JSON would give; numpy
    /// integers welcome). `ScorecardError` names a missing or mistyped field
    /// (`missing field 'cutoff'`, `'points' must be a non-negative integer
    /// in features[0].bins[2]`).
    #[staticmethod]
    fn from_dict(model: &Bound<'_, PyAny>) -> PyResult<Scorecard> {
        let doc = serde_json::Value::Object(to_json_object(model)?);
        core(|| core_credit::Scorecard::from_value(&doc).map(Scorecard))
    }

    /// The model as JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The model's id.
    #[getter]
    fn id(&self) -> String {
        self.0.id.clone()
    }

    /// The model's own version.
    #[getter]
    fn version(&self) -> u64 {
        self.0.version
    }

    /// `"linear"` or `"binned"`.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.0.kind {
            core_credit::ScorecardKind::Linear(_) => "linear",
            core_credit::ScorecardKind::Binned(_) => "binned",
        }
    }

    /// The lowest accepted score.
    #[getter]
    fn cutoff(&self) -> i64 {
        match &self.0.kind {
            core_credit::ScorecardKind::Linear(l) => l.cutoff,
            core_credit::ScorecardKind::Binned(b) => b.cutoff as i64,
        }
    }

    /// The model's Poseidon hash (hex), what proofs bind to.
    #[getter]
    fn hash(&self) -> String {
        fr_to_hex(&self.0.hash())
    }

    /// The score of `metrics` (exact).
    fn score(&self, metrics: &Metrics) -> i128 {
        match &self.0.kind {
            core_credit::ScorecardKind::Linear(l) => l.score(&metrics.0),
            core_credit::ScorecardKind::Binned(b) => i128::from(b.score(&metrics.0)),
        }
    }

    /// Whether `metrics` reach the cutoff.
    fn passes(&self, metrics: &Metrics) -> bool {
        self.0.passes(&metrics.0)
    }

    fn __eq__(&self, other: &Scorecard) -> bool {
        self.0 == other.0
    }

    fn __repr__(&self) -> String {
        format!(
            "Scorecard(id={:?}, version={}, kind={:?})",
            self.0.id,
            self.0.version,
            self.kind()
        )
    }
}

/// A provider's signed commitments to an SME's metrics (public: the
/// commitments hide the values).
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct CreditAttestation(pub(crate) core_credit::CreditAttestation);

#[pymethods]
impl CreditAttestation {
    /// Parses an attestation (the signature is checked by
    /// `verify_signature`, and by proving and verifying).
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<CreditAttestation> {
        core(|| core_credit::CreditAttestation::from_json(json).map(CreditAttestation))
    }

    /// As JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Parses the binary form.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<CreditAttestation> {
        core(|| core_credit::CreditAttestation::from_bytes(data).map(CreditAttestation))
    }

    /// Checks the provider's signature (`AttestationError` if it does not
    /// verify: a forged or altered attestation).
    fn verify_signature(&self) -> PyResult<()> {
        core(|| self.0.verify_signature())
    }

    /// The binary form.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_bytes())
    }

    /// The provider's public key (hex).
    #[getter]
    fn issuer(&self) -> String {
        self.0.issuer.to_hex()
    }

    /// The provider's id.
    #[getter]
    fn issuer_id(&self) -> String {
        self.0.issuer_id.clone()
    }

    /// The currency (ISO 4217).
    #[getter]
    fn currency(&self) -> String {
        self.0.currency.clone()
    }

    /// Issue date.
    #[getter]
    fn issued<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        date_to_py(py, self.0.issued)
    }

    /// Last valid day.
    #[getter]
    fn expires<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        date_to_py(py, self.0.expires)
    }

    fn __repr__(&self) -> String {
        format!(
            "CreditAttestation(issuer_id={:?}, currency={:?}, expires={})",
            self.0.issuer_id, self.0.currency, self.0.expires
        )
    }
}

/// The SME's openings of an attestation (its metrics and blinding factors).
/// Secret: `repr` shows nothing.
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct CreditOpenings(pub(crate) core_credit::CreditOpenings);

#[pymethods]
impl CreditOpenings {
    /// Parses openings.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<CreditOpenings> {
        core(|| core_credit::CreditOpenings::from_json(json).map(CreditOpenings))
    }

    /// As JSON (secret: the SME's file).
    fn to_json(&self) -> String {
        self.0.to_json().to_string()
    }

    /// The metrics the openings open to.
    #[getter]
    fn metrics(&self) -> Metrics {
        Metrics(self.0.metrics().clone())
    }

    /// Checks that the openings open `attestation`.
    fn check(&self, attestation: &CreditAttestation) -> PyResult<()> {
        core(|| self.0.check(&attestation.0))
    }

    fn __repr__(&self) -> &'static str {
        "CreditOpenings(..)"
    }
}

/// Signs commitments to `metrics` (transparent path): returns the public
/// attestation and the SME's secret openings.
#[pyfunction]
#[pyo3(signature = (provider, issuer_id, currency, metrics, issued = None, expires = None, *, valid_days = 90))]
#[allow(clippy::too_many_arguments)]
pub fn attest(
    provider: &ProviderKey,
    issuer_id: &str,
    currency: &str,
    metrics: &Metrics,
    issued: Option<&Bound<'_, PyAny>>,
    expires: Option<&Bound<'_, PyAny>>,
    valid_days: i64,
) -> PyResult<(CreditAttestation, CreditOpenings)> {
    let issued = optional_date(issued)?;
    let expires = match expires {
        Some(d) => date_from_py(d)?,
        None => core(|| Date::from_days(issued.days() + valid_days))?,
    };
    core(|| {
        core_credit::attest(
            &provider.0,
            issuer_id,
            currency,
            &metrics.0,
            issued,
            expires,
            &mut rand_core::OsRng,
        )
        .map(|(a, o)| (CreditAttestation(a), CreditOpenings(o)))
    })
}

/// A transparent credit policy's challenge: 32 bytes as hex (`str`, the
/// type every request's challenge has), or as `bytes` (deprecated: a
/// `DeprecationWarning`).
fn challenge_of(obj: &Bound<'_, PyAny>) -> PyResult<[u8; 32]> {
    if let Ok(s) = obj.cast::<PyString>() {
        let hex = s.to_cow()?.into_owned();
        return core(|| {
            zkcred_core::encoding::bytes_from_hex::<32>(&hex, "challenge (32 bytes hex)")
        });
    }
    if let Some(b) = bytes_of(obj) {
        let py = obj.py();
        PyErr::warn(
            py,
            &py.get_type::<pyo3::exceptions::PyDeprecationWarning>(),
            c"a credit policy's challenge as bytes is deprecated: pass it as hex (str), as for identity requests",
            1,
        )?;
        return b
            .as_slice()
            .try_into()
            .map_err(|_| PyValueError::new_err("a challenge is 32 bytes"));
    }
    Err(PyTypeError::new_err(
        "a challenge must be hex (str) or bytes",
    ))
}

/// A lender's policy on the transparent path. Built step by step: each
/// method returns a new policy.
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct CreditPolicy(pub(crate) core_credit::CreditPolicy);

#[pymethods]
impl CreditPolicy {
    /// A policy for `currency` with `challenge` (32 bytes as hex, like an
    /// identity request's challenge; `bytes` are still accepted but
    /// deprecated; default: fresh random bytes) on `date` (a `datetime.date`;
    /// default: today), with no issuers and no statements yet.
    #[new]
    #[pyo3(signature = (currency, *, challenge = None, date = None))]
    fn new(
        currency: &str,
        challenge: Option<&Bound<'_, PyAny>>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<CreditPolicy> {
        let now = optional_date(date)?;
        let challenge = challenge.map(challenge_of).transpose()?;
        guard(|| {
            // Core's fresh challenge unless the caller gave one.
            let mut policy = core_credit::CreditPolicy::new_os(currency);
            policy.now = now;
            if let Some(c) = challenge {
                policy.challenge = c;
            }
            Ok(CreditPolicy(policy))
        })
    }

    /// Also accepts attestations by `provider` (a `ProviderKey` or its
    /// public key as hex or bytes).
    fn accept_issuer(&self, provider: &Bound<'_, PyAny>) -> PyResult<CreditPolicy> {
        let key = provider_public(provider)?;
        Ok(CreditPolicy(self.0.clone().accept_issuer(&key)))
    }

    /// Also requires `metric >= at_least` and/or `metric <= at_most`.
    #[pyo3(signature = (metric, *, at_least = None, at_most = None))]
    fn require(
        &self,
        metric: &str,
        at_least: Option<u64>,
        at_most: Option<u64>,
    ) -> PyResult<CreditPolicy> {
        let m = core(|| Metric::from_name(metric))?;
        if at_least.is_none() && at_most.is_none() {
            return Err(PyValueError::new_err("give at_least, at_most or both"));
        }
        let mut p = self.0.clone();
        if let Some(v) = at_least {
            p = p.require(m, CoreBound::AtLeast, v);
        }
        if let Some(v) = at_most {
            p = p.require(m, CoreBound::AtMost, v);
        }
        Ok(CreditPolicy(p))
    }

    /// Also requires the score under a linear `scorecard` to reach its cutoff.
    fn with_scorecard(&self, scorecard: &Scorecard) -> CreditPolicy {
        CreditPolicy(self.0.clone().with_scorecard(scorecard.0.clone()))
    }

    /// Checks the policy is well formed (`CreditPolicyError`, `ScorecardError`).
    fn check(&self) -> PyResult<()> {
        core(|| self.0.check())
    }

    /// The challenge (32 bytes, hex), of the same type as an identity
    /// request's (`str`).
    #[getter]
    fn challenge(&self) -> String {
        self.0
            .challenge
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The policy's date.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        date_to_py(py, self.0.now)
    }

    /// The currency.
    #[getter]
    fn currency(&self) -> String {
        self.0.currency.clone()
    }

    /// Accepted providers' public keys (hex).
    #[getter]
    fn issuers(&self) -> Vec<String> {
        self.0.issuers.iter().map(|i| i.to_hex()).collect()
    }

    /// The thresholds as `(metric, ">=" or "<=", value)`.
    #[getter]
    fn thresholds(&self) -> Vec<(&'static str, &'static str, u64)> {
        self.0
            .thresholds
            .iter()
            .map(|t| {
                (
                    t.metric.name(),
                    match t.bound {
                        CoreBound::AtLeast => ">=",
                        CoreBound::AtMost => "<=",
                    },
                    t.value,
                )
            })
            .collect()
    }

    /// The scorecard, if any.
    #[getter]
    fn scorecard(&self) -> Option<Scorecard> {
        self.0.scorecard.clone().map(Scorecard)
    }

    /// Parses and checks a policy.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<CreditPolicy> {
        core(|| core_credit::CreditPolicy::from_json(json).map(CreditPolicy))
    }

    /// As JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    fn __repr__(&self) -> String {
        format!(
            "CreditPolicy(currency={:?}, date={}, issuers={}, thresholds={}, scorecard={})",
            self.0.currency,
            self.0.now,
            self.0.issuers.len(),
            self.0.thresholds.len(),
            self.0.scorecard.is_some()
        )
    }
}

/// A transparent credit proof (the attestation and one aggregated range
/// proof).
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct CreditProof(pub(crate) core_credit::CreditProof);

#[pymethods]
impl CreditProof {
    /// Parses a proof from JSON, validating every encoding.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<CreditProof> {
        core(|| core_credit::CreditProof::from_json(json).map(CreditProof))
    }

    /// As JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Parses the compact binary form.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<CreditProof> {
        core(|| core_credit::CreditProof::from_bytes(data).map(CreditProof))
    }

    /// The compact binary form.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_bytes())
    }

    /// The attestation the proof is about.
    #[getter]
    fn attestation(&self) -> CreditAttestation {
        CreditAttestation(self.0.attestation.clone())
    }

    fn __repr__(&self) -> String {
        format!(
            "CreditProof(issuer_id={:?}, {} bytes)",
            self.0.attestation.issuer_id,
            self.0.to_bytes().len()
        )
    }
}

/// What a verified credit proof establishes (either path).
#[pyclass(module = "zkcred", frozen, get_all)]
pub struct VerifiedCredit {
    /// `"transparent"` or `"succinct"`.
    pub path: &'static str,
    /// The provider's public key (hex).
    pub issuer: String,
    /// The provider's id (transparent path; the succinct proof does not
    /// carry it).
    pub issuer_id: Option<String>,
    /// The attestation's last valid day (transparent path).
    pub expires: Option<Py<PyDate>>,
    /// The SME's nullifier in the lender's scope (succinct path, hex).
    pub nullifier: Option<String>,
}

#[pymethods]
impl VerifiedCredit {
    fn __repr__(&self) -> String {
        let show = |o: &Option<String>| o.as_ref().map_or("None".into(), |s| format!("{s:?}"));
        format!(
            "VerifiedCredit(path={:?}, issuer_id={}, nullifier={})",
            self.path,
            show(&self.issuer_id),
            show(&self.nullifier)
        )
    }
}

/// A credit proof as received: a `CreditProof`, bytes (binary or UTF-8
/// JSON) or str (JSON).
pub(crate) fn credit_proof_of(obj: &Bound<'_, PyAny>) -> PyResult<core_credit::CreditProof> {
    if let Ok(p) = obj.cast::<CreditProof>() {
        return Ok(p.get().0.clone());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let json = s.to_cow()?.into_owned();
        return core(|| crate::batch::parse_credit_proof(&RawProof::Text(json)));
    }
    if let Some(b) = bytes_of(obj) {
        return core(|| crate::batch::parse_credit_proof(&RawProof::Bytes(b)));
    }
    Err(PyTypeError::new_err(format!(
        "a credit proof must be a CreditProof, bytes or str (JSON), not {}",
        obj.get_type().name()?
    )))
}

/// The message of a transparent credit proof that does not verify: it names
/// what failed (a credit proof, not core's "presentation"), and stays as
/// opaque as core's about which check failed.
pub(crate) const CREDIT_NOT_VERIFIED: &str = "the credit proof does not verify";
/// The same for a succinct credit proof.
pub(crate) const SUCCINCT_NOT_VERIFIED: &str = "the succinct credit proof does not verify";

/// Core's error as its Python exception, a failed verification with
/// `message` (the credit proof's own words) instead of core's.
pub(crate) fn credit_error(e: zkcred_core::Error, message: &'static str) -> PyErr {
    if e.kind() == zkcred_core::ErrorKind::VerificationFailed {
        return crate::errors::VerificationError::new_err(message);
    }
    crate::errors::to_py(e)
}

/// Proves `policy` about the attested metrics (transparent path). Raises
/// `UnsatisfiableError` naming the failing metric (never its value) when a
/// statement does not hold. Releases the GIL.
#[pyfunction]
pub fn prove_credit(
    py: Python<'_>,
    policy: &CreditPolicy,
    attestation: &CreditAttestation,
    openings: &CreditOpenings,
) -> PyResult<CreditProof> {
    let (p, a, o) = (&policy.0, &attestation.0, &openings.0);
    py.detach(|| core(|| core_credit::prove(p, a, o, &mut rand_core::OsRng).map(CreditProof)))
}

/// Verifies a transparent credit proof (a `CreditProof`, bytes or JSON)
/// against the lender's own `policy`. Raises the opaque
/// `VerificationError` when it does not verify. Releases the GIL.
#[pyfunction]
pub fn verify_credit(
    py: Python<'_>,
    policy: &CreditPolicy,
    proof: &Bound<'_, PyAny>,
) -> PyResult<VerifiedCredit> {
    let proof = credit_proof_of(proof)?;
    let p = &policy.0;
    let v = py.detach(|| {
        guard(|| core_credit::verify(p, &proof).map_err(|e| credit_error(e, CREDIT_NOT_VERIFIED)))
    })?;
    Ok(VerifiedCredit {
        path: "transparent",
        issuer: v.issuer.to_hex(),
        issuer_id: Some(v.issuer_id),
        expires: Some(date_to_py(py, v.expires)?.unbind()),
        nullifier: None,
    })
}

// ---- the succinct path ----------------------------------------------------

/// The Groth16 proving key of the scorecard circuit (SMEs).
#[pyclass(module = "zkcred", frozen)]
pub struct ScorecardProvingKey(pub(crate) core_succinct::ScorecardProvingKey);

/// The Groth16 verifying key of the scorecard circuit (lenders).
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct ScorecardVerifyingKey(pub(crate) core_succinct::ScorecardVerifyingKey);

#[pymethods]
impl ScorecardProvingKey {
    /// Loads and validates a proving key.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Vec<u8>) -> PyResult<ScorecardProvingKey> {
        py.detach(|| {
            core(|| core_succinct::ScorecardProvingKey::from_bytes(&data).map(ScorecardProvingKey))
        })
    }

    /// The compressed encoding.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let b = guard(|| Ok(self.0.to_bytes()))?;
        Ok(PyBytes::new(py, &b))
    }

    /// Loads and validates a proving key from a file (`FileNotFoundError`,
    /// a `zkcred.ZkcredIOError`, naming the path when it is missing).
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<ScorecardProvingKey> {
        py.detach(|| {
            core(|| {
                files::load(&path, core_succinct::ScorecardProvingKey::from_bytes)
                    .map(ScorecardProvingKey)
            })
        })
    }

    /// Installs the compressed proving key `compressed` against the
    /// trusted verifying key `vk` (as `ProvingKey.install`): the key and
    /// its installed form.
    #[staticmethod]
    fn install<'py>(
        py: Python<'py>,
        compressed: Vec<u8>,
        vk: &ScorecardVerifyingKey,
    ) -> PyResult<(ScorecardProvingKey, Bound<'py, PyBytes>)> {
        let (pk, installed) =
            py.detach(|| core(|| core_succinct::ScorecardProvingKey::install(&compressed, &vk.0)))?;
        Ok((ScorecardProvingKey(pk), PyBytes::new(py, &installed)))
    }

    /// Loads an installed proving key that must have been installed against
    /// the verifying key `vk` (as `ProvingKey.from_installed`).
    #[staticmethod]
    fn from_installed(
        py: Python<'_>,
        data: Vec<u8>,
        vk: &ScorecardVerifyingKey,
    ) -> PyResult<ScorecardProvingKey> {
        let trusted = TrustedKey::verifying_key(&vk.0);
        py.detach(|| {
            core(|| {
                core_succinct::ScorecardProvingKey::from_installed(&data, &trusted)
                    .map(ScorecardProvingKey)
            })
        })
    }

    /// Writes the compressed encoding to a file (atomically).
    fn save(&self, path: PathBuf) -> PyResult<()> {
        core(|| files::write(&path, &self.0.to_bytes()))
    }

    /// The matching verifying key.
    fn verifying_key(&self) -> PyResult<ScorecardVerifyingKey> {
        guard(|| Ok(ScorecardVerifyingKey(self.0.verifying_key())))
    }

    fn __repr__(&self) -> &'static str {
        "ScorecardProvingKey(..)"
    }
}

#[pymethods]
impl ScorecardVerifyingKey {
    /// Loads and validates a verifying key.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Vec<u8>) -> PyResult<ScorecardVerifyingKey> {
        py.detach(|| {
            core(|| {
                core_succinct::ScorecardVerifyingKey::from_bytes(&data).map(ScorecardVerifyingKey)
            })
        })
    }

    /// The compressed encoding.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let b = guard(|| Ok(self.0.to_bytes()))?;
        Ok(PyBytes::new(py, &b))
    }

    /// Loads and validates a verifying key from a file.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<ScorecardVerifyingKey> {
        py.detach(|| {
            core(|| {
                files::load(&path, core_succinct::ScorecardVerifyingKey::from_bytes)
                    .map(ScorecardVerifyingKey)
            })
        })
    }

    /// Writes the compressed encoding to a file (atomically).
    fn save(&self, path: PathBuf) -> PyResult<()> {
        core(|| files::write(&path, &self.0.to_bytes()))
    }

    fn __repr__(&self) -> &'static str {
        "ScorecardVerifyingKey(..)"
    }
}

/// Generates a development key pair for the scorecard circuit (one party's
/// randomness; production keys need a ceremony). Releases the GIL.
#[pyfunction]
pub fn setup_scorecard(py: Python<'_>) -> PyResult<(ScorecardProvingKey, ScorecardVerifyingKey)> {
    py.detach(|| {
        core(|| {
            core_succinct::setup_os()
                .map(|(pk, vk)| (ScorecardProvingKey(pk), ScorecardVerifyingKey(vk)))
        })
    })
}

/// The SME's provider-signed metrics for the succinct path, bound to its
/// holder commitment. Secret: `repr` shows nothing.
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct SuccinctCredential(pub(crate) core_succinct::SuccinctCredential);

#[pymethods]
impl SuccinctCredential {
    /// Parses a credential and checks its signature.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<SuccinctCredential> {
        core(|| core_succinct::SuccinctCredential::from_json(json).map(SuccinctCredential))
    }

    /// As JSON (secret: it shows the metrics).
    fn to_json(&self) -> String {
        self.0.to_json().to_string()
    }

    /// The provider's id.
    #[getter]
    fn issuer_id(&self) -> String {
        self.0.issuer_id.clone()
    }

    /// Last valid day.
    #[getter]
    fn expires<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        date_to_py(py, self.0.expires)
    }

    fn __repr__(&self) -> &'static str {
        "SuccinctCredential(..)"
    }
}

/// Signs `metrics` for the SME holding `holder` (a `HolderSecret`, or its
/// commitment as hex) on the succinct path.
#[pyfunction]
#[pyo3(signature = (provider, issuer_id, currency, metrics, holder, issued = None, expires = None, *, valid_days = 90))]
#[allow(clippy::too_many_arguments)]
pub fn attest_succinct(
    provider: &ProviderKey,
    issuer_id: &str,
    currency: &str,
    metrics: &Metrics,
    holder: &Bound<'_, PyAny>,
    issued: Option<&Bound<'_, PyAny>>,
    expires: Option<&Bound<'_, PyAny>>,
    valid_days: i64,
) -> PyResult<SuccinctCredential> {
    let commitment = if let Ok(h) = holder.cast::<HolderSecret>() {
        guard(|| Ok(h.get().0.commitment()))?
    } else if let Ok(s) = holder.cast::<PyString>() {
        let hex = s.to_cow()?.into_owned();
        core(|| fr_from_hex(&hex, "holder commitment"))?
    } else {
        return Err(PyTypeError::new_err(
            "holder must be a HolderSecret or its commitment (hex)",
        ));
    };
    let issued = optional_date(issued)?;
    let expires = match expires {
        Some(d) => date_from_py(d)?,
        None => core(|| Date::from_days(issued.days() + valid_days))?,
    };
    core(|| {
        core_succinct::attest_succinct(
            &provider.0,
            issuer_id,
            currency,
            &metrics.0,
            commitment,
            issued,
            expires,
        )
        .map(SuccinctCredential)
    })
}

/// A lender's request on the succinct path: one provider, a binned
/// scorecard, the currency, a scope (nullifiers are per scope), a
/// challenge and the date.
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct SuccinctPolicy(pub(crate) core_succinct::SuccinctPolicy);

#[pymethods]
impl SuccinctPolicy {
    /// `challenge` is a field element as hex (default: fresh), `date` a
    /// `datetime.date` (default: today). Checked when built.
    #[new]
    #[pyo3(signature = (scope, currency, issuer, scorecard, *, challenge = None, date = None))]
    fn new(
        scope: &str,
        currency: &str,
        issuer: &Bound<'_, PyAny>,
        scorecard: &Scorecard,
        challenge: Option<&str>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<SuccinctPolicy> {
        let issuer = provider_public(issuer)?;
        let mut p = guard(|| {
            Ok(core_succinct::SuccinctPolicy::new_os(
                scope,
                currency,
                &issuer,
                scorecard.0.clone(),
            ))
        })?;
        if let Some(c) = challenge {
            p.challenge = core(|| fr_from_hex(c, "challenge"))?;
        }
        if let Some(d) = date {
            p.now = date_from_py(d)?;
        }
        core(|| p.check())?;
        Ok(SuccinctPolicy(p))
    }

    /// The scope.
    #[getter]
    fn scope(&self) -> String {
        self.0.scope.clone()
    }

    /// The challenge (hex).
    #[getter]
    fn challenge(&self) -> String {
        fr_to_hex(&self.0.challenge)
    }

    /// The policy's date.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        date_to_py(py, self.0.now)
    }

    /// The scorecard.
    #[getter]
    fn scorecard(&self) -> Scorecard {
        Scorecard(self.0.scorecard.clone())
    }

    /// Parses and checks a policy.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<SuccinctPolicy> {
        core(|| core_succinct::SuccinctPolicy::from_json(json).map(SuccinctPolicy))
    }

    /// As JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    fn __repr__(&self) -> String {
        format!(
            "SuccinctPolicy(scope={:?}, currency={:?}, date={}, scorecard={:?})",
            self.0.scope, self.0.currency, self.0.now, self.0.scorecard.id
        )
    }
}

/// A succinct credit proof: the nullifier and a 128-byte Groth16 proof.
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct SuccinctProof(pub(crate) core_succinct::SuccinctProof);

#[pymethods]
impl SuccinctProof {
    /// Parses and validates.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<SuccinctProof> {
        core(|| core_succinct::SuccinctProof::from_json(json).map(SuccinctProof))
    }

    /// As JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Parses the binary form (160 bytes).
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<SuccinctProof> {
        core(|| core_succinct::SuccinctProof::from_bytes(data).map(SuccinctProof))
    }

    /// The binary form.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_bytes())
    }

    /// The nullifier (hex).
    #[getter]
    fn nullifier(&self) -> String {
        fr_to_hex(&self.0.nullifier)
    }

    fn __repr__(&self) -> String {
        format!("SuccinctProof(nullifier={:?})", self.nullifier())
    }
}

/// Proves that the credential's metrics reach the policy's scorecard cutoff
/// (succinct path). `UnsatisfiableError` names the failing part when the
/// statement does not hold. Releases the GIL.
#[pyfunction]
pub fn prove_succinct(
    py: Python<'_>,
    policy: &SuccinctPolicy,
    credential: &SuccinctCredential,
    secret: &HolderSecret,
    proving_key: &ScorecardProvingKey,
) -> PyResult<SuccinctProof> {
    let (p, c, s, pk) = (&policy.0, &credential.0, &secret.0, &proving_key.0);
    py.detach(|| {
        core(|| {
            core_succinct::prove_succinct(p, c, s, pk, &mut rand_core::OsRng).map(SuccinctProof)
        })
    })
}

fn succinct_proof_of(obj: &Bound<'_, PyAny>) -> PyResult<core_succinct::SuccinctProof> {
    if let Ok(p) = obj.cast::<SuccinctProof>() {
        return Ok(p.get().0.clone());
    }
    let raw = if let Ok(s) = obj.cast::<PyString>() {
        RawProof::Text(s.to_cow()?.into_owned())
    } else if let Some(b) = bytes_of(obj) {
        RawProof::Bytes(b)
    } else {
        return Err(PyTypeError::new_err(
            "a succinct proof must be a SuccinctProof, bytes or str (JSON)",
        ));
    };
    core(|| {
        raw.check_not_empty()?;
        match &raw {
            RawProof::Text(json) => core_succinct::SuccinctProof::from_json(json),
            RawProof::Bytes(b) => core_succinct::SuccinctProof::from_bytes(b),
        }
    })
}

/// Verifies a succinct proof (a `SuccinctProof`, its 160 bytes or JSON)
/// against the lender's own `policy`. Raises the opaque `VerificationError`
/// when it does not verify. Releases the GIL.
#[pyfunction]
pub fn verify_succinct(
    py: Python<'_>,
    policy: &SuccinctPolicy,
    proof: &Bound<'_, PyAny>,
    verifying_key: &ScorecardVerifyingKey,
) -> PyResult<VerifiedCredit> {
    let proof = succinct_proof_of(proof)?;
    let (p, vk) = (&policy.0, &verifying_key.0);
    let nullifier = py.detach(|| {
        guard(|| {
            core_succinct::verify_succinct(p, &proof, vk)
                .map_err(|e| credit_error(e, SUCCINCT_NOT_VERIFIED))
        })
    })?;
    Ok(VerifiedCredit {
        path: "succinct",
        issuer: p.issuer.to_hex(),
        issuer_id: None,
        expires: None,
        nullifier: Some(fr_to_hex(&nullifier)),
    })
}

/// Registers the credit classes and functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ProviderKey>()?;
    m.add_class::<Metrics>()?;
    m.add_class::<Scorecard>()?;
    m.add_class::<CreditAttestation>()?;
    m.add_class::<CreditOpenings>()?;
    m.add_class::<CreditPolicy>()?;
    m.add_class::<CreditProof>()?;
    m.add_class::<VerifiedCredit>()?;
    m.add_class::<ScorecardProvingKey>()?;
    m.add_class::<ScorecardVerifyingKey>()?;
    m.add_class::<SuccinctCredential>()?;
    m.add_class::<SuccinctPolicy>()?;
    m.add_class::<SuccinctProof>()?;
    m.add_function(wrap_pyfunction!(attest, m)?)?;
    m.add_function(wrap_pyfunction!(attest_succinct, m)?)?;
    m.add_function(wrap_pyfunction!(prove_credit, m)?)?;
    m.add_function(wrap_pyfunction!(verify_credit, m)?)?;
    m.add_function(wrap_pyfunction!(setup_scorecard, m)?)?;
    m.add_function(wrap_pyfunction!(prove_succinct, m)?)?;
    m.add_function(wrap_pyfunction!(verify_succinct, m)?)?;
    Ok(())
}

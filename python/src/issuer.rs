//! Issuers: signing keys, credentials, and the revocation registry (in
//! memory or in a SQLite file).

use std::{path::PathBuf, sync::Mutex};

use pyo3::{exceptions::PyValueError, prelude::*, types::PyBytes};
use zkcred_core::{
    credential::Credential as CoreCredential, encoding::fr_from_hex, encoding::fr_to_hex,
    issuer as core_issuer, MerklePath,
};

use crate::{
    errors::{core, guard, to_py},
    request::Schema,
    values::{date_from_py, date_to_py, from_json, to_json_object},
};

/// An issuer's signing key. Zeroized on drop; `repr` shows the public key
/// only.
#[pyclass(module = "zkcred", frozen)]
pub struct IssuerKey(pub(crate) core_issuer::IssuerKey);

fn key_bytes(data: &[u8]) -> PyResult<[u8; 32]> {
    data.try_into()
        .map_err(|_| PyValueError::new_err("an issuer key is 32 bytes"))
}

#[pymethods]
impl IssuerKey {
    /// A fresh key from the operating system's randomness.
    #[staticmethod]
    fn generate() -> PyResult<IssuerKey> {
        guard(|| Ok(IssuerKey(core_issuer::IssuerKey::generate_os())))
    }

    /// The key from its 32 secret bytes.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<IssuerKey> {
        let bytes = zeroize_on_drop(key_bytes(data)?);
        guard(|| Ok(IssuerKey(core_issuer::IssuerKey::from_bytes(*bytes))))
    }

    /// The 32 secret bytes (keep them secret).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &*self.0.to_bytes())
    }

    /// The public key (hex), what verifiers accept.
    #[getter]
    fn public_key(&self) -> PyResult<String> {
        guard(|| Ok(self.0.public_key().to_hex()))
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("IssuerKey(public_key={:?})", self.public_key()?))
    }
}

fn zeroize_on_drop(bytes: [u8; 32]) -> zeroize::Zeroizing<[u8; 32]> {
    zeroize::Zeroizing::new(bytes)
}

/// A non-revocation path: what the issuer gives a holder so the holder can
/// prove "not revoked" under the current root.
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct RevocationPath(pub(crate) MerklePath);

#[pymethods]
impl RevocationPath {
    /// Parses a path from its bytes.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<RevocationPath> {
        core(|| {
            MerklePath::from_bytes(data)
                .map(RevocationPath)
                .map_err(Into::into)
        })
    }

    /// The path's bytes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = core(|| self.0.to_bytes().map_err(Into::into))?;
        Ok(PyBytes::new(py, &bytes))
    }

    fn __repr__(&self) -> String {
        format!("RevocationPath({} levels)", self.0.siblings.len())
    }
}

/// An issuer: a key plus its revocation registry. `Issuer(key)` keeps the
/// registry in memory; `Issuer(key, "registry.db")` in a SQLite file
/// (created if absent), which survives restarts. The file records the
/// issuer's key and refuses another one, and has one writer at a time (a
/// second `Issuer` on the same file raises `RevocationError` until the first
/// is dropped). `revoke` refuses a serial this issuer never issued.
#[pyclass(module = "zkcred", frozen)]
pub struct Issuer {
    inner: Mutex<core_issuer::Issuer>,
    public_key: String,
}

impl Issuer {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut core_issuer::Issuer) -> zkcred_core::Result<T>,
    ) -> PyResult<T> {
        core(|| {
            let mut inner = self
                .inner
                .lock()
                .map_err(|_| zkcred_core::Error::Io("the issuer's lock is poisoned".into()))?;
            f(&mut inner)
        })
    }
}

#[pymethods]
impl Issuer {
    #[new]
    #[pyo3(signature = (key, registry = None))]
    fn new(py: Python<'_>, key: &IssuerKey, registry: Option<PathBuf>) -> PyResult<Issuer> {
        let copy = core_issuer::IssuerKey::from_bytes(*key.0.to_bytes());
        let public_key = key.public_key()?;
        let inner = py.detach(|| {
            core(|| match registry {
                Some(path) => core_issuer::Issuer::open(copy, path),
                None => core_issuer::Issuer::in_memory(copy),
            })
        })?;
        Ok(Issuer {
            inner: Mutex::new(inner),
            public_key,
        })
    }

    /// The issuer's public key (hex).
    #[getter]
    fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The current revocation root (hex), to publish to verifiers.
    #[getter]
    fn revocation_root(&self) -> PyResult<String> {
        self.with(|i| i.revocation_root().map(|r| fr_to_hex(&r)))
    }

    /// Issues a credential of `schema` with the attributes in `subject` to
    /// the holder whose commitment is `holder_commitment` (hex), valid from
    /// `valid_from` to `valid_until` (`datetime.date` or `YYYY-MM-DD`).
    fn issue(
        &self,
        py: Python<'_>,
        schema: &Schema,
        subject: &Bound<'_, PyAny>,
        holder_commitment: &str,
        valid_from: &Bound<'_, PyAny>,
        valid_until: &Bound<'_, PyAny>,
    ) -> PyResult<Credential> {
        let subject = to_json_object(subject)?;
        let commitment = core(|| fr_from_hex(holder_commitment, "holder commitment"))?;
        let (from, until) = (date_from_py(valid_from)?, date_from_py(valid_until)?);
        let schema = schema.0.clone();
        py.detach(|| self.with(|i| i.issue(&schema, subject, commitment, from, until)))
            .map(Credential)
    }

    /// Revokes the credential with `serial` (refused if this issuer never
    /// issued it).
    fn revoke(&self, py: Python<'_>, serial: u32) -> PyResult<()> {
        py.detach(|| self.with(|i| i.revoke(serial)))
    }

    /// Whether the credential with `serial` is revoked.
    fn is_revoked(&self, serial: u32) -> PyResult<bool> {
        self.with(|i| i.registry().is_revoked(serial).map_err(Into::into))
    }

    /// The non-revocation path of `serial` under the current root
    /// (`RevocationError` if it is revoked).
    fn non_revocation_path(&self, serial: u32) -> PyResult<RevocationPath> {
        self.with(|i| i.non_revocation_path(serial))
            .map(RevocationPath)
    }

    fn __repr__(&self) -> String {
        format!("Issuer(public_key={:?})", self.public_key)
    }
}

/// A credential (W3C VC 2.0 JSON, signed by its issuer).
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct Credential(pub(crate) CoreCredential);

#[pymethods]
impl Credential {
    /// Parses a credential (shape only; the signature is checked against a
    /// schema when it is used).
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Credential> {
        core(|| CoreCredential::from_json(json).map(Credential))
    }

    /// The credential as JSON.
    fn to_json(&self) -> PyResult<String> {
        guard(|| Ok(self.0.to_json()))
    }

    /// Checks the credential against `schema`: structure, dates, attribute
    /// types, and the issuer's signature.
    fn verify(&self, schema: &Schema) -> PyResult<()> {
        core(|| self.0.verify(&schema.0).map(|_| ()))
    }

    /// The credential's id (a URN).
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The serial number (its index in the issuer's revocation registry).
    #[getter]
    fn serial(&self) -> u32 {
        self.0.serial()
    }

    /// The issuer's public key (hex).
    #[getter]
    fn issuer(&self) -> PyResult<String> {
        core(|| self.0.issuer_key().map(|k| k.to_hex()))
    }

    /// The holder commitment it is bound to (hex).
    #[getter]
    fn holder_commitment(&self) -> &str {
        &self.0.credential_subject.holder_commitment
    }

    /// The first day of validity.
    #[getter]
    fn valid_from<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDate>> {
        date_to_py(
            py,
            zkcred_core::date::Date::parse(&self.0.valid_from).map_err(to_py)?,
        )
    }

    /// The last day of validity.
    #[getter]
    fn valid_until<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDate>> {
        date_to_py(py, self.0.valid_until().map_err(to_py)?)
    }

    /// The attributes as in the JSON (dates as `YYYY-MM-DD` strings).
    #[getter]
    fn attributes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json(
            py,
            &serde_json::Value::Object(self.0.credential_subject.attributes.clone()),
        )
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.0 == other.0
    }

    fn __repr__(&self) -> String {
        format!("Credential(id={:?})", self.0.id)
    }
}

//! Groth16 keys of the presentation circuit: development setup, bytes and
//! files, validated on load. A loaded key is an object to load once and
//! reuse (validating a proving key takes about half a second). A proving
//! key can be installed once ([`ProvingKey::install`]) and loaded warm from
//! its installed form afterwards ([`ProvingKey::from_installed`]; core's
//! `zkcred_core::keys::installed`).

use std::path::PathBuf;

use pyo3::{prelude::*, types::PyBytes};
use zkcred_core::{
    files,
    keys::{self as core_keys, TrustedKey},
};

use crate::errors::{core, guard};

/// The proving key (holders). Load once, reuse for every proof.
#[pyclass(module = "zkcred", frozen)]
pub struct ProvingKey(pub(crate) core_keys::ProvingKey);

/// The verifying key (verifiers).
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct VerifyingKey(pub(crate) core_keys::VerifyingKey);

#[pymethods]
impl ProvingKey {
    /// Loads and validates a proving key from its bytes.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Vec<u8>) -> PyResult<ProvingKey> {
        py.detach(|| core(|| core_keys::ProvingKey::from_bytes(&data).map(ProvingKey)))
    }

    /// Loads and validates a proving key from a file.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<ProvingKey> {
        py.detach(|| core(|| files::load(&path, core_keys::ProvingKey::from_bytes).map(ProvingKey)))
    }

    /// Installs the compressed proving key `compressed`: validates it fully
    /// and checks it against the trusted verifying key `vk`, then returns
    /// the key and its installed form, for the caller to store where only
    /// the application writes and load with [`ProvingKey::from_installed`].
    #[staticmethod]
    fn install<'py>(
        py: Python<'py>,
        compressed: Vec<u8>,
        vk: &VerifyingKey,
    ) -> PyResult<(ProvingKey, Bound<'py, PyBytes>)> {
        let (pk, installed) =
            py.detach(|| core(|| core_keys::ProvingKey::install(&compressed, &vk.0)))?;
        Ok((ProvingKey(pk), PyBytes::new(py, &installed)))
    }

    /// Loads an installed proving key ([`ProvingKey::install`]'s bytes)
    /// that must have been installed against the verifying key `vk`,
    /// skipping the G2 subgroup checks of a validated load. A corrupted
    /// file, or one installed from another key, is refused
    /// (`InvalidKeyError`).
    #[staticmethod]
    fn from_installed(py: Python<'_>, data: Vec<u8>, vk: &VerifyingKey) -> PyResult<ProvingKey> {
        let trusted = TrustedKey::verifying_key(&vk.0);
        py.detach(|| {
            core(|| core_keys::ProvingKey::from_installed(&data, &trusted).map(ProvingKey))
        })
    }

    /// The compressed encoding.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = guard(|| Ok(self.0.to_bytes()))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Writes the compressed encoding to a file.
    fn save(&self, path: PathBuf) -> PyResult<()> {
        core(|| files::write(&path, &self.0.to_bytes()))
    }

    /// The matching verifying key.
    fn verifying_key(&self) -> PyResult<VerifyingKey> {
        guard(|| Ok(VerifyingKey(self.0.verifying_key())))
    }

    /// Where the key comes from: `None` for a development key (one party's
    /// setup: whoever ran it can forge proofs), or, for a key exported from
    /// a phase-2 ceremony, the `.zkey` file's BLAKE2b-512 hash in hex (what
    /// `b2sum final.zkey` prints).
    #[getter]
    fn zkey_hash(&self) -> Option<String> {
        zkey_hash_hex(self.0.origin())
    }

    /// `"ceremony"` or `"development"`.
    #[getter]
    fn origin(&self) -> &'static str {
        origin_name(self.0.origin())
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

#[pymethods]
impl VerifyingKey {
    /// Loads and validates a verifying key from its bytes.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Vec<u8>) -> PyResult<VerifyingKey> {
        py.detach(|| core(|| core_keys::VerifyingKey::from_bytes(&data).map(VerifyingKey)))
    }

    /// Loads and validates a verifying key from a file.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<VerifyingKey> {
        py.detach(|| {
            core(|| files::load(&path, core_keys::VerifyingKey::from_bytes).map(VerifyingKey))
        })
    }

    /// The compressed encoding.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = guard(|| Ok(self.0.to_bytes()))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Writes the compressed encoding to a file.
    fn save(&self, path: PathBuf) -> PyResult<()> {
        core(|| files::write(&path, &self.0.to_bytes()))
    }

    /// Where the key comes from: `None` for a development key, or the
    /// ceremony `.zkey` file's BLAKE2b-512 hash in hex.
    #[getter]
    fn zkey_hash(&self) -> Option<String> {
        zkey_hash_hex(self.0.origin())
    }

    /// `"ceremony"` or `"development"`.
    #[getter]
    fn origin(&self) -> &'static str {
        origin_name(self.0.origin())
    }

    /// The key in snarkjs's `verification_key.json` layout.
    fn to_snarkjs_json(&self) -> PyResult<String> {
        guard(|| {
            Ok(
                serde_json::to_string_pretty(&zkcred_core::snarkjs::verification_key_json(&self.0))
                    .unwrap_or_default(),
            )
        })
    }

    /// Pickling (for Dask and multiprocessing): the compressed bytes,
    /// validated again on unpickling.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let ctor = slf.get_type().getattr("from_bytes")?;
        Ok((ctor, (slf.get().to_bytes(py)?,)))
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// The Python name of a key's origin.
fn origin_name(origin: core_keys::KeyOrigin) -> &'static str {
    match origin {
        core_keys::KeyOrigin::Development => "development",
        core_keys::KeyOrigin::Ceremony { .. } => "ceremony",
    }
}

/// A ceremony key's zkey hash in hex.
fn zkey_hash_hex(origin: core_keys::KeyOrigin) -> Option<String> {
    match origin {
        core_keys::KeyOrigin::Development => None,
        core_keys::KeyOrigin::Ceremony { zkey_blake2b } => {
            Some(zkey_blake2b.iter().map(|b| format!("{b:02x}")).collect())
        }
    }
}

/// Generates a development key pair (one party's randomness: anyone who kept
/// it can forge proofs; production keys need a multi-party ceremony).
#[pyfunction]
pub fn setup(py: Python<'_>) -> PyResult<(ProvingKey, VerifyingKey)> {
    py.detach(|| core(|| core_keys::setup_os().map(|(pk, vk)| (ProvingKey(pk), VerifyingKey(vk)))))
}

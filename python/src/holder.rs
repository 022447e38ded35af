//! Holders: the holder secret, the wallet, and proving.

use std::sync::Mutex;

use pyo3::{exceptions::PyValueError, prelude::*, types::PyBytes};
use zeroize::Zeroizing;
use zkcred_core::{encoding::fr_to_hex, holder as core_holder};
use zkcred_credit::CreditWallet;

use crate::{
    errors::{core, guard},
    issuer::{Credential, RevocationPath},
    keys::ProvingKey,
    presentation::Presentation,
    request::PresentationRequest,
};

/// The holder's secret. Zeroized on drop, compared in constant time, never
/// shown by `repr`.
#[pyclass(module = "zkcred", frozen)]
pub struct HolderSecret(pub(crate) core_holder::HolderSecret);

impl HolderSecret {
    fn copy(&self) -> core_holder::HolderSecret {
        core_holder::HolderSecret::from_bytes(&self.0.to_bytes())
            .expect("a secret's own bytes are canonical")
    }
}

#[pymethods]
impl HolderSecret {
    /// A fresh secret from the operating system's randomness.
    #[staticmethod]
    fn generate() -> PyResult<HolderSecret> {
        guard(|| Ok(HolderSecret(core_holder::HolderSecret::generate_os())))
    }

    /// The secret from its 32-byte big-endian encoding (must be canonical).
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<HolderSecret> {
        let bytes: Zeroizing<[u8; 32]> = Zeroizing::new(
            data.try_into()
                .map_err(|_| PyValueError::new_err("a holder secret is 32 bytes"))?,
        );
        core(|| core_holder::HolderSecret::from_bytes(&bytes).map(HolderSecret))
    }

    /// The 32-byte encoding, for backup (keep it secret).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &*self.0.to_bytes())
    }

    /// `Poseidon(secret)` (hex): what the issuer puts in the credential.
    #[getter]
    fn commitment(&self) -> PyResult<String> {
        guard(|| Ok(fr_to_hex(&self.0.commitment())))
    }

    /// The identity nullifier `Poseidon(TAG, secret, scope)` (hex) in a
    /// verifier's scope.
    fn nullifier(&self, scope: &str) -> PyResult<String> {
        core(|| self.0.nullifier(scope).map(|n| fr_to_hex(&n)))
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.0 == other.0
    }

    fn __repr__(&self) -> &'static str {
        "HolderSecret(..)"
    }
}

/// A holder's wallet: the secret and the credentials bound to it. Its JSON
/// contains the secret: store it encrypted.
#[pyclass(module = "zkcred", frozen)]
pub struct Wallet(Mutex<CreditWallet>);

impl Wallet {
    fn with<T>(&self, f: impl FnOnce(&mut CreditWallet) -> zkcred_core::Result<T>) -> PyResult<T> {
        core(|| {
            let mut w = self
                .0
                .lock()
                .map_err(|_| zkcred_core::Error::Io("the wallet's lock is poisoned".into()))?;
            f(&mut w)
        })
    }
}

#[pymethods]
impl Wallet {
    /// An empty wallet around `secret`.
    #[new]
    fn new(secret: &HolderSecret) -> Wallet {
        Wallet(Mutex::new(CreditWallet::new(secret.copy())))
    }

    /// Parses a wallet; every credential must be bound to its secret.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Wallet> {
        core(|| CreditWallet::from_json(json).map(|w| Wallet(Mutex::new(w))))
    }

    /// The wallet as JSON (contains the secret).
    fn to_json(&self) -> PyResult<String> {
        self.with(|w| Ok(w.to_json().as_str().to_owned()))
    }

    /// The holder secret.
    #[getter]
    fn secret(&self) -> PyResult<HolderSecret> {
        self.with(|w| core_holder::HolderSecret::from_bytes(&w.secret().to_bytes()))
            .map(HolderSecret)
    }

    /// Stores a credential after checking it is bound to this wallet's
    /// secret (`CredentialError` otherwise, or if already held).
    fn receive(&self, credential: &Credential) -> PyResult<()> {
        self.with(|w| w.receive(credential.0.clone()))
    }

    /// The credentials, in the order received.
    #[getter]
    fn credentials(&self) -> PyResult<Vec<Credential>> {
        self.with(|w| Ok(w.credentials().iter().cloned().map(Credential).collect()))
    }

    /// The credentials that can answer `request` (schema, accepted issuer,
    /// not expired, predicates hold).
    fn matching(&self, request: &PresentationRequest) -> PyResult<Vec<Credential>> {
        self.with(|w| {
            Ok(w.matching(&request.0)?
                .into_iter()
                .cloned()
                .map(Credential)
                .collect())
        })
    }

    /// Proves `request` with `credential` from this wallet (see `zkcred.prove`).
    fn prove(
        &self,
        py: Python<'_>,
        request: &PresentationRequest,
        credential: &Credential,
        revocation_path: &RevocationPath,
        proving_key: &ProvingKey,
    ) -> PyResult<Presentation> {
        let secret = self.secret()?;
        prove(
            py,
            request,
            credential,
            &secret,
            revocation_path,
            proving_key,
        )
    }

    fn __repr__(&self) -> PyResult<String> {
        self.with(|w| Ok(format!("Wallet({} credentials)", w.credentials().len())))
    }
}

/// Answers `request` with a zero-knowledge proof from `credential`.
///
/// Raises `UnsatisfiableError` naming the failing check (a predicate by its
/// position and attribute, never its value) when the credential cannot
/// satisfy the request: another schema or issuer, expired, revoked, or a
/// predicate that fails. Releases the GIL while proving.
#[pyfunction]
pub fn prove(
    py: Python<'_>,
    request: &PresentationRequest,
    credential: &Credential,
    secret: &HolderSecret,
    revocation_path: &RevocationPath,
    proving_key: &ProvingKey,
) -> PyResult<Presentation> {
    let request = &request.0;
    let credential = &credential.0;
    let path = &revocation_path.0;
    py.detach(|| {
        core(|| {
            core_holder::prove(request, credential, &secret.0, path, &proving_key.0)
                .map(Presentation)
        })
    })
}

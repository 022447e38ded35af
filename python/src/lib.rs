//! zkcred-py: the Python package `zkcred` (module `zkcred._native`).
//!
//! A thin binding: it converts Python values to core's types and core's
//! errors to Python exceptions (one class per kind, under
//! `zkcred.ZkcredError`), releases the GIL around proving and verifying, and
//! holds no cryptography. Every entry point runs inside a panic guard
//! ([`errors::guard`]), so a Rust panic reaches Python as
//! `zkcred.InternalError`, never as pyo3's `PanicException` (a
//! `BaseException`).
//!
//! [`batch`] is the pure-Rust batch engine, usable without Python (the
//! `batch_verify` example compares it with Python's `verify_batch`).

pub mod batch;
pub(crate) mod credit;
mod errors;
mod holder;
mod issuer;
mod keys;
mod openid4vp;
mod presentation;
mod request;
mod values;
mod verifier;

use pyo3::prelude::*;

pub use errors::{kind_name, PANIC_MESSAGE};

/// Panics on purpose inside the guard, so the tests can check that a panic
/// surfaces as `zkcred.InternalError`.
#[pyfunction]
fn _panic_for_testing() -> PyResult<()> {
    errors::guard(|| panic!("a deliberate panic (zkcred._native._panic_for_testing)"))
}

/// A fresh random challenge (31 bytes, hex).
#[pyfunction]
fn fresh_challenge() -> PyResult<String> {
    errors::guard(|| Ok(zkcred_core::request::fresh_challenge()))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    credit::register(m)?;
    openid4vp::register(m)?;
    m.add_class::<request::Schema>()?;
    m.add_class::<request::PresentationRequest>()?;
    m.add_class::<issuer::IssuerKey>()?;
    m.add_class::<issuer::Issuer>()?;
    m.add_class::<issuer::Credential>()?;
    m.add_class::<issuer::RevocationPath>()?;
    m.add_class::<holder::HolderSecret>()?;
    m.add_class::<holder::Wallet>()?;
    m.add_class::<keys::ProvingKey>()?;
    m.add_class::<keys::VerifyingKey>()?;
    m.add_class::<presentation::Presentation>()?;
    m.add_class::<verifier::VerifiedPresentation>()?;
    m.add_function(wrap_pyfunction!(keys::setup, m)?)?;
    m.add_function(wrap_pyfunction!(holder::prove, m)?)?;
    m.add_function(wrap_pyfunction!(verifier::verify, m)?)?;
    m.add_function(wrap_pyfunction!(verifier::_verify_batch, m)?)?;
    m.add_function(wrap_pyfunction!(fresh_challenge, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_testing, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

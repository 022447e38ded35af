//! Presentations: the proof a holder sends and the values it is bound to
//! (made in `holder`, checked in `verifier`).

use pyo3::{
    prelude::*,
    types::{PyBytes, PyDict},
};
use zkcred_core::{
    encoding::fr_to_hex, presentation::Presentation as CorePresentation, request as core_request,
};

use crate::{
    errors::{core, guard},
    request::PresentationRequest,
    values::from_json,
};

/// A presentation: the proof and the values it is bound to.
#[pyclass(module = "zkcred", frozen)]
#[derive(Clone)]
pub struct Presentation(pub(crate) CorePresentation);

/// The disclosed attributes' slots of `request`, in order.
pub(crate) fn slots(request: &core_request::PresentationRequest) -> PyResult<Vec<(usize, String)>> {
    core(|| request.compile().map(|c| c.disclosed))
}

#[pymethods]
impl Presentation {
    /// Parses a presentation from its JSON, validating every encoding.
    #[staticmethod]
    fn from_json(json: &str) -> PyResult<Presentation> {
        core(|| CorePresentation::from_json(json).map(Presentation))
    }

    /// The presentation as JSON.
    fn to_json(&self) -> PyResult<String> {
        guard(|| Ok(self.0.to_json()))
    }

    /// Parses the compact binary form (the request names the disclosed
    /// attributes' slots).
    #[staticmethod]
    fn from_bytes(data: &[u8], request: &PresentationRequest) -> PyResult<Presentation> {
        let slots = slots(&request.0)?;
        core(|| CorePresentation::from_bytes(data, &slots).map(Presentation))
    }

    /// The compact binary form.
    fn to_bytes<'py>(
        &self,
        py: Python<'py>,
        request: &PresentationRequest,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let slots = slots(&request.0)?;
        let bytes = core(|| self.0.to_bytes(&slots))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The issuer's public key (hex).
    #[getter]
    fn issuer(&self) -> &str {
        &self.0.issuer
    }

    /// The holder's nullifier in the request's scope (hex).
    #[getter]
    fn nullifier(&self) -> String {
        fr_to_hex(&self.0.nullifier)
    }

    /// The disclosed attributes as in the JSON (unverified until `verify`;
    /// dates as strings here, `datetime.date` in the verified result).
    #[getter]
    fn disclosed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.0.disclosed {
            d.set_item(k, from_json(py, v)?)?;
        }
        Ok(d)
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.0 == other.0
    }

    fn __repr__(&self) -> String {
        format!(
            "Presentation(issuer={:?}, nullifier={:?}, disclosed={:?})",
            self.0.issuer,
            fr_to_hex(&self.0.nullifier),
            self.0.disclosed.keys().collect::<Vec<_>>()
        )
    }
}

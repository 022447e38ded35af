//! The Python exceptions: one class per kind of [`zkcred_core::Error`], all
//! under `zkcred.ZkcredError`, and the guard that turns a Rust panic into
//! `zkcred.InternalError` instead of letting it reach Python.
//!
//! Messages are core's `Display`, which never shows a secret or an attribute
//! value; a failed verification stays the one opaque `VerificationError`.
//! Every exception has core's structured details as attributes, `None` when
//! absent: `predicate` (the failing predicate's position in the request),
//! `attribute` (its attribute's name), `field` (what an encoding error is
//! about) and `path` (a file): names and positions, never values.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::{
    create_exception,
    exceptions::PyException,
    prelude::*,
    sync::PyOnceLock,
    types::{PyDict, PyTuple, PyType},
};
use zkcred_core::{Error as CoreError, ErrorDetails, ErrorKind};

create_exception!(
    zkcred,
    ZkcredError,
    PyException,
    "Base class of every error zkcred raises."
);
create_exception!(
    zkcred,
    JsonError,
    ZkcredError,
    "Malformed JSON (position only)."
);
create_exception!(
    zkcred,
    UnsupportedVersionError,
    ZkcredError,
    "A format version this build does not read."
);
create_exception!(
    zkcred,
    EncodingError,
    ZkcredError,
    "A byte string or number with the wrong encoding or length."
);
create_exception!(
    zkcred,
    NonCanonicalError,
    ZkcredError,
    "A value in another than its one canonical encoding (a field element not below the BN254 scalar modulus, an upper-case issuer key, a binary presentation that does not re-encode to the same bytes)."
);
create_exception!(
    zkcred,
    InvalidDateError,
    ZkcredError,
    "A date that does not exist or is out of range (years 0000-9999)."
);
create_exception!(zkcred, SchemaError, ZkcredError, "A malformed schema.");
create_exception!(
    zkcred,
    InvalidAttributeError,
    ZkcredError,
    "An attribute value that does not fit its type (the value is not shown)."
);
create_exception!(
    zkcred,
    RequestError,
    ZkcredError,
    "A presentation request that cannot be compiled into a policy."
);
create_exception!(
    zkcred,
    ScopeMismatchError,
    ZkcredError,
    "A request whose scope does not belong to the party asking (not its web origin or a path under it)."
);
create_exception!(
    zkcred,
    CredentialError,
    ZkcredError,
    "A credential that is malformed or whose signature does not verify."
);
create_exception!(
    zkcred,
    InvalidKeyError,
    ZkcredError,
    "A key that fails to parse or validate."
);
create_exception!(
    zkcred,
    MalformedProofError,
    ZkcredError,
    "A proof that fails to parse (off the curve, outside the subgroup, truncated)."
);
create_exception!(
    zkcred,
    UnsatisfiableError,
    ZkcredError,
    "The holder's credential cannot satisfy the request; names the failing check."
);
create_exception!(
    zkcred,
    VerificationError,
    ZkcredError,
    "The presentation does not verify. Deliberately opaque."
);
create_exception!(
    zkcred,
    RevocationError,
    ZkcredError,
    "The revocation registry failed or refused (already revoked, corrupt)."
);
create_exception!(
    zkcred,
    ProvingError,
    ZkcredError,
    "Proving failed for a reason other than an unsatisfiable statement."
);
create_exception!(
    zkcred,
    ScorecardError,
    ZkcredError,
    "A scorecard model that is malformed (overlapping or missing bins, unknown metric) or could overflow."
);
create_exception!(
    zkcred,
    MetricsError,
    ZkcredError,
    "Credit metrics that are malformed, missing or out of range (names only; values are not shown)."
);
create_exception!(
    zkcred,
    AttestationError,
    ZkcredError,
    "A credit attestation or its openings that are malformed or whose signature does not verify."
);
create_exception!(
    zkcred,
    CreditPolicyError,
    ZkcredError,
    "A lender's credit policy that is malformed."
);
create_exception!(
    zkcred,
    InternalError,
    ZkcredError,
    "A bug in zkcred: a Rust panic, caught before it reached Python."
);

/// The Python exception class name for a core error (also the batch table's
/// error kind).
pub fn kind_name(e: &CoreError) -> &'static str {
    class_name(e.kind())
}

/// The Python exception class name of a core error kind. Exhaustive: a kind
/// added to core is a compile error here until it has a class.
pub fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Json => "JsonError",
        ErrorKind::UnsupportedVersion => "UnsupportedVersionError",
        ErrorKind::Encoding => "EncodingError",
        ErrorKind::NonCanonical => "NonCanonicalError",
        ErrorKind::InvalidDate => "InvalidDateError",
        ErrorKind::Schema => "SchemaError",
        ErrorKind::Attribute => "InvalidAttributeError",
        ErrorKind::Request => "RequestError",
        ErrorKind::ScopeMismatch => "ScopeMismatchError",
        ErrorKind::Credential => "CredentialError",
        ErrorKind::Key => "InvalidKeyError",
        ErrorKind::MalformedProof => "MalformedProofError",
        ErrorKind::Unsatisfiable => "UnsatisfiableError",
        ErrorKind::VerificationFailed => "VerificationError",
        ErrorKind::Revocation => "RevocationError",
        ErrorKind::Proving => "ProvingError",
        ErrorKind::Io => "ZkcredIOError",
        ErrorKind::Scorecard => "ScorecardError",
        ErrorKind::Metrics => "MetricsError",
        ErrorKind::Attestation => "AttestationError",
        ErrorKind::CreditPolicy => "CreditPolicyError",
    }
}

/// Core's error as the matching Python exception (by [`ErrorKind`],
/// exhaustively), with core's value-free message and its details as
/// attributes ([`DETAILS`]).
pub fn to_py(e: CoreError) -> PyErr {
    let details = e.details();
    let err = exception(&e);
    if details.is_empty() {
        // The class attributes (all `None`) stand.
        return err;
    }
    // Off the GIL (a `core` call inside `py.detach`) this takes it back.
    Python::attach(|py| with_details(py, err, &details))
}

/// The attributes every zkcred exception has, `None` unless core gave the
/// detail.
pub const DETAILS: [&str; 4] = ["predicate", "attribute", "field", "path"];

fn with_details(py: Python<'_>, err: PyErr, d: &ErrorDetails) -> PyErr {
    let value = err.value(py);
    // Setting an attribute on a fresh exception instance does not fail; if
    // it did, the attribute would keep its class default, `None`.
    let _ = value.setattr(DETAILS[0], d.predicate);
    let _ = value.setattr(DETAILS[1], d.attribute.as_deref());
    let _ = value.setattr(DETAILS[2], d.field);
    let _ = value.setattr(DETAILS[3], d.path.as_ref().map(|p| p.display().to_string()));
    err
}

fn exception(e: &CoreError) -> PyErr {
    let msg = e.to_string();
    match e.kind() {
        ErrorKind::Json => JsonError::new_err(msg),
        ErrorKind::UnsupportedVersion => UnsupportedVersionError::new_err(msg),
        ErrorKind::Encoding => EncodingError::new_err(msg),
        ErrorKind::NonCanonical => NonCanonicalError::new_err(msg),
        ErrorKind::InvalidDate => InvalidDateError::new_err(msg),
        ErrorKind::Schema => SchemaError::new_err(msg),
        ErrorKind::Attribute => InvalidAttributeError::new_err(msg),
        ErrorKind::Request => RequestError::new_err(msg),
        ErrorKind::ScopeMismatch => ScopeMismatchError::new_err(msg),
        ErrorKind::Credential => CredentialError::new_err(msg),
        ErrorKind::Key => InvalidKeyError::new_err(msg),
        ErrorKind::MalformedProof => MalformedProofError::new_err(msg),
        ErrorKind::Unsatisfiable => UnsatisfiableError::new_err(msg),
        ErrorKind::VerificationFailed => VerificationError::new_err(msg),
        ErrorKind::Revocation => RevocationError::new_err(msg),
        ErrorKind::Proving => ProvingError::new_err(msg),
        ErrorKind::Io => Python::attach(|py| io_exception(py, e)),
        ErrorKind::Scorecard => ScorecardError::new_err(msg),
        ErrorKind::Metrics => MetricsError::new_err(msg),
        ErrorKind::Attestation => AttestationError::new_err(msg),
        ErrorKind::CreditPolicy => CreditPolicyError::new_err(msg),
    }
}

/// One of the I/O exception classes: `zkcred.ZkcredIOError` (a
/// `ZkcredError` and an `OSError`) and its subclasses for the operating
/// system's common error kinds, each also the matching built-in subclass of
/// `OSError` (so `except FileNotFoundError` catches a missing key file).
struct IoClass {
    name: &'static str,
    doc: &'static str,
    /// The built-in `OSError` class it also derives from.
    builtin: &'static str,
    /// The I/O error kind it is raised for (`None`: any other).
    kind: Option<std::io::ErrorKind>,
    /// The `errno` constant of that kind.
    errno: Option<&'static str>,
}

const IO_CLASSES: [IoClass; 4] = [
    IoClass {
        name: "ZkcredIOError",
        doc: "Reading or writing a file failed: an OSError (errno, strerror, filename: the path) and a ZkcredError; no file contents are shown.",
        builtin: "OSError",
        kind: None,
        errno: None,
    },
    IoClass {
        name: "ZkcredFileNotFoundError",
        doc: "A file zkcred was asked to read does not exist (also a FileNotFoundError).",
        builtin: "FileNotFoundError",
        kind: Some(std::io::ErrorKind::NotFound),
        errno: Some("ENOENT"),
    },
    IoClass {
        name: "ZkcredPermissionError",
        doc: "zkcred may not read or write a file (also a PermissionError).",
        builtin: "PermissionError",
        kind: Some(std::io::ErrorKind::PermissionDenied),
        errno: Some("EACCES"),
    },
    IoClass {
        name: "ZkcredFileExistsError",
        doc: "A file zkcred would not overwrite exists (also a FileExistsError).",
        builtin: "FileExistsError",
        kind: Some(std::io::ErrorKind::AlreadyExists),
        errno: Some("EEXIST"),
    },
];

static IO_TYPES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

/// The [`IO_CLASSES`], made once: they have two bases each, which
/// `create_exception!` cannot give.
fn io_types(py: Python<'_>) -> PyResult<&Vec<Py<PyType>>> {
    IO_TYPES.get_or_try_init(py, || {
        let builtins = py.import("builtins")?;
        let make = builtins.getattr("type")?;
        let mut out: Vec<Py<PyType>> = Vec::with_capacity(IO_CLASSES.len());
        for class in &IO_CLASSES {
            let ours = match out.first() {
                Some(io) => io.bind(py).clone().into_any(),
                None => py.get_type::<ZkcredError>().into_any(),
            };
            let bases = PyTuple::new(py, [ours, builtins.getattr(class.builtin)?])?;
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "zkcred")?;
            namespace.set_item("__doc__", class.doc)?;
            let t = make.call1((class.name, bases, namespace))?;
            out.push(t.cast_into::<PyType>()?.unbind());
        }
        Ok(out)
    })
}

/// Core's I/O error as the matching I/O exception: `errno` and `strerror`
/// as Python gives them, `filename` the path (so `str()` reads `[Errno 2]
/// No such file or directory: 'keys/presentation.vk'`).
fn io_exception(py: Python<'_>, e: &CoreError) -> PyErr {
    let msg = e.to_string();
    let kind = e.io_kind();
    let (index, class) = IO_CLASSES
        .iter()
        .enumerate()
        .find(|(_, c)| c.kind.is_some() && c.kind == kind)
        .unwrap_or((0, &IO_CLASSES[0]));
    let built = (|| -> PyResult<Bound<'_, PyAny>> {
        let cls = io_types(py)?[index].bind(py);
        let path = e.path().map(|p| p.display().to_string());
        let errno = match class.errno {
            Some(name) => Some(py.import("errno")?.getattr(name)?),
            None => None,
        };
        match (errno, path) {
            (Some(errno), path) => {
                let strerror = py.import("os")?.call_method1("strerror", (&errno,))?;
                let mut args = vec![errno, strerror];
                if let Some(path) = path {
                    args.push(path.into_pyobject(py)?.into_any());
                }
                cls.call1(PyTuple::new(py, args)?)
            }
            (None, Some(path)) => {
                let err = cls.call1((format!("{msg}: {path}"),))?;
                err.setattr("filename", path)?;
                Ok(err)
            }
            (None, None) => cls.call1((msg.as_str(),)),
        }
    })();
    match built {
        Ok(value) => PyErr::from_value(value),
        Err(err) => err,
    }
}

/// The message of a caught panic (core's batch engine gives a panicking row
/// the same). The panic's own text is not passed on: it might quote data
/// (core's panics are static `expect` messages, but a dependency's need not
/// be).
pub const PANIC_MESSAGE: &str = zkcred_core::batch::PANIC_MESSAGE;

/// Runs `f`, turning a Rust panic into `zkcred.InternalError`.
///
/// pyo3 would otherwise raise `pyo3_runtime.PanicException`, which derives
/// from `BaseException`: `except zkcred.ZkcredError` (or even `except
/// Exception`) would not catch it. Every entry point that calls core runs
/// inside this guard, on or off the GIL.
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(InternalError::new_err(PANIC_MESSAGE)))
}

/// [`guard`] for a core call: its error becomes the matching exception.
pub fn core<T>(f: impl FnOnce() -> zkcred_core::Result<T>) -> PyResult<T> {
    guard(|| f().map_err(to_py))
}

/// Registers the exception classes on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let base = py.get_type::<ZkcredError>();
    for name in DETAILS {
        base.setattr(name, py.None())?;
    }
    m.add("ZkcredError", base)?;
    m.add("JsonError", py.get_type::<JsonError>())?;
    m.add(
        "UnsupportedVersionError",
        py.get_type::<UnsupportedVersionError>(),
    )?;
    m.add("EncodingError", py.get_type::<EncodingError>())?;
    m.add("NonCanonicalError", py.get_type::<NonCanonicalError>())?;
    m.add("InvalidDateError", py.get_type::<InvalidDateError>())?;
    m.add("SchemaError", py.get_type::<SchemaError>())?;
    m.add(
        "InvalidAttributeError",
        py.get_type::<InvalidAttributeError>(),
    )?;
    m.add("RequestError", py.get_type::<RequestError>())?;
    m.add("ScopeMismatchError", py.get_type::<ScopeMismatchError>())?;
    m.add("CredentialError", py.get_type::<CredentialError>())?;
    m.add("InvalidKeyError", py.get_type::<InvalidKeyError>())?;
    m.add("MalformedProofError", py.get_type::<MalformedProofError>())?;
    m.add("UnsatisfiableError", py.get_type::<UnsatisfiableError>())?;
    m.add("VerificationError", py.get_type::<VerificationError>())?;
    m.add("RevocationError", py.get_type::<RevocationError>())?;
    m.add("ProvingError", py.get_type::<ProvingError>())?;
    for (class, t) in IO_CLASSES.iter().zip(io_types(py)?) {
        m.add(class.name, t.bind(py))?;
    }
    m.add("ScorecardError", py.get_type::<ScorecardError>())?;
    m.add("MetricsError", py.get_type::<MetricsError>())?;
    m.add("AttestationError", py.get_type::<AttestationError>())?;
    m.add("CreditPolicyError", py.get_type::<CreditPolicyError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_kind_has_its_own_class() {
        let names: BTreeSet<&str> = ErrorKind::ALL.iter().map(|k| class_name(*k)).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert!(!names.contains("ZkcredError"));
    }

    #[test]
    fn a_malformed_revocation_path_is_an_encoding_error_not_a_key_error() {
        for bytes in [vec![0u8; 100], vec![], vec![0xff; 1536]] {
            let e = zkcred_core::revocation::path_from_bytes(&bytes).unwrap_err();
            assert_eq!(kind_name(&e), "EncodingError", "{e}");
        }
        // And through `From<CircuitError>`, as `?` on the circuits' parser gives it.
        let e = CoreError::from(zkcred_core::MerklePath::from_bytes(&[1, 2, 3]).unwrap_err());
        assert_eq!(kind_name(&e), "EncodingError");
    }
}

//! Errors of zkcred-core.
//!
//! `Display` never shows a secret or an attribute value: attribute *names*,
//! predicate positions, field names and file paths only. Verification
//! failures are one opaque variant, so a prover learns nothing about which
//! check failed.
//!
//! Every [`Error`] has a [`kind`](Error::kind): an exhaustive, fieldless
//! [`ErrorKind`] that the bindings map to their own error types without a
//! catch-all arm, so a kind added here fails to compile in every binding
//! until it is mapped. Structured details ride along where a caller can act
//! on them: the failing predicate's position and attribute
//! ([`Error::predicate`], [`Error::attribute`]), the field of an encoding
//! error ([`Error::field`]) and the file of an I/O or key-file error
//! ([`Error::path`]; not in the message, since a path can name a person).

use std::path::{Path, PathBuf};

use zkcred_circuits::{presentation::StatementError, CircuitError};

/// The kind of an [`Error`], without its details: one case per variant of
/// [`Error`] ([`Error::File`] has the kind of the error inside it).
///
/// Deliberately exhaustive (not `#[non_exhaustive]`): bindings `match` on it
/// with no catch-all arm, so a new kind is a compile error in each of them
/// until it is given a mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorKind {
    /// [`Error::Json`]: malformed JSON.
    Json,
    /// [`Error::UnsupportedVersion`]: a format version this build does not
    /// read.
    UnsupportedVersion,
    /// [`Error::Encoding`]: a byte string or number with the wrong encoding
    /// or length.
    Encoding,
    /// [`Error::NonCanonical`]: a value in another than its one canonical
    /// encoding (a field element not below the BN254 scalar modulus, an
    /// upper-case issuer key, a binary envelope that re-encodes
    /// differently).
    NonCanonical,
    /// [`Error::InvalidDate`]: a date that does not exist or is out of range.
    InvalidDate,
    /// [`Error::Schema`]: a malformed schema.
    Schema,
    /// [`Error::Attribute`]: an attribute value that does not fit its type.
    Attribute,
    /// [`Error::Request`]: a presentation request that cannot be compiled.
    Request,
    /// [`Error::ScopeMismatch`]: a request whose scope does not belong to
    /// the party asking (see [`crate::scope`]).
    ScopeMismatch,
    /// [`Error::Credential`]: a malformed credential or one whose signature
    /// does not verify.
    Credential,
    /// [`Error::Key`]: a key that fails to parse or validate.
    Key,
    /// [`Error::MalformedProof`]: a proof that fails to parse.
    MalformedProof,
    /// [`Error::Unsatisfiable`]: the credential cannot satisfy the request.
    Unsatisfiable,
    /// [`Error::VerificationFailed`]: the proof does not verify (opaque).
    VerificationFailed,
    /// [`Error::Revocation`]: the revocation store failed or refused.
    Revocation,
    /// [`Error::Proving`]: proving failed for another reason than an
    /// unsatisfiable statement.
    Proving,
    /// [`Error::Scorecard`]: a malformed scorecard model.
    Scorecard,
    /// [`Error::Metrics`]: malformed or out-of-range credit metrics.
    Metrics,
    /// [`Error::Attestation`]: a malformed credit attestation or one whose
    /// signature does not verify.
    Attestation,
    /// [`Error::CreditPolicy`]: a malformed credit policy.
    CreditPolicy,
    /// [`Error::Io`]: reading or writing failed.
    Io,
}

impl ErrorKind {
    /// Every kind, in declaration order (for tests and tables).
    pub const ALL: [ErrorKind; 21] = [
        ErrorKind::Json,
        ErrorKind::UnsupportedVersion,
        ErrorKind::Encoding,
        ErrorKind::NonCanonical,
        ErrorKind::InvalidDate,
        ErrorKind::Schema,
        ErrorKind::Attribute,
        ErrorKind::Request,
        ErrorKind::ScopeMismatch,
        ErrorKind::Credential,
        ErrorKind::Key,
        ErrorKind::MalformedProof,
        ErrorKind::Unsatisfiable,
        ErrorKind::VerificationFailed,
        ErrorKind::Revocation,
        ErrorKind::Proving,
        ErrorKind::Scorecard,
        ErrorKind::Metrics,
        ErrorKind::Attestation,
        ErrorKind::CreditPolicy,
        ErrorKind::Io,
    ];

    /// The kind's stable name, as front ends without their own error types
    /// print it (the CLI's batch table): the variant's name in camelCase,
    /// e.g. `"verificationFailed"`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Json => "json",
            ErrorKind::UnsupportedVersion => "unsupportedVersion",
            ErrorKind::Encoding => "encoding",
            ErrorKind::NonCanonical => "nonCanonical",
            ErrorKind::InvalidDate => "invalidDate",
            ErrorKind::Schema => "schema",
            ErrorKind::Attribute => "attribute",
            ErrorKind::Request => "request",
            ErrorKind::ScopeMismatch => "scopeMismatch",
            ErrorKind::Credential => "credential",
            ErrorKind::Key => "key",
            ErrorKind::MalformedProof => "malformedProof",
            ErrorKind::Unsatisfiable => "unsatisfiable",
            ErrorKind::VerificationFailed => "verificationFailed",
            ErrorKind::Revocation => "revocation",
            ErrorKind::Proving => "proving",
            ErrorKind::Scorecard => "scorecard",
            ErrorKind::Metrics => "metrics",
            ErrorKind::Attestation => "attestation",
            ErrorKind::CreditPolicy => "creditPolicy",
            ErrorKind::Io => "io",
        }
    }
}

/// The structured details of an [`Error`], all optional and all value-free
/// (names, positions and paths, never an attribute value or a secret): what
/// a binding attaches to its error or its batch row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorDetails {
    /// The position of the failing predicate in the request
    /// ([`Error::predicate`]).
    pub predicate: Option<usize>,
    /// The attribute of a failing predicate or a refused value
    /// ([`Error::attribute`]).
    pub attribute: Option<String>,
    /// The field an encoding error is about ([`Error::field`]).
    pub field: Option<&'static str>,
    /// The file an I/O or file-content error is about ([`Error::path`]).
    pub path: Option<PathBuf>,
}

impl ErrorDetails {
    /// Whether there is no detail at all.
    pub fn is_empty(&self) -> bool {
        *self == ErrorDetails::default()
    }
}

/// Why the holder cannot satisfy a request: a value-free reason and, when a
/// predicate fails, its position in the request and its attribute's name.
///
/// `Display` (and `Deref` to `str`) give the reason, e.g. ``predicate 1
/// (`nationality` in) does not hold``; never an attribute value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsatisfied {
    reason: String,
    predicate: Option<usize>,
    attribute: Option<String>,
}

impl Unsatisfied {
    /// A refusal that names no predicate (expired, revoked, another issuer,
    /// a credit threshold...). `reason` must not contain a value.
    pub fn new(reason: impl Into<String>) -> Unsatisfied {
        Unsatisfied {
            reason: reason.into(),
            predicate: None,
            attribute: None,
        }
    }

    /// A refusal because predicate `index` of the request, over `attribute`,
    /// fails. `reason` must not contain a value.
    pub fn predicate(
        index: usize,
        attribute: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Unsatisfied {
            reason: reason.into(),
            predicate: Some(index),
            attribute: Some(attribute.into()),
        }
    }

    /// The reason (value-free).
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The position of the failing predicate in the request, if a predicate
    /// fails.
    pub fn predicate_index(&self) -> Option<usize> {
        self.predicate
    }

    /// The attribute of the failing predicate, if a predicate fails and its
    /// attribute is known.
    pub fn attribute(&self) -> Option<&str> {
        self.attribute.as_deref()
    }
}

impl core::fmt::Display for Unsatisfied {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl core::ops::Deref for Unsatisfied {
    type Target = str;

    /// The reason, so `why.contains("expired")` reads as before.
    fn deref(&self) -> &str {
        &self.reason
    }
}

impl From<String> for Unsatisfied {
    fn from(reason: String) -> Self {
        Unsatisfied::new(reason)
    }
}

impl From<&str> for Unsatisfied {
    fn from(reason: &str) -> Self {
        Unsatisfied::new(reason)
    }
}

/// Everything that can go wrong in zkcred-core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Malformed JSON (position only; the offending text is not echoed).
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A format version this build does not read.
    #[error("unsupported {what} version {found} (this build reads version {supported})")]
    UnsupportedVersion {
        /// Which document.
        what: &'static str,
        /// The version found.
        found: u64,
        /// The version supported.
        supported: u64,
    },
    /// A byte string or number with the wrong encoding or length.
    #[error("invalid encoding of {0}")]
    Encoding(&'static str),
    /// A value in another than its one canonical encoding: a field element
    /// not below the BN254 scalar modulus, an issuer key in upper-case hex, a
    /// binary presentation that does not re-encode to the same bytes.
    /// Every value zkcred reads has exactly one accepted encoding.
    #[error("non-canonical encoding of {0}")]
    NonCanonical(&'static str),
    /// A date that does not exist or is out of range.
    #[error("invalid date (expected YYYY-MM-DD, years 0000-9999)")]
    InvalidDate,
    /// A schema that is malformed.
    #[error("invalid schema: {0}")]
    Schema(String),
    /// An attribute value that does not fit its type (the value is not shown).
    #[error("attribute `{name}`: {reason}")]
    Attribute {
        /// The attribute's name.
        name: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A presentation request that cannot be compiled into a policy.
    #[error("invalid request: {0}")]
    Request(String),
    /// The request's scope does not belong to the party asking: not the
    /// requesting web origin or a path under it ([`crate::scope::check_origin`]).
    /// The message names neither the scope nor the origin.
    #[error("the request's scope does not belong to the requesting origin (it must be the origin itself or start with the origin and `/`)")]
    ScopeMismatch,
    /// A credential that is malformed or whose signature does not verify.
    #[error("invalid credential: {0}")]
    Credential(&'static str),
    /// A key that fails to parse or validate (off curve, outside the subgroup,
    /// wrong circuit).
    #[error("invalid key: {0}")]
    Key(&'static str),
    /// A proof that fails to parse (off curve, outside the subgroup, truncated).
    #[error("malformed proof: {0}")]
    MalformedProof(&'static str),
    /// The holder cannot satisfy the request with this credential: the
    /// reason, and for a failing predicate its position and attribute.
    #[error("the credential cannot satisfy the request: {0}")]
    Unsatisfiable(Unsatisfied),
    /// The presentation does not verify. Deliberately opaque.
    #[error("the presentation does not verify")]
    VerificationFailed,
    /// The revocation store failed.
    #[error("revocation store: {0}")]
    Revocation(#[from] crate::revocation::RevocationError),
    /// Proving failed for a reason other than an unsatisfiable statement.
    #[error("proving failed: {0}")]
    Proving(String),
    /// A scorecard model that is malformed or could overflow its score range.
    #[error("invalid scorecard: {0}")]
    Scorecard(String),
    /// Credit metrics that are malformed or out of their schema's range
    /// (metric names only; values are not shown).
    #[error("invalid credit metrics: {0}")]
    Metrics(String),
    /// A credit attestation (or its openings) that is malformed or whose
    /// signature does not verify.
    #[error("invalid credit attestation: {0}")]
    Attestation(&'static str),
    /// A lender's credit policy that is malformed.
    #[error("invalid credit policy: {0}")]
    CreditPolicy(String),
    /// An I/O error (its kind; no file contents). Reading or writing a named
    /// file gives it inside [`Error::File`].
    #[error("I/O: {0}")]
    Io(String),
    /// An error about a file: reading or writing it failed, or its content
    /// (a key, a wallet) is refused. The kind and the message are the inner
    /// error's: the path is a detail ([`Error::path`]), not shown, since a
    /// path can hold a name or an identifier the message must not leak.
    #[error("{error}")]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong with it (never [`Error::File`] itself).
        error: Box<Error>,
    },
}

impl Error {
    /// The kind of error, for bindings to map exhaustively.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Json(_) => ErrorKind::Json,
            Error::UnsupportedVersion { .. } => ErrorKind::UnsupportedVersion,
            Error::Encoding(_) => ErrorKind::Encoding,
            Error::NonCanonical(_) => ErrorKind::NonCanonical,
            Error::InvalidDate => ErrorKind::InvalidDate,
            Error::Schema(_) => ErrorKind::Schema,
            Error::Attribute { .. } => ErrorKind::Attribute,
            Error::Request(_) => ErrorKind::Request,
            Error::ScopeMismatch => ErrorKind::ScopeMismatch,
            Error::Credential(_) => ErrorKind::Credential,
            Error::Key(_) => ErrorKind::Key,
            Error::MalformedProof(_) => ErrorKind::MalformedProof,
            Error::Unsatisfiable(_) => ErrorKind::Unsatisfiable,
            Error::VerificationFailed => ErrorKind::VerificationFailed,
            Error::Revocation(_) => ErrorKind::Revocation,
            Error::Proving(_) => ErrorKind::Proving,
            Error::Scorecard(_) => ErrorKind::Scorecard,
            Error::Metrics(_) => ErrorKind::Metrics,
            Error::Attestation(_) => ErrorKind::Attestation,
            Error::CreditPolicy(_) => ErrorKind::CreditPolicy,
            Error::Io(_) => ErrorKind::Io,
            Error::File { error, .. } => error.kind(),
        }
    }

    /// This error as about the file `path` ([`Error::File`]); an error that
    /// already names a file keeps its own.
    pub fn in_file(self, path: impl Into<PathBuf>) -> Error {
        match self {
            Error::File { .. } => self,
            error => Error::File {
                path: path.into(),
                error: Box::new(error),
            },
        }
    }

    /// The error without its file: the inner error of [`Error::File`],
    /// otherwise `self`.
    pub fn without_file(&self) -> &Error {
        match self {
            Error::File { error, .. } => error.without_file(),
            other => other,
        }
    }

    /// The file an I/O or key-file error is about.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Error::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The field (or document part) an encoding error is about: e.g.
    /// `"proofValue"`, `"revocation path (...)"`.
    pub fn field(&self) -> Option<&'static str> {
        match self.without_file() {
            Error::Encoding(field) | Error::NonCanonical(field) => Some(field),
            _ => None,
        }
    }

    /// The position, in the request, of the predicate the credential fails.
    pub fn predicate(&self) -> Option<usize> {
        match self.without_file() {
            Error::Unsatisfiable(u) => u.predicate_index(),
            _ => None,
        }
    }

    /// The attribute (its name, never its value) a refused attribute value
    /// or a failing predicate is about.
    pub fn attribute(&self) -> Option<&str> {
        match self.without_file() {
            Error::Attribute { name, .. } => Some(name),
            Error::Unsatisfiable(u) => u.attribute(),
            _ => None,
        }
    }
}

impl Error {
    /// All of the structured details at once ([`Error::predicate`],
    /// [`Error::attribute`], [`Error::field`], [`Error::path`]).
    pub fn details(&self) -> ErrorDetails {
        ErrorDetails {
            predicate: self.predicate(),
            attribute: self.attribute().map(str::to_owned),
            field: self.field(),
            path: self.path().map(Path::to_path_buf),
        }
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        // serde's messages can quote input values; keep the category and position only.
        let kind = match e.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected structure",
            serde_json::error::Category::Eof => "unexpected end of input",
        };
        Error::Json(format!("{kind} at line {} column {}", e.line(), e.column()))
    }
}

/// The I/O error kinds whose reason [`Error::Io`] gives in the operating
/// system's words, with those words.
// (The kinds stable at the crate's MSRV; others read as Rust names them.)
const IO_REASONS: [(std::io::ErrorKind, &str); 3] = [
    (std::io::ErrorKind::NotFound, "No such file or directory"),
    (std::io::ErrorKind::PermissionDenied, "Permission denied"),
    (std::io::ErrorKind::AlreadyExists, "File exists"),
];

impl From<std::io::Error> for Error {
    /// The reason in the words the operating system uses ("No such file or
    /// directory"), without the OS error number; the path is added by
    /// [`Error::File`].
    fn from(e: std::io::Error) -> Self {
        let kind = e.kind();
        match IO_REASONS.iter().find(|(k, _)| *k == kind) {
            Some((_, reason)) => Error::Io((*reason).into()),
            None => Error::Io(kind.to_string()),
        }
    }
}

impl Error {
    /// The I/O error kind of an [`Error::Io`] (also inside [`Error::File`]),
    /// for a binding that raises its platform's matching exception
    /// (Python's `FileNotFoundError`, say); `None` for other errors and for
    /// I/O errors of another kind.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self.without_file() {
            Error::Io(reason) => IO_REASONS
                .iter()
                .find(|(_, r)| r == reason)
                .map(|(k, _)| *k),
            _ => None,
        }
    }
}

/// The field an [`Error::Encoding`] of a revocation path names.
pub(crate) const REVOCATION_PATH: &str = "revocation path (1536 bytes of canonical field elements)";

impl From<CircuitError> for Error {
    /// Each circuit error by what it is about: a Merkle path that does not
    /// parse is an encoding error of the revocation path, a point that is not
    /// a valid public key a key error, a signature that is malformed or does
    /// not verify a credential error, a range over a non-integer an
    /// unsatisfiable statement. Callers that know better (which key, which
    /// field) map the circuit error themselves.
    fn from(e: CircuitError) -> Self {
        match e {
            CircuitError::PoseidonArity(_) => Error::Encoding("Poseidon input"),
            CircuitError::MerklePathLevels(_)
            | CircuitError::MerklePathBytes(_)
            | CircuitError::NonCanonicalField(_) => Error::Encoding(REVOCATION_PATH),
            CircuitError::NonCanonicalPoint
            | CircuitError::PointNotOnCurve
            | CircuitError::PointNotInSubgroup
            | CircuitError::IdentityPublicKey => {
                Error::Key("not a valid Baby Jubjub public key (off the curve, outside the subgroup, or the identity)")
            }
            CircuitError::NonCanonicalScalar => Error::Credential("the signature is malformed"),
            CircuitError::InvalidSignature => Error::Credential("the signature does not verify"),
            CircuitError::NotAnInteger => Error::Unsatisfiable(Unsatisfied::new(e.to_string())),
            // `CircuitError` is non-exhaustive: a new circuit error is an
            // input the circuit's native code refused.
            _ => Error::Encoding("circuit input"),
        }
    }
}

impl From<StatementError> for Error {
    /// The failing part of the statement, with the predicate's position for
    /// a failing predicate (its attribute is named by
    /// [`crate::holder::check`], which knows the request).
    fn from(e: StatementError) -> Self {
        Error::Unsatisfiable(match e {
            StatementError::Predicate(n) | StatementError::PredicateNotInteger(n) => Unsatisfied {
                reason: e.to_string(),
                predicate: Some(n),
                attribute: None,
            },
            _ => Unsatisfied::new(e.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn io_errors_read_as_the_os_says_and_keep_their_kind() {
        use std::io::ErrorKind as K;
        for (kind, reason) in super::IO_REASONS {
            let e = Error::from(std::io::Error::from(kind)).in_file("keys/a.vk");
            assert_eq!(e.io_kind(), Some(kind));
            assert!(matches!(e.without_file(), Error::Io(r) if r == reason));
        }
        let other = Error::from(std::io::Error::from(K::TimedOut));
        assert_eq!(other.io_kind(), None);
        assert_eq!(Error::Encoding("x").io_kind(), None);
    }

    use super::*;

    /// One error of each variant (`File` aside).
    fn one_of_each() -> Vec<Error> {
        vec![
            Error::Json("syntax error at line 1 column 1".into()),
            Error::UnsupportedVersion {
                what: "wallet",
                found: 7,
                supported: 1,
            },
            Error::Encoding("proofValue"),
            Error::NonCanonical("holderCommitment"),
            Error::InvalidDate,
            Error::Schema("duplicate attribute".into()),
            Error::Attribute {
                name: "kyc_level".into(),
                reason: "not an integer",
            },
            Error::Request("no accepted issuers".into()),
            Error::ScopeMismatch,
            Error::Credential("the signature is malformed"),
            Error::Key("wrong circuit"),
            Error::MalformedProof("truncated"),
            Error::Unsatisfiable("the credential has expired".into()),
            Error::VerificationFailed,
            Error::Revocation(crate::revocation::RevocationError::AlreadyRevoked),
            Error::Proving("synthesis failed".into()),
            Error::Scorecard("overlapping bins".into()),
            Error::Metrics("missing `annual_revenue`".into()),
            Error::Attestation("the signature does not verify"),
            Error::CreditPolicy("nothing to prove".into()),
            Error::Io("entity not found".into()),
        ]
    }

    #[test]
    fn each_variant_has_its_own_kind_and_a_file_keeps_the_inner_kind() {
        let errors = one_of_each();
        let kinds: Vec<ErrorKind> = errors.iter().map(Error::kind).collect();
        assert_eq!(kinds, ErrorKind::ALL);
        for e in errors {
            let kind = e.kind();
            let text = e.to_string();
            let in_file = e.in_file("/keys/presentation.vk");
            assert_eq!(in_file.kind(), kind);
            assert_eq!(in_file.path(), Some(Path::new("/keys/presentation.vk")));
            assert_eq!(in_file.to_string(), text, "the path is not shown");
            assert_eq!(in_file.without_file().to_string(), text);
            // A second file does not wrap again.
            let twice = in_file.in_file("/elsewhere");
            assert_eq!(twice.path(), Some(Path::new("/keys/presentation.vk")));
        }
    }

    #[test]
    fn a_malformed_revocation_path_is_an_encoding_error_not_a_key_error() {
        for e in [
            CircuitError::MerklePathBytes(100),
            CircuitError::MerklePathLevels(3),
            CircuitError::NonCanonicalField(7),
        ] {
            let e = Error::from(e);
            assert_eq!(e.kind(), ErrorKind::Encoding, "{e}");
            assert_eq!(e.field(), Some(REVOCATION_PATH));
            assert_eq!(
                e.to_string(),
                "invalid encoding of revocation path (1536 bytes of canonical field elements)"
            );
        }
        let e = crate::revocation::path_from_bytes(&[0; 100]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding);
        let e = crate::revocation::path_from_bytes(&[0xff; 1536]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding);
        let short = zkcred_circuits::smt::MerklePath { siblings: vec![] };
        let e = crate::revocation::path_to_bytes(&short).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding);
    }

    #[test]
    fn circuit_errors_map_to_what_they_are_about() {
        let cases = [
            (CircuitError::PoseidonArity(17), ErrorKind::Encoding),
            (CircuitError::NonCanonicalPoint, ErrorKind::Key),
            (CircuitError::PointNotOnCurve, ErrorKind::Key),
            (CircuitError::PointNotInSubgroup, ErrorKind::Key),
            (CircuitError::IdentityPublicKey, ErrorKind::Key),
            (CircuitError::NonCanonicalScalar, ErrorKind::Credential),
            (CircuitError::InvalidSignature, ErrorKind::Credential),
            (CircuitError::NotAnInteger, ErrorKind::Unsatisfiable),
        ];
        for (circuit, kind) in cases {
            assert_eq!(Error::from(circuit.clone()).kind(), kind, "{circuit:?}");
        }
    }

    #[test]
    fn a_failing_predicate_keeps_its_position() {
        let e = Error::from(StatementError::Predicate(3));
        assert_eq!(e.kind(), ErrorKind::Unsatisfiable);
        assert_eq!(e.predicate(), Some(3));
        assert_eq!(e.attribute(), None);
        assert_eq!(
            e.to_string(),
            "the credential cannot satisfy the request: predicate 3 does not hold"
        );
        let e = Error::from(StatementError::Expired);
        assert_eq!((e.predicate(), e.attribute()), (None, None));
        let e = Error::Unsatisfiable(Unsatisfied::predicate(
            1,
            "nationality",
            "predicate 1 (`nationality` in) does not hold",
        ));
        assert_eq!(e.predicate(), Some(1));
        assert_eq!(e.attribute(), Some("nationality"));
        assert_eq!(e.in_file("/tmp/x").attribute(), Some("nationality"));
    }

    #[test]
    fn kind_names_are_distinct_camel_case() {
        let names: std::collections::BTreeSet<&str> =
            ErrorKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert_eq!(ErrorKind::VerificationFailed.name(), "verificationFailed");
        assert!(names
            .iter()
            .all(|n| n.chars().next().unwrap().is_ascii_lowercase()));
    }

    #[test]
    fn details_gather_every_detail_and_only_those_present() {
        let e = Error::Unsatisfiable(Unsatisfied::predicate(
            2,
            "nationality",
            "predicate 2 (`nationality` in) does not hold",
        ))
        .in_file("/tmp/request.json");
        let d = e.details();
        assert_eq!(d.predicate, Some(2));
        assert_eq!(d.attribute.as_deref(), Some("nationality"));
        assert_eq!(d.field, None);
        assert_eq!(d.path.as_deref(), Some(Path::new("/tmp/request.json")));
        assert_eq!(
            Error::Encoding("proofValue").details().field,
            Some("proofValue")
        );
        assert!(Error::VerificationFailed.details().is_empty());
    }

    #[test]
    fn structured_details_of_encoding_and_attribute_errors() {
        assert_eq!(Error::Encoding("proofValue").field(), Some("proofValue"));
        assert_eq!(Error::NonCanonical("scope").field(), Some("scope"));
        assert_eq!(Error::InvalidDate.field(), None);
        let e = Error::Attribute {
            name: "kyc_level".into(),
            reason: "not an integer",
        };
        assert_eq!(e.attribute(), Some("kyc_level"));
        assert_eq!(e.path(), None);
    }
}

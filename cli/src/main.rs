//! `zkcred`: issue credentials, prove facts about them in zero knowledge, and
//! verify the proofs, from the command line.
//!
//! Files in and out are JSON (keys are binary). Errors print one line and exit
//! with status 1.
#![forbid(unsafe_code)]

mod batch;
mod ceremony;
mod credit;
mod demo;
mod init;
mod onchain;
mod output;
mod progress;
mod ptau;
mod transcript_args;

use std::{
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::{Args, Parser, Subcommand};
use serde_json::{json, Value};
use zkcred_core::{
    date::Date,
    document::DocumentKind,
    encoding::{fr_from_hex, fr_to_hex},
    files,
    holder::{self, HolderSecret},
    issuer::{Issuer, IssuerKey, IssuerPublicKey},
    keys::{self, installed::installed_path, KeySource, ProvingKey, VerifyingKey},
    openid4vp::{self, AnyRequest, AuthorizationRequest, ConsentSummary, RequestTarget},
    request::{Op, PresentationRequest},
    revocation::{RevocationError, RevocationRegistry},
    schema::Schema,
    snarkjs, verifier, Credential, Error, Presentation,
};

#[derive(Parser)]
#[command(
    name = "zkcred",
    version,
    about = "Privacy-preserving credentials with zero-knowledge presentation proofs"
)]
struct Cli {
    /// Print one JSON object for programs instead of prose: the command's
    /// results, or `{"error": {"kind", "message"}}` on a failure.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write example inputs (a schema, a subject, SME metrics, two
    /// scorecards, and a README.txt explaining them) for the walkthrough.
    Init {
        /// The directory to write them in (created if absent).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Generate Groth16 development keys for the presentation circuit.
    Setup {
        /// Directory for presentation.pk, presentation.vk and verification_key.json.
        #[arg(long, default_value = ".zkcred")]
        out_dir: PathBuf,
        /// Replace existing keys (presentations made with the old keys then
        /// no longer verify).
        #[arg(long)]
        force: bool,
    },
    /// Issuer key management.
    Issuer {
        #[command(subcommand)]
        command: IssuerCommand,
    },
    /// Holder secret management.
    Holder {
        #[command(subcommand)]
        command: HolderCommand,
    },
    /// Issue a credential (the next serial of the issuer's registry).
    Issue(IssueArgs),
    /// Credential files: migrate from an earlier format.
    Credential {
        #[command(subcommand)]
        command: CredentialCommand,
    },
    /// Revoke a credential by serial and print the new revocation root.
    Revoke {
        /// The issuer's secret key file (the registry must belong to this key).
        #[arg(long, default_value = ".zkcred/issuer.key")]
        key: PathBuf,
        /// The issuer's revocation registry (SQLite; must exist).
        #[arg(long)]
        registry: PathBuf,
        /// The credential's serial (`credentialStatus.revocationIndex`).
        #[arg(long)]
        serial: u32,
        /// Revoke even a serial this registry never issued.
        #[arg(long)]
        force: bool,
    },
    /// Write a presentation request: zkcred's own JSON, or with
    /// `--openid4vp` an OpenID4VP 1.0 Authorization Request with a DCQL
    /// query (docs/openid4vp.md).
    Request(RequestArgs),
    /// Answer a presentation request (either form, detected) with a proof,
    /// after printing what it proves and reveals; an OpenID4VP request is
    /// answered with a `vp_token` response.
    Prove(ProveArgs),
    /// Verify a presentation against a request, or an OpenID4VP `vp_token`
    /// response against the OpenID4VP request it answers.
    Verify {
        /// The verifier's request (either form).
        #[arg(long)]
        request: PathBuf,
        /// The holder's presentation, or the `vp_token` response to an
        /// OpenID4VP request.
        #[arg(long, alias = "response")]
        presentation: PathBuf,
        /// The web origin of the verifier's page, for an OpenID4VP request
        /// answered over the Digital Credentials API (`dc_api`).
        #[arg(long)]
        origin: Option<String>,
        /// The verifying key.
        #[arg(long, default_value = ".zkcred/presentation.vk")]
        vk: PathBuf,
        /// Also write snarkjs's verification_key.json, proof.json and public.json here.
        #[arg(long)]
        snarkjs_dir: Option<PathBuf>,
    },
    /// Verify many presentations against one request (batch verification, on
    /// all cores): one row per proof (file, accepted or refused, nullifier or
    /// error kind and reason, time) and a summary. Exits non-zero if any
    /// proof is refused.
    VerifyBatch {
        /// The verifier's request.
        #[arg(long)]
        request: PathBuf,
        /// The verifying key.
        #[arg(long, default_value = ".zkcred/presentation.vk")]
        vk: PathBuf,
        #[command(flatten)]
        batch: batch::BatchArgs,
    },
    /// Write a circuit's constraint system in circom's `.r1cs` format (for
    /// `snarkjs r1cs info`, `snarkjs groth16 setup` and ceremonies).
    ExportR1cs {
        /// The circuit: `presentation` or `scorecard`.
        #[arg(long)]
        circuit: String,
        /// The `.r1cs` file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a Solidity Groth16 verifier with a verifying key's points as constants.
    ExportVerifier {
        /// The verifying key.
        #[arg(long, default_value = ".zkcred/presentation.vk")]
        vk: PathBuf,
        /// The Solidity file to write (contract `ZkcredGroth16Verifier`).
        #[arg(long, default_value = "ZkcredGroth16Verifier.sol")]
        out: PathBuf,
    },
    /// Phase 1 (powers of tau) for development and tests: `.ptau` files
    /// that `snarkjs powersoftau verify` accepts.
    Ptau {
        #[command(subcommand)]
        command: ptau::PtauCommand,
    },
    /// SME credit: attestations, policies, proofs.
    Credit {
        #[command(subcommand)]
        command: credit::CreditCommand,
    },
    /// The Groth16 phase-2 ceremony on `.zkey` files (interoperable with
    /// `snarkjs zkey contribute | beacon | verify`).
    Ceremony {
        #[command(subcommand)]
        command: ceremony::CeremonyCommand,
    },
    /// Run the whole identity flow on embedded defaults, then the SME credit flow.
    Demo {
        /// Where keys, the issuer's registry and the demo's files go.
        #[arg(long, default_value = ".zkcred/demo")]
        data_dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum IssuerCommand {
    /// Generate an issuer key; prints the public key.
    Keygen {
        /// Where to write the secret key (hex; created 0600).
        #[arg(long, default_value = ".zkcred/issuer.key")]
        out: PathBuf,
        /// Replace an existing key file.
        #[arg(long)]
        force: bool,
    },
    /// Print the issuer's current revocation root.
    Root {
        /// The issuer's revocation registry (SQLite; must exist).
        #[arg(long)]
        registry: PathBuf,
    },
}

#[derive(Subcommand)]
enum CredentialCommand {
    /// Rewrite a credential from before the multibase `proofValue` (hex)
    /// in today's format (docs/data-integrity.md): the same signature, so
    /// it verifies exactly when the old one did.
    Migrate {
        /// The credential in the legacy format.
        input: PathBuf,
        /// Where to write the migrated credential (`-`: standard output;
        /// default: in place, which needs --force).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing file (the input itself without --out).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum HolderCommand {
    /// Generate a holder secret; prints its commitment (what issuers sign).
    Keygen {
        /// Where to write the secret (hex; created 0600).
        #[arg(long, default_value = ".zkcred/holder.secret")]
        out: PathBuf,
        /// Replace an existing secret file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args)]
struct IssueArgs {
    /// The issuer's secret key file.
    #[arg(long, default_value = ".zkcred/issuer.key")]
    key: PathBuf,
    /// The issuer's revocation registry (SQLite; created for this key if
    /// absent, refused if it belongs to another key).
    #[arg(long, default_value = ".zkcred/registry.db")]
    registry: PathBuf,
    /// The credential schema (JSON).
    #[arg(long)]
    schema: PathBuf,
    /// The credential subject: attribute name -> value (JSON).
    #[arg(long)]
    subject: PathBuf,
    /// The holder's commitment (0x-prefixed field element).
    #[arg(long)]
    holder_commitment: String,
    /// The first day of validity, `YYYY-MM-DD` (the credential's
    /// `validFrom`; default: today). Presentations before it are refused.
    #[arg(long)]
    valid_from: Option<String>,
    /// Days of validity from the first day (`validUntil` is that many days
    /// after `validFrom`).
    #[arg(long, default_value_t = 365)]
    valid_days: u32,
    /// Output file.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
struct RequestArgs {
    /// The credential schema (JSON).
    #[arg(long)]
    schema: PathBuf,
    /// An accepted issuer's public key (hex); repeat for several.
    #[arg(long = "issuer", required = true)]
    issuers: Vec<String>,
    /// The accepted issuers' registries, to read their current roots (one per --issuer, same order; each must exist).
    #[arg(long = "registry")]
    registries: Vec<PathBuf>,
    /// A predicate `ATTRIBUTE OP VALUE`, e.g. `birth_date ageAtLeast 18` or `nationality in DE,FR`.
    #[arg(long = "predicate")]
    predicates: Vec<String>,
    /// An attribute to disclose.
    #[arg(long = "disclose")]
    disclose: Vec<String>,
    /// The verifier's scope (native requests; an OpenID4VP request's scope
    /// is its audience).
    #[arg(
        long,
        required_unless_present = "openid4vp",
        conflicts_with = "openid4vp"
    )]
    scope: Option<String>,
    /// The verifier's date (default: today).
    #[arg(long)]
    now: Option<String>,
    /// Write an OpenID4VP 1.0 Authorization Request (docs/openid4vp.md):
    /// `direct_post` with `--client-id`/`--response-uri`, or `--dc-api`.
    #[arg(long)]
    openid4vp: bool,
    /// The verifier's Client Identifier, `redirect_uri:<response uri>`
    /// (default: from `--response-uri`).
    #[arg(long, requires = "openid4vp")]
    client_id: Option<String>,
    /// Where the wallet POSTs the response (`direct_post`; default: from a
    /// `redirect_uri:` `--client-id`).
    #[arg(long, requires = "openid4vp")]
    response_uri: Option<String>,
    /// Answered through the W3C Digital Credentials API (`dc_api`: no
    /// client id; the audience is the page's origin).
    #[arg(long, requires = "openid4vp", conflicts_with_all = ["client_id", "response_uri"])]
    dc_api: bool,
    /// The `nonce` (default: 32 fresh random bytes, base64url). Each
    /// request needs a fresh one. (base64url may begin with `-`: the value
    /// is taken as given.)
    #[arg(long, requires = "openid4vp", allow_hyphen_values = true)]
    nonce: Option<String>,
    /// The `state` for `direct_post` (default: a fresh random value).
    #[arg(
        long,
        requires = "openid4vp",
        conflicts_with = "dc_api",
        allow_hyphen_values = true
    )]
    state: Option<String>,
    /// The verifying key the request names by hash: OpenID4VP's `vk_hash`
    /// (default `.zkcred/presentation.vk`); a native request names it
    /// (`vkHash`) only when given, and holders then refuse another key.
    #[arg(long)]
    vk: Option<PathBuf>,
    /// Output file.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
struct ProveArgs {
    /// The verifier's request.
    #[arg(long)]
    request: PathBuf,
    /// The holder's credential.
    #[arg(long)]
    credential: PathBuf,
    /// The holder's secret file.
    #[arg(long, default_value = ".zkcred/holder.secret")]
    secret: PathBuf,
    /// The issuer's revocation registry, for the non-revocation path (must exist).
    #[arg(long)]
    registry: PathBuf,
    /// The proving key. Its installed form `<pk>.installed` (written by
    /// `zkcred setup`) is used instead when it is there and was installed
    /// from exactly this file: it loads without the subgroup checks.
    #[arg(long, default_value = ".zkcred/presentation.pk")]
    pk: PathBuf,
    /// Say which form of the proving key was loaded.
    #[arg(long, short)]
    verbose: bool,
    /// Output file: the presentation, or the `vp_token` response to an
    /// OpenID4VP request.
    #[arg(long)]
    out: PathBuf,
    /// The web origin of the page asking, for an OpenID4VP request over the
    /// Digital Credentials API (`dc_api`): the audience the proof is bound
    /// to.
    #[arg(long)]
    origin: Option<String>,
    /// Also write the full witness here, in circom's `.wtns` format (every
    /// wire of `zkcred export-r1cs --circuit presentation`'s file; holds the
    /// holder secret: created 0600, never over an existing file).
    #[arg(long)]
    wtns: Option<PathBuf>,
}

/// Loads the proving key at `path` of the statement `S` (see
/// [`keys::installed::load_preferring_installed`]); says which form with
/// `verbose`, and warns whenever an installed file was there but refused.
pub(crate) fn load_proving_key<S: keys::Statement>(
    path: &std::path::Path,
    verbose: bool,
) -> CliResult<keys::ProvingKeyFor<S>> {
    let installed = installed_path(path);
    let (pk, source) = progress::with_spinner("loading the proving key", || {
        keys::installed::load_preferring_installed::<S>(&read(path)?, &installed)
            .map_err(CliError::from)
    })?;
    match source {
        KeySource::Installed if verbose => eprintln!(
            "proving key: the installed form {} (from {})",
            installed.display(),
            path.display()
        ),
        KeySource::CompressedNoInstalled if verbose => eprintln!(
            "proving key: {} (compressed, fully validated; no installed form)",
            path.display()
        ),
        KeySource::CompressedInstalledRefused(e) => eprintln!(
            "warning: {} refused ({e}); loaded {} (compressed, fully validated)",
            installed.display(),
            path.display()
        ),
        _ => {}
    }
    Ok(pk)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let args: Vec<String> = std::env::args().collect();
    let result =
        output::configure(cli.json, output::stdout_requested(&args)).and_then(|()| run(cli));
    match result {
        Ok(()) => {
            output::finish();
            ExitCode::SUCCESS
        }
        Err(e) => {
            output::fail(&e);
            ExitCode::FAILURE
        }
    }
}

/// A CLI failure: one line for the user, and the kind of error for
/// `--json` (core's error kinds, `usage` for the command line's own
/// refusals, `refused` for a batch with refused proofs).
#[derive(Debug)]
pub struct CliError {
    message: String,
    kind: &'static str,
}

/// A refusal of the command line's own (kind `usage`). Named like the
/// type, as a tuple struct's constructor would be.
#[allow(non_snake_case)]
pub fn CliError(message: String) -> CliError {
    CliError {
        message,
        kind: "usage",
    }
}

impl CliError {
    /// Some proofs of a batch were refused (each row says why): kind
    /// `refused`.
    pub fn refused(message: String) -> CliError {
        CliError {
            message,
            kind: "refused",
        }
    }

    /// A message of the CLI's own about core's error `e`, keeping its kind.
    pub fn about(e: &Error, message: String) -> CliError {
        CliError {
            message,
            kind: e.kind().name(),
        }
    }

    /// The kind of error: a core [`zkcred_core::ErrorKind`]'s name,
    /// `usage` or `refused`.
    pub fn kind(&self) -> &'static str {
        self.kind
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError {
            message: e.to_string(),
            kind: e.kind().name(),
        }
    }
}

impl From<zkcred_core::revocation::RevocationError> for CliError {
    fn from(e: zkcred_core::revocation::RevocationError) -> Self {
        let message = format!("revocation store: {e}");
        CliError::about(&Error::Revocation(e), message)
    }
}

type CliResult<T> = Result<T, CliError>;

/// "{reason}: {path}" for an I/O error, as the shell says it ("No such file
/// or directory: request.json"); "cannot {verb} {path}: {reason}" when the
/// content was refused.
fn file_error(verb: &str, path: &Path, e: Error) -> CliError {
    let message = match e.without_file() {
        Error::Io(reason) => format!("{reason}: {}", path.display()),
        other => format!("cannot {verb} {}: {other}", path.display()),
    };
    CliError::about(&e, message)
}

/// Parses a document's text; a refusal names the file and, when the file is
/// another zkcred document, what was expected and what was found
/// (`request.json: expected a presentation request, found a presentation`).
fn parse_text<T>(
    path: &Path,
    text: &str,
    expected: impl FnOnce(&str) -> DocumentKind,
    parse: impl FnOnce(&str) -> zkcred_core::Result<T>,
) -> CliResult<T> {
    parse(text).map_err(|e| {
        let reason = expected(text).refusal(text, &e);
        CliError::about(&e, format!("{}: {reason}", path.display()))
    })
}

/// Reads and parses a document ([`parse_text`]).
pub(crate) fn parse_file<T>(
    path: &Path,
    expected: DocumentKind,
    parse: impl FnOnce(&str) -> zkcred_core::Result<T>,
) -> CliResult<T> {
    parse_text(path, &read_text(path)?, |_| expected, parse)
}

/// A request in either form (native or OpenID4VP), refused as the form the
/// file looks like.
fn parse_request_file(path: &Path) -> CliResult<AnyRequest> {
    let form = |text: &str| match DocumentKind::detect(text) {
        Some(DocumentKind::OpenId4VpRequest) => DocumentKind::OpenId4VpRequest,
        _ => DocumentKind::Request,
    };
    parse_text(path, &read_text(path)?, form, AnyRequest::from_json)
}

/// [`parse_file`] for a document holding a secret (openings, a credit
/// credential): the text is wiped when it drops.
pub(crate) fn parse_secret_file<T>(
    path: &Path,
    expected: DocumentKind,
    parse: impl FnOnce(&str) -> zkcred_core::Result<T>,
) -> CliResult<T> {
    parse_text(path, &read_secret_text(path)?, |_| expected, parse)
}

pub(crate) fn read(path: &Path) -> CliResult<Vec<u8>> {
    files::read(path).map_err(|e| file_error("read", path, e))
}

pub(crate) fn read_text(path: &Path) -> CliResult<String> {
    String::from_utf8(read(path)?)
        .map_err(|_| CliError(format!("{} is not UTF-8 text", path.display())))
}

/// [`read_text`] for a file holding a secret (a key, a holder secret,
/// openings): the text is wiped when it drops, and so are the bytes of a
/// file that is not UTF-8.
pub(crate) fn read_secret_text(path: &Path) -> CliResult<zeroize::Zeroizing<String>> {
    String::from_utf8(read(path)?)
        .map(zeroize::Zeroizing::new)
        .map_err(|e| {
            zeroize::Zeroize::zeroize(&mut e.into_bytes());
            CliError(format!("{} is not UTF-8 text", path.display()))
        })
}

/// Writes atomically (a fresh temporary file, fsync, rename), creating the
/// directory ([`zkcred_core::atomic_file::write_public`]).
/// `-` is standard output (`--out -`).
pub(crate) fn write(path: &Path, bytes: &[u8]) -> CliResult<()> {
    if output::is_stdout(path) {
        return output::write_stdout(bytes);
    }
    zkcred_core::atomic_file::write_public(path, bytes)
        .map_err(|e| CliError(format!("cannot write {}: {}", path.display(), e.kind())))
}

/// Writes a secret file readable by its owner only, created `0600` and
/// exclusively; an existing file is replaced only with `force`
/// ([`zkcred_core::atomic_file::write_secret`]).
pub(crate) fn write_secret(path: &Path, text: &str, force: bool) -> CliResult<()> {
    refuse_stdout_for_secret(path)?;
    zkcred_core::atomic_file::write_secret(path, text.as_bytes(), force).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CliError(format!(
                "{} exists; pass --force to overwrite it",
                path.display()
            ))
        } else {
            CliError(format!("cannot write {}: {}", path.display(), e.kind()))
        }
    })
}

/// Secrets go to files created `0600`, never to standard output (where a
/// terminal, a log or a pipe would keep them).
pub(crate) fn refuse_stdout_for_secret(path: &Path) -> CliResult<()> {
    if output::is_stdout(path) {
        return Err(CliError(
            "a secret is never written to standard output: give a file (it is created 0600)".into(),
        ));
    }
    Ok(())
}

/// Refuses to go on if any of `paths` exists, unless `force`: keys from a
/// new setup do not verify what the old ones made, so replacing them is
/// never silent (issue #15).
pub(crate) fn refuse_existing(paths: &[PathBuf], force: bool) -> CliResult<()> {
    if force {
        return Ok(());
    }
    match paths.iter().find(|p| p.exists()) {
        Some(p) => Err(CliError(format!(
            "{} exists; new keys would not verify anything made with the old ones \
             (pass --force to replace them)",
            p.display()
        ))),
        None => Ok(()),
    }
}

/// [`write_secret`] for bytes, never replacing an existing file.
pub(crate) fn write_secret_bytes(path: &Path, bytes: &[u8]) -> CliResult<()> {
    refuse_stdout_for_secret(path)?;
    zkcred_core::atomic_file::write_secret(path, bytes, false).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CliError(format!(
                "{} exists; remove it first (a witness is never overwritten)",
                path.display()
            ))
        } else {
            CliError(format!("cannot write {}: {}", path.display(), e.kind()))
        }
    })
}

/// A registry failure, naming the registry's path.
pub(crate) fn registry_error(path: &Path, e: RevocationError) -> CliError {
    let path = path.display();
    let message = match &e {
        RevocationError::Missing => format!("no revocation registry at {path}"),
        RevocationError::IssuerMismatch => {
            format!("the revocation registry {path} belongs to another issuer")
        }
        RevocationError::WriterActive => format!(
            "the revocation registry {path} is open in another writer (one writer at a time)"
        ),
        e => format!("{path}: {e}"),
    };
    CliError::about(&Error::Revocation(e), message)
}

/// Opens an existing registry to read it (never creates one; takes no
/// write lock).
pub(crate) fn read_registry(path: &Path) -> CliResult<RevocationRegistry> {
    RevocationRegistry::open_read_only(path).map_err(|e| registry_error(path, e))
}

/// Opens the registry at `path` as `key`'s issuer (`create`: make it if
/// absent).
pub(crate) fn open_issuer(key: IssuerKey, path: &Path, create: bool) -> CliResult<Issuer> {
    let opened = if create {
        Issuer::open(key, path)
    } else {
        Issuer::open_existing(key, path)
    };
    opened.map_err(|e| match e {
        Error::Revocation(e) => registry_error(path, e),
        e => CliError::from(e),
    })
}

/// Loads an issuer key file. The text and the decoded bytes are wiped on
/// every path out; the key itself zeroizes on drop.
pub(crate) fn load_issuer_key(path: &Path) -> CliResult<IssuerKey> {
    let text = read_secret_text(path)?;
    let bytes = zkcred_core::encoding::secret_bytes_from_hex::<32>(text.trim(), "issuer key file")?;
    Ok(IssuerKey::from_bytes(*bytes))
}

/// Loads a holder secret file, wiping the text and bytes as
/// [`load_issuer_key`] does.
pub(crate) fn load_holder_secret(path: &Path) -> CliResult<HolderSecret> {
    let text = read_secret_text(path)?;
    let bytes =
        zkcred_core::encoding::secret_bytes_from_hex::<32>(text.trim(), "holder secret file")?;
    Ok(HolderSecret::from_bytes(&bytes)?)
}

/// Parses `ATTRIBUTE OP VALUE`.
fn parse_predicate(s: &str) -> CliResult<(String, Op, Value)> {
    let mut parts = s.splitn(3, ' ');
    let (Some(attr), Some(op), Some(value)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(CliError(format!(
            "predicate `{s}`: expected ATTRIBUTE OP VALUE"
        )));
    };
    let op: Op = serde_json::from_value(json!(op))
        .map_err(|_| CliError(format!("predicate `{s}`: unknown operator `{op}`")))?;
    let scalar =
        |v: &str| serde_json::from_str::<Value>(v).unwrap_or_else(|_| Value::String(v.to_string()));
    let value = match op {
        Op::In | Op::NotIn | Op::Between => {
            Value::Array(value.split(',').map(|v| scalar(v.trim())).collect())
        }
        _ => scalar(value),
    };
    Ok((attr.to_string(), op, value))
}

fn run(cli: Cli) -> CliResult<()> {
    match cli.command {
        Command::Init { dir, force } => init::run(&dir, force)?,
        Command::Setup { out_dir, force } => {
            refuse_existing(
                &[
                    out_dir.join("presentation.pk"),
                    installed_path(&out_dir.join("presentation.pk")),
                    out_dir.join("presentation.vk"),
                    out_dir.join("verification_key.json"),
                ],
                force,
            )?;
            let (pk, vk) = progress::with_spinner(
                "generating Groth16 keys (development setup)",
                keys::setup_os,
            )?;
            let pk_bytes = pk.to_bytes();
            let installed = progress::with_spinner("installing the proving key", || {
                ProvingKey::install(&pk_bytes, &vk).map(|(_, bytes)| bytes)
            })?;
            write(&out_dir.join("presentation.pk"), &pk_bytes)?;
            write(
                &installed_path(&out_dir.join("presentation.pk")),
                &installed,
            )?;
            write(&out_dir.join("presentation.vk"), &vk.to_bytes())?;
            let vk_json =
                serde_json::to_string_pretty(&snarkjs::verification_key_json(&vk)).expect("JSON");
            write(&out_dir.join("verification_key.json"), vk_json.as_bytes())?;
            output::say(format_args!(
                "wrote {}/presentation.pk ({} bytes), presentation.pk.installed ({} bytes), presentation.vk, verification_key.json",
                out_dir.display(),
                pk_bytes.len(),
                installed.len()
            ));
            output::say("note: keys from one party's randomness are for development only; production needs a multi-party ceremony");
            output::record(
                "proving_key",
                out_dir.join("presentation.pk").display().to_string(),
            );
            output::record(
                "installed_proving_key",
                installed_path(&out_dir.join("presentation.pk"))
                    .display()
                    .to_string(),
            );
            output::record("proving_key_bytes", pk_bytes.len());
            output::record(
                "verifying_key",
                out_dir.join("presentation.vk").display().to_string(),
            );
            output::record(
                "vk_sha256",
                output::hex0x(&hex::encode(openid4vp::vk_hash_bytes(&vk))),
            );
            output::record("development", true);
            output::say(format_args!("origin: {}", pk.origin()));
            output::record("origin", pk.origin().to_string());
        }
        Command::Issuer {
            command: IssuerCommand::Keygen { out, force },
        } => {
            let key = IssuerKey::generate_os();
            write_secret(
                &out,
                &zeroize::Zeroizing::new(hex::encode(&key.to_bytes()[..])),
                force,
            )?;
            let public = output::hex0x(&key.public_key().to_hex());
            output::say(&public);
            output::record("public_key", public);
            output::record("key_file", out.display().to_string());
        }
        Command::Issuer {
            command: IssuerCommand::Root { registry },
        } => {
            let reg = read_registry(&registry)?;
            output::say(fr_to_hex(&reg.root()));
            output::record("root", fr_to_hex(&reg.root()));
        }
        Command::Holder {
            command: HolderCommand::Keygen { out, force },
        } => {
            let secret = HolderSecret::generate_os();
            write_secret(
                &out,
                &zeroize::Zeroizing::new(hex::encode(&secret.to_bytes()[..])),
                force,
            )?;
            output::say(fr_to_hex(&secret.commitment()));
            output::record("commitment", fr_to_hex(&secret.commitment()));
            output::record("secret_file", out.display().to_string());
        }
        Command::Issue(a) => {
            let key = load_issuer_key(&a.key)?;
            let schema = parse_file(&a.schema, DocumentKind::Schema, Schema::from_json)?;
            let subject: Value =
                serde_json::from_str(&read_text(&a.subject)?).map_err(Error::from)?;
            let subject = subject
                .as_object()
                .cloned()
                .ok_or_else(|| CliError("the subject must be a JSON object".into()))?;
            let commitment = fr_from_hex(&a.holder_commitment, "holder commitment")?;
            let from = match &a.valid_from {
                Some(day) => Date::parse(day)?,
                None => Date::today(),
            };
            let until = Date::from_days(from.days() + i64::from(a.valid_days))?;
            let created = !a.registry.exists();
            let mut issuer = open_issuer(key, &a.registry, true)?;
            if created {
                output::say(format_args!(
                    "created the revocation registry {} for issuer {}",
                    a.registry.display(),
                    output::hex0x(&issuer.key().public_key().to_hex())
                ));
            }
            let credential = issuer.issue(&schema, subject, commitment, from, until)?;
            write(&a.out, credential.to_json().as_bytes())?;
            output::say(format_args!(
                "issued serial {} to {}",
                credential.serial(),
                a.out.display()
            ));
            output::record("serial", credential.serial());
            output::record("out", a.out.display().to_string());
            output::record("registry_created", created);
        }
        Command::Revoke {
            key,
            registry,
            serial,
            force,
        } => {
            let key = load_issuer_key(&key)?;
            let mut issuer = open_issuer(key, &registry, false)?;
            let revoked = if force {
                issuer.revoke_any(serial)
            } else {
                issuer.revoke(serial)
            };
            match revoked {
                Err(Error::Revocation(RevocationError::NotIssued)) => {
                    return Err(CliError(
                        "the serial was never issued from this registry (pass --force to revoke it anyway)"
                            .into(),
                    ))
                }
                r => r?,
            }
            let root = fr_to_hex(&issuer.revocation_root()?);
            output::say(&root);
            output::record("serial", serial);
            output::record("root", root);
        }
        Command::Request(a) => {
            let schema = parse_file(&a.schema, DocumentKind::Schema, Schema::from_json)?;
            // An OpenID4VP request's scope is derived from its audience;
            // this placeholder is never used.
            let scope = a.scope.clone().unwrap_or_else(|| "openid4vp".into());
            let mut request = PresentationRequest::new(schema, scope);
            if !a.registries.is_empty() && a.registries.len() != a.issuers.len() {
                return Err(CliError("give one --registry per --issuer, or none".into()));
            }
            for (i, hex) in a.issuers.iter().enumerate() {
                let key = IssuerPublicKey::from_hex(output::bare_hex(hex))?;
                let root = match a.registries.get(i) {
                    Some(path) => {
                        let registry = read_registry(path)?;
                        if registry.issuer().is_some_and(|owner| owner != key) {
                            return Err(registry_error(path, RevocationError::IssuerMismatch));
                        }
                        registry.root()
                    }
                    None => zkcred_circuits::smt::empty_roots()[zkcred_circuits::smt::LEVELS],
                };
                request = request.accept_issuer(&key, root);
            }
            for p in &a.predicates {
                let (attr, op, value) = parse_predicate(p)?;
                request = request.require(&attr, op, value);
            }
            for d in &a.disclose {
                request = request.disclose(d);
            }
            if let Some(now) = a.now {
                request = request.at(Date::parse(&now)?);
            }
            let vk_path =
                a.vk.clone()
                    .unwrap_or_else(|| PathBuf::from(".zkcred/presentation.vk"));
            if a.vk.is_some() {
                request = request.for_verifying_key(&VerifyingKey::from_bytes(&read(&vk_path)?)?);
            }
            request.compile()?;
            if a.openid4vp {
                let target = if a.dc_api {
                    RequestTarget::DcApi
                } else if a.client_id.is_some() || a.response_uri.is_some() {
                    RequestTarget::DirectPost {
                        client_id: a.client_id,
                        response_uri: a.response_uri,
                    }
                } else {
                    return Err(CliError(
                        "--openid4vp needs --client-id or --response-uri (direct_post), or --dc-api"
                            .into(),
                    ));
                };
                let state = (!a.dc_api).then(|| a.state.unwrap_or_else(openid4vp::fresh_nonce));
                let vk = VerifyingKey::from_bytes(&read(&vk_path)?)?;
                let nonce = a.nonce.unwrap_or_else(openid4vp::fresh_nonce);
                let auth = AuthorizationRequest::from_presentation_request(
                    &request, target, nonce, state, &vk,
                )?;
                write(&a.out, auth.to_json().as_bytes())?;
                output::say(format_args!(
                    "wrote {} (OpenID4VP, response_mode {}{})",
                    a.out.display(),
                    auth.response_mode.as_str(),
                    auth.client_id
                        .as_deref()
                        .map(|c| format!(", client_id {c}"))
                        .unwrap_or_default()
                ));
                output::record("form", "openid4vp");
                output::record("response_mode", auth.response_mode.as_str());
                output::record("client_id", auth.client_id.clone());
                output::record("nonce", auth.nonce.clone());
            } else {
                write(&a.out, request.to_json().as_bytes())?;
                output::say(format_args!("wrote {}", a.out.display()));
                output::record("form", "native");
                output::record("vk_hash", request.vk_hash.clone());
            }
            output::record("out", a.out.display().to_string());
        }
        Command::Prove(a) => {
            let any = parse_request_file(&a.request)?;
            let (request, summary) = match &any {
                AnyRequest::Native(request) => {
                    openid4vp::check_native_scope(&request.scope)?;
                    (request.clone(), ConsentSummary::new(request, false)?)
                }
                AnyRequest::OpenId4Vp(auth) => (
                    auth.to_presentation_request(a.origin.as_deref())?,
                    auth.summary(a.origin.as_deref())?,
                ),
            };
            let credential = parse_file(
                &a.credential,
                DocumentKind::Credential,
                Credential::from_json,
            )?;
            let secret = load_holder_secret(&a.secret)?;
            let registry = read_registry(&a.registry)?;
            if let (Some(owner), Ok(issuer)) = (registry.issuer(), credential.issuer_key()) {
                if owner != issuer {
                    return Err(registry_error(&a.registry, RevocationError::IssuerMismatch));
                }
            }
            let path = registry
                .non_membership_proof(credential.serial())
                .map_err(|_| CliError("the credential is revoked".into()))?;
            // Refuse (expired, not yet valid, a failing predicate, ...) before
            // loading the key.
            holder::check(&request, &credential, &secret, &path)?;
            if let Some(wtns) = a.wtns.as_deref().filter(|p| p.exists()) {
                return Err(CliError(format!(
                    "{} exists; remove it first (a witness is never overwritten)",
                    wtns.display()
                )));
            }
            // What will be proved and revealed, before proving.
            output::say(&summary);
            output::record(
                "consent",
                serde_json::to_value(&summary).map_err(Error::from)?,
            );
            let pk = load_proving_key(&a.pk, a.verbose)?;
            if let AnyRequest::OpenId4Vp(auth) = &any {
                auth.check_proving_key(&pk)?;
            }
            let start = std::time::Instant::now();
            let presentation = holder::prove(&request, &credential, &secret, &path, &pk)?;
            let out = match &any {
                AnyRequest::Native(_) => presentation.to_json(),
                AnyRequest::OpenId4Vp(auth) => {
                    openid4vp::VpTokenResponse::new(auth, a.origin.as_deref(), &presentation)?
                        .to_json()
                }
            };
            let elapsed = start.elapsed();
            write(&a.out, out.as_bytes())?;
            output::say(format_args!(
                "proved in {elapsed:.0?}; wrote {}",
                a.out.display()
            ));
            output::record("proving_ms", elapsed.as_millis() as u64);
            output::record("out", a.out.display().to_string());
            if let Some(wtns) = &a.wtns {
                let witness = holder::witness(&request, &credential, &secret, &path)?;
                let bytes = zkcred_core::circom::wtns::to_bytes(&witness)?;
                write_secret_bytes(wtns, &bytes)?;
                output::say(format_args!(
                    "wrote {} ({} wires)",
                    wtns.display(),
                    witness.len()
                ));
                output::record("wtns", wtns.display().to_string());
            }
        }
        Command::Verify {
            request,
            presentation,
            origin,
            vk,
            snarkjs_dir,
        } => {
            let any = parse_request_file(&request)?;
            let text = read_text(&presentation)?;
            let vk = VerifyingKey::from_bytes(&read(&vk)?)?;
            let (verified, request, presentation) = match any {
                AnyRequest::Native(request) => {
                    let presentation = Presentation::from_json(&text)?;
                    (
                        verifier::verify(&request, &presentation, &vk)?,
                        request,
                        presentation,
                    )
                }
                AnyRequest::OpenId4Vp(auth) => {
                    let response = openid4vp::VpTokenResponse::from_json(&text)?;
                    let verified =
                        openid4vp::verify_response(&auth, origin.as_deref(), &response, &vk)?;
                    let (request, presentation) =
                        response.presentation(&auth, origin.as_deref())?;
                    (verified, request, presentation)
                }
            };
            if let Some(dir) = snarkjs_dir {
                export_snarkjs(&dir, &request, &presentation, &vk)?;
            }
            let report = json!({
                "verified": true,
                "issuer": output::hex0x(&verified.issuer),
                "nullifier": verified.nullifier,
                "disclosed": verified.disclosed,
            });
            output::say(serde_json::to_string_pretty(&report).expect("JSON"));
            output::record_all(&report);
        }
        Command::VerifyBatch { request, vk, batch } => {
            let request = parse_file(
                &request,
                DocumentKind::Request,
                PresentationRequest::from_json,
            )?;
            let vk = VerifyingKey::from_bytes(&read(&vk)?)?;
            let kind = zkcred_core::batch::IdentityKind::new(request, vk)?;
            batch::run(&kind, &batch)?;
        }
        Command::ExportVerifier { vk, out } => {
            let vk = VerifyingKey::from_bytes(&read(&vk)?)?;
            write(&out, zkcred_core::solidity::verifier_source(&vk).as_bytes())?;
            let inputs = vk.as_ark().gamma_abc_g1.len() - 1;
            output::say(format_args!(
                "wrote {} (contract ZkcredGroth16Verifier, {inputs} public inputs; compile with solc 0.8.24 or later)",
                out.display(),
            ));
            output::record("out", out.display().to_string());
            output::record("contract", "ZkcredGroth16Verifier");
            output::record("public_inputs", inputs);
        }
        Command::ExportR1cs { circuit, out } => {
            let circuit = zkcred_core::circom::Circuit::from_name(&circuit).ok_or_else(|| {
                CliError(format!(
                    "unknown circuit `{circuit}` (expected presentation or scorecard)"
                ))
            })?;
            let r1cs = circuit.r1cs()?;
            write(&out, &r1cs.to_bytes()?)?;
            output::say(format_args!(
                "wrote {} ({} circuit: {} constraints, {} wires, {} public inputs)",
                out.display(),
                circuit.name(),
                r1cs.constraints.len(),
                r1cs.n_wires,
                r1cs.n_public()
            ));
            output::record("out", out.display().to_string());
            output::record("circuit", circuit.name());
            output::record("constraints", r1cs.constraints.len());
            output::record("wires", r1cs.n_wires);
            output::record("public_inputs", r1cs.n_public());
        }
        Command::Credential {
            command: CredentialCommand::Migrate { input, out, force },
        } => {
            let target = out.unwrap_or_else(|| input.clone());
            if !force && target == input {
                return Err(CliError(format!(
                    "{} would be replaced: pass --out FILE, or --force to migrate it in place",
                    input.display()
                )));
            }
            let credential = parse_file(
                &input,
                DocumentKind::Credential,
                zkcred_core::credential::migrate_legacy,
            )?;
            let json = credential.to_json();
            if output::is_stdout(&target) || force {
                write(&target, json.as_bytes())?;
            } else {
                zkcred_core::atomic_file::write_public_new(&target, json.as_bytes()).map_err(
                    |e| {
                        if e.kind() == std::io::ErrorKind::AlreadyExists {
                            CliError(format!(
                                "{} exists; pass --force to overwrite it",
                                target.display()
                            ))
                        } else {
                            CliError(format!("cannot write {}: {}", target.display(), e.kind()))
                        }
                    },
                )?;
            }
            output::say(format_args!(
                "migrated {} to the multibase proofValue (same signature) -> {}",
                input.display(),
                target.display()
            ));
            output::record("credential", credential.id.clone());
            output::record("out", target.display().to_string());
        }
        Command::Ptau { command } => ptau::run(command)?,
        Command::Credit { command } => credit::run(command)?,
        Command::Ceremony { command } => ceremony::run(command)?,
        Command::Demo { data_dir } => {
            demo::run(&data_dir)?;
            credit::demo::run(&data_dir)?;
            output::record("data_dir", data_dir.display().to_string());
            output::record("completed", true);
        }
    }
    Ok(())
}

/// Writes snarkjs's three files for a verified presentation.
pub(crate) fn export_snarkjs(
    dir: &Path,
    request: &PresentationRequest,
    presentation: &Presentation,
    vk: &VerifyingKey,
) -> CliResult<()> {
    let inputs = verifier::public_inputs(request, presentation)?.to_field_elements();
    let pretty = |v: Value| serde_json::to_string_pretty(&v).expect("JSON");
    write(
        &dir.join("verification_key.json"),
        pretty(snarkjs::verification_key_json(vk)).as_bytes(),
    )?;
    write(
        &dir.join("proof.json"),
        pretty(snarkjs::proof_json(&presentation.proof)).as_bytes(),
    )?;
    write(
        &dir.join("public.json"),
        pretty(snarkjs::public_json(&inputs)).as_bytes(),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_files_are_read_into_wiped_buffers() {
        // Issue 16, point 7: the key file's text and the decoded bytes are
        // `Zeroizing` (the types say so), on error paths too.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issuer.key");
        let key = IssuerKey::from_bytes([7u8; 32]);
        std::fs::write(&path, format!("{}\n", hex::encode(&key.to_bytes()[..]))).unwrap();
        let text: zeroize::Zeroizing<String> = read_secret_text(&path).unwrap();
        assert_eq!(text.trim(), "07".repeat(32));
        assert_eq!(*load_issuer_key(&path).unwrap().to_bytes(), [7u8; 32]);
        std::fs::write(&path, b"\xff\xfe not text").unwrap();
        assert!(read_secret_text(&path).is_err());
        std::fs::write(&path, "zz".repeat(32)).unwrap();
        assert!(load_issuer_key(&path).is_err());
        assert!(load_holder_secret(&path).is_err());
    }
}

//! `zkcred ceremony`: the Groth16 phase-2 ceremony on `.zkey` files
//! (zkcred_core::circom::phase2), interoperable with `snarkjs zkey
//! contribute | beacon | verify`; `export` writes zkcred's keys from the
//! final zkey (zkcred_core::circom::export), `verify-proof` checks a
//! snarkjs proof with them.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use zkcred_core::{
    circom::{export, keypair::format_hash, phase1, phase2, ptau::Ptau, Circuit, Zkey},
    keys::{Statement, VerifyingKeyFor},
    snarkjs,
};
use zkcred_credit::succinct::ScorecardStatement;

use crate::{
    read, read_text, refuse_existing,
    transcript_args::{BeaconArgs, Contributor, InOut},
    write, CliError, CliResult,
};

/// The ceremony's steps.
#[derive(Subcommand)]
pub enum CeremonyCommand {
    /// Write a circuit's initial key (as `snarkjs groth16 setup` does) from
    /// a powers of tau prepared for phase 2.
    Init {
        /// The circuit: `presentation` or `scorecard`.
        #[arg(long)]
        circuit: String,
        /// The powers of tau (`.ptau`, prepared for phase 2).
        #[arg(long)]
        ptau: PathBuf,
        /// The `.zkey` to write.
        #[arg(long)]
        out: PathBuf,
        /// Replace an existing output file.
        #[arg(long)]
        force: bool,
    },
    /// Add a contribution (secret from the OS's randomness, mixed with
    /// optional typed text; used once and wiped).
    Contribute {
        /// The current `.zkey` and the `.zkey` to write.
        #[command(flatten)]
        files: InOut,
        /// The contributor (name at most 64 bytes).
        #[command(flatten)]
        contributor: Contributor,
        /// Replace an existing output file.
        #[arg(long)]
        force: bool,
    },
    /// Apply a public random beacon (as `snarkjs zkey beacon`).
    Beacon {
        /// The current `.zkey` and the `.zkey` to write.
        #[command(flatten)]
        files: InOut,
        /// The beacon.
        #[command(flatten)]
        beacon: BeaconArgs,
        /// Replace an existing output file.
        #[arg(long)]
        force: bool,
    },
    /// Check a key's whole ceremony from the circuit and the powers of tau.
    Verify {
        /// The powers of tau the ceremony started from.
        #[arg(long)]
        ptau: PathBuf,
        /// The key to check.
        #[arg(long)]
        zkey: PathBuf,
        /// The circuit: `presentation` or `scorecard`.
        #[arg(long)]
        circuit: String,
    },
    /// Write zkcred's proving and verifying keys (`presentation.pk`/`.vk`
    /// or `scorecard.pk`/`.vk`, as `setup` / `credit setup` name them) and
    /// snarkjs's `verification_key.json` from a ceremony's final `.zkey`;
    /// the keys' header names the zkey's BLAKE2b-512 hash.
    Export {
        /// The ceremony's final key.
        #[arg(long)]
        zkey: PathBuf,
        /// The circuit: `presentation` or `scorecard`.
        #[arg(long)]
        circuit: String,
        /// The directory to write the keys to.
        #[arg(long, default_value = ".zkcred")]
        out_dir: PathBuf,
        /// Also check the whole ceremony from this powers of tau first (as
        /// `ceremony verify`).
        #[arg(long)]
        ptau: Option<PathBuf>,
        /// Replace existing key files.
        #[arg(long)]
        force: bool,
    },
    /// Check a snarkjs Groth16 proof (`proof.json`, `public.json`, as
    /// `snarkjs groth16 prove` writes them) with a zkcred verifying key.
    VerifyProof {
        /// The circuit: `presentation` or `scorecard`.
        #[arg(long)]
        circuit: String,
        /// zkcred's verifying key (`ceremony export` writes it).
        #[arg(long)]
        vk: PathBuf,
        /// snarkjs's `proof.json`.
        #[arg(long)]
        proof: PathBuf,
        /// snarkjs's `public.json`.
        #[arg(long)]
        public: PathBuf,
    },
}

/// Writes `S`'s keys exported from `zkey` (file bytes `bytes`) to
/// `DIR/NAME.pk`, `DIR/NAME.vk` and `DIR/verification_key.json`.
fn export_keys<S: Statement>(
    bytes: &[u8],
    zkey: &Zkey,
    name: &str,
    dir: &Path,
    force: bool,
) -> CliResult<()> {
    let files = [
        dir.join(format!("{name}.pk")),
        dir.join(format!("{name}.vk")),
        dir.join("verification_key.json"),
    ];
    refuse_existing(&files, force)?;
    let (pk, vk) = export::export::<S>(zkey, export::zkey_hash(bytes))?;
    let pk_bytes = pk.to_bytes();
    write(&files[0], &pk_bytes)?;
    write(&files[1], &vk.to_bytes())?;
    let json = serde_json::to_string_pretty(&snarkjs::verification_key_json(&vk)).expect("JSON");
    write(&files[2], json.as_bytes())?;
    crate::output::say(format_args!(
        "wrote {} ({} bytes), {} and {}",
        files[0].display(),
        pk_bytes.len(),
        files[1].display(),
        files[2].display()
    ));
    crate::output::say(format_args!("origin: {}", pk.origin()));
    crate::output::record("origin", pk.origin().to_string());
    crate::output::record(
        "files",
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>(),
    );
    Ok(())
}

/// Prints the contribution just written to `out` (its hash in snarkjs's
/// form) and records it for `--json`.
fn report_contribution(out: &Path, zkey: &Zkey, hash: &[u8; 64]) {
    crate::output::say(format_args!("{}", format_hash(hash, "Contribution Hash: ")));
    crate::output::record("out", out.display().to_string());
    crate::output::record("contribution", zkey.contributions.len());
    crate::output::record(
        "contribution_hash",
        crate::output::hex0x(&hex::encode(hash)),
    );
}

/// Checks snarkjs's proof files with `S`'s verifying key file.
fn verify_snarkjs<S: Statement>(vk: &Path, proof: &Path, public: &Path) -> CliResult<()> {
    let vk = VerifyingKeyFor::<S>::from_bytes(&read(vk)?)?;
    let json = |p: &Path| -> CliResult<serde_json::Value> {
        serde_json::from_str(&read_text(p)?)
            .map_err(|_| CliError(format!("{} is not JSON", p.display())))
    };
    let proof = snarkjs::proof_from_json(&json(proof)?)?;
    let inputs = snarkjs::public_from_json(&json(public)?, S::PUBLIC_INPUTS)?;
    vk.verify(&proof, &inputs)?;
    crate::output::say(format_args!(
        "the snarkjs proof verifies ({} public inputs; key: {})",
        inputs.len(),
        vk.origin()
    ));
    Ok(())
}

fn circuit(name: &str) -> CliResult<Circuit> {
    Circuit::from_name(name).ok_or_else(|| {
        CliError(format!(
            "unknown circuit `{name}` (expected presentation or scorecard)"
        ))
    })
}

fn load_zkey(path: &Path) -> CliResult<Zkey> {
    Zkey::from_bytes(&read(path)?)
        .map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))
}

fn load_ptau(path: &Path) -> CliResult<Ptau> {
    Ptau::from_bytes(&read(path)?)
        .map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))
}

/// Refuses to replace an existing file unless asked.
fn check_out(out: &Path, force: bool) -> CliResult<()> {
    if !force && out.exists() {
        return Err(CliError(format!(
            "{} exists; pass --force to overwrite it",
            out.display()
        )));
    }
    Ok(())
}

fn initial(circuit: Circuit, ptau_path: &Path) -> CliResult<Zkey> {
    let r1cs = circuit.r1cs()?;
    let ptau = load_ptau(ptau_path)?;
    if phase1::is_dev_ptau(&ptau) {
        eprintln!(
            "warning: {} is a DEVELOPMENT powers of tau (`ptau new --dev-secret`): \
             its secrets are known, so keys over it can be forged; never for production",
            ptau_path.display()
        );
    }
    Ok(phase2::new_zkey(&r1cs, &ptau)?)
}

/// Runs one ceremony command.
pub fn run(command: CeremonyCommand) -> CliResult<()> {
    match command {
        CeremonyCommand::Init {
            circuit: name,
            ptau,
            out,
            force,
        } => {
            check_out(&out, force)?;
            let c = circuit(&name)?;
            let zkey = initial(c, &ptau)?;
            write(&out, &zkey.to_bytes()?)?;
            crate::output::say(format_args!(
                "wrote {} ({} circuit, domain 2^{}, no contributions yet)",
                out.display(),
                c.name(),
                zkey.domain_size.trailing_zeros()
            ));
            crate::output::say(format_args!(
                "{}",
                format_hash(&zkey.cs_hash, "Circuit Hash: ")
            ));
        }
        CeremonyCommand::Contribute {
            files: InOut { input, out },
            mut contributor,
            force,
        } => {
            check_out(&out, force)?;
            let entropy = contributor.take_entropy();
            let mut zkey = load_zkey(&input)?;
            let name = contributor.name.as_deref();
            let hash = phase2::contribute(&mut zkey, name, entropy.as_bytes())?;
            write(&out, &zkey.to_bytes()?)?;
            crate::output::say(format_args!(
                "wrote {} (contribution #{})",
                out.display(),
                zkey.contributions.len()
            ));
            crate::output::say(format_args!(
                "{}",
                format_hash(&zkey.cs_hash, "Circuit Hash: ")
            ));
            report_contribution(&out, &zkey, &hash);
        }
        CeremonyCommand::Beacon {
            files: InOut { input, out },
            beacon,
            force,
        } => {
            check_out(&out, force)?;
            let value = beacon.value()?;
            let mut zkey = load_zkey(&input)?;
            let name = beacon.name.as_deref();
            let hash = phase2::beacon(&mut zkey, name, &value, beacon.iterations_exp)?;
            write(&out, &zkey.to_bytes()?)?;
            crate::output::say(format_args!(
                "wrote {} (beacon, contribution #{})",
                out.display(),
                zkey.contributions.len()
            ));
            report_contribution(&out, &zkey, &hash);
        }
        CeremonyCommand::Verify {
            ptau,
            zkey,
            circuit: name,
        } => {
            let c = circuit(&name)?;
            let key = load_zkey(&zkey)?;
            let init = initial(c, &ptau)?;
            let report = phase2::verify(&key, &init)
                .map_err(|r| CliError(format!("{} is refused: {r}", zkey.display())))?;
            crate::output::say(format_args!(
                "{}",
                format_hash(&key.cs_hash, "Circuit Hash: ")
            ));
            for (i, v) in report.iter().enumerate().rev() {
                crate::output::say(format_args!("-------------------------"));
                let title = format!(
                    "contribution #{} {}:",
                    i + 1,
                    v.name.as_deref().unwrap_or("")
                );
                crate::output::say(format_args!("{}", format_hash(&v.hash, &title)));
                crate::output::push(
                    "contributions",
                    serde_json::json!({
                        "index": i + 1,
                        "name": v.name,
                        "hash": crate::output::hex0x(&hex::encode(v.hash)),
                        "beacon": v.beacon.is_some(),
                    }),
                );
                if let Some(b) = &v.beacon {
                    crate::output::say(format_args!("Beacon generator: {}", hex::encode(&b.hash)));
                    crate::output::say(format_args!("Beacon iterations Exp: {}", b.iterations_exp));
                }
            }
            crate::output::say(format_args!("-------------------------"));
            crate::output::say(format_args!(
                "{}: {} contributions verified; the key is the {} circuit's",
                zkey.display(),
                report.len(),
                c.name()
            ));
        }
        CeremonyCommand::Export {
            zkey,
            circuit: name,
            out_dir,
            ptau,
            force,
        } => {
            let c = circuit(&name)?;
            let bytes = read(&zkey)?;
            let key = Zkey::from_bytes(&bytes)
                .map_err(|e| CliError(format!("cannot read {}: {e}", zkey.display())))?;
            if let Some(ptau) = ptau {
                let init = initial(c, &ptau)?;
                let report = phase2::verify(&key, &init)
                    .map_err(|r| CliError(format!("{} is refused: {r}", zkey.display())))?;
                crate::output::say(format_args!("{} contributions verified", report.len()));
            }
            match c {
                Circuit::Presentation => export_keys::<zkcred_core::keys::PresentationStatement>(
                    &bytes,
                    &key,
                    c.name(),
                    &out_dir,
                    force,
                )?,
                Circuit::Scorecard => {
                    export_keys::<ScorecardStatement>(&bytes, &key, c.name(), &out_dir, force)?
                }
            }
        }
        CeremonyCommand::VerifyProof {
            circuit: name,
            vk,
            proof,
            public,
        } => match circuit(&name)? {
            Circuit::Presentation => {
                verify_snarkjs::<zkcred_core::keys::PresentationStatement>(&vk, &proof, &public)?
            }
            Circuit::Scorecard => verify_snarkjs::<ScorecardStatement>(&vk, &proof, &public)?,
        },
    }
    Ok(())
}

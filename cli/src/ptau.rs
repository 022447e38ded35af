//! `zkcred ptau`: phase 1 (powers of tau) for development and tests, in
//! snarkjs's `.ptau` format ([`zkcred_core::circom::phase1`]). Every output
//! is a new file: an existing one is never replaced.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use rand_core::{OsRng, RngCore};
use zeroize::Zeroize;
use zkcred_core::circom::{
    keypair::{entropy_rng, format_hash},
    phase1,
    ptau::Ptau,
};

use crate::{
    file_error, read,
    transcript_args::{BeaconArgs, Contributor, InOut},
    CliError, CliResult,
};

/// `zkcred ptau ...`.
#[derive(Subcommand)]
pub enum PtauCommand {
    /// A new accumulator (no contribution yet) of 2^POWER powers, BN254.
    New {
        /// The power: 1 to 28.
        #[arg(long)]
        power: u32,
        /// The `.ptau` file to create (never over an existing file).
        #[arg(long)]
        out: PathBuf,
        /// DEVELOPMENT ONLY: write the file of one contribution whose
        /// secrets follow from this 32-byte hex seed, computed directly
        /// (seconds, not minutes). Whoever knows the seed can forge proofs
        /// for every key made over the file: tests, demos and CI only.
        #[arg(long, value_name = "HEX")]
        dev_secret: Option<String>,
        /// With --dev-secret: the file prepared for phase 2 (as `ptau
        /// prepare` writes it).
        #[arg(long, requires = "dev_secret")]
        prepared: bool,
    },
    /// Contribute with entropy from the operating system, optionally mixed
    /// with typed text; prints the contribution (response) hash.
    Contribute {
        /// The file to contribute to and the `.ptau` file to create.
        #[command(flatten)]
        files: InOut,
        /// The contributor.
        #[command(flatten)]
        contributor: Contributor,
    },
    /// A beacon contribution: the secrets follow from a public value
    /// (hex, 1 to 255 bytes) hashed 2^E times with SHA-256.
    Beacon {
        /// The file to contribute to and the `.ptau` file to create.
        #[command(flatten)]
        files: InOut,
        /// The beacon.
        #[command(flatten)]
        beacon: BeaconArgs,
    },
    /// Prepare for phase 2: add the Lagrange-basis sections, as
    /// `snarkjs powersoftau prepare phase2` does.
    Prepare {
        /// The file to prepare and the prepared `.ptau` file to create.
        #[command(flatten)]
        files: InOut,
    },
}

/// Reads and validates a `.ptau` file.
fn load(path: &Path) -> CliResult<Ptau> {
    Ptau::from_bytes(&read(path)?).map_err(|e| file_error("read", path, e))
}

/// Writes a new `.ptau` file, refusing to replace an existing one.
fn store(path: &Path, ptau: &Ptau) -> CliResult<()> {
    let bytes = ptau.to_bytes()?;
    zkcred_core::atomic_file::write_public_new(path, &bytes).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CliError(format!(
                "{} exists; choose a new file (a ptau file is never overwritten)",
                path.display()
            ))
        } else {
            CliError(format!("cannot write {}: {}", path.display(), e.kind()))
        }
    })
}

/// Refuses an output path that exists before any work is done.
fn check_new(path: &Path) -> CliResult<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(CliError(format!(
            "{} exists; choose a new file (a ptau file is never overwritten)",
            path.display()
        )));
    }
    Ok(())
}

fn print_contribution(out: &Path, c: &phase1::Contributed) {
    crate::output::say(format_args!(
        "wrote {} (power {}, contribution #{})",
        out.display(),
        c.ptau.power,
        c.ptau.contributions.len()
    ));
    crate::output::say(format_args!(
        "{}",
        format_hash(&c.response_hash, "Contribution Response Hash:")
    ));
}

/// Runs a `zkcred ptau` command.
pub fn run(command: PtauCommand) -> CliResult<()> {
    match command {
        PtauCommand::New {
            power,
            out,
            dev_secret: Some(mut secret),
            prepared,
        } => {
            check_new(&out)?;
            let mut seed = [0u8; 32];
            let parsed = hex::decode_to_slice(secret.trim_start_matches("0x"), &mut seed);
            secret.zeroize();
            if parsed.is_err() {
                return Err(CliError("--dev-secret must be 32 bytes in hex".into()));
            }
            let made = phase1::dev_ptau(power, &seed);
            seed.zeroize();
            let mut ptau = made?;
            if !prepared {
                ptau.lagrange = None;
            }
            store(&out, &ptau)?;
            eprintln!(
                "warning: a DEVELOPMENT powers of tau: its secrets follow from --dev-secret, \
                 so keys made over it can be forged; never use it for production keys"
            );
            crate::output::say(format_args!(
                "wrote {} (power {power}, one development contribution{})",
                out.display(),
                if prepared {
                    ", prepared for phase 2"
                } else {
                    ""
                }
            ));
        }
        PtauCommand::New {
            power,
            out,
            dev_secret: None,
            ..
        } => {
            check_new(&out)?;
            let ptau = phase1::new_accumulator(power)?;
            store(&out, &ptau)?;
            crate::output::say(format_args!(
                "wrote {} (power {power}, no contribution)",
                out.display()
            ));
            let first = phase1::first_challenge_hash(power)?;
            crate::output::say(format_args!(
                "{}",
                format_hash(&first, "First Contribution Hash:")
            ));
        }
        PtauCommand::Contribute {
            files: InOut { input, out },
            mut contributor,
        } => {
            check_new(&out)?;
            let prev = load(&input)?;
            let entropy = contributor.take_entropy();
            let mut os = [0u8; 64];
            OsRng.fill_bytes(&mut os);
            let mut rng = entropy_rng(&os, entropy.as_bytes());
            os.zeroize();
            drop(entropy);
            let c = phase1::contribute(&prev, contributor.name.as_deref(), &mut rng)?;
            drop(rng); // wipes the generator's state
            store(&out, &c.ptau)?;
            print_contribution(&out, &c);
        }
        PtauCommand::Beacon {
            files: InOut { input, out },
            beacon,
        } => {
            check_new(&out)?;
            let value = beacon.value()?;
            let prev = load(&input)?;
            let c = phase1::beacon(&prev, beacon.name.as_deref(), &value, beacon.iterations_exp)?;
            store(&out, &c.ptau)?;
            print_contribution(&out, &c);
        }
        PtauCommand::Prepare {
            files: InOut { input, out },
        } => {
            check_new(&out)?;
            let ptau = phase1::prepare(&load(&input)?)?;
            store(&out, &ptau)?;
            crate::output::say(format_args!(
                "wrote {} (power {}, prepared for phase 2)",
                out.display(),
                ptau.power
            ));
        }
    }
    Ok(())
}

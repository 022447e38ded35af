//! `zkcred ptau`: phase 1 (powers of tau) for development and tests, in
//! snarkjs's `.ptau` format ([`zkcred_core::circom::phase1`]). Every output
//! is a new file: an existing one is never replaced.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use rand_core::{OsRng, RngCore};
use zeroize::Zeroize;
use zkcred_core::circom::{
    phase1,
    ptau::Ptau,
    ptau_keypair::{format_hash, random_rng},
};

use crate::{file_error, read, CliError, CliResult};

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
    },
    /// Contribute with entropy from the operating system, optionally mixed
    /// with typed text; prints the contribution (response) hash.
    Contribute {
        /// The file to contribute to.
        #[arg(long = "in")]
        input: PathBuf,
        /// The `.ptau` file to create.
        #[arg(long)]
        out: PathBuf,
        /// The contributor's name (at most 64 characters), recorded in the file.
        #[arg(long)]
        name: Option<String>,
        /// Extra text mixed into the operating system's randomness.
        #[arg(long)]
        entropy: Option<String>,
    },
    /// A beacon contribution: the secrets follow from a public value
    /// (hex, 1 to 255 bytes) hashed 2^E times with SHA-256.
    Beacon {
        /// The file to contribute to.
        #[arg(long = "in")]
        input: PathBuf,
        /// The `.ptau` file to create.
        #[arg(long)]
        out: PathBuf,
        /// The beacon's name, recorded in the file.
        #[arg(long)]
        name: Option<String>,
        /// The beacon value in hex.
        #[arg(long)]
        beacon: String,
        /// E: the number of SHA-256 iterations is 2^E (10 to 63).
        #[arg(long)]
        iterations_exp: u8,
    },
    /// Prepare for phase 2: add the Lagrange-basis sections, as
    /// `snarkjs powersoftau prepare phase2` does.
    Prepare {
        /// The file to prepare.
        #[arg(long = "in")]
        input: PathBuf,
        /// The prepared `.ptau` file to create.
        #[arg(long)]
        out: PathBuf,
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
    println!(
        "wrote {} (power {}, contribution #{})",
        out.display(),
        c.ptau.power,
        c.ptau.contributions.len()
    );
    println!("Contribution Response Hash:");
    println!("{}", format_hash(&c.response_hash));
}

/// Runs a `zkcred ptau` command.
pub fn run(command: PtauCommand) -> CliResult<()> {
    match command {
        PtauCommand::New { power, out } => {
            check_new(&out)?;
            let ptau = phase1::new_accumulator(power)?;
            store(&out, &ptau)?;
            println!("wrote {} (power {power}, no contribution)", out.display());
            println!("First Contribution Hash:");
            println!("{}", format_hash(&phase1::first_challenge_hash(power)?));
        }
        PtauCommand::Contribute {
            input,
            out,
            name,
            mut entropy,
        } => {
            check_new(&out)?;
            let prev = load(&input)?;
            let mut os = [0u8; 64];
            OsRng.fill_bytes(&mut os);
            let mut rng = random_rng(&os, entropy.as_deref().unwrap_or("").as_bytes());
            os.zeroize();
            entropy.zeroize();
            let c = phase1::contribute(&prev, name.as_deref(), &mut rng)?;
            drop(rng); // wipes the generator's state
            store(&out, &c.ptau)?;
            print_contribution(&out, &c);
        }
        PtauCommand::Beacon {
            input,
            out,
            name,
            beacon,
            iterations_exp,
        } => {
            check_new(&out)?;
            let hex_text = beacon.strip_prefix("0x").unwrap_or(&beacon);
            let value = hex::decode(hex_text)
                .map_err(|_| CliError("--beacon must be hex (1 to 255 bytes)".into()))?;
            let prev = load(&input)?;
            let c = phase1::beacon(&prev, name.as_deref(), &value, iterations_exp)?;
            store(&out, &c.ptau)?;
            print_contribution(&out, &c);
        }
        PtauCommand::Prepare { input, out } => {
            check_new(&out)?;
            let ptau = phase1::prepare(&load(&input)?)?;
            store(&out, &ptau)?;
            println!(
                "wrote {} (power {}, prepared for phase 2)",
                out.display(),
                ptau.power
            );
        }
    }
    Ok(())
}

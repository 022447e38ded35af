//! `zkcred ceremony`: the Groth16 phase-2 ceremony on `.zkey` files
//! (zkcred_core::circom::phase2), interoperable with `snarkjs zkey
//! contribute | beacon | verify`.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use zkcred_core::circom::{keypair::format_hash, phase1, phase2, ptau::Ptau, Circuit, Zkey};

use crate::{
    read,
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
            println!(
                "wrote {} ({} circuit, domain 2^{}, no contributions yet)",
                out.display(),
                c.name(),
                zkey.domain_size.trailing_zeros()
            );
            println!("{}", format_hash(&zkey.cs_hash, "Circuit Hash: "));
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
            println!(
                "wrote {} (contribution #{})",
                out.display(),
                zkey.contributions.len()
            );
            println!("{}", format_hash(&zkey.cs_hash, "Circuit Hash: "));
            println!("{}", format_hash(&hash, "Contribution Hash: "));
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
            println!(
                "wrote {} (beacon, contribution #{})",
                out.display(),
                zkey.contributions.len()
            );
            println!("{}", format_hash(&hash, "Contribution Hash: "));
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
            println!("{}", format_hash(&key.cs_hash, "Circuit Hash: "));
            for (i, v) in report.iter().enumerate().rev() {
                println!("-------------------------");
                let title = format!(
                    "contribution #{} {}:",
                    i + 1,
                    v.name.as_deref().unwrap_or("")
                );
                println!("{}", format_hash(&v.hash, &title));
                if let Some(b) = &v.beacon {
                    println!("Beacon generator: {}", hex::encode(&b.hash));
                    println!("Beacon iterations Exp: {}", b.iterations_exp);
                }
            }
            println!("-------------------------");
            println!(
                "{}: {} contributions verified; the key is the {} circuit's",
                zkey.display(),
                report.len(),
                c.name()
            );
        }
    }
    Ok(())
}

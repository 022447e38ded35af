//! The clap arguments `zkcred ptau` (phase 1) and `zkcred ceremony`
//! (phase 2) share: the input and output files, a contributor's name and
//! entropy, a beacon's value and iterations.

use std::path::PathBuf;

use clap::Args;
use zeroize::Zeroizing;

use crate::{CliError, CliResult};

/// `--in FILE --out FILE`.
#[derive(Args)]
pub struct InOut {
    /// The file to start from.
    #[arg(long = "in")]
    pub input: PathBuf,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
}

/// A contributor's `--name` and `--entropy`.
#[derive(Args)]
pub struct Contributor {
    /// The contributor's name (at most 64 characters), recorded in the file.
    #[arg(long)]
    pub name: Option<String>,
    /// Extra text mixed into the operating system's randomness.
    #[arg(long, allow_hyphen_values = true)]
    pub entropy: Option<String>,
}

impl Contributor {
    /// The entropy text's bytes (empty if none was given), wiped when dropped.
    pub fn take_entropy(&mut self) -> Zeroizing<String> {
        Zeroizing::new(self.entropy.take().unwrap_or_default())
    }
}

/// A random beacon: `--beacon HEX --iterations-exp E [--name NAME]`.
#[derive(Args)]
pub struct BeaconArgs {
    /// The beacon value in hex (1 to 255 bytes; a leading `0x` is allowed).
    #[arg(long)]
    pub beacon: String,
    /// E: the number of SHA-256 iterations is 2^E (10 to 63).
    #[arg(long)]
    pub iterations_exp: u8,
    /// A name for the beacon's record.
    #[arg(long)]
    pub name: Option<String>,
}

impl BeaconArgs {
    /// The beacon value's bytes.
    pub fn value(&self) -> CliResult<Vec<u8>> {
        let text = self.beacon.strip_prefix("0x").unwrap_or(&self.beacon);
        hex::decode(text).map_err(|_| CliError("--beacon must be hex (1 to 255 bytes)".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beacon_values_are_hex_with_an_optional_prefix() {
        let args = |b: &str| BeaconArgs {
            beacon: b.into(),
            iterations_exp: 10,
            name: None,
        };
        assert_eq!(args("0x0102").value().unwrap(), vec![1, 2]);
        assert_eq!(args("ff").value().unwrap(), vec![255]);
        assert!(args("0xzz").value().is_err());
    }
}

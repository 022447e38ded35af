//! `zkcred init [DIR]`: example inputs for the README's walkthrough (issue
//! #15): a credential schema and subject, an SME's metrics, and a linear
//! and a binned scorecard, with a README.txt that explains each (JSON has no
//! comments). Existing files are never replaced unless asked (`--force`).

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use crate::{CliError, CliResult};

/// The files `zkcred init` writes, in order: name and content. The schema is
/// the one fixture every front end uses (`zkcred_core::fixtures`).
pub const FILES: [(&str, &str); 6] = [
    ("schema.json", zkcred_core::fixtures::DEMO_KYC_SCHEMA),
    ("alice.json", include_str!("../init/alice.json")),
    ("metrics.json", include_str!("../init/metrics.json")),
    ("linear.json", include_str!("../init/linear.json")),
    ("binned.json", include_str!("../init/binned.json")),
    ("README.txt", include_str!("../init/README.txt")),
];

/// Writes the example files into `dir` (created if absent). Refuses, before
/// writing anything, if one exists and `force` is not set.
pub fn run(dir: &Path, force: bool) -> CliResult<()> {
    let paths: Vec<PathBuf> = FILES.iter().map(|(name, _)| dir.join(name)).collect();
    if !force {
        let existing: Vec<String> = paths
            .iter()
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(CliError(format!(
                "{} already exist{}; pass --force to replace {}",
                existing.join(", "),
                if existing.len() == 1 { "s" } else { "" },
                if existing.len() == 1 { "it" } else { "them" },
            )));
        }
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError(format!("cannot create {}: {e}", dir.display())))?;
    for ((_, content), path) in FILES.iter().zip(&paths) {
        if force {
            crate::write(path, content.as_bytes())?;
        } else {
            // Exclusive: a file that appeared since the check is not replaced.
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| CliError(format!("cannot create {}: {e}", path.display())))?;
            file.write_all(content.as_bytes())
                .map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))?;
        }
    }
    crate::output::say(format_args!(
        "wrote {} in {} (see README.txt there); next: zkcred setup",
        FILES
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", "),
        dir.display()
    ));
    crate::output::record("dir", dir.display().to_string());
    crate::output::record(
        "files",
        FILES.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::FILES;

    #[test]
    fn the_example_inputs_parse_as_what_they_claim_to_be() {
        let text = |name: &str| FILES.iter().find(|(n, _)| *n == name).unwrap().1;
        let schema = zkcred_core::schema::Schema::from_json(text("schema.json")).unwrap();
        let subject: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(text("alice.json")).unwrap();
        schema.encode_subject(&subject).unwrap();
        zkcred_credit::Metrics::from_json(text("metrics.json")).unwrap();
        for name in ["linear.json", "binned.json"] {
            zkcred_credit::Scorecard::from_json(text(name)).unwrap();
        }
    }
}

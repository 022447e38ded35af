//! zkcred on chain: the Solidity contracts (`contracts/sol/`), their compiled
//! artifacts (`contracts/artifacts/`, committed, checked against a fresh
//! compile by `scripts/test-contracts.sh`), and an embedded EVM (revm) to
//! deploy and call them without a node.
//!
//! - `Groth16Verifier`: a Groth16 verifier for any zkcred key, given at
//!   deployment (alpha/beta/gamma/delta as immutables, the IC points in a
//!   data contract read by EXTCODECOPY).
//! - `ZkcredRegistry`: accepted issuers (k-of-n owner approvals), each in
//!   its roles (identity issuer, credit-data provider), the identity issuers'
//!   revocation roots with a one-hour window for the replaced root, relying
//!   parties' policies (their share of the public-input combination computed
//!   once at registration), each in its relying party's own scope
//!   (`eip155:<chain id>:<address>`, hashed on chain by `ScopeHash`),
//!   per-scope nullifiers, and `verifyPresentation`.
//! - `AgeGate`: an allowlist admitting an address with an "over 18 and not
//!   revoked" presentation; `CreditLine`: a credit line opened by a credit
//!   scorecard proof checked by a verifier contract, signed by a credit-data
//!   provider, in the line's own scope.
//!
//! Words, proofs, policies and challenges are computed by
//! [`zkcred_core::solidity`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod abi;
pub mod evm;
pub mod zkcred;

use serde_json::Value;

/// Errors of the harness.
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    /// The EVM refused the transaction (not a revert: a malformed transaction).
    #[error("EVM: {0}")]
    Evm(String),
    /// A deployment or a call that must succeed reverted (with the custom
    /// error's selector, when there is one).
    #[error("reverted{}", .0.map(|s| format!(" (error 0x{})", hex::encode(s))).unwrap_or_default())]
    Reverted(Option<[u8; 4]>),
    /// A committed artifact is unreadable.
    #[error("artifact {0}: unreadable")]
    Artifact(&'static str),
    /// The return data is not what the function returns.
    #[error("unexpected return data")]
    ReturnData,
    /// From zkcred-core.
    #[error(transparent)]
    Core(#[from] zkcred_core::Error),
}

/// A compiled contract (committed JSON artifact).
#[derive(Clone, Debug)]
pub struct Artifact {
    /// The contract's name.
    pub name: &'static str,
    /// Its ABI.
    pub abi: Value,
    /// Its creation bytecode.
    pub bytecode: Vec<u8>,
}

/// The committed artifacts, by contract name.
pub const ARTIFACTS: [(&str, &str); 4] = [
    (
        "Groth16Verifier",
        include_str!("../artifacts/Groth16Verifier.json"),
    ),
    (
        "ZkcredRegistry",
        include_str!("../artifacts/ZkcredRegistry.json"),
    ),
    ("AgeGate", include_str!("../artifacts/AgeGate.json")),
    ("CreditLine", include_str!("../artifacts/CreditLine.json")),
];

/// Parses an artifact's JSON (`{"abi": [...], "bytecode": "0x..."}`).
pub fn parse_artifact(name: &'static str, json: &str) -> Result<Artifact, ContractError> {
    let v: Value = serde_json::from_str(json).map_err(|_| ContractError::Artifact(name))?;
    let code = v["bytecode"]
        .as_str()
        .and_then(|s| s.strip_prefix("0x"))
        .ok_or(ContractError::Artifact(name))?;
    let bytecode = hex::decode(code).map_err(|_| ContractError::Artifact(name))?;
    if bytecode.is_empty() {
        return Err(ContractError::Artifact(name));
    }
    Ok(Artifact {
        name,
        abi: v["abi"].clone(),
        bytecode,
    })
}

/// The committed artifact of contract `name`.
pub fn artifact(name: &'static str) -> Result<Artifact, ContractError> {
    let (_, json) = ARTIFACTS
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or(ContractError::Artifact(name))?;
    parse_artifact(name, json)
}

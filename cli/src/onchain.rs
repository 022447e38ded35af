//! The demo's on-chain step: the committed contracts deployed in an embedded
//! EVM (revm; no node), the verifying key given at deployment, and Alice's
//! proof checked by the registry through an age-gated allowlist.

use std::time::Instant;

use zkcred_contracts::{
    evm::{Chain, Receipt, CHAIN_ID},
    zkcred::{error_selector, AgeGate, Registry, ROLE_IDENTITY_ISSUER},
    ContractError,
};
use zkcred_core::{
    holder::{self, HolderSecret},
    issuer::Issuer,
    keys::{ProvingKey, VerifyingKey},
    solidity, Credential, PresentationRequest,
};

use crate::{CliError, CliResult};

impl From<ContractError> for CliError {
    fn from(e: ContractError) -> Self {
        CliError(format!("on chain: {e}"))
    }
}

fn succeeded(what: &str, r: Receipt) -> CliResult<Receipt> {
    if !r.success {
        return Err(CliError(format!(
            "on chain: {what} reverted{}",
            r.revert_selector()
                .map(|s| format!(" (error 0x{})", hex::encode(s)))
                .unwrap_or_default()
        )));
    }
    crate::output::say(format_args!("    {what}: {} gas", r.gas_used));
    Ok(r)
}

fn refused(what: &str, r: Receipt, error: &str) -> CliResult<()> {
    if r.success || r.revert_selector() != Some(error_selector(error)) {
        return Err(CliError(format!(
            "on chain: {what} was not refused with {error}"
        )));
    }
    crate::output::say(format_args!("    {what}: reverted with {error}"));
    Ok(())
}

/// Deploys the registry and an age gate for `request`'s policy (in the
/// gate's own scope, `eip155:<chain id>:<gate>`), and has Alice admitted
/// with a proof bound to her address.
pub fn run(
    request: &PresentationRequest,
    issuer: &Issuer,
    credential: &Credential,
    secret: &HolderSecret,
    pk: &ProvingKey,
    vk: &VerifyingKey,
) -> CliResult<()> {
    let mut chain = Chain::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    chain.set_timestamp(now);
    let deployer = chain.account(100);
    let owners = [chain.account(1), chain.account(2), chain.account(3)];
    let alice = chain.account(42);
    let mallory = chain.account(66);

    let evm_vk = solidity::evm_verifying_key(vk.as_ark());
    let (registry, r) = Registry::deploy(&mut chain, deployer, &evm_vk, &owners, 2)?;
    succeeded(
        "deployed ZkcredRegistry (the verifying key at deployment, 2-of-3 owners)",
        r,
    )?;
    let key_hash = solidity::fr_word(&issuer.key().public_key().key_hash());
    let root = solidity::fr_word(&issuer.revocation_root()?);
    succeeded(
        "2 of 3 owners approved; addIssuer (identity issuer)",
        registry.approve_and_add_issuer(
            &mut chain,
            &owners[..2],
            key_hash,
            ROLE_IDENTITY_ISSUER,
            root,
            deployer,
        )?,
    )?;
    // On chain the scope is the gate's own: the address it will have.
    let request = &PresentationRequest {
        scope: solidity::evm_scope(CHAIN_ID, &chain.next_address(deployer))?,
        ..request.clone()
    };
    let policy = solidity::policy_words(request)?;
    let (gate, r) = AgeGate::deploy(&mut chain, deployer, registry, &policy)?;
    succeeded("deployed AgeGate (registers its policy)", r)?;

    let bound = PresentationRequest {
        challenge: solidity::challenge_hex(&solidity::registry_challenge(
            CHAIN_ID,
            &registry.0,
            &gate.0,
            &alice,
        ))?,
        ..request.clone()
    };
    let path = issuer.non_revocation_path(credential.serial())?;
    let start = Instant::now();
    let presentation = holder::prove(&bound, credential, secret, &path, pk)?;
    crate::output::say(format_args!(
        "    Alice proved for her address 0x{} in {:.1?}",
        hex::encode(alice),
        start.elapsed()
    ));
    let call = solidity::presentation_call(&bound, &presentation)?;
    refused(
        "Mallory front-runs Alice's proof from his address",
        gate.admit(&mut chain, mallory, &call)?,
        "InvalidProof()",
    )?;
    succeeded(
        "AgeGate.admit(Alice) -> registry.verifyPresentation",
        gate.admit(&mut chain, alice, &call)?,
    )?;
    if !gate.admitted(&mut chain, alice)? {
        return Err(CliError("on chain: Alice was not admitted".into()));
    }
    refused(
        "Alice's proof submitted again",
        gate.admit(&mut chain, alice, &call)?,
        "NullifierUsed()",
    )?;
    Ok(())
}

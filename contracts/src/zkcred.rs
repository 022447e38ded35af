//! Typed calls to zkcred's contracts on a [`Chain`].
//!
//! Calls that change state return the [`Receipt`] whatever happens (tests
//! look at reverts); getters return their value or an error.

use zkcred_core::solidity::{EvmVerifyingKey, PresentationCall, Word, POLICY_WORDS};

use crate::{
    abi::{self, Token},
    artifact,
    evm::{Chain, Receipt},
    ContractError,
};

/// An address.
pub type Address = [u8; 20];

/// An issuer's role in the registry: it signs identity credentials (accepted
/// by `verifyPresentation`, hence `AgeGate`).
pub const ROLE_IDENTITY_ISSUER: u64 = 1;
/// An issuer's role in the registry: it signs credit data (accepted by `CreditLine`).
pub const ROLE_CREDIT_PROVIDER: u64 = 2;

fn vk_tokens(vk: &EvmVerifyingKey) -> [Token; 2] {
    [
        Token::Fixed(vk.points.to_vec()),
        Token::Bytes(vk.ic.clone()),
    ]
}

fn word_of(r: &Receipt) -> Result<Word, ContractError> {
    if !r.success {
        return Err(ContractError::Reverted(r.revert_selector()));
    }
    abi::word(&r.output, 0).ok_or(ContractError::ReturnData)
}

fn small(w: &Word) -> Result<u64, ContractError> {
    if w[..24].iter().any(|b| *b != 0) {
        return Err(ContractError::ReturnData);
    }
    Ok(u64::from_be_bytes(w[24..].try_into().expect("8 bytes")))
}

fn bool_of(r: &Receipt) -> Result<bool, ContractError> {
    let w = word_of(r)?;
    match (w[..31].iter().all(|b| *b == 0), w[31]) {
        (true, 0) => Ok(false),
        (true, 1) => Ok(true),
        _ => Err(ContractError::ReturnData),
    }
}

/// The 4-byte selector of a custom error, e.g. `error_selector("StaleNow()")`.
pub fn error_selector(signature: &str) -> [u8; 4] {
    abi::selector(signature)
}

/// A deployed `Groth16Verifier` (any key, given at deployment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verifier(pub Address);

impl Verifier {
    /// Deploys the committed `Groth16Verifier` with `vk`.
    pub fn deploy(
        chain: &mut Chain,
        from: Address,
        vk: &EvmVerifyingKey,
    ) -> Result<(Verifier, Receipt), ContractError> {
        let code = artifact("Groth16Verifier")?.bytecode;
        let (a, r) = chain.deploy(from, &code, &abi::encode(&vk_tokens(vk)))?;
        Ok((Verifier(a), r))
    }

    /// Calls `verifyProof(proof, input)` in a transaction; the receipt's
    /// output is the boolean (see [`Verifier::verify`]).
    pub fn verify_proof_tx(
        &self,
        chain: &mut Chain,
        from: Address,
        proof: &[Word; 8],
        input: &[Word],
    ) -> Result<Receipt, ContractError> {
        verify_proof_tx(chain, from, self.0, proof, input)
    }
}

/// Calls `verifyProof(uint256[8],uint256[])` on any verifier at `verifier`
/// (the committed `Groth16Verifier` or an exported `ZkcredGroth16Verifier`).
pub fn verify_proof_tx(
    chain: &mut Chain,
    from: Address,
    verifier: Address,
    proof: &[Word; 8],
    input: &[Word],
) -> Result<Receipt, ContractError> {
    chain.call(
        from,
        verifier,
        abi::call(
            "verifyProof(uint256[8],uint256[])",
            &[Token::Fixed(proof.to_vec()), Token::Array(input.to_vec())],
        ),
    )
}

/// Whether a `verifyProof` receipt says "valid" (false for a revert).
pub fn proof_accepted(r: &Receipt) -> bool {
    bool_of(r).unwrap_or(false)
}

/// A deployed `ZkcredRegistry`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Registry(pub Address);

impl Registry {
    /// Deploys the committed registry with the presentation key `vk`, an
    /// owner set and its threshold.
    pub fn deploy(
        chain: &mut Chain,
        from: Address,
        vk: &EvmVerifyingKey,
        owners: &[Address],
        threshold: u64,
    ) -> Result<(Registry, Receipt), ContractError> {
        let code = artifact("ZkcredRegistry")?.bytecode;
        let [a, b] = vk_tokens(vk);
        let args = abi::encode(&[
            a,
            b,
            Token::Array(owners.iter().map(abi::address).collect()),
            Token::Word(abi::uint(threshold)),
        ]);
        let (addr, r) = chain.deploy(from, &code, &args)?;
        Ok((Registry(addr), r))
    }

    fn tx(
        &self,
        chain: &mut Chain,
        from: Address,
        sig: &str,
        t: &[Token],
    ) -> Result<Receipt, ContractError> {
        chain.call(from, self.0, abi::call(sig, t))
    }

    /// The id owners approve for `addIssuer(key_hash, roles, root, updater)` now.
    pub fn add_issuer_id(
        &self,
        chain: &mut Chain,
        key_hash: Word,
        roles: u64,
        root: Word,
        updater: Address,
    ) -> Result<Word, ContractError> {
        let caller = chain.account(0xface);
        let action = word_of(&self.tx(
            chain,
            caller,
            "addIssuerAction(uint256,uint256,uint256,address)",
            &[
                Token::Word(key_hash),
                Token::Word(abi::uint(roles)),
                Token::Word(root),
                Token::Word(abi::address(&updater)),
            ],
        )?)?;
        self.change_id(chain, action)
    }

    /// The id owners approve for `removeIssuer(key_hash)` now.
    pub fn remove_issuer_id(
        &self,
        chain: &mut Chain,
        key_hash: Word,
    ) -> Result<Word, ContractError> {
        let caller = chain.account(0xface);
        let action = word_of(&self.tx(
            chain,
            caller,
            "removeIssuerAction(uint256)",
            &[Token::Word(key_hash)],
        )?)?;
        self.change_id(chain, action)
    }

    /// The id owners approve for `setOwners(owners, threshold)` now.
    pub fn set_owners_id(
        &self,
        chain: &mut Chain,
        owners: &[Address],
        threshold: u64,
    ) -> Result<Word, ContractError> {
        let caller = chain.account(0xface);
        let action = word_of(&self.tx(
            chain,
            caller,
            "setOwnersAction(address[],uint256)",
            &[
                Token::Array(owners.iter().map(abi::address).collect()),
                Token::Word(abi::uint(threshold)),
            ],
        )?)?;
        self.change_id(chain, action)
    }

    fn change_id(&self, chain: &mut Chain, action: Word) -> Result<Word, ContractError> {
        let caller = chain.account(0xface);
        word_of(&self.tx(chain, caller, "changeId(bytes32)", &[Token::Word(action)])?)
    }

    /// An owner approves change `id`.
    pub fn approve(
        &self,
        chain: &mut Chain,
        owner: Address,
        id: Word,
    ) -> Result<Receipt, ContractError> {
        self.tx(chain, owner, "approve(bytes32)", &[Token::Word(id)])
    }

    /// `addIssuer` in `roles` ([`ROLE_IDENTITY_ISSUER`], [`ROLE_CREDIT_PROVIDER`]
    /// or both; needs the approvals).
    pub fn add_issuer(
        &self,
        chain: &mut Chain,
        from: Address,
        key_hash: Word,
        roles: u64,
        root: Word,
        updater: Address,
    ) -> Result<Receipt, ContractError> {
        self.tx(
            chain,
            from,
            "addIssuer(uint256,uint256,uint256,address)",
            &[
                Token::Word(key_hash),
                Token::Word(abi::uint(roles)),
                Token::Word(root),
                Token::Word(abi::address(&updater)),
            ],
        )
    }

    /// `removeIssuer` (needs the approvals).
    pub fn remove_issuer(
        &self,
        chain: &mut Chain,
        from: Address,
        key_hash: Word,
    ) -> Result<Receipt, ContractError> {
        self.tx(
            chain,
            from,
            "removeIssuer(uint256)",
            &[Token::Word(key_hash)],
        )
    }

    /// `setOwners` (needs the approvals).
    pub fn set_owners(
        &self,
        chain: &mut Chain,
        from: Address,
        owners: &[Address],
        threshold: u64,
    ) -> Result<Receipt, ContractError> {
        self.tx(
            chain,
            from,
            "setOwners(address[],uint256)",
            &[
                Token::Array(owners.iter().map(abi::address).collect()),
                Token::Word(abi::uint(threshold)),
            ],
        )
    }

    /// Approves `addIssuer` by each of `approvers`, then executes it.
    pub fn approve_and_add_issuer(
        &self,
        chain: &mut Chain,
        approvers: &[Address],
        key_hash: Word,
        roles: u64,
        root: Word,
        updater: Address,
    ) -> Result<Receipt, ContractError> {
        let id = self.add_issuer_id(chain, key_hash, roles, root, updater)?;
        for o in approvers {
            let r = self.approve(chain, *o, id)?;
            if !r.success {
                return Err(ContractError::Reverted(r.revert_selector()));
            }
        }
        let from = match approvers.first() {
            Some(a) => *a,
            None => chain.account(0xface),
        };
        self.add_issuer(chain, from, key_hash, roles, root, updater)
    }

    /// The roles the issuer is accepted in (0: not accepted).
    pub fn issuer_roles(&self, chain: &mut Chain, key_hash: Word) -> Result<u64, ContractError> {
        let from = chain.account(0xface);
        let w = word_of(&self.tx(
            chain,
            from,
            "issuerRoles(uint256)",
            &[Token::Word(key_hash)],
        )?)?;
        small(&w)
    }

    /// `acceptsIssuerRoot(key_hash, root)`: an identity issuer's current (or
    /// just replaced) revocation root.
    pub fn accepts_issuer_root(
        &self,
        chain: &mut Chain,
        key_hash: Word,
        root: Word,
    ) -> Result<bool, ContractError> {
        let from = chain.account(0xface);
        bool_of(&self.tx(
            chain,
            from,
            "acceptsIssuerRoot(uint256,uint256)",
            &[Token::Word(key_hash), Token::Word(root)],
        )?)
    }

    /// The scope of relying party `who` on this chain, as the registry computes
    /// it (`scopeOf`): the hash of [`zkcred_core::solidity::evm_scope`].
    pub fn scope_of(&self, chain: &mut Chain, who: Address) -> Result<Word, ContractError> {
        let from = chain.account(0xface);
        word_of(&self.tx(
            chain,
            from,
            "scopeOf(address)",
            &[Token::Word(abi::address(&who))],
        )?)
    }

    /// `scopeHash(chain_id, who)`: the scope of `who` on any chain, computed on
    /// this one; the receipt (its gas is the on-chain hash's cost).
    pub fn scope_hash_tx(
        &self,
        chain: &mut Chain,
        chain_id: u64,
        who: Address,
    ) -> Result<Receipt, ContractError> {
        let from = chain.account(0xface);
        self.tx(
            chain,
            from,
            "scopeHash(uint256,address)",
            &[
                Token::Word(abi::uint(chain_id)),
                Token::Word(abi::address(&who)),
            ],
        )
    }

    /// [`Registry::scope_hash_tx`]'s value.
    pub fn scope_hash(
        &self,
        chain: &mut Chain,
        chain_id: u64,
        who: Address,
    ) -> Result<Word, ContractError> {
        word_of(&self.scope_hash_tx(chain, chain_id, who)?)
    }

    /// The issuer's updater publishes a new revocation root.
    pub fn set_revocation_root(
        &self,
        chain: &mut Chain,
        from: Address,
        key_hash: Word,
        root: Word,
    ) -> Result<Receipt, ContractError> {
        self.tx(
            chain,
            from,
            "setRevocationRoot(uint256,uint256)",
            &[Token::Word(key_hash), Token::Word(root)],
        )
    }

    /// `from` (a relying party) registers a policy.
    pub fn register_policy(
        &self,
        chain: &mut Chain,
        from: Address,
        words: &[Word; POLICY_WORDS],
    ) -> Result<Receipt, ContractError> {
        self.tx(
            chain,
            from,
            "registerPolicy(uint256[61])",
            &[Token::Fixed(words.to_vec())],
        )
    }

    /// `verifyPresentation` called directly by `relying_party` for `subject`.
    pub fn verify_presentation(
        &self,
        chain: &mut Chain,
        relying_party: Address,
        policy_hash: Word,
        subject: Address,
        call: &PresentationCall,
    ) -> Result<Receipt, ContractError> {
        self.tx(
            chain,
            relying_party,
            "verifyPresentation(bytes32,address,uint256[8],uint256[4],uint256[])",
            &presentation_tokens(policy_hash, subject, call),
        )
    }

    /// `checkProof` (the proof check alone) in a transaction.
    pub fn check_proof_tx(
        &self,
        chain: &mut Chain,
        relying_party: Address,
        policy_hash: Word,
        subject: Address,
        call: &PresentationCall,
    ) -> Result<Receipt, ContractError> {
        let mut t = vec![Token::Word(abi::address(&relying_party))];
        t.extend(presentation_tokens(policy_hash, subject, call));
        let from = chain.account(0xface);
        self.tx(
            chain,
            from,
            "checkProof(address,bytes32,address,uint256[8],uint256[4],uint256[])",
            &t,
        )
    }

    /// `ageCutoff(day, years)`.
    pub fn age_cutoff(
        &self,
        chain: &mut Chain,
        day: u64,
        years: u64,
    ) -> Result<u64, ContractError> {
        let from = chain.account(0xface);
        let w = word_of(&self.tx(
            chain,
            from,
            "ageCutoff(uint256,uint256)",
            &[Token::Word(abi::uint(day)), Token::Word(abi::uint(years))],
        )?)?;
        small(&w)
    }
}

fn presentation_tokens(policy_hash: Word, subject: Address, call: &PresentationCall) -> Vec<Token> {
    vec![
        Token::Word(policy_hash),
        Token::Word(abi::address(&subject)),
        Token::Fixed(call.proof.to_vec()),
        Token::Fixed(call.inputs.to_vec()),
        Token::Array(call.disclosed.clone()),
    ]
}

/// A deployed `AgeGate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgeGate(pub Address);

impl AgeGate {
    /// Deploys an `AgeGate` on `registry` with `policy` (it registers it).
    pub fn deploy(
        chain: &mut Chain,
        from: Address,
        registry: Registry,
        policy: &[Word; POLICY_WORDS],
    ) -> Result<(AgeGate, Receipt), ContractError> {
        let code = artifact("AgeGate")?.bytecode;
        let args = abi::encode(&[
            Token::Word(abi::address(&registry.0)),
            Token::Fixed(policy.to_vec()),
        ]);
        let (a, r) = chain.deploy(from, &code, &args)?;
        Ok((AgeGate(a), r))
    }

    /// `who` asks to be admitted.
    pub fn admit(
        &self,
        chain: &mut Chain,
        who: Address,
        call: &PresentationCall,
    ) -> Result<Receipt, ContractError> {
        chain.call(
            who,
            self.0,
            abi::call(
                "admit(uint256[8],uint256[4])",
                &[
                    Token::Fixed(call.proof.to_vec()),
                    Token::Fixed(call.inputs.to_vec()),
                ],
            ),
        )
    }

    /// Whether `who` was admitted.
    pub fn admitted(&self, chain: &mut Chain, who: Address) -> Result<bool, ContractError> {
        let from = chain.account(0xface);
        bool_of(&chain.call(
            from,
            self.0,
            abi::call("admitted(address)", &[Token::Word(abi::address(&who))]),
        )?)
    }
}

/// A deployed `CreditLine`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CreditLine(pub Address);

impl CreditLine {
    /// Deploys a `CreditLine` checking proofs with `verifier` (a key whose
    /// statement has the public inputs `[nullifier, scope, challenge, now,
    /// issuer_key_hash, scorecard_hash]`), credit-data providers from
    /// `registry`; its scope is its own (`registry.scopeOf(line)`, see
    /// [`zkcred_core::solidity::evm_scope`]).
    pub fn deploy(
        chain: &mut Chain,
        from: Address,
        verifier: Address,
        registry: Registry,
        scorecard_hash: Word,
        amount: u64,
    ) -> Result<(CreditLine, Receipt), ContractError> {
        let code = artifact("CreditLine")?.bytecode;
        let args = abi::encode(&[
            Token::Word(abi::address(&verifier)),
            Token::Word(abi::address(&registry.0)),
            Token::Word(scorecard_hash),
            Token::Word(abi::uint(amount)),
        ]);
        let (a, r) = chain.deploy(from, &code, &args)?;
        Ok((CreditLine(a), r))
    }

    /// `who` opens a line with `proof` and `[nullifier, now, issuer key hash]`.
    pub fn open(
        &self,
        chain: &mut Chain,
        who: Address,
        proof: &[Word; 8],
        inputs: &[Word; 3],
    ) -> Result<Receipt, ContractError> {
        chain.call(
            who,
            self.0,
            abi::call(
                "open(uint256[8],uint256[3])",
                &[Token::Fixed(proof.to_vec()), Token::Fixed(inputs.to_vec())],
            ),
        )
    }

    /// The scope the line fixed at deployment.
    pub fn scope(&self, chain: &mut Chain) -> Result<Word, ContractError> {
        let from = chain.account(0xface);
        word_of(&chain.call(from, self.0, abi::call("scope()", &[]))?)
    }

    /// `who`'s credit limit.
    pub fn credit_limit(&self, chain: &mut Chain, who: Address) -> Result<u64, ContractError> {
        let from = chain.account(0xface);
        let w = word_of(&chain.call(
            from,
            self.0,
            abi::call("creditLimit(address)", &[Token::Word(abi::address(&who))]),
        )?)?;
        Ok(u64::from_be_bytes(w[24..].try_into().expect("8 bytes")))
    }
}

//! Shared fixtures: one development key pair per test binary (deterministic
//! randomness), a chain with a registry (2-of-3 owners) that accepts one
//! identity issuer, and helpers to prove for a relying party (its scope and
//! challenge) and a subject.
#![allow(dead_code)]

use std::sync::OnceLock;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Map, Value};
use zkcred_contracts::{
    evm::{Chain, CHAIN_ID},
    zkcred::{Address, Registry, ROLE_IDENTITY_ISSUER},
};
use zkcred_core::{
    date::Date,
    holder::{self, HolderSecret},
    issuer::{Issuer, IssuerKey},
    keys::{self, ProvingKey, VerifyingKey},
    request::{Op, PresentationRequest},
    schema::Schema,
    solidity::{self, fr_word, Word},
    Credential, Presentation,
};

pub const SCHEMA: &str = zkcred_core::fixtures::DEMO_KYC_SCHEMA;

/// The block time the fixtures start at: 2027-01-15 08:00:00 UTC.
pub const START: u64 = 1_800_000_000;

pub fn keys() -> &'static (ProvingKey, VerifyingKey) {
    static KEYS: OnceLock<(ProvingKey, VerifyingKey)> = OnceLock::new();
    KEYS.get_or_init(|| keys::setup(&mut ChaCha20Rng::seed_from_u64(2026)).expect("setup"))
}

pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

pub fn subject(birth: &str, nationality: &str, level: u64) -> Map<String, Value> {
    json!({
        "birth_date": birth, "nationality": nationality, "residence": nationality, "full_name": "Ada Lovelace",
        "document_type": "passport", "kyc_level": level, "pep": false
    })
    .as_object()
    .unwrap()
    .clone()
}

pub fn key_hash(issuer: &Issuer) -> Word {
    fr_word(&issuer.key().public_key().key_hash())
}

pub fn root(issuer: &Issuer) -> Word {
    fr_word(&issuer.revocation_root().unwrap())
}

pub struct World {
    pub chain: Chain,
    pub deployer: Address,
    pub owners: [Address; 3],
    pub updater: Address,
    pub registry: Registry,
    pub issuer: Issuer,
    pub schema: Schema,
}

impl World {
    /// A chain at [`START`], a registry with owners 1-3 (2 approvals per
    /// change) accepting one identity issuer whose root updater is account 9.
    pub fn new(seed: u64) -> World {
        let mut chain = Chain::new();
        chain.set_timestamp(START);
        let deployer = chain.account(100);
        let owners = [chain.account(1), chain.account(2), chain.account(3)];
        let updater = chain.account(9);
        let vk = solidity::evm_verifying_key(keys().1.as_ark());
        let (registry, _) = Registry::deploy(&mut chain, deployer, &vk, &owners, 2).unwrap();
        let issuer = Issuer::in_memory(IssuerKey::generate(&mut rng(seed))).unwrap();
        let r = registry
            .approve_and_add_issuer(
                &mut chain,
                &owners[..2],
                key_hash(&issuer),
                ROLE_IDENTITY_ISSUER,
                root(&issuer),
                updater,
            )
            .unwrap();
        assert!(r.success, "addIssuer with 2 of 3 approvals");
        World {
            chain,
            deployer,
            owners,
            updater,
            registry,
            issuer,
            schema: Schema::from_json(SCHEMA).unwrap(),
        }
    }

    /// The chain's date.
    pub fn today(&self) -> Date {
        Date::from_days(self.chain.today() as i64).unwrap()
    }

    /// A credential for `secret`, valid for a year from the chain's date.
    pub fn credential(
        &mut self,
        secret: &HolderSecret,
        birth: &str,
        nationality: &str,
    ) -> Credential {
        let today = self.today();
        self.issuer
            .issue(
                &self.schema,
                subject(birth, nationality, 3),
                secret.commitment(),
                Date::from_days(today.days() - 30).unwrap(),
                Date::from_days(today.days() + 365).unwrap(),
            )
            .unwrap()
    }

    /// "At least 18 and a national of one of DE, FR, IT", at the chain's date
    /// (in an off-chain scope: see [`World::scoped`] and [`World::bound`]).
    pub fn over18_request(&self) -> PresentationRequest {
        PresentationRequest::new(self.schema.clone(), "age-gate.example/over-18")
            .accept_issuer(
                &self.issuer.key().public_key(),
                self.issuer.revocation_root().unwrap(),
            )
            .require("birth_date", Op::AgeAtLeast, json!(18))
            .require("nationality", Op::In, json!(["DE", "FR", "IT"]))
            .at(self.today())
    }

    /// `request` in the scope of `relying_party` on this chain (what its
    /// policy must name).
    pub fn scoped(
        &self,
        request: &PresentationRequest,
        relying_party: Address,
    ) -> PresentationRequest {
        PresentationRequest {
            scope: solidity::evm_scope(CHAIN_ID, &relying_party).unwrap(),
            ..request.clone()
        }
    }

    /// `request` in the scope of `relying_party`, with the challenge the
    /// registry requires of `relying_party` for `subject`.
    pub fn bound(
        &self,
        request: &PresentationRequest,
        relying_party: Address,
        subject: Address,
    ) -> PresentationRequest {
        let c = solidity::registry_challenge(CHAIN_ID, &self.registry.0, &relying_party, &subject);
        PresentationRequest {
            challenge: solidity::challenge_hex(&c).unwrap(),
            ..self.scoped(request, relying_party)
        }
    }

    /// A presentation of `credential` for `request` (its challenge as given).
    pub fn prove(
        &self,
        request: &PresentationRequest,
        credential: &Credential,
        secret: &HolderSecret,
        seed: u64,
    ) -> Presentation {
        let path = self
            .issuer
            .non_revocation_path(credential.serial())
            .unwrap();
        holder::prove_with_rng(
            request,
            credential,
            secret,
            &path,
            &keys().0,
            &mut rng(seed),
        )
        .unwrap()
    }
}

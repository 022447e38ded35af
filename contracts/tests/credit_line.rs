//! The `CreditLine` relying party with real succinct credit proofs from
//! zkcred-core: the Groth16 binned-scorecard statement (#3) over metrics a
//! provider signed, checked by the committed `Groth16Verifier` deployed with
//! the scorecard circuit's key. Public inputs: `[nullifier, scope, challenge,
//! now, issuer_key_hash, policy_hash]`, where `policy_hash` is the
//! scorecard's hash bound to the currency (`SuccinctPolicy::public_inputs`).
//!
//! Every check the contract makes is shown to bite: the proof, the challenge
//! bound to the borrower, the scorecard, the line's own scope (not another
//! contract's or chain's), the issuer accepted as a credit-data provider (an
//! identity issuer is not one), a fresh `now`, one line per nullifier; and
//! false statements (a score under the cutoff, an expired attestation) forced
//! through the prover are refused on chain.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::sync::OnceLock;

use fixtures::*;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcred_contracts::{
    abi,
    evm::{Receipt, CHAIN_ID},
    zkcred::{error_selector, CreditLine, Verifier, ROLE_CREDIT_PROVIDER, ROLE_IDENTITY_ISSUER},
};
use zkcred_core::{
    date::Date,
    encoding::hash_string,
    holder::HolderSecret,
    solidity::{self, evm_scope, fr_word, keccak256, low_248_bits, u64_word, Word},
    Error, Fr,
};
use zkcred_credit::{
    succinct::{
        attest_succinct, prove_succinct, prove_succinct_unchecked, setup, ScorecardProvingKey,
        ScorecardVerifyingKey, SuccinctCredential, SuccinctPolicy,
    },
    Metrics, ProviderKey, Scorecard,
};

const SCORECARD: &str = r#"{"scorecardVersion": 1, "id": "lender.example/sme-points", "version": 1, "type": "binned",
  "features": [
    {"metric": "on_time_repayment_bps", "bins": [{"min": 0, "max": 8999, "points": 0}, {"min": 9000, "max": 9499, "points": 10}, {"min": 9500, "points": 25}]},
    {"metric": "years_in_business", "bins": [{"min": 0, "max": 1, "points": 0}, {"min": 2, "max": 4, "points": 20}, {"min": 5, "points": 40}]},
    {"metric": "defaults_24m", "bins": [{"min": 0, "max": 0, "points": 30}, {"min": 1, "points": 0}]},
    {"metric": "annual_revenue", "bins": [{"min": 0, "max": 99999999, "points": 0}, {"min": 100000000, "points": 15}]}
  ],
  "cutoff": 100}"#;

/// The same features with a higher cutoff: another scorecard.
fn other_scorecard() -> Scorecard {
    Scorecard::from_json(&SCORECARD.replace(r#""cutoff": 100"#, r#""cutoff": 105"#)).unwrap()
}

fn scorecard_keys() -> &'static (ScorecardProvingKey, ScorecardVerifyingKey) {
    static KEYS: OnceLock<(ScorecardProvingKey, ScorecardVerifyingKey)> = OnceLock::new();
    KEYS.get_or_init(|| setup(&mut ChaCha20Rng::seed_from_u64(402)).unwrap())
}

/// Scores 25 + 40 + 30 + 15 = 110 >= 100.
fn good_metrics() -> Metrics {
    Metrics::new([240_000_000, 18_000_000, 9_750, 35_000_000, 6, 0]).unwrap()
}

/// Scores 10 + 20 + 0 + 15 = 45 < 100.
fn weak_metrics() -> Metrics {
    Metrics::new([240_000_000, 18_000_000, 9_100, 35_000_000, 3, 2]).unwrap()
}

fn reverts_with(r: &Receipt, error: &str) {
    assert!(!r.success, "expected a revert with {error}");
    assert_eq!(
        r.revert_selector(),
        Some(error_selector(error)),
        "expected {error}"
    );
}

fn day(days: u64) -> Date {
    Date::from_days(days as i64).unwrap()
}

fn challenge_for(line: &CreditLine, who: &[u8; 20]) -> Fr {
    let mut data = u64_word(CHAIN_ID).to_vec();
    data.extend(abi::address(&line.0));
    data.extend(abi::address(who));
    low_248_bits(&keccak256(&data))
}

/// A proof as `open` takes it: the 8 proof words and `[nullifier, now,
/// issuer key hash]`.
type Call = ([Word; 8], [Word; 3]);

struct Sme {
    secret: HolderSecret,
    provider: ProviderKey,
    credential: SuccinctCredential,
}

impl Sme {
    fn new(seed: u64, provider: &ProviderKey, metrics: &Metrics, expires: Date) -> Sme {
        let mut r = rng(seed);
        let secret = HolderSecret::generate(&mut r);
        let credential = attest_succinct(
            provider,
            "bank.example",
            "EUR",
            metrics,
            secret.commitment(),
            day(expires.days() as u64 - 400),
            expires,
        )
        .unwrap();
        Sme {
            secret,
            provider: ProviderKey::from_bytes(*provider.to_bytes()),
            credential,
        }
    }

    /// The policy for `line` in the line's own scope.
    fn policy(
        &self,
        line: &CreditLine,
        who: &[u8; 20],
        now: u64,
        card: Scorecard,
    ) -> SuccinctPolicy {
        let scope = evm_scope(CHAIN_ID, &line.0).unwrap();
        self.policy_in(&scope, line, who, now, card)
    }

    /// The policy for `line` in scope `scope`.
    fn policy_in(
        &self,
        scope: &str,
        line: &CreditLine,
        who: &[u8; 20],
        now: u64,
        card: Scorecard,
    ) -> SuccinctPolicy {
        SuccinctPolicy {
            scope: scope.into(),
            challenge: challenge_for(line, who),
            now: day(now),
            currency: "EUR".into(),
            issuer: self.provider.public_key(),
            scorecard: card,
        }
    }

    fn call(&self, policy: &SuccinctPolicy, forced: bool, seed: u64) -> Call {
        let pk = &scorecard_keys().0;
        let proof = if forced {
            prove_succinct_unchecked(policy, &self.credential, &self.secret, pk, &mut rng(seed))
        } else {
            prove_succinct(policy, &self.credential, &self.secret, pk, &mut rng(seed))
        }
        .unwrap();
        let public = policy.public_inputs(proof.nullifier).unwrap();
        (
            solidity::proof_words(&proof.proof),
            [
                fr_word(&public.nullifier),
                u64_word(public.now),
                fr_word(&public.issuer_key_hash),
            ],
        )
    }
}

#[test]
fn credit_line_opens_for_a_valid_scorecard_proof_only() {
    let mut w = World::new(400);
    let deployer = w.deployer;
    let vk = solidity::evm_verifying_key(scorecard_keys().1.as_ark());
    let (verifier, rc) = Verifier::deploy(&mut w.chain, deployer, &vk).unwrap();
    println!(
        "gas: deploy Groth16Verifier (scorecard key, 6 inputs): {} total",
        rc.gas_used
    );

    // The registry accepts the bank that signs the metrics as a credit-data provider.
    let bank = ProviderKey::generate(&mut rng(403));
    let bank_hash = fr_word(&bank.eddsa().public_key().key_hash());
    let added = w
        .registry
        .approve_and_add_issuer(
            &mut w.chain,
            &w.owners[..2],
            bank_hash,
            ROLE_CREDIT_PROVIDER,
            [0; 32],
            w.updater,
        )
        .unwrap();
    assert!(added.success);
    // And a KYC vendor as an identity issuer only.
    let kyc = ProviderKey::generate(&mut rng(410));
    let kyc_hash = fr_word(&kyc.eddsa().public_key().key_hash());
    let added = w
        .registry
        .approve_and_add_issuer(
            &mut w.chain,
            &w.owners[..2],
            kyc_hash,
            ROLE_IDENTITY_ISSUER,
            [0; 32],
            w.updater,
        )
        .unwrap();
    assert!(added.success);

    let today = w.chain.today();
    let card = Scorecard::from_json(SCORECARD).unwrap();
    // The policy hash the line is deployed with: the scorecard, in EUR,
    // hashed as core hashes it. The line derives its scope from its address.
    let template = Sme::new(404, &bank, &good_metrics(), day(today + 90));
    let fixed = template
        .policy(&CreditLine([0; 20]), &[0; 20], today, card.clone())
        .public_inputs(Fr::from(0u64))
        .unwrap();
    let (line, rc) = CreditLine::deploy(
        &mut w.chain,
        deployer,
        verifier.0,
        w.registry,
        fr_word(&fixed.policy_hash),
        50_000,
    )
    .unwrap();
    println!("gas: deploy CreditLine: {} total", rc.gas_used);
    // Its scope is the hash of `eip155:<chain id>:<line>`, as core hashes it.
    assert_eq!(
        line.scope(&mut w.chain).unwrap(),
        fr_word(&hash_string(&evm_scope(CHAIN_ID, &line.0).unwrap()).unwrap())
    );

    let borrower = w.chain.account(60);
    let sme = Sme::new(405, &bank, &good_metrics(), day(today + 90));
    let (proof, inputs) = sme.call(&sme.policy(&line, &borrower, today, card.clone()), false, 1);

    // Every refusal first, then the line opens, then the nullifier is spent.
    // Another address submits the borrower's proof (front-running).
    let thief = w.chain.account(66);
    reverts_with(
        &line.open(&mut w.chain, thief, &proof, &inputs).unwrap(),
        "InvalidProof()",
    );
    // A tampered proof.
    let mut bad = proof;
    bad[6][31] ^= 1;
    reverts_with(
        &line.open(&mut w.chain, borrower, &bad, &inputs).unwrap(),
        "InvalidProof()",
    );
    // A changed public input (another nullifier).
    let mut bad_inputs = inputs;
    bad_inputs[0] = u64_word(78);
    reverts_with(
        &line
            .open(&mut w.chain, borrower, &proof, &bad_inputs)
            .unwrap(),
        "InvalidProof()",
    );
    // A valid proof for another scorecard.
    let (p, i) = sme.call(
        &sme.policy(&line, &borrower, today, other_scorecard()),
        false,
        2,
    );
    reverts_with(
        &line.open(&mut w.chain, borrower, &p, &i).unwrap(),
        "InvalidProof()",
    );
    // Metrics signed by a provider the registry does not accept.
    let stranger = ProviderKey::generate(&mut rng(406));
    let unaccepted = Sme::new(407, &stranger, &good_metrics(), day(today + 90));
    let (p, i) = unaccepted.call(
        &unaccepted.policy(&line, &borrower, today, card.clone()),
        false,
        3,
    );
    reverts_with(
        &line.open(&mut w.chain, borrower, &p, &i).unwrap(),
        "UnregisteredIssuer()",
    );
    // Metrics a KYC vendor (an identity issuer, not a credit-data provider)
    // signed itself: the top score, refused.
    let vendor = Sme::new(411, &kyc, &good_metrics(), day(today + 90));
    let (p, i) = vendor.call(
        &vendor.policy(&line, &borrower, today, card.clone()),
        false,
        8,
    );
    reverts_with(
        &line.open(&mut w.chain, borrower, &p, &i).unwrap(),
        "NotCreditProvider()",
    );
    // A valid proof for another verifier's scope (another contract on this
    // chain, this line on another chain, an off-chain scope string).
    for (k, scope) in [
        evm_scope(CHAIN_ID, &verifier.0).unwrap(),
        evm_scope(1, &line.0).unwrap(),
        "lender.example/credit-line".to_string(),
    ]
    .iter()
    .enumerate()
    {
        let (p, i) = sme.call(
            &sme.policy_in(scope, &line, &borrower, today, card.clone()),
            false,
            20 + k as u64,
        );
        reverts_with(
            &line.open(&mut w.chain, borrower, &p, &i).unwrap(),
            "InvalidProof()",
        );
    }
    // A stale `now`.
    let (p, i) = sme.call(
        &sme.policy(&line, &borrower, today - 2, card.clone()),
        false,
        4,
    );
    reverts_with(
        &line.open(&mut w.chain, borrower, &p, &i).unwrap(),
        "StaleNow()",
    );
    // A score under the cutoff: the prover refuses, and a proof forced
    // through with that witness fails on chain.
    let weak = Sme::new(408, &bank, &weak_metrics(), day(today + 90));
    let weak_policy = weak.policy(&line, &borrower, today, card.clone());
    assert!(matches!(
        prove_succinct(
            &weak_policy,
            &weak.credential,
            &weak.secret,
            &scorecard_keys().0,
            &mut rng(5)
        ),
        Err(Error::Unsatisfiable(_))
    ));
    let (p, i) = weak.call(&weak_policy, true, 5);
    reverts_with(
        &line.open(&mut w.chain, borrower, &p, &i).unwrap(),
        "InvalidProof()",
    );
    // An attestation that expired yesterday, forced through likewise.
    let expired = Sme::new(409, &bank, &good_metrics(), day(today - 1));
    let (p, i) = expired.call(
        &expired.policy(&line, &borrower, today, card.clone()),
        true,
        6,
    );
    reverts_with(
        &line.open(&mut w.chain, borrower, &p, &i).unwrap(),
        "InvalidProof()",
    );

    assert_eq!(line.credit_limit(&mut w.chain, borrower).unwrap(), 0);
    let rc = line.open(&mut w.chain, borrower, &proof, &inputs).unwrap();
    assert!(rc.success);
    println!(
        "gas: CreditLine.open (real scorecard proof, registry issuer check): {} total, {} execution",
        rc.gas_used,
        rc.execution_gas()
    );
    assert_eq!(line.credit_limit(&mut w.chain, borrower).unwrap(), 50_000);
    // The same nullifier again, even with a fresh proof for another address.
    let other = w.chain.account(61);
    let (p, i) = sme.call(&sme.policy(&line, &other, today, card), false, 7);
    reverts_with(
        &line.open(&mut w.chain, other, &p, &i).unwrap(),
        "NullifierUsed()",
    );
}

//! On-chain verification: a Solidity Groth16 verifier generated from a
//! verifying key, and the words zkcred's contracts take (verifying key,
//! proof, policy, per-proof inputs, challenge), computed exactly as the
//! contracts compute them.
//!
//! # EVM encodings
//!
//! - Words are 32 bytes big-endian (`uint256`).
//! - G1 points are `(x, y)`; G2 points `(x.imag, x.real, y.imag, y.real)`,
//!   i.e. each Fp2 coordinate as `(c1, c0)`, swapped relative to arkworks
//!   (and to snarkjs's JSON), as the EIP-197 pairing precompile reads them.
//! - A proof is 8 words: `A, B, C`.
//! - A verifying key is 14 words (`alpha, beta, gamma, delta`) plus the IC
//!   points, 64 bytes each (`x || y`), `IC_0` first.
//!
//! # Policies and challenges (the registry, `contracts/sol/ZkcredRegistry.sol`)
//!
//! A relying party registers a policy as 61 words: the request's public
//! inputs that do not change per proof, in circuit order (`scope,
//! schema_id, disclosure_mask`, 8 x `(header, lower, upper)`, 4 x 8 set
//! values), then `1 + slot` of an `ageAtLeast` predicate (0 if none) and its
//! years. The `ageAtLeast` slot's upper bound (a birth-date cutoff that moves
//! with `now`) is 0 among the words; the contract computes it from each
//! proof's `now` as [`crate::date::Date::age_cutoff`] does. The policy hash
//! is keccak256 of the 61 words.
//!
//! The challenge a proof made for a contract binds is
//! `keccak256(abi.encode(chainid, registry, relyingParty, subject))` keeping
//! its low 248 bits ([`registry_challenge`]), so a proof is useless to any
//! other sender.
//!
//! # Scopes on chain
//!
//! A relying party contract's scope is its own: the request's scope string is
//! [`evm_scope`], `eip155:<chain id>:0x<contract address, lower-case hex>` (a
//! CAIP-10 account id), hashed as every scope string
//! ([`crate::encoding::hash_string`]). The registry refuses a policy whose
//! scope is not its caller's, and `CreditLine` fixes its own at deployment
//! (`ScopeHash.sol` computes the same hash on chain), so a proof made for
//! another contract's or another chain's scope does not verify there, and
//! no contract can ask for a holder's nullifier in another contract's scope.

use ark_bn254::{Bn254, Fq, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField};
use sha3::{Digest, Keccak256};
use zkcred_circuits::{
    presentation::{NUM_ATTRIBUTES, NUM_PREDICATES},
    Fr,
};

use crate::{
    encoding::fr_to_be_bytes,
    keys::{Statement, VerifyingKeyFor},
    presentation::{Presentation, Proof},
    request::{Op, PresentationRequest, CHALLENGE_BYTES},
    verifier, Error, Result,
};

/// A 32-byte big-endian EVM word.
pub type Word = [u8; 32];

/// Words of a registered policy (see the module docs).
pub const POLICY_WORDS: usize = 61;

/// `keccak256(data)`.
pub fn keccak256(data: &[u8]) -> Word {
    Keccak256::digest(data).into()
}

fn fq_word(x: &Fq) -> Word {
    let mut w = [0u8; 32];
    w.copy_from_slice(&x.into_bigint().to_bytes_be());
    w
}

fn g1_words(p: &G1Affine) -> [Word; 2] {
    if p.is_zero() {
        return [[0u8; 32]; 2];
    }
    [fq_word(&p.x), fq_word(&p.y)]
}

fn g2_words(p: &G2Affine) -> [Word; 4] {
    [
        fq_word(&p.x.c1),
        fq_word(&p.x.c0),
        fq_word(&p.y.c1),
        fq_word(&p.y.c0),
    ]
}

/// The constructor arguments of a verifier that takes its key at deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvmVerifyingKey {
    /// alpha (x, y), beta, gamma, delta (each x.imag, x.real, y.imag, y.real).
    pub points: [Word; 14],
    /// The IC points, 64 bytes each, `IC_0` first.
    pub ic: Vec<u8>,
}

/// A verifying key in the EVM's encoding (any zkcred Groth16 key: the
/// presentation circuit's or another statement's).
pub fn evm_verifying_key(vk: &ark_groth16::VerifyingKey<Bn254>) -> EvmVerifyingKey {
    let mut points = [[0u8; 32]; 14];
    points[0..2].copy_from_slice(&g1_words(&vk.alpha_g1));
    points[2..6].copy_from_slice(&g2_words(&vk.beta_g2));
    points[6..10].copy_from_slice(&g2_words(&vk.gamma_g2));
    points[10..14].copy_from_slice(&g2_words(&vk.delta_g2));
    let ic = vk
        .gamma_abc_g1
        .iter()
        .flat_map(|p| g1_words(p).concat())
        .collect();
    EvmVerifyingKey { points, ic }
}

/// A proof as the 8 words the contracts take.
pub fn proof_words(proof: &Proof) -> [Word; 8] {
    proof_words_ark(proof.as_ark())
}

/// [`proof_words`] for an arkworks proof (any zkcred Groth16 statement).
pub fn proof_words_ark(proof: &ark_groth16::Proof<Bn254>) -> [Word; 8] {
    let mut w = [[0u8; 32]; 8];
    w[0..2].copy_from_slice(&g1_words(&proof.a));
    w[2..6].copy_from_slice(&g2_words(&proof.b));
    w[6..8].copy_from_slice(&g1_words(&proof.c));
    w
}

/// A field element as a word.
pub fn fr_word(x: &Fr) -> Word {
    fr_to_be_bytes(x)
}

/// An unsigned integer as a word.
pub fn u64_word(x: u64) -> Word {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&x.to_be_bytes());
    w
}

fn address_word(a: &[u8; 20]) -> Word {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a);
    w
}

/// The largest chain id an on-chain scope can name: 12 decimal digits, so the
/// scope string fits two 31-byte chunks, what `ScopeHash.sol` hashes.
pub const MAX_EVM_CHAIN_ID: u64 = 999_999_999_999;

/// The scope string of the relying party contract `contract` on chain
/// `chain_id`: `eip155:<chain id>:0x<address in lower-case hex>`, the scope
/// zkcred's contracts require (see the module docs). A front end puts it in
/// the request's `scope`; a chain id above [`MAX_EVM_CHAIN_ID`] is refused.
pub fn evm_scope(chain_id: u64, contract: &[u8; 20]) -> Result<String> {
    if chain_id > MAX_EVM_CHAIN_ID {
        return Err(Error::Request(format!(
            "on chain, the chain id must be at most {MAX_EVM_CHAIN_ID}"
        )));
    }
    Ok(format!("eip155:{chain_id}:0x{}", hex::encode(contract)))
}

/// Refuses `request` unless its scope is the relying party contract's own on
/// chain `chain_id` ([`evm_scope`], lower case exactly): what a wallet checks
/// before proving for the contract it is about to call, so that no contract
/// obtains the holder's nullifier in another contract's (or chain's) scope.
pub fn check_evm_scope(
    request: &PresentationRequest,
    chain_id: u64,
    contract: &[u8; 20],
) -> Result<()> {
    if request.scope != evm_scope(chain_id, contract)? {
        return Err(Error::Request(
            "the scope is not the relying party contract's own, eip155:<chain id>:0x<address>"
                .into(),
        ));
    }
    Ok(())
}

/// The challenge (a field element below 2^248) the registry at `registry`
/// on chain `chain_id` requires of a proof that relying party
/// `relying_party` verifies for `subject`.
pub fn registry_challenge(
    chain_id: u64,
    registry: &[u8; 20],
    relying_party: &[u8; 20],
    subject: &[u8; 20],
) -> Fr {
    let mut data = Vec::with_capacity(128);
    data.extend_from_slice(&u64_word(chain_id));
    data.extend_from_slice(&address_word(registry));
    data.extend_from_slice(&address_word(relying_party));
    data.extend_from_slice(&address_word(subject));
    low_248_bits(&keccak256(&data))
}

/// The challenge a contract that binds `keccak256(abi.encode(words...))`
/// (low 248 bits) requires; [`registry_challenge`] is one case.
pub fn low_248_bits(hash: &Word) -> Fr {
    Fr::from_be_bytes_mod_order(&hash[1..])
}

/// A challenge as the request's `challenge` field: the 31 little-endian bytes
/// of a field element below 2^248, hex (see [`crate::request::fr_from_le_31`]).
pub fn challenge_hex(challenge: &Fr) -> Result<String> {
    let le = challenge.into_bigint().to_bytes_le();
    if le[CHALLENGE_BYTES..].iter().any(|b| *b != 0) {
        return Err(Error::Encoding("challenge (below 2^248)"));
    }
    Ok(hex::encode(&le[..CHALLENGE_BYTES]))
}

/// The 61 policy words a relying party registers for `request` (see the
/// module docs). At most one `ageAtLeast` predicate.
pub fn policy_words(request: &PresentationRequest) -> Result<[Word; POLICY_WORDS]> {
    let compiled = request.compile()?;
    let ages: Vec<(usize, u64)> = request
        .predicates
        .iter()
        .enumerate()
        .filter(|(_, p)| p.op == Op::AgeAtLeast)
        .map(|(n, p)| (n, p.value.as_u64().unwrap_or(0)))
        .collect();
    if ages.len() > 1 {
        return Err(Error::Request(
            "on chain, a policy has at most one ageAtLeast predicate".into(),
        ));
    }
    let mut words = [[0u8; 32]; POLICY_WORDS];
    words[0] = fr_word(&compiled.scope);
    words[1] = fr_word(&compiled.policy.schema_id);
    words[2] = u64_word(u64::from(compiled.policy.disclosure_mask));
    for (k, slot) in compiled.policy.predicates.iter().enumerate() {
        words[3 + 3 * k] = u64_word(slot.header);
        words[4 + 3 * k] = u64_word(slot.lower);
        words[5 + 3 * k] = u64_word(slot.upper);
    }
    for (t, table) in compiled.policy.set_tables.iter().enumerate() {
        for (i, v) in table.iter().enumerate() {
            words[3 + 3 * NUM_PREDICATES + 8 * t + i] = fr_word(v);
        }
    }
    if let Some((slot, years)) = ages.first() {
        words[5 + 3 * slot] = [0u8; 32];
        words[59] = u64_word(*slot as u64 + 1);
        words[60] = u64_word(*years);
    }
    Ok(words)
}

/// keccak256 of the policy words, as the registry computes it.
pub fn policy_hash(words: &[Word; POLICY_WORDS]) -> Word {
    keccak256(&words.concat())
}

/// What one presentation passes to `verifyPresentation`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresentationCall {
    /// The proof.
    pub proof: [Word; 8],
    /// `[nullifier, now, issuer key hash, revocation root]`.
    pub inputs: [Word; 4],
    /// The disclosed values in slot order.
    pub disclosed: Vec<Word>,
}

/// The words of `presentation` (made for `request`) for the registry's
/// `verifyPresentation`; `VerificationFailed` when it cannot belong to the
/// request.
pub fn presentation_call(
    request: &PresentationRequest,
    presentation: &Presentation,
) -> Result<PresentationCall> {
    let inputs = verifier::public_inputs(request, presentation)?;
    let mask = inputs.policy.disclosure_mask;
    let disclosed = (0..NUM_ATTRIBUTES)
        .filter(|i| mask >> i & 1 == 1)
        .map(|i| fr_word(&inputs.disclosed[i]))
        .collect();
    Ok(PresentationCall {
        proof: proof_words(&presentation.proof),
        inputs: [
            fr_word(&inputs.nullifier),
            u64_word(inputs.now),
            fr_word(&inputs.issuer_key_hash),
            fr_word(&inputs.revocation_root),
        ],
        disclosed,
    })
}

/// A word as a decimal string (Solidity literals).
fn num_decimal(w: &Word) -> String {
    // Repeated division of the big-endian bytes by 10.
    let mut digits = Vec::new();
    let mut n = w.to_vec();
    while n.iter().any(|b| *b != 0) {
        let mut rem = 0u32;
        for b in n.iter_mut() {
            let cur = rem * 256 + u32::from(*b);
            *b = (cur / 10) as u8;
            rem = cur % 10;
        }
        digits.push(b'0' + rem as u8);
    }
    if digits.is_empty() {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8(digits).expect("ascii digits")
}

/// The Solidity source of a verifier for the key `vk` (of any statement).
pub fn verifier_source<S: Statement>(vk: &VerifyingKeyFor<S>) -> String {
    verifier_source_ark(vk.as_ark())
}

/// The Solidity source of a standalone Groth16 verifier for any BN254 key:
/// contract `ZkcredGroth16Verifier` with the key as constants and
/// `verifyProof(uint256[8] proof, uint256[] input)` (the interface of
/// `contracts/sol/Groth16.sol`'s `IGroth16Verifier`).
pub fn verifier_source_ark(vk: &ark_groth16::VerifyingKey<Bn254>) -> String {
    let key = evm_verifying_key(vk);
    let n = vk.gamma_abc_g1.len() - 1;
    let names = [
        "ALPHA_X",
        "ALPHA_Y",
        "BETA_X_IM",
        "BETA_X_RE",
        "BETA_Y_IM",
        "BETA_Y_RE",
        "GAMMA_X_IM",
        "GAMMA_X_RE",
        "GAMMA_Y_IM",
        "GAMMA_Y_RE",
        "DELTA_X_IM",
        "DELTA_X_RE",
        "DELTA_Y_IM",
        "DELTA_Y_RE",
    ];
    let mut constants = String::new();
    for (name, w) in names.iter().zip(&key.points) {
        constants += &format!(
            "    uint256 internal constant {name} = {};\n",
            num_decimal(w)
        );
    }
    let mut accumulate = String::new();
    for (i, chunk) in key.ic.chunks(64).enumerate() {
        let (x, y) = chunk.split_at(32);
        let (x, y): (Word, Word) = (x.try_into().expect("32"), y.try_into().expect("32"));
        constants += &format!(
            "    uint256 internal constant IC{i}_X = {};\n    uint256 internal constant IC{i}_Y = {};\n",
            num_decimal(&x),
            num_decimal(&y)
        );
        if i > 0 {
            accumulate += &format!(
                "            ok := and(ok, mulAcc(m, IC{i}_X, IC{i}_Y, calldataload(add(input.offset, {}))))\n",
                32 * (i - 1)
            );
        }
    }
    VERIFIER_TEMPLATE
        .replace("{N}", &n.to_string())
        .replace("{CONSTANTS}", &constants)
        .replace("{ACCUMULATE}", &accumulate)
}

const VERIFIER_TEMPLATE: &str = r#"// SPDX-License-Identifier: MIT OR Apache-2.0
// Generated by `zkcred export-verifier` from a zkcred Groth16 verifying key
// ({N} public inputs). Regenerate it from the key rather than editing it.
pragma solidity ^0.8.24;

/// @title Groth16 verifier over BN254 for one verifying key ({N} public inputs).
/// @notice A proof is 8 words: A (x, y), B (x.imag, x.real, y.imag, y.real),
/// C (x, y). Every public input must be below the scalar field order.
contract ZkcredGroth16Verifier {
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    uint256 public constant NUM_INPUTS = {N};

{CONSTANTS}
    function verifyProof(uint256[8] calldata proof, uint256[] calldata input) external view returns (bool valid) {
        if (input.length != {N}) return false;
        for (uint256 i = 0; i < 8; ++i) {
            if (proof[i] >= Q) return false;
        }
        for (uint256 i = 0; i < {N}; ++i) {
            if (input[i] >= R) return false;
        }
        assembly {
            // acc += s * (x, y); m: accumulator (64 bytes), then 128 bytes of scratch.
            function mulAcc(m_, x, y, s) -> r {
                r := 1
                if s {
                    mstore(add(m_, 64), x)
                    mstore(add(m_, 96), y)
                    mstore(add(m_, 128), s)
                    r := staticcall(gas(), 7, add(m_, 64), 96, add(m_, 128), 64)
                    mstore(add(m_, 64), mload(m_))
                    mstore(add(m_, 96), mload(add(m_, 32)))
                    r := and(r, staticcall(gas(), 6, add(m_, 64), 128, m_, 64))
                }
            }
            let m := mload(0x40)
            let ok := 1
            mstore(m, IC0_X)
            mstore(add(m, 32), IC0_Y)
{ACCUMULATE}
            // e(-A, B) e(alpha, beta) e(vk_x, gamma) e(C, delta) == 1
            let p := add(m, 192)
            mstore(p, calldataload(proof))
            mstore(add(p, 32), mod(sub(Q, calldataload(add(proof, 32))), Q))
            mstore(add(p, 64), calldataload(add(proof, 64)))
            mstore(add(p, 96), calldataload(add(proof, 96)))
            mstore(add(p, 128), calldataload(add(proof, 128)))
            mstore(add(p, 160), calldataload(add(proof, 160)))
            mstore(add(p, 192), ALPHA_X)
            mstore(add(p, 224), ALPHA_Y)
            mstore(add(p, 256), BETA_X_IM)
            mstore(add(p, 288), BETA_X_RE)
            mstore(add(p, 320), BETA_Y_IM)
            mstore(add(p, 352), BETA_Y_RE)
            mstore(add(p, 384), mload(m))
            mstore(add(p, 416), mload(add(m, 32)))
            mstore(add(p, 448), GAMMA_X_IM)
            mstore(add(p, 480), GAMMA_X_RE)
            mstore(add(p, 512), GAMMA_Y_IM)
            mstore(add(p, 544), GAMMA_Y_RE)
            mstore(add(p, 576), calldataload(add(proof, 192)))
            mstore(add(p, 608), calldataload(add(proof, 224)))
            mstore(add(p, 640), DELTA_X_IM)
            mstore(add(p, 672), DELTA_X_RE)
            mstore(add(p, 704), DELTA_Y_IM)
            mstore(add(p, 736), DELTA_Y_RE)
            ok := and(ok, staticcall(gas(), 8, p, 768, p, 32))
            valid := and(ok, eq(mload(p), 1))
        }
    }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_of_words() {
        assert_eq!(num_decimal(&[0u8; 32]), "0");
        assert_eq!(num_decimal(&u64_word(1234567890123)), "1234567890123");
        assert_eq!(
            num_decimal(&fr_word(&-Fr::from(1u64))),
            "21888242871839275222246405745257275088548364400416034343698204186575808495616"
        );
    }

    #[test]
    fn challenge_hex_round_trips_through_the_request_encoding() {
        let c = registry_challenge(31337, &[1u8; 20], &[2u8; 20], &[3u8; 20]);
        let hex = challenge_hex(&c).unwrap();
        let bytes = crate::encoding::bytes_from_hex::<CHALLENGE_BYTES>(&hex, "c").unwrap();
        assert_eq!(crate::request::fr_from_le_31(&bytes), c);
        assert!(challenge_hex(&-Fr::from(1u64)).is_err());
    }

    #[test]
    fn evm_scope_is_the_caip10_account_id_in_lower_case() {
        let mut a = [0u8; 20];
        a[0] = 0xAB;
        a[19] = 0x0f;
        assert_eq!(
            evm_scope(31337, &a).unwrap(),
            "eip155:31337:0xab0000000000000000000000000000000000000f"
        );
        assert_eq!(
            evm_scope(MAX_EVM_CHAIN_ID, &a).unwrap().len(),
            62,
            "two 31-byte chunks at most"
        );
        assert!(matches!(
            evm_scope(MAX_EVM_CHAIN_ID + 1, &a),
            Err(Error::Request(_))
        ));
        assert_ne!(
            crate::encoding::hash_string(&evm_scope(1, &a).unwrap()).unwrap(),
            crate::encoding::hash_string(&evm_scope(10, &a).unwrap()).unwrap()
        );
    }

    #[test]
    fn a_request_in_another_contract_or_chain_scope_is_refused() {
        let schema = crate::schema::Schema::from_json(
            r#"{"schemaVersion": 1, "id": "s", "version": 1,
                "attributes": [{"name": "birth_date", "type": "date"}]}"#,
        )
        .unwrap();
        let (ours, theirs) = ([0xabu8; 20], [0xcdu8; 20]);
        let request = PresentationRequest::new(schema, evm_scope(10, &ours).unwrap());
        check_evm_scope(&request, 10, &ours).unwrap();
        for (chain, contract) in [(10, theirs), (1, ours)] {
            assert!(matches!(
                check_evm_scope(&request, chain, &contract),
                Err(Error::Request(_))
            ));
        }
        // The checksummed (mixed-case) spelling is another string, another scope hash.
        let upper = PresentationRequest {
            scope: request
                .scope
                .to_uppercase()
                .replace("EIP155", "eip155")
                .replace("0X", "0x"),
            ..request.clone()
        };
        assert!(check_evm_scope(&upper, 10, &ours).is_err());
    }

    #[test]
    fn keccak_of_empty_input() {
        assert_eq!(
            hex::encode(keccak256(b"")),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
    }
}

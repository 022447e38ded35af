//! The identity presentation statement: one universal circuit with fixed
//! slots, so that one trusted setup and one verifier contract serve every
//! policy.
//!
//! # Statement
//!
//! Public: `nullifier, scope, challenge, now, issuer_key_hash,
//! revocation_root`, the policy (`schema_id`, `disclosure_mask`, 8 predicate
//! slots of `(header, lower, upper)`, 4 set tables of 8 values) and the 16
//! disclosed values. Private: the credential (schema id, serial, issue and
//! expiry days, holder commitment, 16 attributes), the issuer's key and
//! signature, the holder secret, and the revocation path. The proof shows:
//!
//! 1. `Poseidon(TAG, holder_secret, scope) == nullifier` with the domain tag
//!    [`nullifier_tag`], and the credential commits to `Poseidon(holder_secret)`
//!    (holder binding);
//! 2. `credential_hash = Poseidon(schema_id, serial, issued, expiry,
//!    Poseidon(holder_secret), Poseidon(attributes))` carries a valid
//!    EdDSA-Poseidon signature under the key `A` with
//!    `Poseidon(A.x, A.y) == issuer_key_hash`;
//! 3. `issued <= now <= expiry` (days since 1970-01-01): the credential is
//!    valid today, neither expired nor before its `validFrom`;
//! 4. the leaf at `serial` in the revocation tree with root `revocation_root` is
//!    empty (the credential is not revoked);
//! 5. `disclosed[i] == attributes[i]` where bit `i` of the mask is set, and `0`
//!    elsewhere;
//! 6. every enabled predicate slot holds (see [`PredicateSlot`]);
//! 7. the challenge is bound by a constraint (`challenge^2`).
//!
//! # Public input layout
//!
//! The order of [`PublicInputs::to_field_elements`], fixed by this version of
//! the circuit: `[nullifier, scope, challenge, now, issuer_key_hash,
//! revocation_root, schema_id, disclosure_mask, disclosed[0..16],
//! (header, lower, upper) x 8, set_tables[0..4][0..8]]`, 80 elements.
//!
//! The policy occupies 58 of them instead of a hash of it, which would cost
//! about 2,400 constraints to recompute in the circuit. For a fixed policy
//! their part of the verifier's input combination is one fixed point that a
//! contract computes once when the policy is registered, so a proof checked on
//! chain pays only for the per-proof inputs.
//!
//! # Version
//!
//! This is version 2 of the circuit ([`CIRCUIT_ID`]). Version 1 did not
//! check `issued <= now` (a credential was accepted before its `validFrom`)
//! and its nullifier was the untagged `Poseidon(holder_secret, scope)`, the
//! same function as the scorecard's. The public input layout is unchanged;
//! keys and proofs of version 1 do not verify under version 2.

pub mod circuit;

use ark_ff::PrimeField;

use crate::{
    eddsa::{PublicKey, Signature},
    poseidon,
    smt::MerklePath,
    statement::{self, Validity, PRESENTATION_NULLIFIER_LABEL},
    Fr,
};

pub use crate::statement::{holder_commitment, issuer_key_hash};

/// The circuit's name and version, as keys and proofs name it.
pub const CIRCUIT_ID: &str = "presentation/v2";

/// Attribute slots in a credential.
pub const NUM_ATTRIBUTES: usize = 16;
/// Predicate slots in a policy.
pub const NUM_PREDICATES: usize = 8;
/// Set tables in a policy; a set predicate tests membership in the union of
/// the tables its header selects.
pub const NUM_SET_TABLES: usize = 4;
/// Values per set table.
pub const SET_TABLE_SIZE: usize = 8;
/// Bits of a predicate header.
pub const HEADER_BITS: usize = 11;
/// Number of public inputs of the presentation circuit.
pub const NUM_PUBLIC_INPUTS: usize =
    8 + NUM_ATTRIBUTES + 3 * NUM_PREDICATES + NUM_SET_TABLES * SET_TABLE_SIZE;

/// What a predicate slot tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PredicateKind {
    /// `lower <= value <= upper`, all 64-bit unsigned integers.
    Range {
        /// Inclusive lower bound.
        lower: u64,
        /// Inclusive upper bound.
        upper: u64,
    },
    /// `value` is in the union of the set tables whose bits are set in `tables`
    /// (bit `j` selects table `j`).
    Set {
        /// Bit mask of selected tables, below `2^NUM_SET_TABLES`.
        tables: u8,
    },
}

/// One predicate: an attribute slot, a test, and whether the test is negated
/// (`!=`, `not in`, outside a range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Predicate {
    /// Attribute slot, below [`NUM_ATTRIBUTES`].
    pub attribute: u8,
    /// The test.
    pub kind: PredicateKind,
    /// Whether the outcome of the test is negated.
    pub negate: bool,
}

/// A predicate slot as the circuit sees it: three public inputs.
///
/// `header` bits: 0-3 attribute slot, 4 enabled, 5 kind (1 = set), 6 negate,
/// 7-10 set-table mask. A disabled slot is all zeros and always holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PredicateSlot {
    /// Packed header, below `2^HEADER_BITS`.
    pub header: u64,
    /// Lower bound of a range test (0 otherwise).
    pub lower: u64,
    /// Upper bound of a range test (0 otherwise).
    pub upper: u64,
}

impl PredicateSlot {
    /// Encodes a predicate (or `None`, a disabled slot).
    pub fn encode(p: Option<&Predicate>) -> PredicateSlot {
        let Some(p) = p else {
            return PredicateSlot::default();
        };
        let mut header = u64::from(p.attribute & 0xf) | 1 << 4 | u64::from(p.negate) << 6;
        let (lower, upper) = match p.kind {
            PredicateKind::Range { lower, upper } => (lower, upper),
            PredicateKind::Set { tables } => {
                header |= 1 << 5 | u64::from(tables & 0xf) << 7;
                (0, 0)
            }
        };
        PredicateSlot {
            header,
            lower,
            upper,
        }
    }

    fn enabled(&self) -> bool {
        self.header >> 4 & 1 == 1
    }

    /// Evaluates the slot on `attributes` as the circuit does: `Ok(true)` when
    /// it holds, `Ok(false)` when it fails, and an error when the circuit could
    /// not even be satisfied (a range test on a value of 64 bits or more).
    pub fn holds(
        &self,
        attributes: &[Fr; NUM_ATTRIBUTES],
        set_tables: &[[Fr; SET_TABLE_SIZE]; NUM_SET_TABLES],
    ) -> Result<bool, crate::CircuitError> {
        if !self.enabled() {
            return Ok(true);
        }
        let value = attributes[(self.header & 0xf) as usize];
        let is_set = self.header >> 5 & 1 == 1;
        let negate = self.header >> 6 & 1 == 1;
        let raw = if is_set {
            (0..NUM_SET_TABLES)
                .filter(|j| self.header >> (7 + j) & 1 == 1)
                .any(|j| set_tables[j].contains(&value))
        } else {
            let v = to_u64(&value).ok_or(crate::CircuitError::NotAnInteger)?;
            self.lower <= v && v <= self.upper
        };
        Ok(raw ^ negate)
    }
}

/// `x` as a `u64`, if it is below `2^64`.
pub fn to_u64(x: &Fr) -> Option<u64> {
    let big = x.into_bigint();
    if big.as_ref()[1..].iter().any(|limb| *limb != 0) {
        return None;
    }
    Some(big.as_ref()[0])
}

/// The policy part of the public inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The schema the credential must have.
    pub schema_id: Fr,
    /// Bit `i` discloses attribute slot `i`.
    pub disclosure_mask: u16,
    /// The predicate slots.
    pub predicates: [PredicateSlot; NUM_PREDICATES],
    /// The set tables (unused entries are zero and unselected).
    pub set_tables: [[Fr; SET_TABLE_SIZE]; NUM_SET_TABLES],
}

/// All public inputs of one presentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicInputs {
    /// `Poseidon(TAG, holder_secret, scope)` ([`nullifier`]).
    pub nullifier: Fr,
    /// The verifier's scope.
    pub scope: Fr,
    /// The verifier's challenge.
    pub challenge: Fr,
    /// The verifier's current day (days since 1970-01-01).
    pub now: u64,
    /// `Poseidon(A.x, A.y)` of the issuer's key.
    pub issuer_key_hash: Fr,
    /// The issuer's revocation root.
    pub revocation_root: Fr,
    /// The policy.
    pub policy: Policy,
    /// `attributes[i]` where the mask discloses slot `i`, zero elsewhere.
    pub disclosed: [Fr; NUM_ATTRIBUTES],
}

impl PublicInputs {
    /// The public inputs in circuit order (see the module docs).
    pub fn to_field_elements(&self) -> Vec<Fr> {
        let mut v = Vec::with_capacity(NUM_PUBLIC_INPUTS);
        v.extend([
            self.nullifier,
            self.scope,
            self.challenge,
            Fr::from(self.now),
            self.issuer_key_hash,
            self.revocation_root,
            self.policy.schema_id,
            Fr::from(self.policy.disclosure_mask),
        ]);
        v.extend_from_slice(&self.disclosed);
        for slot in &self.policy.predicates {
            v.extend([
                Fr::from(slot.header),
                Fr::from(slot.lower),
                Fr::from(slot.upper),
            ]);
        }
        for table in &self.policy.set_tables {
            v.extend_from_slice(table);
        }
        debug_assert_eq!(v.len(), NUM_PUBLIC_INPUTS);
        v
    }
}

/// The credential fields the issuer signs, as field elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialData {
    /// Schema id.
    pub schema_id: Fr,
    /// Serial number: the credential's leaf in the issuer's revocation tree.
    pub serial: u32,
    /// Day of issue (days since 1970-01-01).
    pub issued: u64,
    /// Last day of validity (days since 1970-01-01).
    pub expiry: u64,
    /// `Poseidon(holder_secret)`.
    pub holder_commitment: Fr,
    /// Attribute slots (unused slots are zero).
    pub attributes: [Fr; NUM_ATTRIBUTES],
}

impl CredentialData {
    /// `Poseidon(attributes)`.
    pub fn attributes_hash(&self) -> Fr {
        poseidon::hash(&self.attributes).expect("16 inputs")
    }

    /// The signed message: `Poseidon(schema_id, serial, issued, expiry,
    /// holder_commitment, attributes_hash)`.
    pub fn hash(&self) -> Fr {
        poseidon::hash(&[
            self.schema_id,
            Fr::from(self.serial),
            Fr::from(self.issued),
            Fr::from(self.expiry),
            self.holder_commitment,
            self.attributes_hash(),
        ])
        .expect("6 inputs")
    }
}

/// The presentation's nullifier domain tag: [`statement::domain_tag`] of
/// [`PRESENTATION_NULLIFIER_LABEL`] (`zkcred/nullifier/presentation`).
pub fn nullifier_tag() -> Fr {
    statement::domain_tag(PRESENTATION_NULLIFIER_LABEL)
}

/// `Poseidon(TAG, holder_secret, scope)` with TAG = [`nullifier_tag`]: the
/// holder's pseudonym at the verifier of `scope`, unrelated to the
/// scorecard's nullifier for the same scope (see [`crate::statement`]).
pub fn nullifier(holder_secret: &Fr, scope: &Fr) -> Fr {
    statement::nullifier(nullifier_tag(), holder_secret, scope)
}

/// The private inputs of one presentation.
#[derive(Clone)]
pub struct Witness {
    /// The signed credential fields.
    pub credential: CredentialData,
    /// The issuer's key.
    pub issuer_key: PublicKey,
    /// The issuer's signature on `credential.hash()`.
    pub signature: Signature,
    /// The holder's secret.
    pub holder_secret: Fr,
    /// The path to the credential's (empty) leaf in the revocation tree.
    pub revocation_path: MerklePath,
}

impl core::fmt::Debug for Witness {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Witness(..)")
    }
}

impl Drop for Witness {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        // Overwrite the secret, the attributes and the credential fields
        // that identify it (serial, dates, commitment) in place; the path
        // reveals the serial too.
        self.holder_secret.zeroize();
        self.credential.attributes.zeroize();
        self.credential.holder_commitment.zeroize();
        self.credential.serial.zeroize();
        self.credential.issued.zeroize();
        self.credential.expiry.zeroize();
        self.revocation_path.siblings.zeroize();
    }
}

/// Every copy of a witness (it is `Clone`) wipes its secret when it drops.
impl zeroize::ZeroizeOnDrop for Witness {}

/// Which part of the statement a witness fails, as [`check`] finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    /// The credential was made for another holder secret.
    #[error("the credential is bound to another holder")]
    HolderBinding,
    /// The nullifier does not match.
    #[error("the nullifier does not match the holder secret and scope")]
    Nullifier,
    /// The issuer key does not match `issuer_key_hash`.
    #[error("the credential's issuer is not the requested issuer")]
    IssuerKey,
    /// The signature does not verify.
    #[error("the issuer signature does not verify")]
    Signature,
    /// The schema differs from the policy's.
    #[error("the credential has another schema")]
    Schema,
    /// `now > expiry`.
    #[error("the credential has expired")]
    Expired,
    /// `now < issued`: the credential is not valid before its `validFrom`.
    #[error("the credential is not yet valid")]
    NotYetValid,
    /// The revocation path does not lead from an empty leaf to the root.
    #[error("the credential is revoked, or its revocation path does not match the root")]
    Revoked,
    /// The disclosed values do not match the credential.
    #[error("the disclosed values do not match the credential")]
    Disclosure,
    /// Predicate slot `n` fails.
    #[error("predicate {0} does not hold")]
    Predicate(usize),
    /// Predicate slot `n` tests a range on a value of 64 bits or more.
    #[error("predicate {0} compares a value that is not a 64-bit integer")]
    PredicateNotInteger(usize),
}

/// Evaluates the statement natively: the twin of the circuit. `Ok(())`
/// exactly when the circuit is satisfiable with these inputs.
pub fn check(public: &PublicInputs, w: &Witness) -> Result<(), StatementError> {
    let c = &w.credential;
    if holder_commitment(&w.holder_secret) != c.holder_commitment {
        return Err(StatementError::HolderBinding);
    }
    if nullifier(&w.holder_secret, &public.scope) != public.nullifier {
        return Err(StatementError::Nullifier);
    }
    if issuer_key_hash(&w.issuer_key) != public.issuer_key_hash {
        return Err(StatementError::IssuerKey);
    }
    if c.schema_id != public.policy.schema_id {
        return Err(StatementError::Schema);
    }
    if w.issuer_key.verify(c.hash(), &w.signature).is_err() {
        return Err(StatementError::Signature);
    }
    match statement::validity(c.issued, c.expiry, public.now) {
        Validity::Valid => {}
        Validity::Expired => return Err(StatementError::Expired),
        Validity::NotYetValid => return Err(StatementError::NotYetValid),
    }
    if !w
        .revocation_path
        .verify(public.revocation_root, c.serial, crate::smt::EMPTY_LEAF)
    {
        return Err(StatementError::Revoked);
    }
    for i in 0..NUM_ATTRIBUTES {
        let expected = if public.policy.disclosure_mask >> i & 1 == 1 {
            c.attributes[i]
        } else {
            Fr::from(0u64)
        };
        if public.disclosed[i] != expected {
            return Err(StatementError::Disclosure);
        }
    }
    for (n, slot) in public.policy.predicates.iter().enumerate() {
        match slot.holds(&c.attributes, &public.policy.set_tables) {
            Ok(true) => {}
            Ok(false) => return Err(StatementError::Predicate(n)),
            Err(_) => return Err(StatementError::PredicateNotInteger(n)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn witnesses_zeroize_on_drop() {
        // Issue 16, point 7: checked at compile time (the `Drop` impls
        // above do the wiping; `ZeroizeOnDrop` states it).
        fn assert_zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        assert_zeroize_on_drop::<super::Witness>();
        assert_zeroize_on_drop::<crate::scorecard::Witness>();
    }
}

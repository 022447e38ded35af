//! What the statements share, below both of them: holder binding, the
//! issuer key's hash, nullifiers with a domain tag per statement, and the
//! validity window of signed data. The gadget twins are in [`constraints`].
//!
//! Neither statement ([`crate::presentation`], [`crate::scorecard`]) imports
//! the other; both import this module.
//!
//! # Nullifiers
//!
//! A statement's nullifier is `Poseidon(tag, holder_secret, scope)` (circomlib
//! Poseidon with 3 inputs), where `tag` is the statement's domain tag
//! ([`domain_tag`] of [`PRESENTATION_NULLIFIER_LABEL`] or
//! [`SCORECARD_NULLIFIER_LABEL`]). With distinct tags, the identity
//! presentation and the credit scorecard give a holder unrelated pseudonyms
//! even for the same scope string, so a verifier that sees both proofs cannot
//! link them through the nullifier. (Version 1 of both circuits used the
//! untagged `Poseidon(holder_secret, scope)`, the same for both.)
//!
//! The labels name the statement, not the circuit version: a later version of
//! a circuit that keeps its label keeps every holder's nullifier at every
//! verifier, so sybil and replay records survive the upgrade.

pub mod constraints;

use ark_ff::PrimeField;

use crate::{eddsa::PublicKey, poseidon, Fr};

/// Domain label of the identity presentation's nullifier.
pub const PRESENTATION_NULLIFIER_LABEL: &[u8] = b"zkcred/nullifier/presentation";
/// Domain label of the credit scorecard's nullifier.
pub const SCORECARD_NULLIFIER_LABEL: &[u8] = b"zkcred/nullifier/scorecard";

/// The longest domain label, in bytes: its little-endian integer is then
/// below `2^248`, so below the field modulus.
pub const MAX_LABEL_BYTES: usize = 31;

/// The field element of a domain label: the little-endian integer of its
/// bytes. Labels are at most [`MAX_LABEL_BYTES`] long, so no reduction
/// happens and distinct labels (without trailing zero bytes) give distinct
/// elements.
///
/// # Panics
///
/// When `label` is longer than [`MAX_LABEL_BYTES`]: labels are constants of
/// this crate, never input.
pub fn domain_tag(label: &[u8]) -> Fr {
    assert!(
        label.len() <= MAX_LABEL_BYTES,
        "a domain label has at most {MAX_LABEL_BYTES} bytes"
    );
    Fr::from_le_bytes_mod_order(label)
}

/// `Poseidon(holder_secret)`: what signed data commits to (holder binding).
pub fn holder_commitment(holder_secret: &Fr) -> Fr {
    poseidon::hash1(*holder_secret)
}

/// `Poseidon(A.x, A.y)`: how an issuer key appears among the public inputs.
pub fn issuer_key_hash(key: &PublicKey) -> Fr {
    poseidon::hash2(key.0.x, key.0.y)
}

/// `Poseidon(tag, holder_secret, scope)`: the nullifier of the statement
/// with domain tag `tag` (see the module documentation).
pub fn nullifier(tag: Fr, holder_secret: &Fr, scope: &Fr) -> Fr {
    poseidon::hash(&[tag, *holder_secret, *scope]).expect("three inputs are within 1..=16")
}

/// Where a day falls with respect to the validity window `issued ..= expiry`
/// of signed data (days since 1970-01-01).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    /// `issued <= now <= expiry`.
    Valid,
    /// `now < issued`.
    NotYetValid,
    /// `now > expiry`.
    Expired,
}

/// The native twin of [`constraints::enforce_valid_on`]: where `now` falls in
/// `issued ..= expiry`. A day after `expiry` is [`Validity::Expired`] even
/// when it is also before `issued` (an empty window).
pub fn validity(issued: u64, expiry: u64, now: u64) -> Validity {
    if now > expiry {
        Validity::Expired
    } else if now < issued {
        Validity::NotYetValid
    } else {
        Validity::Valid
    }
}

#[cfg(test)]
mod tests {
    use ark_ff::BigInteger;

    use super::*;

    #[test]
    fn labels_fit_and_tags_differ() {
        for label in [PRESENTATION_NULLIFIER_LABEL, SCORECARD_NULLIFIER_LABEL] {
            assert!(label.len() <= MAX_LABEL_BYTES);
            assert!(label.is_ascii());
            // No reduction: the tag's bytes are the label's.
            let bytes = domain_tag(label).into_bigint().to_bytes_le();
            assert_eq!(&bytes[..label.len()], label);
            assert!(bytes[label.len()..].iter().all(|b| *b == 0));
        }
        assert_ne!(
            domain_tag(PRESENTATION_NULLIFIER_LABEL),
            domain_tag(SCORECARD_NULLIFIER_LABEL)
        );
    }

    #[test]
    #[should_panic(expected = "at most 31 bytes")]
    fn a_long_label_is_refused() {
        domain_tag(&[b'a'; 32]);
    }

    #[test]
    fn validity_window() {
        assert_eq!(validity(10, 20, 9), Validity::NotYetValid);
        assert_eq!(validity(10, 20, 10), Validity::Valid);
        assert_eq!(validity(10, 20, 20), Validity::Valid);
        assert_eq!(validity(10, 20, 21), Validity::Expired);
        assert_eq!(validity(30, 20, 25), Validity::Expired);
        assert_eq!(validity(0, u64::MAX, u64::MAX), Validity::Valid);
    }
}

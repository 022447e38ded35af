//! The one transcript protocol of the credit proofs: typed appends with
//! versioned domain separators on a [`merlin::Transcript`], and a point check
//! that rejects the identity (after the bulletproofs crate's
//! `src/transcript.rs`).

use curve25519_dalek::{ristretto::CompressedRistretto, scalar::Scalar, traits::IsIdentity};
use merlin::Transcript;

use zkcred_core::{Error, Result};

/// Label of every domain separator.
const DOM_SEP: &[u8] = b"dom-sep";

/// Domain separator of a provider's Schnorr signature over an attestation.
pub const ATTESTATION_SIGNATURE_V1: &[u8] = b"zkcred/credit/attestation-signature v1";
/// Domain separator of the transparent credit proof.
pub const TRANSPARENT_PROOF_V1: &[u8] = b"zkcred/credit/transparent-proof v1";
/// Domain separator of the derivation of a provider's keys from its seed.
pub const PROVIDER_KEY_V1: &[u8] = b"zkcred/credit/provider-key v1";

/// The transcript operations the credit protocols use.
pub trait TranscriptProtocol {
    /// Appends a versioned domain separator (one of this module's constants).
    fn credit_domain_sep(&mut self, separator: &'static [u8]);
    /// Appends a scalar's canonical 32 bytes.
    fn append_scalar(&mut self, label: &'static [u8], scalar: &Scalar);
    /// Appends a compressed point as it is (for points the caller derived).
    fn append_point(&mut self, label: &'static [u8], point: &CompressedRistretto);
    /// Refuses the identity, then appends the point.
    fn validate_and_append_point(
        &mut self,
        label: &'static [u8],
        point: &CompressedRistretto,
    ) -> Result<()>;
    /// Appends a signed integer (two's complement, little-endian, 8 bytes).
    fn append_i64(&mut self, label: &'static [u8], x: i64);
    /// Appends a byte string with its length (merlin frames messages).
    fn append_bytes(&mut self, label: &'static [u8], bytes: &[u8]);
    /// A challenge scalar (64 bytes reduced mod the group order).
    fn challenge_scalar(&mut self, label: &'static [u8]) -> Scalar;
}

impl TranscriptProtocol for Transcript {
    fn credit_domain_sep(&mut self, separator: &'static [u8]) {
        self.append_message(DOM_SEP, separator);
    }

    fn append_scalar(&mut self, label: &'static [u8], scalar: &Scalar) {
        self.append_message(label, scalar.as_bytes());
    }

    fn append_point(&mut self, label: &'static [u8], point: &CompressedRistretto) {
        self.append_message(label, point.as_bytes());
    }

    fn validate_and_append_point(
        &mut self,
        label: &'static [u8],
        point: &CompressedRistretto,
    ) -> Result<()> {
        if point.is_identity() {
            return Err(Error::VerificationFailed);
        }
        self.append_message(label, point.as_bytes());
        Ok(())
    }

    fn append_i64(&mut self, label: &'static [u8], x: i64) {
        self.append_message(label, &x.to_le_bytes());
    }

    fn append_bytes(&mut self, label: &'static [u8], bytes: &[u8]) {
        self.append_message(label, bytes);
    }

    fn challenge_scalar(&mut self, label: &'static [u8]) -> Scalar {
        let mut buf = [0u8; 64];
        self.challenge_bytes(label, &mut buf);
        Scalar::from_bytes_mod_order_wide(&buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_point_is_refused() {
        let mut t = Transcript::new(b"test");
        assert!(matches!(
            t.validate_and_append_point(b"P", &CompressedRistretto::default()),
            Err(Error::VerificationFailed)
        ));
        let g = curve25519_dalek::constants::RISTRETTO_BASEPOINT_COMPRESSED;
        assert!(t.validate_and_append_point(b"P", &g).is_ok());
    }

    #[test]
    fn separators_change_challenges() {
        let mut a = Transcript::new(b"test");
        let mut b = Transcript::new(b"test");
        a.credit_domain_sep(TRANSPARENT_PROOF_V1);
        b.credit_domain_sep(ATTESTATION_SIGNATURE_V1);
        assert_ne!(a.challenge_scalar(b"c"), b.challenge_scalar(b"c"));
    }
}

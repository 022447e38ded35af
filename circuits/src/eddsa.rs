//! EdDSA-Poseidon on Baby Jubjub, bit-compatible with circomlibjs `eddsa.js`
//! (`prv2pub`, `signPoseidon`, `verifyPoseidon`, `packSignature`,
//! `unpackSignature`) and circomlib's `EdDSAPoseidonVerifier`.
//!
//! With `B8` = [`Point::base8`], `l` its order, `H` = BLAKE-512 (the original
//! SHA-3 finalist BLAKE, not BLAKE2) and `Poseidon` = [`crate::poseidon::hash`]:
//!
//! * **Key expansion.** `h = H(sk)` (64 bytes); `s` is `h[0..32]` read as a
//!   little-endian integer after pruning (clear bits 0, 1, 2 and 255, set bit
//!   254); `prefix = h[32..64]`.
//! * **Public key.** `A = (s >> 3) · B8`.
//! * **Signing** a field element `m`: `r = H(prefix ‖ le32(m)) mod l` (the
//!   64-byte digest as a little-endian integer), `R8 = r · B8`,
//!   `hm = Poseidon(R8.x, R8.y, A.x, A.y, m)`, `S = (r + hm · s) mod l`.
//! * **Verification**: `R8` and `A` on the curve, `S < l`, and
//!   `S · B8 == R8 + (8 · hm) · A` with `hm` taken as an integer (`< p`).
//!   This implementation also refuses keys of small order (`8 · A` the
//!   identity), for which anyone could forge; no key produced by `prv2pub`
//!   is one, so no circomlibjs verdict on a real key changes.
//! * **Encodings**: a public key is `packPoint(A)`, a signature is
//!   `packPoint(R8) ‖ le32(S)` (64 bytes).

pub mod constraints;

use std::fmt;

use ark_ff::{BigInteger, PrimeField};
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::babyjubjub::{bigint_from_le_bytes, fr_to_le_bytes, Point, Scalar};
use crate::{poseidon, CircuitError, Fr};

/// An EdDSA secret key: 32 bytes, expanded by BLAKE-512 as circomlibjs does.
///
/// Zeroized on drop, compared in constant time, never printed.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; 32]);

/// The expanded key: the pruned scalar `s` and the nonce prefix.
#[derive(Zeroize, ZeroizeOnDrop)]
struct ExpandedKey {
    /// Pruned `h[0..32]`, the little-endian bytes of `s`.
    s: [u8; 32],
    /// `h[32..64]`.
    prefix: [u8; 32],
}

impl ExpandedKey {
    /// `A = (s >> 3) · B8`, with a fixed-length (253-bit) ladder.
    fn public_point(&self) -> Point {
        let mut bits = [false; 256];
        for (i, bit) in bits.iter_mut().enumerate() {
            *bit = (self.s[i / 8] >> (i % 8)) & 1 == 1;
        }
        let a = Point::base8().mul_bits_le(&bits[3..]);
        bits.zeroize();
        a
    }
}

/// BLAKE-512 of `data`, as 64 bytes ([`crate::blake512`]).
fn blake512(data: &[u8]) -> [u8; 64] {
    crate::blake512::hash(data)
}

impl SecretKey {
    /// Wraps 32 secret bytes (circomlibjs's `prv`).
    pub fn from_bytes(b: [u8; 32]) -> Self {
        SecretKey(b)
    }

    /// 32 fresh bytes from a cryptographic RNG.
    pub fn generate<R: rand_core::RngCore + rand_core::CryptoRng>(rng: &mut R) -> Self {
        let mut b = [0u8; 32];
        rng.fill_bytes(&mut b);
        SecretKey(b)
    }

    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn expand(&self) -> ExpandedKey {
        let mut h = blake512(&self.0);
        let mut key = ExpandedKey {
            s: [0u8; 32],
            prefix: [0u8; 32],
        };
        key.s.copy_from_slice(&h[..32]);
        key.prefix.copy_from_slice(&h[32..]);
        h.zeroize();
        // circomlibjs `pruneBuffer`.
        key.s[0] &= 0xf8;
        key.s[31] &= 0x7f;
        key.s[31] |= 0x40;
        key
    }

    /// circomlibjs `prv2pub`: `A = (s >> 3) · B8`.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.expand().public_point())
    }

    /// circomlibjs `signPoseidon(prv, msg)`: deterministic, see the module
    /// documentation.
    pub fn sign(&self, msg: Fr) -> Signature {
        let key = self.expand();
        let a = key.public_point();

        let mut nonce_input = [0u8; 64];
        nonce_input[..32].copy_from_slice(&key.prefix);
        nonce_input[32..].copy_from_slice(&fr_to_le_bytes(&msg));
        let mut r_bytes = blake512(&nonce_input);
        nonce_input.zeroize();
        let mut r = Scalar::from_le_bytes_mod_order(&r_bytes);
        r_bytes.zeroize();

        let r8 = Point::base8().mul_scalar(&r);
        let hm = challenge(&r8, &a, msg);
        let mut s = Scalar::from_le_bytes_mod_order(&key.s);
        let sig_s = r + hm * s;
        r.zeroize();
        s.zeroize();
        Signature { r8, s: sig_s }
    }
}

/// `Poseidon(R8.x, R8.y, A.x, A.y, msg)` reduced mod `l`.
fn challenge(r8: &Point, a: &Point, msg: Fr) -> Scalar {
    let hm = poseidon::hash(&[r8.x, r8.y, a.x, a.y, msg]).expect("five inputs are within 1..=16");
    Scalar::from_le_bytes_mod_order(&hm.into_bigint().to_bytes_le())
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl ConstantTimeEq for SecretKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl PartialEq for SecretKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for SecretKey {}

/// An EdDSA public key `A`.
///
/// [`PublicKey::from_bytes`] accepts only canonical encodings of points of
/// the prime-order subgroup other than the identity. A key built directly
/// from a [`Point`] is not checked until [`PublicKey::verify`], which (like
/// circomlibjs) requires only that it be on the curve, and not of small order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey(pub Point);

impl PublicKey {
    /// circomlibjs `verifyPoseidon(msg, sig, A)`: `Ok(())` if and only if
    /// `R8` and `A` are on the curve, `8·A` is not the identity, and
    /// `S · B8 == R8 + (8 · hm) · A` for `hm = Poseidon(R8.x, R8.y, A.x, A.y, msg)`
    /// as an integer. Every failure is the same opaque
    /// [`CircuitError::InvalidSignature`]. (`S < l` holds by the type of
    /// [`Signature::s`]; [`Signature::from_bytes`] refuses `S ≥ l`.)
    pub fn verify(&self, msg: Fr, sig: &Signature) -> Result<(), CircuitError> {
        let a = self.0;
        if !sig.r8.is_on_curve() || !a.is_on_curve() || a.double().double().double().is_identity() {
            return Err(CircuitError::InvalidSignature);
        }
        let hm = poseidon::hash(&[sig.r8.x, sig.r8.y, a.x, a.y, msg])
            .expect("five inputs are within 1..=16");
        // (8 · hm) as bits: three zeros, then hm's 254 bits.
        let mut bits = vec![false; 3];
        bits.extend(
            hm.into_bigint()
                .to_bits_le()
                .into_iter()
                .take(Fr::MODULUS_BIT_SIZE as usize),
        );
        let left = Point::base8().mul_scalar(&sig.s);
        let right = sig.r8.add(&a.mul_bits_le(&bits));
        if left == right {
            Ok(())
        } else {
            Err(CircuitError::InvalidSignature)
        }
    }

    /// circomlibjs `packPoint(A)`.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.compress()
    }

    /// [`Point::decompress`] (canonical, on the curve, in the subgroup), and
    /// not the identity ([`CircuitError::IdentityPublicKey`]).
    pub fn from_bytes(b: &[u8; 32]) -> Result<Self, CircuitError> {
        let p = Point::decompress(b)?;
        if p.is_identity() {
            return Err(CircuitError::IdentityPublicKey);
        }
        Ok(PublicKey(p))
    }
}

/// An EdDSA-Poseidon signature `(R8, S)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The commitment `R8 = r · B8`.
    pub r8: Point,
    /// The response `S = r + hm · s mod l`.
    pub s: Scalar,
}

impl Signature {
    /// circomlibjs `packSignature`: `packPoint(R8) ‖ le32(S)`.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.r8.compress());
        out[32..].copy_from_slice(&self.s.into_bigint().to_bytes_le());
        out
    }

    /// circomlibjs `unpackSignature`, stricter: `R8` must decode by
    /// [`Point::decompress`] (canonical, on the curve, in the subgroup) and
    /// `S < l` ([`CircuitError::NonCanonicalScalar`]). Neither rejection
    /// changes a verdict: `verifyPoseidon` refuses `S ≥ l`, and since both
    /// `S · B8` and `(8 · hm) · A` lie in the subgroup, no `R8` outside it
    /// can satisfy the verification equation.
    pub fn from_bytes(b: &[u8; 64]) -> Result<Self, CircuitError> {
        let r8_bytes: &[u8; 32] = b[..32].try_into().expect("32 bytes");
        let s_bytes: &[u8; 32] = b[32..].try_into().expect("32 bytes");
        let r8 = Point::decompress(r8_bytes)?;
        let s = Scalar::from_bigint(bigint_from_le_bytes(s_bytes))
            .ok_or(CircuitError::NonCanonicalScalar)?;
        Ok(Signature { r8, s })
    }
}

#[cfg(test)]
mod tests {
    use ark_std::UniformRand;
    use rand::SeedableRng;

    use super::*;

    fn rng() -> rand_chacha::ChaCha20Rng {
        rand_chacha::ChaCha20Rng::seed_from_u64(0xedd5a)
    }

    #[test]
    fn sign_then_verify_and_round_trip_encodings() {
        let mut rng = rng();
        for _ in 0..8 {
            let sk = SecretKey::generate(&mut rng);
            let pk = sk.public_key();
            assert!(pk.0.is_in_subgroup());
            let msg = Fr::rand(&mut rng);
            let sig = sk.sign(msg);
            assert_eq!(pk.verify(msg, &sig), Ok(()));
            assert_eq!(PublicKey::from_bytes(&pk.to_bytes()), Ok(pk));
            assert_eq!(Signature::from_bytes(&sig.to_bytes()), Ok(sig));
            // Deterministic.
            assert_eq!(sk.sign(msg), sig);
        }
    }

    #[test]
    fn verify_refuses_tampering_with_one_opaque_error() {
        let mut rng = rng();
        let sk = SecretKey::generate(&mut rng);
        let other = SecretKey::generate(&mut rng).public_key();
        let pk = sk.public_key();
        let msg = Fr::from(42u64);
        let sig = sk.sign(msg);
        let bad = CircuitError::InvalidSignature;
        assert_eq!(pk.verify(msg + Fr::from(1u64), &sig), Err(bad.clone()));
        assert_eq!(other.verify(msg, &sig), Err(bad.clone()));
        let mut s1 = sig;
        s1.s += Scalar::from(1u64);
        assert_eq!(pk.verify(msg, &s1), Err(bad.clone()));
        let mut r1 = sig;
        r1.r8 = r1.r8.add(&Point::base8());
        assert_eq!(pk.verify(msg, &r1), Err(bad.clone()));
        let mut off = sig;
        off.r8.x += Fr::from(1u64);
        assert_eq!(pk.verify(msg, &off), Err(bad.clone()));
        let mut off_key = pk;
        off_key.0.y += Fr::from(1u64);
        assert_eq!(off_key.verify(msg, &sig), Err(bad.clone()));
    }

    #[test]
    fn small_order_keys_are_refused_even_for_forged_signatures() {
        // With A of order dividing 8, (8·hm)·A is the identity and
        // (S, S·B8) "verifies" under circomlibjs for every message.
        let s = Scalar::from(7u64);
        let forged = Signature {
            r8: Point::base8().mul_scalar(&s),
            s,
        };
        let two = Point {
            x: Fr::from(0u64),
            y: -Fr::from(1u64),
        };
        for a in [Point::identity(), two] {
            assert_eq!(
                PublicKey(a).verify(Fr::from(5u64), &forged),
                Err(CircuitError::InvalidSignature)
            );
        }
        assert_eq!(
            PublicKey::from_bytes(&Point::identity().compress()),
            Err(CircuitError::IdentityPublicKey)
        );
        assert_eq!(
            PublicKey::from_bytes(&two.compress()),
            Err(CircuitError::PointNotInSubgroup)
        );
    }

    #[test]
    fn signature_from_bytes_refuses_s_at_or_above_l() {
        let sk = SecretKey::from_bytes([7u8; 32]);
        let sig = sk.sign(Fr::from(1u64));
        let mut bytes = sig.to_bytes();
        // S + l.
        let s_plus_l = {
            let mut v = sig.s.into_bigint();
            v.add_with_carry(&Scalar::MODULUS);
            v.to_bytes_le()
        };
        bytes[32..].copy_from_slice(&s_plus_l);
        assert_eq!(
            Signature::from_bytes(&bytes),
            Err(CircuitError::NonCanonicalScalar)
        );
        bytes[32..].copy_from_slice(&Scalar::MODULUS.to_bytes_le());
        assert_eq!(
            Signature::from_bytes(&bytes),
            Err(CircuitError::NonCanonicalScalar)
        );
        bytes[32..].copy_from_slice(&[0xff; 32]);
        assert_eq!(
            Signature::from_bytes(&bytes),
            Err(CircuitError::NonCanonicalScalar)
        );
    }

    #[test]
    fn secret_key_debug_hides_the_bytes_and_eq_compares_them() {
        let sk = SecretKey::from_bytes([0xab; 32]);
        assert_eq!(format!("{sk:?}"), "SecretKey(..)");
        assert_eq!(sk, SecretKey::from_bytes([0xab; 32]));
        assert_ne!(sk, SecretKey::from_bytes([0xac; 32]));
        assert_eq!(sk.as_bytes(), &[0xab; 32]);
    }
}

//! Decompression of BN254 points, exactly as arkworks' `Compress::Yes`,
//! `Validate::No` deserialization, with cheaper square roots:
//!
//! - exponentiations by (p+1)/4 (Fq has p ≡ 3 mod 4) with 4-bit fixed
//!   windows instead of bit-by-bit square-and-multiply;
//! - in Fq2 = Fq[u]/(u²+1), the complex method (eprint 2012/685, alg. 8,
//!   as in arkworks) without its Legendre symbol: for a = c0 + c1·u with
//!   c1 ≠ 0 and α² = c0² + c1², δ = (c0 + α)/2 and δ' = (c0 − α)/2 have
//!   δ·δ' = −c1²/4, so (−1 being a non-residue) exactly one of δ, −δ is a
//!   square, and s = δ^((p+1)/4) has s² = ±δ. If s² = δ the root is
//!   s + c1/(2s)·u, else it is c1/(2s) + s·u.
//!
//! Either root may come out; the sign is then picked from the flags as
//! arkworks does (the smaller of y, −y when the "positive" flag is set).
//! The caller still checks the point (on the curve, in the subgroup).

use ark_bn254::{Fq, Fq2};
use ark_ec::short_weierstrass::{Affine, SWCurveConfig, SWFlags};
use ark_ff::{BigInteger, Field, PrimeField, Zero};
use ark_serialize::CanonicalDeserializeWithFlags;

/// a^e for a little-endian exponent, with 4-bit fixed windows.
fn pow_windowed<F: Field>(a: &F, exp: &[u64]) -> F {
    let mut table = [F::one(); 16];
    for i in 1..16 {
        table[i] = table[i - 1] * a;
    }
    let mut acc = F::one();
    for limb in exp.iter().rev() {
        for shift in (0..16).rev() {
            for _ in 0..4 {
                acc.square_in_place();
            }
            let nibble = ((limb >> (4 * shift)) & 0xf) as usize;
            if nibble != 0 {
                acc *= &table[nibble];
            }
        }
    }
    acc
}

/// (p+1)/4 for the BN254 base field.
fn p_plus_one_div_four() -> <Fq as PrimeField>::BigInt {
    let mut e = Fq::MODULUS;
    e.add_with_carry(&1u64.into());
    e.div2();
    e.div2();
    e
}

/// A square root in Fq, `None` for non-squares.
pub(super) fn sqrt_fq(a: &Fq) -> Option<Fq> {
    let s = pow_windowed(a, p_plus_one_div_four().as_ref());
    (s.square() == *a).then_some(s)
}

/// s = a^((p+1)/4) and whether s² = a (otherwise s² = −a).
fn sqrt_or_neg(a: &Fq) -> (Fq, bool) {
    let s = pow_windowed(a, p_plus_one_div_four().as_ref());
    (s, s.square() == *a)
}

/// A square root in Fq2 (see the module docs), `None` for non-squares.
pub(super) fn sqrt_fq2(a: &Fq2) -> Option<Fq2> {
    let candidate = if a.c1.is_zero() {
        // c0 or −c0 is a square: a root of c0 is s, or s·u when s² = −c0.
        let (s, direct) = sqrt_or_neg(&a.c0);
        if direct {
            Fq2::new(s, Fq::zero())
        } else {
            Fq2::new(Fq::zero(), s)
        }
    } else {
        let alpha = sqrt_fq(&(a.c0.square() + a.c1.square()))?;
        let two_inv = Fq::from(2u64).inverse()?;
        let delta = (a.c0 + alpha) * two_inv;
        let (s, direct) = sqrt_or_neg(&delta);
        let other = a.c1 * two_inv * s.inverse()?;
        if direct {
            Fq2::new(s, other)
        } else {
            Fq2::new(other, s)
        }
    };
    (candidate.square() == *a).then_some(candidate)
}

/// One compressed point (x with the SW flags in its top bits), decompressed
/// but not validated. `None` where arkworks' deserialization errs.
fn decode<P: SWCurveConfig>(
    bytes: &[u8],
    sqrt: fn(&P::BaseField) -> Option<P::BaseField>,
) -> Option<Affine<P>> {
    let (x, flags): (P::BaseField, SWFlags) =
        CanonicalDeserializeWithFlags::deserialize_with_flags(bytes).ok()?;
    if flags.is_infinity() {
        return Some(Affine::identity());
    }
    let mut rhs = P::add_b(x.square() * x);
    if !P::COEFF_A.is_zero() {
        rhs += P::mul_by_a(x);
    }
    let y = sqrt(&rhs)?;
    let neg_y = -y;
    let (smaller, larger) = if y < neg_y { (y, neg_y) } else { (neg_y, y) };
    let y = if flags.is_positive()? {
        smaller
    } else {
        larger
    };
    Some(Affine::new_unchecked(x, y))
}

/// A compressed G1 point, not validated.
pub(super) fn g1(bytes: &[u8]) -> Option<ark_bn254::G1Affine> {
    decode(bytes, sqrt_fq)
}

/// A compressed G2 point, not validated.
pub(super) fn g2(bytes: &[u8]) -> Option<ark_bn254::G2Affine> {
    decode(bytes, sqrt_fq2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine, G2Projective};
    use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
    use ark_ff::UniformRand;
    use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
    use rand::{Rng, RngCore, SeedableRng};
    use rand_chacha::ChaCha20Rng;

    const SAMPLES: usize = 2_000;

    #[test]
    fn windowed_pow_matches_arkworks() {
        let mut rng = ChaCha20Rng::seed_from_u64(0xd1);
        for _ in 0..200 {
            let a = Fq::rand(&mut rng);
            let e = [
                rng.next_u64(),
                rng.next_u64(),
                rng.next_u64(),
                rng.next_u64(),
            ];
            assert_eq!(pow_windowed(&a, &e), a.pow(e));
            let a = Fq2::rand(&mut rng);
            assert_eq!(pow_windowed(&a, &e), a.pow(e));
        }
    }

    #[test]
    fn square_roots_match_arkworks() {
        let mut rng = ChaCha20Rng::seed_from_u64(0xd2);
        let check_fq = |a: Fq| match (sqrt_fq(&a), a.sqrt()) {
            (Some(s), Some(t)) => assert!(s == t || s == -t),
            (None, None) => {}
            other => panic!("sqrt({a}) disagrees: {other:?}"),
        };
        let check_fq2 = |a: Fq2| match (sqrt_fq2(&a), a.sqrt()) {
            (Some(s), Some(t)) => assert!(s == t || s == -t),
            (None, None) => {}
            other => panic!("sqrt({a}) disagrees: {other:?}"),
        };
        check_fq(Fq::zero());
        check_fq2(Fq2::zero());
        for _ in 0..SAMPLES {
            let a = Fq::rand(&mut rng);
            check_fq(a);
            check_fq(a.square());
            let b = Fq2::rand(&mut rng);
            check_fq2(b);
            check_fq2(b.square());
            check_fq2(Fq2::new(a, Fq::zero()));
            check_fq2(Fq2::new(a.square(), Fq::zero()));
            check_fq2(Fq2::new(-a.square(), Fq::zero()));
        }
    }

    fn agree<T: CanonicalDeserialize + PartialEq + std::fmt::Debug>(
        bytes: &[u8],
        ours: fn(&[u8]) -> Option<T>,
    ) -> bool {
        let theirs = T::deserialize_compressed_unchecked(bytes).ok();
        assert_eq!(ours(bytes), theirs, "bytes {}", hex::encode(bytes));
        theirs.is_some()
    }

    fn bytes_of<T: CanonicalSerialize>(p: &T) -> Vec<u8> {
        let mut v = Vec::new();
        p.serialize_compressed(&mut v).unwrap();
        v
    }

    #[test]
    fn g1_decoding_matches_arkworks() {
        let mut rng = ChaCha20Rng::seed_from_u64(0xd3);
        assert!(agree(&bytes_of(&G1Affine::zero()), g1));
        let mut valid = 0;
        for _ in 0..SAMPLES {
            let p = (G1Projective::generator() * Fr::rand(&mut rng)).into_affine();
            assert!(agree(&bytes_of(&p), g1));
            assert!(agree(&bytes_of(&-p), g1));
            let mut junk = [0u8; 32];
            rng.fill_bytes(&mut junk);
            valid += usize::from(agree(&junk, g1));
            junk[31] &= 0x3f;
            valid += usize::from(agree(&junk, g1));
        }
        assert!(valid > 0 && valid < 2 * SAMPLES);
    }

    #[test]
    fn g2_decoding_matches_arkworks() {
        let mut rng = ChaCha20Rng::seed_from_u64(0xd4);
        assert!(agree(&bytes_of(&G2Affine::zero()), g2));
        let mut valid = 0;
        for _ in 0..SAMPLES {
            let p = (G2Projective::generator() * Fr::rand(&mut rng)).into_affine();
            assert!(agree(&bytes_of(&p), g2));
            assert!(agree(&bytes_of(&-p), g2));
            // A twist point outside G2, and an x with c1 = 0.
            let x = Fq2::new(Fq::rand(&mut rng), Fq::rand(&mut rng));
            if let Some(q) = G2Affine::get_point_from_x_unchecked(x, rng.gen()) {
                assert!(agree(&bytes_of(&q), g2));
                assert!(agree(&bytes_of(&-q), g2));
            }
            let x = Fq2::new(Fq::rand(&mut rng), Fq::zero());
            let mut b = bytes_of(&x);
            b[63] |= if rng.gen() { 0x80 } else { 0 };
            valid += usize::from(agree(&b, g2));
            let mut junk = [0u8; 64];
            rng.fill_bytes(&mut junk);
            valid += usize::from(agree(&junk, g2));
            junk[31] &= 0x3f;
            junk[63] &= 0xbf;
            valid += usize::from(agree(&junk, g2));
        }
        assert!(valid > 0 && valid < 3 * SAMPLES);
    }
}

//! Field elements and BN254 points as the circom formats store them.
//!
//! - `.r1cs` and `.wtns` field elements: the integer (`0 <= x < r`), `n8 = 32`
//!   bytes little-endian (r1cs spec, "Constraints section").
//! - `.zkey` and `.ptau` points: affine `x` then `y`, each coordinate in
//!   Montgomery form (`x·R mod q`, `R = 2^256`), 32 bytes little-endian; a G2
//!   coordinate is `c0` then `c1`. The point at infinity is all zeros
//!   (ffjavascript's `toRprLEM` / `fromRprLEM`; `(0, 0)` is not on either
//!   curve, so this is unambiguous).
//! - `.zkey` coefficients: `v·R² mod r` as an integer, 32 bytes
//!   little-endian (snarkjs `zkey_new.js`, `writeCoef`; `zkey_utils.js`,
//!   `readFr2` multiplies by `R⁻²`).
//!
//! Reading refuses a coordinate or element not below its modulus, a point
//! off its curve, and a point outside the prime-order subgroup (G1 has
//! cofactor 1; G2 uses zkcred's fast subgroup test).

use ark_bn254::{Fq, Fq2, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInt, BigInteger, Field, PrimeField};
use zkcred_circuits::Fr;

use crate::{Error, Result};

/// Bytes of a field element (`n8` for BN254's base and scalar fields).
pub const N8: usize = 32;
/// Bytes of a G1 point.
pub const G1_BYTES: usize = 2 * N8;
/// Bytes of a G2 point.
pub const G2_BYTES: usize = 4 * N8;

/// The little-endian integer in 32 bytes.
fn bigint(bytes: &[u8]) -> BigInt<4> {
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(b);
    }
    BigInt(limbs)
}

/// The scalar field element stored as its integer (`.r1cs`, `.wtns`).
/// `what` names the field element in the error.
pub fn read_fr(bytes: &[u8], what: &'static str) -> Result<Fr> {
    if bytes.len() != N8 {
        return Err(Error::Encoding(what));
    }
    Fr::from_bigint(bigint(bytes)).ok_or(Error::NonCanonical(what))
}

/// Appends `x` as its integer, 32 bytes little-endian.
pub fn write_fr(out: &mut Vec<u8>, x: &Fr) {
    out.extend_from_slice(&x.into_bigint().to_bytes_le());
}

/// `R² mod r` and its inverse, for `.zkey` coefficients (computed once: a
/// key has hundreds of thousands of coefficients, and 512 squarings and an
/// inversion each were a third of `ceremony contribute`'s time).
fn r2() -> (Fr, Fr) {
    static R2: std::sync::OnceLock<(Fr, Fr)> = std::sync::OnceLock::new();
    *R2.get_or_init(|| {
        let r2 = Fr::from(2u64).pow([512u64]);
        // R² is a power of two, never zero mod r.
        let inv = r2.inverse().unwrap_or_default();
        (r2, inv)
    })
}

/// A `.zkey` coefficient (`v·R² mod r` stored): the value `v`.
pub fn read_zkey_coefficient(bytes: &[u8], what: &'static str) -> Result<Fr> {
    Ok(read_fr(bytes, what)? * r2().1)
}

/// Appends the `.zkey` encoding of the coefficient `v`.
pub fn write_zkey_coefficient(out: &mut Vec<u8>, v: &Fr) {
    write_fr(out, &(*v * r2().0));
}

/// The base-field element in Montgomery form.
fn read_fq_montgomery(bytes: &[u8], what: &'static str) -> Result<Fq> {
    let m = bigint(bytes);
    if m >= Fq::MODULUS {
        return Err(Error::NonCanonical(what));
    }
    Ok(Fq::new_unchecked(m))
}

/// Appends the Montgomery form of `x`.
fn write_fq_montgomery(out: &mut Vec<u8>, x: &Fq) {
    out.extend_from_slice(&x.0.to_bytes_le());
}

/// A G1 point (64 bytes), validated: canonical coordinates, on the curve;
/// all zeros is the point at infinity.
pub fn read_g1(bytes: &[u8], what: &'static str) -> Result<G1Affine> {
    if bytes.len() != G1_BYTES {
        return Err(Error::Encoding(what));
    }
    if bytes.iter().all(|b| *b == 0) {
        return Ok(G1Affine::zero());
    }
    let x = read_fq_montgomery(&bytes[..N8], what)?;
    let y = read_fq_montgomery(&bytes[N8..], what)?;
    let p = G1Affine::new_unchecked(x, y);
    if !p.is_on_curve() || !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(Error::Encoding(what));
    }
    Ok(p)
}

/// A G2 point (128 bytes), validated: canonical coordinates, on the twist,
/// in the order-r subgroup; all zeros is the point at infinity.
pub fn read_g2(bytes: &[u8], what: &'static str) -> Result<G2Affine> {
    if bytes.len() != G2_BYTES {
        return Err(Error::Encoding(what));
    }
    if bytes.iter().all(|b| *b == 0) {
        return Ok(G2Affine::zero());
    }
    let c = |i: usize| read_fq_montgomery(&bytes[i * N8..(i + 1) * N8], what);
    let x = Fq2::new(c(0)?, c(1)?);
    let y = Fq2::new(c(2)?, c(3)?);
    let p = G2Affine::new_unchecked(x, y);
    if !p.is_on_curve() || !crate::keys::g2_subgroup::is_in_g2_assuming_on_curve(&p) {
        return Err(Error::Encoding(what));
    }
    Ok(p)
}

/// Appends a G1 point (all zeros for the point at infinity).
pub fn write_g1(out: &mut Vec<u8>, p: &G1Affine) {
    if p.is_zero() {
        out.extend_from_slice(&[0; G1_BYTES]);
    } else {
        write_fq_montgomery(out, &p.x);
        write_fq_montgomery(out, &p.y);
    }
}

/// Appends a G2 point (all zeros for the point at infinity).
pub fn write_g2(out: &mut Vec<u8>, p: &G2Affine) {
    if p.is_zero() {
        out.extend_from_slice(&[0; G2_BYTES]);
    } else {
        for c in [&p.x.c0, &p.x.c1, &p.y.c0, &p.y.c1] {
            write_fq_montgomery(out, c);
        }
    }
}

/// `count` G1 points from `bytes`, which must hold exactly that many
/// (checked before allocating).
pub fn read_g1_vec(bytes: &[u8], count: usize, what: &'static str) -> Result<Vec<G1Affine>> {
    if count.checked_mul(G1_BYTES) != Some(bytes.len()) {
        return Err(Error::Encoding(what));
    }
    bytes
        .chunks_exact(G1_BYTES)
        .map(|c| read_g1(c, what))
        .collect()
}

/// `count` G2 points from `bytes`, which must hold exactly that many.
pub fn read_g2_vec(bytes: &[u8], count: usize, what: &'static str) -> Result<Vec<G2Affine>> {
    if count.checked_mul(G2_BYTES) != Some(bytes.len()) {
        return Err(Error::Encoding(what));
    }
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        bytes
            .par_chunks_exact(G2_BYTES)
            .map(|c| read_g2(c, what))
            .collect()
    }
    #[cfg(not(feature = "threads"))]
    bytes
        .chunks_exact(G2_BYTES)
        .map(|c| read_g2(c, what))
        .collect()
}

/// The BN254 base-field modulus `q`, 32 bytes little-endian (the `q` of
/// `.zkey` and `.ptau` headers).
pub fn q_bytes() -> Vec<u8> {
    Fq::MODULUS.to_bytes_le()
}

/// The BN254 scalar-field modulus `r`, 32 bytes little-endian (the prime
/// of `.r1cs`, `.wtns` and the `r` of `.zkey` headers).
pub fn r_bytes() -> Vec<u8> {
    Fr::MODULUS.to_bytes_le()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::{short_weierstrass::SWCurveConfig, CurveGroup, PrimeGroup};
    use ark_ff::UniformRand;
    use rand_core::SeedableRng;

    #[test]
    fn points_and_elements_round_trip() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);
        for _ in 0..8 {
            let p = (ark_bn254::G1Projective::generator() * Fr::rand(&mut rng)).into_affine();
            let q = (ark_bn254::G2Projective::generator() * Fr::rand(&mut rng)).into_affine();
            let x = Fr::rand(&mut rng);
            let mut out = Vec::new();
            write_g1(&mut out, &p);
            write_g2(&mut out, &q);
            write_fr(&mut out, &x);
            write_zkey_coefficient(&mut out, &x);
            assert_eq!(read_g1(&out[..64], "p").unwrap(), p);
            assert_eq!(read_g2(&out[64..192], "q").unwrap(), q);
            assert_eq!(read_fr(&out[192..224], "x").unwrap(), x);
            assert_eq!(read_zkey_coefficient(&out[224..], "x").unwrap(), x);
        }
        let mut out = Vec::new();
        write_g1(&mut out, &G1Affine::zero());
        write_g2(&mut out, &G2Affine::zero());
        assert!(out.iter().all(|b| *b == 0));
        assert!(read_g1(&out[..64], "p").unwrap().is_zero());
        assert!(read_g2(&out[64..], "q").unwrap().is_zero());
    }

    #[test]
    fn the_zkey_coefficient_of_one_is_r_squared() {
        // snarkjs writes 1 as R² mod r = 2^512 mod r.
        let mut out = Vec::new();
        write_zkey_coefficient(&mut out, &Fr::from(1u64));
        assert_eq!(read_fr(&out, "one").unwrap(), Fr::from(2u64).pow([512u64]));
    }

    #[test]
    fn off_curve_non_canonical_and_wrong_subgroup_points_are_refused() {
        let g = ark_bn254::G1Affine::generator();
        let mut out = Vec::new();
        write_g1(&mut out, &g);
        let mut bad = out.clone();
        bad[0] ^= 1;
        assert_eq!(
            read_g1(&bad, "p").unwrap_err().kind(),
            crate::ErrorKind::Encoding
        );
        let mut bad = out.clone();
        bad[..32].copy_from_slice(&[0xff; 32]);
        assert_eq!(
            read_g1(&bad, "p").unwrap_err().kind(),
            crate::ErrorKind::NonCanonical
        );
        assert!(read_fr(&[0xff; 32], "x").is_err());
        // A point on the twist outside G2: x = 1 if it has a square root
        // there, else the first x that does.
        let mut x = Fq2::new(Fq::from(1u64), Fq::from(0u64));
        let b = ark_bn254::g2::Config::COEFF_B;
        let p = loop {
            if let Some(y) = (x * x * x + b).sqrt() {
                break G2Affine::new_unchecked(x, y);
            }
            x += Fq2::ONE;
        };
        assert!(p.is_on_curve() && !p.is_in_correct_subgroup_assuming_on_curve());
        let mut out = Vec::new();
        write_g2(&mut out, &p);
        assert_eq!(
            read_g2(&out, "q").unwrap_err().kind(),
            crate::ErrorKind::Encoding
        );
    }
}

//! A fast membership test for the prime-order subgroup G2 of the BN254 twist
//! E'(Fq2): y^2 = x^3 + 3/(u+9).
//!
//! With x = 4965661367192848881 the BN parameter and ψ the
//! untwist-Frobenius-twist endomorphism, a point Q on E'(Fq2) is in G2 iff
//!
//! ```text
//! [x+1]Q + ψ([x]Q) + ψ²([x]Q) = ψ³([2x]Q)
//! ```
//!
//! (Dai, Lin, Zhao, Zhou, "Fast subgroup membership testings for G1, G2 and
//! GT on pairing-friendly curves", eprint 2022/348, §5.1; the same test as
//! gnark-crypto's `G2Jac.IsInSubGroup`). It costs one multiplication by the
//! 63-bit x and three ψ, where arkworks' check ([6x²]Q = ψ(Q), eprint
//! 2022/352 §4.3) multiplies by a 127-bit scalar.
//!
//! Why it is exact on E'(Fq2): the group has order r·h with
//! h = 10069 · 5864401 · 1875725156269 · 197620364512881247228717050342013327560683201906968909
//! squarefree and prime to r, so it is cyclic and ψ acts on each prime-order
//! component as multiplication by a scalar λ_ℓ. The test is
//! f(ψ)Q = 0 with f(T) = (x+1) + xT + xT² − 2xT³; on G2, λ_r = p mod r and
//! f(p) ≡ 0 (mod r), so every point of G2 passes; a component of order ℓ | h
//! survives only if ℓ | f(λ_ℓ), which the tests rule out by checking a point
//! of order exactly ℓ for each of the four primes. So f(ψ)Q = 0 iff the
//! h-part of Q is zero, iff Q ∈ G2.

use ark_bn254::{Fq2, G2Affine, G2Projective};
use ark_ff::{AdditiveGroup, Field, MontFp, Zero};

/// The BN254 parameter x = 4965661367192848881 in non-adjacent form, most
/// significant digit first: 24 non-zero digits where x's binary form has 28
/// ones.
#[rustfmt::skip]
const X_NAF: [i8; 63] = [
    1, 0, 0, 0, 1, 0, 1, 0, 0, -1, 0, 1, 0, 1, 0, -1, 0, 0, 1, 0, 1, 0, -1, 0, -1, 0, -1, 0, 1, 0,
    0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, -1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, -1, 0,
    0, 0, 1,
];

/// [x]Q by double-and-add/subtract over [`X_NAF`].
fn mul_by_x(q: &G2Affine) -> G2Projective {
    let mut acc = G2Projective::zero();
    for digit in X_NAF {
        acc.double_in_place();
        match digit {
            1 => acc += q,
            -1 => acc -= q,
            _ => {}
        }
    }
    acc
}

/// (u+9)^((p-1)/3): ψ's factor on the x coordinate.
const PSI_X: Fq2 = Fq2::new(
    MontFp!("21575463638280843010398324269430826099269044274347216827212613867836435027261"),
    MontFp!("10307601595873709700152284273816112264069230130616436755625194854815875713954"),
);

/// (u+9)^((p-1)/2): ψ's factor on the y coordinate.
const PSI_Y: Fq2 = Fq2::new(
    MontFp!("2821565182194536844548159561693502659359617185244120367078079554186484126554"),
    MontFp!("3505843767911556378687030309984248845540243509899259641013678093033130930403"),
);

/// ψ(x, y) = (x^p · PSI_X, y^p · PSI_Y), on Jacobian coordinates: the
/// Frobenius is a field automorphism, so it maps X/Z², Y/Z³ to
/// X^p/(Z^p)², Y^p/(Z^p)³, and the constants scale x and y.
fn psi(p: &G2Projective) -> G2Projective {
    let mut r = *p;
    r.x.frobenius_map_in_place(1);
    r.y.frobenius_map_in_place(1);
    r.z.frobenius_map_in_place(1);
    r.x *= PSI_X;
    r.y *= PSI_Y;
    r
}

/// Whether a point already known to be on E'(Fq2) lies in G2 (see the
/// module docs). Agrees with
/// `ark_bn254::g2::Config::is_in_correct_subgroup_assuming_on_curve`.
pub(crate) fn is_in_g2_assuming_on_curve(q: &G2Affine) -> bool {
    let xq = mul_by_x(q);
    let psi_xq = psi(&xq);
    let psi2_xq = psi(&psi_xq);
    let lhs = xq + q + psi_xq + psi2_xq;
    let rhs = psi(&psi2_xq.double());
    lhs == rhs
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::g2::Config;
    use ark_ec::short_weierstrass::SWCurveConfig;

    /// The BN254 parameter x (positive).
    const X: u64 = 4965661367192848881;
    use ark_bn254::{Fq, Fr};
    use ark_ec::{AffineRepr, CurveConfig, CurveGroup, PrimeGroup};
    use ark_ff::{BigInteger, PrimeField, UniformRand, Zero};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha20Rng;

    const SAMPLES: usize = 2_000;

    /// The four primes dividing the cofactor h of E'(Fq2).
    const H_PRIMES: [&str; 4] = [
        "10069",
        "5864401",
        "1875725156269",
        "197620364512881247228717050342013327560683201906968909",
    ];

    fn arkworks(q: &G2Affine) -> bool {
        Config::is_in_correct_subgroup_assuming_on_curve(q)
    }

    /// A random point of E'(Fq2), not cofactor-cleared.
    fn random_twist_point(rng: &mut impl Rng) -> G2Affine {
        loop {
            let x = Fq2::new(Fq::rand(rng), Fq::rand(rng));
            if let Some(p) = G2Affine::get_point_from_x_unchecked(x, rng.gen()) {
                assert!(p.is_on_curve());
                return p;
            }
        }
    }

    /// A decimal integer as little-endian u64 limbs (the cofactor primes do
    /// not fit in a u64 and are not field elements).
    fn big(s: &str) -> Vec<u64> {
        let mut limbs = vec![0u64];
        for c in s.bytes() {
            assert!(c.is_ascii_digit());
            let mut carry = u128::from(c - b'0');
            for l in limbs.iter_mut() {
                let v = u128::from(*l) * 10 + carry;
                *l = v as u64;
                carry = v >> 64;
            }
            if carry != 0 {
                limbs.push(carry as u64);
            }
        }
        limbs
    }

    /// Multiplies limb vectors (schoolbook), for r·h / ℓ.
    fn mul(a: &[u64], b: &[u64]) -> Vec<u64> {
        let mut out = vec![0u64; a.len() + b.len()];
        for (i, &x) in a.iter().enumerate() {
            let mut carry = 0u128;
            for (j, &y) in b.iter().enumerate() {
                let v = u128::from(x) * u128::from(y) + u128::from(out[i + j]) + carry;
                out[i + j] = v as u64;
                carry = v >> 64;
            }
            out[i + b.len()] = carry as u64;
        }
        out
    }

    #[test]
    fn psi_constants_are_the_powers_of_the_twist() {
        let xi = Fq2::new(Fq::from(9u64), Fq::from(1u64));
        let p_minus_1 = {
            let mut m = Fq::MODULUS;
            m.sub_with_borrow(&Fq::from(1u64).into_bigint());
            m
        };
        let mut third = p_minus_1;
        let mut half = p_minus_1;
        // (p-1)/3 and (p-1)/2, exact since p ≡ 1 mod 6.
        let three = num_div_small(&mut third, 3);
        let two = num_div_small(&mut half, 2);
        assert_eq!((three, two), (0, 0));
        assert_eq!(xi.pow(third), PSI_X);
        assert_eq!(xi.pow(half), PSI_Y);
    }

    /// Divides a big integer in place by a small one, returning the remainder.
    fn num_div_small(n: &mut <Fq as PrimeField>::BigInt, d: u64) -> u64 {
        let mut rem = 0u128;
        for limb in n.0.iter_mut().rev() {
            let v = (rem << 64) | u128::from(*limb);
            *limb = (v / u128::from(d)) as u64;
            rem = v % u128::from(d);
        }
        rem as u64
    }

    #[test]
    fn x_naf_is_x() {
        let value = X_NAF.iter().fold(0i128, |acc, d| 2 * acc + i128::from(*d));
        assert_eq!(value, i128::from(X));
        assert!(X_NAF.windows(2).all(|w| w[0] == 0 || w[1] == 0));
        let mut rng = ChaCha20Rng::seed_from_u64(0x9e1);
        for _ in 0..100 {
            let p = random_twist_point(&mut rng);
            assert_eq!(mul_by_x(&p), Config::mul_affine(&p, &[X]));
        }
    }

    #[test]
    fn psi_acts_as_p_on_g2() {
        // On G2, ψ = [p mod r] = [6x²] (arkworks' own check).
        let g = G2Projective::generator();
        let six_x_squared = Fr::from(6u64) * Fr::from(X) * Fr::from(X);
        assert_eq!(psi(&g), g * six_x_squared);
    }

    #[test]
    fn accepts_identity_generator_and_random_subgroup_points() {
        let mut rng = ChaCha20Rng::seed_from_u64(0x9e2);
        assert!(is_in_g2_assuming_on_curve(&G2Affine::zero()));
        assert!(is_in_g2_assuming_on_curve(&G2Affine::generator()));
        assert!(is_in_g2_assuming_on_curve(&-G2Affine::generator()));
        let points: Vec<G2Affine> = (0..SAMPLES)
            .map(|_| (G2Projective::generator() * Fr::rand(&mut rng)).into_affine())
            .collect();
        for p in points {
            assert!(arkworks(&p) && is_in_g2_assuming_on_curve(&p));
            assert!(arkworks(&-p) && is_in_g2_assuming_on_curve(&-p));
        }
    }

    #[test]
    fn rejects_random_twist_points_outside_the_subgroup() {
        let mut rng = ChaCha20Rng::seed_from_u64(0x9e3);
        let mut outside = 0;
        while outside < SAMPLES {
            let p = random_twist_point(&mut rng);
            for q in [p, -p] {
                assert_eq!(is_in_g2_assuming_on_curve(&q), arkworks(&q));
            }
            if !arkworks(&p) {
                assert!(!is_in_g2_assuming_on_curve(&p));
                assert!(!is_in_g2_assuming_on_curve(&-p));
                outside += 1;
            }
            // Cofactor clearing lands in G2: both tests accept.
            let cleared = p.clear_cofactor();
            assert!(arkworks(&cleared) && is_in_g2_assuming_on_curve(&cleared));
        }
    }

    /// The exactness argument in the module docs: for each prime ℓ | h, a
    /// point of order exactly ℓ (a random point times r·h/ℓ) is rejected, and
    /// so is its sum with a G2 point.
    #[test]
    fn rejects_points_of_each_small_order_in_the_cofactor() {
        let mut rng = ChaCha20Rng::seed_from_u64(0x9e4);
        let r = Fr::MODULUS.as_ref().to_vec();
        for (i, ell) in H_PRIMES.iter().enumerate() {
            let ell = big(ell);
            let others: Vec<u64> = H_PRIMES
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .fold(r.clone(), |acc, (_, q)| mul(&acc, &big(q)));
            let mut found = 0;
            while found < 8 {
                let p = random_twist_point(&mut rng);
                let t = Config::mul_affine(&p, &others);
                if t.is_zero() {
                    continue;
                }
                // t has order exactly ℓ.
                assert!(Config::mul_projective(&t, &ell).is_zero());
                let t = t.into_affine();
                assert!(!arkworks(&t));
                assert!(!is_in_g2_assuming_on_curve(&t));
                assert!(!is_in_g2_assuming_on_curve(&-t));
                let g = (G2Projective::generator() * Fr::rand(&mut rng) + t).into_affine();
                assert!(!arkworks(&g));
                assert!(!is_in_g2_assuming_on_curve(&g));
                found += 1;
            }
        }
        // And a sanity check on the factorisation: r·h is the group order.
        let h = H_PRIMES
            .iter()
            .fold(vec![1u64], |acc, q| mul(&acc, &big(q)));
        let g = random_twist_point(&mut rng);
        assert!(Config::mul_affine(&g, &mul(&r, &h)).is_zero());
        let cofactor: Vec<u64> = h.into_iter().collect();
        assert_eq!(
            ark_ff::BigInt::<4>::new(cofactor[..4].try_into().unwrap()),
            ark_ff::BigInt::<4>::new(Config::COFACTOR.try_into().unwrap())
        );
        assert!(cofactor[4..].iter().all(|l| *l == 0));
    }
}

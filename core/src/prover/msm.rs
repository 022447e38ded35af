//! Variable-base multi-scalar multiplication on BN254's G1 and G2, for the
//! plain-key prover: `Σ k_i·P_i` over a proving key's points.
//!
//! Pippenger's bucket method, with four changes to arkworks's
//! `VariableBaseMSM::msm_bigint`:
//!
//! - **GLV.** Both groups have the endomorphism `φ(x, y) = (β·x, y)`, `β` a
//!   cube root of unity in Fq, with `φ(P) = λ·P` (`λ` a cube root of unity
//!   in Fr; G2's is the square of G1's). Each full-size scalar `k` is split
//!   into `k = k1 + λ·k2` with `|k1|, |k2| < 2^128` (Gallant, Lambert and
//!   Vanstone 2001, with the reduced lattice basis in ark-bn254's
//!   `GLVConfig`), so `k·P = k1·P + k2·φ(P)`: twice the points, half the
//!   windows, half the bucket sums and doublings. Scalars below `2^128`, or
//!   within `2^128` of the group order (`-1`, small negatives), are taken as
//!   they are (negating the point).
//! - **Signed (Booth) digits.** Window `j` of `c` bits takes the digit
//!   `d = Σ_{i<c} 2^i·b_{jc+i} + b_{jc-1} - 2^c·b_{jc+c-1}`, in
//!   `[-2^(c-1), 2^(c-1)]`, computed from the scalar alone (no carry chain),
//!   so `2^(c-1)` buckets per window, a negative digit adding `-P`.
//! - **Batch-affine bucket accumulation.** A window's points are sorted by
//!   bucket, then each bucket is summed pairwise in affine coordinates, all
//!   the window's additions of a round sharing one field inversion
//!   (Montgomery's trick): about 6 multiplications per addition, against 10
//!   for arkworks's mixed XYZZ additions.
//! - **Window width** chosen per call from the number of points and the
//!   scalars' largest bit length, and windows run in parallel (rayon) with
//!   the `parallel` feature.
//!
//! Zero scalars and the point at infinity among the bases are skipped;
//! repeated bases, a point and its negation in one bucket, and sums that
//! cancel are handled (doubling, infinity). The result is the same group
//! element as arkworks's MSM: the tests compare them on edge scalars and
//! random ones. Like arkworks's, this MSM is not constant time in the
//! scalars.

use ark_bn254::{g1, g2, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{
    scalar_mul::glv::GLVConfig,
    short_weierstrass::{Affine, Projective, SWCurveConfig},
    AdditiveGroup, AffineRepr, VariableBaseMSM,
};
use ark_ff::{BigInteger, Field, One, PrimeField, Zero};

/// A scalar as the MSMs take it (little-endian limbs, canonical).
pub type Scalar = <Fr as PrimeField>::BigInt;

/// `Σ scalars[i]·bases[i]` in G1, over the first
/// `min(bases.len(), scalars.len())` pairs (as arkworks's `msm_bigint`).
pub fn msm_g1(bases: &[G1Affine], scalars: &[Scalar]) -> G1Projective {
    msm::<g1::Config>(bases, scalars, Lambda::G1)
}

/// `Σ scalars[i]·bases[i]` in G2, over the first
/// `min(bases.len(), scalars.len())` pairs (as arkworks's `msm_bigint`).
pub fn msm_g2(bases: &[G2Affine], scalars: &[Scalar]) -> G2Projective {
    msm::<g2::Config>(bases, scalars, Lambda::G2)
}

/// Which eigenvalue `φ` has on the group: G1's `λ`, or `λ² = -1 - λ`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lambda {
    G1,
    G2,
}

/// One term of the MSM after decomposition: a point (negated or mapped by
/// `φ` as the decomposition says) and a scalar below `2^128`.
type Term<P> = (Affine<P>, u128);

fn msm<P: GLVConfig<ScalarField = Fr>>(
    bases: &[Affine<P>],
    scalars: &[Scalar],
    lambda: Lambda,
) -> Projective<P> {
    let n = bases.len().min(scalars.len());
    let (bases, scalars) = (&bases[..n], &scalars[..n]);
    let Some(terms) = decompose_all::<P>(bases, scalars, lambda) else {
        // Unreachable (the decomposition's bound is proved and tested):
        // arkworks's MSM rather than a wrong result.
        return Projective::<P>::msm_bigint(bases, scalars);
    };
    if terms.is_empty() {
        return Projective::<P>::zero();
    }
    let bits = terms
        .iter()
        .map(|(_, k)| 128 - k.leading_zeros() as usize)
        .max()
        .unwrap_or(0);
    let c = window_bits(terms.len(), bits);
    let windows = (bits + 1).div_ceil(c);
    let sums: Vec<Projective<P>> = {
        #[cfg(feature = "threads")]
        {
            use rayon::prelude::*;
            (0..windows)
                .into_par_iter()
                .map(|j| window_sum(&terms, j, c))
                .collect()
        }
        #[cfg(not(feature = "threads"))]
        {
            (0..windows).map(|j| window_sum(&terms, j, c)).collect()
        }
    };
    // Σ_j 2^(c·j)·S_j, Horner from the top window down.
    let mut acc = Projective::<P>::zero();
    for sum in sums.iter().rev() {
        for _ in 0..c {
            acc.double_in_place();
        }
        acc += sum;
    }
    acc
}

/// The window width minimising the cost of `⌈(bits + 1)/c⌉` windows, each
/// about 6 field multiplications per term into buckets and 20 per bucket
/// summed.
fn window_bits(terms: usize, bits: usize) -> usize {
    (2..=16usize)
        .min_by_key(|&c| (bits + 1).div_ceil(c) * (terms * 6 + (1usize << (c - 1)) * 20))
        .unwrap_or(8)
}

/// The terms of every pair (none for a zero scalar or the point at
/// infinity), or `None` if a decomposition were out of bounds.
fn decompose_all<P: GLVConfig<ScalarField = Fr>>(
    bases: &[Affine<P>],
    scalars: &[Scalar],
    lambda: Lambda,
) -> Option<Vec<Term<P>>> {
    let each = |(base, scalar): (&Affine<P>, &Scalar)| terms_of(base, scalar, lambda);
    #[cfg(feature = "threads")]
    let pairs: Option<Vec<[Option<Term<P>>; 2]>> = {
        use rayon::prelude::*;
        bases.par_iter().zip(scalars.par_iter()).map(each).collect()
    };
    #[cfg(not(feature = "threads"))]
    let pairs: Option<Vec<[Option<Term<P>>; 2]>> = bases.iter().zip(scalars).map(each).collect();
    Some(pairs?.into_iter().flatten().flatten().collect())
}

/// The (at most two) terms of `scalar·base`.
fn terms_of<P: GLVConfig<ScalarField = Fr>>(
    base: &Affine<P>,
    scalar: &Scalar,
    lambda: Lambda,
) -> Option<[Option<Term<P>>; 2]> {
    if base.is_zero() || scalar.is_zero() {
        return Some([None, None]);
    }
    let k = scalar.0;
    if k[2] == 0 && k[3] == 0 {
        return Some([Some((*base, u128_of(&k))), None]);
    }
    let neg = sub(&Fr::MODULUS.0, &k);
    if neg[2] == 0 && neg[3] == 0 {
        return Some([Some((-*base, u128_of(&neg))), None]);
    }
    let ((neg1, k1), (neg2, k2)) = decompose(&k, lambda)?;
    let term = |negative: bool, k: u128, p: Affine<P>| {
        (k != 0).then(|| (if negative { -p } else { p }, k))
    };
    Some([
        term(neg1, k1, *base),
        term(neg2, k2, P::endomorphism_affine(base)),
    ])
}

fn u128_of(k: &[u64; 4]) -> u128 {
    u128::from(k[0]) | (u128::from(k[1]) << 64)
}

// The reduced lattice basis of ark-bn254's G1 `GLVConfig` (rows
// (n11, n12) = (-N11, N12) and (n21, n22) = (-N12, -N22), determinant r),
// and the rounding constants ⌊N22·2^256/r⌋, ⌊N12·2^256/r⌋
// (`glv_constants_match_arkworks` recomputes them).
const N11: u128 = 147_946_756_881_789_319_000_765_030_803_803_410_728;
const N12: u128 = 9_931_322_734_385_697_763;
const N22: u128 = 147_946_756_881_789_319_010_696_353_538_189_108_491;
const ROUND1: [u64; 3] = [0x5398_fd03_00ff_6565, 0x4cce_f014_a773_d2d2, 0x2];
const ROUND2: [u64; 3] = [0xd91d_232e_c7e0_b3d7, 0x2, 0];

/// `k = k1 + λ·k2 (mod r)` for the group's `λ`, as (negative, |k_i|).
/// With `b1 = ⌊k·N22/r⌋`, `b2 = ⌊k·N12/r⌋` (through the rounding
/// constants): `k1 = k - b1·N11 - b2·N12`, `k2 = b1·N12 - b2·N22` (G1), both
/// of at most 128 bits since `(b1, b2)` is within 2 of `k·B^-1`. On G2
/// (`λ² = -1 - λ`): `k = (k1 - k2) + λ²·(-k2)`. Computed modulo `2^256`,
/// the results read as two's complement.
fn decompose(k: &[u64; 4], lambda: Lambda) -> Option<((bool, u128), (bool, u128))> {
    let b1 = top_of_product(k, &ROUND1)?;
    let b2 = top_of_product(k, &ROUND2)?;
    let mut k1 = sub(&sub(k, &mul_128(b1, N11)), &mul_128(b2, N12));
    let mut k2 = sub(&mul_128(b1, N12), &mul_128(b2, N22));
    if lambda == Lambda::G2 {
        k1 = sub(&k1, &k2);
        k2 = sub(&[0; 4], &k2);
    }
    Some((signed_128(&k1)?, signed_128(&k2)?))
}

/// `⌊k·g / 2^256⌋`, if below `2^128`.
fn top_of_product(k: &[u64; 4], g: &[u64; 3]) -> Option<u128> {
    let mut out = [0u64; 7];
    for (i, &ki) in k.iter().enumerate() {
        let mut carry = 0u128;
        for (j, &gj) in g.iter().enumerate() {
            let t = u128::from(ki) * u128::from(gj) + u128::from(out[i + j]) + carry;
            out[i + j] = t as u64;
            carry = t >> 64;
        }
        out[i + 3] = carry as u64;
    }
    (out[6] == 0).then(|| u128::from(out[4]) | (u128::from(out[5]) << 64))
}

/// `a·b` as 256 bits.
fn mul_128(a: u128, b: u128) -> [u64; 4] {
    let (a0, a1) = (a as u64 as u128, a >> 64);
    let (b0, b1) = (b as u64 as u128, b >> 64);
    let mut out = [0u64; 4];
    let ll = a0 * b0;
    let lh = a0 * b1;
    let hl = a1 * b0;
    let hh = a1 * b1;
    out[0] = ll as u64;
    let mid = (ll >> 64) + (lh as u64 as u128) + (hl as u64 as u128);
    out[1] = mid as u64;
    let high = (mid >> 64) + (lh >> 64) + (hl >> 64) + (hh as u64 as u128);
    out[2] = high as u64;
    out[3] = ((high >> 64) + (hh >> 64)) as u64;
    out
}

/// `a - b (mod 2^256)`.
fn sub(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let mut out = [0u64; 4];
    let mut borrow = false;
    for i in 0..4 {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(u64::from(borrow));
        out[i] = d;
        borrow = b1 || b2;
    }
    out
}

/// A two's-complement 256-bit value as (negative, magnitude), if the
/// magnitude is below `2^128`.
fn signed_128(x: &[u64; 4]) -> Option<(bool, u128)> {
    let negative = x[3] >> 63 == 1;
    let m = if negative { sub(&[0; 4], x) } else { *x };
    (m[2] == 0 && m[3] == 0).then(|| (negative, u128_of(&m)))
}

/// The Booth digit of `k` in window `j` of `c` bits, in `[-2^(c-1), 2^(c-1)]`.
fn booth_digit(k: u128, j: usize, c: usize) -> i32 {
    let bit = |i: usize| -> i32 { (i < 128 && (k >> i) & 1 == 1) as i32 };
    let lo = j * c;
    let window = if lo >= 128 {
        0
    } else {
        ((k >> lo) & ((1u128 << c) - 1)) as i32
    };
    let carry_in = if lo == 0 { 0 } else { bit(lo - 1) };
    window + carry_in - (bit(lo + c - 1) << c)
}

/// `S_j = Σ_i d_ij·P_i` for window `j`: the points sorted into buckets by
/// digit, each bucket summed in affine coordinates with batched inversions,
/// then `Σ_b b·B_b` with running sums.
fn window_sum<P: SWCurveConfig>(terms: &[Term<P>], j: usize, c: usize) -> Projective<P> {
    let buckets = 1usize << (c - 1);
    let digits: Vec<i32> = terms.iter().map(|(_, k)| booth_digit(*k, j, c)).collect();
    let mut len = vec![0u32; buckets];
    for &d in &digits {
        if d != 0 {
            len[d.unsigned_abs() as usize - 1] += 1;
        }
    }
    let mut start = Vec::with_capacity(buckets);
    let mut total = 0u32;
    for &l in &len {
        start.push(total);
        total += l;
    }
    let mut points = vec![Affine::<P>::identity(); total as usize];
    let mut cursor = start.clone();
    for ((point, _), &d) in terms.iter().zip(&digits) {
        if d != 0 {
            let b = d.unsigned_abs() as usize - 1;
            points[cursor[b] as usize] = if d > 0 { *point } else { -*point };
            cursor[b] += 1;
        }
    }
    drop(digits);
    sum_buckets(&mut points, &start, &mut len);
    let mut running = <Projective<P> as VariableBaseMSM>::ZERO_BUCKET;
    let mut sum = <Projective<P> as VariableBaseMSM>::ZERO_BUCKET;
    for (s, l) in start.iter().zip(&len).rev() {
        if *l == 1 && !points[*s as usize].is_zero() {
            running += &points[*s as usize];
        }
        sum += &running;
    }
    sum.into()
}

/// Sums each bucket `points[start[b]..start[b] + len[b]]` into its first
/// point, pairwise in rounds; each round's additions share one inversion.
fn sum_buckets<P: SWCurveConfig>(points: &mut [Affine<P>], start: &[u32], len: &mut [u32]) {
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut denominators: Vec<P::BaseField> = Vec::new();
    let mut scratch: Vec<P::BaseField> = Vec::new();
    loop {
        pairs.clear();
        for (&s, &l) in start.iter().zip(len.iter()) {
            for t in 0..l / 2 {
                // Reads s + 2t and s + 2t + 1, writes s + t: in this order,
                // nothing is overwritten before it is read.
                pairs.push((s + t, s + 2 * t));
            }
        }
        if pairs.is_empty() {
            return;
        }
        denominators.clear();
        denominators.extend(pairs.iter().map(|&(_, a)| {
            let a = a as usize;
            denominator(&points[a], &points[a + 1])
        }));
        batch_invert(&mut denominators, &mut scratch);
        for (&(dst, a), inverse) in pairs.iter().zip(&denominators) {
            let a = a as usize;
            points[dst as usize] = add_with_inverse(&points[a], &points[a + 1], inverse);
        }
        for (&s, l) in start.iter().zip(len.iter_mut()) {
            if *l >= 2 {
                if *l % 2 == 1 {
                    points[(s + *l / 2) as usize] = points[(s + *l - 1) as usize];
                }
                *l = l.div_ceil(2);
            }
        }
    }
}

/// What `p + q` divides by in affine coordinates: `x_q - x_p`, or `2·y_p`
/// to double; one where the sum needs no division (a term at infinity, or
/// `q = -p`).
fn denominator<P: SWCurveConfig>(p: &Affine<P>, q: &Affine<P>) -> P::BaseField {
    if p.is_zero() || q.is_zero() {
        P::BaseField::one()
    } else if p.x != q.x {
        q.x - p.x
    } else if p.y == q.y && !p.y.is_zero() {
        p.y.double()
    } else {
        P::BaseField::one()
    }
}

/// `p + q` given the inverse of [`denominator`]`(p, q)`.
fn add_with_inverse<P: SWCurveConfig>(
    p: &Affine<P>,
    q: &Affine<P>,
    inverse: &P::BaseField,
) -> Affine<P> {
    if p.is_zero() {
        return *q;
    }
    if q.is_zero() {
        return *p;
    }
    let slope = if p.x != q.x {
        (q.y - p.y) * inverse
    } else if p.y == q.y && !p.y.is_zero() {
        (p.x.square() * P::BaseField::from(3u64) + P::COEFF_A) * inverse
    } else {
        // q = -p (or a point of order two doubled).
        return Affine::identity();
    };
    let x = slope.square() - p.x - q.x;
    let y = slope * (p.x - x) - p.y;
    Affine::new_unchecked(x, y)
}

/// Replaces each (non-zero) element by its inverse, with one inversion
/// (Montgomery's trick).
fn batch_invert<F: Field>(values: &mut [F], prefix: &mut Vec<F>) {
    prefix.clear();
    let mut acc = F::one();
    for v in values.iter() {
        prefix.push(acc);
        acc *= v;
    }
    // Every denominator is non-zero (see `denominator`), so is their
    // product.
    let mut inverse = acc.inverse().unwrap_or_else(F::zero);
    for (v, p) in values.iter_mut().zip(prefix.iter()).rev() {
        let t = inverse * p;
        inverse *= *v;
        *v = t;
    }
}

#[cfg(test)]
mod tests {
    use ark_bn254::{G1Projective, G2Projective};
    use ark_ec::{CurveGroup, PrimeGroup};
    use ark_ff::UniformRand;
    use proptest::prelude::*;
    use rand_core::SeedableRng;

    use super::*;

    fn rng(seed: u64) -> rand_chacha::ChaCha20Rng {
        rand_chacha::ChaCha20Rng::seed_from_u64(seed)
    }

    /// Edge scalars: 0, 1, -1, r - 1 (the same), 2, -2, 2^64 ± 1, 2^127,
    /// 2^128 ± 1, -2^128, small, half the order, random.
    fn edge_scalars(n: usize, seed: u64) -> Vec<Fr> {
        let mut rng = rng(seed);
        let two = Fr::from(2u64);
        let p128 = two.pow([128u64]);
        (0..n)
            .map(|i| match i % 14 {
                0 => Fr::zero(),
                1 => Fr::one(),
                2 => -Fr::one(),
                3 => two,
                4 => -two,
                5 => Fr::from(u64::MAX) + Fr::one() + Fr::one(),
                6 => two.pow([127u64]),
                7 => p128 - Fr::one(),
                8 => p128,
                9 => -p128,
                10 => Fr::from((i as u64) * 977),
                11 => Fr::from_bigint(Fr::MODULUS_MINUS_ONE_DIV_TWO).unwrap(),
                _ => Fr::rand(&mut rng),
            })
            .collect()
    }

    fn bigints(scalars: &[Fr]) -> Vec<Scalar> {
        scalars.iter().map(|s| s.into_bigint()).collect()
    }

    fn g1_bases(n: usize, seed: u64) -> Vec<G1Affine> {
        let mut rng = rng(seed);
        let points: Vec<G1Projective> = (0..n).map(|_| G1Projective::rand(&mut rng)).collect();
        G1Projective::normalize_batch(&points)
    }

    fn g2_bases(n: usize, seed: u64) -> Vec<G2Affine> {
        let mut rng = rng(seed);
        let points: Vec<G2Projective> = (0..n).map(|_| G2Projective::rand(&mut rng)).collect();
        G2Projective::normalize_batch(&points)
    }

    fn check_g1(bases: &[G1Affine], scalars: &[Fr]) {
        let k = bigints(scalars);
        assert_eq!(
            msm_g1(bases, &k),
            G1Projective::msm_bigint(bases, &k),
            "n = {}",
            bases.len()
        );
    }

    fn check_g2(bases: &[G2Affine], scalars: &[Fr]) {
        let k = bigints(scalars);
        assert_eq!(
            msm_g2(bases, &k),
            G2Projective::msm_bigint(bases, &k),
            "n = {}",
            bases.len()
        );
    }

    #[test]
    fn glv_constants_match_arkworks() {
        let coeffs = <g1::Config as GLVConfig>::SCALAR_DECOMP_COEFFS;
        let as_u128 = |b: &Scalar| {
            assert!(b.0[2] == 0 && b.0[3] == 0);
            u128_of(&b.0)
        };
        assert_eq!(
            coeffs.map(|(sign, b)| (sign, as_u128(&b))),
            [(false, N11), (true, N12), (false, N12), (false, N22)]
        );
        // N11·N22 + N12² = r.
        let r = Fr::MODULUS.0;
        let mut det = mul_128(N11, N22);
        det = sub(&det, &sub(&[0; 4], &mul_128(N12, N12)));
        assert_eq!(det, r);
        // ROUND_i = ⌊N·2^256/r⌋: ROUND·r <= N·2^256 < (ROUND + 1)·r, checked
        // on the top limbs: N·2^256 - ROUND·r is in [0, r).
        for (round, n) in [(ROUND1, N22), (ROUND2, N12)] {
            let mut prod = [0u64; 8];
            for (i, &ri) in round.iter().enumerate() {
                let mut carry = 0u128;
                for (j, &mj) in r.iter().enumerate() {
                    let t = u128::from(ri) * u128::from(mj) + u128::from(prod[i + j]) + carry;
                    prod[i + j] = t as u64;
                    carry = t >> 64;
                }
                prod[i + 4] = carry as u64;
            }
            let target = [0, 0, 0, 0, n as u64, (n >> 64) as u64, 0, 0];
            // remainder = target - prod, over 512 bits.
            let mut rem = [0u64; 8];
            let mut borrow = false;
            for i in 0..8 {
                let (d, b1) = target[i].overflowing_sub(prod[i]);
                let (d, b2) = d.overflowing_sub(u64::from(borrow));
                rem[i] = d;
                borrow = b1 || b2;
            }
            assert!(!borrow, "ROUND·r <= N·2^256");
            assert!(rem[4..].iter().all(|&l| l == 0));
            let rem = ark_ff::BigInt::<4>([rem[0], rem[1], rem[2], rem[3]]);
            assert!(rem < Fr::MODULUS, "N·2^256 - ROUND·r < r");
        }
    }

    fn recombine(k: Fr, lambda: Lambda, l: Fr) -> (Fr, u32) {
        let ((n1, k1), (n2, k2)) = decompose(&k.into_bigint().0, lambda).unwrap();
        let signed = |n: bool, v: u128| {
            let f = Fr::from(v);
            if n {
                -f
            } else {
                f
            }
        };
        let bits = (128 - k1.leading_zeros()).max(128 - k2.leading_zeros());
        (signed(n1, k1) + l * signed(n2, k2), bits)
    }

    #[test]
    fn decomposition_recombines_with_half_size_parts() {
        let l1 = <g1::Config as GLVConfig>::LAMBDA;
        let l2 = <g2::Config as GLVConfig>::LAMBDA;
        assert_eq!(l2, l1 * l1);
        let mut scalars = edge_scalars(200, 11);
        scalars.push(-Fr::one());
        scalars.push(Fr::from_bigint(Fr::MODULUS_MINUS_ONE_DIV_TWO).unwrap() + Fr::one());
        for k in scalars {
            for (lambda, l) in [(Lambda::G1, l1), (Lambda::G2, l2)] {
                let (back, bits) = recombine(k, lambda, l);
                assert_eq!(back, k);
                assert!(bits <= 128);
            }
        }
    }

    #[test]
    fn the_endomorphism_is_multiplication_by_lambda() {
        let p = G1Projective::generator().into_affine();
        let l1 = <g1::Config as GLVConfig>::LAMBDA;
        assert_eq!(
            <g1::Config as GLVConfig>::endomorphism_affine(&p),
            (G1Projective::generator() * l1).into_affine()
        );
        let q = G2Projective::generator().into_affine();
        let l2 = <g2::Config as GLVConfig>::LAMBDA;
        assert_eq!(
            <g2::Config as GLVConfig>::endomorphism_affine(&q),
            (G2Projective::generator() * l2).into_affine()
        );
    }

    #[test]
    fn booth_digits_recombine() {
        for (k, c) in [
            (0u128, 4),
            (1, 2),
            (u128::MAX, 5),
            (u128::MAX >> 1, 11),
            (0x8000_0000_0000_0000_0000_0000_0000_0000, 16),
            (0x1234_5678_9abc_def0_0fed_cba9_8765_4321, 7),
        ] {
            let bits = 128 - k.leading_zeros() as usize;
            let windows = (bits + 1).div_ceil(c);
            let mut back = Fr::zero();
            for j in (0..windows).rev() {
                let d = booth_digit(k, j, c);
                assert!(d.unsigned_abs() <= 1 << (c - 1));
                back = back * Fr::from(1u64 << c) + Fr::from(i64::from(d));
            }
            assert_eq!(back, Fr::from(k), "k = {k:#x}, c = {c}");
        }
    }

    #[test]
    fn matches_arkworks_on_edge_scalars_in_g1() {
        for (n, seed) in [
            (0, 1),
            (1, 2),
            (2, 3),
            (3, 4),
            (13, 5),
            (101, 6),
            (2_049, 7),
        ] {
            let bases = g1_bases(n, seed);
            check_g1(&bases, &edge_scalars(n, seed + 100));
        }
    }

    #[test]
    fn matches_arkworks_on_edge_scalars_in_g2() {
        for (n, seed) in [(0, 1), (1, 2), (2, 3), (15, 4), (301, 5)] {
            let bases = g2_bases(n, seed);
            check_g2(&bases, &edge_scalars(n, seed + 100));
        }
    }

    #[test]
    fn single_scalars_one_by_one() {
        let bases = g1_bases(1, 9);
        for k in edge_scalars(14, 10) {
            check_g1(&bases, &[k]);
            assert_eq!(
                msm_g1(&bases, &[k.into_bigint()]),
                bases[0] * k,
                "k = {}",
                k.into_bigint()
            );
        }
    }

    #[test]
    fn repeated_and_opposite_bases_and_infinity() {
        // Every term in one bucket: doublings, cancellations (P + -P),
        // and the point at infinity among the bases.
        let p = g1_bases(3, 12);
        let mut bases = Vec::new();
        let mut scalars = Vec::new();
        for i in 0..200u64 {
            bases.push(if i % 3 == 0 { -p[0] } else { p[0] });
            scalars.push(Fr::one());
            bases.push(p[(i % 2) as usize + 1]);
            scalars.push(-Fr::one());
            bases.push(G1Affine::identity());
            scalars.push(Fr::from(i + 5));
        }
        check_g1(&bases, &scalars);
        // Terms that sum to zero exactly.
        let k = Fr::rand(&mut rng(13));
        check_g1(&[p[0], p[0]], &[k, -k]);
        assert!(msm_g1(&[p[0], p[0]], &bigints(&[k, -k])).is_zero());
        // The same base with the same big scalar: equal GLV terms.
        check_g1(&[p[1]; 40], &[k; 40]);
        let q = g2_bases(1, 14);
        check_g2(&[q[0], -q[0], q[0], G2Affine::identity()], &[k, k, k, k]);
    }

    #[test]
    fn lengths_differ_as_arkworks() {
        let bases = g1_bases(50, 15);
        let scalars = bigints(&edge_scalars(50, 16));
        assert_eq!(
            msm_g1(&bases[..20], &scalars),
            G1Projective::msm_bigint(&bases[..20], &scalars)
        );
        assert_eq!(
            msm_g1(&bases, &scalars[..31]),
            G1Projective::msm_bigint(&bases, &scalars[..31])
        );
        assert!(msm_g1(&bases, &[]).is_zero());
        assert!(msm_g1(&[], &scalars).is_zero());
    }

    #[test]
    fn only_small_scalars_use_few_windows() {
        // Bits and bytes, as a witness has many of: one or two windows.
        let bases = g1_bases(500, 17);
        let scalars: Vec<Fr> = (0..500u64)
            .map(|i| Fr::from(i % 2 + (i % 7) * 40))
            .collect();
        check_g1(&bases, &scalars);
        let scalars: Vec<Fr> = (0..500u64).map(|i| -Fr::from(i % 3)).collect();
        check_g1(&bases, &scalars);
    }

    #[test]
    fn every_window_width_is_right() {
        let bases = g1_bases(64, 18);
        let scalars = edge_scalars(64, 19);
        let k = bigints(&scalars);
        let terms = decompose_all::<g1::Config>(&bases, &k, Lambda::G1).unwrap();
        let expected = G1Projective::msm_bigint(&bases, &k);
        for c in 2..=16 {
            let windows = 129usize.div_ceil(c);
            let mut acc = G1Projective::zero();
            for j in (0..windows).rev() {
                for _ in 0..c {
                    acc.double_in_place();
                }
                acc += window_sum(&terms, j, c);
            }
            assert_eq!(acc, expected, "c = {c}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn matches_arkworks_on_random_input(
            seed in any::<u64>(),
            n in 0usize..300,
            limbs in proptest::collection::vec(any::<[u64; 4]>(), 300),
        ) {
            let bases = g1_bases(n, seed);
            // Arbitrary 256-bit values reduced mod r, and their top bits
            // cleared on odd indices (every size of scalar).
            let scalars: Vec<Fr> = limbs[..n]
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut b = ark_ff::BigInt::<4>(*l);
                    if i % 2 == 1 {
                        b >>= (i % 250) as u32;
                    }
                    Fr::from_le_bytes_mod_order(&b.to_bytes_le())
                })
                .collect();
            let k = bigints(&scalars);
            prop_assert_eq!(msm_g1(&bases, &k), G1Projective::msm_bigint(&bases, &k));
        }
    }
}

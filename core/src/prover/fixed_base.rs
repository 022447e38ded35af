//! Multi-scalar multiplication over fixed bases with precomputed window
//! tables.
//!
//! Pippenger's bucket method on `n` bases with `c`-bit windows costs about
//! `w·n` additions into buckets plus `w·2^c` to sum the buckets, for
//! `w = ⌈254 / c⌉` windows. A proving key's bases never change, so
//! [`FixedBaseTable`] stores every base shifted to every window,
//! `2^(c·j)·P_i`: each window's digits then go into one shared set of
//! buckets, summed once, with no doublings between windows. Digits are
//! signed (`-2^(c-1) ≤ d < 2^(c-1)`), so `2^(c-1)` buckets suffice.
//!
//! For `n` about 5,000 this is about 110,000 additions where arkworks's
//! `msm_bigint` does about 180,000, at the price of `w` affine points per
//! base in memory. The result is the same group element: the tests compare
//! it with arkworks's MSM.

use ark_ec::CurveGroup;
use ark_ff::{BigInteger, PrimeField};

/// `2^(c·j)·P_i` for every base `P_i` and window `j`, in affine form,
/// window-major within each base (`points[i·w + j]`).
pub struct FixedBaseTable<V: CurveGroup> {
    points: Vec<V::Affine>,
    /// Window width `c` in bits.
    c: usize,
    /// Windows per scalar.
    windows: usize,
    /// Number of bases.
    len: usize,
}

/// Enough windows that the top one (at most `c - 2` bits of the scalar, plus
/// the carry) never carries out: `w·c ≥ bits + 2`.
fn windows_for(c: usize, scalar_bits: usize) -> usize {
    (scalar_bits + 2).div_ceil(c)
}

/// The window width minimising `n·w + 2^(c-1)·threads` (the additions into
/// buckets and the bucket sums of each thread).
fn best_width(n: usize, scalar_bits: usize, threads: usize) -> usize {
    (4..=16)
        .min_by_key(|&c| n * windows_for(c, scalar_bits) + (1usize << (c - 1)) * threads.max(1))
        .expect("non-empty range")
}

fn threads() -> usize {
    #[cfg(feature = "threads")]
    {
        rayon::current_num_threads()
    }
    #[cfg(not(feature = "threads"))]
    {
        1
    }
}

impl<V: CurveGroup> FixedBaseTable<V> {
    /// Precomputes the table of `bases`: `w·c ≈ 255` doublings per base.
    pub fn new(bases: &[V::Affine]) -> Self {
        let scalar_bits = V::ScalarField::MODULUS_BIT_SIZE as usize;
        let c = best_width(bases.len(), scalar_bits, threads());
        let windows = windows_for(c, scalar_bits);
        let shifted = |p: &V::Affine| -> Vec<V> {
            let mut acc: V = (*p).into();
            let mut out = Vec::with_capacity(windows);
            for _ in 0..windows {
                out.push(acc);
                for _ in 0..c {
                    acc.double_in_place();
                }
            }
            out
        };
        #[cfg(feature = "threads")]
        let projective: Vec<V> = {
            use rayon::prelude::*;
            bases.par_iter().flat_map_iter(shifted).collect()
        };
        #[cfg(not(feature = "threads"))]
        let projective: Vec<V> = bases.iter().flat_map(shifted).collect();
        FixedBaseTable {
            points: V::normalize_batch(&projective),
            c,
            windows,
            len: bases.len(),
        }
    }

    /// The number of bases.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table has no bases.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes of precomputed points held.
    pub fn memory_bytes(&self) -> usize {
        self.points.len() * core::mem::size_of::<V::Affine>()
    }

    /// `Σ scalars[i]·P_i`, over the first `min(len, scalars.len())` bases.
    pub fn msm(&self, scalars: &[<V::ScalarField as PrimeField>::BigInt]) -> V {
        let n = self.len.min(scalars.len());
        #[cfg(feature = "threads")]
        {
            use rayon::prelude::*;
            let chunk = n.div_ceil(threads()).max(1);
            (0..n)
                .into_par_iter()
                .step_by(chunk)
                .map(|start| self.msm_range(scalars, start, (start + chunk).min(n)))
                .reduce(V::zero, |a, b| a + b)
        }
        #[cfg(not(feature = "threads"))]
        {
            self.msm_range(scalars, 0, n)
        }
    }

    /// The bucket method over bases `start..end`, all windows in one set of
    /// buckets.
    fn msm_range(
        &self,
        scalars: &[<V::ScalarField as PrimeField>::BigInt],
        start: usize,
        end: usize,
    ) -> V {
        let half = 1i64 << (self.c - 1);
        let mask = (1u64 << self.c) - 1;
        let mut buckets = vec![V::ZERO_BUCKET; half as usize];
        for (i, scalar) in scalars.iter().enumerate().take(end).skip(start) {
            if scalar.is_zero() {
                continue;
            }
            let limbs = scalar.as_ref();
            let row = &self.points[i * self.windows..(i + 1) * self.windows];
            let mut carry = 0i64;
            for (j, point) in row.iter().enumerate() {
                let digit = window(limbs, j * self.c, self.c, mask) as i64 + carry;
                // Signed digit in [-2^(c-1), 2^(c-1)), carrying into the next window.
                let (digit, next) = if digit >= half {
                    (digit - 2 * half, 1)
                } else {
                    (digit, 0)
                };
                carry = next;
                match digit.cmp(&0) {
                    core::cmp::Ordering::Greater => buckets[(digit - 1) as usize] += point,
                    core::cmp::Ordering::Less => buckets[(-digit - 1) as usize] -= point,
                    core::cmp::Ordering::Equal => {}
                }
            }
            debug_assert_eq!(carry, 0, "a window for the last carry");
        }
        // Σ k·B_k with running sums, from the top bucket down.
        let mut running = V::ZERO_BUCKET;
        let mut total = V::ZERO_BUCKET;
        for b in buckets.iter().rev() {
            running += b;
            total += &running;
        }
        total.into()
    }
}

/// Bits `offset..offset + c` of the little-endian limbs (zero past the end).
fn window(limbs: &[u64], offset: usize, c: usize, mask: u64) -> u64 {
    let (limb, shift) = (offset / 64, offset % 64);
    if limb >= limbs.len() {
        return 0;
    }
    let mut bits = limbs[limb] >> shift;
    if shift + c > 64 && limb + 1 < limbs.len() {
        bits |= limbs[limb + 1] << (64 - shift);
    }
    bits & mask
}

#[cfg(test)]
mod tests {
    use ark_bn254::{Fr, G1Projective, G2Projective};
    use ark_ec::PrimeGroup;
    use ark_ff::{UniformRand, Zero};
    use rand_core::SeedableRng;

    use super::*;

    fn check<V>(n: usize, seed: u64)
    where
        V: CurveGroup<ScalarField = Fr>,
    {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let bases: Vec<V> = (0..n).map(|_| V::rand(&mut rng)).collect();
        let bases = V::normalize_batch(&bases);
        // Random, small, zero, one, minus one and p - 2^k scalars: every
        // digit pattern, carries across all windows included.
        let scalars: Vec<Fr> = (0..n)
            .map(|i| match i % 6 {
                0 => Fr::zero(),
                1 => Fr::from(1u64),
                2 => -Fr::from(1u64),
                3 => Fr::from(i as u64 * 977),
                4 => -Fr::from(1u64 << (i % 60)),
                _ => Fr::rand(&mut rng),
            })
            .collect();
        let bigints: Vec<_> = scalars.iter().map(|s| s.into_bigint()).collect();
        let table = FixedBaseTable::<V>::new(&bases);
        assert_eq!(table.len(), n);
        assert_eq!(
            table.msm(&bigints),
            V::msm(&bases, &scalars).unwrap(),
            "n = {n}"
        );
        // Fewer scalars than bases: the MSM over the first ones.
        let k = n / 2;
        assert_eq!(
            table.msm(&bigints[..k]),
            V::msm(&bases[..k], &scalars[..k]).unwrap()
        );
    }

    #[test]
    fn matches_arkworks_msm_in_g1() {
        for (n, seed) in [(1, 1), (2, 2), (7, 3), (64, 4), (1_000, 5)] {
            check::<G1Projective>(n, seed);
        }
    }

    #[test]
    fn matches_arkworks_msm_in_g2() {
        for (n, seed) in [(1, 6), (5, 7), (300, 8)] {
            check::<G2Projective>(n, seed);
        }
    }

    #[test]
    fn the_largest_scalar_uses_the_carry_window() {
        let g = G1Projective::generator().into_affine();
        let table = FixedBaseTable::<G1Projective>::new(&[g]);
        let minus_one = -Fr::from(1u64);
        assert_eq!(
            table.msm(&[minus_one.into_bigint()]),
            -G1Projective::generator()
        );
        assert!(table.memory_bytes() > 0);
    }

    #[test]
    fn window_reads_across_limbs() {
        let limbs = [u64::MAX, 0b101, 0, 0];
        assert_eq!(window(&limbs, 62, 5, 0b11111), 0b10111);
        assert_eq!(window(&limbs, 64, 3, 0b111), 0b101);
        assert_eq!(window(&limbs, 250, 8, 0xff), 0);
        assert_eq!(window(&limbs, 256, 8, 0xff), 0);
    }
}

//! The prover of the aggregated range proof, on every core.
//!
//! This is the aggregated range-proof prover of the `bulletproofs` crate
//! (5.0.0, MIT; `range_proof/{party,dealer}.rs` and
//! `inner_product_proof.rs`), step for step and transcript label for label,
//! with the independent work spread over threads: the parties' bit and
//! polynomial commitments, and in each inner-product round the `L` and `R`
//! multiscalar multiplications and the folding of the generators. The crate
//! runs all of it on one thread, and the folding (two scalar multiplications
//! per generator per round) is most of the proving time.
//!
//! The output is the crate's byte format, parsed with
//! [`RangeProof::from_bytes`] and checked by the crate's own verifier: this
//! module cannot make a false statement pass, only a true one fail, which
//! the tests would show. Zero knowledge rests on drawing the same blinding
//! randomness as the crate (all of it from the caller's RNG) and on the same
//! constant-time operations on secrets (bit selection, the `S` and `T`
//! commitments).

use std::{iter, sync::OnceLock};

use bulletproofs::{PedersenGens, RangeProof};
use curve25519_dalek::{
    ristretto::{CompressedRistretto, RistrettoPoint},
    scalar::Scalar,
    traits::{MultiscalarMul, VartimeMultiscalarMul},
};
use merlin::Transcript;
use rand_core::{CryptoRng, RngCore};
use sha3::{
    digest::{ExtendableOutput, Update, XofReader},
    Shake256,
};
use subtle::{Choice, ConditionallySelectable};
use zeroize::Zeroizing;

/// Most statements (thresholds plus the scorecard) in one policy.
pub const MAX_STATEMENTS: usize = 16;
/// Bits of every range proof.
pub const RANGE_BITS: usize = 64;

#[cfg(feature = "parallel")]
fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    rayon::join(a, b)
}

#[cfg(not(feature = "parallel"))]
fn join<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B) -> (A, B) {
    (a(), b())
}

/// `f(i)` for `i in 0..n`, in parallel where enabled.
fn map_range<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..n).into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..n).map(f).collect()
    }
}

/// Party `j`'s generators `(G, H)`, as `BulletproofGens` makes them: SHAKE256
/// over `"GeneratorsChain" || label`, 64 bytes per point, hashed to the group,
/// with the label `b'G' || j (u32 LE)` or `b'H' || j`.
fn generators() -> &'static [(Vec<RistrettoPoint>, Vec<RistrettoPoint>)] {
    static GENS: OnceLock<Vec<(Vec<RistrettoPoint>, Vec<RistrettoPoint>)>> = OnceLock::new();
    GENS.get_or_init(|| {
        let chain = |kind: u8, j: usize| {
            let mut label = [kind, 0, 0, 0, 0];
            label[1..].copy_from_slice(&(j as u32).to_le_bytes());
            let mut shake = Shake256::default();
            shake.update(b"GeneratorsChain");
            shake.update(&label);
            let mut reader = shake.finalize_xof();
            (0..RANGE_BITS)
                .map(|_| {
                    let mut bytes = [0u8; 64];
                    reader.read(&mut bytes);
                    RistrettoPoint::from_uniform_bytes(&bytes)
                })
                .collect::<Vec<_>>()
        };
        map_range(MAX_STATEMENTS, |j| (chain(b'G', j), chain(b'H', j)))
    })
}

/// The labels of the crate's `TranscriptProtocol`.
trait RangeTranscript {
    fn append_point(&mut self, label: &'static [u8], point: &CompressedRistretto);
    fn append_scalar(&mut self, label: &'static [u8], scalar: &Scalar);
    fn challenge_scalar(&mut self, label: &'static [u8]) -> Scalar;
}

impl RangeTranscript for Transcript {
    fn append_point(&mut self, label: &'static [u8], point: &CompressedRistretto) {
        self.append_message(label, point.as_bytes());
    }

    fn append_scalar(&mut self, label: &'static [u8], scalar: &Scalar) {
        self.append_message(label, scalar.as_bytes());
    }

    fn challenge_scalar(&mut self, label: &'static [u8]) -> Scalar {
        let mut buf = [0u8; 64];
        self.challenge_bytes(label, &mut buf);
        Scalar::from_bytes_mod_order_wide(&buf)
    }
}

/// One party's secrets, all drawn from the caller's RNG up front (the same
/// values the crate draws, party by party) so the parties can run in
/// parallel.
struct PartySecrets {
    a_blinding: Scalar,
    s_blinding: Scalar,
    s_l: Vec<Scalar>,
    s_r: Vec<Scalar>,
    t_1_blinding: Scalar,
    t_2_blinding: Scalar,
}

impl zeroize::Zeroize for PartySecrets {
    fn zeroize(&mut self) {
        self.a_blinding.zeroize();
        self.s_blinding.zeroize();
        self.s_l.zeroize();
        self.s_r.zeroize();
        self.t_1_blinding.zeroize();
        self.t_2_blinding.zeroize();
    }
}

/// Proves that each of `values` (committed as `values[j] * B + blindings[j] *
/// B_blinding`) lies in `[0, 2^64)`, in one aggregated proof bound to
/// `transcript`. `values.len()` must be a power of two up to
/// [`MAX_STATEMENTS`]. Returns the proof and the commitments, like
/// `RangeProof::prove_multiple_with_rng`.
pub(crate) fn prove_multiple<R: RngCore + CryptoRng>(
    pc: &PedersenGens,
    transcript: &mut Transcript,
    values: &[u64],
    blindings: &[Scalar],
    rng: &mut R,
) -> Option<(RangeProof, Vec<CompressedRistretto>)> {
    let (n, m) = (RANGE_BITS, values.len());
    if !m.is_power_of_two() || m > MAX_STATEMENTS || blindings.len() != m {
        return None;
    }
    let gens = &generators()[..m];
    // The randomness in the crate's order: every party's bit-commitment
    // blindings (`assign_position_with_rng`), then every party's polynomial
    // blindings (`apply_challenge_with_rng`), so that the same RNG gives the
    // crate's proof byte for byte.
    let mut secrets: Zeroizing<Vec<PartySecrets>> = Zeroizing::new(
        (0..m)
            .map(|_| {
                let a_blinding = Scalar::random(rng);
                let s_blinding = Scalar::random(rng);
                let s_l = (0..n).map(|_| Scalar::random(rng)).collect();
                let s_r = (0..n).map(|_| Scalar::random(rng)).collect();
                PartySecrets {
                    a_blinding,
                    s_blinding,
                    s_l,
                    s_r,
                    t_1_blinding: Scalar::ZERO,
                    t_2_blinding: Scalar::ZERO,
                }
            })
            .collect(),
    );
    for party in secrets.iter_mut() {
        party.t_1_blinding = Scalar::random(rng);
        party.t_2_blinding = Scalar::random(rng);
    }

    // The dealer's domain separator (`rangeproof v1`, n, m).
    transcript.append_message(b"dom-sep", b"rangeproof v1");
    transcript.append_u64(b"n", n as u64);
    transcript.append_u64(b"m", m as u64);

    // Parties: V_j, A_j (the bits, selected in constant time), S_j.
    let commitments = map_range(m, |j| {
        let (g, h) = &gens[j];
        let s = &secrets[j];
        let v = pc.commit(Scalar::from(values[j]), blindings[j]).compress();
        let mut a = pc.B_blinding * s.a_blinding;
        for i in 0..n {
            let bit = Choice::from(((values[j] >> i) & 1) as u8);
            a += RistrettoPoint::conditional_select(&-h[i], &g[i], bit);
        }
        let s_point = RistrettoPoint::multiscalar_mul(
            iter::once(&s.s_blinding).chain(&s.s_l).chain(&s.s_r),
            iter::once(&pc.B_blinding).chain(g).chain(h),
        );
        (v, a, s_point)
    });
    for (v, _, _) in &commitments {
        transcript.append_point(b"V", v);
    }
    let a: RistrettoPoint = commitments.iter().map(|c| c.1).sum();
    let s: RistrettoPoint = commitments.iter().map(|c| c.2).sum();
    let (a, s) = (a.compress(), s.compress());
    transcript.append_point(b"A", &a);
    transcript.append_point(b"S", &s);
    let y = transcript.challenge_scalar(b"y");
    let z = transcript.challenge_scalar(b"z");

    // Parties: l(X), r(X), t(X) and the commitments T_1, T_2.
    let polys = Zeroizing::new(map_range(m, |j| {
        let sj = &secrets[j];
        let offset_y = scalar_pow(&y, (j * n) as u64);
        let offset_zz = z * z * scalar_pow(&z, j as u64);
        let mut l = (vec![Scalar::ZERO; n], vec![Scalar::ZERO; n]);
        let mut r = (vec![Scalar::ZERO; n], vec![Scalar::ZERO; n]);
        let (mut exp_y, mut exp_2) = (offset_y, Scalar::ONE);
        for i in 0..n {
            let a_l = Scalar::from((values[j] >> i) & 1);
            let a_r = a_l - Scalar::ONE;
            l.0[i] = a_l - z;
            l.1[i] = sj.s_l[i];
            r.0[i] = exp_y * (a_r + z) + offset_zz * exp_2;
            r.1[i] = exp_y * sj.s_r[i];
            exp_y *= y;
            exp_2 = exp_2 + exp_2;
        }
        // t(X) = <l(X), r(X)> = t0 + t1 X + t2 X^2 (Karatsuba, as the crate).
        let t0 = inner_product(&l.0, &r.0);
        let t2 = inner_product(&l.1, &r.1);
        let l0_plus_l1: Vec<Scalar> = l.0.iter().zip(&l.1).map(|(a, b)| a + b).collect();
        let r0_plus_r1: Vec<Scalar> = r.0.iter().zip(&r.1).map(|(a, b)| a + b).collect();
        let t1 = inner_product(&l0_plus_l1, &r0_plus_r1) - t0 - t2;
        let t_1 = pc.commit(t1, sj.t_1_blinding);
        let t_2 = pc.commit(t2, sj.t_2_blinding);
        PartyPolys {
            offset_zz,
            l,
            r,
            t: [t0, t1, t2],
            t_1,
            t_2,
        }
    }));
    let t_1: RistrettoPoint = polys.iter().map(|p| p.t_1).sum();
    let t_2: RistrettoPoint = polys.iter().map(|p| p.t_2).sum();
    let (t_1, t_2) = (t_1.compress(), t_2.compress());
    transcript.append_point(b"T_1", &t_1);
    transcript.append_point(b"T_2", &t_2);
    let x = transcript.challenge_scalar(b"x");

    // Shares at x, summed by the dealer.
    let mut t_x = Scalar::ZERO;
    let mut t_x_blinding = Scalar::ZERO;
    let mut e_blinding = Scalar::ZERO;
    let mut l_vec = Zeroizing::new(Vec::with_capacity(n * m));
    let mut r_vec = Zeroizing::new(Vec::with_capacity(n * m));
    for (j, p) in polys.iter().enumerate() {
        let sj = &secrets[j];
        t_x += p.t[0] + x * (p.t[1] + x * p.t[2]);
        t_x_blinding += p.offset_zz * blindings[j] + x * (sj.t_1_blinding + x * sj.t_2_blinding);
        e_blinding += sj.a_blinding + sj.s_blinding * x;
        l_vec.extend(p.l.0.iter().zip(&p.l.1).map(|(a, b)| a + b * x));
        r_vec.extend(p.r.0.iter().zip(&p.r.1).map(|(a, b)| a + b * x));
    }
    transcript.append_scalar(b"t_x", &t_x);
    transcript.append_scalar(b"t_x_blinding", &t_x_blinding);
    transcript.append_scalar(b"e_blinding", &e_blinding);
    let w = transcript.challenge_scalar(b"w");
    let q = w * pc.B;

    let g_vec: Vec<RistrettoPoint> = gens.iter().flat_map(|(g, _)| g.iter().copied()).collect();
    let h_vec: Vec<RistrettoPoint> = gens.iter().flat_map(|(_, h)| h.iter().copied()).collect();
    let y_inv = y.invert();
    let h_factors: Vec<Scalar> = iter::successors(Some(Scalar::ONE), |p| Some(p * y_inv))
        .take(n * m)
        .collect();
    let ipp = inner_product_proof(transcript, &q, &h_factors, g_vec, h_vec, l_vec, r_vec);

    let mut bytes = Vec::with_capacity(32 * (7 + ipp.len()));
    for part in [a.as_bytes(), s.as_bytes(), t_1.as_bytes(), t_2.as_bytes()] {
        bytes.extend_from_slice(part);
    }
    for scalar in [&t_x, &t_x_blinding, &e_blinding] {
        bytes.extend_from_slice(scalar.as_bytes());
    }
    for chunk in &ipp {
        bytes.extend_from_slice(chunk);
    }
    let proof = RangeProof::from_bytes(&bytes).ok()?;
    Some((proof, commitments.into_iter().map(|c| c.0).collect()))
}

struct PartyPolys {
    offset_zz: Scalar,
    l: (Vec<Scalar>, Vec<Scalar>),
    r: (Vec<Scalar>, Vec<Scalar>),
    t: [Scalar; 3],
    t_1: RistrettoPoint,
    t_2: RistrettoPoint,
}

impl zeroize::Zeroize for PartyPolys {
    fn zeroize(&mut self) {
        self.offset_zz.zeroize();
        self.l.0.zeroize();
        self.l.1.zeroize();
        self.r.0.zeroize();
        self.r.1.zeroize();
        self.t.zeroize();
    }
}

fn scalar_pow(x: &Scalar, mut e: u64) -> Scalar {
    let (mut base, mut acc) = (*x, Scalar::ONE);
    while e > 0 {
        if e & 1 == 1 {
            acc *= base;
        }
        base = base * base;
        e >>= 1;
    }
    acc
}

fn inner_product(a: &[Scalar], b: &[Scalar]) -> Scalar {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

/// The inner-product argument of the crate (`InnerProductProof::create` with
/// `G_factors = 1`), returning `L_0, R_0, .., L_k, R_k, a, b` as 32-byte
/// chunks. The first round folds `H_factors` into the generators.
fn inner_product_proof(
    transcript: &mut Transcript,
    q: &RistrettoPoint,
    h_factors: &[Scalar],
    mut g: Vec<RistrettoPoint>,
    mut h: Vec<RistrettoPoint>,
    mut a: Zeroizing<Vec<Scalar>>,
    mut b: Zeroizing<Vec<Scalar>>,
) -> Vec<[u8; 32]> {
    let mut n = g.len();
    transcript.append_message(b"dom-sep", b"ipp v1");
    transcript.append_u64(b"n", n as u64);
    let mut out = Vec::new();
    let mut first = true;
    while n != 1 {
        n /= 2;
        let (a_l, a_r) = a.split_at(n);
        let (b_l, b_r) = b.split_at(n);
        let (g_l, g_r) = g.split_at(n);
        let (h_l, h_r) = h.split_at(n);
        let c_l = inner_product(a_l, b_r);
        let c_r = inner_product(a_r, b_l);
        // With H_factors in the first round: b_R * h[0..n], b_L * h[n..2n].
        let hf = |b: &[Scalar], offset: usize| -> Vec<Scalar> {
            if first {
                b.iter()
                    .zip(&h_factors[offset..])
                    .map(|(b, f)| b * f)
                    .collect()
            } else {
                b.to_vec()
            }
        };
        let (l, r) = join(
            || {
                RistrettoPoint::vartime_multiscalar_mul(
                    a_l.iter().chain(&hf(b_r, 0)).chain(iter::once(&c_l)),
                    g_r.iter().chain(h_l).chain(iter::once(q)),
                )
                .compress()
            },
            || {
                RistrettoPoint::vartime_multiscalar_mul(
                    a_r.iter().chain(&hf(b_l, n)).chain(iter::once(&c_r)),
                    g_l.iter().chain(h_r).chain(iter::once(q)),
                )
                .compress()
            },
        );
        transcript.append_point(b"L", &l);
        transcript.append_point(b"R", &r);
        out.push(l.to_bytes());
        out.push(r.to_bytes());
        let u = transcript.challenge_scalar(b"u");
        let u_inv = u.invert();
        let a_next: Zeroizing<Vec<Scalar>> =
            Zeroizing::new((0..n).map(|i| a_l[i] * u + u_inv * a_r[i]).collect());
        let b_next: Zeroizing<Vec<Scalar>> =
            Zeroizing::new((0..n).map(|i| b_l[i] * u_inv + u * b_r[i]).collect());
        let (g_next, h_next) = join(
            || {
                map_range(n, |i| {
                    RistrettoPoint::vartime_multiscalar_mul(&[u_inv, u], &[g_l[i], g_r[i]])
                })
            },
            || {
                map_range(n, |i| {
                    let (fl, fr) = if first {
                        (u * h_factors[i], u_inv * h_factors[n + i])
                    } else {
                        (u, u_inv)
                    };
                    RistrettoPoint::vartime_multiscalar_mul(&[fl, fr], &[h_l[i], h_r[i]])
                })
            },
        );
        (a, b, g, h) = (a_next, b_next, g_next, h_next);
        first = false;
    }
    out.push(a[0].to_bytes());
    out.push(b[0].to_bytes());
    out
}

#[cfg(test)]
mod tests {
    use bulletproofs::BulletproofGens;
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    use super::*;

    #[test]
    fn generators_are_the_crates() {
        let crate_gens = BulletproofGens::new(RANGE_BITS, MAX_STATEMENTS);
        for (j, (g, _)) in generators().iter().enumerate() {
            assert!(crate_gens.share(j).G(RANGE_BITS).eq(g.iter()), "party {j}");
        }
    }

    #[test]
    fn proofs_verify_with_the_crate_for_every_size() {
        let crate_gens = BulletproofGens::new(RANGE_BITS, MAX_STATEMENTS);
        let pc = PedersenGens::default();
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for m in [1usize, 2, 4, 8, 16] {
            let values: Vec<u64> = (0..m as u64).map(|i| i * 0x0123_4567_89ab_cdef).collect();
            let blindings: Vec<Scalar> = (0..m).map(|_| Scalar::random(&mut rng)).collect();
            let (proof, commitments) = prove_multiple(
                &pc,
                &mut Transcript::new(b"test"),
                &values,
                &blindings,
                &mut rng,
            )
            .unwrap();
            assert_eq!(
                proof.to_bytes().len(),
                32 * (9 + 2 * (6 + m.trailing_zeros() as usize))
            );
            proof
                .verify_multiple(
                    &crate_gens,
                    &pc,
                    &mut Transcript::new(b"test"),
                    &commitments,
                    64,
                )
                .unwrap_or_else(|e| panic!("m = {m}: {e}"));
            // Another transcript, or another commitment: rejected.
            assert!(proof
                .verify_multiple(
                    &crate_gens,
                    &pc,
                    &mut Transcript::new(b"other"),
                    &commitments,
                    64
                )
                .is_err());
            let mut moved = commitments.clone();
            moved[0] = (moved[0].decompress().unwrap() + pc.B).compress();
            assert!(proof
                .verify_multiple(&crate_gens, &pc, &mut Transcript::new(b"test"), &moved, 64)
                .is_err());
        }
        assert!(prove_multiple(
            &pc,
            &mut Transcript::new(b"t"),
            &[1, 2, 3],
            &[Scalar::ONE; 3],
            &mut rng
        )
        .is_none());
    }

    /// The port against its reference: with the same transcript and the
    /// same randomness, the crate's `prove_multiple_with_rng` and this
    /// prover give the same bytes, for every aggregation size.
    #[test]
    fn proofs_are_byte_equal_to_the_crates() {
        let crate_gens = BulletproofGens::new(RANGE_BITS, MAX_STATEMENTS);
        let pc = PedersenGens::default();
        for m in [1usize, 2, 4, 8, 16] {
            let mut setup = ChaCha20Rng::seed_from_u64(100 + m as u64);
            let values: Vec<u64> = (0..m).map(|_| setup.next_u64()).collect();
            let blindings: Vec<Scalar> = (0..m).map(|_| Scalar::random(&mut setup)).collect();
            let (ours, our_commitments) = prove_multiple(
                &pc,
                &mut Transcript::new(b"pin"),
                &values,
                &blindings,
                &mut ChaCha20Rng::seed_from_u64(m as u64),
            )
            .unwrap();
            let (theirs, their_commitments) = RangeProof::prove_multiple_with_rng(
                &crate_gens,
                &pc,
                &mut Transcript::new(b"pin"),
                &values,
                &blindings,
                RANGE_BITS,
                &mut ChaCha20Rng::seed_from_u64(m as u64),
            )
            .unwrap();
            assert_eq!(our_commitments, their_commitments, "m = {m}");
            assert_eq!(ours.to_bytes(), theirs.to_bytes(), "m = {m}");
        }
    }

    #[test]
    fn a_value_out_of_range_does_not_verify() {
        // A "value" past 2^64: commit to 2^64 + 5 but prove the bits of 5.
        let crate_gens = BulletproofGens::new(RANGE_BITS, MAX_STATEMENTS);
        let pc = PedersenGens::default();
        let mut rng = ChaCha20Rng::seed_from_u64(8);
        let blinding = Scalar::random(&mut rng);
        let (proof, _) =
            prove_multiple(&pc, &mut Transcript::new(b"t"), &[5], &[blinding], &mut rng).unwrap();
        let big = Scalar::from(u64::MAX) + Scalar::from(6u64);
        let commitment = pc.commit(big, blinding).compress();
        assert!(proof
            .verify_multiple(
                &crate_gens,
                &pc,
                &mut Transcript::new(b"t"),
                &[commitment],
                64
            )
            .is_err());
    }
}

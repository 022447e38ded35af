//! The Groth16 phase-2 ceremony on `.zkey` files, as snarkjs 0.7 runs it,
//! so that zkcred and snarkjs contributions can follow each other and
//! `snarkjs zkey verify` re-checks a zkcred ceremony (and
//! [`verify`] a snarkjs one).
//!
//! - [`new_zkey`] (snarkjs `zkey_new.js`, `snarkjs groth16 setup`): the
//!   initial key of a circuit from a powers of tau prepared for phase 2, with
//!   `gamma = delta = 1`. With `L_c` the Lagrange basis of the domain of
//!   size `n` (the smallest power of two above the constraints plus one row
//!   per public wire and the constant) and `a_cs`, `b_cs`, `c_cs` the
//!   constraint matrices extended by `A[nC + s][s] = 1` for the public wires
//!   `s`: `A_s = Σ a_cs·[L_c(τ)]₁`, `B1_s = Σ b_cs·[L_c(τ)]₁`,
//!   `B2_s = Σ b_cs·[L_c(τ)]₂`, and for each wire
//!   `K_s = Σ a_cs·[βL_c(τ)]₁ + b_cs·[αL_c(τ)]₁ + c_cs·[L_c(τ)]₁`, which is
//!   `IC_s` for a public wire and `C_s` (arkworks' `l_query`) for a private
//!   one; `H_i` is the Lagrange point `2i + 1` of the domain of size `2n`.
//!   The circuit hash (`csHash`) is blake2b-512 of the points in
//!   ffjavascript's uncompressed form: alpha1, beta1, beta2, gamma2, delta1,
//!   delta2, then for IC, H, C, A, B1, B2 a big-endian u32 count and the
//!   points, where H is hashed as the monomial `[τ^(i+n) - τ^i]₁`,
//!   `i < n - 1` (as snarkjs hashes it; for `n - 1 > 2^14` snarkjs hashes
//!   whole chunks of 2^14, which [`new_zkey`] reproduces).
//! - [`contribute`] and [`beacon`] (`zkey_contribute.js`, `zkey_beacon.js`):
//!   a secret `x` and a point `g1_s` drawn from a ChaCha generator
//!   ([`super::keypair`]), `g1_sx = x·g1_s`, the transcript
//!   `blake2b(csHash ‖ every earlier contribution's public key ‖ g1_s ‖
//!   g1_sx)`, `g2_spx = x·hashToG2(transcript)`; `delta` multiplied by `x`,
//!   the C (L) and H points by `x⁻¹`; the record appended. A contribution's
//!   hash is blake2b of its public key (`deltaAfter ‖ g1_s ‖ g1_sx ‖ g2_spx
//!   ‖ transcript`). A beacon draws from SHA-256 iterated `2^exp` times on a
//!   public value, so anyone re-derives its key.
//! - [`verify`] (`zkey_verify_frominit.js`): every transcript, the proof of
//!   knowledge `sameRatio(g1_s, g1_sx, sp, g2_spx)`, the delta chain
//!   `sameRatio(delta_{i-1}, delta_i, sp, g2_spx)`, each beacon's key; the
//!   header, the circuit hash and the IC, coefficient, A, B1, B2 sections
//!   equal to the recomputed initial key's; and C and H of the final key
//!   against the initial ones by a random linear combination and a pairing:
//!   `sameRatio(Σ r_i·C0_i, Σ r_i·C_i, delta, delta0)` (128-bit `r_i`).

use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{Field, PrimeField};
use blake2::{Blake2b512, Digest};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use super::{
    contribution::Beacon,
    keypair::{
        beacon_rng, entropy_rng, fr_from_rng, g1_from_rng, g1_uncompressed, g2_uncompressed,
        hash_to_g2, mul_u64, same_ratio, same_ratio_projective, small_coefficient, ChaCha,
    },
    ptau::Ptau,
    r1cs::R1cs,
    zkey::{Coefficient, Contribution, Zkey},
};
use crate::{
    prover::msm::{msm_g1, msm_g2, Scalar},
    Error, Result,
};

/// The longest contributor name snarkjs keeps (it cuts names at 64).
pub const MAX_NAME_BYTES: usize = 64;

/// snarkjs hashes the H points in chunks of this many.
const H_HASH_CHUNK: usize = 1 << 14;

/// Why [`verify`] refuses a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The key has no contribution: its toxic waste (`delta = 1`) is known.
    NoContributions,
    /// A contribution's transcript is not the hash of the ceremony before it
    /// and its `g1_s`, `g1_sx` (an earlier record dropped, reordered or
    /// changed).
    Transcript,
    /// A contribution's proof of knowledge does not hold
    /// (`sameRatio(g1_s, g1_sx, hashToG2(transcript), g2_spx)`).
    ProofOfKnowledge,
    /// A contribution's delta does not follow from the previous one by the
    /// secret its proof of knowledge is for.
    DeltaChain,
    /// A beacon's key is not the one its beacon value derives.
    BeaconKey,
    /// The key's shape (wires, public inputs, domain) is not the circuit's.
    Shape,
    /// alpha, beta or gamma differ from the powers of tau's.
    Parameters,
    /// The header's delta is not the last contribution's (G1) or not the
    /// same secret in G2.
    Delta,
    /// The circuit hash, IC, coefficients, A, B1 or B2 differ from the
    /// circuit's: a key for another circuit or another version.
    Circuit,
    /// The C (L) points are not the initial ones divided by delta.
    LSection,
    /// The H points are not the initial ones divided by delta.
    HSection,
}

impl Reason {
    /// A one-line description.
    pub fn message(self) -> &'static str {
        match self {
            Reason::NoContributions => "the key has no phase-2 contribution (development key)",
            Reason::Transcript => "a contribution's transcript does not follow the ceremony",
            Reason::ProofOfKnowledge => "a contribution's proof of knowledge does not hold",
            Reason::DeltaChain => "a contribution's delta does not follow from the previous one",
            Reason::BeaconKey => "a beacon's key does not follow from its beacon value",
            Reason::Shape => "the key's shape is not the circuit's",
            Reason::Parameters => "alpha, beta or gamma are not the powers of tau's",
            Reason::Delta => "the key's delta is not the last contribution's",
            Reason::Circuit => "the key is for another circuit (or circuit version)",
            Reason::LSection => "the C (L) points do not match delta",
            Reason::HSection => "the H points do not match delta",
        }
    }
}

/// A refusal by [`verify`]: the reason and, for a contribution's check,
/// its position (0 the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The contribution at fault, if the check is about one.
    pub contribution: Option<usize>,
    /// What failed.
    pub reason: Reason,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.contribution {
            Some(i) => write!(f, "contribution #{}: {}", i + 1, self.reason.message()),
            None => f.write_str(self.reason.message()),
        }
    }
}

impl std::error::Error for Refusal {}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        Error::Key(r.reason.message())
    }
}

/// One verified contribution, for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The contributor's name, if given.
    pub name: Option<String>,
    /// The contribution hash (what its contributor was shown).
    pub hash: [u8; 64],
    /// The beacon's parameters, for a beacon.
    pub beacon: Option<Beacon>,
}

fn map_indexed<T: Send, F: Fn(usize) -> T + Sync + Send>(n: usize, f: F) -> Vec<T> {
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        (0..n).into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "threads"))]
    (0..n).map(f).collect()
}

fn normalize_g1(v: &[G1Projective]) -> Vec<G1Affine> {
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        v.par_chunks(4096)
            .flat_map_iter(G1Projective::normalize_batch)
            .collect()
    }
    #[cfg(not(feature = "threads"))]
    G1Projective::normalize_batch(v)
}

fn normalize_g2(v: &[G2Projective]) -> Vec<G2Affine> {
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        v.par_chunks(4096)
            .flat_map_iter(G2Projective::normalize_batch)
            .collect()
    }
    #[cfg(not(feature = "threads"))]
    G2Projective::normalize_batch(v)
}

/// Multiplies every point by `k` in place (parallel, batch-normalised):
/// [`FixedScalar`], about twice as fast per point as arkworks' affine
/// double-and-add.
fn scale(points: &mut [G1Affine], k: &Fr) {
    let k = FixedScalar::new(k);
    let work = |chunk: &mut [G1Affine]| {
        let p: Vec<G1Projective> = chunk.iter().map(|p| k.mul(p)).collect();
        chunk.copy_from_slice(&G1Projective::normalize_batch(&p));
    };
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        points.par_chunks_mut(1024).for_each(work);
    }
    #[cfg(not(feature = "threads"))]
    points.chunks_mut(1024).for_each(work);
}

/// `k·P` for many points `P` and one scalar `k` (a contribution scales
/// every L and H point by `1/δ`): `k = k1 + k2·λ` (GLV: `λ·P = φ(P) =
/// (β·x, y)`), decomposed once, and `k1`, `k2` in width-4 NAF, computed once;
/// then per point a joint pass over about 128 bits from tables of `P`'s and
/// `φ(P)`'s odd multiples: about 128 doublings and 51 additions, where
/// double-and-add on the affine point takes 254 and 127.
struct FixedScalar {
    naf1: Vec<i64>,
    naf2: Vec<i64>,
    neg1: bool,
    neg2: bool,
}

impl FixedScalar {
    const WINDOW: usize = 4;

    fn new(k: &Fr) -> FixedScalar {
        use ark_bn254::g1;
        use ark_ec::scalar_mul::glv::GLVConfig;
        use ark_ff::BigInteger;
        let ((sgn1, k1), (sgn2, k2)) = <g1::Config as GLVConfig>::scalar_decomposition(*k);
        let naf = |x: Fr| x.into_bigint().find_wnaf(Self::WINDOW).unwrap_or_default();
        FixedScalar {
            naf1: naf(k1),
            naf2: naf(k2),
            neg1: !sgn1,
            neg2: !sgn2,
        }
    }

    fn mul(&self, p: &G1Affine) -> G1Projective {
        use ark_bn254::g1;
        use ark_ec::scalar_mul::glv::GLVConfig;
        use ark_ec::AdditiveGroup;
        use ark_ff::Zero;
        let table = |base: G1Projective| {
            let twice = base.double();
            let mut t = [base; 1 << (Self::WINDOW - 2)];
            for i in 1..t.len() {
                t[i] = t[i - 1] + twice;
            }
            t
        };
        let b1 = G1Projective::from(*p);
        let b2 = G1Projective::from(<g1::Config as GLVConfig>::endomorphism_affine(p));
        let t1 = table(if self.neg1 { -b1 } else { b1 });
        let t2 = table(if self.neg2 { -b2 } else { b2 });
        let add = |acc: &mut G1Projective, t: &[G1Projective], d: i64| {
            if d > 0 {
                *acc += t[(d / 2) as usize];
            } else if d < 0 {
                *acc -= t[(-d / 2) as usize];
            }
        };
        let mut acc = G1Projective::zero();
        for i in (0..self.naf1.len().max(self.naf2.len())).rev() {
            acc.double_in_place();
            add(&mut acc, &t1, self.naf1.get(i).copied().unwrap_or(0));
            add(&mut acc, &t2, self.naf2.get(i).copied().unwrap_or(0));
        }
        acc
    }
}

/// One wire's terms in one matrix, `Σ v·L_row`, split for speed: the small
/// coefficients (`±k`, `k < 2^64`, most of them) cost a few additions each,
/// the large ones (Poseidon's constants) go to one multi-scalar
/// multiplication per wire instead of a scalar multiplication per term.
struct SplitTerms {
    small: Vec<(usize, bool, u64)>,
    big_rows: Vec<usize>,
    big_scalars: Vec<Scalar>,
}

impl SplitTerms {
    fn new(terms: &[(usize, Fr)]) -> SplitTerms {
        let mut out = SplitTerms {
            small: Vec::new(),
            big_rows: Vec::new(),
            big_scalars: Vec::new(),
        };
        for (row, v) in terms {
            match small_coefficient(v) {
                Some((negative, k)) => out.small.push((*row, negative, k)),
                None => {
                    out.big_rows.push(*row);
                    out.big_scalars.push(v.into_bigint());
                }
            }
        }
        out
    }

    /// `Σ v·bases[row]` over the terms.
    fn sum<G: CurveGroup<ScalarField = Fr>>(
        &self,
        bases: &[G::Affine],
        msm: fn(&[G::Affine], &[Scalar]) -> G,
    ) -> G {
        let mut acc = G::zero();
        for (row, negative, k) in &self.small {
            let p = mul_u64::<G>(&bases[*row], *k);
            if *negative {
                acc -= p;
            } else {
                acc += p;
            }
        }
        if self.big_rows.len() < 4 {
            for (row, v) in self.big_rows.iter().zip(&self.big_scalars) {
                acc += bases[*row].mul_bigint(v);
            }
        } else {
            let points: Vec<G::Affine> = self.big_rows.iter().map(|r| bases[*r]).collect();
            acc += msm(&points, &self.big_scalars);
        }
        acc
    }
}

fn hash_u32(h: &mut Blake2b512, n: usize) -> Result<()> {
    let n = u32::try_from(n).map_err(|_| Error::Key("circuit too large for a zkey"))?;
    h.update(n.to_be_bytes());
    Ok(())
}

fn hash_g1s(h: &mut Blake2b512, points: &[G1Affine]) -> Result<()> {
    hash_u32(h, points.len())?;
    for p in points {
        h.update(g1_uncompressed(p));
    }
    Ok(())
}

/// The initial key (`snarkjs zkey new` / `groth16 setup`) of the circuit
/// `r1cs` over the prepared powers of tau `ptau`; see the module
/// documentation. Fails if the powers of tau are not prepared for phase 2,
/// too small for the circuit, or the circuit needs the domain of 2^28.
pub fn new_zkey(r1cs: &R1cs, ptau: &Ptau) -> Result<Zkey> {
    let lagrange = ptau
        .lagrange
        .as_ref()
        .ok_or(Error::Key("the powers of tau are not prepared for phase 2"))?;
    let n_public = r1cs.n_public() as usize;
    let n_vars = r1cs.n_wires as usize;
    let n_constraints = r1cs.constraints.len();
    if n_public >= n_vars {
        return Err(Error::Key("the circuit has no private wire"));
    }
    // snarkjs: cirPower = log2(nConstraints + nPublic) + 1 (floor log2).
    let v = n_constraints + n_public;
    let floor_log2 = if v == 0 {
        0
    } else {
        usize::BITS - 1 - v.leading_zeros()
    };
    let power = floor_log2 + 1;
    if power > ptau.power {
        return Err(Error::Key(
            "the powers of tau are too small for the circuit",
        ));
    }
    if power >= 28 {
        return Err(Error::Key(
            "circuits of 2^27 or more rows are not supported",
        ));
    }
    let n = 1usize << power;
    let off = n - 1;
    let tau1 = &lagrange.tau_g1[off..off + n];
    let tau2 = &lagrange.tau_g2[off..off + n];
    let alpha = &lagrange.alpha_tau_g1[off..off + n];
    let beta = &lagrange.beta_tau_g1[off..off + n];

    // Per wire: (row, coefficient) of A (with the public rows), B, C.
    type Terms = Vec<Vec<(usize, Fr)>>;
    let mut a_terms: Terms = vec![Vec::new(); n_vars];
    let mut b_terms: Terms = vec![Vec::new(); n_vars];
    let mut c_terms: Terms = vec![Vec::new(); n_vars];
    let mut coefficients = Vec::new();
    let one = Fr::from(1u64);
    for (row, c) in r1cs.constraints.iter().enumerate() {
        for (matrix, lc, terms) in [
            (0u32, &c.a, &mut a_terms),
            (1, &c.b, &mut b_terms),
            (2, &c.c, &mut c_terms),
        ] {
            for (s, v) in lc {
                let s = *s as usize;
                if s >= n_vars {
                    return Err(Error::Encoding("r1cs constraints"));
                }
                terms[s].push((row, *v));
                if matrix < 2 {
                    coefficients.push(Coefficient {
                        matrix,
                        constraint: row as u32,
                        signal: s as u32,
                        value: *v,
                    });
                }
            }
        }
    }
    for (s, terms) in a_terms.iter_mut().enumerate().take(n_public + 1) {
        terms.push((n_constraints + s, one));
        coefficients.push(Coefficient {
            matrix: 0,
            constraint: (n_constraints + s) as u32,
            signal: s as u32,
            value: one,
        });
    }

    let a_split: Vec<SplitTerms> = a_terms.iter().map(|t| SplitTerms::new(t)).collect();
    let b_split: Vec<SplitTerms> = b_terms.iter().map(|t| SplitTerms::new(t)).collect();
    let c_split: Vec<SplitTerms> = c_terms.iter().map(|t| SplitTerms::new(t)).collect();
    drop((a_terms, b_terms, c_terms));
    let points = map_indexed(n_vars, |s| {
        let a = a_split[s].sum(tau1, msm_g1);
        let b1 = b_split[s].sum(tau1, msm_g1);
        let b2 = b_split[s].sum(tau2, msm_g2);
        let k = a_split[s].sum(beta, msm_g1)
            + b_split[s].sum(alpha, msm_g1)
            + c_split[s].sum(tau1, msm_g1);
        (a, b1, b2, k)
    });
    let a = normalize_g1(&points.iter().map(|p| p.0).collect::<Vec<_>>());
    let b_g1 = normalize_g1(&points.iter().map(|p| p.1).collect::<Vec<_>>());
    let b_g2 = normalize_g2(&points.iter().map(|p| p.2).collect::<Vec<_>>());
    let k = normalize_g1(&points.iter().map(|p| p.3).collect::<Vec<_>>());
    drop(points);
    let ic = k[..=n_public].to_vec();
    let c = k[n_public + 1..].to_vec();
    let h: Vec<G1Affine> = (0..n)
        .map(|i| lagrange.tau_g1[2 * n - 1 + 2 * i + 1])
        .collect();

    let alpha_g1 = ptau.alpha_tau_g1[0];
    let beta_g1 = ptau.beta_tau_g1[0];
    let beta_g2 = ptau.beta_g2;
    let g1 = G1Affine::generator();
    let g2 = G2Affine::generator();

    let mut hasher = Blake2b512::new();
    hasher.update(g1_uncompressed(&alpha_g1));
    hasher.update(g1_uncompressed(&beta_g1));
    hasher.update(g2_uncompressed(&beta_g2));
    hasher.update(g2_uncompressed(&g2));
    hasher.update(g1_uncompressed(&g1));
    hasher.update(g2_uncompressed(&g2));
    hash_g1s(&mut hasher, &ic)?;
    // H, hashed in the monomial basis: [τ^(i+n) - τ^i]₁.
    hash_u32(&mut hasher, n - 1)?;
    let hashed = if n - 1 <= H_HASH_CHUNK {
        n - 1
    } else {
        (n - 1).div_ceil(H_HASH_CHUNK) * H_HASH_CHUNK
    };
    if hashed + n > ptau.tau_g1.len() {
        return Err(Error::Key(
            "the powers of tau are too small for snarkjs's circuit hash",
        ));
    }
    let diffs = map_indexed(hashed, |i| {
        ptau.tau_g1[i + n].into_group() - ptau.tau_g1[i].into_group()
    });
    for p in normalize_g1(&diffs) {
        hasher.update(g1_uncompressed(&p));
    }
    hash_g1s(&mut hasher, &c)?;
    hash_g1s(&mut hasher, &a)?;
    hash_g1s(&mut hasher, &b_g1)?;
    hash_u32(&mut hasher, b_g2.len())?;
    for p in &b_g2 {
        hasher.update(g2_uncompressed(p));
    }
    let cs_hash: [u8; 64] = hasher.finalize().into();

    Ok(Zkey {
        n_vars: r1cs.n_wires,
        n_public: n_public as u32,
        domain_size: n as u32,
        alpha_g1,
        beta_g1,
        beta_g2,
        gamma_g2: g2,
        delta_g1: g1,
        delta_g2: g2,
        ic,
        coefficients,
        a,
        b_g1,
        b_g2,
        c,
        h,
        cs_hash,
        contributions: Vec::new(),
    })
}

/// Feeds a contribution's public key to a hasher (snarkjs `hashPubKey`).
fn hash_pub_key(h: &mut Blake2b512, c: &Contribution) {
    h.update(g1_uncompressed(&c.delta_after));
    h.update(g1_uncompressed(&c.g1_s));
    h.update(g1_uncompressed(&c.g1_sx));
    h.update(g2_uncompressed(&c.g2_spx));
    h.update(c.transcript);
}

/// A contribution's hash: blake2b-512 of its public key (what snarkjs
/// prints as "Contribution Hash").
pub fn contribution_hash(c: &Contribution) -> [u8; 64] {
    let mut h = Blake2b512::new();
    hash_pub_key(&mut h, c);
    h.finalize().into()
}

/// The transcript hasher after the circuit hash and every contribution.
fn transcript_base(zkey: &Zkey) -> Blake2b512 {
    let mut h = Blake2b512::new();
    h.update(zkey.cs_hash);
    for c in &zkey.contributions {
        hash_pub_key(&mut h, c);
    }
    h
}

/// Applies one contribution with the secret drawn from `rng`; returns its
/// hash.
fn apply(
    zkey: &mut Zkey,
    rng: &mut ChaCha,
    name: Option<&str>,
    beacon: Option<Beacon>,
) -> Result<[u8; 64]> {
    if name.is_some_and(|n| n.len() > MAX_NAME_BYTES) {
        return Err(Error::Encoding("contributor name (at most 64 bytes)"));
    }
    let mut hasher = transcript_base(zkey);
    let x = Zeroizing::new(fr_from_rng(rng));
    let x_inv = Zeroizing::new(
        x.inverse()
            .ok_or(Error::Key("a zero contribution secret"))?,
    );
    let g1_s = g1_from_rng(rng);
    let g1_sx = (g1_s * *x).into_affine();
    hasher.update(g1_uncompressed(&g1_s));
    hasher.update(g1_uncompressed(&g1_sx));
    let transcript: [u8; 64] = hasher.finalize().into();
    let g2_spx = (hash_to_g2(&transcript) * *x).into_affine();
    zkey.delta_g1 = (zkey.delta_g1 * *x).into_affine();
    zkey.delta_g2 = (zkey.delta_g2 * *x).into_affine();
    scale(&mut zkey.c, &x_inv);
    scale(&mut zkey.h, &x_inv);
    let c = Contribution {
        delta_after: zkey.delta_g1,
        g1_s,
        g1_sx,
        g2_spx,
        transcript,
        name: name.map(str::to_owned),
        beacon,
    };
    let hash = contribution_hash(&c);
    zkey.contributions.push(c);
    Ok(hash)
}

/// Contributes to `zkey` in place (snarkjs `zkey contribute`): the secret
/// comes from 64 bytes of the operating system's randomness hashed with
/// `entropy` (typed text, may be empty), is used once and wiped. Returns the
/// contribution hash the contributor keeps to find their contribution in
/// the final key. `name` is at most 64 bytes.
pub fn contribute(zkey: &mut Zkey, name: Option<&str>, entropy: &[u8]) -> Result<[u8; 64]> {
    let mut random = Zeroizing::new([0u8; 64]);
    OsRng.fill_bytes(random.as_mut());
    let mut rng = entropy_rng(&random, entropy);
    apply(zkey, &mut rng, name, None)
}

/// [`contribute`] on a `.zkey` file's bytes (what a browser contributor
/// holds): parses and validates the key ([`Zkey::from_bytes`]; a malformed
/// or truncated file is an error before any secret is drawn), contributes,
/// and returns the new file's bytes and the contribution hash.
pub fn contribute_bytes(
    bytes: &[u8],
    name: Option<&str>,
    entropy: &[u8],
) -> Result<(Vec<u8>, [u8; 64])> {
    // Before the (slow) parse: the name is checked again when applied.
    if name.is_some_and(|n| n.len() > MAX_NAME_BYTES) {
        return Err(Error::Encoding("contributor name (at most 64 bytes)"));
    }
    let mut zkey = Zkey::from_bytes(bytes)?;
    let hash = contribute(&mut zkey, name, entropy)?;
    Ok((zkey.to_bytes()?, hash))
}

/// [`contribute`] with the secret drawn from a given generator (tests,
/// reproducible runs; never for a real contribution).
pub fn contribute_with_rng(
    zkey: &mut Zkey,
    name: Option<&str>,
    rng: &mut ChaCha,
) -> Result<[u8; 64]> {
    apply(zkey, rng, name, None)
}

/// Applies a random beacon (snarkjs `zkey beacon`): the key derived from
/// `value` (1 to 255 bytes) hashed `2^iterations_exp` times with SHA-256
/// (`iterations_exp` from 10 to 63, as snarkjs requires). Returns the
/// contribution hash.
pub fn beacon(
    zkey: &mut Zkey,
    name: Option<&str>,
    value: &[u8],
    iterations_exp: u8,
) -> Result<[u8; 64]> {
    if value.is_empty() || value.len() > 255 || !(10..=63).contains(&iterations_exp) {
        return Err(Error::Encoding(
            "beacon (1 to 255 bytes, iterations exponent 10 to 63)",
        ));
    }
    let mut rng = beacon_rng(value, iterations_exp)?;
    let b = Beacon {
        iterations_exp,
        hash: value.to_vec(),
    };
    apply(zkey, &mut rng, name, Some(b))
}

/// 128-bit random scalars for a linear combination.
fn random_scalars(n: usize) -> Vec<Scalar> {
    (0..n)
        .map(|_| {
            let mut b = [0u8; 16];
            OsRng.fill_bytes(&mut b);
            Fr::from(u128::from_le_bytes(b)).into_bigint()
        })
        .collect()
}

/// Whether `last = initial / delta` point by point, by one random linear
/// combination: `sameRatio(Σ r·initial, Σ r·last, delta2, delta2_initial)`.
fn same_ratio_section(
    initial: &[G1Affine],
    last: &[G1Affine],
    delta2: &G2Affine,
    delta2_initial: &G2Affine,
) -> bool {
    if initial.len() != last.len() {
        return false;
    }
    if initial.is_empty() {
        return true;
    }
    let r = random_scalars(initial.len());
    let r1 = msm_g1(initial, &r);
    let r2 = msm_g1(last, &r);
    same_ratio_projective(&r1, &r2, delta2, delta2_initial)
}

/// Verifies the ceremony of `zkey` from `initial`, the circuit's initial key
/// ([`new_zkey`] from the circuit and the powers of tau), as `snarkjs zkey
/// verify` does (see the module documentation); also refuses a key without
/// contributions. Returns every contribution's name and hash, in order.
pub fn verify(zkey: &Zkey, initial: &Zkey) -> std::result::Result<Vec<Verified>, Refusal> {
    let refuse = |contribution: Option<usize>, reason: Reason| Refusal {
        contribution,
        reason,
    };
    if zkey.contributions.is_empty() {
        return Err(refuse(None, Reason::NoContributions));
    }
    let mut accumulated = Blake2b512::new();
    accumulated.update(zkey.cs_hash);
    let mut cur_delta = G1Affine::generator();
    let mut out = Vec::with_capacity(zkey.contributions.len());
    for (i, c) in zkey.contributions.iter().enumerate() {
        let mut ours = accumulated.clone();
        ours.update(g1_uncompressed(&c.g1_s));
        ours.update(g1_uncompressed(&c.g1_sx));
        let transcript: [u8; 64] = ours.finalize().into();
        if transcript != c.transcript {
            return Err(refuse(Some(i), Reason::Transcript));
        }
        let sp = hash_to_g2(&c.transcript);
        if !same_ratio(&c.g1_s, &c.g1_sx, &sp, &c.g2_spx) {
            return Err(refuse(Some(i), Reason::ProofOfKnowledge));
        }
        if !same_ratio(&cur_delta, &c.delta_after, &sp, &c.g2_spx) {
            return Err(refuse(Some(i), Reason::DeltaChain));
        }
        if let Some(b) = &c.beacon {
            let mut rng = beacon_rng(&b.hash, b.iterations_exp)
                .map_err(|_| refuse(Some(i), Reason::BeaconKey))?;
            let x = Zeroizing::new(fr_from_rng(&mut rng));
            let g1_s = g1_from_rng(&mut rng);
            let g1_sx = (g1_s * *x).into_affine();
            if g1_s != c.g1_s || g1_sx != c.g1_sx {
                return Err(refuse(Some(i), Reason::BeaconKey));
            }
        }
        hash_pub_key(&mut accumulated, c);
        out.push(Verified {
            name: c.name.clone(),
            hash: contribution_hash(c),
            beacon: c.beacon.clone(),
        });
        cur_delta = c.delta_after;
    }

    if (zkey.n_vars, zkey.n_public, zkey.domain_size)
        != (initial.n_vars, initial.n_public, initial.domain_size)
    {
        return Err(refuse(None, Reason::Shape));
    }
    if zkey.alpha_g1 != initial.alpha_g1
        || zkey.beta_g1 != initial.beta_g1
        || zkey.beta_g2 != initial.beta_g2
        || zkey.gamma_g2 != initial.gamma_g2
    {
        return Err(refuse(None, Reason::Parameters));
    }
    if zkey.delta_g1 != cur_delta
        || !same_ratio(
            &G1Affine::generator(),
            &cur_delta,
            &G2Affine::generator(),
            &zkey.delta_g2,
        )
    {
        return Err(refuse(None, Reason::Delta));
    }
    if zkey.cs_hash != initial.cs_hash
        || zkey.ic != initial.ic
        || zkey.coefficients != initial.coefficients
        || zkey.a != initial.a
        || zkey.b_g1 != initial.b_g1
        || zkey.b_g2 != initial.b_g2
    {
        return Err(refuse(None, Reason::Circuit));
    }
    if !same_ratio_section(&initial.c, &zkey.c, &zkey.delta_g2, &initial.delta_g2) {
        return Err(refuse(None, Reason::LSection));
    }
    if !same_ratio_section(&initial.h, &zkey.h, &zkey.delta_g2, &initial.delta_g2) {
        return Err(refuse(None, Reason::HSection));
    }
    Ok(out)
}

/// `x·G2` (for tests of forged contributions).
#[cfg(test)]
fn g2_times(x: &Fr) -> G2Affine {
    use ark_ec::PrimeGroup;
    (G2Projective::generator() * x).into_affine()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forged_delta_is_refused_by_the_ratio_check() {
        let x = Fr::from(5u64);
        let d1 = (G1Affine::generator() * x).into_affine();
        assert!(same_ratio(
            &G1Affine::generator(),
            &d1,
            &G2Affine::generator(),
            &g2_times(&x)
        ));
        assert!(!same_ratio(
            &G1Affine::generator(),
            &d1,
            &G2Affine::generator(),
            &g2_times(&Fr::from(6u64))
        ));
    }

    #[test]
    fn split_sums_equal_the_naive_sums() {
        use ark_ec::PrimeGroup;
        use ark_ff::UniformRand;
        use rand_core::SeedableRng;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(13);
        let bases1: Vec<G1Affine> = (0..40)
            .map(|_| (G1Projective::generator() * Fr::rand(&mut rng)).into_affine())
            .collect();
        let bases2: Vec<G2Affine> = (0..40)
            .map(|_| (G2Projective::generator() * Fr::rand(&mut rng)).into_affine())
            .collect();
        // No terms, few large ones (scalar multiplications), many (one MSM),
        // small and negated small ones mixed in.
        for (n_big, n_small) in [(0, 0), (0, 5), (3, 2), (4, 0), (30, 9)] {
            let mut terms = Vec::new();
            for i in 0..n_big {
                terms.push((i, Fr::rand(&mut rng)));
            }
            for i in 0..n_small {
                let k = Fr::from(i as u64 * 1000 + 1);
                terms.push((n_big + i, if i % 2 == 0 { k } else { -k }));
            }
            let split = SplitTerms::new(&terms);
            assert_eq!(split.small.len(), n_small);
            let naive1: G1Projective = terms.iter().map(|(r, v)| bases1[*r] * v).sum();
            let naive2: G2Projective = terms.iter().map(|(r, v)| bases2[*r] * v).sum();
            assert_eq!(split.sum(&bases1, msm_g1), naive1, "{n_big} {n_small}");
            assert_eq!(split.sum(&bases2, msm_g2), naive2, "{n_big} {n_small}");
        }
    }
}

#[cfg(test)]
mod fixed_scalar_tests {
    use super::*;
    use ark_ec::PrimeGroup;
    use ark_std::UniformRand;

    /// `FixedScalar` against arkworks' multiplication on edge scalars (0, 1,
    /// -1, small, 2^128 around the GLV split, random) and points (random,
    /// the generator, the identity).
    #[test]
    fn fixed_scalar_equals_arkworks_multiplication() {
        let mut rng = ark_std::test_rng();
        let mut points: Vec<G1Affine> = G1Projective::normalize_batch(
            &(0..16)
                .map(|_| G1Projective::generator() * Fr::rand(&mut rng))
                .collect::<Vec<_>>(),
        );
        points.push(G1Affine::generator());
        points.push(G1Affine::identity());
        let two128 = Fr::from(2u64).pow([128]);
        let mut scalars = vec![
            Fr::from(0u64),
            Fr::from(1u64),
            -Fr::from(1u64),
            Fr::from(2u64),
            Fr::from(15u64),
            Fr::from(17u64),
            two128,
            two128 - Fr::from(1u64),
            -two128,
        ];
        scalars.extend((0..8).map(|_| Fr::rand(&mut rng)));
        for k in &scalars {
            let f = FixedScalar::new(k);
            for p in &points {
                assert_eq!(f.mul(p), G1Projective::from(*p) * k, "k = {k}");
            }
        }
        // `scale` is the batch form.
        let k = Fr::rand(&mut rng);
        let mut scaled = points.clone();
        scale(&mut scaled, &k);
        for (s, p) in scaled.iter().zip(&points) {
            assert_eq!(*s, (*p * k).into_affine());
        }
    }
}

//! Phase 1 (powers of tau) for development and tests: a new accumulator, a
//! contribution, a beacon, and the preparation for phase 2, each giving the
//! `.ptau` file snarkjs gives for the same input and randomness (snarkjs
//! `src/powersoftau_new.js`, `powersoftau_contribute.js`,
//! `powersoftau_beacon.js`, `powersoftau_preparephase2.js`,
//! `powersoftau_utils.js` `calculateFirstChallengeHash`), so that
//! `snarkjs powersoftau verify` accepts zkcred's files and snarkjs and
//! zkcred contributions mix in one chain.
//!
//! Production keys use the public Perpetual Powers of Tau instead
//! (`docs/ceremony.md`).
//!
//! The transcript of a contribution with secrets `tau`, `alpha`, `beta` over
//! a file whose last challenge hash is `c` (the previous contribution's
//! next challenge, or for the first one the hash of the blank file,
//! [`first_challenge_hash`]):
//!
//! 1. the key: [`keypair::create_ptau_key`] bound to `c`;
//! 2. every point of sections 2 to 6 multiplied: `tauG1[i]·tau^i`,
//!    `tauG2[i]·tau^i`, `alphaTauG1[i]·alpha·tau^i`, `betaTauG1[i]·beta·tau^i`,
//!    `betaG2·beta`;
//! 3. the response hash: blake2b of `c`, then the new points compressed
//!    (section order), then the public key uncompressed (tau, alpha, beta:
//!    `g1_s`, `g1_sx` each, then the three `g2_spx`); the record keeps the
//!    hasher's state before the key (the partial hash);
//! 4. the next challenge: blake2b of the response hash, then the new points
//!    uncompressed.
//!
//! A beacon is a contribution whose generator is seeded by the beacon's
//! iterated hash ([`keypair::beacon_rng`]) instead of the system's entropy.

use ark_bn254::{G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{scalar_mul::ScalarMul, AffineRepr, CurveGroup};
use ark_ff::One;
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use zeroize::Zeroize;
use zkcred_circuits::Fr;

use super::{
    blake2b::Blake2b,
    contribution::Beacon,
    keypair::{self, g1_compressed, g1_uncompressed, g2_compressed, g2_uncompressed, ChaCha},
    ptau::{Contribution, Lagrange, Ptau, PublicKey, MAX_POWER},
};
use crate::{Error, Result};

/// The longest contributor name snarkjs keeps (it cuts names at 64 UTF-16
/// units; zkcred refuses longer ones rather than cut them).
pub const MAX_NAME: usize = 64;

/// The smallest and largest beacon iteration exponents snarkjs accepts.
pub const BEACON_ITERATIONS_EXP: std::ops::RangeInclusive<u8> = 10..=63;

/// Checks a power for a new file: 1 to [`MAX_POWER`].
fn check_power(power: u32) -> Result<usize> {
    if power == 0 || power > MAX_POWER {
        return Err(Error::Key("ptau power (must be 1 to 28)"));
    }
    Ok(1usize << power)
}

/// The hash of a blank file of `power` (every point the generator): the
/// first contribution's challenge (`calculateFirstChallengeHash`).
pub fn first_challenge_hash(power: u32) -> Result<[u8; 64]> {
    let n = check_power(power)?;
    let g1 = g1_uncompressed(&G1Affine::generator());
    let g2 = g2_uncompressed(&G2Affine::generator());
    let mut h = Blake2b::new();
    h.update(&Blake2b::new().finalize());
    let repeat = |h: &mut Blake2b, bytes: &[u8], count: usize| {
        // Hash in blocks of 1024 copies (the bytes hashed do not depend on
        // the block size).
        let block = bytes.repeat(1024);
        for _ in 0..count / 1024 {
            h.update(&block);
        }
        h.update(&block[..(count % 1024) * bytes.len()]);
    };
    repeat(&mut h, &g1, 2 * n - 1);
    repeat(&mut h, &g2, n);
    repeat(&mut h, &g1, n);
    repeat(&mut h, &g1, n);
    h.update(&g2);
    Ok(h.finalize())
}

/// A new accumulator of `power` (1 to 28): every point the generator, no
/// contribution (`powersoftau new`).
pub fn new_accumulator(power: u32) -> Result<Ptau> {
    let n = check_power(power)?;
    let g1 = G1Affine::generator();
    let g2 = G2Affine::generator();
    Ok(Ptau {
        power,
        ceremony_power: power,
        tau_g1: vec![g1; 2 * n - 1],
        tau_g2: vec![g2; n],
        alpha_tau_g1: vec![g1; n],
        beta_tau_g1: vec![g1; n],
        beta_g2: g2,
        contributions: Vec::new(),
        lagrange: None,
    })
}

/// The result of a contribution or beacon.
#[derive(Clone, Debug)]
pub struct Contributed {
    /// The new file (without phase-2 sections).
    pub ptau: Ptau,
    /// The contribution's response hash (what snarkjs prints as the
    /// contribution hash, and `powersoftau verify` prints as the
    /// contribution's "Response Hash").
    pub response_hash: [u8; 64],
}

/// Contributes to `prev` with secrets drawn from `rng`: the file snarkjs's
/// `powersoftau contribute` writes with that generator. `name` is at most
/// [`MAX_NAME`] characters.
pub fn contribute(prev: &Ptau, name: Option<&str>, rng: &mut ChaCha) -> Result<Contributed> {
    apply(prev, name, None, rng)
}

/// The beacon contribution of `beacon` hashed `2^iterations_exp` times
/// (exponent 10 to 63; `beacon` 1 to 255 bytes), as snarkjs's
/// `powersoftau beacon` writes it.
pub fn beacon(
    prev: &Ptau,
    name: Option<&str>,
    beacon: &[u8],
    iterations_exp: u8,
) -> Result<Contributed> {
    if beacon.is_empty() || beacon.len() > 255 {
        return Err(Error::Encoding("beacon (1 to 255 bytes)"));
    }
    if !BEACON_ITERATIONS_EXP.contains(&iterations_exp) {
        return Err(Error::Key("beacon iterations exponent (must be 10 to 63)"));
    }
    let mut rng = keypair::beacon_rng(beacon, iterations_exp)?;
    let b = Beacon {
        iterations_exp,
        hash: beacon.to_vec(),
    };
    apply(prev, name, Some(b), &mut rng)
}

/// `x·first·inc^i` for every point `x` (index `i`), in parallel, normalised
/// in one batch (ffjavascript `batchApplyKey`). The scalars are wiped.
fn apply_key<C: CurveGroup<ScalarField = Fr>>(
    points: &[C::Affine],
    first: &Fr,
    inc: &Fr,
) -> Vec<C::Affine> {
    let mut scalars = Vec::with_capacity(points.len());
    let mut t = *first;
    for _ in 0..points.len() {
        scalars.push(t);
        t *= inc;
    }
    t.zeroize();
    #[cfg(feature = "threads")]
    let projective: Vec<C> = {
        use rayon::prelude::*;
        points
            .par_iter()
            .zip(scalars.par_iter())
            .map(|(p, s)| *p * s)
            .collect()
    };
    #[cfg(not(feature = "threads"))]
    let projective: Vec<C> = points
        .iter()
        .zip(scalars.iter())
        .map(|(p, s)| *p * s)
        .collect();
    scalars.zeroize();
    C::normalize_batch(&projective)
}

/// Encodes `points` with `encode` into one buffer (in parallel chunks).
fn encode_all<P: Sync, const N: usize>(points: &[P], encode: fn(&P) -> [u8; N]) -> Vec<u8> {
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        let chunks: Vec<Vec<u8>> = points
            .par_chunks(4096)
            .map(|c| {
                let mut out = Vec::with_capacity(c.len() * N);
                for p in c {
                    out.extend_from_slice(&encode(p));
                }
                out
            })
            .collect();
        chunks.concat()
    }
    #[cfg(not(feature = "threads"))]
    {
        let mut out = Vec::with_capacity(points.len() * N);
        for p in points {
            out.extend_from_slice(&encode(p));
        }
        out
    }
}

/// The contributor's public key in the transcript's order, uncompressed.
fn public_key_uncompressed(key: &PublicKey) -> Vec<u8> {
    let mut out = Vec::new();
    for (s, sx, _) in [&key.tau, &key.alpha, &key.beta] {
        out.extend_from_slice(&g1_uncompressed(s));
        out.extend_from_slice(&g1_uncompressed(sx));
    }
    for (_, _, spx) in [&key.tau, &key.alpha, &key.beta] {
        out.extend_from_slice(&g2_uncompressed(spx));
    }
    out
}

/// The response hash of a record: its partial hash finished with its
/// public key (`readContribution`); `None` for a partial hash no hasher can
/// be in.
pub fn response_hash(c: &Contribution) -> Option<[u8; 64]> {
    let mut h = Blake2b::from_partial_state(&c.partial_hash)?;
    h.update(&public_key_uncompressed(&c.key));
    Some(h.finalize())
}

/// The last challenge hash of `ptau`: its last contribution's next
/// challenge, or the blank file's hash.
pub fn last_challenge(ptau: &Ptau) -> Result<[u8; 64]> {
    match ptau.contributions.last() {
        Some(c) => Ok(c.next_challenge),
        None => first_challenge_hash(ptau.power),
    }
}

/// The five point sections of a contribution's output.
struct Sections {
    tau_g1: Vec<G1Affine>,
    tau_g2: Vec<G2Affine>,
    alpha_tau_g1: Vec<G1Affine>,
    beta_tau_g1: Vec<G1Affine>,
    beta_g2: G2Affine,
}

/// Checks a contribution's name: at most [`MAX_NAME`] UTF-16 units.
fn check_name(name: Option<&str>) -> Result<()> {
    if name.is_some_and(|n| n.encode_utf16().count() > MAX_NAME) {
        return Err(Error::Encoding("contributor name (at most 64 characters)"));
    }
    Ok(())
}

/// A contribution or beacon (the transcript in the module documentation).
fn apply(
    prev: &Ptau,
    name: Option<&str>,
    beacon: Option<Beacon>,
    rng: &mut ChaCha,
) -> Result<Contributed> {
    if prev.power != prev.ceremony_power {
        return Err(Error::Key(
            "ptau file (reduced from a larger ceremony: contribute to the full file)",
        ));
    }
    check_name(name)?;
    check_power(prev.power)?;
    let challenge = last_challenge(prev)?;
    let (secrets, parts) = keypair::create_ptau_key(rng, &challenge);
    let one = Fr::one();

    let sections = Sections {
        tau_g1: apply_key::<G1Projective>(&prev.tau_g1, &one, &secrets.tau),
        tau_g2: apply_key::<G2Projective>(&prev.tau_g2, &one, &secrets.tau),
        alpha_tau_g1: apply_key::<G1Projective>(&prev.alpha_tau_g1, &secrets.alpha, &secrets.tau),
        beta_tau_g1: apply_key::<G1Projective>(&prev.beta_tau_g1, &secrets.beta, &secrets.tau),
        beta_g2: keypair::g2_times(&prev.beta_g2, &secrets.beta),
    };
    drop(secrets);
    Ok(record(prev, &challenge, &parts, sections, name, beacon))
}

/// The file after a contribution whose key is `parts` and whose new points
/// are `sections`: the response hash, the next challenge and the record.
fn record(
    prev: &Ptau,
    challenge: &[u8; 64],
    parts: &[keypair::KeyPart; 3],
    sections: Sections,
    name: Option<&str>,
    beacon: Option<Beacon>,
) -> Contributed {
    let Sections {
        tau_g1,
        tau_g2,
        alpha_tau_g1,
        beta_tau_g1,
        beta_g2,
    } = sections;
    let mut response = Blake2b::new();
    response.update(challenge);
    response.update(&encode_all(&tau_g1, g1_compressed));
    response.update(&encode_all(&tau_g2, g2_compressed));
    response.update(&encode_all(&alpha_tau_g1, g1_compressed));
    response.update(&encode_all(&beta_tau_g1, g1_compressed));
    response.update(&g2_compressed(&beta_g2));
    let partial_hash = response.partial_state();

    let key = PublicKey {
        tau: (parts[0].g1_s, parts[0].g1_sx, parts[0].g2_spx),
        alpha: (parts[1].g1_s, parts[1].g1_sx, parts[1].g2_spx),
        beta: (parts[2].g1_s, parts[2].g1_sx, parts[2].g2_spx),
    };
    response.update(&public_key_uncompressed(&key));
    let response_hash = response.finalize();

    let mut next = Blake2b::new();
    next.update(&response_hash);
    next.update(&encode_all(&tau_g1, g1_uncompressed));
    next.update(&encode_all(&tau_g2, g2_uncompressed));
    next.update(&encode_all(&alpha_tau_g1, g1_uncompressed));
    next.update(&encode_all(&beta_tau_g1, g1_uncompressed));
    next.update(&g2_uncompressed(&beta_g2));
    let next_challenge = next.finalize();

    let record = Contribution {
        tau_g1: tau_g1[1],
        tau_g2: tau_g2[1],
        alpha_g1: alpha_tau_g1[0],
        beta_g1: beta_tau_g1[0],
        beta_g2,
        key,
        partial_hash,
        next_challenge,
        name: name.map(str::to_owned),
        beacon,
    };
    let mut contributions = prev.contributions.clone();
    contributions.push(record);
    Contributed {
        ptau: Ptau {
            power: prev.power,
            ceremony_power: prev.power,
            tau_g1,
            tau_g2,
            alpha_tau_g1,
            beta_tau_g1,
            beta_g2,
            contributions,
            lagrange: None,
        },
        response_hash,
    }
}

/// The name [`dev_ptau`] gives its contribution, which marks the file as a
/// development one ([`is_dev_ptau`]).
pub const DEV_PTAU_NAME: &str = "zkcred DEVELOPMENT ptau: secrets known, never for production";

/// Whether `ptau` contains a [`dev_ptau`] contribution (whose secrets are
/// known to whoever has the seed: keys over it can be forged).
pub fn is_dev_ptau(ptau: &Ptau) -> bool {
    ptau.contributions
        .iter()
        .any(|c| c.name.as_deref() == Some(DEV_PTAU_NAME))
}

/// `[s_i]·G` for every scalar (fixed-base, windowed, in parallel, one batch
/// normalisation).
fn fixed_base<C: CurveGroup<ScalarField = Fr> + ScalarMul<MulBase = C::Affine>>(
    scalars: &[Fr],
) -> Vec<C::Affine> {
    if scalars.is_empty() {
        return Vec::new();
    }
    C::generator().batch_mul(scalars)
}

/// The Lagrange-basis scalars `L_i(tau)·first` of [`lagrange_all`] for the
/// scalars `powers` (the points' discrete logarithms), every power from 0
/// to `max_p` concatenated: an inverse FFT of the first 2^p scalars (zero
/// where `powers` is one short).
fn lagrange_scalars(powers: &[Fr], max_p: u32) -> Result<Vec<Fr>> {
    let mut out = Vec::with_capacity((2usize << max_p) - 1);
    for p in 0..=max_p {
        let n = 1usize << p;
        let mut v: Vec<Fr> = (0..n)
            .map(|i| powers.get(i).copied().unwrap_or_default())
            .collect();
        if n > 1 {
            let domain = Radix2EvaluationDomain::<Fr>::new(n)
                .ok_or(Error::Key("ptau power (too large to prepare)"))?;
            domain.ifft_in_place(&mut v);
        }
        out.append(&mut v);
    }
    Ok(out)
}

/// **Development only.** The prepared (phase-2-ready) powers of tau of
/// `power` (1 to 27) made by ONE contribution whose secrets are drawn from
/// the ChaCha generator seeded by `seed` (as [`contribute`] draws them),
/// computed directly from tau, alpha and beta by fixed-base multiplication
/// (the Lagrange sections from the scalars `L_i(tau)`), in seconds instead
/// of [`prepare`]'s minutes. The file is byte for byte
/// `prepare(contribute(new_accumulator(power), DEV_PTAU_NAME, seed))`, so
/// snarkjs verifies it, but **whoever knows `seed` knows tau and can forge
/// proofs for every key made over it**: tests, demos and CI only. Its
/// contribution is named [`DEV_PTAU_NAME`], which [`is_dev_ptau`] detects.
pub fn dev_ptau(power: u32, seed: &[u8; 32]) -> Result<Ptau> {
    let n = check_power(power)?;
    if power >= MAX_POWER {
        return Err(Error::Key(
            "ptau power 28 (zkcred prepares files up to power 27)",
        ));
    }
    let challenge = first_challenge_hash(power)?;
    let mut rng = ChaCha::from_hash(seed);
    let (secrets, parts) = keypair::create_ptau_key(&mut rng, &challenge);
    drop(rng);
    let mut taus = Vec::with_capacity(2 * n - 1);
    let mut t = Fr::one();
    for _ in 0..2 * n - 1 {
        taus.push(t);
        t *= secrets.tau;
    }
    t.zeroize();
    let mut alphas: Vec<Fr> = taus[..n].iter().map(|t| *t * secrets.alpha).collect();
    let mut betas: Vec<Fr> = taus[..n].iter().map(|t| *t * secrets.beta).collect();
    let sections = Sections {
        tau_g1: fixed_base::<G1Projective>(&taus),
        tau_g2: fixed_base::<G2Projective>(&taus[..n]),
        alpha_tau_g1: fixed_base::<G1Projective>(&alphas),
        beta_tau_g1: fixed_base::<G1Projective>(&betas),
        beta_g2: keypair::g2_times(&G2Affine::generator(), &secrets.beta),
    };
    drop(secrets);
    let lagrange = (|| -> Result<Lagrange> {
        let mut s = lagrange_scalars(&taus, power + 1)?;
        let tau_g1 = fixed_base::<G1Projective>(&s);
        s.zeroize();
        let mut s = lagrange_scalars(&taus[..n], power)?;
        let tau_g2 = fixed_base::<G2Projective>(&s);
        s.zeroize();
        let mut s = lagrange_scalars(&alphas, power)?;
        let alpha_tau_g1 = fixed_base::<G1Projective>(&s);
        s.zeroize();
        let mut s = lagrange_scalars(&betas, power)?;
        let beta_tau_g1 = fixed_base::<G1Projective>(&s);
        s.zeroize();
        Ok(Lagrange {
            tau_g1,
            tau_g2,
            alpha_tau_g1,
            beta_tau_g1,
        })
    })();
    taus.zeroize();
    alphas.zeroize();
    betas.zeroize();
    let lagrange = lagrange?;
    let blank = Ptau {
        power,
        ceremony_power: power,
        tau_g1: Vec::new(),
        tau_g2: Vec::new(),
        alpha_tau_g1: Vec::new(),
        beta_tau_g1: Vec::new(),
        beta_g2: G2Affine::generator(),
        contributions: Vec::new(),
        lagrange: None,
    };
    let c = record(
        &blank,
        &challenge,
        &parts,
        sections,
        Some(DEV_PTAU_NAME),
        None,
    );
    Ok(Ptau {
        lagrange: Some(lagrange),
        ..c.ptau
    })
}

/// The Lagrange-basis points of `points` over the domain of size 2^p, for
/// every `p` from 0 to `max_p`, concatenated: an inverse FFT of the first
/// 2^p points (the last one the point at infinity where `points` is one
/// short, as for tauG1 at `power + 1`).
fn lagrange_all<C: CurveGroup<ScalarField = Fr>>(
    points: &[C::Affine],
    max_p: u32,
) -> Result<Vec<C::Affine>> {
    let mut out = Vec::with_capacity((2usize << max_p) - 1);
    for p in 0..=max_p {
        let n = 1usize << p;
        let mut v: Vec<C> = (0..n)
            .map(|i| points.get(i).map_or_else(C::zero, |q| (*q).into()))
            .collect();
        if n > 1 {
            // BN254's scalar field has domains up to 2^28 (the callers keep
            // `max_p` within it).
            let domain = Radix2EvaluationDomain::<Fr>::new(n)
                .ok_or(Error::Key("ptau power (too large to prepare)"))?;
            domain.ifft_in_place(&mut v);
        }
        out.extend(C::normalize_batch(&v));
    }
    Ok(out)
}

/// Prepares `ptau` for phase 2: its sections 2 to 7 and the Lagrange
/// sections 12 to 15 as `powersoftau prepare phase2` writes them (every
/// power from 0 to `power`, and `power + 1` for tauG1). The header's
/// ceremony power becomes `power`, as snarkjs writes it. A file of power 28
/// cannot be prepared (tauG1 at power 29 needs a domain larger than BN254's
/// scalar field has).
pub fn prepare(ptau: &Ptau) -> Result<Ptau> {
    check_power(ptau.power)?;
    if ptau.power >= MAX_POWER {
        return Err(Error::Key(
            "ptau power 28 (zkcred prepares files up to power 27)",
        ));
    }
    let power = ptau.power;
    let lagrange = Lagrange {
        tau_g1: lagrange_all::<G1Projective>(&ptau.tau_g1, power + 1)?,
        tau_g2: lagrange_all::<G2Projective>(&ptau.tau_g2, power)?,
        alpha_tau_g1: lagrange_all::<G1Projective>(&ptau.alpha_tau_g1, power)?,
        beta_tau_g1: lagrange_all::<G1Projective>(&ptau.beta_tau_g1, power)?,
    };
    Ok(Ptau {
        power,
        ceremony_power: power,
        lagrange: Some(lagrange),
        ..ptau.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ark_ec::PrimeGroup;
    use ark_ff::Field;

    #[test]
    fn powers_outside_1_to_28_are_refused() {
        assert_eq!(new_accumulator(0).unwrap_err().kind(), ErrorKind::Key);
        assert_eq!(new_accumulator(29).unwrap_err().kind(), ErrorKind::Key);
        assert_eq!(first_challenge_hash(0).unwrap_err().kind(), ErrorKind::Key);
        // Power 28 cannot be prepared (refused before any point is read).
        let mut big = new_accumulator(1).unwrap();
        big.power = 28;
        big.ceremony_power = 28;
        assert_eq!(prepare(&big).unwrap_err().kind(), ErrorKind::Key);
    }

    #[test]
    fn a_contribution_multiplies_by_the_powers_of_its_secrets() {
        let p0 = new_accumulator(3).unwrap();
        let mut rng = ChaCha::from_hash(&[4; 32]);
        let c = contribute(&p0, Some("one"), &mut rng).unwrap();
        // The same generator again gives the same secrets.
        let (s, _) = keypair::create_ptau_key(
            &mut ChaCha::from_hash(&[4; 32]),
            &first_challenge_hash(3).unwrap(),
        );
        let g1 = G1Projective::generator();
        for (i, p) in c.ptau.tau_g1.iter().enumerate() {
            assert_eq!(*p, (g1 * s.tau.pow([i as u64])).into_affine());
        }
        assert_eq!(
            c.ptau.beta_tau_g1[2],
            (g1 * (s.beta * s.tau.square())).into_affine()
        );
        let record = &c.ptau.contributions[0];
        assert_eq!(response_hash(record), Some(c.response_hash));
        assert_eq!(record.tau_g1, c.ptau.tau_g1[1]);
        // The file round-trips.
        let bytes = c.ptau.to_bytes().unwrap();
        assert_eq!(Ptau::from_bytes(&bytes).unwrap(), c.ptau);
    }

    #[test]
    fn bad_beacons_and_names_are_refused() {
        let p0 = new_accumulator(1).unwrap();
        let kind = |r: Result<Contributed>| r.unwrap_err().kind();
        assert_eq!(kind(beacon(&p0, None, &[], 10)), ErrorKind::Encoding);
        assert_eq!(kind(beacon(&p0, None, &[0; 256], 10)), ErrorKind::Encoding);
        assert_eq!(kind(beacon(&p0, None, &[1], 9)), ErrorKind::Key);
        assert_eq!(kind(beacon(&p0, None, &[1], 64)), ErrorKind::Key);
        let long = "x".repeat(65);
        let mut rng = ChaCha::from_hash(&[0; 32]);
        assert_eq!(
            kind(contribute(&p0, Some(&long), &mut rng)),
            ErrorKind::Encoding
        );
        let mut reduced = p0.clone();
        reduced.ceremony_power = 2;
        assert_eq!(kind(contribute(&reduced, None, &mut rng)), ErrorKind::Key);
    }

    #[test]
    fn lagrange_points_evaluate_the_powers() {
        // sum_i L_i(tau)·G1 · w^(i·k) = tau^k·G1 for a domain of size 4.
        let p0 = new_accumulator(2).unwrap();
        let c = contribute(&p0, None, &mut ChaCha::from_hash(&[2; 32])).unwrap();
        let prepared = prepare(&c.ptau).unwrap();
        let l = prepared.lagrange.as_ref().unwrap();
        assert_eq!(l.tau_g1.len(), 15);
        // Power 0: the single point itself.
        assert_eq!(l.tau_g1[0], c.ptau.tau_g1[0]);
        let domain = Radix2EvaluationDomain::<Fr>::new(4).unwrap();
        let lagrange4 = &l.tau_g1[3..7];
        for k in 0..4u64 {
            let sum: G1Projective = lagrange4
                .iter()
                .enumerate()
                .map(|(i, p)| *p * domain.group_gen.pow([i as u64 * k]))
                .sum();
            assert_eq!(sum.into_affine(), c.ptau.tau_g1[k as usize]);
        }
        let bytes = prepared.to_bytes().unwrap();
        assert_eq!(Ptau::from_bytes(&bytes).unwrap(), prepared);
    }

    #[test]
    fn the_dev_ptau_equals_new_contribute_prepare_byte_for_byte() {
        assert!(DEV_PTAU_NAME.encode_utf16().count() <= MAX_NAME);
        for (power, seed) in [(1, [7u8; 32]), (3, [8; 32]), (5, [9; 32])] {
            let slow = contribute(
                &new_accumulator(power).unwrap(),
                Some(DEV_PTAU_NAME),
                &mut ChaCha::from_hash(&seed),
            )
            .unwrap();
            let slow = prepare(&slow.ptau).unwrap();
            let fast = dev_ptau(power, &seed).unwrap();
            assert_eq!(
                fast.to_bytes().unwrap(),
                slow.to_bytes().unwrap(),
                "{power}"
            );
            assert!(is_dev_ptau(&fast));
        }
        // Another seed, another file; a file made otherwise is not marked.
        assert_ne!(
            dev_ptau(3, &[1; 32]).unwrap(),
            dev_ptau(3, &[2; 32]).unwrap()
        );
        let p0 = new_accumulator(2).unwrap();
        let c = contribute(&p0, Some("alice"), &mut ChaCha::from_hash(&[1; 32])).unwrap();
        assert!(!is_dev_ptau(&c.ptau));
        assert_eq!(dev_ptau(0, &[0; 32]).unwrap_err().kind(), ErrorKind::Key);
        assert_eq!(dev_ptau(28, &[0; 32]).unwrap_err().kind(), ErrorKind::Key);
    }
}

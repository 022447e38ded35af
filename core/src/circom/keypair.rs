//! The primitives snarkjs's ceremonies share, phase 1 (`.ptau`) and phase 2
//! (`.zkey`), in one place, written to give the same bits as snarkjs 0.7
//! and ffjavascript 0.3 given the same seed, so a key derived by one tool
//! is re-derived by the other (snarkjs `src/keypair.js`, `src/misc.js`;
//! ffjavascript `src/chacha.js`, `wasm_field1.js`, `wasm_curve.js`
//! `fromRng`; wasmcurves `build_curve_jacobian_a0.js` `LEMtoU`, `LEMtoC`):
//!
//! - [`ChaCha`]: ffjavascript's `ChaCha` generator (`src/chacha.js`: the
//!   ChaCha20 block function over a state of the four constants, an
//!   eight-word seed and a 128-bit block counter; words handed out in
//!   order, a `u64` as two words high first; equal to
//!   `rand_chacha::ChaCha20Rng` with the words as its little-endian key);
//! - [`fr_from_rng`], [`g1_from_rng`], [`g2_from_rng`]: ffjavascript's
//!   `Fr.fromRng`, `G1.fromRng`, `G2.fromRng` (`wasm_field1.js`,
//!   `wasm_curve.js`): a field element is four `u64`s (limb 0 first),
//!   masked to the modulus's bit length and drawn again until below it, and
//!   read as a *Montgomery* representation (its value is `v·R⁻¹`); a point
//!   takes `x` then a sign bit until `x³ + b` is a square, the square root
//!   whose "negative" flag (above `(p-1)/2`; in Fq2, `c1`'s, or `c0`'s when
//!   `c1 = 0`) equals the bit, and in G2 is multiplied by the cofactor;
//! - [`hash_to_g2`]: snarkjs `keypair.js` `hashToG2`: the ChaCha seed is the
//!   first 32 bytes of the hash as eight big-endian words; [`g2_sp`]
//!   (`getG2sp`) and [`create_ptau_key`] (`createPTauKey`), phase 1's
//!   proof-of-knowledge key;
//! - [`g1_uncompressed`], [`g2_uncompressed`]: ffjavascript's uncompressed
//!   form, what snarkjs hashes: `x` then `y` big-endian (in Fq2, `c1` then
//!   `c0`), zeros for the point at infinity; [`g1_compressed`],
//!   [`g2_compressed`] (`LEMtoC`, phase 1's response hash);
//! - [`same_ratio`]: snarkjs `misc.js` `sameRatio`: none of the points is
//!   the identity and `e(g1s, g2sx) = e(g1sx, g2s)`;
//! - [`entropy_rng`] (`misc.js` `getRandomRng`: blake2b-512 of 64 random
//!   bytes and the entropy text) and [`beacon_rng`] (`rngFromBeaconParams`:
//!   SHA-256 iterated `2^exp` times on the beacon value);
//! - [`format_hash`]: snarkjs's display of a 64-byte hash.

use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{
    pairing::Pairing, short_weierstrass::SWCurveConfig, AffineRepr, CurveConfig, CurveGroup,
};
use ark_ff::{BigInt, BigInteger, Field, PrimeField, Zero};
use blake2::{Blake2b512, Digest};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::blake2b::Blake2b;
use crate::{Error, Result};

/// ffjavascript's ChaCha generator (see the module documentation). Its
/// state is wiped when it drops: seeded from a contributor's entropy, it
/// determines their secret.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ChaCha {
    state: [u32; 16],
    buffer: [u32; 16],
    index: usize,
}

impl std::fmt::Debug for ChaCha {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChaCha(..)")
    }
}

fn quarter_round(s: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize) {
    s[a] = s[a].wrapping_add(s[b]);
    s[d] = (s[d] ^ s[a]).rotate_left(16);
    s[c] = s[c].wrapping_add(s[d]);
    s[b] = (s[b] ^ s[c]).rotate_left(12);
    s[a] = s[a].wrapping_add(s[b]);
    s[d] = (s[d] ^ s[a]).rotate_left(8);
    s[c] = s[c].wrapping_add(s[d]);
    s[b] = (s[b] ^ s[c]).rotate_left(7);
}

impl ChaCha {
    /// The generator with an eight-word seed.
    pub fn new(seed: [u32; 8]) -> ChaCha {
        let mut state = [0u32; 16];
        state[..4].copy_from_slice(&[0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]);
        state[4..12].copy_from_slice(&seed);
        ChaCha {
            state,
            buffer: [0; 16],
            index: 16,
        }
    }

    /// The generator seeded with the first 32 bytes of `hash` read as eight
    /// big-endian words (how snarkjs seeds it from a hash). `hash` must hold
    /// at least 32 bytes.
    pub fn from_hash(hash: &[u8]) -> ChaCha {
        let mut seed = [0u32; 8];
        for (word, chunk) in seed.iter_mut().zip(hash.chunks_exact(4)) {
            *word = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        let rng = ChaCha::new(seed);
        seed.zeroize();
        rng
    }

    fn refill(&mut self) {
        self.buffer = self.state;
        for _ in 0..10 {
            let b = &mut self.buffer;
            quarter_round(b, 0, 4, 8, 12);
            quarter_round(b, 1, 5, 9, 13);
            quarter_round(b, 2, 6, 10, 14);
            quarter_round(b, 3, 7, 11, 15);
            quarter_round(b, 0, 5, 10, 15);
            quarter_round(b, 1, 6, 11, 12);
            quarter_round(b, 2, 7, 8, 13);
            quarter_round(b, 3, 4, 9, 14);
        }
        for (out, s) in self.buffer.iter_mut().zip(&self.state) {
            *out = out.wrapping_add(*s);
        }
        self.index = 0;
        for i in 12..16 {
            self.state[i] = self.state[i].wrapping_add(1);
            if self.state[i] != 0 {
                break;
            }
        }
    }

    /// The next word.
    pub fn next_u32(&mut self) -> u32 {
        if self.index == 16 {
            self.refill();
        }
        let out = self.buffer[self.index];
        self.index += 1;
        out
    }

    /// The next two words, the first the high half.
    pub fn next_u64(&mut self) -> u64 {
        let hi = u64::from(self.next_u32());
        let lo = u64::from(self.next_u32());
        (hi << 32) | lo
    }

    /// The low bit of the next word.
    pub fn next_bool(&mut self) -> bool {
        self.next_u32() & 1 == 1
    }
}

/// ffjavascript's `F.fromRng` for a 254-bit prime field: the integer `v`
/// below `modulus`, drawn again while it is not, which the caller reads as
/// a Montgomery representation (the element `v·R⁻¹`).
fn montgomery_below(rng: &mut ChaCha, modulus: &BigInt<4>) -> BigInt<4> {
    loop {
        let mut limbs = [0u64; 4];
        for limb in limbs.iter_mut() {
            *limb = rng.next_u64();
        }
        // Mask to the modulus's bit length (254 bits for both BN254 fields).
        limbs[3] &= (1u64 << 62) - 1;
        let v = BigInt::<4>(limbs);
        limbs.zeroize();
        if v < *modulus {
            return v;
        }
    }
}

/// ffjavascript's `Fr.fromRng`: a scalar (a contributor's secret).
pub fn fr_from_rng(rng: &mut ChaCha) -> Fr {
    Fr::new_unchecked(montgomery_below(rng, &Fr::MODULUS))
}

/// ffjavascript's `F1.fromRng`: a base-field element.
fn fq_from_rng(rng: &mut ChaCha) -> Fq {
    Fq::new_unchecked(montgomery_below(rng, &Fq::MODULUS))
}

/// Whether `x` is "negative" in ffjavascript's sense: above `(p - 1) / 2`.
fn fq_is_negative(x: &Fq) -> bool {
    x.into_bigint() > Fq::MODULUS_MINUS_ONE_DIV_TWO
}

/// Fq2's sign (wasmcurves `f2m_isNegative`): `c1`'s, or `c0`'s when
/// `c1 = 0`.
fn fq2_is_negative(y: &Fq2) -> bool {
    if y.c1.is_zero() {
        fq_is_negative(&y.c0)
    } else {
        fq_is_negative(&y.c1)
    }
}

/// ffjavascript's `G1.fromRng`.
pub fn g1_from_rng(rng: &mut ChaCha) -> G1Affine {
    loop {
        let x = fq_from_rng(rng);
        let greatest = rng.next_bool();
        let rhs = x * x * x + ark_bn254::g1::Config::COEFF_B;
        if let Some(mut y) = rhs.sqrt() {
            if fq_is_negative(&y) != greatest {
                y = -y;
            }
            return G1Affine::new_unchecked(x, y);
        }
    }
}

/// ffjavascript's `G2.fromRng`: a point of the twist, multiplied by the
/// cofactor into G2.
pub fn g2_from_rng(rng: &mut ChaCha) -> G2Affine {
    loop {
        let c0 = fq_from_rng(rng);
        let c1 = fq_from_rng(rng);
        let x = Fq2::new(c0, c1);
        let greatest = rng.next_bool();
        let rhs = x * x * x + ark_bn254::g2::Config::COEFF_B;
        if let Some(mut y) = rhs.sqrt() {
            if fq2_is_negative(&y) != greatest {
                y = -y;
            }
            let p = G2Affine::new_unchecked(x, y);
            return p
                .mul_bigint(<ark_bn254::g2::Config as CurveConfig>::COFACTOR)
                .into_affine();
        }
    }
}

/// snarkjs `hashToG2`: the G2 point drawn from the ChaCha generator seeded
/// with the hash (the transcript a contribution's proof of knowledge is
/// bound to).
pub fn hash_to_g2(hash: &[u8; 64]) -> G2Affine {
    g2_from_rng(&mut ChaCha::from_hash(hash))
}

/// A G1 point in ffjavascript's uncompressed form (64 bytes).
pub fn g1_uncompressed(p: &G1Affine) -> [u8; 64] {
    let mut out = [0u8; 64];
    if !p.is_zero() {
        out[..32].copy_from_slice(&p.x.into_bigint().to_bytes_be());
        out[32..].copy_from_slice(&p.y.into_bigint().to_bytes_be());
    }
    out
}

/// A G2 point in ffjavascript's uncompressed form (128 bytes).
pub fn g2_uncompressed(p: &G2Affine) -> [u8; 128] {
    let mut out = [0u8; 128];
    if !p.is_zero() {
        for (i, c) in [&p.x.c1, &p.x.c0, &p.y.c1, &p.y.c0].iter().enumerate() {
            out[i * 32..(i + 1) * 32].copy_from_slice(&c.into_bigint().to_bytes_be());
        }
    }
    out
}

/// A G1 point compressed (`LEMtoC`): `x` big-endian, the top bit set when
/// `y` is negative; the point at infinity is `0x40` then zeros.
pub fn g1_compressed(p: &G1Affine) -> [u8; 32] {
    let mut out = [0u8; 32];
    if p.is_zero() {
        out[0] = 0x40;
    } else {
        out.copy_from_slice(&p.x.into_bigint().to_bytes_be());
        if fq_is_negative(&p.y) {
            out[0] |= 0x80;
        }
    }
    out
}

/// A G2 point compressed: `x.c1`, `x.c0` big-endian, the top bit set when
/// `y` is negative; the point at infinity is `0x40` then zeros.
pub fn g2_compressed(p: &G2Affine) -> [u8; 64] {
    let mut out = [0u8; 64];
    if p.is_zero() {
        out[0] = 0x40;
    } else {
        out[..32].copy_from_slice(&p.x.c1.into_bigint().to_bytes_be());
        out[32..].copy_from_slice(&p.x.c0.into_bigint().to_bytes_be());
        if fq2_is_negative(&p.y) {
            out[0] |= 0x80;
        }
    }
    out
}

/// snarkjs `getG2sp` (phase 1): `hashToG2(blake2b(personalization ||
/// challenge || g1_s || g1_sx))`, the points uncompressed.
pub fn g2_sp(personalization: u8, challenge: &[u8], g1_s: &G1Affine, g1_sx: &G1Affine) -> G2Affine {
    let mut h = Blake2b::new();
    h.update(&[personalization]);
    h.update(challenge);
    h.update(&g1_uncompressed(g1_s));
    h.update(&g1_uncompressed(g1_sx));
    hash_to_g2(&h.finalize())
}

/// One secret of a phase-1 contribution (tau, alpha or beta) with its proof
/// of knowledge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPart {
    /// A random G1 point `s`.
    pub g1_s: G1Affine,
    /// `s·x`.
    pub g1_sx: G1Affine,
    /// `sp·x`, `sp` = [`g2_sp`] of the challenge, `s` and `s·x`.
    pub g2_spx: G2Affine,
}

/// A phase-1 contribution's secrets, wiped when dropped.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct PtauSecrets {
    /// tau.
    pub tau: Fr,
    /// alpha.
    pub alpha: Fr,
    /// beta.
    pub beta: Fr,
}

impl std::fmt::Debug for PtauSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PtauSecrets(..)")
    }
}

/// snarkjs `createPTauKey`: tau, alpha, beta from `rng`, then for each (in
/// that order, personalization 0, 1, 2) its proof of knowledge bound to
/// `challenge`.
pub fn create_ptau_key(rng: &mut ChaCha, challenge: &[u8; 64]) -> (PtauSecrets, [KeyPart; 3]) {
    let secrets = PtauSecrets {
        tau: fr_from_rng(rng),
        alpha: fr_from_rng(rng),
        beta: fr_from_rng(rng),
    };
    let mut part = |x: &Fr, personalization: u8| {
        let g1_s = g1_from_rng(rng);
        let g1_sx = (g1_s * x).into_affine();
        let sp = g2_sp(personalization, challenge, &g1_s, &g1_sx);
        let g2_spx = (sp * x).into_affine();
        KeyPart {
            g1_s,
            g1_sx,
            g2_spx,
        }
    };
    let parts = [
        part(&secrets.tau, 0),
        part(&secrets.alpha, 1),
        part(&secrets.beta, 2),
    ];
    (secrets, parts)
}

/// `x·p` in G2, affine.
pub(crate) fn g2_times(p: &G2Affine, x: &Fr) -> G2Affine {
    (G2Projective::from(*p) * x).into_affine()
}

/// snarkjs `sameRatio`: `g1sx = x·g1s` and `g2sx = x·g2s` for one `x`
/// (`e(g1s, g2sx) = e(g1sx, g2s)`), none of the four the identity.
pub fn same_ratio(g1s: &G1Affine, g1sx: &G1Affine, g2s: &G2Affine, g2sx: &G2Affine) -> bool {
    if g1s.is_zero() || g1sx.is_zero() || g2s.is_zero() || g2sx.is_zero() {
        return false;
    }
    let neg: G1Projective = -g1sx.into_group();
    Bn254::multi_pairing(
        [g1s.into_group(), neg],
        [g2sx.into_group(), g2s.into_group()],
    )
    .is_zero()
}

/// [`same_ratio`] for projective G1 points (random linear combinations).
pub fn same_ratio_projective(
    g1s: &G1Projective,
    g1sx: &G1Projective,
    g2s: &G2Affine,
    g2sx: &G2Affine,
) -> bool {
    let v = G1Projective::normalize_batch(&[*g1s, *g1sx]);
    same_ratio(&v[0], &v[1], g2s, g2sx)
}

/// snarkjs `getRandomRng`: the generator seeded from blake2b-512 of 64
/// random bytes and the entropy text (UTF-8).
pub fn entropy_rng(random: &[u8; 64], entropy: &[u8]) -> ChaCha {
    let mut h = Blake2b512::new();
    h.update(random);
    h.update(entropy);
    let mut hash: [u8; 64] = h.finalize().into();
    let rng = ChaCha::from_hash(&hash);
    hash.zeroize();
    rng
}

/// The beacon's value after `2^iterations_exp` rounds of SHA-256 (snarkjs
/// `rngFromBeaconParams`, before seeding).
pub fn beacon_hash(beacon: &[u8], iterations_exp: u8) -> Result<[u8; 32]> {
    use sha2::Sha256;
    if iterations_exp > 63 || beacon.is_empty() {
        return Err(Error::Encoding(
            "beacon (1 to 255 bytes, at most 2^63 iterations)",
        ));
    }
    let mut cur = Sha256::digest(beacon);
    for _ in 1..(1u64 << iterations_exp) {
        cur = Sha256::digest(cur);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(&cur);
    Ok(out)
}

/// snarkjs `rngFromBeaconParams`: the generator seeded with the beacon's
/// value after `2^iterations_exp` rounds of SHA-256.
pub fn beacon_rng(beacon: &[u8], iterations_exp: u8) -> Result<ChaCha> {
    Ok(ChaCha::from_hash(&beacon_hash(beacon, iterations_exp)?))
}

/// snarkjs `formatHash`: the title, then four lines of four 8-digit hex
/// words, each line starting with two tabs.
pub fn format_hash(hash: &[u8; 64], title: &str) -> String {
    let mut s = String::new();
    if !title.is_empty() {
        s.push_str(title);
        s.push('\n');
    }
    for (i, line) in hash.chunks_exact(16).enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str("\t\t");
        let words: Vec<String> = line.chunks_exact(4).map(hex::encode).collect();
        s.push_str(&words.join(" "));
    }
    s
}

/// `p·k` for a projective point and a small scalar by double-and-add (the
/// common ±1 and small coefficients of a constraint system cost a few
/// additions, not a full scalar multiplication).
pub(crate) fn mul_u64<G: CurveGroup>(p: &G::Affine, k: u64) -> G {
    let mut acc = G::zero();
    for bit in (0..64 - k.leading_zeros()).rev() {
        acc.double_in_place();
        if (k >> bit) & 1 == 1 {
            acc += p;
        }
    }
    acc
}

/// `v` as `±k` for a `k` below `2^64` (most constraint coefficients), as
/// (negative, k); `None` for a large one.
pub(crate) fn small_coefficient(v: &Fr) -> Option<(bool, u64)> {
    let small = |x: &Fr| {
        let b = x.into_bigint();
        (b.0[1] == 0 && b.0[2] == 0 && b.0[3] == 0).then_some(b.0[0])
    };
    small(v)
        .map(|k| (false, k))
        .or_else(|| small(&-*v).map(|k| (true, k)))
}

/// `p·v` for a scalar that may be small or the negative of a small one
/// (what [`small_coefficient`] and [`mul_u64`] compute, checked in tests).
#[cfg(test)]
pub(crate) fn mul_coefficient<G: CurveGroup<ScalarField = Fr>>(p: &G::Affine, v: &Fr) -> G {
    match small_coefficient(v) {
        Some((false, k)) => mul_u64::<G>(p, k),
        Some((true, k)) => -mul_u64::<G>(p, k),
        None => *p * v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::PrimeGroup;
    use ark_ff::UniformRand;

    fn fq(s: &str) -> Fq {
        s.parse().unwrap()
    }

    fn g2(x: [&str; 2], y: [&str; 2]) -> G2Affine {
        G2Affine::new(Fq2::new(fq(x[0]), fq(x[1])), Fq2::new(fq(y[0]), fq(y[1])))
    }

    /// Pinned against ffjavascript 0.3 (snarkjs 0.7.5's): with
    /// `rng = new ChaCha([1..8])`, `Fr.fromRng(rng)`, then `G1.fromRng(rng)`,
    /// then `G2.fromRng(rng)`; and `G2.fromRng` seeded from the hash bytes
    /// 0, 1, ..., 63 as `hashToG2` seeds it.
    #[test]
    fn draws_match_ffjavascript() {
        let mut rng = ChaCha::new([1, 2, 3, 4, 5, 6, 7, 8]);
        let fr: Fr =
            "11421152797359801513699257512876826534900512878648310510227136947029091328776"
                .parse()
                .unwrap();
        assert_eq!(fr_from_rng(&mut rng), fr);
        let g1 = G1Affine::new(
            fq("5217210202433667727191898282504136790707584920818966276224927002650483462798"),
            fq("15329941312121016545992532075626365884228451898446262084449300681562396985945"),
        );
        assert_eq!(g1_from_rng(&mut rng), g1);
        let g2_expected = g2(
            [
                "1996973846761408952709743206232273325766221402180846812791047873222079628840",
                "20896014760810184847783399240781224917845229803520210671865291355729529628958",
            ],
            [
                "11775881206310937766160975417337862501296105312646585348996934055966500869359",
                "9344702282622745326555015052443147536161980720492015874433482481257977714285",
            ],
        );
        assert_eq!(g2_from_rng(&mut rng), g2_expected);
        let mut hash = [0u8; 64];
        for (i, b) in hash.iter_mut().enumerate() {
            *b = i as u8;
        }
        let sp = g2(
            [
                "4331880802040179507408134841181032487087173600464364024802210002059667950604",
                "4271516305872202364858900391755946161657037246250020514439168976697447665804",
            ],
            [
                "14194165528950986229237743759035044030322996258565805903348263410557850081640",
                "3572495062036222432809855904167672718120072387698078762897023322348755581936",
            ],
        );
        assert_eq!(hash_to_g2(&hash), sp);
    }

    /// The first block of ChaCha20 with an all-zero key, nonce and counter
    /// (RFC 7539 test vector 2.3.2's structure; here ffjavascript's layout,
    /// whose first block is the well-known all-zero keystream).
    #[test]
    fn chacha_zero_seed_gives_the_chacha20_zero_keystream() {
        let mut rng = ChaCha::new([0; 8]);
        // ChaCha20 keystream for key 0, nonce 0, counter 0: 76 b8 e0 ad ...
        assert_eq!(rng.next_u32(), u32::from_le_bytes([0x76, 0xb8, 0xe0, 0xad]));
        assert_eq!(rng.next_u32(), u32::from_le_bytes([0xa0, 0xf1, 0x3d, 0x90]));
    }

    #[test]
    fn points_from_the_generator_are_valid() {
        let mut rng = ChaCha::new([1, 2, 3, 4, 5, 6, 7, 8]);
        for _ in 0..4 {
            let p = g1_from_rng(&mut rng);
            assert!(p.is_on_curve());
            let q = g2_from_rng(&mut rng);
            assert!(q.is_on_curve() && q.is_in_correct_subgroup_assuming_on_curve());
            assert!(!q.is_zero());
        }
    }

    #[test]
    fn same_ratio_accepts_equal_ratios_only() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(9);
        use rand_core::SeedableRng;
        let x = Fr::rand(&mut rng);
        let g1 = (G1Projective::generator() * Fr::rand(&mut rng)).into_affine();
        let g2 = (G2Projective::generator() * Fr::rand(&mut rng)).into_affine();
        let g1x = (g1 * x).into_affine();
        let g2x = (g2 * x).into_affine();
        assert!(same_ratio(&g1, &g1x, &g2, &g2x));
        let g2y = (g2 * (x + Fr::from(1u64))).into_affine();
        assert!(!same_ratio(&g1, &g1x, &g2, &g2y));
        assert!(!same_ratio(&G1Affine::zero(), &G1Affine::zero(), &g2, &g2x));
    }

    #[test]
    fn small_coefficients_multiply_as_full_scalars() {
        let p = (G1Projective::generator() * Fr::from(77u64)).into_affine();
        for v in [
            Fr::from(0u64),
            Fr::from(1u64),
            -Fr::from(1u64),
            Fr::from(12345u64),
            -Fr::from(u64::MAX),
            Fr::from(2u64).pow([200u64]),
        ] {
            assert_eq!(mul_coefficient::<G1Projective>(&p, &v), p * v);
        }
    }

    #[test]
    fn format_hash_is_snarkjs_layout() {
        let mut h = [0u8; 64];
        h[0] = 0xab;
        h[63] = 0x01;
        let s = format_hash(&h, "Title:");
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[1], "\t\tab000000 00000000 00000000 00000000");
        assert_eq!(lines[4], "\t\t00000000 00000000 00000000 00000001");
    }

    #[test]
    fn beacon_hash_iterates_sha256() {
        use sha2::Sha256;
        let once = Sha256::digest([1u8, 2, 3]);
        let twice = Sha256::digest(once);
        // exp 0 is one round, exp 1 two rounds.
        assert_eq!(beacon_hash(&[1, 2, 3], 0).unwrap()[..], once[..]);
        assert_eq!(beacon_hash(&[1, 2, 3], 1).unwrap()[..], twice[..]);
        assert!(beacon_hash(&[], 10).is_err());
        assert!(beacon_hash(&[1], 64).is_err());
    }

    // Phase 1's tests (formerly in `ptau_keypair`).

    #[test]
    fn the_generator_is_chacha20_with_the_seed_as_key() {
        // The all-zero key's first keystream words, nonce and counter 0
        // (RFC 7539, appendix A.1, test vector #1: 76 b8 e0 ad a0 f1 3d 90).
        let mut rng = ChaCha::new([0; 8]);
        assert_eq!(rng.next_u32(), 0xade0b876);
        assert_eq!(rng.next_u32(), 0x903df1a0);
        // And rand_chacha's ChaCha20 with the words as its little-endian
        // key, over several blocks.
        use rand_core::{RngCore, SeedableRng};
        let words: [u32; 8] = [1, 2, 3, 0xdeadbeef, 5, 6, 7, 0xffffffff];
        let mut key = [0u8; 32];
        for (chunk, w) in key.chunks_exact_mut(4).zip(words) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        let mut reference = rand_chacha::ChaCha20Rng::from_seed(key);
        let mut ours = ChaCha::new(words);
        for _ in 0..100 {
            assert_eq!(ours.next_u32(), reference.next_u32());
        }
    }

    #[test]
    fn drawn_points_are_in_their_groups() {
        let mut rng = ChaCha::from_hash(&[9; 32]);
        for _ in 0..4 {
            let p = g1_from_rng(&mut rng);
            assert!(p.is_on_curve());
            let q = g2_from_rng(&mut rng);
            assert!(q.is_on_curve() && q.is_in_correct_subgroup_assuming_on_curve());
        }
    }

    #[test]
    fn same_ratio_holds_for_a_key_and_fails_for_another() {
        let mut rng = ChaCha::from_hash(&[1; 32]);
        let (secrets, parts) = create_ptau_key(&mut rng, &[5; 64]);
        let sp = g2_sp(0, &[5; 64], &parts[0].g1_s, &parts[0].g1_sx);
        assert!(same_ratio(
            &parts[0].g1_s,
            &parts[0].g1_sx,
            &sp,
            &parts[0].g2_spx
        ));
        let sp1 = g2_sp(1, &[5; 64], &parts[0].g1_s, &parts[0].g1_sx);
        assert!(!same_ratio(
            &parts[0].g1_s,
            &parts[0].g1_sx,
            &sp1,
            &parts[0].g2_spx
        ));
        let g = G2Affine::generator();
        assert!(same_ratio(
            &G1Affine::generator(),
            &(G1Projective::generator() * secrets.tau).into_affine(),
            &g,
            &g2_times(&g, &secrets.tau)
        ));
        assert!(!same_ratio(&G1Affine::zero(), &G1Affine::zero(), &g, &g));
    }

    #[test]
    fn hashes_print_as_snarkjs_prints_them() {
        let mut h = [0u8; 64];
        h[0] = 0xab;
        h[63] = 0x01;
        let s = format_hash(&h, "");
        assert_eq!(s.lines().count(), 4);
        assert!(s.starts_with("\t\tab000000 00000000 00000000 00000000\n"));
        assert!(s.ends_with("00000000 00000000 00000000 00000001"));
    }

    #[test]
    fn compressed_points_carry_the_sign_of_y() {
        let p = (G1Projective::generator() * Fr::from(7u64)).into_affine();
        let c = g1_compressed(&p);
        assert_eq!(c[0] & 0x80 != 0, fq_is_negative(&p.y));
        assert_eq!(c[0] & 0x80 == 0, fq_is_negative(&(-p).y));
        assert_eq!(g1_compressed(&-p)[1..], c[1..]);
        assert_eq!(g1_compressed(&G1Affine::zero())[0], 0x40);
        let q = (G2Projective::generator() * Fr::from(7u64)).into_affine();
        assert_ne!(g2_compressed(&q)[0] & 0x80, g2_compressed(&-q)[0] & 0x80);
        assert_eq!(g2_compressed(&G2Affine::zero())[0], 0x40);
    }
}

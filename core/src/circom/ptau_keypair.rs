//! Phase 1's (`.ptau`) pieces of snarkjs's ceremony transcripts. Phase 2
//! has its own copy of the shared ones in [`super::keypair`] (both were
//! written in parallel and both are pinned to snarkjs); merging them into
//! one module is the next step. Here: the ChaCha random generator seeded from a hash,
//! field elements and curve points drawn from it, `hashToG2`, the
//! contributor's proof of knowledge `(g1_s, g1_sx, g2_spx)`, the
//! `sameRatio` pairing check, the beacon's iterated SHA-256, and the point
//! encodings the transcript hashes (snarkjs `src/keypair.js`, `src/misc.js`;
//! ffjavascript `src/chacha.js`, `wasm_field1.js`, `wasm_curve.js`
//! `fromRng`; wasmcurves `build_curve_jacobian_a0.js` `LEMtoU`, `LEMtoC`).
//!
//! Everything here reproduces snarkjs bit for bit: the same seed gives the
//! same keys, which the byte-equality of a zkcred beacon with snarkjs's
//! (`scripts/test-circom.sh`, `core/tests/circom_phase1.rs`) checks.
//!
//! Drawing from the generator (ffjavascript):
//! - the generator is ChaCha20 keyed by eight u32 words (read big-endian
//!   from a hash), nonce and counter starting at zero, yielding the
//!   keystream's u32 words in order (= `rand_chacha::ChaCha20Rng` with the
//!   words as its little-endian key);
//! - a field element: four u64s, each two u32s high word first, as the
//!   limbs of a 256-bit integer `v` (least significant first), masked to the
//!   modulus' 254 bits, drawn again while `v >= p`; `v` is the element's
//!   *Montgomery* form (the element is `v·2^-256 mod p`);
//! - a point: `x` from the field (Fq2: `c0` then `c1`), then a bit (`u32 & 1`)
//!   choosing the "negative" root, until `x³ + b` is a square; G2 points are
//!   then multiplied by the cofactor. "Negative" is `y > (q-1)/2` (Fq2: of
//!   `c1`, or of `c0` when `c1 = 0`).

use ark_bn254::{Bn254, Fq, Fq2, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{pairing::Pairing, short_weierstrass::SWCurveConfig, AffineRepr, CurveGroup};
use ark_ff::{BigInt, BigInteger, Field, PrimeField, Zero};
use sha2::Digest;
use zeroize::{Zeroize, ZeroizeOnDrop};
use zkcred_circuits::Fr;

use super::blake2b::Blake2b;

/// snarkjs's random generator: ChaCha20 keyed by eight u32 words
/// (ffjavascript `src/chacha.js`: 20 rounds, the 128-bit block counter in
/// words 12 to 15 starting at 0, output words in order). Its state derives
/// the contribution's secrets: it is wiped when dropped.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SnarkjsRng {
    state: [u32; 16],
    block: [u32; 16],
    next: usize,
}

impl std::fmt::Debug for SnarkjsRng {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SnarkjsRng(..)")
    }
}

/// ChaCha's quarter round (RFC 7539, section 2.1).
fn quarter_round(x: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(16);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(12);
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(8);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(7);
}

impl SnarkjsRng {
    /// ffjavascript's `new ChaCha(seed)`.
    pub fn from_words(seed: [u32; 8]) -> SnarkjsRng {
        let mut state = [0u32; 16];
        state[..4].copy_from_slice(&[0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);
        state[4..12].copy_from_slice(&seed);
        SnarkjsRng {
            state,
            block: [0; 16],
            next: 16,
        }
    }

    /// The next keystream block (`update`).
    fn refill(&mut self) {
        let mut x = self.state;
        for _ in 0..10 {
            quarter_round(&mut x, 0, 4, 8, 12);
            quarter_round(&mut x, 1, 5, 9, 13);
            quarter_round(&mut x, 2, 6, 10, 14);
            quarter_round(&mut x, 3, 7, 11, 15);
            quarter_round(&mut x, 0, 5, 10, 15);
            quarter_round(&mut x, 1, 6, 11, 12);
            quarter_round(&mut x, 2, 7, 8, 13);
            quarter_round(&mut x, 3, 4, 9, 14);
        }
        for (out, (x, s)) in self.block.iter_mut().zip(x.iter().zip(self.state)) {
            *out = x.wrapping_add(s);
        }
        x.zeroize();
        self.next = 0;
        for w in &mut self.state[12..16] {
            *w = w.wrapping_add(1);
            if *w != 0 {
                break;
            }
        }
    }

    /// The generator seeded by the first 32 bytes of `hash`, read as eight
    /// big-endian u32s (snarkjs `hashToG2`, `getRandomRng`,
    /// `rngFromBeaconParams`).
    pub fn from_hash(hash: &[u8; 32]) -> SnarkjsRng {
        let mut seed = [0u32; 8];
        for (w, chunk) in seed.iter_mut().zip(hash.chunks_exact(4)) {
            *w = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        let rng = SnarkjsRng::from_words(seed);
        seed.zeroize();
        rng
    }

    /// The next u32 (`nextU32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.next == 16 {
            self.refill();
        }
        let w = self.block[self.next];
        self.next += 1;
        w
    }

    /// The next u64: two u32s, the first the high half (`nextU64`).
    fn next_u64(&mut self) -> u64 {
        let hi = u64::from(self.next_u32());
        (hi << 32) | u64::from(self.next_u32())
    }

    /// The next bit (`nextBool`).
    fn next_bool(&mut self) -> bool {
        self.next_u32() & 1 == 1
    }

    /// The Montgomery form of a field element below `modulus` (254 bits).
    fn montgomery_below(&mut self, modulus: &BigInt<4>) -> BigInt<4> {
        loop {
            let mut limbs = [0u64; 4];
            for limb in &mut limbs {
                *limb = self.next_u64();
            }
            limbs[3] &= (1u64 << 62) - 1;
            let v = BigInt(limbs);
            limbs.zeroize();
            if v < *modulus {
                return v;
            }
        }
    }

    /// A scalar (`Fr.fromRng`).
    pub fn fr(&mut self) -> Fr {
        Fr::new_unchecked(self.montgomery_below(&Fr::MODULUS))
    }

    /// A base-field element (`F1.fromRng`).
    fn fq(&mut self) -> Fq {
        Fq::new_unchecked(self.montgomery_below(&Fq::MODULUS))
    }

    /// A G1 point (`G1.fromRng`).
    pub fn g1(&mut self) -> G1Affine {
        loop {
            let x = self.fq();
            let greatest = self.next_bool();
            let rhs = x.square() * x + ark_bn254::g1::Config::COEFF_B;
            if let Some(y) = rhs.sqrt() {
                let y = if fq_is_negative(&y) != greatest {
                    -y
                } else {
                    y
                };
                return G1Affine::new_unchecked(x, y);
            }
        }
    }

    /// A G2 point (`G2.fromRng`: a point of the twist times the cofactor).
    pub fn g2(&mut self) -> G2Affine {
        loop {
            let x = Fq2::new(self.fq(), self.fq());
            let greatest = self.next_bool();
            let rhs = x.square() * x + ark_bn254::g2::Config::COEFF_B;
            if let Some(y) = rhs.sqrt() {
                let y = if fq2_is_negative(&y) != greatest {
                    -y
                } else {
                    y
                };
                let p = G2Affine::new_unchecked(x, y);
                return p.mul_bigint(G2_COFACTOR).into_affine();
            }
        }
    }
}

/// The cofactor of BN254's twist, as ffjavascript multiplies by it
/// (`0x30644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d`).
const G2_COFACTOR: [u64; 4] = [
    0x345f2299c0f9fa8d,
    0x06ceecda572a2489,
    0xb85045b68181585e,
    0x30644e72e131a029,
];

/// `y > (q-1)/2` (wasmcurves `f1m_isNegative`).
fn fq_is_negative(y: &Fq) -> bool {
    let mut half = Fq::MODULUS;
    half.div2();
    y.into_bigint() > half
}

/// Fq2: the sign of `c1`, or of `c0` when `c1 = 0` (`f2m_isNegative`).
fn fq2_is_negative(y: &Fq2) -> bool {
    if y.c1.is_zero() {
        fq_is_negative(&y.c0)
    } else {
        fq_is_negative(&y.c1)
    }
}

/// An element as 32 bytes big-endian (not Montgomery).
fn fq_be(out: &mut Vec<u8>, x: &Fq) {
    out.extend_from_slice(&x.into_bigint().to_bytes_be());
}

/// A G1 point uncompressed as snarkjs hashes it (`toRprUncompressed`):
/// `x`, `y` big-endian; the point at infinity is 64 zero bytes.
pub fn g1_uncompressed(out: &mut Vec<u8>, p: &G1Affine) {
    if p.is_zero() {
        out.extend_from_slice(&[0; 64]);
    } else {
        fq_be(out, &p.x);
        fq_be(out, &p.y);
    }
}

/// A G2 point uncompressed: `x.c1`, `x.c0`, `y.c1`, `y.c0`, big-endian;
/// the point at infinity is 128 zero bytes.
pub fn g2_uncompressed(out: &mut Vec<u8>, p: &G2Affine) {
    if p.is_zero() {
        out.extend_from_slice(&[0; 128]);
    } else {
        for c in [&p.x.c1, &p.x.c0, &p.y.c1, &p.y.c0] {
            fq_be(out, c);
        }
    }
}

/// A G1 point compressed (`LEMtoC`): `x` big-endian, the top bit set when
/// `y` is negative; the point at infinity is `0x40` then zeros.
pub fn g1_compressed(out: &mut Vec<u8>, p: &G1Affine) {
    let at = out.len();
    if p.is_zero() {
        out.extend_from_slice(&[0; 32]);
        out[at] = 0x40;
    } else {
        fq_be(out, &p.x);
        if fq_is_negative(&p.y) {
            out[at] |= 0x80;
        }
    }
}

/// A G2 point compressed: `x.c1`, `x.c0` big-endian, the top bit set when
/// `y` is negative; the point at infinity is `0x40` then zeros.
pub fn g2_compressed(out: &mut Vec<u8>, p: &G2Affine) {
    let at = out.len();
    if p.is_zero() {
        out.extend_from_slice(&[0; 64]);
        out[at] = 0x40;
    } else {
        fq_be(out, &p.x.c1);
        fq_be(out, &p.x.c0);
        if fq2_is_negative(&p.y) {
            out[at] |= 0x80;
        }
    }
}

/// snarkjs `hashToG2`: the G2 point drawn from the generator seeded by the
/// first 32 bytes of `hash`.
pub fn hash_to_g2(hash: &[u8; 64]) -> G2Affine {
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&hash[..32]);
    SnarkjsRng::from_hash(&seed).g2()
}

/// snarkjs `getG2sp`: `hashToG2(blake2b(personalization || challenge ||
/// g1_s || g1_sx))`, the points uncompressed.
pub fn g2_sp(personalization: u8, challenge: &[u8], g1_s: &G1Affine, g1_sx: &G1Affine) -> G2Affine {
    let mut h = Blake2b::new();
    let mut buf = vec![personalization];
    buf.extend_from_slice(challenge);
    g1_uncompressed(&mut buf, g1_s);
    g1_uncompressed(&mut buf, g1_sx);
    h.update(&buf);
    hash_to_g2(&h.finalize())
}

/// `sameRatio(g1s, g1sx, g2s, g2sx)`: none is the point at infinity and
/// `e(g1s, g2sx) = e(g1sx, g2s)` (snarkjs `misc.js`).
pub fn same_ratio(g1s: &G1Affine, g1sx: &G1Affine, g2s: &G2Affine, g2sx: &G2Affine) -> bool {
    if g1s.is_zero() || g1sx.is_zero() || g2s.is_zero() || g2sx.is_zero() {
        return false;
    }
    let neg: G1Affine = (-G1Projective::from(*g1sx)).into_affine();
    Bn254::multi_pairing([*g1s, neg], [*g2sx, *g2s]).is_zero()
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
pub fn create_ptau_key(rng: &mut SnarkjsRng, challenge: &[u8; 64]) -> (PtauSecrets, [KeyPart; 3]) {
    let secrets = PtauSecrets {
        tau: rng.fr(),
        alpha: rng.fr(),
        beta: rng.fr(),
    };
    let mut part = |x: &Fr, personalization: u8| {
        let g1_s = rng.g1();
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

/// snarkjs `getRandomRng(entropy)`: the generator seeded by
/// `blake2b(os_random (64 bytes) || entropy (UTF-8))`.
pub fn random_rng(os_random: &[u8; 64], entropy: &[u8]) -> SnarkjsRng {
    let mut h = Blake2b::new();
    h.update(os_random);
    h.update(entropy);
    let mut hash = h.finalize();
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&hash[..32]);
    let rng = SnarkjsRng::from_hash(&seed);
    hash.zeroize();
    seed.zeroize();
    rng
}

/// The beacon's iterated hash: SHA-256 applied `2^iterations_exp` times to
/// `beacon` (snarkjs `rngFromBeaconParams`).
pub fn beacon_hash(beacon: &[u8], iterations_exp: u8) -> [u8; 32] {
    let mut cur: [u8; 32] = sha2::Sha256::digest(beacon).into();
    let n = 1u128 << iterations_exp;
    let mut i = 1u128;
    while i < n {
        cur = sha2::Sha256::digest(cur).into();
        i += 1;
    }
    cur
}

/// snarkjs `rngFromBeaconParams`: the generator seeded by
/// [`beacon_hash`].
pub fn beacon_rng(beacon: &[u8], iterations_exp: u8) -> SnarkjsRng {
    SnarkjsRng::from_hash(&beacon_hash(beacon, iterations_exp))
}

/// A hash as snarkjs prints it (`misc.formatHash`): four lines of four
/// big-endian u32s in hex, each line indented by two tabs.
pub fn format_hash(hash: &[u8; 64]) -> String {
    let mut s = String::new();
    for (i, line) in hash.chunks_exact(16).enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str("\t\t");
        for (j, word) in line.chunks_exact(4).enumerate() {
            if j > 0 {
                s.push(' ');
            }
            s.push_str(&hex::encode(word));
        }
    }
    s
}

/// Used by phase 1 for G2 scalar multiples.
pub(crate) fn g2_times(p: &G2Affine, x: &Fr) -> G2Affine {
    (G2Projective::from(*p) * x).into_affine()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::PrimeGroup;

    #[test]
    fn the_generator_is_chacha20_with_the_seed_as_key() {
        // The all-zero key's first keystream words, nonce and counter 0
        // (RFC 7539, appendix A.1, test vector #1: 76 b8 e0 ad a0 f1 3d 90).
        let mut rng = SnarkjsRng::from_words([0; 8]);
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
        let mut ours = SnarkjsRng::from_words(words);
        for _ in 0..100 {
            assert_eq!(ours.next_u32(), reference.next_u32());
        }
    }

    #[test]
    fn drawn_points_are_in_their_groups() {
        let mut rng = SnarkjsRng::from_hash(&[9; 32]);
        for _ in 0..4 {
            let p = rng.g1();
            assert!(p.is_on_curve());
            let q = rng.g2();
            assert!(q.is_on_curve() && q.is_in_correct_subgroup_assuming_on_curve());
        }
    }

    #[test]
    fn same_ratio_holds_for_a_key_and_fails_for_another() {
        let mut rng = SnarkjsRng::from_hash(&[1; 32]);
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
        let s = format_hash(&h);
        assert_eq!(s.lines().count(), 4);
        assert!(s.starts_with("\t\tab000000 00000000 00000000 00000000\n"));
        assert!(s.ends_with("00000000 00000000 00000000 00000001"));
    }

    #[test]
    fn the_beacon_hash_iterates_sha256() {
        let once: [u8; 32] = sha2::Sha256::digest(b"x").into();
        let twice: [u8; 32] = sha2::Sha256::digest(once).into();
        assert_eq!(beacon_hash(b"x", 0), once);
        assert_eq!(beacon_hash(b"x", 1), twice);
    }
}

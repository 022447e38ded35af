//! BLAKE2b-512 (RFC 7693) with its intermediate state exposed, as the
//! ceremony transcripts of snarkjs need it.
//!
//! A `.ptau` contribution record stores the *partial* hash of its response:
//! the state of the hasher after the challenge hash and every new point, so
//! that anyone can finish it with the contributor's public key and get the
//! response hash (snarkjs `powersoftau_contribute.js`, `getPartialHash`;
//! `powersoftau_utils.js`, `readContribution`, `setPartialHash`). The state
//! is the 216-byte context of `blake2b-wasm` (the library snarkjs 0.7.5 uses;
//! snarkjs 0.7.6 keeps the same bytes with `@noble/hashes`, `misc.js`,
//! `toPartialHash`):
//!
//! ```text
//!   0..128  b: the message block being filled (bytes past c are left over
//!           from the previous block, never cleared)
//! 128..192  h: the chaining value, 8 u64 little-endian
//! 192..200  t: bytes compressed so far, u64 little-endian
//! 200..208  c: bytes in b, u64 little-endian (1..=128 once anything was
//!           hashed: a full block stays in b until more input arrives)
//! 208..216  f: 0 (the final-block flag, set only by the digest)
//! ```
//!
//! No RustCrypto `blake2` API exposes that state, hence this implementation;
//! its digests are pinned against the `blake2` crate in the tests, its
//! partial states against snarkjs-made `.ptau` files
//! (`core/tests/circom_phase1.rs`).

/// BLAKE2b's initialisation vector (RFC 7693, section 2.6).
const IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// The message schedule (RFC 7693, section 2.7).
const SIGMA: [[usize; 16]; 12] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
];

/// Bytes of a partial state ([`Blake2b::partial_state`]).
pub const PARTIAL_BYTES: usize = 216;

/// A BLAKE2b-512 hasher (no key, no salt, no personalisation).
#[derive(Clone)]
pub struct Blake2b {
    b: [u8; 128],
    h: [u64; 8],
    t: u64,
    c: usize,
}

impl Default for Blake2b {
    fn default() -> Self {
        Blake2b::new()
    }
}

impl std::fmt::Debug for Blake2b {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blake2b").field("t", &self.t).finish()
    }
}

impl Blake2b {
    /// A fresh hasher with a 64-byte output.
    pub fn new() -> Blake2b {
        let mut h = IV;
        // Parameter block: digest length 64, key length 0, fanout 1, depth 1.
        h[0] ^= 0x0101_0040;
        Blake2b {
            b: [0; 128],
            h,
            t: 0,
            c: 0,
        }
    }

    /// BLAKE2b-512 of `data`.
    pub fn digest_of(data: &[u8]) -> [u8; 64] {
        let mut h = Blake2b::new();
        h.update(data);
        h.finalize()
    }

    /// Absorbs `data`.
    pub fn update(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            if self.c == 128 {
                self.t = self.t.wrapping_add(128);
                let block = self.b;
                self.compress(&block, false);
                self.c = 0;
            }
            let take = (128 - self.c).min(data.len());
            self.b[self.c..self.c + take].copy_from_slice(&data[..take]);
            self.c += take;
            data = &data[take..];
        }
    }

    /// The 64-byte digest.
    pub fn finalize(mut self) -> [u8; 64] {
        self.t = self.t.wrapping_add(self.c as u64);
        self.b[self.c..].fill(0);
        let block = self.b;
        self.compress(&block, true);
        let mut out = [0u8; 64];
        for (chunk, word) in out.chunks_exact_mut(8).zip(self.h) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        out
    }

    /// The 216-byte state snarkjs stores as a contribution's partial hash
    /// (layout in the module documentation).
    pub fn partial_state(&self) -> [u8; PARTIAL_BYTES] {
        let mut out = [0u8; PARTIAL_BYTES];
        out[..128].copy_from_slice(&self.b);
        for (chunk, word) in out[128..192].chunks_exact_mut(8).zip(self.h) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        out[192..200].copy_from_slice(&self.t.to_le_bytes());
        out[200..208].copy_from_slice(&(self.c as u64).to_le_bytes());
        out
    }

    /// A hasher resumed from a partial state; `None` if the state is not
    /// one a hasher can be in (`c` above 128, `f` set, or `t` not a whole
    /// number of blocks).
    pub fn from_partial_state(state: &[u8; PARTIAL_BYTES]) -> Option<Blake2b> {
        let u64_at = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&state[i..i + 8]);
            u64::from_le_bytes(w)
        };
        let t = u64_at(192);
        let c = u64_at(200);
        if c > 128 || u64_at(208) != 0 || t % 128 != 0 {
            return None;
        }
        let mut b = [0u8; 128];
        b.copy_from_slice(&state[..128]);
        let mut h = [0u64; 8];
        for (i, word) in h.iter_mut().enumerate() {
            *word = u64_at(128 + 8 * i);
        }
        Some(Blake2b {
            b,
            h,
            t,
            c: c as usize,
        })
    }

    /// The compression function F (RFC 7693, section 3.2); the counter is
    /// `t` (its high 64 bits are always 0 here).
    fn compress(&mut self, block: &[u8; 128], last: bool) {
        let mut m = [0u64; 16];
        for (word, chunk) in m.iter_mut().zip(block.chunks_exact(8)) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            *word = u64::from_le_bytes(w);
        }
        let mut v = [0u64; 16];
        v[..8].copy_from_slice(&self.h);
        v[8..].copy_from_slice(&IV);
        v[12] ^= self.t;
        if last {
            v[14] = !v[14];
        }
        #[inline(always)]
        fn g(v: &mut [u64; 16], a: usize, b: usize, c: usize, d: usize, x: u64, y: u64) {
            v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
            v[d] = (v[d] ^ v[a]).rotate_right(32);
            v[c] = v[c].wrapping_add(v[d]);
            v[b] = (v[b] ^ v[c]).rotate_right(24);
            v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
            v[d] = (v[d] ^ v[a]).rotate_right(16);
            v[c] = v[c].wrapping_add(v[d]);
            v[b] = (v[b] ^ v[c]).rotate_right(63);
        }
        for s in &SIGMA {
            g(&mut v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            g(&mut v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            g(&mut v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            g(&mut v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            g(&mut v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            g(&mut v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            g(&mut v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            g(&mut v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (i, h) in self.h.iter_mut().enumerate() {
            *h ^= v[i] ^ v[i + 8];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use blake2::Digest;
    use rand_core::{RngCore, SeedableRng};

    #[test]
    fn the_rfc_7693_abc_vector() {
        // RFC 7693, appendix A.
        let expected = "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1\
                        7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923";
        assert_eq!(hex::encode(Blake2b::digest_of(b"abc")), expected);
    }

    #[test]
    fn digests_equal_the_blake2_crates_for_every_split() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(3);
        let mut data = vec![0u8; 700];
        rng.fill_bytes(&mut data);
        for len in [0, 1, 63, 64, 127, 128, 129, 255, 256, 257, 700] {
            let reference: [u8; 64] = blake2::Blake2b512::digest(&data[..len]).into();
            assert_eq!(Blake2b::digest_of(&data[..len]), reference, "{len}");
            for split in [0, 1, 128, len / 2] {
                let split = split.min(len);
                let mut h = Blake2b::new();
                h.update(&data[..split]);
                // Through the partial state and back.
                let mut h = Blake2b::from_partial_state(&h.partial_state()).unwrap();
                h.update(&data[split..len]);
                assert_eq!(h.finalize(), reference, "{len} {split}");
            }
        }
    }

    #[test]
    fn the_partial_state_keeps_a_full_block_until_more_input() {
        let mut h = Blake2b::new();
        h.update(&[7u8; 256]);
        let s = h.partial_state();
        assert_eq!(&s[192..200], &128u64.to_le_bytes());
        assert_eq!(&s[200..208], &128u64.to_le_bytes());
        assert_eq!(&s[..128], &[7u8; 128]);
        let mut bad = s;
        bad[200] = 129;
        assert!(Blake2b::from_partial_state(&bad).is_none());
        let mut bad = s;
        bad[208] = 1;
        assert!(Blake2b::from_partial_state(&bad).is_none());
    }
}

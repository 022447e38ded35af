//! BLAKE-512, the SHA-3 finalist (Aumasson, Henzen, Meier, Phan: "SHA-3
//! proposal BLAKE", version 1.3, sections 2.2 and 2.3), in portable Rust.
//!
//! circomlibjs's EdDSA expands secret keys and derives nonces with BLAKE-512
//! (not BLAKE2), so [`crate::eddsa`] needs it. The `blake-hash` crate it used
//! before is built on ppv-lite86, whose portable backend leaves two of the
//! vector shuffles BLAKE uses `unimplemented!()`: on every target but x86-64
//! (aarch64 phones, wasm32) it panicked on the first hash. This version is
//! plain 64-bit arithmetic; a test checks it against `blake-hash` on x86-64,
//! and the circomlibjs key and signature vectors pin it end to end.
//!
//! Only what EdDSA needs: one-shot hashing of a byte string, no salt.

use zeroize::Zeroize;

/// The initial value: SHA-512's (spec 2.3.1).
const IV: [u64; 8] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1,
    0x9b05_688c_2b3e_6c1f,
    0x1f83_d9ab_fb41_bd6b,
    0x5be0_cd19_137e_2179,
];

/// The constants: the first digits of pi (spec 2.3.1).
const C: [u64; 16] = [
    0x243f_6a88_85a3_08d3,
    0x1319_8a2e_0370_7344,
    0xa409_3822_299f_31d0,
    0x082e_fa98_ec4e_6c89,
    0x4528_21e6_38d0_1377,
    0xbe54_66cf_34e9_0c6c,
    0xc0ac_29b7_c97c_50dd,
    0x3f84_d5b5_b547_0917,
    0x9216_d5d9_8979_fb1b,
    0xd131_0ba6_98df_b5ac,
    0x2ffd_72db_d01a_dfb7,
    0xb8e1_afed_6a26_7e96,
    0xba7c_9045_f12c_7f99,
    0x24a1_9947_b391_6cf7,
    0x0801_f2e2_858e_fc16,
    0x6369_20d8_7157_4e69,
];

/// The message permutations; round `r` uses `SIGMA[r % 10]` (spec 2.1.2).
const SIGMA: [[usize; 16]; 10] = [
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
];

/// BLAKE-512 has 16 rounds (spec 2.3.2).
const ROUNDS: usize = 16;

/// 128-byte blocks.
const BLOCK: usize = 128;

/// `G_i` on the state words `a, b, c, d` with message words `2i, 2i + 1` of
/// the round's permutation (spec 2.3.2: rotations 32, 25, 16, 11).
#[inline(always)]
fn g(v: &mut [u64; 16], m: &[u64; 16], s: &[usize; 16], i: usize, [a, b, c, d]: [usize; 4]) {
    let (x, y) = (s[2 * i], s[2 * i + 1]);
    v[a] = v[a].wrapping_add(v[b]).wrapping_add(m[x] ^ C[y]);
    v[d] = (v[d] ^ v[a]).rotate_right(32);
    v[c] = v[c].wrapping_add(v[d]);
    v[b] = (v[b] ^ v[c]).rotate_right(25);
    v[a] = v[a].wrapping_add(v[b]).wrapping_add(m[y] ^ C[x]);
    v[d] = (v[d] ^ v[a]).rotate_right(16);
    v[c] = v[c].wrapping_add(v[d]);
    v[b] = (v[b] ^ v[c]).rotate_right(11);
}

/// The compression function on one block with counter `t` (the number of
/// message bits hashed so far, this block's included; spec 2.3.2), salt 0.
fn compress(h: &mut [u64; 8], block: &[u8; BLOCK], t: u128) {
    let mut m = [0u64; 16];
    for (w, chunk) in m.iter_mut().zip(block.chunks_exact(8)) {
        *w = u64::from_be_bytes(chunk.try_into().expect("8 bytes"));
    }
    let (t0, t1) = (t as u64, (t >> 64) as u64);
    let mut v = [0u64; 16];
    v[..8].copy_from_slice(h);
    v[8..12].copy_from_slice(&C[..4]);
    v[12] = t0 ^ C[4];
    v[13] = t0 ^ C[5];
    v[14] = t1 ^ C[6];
    v[15] = t1 ^ C[7];
    for r in 0..ROUNDS {
        let s = &SIGMA[r % 10];
        g(&mut v, &m, s, 0, [0, 4, 8, 12]);
        g(&mut v, &m, s, 1, [1, 5, 9, 13]);
        g(&mut v, &m, s, 2, [2, 6, 10, 14]);
        g(&mut v, &m, s, 3, [3, 7, 11, 15]);
        g(&mut v, &m, s, 4, [0, 5, 10, 15]);
        g(&mut v, &m, s, 5, [1, 6, 11, 12]);
        g(&mut v, &m, s, 6, [2, 7, 8, 13]);
        g(&mut v, &m, s, 7, [3, 4, 9, 14]);
    }
    for i in 0..8 {
        h[i] ^= v[i] ^ v[i + 8];
    }
    m.zeroize();
    v.zeroize();
}

/// BLAKE-512 of `data`. Intermediate state is zeroized (EdDSA hashes secret
/// keys with it).
pub fn hash(data: &[u8]) -> [u8; 64] {
    let mut h = IV;
    let bits = (data.len() as u128) * 8;
    let mut blocks = data.chunks_exact(BLOCK);
    let mut hashed = 0u128;
    for block in blocks.by_ref() {
        hashed += (BLOCK * 8) as u128;
        compress(&mut h, block.try_into().expect("a block"), hashed);
    }

    // Padding (spec 2.3.1): a 1 bit, zeros, a 1 bit just before the 128-bit
    // big-endian length, so that the padded length is a multiple of 1024
    // bits. A block holding no message bits is compressed with counter 0.
    let rest = blocks.remainder();
    let mut tail = [0u8; 2 * BLOCK];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let tail_len = if rest.len() < BLOCK - 16 {
        BLOCK
    } else {
        2 * BLOCK
    };
    tail[tail_len - 17] |= 0x01;
    tail[tail_len - 16..tail_len].copy_from_slice(&bits.to_be_bytes());
    let (first, second) = tail.split_at(BLOCK);
    let first_counter = if rest.is_empty() { 0 } else { bits };
    compress(&mut h, first.try_into().expect("a block"), first_counter);
    if tail_len == 2 * BLOCK {
        compress(&mut h, second[..BLOCK].try_into().expect("a block"), 0);
    }
    tail.zeroize();

    let mut out = [0u8; 64];
    for (chunk, w) in out.chunks_exact_mut(8).zip(h.iter()) {
        chunk.copy_from_slice(&w.to_be_bytes());
    }
    h.zeroize();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    /// The examples of the BLAKE submission (appendix A.2): one zero byte and
    /// 144 zero bytes (two blocks).
    #[test]
    fn matches_the_specifications_examples() {
        assert_eq!(
            hex(&hash(&[0])),
            "97961587f6d970faba6d2478045de6d1fabd09b61ae50932054d52bc29d31be4\
             ff9102b9f69e2bbdb83be13d4b9c06091e5fa0b48bd081b634058be0ec49beb3"
        );
        assert_eq!(
            hex(&hash(&[0; 144])),
            "313717d608e9cf758dcb1eb0f0c3cf9fc150b2d500fb33f51c52afc99d358a2f\
             1374b8a38bba7974e7f6ef79cab16f22ce1e649d6e01ad9589c213045d545dde"
        );
    }

    /// Against the `blake-hash` crate (x86-64 only: elsewhere it panics, the
    /// reason this module exists) at every length across the padding's
    /// edges (one block, two blocks, a block with no message bits).
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn matches_blake_hash_at_every_length_up_to_three_blocks() {
        use blake_hash::{Blake512, Digest};
        let data: Vec<u8> = (0..3 * BLOCK as u32 + 7)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in 0..=data.len() {
            let expected = Blake512::digest(&data[..len]);
            assert_eq!(hash(&data[..len])[..], expected[..], "length {len}");
        }
    }
}

//! Multibase `base58btc` (prefix `z`), the encoding of a Data Integrity
//! `proofValue` (W3C Data Integrity 1.0; the same as eddsa-rdfc-2022's).
//!
//! The alphabet is Bitcoin's
//! (`123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz`). Each
//! leading zero byte is one leading `1`; the rest of the bytes, read as a
//! big-endian integer, is written in base 58 without leading zero digits.
//! Every byte string therefore has exactly one encoding, and
//! [`decode_fixed`] accepts exactly the encodings [`encode`] writes.
//!
//! Decoding is into a fixed-size array whose size the caller chooses: the
//! text's length is checked against that size's longest encoding before
//! any digit is read, and nothing is allocated from the input.

/// The multibase prefix of base58btc.
pub const PREFIX: char = 'z';

const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// The digit value of an alphabet byte, or `None` (`0`, `O`, `I`, `l`, and
/// everything outside the alphabet).
fn digit(c: u8) -> Option<u8> {
    ALPHABET.iter().position(|&a| a == c).map(|d| d as u8)
}

/// The longest base58 encoding of `n` bytes (without the multibase prefix):
/// `ceil(n * log(256) / log(58))`, bounded from above with
/// `log(256) / log(58) < 1.3658`, and at least `n` (all zero bytes).
pub const fn max_encoded_len(n: usize) -> usize {
    let len = (n * 13_658).div_ceil(10_000);
    if len < n {
        n
    } else {
        len
    }
}

/// base58btc of `bytes` (no prefix).
pub fn encode_base58(bytes: &[u8]) -> String {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    // Base-58 digits, least significant first.
    let mut digits: Vec<u8> = Vec::with_capacity(max_encoded_len(bytes.len()));
    for &byte in &bytes[zeros..] {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut out = String::with_capacity(zeros + digits.len());
    out.extend(std::iter::repeat_n('1', zeros));
    out.extend(digits.iter().rev().map(|&d| ALPHABET[d as usize] as char));
    out
}

/// Multibase base58btc of `bytes`: `z` then [`encode_base58`].
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::from(PREFIX);
    out.push_str(&encode_base58(bytes));
    out
}

/// Why a multibase text does not decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// No `z` (base58btc) prefix.
    Prefix,
    /// Longer than any encoding of the expected number of bytes (checked
    /// before decoding).
    TooLong,
    /// A character outside the base58btc alphabet.
    InvalidChar,
    /// It decodes to another number of bytes than expected.
    Length,
}

/// Decodes base58btc text (no prefix) of exactly `N` bytes.
pub fn decode_base58_fixed<const N: usize>(s: &str) -> Result<[u8; N], DecodeError> {
    let s = s.as_bytes();
    if s.len() > max_encoded_len(N) {
        return Err(DecodeError::TooLong);
    }
    let zeros = s.iter().take_while(|&&c| c == b'1').count();
    // The integer of the remaining digits, big-endian in `acc`; a carry out
    // of the top byte means more than N bytes.
    let mut acc = [0u8; N];
    for &c in &s[zeros..] {
        let mut carry = u32::from(digit(c).ok_or(DecodeError::InvalidChar)?);
        for b in acc.iter_mut().rev() {
            carry += u32::from(*b) * 58;
            *b = carry as u8;
            carry >>= 8;
        }
        if carry != 0 {
            return Err(DecodeError::Length);
        }
    }
    let significant = N - acc.iter().take_while(|&&b| b == 0).count();
    if zeros + significant != N {
        return Err(DecodeError::Length);
    }
    Ok(acc)
}

/// Decodes multibase base58btc text (`z` prefix) of exactly `N` bytes.
pub fn decode_fixed<const N: usize>(s: &str) -> Result<[u8; N], DecodeError> {
    let digits = s.strip_prefix(PREFIX).ok_or(DecodeError::Prefix)?;
    decode_base58_fixed::<N>(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vectors of draft-msporny-base58 (section 5) and Bitcoin's
    /// `base58_encode_decode.json`.
    const KNOWN: [(&[u8], &str); 8] = [
        (b"", ""),
        (b"Hello World!", "2NEpo7TZRRrLZSi2U"),
        (
            b"The quick brown fox jumps over the lazy dog.",
            "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
        ),
        (&[0x00, 0x00, 0x28, 0x7f, 0xb4, 0xcd], "11233QC4"),
        (&[0x00], "1"),
        (&[0x00, 0x00, 0x00], "111"),
        (&[0x61], "2g"),
        (
            &[
                0x00, 0xeb, 0x15, 0x23, 0x1d, 0xfc, 0xeb, 0x60, 0x92, 0x58, 0x86, 0xb6, 0x7d, 0x06,
                0x52, 0x99, 0x92, 0x59, 0x15, 0xae, 0xb1, 0x72, 0xc0, 0x66, 0x47,
            ],
            "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        ),
    ];

    fn decode_vec(s: &str, n: usize) -> Result<Vec<u8>, DecodeError> {
        // Dispatch over the sizes the vectors use.
        macro_rules! sizes { ($($k:literal)*) => { match n { $($k => decode_base58_fixed::<$k>(s).map(|a| a.to_vec()),)* _ => unreachable!() } } }
        sizes!(0 1 3 6 12 25 44)
    }

    #[test]
    fn known_vectors_encode_and_decode() {
        for (bytes, text) in KNOWN {
            assert_eq!(encode_base58(bytes), text);
            assert_eq!(decode_vec(text, bytes.len()).unwrap(), bytes, "{text}");
            assert_eq!(encode(bytes), format!("z{text}"));
        }
    }

    #[test]
    fn leading_zeros_are_ones_and_round_trip() {
        let mut sig = [0u8; 64];
        for zeros in [0, 1, 2, 31, 63, 64] {
            for (i, b) in sig.iter_mut().enumerate() {
                *b = if i < zeros {
                    0
                } else {
                    (i as u8).wrapping_mul(37) | 1
                };
            }
            let text = encode(&sig);
            assert!(text[1..].starts_with(&"1".repeat(zeros)));
            assert!(!text[1..].starts_with(&"1".repeat(zeros + 1)));
            assert!(text.len() - 1 <= max_encoded_len(64));
            assert_eq!(decode_fixed::<64>(&text).unwrap(), sig);
        }
    }

    #[test]
    fn random_64_byte_strings_round_trip_and_the_longest_fits_the_bound() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200 {
            let mut sig = [0u8; 64];
            for b in sig.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = x as u8;
            }
            assert_eq!(decode_fixed::<64>(&encode(&sig)).unwrap(), sig);
        }
        let max = encode_base58(&[0xff; 64]);
        assert_eq!(max.len(), 88);
        assert_eq!(max_encoded_len(64), 88);
    }

    #[test]
    fn invalid_characters_are_refused() {
        let good = encode(&[0x5a; 64]);
        for bad in ['0', 'O', 'I', 'l', '+', '/', '=', ' ', 'é'] {
            let mut text = good.clone();
            text.replace_range(10..11, &bad.to_string());
            assert_eq!(
                decode_fixed::<64>(&text),
                Err(if text.len() - 1 > 88 {
                    DecodeError::TooLong
                } else {
                    DecodeError::InvalidChar
                }),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_length_is_bounded_before_decoding_and_must_match() {
        // Longer than any 64-byte encoding: refused without reading a digit
        // (the invalid characters are never seen).
        assert_eq!(
            decode_fixed::<64>(&format!("z{}", "0".repeat(89))),
            Err(DecodeError::TooLong)
        );
        assert_eq!(
            decode_fixed::<64>(&format!("z{}", "1".repeat(1 << 20))),
            Err(DecodeError::TooLong)
        );
        // Valid base58 of 63 and 65 bytes (the latter short enough to be
        // decoded, or too long to be), and an 88-digit value >= 2^512.
        assert_eq!(
            decode_fixed::<64>(&encode(&[7; 63])),
            Err(DecodeError::Length)
        );
        assert_eq!(
            decode_fixed::<64>(&encode(&[7; 65])),
            Err(DecodeError::Length)
        );
        assert_eq!(
            decode_fixed::<64>(&encode(&[0xff; 65])),
            Err(DecodeError::TooLong)
        );
        assert_eq!(
            decode_fixed::<64>(&format!("z{}", "z".repeat(88))),
            Err(DecodeError::Length)
        );
        // A 64-byte value with one `1` too many or too few in front.
        let mut sig = [9u8; 64];
        sig[0] = 0;
        let text = encode(&sig);
        assert_eq!(
            decode_fixed::<64>(&format!("z1{}", &text[1..])),
            Err(DecodeError::Length)
        );
        assert_eq!(
            decode_fixed::<64>(&format!("z{}", &text[2..])),
            Err(DecodeError::Length)
        );
        assert_eq!(decode_fixed::<64>("z"), Err(DecodeError::Length));
    }

    #[test]
    fn the_prefix_must_be_base58btc() {
        let text = encode(&[1; 64]);
        assert_eq!(decode_fixed::<64>(&text[1..]), Err(DecodeError::Prefix));
        assert_eq!(
            decode_fixed::<64>(&format!("Z{}", &text[1..])),
            Err(DecodeError::Prefix)
        );
        assert_eq!(
            decode_fixed::<64>(&format!("u{}", &text[1..])),
            Err(DecodeError::Prefix)
        );
    }
}

//! Fixed encodings of byte strings and field elements.
//!
//! - A field element in JSON is `0x` followed by exactly 64 lowercase or
//!   uppercase hex digits, big-endian, and must be below the BN254 scalar
//!   modulus (non-canonical encodings are refused, so every element has one
//!   encoding).
//! - Keys, signatures and proofs in JSON are lowercase hex without a prefix.
//! - A string becomes a field element by [`hash_string`].
//! - A JSON object keyed by attribute names (a credential subject, the
//!   disclosed attributes of a presentation) refuses repeated keys.

use ark_ff::{BigInteger, PrimeField};
use serde::{de, Deserialize, Deserializer, Serialize};
use zeroize::Zeroizing;
use zkcred_circuits::{poseidon, Fr};

use crate::{Error, Result};

/// Longest string [`hash_string`] takes: 15 chunks of 31 bytes.
pub const MAX_STRING_BYTES: usize = 15 * 31;

/// `0x` + 64 hex digits, big-endian.
pub fn fr_to_hex(x: &Fr) -> String {
    format!("0x{}", hex::encode(x.into_bigint().to_bytes_be()))
}

/// Parses [`fr_to_hex`]'s form; refuses other lengths and values `>= p`.
/// The decoded bytes are wiped (the element may be a secret).
pub fn fr_from_hex(s: &str, what: &'static str) -> Result<Fr> {
    let digits = s.strip_prefix("0x").ok_or(Error::Encoding(what))?;
    let bytes = secret_bytes_from_hex::<32>(digits, what)?;
    fr_from_be_bytes(&*bytes, what)
}

/// 32 big-endian bytes as a field element, refusing values `>= p`. The
/// re-encoding it compares with is wiped (the element may be a secret).
pub fn fr_from_be_bytes(bytes: &[u8], what: &'static str) -> Result<Fr> {
    if bytes.len() != 32 {
        return Err(Error::Encoding(what));
    }
    let x = Fr::from_be_bytes_mod_order(bytes);
    if Zeroizing::new(fr_to_be_bytes(&x))[..] != *bytes {
        return Err(Error::NonCanonical(what));
    }
    Ok(x)
}

/// 32 big-endian bytes of a field element. The temporary big-endian copy
/// arkworks makes is wiped; the result is the caller's to wipe (for a
/// secret, keep it in a [`Zeroizing`], as `HolderSecret::to_bytes` does).
pub fn fr_to_be_bytes(x: &Fr) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&Zeroizing::new(x.into_bigint().to_bytes_be()));
    out
}

/// Hex of exactly `N` bytes, decoded in place (no intermediate buffer).
pub fn bytes_from_hex<const N: usize>(s: &str, what: &'static str) -> Result<[u8; N]> {
    let mut out = [0u8; N];
    decode_hex(s, &mut out, what)?;
    Ok(out)
}

/// [`bytes_from_hex`] for secrets (keys, holder secrets, blinding factors):
/// decoded straight into a buffer that is wiped on drop, on error paths
/// too, with no other copy made.
pub fn secret_bytes_from_hex<const N: usize>(
    s: &str,
    what: &'static str,
) -> Result<Zeroizing<[u8; N]>> {
    let mut out = Zeroizing::new([0u8; N]);
    decode_hex(s, &mut out[..], what)?;
    Ok(out)
}

fn decode_hex(s: &str, out: &mut [u8], what: &'static str) -> Result<()> {
    if s.len() != 2 * out.len() {
        return Err(Error::Encoding(what));
    }
    hex::decode_to_slice(s, out).map_err(|_| Error::Encoding(what))
}

/// Whether `value`'s compressed arkworks encoding is exactly `bytes`.
///
/// arkworks reads some byte strings it would never write (a point with the
/// infinity flag and any x-coordinate loads as the identity): a loader that
/// wants one encoding per value decodes, then checks this. Compares as it
/// serializes, without a copy of the encoding (proving keys are megabytes).
pub(crate) fn reencodes_to<T: ark_serialize::CanonicalSerialize>(value: &T, bytes: &[u8]) -> bool {
    struct Compare<'a> {
        rest: &'a [u8],
        equal: bool,
    }
    impl std::io::Write for Compare<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            match self.rest.strip_prefix(buf) {
                Some(rest) if self.equal => self.rest = rest,
                _ => self.equal = false,
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Compare {
        rest: bytes,
        equal: true,
    };
    value.serialize_compressed(&mut out).is_ok() && out.equal && out.rest.is_empty()
}

/// A JSON object whose keys are distinct. serde_json keeps the last value of
/// a repeated key where other readers keep the first, so a document with
/// repeats could show a reader one value while another was signed or proven:
/// such documents are refused.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct UniqueMap(pub serde_json::Map<String, serde_json::Value>);

impl<'de> Deserialize<'de> for UniqueMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = UniqueMap;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<UniqueMap, A::Error> {
                let mut out = serde_json::Map::new();
                while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
                    if out.insert(key, value).is_some() {
                        return Err(de::Error::custom("a key appears twice"));
                    }
                }
                Ok(UniqueMap(out))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// A UTF-8 string as a field element: `Poseidon(len, c_0, ..., c_{k-1})`
/// where `c_i` are the 31-byte little-endian chunks of the string (the last
/// one zero-padded) and `len` its byte length. Injective on strings of at most
/// [`MAX_STRING_BYTES`] bytes (up to Poseidon collisions); the empty string is
/// `Poseidon(0)`.
pub fn hash_string(s: &str) -> Result<Fr> {
    let b = s.as_bytes();
    if b.len() > MAX_STRING_BYTES {
        return Err(Error::Encoding("string longer than 465 bytes"));
    }
    let mut inputs = vec![Fr::from(b.len() as u64)];
    inputs.extend(b.chunks(31).map(Fr::from_le_bytes_mod_order));
    Ok(poseidon::hash(&inputs)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_canonicity() {
        let x = Fr::from(123_456_789u64);
        assert_eq!(fr_from_hex(&fr_to_hex(&x), "x").unwrap(), x);
        let minus_one = -Fr::from(1u64);
        assert_eq!(fr_from_hex(&fr_to_hex(&minus_one), "x").unwrap(), minus_one);
        // p itself and 2^256 - 1 are refused.
        let p = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
        assert!(matches!(fr_from_hex(p, "x"), Err(Error::NonCanonical("x"))));
        assert!(matches!(
            fr_from_hex(&format!("0x{}", "f".repeat(64)), "x"),
            Err(Error::NonCanonical(_))
        ));
        for bad in [
            "",
            "0x",
            "0x12",
            "12",
            &format!("0x{}", "g".repeat(64)),
            &format!("0x{}", "0".repeat(66)),
        ] {
            assert!(
                matches!(fr_from_hex(bad, "x"), Err(Error::Encoding("x"))),
                "{bad}"
            );
        }
    }

    #[test]
    fn secret_hex_decodes_into_a_wiped_buffer() {
        // Issue 16, point 7: the decoded bytes went through a `Vec` that
        // was freed unwiped. They are now decoded in place into a buffer
        // that zeroizes on drop (the type says so).
        let bytes: Zeroizing<[u8; 32]> = secret_bytes_from_hex(&"aB".repeat(32), "s").unwrap();
        assert_eq!(*bytes, [0xab; 32]);
        assert_eq!(
            bytes_from_hex::<32>(&"ab".repeat(32), "s").unwrap(),
            [0xab; 32]
        );
        for bad in [
            "ab".repeat(31),
            "ab".repeat(33),
            "zz".repeat(32),
            "a".repeat(63),
        ] {
            assert!(matches!(
                secret_bytes_from_hex::<32>(&bad, "s"),
                Err(Error::Encoding("s"))
            ));
            assert!(matches!(
                bytes_from_hex::<32>(&bad, "s"),
                Err(Error::Encoding("s"))
            ));
        }
    }

    #[test]
    fn string_hash_separates_lengths_and_chunks() {
        let a = hash_string("").unwrap();
        let b = hash_string("\0").unwrap();
        let c = hash_string("DE").unwrap();
        assert!(a != b && b != c && a != c);
        let long = "x".repeat(MAX_STRING_BYTES);
        assert!(hash_string(&long).is_ok());
        assert!(matches!(
            hash_string(&(long + "x")),
            Err(Error::Encoding(_))
        ));
        // 31 vs 32 bytes cross a chunk boundary.
        assert_ne!(
            hash_string(&"a".repeat(31)).unwrap(),
            hash_string(&"a".repeat(32)).unwrap()
        );
    }
}

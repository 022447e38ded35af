//! Installed proving keys (issue #17 point 3): what the prover needs,
//! uncompressed, validated once when the key is installed and trusted by
//! hash afterwards, so that later loads skip the square roots and the G2
//! subgroup checks that make up nearly all of a validated load.
//!
//! # Trust model
//!
//! The compressed key file ([`ProvingKeyFor::to_bytes`]) stays the format
//! keys are downloaded and distributed in, and is always fully validated
//! ([`ProvingKeyFor::from_bytes`]). An *installed* key is local state, as
//! trusted as the application's own storage (its wallet, its holder secret):
//! [`ProvingKeyFor::install`] writes it only after the full validation of
//! the compressed key and the pairing checks against the verifying key the
//! caller trusts ([`ProvingKeyFor::from_bytes_checked`]), and records the
//! SHA-256 of both files. [`ProvingKeyFor::from_installed`] then checks:
//!
//! - the header (format, version, circuit id: a key of another statement is
//!   refused);
//! - an integrity hash, SHA-256 of everything before it: a corrupted,
//!   truncated or partly overwritten file is refused. It is a checksum, not
//!   a MAC: anyone who can write the file can recompute it, which is why the
//!   file must live where only the application writes;
//! - that the recorded hash of the key it came from is the one the caller
//!   trusts ([`TrustedKey`]): a stale file (the compressed key was replaced)
//!   or a file swapped in from another key is refused;
//! - that the embedded verifying key encodes to the recorded verifying-key
//!   hash, the number of public inputs and the lengths of the queries;
//! - every G1 point on the curve (BN254's G1 has cofactor 1, so this is the
//!   full check, and cheap) and every G2 point on the twist. Only the G2
//!   subgroup checks and the square roots of decompression are skipped.
//!
//! A key that slipped through (a file written by someone else with a
//! recomputed checksum) still cannot make a proof leave that does not verify
//! under the trusted verifying key when proving with
//! [`ProvingKeyFor::prove_verified`].
//!
//! # Encoding
//!
//! `magic "ZKCRDIK\0" (8 bytes) || format version (u16 LE) || circuit id
//! (16 bytes) || SHA-256 of the compressed proving-key file (32) || SHA-256
//! of the verifying-key file (32) || the key's origin (1 byte: 0 a
//! development key, 1 a ceremony key; then 64 bytes: the zkey's BLAKE2b-512,
//! zero for a development key; see [`super::KeyOrigin`]) || arkworks
//! uncompressed proving key ||
//! SHA-256 of all the bytes before it (32)`. The query lengths are checked
//! against the bytes left before anything is allocated.

use std::path::{Path, PathBuf};

use ark_bn254::{Bn254, G2Affine};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use sha2::{Digest, Sha256};

use super::{
    check_g1, check_public_inputs, check_query_lengths, read_proving_key_fields, ProvingKeyFor,
    Statement,
};
use super::{KeyOrigin, VerifyingKeyFor};
use crate::{Error, Result};

const MAGIC: &[u8; 8] = b"ZKCRDIK\0";
/// Installed-key file format version.
pub const INSTALLED_FORMAT_VERSION: u16 = 1;
/// Magic, version, circuit id, the two recorded hashes, the origin.
const PREFIX_LEN: usize = 8 + 2 + 16 + 32 + 32 + 1 + 64;
const DIGEST_LEN: usize = 32;

/// The key an installed key must have come from, as the caller trusts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrustedKey {
    /// SHA-256 of the compressed proving-key file it was installed from.
    CompressedKey([u8; 32]),
    /// SHA-256 of the verifying-key file it was checked against (the bytes
    /// behind OpenID4VP's base64url `vk_hash`).
    VerifyingKey([u8; 32]),
}

impl TrustedKey {
    /// The compressed proving-key file `bytes` (hashed here).
    pub fn compressed_key(bytes: &[u8]) -> Self {
        TrustedKey::CompressedKey(Sha256::digest(bytes).into())
    }

    /// The verifying key `vk` (the SHA-256 of its file encoding).
    pub fn verifying_key<S: Statement>(vk: &VerifyingKeyFor<S>) -> Self {
        TrustedKey::VerifyingKey(Sha256::digest(vk.to_bytes()).into())
    }
}

/// Where [`load_preferring_installed`] took the key from.
#[derive(Debug)]
pub enum KeySource {
    /// The installed form.
    Installed,
    /// The compressed file, fully validated, because there is no installed
    /// file.
    CompressedNoInstalled,
    /// The compressed file, fully validated, because the installed file was
    /// refused (stale, corrupted, unreadable): the error says why.
    CompressedInstalledRefused(Error),
}

/// The installed file's conventional path beside the compressed key file:
/// `<name>.installed` (`presentation.pk` -> `presentation.pk.installed`).
pub fn installed_path(compressed: &Path) -> PathBuf {
    let mut name = compressed.as_os_str().to_os_string();
    name.push(".installed");
    PathBuf::from(name)
}

/// Loads the proving key whose compressed file holds `compressed`: from the
/// installed file at `installed` when it is there and valid for exactly
/// these bytes, else by the full validated load of `compressed`. Never
/// writes anything.
pub fn load_preferring_installed<S: Statement>(
    compressed: &[u8],
    installed: &Path,
) -> Result<(ProvingKeyFor<S>, KeySource)> {
    let source = match std::fs::read(installed) {
        Ok(bytes) => {
            match ProvingKeyFor::<S>::from_installed(
                &bytes,
                &TrustedKey::compressed_key(compressed),
            ) {
                Ok(pk) => return Ok((pk, KeySource::Installed)),
                Err(e) => KeySource::CompressedInstalledRefused(e.in_file(installed)),
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => KeySource::CompressedNoInstalled,
        Err(e) => KeySource::CompressedInstalledRefused(Error::from(e).in_file(installed)),
    };
    Ok((ProvingKeyFor::from_bytes(compressed)?, source))
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

impl<S: Statement> ProvingKeyFor<S> {
    /// Installs the compressed proving key `compressed` (a download, a
    /// file): validates it fully and checks it against the trusted
    /// verifying key `vk` ([`ProvingKeyFor::from_bytes_checked`]), then
    /// encodes its installed form (see the module docs). Returns the key,
    /// ready to prove, and the installed bytes for the caller to store
    /// (atomically, e.g. [`crate::files::write`]).
    pub fn install(compressed: &[u8], vk: &VerifyingKeyFor<S>) -> Result<(Self, Vec<u8>)> {
        let pk = Self::from_bytes_checked(compressed, vk)?;
        let bytes = pk.installed_bytes(&sha256(compressed), &sha256(&vk.to_bytes()));
        Ok((pk, bytes))
    }

    fn installed_bytes(&self, key_hash: &[u8; 32], vk_hash: &[u8; 32]) -> Vec<u8> {
        let mut out = Vec::with_capacity(PREFIX_LEN + self.key.uncompressed_size() + DIGEST_LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&INSTALLED_FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(S::ID);
        out.extend_from_slice(key_hash);
        out.extend_from_slice(vk_hash);
        match self.origin {
            KeyOrigin::Development => {
                out.push(0);
                out.extend_from_slice(&[0u8; 64]);
            }
            KeyOrigin::Ceremony { zkey_blake2b } => {
                out.push(1);
                out.extend_from_slice(&zkey_blake2b);
            }
        }
        self.key
            .serialize_uncompressed(&mut out)
            .expect("writing to a Vec");
        let digest = sha256(&out);
        out.extend_from_slice(&digest);
        out
    }

    /// Loads an installed proving key ([`ProvingKeyFor::install`]'s bytes)
    /// that must have come from the key `trusted` names, without the G2
    /// subgroup checks (see the module docs for what is checked and the
    /// trust model). Every refusal is a typed error: [`Error::Key`] (not
    /// an installed key, another circuit, corrupted, installed from another
    /// key, malformed), or [`Error::UnsupportedVersion`].
    pub fn from_installed(bytes: &[u8], trusted: &TrustedKey) -> Result<Self> {
        if bytes.len() < PREFIX_LEN + DIGEST_LEN || &bytes[..8] != MAGIC {
            return Err(Error::Key("not a zkcred installed proving key"));
        }
        let version = u16::from_le_bytes([bytes[8], bytes[9]]);
        if version != INSTALLED_FORMAT_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "installed key",
                found: version.into(),
                supported: INSTALLED_FORMAT_VERSION.into(),
            });
        }
        if &bytes[10..26] != S::ID {
            return Err(Error::Key("the key belongs to another circuit"));
        }
        let (content, digest) = bytes.split_at(bytes.len() - DIGEST_LEN);
        if sha256(content) != digest {
            return Err(Error::Key(
                "the installed key is corrupted (its integrity hash does not match)",
            ));
        }
        let (key_hash, vk_hash) = (&content[26..58], &content[58..90]);
        let recorded = match trusted {
            TrustedKey::CompressedKey(h) => (key_hash, h),
            TrustedKey::VerifyingKey(h) => (vk_hash, h),
        };
        if recorded.0 != recorded.1 {
            return Err(Error::Key(
                "the installed key was made from another key than the trusted one",
            ));
        }
        let zkey_blake2b: [u8; 64] = content[91..155].try_into().expect("64 bytes");
        let origin = match content[90] {
            0 if zkey_blake2b == [0u8; 64] => KeyOrigin::Development,
            1 => KeyOrigin::Ceremony { zkey_blake2b },
            _ => return Err(Error::Key("malformed installed proving key (origin)")),
        };
        let pk = read_uncompressed(&content[PREFIX_LEN..])
            .ok_or(Error::Key("malformed installed proving key"))?;
        check_public_inputs::<S>(&pk.vk)?;
        check_query_lengths(&pk)?;
        let vk = VerifyingKeyFor::<S>::from_ark(pk.vk.clone())?.with_origin(origin);
        if sha256(&vk.to_bytes()) != vk_hash {
            return Err(Error::Key(
                "the installed key's verifying key is not the one it records",
            ));
        }
        Ok(Self::from_ark(pk).with_origin(origin))
    }
}

/// An uncompressed arkworks `ProvingKey` (the field order of
/// [`super::read_proving_key`]), the query points on the curve (G2 points
/// not checked for the subgroup). `None` on any malformation or trailing
/// byte.
fn read_uncompressed(body: &[u8]) -> Option<ark_groth16::ProvingKey<Bn254>> {
    read_proving_key_fields(
        body,
        Compress::No,
        |r| read_points(r, check_g1),
        |r| read_points(r, G2Affine::is_on_curve),
    )
}

/// A length-prefixed vector of uncompressed points, each checked by
/// `check`; the length is checked against the bytes left before anything
/// is allocated. In parallel with the `parallel` feature.
fn read_points<T>(r: &mut &[u8], check: fn(&T) -> bool) -> Option<Vec<T>>
where
    T: CanonicalSerialize + CanonicalDeserialize + Default + Send,
{
    let len = usize::try_from(u64::deserialize_uncompressed(&mut *r).ok()?).ok()?;
    let size = T::default().uncompressed_size();
    let bytes = len.checked_mul(size).filter(|b| *b <= r.len())?;
    let (points, rest) = r.split_at(bytes);
    *r = rest;
    let decode = |chunk: &[u8]| {
        T::deserialize_with_mode(chunk, Compress::No, Validate::No)
            .ok()
            .filter(check)
    };
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        points
            .par_chunks(size)
            .with_min_len(1024)
            .map(decode)
            .collect()
    }
    #[cfg(not(feature = "threads"))]
    {
        points.chunks(size).map(decode).collect()
    }
}

/// Benchmarks only (`reference-prover`): the phases of a validated load of
/// the compressed key `bytes` ([`ProvingKeyFor::from_bytes`]), timed one
/// after the other.
#[cfg(feature = "reference-prover")]
#[doc(hidden)]
pub fn validated_load_phases<S: Statement>(bytes: &[u8]) -> Result<ValidatedLoadPhases> {
    use std::time::Instant;
    let (body, _origin) =
        super::check_header::<S>(bytes, super::PK_MAGIC, "not a zkcred proving key")?;
    let malformed = || Error::Key("malformed proving key");
    let t = Instant::now();
    decompress_only(body).ok_or_else(malformed)?;
    let decompress = t.elapsed();
    let t = Instant::now();
    let pk = super::read_proving_key(body).ok_or_else(malformed)?;
    let decompress_and_check = t.elapsed();
    let t = Instant::now();
    let canonical = crate::encoding::reencodes_to(&pk, body);
    let reencode = t.elapsed();
    assert!(canonical, "a key made by to_bytes re-encodes");
    Ok(ValidatedLoadPhases {
        decompress,
        checks: decompress_and_check.saturating_sub(decompress),
        reencode,
    })
}

/// The phases of [`validated_load_phases`].
#[cfg(feature = "reference-prover")]
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct ValidatedLoadPhases {
    /// Decompression of every point (square roots), no checks.
    pub decompress: std::time::Duration,
    /// On-curve and subgroup checks (decompression and checks, less
    /// `decompress`).
    pub checks: std::time::Duration,
    /// The re-encoding comparison.
    pub reencode: std::time::Duration,
}

#[cfg(feature = "reference-prover")]
fn decompress_only(body: &[u8]) -> Option<()> {
    use super::decompress;
    use ark_bn254::G1Affine;
    let mut r = body;
    let _ = ark_groth16::VerifyingKey::<Bn254>::deserialize_compressed(&mut r).ok()?;
    let _ = G1Affine::deserialize_compressed(&mut r).ok()?;
    let _ = G1Affine::deserialize_compressed(&mut r).ok()?;
    fn any<T>(_: &T) -> bool {
        true
    }
    super::read_points(&mut r, decompress::g1, any)?;
    super::read_points(&mut r, decompress::g1, any)?;
    super::read_points(&mut r, decompress::g2, any)?;
    super::read_points(&mut r, decompress::g1, any)?;
    super::read_points(&mut r, decompress::g1, any)?;
    r.is_empty().then_some(())
}

#[cfg(test)]
mod tests {
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    use ark_ec::AffineRepr;

    use super::super::tests::{Tiny, TinyCircuit};
    use super::*;
    use crate::{keys::generate, ErrorKind, Fr};

    /// Another statement with Tiny's circuit: its keys must not load as Tiny's.
    #[derive(Clone, Copy, Debug)]
    enum OtherTiny {}

    impl Statement for OtherTiny {
        const ID: &'static [u8; 16] = b"test/other/v1\0\0\0";
        const NAME: &'static str = "test/other/v1";
        const PUBLIC_INPUTS: usize = 1;
        type Circuit = TinyCircuit;
        fn blank() -> TinyCircuit {
            <Tiny as Statement>::blank()
        }
    }

    struct Installed {
        compressed: Vec<u8>,
        vk: VerifyingKeyFor<Tiny>,
        bytes: Vec<u8>,
    }

    fn installed(seed: u64) -> Installed {
        let rng = &mut ChaCha20Rng::seed_from_u64(seed);
        let (pk, vk) = generate::<Tiny, _>(rng).unwrap();
        let compressed = pk.to_bytes();
        let (_, bytes) = ProvingKeyFor::install(&compressed, &vk).unwrap();
        Installed {
            compressed,
            vk,
            bytes,
        }
    }

    fn y_of(x: u64) -> Fr {
        Fr::from(x * x * x + x + 5)
    }

    #[test]
    fn an_installed_key_round_trips_and_proves() {
        let k = installed(1);
        let by_key = TrustedKey::compressed_key(&k.compressed);
        let by_vk = TrustedKey::verifying_key(&k.vk);
        for trusted in [by_key, by_vk] {
            let pk = ProvingKeyFor::<Tiny>::from_installed(&k.bytes, &trusted).unwrap();
            assert_eq!(pk.to_bytes(), k.compressed);
            let rng = &mut ChaCha20Rng::seed_from_u64(2);
            let proof = pk
                .prove_verified(TinyCircuit::with_x(4), &[y_of(4)], rng)
                .unwrap();
            k.vk.verify(&proof, &[y_of(4)]).unwrap();
            assert!(k.vk.verify(&proof, &[y_of(5)]).is_err());
        }
        // Installing is deterministic: the same key gives the same file.
        let (_, again) = ProvingKeyFor::install(&k.compressed, &k.vk).unwrap();
        assert_eq!(again, k.bytes);
    }

    #[test]
    fn install_refuses_a_key_that_does_not_fit_the_verifying_key() {
        let k = installed(3);
        let other = installed(4);
        assert_eq!(
            ProvingKeyFor::<Tiny>::install(&k.compressed, &other.vk)
                .unwrap_err()
                .kind(),
            ErrorKind::Key
        );
        let mut bad = k.compressed.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(ProvingKeyFor::<Tiny>::install(&bad, &k.vk).is_err());
    }

    #[test]
    fn a_flipped_bit_anywhere_is_refused() {
        let k = installed(5);
        let trusted = TrustedKey::compressed_key(&k.compressed);
        for i in 0..k.bytes.len() {
            for bit in [0x01u8, 0x80] {
                let mut bad = k.bytes.clone();
                bad[i] ^= bit;
                let err = ProvingKeyFor::<Tiny>::from_installed(&bad, &trusted).unwrap_err();
                let expected = if (8..10).contains(&i) {
                    ErrorKind::UnsupportedVersion
                } else {
                    ErrorKind::Key
                };
                assert_eq!(err.kind(), expected, "byte {i} bit {bit:#x}: {err}");
            }
        }
    }

    #[test]
    fn a_truncated_or_extended_file_is_refused() {
        let k = installed(6);
        let trusted = TrustedKey::compressed_key(&k.compressed);
        for len in 0..k.bytes.len() {
            let err = ProvingKeyFor::<Tiny>::from_installed(&k.bytes[..len], &trusted).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Key, "length {len}");
        }
        let mut longer = k.bytes.clone();
        longer.push(0);
        assert!(ProvingKeyFor::<Tiny>::from_installed(&longer, &trusted).is_err());
    }

    #[test]
    fn a_wrong_trusted_hash_or_another_statement_is_refused() {
        let k = installed(7);
        let other = installed(8);
        for trusted in [
            TrustedKey::compressed_key(&other.compressed),
            TrustedKey::verifying_key(&other.vk),
            TrustedKey::CompressedKey([0; 32]),
        ] {
            let err = ProvingKeyFor::<Tiny>::from_installed(&k.bytes, &trusted).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Key);
            assert!(err.to_string().contains("another key"), "{err}");
        }
        // The trusted hash of a verifying key is not one of a compressed
        // key, and the other way round.
        let TrustedKey::VerifyingKey(vk_hash) = TrustedKey::verifying_key(&k.vk) else {
            unreachable!()
        };
        assert!(ProvingKeyFor::<Tiny>::from_installed(
            &k.bytes,
            &TrustedKey::CompressedKey(vk_hash)
        )
        .is_err());
        // Tiny's installed key read as another statement's.
        let err = ProvingKeyFor::<OtherTiny>::from_installed(
            &k.bytes,
            &TrustedKey::compressed_key(&k.compressed),
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Key);
        assert!(err.to_string().contains("another circuit"), "{err}");
        // And the compressed key is not an installed one.
        let err = ProvingKeyFor::<Tiny>::from_installed(
            &k.compressed,
            &TrustedKey::CompressedKey([0; 32]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("not a zkcred installed"), "{err}");
    }

    /// Rewrites a field of the installed body and fixes the checksum, as
    /// someone writing the file would.
    fn resealed(bytes: &[u8], edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut content = bytes[..bytes.len() - DIGEST_LEN].to_vec();
        edit(&mut content);
        let digest = sha256(&content);
        content.extend_from_slice(&digest);
        content
    }

    /// A key exported from a ceremony keeps its origin (the zkey's hash)
    /// through installation, and its verifying key still matches the
    /// recorded hash; a tampered origin byte is refused.
    #[test]
    fn a_ceremony_key_keeps_its_origin_when_installed() {
        let rng = &mut ChaCha20Rng::seed_from_u64(11);
        let (pk, _) = generate::<Tiny, _>(rng).unwrap();
        let origin = KeyOrigin::Ceremony {
            zkey_blake2b: [7u8; 64],
        };
        let pk = pk.with_origin(origin);
        let vk = pk.verifying_key();
        let compressed = pk.to_bytes();
        let (_, bytes) = ProvingKeyFor::install(&compressed, &vk).unwrap();
        for trusted in [
            TrustedKey::compressed_key(&compressed),
            TrustedKey::verifying_key(&vk),
        ] {
            let loaded = ProvingKeyFor::<Tiny>::from_installed(&bytes, &trusted).unwrap();
            assert_eq!(loaded.origin(), origin);
            assert_eq!(loaded.verifying_key().to_bytes(), vk.to_bytes());
        }
        let trusted = TrustedKey::verifying_key(&vk);
        for tag in [0u8, 2, 255] {
            let bad = resealed(&bytes, |c| c[90] = tag);
            let err = ProvingKeyFor::<Tiny>::from_installed(&bad, &trusted).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Key, "origin tag {tag}");
        }
        // Another zkey hash: the verifying key no longer matches its record.
        let bad = resealed(&bytes, |c| c[100] ^= 1);
        assert!(ProvingKeyFor::<Tiny>::from_installed(&bad, &trusted).is_err());
    }

    #[test]
    fn a_huge_query_length_allocates_nothing() {
        let k = installed(9);
        let trusted = TrustedKey::compressed_key(&k.compressed);
        let pk = ProvingKeyFor::<Tiny>::from_installed(&k.bytes, &trusted).unwrap();
        // The a_query length follows vk, beta_g1 and delta_g1.
        let at = PREFIX_LEN + pk.key.vk.uncompressed_size() + 2 * 64;
        assert_eq!(
            u64::from_le_bytes(k.bytes[at..at + 8].try_into().unwrap()),
            pk.key.a_query.len() as u64
        );
        for len in [
            u64::MAX,
            u64::MAX / 64,
            1 << 40,
            pk.key.a_query.len() as u64 + 1,
        ] {
            let bad = resealed(&k.bytes, |c| {
                c[at..at + 8].copy_from_slice(&len.to_le_bytes())
            });
            let err = ProvingKeyFor::<Tiny>::from_installed(&bad, &trusted).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Key, "length {len}");
        }
    }

    #[test]
    fn a_resealed_point_off_the_curve_is_refused() {
        let k = installed(10);
        let trusted = TrustedKey::compressed_key(&k.compressed);
        let pk = ProvingKeyFor::<Tiny>::from_installed(&k.bytes, &trusted).unwrap();
        let (g1, g2) = (64, 128);
        let n = pk.key.a_query.len();
        let a_at = PREFIX_LEN + pk.key.vk.uncompressed_size() + 2 * g1 + 8;
        let b_g2_at = a_at + 2 * (n * g1 + 8);
        // A point that is not the identity (whose coordinates are not read).
        let i = (0..n)
            .find(|i| !pk.key.a_query[*i].is_zero() && !pk.key.b_g2_query[*i].is_zero())
            .unwrap();
        for at in [a_at + i * g1, b_g2_at + i * g2] {
            // The x coordinate's low byte moved: off the curve.
            let bad = resealed(&k.bytes, |c| c[at] ^= 1);
            let err = ProvingKeyFor::<Tiny>::from_installed(&bad, &trusted).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Key);
        }
        // A different verifying key inside than the recorded hash says.
        let vk_at = PREFIX_LEN;
        let bad = resealed(&k.bytes, |c| {
            // alpha_g1 replaced by its negation (y -> p - y keeps it on the
            // curve): swap in -alpha's encoding.
            let alpha = pk.key.vk.alpha_g1;
            let mut neg = Vec::new();
            (-alpha).serialize_uncompressed(&mut neg).unwrap();
            c[vk_at..vk_at + g1].copy_from_slice(&neg);
        });
        let err = ProvingKeyFor::<Tiny>::from_installed(&bad, &trusted).unwrap_err();
        assert!(err.to_string().contains("verifying key"), "{err}");
    }

    #[test]
    fn the_installed_file_sits_beside_the_key_and_is_preferred() {
        let dir = tempfile::tempdir().unwrap();
        let k = installed(11);
        let pk_path = dir.path().join("tiny.pk");
        let path = installed_path(&pk_path);
        assert_eq!(path, dir.path().join("tiny.pk.installed"));
        let (_, source) = load_preferring_installed::<Tiny>(&k.compressed, &path).unwrap();
        assert!(matches!(source, KeySource::CompressedNoInstalled));
        crate::files::write(&path, &k.bytes).unwrap();
        let (pk, source) = load_preferring_installed::<Tiny>(&k.compressed, &path).unwrap();
        assert!(matches!(source, KeySource::Installed));
        assert_eq!(pk.to_bytes(), k.compressed);
        // Another compressed key beside a stale installed file: the
        // compressed key is used, and the reason given.
        let other = installed(12);
        let (pk, source) = load_preferring_installed::<Tiny>(&other.compressed, &path).unwrap();
        assert_eq!(pk.to_bytes(), other.compressed);
        let KeySource::CompressedInstalledRefused(e) = source else {
            panic!("{source:?}")
        };
        assert_eq!(e.kind(), ErrorKind::Key);
        // A bad compressed key is an error even with an installed file.
        assert!(load_preferring_installed::<Tiny>(&k.compressed[1..], &path).is_err());
    }
}

//! Groth16 keys for the presentation circuit: generation, compressed
//! serialization, and validated loading. The credit scorecard circuit's keys
//! ([`crate::credit::succinct`]) share the file format with their own circuit id.
//!
//! Keys made by [`setup`] come from one party's randomness: anyone who kept
//! that randomness can forge proofs. They are for development and testing;
//! production keys need a multi-party ceremony (a later step).
//!
//! # Encoding
//!
//! `magic (8 bytes) || format version (u16 LE) || circuit id (16 bytes) ||
//! arkworks compressed key`. Loading checks all three headers, then every
//! curve point (on the curve and in the prime-order subgroup), that nothing
//! follows the key, then the number of public inputs (and, for a proving key,
//! that its queries have the lengths the prover indexes them by).

use ark_bn254::Bn254;
use ark_groth16::{Groth16, PreparedVerifyingKey};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use ark_snark::SNARK;
use rand_core::{CryptoRng, OsRng, RngCore};
use zkcred_circuits::presentation::{circuit::PresentationCircuit, NUM_PUBLIC_INPUTS};

use crate::{Error, Result};

mod decompress;
mod g2_subgroup;

const PK_MAGIC: &[u8; 8] = b"ZKCRDPK\0";
const VK_MAGIC: &[u8; 8] = b"ZKCRDVK\0";
/// Key file format version.
pub const KEY_FORMAT_VERSION: u16 = 1;
/// Identifies the circuit (and its version) the keys belong to.
pub const CIRCUIT_ID: &[u8; 16] = b"presentation/v1\0";
const HEADER_LEN: usize = 8 + 2 + 16;

/// What identifies a circuit's keys: the id in the header and the number of
/// public inputs (shared by every circuit's key files).
#[derive(Clone, Copy, Debug)]
pub(crate) struct CircuitSpec {
    pub(crate) id: &'static [u8; 16],
    pub(crate) public_inputs: usize,
}

const PRESENTATION: CircuitSpec = CircuitSpec {
    id: CIRCUIT_ID,
    public_inputs: NUM_PUBLIC_INPUTS,
};

/// The Groth16 proving key of the presentation circuit, and optionally its
/// precomputed prover tables ([`ProvingKey::prepare`]).
#[derive(Clone)]
pub struct ProvingKey(
    pub(crate) ark_groth16::ProvingKey<Bn254>,
    pub(crate) crate::prover::LazyTables,
);

/// The Groth16 verifying key of the presentation circuit, prepared for
/// verification.
#[derive(Clone)]
pub struct VerifyingKey {
    pub(crate) vk: ark_groth16::VerifyingKey<Bn254>,
    pub(crate) prepared: PreparedVerifyingKey<Bn254>,
}

impl std::fmt::Debug for ProvingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ProvingKey(presentation/v1, {} public inputs)",
            self.0.vk.gamma_abc_g1.len() - 1
        )
    }
}

impl std::fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "VerifyingKey(presentation/v1, {} public inputs)",
            self.vk.gamma_abc_g1.len() - 1
        )
    }
}

/// Generates a development key pair from `rng` (see the module docs).
pub fn setup<R: RngCore + CryptoRng>(rng: &mut R) -> Result<(ProvingKey, VerifyingKey)> {
    let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(PresentationCircuit::blank(), rng)
        .map_err(|e| Error::Proving(format!("key generation failed: {e}")))?;
    Ok((
        ProvingKey(pk, Default::default()),
        VerifyingKey::from_ark(vk)?,
    ))
}

/// Generates a development key pair from the operating system's randomness.
pub fn setup_os() -> Result<(ProvingKey, VerifyingKey)> {
    setup(&mut OsRng)
}

fn header(magic: &[u8; 8], spec: CircuitSpec) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN);
    out.extend_from_slice(magic);
    out.extend_from_slice(&KEY_FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(spec.id);
    out
}

fn check_header<'a>(
    bytes: &'a [u8],
    magic: &[u8; 8],
    what: &'static str,
    spec: CircuitSpec,
) -> Result<&'a [u8]> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != magic {
        return Err(Error::Key(what));
    }
    let version = u16::from_le_bytes([bytes[8], bytes[9]]);
    if version != KEY_FORMAT_VERSION {
        return Err(Error::UnsupportedVersion {
            what: "key",
            found: version.into(),
            supported: KEY_FORMAT_VERSION.into(),
        });
    }
    if &bytes[10..26] != spec.id {
        return Err(Error::Key("the key belongs to another circuit"));
    }
    Ok(&bytes[HEADER_LEN..])
}

/// Deserializes a compressed, validated arkworks value that must take up all
/// of `body`: trailing bytes are refused (`what` names the error), so every
/// key has one encoding.
fn deserialize_exact<T: CanonicalDeserialize>(body: &[u8], what: &'static str) -> Result<T> {
    let mut reader = body;
    let value = T::deserialize_with_mode(&mut reader, Compress::Yes, Validate::Yes)
        .map_err(|_| Error::Key(what))?;
    if !reader.is_empty() {
        return Err(Error::Key("trailing bytes after the key"));
    }
    Ok(value)
}

fn check_public_inputs(vk: &ark_groth16::VerifyingKey<Bn254>, spec: CircuitSpec) -> Result<()> {
    if vk.gamma_abc_g1.len() != spec.public_inputs + 1 {
        return Err(Error::Key("the key has the wrong number of public inputs"));
    }
    Ok(())
}

/// The A and B queries have one point per variable (public inputs, with the
/// constant one, then witnesses, which the L query covers): the prover reads
/// `query[0]` and multiplies the rest against the assignment, so a key whose
/// queries are empty or disagree would panic or prove garbage.
fn check_query_lengths(pk: &ark_groth16::ProvingKey<Bn254>) -> Result<()> {
    let variables = pk.vk.gamma_abc_g1.len() + pk.l_query.len();
    if pk.a_query.len() != variables
        || pk.b_g1_query.len() != variables
        || pk.b_g2_query.len() != variables
    {
        return Err(Error::Key("the proving key's queries do not fit together"));
    }
    Ok(())
}

/// A proving key's encoding (see the module docs), for the circuit `spec`.
pub(crate) fn proving_key_to_bytes(
    pk: &ark_groth16::ProvingKey<Bn254>,
    spec: CircuitSpec,
) -> Vec<u8> {
    let mut out = header(PK_MAGIC, spec);
    pk.serialize_compressed(&mut out).expect("writing to a Vec");
    out
}

/// Loads and validates a proving key of the circuit `spec`.
pub(crate) fn proving_key_from_bytes(
    bytes: &[u8],
    spec: CircuitSpec,
) -> Result<ark_groth16::ProvingKey<Bn254>> {
    let body = check_header(bytes, PK_MAGIC, "not a zkcred proving key", spec)?;
    let pk = read_proving_key(body).ok_or(Error::Key(
        "malformed proving key (truncated, trailing bytes, or a point off the curve or outside the subgroup)",
    ))?;
    check_public_inputs(&pk.vk, spec)?;
    check_query_lengths(&pk)?;
    Ok(pk)
}

/// A verifying key's encoding, for the circuit `spec`.
pub(crate) fn verifying_key_to_bytes(
    vk: &ark_groth16::VerifyingKey<Bn254>,
    spec: CircuitSpec,
) -> Vec<u8> {
    let mut out = header(VK_MAGIC, spec);
    vk.serialize_compressed(&mut out).expect("writing to a Vec");
    out
}

/// Loads and validates a verifying key of the circuit `spec`.
pub(crate) fn verifying_key_from_bytes(
    bytes: &[u8],
    spec: CircuitSpec,
) -> Result<ark_groth16::VerifyingKey<Bn254>> {
    let body = check_header(bytes, VK_MAGIC, "not a zkcred verifying key", spec)?;
    let vk = deserialize_exact(
        body,
        "malformed verifying key (truncated, or a point off the curve or outside the subgroup)",
    )?;
    check_public_inputs(&vk, spec)?;
    Ok(vk)
}

impl ProvingKey {
    /// Precomputes the prover's MSM tables ([`crate::prover`]): later proofs
    /// with this key take about a quarter less time (194 ms against 260 ms on
    /// two cores), and the key holds 95.9 MB more memory. For servers and
    /// desktops that prove often; phones should not. Idempotent.
    pub fn prepare(&mut self) {
        self.1.prepare(&self.0);
    }

    /// Whether [`ProvingKey::prepare`] has run.
    pub fn is_prepared(&self) -> bool {
        self.1.is_built()
    }

    /// Bytes held by the tables of [`ProvingKey::prepare`] (0 before it runs).
    pub fn prepared_bytes(&self) -> usize {
        self.1.memory_bytes()
    }

    /// The compressed encoding (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        proving_key_to_bytes(&self.0, PRESENTATION)
    }

    /// Loads and validates a proving key.
    pub fn from_bytes(bytes: &[u8]) -> Result<ProvingKey> {
        proving_key_from_bytes(bytes, PRESENTATION).map(|pk| ProvingKey(pk, Default::default()))
    }

    /// The matching verifying key.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey::from_ark(self.0.vk.clone())
            .expect("a loaded proving key has a valid verifying key")
    }
}

impl VerifyingKey {
    pub(crate) fn from_ark(vk: ark_groth16::VerifyingKey<Bn254>) -> Result<VerifyingKey> {
        check_public_inputs(&vk, PRESENTATION)?;
        let prepared = ark_groth16::prepare_verifying_key(&vk);
        Ok(VerifyingKey { vk, prepared })
    }

    /// The compressed encoding (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        verifying_key_to_bytes(&self.vk, PRESENTATION)
    }

    /// Loads and validates a verifying key.
    pub fn from_bytes(bytes: &[u8]) -> Result<VerifyingKey> {
        Self::from_ark(verifying_key_from_bytes(bytes, PRESENTATION)?)
    }

    /// The underlying arkworks key (for exports).
    pub fn as_ark(&self) -> &ark_groth16::VerifyingKey<Bn254> {
        &self.vk
    }
}

/// Reads a compressed arkworks `ProvingKey` (field order: vk, beta_g1,
/// delta_g1, a, b_g1, b_g2, h, l queries; each query a u64 LE length then
/// fixed-size points), decompressing and validating the query points on all
/// cores: decompression (a square root per point) and the G2 subgroup checks
/// are most of the load time, so both use faster routines that accept and
/// reject exactly what arkworks' `Validate::Yes` does ([`decompress`],
/// [`g2_subgroup`]). `None` on any malformation or trailing byte.
fn read_proving_key(body: &[u8]) -> Option<ark_groth16::ProvingKey<Bn254>> {
    use ark_bn254::G1Affine;
    let mut r = body;
    let vk = ark_groth16::VerifyingKey::<Bn254>::deserialize_with_mode(
        &mut r,
        Compress::Yes,
        Validate::Yes,
    )
    .ok()?;
    let beta_g1 = G1Affine::deserialize_with_mode(&mut r, Compress::Yes, Validate::Yes).ok()?;
    let delta_g1 = G1Affine::deserialize_with_mode(&mut r, Compress::Yes, Validate::Yes).ok()?;
    let a_query = read_points(&mut r, decompress::g1, check_g1)?;
    let b_g1_query = read_points(&mut r, decompress::g1, check_g1)?;
    let b_g2_query = read_points(&mut r, decompress::g2, check_g2)?;
    let h_query = read_points(&mut r, decompress::g1, check_g1)?;
    let l_query = read_points(&mut r, decompress::g1, check_g1)?;
    if !r.is_empty() {
        return None;
    }
    Some(ark_groth16::ProvingKey {
        vk,
        beta_g1,
        delta_g1,
        a_query,
        b_g1_query,
        b_g2_query,
        h_query,
        l_query,
    })
}

/// G1 has cofactor 1: arkworks' own check (on the curve) is all there is.
fn check_g1(p: &ark_bn254::G1Affine) -> bool {
    use ark_serialize::Valid;
    p.check().is_ok()
}

/// On the twist, and in G2 by the fast test of [`g2_subgroup`] (exactly
/// arkworks' `Validate::Yes`, at about half the cost).
fn check_g2(p: &ark_bn254::G2Affine) -> bool {
    p.is_on_curve() && g2_subgroup::is_in_g2_assuming_on_curve(p)
}

/// A length-prefixed vector of compressed curve points, each decompressed by
/// `decode` (as arkworks' unvalidated deserialization) and checked by `check`
/// (on the curve, in the subgroup), in parallel with the `parallel` feature.
fn read_points<T>(
    r: &mut &[u8],
    decode: fn(&[u8]) -> Option<T>,
    check: fn(&T) -> bool,
) -> Option<Vec<T>>
where
    T: CanonicalSerialize + Default + Send,
{
    let len = usize::try_from(u64::deserialize_compressed(&mut *r).ok()?).ok()?;
    let size = T::default().compressed_size();
    let bytes = len.checked_mul(size).filter(|b| *b <= r.len())?;
    let (points, rest) = r.split_at(bytes);
    *r = rest;
    let decode = |chunk: &[u8]| decode(chunk).filter(check);
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        points
            .par_chunks(size)
            .with_min_len(256)
            .map(decode)
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        points.chunks(size).map(decode).collect()
    }
}

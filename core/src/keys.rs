//! Groth16 keys: generation, compressed serialization, validated loading,
//! proving and verifying. One key type serves every statement:
//! [`ProvingKeyFor<S>`] and [`VerifyingKeyFor<S>`] are generic over the
//! [`Statement`] `S`, which names the circuit (and its version) in the key
//! header; [`ProvingKey`] and [`VerifyingKey`] are the identity
//! presentation's. The credit crate's scorecard keys are the same type over
//! its own statement.
//!
//! Keys made by [`setup`] come from one party's randomness: anyone who kept
//! that randomness can forge proofs. They are for development and testing;
//! production keys need a multi-party ceremony (a later step).
//!
//! # Encoding
//!
//! `magic (8 bytes) || format version (u16 LE) || circuit id (16 bytes) ||
//! [origin (64 bytes)] || arkworks compressed key`. Version 1 (every key
//! [`setup`] makes) has no origin: a development key from one party's
//! randomness. Version 2 ([`KEY_FORMAT_VERSION_CEREMONY`], keys exported from
//! a phase-2 ceremony by [`crate::circom::export`]) carries the BLAKE2b-512
//! hash of the `.zkey` file they were exported from ([`KeyOrigin`]). Loading checks all three headers, then every
//! curve point (on the curve and in the prime-order subgroup), that nothing
//! follows the key, that the key re-encodes to exactly the bytes read (a
//! point with the infinity flag and a non-zero x would load as the identity:
//! an [`Error::Key`] naming the non-canonical encoding, so every key has one
//! encoding, as every proof has), then the number of public inputs (and, for a proving key, that its
//! queries have the lengths the prover indexes them by).

use std::marker::PhantomData;

use ark_bn254::Bn254;
use ark_groth16::{Groth16, PreparedVerifyingKey};
use ark_relations::gr1cs::ConstraintSynthesizer;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use ark_snark::SNARK;
use rand_core::{CryptoRng, OsRng, RngCore};
use zkcred_circuits::{
    presentation::{circuit::PresentationCircuit, NUM_PUBLIC_INPUTS},
    Fr,
};

use crate::{encoding::reencodes_to, presentation::Proof, prover::LazyTables, Error, Result};

mod decompress;
pub(crate) mod g2_subgroup;
pub mod installed;
mod well_formed;

pub use installed::{KeySource, TrustedKey};

const PK_MAGIC: &[u8; 8] = b"ZKCRDPK\0";
const VK_MAGIC: &[u8; 8] = b"ZKCRDVK\0";
/// Key file format version.
pub const KEY_FORMAT_VERSION: u16 = 1;
/// Key file format version of keys exported from a ceremony's `.zkey`: the
/// header carries the zkey's hash ([`KeyOrigin::Ceremony`]).
pub const KEY_FORMAT_VERSION_CEREMONY: u16 = 2;
/// The bytes of the origin field of a version-2 header.
const ORIGIN_LEN: usize = 64;
/// Identifies the presentation circuit (and its version) in its key files.
pub const CIRCUIT_ID: &[u8; 16] = PresentationStatement::ID;
const HEADER_LEN: usize = 8 + 2 + 16;
/// The error of a key that does not re-encode to the bytes read.
const NON_CANONICAL_KEY: &str =
    "non-canonical point encoding (the key does not re-encode to the bytes read)";

/// A statement whose Groth16 keys zkcred makes, stores and proves with: its
/// id in the key header (which also names its version), its number of public
/// inputs, and the blank circuit key generation runs.
///
/// [`PresentationStatement`] is the identity presentation; the credit crate
/// implements it for the scorecard circuit.
pub trait Statement: 'static {
    /// The circuit id in the key files' header (16 bytes, zero-padded).
    const ID: &'static [u8; 16];
    /// A short name for `Debug` output, e.g. `presentation/v2`.
    const NAME: &'static str;
    /// The number of public inputs (without the constant one).
    const PUBLIC_INPUTS: usize;
    /// The circuit.
    type Circuit: ConstraintSynthesizer<Fr>;
    /// The circuit with no assignment, for key generation.
    fn blank() -> Self::Circuit;
}

/// The identity presentation statement ([`zkcred_circuits::presentation`]).
#[derive(Clone, Copy, Debug)]
pub enum PresentationStatement {}

impl Statement for PresentationStatement {
    const ID: &'static [u8; 16] = b"presentation/v2\0";
    const NAME: &'static str = zkcred_circuits::presentation::CIRCUIT_ID;
    const PUBLIC_INPUTS: usize = NUM_PUBLIC_INPUTS;
    type Circuit = PresentationCircuit;
    fn blank() -> PresentationCircuit {
        PresentationCircuit::blank()
    }
}

/// Where a key comes from, as its header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOrigin {
    /// A development key from one party's randomness ([`setup`]): whoever
    /// kept that randomness can forge proofs.
    Development,
    /// Exported from a phase-2 ceremony's `.zkey` file
    /// ([`crate::circom::export`]): the BLAKE2b-512 hash of that file
    /// (`b2sum final.zkey` prints it).
    Ceremony {
        /// BLAKE2b-512 of the `.zkey` file.
        zkey_blake2b: [u8; 64],
    },
}

impl std::fmt::Display for KeyOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyOrigin::Development => f.write_str("development key (single party)"),
            KeyOrigin::Ceremony { zkey_blake2b } => write!(
                f,
                "ceremony key (zkey BLAKE2b-512 {})",
                hex::encode(zkey_blake2b)
            ),
        }
    }
}

impl KeyOrigin {
    fn hash(&self) -> Option<&[u8; 64]> {
        match self {
            KeyOrigin::Development => None,
            KeyOrigin::Ceremony { zkey_blake2b } => Some(zkey_blake2b),
        }
    }
}

/// The Groth16 proving key of the statement `S`, and optionally its
/// precomputed prover tables ([`ProvingKeyFor::prepare`]).
pub struct ProvingKeyFor<S: Statement> {
    key: ark_groth16::ProvingKey<Bn254>,
    origin: KeyOrigin,
    tables: LazyTables,
    /// The embedded verifying key, prepared on the first self-checked proof.
    own_vk: std::sync::OnceLock<PreparedVerifyingKey<Bn254>>,
    statement: PhantomData<fn() -> S>,
}

/// The Groth16 verifying key of the statement `S`, prepared for
/// verification.
pub struct VerifyingKeyFor<S: Statement> {
    vk: ark_groth16::VerifyingKey<Bn254>,
    origin: KeyOrigin,
    prepared: PreparedVerifyingKey<Bn254>,
    statement: PhantomData<fn() -> S>,
}

impl<S: Statement> Clone for ProvingKeyFor<S> {
    fn clone(&self) -> Self {
        ProvingKeyFor {
            key: self.key.clone(),
            origin: self.origin,
            tables: self.tables.clone(),
            own_vk: self.own_vk.clone(),
            statement: PhantomData,
        }
    }
}

impl<S: Statement> Clone for VerifyingKeyFor<S> {
    fn clone(&self) -> Self {
        VerifyingKeyFor {
            vk: self.vk.clone(),
            origin: self.origin,
            prepared: self.prepared.clone(),
            statement: PhantomData,
        }
    }
}

impl<S: Statement> std::fmt::Debug for ProvingKeyFor<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ProvingKey({}, {} public inputs)",
            S::NAME,
            self.key.vk.gamma_abc_g1.len() - 1
        )
    }
}

impl<S: Statement> std::fmt::Debug for VerifyingKeyFor<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "VerifyingKey({}, {} public inputs)",
            S::NAME,
            self.vk.gamma_abc_g1.len() - 1
        )
    }
}

/// The Groth16 proving key of the presentation circuit.
pub type ProvingKey = ProvingKeyFor<PresentationStatement>;

/// The Groth16 verifying key of the presentation circuit.
pub type VerifyingKey = VerifyingKeyFor<PresentationStatement>;

/// Generates a development key pair of the statement `S` from `rng` (see
/// the module docs).
pub fn generate<S: Statement, R: RngCore + CryptoRng>(
    rng: &mut R,
) -> Result<(ProvingKeyFor<S>, VerifyingKeyFor<S>)> {
    let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(S::blank(), rng)
        .map_err(|e| Error::Proving(format!("key generation failed: {e}")))?;
    Ok((ProvingKeyFor::from_ark(pk), VerifyingKeyFor::from_ark(vk)?))
}

/// Generates a development key pair of the presentation circuit from `rng`
/// (see the module docs).
pub fn setup<R: RngCore + CryptoRng>(rng: &mut R) -> Result<(ProvingKey, VerifyingKey)> {
    generate(rng)
}

/// Generates a development key pair from the operating system's randomness.
pub fn setup_os() -> Result<(ProvingKey, VerifyingKey)> {
    setup(&mut OsRng)
}

fn header<S: Statement>(magic: &[u8; 8], origin: &KeyOrigin) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + ORIGIN_LEN);
    out.extend_from_slice(magic);
    let version = match origin.hash() {
        None => KEY_FORMAT_VERSION,
        Some(_) => KEY_FORMAT_VERSION_CEREMONY,
    };
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(S::ID);
    if let Some(hash) = origin.hash() {
        out.extend_from_slice(hash);
    }
    out
}

fn check_header<'a, S: Statement>(
    bytes: &'a [u8],
    magic: &[u8; 8],
    what: &'static str,
) -> Result<(&'a [u8], KeyOrigin)> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != magic {
        return Err(Error::Key(what));
    }
    let version = u16::from_le_bytes([bytes[8], bytes[9]]);
    if version != KEY_FORMAT_VERSION && version != KEY_FORMAT_VERSION_CEREMONY {
        return Err(Error::UnsupportedVersion {
            what: "key",
            found: version.into(),
            supported: KEY_FORMAT_VERSION_CEREMONY.into(),
        });
    }
    if &bytes[10..26] != S::ID {
        // The same circuit in another version: keys made for it prove
        // another statement (a typed error, never "does not verify").
        if let (Some((name, found)), Some((ours, supported))) =
            (circuit_version(&bytes[10..26]), circuit_version(S::ID))
        {
            if name == ours {
                return Err(Error::UnsupportedVersion {
                    what: "circuit",
                    found,
                    supported,
                });
            }
        }
        return Err(Error::Key("the key belongs to another circuit"));
    }
    if version == KEY_FORMAT_VERSION {
        return Ok((&bytes[HEADER_LEN..], KeyOrigin::Development));
    }
    let rest = &bytes[HEADER_LEN..];
    if rest.len() < ORIGIN_LEN {
        return Err(Error::Key(what));
    }
    let (hash, body) = rest.split_at(ORIGIN_LEN);
    let zkey_blake2b = hash.try_into().map_err(|_| Error::Key(what))?;
    Ok((body, KeyOrigin::Ceremony { zkey_blake2b }))
}

/// Splits a header's circuit id `NAME/vN` (zero-padded) into its name and
/// version; `None` when it has another form.
fn circuit_version(id: &[u8]) -> Option<(&[u8], u64)> {
    let end = id.iter().position(|b| *b == 0).unwrap_or(id.len());
    if id[end..].iter().any(|b| *b != 0) {
        return None;
    }
    let id = &id[..end];
    let slash = id.iter().rposition(|b| *b == b'/')?;
    let digits = id[slash + 1..].strip_prefix(b"v")?;
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let version = digits
        .iter()
        .fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
    Some((&id[..slash], version))
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

fn check_public_inputs<S: Statement>(vk: &ark_groth16::VerifyingKey<Bn254>) -> Result<()> {
    if vk.gamma_abc_g1.len() != S::PUBLIC_INPUTS + 1 {
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

impl<S: Statement> ProvingKeyFor<S> {
    fn from_ark(key: ark_groth16::ProvingKey<Bn254>) -> Self {
        ProvingKeyFor {
            key,
            origin: KeyOrigin::Development,
            tables: LazyTables::default(),
            own_vk: std::sync::OnceLock::new(),
            statement: PhantomData,
        }
    }

    /// Precomputes the prover's MSM tables ([`crate::prover`]): later proofs
    /// with this key take a sixth to a quarter less time (for the
    /// presentation, 194 ms against 260 ms on two cores), and the key holds
    /// about 100 MB more memory (95.9 MB for the presentation). For servers
    /// and desktops that prove often; phones should not. Idempotent.
    pub fn prepare(&mut self) {
        self.tables.prepare(&self.key);
    }

    /// Whether [`ProvingKeyFor::prepare`] has run.
    pub fn is_prepared(&self) -> bool {
        self.tables.is_built()
    }

    /// Bytes held by the tables of [`ProvingKeyFor::prepare`] (0 before it runs).
    pub fn prepared_bytes(&self) -> usize {
        self.tables.memory_bytes()
    }

    /// The compressed encoding (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = header::<S>(PK_MAGIC, &self.origin);
        self.key
            .serialize_compressed(&mut out)
            .expect("writing to a Vec");
        out
    }

    /// Loads and validates a proving key of the statement `S`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let (body, origin) = check_header::<S>(bytes, PK_MAGIC, "not a zkcred proving key")?;
        let pk = read_proving_key(body).ok_or(Error::Key(
            "malformed proving key (truncated, trailing bytes, or a point off the curve or outside the subgroup)",
        ))?;
        if !reencodes_to(&pk, body) {
            return Err(Error::Key(NON_CANONICAL_KEY));
        }
        check_public_inputs::<S>(&pk.vk)?;
        check_query_lengths(&pk)?;
        Ok(Self::from_ark(pk).with_origin(origin))
    }

    /// Where the key comes from (its header's origin).
    pub fn origin(&self) -> KeyOrigin {
        self.origin
    }

    /// The key with its header naming `origin` (set by the ceremony export).
    pub(crate) fn with_origin(mut self, origin: KeyOrigin) -> Self {
        self.origin = origin;
        self
    }

    /// Wraps an arkworks key of the statement `S` (a development key's
    /// origin), checking its public inputs and query lengths.
    pub(crate) fn from_ark_checked(key: ark_groth16::ProvingKey<Bn254>) -> Result<Self> {
        check_public_inputs::<S>(&key.vk)?;
        check_query_lengths(&key)?;
        Ok(Self::from_ark(key))
    }

    /// The matching verifying key (with the same origin).
    pub fn verifying_key(&self) -> VerifyingKeyFor<S> {
        VerifyingKeyFor::from_ark(self.key.vk.clone())
            .expect("a loaded proving key has a valid verifying key")
            .with_origin(self.origin)
    }

    /// Proves `circuit` (an assignment of the statement `S`): with the
    /// prepared tables when [`ProvingKeyFor::prepare`] has run, else with
    /// arkworks's prover; the same proofs either way. An unsatisfied circuit
    /// yields a proof that does not verify, never an error: callers check
    /// the statement natively first.
    pub fn prove<R: RngCore + CryptoRng>(&self, circuit: S::Circuit, rng: &mut R) -> Result<Proof> {
        self.tables
            .prove(&self.key, circuit, rng)
            .map(Proof)
            .map_err(crate::prover::progress::proving_error)
    }

    /// Proves like [`ProvingKeyFor::prove`], then checks the proof against
    /// the key's embedded verifying key before returning it, so that no
    /// proof leaves that does not verify: with a key that passed
    /// [`ProvingKeyFor::check_against`], a released proof reveals nothing
    /// whatever the key's origin (see [`well_formed`]'s docs). About 2 ms.
    /// For statements checked natively first: a failure here means the key
    /// is unfit, and is an [`Error::Key`].
    pub fn prove_verified<R: RngCore + CryptoRng>(
        &self,
        circuit: S::Circuit,
        public_inputs: &[Fr],
        rng: &mut R,
    ) -> Result<Proof> {
        let proof = self.prove(circuit, rng)?;
        crate::prover::progress::checkpoint(crate::prover::progress::Stage::Verify)
            .map_err(crate::prover::progress::proving_error)?;
        let prepared = self
            .own_vk
            .get_or_init(|| ark_groth16::prepare_verifying_key(&self.key.vk));
        match Groth16::<Bn254>::verify_proof(prepared, &proof.0, public_inputs) {
            Ok(true) => Ok(proof),
            _ => Err(Error::Key(
                "a proof made with this proving key does not verify: the key is unfit",
            )),
        }
    }

    /// Checks that this key fits the verifying key `vk` the wallet trusts
    /// (the one relying parties name): the embedded verifying key is `vk`,
    /// and batched pairing checks show the prover's G1 elements agree with
    /// the verifier's G2 ones ([`well_formed`]). Under a second for the
    /// presentation key on two cores; no caching (see
    /// [`ProvingKeyFor::from_bytes_checked`]).
    pub fn check_against(&self, vk: &VerifyingKeyFor<S>) -> Result<()> {
        well_formed::check(&self.key, &vk.vk, &mut OsRng)
    }

    /// Loads a proving key from an untrusted source and checks it against
    /// the trusted verifying key `vk` ([`ProvingKeyFor::check_against`]),
    /// once per process for a given pair of encodings: later loads of the
    /// same bytes skip the pairing checks.
    pub fn from_bytes_checked(bytes: &[u8], vk: &VerifyingKeyFor<S>) -> Result<Self> {
        let pk = Self::from_bytes(bytes)?;
        let hash = well_formed::pair_hash(bytes, &vk.to_bytes());
        well_formed::accept(hash, &pk.key, &vk.vk, &mut OsRng)?;
        Ok(pk)
    }

    /// The underlying arkworks key.
    pub fn as_ark(&self) -> &ark_groth16::ProvingKey<Bn254> {
        &self.key
    }
}

impl<S: Statement> VerifyingKeyFor<S> {
    /// Wraps an arkworks key, checking its number of public inputs.
    pub fn from_ark(vk: ark_groth16::VerifyingKey<Bn254>) -> Result<Self> {
        check_public_inputs::<S>(&vk)?;
        let prepared = ark_groth16::prepare_verifying_key(&vk);
        Ok(VerifyingKeyFor {
            vk,
            origin: KeyOrigin::Development,
            prepared,
            statement: PhantomData,
        })
    }

    /// The compressed encoding (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = header::<S>(VK_MAGIC, &self.origin);
        self.vk
            .serialize_compressed(&mut out)
            .expect("writing to a Vec");
        out
    }

    /// Loads and validates a verifying key of the statement `S`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let (body, origin) = check_header::<S>(bytes, VK_MAGIC, "not a zkcred verifying key")?;
        let vk = deserialize_exact(
            body,
            "malformed verifying key (truncated, or a point off the curve or outside the subgroup)",
        )?;
        if !reencodes_to(&vk, body) {
            return Err(Error::Key(NON_CANONICAL_KEY));
        }
        Ok(Self::from_ark(vk)?.with_origin(origin))
    }

    /// Where the key comes from (its header's origin).
    pub fn origin(&self) -> KeyOrigin {
        self.origin
    }

    /// The key with its header naming `origin` (set by the ceremony export).
    pub(crate) fn with_origin(mut self, origin: KeyOrigin) -> Self {
        self.origin = origin;
        self
    }

    /// Checks `proof` against `public_inputs` (without the constant one).
    /// Every failure, a wrong number of inputs included, is the one opaque
    /// [`Error::VerificationFailed`].
    pub fn verify(&self, proof: &Proof, public_inputs: &[Fr]) -> Result<()> {
        match Groth16::<Bn254>::verify_proof(&self.prepared, &proof.0, public_inputs) {
            Ok(true) => Ok(()),
            _ => Err(Error::VerificationFailed),
        }
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
    read_proving_key_fields(
        body,
        Compress::Yes,
        |r| read_points(r, decompress::g1, check_g1),
        |r| read_points(r, decompress::g2, check_g2),
    )
}

/// A query's points, read from the front of the slice.
pub(crate) type ReadQuery<T> = fn(&mut &[u8]) -> Option<Vec<T>>;

/// An arkworks `ProvingKey` in its field order (vk, beta_g1, delta_g1, then
/// the a, b_g1, b_g2, h and l queries), with the fixed part read in `compress`
/// form (validated) and the queries by `g1s` / `g2s`: the compressed key file
/// and the installed, uncompressed one ([`installed`]) differ only in those.
/// `None` on any malformation or trailing byte.
pub(crate) fn read_proving_key_fields(
    body: &[u8],
    compress: Compress,
    g1s: ReadQuery<ark_bn254::G1Affine>,
    g2s: ReadQuery<ark_bn254::G2Affine>,
) -> Option<ark_groth16::ProvingKey<Bn254>> {
    use ark_bn254::G1Affine;
    let mut r = body;
    let vk =
        ark_groth16::VerifyingKey::<Bn254>::deserialize_with_mode(&mut r, compress, Validate::Yes)
            .ok()?;
    let beta_g1 = G1Affine::deserialize_with_mode(&mut r, compress, Validate::Yes).ok()?;
    let delta_g1 = G1Affine::deserialize_with_mode(&mut r, compress, Validate::Yes).ok()?;
    let a_query = g1s(&mut r)?;
    let b_g1_query = g1s(&mut r)?;
    let b_g2_query = g2s(&mut r)?;
    let h_query = g1s(&mut r)?;
    let l_query = g1s(&mut r)?;
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
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        points
            .par_chunks(size)
            .with_min_len(256)
            .map(decode)
            .collect()
    }
    #[cfg(not(feature = "threads"))]
    {
        points.chunks(size).map(decode).collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::fp::FpVar};
    use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    use super::*;

    /// `x^3 + x + 5 = y`, `y` public: a statement small enough for key tests.
    #[derive(Clone, Copy, Debug)]
    pub(crate) enum Tiny {}

    pub(crate) struct TinyCircuit(pub(crate) Option<Fr>);

    impl TinyCircuit {
        /// The assignment `x` (for other modules' key tests).
        pub(crate) fn with_x(x: u64) -> Self {
            TinyCircuit(Some(Fr::from(x)))
        }
    }

    impl ConstraintSynthesizer<Fr> for TinyCircuit {
        fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
            let x_val = self.0;
            let y = FpVar::new_input(cs.clone(), || {
                x_val
                    .map(|x| x * x * x + x + Fr::from(5u64))
                    .ok_or(SynthesisError::AssignmentMissing)
            })?;
            let x = FpVar::new_witness(cs, || x_val.ok_or(SynthesisError::AssignmentMissing))?;
            (&x * &x * &x + &x + Fr::from(5u64)).enforce_equal(&y)
        }
    }

    impl Statement for Tiny {
        const ID: &'static [u8; 16] = b"test/tiny/v1\0\0\0\0";
        const NAME: &'static str = "test/tiny/v1";
        const PUBLIC_INPUTS: usize = 1;
        type Circuit = TinyCircuit;
        fn blank() -> TinyCircuit {
            TinyCircuit(None)
        }
    }

    #[test]
    fn a_checked_key_loads_and_proves_verified() {
        let rng = &mut ChaCha20Rng::seed_from_u64(9);
        let (pk, vk) = generate::<Tiny, _>(rng).unwrap();
        let loaded = ProvingKeyFor::<Tiny>::from_bytes_checked(&pk.to_bytes(), &vk).unwrap();
        let y = Fr::from(3u64 * 3 * 3 + 3 + 5);
        let proof = loaded
            .prove_verified(TinyCircuit(Some(Fr::from(3u64))), &[y], rng)
            .unwrap();
        vk.verify(&proof, &[y]).unwrap();
        // Another key pair's verifying key: refused.
        let (_, other_vk) = generate::<Tiny, _>(rng).unwrap();
        assert!(matches!(
            ProvingKeyFor::<Tiny>::from_bytes_checked(&pk.to_bytes(), &other_vk),
            Err(Error::Key(_))
        ));
        assert!(pk.check_against(&other_vk).is_err());
        pk.check_against(&vk).unwrap();
    }

    #[test]
    fn development_keys_keep_version_1_and_ceremony_keys_name_their_zkey() {
        let rng = &mut ChaCha20Rng::seed_from_u64(11);
        let (pk, vk) = generate::<Tiny, _>(rng).unwrap();
        assert_eq!(pk.origin(), KeyOrigin::Development);
        assert_eq!(&pk.to_bytes()[8..10], &[1, 0]);
        assert_eq!(&vk.to_bytes()[8..10], &[1, 0]);
        assert_eq!(
            KeyOrigin::Development.to_string(),
            "development key (single party)"
        );
        let origin = KeyOrigin::Ceremony {
            zkey_blake2b: [0xab; 64],
        };
        let (pk, vk) = (pk.with_origin(origin), vk.with_origin(origin));
        for (bytes, magic) in [(pk.to_bytes(), PK_MAGIC), (vk.to_bytes(), VK_MAGIC)] {
            assert_eq!(&bytes[..8], magic);
            assert_eq!(&bytes[8..10], &[2, 0]);
            assert_eq!(&bytes[26..90], &[0xab; 64]);
        }
        let pk2 = ProvingKeyFor::<Tiny>::from_bytes(&pk.to_bytes()).unwrap();
        let vk2 = VerifyingKeyFor::<Tiny>::from_bytes(&vk.to_bytes()).unwrap();
        assert_eq!((pk2.origin(), vk2.origin()), (origin, origin));
        assert_eq!(pk2.verifying_key().origin(), origin);
        assert_eq!(vk2.to_bytes(), vk.to_bytes());
        assert!(origin.to_string().contains(&"ab".repeat(64)));
        // A version-2 header cut inside its origin: a typed error.
        assert!(matches!(
            VerifyingKeyFor::<Tiny>::from_bytes(&vk.to_bytes()[..60]),
            Err(Error::Key(_))
        ));
    }

    #[test]
    fn an_unfit_key_never_releases_a_proof() {
        let rng = &mut ChaCha20Rng::seed_from_u64(10);
        let (pk, _) = generate::<Tiny, _>(rng).unwrap();
        // An L query point moved: not visible to the pairing checks, but
        // every proof fails the self-check.
        let mut ark = pk.as_ark().clone();
        ark.l_query[0] =
            (ark.l_query[0] + <ark_bn254::G1Affine as ark_ec::AffineRepr>::generator()).into();
        let bad = ProvingKeyFor::<Tiny>::from_ark(ark);
        let y = Fr::from(3u64 * 3 * 3 + 3 + 5);
        assert!(bad.prove(TinyCircuit(Some(Fr::from(3u64))), rng).is_ok());
        assert!(matches!(
            bad.prove_verified(TinyCircuit(Some(Fr::from(3u64))), &[y], rng),
            Err(Error::Key(_))
        ));
    }
}

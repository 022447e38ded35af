//! Credit attestations: a data provider's signed Pedersen commitments to an
//! SME's metrics, and the openings the SME keeps.
//!
//! The provider commits to each metric `m_i` as `C_i = m_i B + r_i B~` with
//! the bulletproofs crate's [`PedersenGens`] (`B` the Ristretto basepoint,
//! `B~` hashed to the group) and signs the commitments together with its id,
//! the currency, the issue and expiry dates and the schema id, by a Schnorr
//! signature over Ristretto whose challenge comes from a merlin transcript
//! (domain separator [`ATTESTATION_SIGNATURE_V1`]):
//!
//! ```text
//! k = transcript RNG (rekeyed with the secret key and fresh randomness)
//! R = k B;  c = challenge("c") after binding every signed field and R
//! s = k + c x                       verify: s B - c X == R
//! ```
//!
//! The SME receives the openings `(m_i, r_i)` and checks them
//! ([`CreditOpenings::check`]); the lender only ever sees the commitments.
//!
//! JSON of an attestation:
//! ```json
//! {"version": 1, "type": "ZkcredCreditAttestation", "schema": "zkcred/sme-credit/v1",
//!  "issuer": "<provider public key, 64 bytes hex>", "issuerId": "bank.example",
//!  "currency": "EUR", "issued": "2026-11-23", "expires": "2027-02-21",
//!  "commitments": ["<32 bytes hex>", ... 6 in schema order], "signature": "<R || s, 64 bytes hex>"}
//! ```
//! Binary: `"ZKCA" || version (u8) || issuer (64) || issued (i32 BE days) ||
//! expires (i32 BE days) || currency (3 ASCII) || id length (u8) || id ||
//! 6 x commitment (32) || signature (64)`.

use bulletproofs::PedersenGens;
use curve25519_dalek::{
    constants::RISTRETTO_BASEPOINT_POINT,
    ristretto::{CompressedRistretto, RistrettoPoint},
    scalar::Scalar,
    traits::IsIdentity,
};
use merlin::Transcript;
use rand_core::{CryptoRng, OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{
    metrics::{Metrics, CREDIT_SCHEMA_ID, METRIC_COUNT},
    transcript::{TranscriptProtocol, ATTESTATION_SIGNATURE_V1, PROVIDER_KEY_V1},
};
use zkcred_core::{
    date::Date,
    encoding::{bytes_from_hex, secret_bytes_from_hex},
    issuer::{IssuerKey, IssuerPublicKey},
    Error, Result,
};

/// The attestation format version.
pub const ATTESTATION_VERSION: u64 = 1;
/// The openings format version.
pub const OPENINGS_VERSION: u64 = 1;
/// Longest issuer id, bytes.
pub const MAX_ISSUER_ID_BYTES: usize = 128;
const MAGIC: &[u8; 4] = b"ZKCA";

/// A data provider's key: a 32-byte seed from which a Ristretto Schnorr key
/// (transparent path) and an EdDSA-Poseidon key (succinct path) are derived
/// through a merlin transcript ([`PROVIDER_KEY_V1`]). Zeroized on drop;
/// `Debug` shows the public key only.
pub struct ProviderKey {
    seed: Zeroizing<[u8; 32]>,
    schnorr: Zeroizing<Scalar>,
    eddsa: IssuerKey,
}

impl ProviderKey {
    /// A fresh key from `rng`.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> ProviderKey {
        let mut seed = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(seed.as_mut());
        Self::from_bytes(*seed)
    }

    /// A fresh key from the operating system's randomness.
    pub fn generate_os() -> ProviderKey {
        Self::generate(&mut OsRng)
    }

    /// The key from its 32-byte seed.
    pub fn from_bytes(seed: [u8; 32]) -> ProviderKey {
        let seed = Zeroizing::new(seed);
        let mut t = Transcript::new(b"zkcred");
        t.credit_domain_sep(PROVIDER_KEY_V1);
        t.append_bytes(b"seed", seed.as_ref());
        let mut wide = Zeroizing::new([0u8; 64]);
        t.challenge_bytes(b"ristretto", wide.as_mut());
        let mut schnorr = Zeroizing::new(Scalar::from_bytes_mod_order_wide(&wide));
        if *schnorr == Scalar::ZERO {
            // Probability 2^-252; keep the key usable all the same.
            *schnorr = Scalar::ONE;
        }
        let mut bjj = Zeroizing::new([0u8; 32]);
        t.challenge_bytes(b"babyjubjub", bjj.as_mut());
        ProviderKey {
            seed,
            schnorr,
            eddsa: IssuerKey::from_bytes(*bjj),
        }
    }

    /// The 32-byte seed (zeroized when the returned value drops).
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        self.seed.clone()
    }

    /// The public key.
    pub fn public_key(&self) -> ProviderPublicKey {
        ProviderPublicKey {
            schnorr: (*self.schnorr * RISTRETTO_BASEPOINT_POINT).compress(),
            eddsa: self.eddsa.public_key(),
        }
    }

    /// The EdDSA-Poseidon half (signs the succinct path's metrics).
    pub fn eddsa(&self) -> &IssuerKey {
        &self.eddsa
    }
}

impl std::fmt::Debug for ProviderKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProviderKey(public: {})", self.public_key().to_hex())
    }
}

/// A provider's public key: the Ristretto Schnorr key and the Baby Jubjub
/// EdDSA key; 64 bytes (`schnorr || eddsa`), 128 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProviderPublicKey {
    /// Compressed Ristretto point, not the identity.
    pub schnorr: CompressedRistretto,
    /// The EdDSA-Poseidon key.
    pub eddsa: IssuerPublicKey,
}

impl ProviderPublicKey {
    /// The 64-byte encoding.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(self.schnorr.as_bytes());
        out[32..].copy_from_slice(&self.eddsa.0.to_bytes());
        out
    }

    /// Parses and validates both halves.
    pub fn from_bytes(bytes: &[u8; 64]) -> Result<ProviderPublicKey> {
        let schnorr = CompressedRistretto::from_slice(&bytes[..32])
            .map_err(|_| Error::Key("provider key length"))?;
        match schnorr.decompress() {
            Some(p) if !p.is_identity() => {}
            _ => return Err(Error::Key("provider key is not a valid Ristretto point")),
        }
        let eddsa = IssuerPublicKey::from_hex(&hex::encode(&bytes[32..]))
            .map_err(|_| Error::Key("provider key is not a valid Baby Jubjub point"))?;
        Ok(ProviderPublicKey { schnorr, eddsa })
    }

    /// 128 hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.to_bytes())
    }

    /// Parses [`ProviderPublicKey::to_hex`]'s form.
    pub fn from_hex(s: &str) -> Result<ProviderPublicKey> {
        Self::from_bytes(&bytes_from_hex::<64>(s, "provider public key")?)
    }
}

/// A Schnorr signature `(R, s)` over Ristretto.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Signature {
    r: CompressedRistretto,
    s: Scalar,
}

impl Signature {
    fn to_bytes(self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(self.r.as_bytes());
        out[32..].copy_from_slice(self.s.as_bytes());
        out
    }

    fn from_bytes(bytes: &[u8]) -> Result<Signature> {
        if bytes.len() != 64 {
            return Err(Error::Attestation("a signature is 64 bytes"));
        }
        let r = CompressedRistretto::from_slice(&bytes[..32])
            .map_err(|_| Error::Attestation("signature"))?;
        let s: [u8; 32] = bytes[32..].try_into().expect("32 bytes");
        let s = Option::from(Scalar::from_canonical_bytes(s))
            .ok_or(Error::Attestation("the signature scalar is not canonical"))?;
        Ok(Signature { r, s })
    }
}

/// A provider's attestation of one SME's metrics: public, what the lender sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditAttestation {
    /// The provider's public key.
    pub issuer: ProviderPublicKey,
    /// The provider's id (e.g. a domain name).
    pub issuer_id: String,
    /// ISO 4217 code of the currency amounts are in (minor units).
    pub currency: String,
    /// Issue date.
    pub issued: Date,
    /// Last day the attestation is valid.
    pub expires: Date,
    /// `C_i = m_i B + r_i B~` in schema order, each a valid non-identity point.
    pub commitments: [CompressedRistretto; METRIC_COUNT],
    signature: Signature,
}

/// What the SME keeps: the metric values and the commitments' blinding
/// factors. Zeroized on drop; `Debug` shows nothing.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct CreditOpenings {
    #[zeroize(skip)]
    metrics: Metrics,
    blindings: [Scalar; METRIC_COUNT],
}

impl std::fmt::Debug for CreditOpenings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CreditOpenings(..)")
    }
}

pub(crate) fn check_issuer_id(id: &str) -> Result<()> {
    if id.is_empty() || id.len() > MAX_ISSUER_ID_BYTES || !id.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(Error::Attestation(
            "the issuer id must be 1 to 128 printable ASCII characters without spaces",
        ));
    }
    Ok(())
}

pub(crate) fn check_currency(c: &str) -> Result<()> {
    if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::Attestation(
            "the currency must be an ISO 4217 code (3 capital letters)",
        ));
    }
    Ok(())
}

/// Signs commitments to `metrics` for an SME: returns the public attestation
/// and the SME's openings.
pub fn attest<R: RngCore + CryptoRng>(
    key: &ProviderKey,
    issuer_id: &str,
    currency: &str,
    metrics: &Metrics,
    issued: Date,
    expires: Date,
    rng: &mut R,
) -> Result<(CreditAttestation, CreditOpenings)> {
    check_issuer_id(issuer_id)?;
    check_currency(currency)?;
    if expires < issued {
        return Err(Error::Attestation("expires before it is issued"));
    }
    let pc = PedersenGens::default();
    let mut blindings = [Scalar::ZERO; METRIC_COUNT];
    let mut commitments = [CompressedRistretto::default(); METRIC_COUNT];
    for i in 0..METRIC_COUNT {
        loop {
            let r = Scalar::random(rng);
            let c = pc.commit(Scalar::from(metrics.values()[i]), r);
            if !c.is_identity() {
                blindings[i] = r;
                commitments[i] = c.compress();
                break;
            }
        }
    }
    let mut attestation = CreditAttestation {
        issuer: key.public_key(),
        issuer_id: issuer_id.into(),
        currency: currency.into(),
        issued,
        expires,
        commitments,
        signature: Signature {
            r: CompressedRistretto::default(),
            s: Scalar::ZERO,
        },
    };
    attestation.signature = sign(key, &attestation, rng);
    Ok((
        attestation,
        CreditOpenings {
            metrics: metrics.clone(),
            blindings,
        },
    ))
}

/// The signed fields, bound in the order of the module documentation.
pub(crate) fn bind_fields(t: &mut Transcript, a: &CreditAttestation) {
    t.append_bytes(b"schema", CREDIT_SCHEMA_ID.as_bytes());
    t.append_point(b"issuer", &a.issuer.schnorr);
    t.append_bytes(b"issuer-eddsa", &a.issuer.eddsa.0.to_bytes());
    t.append_bytes(b"issuer-id", a.issuer_id.as_bytes());
    t.append_bytes(b"currency", a.currency.as_bytes());
    t.append_i64(b"issued", a.issued.days());
    t.append_i64(b"expires", a.expires.days());
    for c in &a.commitments {
        t.append_point(b"C", c);
    }
}

/// Binds the whole attestation, signature included, into a proof transcript.
pub(crate) fn bind_attestation(t: &mut Transcript, a: &CreditAttestation) {
    bind_fields(t, a);
    t.append_bytes(b"signature", &a.signature.to_bytes());
}

fn signature_transcript(a: &CreditAttestation) -> Transcript {
    let mut t = Transcript::new(b"zkcred");
    t.credit_domain_sep(ATTESTATION_SIGNATURE_V1);
    bind_fields(&mut t, a);
    t
}

fn sign<R: RngCore + CryptoRng>(
    key: &ProviderKey,
    a: &CreditAttestation,
    rng: &mut R,
) -> Signature {
    let mut t = signature_transcript(a);
    let mut nonce_rng = t
        .build_rng()
        .rekey_with_witness_bytes(b"x", key.schnorr.as_bytes())
        .finalize(rng);
    let k = Zeroizing::new(Scalar::random(&mut nonce_rng));
    let r = (*k * RISTRETTO_BASEPOINT_POINT).compress();
    t.append_point(b"R", &r);
    let c = t.challenge_scalar(b"c");
    Signature {
        r,
        s: *k + c * *key.schnorr,
    }
}

impl CreditAttestation {
    /// Checks the provider's signature.
    pub fn verify_signature(&self) -> Result<()> {
        let fail = Error::Attestation("the signature does not verify");
        let x = self.issuer.schnorr.decompress().ok_or(fail)?;
        let mut t = signature_transcript(self);
        t.append_point(b"R", &self.signature.r);
        let c = t.challenge_scalar(b"c");
        let r = RistrettoPoint::vartime_double_scalar_mul_basepoint(&(-c), &x, &self.signature.s);
        if r.compress() != self.signature.r {
            return Err(Error::Attestation("the signature does not verify"));
        }
        Ok(())
    }

    /// Whether the attestation is valid on `today` (`issued <= today <= expires`).
    pub fn is_valid_on(&self, today: Date) -> bool {
        self.issued <= today && today <= self.expires
    }

    /// The attestation as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_json_struct()).expect("attestations serialize")
    }

    fn to_json_struct(&self) -> AttestationJson {
        AttestationJson {
            version: ATTESTATION_VERSION,
            kind: "ZkcredCreditAttestation".into(),
            schema: CREDIT_SCHEMA_ID.into(),
            issuer: self.issuer.to_hex(),
            issuer_id: self.issuer_id.clone(),
            currency: self.currency.clone(),
            issued: self.issued.to_string(),
            expires: self.expires.to_string(),
            commitments: self
                .commitments
                .iter()
                .map(|c| hex::encode(c.as_bytes()))
                .collect(),
            signature: hex::encode(self.signature.to_bytes()),
        }
    }

    /// Parses JSON, validating every encoding (not the signature: see
    /// [`CreditAttestation::verify_signature`]).
    pub fn from_json(json: &str) -> Result<CreditAttestation> {
        Self::from_json_struct(serde_json::from_str(json)?)
    }

    pub(crate) fn to_json_value(&self) -> serde_json::Value {
        serde_json::to_value(self.to_json_struct()).expect("attestations serialize")
    }

    pub(crate) fn from_json_value(v: serde_json::Value) -> Result<CreditAttestation> {
        Self::from_json_struct(serde_json::from_value(v)?)
    }

    fn from_json_struct(j: AttestationJson) -> Result<CreditAttestation> {
        if j.version != ATTESTATION_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "credit attestation",
                found: j.version,
                supported: ATTESTATION_VERSION,
            });
        }
        if j.kind != "ZkcredCreditAttestation" {
            return Err(Error::Encoding("credit attestation type"));
        }
        if j.schema != CREDIT_SCHEMA_ID {
            return Err(Error::Attestation("unknown metric schema"));
        }
        if j.commitments.len() != METRIC_COUNT {
            return Err(Error::Attestation("there must be 6 commitments"));
        }
        let mut commitments = [CompressedRistretto::default(); METRIC_COUNT];
        for (c, h) in commitments.iter_mut().zip(&j.commitments) {
            *c = point(&bytes_from_hex::<32>(h, "commitment")?)?;
        }
        let a = CreditAttestation {
            issuer: ProviderPublicKey::from_hex(&j.issuer)?,
            issuer_id: j.issuer_id,
            currency: j.currency,
            issued: Date::parse(&j.issued)?,
            expires: Date::parse(&j.expires)?,
            commitments,
            signature: Signature::from_bytes(&bytes_from_hex::<64>(&j.signature, "signature")?)?,
        };
        check_issuer_id(&a.issuer_id)?;
        check_currency(&a.currency)?;
        Ok(a)
    }

    /// The binary form of the module documentation.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + 1 + 64 + 8 + 3 + 1 + self.issuer_id.len() + 256);
        out.extend_from_slice(MAGIC);
        out.push(ATTESTATION_VERSION as u8);
        out.extend_from_slice(&self.issuer.to_bytes());
        // Dates are within years 0000-9999, so their day numbers fit an i32.
        out.extend_from_slice(&(self.issued.days() as i32).to_be_bytes());
        out.extend_from_slice(&(self.expires.days() as i32).to_be_bytes());
        out.extend_from_slice(self.currency.as_bytes());
        out.push(self.issuer_id.len() as u8);
        out.extend_from_slice(self.issuer_id.as_bytes());
        for c in &self.commitments {
            out.extend_from_slice(c.as_bytes());
        }
        out.extend_from_slice(&self.signature.to_bytes());
        out
    }

    /// Parses the binary form (all of `bytes`).
    pub fn from_bytes(bytes: &[u8]) -> Result<CreditAttestation> {
        let mut r = Reader(bytes);
        let a = Self::read(&mut r)?;
        if !r.0.is_empty() {
            return Err(Error::Encoding("trailing bytes after the attestation"));
        }
        // One encoding per attestation.
        if a.to_bytes() != bytes {
            return Err(Error::NonCanonical("binary credit attestation"));
        }
        Ok(a)
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<CreditAttestation> {
        if r.take(4)? != MAGIC {
            return Err(Error::Encoding("not a zkcred credit attestation"));
        }
        let version = r.take(1)?[0];
        if u64::from(version) != ATTESTATION_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "credit attestation",
                found: version.into(),
                supported: ATTESTATION_VERSION,
            });
        }
        let issuer = ProviderPublicKey::from_bytes(r.take(64)?.try_into().expect("64 bytes"))?;
        let day = |b: &[u8]| -> Result<Date> {
            Date::from_days(i32::from_be_bytes(b.try_into().expect("4 bytes")).into())
        };
        let issued = day(r.take(4)?)?;
        let expires = day(r.take(4)?)?;
        let currency = std::str::from_utf8(r.take(3)?)
            .map_err(|_| Error::Attestation("currency"))?
            .to_string();
        let id_len = r.take(1)?[0];
        let issuer_id = std::str::from_utf8(r.take(id_len.into())?)
            .map_err(|_| Error::Attestation("issuer id"))?
            .to_string();
        let mut commitments = [CompressedRistretto::default(); METRIC_COUNT];
        for c in commitments.iter_mut() {
            *c = point(r.take(32)?.try_into().expect("32 bytes"))?;
        }
        let signature = Signature::from_bytes(r.take(64)?)?;
        check_issuer_id(&issuer_id)?;
        check_currency(&currency)?;
        Ok(CreditAttestation {
            issuer,
            issuer_id,
            currency,
            issued,
            expires,
            commitments,
            signature,
        })
    }
}

/// A commitment: a canonical Ristretto encoding of a point other than the identity.
fn point(bytes: &[u8; 32]) -> Result<CompressedRistretto> {
    let c = CompressedRistretto(*bytes);
    match c.decompress() {
        Some(p) if !p.is_identity() => Ok(c),
        _ => Err(Error::Attestation(
            "a commitment is not a valid Ristretto point",
        )),
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AttestationJson {
    version: u64,
    #[serde(rename = "type")]
    kind: String,
    schema: String,
    issuer: String,
    issuer_id: String,
    currency: String,
    issued: String,
    expires: String,
    commitments: Vec<String>,
    signature: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OpeningsJson {
    version: u64,
    #[serde(rename = "type")]
    kind: String,
    metrics: zkcred_core::encoding::UniqueMap,
    blindings: Vec<String>,
}

/// The blinding factors' hex is wiped when the document drops, on every
/// path out of [`CreditOpenings::from_json`] and [`CreditOpenings::to_json`].
impl Zeroize for OpeningsJson {
    fn zeroize(&mut self) {
        self.blindings.zeroize();
    }
}

impl Drop for OpeningsJson {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for OpeningsJson {}

impl CreditOpenings {
    /// The metric values.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    pub(crate) fn blindings(&self) -> &[Scalar; METRIC_COUNT] {
        &self.blindings
    }

    /// Checks that the openings open the attestation's commitments.
    pub fn check(&self, a: &CreditAttestation) -> Result<()> {
        let pc = PedersenGens::default();
        for i in 0..METRIC_COUNT {
            let c = pc.commit(Scalar::from(self.metrics.values()[i]), self.blindings[i]);
            if c.compress() != a.commitments[i] {
                return Err(Error::Attestation(
                    "the openings do not open the attestation's commitments",
                ));
            }
        }
        Ok(())
    }

    /// The openings as JSON (secret: the SME's file).
    pub fn to_json(&self) -> Zeroizing<String> {
        let j = OpeningsJson {
            version: OPENINGS_VERSION,
            kind: "ZkcredCreditOpenings".into(),
            metrics: zkcred_core::encoding::UniqueMap(
                self.metrics
                    .to_json_value()
                    .as_object()
                    .cloned()
                    .expect("an object"),
            ),
            blindings: self
                .blindings
                .iter()
                .map(|b| hex::encode(b.as_bytes()))
                .collect(),
        };
        Zeroizing::new(serde_json::to_string_pretty(&j).expect("openings serialize"))
    }

    /// Parses openings from JSON.
    pub fn from_json(json: &str) -> Result<CreditOpenings> {
        let j: OpeningsJson = serde_json::from_str(json)?;
        if j.version != OPENINGS_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "credit openings",
                found: j.version,
                supported: OPENINGS_VERSION,
            });
        }
        if j.kind != "ZkcredCreditOpenings" {
            return Err(Error::Encoding("credit openings type"));
        }
        if j.blindings.len() != METRIC_COUNT {
            return Err(Error::Attestation("there must be 6 blinding factors"));
        }
        let mut blindings = [Scalar::ZERO; METRIC_COUNT];
        for (b, h) in blindings.iter_mut().zip(&j.blindings) {
            let bytes = secret_bytes_from_hex::<32>(h, "blinding factor")?;
            *b = Option::from(Scalar::from_canonical_bytes(*bytes))
                .ok_or(Error::Attestation("a blinding factor is not canonical"))?;
        }
        Ok(CreditOpenings {
            metrics: Metrics::from_map(&j.metrics.0)?,
            blindings,
        })
    }
}

/// A byte reader over the binary forms.
pub(crate) struct Reader<'a>(pub(crate) &'a [u8]);

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(Error::Encoding("truncated credit attestation or proof"));
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    fn fixture() -> (ProviderKey, CreditAttestation, CreditOpenings) {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let key = ProviderKey::generate(&mut rng);
        let metrics = Metrics::new([250_000_000, 1_800_000, 9_700, 40_000_000, 7, 0]).unwrap();
        let d = Date::from_ymd(2026, 11, 23).unwrap();
        let e = Date::from_ymd(2027, 2, 21).unwrap();
        let (a, o) = attest(&key, "bank.example", "EUR", &metrics, d, e, &mut rng).unwrap();
        (key, a, o)
    }

    #[test]
    fn parsed_blinding_hex_is_wiped() {
        // Issue 16, point 7: the blinding factors' hex strings outlived
        // `from_json` unwiped. The parsed document now wipes them on drop.
        fn assert_zeroize_on_drop<T: ZeroizeOnDrop>() {}
        assert_zeroize_on_drop::<OpeningsJson>();
        assert_zeroize_on_drop::<CreditOpenings>();
        let (_, _, o) = fixture();
        let mut doc: OpeningsJson = serde_json::from_str(&o.to_json()).unwrap();
        assert_eq!(doc.blindings.len(), METRIC_COUNT);
        doc.zeroize();
        assert!(doc.blindings.is_empty());
        let back = CreditOpenings::from_json(&o.to_json()).unwrap();
        assert_eq!(back.blindings(), o.blindings());
    }

    #[test]
    fn signature_verifies_and_binds_every_field() {
        let (_, a, o) = fixture();
        a.verify_signature().unwrap();
        o.check(&a).unwrap();
        let other = ProviderKey::generate(&mut ChaCha20Rng::seed_from_u64(8)).public_key();
        let mut changed: Vec<CreditAttestation> = Vec::new();
        let mut c = a.clone();
        c.commitments[2] = a.commitments[3];
        changed.push(c);
        let mut c = a.clone();
        c.issuer_id = "evil.example".into();
        changed.push(c);
        let mut c = a.clone();
        c.issuer = other;
        changed.push(c);
        let mut c = a.clone();
        c.currency = "USD".into();
        changed.push(c);
        let mut c = a.clone();
        c.expires = Date::from_days(a.expires.days() + 1).unwrap();
        changed.push(c);
        let mut c = a.clone();
        c.issued = Date::from_days(a.issued.days() - 1).unwrap();
        changed.push(c);
        let mut c = a.clone();
        c.signature.s += Scalar::ONE;
        changed.push(c);
        for c in changed {
            assert!(matches!(c.verify_signature(), Err(Error::Attestation(_))));
        }
    }

    #[test]
    fn encodings_round_trip() {
        let (key, a, o) = fixture();
        assert_eq!(CreditAttestation::from_json(&a.to_json()).unwrap(), a);
        assert_eq!(CreditAttestation::from_bytes(&a.to_bytes()).unwrap(), a);
        let o2 = CreditOpenings::from_json(&o.to_json()).unwrap();
        o2.check(&a).unwrap();
        let pk = key.public_key();
        assert_eq!(ProviderPublicKey::from_hex(&pk.to_hex()).unwrap(), pk);
        let again = ProviderKey::from_bytes(*key.to_bytes());
        assert_eq!(again.public_key(), pk);
        assert!(!format!("{key:?}").contains(&hex::encode(*key.to_bytes())));
        assert_eq!(format!("{o:?}"), "CreditOpenings(..)");
    }

    #[test]
    fn wrong_openings_are_refused() {
        let (_, a, o) = fixture();
        let mut wrong = o.clone();
        wrong.blindings[0] += Scalar::ONE;
        assert!(wrong.check(&a).is_err());
        let mut wrong = o.clone();
        wrong.metrics = Metrics::new([1, 1_800_000, 9_700, 40_000_000, 7, 0]).unwrap();
        assert!(wrong.check(&a).is_err());
    }

    #[test]
    fn attest_refuses_bad_fields() {
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        let key = ProviderKey::generate(&mut rng);
        let m = Metrics::new([0; METRIC_COUNT]).unwrap();
        let d = Date::from_ymd(2026, 1, 1).unwrap();
        for (id, cur) in [
            ("", "EUR"),
            ("bank example", "EUR"),
            ("bank", "eur"),
            ("bank", "EURO"),
        ] {
            assert!(matches!(
                attest(&key, id, cur, &m, d, d, &mut rng),
                Err(Error::Attestation(_))
            ));
        }
        let before = Date::from_days(d.days() - 1).unwrap();
        assert!(attest(&key, "bank", "EUR", &m, d, before, &mut rng).is_err());
    }
}

//! Credentials as W3C Verifiable Credentials Data Model 2.0 JSON, signed with
//! EdDSA-Poseidon on Baby Jubjub.
//!
//! ```json
//! {
//!   "@context": ["https://www.w3.org/ns/credentials/v2", "https://w3id.org/zkcred/v1"],
//!   "id": "urn:zkcred:credential:<issuer key hex>:<serial>",
//!   "type": ["VerifiableCredential", "ZkcredCredential"],
//!   "issuer": "urn:zkcred:issuer:<issuer key hex>",
//!   "validFrom": "2026-11-23T00:00:00Z",
//!   "validUntil": "2031-11-23T00:00:00Z",
//!   "credentialSchema": {"id": "urn:zkcred:schema:kyc-basic@1", "type": "ZkcredSchema",
//!                        "digest": "0x..."},
//!   "credentialStatus": {"id": "urn:zkcred:revocation:<issuer key hex>#<serial>",
//!                        "type": "ZkcredRevocationTree", "revocationIndex": 7},
//!   "credentialSubject": {"holderCommitment": "0x...", "birth_date": "1990-05-17", ...},
//!   "proof": {"type": "DataIntegrityProof", "cryptosuite": "zkcred-eddsa-poseidon-2025",
//!             "verificationMethod": "urn:zkcred:issuer:<issuer key hex>",
//!             "proofPurpose": "assertionMethod",
//!             "proofValue": "z<base58btc of the 64-byte signature>"}
//! }
//! ```
//!
//! The signature covers `CredentialData::hash()` of the circuits crate:
//! `Poseidon(schema digest, serial, validFrom day, validUntil day,
//! holderCommitment, Poseidon(attribute slots))`, so every field above that
//! carries meaning is bound by it. A credential is valid through its
//! `validUntil` day.
//!
//! The proof is a W3C Data Integrity proof of zkcred's cryptosuite
//! `zkcred-eddsa-poseidon-2025`, specified in [`spec`] (docs/data-integrity.md),
//! with test vectors in `core/tests/vectors/data-integrity.json`.

pub mod multibase;

/// The `zkcred-eddsa-poseidon-2025` cryptosuite specification
/// (docs/data-integrity.md).
pub mod spec {
    #![doc = include_str!("../../docs/data-integrity.md")]
}

use serde::{Deserialize, Serialize};
use zkcred_circuits::{
    eddsa::{PublicKey, Signature},
    presentation::{issuer_key_hash, CredentialData},
    Fr,
};

use crate::{
    date::Date,
    encoding::{bytes_from_hex, fr_from_hex, fr_to_hex, UniqueMap},
    schema::Schema,
    Error, Result,
};

const CONTEXT_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// The URL of zkcred's JSON-LD context, the second `@context` entry of
/// every credential (docs/data-integrity.md section 8).
pub const CONTEXT_URL: &str = "https://w3id.org/zkcred/v1";
/// zkcred's JSON-LD context document (the one at [`CONTEXT_URL`]), to serve
/// from a JSON-LD document loader instead of the network.
pub const CONTEXT_V1_JSON: &str = include_str!("../contexts/zkcred-v1.jsonld");
/// The cryptosuite identifier of the credential's Data Integrity proof.
pub const CRYPTOSUITE: &str = "zkcred-eddsa-poseidon-2025";
const SCHEMA_URN: &str = "urn:zkcred:schema:";

/// `credentialSchema`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaRef {
    /// `urn:zkcred:schema:<name>@<version>`.
    pub id: String,
    /// Always `ZkcredSchema`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The schema's field id (hash of its canonical JSON).
    pub digest: String,
}

/// `credentialStatus`: the credential's leaf in the issuer's revocation tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Status {
    /// `urn:zkcred:revocation:<issuer>#<serial>`.
    pub id: String,
    /// Always `ZkcredRevocationTree`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The serial number.
    #[serde(rename = "revocationIndex")]
    pub revocation_index: u32,
}

/// `credentialSubject`. An attribute named twice is refused (see
/// [`crate::encoding`]).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "UniqueMap")]
pub struct Subject {
    /// `Poseidon(holder_secret)`, as a field element in hex.
    #[serde(rename = "holderCommitment")]
    pub holder_commitment: String,
    /// The attributes by name.
    #[serde(flatten)]
    pub attributes: serde_json::Map<String, serde_json::Value>,
}

impl TryFrom<UniqueMap> for Subject {
    type Error = &'static str;

    fn try_from(UniqueMap(mut attributes): UniqueMap) -> Result<Subject, &'static str> {
        match attributes.remove("holderCommitment") {
            Some(serde_json::Value::String(holder_commitment)) => Ok(Subject {
                holder_commitment,
                attributes,
            }),
            _ => Err("holderCommitment must be a string"),
        }
    }
}

impl std::fmt::Debug for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Attribute values are personal data: names only.
        f.debug_struct("Subject")
            .field("attributes", &self.attributes.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The `proof` object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialProof {
    /// `DataIntegrityProof`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `zkcred-eddsa-poseidon-2025`.
    pub cryptosuite: String,
    /// The issuer URN.
    #[serde(rename = "verificationMethod")]
    pub verification_method: String,
    /// `assertionMethod`.
    #[serde(rename = "proofPurpose")]
    pub proof_purpose: String,
    /// The 64-byte signature (packed R8 || S, as circomlibjs
    /// `packSignature`) in multibase base58btc: `z` then base58 digits
    /// ([`multibase`]).
    #[serde(rename = "proofValue")]
    pub proof_value: String,
}

/// A verifiable credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// JSON-LD context: the VC 2.0 context, then zkcred's ([`CONTEXT_URL`]).
    #[serde(rename = "@context")]
    pub context: Vec<String>,
    /// The credential URN.
    pub id: String,
    /// `["VerifiableCredential", "ZkcredCredential"]`.
    #[serde(rename = "type")]
    pub types: Vec<String>,
    /// The issuer URN.
    pub issuer: String,
    /// First day of validity.
    #[serde(rename = "validFrom")]
    pub valid_from: String,
    /// Last day of validity.
    #[serde(rename = "validUntil")]
    pub valid_until: String,
    /// The schema.
    #[serde(rename = "credentialSchema")]
    pub credential_schema: SchemaRef,
    /// The revocation leaf.
    #[serde(rename = "credentialStatus")]
    pub credential_status: Status,
    /// The subject.
    #[serde(rename = "credentialSubject")]
    pub credential_subject: Subject,
    /// The issuer's signature.
    pub proof: CredentialProof,
}

fn datetime(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// Reads back only what [`datetime`] writes: a bare `YYYY-MM-DD` is not a
/// VC 2.0 `dateTimeStamp`, and accepting it would give one signed credential
/// several encodings.
fn parse_datetime(s: &str) -> Result<Date> {
    match s.strip_suffix("T00:00:00Z") {
        Some(date) if date.len() == 10 => Date::parse(date),
        _ => Err(Error::InvalidDate),
    }
}

impl Credential {
    /// Assembles and signs a credential (the issuer's side; see
    /// [`crate::issuer::IssuerKey::issue`]).
    pub(crate) fn sign(
        key: &zkcred_circuits::eddsa::SecretKey,
        schema: &Schema,
        subject: serde_json::Map<String, serde_json::Value>,
        holder_commitment: Fr,
        serial: u32,
        valid_from: Date,
        valid_until: Date,
    ) -> Result<Credential> {
        schema.validate()?;
        if valid_until < valid_from || valid_from.days() < 0 {
            return Err(Error::Credential(
                "validUntil must not precede validFrom, and both must be after 1970",
            ));
        }
        let attributes = schema.encode_subject(&subject)?;
        let data = CredentialData {
            schema_id: schema.field_id(),
            serial,
            issued: valid_from.days() as u64,
            expiry: valid_until.days() as u64,
            holder_commitment,
            attributes,
        };
        let signature = key.sign(data.hash());
        let issuer_hex = IssuerPublicKey(key.public_key()).to_hex();
        let issuer = format!("urn:zkcred:issuer:{issuer_hex}");
        Ok(Credential {
            context: vec![CONTEXT_V2.into(), CONTEXT_URL.into()],
            id: format!("urn:zkcred:credential:{issuer_hex}:{serial}"),
            types: vec!["VerifiableCredential".into(), "ZkcredCredential".into()],
            issuer: issuer.clone(),
            valid_from: datetime(valid_from),
            valid_until: datetime(valid_until),
            credential_schema: SchemaRef {
                id: format!("{SCHEMA_URN}{}", schema.label()),
                kind: "ZkcredSchema".into(),
                digest: fr_to_hex(&data.schema_id),
            },
            credential_status: Status {
                id: format!("urn:zkcred:revocation:{issuer_hex}#{serial}"),
                kind: "ZkcredRevocationTree".into(),
                revocation_index: serial,
            },
            credential_subject: Subject {
                holder_commitment: fr_to_hex(&holder_commitment),
                attributes: subject,
            },
            proof: CredentialProof {
                kind: "DataIntegrityProof".into(),
                cryptosuite: CRYPTOSUITE.into(),
                verification_method: issuer,
                proof_purpose: "assertionMethod".into(),
                proof_value: multibase::encode(&signature.to_bytes()),
            },
        })
    }

    /// Parses a credential from JSON (shape only; see [`Credential::verify`]).
    ///
    /// A credential from before the multibase `proofValue` (hex) is refused
    /// with [`Error::UnsupportedVersion`] naming the migration
    /// ([`migrate_legacy`]).
    pub fn from_json(json: &str) -> Result<Credential> {
        let credential: Credential = serde_json::from_str(json)?;
        credential.refuse_legacy()?;
        Ok(credential)
    }

    /// [`LEGACY_ERROR`] if the `proofValue` is in the legacy encoding (hex).
    fn refuse_legacy(&self) -> Result<()> {
        if is_legacy_proof_value(&self.proof.proof_value) {
            return Err(legacy_error());
        }
        Ok(())
    }

    /// The credential as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("credentials serialize")
    }

    /// The issuer's public key named by the credential.
    pub fn issuer_key(&self) -> Result<IssuerPublicKey> {
        let hex = self
            .issuer
            .strip_prefix("urn:zkcred:issuer:")
            .ok_or(Error::Credential("issuer is not a zkcred issuer URN"))?;
        IssuerPublicKey::from_hex(hex)
    }

    /// The schema's `name@version` (from `credentialSchema.id`).
    pub fn schema_label(&self) -> &str {
        let id = &self.credential_schema.id;
        id.strip_prefix(SCHEMA_URN).unwrap_or(id)
    }

    /// The serial number (revocation index).
    pub fn serial(&self) -> u32 {
        self.credential_status.revocation_index
    }

    /// Checks the credential against `schema`: structure, dates, attribute
    /// types, and the issuer's signature. Returns the signed fields.
    pub fn verify(&self, schema: &Schema) -> Result<(IssuerPublicKey, CredentialData, Signature)> {
        let (issuer, data, signature) = self.decode(schema)?;
        PublicKey::verify(&issuer.0, data.hash(), &signature)
            .map_err(|_| Error::Credential("the signature does not verify"))?;
        Ok((issuer, data, signature))
    }

    /// Decodes the credential against `schema` without checking the
    /// signature (see [`Credential::verify`]).
    pub fn decode(&self, schema: &Schema) -> Result<(IssuerPublicKey, CredentialData, Signature)> {
        self.refuse_legacy()?;
        if self.context != [CONTEXT_V2, CONTEXT_URL]
            || self.types != ["VerifiableCredential", "ZkcredCredential"]
        {
            return Err(Error::Credential("not a VC 2.0 ZkcredCredential"));
        }
        let issuer = self.issuer_key()?;
        let issuer_hex = issuer.to_hex();
        let serial = self.serial();
        if self.id != format!("urn:zkcred:credential:{issuer_hex}:{serial}")
            || self.credential_status.id != format!("urn:zkcred:revocation:{issuer_hex}#{serial}")
            || self.credential_status.kind != "ZkcredRevocationTree"
        {
            return Err(Error::Credential(
                "id or credentialStatus does not match the issuer and serial",
            ));
        }
        if self.proof.kind != "DataIntegrityProof"
            || self.proof.cryptosuite != CRYPTOSUITE
            || self.proof.verification_method != self.issuer
            || self.proof.proof_purpose != "assertionMethod"
        {
            return Err(Error::Credential("unsupported proof type"));
        }
        schema.validate()?;
        let schema_id = schema.field_id();
        if self.credential_schema.id != format!("{SCHEMA_URN}{}", schema.label())
            || self.credential_schema.kind != "ZkcredSchema"
            || fr_from_hex(&self.credential_schema.digest, "schema digest")? != schema_id
        {
            return Err(Error::Credential("the credential has another schema"));
        }
        let valid_from = parse_datetime(&self.valid_from)
            .map_err(|_| Error::Credential("validFrom is not a date"))?;
        let valid_until = parse_datetime(&self.valid_until)
            .map_err(|_| Error::Credential("validUntil is not a date"))?;
        if valid_from.days() < 0 || valid_until < valid_from {
            return Err(Error::Credential("validity period is malformed"));
        }
        let data = CredentialData {
            schema_id,
            serial,
            issued: valid_from.days() as u64,
            expiry: valid_until.days() as u64,
            holder_commitment: fr_from_hex(
                &self.credential_subject.holder_commitment,
                "holderCommitment",
            )?,
            attributes: schema.encode_subject(&self.credential_subject.attributes)?,
        };
        let bytes = multibase::decode_fixed::<64>(&self.proof.proof_value)
            .map_err(|_| Error::Encoding("proofValue"))?;
        let signature = Signature::from_bytes(&bytes)
            .map_err(|_| Error::Credential("the signature is malformed"))?;
        Ok((issuer, data, signature))
    }

    /// The last day of validity.
    pub fn valid_until(&self) -> Result<Date> {
        parse_datetime(&self.valid_until)
    }
}

/// What a legacy credential is refused with: the what of
/// [`Error::UnsupportedVersion`], which says how to migrate.
pub const LEGACY_ERROR: &str = "credential proofValue encoding (hex, before multibase base58btc: \
migrate it losslessly with `zkcred credential migrate` or `credential::migrate_legacy`)";

/// The `proofValue` encodings: 1 was hex (until this change), 2 is
/// multibase base58btc.
const PROOF_VALUE_ENCODING: u64 = 2;

fn legacy_error() -> Error {
    Error::UnsupportedVersion {
        what: LEGACY_ERROR,
        found: 1,
        supported: PROOF_VALUE_ENCODING,
    }
}

/// Whether `proof_value` is the legacy encoding: 128 hex digits. (A
/// multibase base58btc value starts with `z`, which is not a hex digit.)
fn is_legacy_proof_value(proof_value: &str) -> bool {
    proof_value.len() == 128 && proof_value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Migrates a credential written before the Data Integrity cryptosuite
/// (docs/data-integrity.md section 11: the signature in hex, only the VC 2.0
/// `@context`, `credentialSchema.id` a bare `name@version`) to today's
/// format: the same signature in multibase base58btc, zkcred's context
/// added, the schema id as a URN. Lossless: every signed field, and the
/// signature's 64 bytes, are unchanged, so the migrated credential verifies
/// exactly when the old one did (the signature is not checked here:
/// [`Credential::verify`] does, against the schema).
///
/// Refuses a credential already in today's format with
/// [`Error::Credential`], and a hex `proofValue` that is not a 64-byte
/// signature with [`Error::Encoding`].
pub fn migrate_legacy(json: &str) -> Result<Credential> {
    let credential: Credential = serde_json::from_str(json)?;
    if !is_legacy_proof_value(&credential.proof.proof_value) {
        return Err(Error::Credential(
            "the credential is not in the legacy format (its proofValue is not hex)",
        ));
    }
    migrate_if_legacy(credential)
}

/// [`migrate_legacy`] of a parsed credential; a credential in today's
/// format is returned as it is (for wallets written before the migration).
pub(crate) fn migrate_if_legacy(mut credential: Credential) -> Result<Credential> {
    if !is_legacy_proof_value(&credential.proof.proof_value) {
        return Ok(credential);
    }
    let bytes = bytes_from_hex::<64>(&credential.proof.proof_value, "proofValue")?;
    credential.proof.proof_value = multibase::encode(&bytes);
    if credential.context == [CONTEXT_V2] {
        credential.context.push(CONTEXT_URL.into());
    }
    if !credential.credential_schema.id.starts_with(SCHEMA_URN) {
        credential.credential_schema.id =
            format!("{SCHEMA_URN}{}", credential.credential_schema.id);
    }
    Ok(credential)
}

/// An issuer's public key: a Baby Jubjub point, in JSON as the 32-byte packed
/// form (circomlibjs `packPoint`) in hex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IssuerPublicKey(pub PublicKey);

impl IssuerPublicKey {
    /// 64 hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }

    /// Parses and validates (on the curve, in the prime-order subgroup).
    pub fn from_hex(s: &str) -> Result<IssuerPublicKey> {
        let bytes = bytes_from_hex::<32>(s, "issuer public key")?;
        PublicKey::from_bytes(&bytes)
            .map(IssuerPublicKey)
            .map_err(|_| Error::Key("issuer public key is not a valid Baby Jubjub point"))
    }

    /// `Poseidon(A.x, A.y)`, the form the circuit and contracts use.
    pub fn key_hash(&self) -> Fr {
        issuer_key_hash(&self.0)
    }
}

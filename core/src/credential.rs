//! Credentials as W3C Verifiable Credentials Data Model 2.0 JSON, signed with
//! EdDSA-Poseidon on Baby Jubjub.
//!
//! ```json
//! {
//!   "@context": ["https://www.w3.org/ns/credentials/v2"],
//!   "id": "urn:zkcred:credential:<issuer key hex>:<serial>",
//!   "type": ["VerifiableCredential", "ZkcredCredential"],
//!   "issuer": "urn:zkcred:issuer:<issuer key hex>",
//!   "validFrom": "2026-11-23T00:00:00Z",
//!   "validUntil": "2031-11-23T00:00:00Z",
//!   "credentialSchema": {"id": "kyc-basic@1", "type": "ZkcredSchema", "digest": "0x..."},
//!   "credentialStatus": {"id": "urn:zkcred:revocation:<issuer key hex>#<serial>",
//!                        "type": "ZkcredRevocationTree", "revocationIndex": 7},
//!   "credentialSubject": {"holderCommitment": "0x...", "birth_date": "1990-05-17", ...},
//!   "proof": {"type": "DataIntegrityProof", "cryptosuite": "zkcred-eddsa-poseidon-2025",
//!             "verificationMethod": "urn:zkcred:issuer:<issuer key hex>",
//!             "proofPurpose": "assertionMethod", "proofValue": "<64-byte signature hex>"}
//! }
//! ```
//!
//! The signature covers `CredentialData::hash()` of the circuits crate:
//! `Poseidon(schema digest, serial, validFrom day, validUntil day,
//! holderCommitment, Poseidon(attribute slots))`, so every field above that
//! carries meaning is bound by it. A credential is valid through its
//! `validUntil` day.

pub mod multibase;

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
const CRYPTOSUITE: &str = "zkcred-eddsa-poseidon-2025";

/// `credentialSchema`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaRef {
    /// `name@version`.
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
    /// The 64-byte signature (packed R8 || S, as circomlibjs) in hex.
    #[serde(rename = "proofValue")]
    pub proof_value: String,
}

/// A verifiable credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// JSON-LD context; the first entry is the VC 2.0 context.
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
            context: vec![CONTEXT_V2.into()],
            id: format!("urn:zkcred:credential:{issuer_hex}:{serial}"),
            types: vec!["VerifiableCredential".into(), "ZkcredCredential".into()],
            issuer: issuer.clone(),
            valid_from: datetime(valid_from),
            valid_until: datetime(valid_until),
            credential_schema: SchemaRef {
                id: schema.label(),
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
                proof_value: hex::encode(signature.to_bytes()),
            },
        })
    }

    /// Parses a credential from JSON (shape only; see [`Credential::verify`]).
    pub fn from_json(json: &str) -> Result<Credential> {
        Ok(serde_json::from_str(json)?)
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
        if self.context.first().map(String::as_str) != Some(CONTEXT_V2)
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
        if self.credential_schema.id != schema.label()
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
        let signature = Signature::from_bytes(&bytes_from_hex::<64>(
            &self.proof.proof_value,
            "proofValue",
        )?)
        .map_err(|_| Error::Credential("the signature is malformed"))?;
        Ok((issuer, data, signature))
    }

    /// The last day of validity.
    pub fn valid_until(&self) -> Result<Date> {
        parse_datetime(&self.valid_until)
    }
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

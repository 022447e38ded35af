//! The issuer's side: a signing key with its revocation registry, issuing
//! credentials, revoking them, and answering the non-revocation paths
//! holders prove with.

use std::sync::{Arc, Mutex};

use zeroize::Zeroizing;
use zkcred_core::{
    date::Date,
    encoding::{fr_from_hex, fr_to_hex},
    issuer::{Issuer as CoreIssuer, IssuerKey},
    schema::Schema,
    MerklePath,
};

use crate::errors::{guard, Result, ZkcredError};

/// A holder's proof material from the issuer: the credential's path to an
/// empty leaf in the issuer's revocation tree (1,536 bytes; public data).
#[derive(uniffi::Object)]
pub struct RevocationPath(pub(crate) MerklePath);

#[uniffi::export]
impl RevocationPath {
    /// Parses the 1,536-byte encoding [`RevocationPath::to_bytes`] writes.
    #[uniffi::constructor]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Arc<Self>> {
        guard(|| {
            MerklePath::from_bytes(&bytes)
                .map(|p| Arc::new(RevocationPath(p)))
                .map_err(|_| {
                    ZkcredError::Encoding(
                        "invalid encoding of revocation path (1536 bytes of canonical field elements)"
                            .into(),
                    )
                })
        })
    }

    /// The 1,536-byte encoding (16 levels of 3 siblings, 32 bytes each,
    /// little-endian), to send to the holder.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        guard(|| {
            self.0
                .to_bytes()
                .map_err(|_| ZkcredError::Encoding("revocation path with the wrong depth".into()))
        })
    }
}

/// Generates a fresh issuer signing key: 32 secret bytes. Keep them in the
/// platform keystore; they are never shown in messages.
#[uniffi::export]
pub fn generate_issuer_key() -> Vec<u8> {
    IssuerKey::generate_os().to_bytes().to_vec()
}

/// An issuer: a signing key and a SQLite revocation registry. Thread-safe
/// (calls are serialised).
#[derive(uniffi::Object)]
pub struct Issuer(Mutex<CoreIssuer>);

fn key_from(bytes: &[u8]) -> Result<IssuerKey> {
    let bytes: Zeroizing<[u8; 32]> = Zeroizing::new(
        bytes
            .try_into()
            .map_err(|_| ZkcredError::Encoding("an issuer key is 32 bytes".into()))?,
    );
    Ok(IssuerKey::from_bytes(*bytes))
}

impl Issuer {
    fn lock(&self) -> std::sync::MutexGuard<'_, CoreIssuer> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl Issuer {
    /// The issuer with `key` (32 bytes, from [`generate_issuer_key`]) and
    /// its registry in the SQLite file `registry_path` (created if absent).
    /// The file records the issuer's key and refuses another one, and has one
    /// writer at a time (a second `open` of the same file fails until the
    /// first issuer is released).
    #[uniffi::constructor]
    pub fn open(key: Vec<u8>, registry_path: String) -> Result<Arc<Self>> {
        let key = Zeroizing::new(key);
        guard(|| {
            Ok(Arc::new(Issuer(Mutex::new(CoreIssuer::open(
                key_from(&key)?,
                &registry_path,
            )?))))
        })
    }

    /// The issuer with `key` and a registry in memory (tests and demos).
    #[uniffi::constructor]
    pub fn in_memory(key: Vec<u8>) -> Result<Arc<Self>> {
        let key = Zeroizing::new(key);
        guard(|| {
            Ok(Arc::new(Issuer(Mutex::new(CoreIssuer::in_memory(
                key_from(&key)?,
            )?))))
        })
    }

    /// The public key (hex), which verifiers accept in their requests.
    pub fn public_key(&self) -> String {
        self.lock().key().public_key().to_hex()
    }

    /// Issues a credential of `schema_json` with the attributes of
    /// `subject_json` (a JSON object) to the holder whose commitment is
    /// `holder_commitment` (hex, from [`crate::Wallet::holder_commitment`]),
    /// valid from `valid_from` to `valid_until` (`YYYY-MM-DD`). Returns the
    /// signed credential as W3C VC 2.0 JSON.
    pub fn issue(
        &self,
        schema_json: String,
        subject_json: String,
        holder_commitment: String,
        valid_from: String,
        valid_until: String,
    ) -> Result<String> {
        guard(|| {
            let schema = Schema::from_json(&schema_json)?;
            let subject: serde_json::Value =
                serde_json::from_str(&subject_json).map_err(zkcred_core::Error::from)?;
            let serde_json::Value::Object(subject) = subject else {
                return Err(ZkcredError::Json(
                    "malformed JSON: the subject must be an object".into(),
                ));
            };
            let commitment = fr_from_hex(&holder_commitment, "holder commitment")?;
            let credential = self.lock().issue(
                &schema,
                subject,
                commitment,
                Date::parse(&valid_from)?,
                Date::parse(&valid_until)?,
            )?;
            Ok(credential.to_json())
        })
    }

    /// Revokes the credential with `serial` (refused if this issuer never
    /// issued it).
    pub fn revoke(&self, serial: u32) -> Result<()> {
        guard(|| Ok(self.lock().revoke(serial)?))
    }

    /// The current revocation root (hex), to publish to verifiers.
    pub fn revocation_root(&self) -> Result<String> {
        guard(|| Ok(fr_to_hex(&self.lock().revocation_root()?)))
    }

    /// The non-revocation path of `serial` under the current root, for the
    /// holder; a `Revocation` error if it is revoked.
    pub fn non_revocation_path(&self, serial: u32) -> Result<Arc<RevocationPath>> {
        guard(|| {
            Ok(Arc::new(RevocationPath(
                self.lock().non_revocation_path(serial)?,
            )))
        })
    }
}

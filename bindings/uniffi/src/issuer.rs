//! The issuer's side: a signing key with its revocation registry, issuing
//! credentials, revoking them, and answering the non-revocation paths
//! holders prove with.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use zeroize::Zeroizing;
use zkcred_core::{
    encoding::{fr_from_hex, fr_to_hex},
    issuer::{Issuer as CoreIssuer, IssuerKey},
    revocation,
    schema::Schema,
    MerklePath,
};

use crate::{
    date::CalendarDate,
    errors::{self, guard, Result, ZkcredError},
    request::AttributeValue,
};

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
            Ok(Arc::new(RevocationPath(revocation::path_from_bytes(
                &bytes,
            )?)))
        })
    }

    /// The 1,536-byte encoding (16 levels of 3 siblings, 32 bytes each,
    /// little-endian), to send to the holder.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        guard(|| Ok(revocation::path_to_bytes(&self.0)?))
    }
}

/// An issuer's signing key, held in zkcred's memory and zeroized when the
/// object is released (`close()` in Kotlin, the last reference in Swift):
/// the app never holds the secret unless it asks for it with
/// [`IssuerSecretKey::export_bytes`] to store it in the platform keystore.
/// `toString`/`description` never show it.
#[derive(uniffi::Object)]
pub struct IssuerSecretKey(IssuerKey);

impl std::fmt::Debug for IssuerSecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IssuerSecretKey(hidden)")
    }
}

impl IssuerSecretKey {
    /// A copy of the core key (zeroized on drop, like this one).
    fn core(&self) -> IssuerKey {
        IssuerKey::from_bytes(*self.0.to_bytes())
    }
}

#[uniffi::export]
impl IssuerSecretKey {
    /// A key from its 32 bytes (as [`IssuerSecretKey::export_bytes`] gave
    /// them, e.g. unwrapped from the keystore). zkcred wipes its copies of
    /// the bytes; wipe the app's (`fill(0)`).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Arc<Self>> {
        let bytes = Zeroizing::new(bytes);
        guard(|| Ok(Arc::new(IssuerSecretKey(key_from(&bytes)?))))
    }

    /// The 32 secret bytes, to store wrapped by the platform keystore
    /// (Android Keystore, iOS Keychain). The returned array lives in the
    /// app's heap: wipe it (`fill(0)`) once stored.
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }

    /// The public key (hex), which verifiers accept in their requests.
    pub fn public_key(&self) -> String {
        self.0.public_key().to_hex()
    }
}

/// Generates a fresh issuer signing key, which stays in zkcred's memory
/// ([`IssuerSecretKey`]).
#[uniffi::export]
pub fn generate_issuer_key() -> Arc<IssuerSecretKey> {
    Arc::new(IssuerSecretKey(IssuerKey::generate_os()))
}

/// An issuer: a signing key and a SQLite revocation registry. Thread-safe
/// (calls are serialised).
#[derive(uniffi::Object)]
pub struct Issuer(Mutex<CoreIssuer>);

fn key_from(bytes: &[u8]) -> Result<IssuerKey> {
    let bytes: Zeroizing<[u8; 32]> = Zeroizing::new(
        bytes
            .try_into()
            .map_err(|_| ZkcredError::encoding("issuer key", "an issuer key is 32 bytes"))?,
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
    /// The issuer with `key` (from [`generate_issuer_key`] or
    /// [`IssuerSecretKey::from_bytes`]) and its registry in the SQLite file
    /// `registry_path` (created if absent). The file records the issuer's key
    /// and refuses another one, and has one writer at a time (a second `open`
    /// of the same file fails until the first issuer is released).
    #[uniffi::constructor]
    pub fn open(key: Arc<IssuerSecretKey>, registry_path: String) -> Result<Arc<Self>> {
        guard(|| {
            Ok(Arc::new(Issuer(Mutex::new(CoreIssuer::open(
                key.core(),
                &registry_path,
            )?))))
        })
    }

    /// The issuer with `key` and a registry in memory (tests and demos).
    #[uniffi::constructor]
    pub fn in_memory(key: Arc<IssuerSecretKey>) -> Result<Arc<Self>> {
        guard(|| {
            Ok(Arc::new(Issuer(Mutex::new(CoreIssuer::in_memory(
                key.core(),
            )?))))
        })
    }

    /// The public key (hex), which verifiers accept in their requests.
    pub fn public_key(&self) -> String {
        self.lock().key().public_key().to_hex()
    }

    /// Issues a credential of `schema_json` with `attributes` (each typed
    /// as the schema declares it) to the holder whose commitment is
    /// `holder_commitment` (hex, from [`crate::Wallet::holder_commitment`]),
    /// valid from `valid_from` to `valid_until`. Returns the signed
    /// credential as W3C VC 2.0 JSON (to send to the holder).
    pub fn issue(
        &self,
        schema_json: String,
        attributes: HashMap<String, AttributeValue>,
        holder_commitment: String,
        valid_from: CalendarDate,
        valid_until: CalendarDate,
    ) -> Result<String> {
        guard(|| {
            let schema = Schema::from_json(&schema_json)?;
            let subject = attributes
                .iter()
                .map(|(name, value)| Ok((name.clone(), value.to_json()?)))
                .collect::<Result<serde_json::Map<_, _>>>()?;
            let commitment = fr_from_hex(&holder_commitment, "holder commitment")?;
            let credential = self.lock().issue(
                &schema,
                subject,
                commitment,
                valid_from.to_core()?,
                valid_until.to_core()?,
            )?;
            Ok(credential.to_json())
        })
    }

    /// Revokes the credential with `serial` (refused if this issuer never
    /// issued it).
    pub fn revoke(&self, serial: i64) -> Result<()> {
        guard(|| Ok(self.lock().revoke(errors::serial(serial)?)?))
    }

    /// The current revocation root (hex), to publish to verifiers.
    pub fn revocation_root(&self) -> Result<String> {
        guard(|| Ok(fr_to_hex(&self.lock().revocation_root()?)))
    }

    /// The non-revocation path of `serial` under the current root, for the
    /// holder; a `Revocation` error if it is revoked.
    pub fn non_revocation_path(&self, serial: i64) -> Result<Arc<RevocationPath>> {
        guard(|| {
            Ok(Arc::new(RevocationPath(
                self.lock().non_revocation_path(errors::serial(serial)?)?,
            )))
        })
    }
}

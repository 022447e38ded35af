//! Issuers: keys, issuing credentials, and revocation.

#[cfg(feature = "sqlite")]
use std::path::Path;

use rand_core::{CryptoRng, OsRng, RngCore};
use zeroize::Zeroizing;
#[cfg(feature = "sqlite")]
use zkcred_circuits::smt::MerklePath;
use zkcred_circuits::{eddsa::SecretKey, Fr};

pub use crate::credential::IssuerPublicKey;
#[cfg(feature = "sqlite")]
use crate::revocation::RevocationRegistry;
use crate::{credential::Credential, date::Date, schema::Schema, Result};

/// An issuer's signing key (EdDSA-Poseidon on Baby Jubjub, 32 secret bytes as
/// circomlibjs takes them). Zeroized on drop; `Debug` does not show it.
pub struct IssuerKey(SecretKey);

impl IssuerKey {
    /// A fresh key from `rng`.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> IssuerKey {
        IssuerKey(SecretKey::generate(rng))
    }

    /// A fresh key from the operating system's randomness.
    pub fn generate_os() -> IssuerKey {
        Self::generate(&mut OsRng)
    }

    /// The key from its 32 secret bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> IssuerKey {
        IssuerKey(SecretKey::from_bytes(bytes))
    }

    /// The 32 secret bytes (zeroized when the returned value drops).
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(*self.0.as_bytes())
    }

    /// The public key.
    pub fn public_key(&self) -> IssuerPublicKey {
        IssuerPublicKey(self.0.public_key())
    }

    /// Signs a field element: for the signed statements of zkcred's other
    /// crates (zkcred-credit's succinct credentials), each of which hashes a
    /// domain-separated message first.
    pub fn sign_raw(&self, msg: Fr) -> zkcred_circuits::eddsa::Signature {
        self.0.sign(msg)
    }

    /// Signs a credential for the holder whose commitment is
    /// `holder_commitment` (see [`crate::holder::HolderSecret::commitment`]).
    pub fn issue(
        &self,
        schema: &Schema,
        subject: serde_json::Map<String, serde_json::Value>,
        holder_commitment: Fr,
        serial: u32,
        valid_from: Date,
        valid_until: Date,
    ) -> Result<Credential> {
        Credential::sign(
            &self.0,
            schema,
            subject,
            holder_commitment,
            serial,
            valid_from,
            valid_until,
        )
    }
}

impl std::fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IssuerKey(public: {})", self.public_key().to_hex())
    }
}

/// An issuer with its revocation registry: assigns serials, signs, revokes,
/// and answers the non-revocation paths holders prove with.
#[cfg(feature = "sqlite")]
pub struct Issuer {
    key: IssuerKey,
    registry: RevocationRegistry,
}

#[cfg(feature = "sqlite")]
impl Issuer {
    /// An issuer whose registry lives in the SQLite file `registry_path`
    /// (created if absent), opened for writing (one writer at a time:
    /// [`RevocationError::WriterActive`] if another has it open).
    ///
    /// The registry records the issuer's public key when it is created; a
    /// registry recorded for another key is
    /// [`RevocationError::IssuerMismatch`]. A registry written before keys
    /// were recorded is bound to `key` now (first use).
    ///
    /// [`RevocationError::WriterActive`]: crate::revocation::RevocationError::WriterActive
    /// [`RevocationError::IssuerMismatch`]: crate::revocation::RevocationError::IssuerMismatch
    pub fn open(key: IssuerKey, registry_path: impl AsRef<Path>) -> Result<Issuer> {
        Self::bound(key, RevocationRegistry::open(registry_path)?)
    }

    /// [`Issuer::open`] for a registry that must already exist
    /// ([`RevocationError::Missing`] otherwise; nothing is created).
    ///
    /// [`RevocationError::Missing`]: crate::revocation::RevocationError::Missing
    pub fn open_existing(key: IssuerKey, registry_path: impl AsRef<Path>) -> Result<Issuer> {
        Self::bound(key, RevocationRegistry::open_existing(registry_path)?)
    }

    /// An issuer with an in-memory registry (tests and demos).
    pub fn in_memory(key: IssuerKey) -> Result<Issuer> {
        Self::bound(key, RevocationRegistry::open_in_memory()?)
    }

    fn bound(key: IssuerKey, mut registry: RevocationRegistry) -> Result<Issuer> {
        registry.bind_issuer(&key.public_key())?;
        Ok(Issuer { key, registry })
    }

    /// The issuer's key.
    pub fn key(&self) -> &IssuerKey {
        &self.key
    }

    /// The revocation registry.
    pub fn registry(&self) -> &RevocationRegistry {
        &self.registry
    }

    /// Issues a credential under the next free serial.
    pub fn issue(
        &mut self,
        schema: &Schema,
        subject: serde_json::Map<String, serde_json::Value>,
        holder_commitment: Fr,
        valid_from: Date,
        valid_until: Date,
    ) -> Result<Credential> {
        let serial = self.registry.allocate_serial()?;
        self.key.issue(
            schema,
            subject,
            holder_commitment,
            serial,
            valid_from,
            valid_until,
        )
    }

    /// Revokes the credential with `serial`.
    /// [`RevocationError::NotIssued`] if this registry never handed the
    /// serial out (a typo would otherwise revoke a future credential);
    /// [`Issuer::revoke_any`] overrides that.
    ///
    /// [`RevocationError::NotIssued`]: crate::revocation::RevocationError::NotIssued
    pub fn revoke(&mut self, serial: u32) -> Result<()> {
        if !self.registry.is_issued(serial)? {
            return Err(crate::revocation::RevocationError::NotIssued.into());
        }
        Ok(self.registry.revoke(serial)?)
    }

    /// Revokes `serial` whether or not this registry handed it out (for
    /// serials allocated elsewhere, or revoked in advance).
    pub fn revoke_any(&mut self, serial: u32) -> Result<()> {
        Ok(self.registry.revoke(serial)?)
    }

    /// The current revocation root, to publish.
    pub fn revocation_root(&self) -> Result<Fr> {
        Ok(self.registry.root())
    }

    /// The path a holder proves non-revocation with; an error if revoked.
    pub fn non_revocation_path(&self, serial: u32) -> Result<MerklePath> {
        Ok(self.registry.non_membership_proof(serial)?)
    }
}

//! The holder's wallet: the holder secret, the credentials bound to it, and
//! proving.

use std::sync::{Arc, Mutex};

use zeroize::Zeroizing;
use zkcred_core::{
    encoding::fr_to_hex, holder, holder::HolderSecret, scope::check_origin, Credential,
};
use zkcred_credit::CreditWallet as CoreWallet;

use crate::{
    background,
    errors::{guard, Refusal, Result, ZkcredError},
    issuer::RevocationPath,
    keys::ProvingKey,
    request::PresentationRequest,
};

/// What the wallet shows of a credential (no attribute values: read them
/// from [`Wallet::credential_json`] when the user asks).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CredentialInfo {
    /// The credential's URN.
    pub id: String,
    /// Its serial in the issuer's revocation registry (ask the issuer for
    /// this serial's [`RevocationPath`] before proving).
    pub serial: u32,
    /// The issuer's public key (hex).
    pub issuer: String,
    /// The schema label (`id/vN`).
    pub schema: String,
    /// Last day of validity (`YYYY-MM-DDT00:00:00Z`).
    pub valid_until: String,
}

fn info(c: &Credential) -> Result<CredentialInfo> {
    Ok(CredentialInfo {
        id: c.id.clone(),
        serial: c.serial(),
        issuer: c.issuer_key()?.to_hex(),
        schema: c.credential_schema.id.clone(),
        valid_until: c.valid_until.clone(),
    })
}

/// The holder's wallet. Thread-safe; [`Wallet::prove`] runs on a worker
/// thread. Its JSON and its secret are the holder's identity: store them
/// encrypted (Android Keystore, iOS Keychain).
#[derive(uniffi::Object)]
pub struct Wallet(Mutex<CoreWallet>);

impl Wallet {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, CoreWallet> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl Wallet {
    /// A new wallet with a fresh random holder secret.
    #[uniffi::constructor]
    pub fn create() -> Arc<Self> {
        Arc::new(Wallet(Mutex::new(CoreWallet::new(
            HolderSecret::generate_os(),
        ))))
    }

    /// An empty wallet around a backed-up secret (32 bytes from
    /// [`Wallet::export_secret`]).
    #[uniffi::constructor]
    pub fn from_secret(secret: Vec<u8>) -> Result<Arc<Self>> {
        let secret = Zeroizing::new(secret);
        guard(|| {
            let bytes: &[u8; 32] = secret
                .as_slice()
                .try_into()
                .map_err(|_| ZkcredError::Encoding("a holder secret is 32 bytes".into()))?;
            Ok(Arc::new(Wallet(Mutex::new(CoreWallet::new(
                HolderSecret::from_bytes(bytes)?,
            )))))
        })
    }

    /// Restores a wallet from [`Wallet::to_json`]'s document; every
    /// credential must be bound to its secret.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        let json = Zeroizing::new(json);
        guard(|| Ok(Arc::new(Wallet(Mutex::new(CoreWallet::from_json(&json)?)))))
    }

    /// The whole wallet (secret and credentials) as JSON, to store encrypted.
    /// zkcred zeroizes its own copy; the string handed to Kotlin or Swift
    /// lives in their heap, which it cannot wipe: keep it short-lived.
    pub fn to_json(&self) -> String {
        self.lock().to_json().to_string()
    }

    /// The 32-byte holder secret, for a backup (like [`Wallet::to_json`], the
    /// returned bytes are the app's to protect and wipe).
    pub fn export_secret(&self) -> Vec<u8> {
        self.lock().secret().to_bytes().to_vec()
    }

    /// `Poseidon(secret)` (hex): what the holder gives an issuer, which binds
    /// the credential to this wallet.
    pub fn holder_commitment(&self) -> String {
        fr_to_hex(&self.lock().secret().commitment())
    }

    /// Stores a credential (VC JSON) after checking that it is bound to this
    /// wallet's secret and not held already.
    pub fn receive(&self, credential_json: String) -> Result<CredentialInfo> {
        guard(|| {
            let credential = Credential::from_json(&credential_json)?;
            let shown = info(&credential)?;
            self.lock().receive(credential)?;
            Ok(shown)
        })
    }

    /// The credentials, in the order received.
    pub fn credentials(&self) -> Result<Vec<CredentialInfo>> {
        guard(|| self.lock().credentials().iter().map(info).collect())
    }

    /// The credential `id` as VC JSON.
    pub fn credential_json(&self, id: String) -> Result<String> {
        guard(|| {
            self.lock()
                .credentials()
                .iter()
                .find(|c| c.id == id)
                .map(Credential::to_json)
                .ok_or_else(|| {
                    ZkcredError::Credential("the wallet holds no such credential".into())
                })
        })
    }

    /// The credentials that can answer `request`: its schema, an issuer it
    /// accepts, not expired, every predicate holding.
    pub fn matching(&self, request: Arc<PresentationRequest>) -> Result<Vec<CredentialInfo>> {
        guard(|| {
            let wallet = self.lock();
            let matching = wallet.matching(&request.0)?;
            matching.into_iter().map(info).collect()
        })
    }

    /// Whether credential `credential_id` can answer `request`, without
    /// proving: `null`/`nil` when it can, otherwise the [`Refusal`] that
    /// [`Wallet::prove`] would throw, as a value with its details (for a
    /// failing predicate, its position in the request and its attribute's
    /// name; never a value). Throws only when the wallet holds no such
    /// credential.
    pub fn check(
        &self,
        request: Arc<PresentationRequest>,
        credential_id: String,
        revocation_path: Arc<RevocationPath>,
    ) -> Result<Option<Refusal>> {
        guard(|| {
            let wallet = self.lock();
            let credential = wallet
                .credentials()
                .iter()
                .find(|c| c.id == credential_id)
                .ok_or_else(|| {
                    ZkcredError::Credential("the wallet holds no such credential".into())
                })?;
            Ok(
                holder::check(&request.0, credential, wallet.secret(), &revocation_path.0)
                    .err()
                    .map(Refusal::from),
            )
        })
    }

    /// Answers `request` with credential `credential_id` and its issuer's
    /// non-revocation path; returns the presentation JSON to send to the
    /// verifier. Runs on a worker thread (a few hundred ms): awaiting it
    /// never blocks the caller's thread. Refuses with `Unsatisfiable` (naming
    /// the failing check, never a value) when the credential cannot satisfy
    /// the request.
    ///
    /// `verified_origin` is the web origin of the party asking, as the app
    /// verified it, never as the request states it: the origin of the site or
    /// back end the app received the request from, proven to belong with the
    /// app by Android App Links (`assetlinks.json`, `autoVerify`) or iOS
    /// associated domains (`apple-app-site-association`), or the app's own
    /// pinned back end; `https://host[:port]` in lower case. The request's
    /// scope must be that origin or a path under it
    /// (`https://shop.example/age-gate` for `https://shop.example`), so that
    /// no party learns the holder's nullifier in another party's scope:
    /// otherwise this refuses with `ScopeMismatch` before proving (and with
    /// `Encoding` for an origin that is not a serialised web origin).
    pub async fn prove(
        self: Arc<Self>,
        request: Arc<PresentationRequest>,
        credential_id: String,
        revocation_path: Arc<RevocationPath>,
        proving_key: Arc<ProvingKey>,
        verified_origin: String,
    ) -> Result<String> {
        let picked = guard(|| {
            check_origin(&request.0.scope, &verified_origin)?;
            let wallet = self.lock();
            let credential = wallet
                .credentials()
                .iter()
                .find(|c| c.id == credential_id)
                .cloned()
                .ok_or_else(|| {
                    ZkcredError::Credential("the wallet holds no such credential".into())
                })?;
            let secret = HolderSecret::from_bytes(&wallet.secret().to_bytes())?;
            Ok((credential, secret))
        });
        let (credential, secret) = picked?;
        background::run(move || {
            let presentation = holder::prove(
                &request.0,
                &credential,
                &secret,
                &revocation_path.0,
                &proving_key.0,
            )?;
            Ok(presentation.to_json())
        })
        .await
    }
}

//! The holder's wallet: the holder secret and the credentials bound to it,
//! kept as one JSON document, and the choice of a credential for a request.
//!
//! ```json
//! {"version": 1, "secret": "<32 bytes hex>", "credentials": [ ...VC JSON... ],
//!  "credit": [{"attestation": { ... }, "openings": { ... }}],
//!  "creditSuccinct": [ ...credit credential JSON... ]}
//! ```
//!
//! `credit` holds an SME's credit attestations with their openings
//! (transparent path), `creditSuccinct` its signed credit credentials bound
//! to the holder secret (succinct path); each is left out when empty, so
//! wallets without them keep the format they always had. Their entries
//! belong to zkcred-credit, which checks them when they are received and
//! when a wallet is loaded through it (its `CreditWallet`): this module
//! keeps them as JSON ([`Wallet::section`], [`Section`]) so that
//! identity-only front ends (the browser) carry no credit code and still
//! keep a wallet whole.
//!
//! The document contains the holder secret and the openings' blinding
//! factors: store it encrypted (the platform keystore on phones). `Debug` does not show the secret; the JSON text is
//! zeroized when the returned `Zeroizing<String>` drops.

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{
    credential::Credential, encoding::secret_bytes_from_hex, holder::HolderSecret,
    request::PresentationRequest, Error, Result,
};

/// The wallet format version.
pub const WALLET_VERSION: u64 = 1;

/// The wallet's sections besides the identity credentials, whose entries
/// another crate defines (zkcred-credit) and this one keeps as JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// `credit`: credit attestations with their openings (transparent path).
    Credit,
    /// `creditSuccinct`: signed credit credentials (succinct path).
    CreditSuccinct,
}

/// A holder secret and its credentials.
pub struct Wallet {
    secret: HolderSecret,
    credentials: Vec<Credential>,
    credit: Vec<serde_json::Value>,
    credit_succinct: Vec<serde_json::Value>,
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Entries can hold blinding factors: counts only.
        f.debug_struct("Wallet")
            .field("secret", &self.secret)
            .field("credentials", &self.credentials.len())
            .field("credit", &self.credit.len())
            .field("credit_succinct", &self.credit_succinct.len())
            .finish()
    }
}

impl Drop for Wallet {
    fn drop(&mut self) {
        self.credit.iter_mut().for_each(wipe);
        self.credit_succinct.iter_mut().for_each(wipe);
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WalletJson {
    version: u64,
    secret: String,
    credentials: Vec<Credential>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    credit: Vec<serde_json::Value>,
    #[serde(
        default,
        rename = "creditSuccinct",
        skip_serializing_if = "Vec::is_empty"
    )]
    credit_succinct: Vec<serde_json::Value>,
}

/// The document holds the secret's hex and the credit sections (with
/// blinding factors): both are wiped when it drops, whichever way
/// [`Wallet::from_json`] or [`Wallet::to_json`] leaves, early returns
/// included.
impl Zeroize for WalletJson {
    fn zeroize(&mut self) {
        self.secret.zeroize();
        self.credit.iter_mut().for_each(wipe);
        self.credit_succinct.iter_mut().for_each(wipe);
    }
}

impl Drop for WalletJson {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for WalletJson {}

/// Overwrites every string in `v` (the openings' blinding factors) before
/// it drops.
pub fn wipe(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => s.zeroize(),
        serde_json::Value::Array(a) => a.iter_mut().for_each(wipe),
        serde_json::Value::Object(o) => o.values_mut().for_each(wipe),
        _ => {}
    }
}

/// The field of a secret-free wallet document ([`split_secret`]) that
/// names where the app keeps the holder secret.
pub const SECRET_REF_FIELD: &str = "secretRef";

/// Splits a wallet document ([`Wallet::to_json`], or a credit wallet's) into
/// the same document without the holder secret, its `"secret"` replaced by
/// `"secretRef": secret_ref` (the name under which the app keeps the secret
/// in platform secure storage), and the secret's 32 bytes. Everything else,
/// the credit sections included, is kept as it is. The parsed document is
/// wiped on every path out; the secret comes back zeroizing.
pub fn split_secret(json: &str, secret_ref: &str) -> Result<(String, Zeroizing<[u8; 32]>)> {
    let mut doc: serde_json::Value = serde_json::from_str(json)?;
    let result = (|| {
        let object = doc.as_object_mut().ok_or(Error::Encoding("wallet"))?;
        let mut secret = object
            .remove("secret")
            .ok_or(Error::Encoding("wallet secret"))?;
        let bytes = secret
            .as_str()
            .ok_or(Error::Encoding("wallet secret"))
            .and_then(|hex| secret_bytes_from_hex::<32>(hex, "wallet secret"));
        wipe(&mut secret);
        let bytes = bytes?;
        object.insert(SECRET_REF_FIELD.into(), secret_ref.into());
        let public = serde_json::to_string_pretty(&doc)?;
        Ok((public, bytes))
    })();
    wipe(&mut doc);
    result
}

/// The secret reference of a document made by [`split_secret`]
/// (`Encoding` when it has none, e.g. a document with the secret inside).
pub fn secret_ref(public_json: &str) -> Result<String> {
    let mut doc: serde_json::Value = serde_json::from_str(public_json)?;
    let found = doc
        .get(SECRET_REF_FIELD)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .filter(|_| doc.get("secret").is_none())
        .ok_or(Error::Encoding("wallet secret reference"));
    wipe(&mut doc);
    found
}

/// Joins a document made by [`split_secret`] with the holder secret's 32
/// bytes: the full wallet document again, for [`Wallet::from_json`] (or a
/// credit wallet's). The text is zeroized when it drops.
pub fn join_secret(public_json: &str, secret: &[u8]) -> Result<Zeroizing<String>> {
    let secret: &[u8; 32] = secret
        .try_into()
        .map_err(|_| Error::Encoding("wallet secret"))?;
    let mut doc: serde_json::Value = serde_json::from_str(public_json)?;
    let result = (|| {
        let object = doc.as_object_mut().ok_or(Error::Encoding("wallet"))?;
        object
            .remove(SECRET_REF_FIELD)
            .ok_or(Error::Encoding("wallet secret reference"))?;
        object.insert("secret".into(), hex::encode(secret).into());
        Ok(Zeroizing::new(serde_json::to_string(&doc)?))
    })();
    wipe(&mut doc);
    result
}

impl Wallet {
    /// An empty wallet around `secret`.
    pub fn new(secret: HolderSecret) -> Wallet {
        Wallet {
            secret,
            credentials: Vec::new(),
            credit: Vec::new(),
            credit_succinct: Vec::new(),
        }
    }

    /// The holder secret.
    pub fn secret(&self) -> &HolderSecret {
        &self.secret
    }

    /// The credentials, in the order received.
    pub fn credentials(&self) -> &[Credential] {
        &self.credentials
    }

    /// Stores a credential after checking that it is bound to this wallet's
    /// secret (its `holderCommitment`). The issuer's signature is checked when
    /// it is used, against the request's schema.
    pub fn receive(&mut self, credential: Credential) -> Result<()> {
        let commitment = crate::encoding::fr_from_hex(
            &credential.credential_subject.holder_commitment,
            "holderCommitment",
        )?;
        if commitment != self.secret.commitment() {
            return Err(Error::Credential(
                "the credential is bound to another holder",
            ));
        }
        if self.credentials.iter().any(|c| c.id == credential.id) {
            return Err(Error::Credential(
                "the wallet already holds this credential",
            ));
        }
        self.credentials.push(credential);
        Ok(())
    }

    /// The entries of `section`, in the order received (JSON; they may hold
    /// blinding factors).
    pub fn section(&self, section: Section) -> &[serde_json::Value] {
        match section {
            Section::Credit => &self.credit,
            Section::CreditSuccinct => &self.credit_succinct,
        }
    }

    /// Takes the entries of `section` out of the wallet, for the crate that
    /// defines them (zkcred-credit's `CreditWallet` keeps them typed); the
    /// caller wipes them ([`wipe`]) when done.
    pub fn take_section(&mut self, section: Section) -> Vec<serde_json::Value> {
        std::mem::take(match section {
            Section::Credit => &mut self.credit,
            Section::CreditSuccinct => &mut self.credit_succinct,
        })
    }

    /// The credentials of `request`'s schema from an issuer it accepts whose
    /// attributes satisfy its predicates on its date (signature, expiry and
    /// revocation are checked when proving).
    pub fn matching(&self, request: &PresentationRequest) -> Result<Vec<&Credential>> {
        let compiled = request.compile()?;
        Ok(self
            .credentials
            .iter()
            .filter(|c| {
                let Ok((issuer, data, _)) = c.decode(&request.schema) else {
                    return false;
                };
                compiled.issuers.iter().any(|(k, _)| *k == issuer)
                    && data.expiry >= compiled.now
                    && compiled.policy.predicates.iter().all(|slot| {
                        slot.holds(&data.attributes, &compiled.policy.set_tables) == Ok(true)
                    })
            })
            .collect())
    }

    /// The wallet as JSON (contains the secret: see the module docs).
    pub fn to_json(&self) -> Zeroizing<String> {
        // Wiped when it drops.
        let doc = WalletJson {
            version: WALLET_VERSION,
            secret: hex::encode(*self.secret.to_bytes()),
            credentials: self.credentials.clone(),
            credit: self.credit.clone(),
            credit_succinct: self.credit_succinct.clone(),
        };
        Zeroizing::new(serde_json::to_string_pretty(&doc).expect("wallets serialize"))
    }

    /// Parses a wallet; every credential must be bound to its secret. The
    /// credit sections are kept as they are: zkcred-credit's
    /// `wallet_from_json` also checks them.
    ///
    /// The secret's hex and the sections are wiped on every path out, an
    /// error included (the document wipes itself when it drops; the decoded
    /// secret is a [`Zeroizing`] buffer).
    pub fn from_json(json: &str) -> Result<Wallet> {
        let mut doc: WalletJson = serde_json::from_str(json)?;
        if doc.version != WALLET_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "wallet",
                found: doc.version,
                supported: WALLET_VERSION,
            });
        }
        let bytes = secret_bytes_from_hex::<32>(&doc.secret, "wallet secret")?;
        let mut wallet = Wallet::new(HolderSecret::from_bytes(&bytes)?);
        // The sections move into the wallet, which wipes them when it drops,
        // even if a credential below is refused.
        wallet.credit = std::mem::take(&mut doc.credit);
        wallet.credit_succinct = std::mem::take(&mut doc.credit_succinct);
        // Credentials from before the Data Integrity cryptosuite (hex
        // proofValue) are migrated as they are read: lossless, the signature
        // is unchanged (docs/data-integrity.md section 11); the wallet is
        // saved in today's format only when the app saves it.
        for c in std::mem::take(&mut doc.credentials) {
            wallet.receive(crate::credential::migrate_if_legacy(c)?)?;
        }
        Ok(wallet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_zeroize_on_drop<T: ZeroizeOnDrop>() {}

    #[test]
    fn the_parsed_document_is_wiped_whatever_the_outcome() {
        // Issue 16, point 7: `from_json` left the secret's hex and the credit
        // sections unwiped on its early returns (a wrong version, a bad
        // secret). The document now wipes itself on drop.
        assert_zeroize_on_drop::<WalletJson>();
        let secret = "11".repeat(32);
        let text = format!(
            r#"{{"version": 1, "secret": "{secret}", "credentials": [],
                "credit": [{{"openings": {{"blindings": ["{secret}"]}}}}]}}"#
        );
        let mut doc: WalletJson = serde_json::from_str(&text).unwrap();
        doc.zeroize();
        assert!(doc.secret.is_empty());
        assert_eq!(doc.credit[0]["openings"]["blindings"][0], "");
        // Every early return still refuses with its own error.
        let wrong_version = text.replacen("\"version\": 1", "\"version\": 9", 1);
        assert!(matches!(
            Wallet::from_json(&wrong_version),
            Err(Error::UnsupportedVersion { .. })
        ));
        let bad_secret = text.replacen(&secret, &"f".repeat(64), 1);
        assert!(matches!(
            Wallet::from_json(&bad_secret),
            Err(Error::NonCanonical(_))
        ));
        let wallet = Wallet::from_json(&text).unwrap();
        assert_eq!(*wallet.secret().to_bytes(), [0x11; 32]);
        assert_eq!(wallet.section(Section::Credit).len(), 1);
    }

    #[test]
    fn split_secret_keeps_the_secret_out_and_join_secret_restores_it() {
        let secret = "11".repeat(32);
        let text = format!(
            r#"{{"version": 1, "secret": "{secret}", "credentials": [],
                "credit": [{{"openings": {{"blindings": ["22"]}}}}]}}"#
        );
        let (public, bytes) = split_secret(&text, "zkcred/main").unwrap();
        assert_eq!(*bytes, [0x11; 32]);
        assert!(!public.contains(&secret) && !public.contains("\"secret\""));
        assert_eq!(secret_ref(&public).unwrap(), "zkcred/main");
        // A full document names no reference: refused, not mistaken for one.
        assert!(matches!(secret_ref(&text), Err(Error::Encoding(_))));
        let joined = join_secret(&public, &*bytes).unwrap();
        let wallet = Wallet::from_json(&joined).unwrap();
        assert_eq!(*wallet.secret().to_bytes(), [0x11; 32]);
        assert_eq!(wallet.section(Section::Credit).len(), 1);
        assert!(matches!(
            join_secret(&public, &[0x11; 31]),
            Err(Error::Encoding(_))
        ));
        assert!(matches!(split_secret("[]", "x"), Err(Error::Encoding(_))));
    }

    #[test]
    fn a_wallet_with_legacy_credentials_loads_them_migrated() {
        use crate::{date::Date, fixtures::DEMO_KYC_SCHEMA, issuer::IssuerKey, schema::Schema};
        let schema = Schema::from_json(DEMO_KYC_SCHEMA).unwrap();
        let secret = HolderSecret::from_bytes(&[0x07; 32]).unwrap();
        let subject = serde_json::json!({
            "birth_date": "1990-05-17", "nationality": "DE", "residence": "DE",
            "full_name": "Ada Lovelace", "document_type": "passport", "kyc_level": 3, "pep": false
        });
        let credential = IssuerKey::from_bytes([0x11; 32])
            .issue(
                &schema,
                subject.as_object().unwrap().clone(),
                secret.commitment(),
                3,
                Date::parse("2026-01-01").unwrap(),
                Date::parse("2027-01-01").unwrap(),
            )
            .unwrap();
        let mut wallet = Wallet::new(secret);
        wallet.receive(credential.clone()).unwrap();
        // The same wallet as an earlier version wrote it.
        let mut doc: serde_json::Value = serde_json::from_str(&wallet.to_json()).unwrap();
        let c = &mut doc["credentials"][0];
        let sig: [u8; 64] =
            crate::credential::multibase::decode_fixed(c["proof"]["proofValue"].as_str().unwrap())
                .unwrap();
        c["proof"]["proofValue"] = hex::encode(sig).into();
        c["@context"] = serde_json::json!(["https://www.w3.org/ns/credentials/v2"]);
        c["credentialSchema"]["id"] = "kyc-basic@1".into();
        let loaded = Wallet::from_json(&doc.to_string()).unwrap();
        assert_eq!(loaded.credentials(), [credential]);
        loaded.credentials()[0].verify(&schema).unwrap();
    }
}

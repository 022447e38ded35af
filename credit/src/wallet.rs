//! The holder's wallet with its credit entries: zkcred-core's [`Wallet`]
//! (the holder secret and identity credentials) plus the SME's credit
//! attestations with their openings and its succinct credit credentials,
//! typed and checked on receipt and on load. The JSON document is core's
//! wallet format, whose `credit` and `creditSuccinct` sections this type
//! reads and writes.

use std::ops::{Deref, DerefMut};

use zeroize::Zeroizing;
use zkcred_core::{
    holder::HolderSecret,
    wallet::{wipe, Section, Wallet},
    Error, Result,
};

use crate::{succinct::SuccinctCredential, CreditAttestation, CreditOpenings};

/// A holder's [`Wallet`] with its credit entries. Dereferences to the
/// wallet for the identity side (credentials, matching, the secret).
pub struct CreditWallet {
    wallet: Wallet,
    credit: Vec<(CreditAttestation, CreditOpenings)>,
    succinct: Vec<SuccinctCredential>,
}

impl std::fmt::Debug for CreditWallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreditWallet")
            .field("wallet", &self.wallet)
            .field("credit", &self.credit.len())
            .field("credit_succinct", &self.succinct.len())
            .finish()
    }
}

impl Deref for CreditWallet {
    type Target = Wallet;
    fn deref(&self) -> &Wallet {
        &self.wallet
    }
}

impl DerefMut for CreditWallet {
    fn deref_mut(&mut self) -> &mut Wallet {
        &mut self.wallet
    }
}

/// One `credit` entry: `{"attestation": {...}, "openings": {...}}`.
fn credit_entry(entry: &serde_json::Value) -> Result<(CreditAttestation, CreditOpenings)> {
    const MALFORMED: Error = Error::Attestation("malformed credit entry in the wallet");
    let object = entry.as_object().ok_or(MALFORMED)?;
    if object.len() != 2 {
        return Err(MALFORMED);
    }
    let attestation = object.get("attestation").ok_or(MALFORMED)?;
    let openings = object.get("openings").ok_or(MALFORMED)?;
    let attestation = CreditAttestation::from_json_value(attestation.clone())?;
    let openings = Zeroizing::new(openings.to_string());
    Ok((attestation, CreditOpenings::from_json(&openings)?))
}

impl CreditWallet {
    /// An empty wallet around `secret`.
    pub fn new(secret: HolderSecret) -> CreditWallet {
        CreditWallet::from_wallet(Wallet::new(secret)).expect("an empty wallet")
    }

    /// Takes over `wallet` with the credit entries it holds, checking each as
    /// on receipt: signatures, openings, holder binding, no entry twice.
    pub fn from_wallet(mut wallet: Wallet) -> Result<CreditWallet> {
        let mut credit = wallet.take_section(Section::Credit);
        let mut succinct = wallet.take_section(Section::CreditSuccinct);
        let mut out = CreditWallet {
            wallet,
            credit: Vec::new(),
            succinct: Vec::new(),
        };
        // Every entry is wiped, whatever happens to the others.
        let result = (|| {
            for entry in &credit {
                let (attestation, openings) = credit_entry(entry)?;
                out.receive_credit(attestation, openings)?;
            }
            for entry in &succinct {
                let json = Zeroizing::new(entry.to_string());
                out.receive_succinct_credit(SuccinctCredential::from_json(&json)?)?;
            }
            Ok(())
        })();
        credit.iter_mut().chain(succinct.iter_mut()).for_each(wipe);
        result.map(|()| out)
    }

    /// Parses a wallet ([`Wallet::from_json`]) and checks every credit
    /// entry ([`CreditWallet::from_wallet`]).
    pub fn from_json(json: &str) -> Result<CreditWallet> {
        CreditWallet::from_wallet(Wallet::from_json(json)?)
    }

    /// The wallet as JSON, credit entries included (contains the secret and
    /// the openings' blinding factors: store it encrypted).
    pub fn to_json(&self) -> Zeroizing<String> {
        let mut doc: serde_json::Value =
            serde_json::from_str(&self.wallet.to_json()).expect("wallets are JSON");
        let object = doc.as_object_mut().expect("a wallet is an object");
        if !self.credit.is_empty() {
            let entries = self
                .credit
                .iter()
                .map(|(a, o)| {
                    let openings = Zeroizing::new(o.to_json());
                    serde_json::json!({
                        "attestation": a.to_json_value(),
                        "openings": serde_json::from_str::<serde_json::Value>(&openings)
                            .expect("openings are JSON"),
                    })
                })
                .collect();
            object.insert("credit".into(), serde_json::Value::Array(entries));
        }
        if !self.succinct.is_empty() {
            let entries = self
                .succinct
                .iter()
                .map(|c| serde_json::from_str(&c.to_json()).expect("credentials are JSON"))
                .collect();
            object.insert("creditSuccinct".into(), serde_json::Value::Array(entries));
        }
        let out = Zeroizing::new(serde_json::to_string_pretty(&doc).expect("wallets serialize"));
        wipe(&mut doc);
        out
    }

    /// The identity side.
    pub fn wallet(&self) -> &Wallet {
        &self.wallet
    }

    /// Stores a provider's credit attestation with the SME's openings after
    /// checking the provider's signature, that the openings open its
    /// commitments, and that the wallet does not hold it already.
    pub fn receive_credit(
        &mut self,
        attestation: CreditAttestation,
        openings: CreditOpenings,
    ) -> Result<()> {
        attestation.verify_signature()?;
        openings.check(&attestation)?;
        if self
            .credit
            .iter()
            .any(|(a, _)| a.commitments == attestation.commitments)
        {
            return Err(Error::Attestation(
                "the wallet already holds this credit attestation",
            ));
        }
        self.credit.push((attestation, openings));
        Ok(())
    }

    /// The credit attestations with their openings, in the order received.
    pub fn credit(&self) -> &[(CreditAttestation, CreditOpenings)] {
        &self.credit
    }

    /// Stores a provider's succinct credit credential after checking its
    /// signature, that it is bound to this wallet's secret, and that the
    /// wallet does not hold it already.
    pub fn receive_succinct_credit(&mut self, credential: SuccinctCredential) -> Result<()> {
        credential.verify_signature()?;
        if credential.holder_commitment != self.wallet.secret().commitment() {
            return Err(Error::Attestation(
                "the credit credential is bound to another holder",
            ));
        }
        let json = credential.to_json();
        if self.succinct.iter().any(|c| c.to_json() == json) {
            return Err(Error::Attestation(
                "the wallet already holds this credit credential",
            ));
        }
        self.succinct.push(credential);
        Ok(())
    }

    /// The succinct credit credentials, in the order received.
    pub fn succinct_credit(&self) -> &[SuccinctCredential] {
        &self.succinct
    }
}

//! zkcred-core: privacy-preserving credentials with Groth16 presentation
//! proofs over BN254.
//!
//! Issuers sign W3C VC 2.0 credentials with EdDSA-Poseidon on Baby Jubjub and
//! keep a sparse Merkle tree of revoked serials; holders answer a verifier's
//! [`PresentationRequest`] with a [`Presentation`] that proves predicates
//! over their attributes, discloses only what was asked, and binds the
//! verifier's challenge and scope; verifiers check it natively.
//!
//! ```no_run
//! use zkcred_core::{date::Date, holder, issuer::Issuer, issuer::IssuerKey, keys, request::{Op, PresentationRequest}, schema::Schema, verifier};
//! # fn main() -> zkcred_core::Result<()> {
//! let schema = Schema::from_json(r#"{"schemaVersion": 1, "id": "kyc-basic", "version": 1,
//!     "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}]}"#)?;
//! let (pk, vk) = keys::setup_os()?;                          // development keys
//! let mut issuer = Issuer::in_memory(IssuerKey::generate_os())?;
//! let secret = holder::HolderSecret::generate_os();
//! let subject = serde_json::json!({"birth_date": "1990-05-17", "nationality": "DE"});
//! let today = Date::today();
//! let credential = issuer.issue(&schema, subject.as_object().unwrap().clone(), secret.commitment(),
//!                               today, Date::from_days(today.days() + 365)?)?;
//! let request = PresentationRequest::new(schema, "shop.example/age-gate")
//!     .accept_issuer(&issuer.key().public_key(), issuer.revocation_root()?)
//!     .require("birth_date", Op::AgeAtLeast, serde_json::json!(18));
//! let path = issuer.non_revocation_path(credential.serial())?;
//! let presentation = holder::prove(&request, &credential, &secret, &path, &pk)?;
//! let verified = verifier::verify(&request, &presentation, &vk)?;
//! println!("over 18; nullifier {}", verified.nullifier);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod atomic_file;
pub mod batch;
pub mod circom;
pub mod credential;
pub mod date;
pub mod document;
pub mod encoding;
mod errors;
pub mod files;
pub mod fixtures;
pub mod holder;
pub mod issuer;
pub mod keys;
pub mod openid4vp;
pub mod presentation;
pub mod prover;
pub mod request;
pub mod revocation;
pub mod schema;
pub mod scope;
pub mod snarkjs;
pub mod solidity;
pub mod verifier;
pub mod wallet;

pub use credential::Credential;
pub use errors::{Error, ErrorDetails, ErrorKind, Result, Unsatisfied};
pub use presentation::Presentation;
pub use request::PresentationRequest;
pub use zkcred_circuits::{smt::MerklePath, Fr};

//! KYC age check: an issuer signs a credential, the holder proves "over 18
//! and resident in the EU" to a shop, and the shop verifies, learning nothing
//! else. Then the issuer revokes the credential and the next proof is refused.
//!
//!   cargo run -p zkcred-examples --example kyc_age

use serde_json::json;
use zkcred_core::{
    date::Date,
    holder::{self, HolderSecret},
    issuer::{Issuer, IssuerKey},
    keys,
    request::{Op, PresentationRequest},
    schema::Schema,
    verifier, Error,
};

fn main() -> Result<(), Error> {
    let schema = Schema::from_json(
        r#"{"schemaVersion": 1, "id": "kyc-basic", "version": 1, "attributes": [
            {"name": "birth_date", "type": "date"}, {"name": "residence", "type": "country"},
            {"name": "full_name", "type": "string"}]}"#,
    )?;
    println!("generating development keys for the presentation circuit ...");
    let (pk, vk) = keys::setup_os()?;

    // The KYC provider.
    let mut issuer = Issuer::in_memory(IssuerKey::generate_os())?;
    // The holder's wallet makes a secret and hands its commitment to the issuer.
    let secret = HolderSecret::generate_os();
    let today = Date::today();
    let subject =
        json!({"birth_date": "1999-12-31", "residence": "NL", "full_name": "Jan de Vries"});
    let credential = issuer.issue(
        &schema,
        subject.as_object().expect("object").clone(),
        secret.commitment(),
        today,
        Date::from_days(today.days() + 365)?,
    )?;
    println!("issued credential {}", credential.id);

    // The shop asks; the wallet proves; the shop verifies.
    let request = PresentationRequest::new(schema, "shop.example/age-gate")
        .accept_issuer(&issuer.key().public_key(), issuer.revocation_root()?)
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .require(
            "residence",
            Op::In,
            json!(["AT", "BE", "DE", "FR", "NL", "LU"]),
        );
    let path = issuer.non_revocation_path(credential.serial())?;
    let presentation = holder::prove(&request, &credential, &secret, &path, &pk)?;
    let verified = verifier::verify(&request, &presentation, &vk)?;
    println!(
        "shop: accepted; disclosed {:?}; nullifier {}",
        verified.disclosed, verified.nullifier
    );

    // Revocation: the issuer revokes, the shop refreshes the root.
    issuer.revoke(credential.serial())?;
    let fresh = PresentationRequest::new(request.schema.clone(), "shop.example/age-gate")
        .accept_issuer(&issuer.key().public_key(), issuer.revocation_root()?)
        .require("birth_date", Op::AgeAtLeast, json!(18));
    match issuer.non_revocation_path(credential.serial()) {
        Err(e) => println!("after revocation the wallet gets no non-revocation path: {e}"),
        Ok(path) => {
            let refused = holder::prove(&fresh, &credential, &secret, &path, &pk);
            println!("after revocation: {refused:?}");
        }
    }
    Ok(())
}

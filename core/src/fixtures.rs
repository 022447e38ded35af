//! Fixtures shared by zkcred's demos and the tests of every front end, kept
//! in one place (`core/fixtures/`) so that they cannot drift apart.
//!
//! Front ends in other languages read the same files: the Python tests load
//! `core/fixtures/demo-kyc-schema.json` from the repository, and
//! `scripts/test-wasm.sh` copies it.

/// The demo KYC credential schema, `kyc-basic` version 1, with seven
/// attributes (`birth_date`, `nationality`, `residence`, `full_name`,
/// `document_type`, `kyc_level`, `pep`): the schema of `zkcred demo`, the
/// browser demo's server, and the core, contracts and Python tests. The text
/// of `core/fixtures/demo-kyc-schema.json`.
pub const DEMO_KYC_SCHEMA: &str = include_str!("../fixtures/demo-kyc-schema.json");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{AttributeType, Schema};

    #[test]
    fn demo_kyc_schema_parses_with_its_seven_attributes() {
        let schema = Schema::from_json(DEMO_KYC_SCHEMA).expect("the demo schema parses");
        assert_eq!(schema.label(), "kyc-basic@1");
        let names: Vec<&str> = schema.attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "birth_date",
                "nationality",
                "residence",
                "full_name",
                "document_type",
                "kyc_level",
                "pep"
            ]
        );
        assert_eq!(schema.attributes[0].kind, AttributeType::Date);
        assert_eq!(
            schema.attributes[4].kind,
            AttributeType::Enum {
                values: vec![
                    "passport".into(),
                    "id_card".into(),
                    "residence_permit".into()
                ]
            }
        );
    }
}

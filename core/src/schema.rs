//! Credential schemas: named, typed attributes mapped to the circuit's 16
//! slots, with a versioned id.
//!
//! # Attribute encodings (value -> field element)
//!
//! | type | JSON value | field element |
//! |---|---|---|
//! | `date` | `"YYYY-MM-DD"` | days since 1970-01-01 plus [`DATE_BIAS`] (so earlier dates stay positive) |
//! | `integer` | unsigned 64-bit number | the number |
//! | `boolean` | `true` / `false` | 1 / 0 |
//! | `enum` | one of the schema's `values` | its index |
//! | `country` | ISO 3166-1 alpha-2 code, e.g. `"DE"` | `256 * first letter + second letter` (ASCII), e.g. `DE` = 17477 |
//! | `string` | text, at most 465 bytes | [`crate::encoding::hash_string`] |
//!
//! All but `string` are 64-bit integers, so range predicates apply to them;
//! `string` attributes take only equality, set membership and disclosure.

use serde::{Deserialize, Serialize};
use zkcred_circuits::{presentation::NUM_ATTRIBUTES, Fr};

use crate::{date::Date, encoding, Error, Result};

/// Added to a date's day number so that dates before 1970 encode as positive
/// integers.
pub const DATE_BIAS: u64 = 1 << 32;

/// The schema format version this build reads.
pub const SCHEMA_VERSION: u64 = 1;

/// ISO 3166-1 alpha-2 codes (officially assigned).
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS \
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK \
FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM \
JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS \
MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM \
US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code.
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code)
}

/// The type of an attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum AttributeType {
    /// A calendar date.
    Date,
    /// An unsigned 64-bit integer.
    Integer,
    /// A boolean.
    Boolean,
    /// One of a fixed list of values, encoded as its index.
    Enum {
        /// The allowed values, in index order.
        values: Vec<String>,
    },
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// Free text, hashed into the field.
    String,
}

impl AttributeType {
    /// Whether values are 64-bit integers (so range predicates apply).
    pub fn is_integer(&self) -> bool {
        !matches!(self, AttributeType::String)
    }
}

/// A named attribute of a schema: `{"name": ..., "type": ...}`, plus
/// `"values"` for enums, and no other field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AttributeDefJson", into = "AttributeDefJson")]
pub struct AttributeDef {
    /// The attribute's name (`[A-Za-z0-9_]`, at most 64 bytes).
    pub name: String,
    /// Its type.
    pub kind: AttributeType,
}

/// The JSON form of [`AttributeDef`]. serde's `flatten` (of the tagged
/// [`AttributeType`]) cannot deny unknown fields, and a field a reader takes
/// for a constraint (`"values"` on an integer, a misspelt `"vaules"`) must not
/// be dropped silently: the schema id hashes the re-serialized schema.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AttributeDefJson {
    name: String,
    #[serde(rename = "type")]
    kind: TypeName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<String>>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum TypeName {
    Date,
    Integer,
    Boolean,
    Enum,
    Country,
    String,
}

impl TryFrom<AttributeDefJson> for AttributeDef {
    type Error = &'static str;

    fn try_from(a: AttributeDefJson) -> Result<AttributeDef, &'static str> {
        let kind = match (a.kind, a.values) {
            (TypeName::Enum, Some(values)) => AttributeType::Enum { values },
            (TypeName::Enum, None) => return Err("an enum attribute needs `values`"),
            (_, Some(_)) => return Err("only enum attributes take `values`"),
            (TypeName::Date, None) => AttributeType::Date,
            (TypeName::Integer, None) => AttributeType::Integer,
            (TypeName::Boolean, None) => AttributeType::Boolean,
            (TypeName::Country, None) => AttributeType::Country,
            (TypeName::String, None) => AttributeType::String,
        };
        Ok(AttributeDef { name: a.name, kind })
    }
}

impl From<AttributeDef> for AttributeDefJson {
    fn from(a: AttributeDef) -> AttributeDefJson {
        let (kind, values) = match a.kind {
            AttributeType::Date => (TypeName::Date, None),
            AttributeType::Integer => (TypeName::Integer, None),
            AttributeType::Boolean => (TypeName::Boolean, None),
            AttributeType::Enum { values } => (TypeName::Enum, Some(values)),
            AttributeType::Country => (TypeName::Country, None),
            AttributeType::String => (TypeName::String, None),
        };
        AttributeDefJson {
            name: a.name,
            kind,
            values,
        }
    }
}

/// A credential schema. Attribute `i` occupies circuit slot `i`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Schema format version ([`SCHEMA_VERSION`]).
    #[serde(rename = "schemaVersion")]
    pub schema_version: u64,
    /// The schema's name, e.g. `kyc-basic`.
    pub id: String,
    /// The schema's own version, bumped on every change of its attributes.
    pub version: u64,
    /// Attributes, at most 16.
    pub attributes: Vec<AttributeDef>,
}

impl Schema {
    /// Parses and validates a schema from JSON.
    pub fn from_json(json: &str) -> Result<Schema> {
        let s: Schema = serde_json::from_str(json)
            .map_err(|e| Schema::unknown_type(json).unwrap_or_else(|| e.into()))?;
        s.validate()?;
        Ok(s)
    }

    /// The attribute types a schema may use, as written in JSON.
    pub const TYPES: [&'static str; 6] =
        ["date", "integer", "boolean", "enum", "country", "string"];

    /// For a schema that does not parse: an attribute whose `type` is
    /// missing or unknown, named with the allowed types (serde's own
    /// message gives only a line and column).
    fn unknown_type(json: &str) -> Option<Error> {
        let value: serde_json::Value = serde_json::from_str(json).ok()?;
        let attributes = value.get("attributes")?.as_array()?;
        attributes.iter().enumerate().find_map(|(i, a)| {
            let name = a
                .get("name")
                .and_then(|n| n.as_str())
                .map_or_else(|| format!("attribute {i}"), |n| format!("attribute `{n}`"));
            let allowed = Schema::TYPES.join(", ");
            match a.get("type").map(|t| t.as_str()) {
                None => Some(Error::Schema(format!(
                    "{name} has no `type` (one of {allowed})"
                ))),
                Some(Some(t)) if Schema::TYPES.contains(&t) => None,
                Some(Some(t)) => Some(Error::Schema(format!(
                    "{name}: unknown type `{t}` (one of {allowed})"
                ))),
                Some(None) => Some(Error::Schema(format!(
                    "{name}: `type` must be a string (one of {allowed})"
                ))),
            }
        })
    }

    /// The schema as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("schemas serialize")
    }

    /// Checks the schema's shape.
    pub fn validate(&self) -> Result<()> {
        if self.schema_version != SCHEMA_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "schema",
                found: self.schema_version,
                supported: SCHEMA_VERSION,
            });
        }
        let name_ok = |n: &str| {
            !n.is_empty()
                && n.len() <= 64
                && n.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.')
        };
        if !name_ok(&self.id) {
            return Err(Error::Schema(
                "the id must be 1-64 characters of [A-Za-z0-9_.-]".into(),
            ));
        }
        if self.attributes.is_empty() || self.attributes.len() > NUM_ATTRIBUTES {
            return Err(Error::Schema(format!(
                "a schema has 1 to {NUM_ATTRIBUTES} attributes"
            )));
        }
        for (i, a) in self.attributes.iter().enumerate() {
            if !name_ok(&a.name) {
                return Err(Error::Schema(format!(
                    "attribute {i}: names are 1-64 characters of [A-Za-z0-9_.-]"
                )));
            }
            if self.attributes[..i].iter().any(|b| b.name == a.name) {
                return Err(Error::Schema(format!(
                    "attribute `{}` appears twice",
                    a.name
                )));
            }
            if let AttributeType::Enum { values } = &a.kind {
                if values.is_empty() || values.len() > 1 << 16 {
                    return Err(Error::Schema(format!(
                        "enum `{}` needs 1 to 65536 values",
                        a.name
                    )));
                }
                // A set, not a quadratic scan: 65536 values are allowed.
                let mut seen = std::collections::HashSet::with_capacity(values.len());
                if !values.iter().all(|v| seen.insert(v)) {
                    return Err(Error::Schema(format!("enum `{}` repeats a value", a.name)));
                }
            }
        }
        Ok(())
    }

    /// `name@version`, for display.
    pub fn label(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// The schema id as a field element: the hash of the schema's canonical
    /// JSON, so a credential and a request agree on every attribute's slot
    /// and type, not just on a name.
    pub fn field_id(&self) -> Fr {
        use ark_ff::PrimeField;
        let canonical = serde_json::to_string(self).expect("schemas serialize");
        let label =
            encoding::hash_string(&format!("zkcred/schema/{}", self.label())).expect("short label");
        let chunks: Vec<Fr> = canonical
            .as_bytes()
            .chunks(31)
            .map(Fr::from_le_bytes_mod_order)
            .collect();
        // Chain: acc = Poseidon(acc, up to 15 chunks), starting from the label and
        // ending with the byte length.
        let acc = chunks.chunks(15).fold(label, |acc, group| {
            let mut inputs = vec![acc];
            inputs.extend_from_slice(group);
            zkcred_circuits::poseidon::hash(&inputs).expect("at most 16 inputs")
        });
        zkcred_circuits::poseidon::hash2(acc, Fr::from(canonical.len() as u64))
    }

    /// The slot and definition of the attribute `name`.
    pub fn attribute(&self, name: &str) -> Result<(usize, &AttributeDef)> {
        self.attributes
            .iter()
            .enumerate()
            .find(|(_, a)| a.name == name)
            .ok_or_else(|| {
                let known: Vec<&str> = self.attributes.iter().map(|a| a.name.as_str()).collect();
                Error::Request(format!(
                    "the schema has no attribute `{name}` (it has: {})",
                    known.join(", ")
                ))
            })
    }

    /// Encodes a credential subject (attribute name -> JSON value) into the
    /// 16 slots; every schema attribute must be present and no other.
    pub fn encode_subject(
        &self,
        subject: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<[Fr; NUM_ATTRIBUTES]> {
        let mut slots = [Fr::from(0u64); NUM_ATTRIBUTES];
        for (i, a) in self.attributes.iter().enumerate() {
            let v = subject.get(&a.name).ok_or_else(|| Error::Attribute {
                name: a.name.clone(),
                reason: "missing",
            })?;
            slots[i] = encode_value(a, v)?;
        }
        if let Some(extra) = subject
            .keys()
            .find(|k| self.attributes.iter().all(|a| &a.name != *k))
        {
            return Err(Error::Attribute {
                name: extra.clone(),
                reason: "not in the schema",
            });
        }
        Ok(slots)
    }
}

/// Encodes one attribute value (see the module docs).
pub fn encode_value(a: &AttributeDef, v: &serde_json::Value) -> Result<Fr> {
    let bad = |reason| Error::Attribute {
        name: a.name.clone(),
        reason,
    };
    Ok(match &a.kind {
        AttributeType::Date => {
            let d = Date::parse(
                v.as_str()
                    .ok_or_else(|| bad("expected a date string YYYY-MM-DD"))?,
            )
            .map_err(|_| bad("expected a date string YYYY-MM-DD"))?;
            Fr::from(encode_date(d))
        }
        AttributeType::Integer => Fr::from(
            v.as_u64()
                .ok_or_else(|| bad("expected an unsigned 64-bit integer"))?,
        ),
        AttributeType::Boolean => Fr::from(u64::from(
            v.as_bool().ok_or_else(|| bad("expected true or false"))?,
        )),
        AttributeType::Enum { values } => {
            let s = v.as_str().ok_or_else(|| bad("expected a string"))?;
            Fr::from(
                values
                    .iter()
                    .position(|x| x == s)
                    .ok_or_else(|| bad("not one of the enum's values"))? as u64,
            )
        }
        AttributeType::Country => {
            let s = v
                .as_str()
                .ok_or_else(|| bad("expected an ISO 3166-1 alpha-2 code"))?;
            Fr::from(encode_country(s).ok_or_else(|| bad("expected an ISO 3166-1 alpha-2 code"))?)
        }
        AttributeType::String => {
            let s = v.as_str().ok_or_else(|| bad("expected a string"))?;
            encoding::hash_string(s).map_err(|_| bad("longer than 465 bytes"))?
        }
    })
}

/// The one spelling of an attribute value that presentations carry and
/// verifiers return: a date as `YYYY-MM-DD` (a credential's
/// `YYYY-MM-DDT00:00:00Z` becomes `YYYY-MM-DD`), every other type as is
/// once [`encode_value`] accepts it (integers are unsigned 64-bit JSON
/// integers, strings and codes exact). Refuses what [`encode_value`] refuses.
pub fn canonical_value(a: &AttributeDef, v: &serde_json::Value) -> Result<serde_json::Value> {
    encode_value(a, v)?;
    Ok(match (&a.kind, v) {
        (AttributeType::Date, serde_json::Value::String(s)) => serde_json::Value::String(
            Date::parse(s)
                .map_err(|_| Error::Attribute {
                    name: a.name.clone(),
                    reason: "expected a date string YYYY-MM-DD",
                })?
                .to_string(),
        ),
        _ => v.clone(),
    })
}

/// A date as an attribute integer: days since 1970 plus [`DATE_BIAS`].
pub fn encode_date(d: Date) -> u64 {
    (d.days() + DATE_BIAS as i64) as u64
}

/// A country code as an attribute integer (`256 * b0 + b1`).
pub fn encode_country(code: &str) -> Option<u64> {
    is_country_code(code).then(|| {
        let b = code.as_bytes();
        256 * u64::from(b[0]) + u64::from(b[1])
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    pub(crate) fn kyc() -> Schema {
        Schema::from_json(
            &json!({
                "schemaVersion": 1, "id": "kyc-basic", "version": 1,
                "attributes": [
                    {"name": "birth_date", "type": "date"},
                    {"name": "nationality", "type": "country"},
                    {"name": "name", "type": "string"},
                    {"name": "kyc_level", "type": "integer"},
                    {"name": "pep", "type": "boolean"},
                    {"name": "document", "type": "enum", "values": ["passport", "id_card"]}
                ]
            })
            .to_string(),
        )
        .unwrap()
    }

    #[test]
    fn encodes_every_type() {
        let s = kyc();
        let subject = json!({"birth_date": "1969-12-31", "nationality": "DE", "name": "Ada", "kyc_level": 3, "pep": false, "document": "id_card"});
        let slots = s.encode_subject(subject.as_object().unwrap()).unwrap();
        assert_eq!(slots[0], Fr::from(DATE_BIAS - 1));
        assert_eq!(slots[1], Fr::from(17477u64));
        assert_eq!(slots[2], encoding::hash_string("Ada").unwrap());
        assert_eq!(slots[3], Fr::from(3u64));
        assert_eq!(slots[4], Fr::from(0u64));
        assert_eq!(slots[5], Fr::from(1u64));
        assert!(slots[6..].iter().all(|x| *x == Fr::from(0u64)));
    }

    #[test]
    fn bad_subjects_name_the_attribute_but_not_the_value() {
        let s = kyc();
        let base = json!({"birth_date": "1990-01-01", "nationality": "DE", "name": "Ada", "kyc_level": 3, "pep": false, "document": "passport"});
        for (field, value) in [
            ("birth_date", json!("1990-02-30")),
            ("nationality", json!("XX")),
            ("kyc_level", json!(-1)),
            ("pep", json!("no")),
            ("document", json!("visa")),
            ("name", json!("é".repeat(300))),
        ] {
            let mut subject = base.clone();
            subject[field] = value.clone();
            let err = s.encode_subject(subject.as_object().unwrap()).unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains(field), "{msg}");
            assert!(
                !msg.contains(value.to_string().trim_matches('"')),
                "{msg} leaks the value"
            );
        }
        let mut subject = base.clone();
        subject.as_object_mut().unwrap().remove("pep");
        assert!(matches!(
            s.encode_subject(subject.as_object().unwrap()),
            Err(Error::Attribute {
                reason: "missing",
                ..
            })
        ));
        subject = base.clone();
        subject["extra"] = json!(1);
        assert!(matches!(
            s.encode_subject(subject.as_object().unwrap()),
            Err(Error::Attribute { .. })
        ));
    }

    #[test]
    fn malformed_schemas_are_refused() {
        for bad in [
            json!({"schemaVersion": 2, "id": "a", "version": 1, "attributes": [{"name": "x", "type": "integer"}]}),
            json!({"schemaVersion": 1, "id": "", "version": 1, "attributes": [{"name": "x", "type": "integer"}]}),
            json!({"schemaVersion": 1, "id": "a", "version": 1, "attributes": []}),
            json!({"schemaVersion": 1, "id": "a", "version": 1, "attributes": [{"name": "x", "type": "integer"}, {"name": "x", "type": "date"}]}),
            json!({"schemaVersion": 1, "id": "a", "version": 1, "attributes": [{"name": "x", "type": "float"}]}),
            json!({"schemaVersion": 1, "id": "a", "version": 1, "attributes": [{"name": "x", "type": "enum", "values": []}]}),
            json!({"schemaVersion": 1, "id": "a", "version": 1, "attributes": (0..17).map(|i| json!({"name": format!("a{i}"), "type": "integer"})).collect::<Vec<_>>()}),
            json!({"schemaVersion": 1, "id": "a", "version": 1, "attributes": [{"name": "x", "type": "integer"}], "extra": 1}),
        ] {
            assert!(Schema::from_json(&bad.to_string()).is_err(), "{bad}");
        }
        assert!(matches!(
            Schema::from_json("{\"schemaVersion\": 1,"),
            Err(Error::Json(_))
        ));
    }

    #[test]
    fn canonical_json_is_pinned() {
        // The schema id hashes this text: a change of serialization changes
        // every schema id, and with it every credential and request.
        assert_eq!(
            serde_json::to_string(&kyc()).unwrap(),
            r#"{"schemaVersion":1,"id":"kyc-basic","version":1,"attributes":[{"name":"birth_date","type":"date"},{"name":"nationality","type":"country"},{"name":"name","type":"string"},{"name":"kyc_level","type":"integer"},{"name":"pep","type":"boolean"},{"name":"document","type":"enum","values":["passport","id_card"]}]}"#
        );
    }

    #[test]
    fn field_id_depends_on_every_attribute() {
        let a = kyc();
        let mut b = a.clone();
        b.attributes.swap(0, 1);
        let mut c = a.clone();
        c.version = 2;
        assert_ne!(a.field_id(), b.field_id());
        assert_ne!(a.field_id(), c.field_id());
        assert_eq!(a.field_id(), kyc().field_id());
    }
}

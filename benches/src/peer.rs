//! The statements of the side-by-side benchmark against circom + snarkjs
//! (benches/peer/run.sh), with one set of values that satisfies both the
//! zkcred circuit and its circom twin in benches/peer/circuits/.
//!
//! - (a) [`AgeSignatureCircuit`]: the issuer's EdDSA-Poseidon signature over
//!   `Poseidon(attributes)` and `attributes[0] <= cutoff` (a birth date
//!   against the latest accepted one). Public: `cutoff, Ax, Ay`.
//! - (b) zkcred's whole presentation statement,
//!   [`PresentationCircuit`],
//!   on a realistic policy: age at least 18, nationality in the 27 EU member
//!   states, not revoked in a tree with revoked neighbours, nothing disclosed.

use ark_ff::PrimeField;
use ark_r1cs_std::{alloc::AllocVar, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use serde_json::{json, Value};
use zkcred_circuits::{
    babyjubjub::constraints::PointVar,
    comparators::{self, VALUE_BITS},
    eddsa::{
        constraints::{self as eddsa, SignatureVar},
        PublicKey, SecretKey, Signature,
    },
    poseidon::{self, constraints as poseidon_var},
    presentation::{
        self, circuit::PresentationCircuit, CredentialData, Policy, Predicate, PredicateKind,
        PredicateSlot, PublicInputs, Witness, NUM_ATTRIBUTES, NUM_PREDICATES,
    },
    smt::MemoryTree,
    Fr,
};

/// The benchmark's two statements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statement {
    /// (a) [`AgeSignatureCircuit`].
    AgeSignature,
    /// (b) [`PresentationCircuit`].
    Presentation,
}

/// Both statements, in the table's order.
pub const STATEMENTS: [Statement; 2] = [Statement::AgeSignature, Statement::Presentation];

impl Statement {
    /// The name the harness's files use (`NAME.input.json`, `NAME.zkey`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Statement::AgeSignature => "age_signature",
            Statement::Presentation => "presentation",
        }
    }

    /// The statement of that name.
    pub fn from_name(name: &str) -> Option<Statement> {
        STATEMENTS.into_iter().find(|s| s.name() == name)
    }
}

/// Statement (a) as a zkcred key statement: lets the benchmark prove it
/// with zkcred's own key type ([`zkcred_core::keys::ProvingKeyFor`]), whose
/// plain-key prover (the default, without `prepare`) keeps the circuit's
/// constraint matrices after its first proof, as a user's key does.
/// Statement (b) is [`zkcred_core::keys::PresentationStatement`] itself.
#[derive(Clone, Copy, Debug)]
pub enum AgeSignatureStatement {}

impl zkcred_core::keys::Statement for AgeSignatureStatement {
    const ID: &'static [u8; 16] = b"peer/age-sig/v1\0";
    const NAME: &'static str = "peer/age_signature/v1";
    const PUBLIC_INPUTS: usize = 3;
    type Circuit = AgeSignatureCircuit;
    fn blank() -> AgeSignatureCircuit {
        AgeSignatureCircuit::default()
    }
}

/// Statement (a): `EdDSA-Poseidon(A)` signs `Poseidon(attributes)` and
/// `attributes[0] <= cutoff`. Public inputs `[cutoff, A.x, A.y]`.
#[derive(Clone, Debug, Default)]
pub struct AgeSignatureCircuit {
    /// `(cutoff, issuer key)`; `None` for key generation.
    pub public: Option<(u64, PublicKey)>,
    /// `(attributes, signature)`; `None` for key generation.
    pub witness: Option<([Fr; NUM_ATTRIBUTES], Signature)>,
}

impl ConstraintSynthesizer<Fr> for AgeSignatureCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let missing = || SynthesisError::AssignmentMissing;
        let cutoff = FpVar::new_input(cs.clone(), || {
            self.public.map(|p| Fr::from(p.0)).ok_or_else(missing)
        })?;
        let key = PointVar::new_input(cs.clone(), || {
            self.public.map(|p| p.1 .0).ok_or_else(missing)
        })?;
        let attributes = (0..NUM_ATTRIBUTES)
            .map(|i| {
                FpVar::new_witness(cs.clone(), || {
                    self.witness.map(|w| w.0[i]).ok_or_else(missing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let signature = SignatureVar::new_witness(cs.clone(), || {
            self.witness.map(|w| w.1).ok_or_else(missing)
        })?;
        let message = poseidon_var::hash(&attributes)?;
        eddsa::verify(&key, &signature, &message)?;
        comparators::enforce_geq(&cutoff, &attributes[0], VALUE_BITS)
    }
}

/// Days since 1970-01-01 of the benchmark's "today" (2026-11-23).
pub const TODAY: u64 = 20_415;
/// The latest birth date of an 18-year-old on [`TODAY`] (2008-11-23).
pub const CUTOFF: u64 = 14_206;
/// The holder's birth date (1990-05-17).
pub const BIRTH_DATE: u64 = 7_441;

/// ISO 3166-1 numeric codes of the 27 EU member states.
pub const EU: [u64; 27] = [
    40, 56, 100, 191, 196, 203, 208, 233, 246, 250, 276, 300, 348, 372, 380, 428, 440, 442, 470,
    528, 616, 620, 642, 703, 705, 724, 752,
];

/// One credential, issuer and revocation tree, with the values of both
/// statements.
pub struct Fixture {
    /// The issuer's key.
    pub issuer: SecretKey,
    /// The credential's attributes: birth date, nationality (276, Germany),
    /// then other values.
    pub attributes: [Fr; NUM_ATTRIBUTES],
    /// Statement (b): its public inputs.
    pub public: PublicInputs,
    /// Statement (b): its witness.
    pub witness: Witness,
}

impl Fixture {
    /// The benchmark's fixed values.
    pub fn new() -> Fixture {
        let issuer = SecretKey::from_bytes([7; 32]);
        let secret = Fr::from(0x5eed_u64);
        let scope = zkcred_core::encoding::hash_string("shop.example/age-gate").expect("short");
        let mut attributes = [Fr::from(0u64); NUM_ATTRIBUTES];
        attributes[0] = Fr::from(BIRTH_DATE);
        attributes[1] = Fr::from(276u64);
        for (i, a) in attributes.iter_mut().enumerate().skip(2) {
            *a = Fr::from(1_000 + i as u64);
        }
        let serial = 1_000_003;
        let credential = CredentialData {
            schema_id: Fr::from(42u64),
            serial,
            issued: TODAY - 30,
            expiry: TODAY + 335,
            holder_commitment: presentation::holder_commitment(&secret),
            attributes,
        };
        let mut tree = MemoryTree::new();
        for revoked in [1_000_002, 1_000_004, 1_000_019, 7, 123_456_789] {
            tree.set(revoked, zkcred_circuits::smt::REVOKED_LEAF);
        }
        let mut predicates = [PredicateSlot::default(); NUM_PREDICATES];
        predicates[0] = PredicateSlot::encode(Some(&Predicate {
            attribute: 0,
            kind: PredicateKind::Range {
                lower: 0,
                upper: CUTOFF,
            },
            negate: false,
        }));
        predicates[1] = PredicateSlot::encode(Some(&Predicate {
            attribute: 1,
            kind: PredicateKind::Set { tables: 0b1111 },
            negate: false,
        }));
        let mut set_tables = [[Fr::from(EU[0]); 8]; 4];
        for (k, code) in EU.iter().enumerate() {
            set_tables[k / 8][k % 8] = Fr::from(*code);
        }
        let public = PublicInputs {
            nullifier: presentation::nullifier(&secret, &scope),
            scope,
            challenge: Fr::from(0x0123_4567_89ab_cdef_u64),
            now: TODAY,
            issuer_key_hash: presentation::issuer_key_hash(&issuer.public_key()),
            revocation_root: tree.root(),
            policy: Policy {
                schema_id: credential.schema_id,
                disclosure_mask: 0,
                predicates,
                set_tables,
            },
            disclosed: [Fr::from(0u64); NUM_ATTRIBUTES],
        };
        let witness = Witness {
            signature: issuer.sign(credential.hash()),
            issuer_key: issuer.public_key(),
            holder_secret: secret,
            revocation_path: tree.path(serial),
            credential,
        };
        Fixture {
            issuer,
            attributes,
            public,
            witness,
        }
    }

    /// Statement (a) with this fixture's values.
    pub fn age_signature(&self) -> AgeSignatureCircuit {
        let message = poseidon::hash(&self.attributes).expect("16 inputs");
        AgeSignatureCircuit {
            public: Some((CUTOFF, self.issuer.public_key())),
            witness: Some((self.attributes, self.issuer.sign(message))),
        }
    }

    /// Statement (b) with this fixture's values.
    pub fn presentation(&self) -> PresentationCircuit {
        PresentationCircuit::new(self.public.clone(), self.witness.clone())
    }

    /// The public inputs of `statement`, in the circuit's order.
    pub fn public_inputs(&self, statement: Statement) -> Vec<Fr> {
        match statement {
            Statement::AgeSignature => {
                let key = self.issuer.public_key().0;
                vec![Fr::from(CUTOFF), key.x, key.y]
            }
            Statement::Presentation => self.public.to_field_elements(),
        }
    }

    /// The circom input of statement (a) (benches/peer/circuits/age_signature.circom).
    pub fn age_signature_input(&self) -> Value {
        let circuit = self.age_signature();
        let (attributes, sig) = circuit.witness.expect("set");
        let key = self.issuer.public_key().0;
        json!({
            "cutoff": CUTOFF.to_string(),
            "Ax": dec(&key.x), "Ay": dec(&key.y),
            "attributes": attributes.iter().map(dec).collect::<Vec<_>>(),
            "S": dec(&sig.s), "R8x": dec(&sig.r8.x), "R8y": dec(&sig.r8.y),
        })
    }

    /// The circom input of statement (b) (benches/peer/circuits/presentation.circom).
    pub fn presentation_input(&self) -> Value {
        let (p, w) = (&self.public, &self.witness);
        let c = &w.credential;
        json!({
            "nullifier": dec(&p.nullifier),
            "scope": dec(&p.scope),
            "challenge": dec(&p.challenge),
            "now": p.now.to_string(),
            "issuerKeyHash": dec(&p.issuer_key_hash),
            "revocationRoot": dec(&p.revocation_root),
            "schemaId": dec(&p.policy.schema_id),
            "mask": p.policy.disclosure_mask.to_string(),
            "disclosed": p.disclosed.iter().map(dec).collect::<Vec<_>>(),
            "slots": p.policy.predicates.iter()
                .map(|s| vec![s.header.to_string(), s.lower.to_string(), s.upper.to_string()])
                .collect::<Vec<_>>(),
            "tables": p.policy.set_tables.iter()
                .map(|t| t.iter().map(dec).collect::<Vec<_>>())
                .collect::<Vec<_>>(),
            "attributes": c.attributes.iter().map(dec).collect::<Vec<_>>(),
            "serial": c.serial.to_string(),
            "issued": c.issued.to_string(),
            "expiry": c.expiry.to_string(),
            "secret": dec(&w.holder_secret),
            "Ax": dec(&w.issuer_key.0.x), "Ay": dec(&w.issuer_key.0.y),
            "S": dec(&w.signature.s), "R8x": dec(&w.signature.r8.x), "R8y": dec(&w.signature.r8.y),
            "siblings": w.revocation_path.siblings.iter()
                .map(|s| s.iter().map(dec).collect::<Vec<_>>())
                .collect::<Vec<_>>(),
        })
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture::new()
    }
}

/// A field element as the decimal string circom and snarkjs read.
pub fn dec<F: PrimeField>(x: &F) -> String {
    x.into_bigint().to_string()
}

#[cfg(test)]
mod tests {
    use ark_relations::gr1cs::ConstraintSystem;

    use super::*;

    fn satisfied(c: impl ConstraintSynthesizer<Fr>) -> (bool, usize) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        c.generate_constraints(cs.clone()).unwrap();
        (cs.is_satisfied().unwrap(), cs.num_constraints())
    }

    #[test]
    fn fixture_satisfies_both_statements() {
        let f = Fixture::new();
        presentation::check(&f.public, &f.witness).unwrap();
        let (ok, n) = satisfied(f.age_signature());
        assert!(ok);
        assert_eq!(n, 4_870);
    }

    #[test]
    fn age_signature_rejects_a_late_birth_date_and_another_key() {
        let f = Fixture::new();
        let mut late = f.age_signature();
        late.public = Some((BIRTH_DATE - 1, f.issuer.public_key()));
        assert!(!satisfied(late).0);
        let mut other = f.age_signature();
        other.public = Some((CUTOFF, SecretKey::from_bytes([8; 32]).public_key()));
        assert!(!satisfied(other).0);
    }
}

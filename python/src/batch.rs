//! Batch verification for Python's `verify_batch`: zkcred-core's engine
//! ([`zkcred_core::batch`]) and zkcred-credit's kind of transparent credit
//! proofs ([`zkcred_credit::batch`]), re-exported. The Python function
//! collects its inputs under the GIL, releases it, and runs [`verify_all`]; a
//! refusal's [`zkcred_core::ErrorKind`] becomes the Python exception class
//! name with [`crate::errors::class_name`] (`InternalError` for a panic).

pub use zkcred_core::batch::{
    parse_presentation, verify_all, Accepted, IdentityKind, Outcome, ProofKind, RawProof, Rejected,
};
pub use zkcred_credit::batch::{parse_credit_proof, CreditKind, CREDIT_DISCLOSED};

//! zkcred-circuits: native primitives and their R1CS twins over the BN254
//! scalar field, and the statements zkcred proves with Groth16.
//!
//! Every primitive comes as a pair: native code in `foo.rs` and its gadget in
//! `foo/constraints.rs`; tests check that both compute the same values.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod babyjubjub;
pub mod blake512;
pub mod comparators;
pub mod eddsa;
mod errors;
pub mod poseidon;
pub mod presentation;
pub mod scorecard;
pub mod smt;
pub mod statement;

pub use errors::CircuitError;

/// The BN254 scalar field: the field every zkcred circuit is written over
/// (and the base field of Baby Jubjub).
pub type Fr = ark_bn254::Fr;

//! Build sharing for the zkcred workspace: see this crate's `Cargo.toml`.
//! It has no code; its dependencies fix one feature set per shared crate.
#![no_std]
#![forbid(unsafe_code)]

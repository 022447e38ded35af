//! placeholder

pub mod revocation;

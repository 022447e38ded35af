//! Benches live in benches/*.rs; the side-by-side comparison with circom and
//! snarkjs in [`peer`] and benches/peer/.
#![forbid(unsafe_code)]

pub mod peer;

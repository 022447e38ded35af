//! Export of verifying keys, proofs and public inputs in snarkjs's JSON
//! layout (`verification_key.json`, `proof.json`, `public.json`), so
//! `snarkjs groth16 verify` and tools built on it accept zkcred proofs.
//!
//! Coordinates are decimal strings; G1 points are `[x, y, "1"]`, G2 points
//! `[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]` (snarkjs's order, not the
//! EVM's).

use ark_bn254::{G1Affine, G2Affine};
use serde_json::{json, Value};
use zkcred_circuits::Fr;

use crate::{
    keys::{Statement, VerifyingKeyFor},
    presentation::Proof,
};

fn g1(p: &G1Affine) -> Value {
    json!([p.x.to_string(), p.y.to_string(), "1"])
}

fn g2(p: &G2Affine) -> Value {
    json!([
        [p.x.c0.to_string(), p.x.c1.to_string()],
        [p.y.c0.to_string(), p.y.c1.to_string()],
        ["1", "0"]
    ])
}

/// `verification_key.json`.
pub fn verification_key_json<S: Statement>(vk: &VerifyingKeyFor<S>) -> Value {
    let vk = vk.as_ark();
    json!({
        "protocol": "groth16",
        "curve": "bn128",
        "nPublic": vk.gamma_abc_g1.len() - 1,
        "vk_alpha_1": g1(&vk.alpha_g1),
        "vk_beta_2": g2(&vk.beta_g2),
        "vk_gamma_2": g2(&vk.gamma_g2),
        "vk_delta_2": g2(&vk.delta_g2),
        "IC": vk.gamma_abc_g1.iter().map(g1).collect::<Vec<_>>(),
    })
}

/// `proof.json`.
pub fn proof_json(proof: &Proof) -> Value {
    let p = proof.as_ark();
    json!({ "pi_a": g1(&p.a), "pi_b": g2(&p.b), "pi_c": g1(&p.c), "protocol": "groth16", "curve": "bn128" })
}

/// `public.json`: the public inputs as decimal strings.
pub fn public_json(inputs: &[Fr]) -> Value {
    Value::Array(
        inputs
            .iter()
            .map(|x| Value::String(x.to_string()))
            .collect(),
    )
}

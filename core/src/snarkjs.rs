//! Export of verifying keys, proofs and public inputs in snarkjs's JSON
//! layout (`verification_key.json`, `proof.json`, `public.json`), so
//! `snarkjs groth16 verify` and tools built on it accept zkcred proofs.
//!
//! Coordinates are decimal strings; G1 points are `[x, y, "1"]`, G2 points
//! `[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]` (snarkjs's order, not the
//! EVM's); the point at infinity is snarkjs's projective `[0, 1, 0]`.

use ark_bn254::{G1Affine, G2Affine};
use ark_ec::AffineRepr;
use serde_json::{json, Value};
use zkcred_circuits::Fr;

use crate::{
    keys::{Statement, VerifyingKeyFor},
    presentation::Proof,
};

fn g1(p: &G1Affine) -> Value {
    if p.is_zero() {
        // snarkjs's (projective) point at infinity.
        return json!(["0", "1", "0"]);
    }
    json!([p.x.to_string(), p.y.to_string(), "1"])
}

fn g2(p: &G2Affine) -> Value {
    if p.is_zero() {
        return json!([["0", "0"], ["1", "0"], ["0", "0"]]);
    }
    json!([
        [p.x.c0.to_string(), p.x.c1.to_string()],
        [p.y.c0.to_string(), p.y.c1.to_string()],
        ["1", "0"]
    ])
}

/// `verification_key.json`.
pub fn verification_key_json<S: Statement>(vk: &VerifyingKeyFor<S>) -> Value {
    groth16_verification_key_json(vk.as_ark())
}

/// `verification_key.json` of any BN254 Groth16 verifying key (a zkey's,
/// for instance: [`crate::circom::Zkey::verifying_key`]).
pub fn groth16_verification_key_json(vk: &ark_groth16::VerifyingKey<ark_bn254::Bn254>) -> Value {
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

/// `verification_key.json` as `snarkjs zkey export verificationkey` writes
/// it: [`groth16_verification_key_json`] plus `vk_alphabeta_12`, the
/// pairing e(alpha, beta) as `[[[c0, c1] x 3] x 2]` (Fq12 over Fq6 over Fq2,
/// the same tower in arkworks and ffjavascript).
pub fn groth16_verification_key_json_full(
    vk: &ark_groth16::VerifyingKey<ark_bn254::Bn254>,
) -> Value {
    use ark_ec::pairing::Pairing;
    let gt = ark_bn254::Bn254::pairing(vk.alpha_g1, vk.beta_g2).0;
    let fq6 = |x: &ark_bn254::Fq6| {
        json!([
            [x.c0.c0.to_string(), x.c0.c1.to_string()],
            [x.c1.c0.to_string(), x.c1.c1.to_string()],
            [x.c2.c0.to_string(), x.c2.c1.to_string()]
        ])
    };
    let mut out = groth16_verification_key_json(vk);
    out["vk_alphabeta_12"] = json!([fq6(&gt.c0), fq6(&gt.c1)]);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_point_at_infinity_is_written_as_snarkjs_writes_it() {
        assert_eq!(g1(&G1Affine::zero()), json!(["0", "1", "0"]));
        assert_eq!(
            g2(&G2Affine::zero()),
            json!([["0", "0"], ["1", "0"], ["0", "0"]])
        );
        assert_eq!(g1(&G1Affine::generator()), json!(["1", "2", "1"]));
    }
}

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
    Error, Result,
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

/// The longest decimal coordinate or input read (a field element has at
/// most 77 digits).
const MAX_DIGITS: usize = 78;

/// A canonical decimal field element (`what` names the error): digits only,
/// no leading zero, below the modulus (it prints back as read).
fn decimal<F: std::str::FromStr + std::fmt::Display>(v: &Value, what: &'static str) -> Result<F> {
    let s = v.as_str().ok_or(Error::Encoding(what))?;
    if s.is_empty() || s.len() > MAX_DIGITS || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Encoding(what));
    }
    let x: F = s.parse().map_err(|_| Error::Encoding(what))?;
    if x.to_string() != s {
        return Err(Error::NonCanonical(what));
    }
    Ok(x)
}

fn array<'a>(v: &'a Value, len: usize, what: &'static str) -> Result<&'a [Value]> {
    match v.as_array() {
        Some(a) if a.len() == len => Ok(a),
        _ => Err(Error::Encoding(what)),
    }
}

fn read_g1(v: &Value, what: &'static str) -> Result<G1Affine> {
    let a = array(v, 3, what)?;
    let [x, y, z]: [ark_bn254::Fq; 3] = [
        decimal(&a[0], what)?,
        decimal(&a[1], what)?,
        decimal(&a[2], what)?,
    ];
    use ark_ff::{One, Zero};
    if z.is_zero() && x.is_zero() && y.is_one() {
        return Ok(G1Affine::zero());
    }
    let p = G1Affine::new_unchecked(x, y);
    if !z.is_one() || !p.is_on_curve() {
        return Err(Error::Encoding(what));
    }
    Ok(p)
}

fn read_g2(v: &Value, what: &'static str) -> Result<G2Affine> {
    let a = array(v, 3, what)?;
    let fq2 = |v: &Value| -> Result<ark_bn254::Fq2> {
        let c = array(v, 2, what)?;
        Ok(ark_bn254::Fq2::new(
            decimal(&c[0], what)?,
            decimal(&c[1], what)?,
        ))
    };
    let [x, y, z] = [fq2(&a[0])?, fq2(&a[1])?, fq2(&a[2])?];
    use ark_ff::{One, Zero};
    if z.is_zero() && x.is_zero() && y.is_one() {
        return Ok(G2Affine::zero());
    }
    let p = G2Affine::new_unchecked(x, y);
    if !z.is_one() || !p.is_on_curve() || !crate::keys::g2_subgroup::is_in_g2_assuming_on_curve(&p)
    {
        return Err(Error::Encoding(what));
    }
    Ok(p)
}

/// Reads snarkjs's `proof.json` (Groth16 on bn128): every coordinate a
/// canonical decimal, every point on the curve and in its subgroup (G1 has
/// cofactor 1), the `[x, y, "1"]` / `[0, 1, 0]` forms [`proof_json`] writes.
pub fn proof_from_json(v: &Value) -> Result<Proof> {
    const WHAT: &str = "snarkjs proof.json";
    if v.get("protocol").and_then(Value::as_str) != Some("groth16")
        || v.get("curve")
            .and_then(Value::as_str)
            .is_some_and(|c| c != "bn128")
    {
        return Err(Error::Encoding(WHAT));
    }
    let field = |k: &str| v.get(k).ok_or(Error::Encoding(WHAT));
    Ok(Proof(ark_groth16::Proof {
        a: read_g1(field("pi_a")?, WHAT)?,
        b: read_g2(field("pi_b")?, WHAT)?,
        c: read_g1(field("pi_c")?, WHAT)?,
    }))
}

/// Reads snarkjs's `public.json`: at most `max` canonical decimal field
/// elements.
pub fn public_from_json(v: &Value, max: usize) -> Result<Vec<Fr>> {
    const WHAT: &str = "snarkjs public.json";
    let a = v.as_array().ok_or(Error::Encoding(WHAT))?;
    if a.len() > max {
        return Err(Error::Encoding(WHAT));
    }
    a.iter().map(|x| decimal(x, WHAT)).collect()
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

    #[test]
    fn proofs_and_public_inputs_read_back_and_bad_ones_are_refused() {
        use ark_ec::CurveGroup;
        let proof = Proof(ark_groth16::Proof {
            a: (G1Affine::generator() * Fr::from(3u64)).into_affine(),
            b: (G2Affine::generator() * Fr::from(5u64)).into_affine(),
            c: G1Affine::zero(),
        });
        let v = proof_json(&proof);
        assert_eq!(proof_from_json(&v).unwrap(), proof);
        let inputs = [Fr::from(7u64), -Fr::from(1u64)];
        assert_eq!(
            public_from_json(&public_json(&inputs), 2).unwrap(),
            inputs.to_vec()
        );
        assert_eq!(
            public_from_json(&public_json(&inputs), 1)
                .unwrap_err()
                .kind(),
            crate::ErrorKind::Encoding
        );
        let modulus = <Fr as ark_ff::PrimeField>::MODULUS.to_string();
        for bad in ["01", "", "-1", "1.0", &modulus] {
            assert!(public_from_json(&json!([bad]), 2).is_err(), "{bad}");
        }
        let mut bad = v.clone();
        bad["pi_a"][1] = json!("3"); // off the curve
        assert!(proof_from_json(&bad).is_err());
        let mut bad = v.clone();
        bad["pi_a"][2] = json!("2");
        assert!(proof_from_json(&bad).is_err());
        let mut bad = v.clone();
        bad["pi_b"][0][0] = json!("0x1");
        assert!(proof_from_json(&bad).is_err());
        let mut bad = v.clone();
        bad["protocol"] = json!("plonk");
        assert!(proof_from_json(&bad).is_err());
        let mut bad = v;
        bad["pi_c"] = json!(["1", "2"]);
        assert!(proof_from_json(&bad).is_err());
    }
}

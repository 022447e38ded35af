//! The R1CS twin of [`crate::eddsa`]: circomlib's `EdDSAPoseidonVerifier`
//! statement `S·B8 == R8 + (8·h)·A` with `h = Poseidon(R8.x, R8.y, A.x, A.y, msg)`.
//!
//! [`verify`] costs 4194 constraints:
//!
//! | step | constraints |
//! |---|---|
//! | `R8` on the curve | 3 |
//! | `h = Poseidon(R8.x, R8.y, A.x, A.y, msg)` | 321 |
//! | `h` into 254 canonical bits (`< p`) | 254 + 1 + 53 |
//! | `S` into 251 bits | 251 + 1 |
//! | `S·B8`, fixed base, 3-bit windows | 748 |
//! | `8·A`, three doublings | 15 |
//! | `h·(8·A)`, variable base, signed 2-bit windows | 2541 |
//! | `R8 + h·(8·A) == S·B8` | 6 |
//!
//! What the circuit checks, and what it leaves to the verifier:
//!
//! * **`A` is not checked** (neither on the curve nor in the subgroup). The
//!   statement that uses this gadget must bind `A`, e.g. by a public hash of
//!   the issuer key that the verifier computes itself from a key that passed
//!   [`crate::eddsa::PublicKey::from_bytes`] (canonical, in the prime-order
//!   subgroup, not the identity). For such an `A` every formula below is the
//!   group law.
//! * **`R8` is on the curve** (3 constraints). It need not be checked for
//!   the subgroup: the other two terms of the equation lie in it, so `R8`
//!   does too whenever the equation holds.
//! * **`h` is decomposed canonically**: its 254 bits are enforced to encode
//!   an integer `< p`, because `(8·h)·A` depends on the integer `h`, not on
//!   `h mod p` (`h + p < 2^254` for about a third of all `h`).
//! * **`S` is decomposed into 251 bits**, which proves `0 ≤ S < 2^251` as an
//!   integer, but not `S < l` (native verification and
//!   [`crate::eddsa::Signature::from_bytes`] check that). Since
//!   `l < 2^251 < 2·l`, the circuit accepts exactly the two integers `S` and
//!   `S + l` for a valid signature whose `S < 2^251 - l` (about 32% of
//!   signatures), and only `S` otherwise: `S·B8` depends on `S mod l` only,
//!   so no other value passes. The witness is thus malleable in at most one
//!   extra value; this is harmless as long as nothing else in the statement
//!   is derived from `S` (zkcred derives nothing from it). A statement that
//!   needs a unique `S` must add a comparison with `l - 1`.

use std::borrow::Borrow;

use ark_ff::{BigInt, BigInteger, Field, PrimeField, Zero};
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    convert::ToBitsGadget,
    eq::EqGadget,
    fields::{fp::FpVar, FieldVar},
    GR1CSVar,
};
use ark_relations::{
    gr1cs::{Namespace, SynthesisError},
    ns,
};

use super::Signature;
use crate::babyjubjub::constraints::PointVar;
use crate::babyjubjub::{Point, SUBGROUP_ORDER_BITS};
use crate::{poseidon, Fr};

/// A signature `(R8, S)` in the circuit; `S` (an integer `< l < p`) as one
/// field element.
#[derive(Clone, Debug)]
pub struct SignatureVar {
    /// The commitment `R8`.
    pub r8: PointVar,
    /// The response `S`.
    pub s: FpVar<Fr>,
}

impl AllocVar<Signature, Fr> for SignatureVar {
    /// Allocates `R8` and `S` in `mode`. Checks nothing; [`verify`] checks
    /// what the statement needs.
    fn new_variable<T: Borrow<Signature>>(
        cs: impl Into<Namespace<Fr>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let cs = cs.into().cs();
        let value = f().map(|s| *s.borrow());
        let r8 = PointVar::new_variable(ns!(cs, "r8"), || value.map(|s| s.r8), mode)?;
        let s = FpVar::new_variable(
            ns!(cs, "s"),
            || value.map(|s| Fr::from_le_bytes_mod_order(&s.s.into_bigint().to_bytes_le())),
            mode,
        )?;
        Ok(SignatureVar { r8, s })
    }
}

/// Enforces `S·B8 == R8 + (8·h)·A` with `h = Poseidon(R8.x, R8.y, A.x, A.y, msg)`
/// (circomlib `EdDSAPoseidonVerifier` with `enabled = 1`), in 4194
/// constraints. See the module documentation for what is and is not checked;
/// in particular `pk` must be bound to a validated key by the caller.
pub fn verify(pk: &PointVar, sig: &SignatureVar, msg: &FpVar<Fr>) -> Result<(), SynthesisError> {
    let cs = pk.cs().or(sig.r8.cs()).or(sig.s.cs()).or(msg.cs());

    let step = ns!(cs, "r8 on curve");
    sig.r8.enforce_on_curve()?;
    step.leave_namespace();

    let step = ns!(cs, "challenge");
    let h = poseidon::constraints::hash(&[
        sig.r8.x.clone(),
        sig.r8.y.clone(),
        pk.x.clone(),
        pk.y.clone(),
        msg.clone(),
    ])?;
    let h_bits = to_bits_le_canonical(&h)?;
    step.leave_namespace();

    let step = ns!(cs, "s times base8");
    let (s_bits, _) = sig.s.to_bits_le_with_top_bits_zero(SUBGROUP_ORDER_BITS)?;
    let left = PointVar::scalar_mul_fixed_base(&Point::base8(), &s_bits)?;
    step.leave_namespace();

    let step = ns!(cs, "8 h times A");
    let a8 = pk.double()?.double()?.double()?;
    let right = a8.scalar_mul(&h_bits)?;
    step.leave_namespace();

    let step = ns!(cs, "equation");
    sig.r8.enforce_add_equals(&right, &left)?;
    step.leave_namespace();
    Ok(())
}

/// The 254 little-endian bits of `x`, enforced to encode the canonical
/// integer (`< p`): 254 booleanity constraints, 1 for the sum, and 53 for
/// the bound (see [`enforce_le_constant`]), against about 660 for arkworks's
/// `to_bits_le`.
pub fn to_bits_le_canonical(x: &FpVar<Fr>) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    let bits = x.to_non_unique_bits_le()?;
    let mut p_minus_1 = Fr::MODULUS;
    p_minus_1.sub_with_borrow(&BigInt::from(1u64));
    enforce_le_constant(&bits, &p_minus_1)?;
    Ok(bits)
}

/// Enforces `Σ bits[i]·2^i ≤ bound` for Boolean `bits` (at most 254 of them),
/// with one constraint per run of zeros in the binary expansion of `bound`
/// (over the positions below `bits.len()`).
///
/// Reading from the most significant bit, `bits > bound` exactly when some
/// position holds 1 in `bits` and 0 in `bound` while all higher positions
/// agree. For each maximal run `Z` of zero positions of `bound`, let
/// `e = Σ (1 - bits[i])` over the one positions of `bound` above `Z` and
/// `z = Σ bits[i]` over `Z`; both are small sums of Booleans, so they do not
/// wrap modulo `p`, and `e = 0` says "all one positions above agree". The
/// constraint `e·w = z` (with the witness `w = z/e`, or 0) enforces
/// `e = 0 ⇒ z = 0`. If `bits ≤ bound` it is satisfiable: when `e = 0`, the
/// first difference (a 0 against a 1) is below `Z`, so `Z` agrees and `z = 0`.
/// If `bits > bound`, it fails for the run holding the first difference
/// (every zero run above it must have `z = 0` as well, or it fails there).
pub fn enforce_le_constant(bits: &[Boolean<Fr>], bound: &BigInt<4>) -> Result<(), SynthesisError> {
    assert!(
        bits.len() < Fr::MODULUS_BIT_SIZE as usize + 1,
        "at most 254 bits"
    );
    let mut e = FpVar::<Fr>::zero();
    let mut z: Option<FpVar<Fr>> = None;
    for (i, bit) in bits.iter().enumerate().rev() {
        let a = FpVar::from(bit.clone());
        if bound.get_bit(i) {
            if let Some(z) = z.take() {
                enforce_implies_zero(&e, &z)?;
            }
            e += FpVar::one() - a;
        } else {
            z = Some(match z {
                None => a,
                Some(z) => z + a,
            });
        }
    }
    if let Some(z) = z {
        enforce_implies_zero(&e, &z)?;
    }
    Ok(())
}

/// Enforces `e = 0 ⇒ z = 0` by `e·w = z`: one constraint (none if both are
/// constants).
fn enforce_implies_zero(e: &FpVar<Fr>, z: &FpVar<Fr>) -> Result<(), SynthesisError> {
    if let FpVar::Constant(ec) = e {
        return if ec.is_zero() {
            z.enforce_equal(&FpVar::zero())
        } else {
            Ok(())
        };
    }
    let w = FpVar::new_witness(e.cs(), || {
        let ev = e.value()?;
        Ok(match ev.inverse() {
            Some(inv) => z.value()? * inv,
            None => Fr::zero(),
        })
    })?;
    e.mul_equals(&w, z)
}

#[cfg(test)]
mod tests {
    use ark_ff::One;
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisMode};
    use ark_std::UniformRand;
    use rand::SeedableRng;

    use super::*;
    use crate::babyjubjub::Scalar;
    use crate::eddsa::{PublicKey, SecretKey};

    const VERIFY_CONSTRAINTS: usize = 4194;

    fn rng() -> rand_chacha::ChaCha20Rng {
        rand_chacha::ChaCha20Rng::seed_from_u64(0xc1c)
    }

    /// Builds the verification with `pk` as public input, the rest as
    /// witnesses; returns whether it is satisfied.
    fn run(pk: Point, sig: &SignatureVarValue, msg: Fr) -> (ConstraintSystemRef<Fr>, bool) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let pk = PointVar::new_input(cs.clone(), || Ok(pk)).unwrap();
        let r8 = PointVar::new_witness(cs.clone(), || Ok(sig.r8)).unwrap();
        let s = FpVar::new_witness(cs.clone(), || Ok(sig.s)).unwrap();
        let msg = FpVar::new_witness(cs.clone(), || Ok(msg)).unwrap();
        verify(&pk, &SignatureVar { r8, s }, &msg).unwrap();
        let ok = cs.is_satisfied().unwrap();
        (cs, ok)
    }

    /// A signature whose `S` may be any field element (to try values ≥ l).
    struct SignatureVarValue {
        r8: Point,
        s: Fr,
    }

    fn value_of(sig: &Signature) -> SignatureVarValue {
        SignatureVarValue {
            r8: sig.r8,
            s: Fr::from_le_bytes_mod_order(&sig.s.into_bigint().to_bytes_le()),
        }
    }

    fn l_in_fr() -> Fr {
        Fr::from_le_bytes_mod_order(&Scalar::MODULUS.to_bytes_le())
    }

    #[test]
    fn valid_signatures_satisfy_the_circuit_in_the_pinned_count() {
        let mut rng = rng();
        for _ in 0..3 {
            let sk = SecretKey::generate(&mut rng);
            let msg = Fr::rand(&mut rng);
            let sig = sk.sign(msg);
            let (cs, ok) = run(sk.public_key().0, &value_of(&sig), msg);
            assert!(ok, "{:?}", cs.which_is_unsatisfied());
            assert_eq!(cs.num_constraints(), VERIFY_CONSTRAINTS);
        }
    }

    #[test]
    fn alloc_var_and_setup_mode_give_the_same_shape() {
        let sk = SecretKey::from_bytes([3u8; 32]);
        let msg = Fr::from(9u64);
        let sig = sk.sign(msg);
        let cs = ConstraintSystem::<Fr>::new_ref();
        let pk = PointVar::new_input(cs.clone(), || Ok(sk.public_key().0)).unwrap();
        let sv = SignatureVar::new_witness(cs.clone(), || Ok(sig)).unwrap();
        let mv = FpVar::new_witness(cs.clone(), || Ok(msg)).unwrap();
        verify(&pk, &sv, &mv).unwrap();
        assert!(cs.is_satisfied().unwrap());
        assert_eq!(cs.num_constraints(), VERIFY_CONSTRAINTS);

        let setup = ConstraintSystem::<Fr>::new_ref();
        setup.set_mode(SynthesisMode::Setup);
        let pk = PointVar::new_input(setup.clone(), || -> Result<Point, _> {
            Err(SynthesisError::AssignmentMissing)
        })
        .unwrap();
        let sv = SignatureVar::new_witness(setup.clone(), || -> Result<Signature, _> {
            Err(SynthesisError::AssignmentMissing)
        })
        .unwrap();
        let mv = FpVar::new_witness(setup.clone(), || -> Result<Fr, _> {
            Err(SynthesisError::AssignmentMissing)
        })
        .unwrap();
        verify(&pk, &sv, &mv).unwrap();
        assert_eq!(setup.num_constraints(), VERIFY_CONSTRAINTS);
        assert_eq!(setup.num_witness_variables(), cs.num_witness_variables());
    }

    #[test]
    fn tampered_inputs_leave_the_circuit_unsatisfied() {
        let mut rng = rng();
        let sk = SecretKey::generate(&mut rng);
        let pk = sk.public_key().0;
        let other = SecretKey::generate(&mut rng).public_key().0;
        let msg = Fr::rand(&mut rng);
        let sig = sk.sign(msg);
        let good = value_of(&sig);

        // Wrong message.
        assert!(!run(pk, &good, msg + Fr::one()).1);
        // Wrong key.
        assert!(!run(other, &good, msg).1);
        // Tampered S.
        let s1 = SignatureVarValue {
            r8: sig.r8,
            s: good.s + Fr::one(),
        };
        assert!(!run(pk, &s1, msg).1);
        // Tampered R8, still on the curve.
        let r_on = SignatureVarValue {
            r8: sig.r8.add(&Point::base8()),
            s: good.s,
        };
        assert!(r_on.r8.is_on_curve());
        assert!(!run(pk, &r_on, msg).1);
        // Tampered R8, off the curve.
        let mut off = sig.r8;
        off.x += Fr::one();
        let r_off = SignatureVarValue { r8: off, s: good.s };
        assert!(!run(pk, &r_off, msg).1);
        // R8 with a low-order component (on the curve, outside the subgroup).
        let two = Point {
            x: Fr::zero(),
            y: -Fr::one(),
        };
        let r_mixed = SignatureVarValue {
            r8: sig.r8.add(&two),
            s: good.s,
        };
        assert!(!run(pk, &r_mixed, msg).1);
        // The native verifier agrees on every case.
        assert!(PublicKey(pk).verify(msg + Fr::one(), &sig).is_err());
        assert!(PublicKey(other).verify(msg, &sig).is_err());
    }

    #[test]
    fn s_plus_l_is_accepted_exactly_when_it_fits_in_251_bits() {
        // The documented partial malleability: S and S + l both satisfy the
        // circuit iff S + l < 2^251; S + 2l never fits.
        let mut rng = rng();
        let two_251 = Fr::from(2u64).pow([251u64]);
        let (mut fits, mut overflows) = (0, 0);
        while fits == 0 || overflows == 0 {
            let sk = SecretKey::generate(&mut rng);
            let msg = Fr::rand(&mut rng);
            let sig = sk.sign(msg);
            let pk = sk.public_key().0;
            let s = value_of(&sig).s;
            let s_plus_l = s + l_in_fr();
            let below = s_plus_l.into_bigint() < two_251.into_bigint();
            let accepted = run(
                pk,
                &SignatureVarValue {
                    r8: sig.r8,
                    s: s_plus_l,
                },
                msg,
            )
            .1;
            assert_eq!(accepted, below);
            if below {
                fits += 1;
                let s_plus_2l = s_plus_l + l_in_fr();
                let r = SignatureVarValue {
                    r8: sig.r8,
                    s: s_plus_2l,
                };
                assert!(!run(pk, &r, msg).1);
            } else {
                overflows += 1;
            }
        }
    }

    #[test]
    fn enforce_le_constant_is_exact_on_all_8_bit_values() {
        for bound in [
            0u64,
            1,
            0b1010_0110,
            0b1000_0000,
            0b0111_1111,
            0b1111_1111,
            0b1100_0001,
        ] {
            for v in 0u64..256 {
                let cs = ConstraintSystem::<Fr>::new_ref();
                let bits: Vec<_> = (0..8)
                    .map(|i| Boolean::new_witness(cs.clone(), || Ok((v >> i) & 1 == 1)).unwrap())
                    .collect();
                enforce_le_constant(&bits, &BigInt::from(bound)).unwrap();
                assert_eq!(cs.is_satisfied().unwrap(), v <= bound, "{v} <= {bound}");
            }
        }
    }

    #[test]
    fn canonical_bits_refuse_x_plus_p_and_cost_308() {
        // Bits of p - 1 pass, bits of p and of x + p (as integers) fail.
        let p = Fr::MODULUS;
        let to_bits = |n: &BigInt<4>| -> Vec<bool> { n.to_bits_le()[..254].to_vec() };
        let mut p_minus_1 = p;
        p_minus_1.sub_with_borrow(&BigInt::from(1u64));
        let mut x_plus_p = BigInt::from(12345u64);
        x_plus_p.add_with_carry(&p);
        for (n, ok) in [(p_minus_1, true), (p, false), (x_plus_p, false)] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let bits: Vec<_> = to_bits(&n)
                .into_iter()
                .map(|b| Boolean::new_witness(cs.clone(), || Ok(b)).unwrap())
                .collect();
            enforce_le_constant(&bits, &p_minus_1).unwrap();
            assert_eq!(cs.num_constraints(), 254 + 53);
            assert_eq!(cs.is_satisfied().unwrap(), ok);
        }
        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut rng = rng();
        let x = Fr::rand(&mut rng);
        let xv = FpVar::new_witness(cs.clone(), || Ok(x)).unwrap();
        let bits = to_bits_le_canonical(&xv).unwrap();
        assert_eq!(cs.num_constraints(), 308);
        assert!(cs.is_satisfied().unwrap());
        let value: Vec<bool> = bits.iter().map(|b| b.value().unwrap()).collect();
        assert_eq!(value, to_bits(&x.into_bigint()));
    }
}

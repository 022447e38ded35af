//! The R1CS twin of [`crate::babyjubjub`]: Baby Jubjub points as pairs of
//! [`FpVar`]s and the group law in constraints.
//!
//! Costs (constraints, both operands variables):
//!
//! | operation | constraints |
//! |---|---|
//! | [`PointVar::add`], [`PointVar::enforce_add_equals`] | 6 (3 if one operand is constant) |
//! | [`PointVar::double`] | 5 |
//! | [`PointVar::enforce_on_curve`] | 3 |
//! | [`PointVar::scalar_mul_fixed_base`], `n` bits | `3·n - 6` when 3 divides `n`; 748 for 251 bits |
//! | [`PointVar::scalar_mul`], `n ≥ 2` bits | `10·n + 1` (even `n`) or `10·n + 9` (odd `n`); 2541 for 254 bits |
//!
//! Allocation checks nothing: a [`PointVar`] is any pair of field elements
//! until [`PointVar::enforce_on_curve`] is called. The formulas are those of
//! [`crate::babyjubjub`]; they give the group law for points on the curve
//! (addition is complete there, so no input needs a special case) and are
//! unspecified, possibly unsatisfiable, off it.

use std::borrow::Borrow;

use ark_ff::{Field, One, Zero};
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    eq::EqGadget,
    fields::{fp::FpVar, FieldVar},
    select::CondSelectGadget,
    GR1CSVar,
};
use ark_relations::gr1cs::{ConstraintSystemRef, Namespace, SynthesisError};

use super::{Point, COEFF_A, COEFF_D};
use crate::Fr;

/// A Baby Jubjub point in the circuit, in affine coordinates.
#[derive(Clone, Debug)]
pub struct PointVar {
    /// The x-coordinate.
    pub x: FpVar<Fr>,
    /// The y-coordinate.
    pub y: FpVar<Fr>,
}

/// `num / den` as a new witness, or 0 when `den = 0` (then the constraint
/// `result · den = num` that the caller adds fails unless `num = 0`).
fn div_witness(
    cs: &ConstraintSystemRef<Fr>,
    num: &FpVar<Fr>,
    den: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let q = FpVar::new_witness(cs.clone(), || {
        let den = den.value()?;
        Ok(num.value()? * den.inverse().unwrap_or_else(Fr::zero))
    })?;
    q.mul_equals(den, num)?;
    Ok(q)
}

impl PointVar {
    /// The constant `p` (no variables, no constraints).
    pub fn constant(p: Point) -> Self {
        PointVar {
            x: FpVar::constant(p.x),
            y: FpVar::constant(p.y),
        }
    }

    /// The constant identity `(0, 1)`.
    pub fn identity() -> Self {
        Self::constant(Point::identity())
    }

    /// `-P = (-x, y)`, free.
    pub fn negate(&self) -> Self {
        PointVar {
            x: self.x.negate().expect("negation of an FpVar is infallible"),
            y: self.y.clone(),
        }
    }

    /// The products of the unified law for `self + other`: `β = x1·y2`,
    /// `γ = y1·x2`, `δ = (y1 - a·x1)·(x2 + y2)`, `τ = β·γ` (4 constraints).
    #[allow(clippy::type_complexity)]
    fn add_terms(
        &self,
        other: &Self,
    ) -> Result<(FpVar<Fr>, FpVar<Fr>, FpVar<Fr>, FpVar<Fr>), SynthesisError> {
        let beta = &self.x * &other.y;
        let gamma = &self.y * &other.x;
        let delta = (&self.y - &self.x * COEFF_A) * (&other.x + &other.y);
        let tau = &beta * &gamma;
        Ok((beta, gamma, delta, tau))
    }

    /// `self + other` by the unified (complete) law of circomlib's `BabyAdd`:
    /// `x3·(1 + d·τ) = β + γ`, `y3·(1 - d·τ) = δ + a·β - γ`; 6 constraints.
    pub fn add(&self, other: &Self) -> Result<Self, SynthesisError> {
        let cs = self.cs().or(other.cs());
        if cs.is_none() {
            return Ok(Self::constant(self.value()?.add(&other.value()?)));
        }
        let (beta, gamma, delta, tau) = self.add_terms(other)?;
        let dtau = tau * COEFF_D;
        let x = div_witness(&cs, &(&beta + &gamma), &(&dtau + Fr::one()))?;
        let y = div_witness(
            &cs,
            &(delta + beta * COEFF_A - gamma),
            &(FpVar::one() - dtau),
        )?;
        Ok(PointVar { x, y })
    }

    /// Enforces `self + other == sum` without allocating the sum: the two
    /// division constraints of [`PointVar::add`] take `sum`'s coordinates as
    /// quotients, so this costs 6 constraints where `add` then
    /// `enforce_equal` would cost 8.
    pub fn enforce_add_equals(&self, other: &Self, sum: &Self) -> Result<(), SynthesisError> {
        let (beta, gamma, delta, tau) = self.add_terms(other)?;
        let dtau = tau * COEFF_D;
        sum.x.mul_equals(&(&dtau + Fr::one()), &(&beta + &gamma))?;
        sum.y
            .mul_equals(&(FpVar::one() - dtau), &(delta + beta * COEFF_A - gamma))
    }

    /// `2·P` by the dedicated doubling formulas, 5 constraints:
    /// `x3·(a·x² + y²) = 2·x·y`, `y3·(2 - a·x² - y²) = y² - a·x²`.
    /// On the curve `a·x² + y² = 1 + d·x²·y²`, so these are the unified law
    /// with `P1 = P2` and the denominators never vanish; off the curve the
    /// result may differ from [`Point::double`].
    pub fn double(&self) -> Result<Self, SynthesisError> {
        let cs = self.cs();
        if cs.is_none() {
            return Ok(Self::constant(self.value()?.double()));
        }
        let xx = self.x.square()?;
        let yy = self.y.square()?;
        let xy = &self.x * &self.y;
        let axx = xx * COEFF_A;
        let s = &axx + &yy;
        let x = div_witness(&cs, &xy.double()?, &s)?;
        let y = div_witness(&cs, &(yy - axx), &(FpVar::constant(Fr::from(2u64)) - s))?;
        Ok(PointVar { x, y })
    }

    /// Enforces `a·x² + y² = 1 + d·x²·y²`, 3 constraints.
    pub fn enforce_on_curve(&self) -> Result<(), SynthesisError> {
        let xx = self.x.square()?;
        let yy = self.y.square()?;
        (&xx * COEFF_D).mul_equals(&yy, &(xx * COEFF_A + &yy - Fr::one()))
    }

    /// `k · base` for the constant `base` and `k = Σ bits_le[i]·2^i`.
    ///
    /// The bits are cut into 3-bit windows `w_j`; window `j` selects
    /// `w_j · 8^j · base` from a table of 8 constants (`x = L0 + b2·(L1 - L0)`
    /// with `L0, L1` linear in `b0, b1, b0·b1`: 3 constraints), and the
    /// selections are summed with [`PointVar::add`] (6 each). Table entries
    /// include the identity; the complete law needs no special case. 251 bits:
    /// 84 windows, `3 + 82·9 + (1 + 6) = 748` constraints.
    pub fn scalar_mul_fixed_base(
        base: &Point,
        bits_le: &[Boolean<Fr>],
    ) -> Result<Self, SynthesisError> {
        let mut acc: Option<PointVar> = None;
        let mut window_base = *base;
        for window in bits_le.chunks(3) {
            let mut table = Vec::with_capacity(1 << window.len());
            table.push(Point::identity());
            for k in 1..(1usize << window.len()) {
                table.push(table[k - 1].add(&window_base));
            }
            window_base = table[table.len() - 1].add(&window_base);
            let selected = lookup_constant(&table, window)?;
            acc = Some(match acc {
                None => selected,
                Some(acc) => acc.add(&selected)?,
            });
        }
        Ok(acc.unwrap_or_else(Self::identity))
    }

    /// `k · self` for the integer `k = Σ bits_le[i]·2^i` (any length).
    ///
    /// Signed 2-bit windows. With `k' = k | 1` (`k` with bit 0 forced to 1)
    /// and `d_i = 2·b_{i+1} - 1 ∈ {-1, 1}`,
    /// `k' = 2^(n-1) + Σ_{i<n-1} d_i·2^i` (n = `bits_le.len()`); pairs of
    /// digits `D = 2·d_{2j+1} + d_{2j} ∈ {-3, -1, 1, 3}` select `±P, ±3P` in 4
    /// constraints (`x = -x3 + b_lo·(x3 - x1) + b_hi·(x1 + x3)`,
    /// `y = y3 + (b_lo ⊕ b_hi)·(y1 - y3)`), and Horner's rule does
    /// `acc = 4·acc + D·P` (two doublings, one addition: 20 constraints per 2
    /// bits). Finally `k·P = k'·P - (1 - b0)·P` (8 constraints), after
    /// precomputing `3P` (11). 254 bits: `11 + 2 + 126·20 + 8 = 2541`.
    ///
    /// Exact group arithmetic for any point on the curve (including low
    /// order points and the identity), since every step uses the complete
    /// law.
    pub fn scalar_mul(&self, bits_le: &[Boolean<Fr>]) -> Result<Self, SynthesisError> {
        let n = bits_le.len();
        if n == 0 {
            return Ok(Self::identity());
        }
        if n == 1 {
            return Self::conditionally_select(&bits_le[0], self, &Self::identity());
        }
        let p = self;
        let p3 = p.double()?.add(p)?;
        // n - 1 signed digits d_0..d_{n-2}; digit i comes from bit i + 1.
        let digits = n - 1;
        let (mut acc, paired) = if digits % 2 == 1 {
            // Top digit alone: (2 + d) · P ∈ {P, 3P}.
            let top = Self::conditionally_select(&bits_le[n - 1], &p3, p)?;
            (top, digits - 1)
        } else {
            (p.clone(), digits)
        };
        for j in (0..paired / 2).rev() {
            let lo = &bits_le[2 * j + 1];
            let hi = &bits_le[2 * j + 2];
            acc = acc.double()?.double()?;
            let x = &p3.x.negate()?
                + FpVar::from(lo.clone()) * (&p3.x - &p.x)
                + FpVar::from(hi.clone()) * (&p.x + &p3.x);
            let y = &p3.y + FpVar::from(lo ^ hi) * (&p.y - &p3.y);
            acc = acc.add(&PointVar { x, y })?;
        }
        // Subtract P when b0 = 0: add (b0 ? O : -P) = ((b0 - 1)·x1, 1 + (1 - b0)·(y1 - 1)).
        let b0 = FpVar::from(bits_le[0].clone());
        let correction = PointVar {
            x: (&b0 - Fr::one()) * &p.x,
            y: (FpVar::one() - &b0) * (&p.y - Fr::one()) + Fr::one(),
        };
        acc.add(&correction)
    }
}

/// `table[Σ bits[i]·2^i]` for a table of `2^bits.len()` constants, `1 ≤
/// bits.len() ≤ 3`: 0 constraints for one bit, 1 for two, 3 for three.
fn lookup_constant(table: &[Point], bits: &[Boolean<Fr>]) -> Result<PointVar, SynthesisError> {
    assert_eq!(table.len(), 1 << bits.len(), "table size must be 2^bits");
    let coord = |sel: fn(&Point) -> Fr| -> Vec<Fr> { table.iter().map(sel).collect() };
    let (xs, ys) = (coord(|p| p.x), coord(|p| p.y));
    match bits.len() {
        1 => {
            let b0 = FpVar::from(bits[0].clone());
            let lin = |c: &[Fr]| &b0 * (c[1] - c[0]) + c[0];
            Ok(PointVar {
                x: lin(&xs),
                y: lin(&ys),
            })
        }
        2 | 3 => {
            let b0 = FpVar::from(bits[0].clone());
            let b1 = FpVar::from(bits[1].clone());
            let b01 = FpVar::from(&bits[0] & &bits[1]);
            // c0 + b0·(c1-c0) + b1·(c2-c0) + b0·b1·(c3-c2-c1+c0): linear.
            let two_bit = |c: &[Fr]| {
                &b0 * (c[1] - c[0])
                    + &b1 * (c[2] - c[0])
                    + &b01 * (c[3] - c[2] - c[1] + c[0])
                    + c[0]
            };
            if bits.len() == 2 {
                return Ok(PointVar {
                    x: two_bit(&xs),
                    y: two_bit(&ys),
                });
            }
            let b2 = FpVar::from(bits[2].clone());
            let three_bit = |c: &[Fr]| {
                let lo = two_bit(&c[..4]);
                let hi = two_bit(&c[4..]);
                &lo + &b2 * (hi - &lo)
            };
            Ok(PointVar {
                x: three_bit(&xs),
                y: three_bit(&ys),
            })
        }
        n => panic!("lookup_constant takes 1 to 3 bits, got {n}"),
    }
}

impl GR1CSVar<Fr> for PointVar {
    type Value = Point;

    fn cs(&self) -> ConstraintSystemRef<Fr> {
        self.x.cs().or(self.y.cs())
    }

    fn value(&self) -> Result<Point, SynthesisError> {
        Ok(Point {
            x: self.x.value()?,
            y: self.y.value()?,
        })
    }
}

impl AllocVar<Point, Fr> for PointVar {
    /// Allocates both coordinates in `mode`. Checks nothing: call
    /// [`PointVar::enforce_on_curve`] where the statement needs it.
    fn new_variable<T: Borrow<Point>>(
        cs: impl Into<Namespace<Fr>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let cs = cs.into().cs();
        let value = f().map(|p| *p.borrow());
        let x = FpVar::new_variable(cs.clone(), || value.map(|p| p.x), mode)?;
        let y = FpVar::new_variable(cs, || value.map(|p| p.y), mode)?;
        Ok(PointVar { x, y })
    }
}

impl EqGadget<Fr> for PointVar {
    fn is_eq(&self, other: &Self) -> Result<Boolean<Fr>, SynthesisError> {
        Ok(self.x.is_eq(&other.x)? & self.y.is_eq(&other.y)?)
    }

    fn conditional_enforce_equal(
        &self,
        other: &Self,
        should_enforce: &Boolean<Fr>,
    ) -> Result<(), SynthesisError> {
        self.x.conditional_enforce_equal(&other.x, should_enforce)?;
        self.y.conditional_enforce_equal(&other.y, should_enforce)
    }

    fn conditional_enforce_not_equal(
        &self,
        other: &Self,
        should_enforce: &Boolean<Fr>,
    ) -> Result<(), SynthesisError> {
        self.is_eq(other)?
            .conditional_enforce_equal(&Boolean::FALSE, should_enforce)
    }
}

impl CondSelectGadget<Fr> for PointVar {
    /// One constraint per non-constant coordinate.
    fn conditionally_select(
        cond: &Boolean<Fr>,
        true_value: &Self,
        false_value: &Self,
    ) -> Result<Self, SynthesisError> {
        Ok(PointVar {
            x: cond.select(&true_value.x, &false_value.x)?,
            y: cond.select(&true_value.y, &false_value.y)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::{rand::Rng, UniformRand};

    use super::*;
    use crate::babyjubjub::{subgroup_order_bits_le, Scalar, SUBGROUP_ORDER_BITS};

    fn random_point<R: Rng>(rng: &mut R) -> Point {
        let p = Point::base8().mul_scalar(&Scalar::rand(rng));
        // Half of the time, a point outside the subgroup (add the generator).
        if rng.gen() {
            p.add(&Point::generator())
        } else {
            p
        }
    }

    fn witness_point(cs: &ConstraintSystemRef<Fr>, p: Point) -> PointVar {
        PointVar::new_witness(cs.clone(), || Ok(p)).unwrap()
    }

    fn witness_bits(cs: &ConstraintSystemRef<Fr>, bits: &[bool]) -> Vec<Boolean<Fr>> {
        bits.iter()
            .map(|b| Boolean::new_witness(cs.clone(), || Ok(*b)).unwrap())
            .collect()
    }

    fn random_bits<R: Rng>(rng: &mut R, n: usize) -> Vec<bool> {
        (0..n).map(|_| rng.gen()).collect()
    }

    #[test]
    fn add_and_double_match_native_with_six_and_five_constraints() {
        let mut rng = ark_std::test_rng();
        for _ in 0..16 {
            let (p, q) = (random_point(&mut rng), random_point(&mut rng));
            let cs = ConstraintSystem::<Fr>::new_ref();
            let (pv, qv) = (witness_point(&cs, p), witness_point(&cs, q));
            let sum = pv.add(&qv).unwrap();
            assert_eq!(cs.num_constraints(), 6);
            let dbl = pv.double().unwrap();
            assert_eq!(cs.num_constraints(), 11);
            assert_eq!(sum.value().unwrap(), p.add(&q));
            assert_eq!(dbl.value().unwrap(), p.double());
            // Adding a point to itself and to the identity.
            assert_eq!(pv.add(&pv).unwrap().value().unwrap(), p.double());
            assert_eq!(pv.add(&PointVar::identity()).unwrap().value().unwrap(), p);
            pv.enforce_on_curve().unwrap();
            sum.enforce_on_curve().unwrap();
            pv.enforce_add_equals(&qv, &sum).unwrap();
            assert!(cs.is_satisfied().unwrap());
        }
    }

    #[test]
    fn constant_operands_cost_nothing_or_less() {
        let p = Point::base8();
        let c = PointVar::constant(p);
        assert_eq!(c.add(&c).unwrap().value().unwrap(), p.double());
        assert_eq!(c.double().unwrap().value().unwrap(), p.double());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = witness_point(&cs, Point::generator());
        let s = v.add(&c).unwrap();
        assert_eq!(cs.num_constraints(), 3);
        assert_eq!(s.value().unwrap(), Point::generator().add(&p));
    }

    #[test]
    fn low_order_points_add_and_double_exactly() {
        let two = Point {
            x: Fr::zero(),
            y: -Fr::one(),
        };
        let four = Point {
            x: COEFF_A.inverse().unwrap().sqrt().unwrap(),
            y: Fr::zero(),
        };
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (tv, fv) = (witness_point(&cs, two), witness_point(&cs, four));
        assert_eq!(tv.double().unwrap().value().unwrap(), Point::identity());
        assert_eq!(fv.double().unwrap().value().unwrap(), two);
        assert_eq!(fv.add(&fv).unwrap().value().unwrap(), two);
        assert_eq!(fv.add(&tv).unwrap().value().unwrap(), four.neg());
        assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn off_curve_point_fails_enforce_on_curve() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut p = Point::base8();
        p.y += Fr::one();
        witness_point(&cs, p).enforce_on_curve().unwrap();
        assert_eq!(cs.num_constraints(), 3);
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn wrong_sum_fails_enforce_add_equals() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let p = witness_point(&cs, Point::base8());
        let q = witness_point(&cs, Point::generator());
        let wrong = witness_point(&cs, Point::base8().double());
        p.enforce_add_equals(&q, &wrong).unwrap();
        assert_eq!(cs.num_constraints(), 6);
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn fixed_base_matches_native_for_every_length_up_to_12_and_random_251() {
        let mut rng = ark_std::test_rng();
        let base = Point::base8();
        for n in 0..=12 {
            let bits = random_bits(&mut rng, n);
            let cs = ConstraintSystem::<Fr>::new_ref();
            let out = PointVar::scalar_mul_fixed_base(&base, &witness_bits(&cs, &bits)).unwrap();
            assert_eq!(out.value().unwrap(), base.mul_bits_le(&bits), "{n} bits");
            assert!(cs.is_satisfied().unwrap());
        }
        for _ in 0..4 {
            let bits = random_bits(&mut rng, SUBGROUP_ORDER_BITS);
            let cs = ConstraintSystem::<Fr>::new_ref();
            let out = PointVar::scalar_mul_fixed_base(&base, &witness_bits(&cs, &bits)).unwrap();
            assert_eq!(out.value().unwrap(), base.mul_bits_le(&bits));
            assert!(cs.is_satisfied().unwrap());
        }
        // Edge scalars: 0, l (identity), all ones, and a base outside the subgroup.
        let zero = vec![false; SUBGROUP_ORDER_BITS];
        let ones = vec![true; SUBGROUP_ORDER_BITS];
        for (b, bits) in [
            (base, zero.clone()),
            (base, subgroup_order_bits_le().to_vec()),
            (base, ones.clone()),
            (Point::generator(), ones),
        ] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let out = PointVar::scalar_mul_fixed_base(&b, &witness_bits(&cs, &bits)).unwrap();
            assert_eq!(out.value().unwrap(), b.mul_bits_le(&bits));
            assert!(cs.is_satisfied().unwrap());
        }
    }

    #[test]
    fn variable_base_matches_native_for_every_length_up_to_12_and_random_254() {
        let mut rng = ark_std::test_rng();
        for n in 0..=12 {
            for _ in 0..3 {
                let p = random_point(&mut rng);
                let bits = random_bits(&mut rng, n);
                let cs = ConstraintSystem::<Fr>::new_ref();
                let pv = witness_point(&cs, p);
                let out = pv.scalar_mul(&witness_bits(&cs, &bits)).unwrap();
                assert_eq!(out.value().unwrap(), p.mul_bits_le(&bits), "{n} bits");
                assert!(cs.is_satisfied().unwrap());
            }
        }
        for _ in 0..4 {
            let p = random_point(&mut rng);
            let bits = random_bits(&mut rng, 254);
            let cs = ConstraintSystem::<Fr>::new_ref();
            let out = witness_point(&cs, p)
                .scalar_mul(&witness_bits(&cs, &bits))
                .unwrap();
            assert_eq!(out.value().unwrap(), p.mul_bits_le(&bits));
            assert!(cs.is_satisfied().unwrap());
        }
    }

    #[test]
    fn variable_base_edge_scalars_and_points() {
        let two = Point {
            x: Fr::zero(),
            y: -Fr::one(),
        };
        let mut scalars = vec![vec![false; 254], vec![true; 254]];
        let mut one = vec![false; 254];
        one[0] = true;
        scalars.push(one);
        let mut l = subgroup_order_bits_le().to_vec();
        l.resize(254, false);
        scalars.push(l);
        for p in [Point::identity(), two, Point::base8(), Point::generator()] {
            for bits in &scalars {
                let cs = ConstraintSystem::<Fr>::new_ref();
                let out = witness_point(&cs, p)
                    .scalar_mul(&witness_bits(&cs, bits))
                    .unwrap();
                assert_eq!(out.value().unwrap(), p.mul_bits_le(bits));
                assert!(cs.is_satisfied().unwrap());
            }
        }
    }

    #[test]
    fn constant_bits_and_points_give_the_same_values() {
        let mut rng = ark_std::test_rng();
        let p = random_point(&mut rng);
        let bits = random_bits(&mut rng, 20);
        let cbits: Vec<_> = bits.iter().map(|b| Boolean::constant(*b)).collect();
        let expected = p.mul_bits_le(&bits);
        let cs = ConstraintSystem::<Fr>::new_ref();
        let pv = witness_point(&cs, p);
        assert_eq!(pv.scalar_mul(&cbits).unwrap().value().unwrap(), expected);
        let constant = PointVar::constant(p);
        assert_eq!(
            constant.scalar_mul(&cbits).unwrap().value().unwrap(),
            expected
        );
        assert_eq!(
            PointVar::scalar_mul_fixed_base(&p, &cbits)
                .unwrap()
                .value()
                .unwrap(),
            expected
        );
        assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn scalar_mul_constraint_counts_are_pinned() {
        let mut rng = ark_std::test_rng();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let bits = witness_bits(&cs, &random_bits(&mut rng, SUBGROUP_ORDER_BITS));
        let before = cs.num_constraints();
        PointVar::scalar_mul_fixed_base(&Point::base8(), &bits).unwrap();
        assert_eq!(cs.num_constraints() - before, 748);

        let cs = ConstraintSystem::<Fr>::new_ref();
        let p = witness_point(&cs, random_point(&mut rng));
        let bits = witness_bits(&cs, &random_bits(&mut rng, 254));
        let before = cs.num_constraints();
        p.scalar_mul(&bits).unwrap();
        assert_eq!(cs.num_constraints() - before, 2541);
        assert!(cs.is_satisfied().unwrap());

        // The closed forms in the module table.
        for n in 2..=16usize {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let p = witness_point(&cs, random_point(&mut rng));
            let bits = witness_bits(&cs, &random_bits(&mut rng, n));
            let before = cs.num_constraints();
            p.scalar_mul(&bits).unwrap();
            let expected = if n % 2 == 0 { 10 * n + 1 } else { 10 * n + 9 };
            assert_eq!(cs.num_constraints() - before, expected, "{n} bits");
            if n % 3 == 0 {
                let before = cs.num_constraints();
                PointVar::scalar_mul_fixed_base(&Point::base8(), &bits).unwrap();
                assert_eq!(cs.num_constraints() - before, 3 * n - 6, "{n} bits");
            }
        }
    }

    #[test]
    fn tampered_witness_of_a_scalar_mul_is_caught() {
        // The result of scalar_mul is determined by the constraints: forcing a
        // different output point fails.
        let mut rng = ark_std::test_rng();
        let p = random_point(&mut rng);
        let bits = random_bits(&mut rng, 32);
        let cs = ConstraintSystem::<Fr>::new_ref();
        let out = witness_point(&cs, p)
            .scalar_mul(&witness_bits(&cs, &bits))
            .unwrap();
        let claimed = witness_point(&cs, p.mul_bits_le(&bits).add(&Point::base8()));
        out.enforce_equal(&claimed).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}

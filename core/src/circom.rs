//! circom / snarkjs binary formats: `.r1cs` (constraint systems), `.wtns`
//! (witnesses), `.zkey` (Groth16 proving keys with their ceremony
//! transcript) and `.ptau` (powers of tau), so zkcred's circuits and keys
//! can be checked and used with the tools a ceremony's contributors and
//! auditors already trust (`snarkjs r1cs info`, `wtns check`,
//! `groth16 setup`, `zkey verify`).
//!
//! All four share iden3's binary container ([`binfile`]): a 4-byte magic, a
//! version, and a list of typed sections. snarkjs's source (`src/zkey_utils.js`,
//! `src/powersoftau_utils.js`, `src/zkey_new.js`), `iden3/r1csfile`
//! (`doc/r1cs_bin_format.md`) and `iden3/binfileutils` are the reference for
//! the layouts; each module cites the parts it implements.
//!
//! Every parser here takes untrusted bytes: errors are typed
//! ([`crate::Error::Encoding`] naming what is wrong, [`crate::Error::NonCanonical`]
//! for a field element not below its modulus, [`crate::Error::UnsupportedVersion`]),
//! never a panic; no allocation is sized from a header field before the
//! bytes it announces are known to be present; every curve point is checked
//! to be canonical, on the curve and in the prime-order subgroup.
//!
//! Wire order. circom numbers the wires of a circuit `0` (the constant 1),
//! then the public outputs, the public inputs, the private inputs, and the
//! internal signals. arkworks numbers instance variables `0` (the constant
//! 1), `1..=l` (the public inputs), then witness variables from `0`; zkcred's
//! circuits have public inputs only (no outputs), so wire `i < 1 + l` is
//! instance variable `i` and wire `1 + l + j` is witness variable `j`
//! (exactly the column order of arkworks' constraint matrices). arkworks does
//! not tell private inputs from internal signals, so every witness wire is
//! exported as an internal signal (`nPrvInputs = 0`).

pub mod binfile;
pub mod blake2b;
pub mod contribution;
pub mod export;
pub mod keypair;
pub mod phase1;
pub mod phase2;
pub mod points;
pub mod ptau;
pub mod r1cs;
pub mod wtns;
pub mod zkey;

pub use r1cs::R1cs;
pub use zkey::Zkey;

use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, OptimizationGoal, SynthesisMode,
};
use zkcred_circuits::Fr;

use crate::{Error, Result};

/// One of zkcred's Groth16 circuits, for export in circom's formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Circuit {
    /// The identity presentation circuit
    /// ([`zkcred_circuits::presentation::circuit::PresentationCircuit`]).
    Presentation,
    /// The SME credit scorecard circuit
    /// ([`zkcred_circuits::scorecard::circuit::ScorecardCircuit`]).
    Scorecard,
}

impl Circuit {
    /// The circuit's name on the command line: `presentation`, `scorecard`.
    pub fn name(self) -> &'static str {
        match self {
            Circuit::Presentation => "presentation",
            Circuit::Scorecard => "scorecard",
        }
    }

    /// The circuit of that name ([`Circuit::name`]).
    pub fn from_name(name: &str) -> Option<Circuit> {
        match name {
            "presentation" => Some(Circuit::Presentation),
            "scorecard" => Some(Circuit::Scorecard),
            _ => None,
        }
    }

    /// The blank circuit's constraint system in circom's wire order.
    pub fn r1cs(self) -> Result<R1cs> {
        match self {
            Circuit::Presentation => R1cs::from_circuit(
                zkcred_circuits::presentation::circuit::PresentationCircuit::blank(),
            ),
            Circuit::Scorecard => {
                R1cs::from_circuit(zkcred_circuits::scorecard::circuit::ScorecardCircuit::blank())
            }
        }
    }
}

/// Synthesises `circuit` as arkworks' Groth16 does (constraints inlined,
/// `OptimizationGoal::Constraints`), in setup mode (`prove == false`: no
/// assignment) or prove mode, and finalizes it.
pub(crate) fn synthesize<C: ConstraintSynthesizer<Fr>>(
    circuit: C,
    prove: bool,
) -> Result<ConstraintSystemRef<Fr>> {
    let cs = ConstraintSystem::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(if prove {
        SynthesisMode::Prove {
            construct_matrices: true,
            generate_lc_assignments: false,
        }
    } else {
        SynthesisMode::Setup
    });
    circuit
        .generate_constraints(cs.clone())
        .map_err(|e| Error::Proving(format!("constraint synthesis failed: {e}")))?;
    cs.finalize();
    Ok(cs)
}

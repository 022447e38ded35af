pragma circom 2.1.6;

// Statement (a) of the side-by-side benchmark, the circom twin of
// zkcred_benches::peer::AgeSignatureCircuit:
//
//   public:  cutoff (latest accepted birth date, days), the issuer key (Ax, Ay)
//   private: 16 attributes (attribute 0 is the birth date) and the signature
//   proves:  EdDSA-Poseidon(Ax, Ay) signs Poseidon(attributes), and
//            attributes[0] <= cutoff (64-bit values, as the issuer signs them).

include "../node_modules/circomlib/circuits/poseidon.circom";
include "../node_modules/circomlib/circuits/eddsaposeidon.circom";
include "../node_modules/circomlib/circuits/comparators.circom";

template AgeSignature() {
    signal input cutoff;
    signal input Ax;
    signal input Ay;
    signal input attributes[16];
    signal input S;
    signal input R8x;
    signal input R8y;

    component hash = Poseidon(16);
    hash.inputs <== attributes;

    component sig = EdDSAPoseidonVerifier();
    sig.enabled <== 1;
    sig.Ax <== Ax;
    sig.Ay <== Ay;
    sig.S <== S;
    sig.R8x <== R8x;
    sig.R8y <== R8y;
    sig.M <== hash.out;

    component le = LessEqThan(64);
    le.in[0] <== attributes[0];
    le.in[1] <== cutoff;
    le.out === 1;
}

component main {public [cutoff, Ax, Ay]} = AgeSignature();

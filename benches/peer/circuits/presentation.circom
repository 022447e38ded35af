pragma circom 2.1.6;

// Statement (b) of the side-by-side benchmark: zkcred's whole presentation
// statement (circuits/src/presentation.rs, version presentation/v2) written
// with circomlib templates, with the same public inputs in the same order
// and the same witness, so that one set of values satisfies both:
//
//  1. Poseidon(TAG, secret, scope) == nullifier, TAG the little-endian
//     integer of "zkcred/nullifier/presentation" (the nullifier's domain
//     tag); the credential commits to Poseidon(secret);
//  2. credential = Poseidon(schemaId, serial, issued, expiry, Poseidon(secret),
//     Poseidon(attributes)) carries an EdDSA-Poseidon signature under (Ax, Ay)
//     with Poseidon(Ax, Ay) == issuerKeyHash;
//  3. issued <= now <= expiry;
//  4. the leaf at `serial` of the quaternary Poseidon sparse Merkle tree with
//     root revocationRoot is empty;
//  5. disclosed[i] == attributes[i] * mask bit i;
//  6. every enabled predicate slot holds;
//  7. the challenge is bound (challenge^2).

include "../node_modules/circomlib/circuits/poseidon.circom";
include "../node_modules/circomlib/circuits/eddsaposeidon.circom";
include "../node_modules/circomlib/circuits/comparators.circom";
include "../node_modules/circomlib/circuits/bitify.circom";
include "../node_modules/circomlib/circuits/mux4.circom";

// The children of a tree node: x placed at position b0 + 2 b1 among the
// three siblings (zkcred's four-constraint placement).
template Place4() {
    signal input x;
    signal input s[3];
    signal input b[2];
    signal output c[4];
    signal b01 <== b[0] * b[1];
    signal p <== (b01 - b[0] - b[1]) * (x - s[0]);
    signal q <== b[1] * (s[1] - x);
    signal r <== b01 * (x - s[2]);
    c[0] <== x + p;
    c[1] <== s[0] - p + q;
    c[2] <== s[1] - q - r;
    c[3] <== s[2] + r;
}

// The root of the tree over an empty leaf at the key with these bits.
template EmptyLeafRoot(levels) {
    signal input keyBits[2 * levels];
    signal input siblings[levels][3];
    signal output root;
    signal node[levels + 1];
    component place[levels];
    component hash[levels];
    node[0] <== 0;
    for (var i = 0; i < levels; i++) {
        place[i] = Place4();
        place[i].x <== node[i];
        place[i].s <== siblings[i];
        place[i].b[0] <== keyBits[2 * i];
        place[i].b[1] <== keyBits[2 * i + 1];
        hash[i] = Poseidon(4);
        hash[i].inputs <== place[i].c;
        node[i + 1] <== hash[i].out;
    }
    root <== node[levels];
}

// One predicate slot: header bits 0-3 attribute, 4 enabled, 5 set test,
// 6 negate, 7-10 set-table mask.
template PredicateSlot() {
    signal input header;
    signal input lower;
    signal input upper;
    signal input attributes[16];
    signal input tables[4][8];

    component bits = Num2Bits(11);
    bits.in <== header;
    component mux = Mux4();
    mux.c <== attributes;
    for (var i = 0; i < 4; i++) { mux.s[i] <== bits.out[i]; }
    signal value <== mux.out;
    signal enabled <== bits.out[4];
    signal isSet <== bits.out[5];
    signal negate <== bits.out[6];

    // Range test, fed only by enabled range slots.
    signal isRange <== enabled * (1 - isSet);
    signal ranged <== isRange * value;
    component geLower = GreaterEqThan(64);
    geLower.in[0] <== ranged;
    geLower.in[1] <== lower;
    component leUpper = GreaterEqThan(64);
    leUpper.in[0] <== upper;
    leUpper.in[1] <== ranged;
    signal inRange <== geLower.out * leUpper.out;

    // Set test: membership in the union of the selected tables.
    signal vanishing[4][8];
    signal selected[4];
    signal product[5];
    product[0] <== 1;
    for (var j = 0; j < 4; j++) {
        vanishing[j][0] <== value - tables[j][0];
        for (var k = 1; k < 8; k++) {
            vanishing[j][k] <== vanishing[j][k - 1] * (value - tables[j][k]);
        }
        selected[j] <== bits.out[7 + j] * (vanishing[j][7] - 1) + 1;
        product[j + 1] <== product[j] * selected[j];
    }
    component isZero = IsZero();
    isZero.in <== product[4];

    signal chosen <== isSet * (isZero.out - inRange) + inRange;
    signal outcome <== chosen + negate - 2 * chosen * negate;
    enabled * (outcome - 1) === 0;
}

template Presentation() {
    signal input nullifier;
    signal input scope;
    signal input challenge;
    signal input now;
    signal input issuerKeyHash;
    signal input revocationRoot;
    signal input schemaId;
    signal input mask;
    signal input disclosed[16];
    signal input slots[8][3];
    signal input tables[4][8];

    signal input attributes[16];
    signal input serial;
    signal input issued;
    signal input expiry;
    signal input secret;
    signal input Ax;
    signal input Ay;
    signal input S;
    signal input R8x;
    signal input R8y;
    signal input siblings[16][3];

    // 7. The challenge.
    signal challengeSquared <== challenge * challenge;

    // 1. Holder binding and nullifier.
    component commitment = Poseidon(1);
    commitment.inputs[0] <== secret;
    component nullifierHash = Poseidon(3);
    nullifierHash.inputs[0] <== 2977327179272956794758755851499184396987032511715272074594513917799290;
    nullifierHash.inputs[1] <== secret;
    nullifierHash.inputs[2] <== scope;
    nullifierHash.out === nullifier;

    // 2. The issuer's signature on the credential.
    component attributesHash = Poseidon(16);
    attributesHash.inputs <== attributes;
    component credential = Poseidon(6);
    credential.inputs[0] <== schemaId;
    credential.inputs[1] <== serial;
    credential.inputs[2] <== issued;
    credential.inputs[3] <== expiry;
    credential.inputs[4] <== commitment.out;
    credential.inputs[5] <== attributesHash.out;
    component keyHash = Poseidon(2);
    keyHash.inputs[0] <== Ax;
    keyHash.inputs[1] <== Ay;
    keyHash.out === issuerKeyHash;
    component sig = EdDSAPoseidonVerifier();
    sig.enabled <== 1;
    sig.Ax <== Ax;
    sig.Ay <== Ay;
    sig.S <== S;
    sig.R8x <== R8x;
    sig.R8y <== R8y;
    sig.M <== credential.out;

    // 3. The validity window: issued <= now <= expiry.
    component notExpired = GreaterEqThan(64);
    notExpired.in[0] <== expiry;
    notExpired.in[1] <== now;
    notExpired.out === 1;
    component alreadyValid = GreaterEqThan(64);
    alreadyValid.in[0] <== now;
    alreadyValid.in[1] <== issued;
    alreadyValid.out === 1;

    // 4. Non-revocation.
    component serialBits = Num2Bits(32);
    serialBits.in <== serial;
    component tree = EmptyLeafRoot(16);
    tree.keyBits <== serialBits.out;
    tree.siblings <== siblings;
    tree.root === revocationRoot;

    // 5. Selective disclosure.
    component maskBits = Num2Bits(16);
    maskBits.in <== mask;
    for (var i = 0; i < 16; i++) {
        disclosed[i] === attributes[i] * maskBits.out[i];
    }

    // 6. Predicates.
    component predicate[8];
    for (var i = 0; i < 8; i++) {
        predicate[i] = PredicateSlot();
        predicate[i].header <== slots[i][0];
        predicate[i].lower <== slots[i][1];
        predicate[i].upper <== slots[i][2];
        predicate[i].attributes <== attributes;
        predicate[i].tables <== tables;
    }
}

component main {public [nullifier, scope, challenge, now, issuerKeyHash, revocationRoot,
    schemaId, mask, disclosed, slots, tables]} = Presentation();

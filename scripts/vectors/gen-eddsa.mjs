// Regenerates circuits/tests/vectors/eddsa.json from circomlibjs: Baby Jubjub
// EdDSA-Poseidon key derivation, signatures, point and signature packing, and
// verification verdicts (including negative cases).
//
//   cd scripts/vectors && npm ci && npm run eddsa
//
// Every input is deterministic (fixed keys and an LCG), so the file is
// reproducible byte for byte.
import { writeFileSync, mkdirSync } from "fs";
import { buildEddsa, buildBabyjub } from "circomlibjs";

const root = process.env.ZKCRED_VECTOR_ROOT || new URL("../../", import.meta.url).pathname;
const eddsa = await buildEddsa();
const babyJub = await buildBabyjub();
const F = babyJub.F;
const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const L = babyJub.subOrder;

let seed = 0xedd5an;
function nextBig() { // a 256-bit LCG, deterministic across runs
  seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 256n);
  return seed;
}
function nextBytes() {
  let x = nextBig() ^ (nextBig() << 64n);
  const out = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) { out[i] = Number(x & 0xffn); x >>= 8n; }
  return out;
}
const hex = (b) => Buffer.from(b).toString("hex");
const pointJson = (p) => ({ x: F.toString(p[0]), y: F.toString(p[1]) });
const sigJson = (sig) => ({
  r8: pointJson(sig.R8),
  s: sig.S.toString(),
  packed: hex(eddsa.packSignature(sig)),
});

const keys = [
  Buffer.alloc(32, 0),
  Buffer.alloc(32, 0xff),
  Buffer.from("0001020304050607080900010203040506070809000102030405060708090001", "hex"),
  Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1)),
  Buffer.from(Array.from({ length: 32 }, (_, i) => 255 - i)),
  Buffer.concat([Buffer.alloc(31, 0), Buffer.from([1])]),
];
while (keys.length < 14) keys.push(nextBytes());

const msgs = [0n, 1n, P - 1n, 1234567890n, 1n << 253n, P - 2n];
while (msgs.length < keys.length) msgs.push(nextBig() % P);

const cases = [];
const verdicts = [];
for (let i = 0; i < keys.length; i++) {
  const prv = keys[i];
  const msgInt = msgs[i];
  const msg = F.e(msgInt);
  const pub = eddsa.prv2pub(prv);
  const sig = eddsa.signPoseidon(prv, msg);
  if (!eddsa.verifyPoseidon(msg, sig, pub)) throw new Error(`case ${i} does not verify`);
  const unpacked = eddsa.unpackSignature(eddsa.packSignature(sig));
  if (!F.eq(unpacked.R8[0], sig.R8[0]) || unpacked.S !== sig.S) throw new Error("pack round trip");
  cases.push({
    private_key: hex(prv),
    message: msgInt.toString(),
    public_key: { ...pointJson(pub), packed: hex(babyJub.packPoint(pub)) },
    signature: sigJson(sig),
  });

  const other = eddsa.prv2pub(keys[(i + 1) % keys.length]);
  const record = (what, m, s, a) => verdicts.push({
    case: i,
    what,
    message: m.toString(),
    public_key: pointJson(a),
    signature: sigJson(s),
    valid: eddsa.verifyPoseidon(F.e(m), s, a),
  });
  record("valid", msgInt, sig, pub);
  record("message + 1", (msgInt + 1n) % P, sig, pub);
  record("other key", msgInt, sig, other);
  record("S + 1 mod l", msgInt, { R8: sig.R8, S: (sig.S + 1n) % L }, pub);
  record("S + l", msgInt, { R8: sig.R8, S: sig.S + L }, pub);
  record("R8 + B8", msgInt, { R8: babyJub.addPoint(sig.R8, babyJub.Base8), S: sig.S }, pub);
}

mkdirSync(root + "circuits/tests/vectors", { recursive: true });
writeFileSync(
  root + "circuits/tests/vectors/eddsa.json",
  JSON.stringify({
    generator: "circomlibjs 0.1.7 eddsa.prv2pub/signPoseidon/verifyPoseidon/packSignature, babyjub.packPoint (scripts/vectors/gen-eddsa.mjs)",
    cases,
    verdicts,
  }, null, 1) + "\n",
);
console.log(`wrote ${cases.length} EdDSA cases and ${verdicts.length} verdicts`);

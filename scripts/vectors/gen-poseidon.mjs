// Regenerates circuits/src/poseidon/constants.bin and
// circuits/tests/vectors/poseidon.json from circomlibjs.
//
//   cd scripts/vectors && npm ci && node gen-poseidon.mjs
//
// constants.bin layout, for t = 2..=17 in order: the t*(8+R_P[t-2]) round
// constants C[t-2], then the t*t MDS matrix M[t-2] row-major; every element is
// a 32-byte little-endian integer below the BN254 scalar field modulus.
import { writeFileSync, mkdirSync } from "fs";
import { buildPoseidonReference } from "circomlibjs";
import { readFileSync } from "fs";
import { createRequire } from "module";
// The package does not export its constants file; read it beside the entry point.
const pkgDir = createRequire(import.meta.url).resolve("circomlibjs").replace(/build\/main.cjs$|main.js$/, "");
const constants = JSON.parse(readFileSync(pkgDir + "src/poseidon_constants.json", "utf8"));

// ZKCRED_VECTOR_ROOT redirects the output (scripts/check-vectors.sh compares a fresh run with the committed files).
const root = process.env.ZKCRED_VECTOR_ROOT || new URL("../../", import.meta.url).pathname;
const N_ROUNDS_P = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];

function le32(v) {
  let x = BigInt(v);
  const out = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) { out[i] = Number(x & 0xffn); x >>= 8n; }
  if (x !== 0n) throw new Error("constant does not fit 32 bytes");
  return out;
}

const parts = [];
for (let t = 2; t <= 17; t++) {
  const c = constants.C[t - 2];
  const m = constants.M[t - 2];
  if (c.length !== t * (8 + N_ROUNDS_P[t - 2])) throw new Error(`C[${t}] has ${c.length}`);
  if (m.length !== t) throw new Error(`M[${t}] has ${m.length} rows`);
  for (const x of c) parts.push(le32(x));
  for (const row of m) for (const x of row) parts.push(le32(x));
}
writeFileSync(root + "circuits/src/poseidon/constants.bin", Buffer.concat(parts));

// The same permutation with circomlibjs's optimised constants (poseidon_opt.js,
// after neptune): constants_opt.bin, for t = 2..=17: C (8t + R_P), S
// ((2t - 1) R_P), M (t x t, row-major as stored), P (t x t, row-major).
const opt = JSON.parse(readFileSync(pkgDir + "src/poseidon_constants_opt.json", "utf8"));
const optParts = [];
for (let t = 2; t <= 17; t++) {
  const rp = N_ROUNDS_P[t - 2];
  const [c, s, m, p] = [opt.C[t - 2], opt.S[t - 2], opt.M[t - 2], opt.P[t - 2]];
  if (c.length !== 8 * t + rp || s.length !== (2 * t - 1) * rp || m.length !== t || p.length !== t) {
    throw new Error(`unexpected optimised constants for t = ${t}`);
  }
  for (const x of c) optParts.push(le32(x));
  for (const x of s) optParts.push(le32(x));
  for (const row of m) for (const x of row) optParts.push(le32(x));
  for (const row of p) for (const x of row) optParts.push(le32(x));
}
writeFileSync(root + "circuits/src/poseidon/constants_opt.bin", Buffer.concat(optParts));

// Test vectors: for each arity 1..16, a few deterministic inputs.
const poseidon = await buildPoseidonReference();
const F = poseidon.F;
const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
let seed = 0x5eedn;
function next() { // a 254-bit LCG, deterministic across runs
  seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 256n);
  return seed % P;
}
const vectors = [];
for (let n = 1; n <= 16; n++) {
  const cases = [
    Array.from({ length: n }, (_, i) => BigInt(i + 1)),
    Array.from({ length: n }, () => 0n),
    Array.from({ length: n }, () => P - 1n),
    Array.from({ length: n }, () => next()),
    Array.from({ length: n }, () => next()),
  ];
  for (const inputs of cases) {
    vectors.push({
      inputs: inputs.map(String),
      output: F.toString(poseidon(inputs)),
    });
  }
}
mkdirSync(root + "circuits/tests/vectors", { recursive: true });
writeFileSync(
  root + "circuits/tests/vectors/poseidon.json",
  JSON.stringify({ generator: "circomlibjs 0.1.7 buildPoseidonReference (scripts/vectors/gen-poseidon.mjs)", vectors }, null, 1) + "\n",
);
console.log(`wrote ${vectors.length} Poseidon vectors`);

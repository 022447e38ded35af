// The snarkjs side of the side-by-side benchmark, in Node: for each statement,
// the median warm prove (witness generation included, as zkcred's includes
// synthesis) and verify times, proving-key and proof sizes.
//
//   node snarkjs-bench.mjs OUT_DIR RUNS
import { readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as snarkjs from "snarkjs";

const [out, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mem = (path) => ({ type: "mem", data: new Uint8Array(readFileSync(path)) });

const results = [];
for (const name of ["age_signature", "presentation"]) {
  const input = JSON.parse(readFileSync(join(out, `${name}.input.json`), "utf8"));
  const wasmPath = join(out, `${name}_js`, `${name}.wasm`);
  const zkeyPath = join(out, `${name}.zkey`);
  const vk = JSON.parse(readFileSync(join(out, `${name}.vkey.json`), "utf8"));
  const info = await snarkjs.r1cs.info(join(out, `${name}.r1cs`));

  // Warm-up (loads the curve's workers), then the median of `runs`.
  let { proof, publicSignals } = await snarkjs.groth16.fullProve(input, mem(wasmPath), mem(zkeyPath));
  const prove = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    ({ proof, publicSignals } = await snarkjs.groth16.fullProve(input, mem(wasmPath), mem(zkeyPath)));
    prove.push(performance.now() - t);
  }
  const verify = [];
  for (let i = 0; i < Math.max(runs, 5); i++) {
    const t = performance.now();
    const ok = await snarkjs.groth16.verify(vk, publicSignals, proof);
    verify.push(performance.now() - t);
    if (!ok) throw new Error(`${name}: snarkjs rejected its own proof`);
  }
  // A changed public input must be rejected.
  const tampered = [...publicSignals];
  tampered[0] = (BigInt(tampered[0]) + 1n).toString();
  if (await snarkjs.groth16.verify(vk, tampered, proof)) {
    throw new Error(`${name}: snarkjs accepted a changed public input`);
  }
  results.push({
    statement: name,
    constraints: info.nConstraints,
    public_inputs: publicSignals.length,
    prove_ms: median(prove),
    verify_ms: median(verify),
    proving_key_bytes: statSync(zkeyPath).size,
    // Uncompressed affine points, as the EVM takes them: A, C in G1 and B in G2.
    proof_bytes: 2 * 64 + 128,
    proof_json_bytes: JSON.stringify(proof).length,
    runs,
  });
  console.log(JSON.stringify(results.at(-1)));
}
writeFileSync(join(out, "snarkjs-node.json"), JSON.stringify({ results }, null, 2));
// snarkjs keeps worker threads alive.
process.exit(0);

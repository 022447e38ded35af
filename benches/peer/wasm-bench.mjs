// zkcred's WebAssembly prover (benches/peer/wasm, single-threaded) in Node,
// on both statements, with zkcred's plain-key prover (its key file loaded
// validated; the warm-up proof leaves the circuit's matrices cached in the
// key), the prepared-key prover (zkcred_core::prover) and arkworks's
// (`prepare_ms`: loading the key, and for the prepared key building its
// tables): the median warm prove (synthesis included) and verify times,
// with the same proving keys as the native run and a changed public input
// refused.
//
//   node wasm-bench.mjs OUT_DIR RUNS
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [out, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pkg = join(out, "zkcred-peer-wasm");
const z = await import(join(pkg, "zkcred_peer_wasm.js"));
z.initSync({ module: readFileSync(join(pkg, "zkcred_peer_wasm_bg.wasm")) });

const results = [];
// The native run's key files: zkcred's for the plain key, arkworks's
// uncompressed for the others.
const keyFile = (name, kind) => join(out, kind === "plain" ? `${name}.zkcred-key.bin` : `${name}.zkcred-pk.bin`);
for (const name of z.statements()) for (const kind of ["plain", "prepared", "arkworks"]) {
  const t0 = performance.now();
  const prover = new z.PeerProver(name, readFileSync(keyFile(name, kind)), kind);
  const prepare_ms = performance.now() - t0;
  let proof = prover.prove(); // warm-up
  const prove = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    proof = prover.prove();
    prove.push(performance.now() - t);
  }
  const verify = [];
  for (let i = 0; i < Math.max(runs, 5); i++) {
    const t = performance.now();
    const ok = prover.verify(proof, false);
    verify.push(performance.now() - t);
    if (!ok) throw new Error(`${name}: zkcred wasm rejected its own proof`);
  }
  if (prover.verify(proof, true)) throw new Error(`${name}: zkcred wasm accepted a changed public input`);
  results.push({
    statement: name,
    prover: kind,
    threads: z.poolThreads(),
    prepare_ms,
    table_bytes: prover.tableBytes(),
    public_inputs: prover.publicInputs(),
    prove_ms: median(prove),
    verify_ms: median(verify),
    proof_bytes: proof.length,
    runs,
  });
  console.log(JSON.stringify(results.at(-1)));
  prover.free();
}
writeFileSync(join(out, "zkcred-wasm-node.json"), JSON.stringify({ results }, null, 2));

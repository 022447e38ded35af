// Writes the side-by-side table from the JSON files the benchmark made.
//
//   node report.mjs OUT_DIR
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import os from "node:os";

const out = process.argv[2];
const load = (f) => (existsSync(join(out, f)) ? JSON.parse(readFileSync(join(out, f), "utf8")).results : []);
// The wasm files hold both provers: `prepared` false (arkworks's) and true.
const plain = (f) => load(f).filter((r) => !r.prepared);
const prepared = (f) => load(f).filter((r) => r.prepared);
const native = load("zkcred-native.json");
const snarkNode = load("snarkjs-node.json");
// zkcred native, proved with arkworks's own prover on the same key.
const arkworks = native.map((r) => ({ ...r, prove_ms: r.arkworks_prove_ms }));
const stacks = [
  ["zkcred native, prepared key (zkcred_core::prover)", native],
  ["zkcred native, arkworks's prover (same key)", arkworks, native],
  ["snarkjs 0.7.5 in Node (circom 2.2.3 --O2)", snarkNode],
  ["zkcred wasm in Node, prepared key (one thread)", prepared("zkcred-wasm-node.json"), native],
  ["zkcred wasm in Node, arkworks's prover (one thread)", plain("zkcred-wasm-node.json"), native],
  ["snarkjs 0.7.5 in Chromium (web workers)", load("snarkjs-chromium.json"), snarkNode],
  ["zkcred wasm in Chromium, prepared key (one thread)", prepared("zkcred-wasm-chromium.json"), native],
  ["zkcred wasm in Chromium, arkworks's prover (one thread)", plain("zkcred-wasm-chromium.json"), native],
];
const fmt = (x, d = 1) => (x === undefined ? "" : x.toFixed(d));
const mb = (b) => (b === undefined ? "" : `${(b / 1e6).toFixed(2)} MB`);
const titles = {
  age_signature: "(a) EdDSA-Poseidon signature + birth date <= cutoff",
  presentation: "(b) the full zkcred presentation statement",
};
const find = (results, statement) => results.find((x) => x.statement === statement);
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(`Machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${new Date().toISOString().slice(0, 10)}.`);
console.log("Command: `bash benches/peer/run.sh` (medians of warm runs; prove includes witness generation).");
console.log("The wasm rows use the same circuits and keys as the native row above them (constraints and key size from there).\n");
for (const statement of Object.keys(titles)) {
  console.log(`### ${titles[statement]}\n`);
  console.log("| stack | constraints | public inputs | prove (ms) | verify (ms) | proving key | proof |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const [name, results, same] of stacks) {
    const r = find(results, statement);
    if (!r) continue;
    const base = same ? find(same, statement) ?? {} : r;
    console.log(`| ${name} | ${base.constraints ?? ""} | ${r.public_inputs} | ${fmt(r.prove_ms)} | ${fmt(r.verify_ms, 2)} | ${mb(base.proving_key_bytes)} | ${r.proof_bytes} B |`);
  }
  const ratio = (a, b, target, pick = load) => {
    const [x, y] = [find(load(a), statement), find(pick(b), statement)];
    return x && y ? `${fmt(x.prove_ms / y.prove_ms, 2)}x (target ${target})` : "not measured";
  };
  const z = find(native, statement);
  const s = find(snarkNode, statement);
  console.log("");
  if (z?.prepared_table_bytes) {
    console.log(`- The prepared key's tables: ${mb(z.prepared_table_bytes)} of memory, built once in ${fmt(z.prepare_ms, 0)} ms.`);
  }
  console.log(`- zkcred native against snarkjs in Node: ${ratio("snarkjs-node.json", "zkcred-native.json", ">= 5x")} faster.`);
  if (z?.arkworks_prove_ms && s) {
    console.log(`- The same with arkworks's prover: ${fmt(s.prove_ms / z.arkworks_prove_ms)}x.`);
  }
  console.log(`- zkcred wasm against snarkjs, both in Chromium: ${ratio("snarkjs-chromium.json", "zkcred-wasm-chromium.json", "> 1x", prepared)} faster with the prepared key, ${ratio("snarkjs-chromium.json", "zkcred-wasm-chromium.json", "> 1x", plain)} with arkworks's prover.`);
  console.log(`- zkcred wasm against snarkjs, both in Node: ${ratio("snarkjs-node.json", "zkcred-wasm-node.json", "none set", prepared)} faster with the prepared key, ${ratio("snarkjs-node.json", "zkcred-wasm-node.json", "none set", plain)} with arkworks's prover.`);
  const wc = find(prepared("zkcred-wasm-chromium.json"), statement);
  if (wc) console.log(`- In Chromium the prepared key (load and tables) took ${fmt(wc.prepare_ms, 0)} ms once, for ${mb(wc.table_bytes)} of tables.`);
  if (z && s) console.log(`- Constraints: ${fmt(z.constraints / s.constraints, 2)}x circom's (target <= 1.5x for (a)).`);
  console.log("");
}

// Writes the side-by-side table from the JSON files the benchmark made.
//
//   node report.mjs OUT_DIR
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import os from "node:os";

const out = process.argv[2];
const load = (f) => (existsSync(join(out, f)) ? JSON.parse(readFileSync(join(out, f), "utf8")).results : []);
const stacks = [
  ["zkcred native (Rust, arkworks)", load("zkcred-native.json")],
  ["snarkjs 0.7.5 in Node (circom 2.2.3 --O2)", load("snarkjs-node.json")],
];
const fmt = (x, d = 1) => (x === undefined ? "" : x.toFixed(d));
const kb = (b) => (b === undefined ? "" : `${(b / 1e6).toFixed(2)} MB`);
const titles = {
  age_signature: "(a) EdDSA-Poseidon signature + birth date <= cutoff",
  presentation: "(b) the full zkcred presentation statement",
};
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(`Machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${new Date().toISOString().slice(0, 10)}.`);
console.log("Command: `bash benches/peer/run.sh` (medians of warm runs; prove includes witness generation).\n");
for (const statement of Object.keys(titles)) {
  console.log(`### ${titles[statement]}\n`);
  console.log("| stack | constraints | public inputs | prove (ms) | verify (ms) | proving key | proof |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const [name, results] of stacks) {
    const r = results.find((x) => x.statement === statement);
    if (!r) continue;
    console.log(`| ${name} | ${r.constraints} | ${r.public_inputs} | ${fmt(r.prove_ms)} | ${fmt(r.verify_ms, 2)} | ${kb(r.proving_key_bytes)} | ${r.proof_bytes} B |`);
  }
  const z = stacks[0][1].find((x) => x.statement === statement);
  const s = stacks[1][1].find((x) => x.statement === statement);
  if (z && s) {
    console.log(`\nzkcred native proves ${fmt(s.prove_ms / z.prove_ms)}x faster than snarkjs in Node (target >= 5x); constraints ${fmt(z.constraints / s.constraints, 2)}x circom's.\n`);
  }
}

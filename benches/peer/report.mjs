// Writes the side-by-side table from the JSON files the benchmark made.
//
//   node report.mjs OUT_DIR
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import os from "node:os";

const out = process.argv[2];
const file = (f) => (existsSync(join(out, f)) ? JSON.parse(readFileSync(join(out, f), "utf8")) : { results: [] });
const load = (f) => file(f).results;
// The wasm files hold each prover's rows (`prover`: "plain", "prepared",
// "arkworks"), with the threads it ran on (`threads`).
const wasm = (f, prover, threads = (t) => t === 1) => load(f).filter((r) => r.prover === prover && threads(r.threads));
const native = load("zkcred-native.json");
const snarkNode = load("snarkjs-node.json");
// zkcred native, each prover's median as the row's `prove_ms`.
const nativeBy = (field) => native.map((r) => ({ ...r, prove_ms: r[field] }));
const nativePlain = nativeBy("plain_prove_ms");
const nativePrepared = nativeBy("prepared_prove_ms");
const nativeArkworks = nativeBy("arkworks_prove_ms");
const chromium = "zkcred-wasm-chromium.json";
const chromiumMt = wasm(chromium, "plain", (t) => t > 1);
const mtThreads = file(chromium).poolThreads ?? chromiumMt[0]?.threads;
const stacks = [
  ["zkcred native, plain key (zkcred's default prover)", nativePlain],
  ["zkcred native, prepared key (zkcred_core::prover)", nativePrepared, native],
  ["zkcred native, arkworks's prover (same key)", nativeArkworks, native],
  ["snarkjs 0.7.5 in Node (circom 2.2.3 --O2)", snarkNode],
  ["zkcred wasm in Node, plain key (one thread)", wasm("zkcred-wasm-node.json", "plain"), native],
  ["zkcred wasm in Node, prepared key (one thread)", wasm("zkcred-wasm-node.json", "prepared"), native],
  ["zkcred wasm in Node, arkworks's prover (one thread)", wasm("zkcred-wasm-node.json", "arkworks"), native],
  ["snarkjs 0.7.5 in Chromium (web workers)", load("snarkjs-chromium.json"), snarkNode],
  [`zkcred wasm in Chromium, plain key (${mtThreads ?? "N"} threads)`, chromiumMt, native],
  ["zkcred wasm in Chromium, plain key (one thread)", wasm(chromium, "plain"), native],
  ["zkcred wasm in Chromium, prepared key (one thread)", wasm(chromium, "prepared"), native],
  ["zkcred wasm in Chromium, arkworks's prover (one thread)", wasm(chromium, "arkworks"), native],
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
console.log("The wasm rows use the same circuits and keys as the native rows (constraints and key size from there). The provers of one stack ran interleaved (a proof of each in turn); in Chromium the threaded and single-threaded plain keys too.\n");
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
  // How many times faster the `zkcred` rows are than the `peer` rows.
  const ratio = (peer, zkcred, target) => {
    const [x, y] = [find(peer, statement), find(zkcred, statement)];
    return x && y ? `${fmt(x.prove_ms / y.prove_ms, 2)}x${target ? ` (target ${target})` : ""}` : "not measured";
  };
  const z = find(native, statement);
  const s = find(snarkNode, statement);
  const snarkChromium = load("snarkjs-chromium.json");
  const node = "zkcred-wasm-node.json";
  console.log("");
  if (z?.prepared_table_bytes) {
    console.log(`- The prepared key's tables: ${mb(z.prepared_table_bytes)} of memory, built once in ${fmt(z.prepare_ms, 0)} ms.`);
  }
  console.log(`- zkcred native against snarkjs in Node: ${ratio(snarkNode, nativePlain, ">= 5x")} faster with the plain key, ${ratio(snarkNode, nativePrepared)} with the prepared key, ${ratio(snarkNode, nativeArkworks)} with arkworks's prover.`);
  console.log(`- zkcred wasm against snarkjs, both in Chromium: ${ratio(snarkChromium, chromiumMt, "> 1x")} faster with the plain key on ${mtThreads ?? "N"} threads, ${ratio(snarkChromium, wasm(chromium, "plain"), "> 1x")} on one thread; one thread with the prepared key ${ratio(snarkChromium, wasm(chromium, "prepared"))}, with arkworks's prover ${ratio(snarkChromium, wasm(chromium, "arkworks"))}.`);
  console.log(`- zkcred wasm in Chromium, the plain key on ${mtThreads ?? "N"} threads against one: ${ratio(wasm(chromium, "plain"), chromiumMt)} faster.`);
  console.log(`- zkcred wasm against snarkjs, both in Node (one thread): ${ratio(snarkNode, wasm(node, "plain"), "none set")} faster with the plain key, ${ratio(snarkNode, wasm(node, "prepared"))} with the prepared key, ${ratio(snarkNode, wasm(node, "arkworks"))} with arkworks's prover.`);
  const wc = find(wasm(chromium, "prepared"), statement);
  if (wc) console.log(`- In Chromium the prepared key (load and tables) took ${fmt(wc.prepare_ms, 0)} ms once, for ${mb(wc.table_bytes)} of tables; the plain key's file loaded, validated, in ${fmt(find(wasm(chromium, "plain"), statement)?.prepare_ms, 0)} ms (one thread) and ${fmt(find(chromiumMt, statement)?.prepare_ms, 0)} ms (${mtThreads ?? "N"} threads).`);
  if (z && s) console.log(`- Constraints: ${fmt(z.constraints / s.constraints, 2)}x circom's (target <= 1.5x for (a)).`);
  console.log("");
}

// Proving time of a built package in Node, for comparing builds on a busy
// machine: the median wall time and the median CPU time (process.cpuUsage,
// which other processes' load inflates far less than wall time) of RUNS
// warm proofs of the demo request, against a running demo server.
//
//   node wasm/tests/prove-bench.mjs PKG_DIR SERVER_URL [RUNS]
import fs from "node:fs";
import path from "node:path";
const [pkg, server, runs] = [process.argv[2], process.argv[3], Number(process.argv[4] || 5)];
const z = await import(path.join(pkg, "zkcred_wasm.js"));
z.initSync({ module: fs.readFileSync(path.join(pkg, "zkcred_wasm_bg.wasm")) });
const bytes = async (url) => new Uint8Array(await (await fetch(server + url)).arrayBuffer());
const text = async (url, init) => (await fetch(server + url, init)).text();
const vk = z.VerifyingKey.fromBytes(await bytes("/keys/presentation.vk"));
const pk = z.ProvingKey.fromBytes(await bytes("/keys/presentation.pk"), vk);
const origin = new URL(server).origin;
const wallet = new z.Wallet();
const credential = await text("/api/issue", { method: "POST", headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ holderCommitment: wallet.holderCommitment, profile: "adult" }) });
const id = wallet.importCredential(credential);
const requestJson = await text("/api/request");
const rp = await bytes(`/api/revocation-path?serial=${wallet.credentialSerial(id)}`);
wallet.prove(requestJson, id, rp, pk, origin); // warm
const wall = [], cpu = [];
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  wallet.prove(requestJson, id, rp, pk, origin);
  wall.push(performance.now() - t0); cpu.push(process.cpuUsage(c0).user / 1000);
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`${path.basename(pkg)} wall ${med(wall).toFixed(0)} ms cpu ${med(cpu).toFixed(0)} ms (cpu: ${cpu.map((t) => t.toFixed(0)).join(",")})`);

// Proving time of built packages, for comparing builds (the demo request,
// plain proving key, against a running demo server).
//
// In Node, one package: the median wall time and the median CPU time
// (process.cpuUsage, which other processes' load inflates far less than
// wall time) of RUNS warm proofs.
//
//   node wasm/tests/prove-bench.mjs PKG_DIR SERVER_URL [RUNS]
//
// In headless Chromium, several builds in one run, interleaved (one proof
// of each build in turn, RUNS rounds, after one warm-up proof each), each
// in its own module worker of a cross-origin isolated page served from
// 127.0.0.1 by this script: NAME=PKG_DIR is a package's single-threaded
// build, NAME=PKG_DIR#N its threaded build (mt/) on a pool of N threads.
// Prints each build's times and median, and writes them as JSON to
// $ZKCRED_BENCH_OUT when set.
//
//   node wasm/tests/prove-bench.mjs --chromium SERVER_URL RUNS threaded=PKG#2 single=PKG [...]
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

/** The demo's wallet, credential, request, revocation path and keys, made with `pkg`'s module in Node. */
async function demoData(pkg, server) {
  const z = await import(path.join(pkg, "zkcred_wasm.js"));
  z.initSync({ module: fs.readFileSync(path.join(pkg, "zkcred_wasm_bg.wasm")) });
  const bytes = async (url) => new Uint8Array(await (await fetch(server + url)).arrayBuffer());
  const text = async (url, init) => (await fetch(server + url, init)).text();
  const vkBytes = await bytes("/keys/presentation.vk");
  const pkBytes = await bytes("/keys/presentation.pk");
  const vk = z.VerifyingKey.fromBytes(vkBytes);
  const pk = z.ProvingKey.fromBytes(pkBytes, vk);
  const origin = new URL(server).origin;
  const wallet = new z.Wallet();
  const credential = await text("/api/issue", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ holderCommitment: wallet.holderCommitment, profile: "adult" }) });
  const id = wallet.importCredential(credential);
  const request = await text("/api/request");
  const rp = await bytes(`/api/revocation-path?serial=${wallet.credentialSerial(id)}`);
  return { z, vk, pk, wallet, id, request, rp, origin, vkBytes, pkBytes };
}

async function node(pkg, server, runs) {
  const { wallet, id, request, rp, pk, origin } = await demoData(pkg, server);
  wallet.prove(request, id, rp, pk, origin); // warm
  const wall = [], cpu = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    wallet.prove(request, id, rp, pk, origin);
    wall.push(performance.now() - t0); cpu.push(process.cpuUsage(c0).user / 1000);
  }
  console.log(`${path.basename(pkg)} wall ${med(wall).toFixed(0)} ms cpu ${med(cpu).toFixed(0)} ms (cpu: ${cpu.map((t) => t.toFixed(0)).join(",")})`);
}

// The bench worker: loads one build, starts its pool, proves on request.
const WORKER = `
let ctx, stage;
self.onmessage = async ({ data }) => {
  try {
    stage = "load";
    if (data.init) {
      const s = data.init;
      const z = await import(s.threads ? "/b/" + s.index + "/mt/zkcred_wasm.js" : "/b/" + s.index + "/zkcred_wasm.js");
      await z.default();
      stage = "thread pool";
      if (s.threads) await z.initThreadPool(s.threads);
      stage = "verifying key";
      const vk = z.VerifyingKey.fromBytes(s.vk);
      stage = "proving key";
      const pk = z.ProvingKey.fromBytes(s.pk, vk);
      const wallet = z.Wallet.fromJson(s.wallet);
      ctx = { pk, wallet, s };
      stage = "prove";
      wallet.prove(s.request, s.id, s.rp, pk, s.origin).free(); // warm
      self.postMessage({ ok: true, threaded: z.threadedBuild ? z.threadedBuild() : false });
    } else {
      const { pk, wallet, s } = ctx;
      const t0 = performance.now();
      const p = wallet.prove(s.request, s.id, s.rp, pk, s.origin);
      const ms = performance.now() - t0;
      p.free();
      self.postMessage({ ok: true, ms });
    }
  } catch (e) {
    self.postMessage({ ok: false, error: stage + ": " + String(e && e.message ? e.message : e) });
  }
};`;

async function chromium(server, runs, specs) {
  const { chromium: browser } = await import("playwright-core");
  const builds = specs.map((spec, index) => {
    const m = /^([^=]+)=(.+?)(?:#(\d+))?$/.exec(spec);
    if (!m) throw new Error(`expected NAME=PKG_DIR or NAME=PKG_DIR#THREADS, got ${spec}`);
    return { name: m[1], dir: path.resolve(m[2]), threads: m[3] ? Number(m[3]) : 0, index };
  });
  const prep = builds.find((b) => !b.threads) ?? builds[0];
  const d = await demoData(prep.dir, server);
  const data = {
    vk: d.vkBytes, pk: d.pkBytes, wallet: d.wallet.toJson(), id: d.id, request: d.request, rp: d.rp, origin: d.origin,
  };
  const types = { js: "text/javascript", wasm: "application/wasm", html: "text/html", json: "application/json" };
  const site = http.createServer((req, res) => {
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": "same-origin", "Cache-Control": "no-store" };
    const url = new URL(req.url, "http://x");
    let body = null, type = "text/html";
    if (url.pathname === "/") body = "<!doctype html><title>zkcred prove bench</title>";
    else if (url.pathname === "/worker.js") { body = WORKER; type = types.js; }
    else {
      const m = /^\/b\/(\d+)\/(.+)$/.exec(url.pathname);
      const b = m && builds[Number(m[1])];
      if (b && !m[2].split("/").some((c) => c === "" || c.startsWith("."))) {
        try {
          body = fs.readFileSync(path.join(b.dir, m[2]));
          type = types[path.extname(m[2]).slice(1)] ?? "application/octet-stream";
        } catch (_) { body = null; }
      }
    }
    if (body === null) { res.writeHead(404, headers); res.end(); return; }
    res.writeHead(200, { ...headers, "Content-Type": type });
    res.end(body);
  });
  await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${site.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "zkcred-bench-"));
  const context = await browser.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await context.newPage();
    await page.goto(base + "/");
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    if (!isolated) throw new Error("the bench page is not cross-origin isolated");
    const threaded = await page.evaluate(async ({ builds, data }) => {
      const call = (w, msg) => new Promise((resolve, reject) => {
        w.onmessage = ({ data: r }) => (r.ok ? resolve(r) : reject(new Error(r.error)));
        w.onerror = (e) => reject(new Error(e.message || "worker error"));
        w.postMessage(msg);
      });
      window.bench = { call, workers: [] };
      const out = [];
      for (const b of builds) { // one at a time: their warm-up proofs do not overlap
        const w = new Worker("/worker.js", { type: "module" });
        window.bench.workers.push(w);
        out.push((await call(w, { init: { ...data, index: b.index, threads: b.threads } })).threaded);
      }
      return out;
    }, { builds, data });
    const times = builds.map(() => []);
    for (let r = 0; r < runs; r++) {
      for (const b of builds) {
        times[b.index].push(await page.evaluate((i) => window.bench.call(window.bench.workers[i], {}).then((r) => r.ms), b.index));
      }
    }
    const result = builds.map((b) => ({
      name: b.name, dir: b.dir, threads: b.threads || 1, threadedBuild: threaded[b.index],
      wasmBytes: fs.statSync(path.join(b.dir, b.threads ? "mt" : "", "zkcred_wasm_bg.wasm")).size,
      proveMs: times[b.index], medianMs: med(times[b.index]),
    }));
    for (const r of result) {
      console.log(`${r.name}: median ${r.medianMs.toFixed(0)} ms (${r.proveMs.map((t) => t.toFixed(0)).join(", ")}), ` +
        `${r.threads} thread(s), ${r.wasmBytes} B of wasm`);
    }
    const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
    console.log(`load average after the run: ${load}`);
    if (process.env.ZKCRED_BENCH_OUT) {
      fs.writeFileSync(process.env.ZKCRED_BENCH_OUT, JSON.stringify({ runs, load, builds: result }, null, 2));
    }
  } finally {
    await context.close();
    site.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--chromium") {
  await chromium(process.argv[3], Number(process.argv[4] || 5), process.argv.slice(5));
} else {
  await node(process.argv[2], process.argv[3], Number(process.argv[4] || 5));
}

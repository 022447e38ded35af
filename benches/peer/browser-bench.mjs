// Both stacks in headless Chromium (Debian's chromium driven by
// playwright-core): serves www/bench.html, its worker for the threaded
// zkcred build (www/mt-worker.js), snarkjs's browser bundle and the
// harness's files on 127.0.0.1, cross-origin isolated (COOP and COEP
// headers on every response: the threaded build's shared memory needs
// them), runs the page's benchmark and writes snarkjs-chromium.json and
// zkcred-wasm-chromium.json.
//
//   node browser-bench.mjs OUT_DIR RUNS
import { createServer } from "node:http";
import { readFile, mkdtemp } from "node:fs/promises";
import { writeFileSync } from "node:fs";
import { join, normalize, extname, dirname } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const [out, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const routes = [
  ["/bench.html", () => join(here, "www", "bench.html")],
  ["/mt-worker.js", () => join(here, "www", "mt-worker.js")],
  ["/snarkjs.min.js", () => join(here, "node_modules", "snarkjs", "build", "snarkjs.min.js")],
];
// Cross-origin isolation (SharedArrayBuffer for the threaded build).
const isolation = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = routes.find(([p]) => p === path)?.[1]();
  if (!file && path.startsWith("/out/")) {
    const rel = normalize(path.slice("/out/".length));
    if (!rel.startsWith("..")) file = join(out, rel);
  }
  try {
    if (!file) throw new Error("not found");
    const body = await readFile(file);
    res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream", ...isolation });
    res.end(body);
  } catch {
    res.writeHead(404, isolation).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}/bench.html`;

const browser = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), "zkcred-peer-")), {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on("console", (m) => console.log(`page: ${m.text()}`));
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("status")?.textContent === "ready");
  const result = await page.evaluate((runs) => window.bench(runs), runs);
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(join(out, "snarkjs-chromium.json"), JSON.stringify({ userAgent: result.userAgent, results: result.snarkjs }, null, 2));
  writeFileSync(join(out, "zkcred-wasm-chromium.json"), JSON.stringify({
    userAgent: result.userAgent, cores: result.cores, crossOriginIsolated: result.crossOriginIsolated,
    poolThreads: result.poolThreads, results: result.zkcred,
  }, null, 2));
} finally {
  await browser.close();
  server.close();
}

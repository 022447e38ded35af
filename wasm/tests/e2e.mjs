// End to end in headless Chromium (Debian's chromium driven by
// playwright-core) against the demo page served on 127.0.0.1: load a demo
// ID, prove in the browser, the page (wasm) and the server (native Rust)
// verify; the proving key comes from IndexedDB on the next visit; a proof
// made by the `zkcred` CLI verifies in the page; an underage ID is refused
// in plain words ("You must be at least 18") with the technical message
// behind a "Details" toggle; the progress shows the real stages (download
// in bytes, validation, proving, verification); at phone width (390x844)
// nothing scrolls sideways. Screenshots at desktop (1280x800) and phone size
// and the browser's proof go to ZKCRED_OUT; proving times (median of
// several runs) to ZKCRED_OUT/bench.json. The demo server sends the
// cross-origin isolation headers, so the holder proves with the threaded
// build (unless ZKCRED_EXPECT_THREADS=0: a package built without it); the
// same page with those headers stripped falls back to the single-threaded
// build and still proves.
//
//   ZKCRED_SERVER=http://127.0.0.1:PORT ZKCRED_NATIVE=DIR ZKCRED_OUT=DIR node e2e.mjs
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const server = process.env.ZKCRED_SERVER;
const native = process.env.ZKCRED_NATIVE;
const out = process.env.ZKCRED_OUT;
const runs = Number(process.env.ZKCRED_BENCH_RUNS || 5);
const expectThreads = process.env.ZKCRED_EXPECT_THREADS !== "0";
assert.ok(server && native && out, "set ZKCRED_SERVER, ZKCRED_NATIVE and ZKCRED_OUT");
fs.mkdirSync(out, { recursive: true });

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "zkcred-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
const step = (s) => console.log(`e2e: ${s}`);
const errors = [];

try {
  const page = await context.newPage();
  // Chromium exposes the Digital Credentials API (`DigitalCredential`) on
  // secure origins, 127.0.0.1 included, but headless it has no wallet to
  // answer (get() never settles): this page runs as in a browser without
  // the API; the API path is tested on another page with a stubbed
  // navigator.credentials.get below.
  await page.addInitScript(() => { delete window.DigitalCredential; });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

  async function open() {
    await page.goto(server + "/?flow=native", { waitUntil: "load" });
    await page.waitForSelector("body[data-ready='1']");
    await page.waitForSelector("#asks .label"); // the request is shown
  }

  async function proveAs(profileButton, expected) {
    await page.click(profileButton);
    await page.waitForSelector("#wallet-card:not([hidden])");
    await page.click("#prove");
    await page.waitForSelector(`body[data-status='${expected}']`, { timeout: 180_000 });
  }

  step("open the shop page");
  await open();
  assert.equal(await page.isDisabled("#add-to-cart"), true, "buying is gated before the check");
  const asks = await page.textContent("#asks");
  assert.match(asks, /Age 18 or over/);
  assert.match(asks, /DE/);

  step("adult: load the demo ID, prove in the browser, verify in the page and on the server");
  await proveAs("#load-adult", "verified");
  const first = await page.evaluate(() => window.zkcredDemo.last);
  assert.equal(first.server.verified, true);
  assert.equal(first.server.verifier, "zkcred-core (native Rust)");
  assert.deepEqual(first.server.disclosed, {});
  assert.equal(first.keySource, "network");
  // Cross-origin isolated (the server's COOP/COEP): the threaded build
  // proved, on a pool of nested workers, and the page says so.
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, "the page is cross-origin isolated");
  if (expectThreads) {
    assert.equal(first.build.threaded, true, `threaded build: ${JSON.stringify(first.build)}`);
    assert.ok(first.threads >= 2 && first.threads === first.build.threads, `threads ${first.threads}`);
    assert.match(await page.textContent("#proved"), new RegExp(`threaded WebAssembly, ${first.threads} threads`));
  }
  // The progress went through the real stages, in order, the download
  // measured in bytes up to the whole key, and the bar only moved forward.
  const bar = await page.evaluate(() => window.zkcredDemo.progress.bar);
  const stages = bar.map((b) => b.stage).filter((s, i, a) => i === 0 || a[i - 1] !== s);
  assert.equal(stages[0], "download", stages.join(" "));
  for (const s of ["check", "validate", "prove", "verify"]) assert.ok(stages.includes(s), `${s} in ${stages.join(" ")}`);
  assert.ok(stages.lastIndexOf("download") < stages.indexOf("validate"), stages.join(" "));
  assert.ok(stages.indexOf("validate") < stages.indexOf("prove"), stages.join(" "));
  assert.ok(stages.indexOf("prove") < stages.lastIndexOf("verify"), stages.join(" "));
  const downloads = new Set(bar.filter((b) => b.stage === "download").map((b) => b.pct));
  assert.ok(downloads.size >= 3, `the download moves: ${[...downloads]}`);
  const events = await page.evaluate(() => window.zkcredDemo.progress.events);
  const pk = events.filter((e) => e.stage === "download" && e.file === "provingKey");
  assert.equal(pk[pk.length - 1].fraction, 1);
  const proving = bar.filter((b) => b.stage === "prove").map((b) => b.pct);
  assert.ok(proving.every((p, i) => i === 0 || p >= proving[i - 1]), `proving only moves forward: ${proving}`);
  const result = await page.textContent("#result");
  assert.match(result, /Age confirmed/);
  assert.match(result, /Birth date\s*not revealed/);
  assert.equal(await page.isDisabled("#add-to-cart"), false, "buying is open after the check");
  assert.equal(await page.getAttribute("#nullifier", "title"), first.server.nullifier);
  await page.screenshot({ path: path.join(out, "verified.png"), fullPage: true });
  fs.writeFileSync(path.join(out, "browser-request.json"), first.requestJson);
  fs.writeFileSync(path.join(out, "browser-presentation.json"), first.presentationJson);
  fs.writeFileSync(path.join(out, "browser-nullifier"), first.server.nullifier);

  step(`proving time: ${runs} more runs with the key in memory`);
  const times = [first.proveMs];
  for (let i = 1; i < runs; i++) {
    await page.evaluate(() => { document.body.dataset.status = ""; });
    await page.click("#again");
    await page.waitForSelector("body[data-status='verified']", { timeout: 180_000 });
    const last = await page.evaluate(() => window.zkcredDemo.last);
    assert.equal(last.server.verified, true);
    assert.equal(last.server.nullifier, first.server.nullifier, "one holder, one scope: the same nullifier");
    times.push(last.proveMs);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`e2e: prove in Chromium (ms): ${times.map((t) => t.toFixed(0)).join(", ")}; median ${median.toFixed(0)}`);

  step("next visit: the proving key comes from IndexedDB");
  await open();
  await proveAs("#load-adult", "verified");
  const cached = await page.evaluate(() => window.zkcredDemo.last);
  assert.equal(cached.keySource, "cache");
  assert.equal(cached.server.verified, true);

  step("a proof made by the zkcred CLI (native) verifies in the page");
  const nativeRequest = fs.readFileSync(path.join(native, "request.json"), "utf8");
  const nativePresentation = fs.readFileSync(path.join(native, "presentation.json"), "utf8");
  const nativeVerified = JSON.parse(fs.readFileSync(path.join(native, "verified.json"), "utf8"));
  const inPage = await page.evaluate(([r, p]) => window.zkcredDemo.verifyJson(r, p), [nativeRequest, nativePresentation]);
  assert.equal(inPage.nullifier, nativeVerified.nullifier);
  const otherChallenge = JSON.stringify({ ...JSON.parse(nativeRequest), challenge: "22".repeat(31) });
  const refused = await page.evaluate(([r, p]) => window.zkcredDemo.verifyJson(r, p).then(() => "accepted", (e) => e.kind),
    [otherChallenge, nativePresentation]);
  assert.equal(refused, "verificationFailed");

  step("underage: refused in plain words, the technical message behind Details, nothing sent");
  await page.click("#wallet-reset");
  await proveAs("#load-minor", "refused");
  assert.equal((await page.textContent("#failing")).trim(), "You must be at least 18 to buy this wine.");
  assert.match(await page.textContent("#result"), /does not meet Vinoteca's requirements/);
  assert.equal(await page.isVisible("#refusal-detail"), false, "the details are folded");
  const detail = await page.textContent("#refusal-detail");
  assert.match(detail, /^unsatisfiable: .*predicate 0 \(`birth_date` ageAtLeast\) does not hold/);
  assert.match(detail, /predicateIndex 0, attribute birth_date/);
  await page.click("#refusal-details summary");
  assert.equal(await page.isVisible("#refusal-detail"), true);
  assert.equal(await page.isDisabled("#add-to-cart"), true);
  assert.match(await page.textContent("#gate-note"), /Age-restricted/);
  await page.screenshot({ path: path.join(out, "refused.png"), fullPage: true });

  step("plain words for the other refusals, from kind and fields only");
  const words = await page.evaluate(() => {
    const request = { predicates: [{ attribute: "birth_date", op: "ageAtLeast", value: 21 }], acceptedIssuers: [{ publicKey: "ab" }], now: "2026-01-01" };
    const w = window.zkcredDemo.plainWords;
    return [
      w({ kind: "unsatisfiable", message: "x" }, request, { issuer: "urn:zkcred:issuer:cd", validUntil: "2030-01-01" }),
      w({ kind: "unsatisfiable", message: "x" }, request, { issuer: "urn:zkcred:issuer:ab", validUntil: "2025-01-01" }),
      w({ kind: "unsatisfiable", message: "x", predicateIndex: 0 }, request, null),
      w({ kind: "json", message: "malformed JSON at line 1 column 32" }, request, null),
      w({ kind: "request", message: "x" }, request, null),
    ].map((x) => x.sentence);
  });
  assert.deepEqual(words, [
    "This credential was not issued by a trusted issuer.",
    "This ID has expired.",
    "You must be at least 21 to buy this wine.",
    "Something is wrong with the request. Please reload the page and try again.",
    "Something is wrong with the request. Please reload the page and try again.",
  ]);

  step("OpenID4VP fallback: no Digital Credentials API, the in-page wallet answers the same request");
  assert.equal(await page.evaluate(() => typeof window.DigitalCredential), "undefined", "no DC API here");
  // The page's default flow, with no DC API: OpenID4VP through the in-page wallet.
  await page.goto(server + "/", { waitUntil: "load" });
  await page.waitForSelector("body[data-ready='1']");
  await proveAs("#load-adult", "verified");
  const fallback = await page.evaluate(() => window.zkcredDemo.last);
  assert.equal(fallback.via, "wallet");
  assert.equal(fallback.authorizationRequest.response_mode, "dc_api");
  assert.ok(fallback.authorizationRequest.dcql_query && fallback.authorizationRequest.nonce);
  assert.equal(Object.values(fallback.response.vp_token).length, 1);
  assert.match(await page.textContent("#via"), /this browser's wallet/);

  step("Digital Credentials API (stubbed navigator.credentials.get): the page asks through it and verifies the answer");
  const dcPage = await context.newPage();
  dcPage.on("pageerror", (e) => errors.push(e.message));
  await dcPage.addInitScript(() => {
    window.DigitalCredential = class DigitalCredential {};
    window.__dc = { calls: [], tamper: false, refuse: false };
    Object.defineProperty(navigator, "credentials", {
      configurable: true,
      value: {
        async get(options) {
          window.__dc.calls.push(JSON.parse(JSON.stringify(options)));
          if (window.__dc.refuse) throw new DOMException("no wallet", "NotAllowedError");
          const { protocol, data } = options.digital.requests[0];
          // The wallet behind the API: here the page's own in-page wallet.
          const response = await window.zkcredDemo.answerWithInPageWallet(data);
          if (window.__dc.tamper) {
            const [id] = Object.keys(response.vp_token);
            const t = response.vp_token[id][0];
            response.vp_token[id] = [t.slice(0, 40) + (t[40] === "A" ? "B" : "A") + t.slice(41)];
          }
          return { protocol, data: response };
        },
      },
    });
  });
  await dcPage.goto(server + "/", { waitUntil: "load" });
  await dcPage.waitForSelector("body[data-ready='1']");
  await dcPage.click("#load-adult");
  await dcPage.waitForSelector("#wallet-card:not([hidden])");
  await dcPage.click("#prove");
  await dcPage.waitForSelector("body[data-status='verified']", { timeout: 180_000 });
  const dc = await dcPage.evaluate(() => ({ last: window.zkcredDemo.last, calls: window.__dc.calls }));
  assert.equal(dc.last.via, "dcApi");
  assert.equal(dc.calls.length, 1);
  const asked = dc.calls[0].digital.requests;
  assert.equal(asked.length, 1);
  assert.equal(asked[0].protocol, "openid4vp-v1-unsigned");
  assert.equal(asked[0].data.response_mode, "dc_api");
  assert.equal(asked[0].data.response_type, "vp_token");
  assert.deepEqual(asked[0].data, dc.last.authorizationRequest, "the page verified against the request it sent");
  assert.match(await dcPage.textContent("#via"), /Digital Credentials API/);
  await dcPage.screenshot({ path: path.join(out, "dc-api.png"), fullPage: true });
  // No wallet answers through the API: the in-page wallet answers the same request.
  await dcPage.evaluate(() => { window.__dc.refuse = true; document.body.dataset.status = ""; });
  await dcPage.click("#again");
  await dcPage.waitForSelector("body[data-status='verified']", { timeout: 180_000 });
  const declined = await dcPage.evaluate(() => ({ last: window.zkcredDemo.last, calls: window.__dc.calls }));
  assert.equal(declined.calls.length, 2);
  assert.equal(declined.last.via, "wallet");
  assert.deepEqual(declined.calls[1].digital.requests[0].data, declined.last.authorizationRequest);
  await dcPage.evaluate(() => { window.__dc.refuse = false; });
  // An altered answer through the API is refused by the page.
  await dcPage.evaluate(() => { window.__dc.tamper = true; document.body.dataset.status = ""; });
  await dcPage.click("#again");
  await dcPage.waitForSelector("body[data-status='refused']", { timeout: 180_000 });
  const tampered = await dcPage.evaluate(() => window.zkcredDemo.last.error.kind);
  assert.ok(["verificationFailed", "malformedProof", "encoding"].includes(tampered), tampered);
  await dcPage.close();

  step("phone width (390x844): no sideways scroll, readable steps, screenshots");
  await page.setViewportSize({ width: 390, height: 844 });
  await open();
  const fits = async () => page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    steps: [...document.querySelectorAll(".step")].map((s) => s.getBoundingClientRect().width),
  }));
  let phone = await fits();
  assert.ok(phone.scroll <= 390, `scrollWidth ${phone.scroll} at 390 px`);
  assert.ok(phone.steps.every((w) => w >= 300), `step cards ${phone.steps}`);
  await page.screenshot({ path: path.join(out, "phone.png"), fullPage: true });
  await proveAs("#load-adult", "verified");
  phone = await fits();
  assert.ok(phone.scroll <= 390, `scrollWidth ${phone.scroll} at 390 px after proving`);
  await page.screenshot({ path: path.join(out, "phone-verified.png"), fullPage: true });
  await page.click("#wallet-reset");
  await proveAs("#load-minor", "refused");
  await page.click("#refusal-details summary");
  phone = await fits();
  assert.ok(phone.scroll <= 390, `scrollWidth ${phone.scroll} at 390 px with the details open`);
  await page.screenshot({ path: path.join(out, "phone-refused.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await open();
  await page.screenshot({ path: path.join(out, "desktop.png") });

  step("without the isolation headers: the single-threaded build proves");
  const plain = await context.newPage();
  plain.on("pageerror", (e) => errors.push(e.message));
  await plain.addInitScript(() => { delete window.DigitalCredential; });
  await plain.route((url) => new URL(url).pathname === "/", async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers["cross-origin-opener-policy"];
    delete headers["cross-origin-embedder-policy"];
    await route.fulfill({ response, headers });
  });
  await plain.goto(server + "/?flow=native", { waitUntil: "load" });
  await plain.waitForSelector("body[data-ready='1']");
  assert.equal(await plain.evaluate(() => self.crossOriginIsolated), false, "no isolation without the headers");
  await plain.click("#load-adult");
  await plain.waitForSelector("#wallet-card:not([hidden])");
  await plain.click("#prove");
  await plain.waitForSelector("body[data-status='verified']", { timeout: 180_000 });
  const single = await plain.evaluate(() => window.zkcredDemo.last);
  assert.equal(single.server.verified, true);
  assert.equal(single.threads, 1);
  assert.equal(single.build.threaded, false);
  if (expectThreads) assert.match(single.build.fallback, /not cross-origin isolated/);
  assert.match(await plain.textContent("#proved"), /single-threaded WebAssembly/);
  console.log(`e2e: single-threaded fallback proved in ${single.proveMs.toFixed(0)} ms`);
  await plain.close();

  assert.deepEqual(errors, [], "no errors in the page");
  const wasmBytes = fs.statSync(process.env.ZKCRED_WASM || "/dev/null").size;
  fs.writeFileSync(path.join(out, "bench.json"), JSON.stringify({
    proveMs: times, medianMs: median, wasmBytes, threads: first.threads, singleThreadedMs: single.proveMs,
  }, null, 2));
  step(`passed; screenshots in ${out}`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

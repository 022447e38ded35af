// Installed proving keys in wasm (issue #17 point 3): a page installs the
// downloaded key once (ProvingKey.install: every point checked, the pairing
// relations against the verifying key it trusts), keeps the installed form
// (the holder API keeps it in IndexedDB under the vk hash), and loads that
// warm on later starts (ProvingKey.fromInstalled). A corrupted installed
// form, one installed from another key (checksum recomputed, as anyone
// writing the storage could) and one of another format version are
// refused with a ZkcredError of the right kind. Also measures the warm and
// the validated load (printed, and written to $ZKCRED_OUT/key-load.json;
// no timing is asserted). scripts/test-wasm.sh sets the environment.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const pkg = process.env.ZKCRED_PKG;
const server = process.env.ZKCRED_SERVER;
const out = process.env.ZKCRED_OUT;
assert.ok(pkg && server && out, "set ZKCRED_PKG, ZKCRED_SERVER and ZKCRED_OUT");

const z = await import(path.join(pkg, "node.js"));
const { ZkcredError, Wallet, ProvingKey, VerifyingKey } = z;

const bytes = async (url) => new Uint8Array(await (await fetch(server + url)).arrayBuffer());
const text = async (url, init) => (await fetch(server + url, init)).text();
const origin = new URL(server).origin;
const vkBytes = await bytes("/keys/presentation.vk");
const pkBytes = await bytes("/keys/presentation.pk");
const vk = VerifyingKey.fromBytes(vkBytes);

function refused(f, kind, pattern) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof ZkcredError, `a ZkcredError, not ${e}`);
    assert.equal(e.kind, kind, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

// The installed layout (zkcred_core::keys::installed): magic (8) || version
// (u16 LE) || circuit id (16) || SHA-256 of the compressed key (32) ||
// SHA-256 of the verifying key (32) || origin (65) || key || SHA-256 of all
// before it (32).
const reseal = (installed, edit) => {
  const content = installed.slice(0, installed.length - 32);
  edit(content);
  const digest = crypto.createHash("sha256").update(content).digest();
  const sealed = new Uint8Array(installed.length);
  sealed.set(content);
  sealed.set(digest, content.length);
  return sealed;
};

const { key, installed } = ProvingKey.install(pkBytes, vk);

test("install returns the key and its installed form; the installed form loads warm and proves", async () => {
  assert.ok(key instanceof ProvingKey);
  assert.ok(installed instanceof Uint8Array && installed.length > pkBytes.length);
  assert.deepEqual(key.verifyingKey().toBytes(), vkBytes);
  // Deterministic: the same key installs to the same bytes.
  const again = ProvingKey.install(pkBytes, vk);
  assert.deepEqual(again.installed, installed);
  again.key.free();

  const warm = ProvingKey.fromInstalled(installed, vk);
  assert.deepEqual(warm.verifyingKey().toBytes(), vkBytes);
  assert.equal(warm.origin, "development");
  // An ArrayBuffer is taken too.
  ProvingKey.fromInstalled(installed.slice().buffer, vk).free();

  const wallet = new Wallet();
  const credential = await text("/api/issue", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ holderCommitment: wallet.holderCommitment, profile: "adult" }),
  });
  const id = wallet.importCredential(credential);
  const request = await text("/api/request");
  const revocationPath = await bytes(`/api/revocation-path?serial=${wallet.credentialSerial(id)}`);
  const presentation = wallet.prove(request, id, revocationPath, warm, origin);
  assert.ok(z.verify(request, presentation, vk).nullifier.length > 0);
  warm.free();
  wallet.free();
});

test("a corrupted, truncated or foreign installed key is refused with a typed error", () => {
  for (const at of [0, 20, 40, 70, 200, installed.length >> 1, installed.length - 1]) {
    const bad = installed.slice();
    bad[at] ^= 1;
    refused(() => ProvingKey.fromInstalled(bad, vk), "key");
  }
  for (const len of [0, 50, installed.length >> 1, installed.length - 1]) {
    refused(() => ProvingKey.fromInstalled(installed.slice(0, len), vk), "key");
  }
  // Another format version.
  const newer = installed.slice();
  newer[8] = 99;
  refused(() => ProvingKey.fromInstalled(newer, vk), "unsupportedVersion");
  // Installed against another verifying key: the recorded vk hash is
  // another key's, the checksum recomputed. Refused as not installed from
  // the trusted key. (`fromInstalled` trusts the verifying key, so it
  // compares the recorded vk hash, bytes 58..90; the recorded hash of the
  // compressed file, bytes 26..58, is for callers that trust that file.)
  const foreign = reseal(installed, (c) => c.fill(7, 58, 90));
  refused(() => ProvingKey.fromInstalled(foreign, vk), "key", /another key/);
  // The compressed key is not an installed one, nor the other way round.
  refused(() => ProvingKey.fromInstalled(pkBytes, vk), "key");
  refused(() => ProvingKey.install(installed, vk), "key");
  // A proving key that does not fit the verifying key does not install:
  // beta_1 and delta_1 swapped, every point still valid.
  const unfit = pkBytes.slice();
  unfit.set(pkBytes.subarray(vkBytes.length + 32, vkBytes.length + 64), vkBytes.length);
  unfit.set(pkBytes.subarray(vkBytes.length, vkBytes.length + 32), vkBytes.length + 32);
  refused(() => ProvingKey.install(unfit, vk), "key");
  // Wrong types are typed errors (index.js's guard for the vk).
  refused(() => ProvingKey.fromInstalled(installed, {}), "encoding");
  refused(() => ProvingKey.fromInstalled("installed", vk), "encoding");
});

test("figures: the warm load of the installed form against the validated load (printed, not asserted)", () => {
  const time = (f) => { const t = performance.now(); f().free(); return performance.now() - t; };
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  // The first validated load of these bytes runs the pairing checks too;
  // later ones in this instance skip them (core remembers the pair).
  const validatedFirst = time(() => ProvingKey.fromBytes(pkBytes, vk));
  const validated = [0, 1, 2].map(() => time(() => ProvingKey.fromBytes(pkBytes, vk)));
  const warm = [0, 1, 2, 3, 4].map(() => time(() => ProvingKey.fromInstalled(installed, vk)));
  const figures = {
    installedBytes: installed.length, compressedBytes: pkBytes.length,
    validatedFirstMs: validatedFirst, validatedMs: validated, validatedMedianMs: median(validated),
    warmMs: warm, warmMedianMs: median(warm), load: fs.readFileSync("/proc/loadavg", "utf8").trim(),
  };
  fs.writeFileSync(path.join(out, "key-load.json"), JSON.stringify(figures, null, 2));
  console.log(`proving key load in wasm (Node, one thread): installed form median ${figures.warmMedianMs.toFixed(0)} ms ` +
    `(${warm.map((t) => t.toFixed(0)).join(", ")}); validated median ${figures.validatedMedianMs.toFixed(0)} ms ` +
    `(${validated.map((t) => t.toFixed(0)).join(", ")}), first with the pairing checks ${validatedFirst.toFixed(0)} ms; ` +
    `loadavg ${figures.load}`);
});

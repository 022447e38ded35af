// The zkcred-wasm package as an app uses it (issue #15, browser points 1-4),
// in Node through the package's Node entry: every export refuses arguments
// of the wrong type with a ZkcredError (never a trap), the ZkcredError class
// and its kinds, the request builder, the async holder API (progress, the
// key cache keyed by the verifying key's hash, refusal of a key with another
// hash), and `import { verify } from "zkcred-wasm"` in a plain Node script
// against the packed package. scripts/test-wasm.sh sets the environment
// (ZKCRED_PKG, ZKCRED_SERVER, ZKCRED_NATIVE, ZKCRED_OUT).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const pkg = process.env.ZKCRED_PKG;
const server = process.env.ZKCRED_SERVER;
const native = process.env.ZKCRED_NATIVE;
assert.ok(pkg && server && native, "set ZKCRED_PKG, ZKCRED_SERVER and ZKCRED_NATIVE");

const z = await import(path.join(pkg, "node.js"));
const { ZkcredError, KINDS, Wallet, Presentation, ProvingKey, VerifyingKey, RequestBuilder, createHolder } = z;

const nativeFile = (f) => fs.readFileSync(path.join(native, f));
const requestJson = nativeFile("request.json").toString();
const presentationJson = nativeFile("presentation.json").toString();
const nativeVerified = JSON.parse(nativeFile("verified.json"));
const vkBytes = new Uint8Array(nativeFile("presentation.vk"));
const vk = VerifyingKey.fromBytes(vkBytes);
const origin = new URL(server).origin;
// The verifying key's hash computed here, independently of zkcred.
const sha256 = (b) => crypto.createHash("sha256").update(b).digest("base64url");

function refused(f, kind, field) {
  let thrown;
  try { f(); } catch (e) { thrown = e; }
  assert.ok(thrown, "it throws");
  assert.ok(thrown instanceof ZkcredError, `a ZkcredError, not ${thrown}`);
  assert.ok(thrown instanceof Error);
  assert.equal(thrown.name, "ZkcredError");
  assert.equal(thrown.kind, kind, thrown.message);
  if (field) assert.equal(thrown.field, field, thrown.message);
  return thrown;
}

test("point 1: objects and strings alike; wrong types are typed errors, never a trap", () => {
  // The object form works where the text does (it trapped the module before).
  const request = JSON.parse(requestJson);
  const presentation = Presentation.fromJson(JSON.parse(presentationJson));
  assert.equal(z.verify(request, presentation, vk).nullifier, nativeVerified.nullifier);
  assert.equal(z.verify(requestJson, presentation, vk).nullifier, nativeVerified.nullifier);
  const binary = presentation.toBytes(request);
  assert.equal(z.verifyBytes(request, binary, vk).nullifier, nativeVerified.nullifier);
  assert.equal(z.verifyBatch(request, vk, [binary])[0].accepted, true);

  const huge = "{" + " ".repeat(5 << 20) + "}";
  const wrong = [{ not: "this" }, 42, undefined, null, huge, true, () => 1, Symbol("s"), 10n];
  const wallet = new Wallet();
  const path0 = new Uint8Array(1536);
  const pkLike = {};
  const auth = JSON.parse(z.openid4vpDcApiRequest(request, vk));
  assert.equal(auth.response_mode, "dc_api");
  const exports = {
    "Presentation.fromJson": (a) => Presentation.fromJson(a),
    "Presentation.fromBytes(bytes)": (a) => Presentation.fromBytes(a, request),
    "Presentation.fromBytes(request)": (a) => Presentation.fromBytes(binary, a),
    "presentation.toBytes": (a) => presentation.toBytes(a),
    "VerifyingKey.fromBytes": (a) => VerifyingKey.fromBytes(a),
    "ProvingKey.fromBytes(bytes)": (a) => ProvingKey.fromBytes(a, vk),
    "ProvingKey.fromBytes(vk)": (a) => ProvingKey.fromBytes(vkBytes, a),
    "ProvingKey.install(bytes)": (a) => ProvingKey.install(a, vk),
    "ProvingKey.install(vk)": (a) => ProvingKey.install(vkBytes, a),
    "ProvingKey.fromInstalled(bytes)": (a) => ProvingKey.fromInstalled(a, vk),
    "ProvingKey.fromInstalled(vk)": (a) => ProvingKey.fromInstalled(vkBytes, a),
    "verify(request)": (a) => z.verify(a, presentation, vk),
    "verify(presentation)": (a) => z.verify(request, a, vk),
    "verify(vk)": (a) => z.verify(request, presentation, a),
    "verifyBytes(request)": (a) => z.verifyBytes(a, binary, vk),
    "verifyBytes(bytes)": (a) => z.verifyBytes(request, a, vk),
    "verifyBytes(vk)": (a) => z.verifyBytes(request, binary, a),
    "verifyBatch(request)": (a) => z.verifyBatch(a, vk, []),
    "verifyBatch(vk)": (a) => z.verifyBatch(request, a, []),
    "verifyBatch(proofs)": (a) => z.verifyBatch(request, vk, a),
    "Wallet.fromJson": (a) => Wallet.fromJson(a),
    "wallet.importCredential": (a) => wallet.importCredential(a),
    "wallet.credentialJson": (a) => wallet.credentialJson(a),
    "wallet.credentialSerial": (a) => wallet.credentialSerial(a),
    "wallet.matching": (a) => wallet.matching(a),
    "wallet.check(request)": (a) => wallet.check(a, "id", path0, origin),
    "wallet.check(id)": (a) => wallet.check(request, a, path0, origin),
    "wallet.check(path)": (a) => wallet.check(request, "id", a, origin),
    "wallet.check(origin)": (a) => wallet.check(request, "id", path0, a),
    "wallet.prove(request)": (a) => wallet.prove(a, "id", path0, pkLike, origin),
    "wallet.prove(pk)": (a) => wallet.prove(request, "id", path0, a, origin),
    "openid4vpDcApiRequest(request)": (a) => z.openid4vpDcApiRequest(a, vk),
    "openid4vpDcApiRequest(vk)": (a) => z.openid4vpDcApiRequest(request, a),
    "openid4vpDcApiRequest(nonce)": (a) => z.openid4vpDcApiRequest(request, vk, a ?? 7),
    "verifyOpenid4vpResponse(request)": (a) => z.verifyOpenid4vpResponse(a, origin, {}, vk),
    "verifyOpenid4vpResponse(origin)": (a) => z.verifyOpenid4vpResponse(auth, a, {}, vk),
    "verifyOpenid4vpResponse(response)": (a) => z.verifyOpenid4vpResponse(auth, origin, a, vk),
    "verifyOpenid4vpResponse(vk)": (a) => z.verifyOpenid4vpResponse(auth, origin, {}, a),
    "wallet.checkOpenid4vp": (a) => wallet.checkOpenid4vp(a, "id", path0, origin),
    "wallet.proveOpenid4vp(pk)": (a) => wallet.proveOpenid4vp(auth, "id", path0, a, origin),
    "checkRequestDraft": (a) => z.checkRequestDraft(a),
    "checkRequest": (a) => z.checkRequest(a),
  };
  let n = 0;
  for (const [name, f] of Object.entries(exports)) {
    for (const value of wrong) {
      let thrown;
      try { f(value); } catch (e) { thrown = e; }
      // Some wrong values are still well-typed for some arguments (an
      // object where JSON is taken): those must fail as a zkcred error of
      // another kind (the JSON does not match), never a trap.
      assert.ok(thrown, `${name}(${typeof value}) throws`);
      assert.ok(thrown instanceof ZkcredError, `${name}(${typeof value}): ${thrown}`);
      assert.ok(KINDS.includes(thrown.kind), `${name}: ${thrown.kind}`);
      n++;
    }
  }
  assert.ok(n > 200);
  refused(() => z.verify(42, presentation, vk), "encoding", "request");
  refused(() => z.verify(huge, presentation, vk), "encoding", "request");
  refused(() => z.verify(request, presentation, {}), "encoding", "vk");
  refused(() => VerifyingKey.fromBytes(undefined), "encoding", "bytes");
  refused(() => wallet.check(request, 7, path0, origin), "encoding", "credentialId");
  refused(() => z.verifyBatch(request, vk, "not an array"), "encoding", "proofs");
  // And the module still works after all of it (no trap poisoned it).
  assert.equal(z.verify(request, presentation, vk).nullifier, nativeVerified.nullifier);
});

test("point 2: ZkcredError is a class with a kind union and structured fields", async () => {
  assert.equal(typeof ZkcredError, "function");
  const e = refused(() => Presentation.fromJson("not json"), "json");
  assert.ok(ZkcredError.is(e));
  // The structured fields of a refusal, from the wasm module.
  const wallet = new Wallet();
  const credential = await (await fetch(`${server}/api/issue`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ holderCommitment: wallet.holderCommitment, profile: "minor" }),
  })).text();
  const id = wallet.importCredential(JSON.parse(credential));
  const serverRequest = JSON.parse(await (await fetch(`${server}/api/request`)).text());
  const revocationPath = new Uint8Array(await (await fetch(`${server}/api/revocation-path?serial=${wallet.credentialSerial(id)}`)).arrayBuffer());
  const u = refused(() => wallet.check(serverRequest, id, revocationPath, origin), "unsatisfiable");
  assert.equal(u.predicateIndex, 0);
  assert.equal(u.attribute, "birth_date");
  // It survives postMessage as a plain object and comes back as the class.
  const copy = ZkcredError.from(structuredClone(u.toJSON()));
  assert.ok(copy instanceof ZkcredError);
  assert.deepEqual([copy.kind, copy.predicateIndex, copy.attribute, copy.message], [u.kind, 0, "birth_date", u.message]);
  // The declarations: every kind in the union, the fields declared.
  const dts = fs.readFileSync(path.join(pkg, "errors.d.ts"), "utf8");
  for (const kind of KINDS) assert.match(dts, new RegExp(`"${kind}"`));
  for (const field of ["kind: ErrorKind", "predicateIndex?: number", "attribute?: string", "field?: string"]) {
    assert.ok(dts.includes(field), field);
  }
  const index = fs.readFileSync(path.join(pkg, "index.d.ts"), "utf8");
  assert.match(index, /export \{ ZkcredError, KINDS, ErrorKind \}/);
});

const schema = JSON.parse(requestJson).schema;
const issuer = JSON.parse(requestJson).acceptedIssuers[0];

test("point 3: the request builder checks each step against the schema, at the call", () => {
  const base = RequestBuilder.create(schema, "https://shop.example/age");
  const adult = base.require("birth_date", "ageAtLeast", 18);
  const full = adult.require("nationality", "in", ["DE", "FR"]).disclose("kyc_level")
    .acceptIssuer(issuer.publicKey, issuer.revocationRoot);
  const built = full.build();
  assert.equal(built.predicates.length, 2);
  assert.deepEqual(built.disclose, ["kyc_level"]);
  assert.match(built.challenge, /^[0-9a-f]{62}$/);
  // The builder is immutable: `adult` did not change.
  assert.equal(adult.acceptIssuer(issuer.publicKey, issuer.revocationRoot).build().predicates.length, 1);
  refused(() => adult.build(), "request"); // no accepted issuer yet
  // A typo fails at its own call, naming it.
  const typo = refused(() => base.require("age", "ageAtLeast", 18), "request");
  assert.match(typo.message, /`age`/);
  refused(() => base.require("birth_date", "olderThan", 18), "request");
  refused(() => base.require("nationality", "in", 3), "request");
  refused(() => base.disclose("shoe_size"), "request");
  refused(() => base.acceptIssuer("zz", "0x00"), "encoding");
  // Naming the verifying key (issue #13): `vkHash` is the key's hash.
  assert.equal(full.forVerifyingKey(vk).build().vkHash, vk.hash);
  assert.equal(full.build().vkHash, undefined);
  refused(() => full.forVerifyingKey("not a key"), "encoding", "vk");
  // The built request is what core accepts: a wallet matches it.
  assert.deepEqual(new Wallet().matching(built), []);
});

test("point 3: the async holder proves with real progress stages and caches the keys by the vk hash", async () => {
  const vkHash = sha256(vkBytes);
  const serverVk = new Uint8Array(await (await fetch(`${server}/keys/presentation.vk`)).arrayBuffer());
  const serverVkHash = sha256(serverVk);
  assert.equal(VerifyingKey.fromBytes(serverVk).hash, serverVkHash, "the same hash as core's vk_hash");
  assert.equal(vk.hash, vkHash);
  const keys = { provingKeyUrl: `${server}/keys/presentation.pk`, verifyingKeyUrl: `${server}/keys/presentation.vk`, vkHash: serverVkHash };
  const store = new Map();
  const cache = { async get(k) { return store.get(k) ?? null; }, async put(k, v) { store.set(k, v); }, async delete(k) { store.delete(k); } };
  const holder = createHolder({ keys, origin, cache });
  const { holderCommitment } = await holder.newWallet();
  const credential = await (await fetch(`${server}/api/issue`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ holderCommitment, profile: "adult" }),
  })).json();
  const summary = await holder.importCredential(credential);
  const request = JSON.parse(await (await fetch(`${server}/api/request`)).text());
  const revocationPath = new Uint8Array(await (await fetch(`${server}/api/revocation-path?serial=${summary.serial}`)).arrayBuffer());
  const events = [];
  const proof = await holder.prove({ request, credentialId: summary.id, revocationPath, onProgress: (e) => events.push(e) });
  assert.equal(proof.keySource, "network");
  // In Node (local mode) the single-threaded build proves, and says so.
  assert.equal(proof.threads, 1);
  assert.deepEqual(await holder.info(), { threaded: false, threads: 1 });
  assert.equal(holder.threads, 1);
  const stages = [...new Set(events.map((e) => e.stage))];
  assert.deepEqual(stages, ["check", "download", "validate", "prove"]);
  const pkEvents = events.filter((e) => e.stage === "download" && e.file === "provingKey");
  const last = pkEvents[pkEvents.length - 1];
  assert.ok(last.total > 1_000_000 && last.loaded === last.total && last.fraction === 1, JSON.stringify(last));
  assert.ok(pkEvents.length > 2, "bytes arrive in several steps");
  assert.equal(z.verifyBytes(request, proof.bytes, VerifyingKey.fromBytes(serverVk)).nullifier, proof.nullifier);
  assert.ok(store.has(serverVkHash), "cached under the vk hash");
  // The cache keeps the installed form (uncompressed, larger than the
  // 2.5 MB download), not the compressed key.
  const entry = store.get(serverVkHash);
  assert.ok(entry.installed instanceof Uint8Array && entry.installed.length > last.total, "the installed form");
  assert.equal(entry.pk, undefined);

  // A second holder with the same cache loads the installed form, warm.
  const again = createHolder({ keys, origin, cache });
  await again.loadWallet(await holder.exportWallet());
  const cachedEvents = [];
  const secondRequest = JSON.parse(await (await fetch(`${server}/api/request`)).text());
  const second = await again.prove({ request: secondRequest, credentialId: summary.id, revocationPath, onProgress: (e) => cachedEvents.push(e) });
  assert.equal(second.keySource, "cache");
  assert.ok(!cachedEvents.some((e) => e.stage === "download"));
  assert.ok(cachedEvents.some((e) => e.stage === "validate" && e.installed === true && e.fraction === 1));
  assert.equal(z.verifyBytes(secondRequest, second.bytes, VerifyingKey.fromBytes(serverVk)).nullifier, second.nullifier);

  // A damaged cache entry is not used: the keys are downloaded again, and
  // installed again.
  for (const damaged of [
    entry.installed.slice(0, entry.installed.length - 7),
    (() => { const b = entry.installed.slice(); b[b.length >> 1] ^= 1; return b; })(),
  ]) {
    store.set(serverVkHash, { vk: entry.vk, installed: damaged });
    const third = createHolder({ keys, origin, cache });
    await third.loadWallet(await holder.exportWallet());
    const rejected = [];
    assert.equal((await third.warm({ onProgress: (e) => rejected.push(e) })).source, "network");
    assert.ok(rejected.some((e) => e.stage === "cache" && e.rejected));
    assert.deepEqual(store.get(serverVkHash).installed, entry.installed);
  }
  // A cached verifying key with another hash is not used either.
  const other = new Uint8Array(entry.vk); other[other.length - 1] ^= 1;
  store.set(serverVkHash, { vk: other, installed: entry.installed });
  assert.equal((await createHolder({ keys, origin, cache }).warm()).source, "network");
  // An entry of an earlier version of the package (the compressed key) is
  // used, installed and replaced by the installed form.
  const pkBytes = new Uint8Array(await (await fetch(keys.provingKeyUrl)).arrayBuffer());
  store.set(serverVkHash, { vk: entry.vk, pk: pkBytes });
  assert.equal((await createHolder({ keys, origin, cache }).warm()).source, "cache");
  assert.deepEqual(store.get(serverVkHash), { vk: entry.vk, installed: entry.installed });

  // A downloaded verifying key whose hash is not the expected one is refused.
  const wrongHash = createHolder({ keys: { ...keys, vkHash: sha256(new Uint8Array([1])) }, origin, cache: false });
  await assert.rejects(wrongHash.warm(), (e) => e instanceof ZkcredError && e.kind === "key" && e.field === "vkHash");
  await assert.rejects(createHolder({ keys: { ...keys, vkHash: "short" }, origin }).warm(),
    (e) => e instanceof ZkcredError && e.kind === "encoding" && e.field === "vkHash");
  // A missing key file is an io error with the HTTP status.
  await assert.rejects(createHolder({ keys: { ...keys, provingKeyUrl: `${server}/keys/nope.pk`, vkHash: undefined }, origin, cache: false }).warm(),
    (e) => e instanceof ZkcredError && e.kind === "io" && e.status === 404);
  // Refusals come before any download, with their fields.
  const minor = createHolder({ keys: { ...keys, provingKeyUrl: `${server}/keys/nope.pk` }, origin, cache: false });
  const m = await minor.newWallet();
  const minorCredential = await (await fetch(`${server}/api/issue`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ holderCommitment: m.holderCommitment, profile: "minor" }),
  })).text();
  const ms = await minor.importCredential(minorCredential);
  const mPath = new Uint8Array(await (await fetch(`${server}/api/revocation-path?serial=${ms.serial}`)).arrayBuffer());
  await assert.rejects(minor.prove({ request, credentialId: ms.id, revocationPath: mPath }),
    (e) => e instanceof ZkcredError && e.kind === "unsatisfiable" && e.predicateIndex === 0 && e.attribute === "birth_date");
  await assert.rejects(holder.prove({ request, credentialId: summary.id, revocationPath: "x" }),
    (e) => e instanceof ZkcredError && e.kind === "encoding" && e.field === "revocationPath");
});

test("point 4: `import { verify } from 'zkcred-wasm'` in a plain Node script, from the packed package", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkcred-pack-"));
  try {
    const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", dir, pkg], { encoding: "utf8" }));
    const files = packed[0].files.map((f) => f.path);
    for (const f of ["index.js", "node.js", "worker.js", "errors.js", "zkcred_wasm_bg.wasm", "index.d.ts"]) assert.ok(files.includes(f), f);
    assert.ok(files.some((f) => f.startsWith("snippets/")), "the snippet ships");
    if (process.env.ZKCRED_EXPECT_THREADS !== "0") {
      // The threaded build ships beside the single-threaded one, with its
      // thread pool's worker script.
      for (const f of ["mt/zkcred_wasm.js", "mt/zkcred_wasm_bg.wasm"]) assert.ok(files.includes(f), f);
      assert.ok(files.some((f) => /^mt\/snippets\/wasm-bindgen-rayon-[^/]+\/src\/workerHelpers\.no-bundler\.js$/.test(f)),
        "the thread pool's worker ships");
    }
    const app = path.join(dir, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", "--loglevel=error", path.join(dir, packed[0].filename)], { cwd: app });
    const meta = JSON.parse(fs.readFileSync(path.join(app, "node_modules/zkcred-wasm/package.json"), "utf8"));
    assert.ok(meta.engines && meta.engines.node, "engines");
    assert.ok(meta.repository && meta.repository.url, "repository");
    assert.equal(meta.exports["."].node, "./node.js");
    fs.writeFileSync(path.join(app, "check.mjs"), `
import { verify, Presentation, VerifyingKey, ZkcredError } from "zkcred-wasm";
import { readFileSync } from "node:fs";
const [request, presentation, vk] = process.argv.slice(2).map((f) => readFileSync(f));
const v = verify(JSON.parse(request), Presentation.fromJson(presentation.toString()), VerifyingKey.fromBytes(vk));
try { verify(42, null, null); } catch (e) { if (!(e instanceof ZkcredError)) throw e; }
console.log(v.nullifier);
`);
    const out = execFileSync("node", ["check.mjs", path.join(native, "request.json"), path.join(native, "presentation.json"), path.join(native, "presentation.vk")],
      { cwd: app, encoding: "utf8" });
    assert.equal(out.trim(), nativeVerified.nullifier);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

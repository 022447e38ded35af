// zkcred-wasm's API in Node (node:test), against the demo server and the
// `zkcred` CLI's files. scripts/test-wasm.sh sets the environment:
//   ZKCRED_PKG     the built package (target/zkcred-wasm-pkg)
//   ZKCRED_SERVER  the demo server's URL (native issuer and verifier)
//   ZKCRED_NATIVE  a directory with the CLI's request.json, presentation.json,
//                  verified.json (`zkcred verify` output) and presentation.vk
//   ZKCRED_OUT     where to write the wasm-made presentation for `zkcred verify`
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const pkg = process.env.ZKCRED_PKG;
const server = process.env.ZKCRED_SERVER;
const native = process.env.ZKCRED_NATIVE;
const out = process.env.ZKCRED_OUT;
assert.ok(pkg && server && native && out, "set ZKCRED_PKG, ZKCRED_SERVER, ZKCRED_NATIVE and ZKCRED_OUT");

const z = await import(path.join(pkg, "zkcred_wasm.js"));
z.initSync({ module: fs.readFileSync(path.join(pkg, "zkcred_wasm_bg.wasm")) });
const { Wallet, ProvingKey, VerifyingKey, Presentation, verify, verifyBytes, verifyBatch } = z;

const bytes = async (url) => new Uint8Array(await (await fetch(server + url)).arrayBuffer());
const text = async (url, init) => (await fetch(server + url, init)).text();
const vk = VerifyingKey.fromBytes(await bytes("/keys/presentation.vk"));
let pk; // loaded once (and checked against the vk), by the first test that needs it
const provingKey = async () => (pk ??= ProvingKey.fromBytes(await bytes("/keys/presentation.pk"), vk));
// The demo page's origin: the server scopes its requests under it.
const origin = new URL(server).origin;

function throwsKind(f, kind, pattern) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof Error, "a JS Error");
    assert.equal(e.name, "ZkcredError");
    assert.equal(e.kind, kind, `kind of: ${e.message}`);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

async function holderWith(profile) {
  const wallet = new Wallet();
  const credential = await text("/api/issue", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ holderCommitment: wallet.holderCommitment, profile }),
  });
  const id = wallet.importCredential(credential);
  const requestJson = await text("/api/request");
  const revocationPath = await bytes(`/api/revocation-path?serial=${wallet.credentialSerial(id)}`);
  return { wallet, id, requestJson, revocationPath, credential };
}

test("errors are JS Errors with a kind", () => {
  throwsKind(() => Presentation.fromJson("not json"), "json");
  throwsKind(() => ProvingKey.fromBytes(new Uint8Array([1, 2, 3]), vk), "key");
  throwsKind(() => VerifyingKey.fromBytes(new Uint8Array(0)), "key");
  throwsKind(() => Wallet.fromJson('{"version": 9, "secret": "00", "credentials": []}'), "unsupportedVersion");
  throwsKind(() => new Wallet().importCredential("{}"), "json");
});

test("a proof made natively (zkcred CLI) verifies in wasm, same bytes, and fails when anything changes", () => {
  const requestJson = fs.readFileSync(path.join(native, "request.json"), "utf8");
  const presentationJson = fs.readFileSync(path.join(native, "presentation.json"), "utf8");
  const nativeVerified = JSON.parse(fs.readFileSync(path.join(native, "verified.json"), "utf8"));
  const nativeVk = VerifyingKey.fromBytes(fs.readFileSync(path.join(native, "presentation.vk")));
  const presentation = Presentation.fromJson(presentationJson);
  const verified = verify(requestJson, presentation, nativeVk);
  assert.equal(verified.nullifier, nativeVerified.nullifier);
  // The CLI prints keys as 0x-hex (issue #15: one encoding for what it
  // prints); documents and the library keep the bare hex.
  assert.equal(`0x${verified.issuer}`, nativeVerified.issuer);
  assert.deepEqual(verified.disclosed, nativeVerified.disclosed);
  // The JSON round-trips to the same text, and the binary form verifies too.
  assert.equal(Presentation.fromJson(presentation.toJson()).toJson(), presentation.toJson());
  const binary = presentation.toBytes(requestJson);
  assert.equal(verifyBytes(requestJson, binary, nativeVk).nullifier, nativeVerified.nullifier);
  // Another challenge, another scope, a flipped proof bit: refused.
  const request = JSON.parse(requestJson);
  const other = JSON.stringify({ ...request, challenge: "11".repeat(31) });
  throwsKind(() => verify(other, presentation, nativeVk), "verificationFailed");
  throwsKind(() => verify(JSON.stringify({ ...request, scope: "elsewhere.example" }), presentation, nativeVk), "verificationFailed");
  const tampered = JSON.parse(presentationJson);
  const last = tampered.proof.length - 1;
  tampered.proof = tampered.proof.slice(0, last) + (tampered.proof[last] === "0" ? "1" : "0");
  assert.throws(() => verify(requestJson, Presentation.fromJson(JSON.stringify(tampered)), nativeVk),
    (e) => e.name === "ZkcredError" && ["verificationFailed", "malformedProof"].includes(e.kind));
});

test("a proof made in wasm verifies natively (the server), once", async () => {
  const { wallet, id, requestJson, revocationPath } = await holderWith("adult");
  assert.deepEqual(wallet.matching(requestJson), [id]);
  // The server's request is scoped under the page's origin: the matching origin proves.
  assert.equal(JSON.parse(requestJson).scope, `${origin}/age-check`);
  wallet.check(requestJson, id, revocationPath, origin);
  const pk = await provingKey();
  const presentation = wallet.prove(requestJson, id, revocationPath, pk, origin);
  const binary = presentation.toBytes(requestJson);
  assert.ok(binary instanceof Uint8Array);
  assert.equal(presentation.disclosedJson, "{}");
  // In wasm ...
  assert.equal(verifyBytes(requestJson, binary, vk).nullifier, presentation.nullifier);
  // ... and in native Rust, the same bytes.
  const challenge = JSON.parse(requestJson).challenge;
  const post = () => fetch(`${server}/api/verify?challenge=${challenge}`, {
    method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: binary,
  });
  const answer = await post();
  const verified = await answer.json();
  assert.equal(answer.status, 200, JSON.stringify(verified));
  assert.equal(verified.verified, true);
  assert.equal(verified.nullifier, presentation.nullifier);
  assert.deepEqual(verified.disclosed, {});
  // The challenge is single-use: a replay is refused.
  const replay = await post();
  assert.equal(replay.status, 400);
  assert.equal((await replay.json()).error, "unknownChallenge");
  // For `zkcred verify` (JSON form) in scripts/test-wasm.sh.
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "request.json"), requestJson);
  fs.writeFileSync(path.join(out, "presentation.json"), presentation.toJson());
  fs.writeFileSync(path.join(out, "expected-nullifier"), presentation.nullifier);
});

test("the server refuses a proof for another request", async () => {
  const { wallet, id, requestJson, revocationPath } = await holderWith("adult");
  const presentation = wallet.prove(requestJson, id, revocationPath, await provingKey(), origin);
  const otherRequest = await text("/api/request");
  const answer = await fetch(`${server}/api/verify?challenge=${JSON.parse(otherRequest).challenge}`, {
    method: "POST", body: presentation.toBytes(requestJson),
  });
  assert.equal(answer.status, 422);
  assert.equal((await answer.json()).verified, false);
});

test("an underage credential is refused, naming the failing predicate", async () => {
  const { wallet, id, requestJson, revocationPath } = await holderWith("minor");
  assert.deepEqual(wallet.matching(requestJson), []);
  throwsKind(() => wallet.check(requestJson, id, revocationPath, origin), "unsatisfiable", /predicate 0 \(`birth_date` ageAtLeast\)/);
  throwsKind(() => wallet.prove(requestJson, id, revocationPath, pk ?? ProvingKey.fromBytes(new Uint8Array(0), vk), origin),
    pk ? "unsatisfiable" : "key");
  // The message never shows the birth date.
  try { wallet.check(requestJson, id, revocationPath, origin); } catch (e) { assert.doesNotMatch(e.message, /\d{4}-\d{2}-\d{2}/); }
});

test("a credential from a country outside the accepted set is refused on the nationality predicate", async () => {
  const { wallet, id, requestJson, revocationPath } = await holderWith("foreign");
  throwsKind(() => wallet.check(requestJson, id, revocationPath, origin), "unsatisfiable", /predicate 1 \(`nationality` in\)/);
});

test("wallets round-trip, and refuse credentials bound to another holder", async () => {
  const { wallet, id, credential, requestJson } = await holderWith("adult");
  const copy = Wallet.fromJson(wallet.toJson());
  assert.equal(copy.holderCommitment, wallet.holderCommitment);
  assert.deepEqual(copy.credentialIds(), [id]);
  assert.equal(JSON.parse(copy.credentialJson(id)).id, id);
  throwsKind(() => copy.importCredential(credential), "credential", /already holds/);
  throwsKind(() => new Wallet().importCredential(credential), "credential", /another holder/);
  throwsKind(() => wallet.credentialSerial("urn:nope"), "credential");
  throwsKind(() => wallet.check(requestJson, id, new Uint8Array(10), origin), "encoding");
  copy.free();
});

test("verifyBatch: one row per proof, in order, each refusal with its kind", () => {
  const requestJson = fs.readFileSync(path.join(native, "request.json"), "utf8");
  const presentationJson = fs.readFileSync(path.join(native, "presentation.json"), "utf8");
  const nativeVerified = JSON.parse(fs.readFileSync(path.join(native, "verified.json"), "utf8"));
  const nativeVk = VerifyingKey.fromBytes(fs.readFileSync(path.join(native, "presentation.vk")));
  const binary = Presentation.fromJson(presentationJson).toBytes(requestJson);
  // Another nullifier: still a field element, so it parses, but it does not verify.
  const tampered = JSON.parse(presentationJson);
  const n = tampered.nullifier;
  tampered.nullifier = n.slice(0, 10) + (n[10] === "0" ? "1" : "0") + n.slice(11);
  const rows = verifyBatch(requestJson, nativeVk, [
    new TextEncoder().encode(presentationJson),
    binary,
    JSON.stringify(tampered),
    new Uint8Array([0xff, 0x00, 0x13, 0x37]),
  ]);
  assert.ok(Array.isArray(rows));
  assert.deepEqual(rows.map((r) => r.index), [0, 1, 2, 3]);
  assert.deepEqual(rows.map((r) => r.accepted), [true, true, false, false]);
  for (const r of rows.slice(0, 2)) {
    assert.equal(r.nullifier, nativeVerified.nullifier);
    assert.deepEqual(r.disclosed, nativeVerified.disclosed);
    assert.equal(r.errorKind, null);
    assert.equal(r.reason, null);
  }
  assert.equal(rows[2].errorKind, "verificationFailed");
  assert.equal(rows[2].reason, "the presentation does not verify");
  assert.equal(rows[2].nullifier, null);
  assert.equal(rows[2].disclosed, null);
  assert.equal(rows[3].errorKind, "encoding");
  assert.ok(rows.every((r) => typeof r.elapsedMs === "number" && r.elapsedMs >= 0));
  assert.deepEqual(verifyBatch(requestJson, nativeVk, []), []);
  throwsKind(() => verifyBatch(requestJson, nativeVk, [42]), "encoding");
  throwsKind(() => verifyBatch("{", nativeVk, []), "json");
});

test("a refusal names the failing predicate's position and attribute, an encoding error its field", async () => {
  for (const [profile, predicate, attribute] of [["minor", 0, "birth_date"], ["foreign", 1, "nationality"]]) {
    const { wallet, id, requestJson, revocationPath } = await holderWith(profile);
    assert.throws(() => wallet.check(requestJson, id, revocationPath, origin), (e) => {
      assert.equal(e.kind, "unsatisfiable");
      assert.equal(e.predicate, predicate);
      assert.equal(e.attribute, attribute);
      assert.equal(e.field, undefined);
      return true;
    });
  }
  const { wallet, id, requestJson } = await holderWith("adult");
  assert.throws(() => wallet.check(requestJson, id, new Uint8Array(10), origin), (e) => {
    assert.equal(e.kind, "encoding");
    assert.match(e.field, /revocation path/);
    assert.equal(e.predicate, undefined);
    return true;
  });
});

test("a request scoped to another origin is refused before proving, naming neither", async () => {
  const { wallet, id, requestJson, revocationPath } = await holderWith("adult");
  const pk = await provingKey();
  const port = Number(new URL(server).port);
  const others = [
    "https://vinoteca.example",          // another site
    `http://127.0.0.1:${port + 1}`,      // another port
    `http://localhost:${port}`,          // another host name for the same machine
    `https://127.0.0.1:${port}`,         // another scheme
  ];
  for (const other of others) {
    throwsKind(() => wallet.check(requestJson, id, revocationPath, other), "scopeMismatch");
    throwsKind(() => wallet.prove(requestJson, id, revocationPath, pk, other), "scopeMismatch");
    try { wallet.prove(requestJson, id, revocationPath, pk, other); } catch (e) {
      assert.ok(!e.message.includes("127.0.0.1") && !e.message.includes("example"), e.message);
    }
  }
  // A site cannot borrow another's scope: a request in a scope of another
  // origin (here the CLI's `vinoteca.example/age-check`) is refused for ours.
  const foreign = JSON.stringify({ ...JSON.parse(requestJson), scope: "https://vinoteca.example/age-check" });
  throwsKind(() => wallet.prove(foreign, id, revocationPath, pk, origin), "scopeMismatch");
  // An origin that is not a serialised web origin is an encoding error.
  for (const bad of ["", "null", `${origin}/`, origin.toUpperCase()]) {
    throwsKind(() => wallet.prove(requestJson, id, revocationPath, pk, bad), "encoding");
  }
  // And the same request from its own origin proves.
  const presentation = wallet.prove(requestJson, id, revocationPath, pk, origin);
  assert.equal(verifyBytes(requestJson, presentation.toBytes(requestJson), vk).nullifier, presentation.nullifier);
});

test("a proving key that does not fit the site's verifying key is refused", async () => {
  const pkBytes = await bytes("/keys/presentation.pk");
  const vkBytes = vk.toBytes();
  // The prover's beta_1 and delta_1 follow the embedded verifying key (the
  // proving key's header is the verifying key's): swapping them leaves every
  // point valid, so only the check against the verifying key can refuse it.
  const unfit = pkBytes.slice();
  unfit.set(pkBytes.subarray(vkBytes.length + 32, vkBytes.length + 64), vkBytes.length);
  unfit.set(pkBytes.subarray(vkBytes.length, vkBytes.length + 32), vkBytes.length + 32);
  assert.notDeepEqual(unfit, pkBytes);
  throwsKind(() => ProvingKey.fromBytes(unfit, vk), "key");
  // A truncated key is malformed.
  throwsKind(() => ProvingKey.fromBytes(pkBytes.subarray(0, pkBytes.length - 1), vk), "key");
  // The genuine key fits.
  const fits = ProvingKey.fromBytes(pkBytes, vk);
  assert.deepEqual(fits.verifyingKey().toBytes(), vkBytes);
  fits.free();
});

// The package's `contribute` (issue #13: browser contributors) in Node, on a
// real zkcred ceremony key: the new key and its contribution hash are
// written for scripts/test-circom.sh, which has `zkcred ceremony verify` and
// `snarkjs zkey verify` check them; a truncated key and wrong-typed
// arguments are ZkcredErrors of kind `encoding`.
//
// Environment: ZKCRED_CEREMONY_PKG (a package directory: the full package,
// whose Node entry is used, or one with ceremony.js, errors.js and
// ceremony/ alone), ZKCRED_CEREMONY_IN (the .zkey to contribute to),
// ZKCRED_CEREMONY_OUT (the .zkey to write; the hash goes to OUT.hash as
// snarkjs prints it), ZKCRED_CEREMONY_NAME (the contributor).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const pkg = process.env.ZKCRED_CEREMONY_PKG;
const input = process.env.ZKCRED_CEREMONY_IN;
const output = process.env.ZKCRED_CEREMONY_OUT;
const name = process.env.ZKCRED_CEREMONY_NAME;
assert.ok(pkg && input && output && name, "set ZKCRED_CEREMONY_PKG, _IN, _OUT and _NAME");

let contribute;
if (fs.existsSync(path.join(pkg, "node.js"))) {
  ({ contribute } = await import(path.join(pkg, "node.js")));
} else {
  const c = await import(path.join(pkg, "ceremony.js"));
  const wasm = path.join(pkg, "ceremony", "zkcred_ceremony_bg.wasm");
  c.setCeremonySource(() => fs.readFileSync(wasm));
  contribute = c.contribute;
}
const { ZkcredError } = await import(path.join(pkg, "errors.js"));
const zkey = new Uint8Array(fs.readFileSync(input));

async function refused(promise, kind, field) {
  let thrown;
  try { await promise; } catch (e) { thrown = e; }
  assert.ok(thrown, "it rejects");
  assert.ok(thrown instanceof ZkcredError, `a ZkcredError of the package's class, not ${thrown}`);
  assert.equal(thrown.kind, kind, thrown.message);
  if (field) assert.equal(thrown.field, field);
  return thrown;
}

test("contribute adds a named contribution and returns its hash as snarkjs prints it", async () => {
  const t = performance.now();
  const c = await contribute(zkey, "the wasm contributor's typed text", name);
  console.log(`contribute in wasm (Node): ${(performance.now() - t).toFixed(0)} ms on ${zkey.length} bytes`);
  assert.ok(c.zkey instanceof Uint8Array);
  assert.ok(c.zkey.length > zkey.length, "the key grew by a contribution record");
  assert.match(c.hashHex, /^[0-9a-f]{128}$/);
  const lines = c.hash.split("\n");
  assert.equal(lines.length, 4);
  for (const [i, line] of lines.entries()) {
    assert.match(line, /^\t\t[0-9a-f]{8}( [0-9a-f]{8}){3}$/);
    assert.equal(line.slice(2).replaceAll(" ", ""), c.hashHex.slice(32 * i, 32 * (i + 1)));
  }
  fs.writeFileSync(output, c.zkey);
  fs.writeFileSync(`${output}.hash`, `${c.hash}\n`);
});

test("a truncated or foreign key and wrong-typed arguments are ZkcredErrors", async () => {
  await refused(contribute(zkey.subarray(0, zkey.length >> 1), ""), "encoding");
  await refused(contribute(zkey.subarray(0, zkey.length - 1), ""), "encoding");
  await refused(contribute(new TextEncoder().encode("not a zkey"), ""), "encoding");
  await refused(contribute("not bytes", ""), "encoding", "zkeyBytes");
  await refused(contribute(zkey, 42), "encoding", "entropy");
  await refused(contribute(zkey, "", 7), "encoding", "name");
  await refused(contribute(zkey, "", "n".repeat(65)), "encoding");
});

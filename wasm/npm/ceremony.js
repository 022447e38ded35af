// zkcred-wasm's ceremony contribution: `contribute`, from the package's
// separate ceremony module (ceremony/zkcred_ceremony.js, zkcred-wasm's
// `ceremony` feature: about 150 kB, kept out of the main bundle), loaded on
// first use. The browser fetches the module's .wasm next to its JS; the
// Node entry (node.js) reads it from disk.
import initCeremony, * as raw from "./ceremony/zkcred_ceremony.js";

let source = null;
let ready = null;

/** Internal (the Node entry): how to get the ceremony module's bytes. */
export function setCeremonySource(read) {
  source = read;
}

async function load() {
  if (!ready) {
    ready = source
      ? Promise.resolve(source()).then((bytes) => initCeremony({ module_or_path: bytes }))
      : initCeremony();
    ready.catch(() => { ready = null; });
  }
  await ready;
}

/**
 * Contributes to a phase-2 ceremony: `zkeyBytes` the current `.zkey`,
 * `entropy` text or bytes of the contributor's (mixed with the platform's
 * CSPRNG; may be empty), `name` at most 64 bytes. Resolves to `{zkey, hash,
 * hashHex}`: the new key and the contribution hash (`hash` as snarkjs prints
 * it, `hashHex` as 128 hex digits). Rejects with a `ZkcredError` (kind
 * `encoding` for a malformed or truncated key). Takes seconds on a real
 * circuit's key: call it from a Web Worker to keep a page responsive.
 */
export async function contribute(zkeyBytes, entropy, name) {
  await load();
  const c = raw.contribute(zkeyBytes, entropy, name);
  try {
    return { zkey: c.zkey, hash: c.hash, hashHex: c.hashHex };
  } finally {
    c.free();
  }
}

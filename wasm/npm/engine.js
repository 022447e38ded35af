// The holder's engine: the wallet (its secret never leaves the engine), the
// Groth16 keys (downloaded with progress, checked against the verifying
// key's expected hash, the proving key validated against the verifying key
// once and cached in its installed form by that hash) and proving. It runs
// inside the package's worker (worker.js) in browsers, and in the caller's
// thread where there is no Worker (Node). holder.js is its client.
import { ZkcredError } from "./errors.js";
import { openCache } from "./cache.js";

const te = (kind, message, details) => new ZkcredError(kind, message, details);

/** Reads a response body, reporting `{loaded, total}` as bytes arrive. */
async function readBody(response, url, onBytes) {
  const total = Number(response.headers.get("Content-Length")) || 0;
  if (!response.body || !response.body.getReader) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onBytes(bytes.length, total || bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  onBytes(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onBytes(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

async function download(fetchImpl, url, file, progress) {
  let response;
  try {
    response = await fetchImpl(url);
  } catch (e) {
    throw te("io", `${url}: the download failed (${e && e.message ? e.message : e})`, { path: String(url) });
  }
  if (!response.ok) throw te("io", `${url}: HTTP ${response.status}`, { path: String(url), status: response.status });
  return readBody(response, url, (loaded, total) =>
    progress({ stage: "download", file, loaded, total, fraction: total ? Math.min(1, loaded / total) : null }));
}

/**
 * The engine on an initialised wasm module `z`.
 * @param z the module's exports (Wallet, ProvingKey, VerifyingKey, ...)
 * @param options.origin the requesting page's origin, as the browser reports it
 * @param options.cache "indexeddb" | "memory" | false | {get, put, delete}
 * @param options.fetch the fetch function
 * @param options.build which build `z` is: `{threaded, threads, fallback?}`
 *   (worker.js picks it; the single-threaded build elsewhere)
 */
export function createEngine(z, {
  origin, cache = "auto", fetch: fetchImpl = globalThis.fetch, build = { threaded: false, threads: 1 },
} = {}) {
  let wallet = null;
  const keys = new Map(); // key id -> Promise<{pk, vk, source}>
  const store = openCache(cache);

  function summary(id) {
    const c = JSON.parse(wallet.credentialJson(id));
    return { id, serial: wallet.credentialSerial(id), issuer: c.issuer, validUntil: c.validUntil,
      subject: c.credentialSubject };
  }

  function needWallet() {
    if (!wallet) throw te("credential", "there is no wallet yet: call newWallet() or loadWallet()");
    return wallet;
  }

  // The proving key for `spec` = {provingKeyUrl, verifyingKeyUrl, vkHash}:
  // the verifying key must hash to `vkHash` (base64url SHA-256 of the key
  // file, zkcred_core::openid4vp::vk_hash) when it is given, whether it
  // comes from the cache or the network. A downloaded proving key is
  // installed (ProvingKey.install: every point checked, the pairing
  // relations against the verifying key) and the cache keeps its installed
  // form under the vk hash, so that a later start loads it warm
  // (ProvingKey.fromInstalled: its integrity hash, the vk hash it was
  // installed against, the curve checks; no subgroup checks). A cached
  // entry that fails any check is dropped and the keys are downloaded
  // again; downloaded keys that fail are refused. An entry of an earlier
  // version of the package (the compressed key) is installed and replaced.
  async function loadKeys(spec, progress) {
    if (!spec || typeof spec.provingKeyUrl !== "string" || typeof spec.verifyingKeyUrl !== "string") {
      throw te("encoding", "keys: expected {provingKeyUrl, verifyingKeyUrl, vkHash?}", { field: "keys" });
    }
    if (spec.vkHash !== undefined && (typeof spec.vkHash !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(spec.vkHash))) {
      throw te("encoding", "keys.vkHash: expected 43 base64url characters (SHA-256)", { field: "vkHash" });
    }
    const expected = spec.vkHash;
    const fits = (vkBytes) => {
      const vk = z.VerifyingKey.fromBytes(vkBytes);
      if (expected !== undefined && vk.hash !== expected) {
        vk.free();
        return null;
      }
      return vk;
    };
    const install = (pkBytes, vk) => {
      progress({ stage: "validate", fraction: 0 });
      const { key, installed } = z.ProvingKey.install(pkBytes, vk);
      progress({ stage: "validate", fraction: 1 });
      return { key, installed };
    };
    const fromInstalled = (installed, vk) => {
      progress({ stage: "validate", fraction: 0, installed: true });
      const pk = z.ProvingKey.fromInstalled(installed, vk);
      progress({ stage: "validate", fraction: 1, installed: true });
      return pk;
    };
    if (expected !== undefined) {
      const cached = await store.get(expected);
      if (cached && cached.vk && (cached.installed || cached.pk)) {
        progress({ stage: "cache", fraction: 1 });
        let vk = null;
        try {
          vk = fits(cached.vk);
          if (vk && cached.installed) return { pk: fromInstalled(cached.installed, vk), vk, source: "cache" };
          if (vk) {
            const { key, installed } = install(cached.pk, vk);
            await store.put(expected, { vk: cached.vk, installed });
            return { pk: key, vk, source: "cache" };
          }
        } catch (_) { /* damaged: download again */ }
        if (vk) vk.free();
        progress({ stage: "cache", rejected: true, fraction: 1 });
        await store.delete(expected);
      }
    }
    const vkBytes = await download(fetchImpl, spec.verifyingKeyUrl, "verifyingKey", progress);
    const vk = fits(vkBytes);
    if (!vk) {
      throw te("key", "the verifying key's hash is not the expected one: refusing it and its proving key",
        { field: "vkHash" });
    }
    try {
      const pkBytes = await download(fetchImpl, spec.provingKeyUrl, "provingKey", progress);
      const { key, installed } = install(pkBytes, vk);
      const id = expected ?? vk.hash;
      await store.put(id, { vk: vkBytes, installed });
      return { pk: key, vk, source: "network" };
    } catch (e) {
      vk.free();
      throw e;
    }
  }

  function keysFor(spec, progress) {
    const id = JSON.stringify([spec && spec.provingKeyUrl, spec && spec.verifyingKeyUrl, spec && spec.vkHash]);
    if (!keys.has(id)) {
      const p = loadKeys(spec, progress);
      keys.set(id, p);
      p.catch(() => keys.delete(id));
      return p;
    }
    progress({ stage: "validate", fraction: 1, memory: true });
    return keys.get(id);
  }

  return {
    /** Which build proves: `{threaded, threads, fallback?}` (why not threaded). */
    async info() {
      return { ...build };
    },
    async newWallet() {
      if (wallet) wallet.free(); // zeroizes the previous secret
      wallet = new z.Wallet();
      return { holderCommitment: wallet.holderCommitment };
    },
    async loadWallet({ json }) {
      const next = z.Wallet.fromJson(json);
      if (wallet) wallet.free();
      wallet = next;
      return { holderCommitment: wallet.holderCommitment, credentials: wallet.credentialIds().map(summary) };
    },
    async importCredential({ credential }) {
      return summary(needWallet().importCredential(credential));
    },
    async credentials() {
      return needWallet().credentialIds().map(summary);
    },
    async exportWallet() {
      return needWallet().toJson();
    },
    async matching({ request }) {
      return needWallet().matching(request);
    },
    async warm({ keys: spec }, progress) {
      const { source } = await keysFor(spec, progress);
      return { source };
    },
    async check({ request, credentialId, revocationPath }) {
      needWallet().check(request, credentialId, revocationPath, origin);
      return true;
    },
    async prove({ request, credentialId, revocationPath, keys: spec }, progress) {
      const w = needWallet();
      if (typeof origin !== "string") throw te("encoding", "origin: the engine has no requesting origin", { field: "origin" });
      // Refuse before loading the key when the request's scope is not the
      // origin's (scopeMismatch) or the credential cannot answer it
      // (unsatisfiable, with predicateIndex and attribute).
      progress({ stage: "check", fraction: 0 });
      w.check(request, credentialId, revocationPath, origin);
      progress({ stage: "check", fraction: 1 });
      const { pk, source } = await keysFor(spec, progress);
      progress({ stage: "prove", fraction: 0 });
      const start = performance.now();
      const presentation = w.prove(request, credentialId, revocationPath, pk, origin);
      const proveMs = performance.now() - start;
      progress({ stage: "prove", fraction: 1, elapsedMs: proveMs });
      try {
        return {
          json: presentation.toJson(), bytes: presentation.toBytes(request),
          nullifier: presentation.nullifier, proveMs, keySource: source, threads: build.threads,
        };
      } finally {
        presentation.free();
      }
    },
    // zkcred's OpenID4VP profile over the Digital Credentials API: the
    // same Authorization Request a browser's wallet would get, answered
    // here with the same `{vp_token}` response (response_mode dc_api only:
    // the audience, hence the nullifier's scope, is this origin).
    async answerOpenid4vp({ request, credentialId, revocationPath, keys: spec }, progress) {
      const w = needWallet();
      if (typeof origin !== "string") throw te("encoding", "origin: the engine has no requesting origin", { field: "origin" });
      progress({ stage: "check", fraction: 0 });
      w.checkOpenid4vp(request, credentialId, revocationPath, origin);
      progress({ stage: "check", fraction: 1 });
      const { pk, source } = await keysFor(spec, progress);
      progress({ stage: "prove", fraction: 0 });
      const start = performance.now();
      const response = w.proveOpenid4vp(request, credentialId, revocationPath, pk, origin);
      const proveMs = performance.now() - start;
      progress({ stage: "prove", fraction: 1, elapsedMs: proveMs });
      return { response: JSON.parse(response), proveMs, keySource: source, threads: build.threads };
    },
    async forget() {
      if (wallet) wallet.free();
      wallet = null;
      return true;
    },
  };
}

// The async holder API: `const holder = createHolder({keys})`, then
// `await holder.newWallet()`, `await holder.importCredential(vc)`,
// `await holder.prove({request, credentialId, revocationPath, onProgress})`.
// In a browser the wallet and the proving run in the package's Web Worker
// (worker.js), with the keys cached in IndexedDB under the verifying key's
// hash; where there is no Worker (Node) they run in this thread, with the
// origin the caller names.
import { ZkcredError } from "./errors.js";
import { createEngine } from "./engine.js";
import * as raw from "./zkcred_wasm.js";

const inBrowser = typeof window !== "undefined" && typeof Worker !== "undefined";

function workerClient(workerUrl, cache, threads) {
  const worker = new Worker(workerUrl ?? new URL("./worker.js", import.meta.url), { type: "module" });
  let next = 1;
  const pending = new Map();
  worker.onmessage = ({ data }) => {
    const p = pending.get(data.id);
    if (!p) return;
    if (data.progress) { p.onProgress?.(data.progress); return; }
    pending.delete(data.id);
    if (data.ok) p.resolve(data.result);
    else p.reject(data.error && data.error.kind ? ZkcredError.from(data.error) : new Error(data.error?.message ?? "worker error"));
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new ZkcredError("io", `the zkcred worker failed: ${e.message ?? "error"}`));
    pending.clear();
  };
  return {
    call(type, args, onProgress) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        worker.postMessage({ id, type, args, cache, threads });
      });
    },
    terminate() { worker.terminate(); },
  };
}

async function localClient(options) {
  const z = options.module ?? raw; // initialised by the caller (init(), or the Node entry)
  const origin = options.origin ?? (typeof location !== "undefined" ? location.origin : undefined);
  const engine = createEngine(z, { origin, cache: options.cache ?? "memory", fetch: options.fetch });
  return {
    async call(type, args, onProgress) { return engine[type](args || {}, onProgress ?? (() => {})); },
    terminate() { engine.forget(); },
  };
}

const bytesArg = (v, field) => {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw new ZkcredError("encoding", `${field}: expected a Uint8Array`, { field });
};

/**
 * A holder whose wallet lives in a worker (browsers) or in this thread (Node).
 * @param {object} options
 * @param {{provingKeyUrl: string, verifyingKeyUrl: string, vkHash?: string}} options.keys
 * @param {"auto"|"worker"|"local"} [options.mode]
 * @param {string} [options.origin] the requesting origin (local mode only)
 * @param {"auto"|"indexeddb"|"memory"|false} [options.cache]
 * @param {"auto"|number} [options.threads] worker mode: "auto" (default) proves
 *   with the threaded build on the device's cores when the page is
 *   cross-origin isolated (COOP same-origin + COEP require-corp), else with
 *   the single-threaded build; a number sets the pool's size (1: single-threaded).
 *   Local mode (Node) is single-threaded.
 */
export function createHolder(options = {}) {
  const mode = options.mode ?? (inBrowser ? "worker" : "local");
  if (mode === "worker" && options.origin !== undefined) {
    throw new ZkcredError("encoding", "origin: a worker proves for its page's own origin; do not pass one", { field: "origin" });
  }
  const client = mode === "worker"
    ? Promise.resolve(workerClient(options.workerUrl, options.cache ?? "auto", options.threads ?? "auto"))
    : localClient(options);
  const call = async (type, args, onProgress) => (await client).call(type, args, onProgress);
  const keys = options.keys;
  // Which build proves, once the worker has loaded one (it loads at the
  // first call: this one).
  let build = null;
  const info = call("info").then((b) => { build = b; return b; });
  info.catch(() => {});
  return {
    /**
     * Which build proves: `{threaded, threads, fallback?}`, `fallback`
     * saying why not the threaded one.
     */
    info: async () => ({ ...(await info) }),
    /** Threads that prove (1: the single-threaded build); null until the module has loaded. */
    get threads() { return build ? build.threads : null; },
    /** A fresh wallet (its secret stays in the worker); returns {holderCommitment}. */
    newWallet: async () => call("newWallet"),
    /** Loads a wallet document (text or object). */
    loadWallet: async (json) => call("loadWallet", { json: typeof json === "string" ? json : JSON.stringify(json) }),
    /** Imports a credential (text or object) bound to the wallet; returns its summary. */
    importCredential: async (credential) =>
      call("importCredential", { credential: typeof credential === "string" ? credential : JSON.stringify(credential) }),
    /** The held credentials' summaries. */
    credentials: async () => call("credentials"),
    /** The wallet document (it contains the secret: store it encrypted). */
    exportWallet: async () => call("exportWallet"),
    /** The ids of the credentials that can answer `request`. */
    matching: async (request) => call("matching", { request: typeof request === "string" ? request : JSON.stringify(request) }),
    /** Downloads (or takes from the cache) and validates the keys ahead of proving. */
    warm: async ({ onProgress } = {}) => call("warm", { keys }, onProgress),
    /** Checks without proving that the credential can answer the request. */
    check: async ({ request, credentialId, revocationPath }) => call("check", {
      request: typeof request === "string" ? request : JSON.stringify(request), credentialId,
      revocationPath: bytesArg(revocationPath, "revocationPath"),
    }),
    /** Proves; resolves to {json, bytes, nullifier, proveMs, keySource, threads}. */
    prove: async ({ request, credentialId, revocationPath, onProgress }) => call("prove", {
      request: typeof request === "string" ? request : JSON.stringify(request), credentialId,
      revocationPath: bytesArg(revocationPath, "revocationPath"), keys,
    }, onProgress),
    /**
     * Answers an OpenID4VP Authorization Request of zkcred's profile
     * (`response_mode: dc_api`, as the Digital Credentials API carries it)
     * for this page's origin; resolves to {response: {vp_token}, proveMs, keySource, threads}.
     */
    answerOpenid4vp: async ({ request, credentialId, revocationPath, onProgress }) => call("answerOpenid4vp", {
      request: typeof request === "string" ? request : JSON.stringify(request), credentialId,
      revocationPath: bytesArg(revocationPath, "revocationPath"), keys,
    }, onProgress),
    /** Ends the worker; the wallet's secret is zeroized with the module. */
    async terminate() { (await client).terminate(); },
  };
}

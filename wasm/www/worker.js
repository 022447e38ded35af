// The holder's side, in a Web Worker so the page stays responsive: the
// wallet (the holder secret never leaves this worker), the proving key
// (fetched once, cached in IndexedDB, checked against the site's verifying
// key once per worker), proving.
//
// Scope binding: the worker proves only for requests whose scope is the
// requesting page's origin or a path under it (the wasm `prove` refuses any
// other with `scopeMismatch`), so no site learns the holder's pseudonym in
// another site's scope. This worker belongs to the demo page, so the
// requesting origin is its own, `self.location.origin` (a dedicated worker
// has its page's origin). A wallet that serves other sites (a wallet page in
// a frame or window receiving requests by `postMessage`) must pass the
// `origin` of the `MessageEvent` that carried the request, as the browser
// sets it, never an origin written in the request or the message.
//
// Messages in:  {id, type: "newWallet" | "loadWallet" | "importCredential" | "credential" | "warm" | "prove", ...}
// Messages out: {id, ok: true, result} | {id, ok: false, error: {kind, message}} | {type: "progress", stage, fraction, text}
import init, { Wallet, ProvingKey, VerifyingKey } from "/pkg/zkcred_wasm.js";

const PK_URL = "/keys/presentation.pk";
const VK_URL = "/keys/presentation.vk";
const ready = init();
let wallet = null;
let provingKey = null; // Promise<{pk, source}>

function progress(stage, fraction, text) {
  postMessage({ type: "progress", stage, fraction, text });
}

function idb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("zkcred", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("keys");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function idbGet(key) {
  const db = await idb();
  return new Promise((resolve) => {
    const req = db.transaction("keys").objectStore("keys").get(key);
    req.onsuccess = () => resolve(req.result ?? null);
    req.onerror = () => resolve(null);
  });
}

async function idbPut(key, value) {
  const db = await idb();
  return new Promise((resolve) => {
    const tx = db.transaction("keys", "readwrite");
    tx.objectStore("keys").put(value, key);
    tx.oncomplete = () => resolve(true);
    tx.onerror = () => resolve(false);
  });
}

async function fetchBytes(url, onProgress) {
  const response = await fetch(url);
  if (!response.ok) throw { kind: "io", message: `${url}: HTTP ${response.status}` };
  const total = Number(response.headers.get("Content-Length")) || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (onProgress && total) onProgress(received / total);
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

// The proving key: from IndexedDB when the cached copy still fits the
// site's verifying key (2.8 kB, fetched every time), else downloaded and
// cached. `ProvingKey.fromBytes(bytes, vk)` validates every point and checks
// the key against the verifying key (pairing checks), throwing `key` when it
// does not fit: a key from the network or the cache is never trusted as is.
async function loadProvingKey() {
  await ready;
  const vk = VerifyingKey.fromBytes(await fetchBytes(VK_URL));
  try {
    let bytes = await idbGet(PK_URL);
    let source = "cache";
    const validate = (b) => {
      progress("validate", 0.55, "Checking the proving key against the site's verifying key (once per visit)…");
      return ProvingKey.fromBytes(b, vk);
    };
    if (bytes) {
      progress("validate", 0.5, "Proving key found in this browser's cache");
      try {
        return { pk: validate(bytes), source };
      } catch (_) { /* stale or damaged: download again */ }
    }
    source = "network";
    progress("download", 0.05, "Downloading the proving key (2.5 MB, once)…");
    bytes = await fetchBytes(PK_URL, (f) =>
      progress("download", 0.05 + 0.4 * f, `Downloading the proving key… ${Math.round(f * 100)}%`));
    const pk = validate(bytes);
    await idbPut(PK_URL, bytes);
    return { pk, source };
  } finally {
    vk.free();
  }
}

function keyReady() {
  if (!provingKey) {
    provingKey = loadProvingKey();
    provingKey.catch(() => { provingKey = null; });
  }
  return provingKey;
}

function describe(e) {
  if (e && typeof e === "object" && "kind" in e) return { kind: e.kind, message: e.message };
  return { kind: "other", message: String(e && e.message ? e.message : e) };
}

function summary(id) {
  const c = JSON.parse(wallet.credentialJson(id));
  const s = c.credentialSubject;
  return {
    id, serial: wallet.credentialSerial(id), issuer: c.issuer, validUntil: c.validUntil,
    name: s.full_name, birthDate: s.birth_date, nationality: s.nationality,
  };
}

const handlers = {
  async newWallet() {
    await ready;
    if (wallet) wallet.free(); // zeroizes the previous secret
    wallet = new Wallet();
    return { holderCommitment: wallet.holderCommitment };
  },
  async loadWallet({ json }) {
    await ready;
    const next = Wallet.fromJson(json);
    if (wallet) wallet.free();
    wallet = next;
    const ids = wallet.credentialIds();
    if (ids.length === 0) throw { kind: "credential", message: "the wallet holds no credential" };
    return summary(ids[0]);
  },
  async importCredential({ json }) {
    if (!wallet) throw { kind: "credential", message: "no wallet" };
    return summary(wallet.importCredential(json));
  },
  async warm() {
    const { source } = await keyReady();
    return { source };
  },
  async prove({ requestJson, credentialId, revocationPath }) {
    if (!wallet) throw { kind: "credential", message: "no wallet" };
    // The requesting page is this worker's own (see the top of the file).
    const origin = self.location.origin;
    // Refuse before loading the key when the request's scope is not this
    // origin's ("scopeMismatch") or the credential cannot answer
    // ("unsatisfiable", naming the failing predicate).
    wallet.check(requestJson, credentialId, revocationPath, origin);
    const { pk, source } = await keyReady();
    progress("prove", 0.7, "Proving in your browser…");
    const start = performance.now();
    const presentation = wallet.prove(requestJson, credentialId, revocationPath, pk, origin);
    const proveMs = performance.now() - start;
    progress("prove", 0.95, "Proof ready");
    const result = {
      json: presentation.toJson(),
      bytes: presentation.toBytes(requestJson),
      nullifier: presentation.nullifier,
      proveMs, keySource: source,
    };
    presentation.free();
    return result;
  },
};

onmessage = async ({ data }) => {
  try {
    const result = await handlers[data.type](data);
    postMessage({ id: data.id, ok: true, result });
  } catch (e) {
    postMessage({ id: data.id, ok: false, error: describe(e) });
  }
};

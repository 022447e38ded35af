// zkcred-wasm's Web Worker: the holder engine (engine.js) off the page's
// thread. holder.js starts it and talks to it; apps do not post to it.
//
// The requesting origin is this worker's own, `self.location.origin` (a
// dedicated worker has its page's origin): the wasm `prove` refuses a
// request whose scope is not that origin or a path under it
// (scopeMismatch), so no site learns the holder's pseudonym in another
// site's scope. Never an origin written in a message.
//
// Which build proves, picked once at the first message: the threaded build
// (mt/, a rayon pool of `threads` nested workers sharing the module's
// memory) when the page is cross-origin isolated, SharedArrayBuffer exists
// and the pool starts; otherwise the single-threaded build. The proving
// call blocks this worker while the pool works (Atomics.wait, allowed in
// workers), never the page.
//
// In:  {id, type, args, cache, threads}
// Out: {id, progress} | {id, ok: true, result} | {id, ok: false, error}
import { createEngine } from "./engine.js";
import { ZkcredError } from "./errors.js";

/** How long the thread pool may take to start before the worker falls back. */
const POOL_TIMEOUT_MS = 20_000;

const message = (e) => String(e && e.message ? e.message : e);

/**
 * The module and how it runs: `{z, build: {threaded, threads, fallback?}}`.
 * @param threads "auto" (the device's cores) | a number of threads (1: the
 *   single-threaded build)
 */
async function load(threads) {
  let fallback;
  const want = threads === undefined || threads === "auto"
    ? Math.max(1, Math.min(16, Number(self.navigator && navigator.hardwareConcurrency) || 1))
    : Number(threads);
  if (!Number.isInteger(want) || want < 1) {
    throw new ZkcredError("encoding", 'threads: expected "auto" or a positive integer', { field: "threads" });
  }
  if (want === 1) fallback = "one thread asked for";
  else if (!self.crossOriginIsolated) fallback = "the page is not cross-origin isolated";
  else if (typeof SharedArrayBuffer !== "function") fallback = "no SharedArrayBuffer";
  else {
    try {
      const mt = await import("./mt/zkcred_wasm.js");
      await mt.default();
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no thread pool after ${POOL_TIMEOUT_MS} ms`)), POOL_TIMEOUT_MS);
      });
      try {
        await Promise.race([mt.initThreadPool(want), timeout]);
      } finally {
        clearTimeout(timer);
      }
      return { z: mt, build: { threaded: true, threads: want } };
    } catch (e) {
      fallback = `the threaded build did not start (${message(e)})`;
    }
  }
  const st = await import("./zkcred_wasm.js");
  await st.default();
  return { z: st, build: { threaded: false, threads: 1, fallback } };
}

let ready = null;
let engine = null;

self.onmessage = async ({ data }) => {
  const { id, type, args } = data || {};
  try {
    ready ??= load(data.threads);
    const { z, build } = await ready;
    engine ??= createEngine(z, { origin: self.location.origin, cache: data.cache ?? "auto", build });
    if (typeof engine[type] !== "function") throw new ZkcredError("request", `unknown operation ${String(type)}`);
    const result = await engine[type](args || {}, (event) => self.postMessage({ id, progress: event }));
    // (Bytes copied out of the threaded build's shared memory are in a plain
    // ArrayBuffer too; a SharedArrayBuffer is never transferred.)
    const transfer = result && result.bytes instanceof Uint8Array && result.bytes.buffer instanceof ArrayBuffer
      ? [result.bytes.buffer] : [];
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (e) {
    const error = e instanceof ZkcredError ? e.toJSON()
      : { name: "Error", kind: null, message: message(e) };
    self.postMessage({ id, ok: false, error });
  }
};

// zkcred-wasm's Web Worker: the holder engine (engine.js) off the page's
// thread. holder.js starts it and talks to it; apps do not post to it.
//
// The requesting origin is this worker's own, `self.location.origin` (a
// dedicated worker has its page's origin): the wasm `prove` refuses a
// request whose scope is not that origin or a path under it
// (scopeMismatch), so no site learns the holder's pseudonym in another
// site's scope. Never an origin written in a message.
//
// In:  {id, type, args}          Out: {id, progress} | {id, ok: true, result} | {id, ok: false, error}
import init, * as z from "./zkcred_wasm.js";
import { createEngine } from "./engine.js";
import { ZkcredError } from "./errors.js";

const ready = init();
let engine = null;

self.onmessage = async ({ data }) => {
  const { id, type, args } = data || {};
  try {
    await ready;
    engine ??= createEngine(z, { origin: self.location.origin, cache: data.cache ?? "auto" });
    if (typeof engine[type] !== "function") throw new ZkcredError("request", `unknown operation ${String(type)}`);
    const result = await engine[type](args || {}, (event) => self.postMessage({ id, progress: event }));
    const transfer = result && result.bytes instanceof Uint8Array ? [result.bytes.buffer] : [];
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (e) {
    const error = e instanceof ZkcredError ? e.toJSON()
      : { name: "Error", kind: null, message: String(e && e.message ? e.message : e) };
    self.postMessage({ id, ok: false, error });
  }
};

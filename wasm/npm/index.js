// zkcred-wasm, the browser (and default) entry: the low-level synchronous
// API of the wasm module (after `await init()`), the `ZkcredError` class,
// the request builder and the async holder API (`createHolder`, with its
// own worker, key cache and progress).
import * as raw from "./zkcred_wasm.js";
import { ZkcredError } from "./errors.js";

export * from "./zkcred_wasm.js";
export { default } from "./zkcred_wasm.js";
export { ZkcredError, KINDS } from "./errors.js";
export { RequestBuilder, freshChallenge } from "./request.js";
export { createHolder } from "./holder.js";
export { contribute } from "./ceremony.js";

// wasm-bindgen checks class arguments itself with a plain Error; these make
// a wrong object a ZkcredError of kind `encoding` naming the argument, like
// every other wrong argument.
function need(value, cls, field) {
  if (!(value instanceof cls)) {
    throw new ZkcredError("encoding", `${field}: expected a ${cls.name}`, { field });
  }
}

/** Verifies a presentation against the verifier's own request (text or object). */
export function verify(request, presentation, vk) {
  need(presentation, raw.Presentation, "presentation");
  need(vk, raw.VerifyingKey, "vk");
  return raw.verify(request, presentation, vk);
}

/** `verify` on the compact binary form. */
export function verifyBytes(request, presentation, vk) {
  need(vk, raw.VerifyingKey, "vk");
  return raw.verifyBytes(request, presentation, vk);
}

/** Verifies many proofs, one row each. */
export function verifyBatch(request, vk, proofs) {
  need(vk, raw.VerifyingKey, "vk");
  return raw.verifyBatch(request, vk, proofs);
}

/** zkcred's OpenID4VP request (response_mode dc_api) for a zkcred request. */
export function openid4vpDcApiRequest(request, vk, nonce) {
  need(vk, raw.VerifyingKey, "vk");
  return raw.openid4vpDcApiRequest(request, vk, nonce);
}

/** Verifies a `{vp_token}` response to the verifier's own OpenID4VP request, for its own origin. */
export function verifyOpenid4vpResponse(request, origin, response, vk) {
  need(vk, raw.VerifyingKey, "vk");
  return raw.verifyOpenid4vpResponse(request, origin, response, vk);
}

const fromBytes = raw.ProvingKey.fromBytes;
if (!fromBytes.zkcredGuarded) {
  raw.ProvingKey.fromBytes = Object.assign(function (bytes, vk) {
    need(vk, raw.VerifyingKey, "vk");
    return fromBytes.call(raw.ProvingKey, bytes, vk);
  }, { zkcredGuarded: true });
  for (const name of ["install", "fromInstalled"]) {
    const f = raw.ProvingKey[name];
    raw.ProvingKey[name] = function (bytes, vk) {
      need(vk, raw.VerifyingKey, "vk");
      return f.call(raw.ProvingKey, bytes, vk);
    };
  }
  const prove = raw.Wallet.prototype.prove;
  raw.Wallet.prototype.prove = function (request, credentialId, revocationPath, pk, origin) {
    need(pk, raw.ProvingKey, "pk");
    return prove.call(this, request, credentialId, revocationPath, pk, origin);
  };
  const proveOpenid4vp = raw.Wallet.prototype.proveOpenid4vp;
  raw.Wallet.prototype.proveOpenid4vp = function (request, credentialId, revocationPath, pk, origin) {
    need(pk, raw.ProvingKey, "pk");
    return proveOpenid4vp.call(this, request, credentialId, revocationPath, pk, origin);
  };
}

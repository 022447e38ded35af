// RequestBuilder: a presentation request built in JS and checked by
// zkcred-core at every step (the wasm module's checkRequestDraft /
// checkRequest), so a typo is refused at the call that made it, naming it.
// Builders are immutable: each step returns a new builder.
import { checkRequestDraft, checkRequest } from "./zkcred_wasm.js";
import { ZkcredError } from "./errors.js";

const OPS = ["eq", "neq", "lt", "lte", "gt", "gte", "between", "in", "notIn", "ageAtLeast"];

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A fresh 31-byte challenge (hex), from crypto.getRandomValues. */
export function freshChallenge() {
  return hex(globalThis.crypto.getRandomValues(new Uint8Array(31)));
}

const today = () => new Date().toISOString().slice(0, 10);

export class RequestBuilder {
  #draft;

  /** Use `RequestBuilder.create`. */
  constructor(draft) {
    checkRequestDraft(draft);
    this.#draft = Object.freeze(draft);
  }

  /**
   * A request for a credential of `schema` (object or JSON text), scoped to
   * `scope` (the verifier's origin or a path under it).
   * @param {{challenge?: string, now?: string}} [options]
   */
  static create(schema, scope, { challenge = freshChallenge(), now = today() } = {}) {
    let parsed = schema;
    if (typeof schema === "string") {
      try { parsed = JSON.parse(schema); } catch (e) { throw new ZkcredError("json", `schema: ${e.message}`, { field: "schema" }); }
    }
    return new RequestBuilder({
      version: 1, schema: parsed, acceptedIssuers: [], predicates: [], disclose: [],
      scope, challenge, now,
    });
  }

  #with(change) {
    return new RequestBuilder({ ...this.#draft, ...change });
  }

  /** Requires `attribute op value` (checked against the schema now). */
  require(attribute, op, value) {
    if (!OPS.includes(op)) {
      throw new ZkcredError("request", `unknown operator ${JSON.stringify(String(op))}; one of ${OPS.join(", ")}`, { field: "op" });
    }
    return this.#with({ predicates: [...this.#draft.predicates, { attribute, op, value }] });
  }

  /** Asks for `attribute` to be disclosed. */
  disclose(attribute) {
    return this.#with({ disclose: [...this.#draft.disclose, attribute] });
  }

  /** Accepts credentials of the issuer `publicKey` (hex) with its current revocation root (0x hex). */
  acceptIssuer(publicKey, revocationRoot) {
    return this.#with({ acceptedIssuers: [...this.#draft.acceptedIssuers, { publicKey, revocationRoot }] });
  }

  /**
   * Names the verifying key proofs will be checked with (`vkHash`, its
   * hash), so holders refuse a proving key of another one.
   * @param {{hash: string}} vk a `VerifyingKey`
   */
  forVerifyingKey(vk) {
    const hash = vk && typeof vk === "object" ? vk.hash : undefined;
    if (typeof hash !== "string") {
      throw new ZkcredError("encoding", "vk: expected a VerifyingKey", { field: "vk" });
    }
    return this.#with({ vkHash: hash });
  }

  /** The complete request as the object zkcred accepts (checked: it needs an issuer). */
  build() {
    return JSON.parse(checkRequest(this.#draft));
  }

  /** The complete request as JSON text. */
  toJSON() {
    return this.build();
  }
}

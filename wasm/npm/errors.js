// zkcred-wasm's error class. Every failure of the package, from the wasm
// module (which constructs this class: wasm/src/errors.rs) or from its
// JavaScript API, is a `ZkcredError`: an `Error` with a stable `kind`, a
// value-free `message` for developers, and structured fields to build a
// message for people from (never parse `message`).

/// Every kind a `ZkcredError` can have: zkcred-core's error kinds as
/// wasm/src/errors.rs maps them (a Rust test checks this list against that
/// mapping, and the `ErrorKind` union of errors.d.ts against it too).
export const KINDS = Object.freeze([
  "json", "unsupportedVersion", "encoding", "invalidDate", "schema", "attribute", "request",
  "scopeMismatch", "credential", "key", "malformedProof", "unsatisfiable", "verificationFailed",
  "revocation", "proving", "io", "scorecard", "metrics", "attestation", "creditPolicy",
]);

export class ZkcredError extends Error {
  /**
   * @param {string} kind one of KINDS
   * @param {string} message for developers (no secrets, no attribute values)
   * @param {{predicate?: number, attribute?: string, field?: string, path?: string, status?: number}} [details]
   */
  constructor(kind, message, details = {}) {
    super(message);
    this.name = "ZkcredError";
    this.kind = kind;
    const d = details || {};
    if (typeof d.predicate === "number") {
      this.predicateIndex = d.predicate;
      this.predicate = d.predicate;
    }
    if (typeof d.attribute === "string") this.attribute = d.attribute;
    if (typeof d.field === "string") this.field = d.field;
    if (typeof d.path === "string") this.path = d.path;
    if (typeof d.status === "number") this.status = d.status;
  }

  /** Whether `e` is a ZkcredError (also across module copies: by name and kind). */
  static is(e) {
    return e instanceof ZkcredError
      || (e instanceof Error && e.name === "ZkcredError" && KINDS.includes(e.kind));
  }

  /** `e` as a ZkcredError: itself, or a copy of a serialised one `{kind, message, ...}`. */
  static from(e) {
    if (e instanceof ZkcredError) return e;
    if (e && typeof e === "object" && KINDS.includes(e.kind)) {
      return new ZkcredError(e.kind, String(e.message ?? ""), {
        predicate: e.predicateIndex ?? e.predicate, attribute: e.attribute, field: e.field, path: e.path,
        status: e.status,
      });
    }
    throw e;
  }

  /** A plain object that survives `postMessage` (structured clone drops the class). */
  toJSON() {
    const o = { name: this.name, kind: this.kind, message: this.message };
    for (const k of ["predicateIndex", "attribute", "field", "path", "status"]) {
      if (this[k] !== undefined) o[k] = this[k];
    }
    return o;
  }
}

/** Every kind a `ZkcredError` can have (zkcred-core's error kinds). */
export type ErrorKind =
  | "json" | "unsupportedVersion" | "encoding" | "invalidDate" | "schema" | "attribute" | "request"
  | "scopeMismatch" | "credential" | "key" | "malformedProof" | "unsatisfiable" | "verificationFailed"
  | "revocation" | "proving" | "io" | "scorecard" | "metrics" | "attestation" | "creditPolicy";

/** `KINDS`: the values of `ErrorKind`, at run time. */
export declare const KINDS: readonly ErrorKind[];

/**
 * Every failure of zkcred-wasm. Build messages for people from `kind` and
 * the structured fields; `message` is for developers (it never shows a
 * secret or an attribute value, but it is not meant for shoppers).
 */
export declare class ZkcredError extends Error {
  constructor(kind: ErrorKind, message: string, details?: {
    predicate?: number; attribute?: string; field?: string; path?: string; status?: number;
  });
  readonly name: "ZkcredError";
  /** What went wrong, stable across versions. */
  readonly kind: ErrorKind;
  /** `unsatisfiable`: the failing predicate's position in the request. */
  readonly predicateIndex?: number;
  /** The same as `predicateIndex` (the older name). */
  readonly predicate?: number;
  /** `unsatisfiable`, `attribute`: the attribute concerned (its name, never its value). */
  readonly attribute?: string;
  /** `encoding`: the field or argument that is malformed or of the wrong type. */
  readonly field?: string;
  /** `io`: the file or URL concerned. */
  readonly path?: string;
  /** `io` from a download: the HTTP status. */
  readonly status?: number;
  /** Whether `e` is a ZkcredError. */
  static is(e: unknown): e is ZkcredError;
  /** A ZkcredError from one that crossed `postMessage` as a plain object. */
  static from(e: unknown): ZkcredError;
  toJSON(): { name: "ZkcredError"; kind: ErrorKind; message: string; predicateIndex?: number; attribute?: string; field?: string; path?: string; status?: number };
}

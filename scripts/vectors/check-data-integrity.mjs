// Checks zkcred's Data Integrity cryptosuite (docs/data-integrity.md)
// against implementations nobody here wrote:
//   1. circomlibjs 0.1.7 recomputes the vectors' Poseidon hashes
//      (attributes_hash, message) from their field elements, and
//      eddsa.verifyPoseidon verifies the signature, decoded from the
//      multibase proofValue with @scure/base's base58 (Bitcoin alphabet),
//      under the vector's issuer key (and refuses message + 1);
//   2. jsonld 9 expands each credential in safe mode with the VC 2.0 context
//      of @digitalcredentials/credentials-v2-context and zkcred's context
//      (core/contexts/zkcred-v1.jsonld), both served locally (no network),
//      and every member of the credential survives expansion;
//   3. ajv (JSON Schema 2020-12) validates each credential against
//      vc2-credential.schema.json, a schema written here from the normative
//      requirements of the VC Data Model 2.0 (W3C publishes its own JSON
//      Schemas, but no npm package ships them: see that file).
//
// Usage: node check-data-integrity.mjs VECTORS.json [CREDENTIAL.json ...]
// (the vectors' credential is always checked; more credentials, e.g. the
// ones the CLI demo writes, get checks 2 and 3). Exits non-zero on the first
// failed check.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildEddsa, buildBabyjub, buildPoseidon } from 'circomlibjs';
import { base58 } from '@scure/base';
import jsonld from 'jsonld';
import { CONTEXT as VC2_CONTEXT, CONTEXT_URL as VC2_URL } from '@digitalcredentials/credentials-v2-context';
import Ajv2020 from 'ajv/dist/2020.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const ZKCRED_URL = 'https://w3id.org/zkcred/v1';
const ZKCRED_CONTEXT = JSON.parse(readFileSync(here('../../core/contexts/zkcred-v1.jsonld'), 'utf8'));
const VC2_SCHEMA = JSON.parse(readFileSync(here('vc2-credential.schema.json'), 'utf8'));

function fail(msg) {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
}
function ok(msg) {
  console.log(`ok: ${msg}`);
}

// --- 1. the vectors, with circomlibjs ---------------------------------------

async function checkVectors(v) {
  const eddsa = await buildEddsa();
  const babyJub = await buildBabyjub();
  const poseidon = await buildPoseidon();
  const F = poseidon.F;
  const dec = (x) => F.toString(x);

  const t = v.transformation;
  const attributesHash = dec(poseidon(t.attributes.map(BigInt)));
  if (t.attributes.length !== 16) fail('16 attribute slots expected');
  if (attributesHash !== v.hashing.attributes_hash) fail(`attributes_hash: circomlibjs says ${attributesHash}`);
  const message = dec(poseidon([t.schema_id, t.serial, t.issued, t.expiry, t.holder_commitment, v.hashing.attributes_hash].map(BigInt)));
  if (message !== v.hashing.message) fail(`message: circomlibjs says ${message}`);
  ok('circomlibjs poseidon recomputes attributes_hash (arity 16) and message (arity 6)');

  if (v.credential.proof.proofValue !== v.proof_value) fail('the credential carries another proofValue');
  if (!v.proof_value.startsWith('z')) fail('proofValue is not multibase base58btc');
  const bytes = base58.decode(v.proof_value.slice(1));
  if (bytes.length !== 64) fail(`proofValue decodes to ${bytes.length} bytes`);
  if (Buffer.from(bytes).toString('hex') !== v.signature.bytes) fail('proofValue does not decode to the signature bytes');
  if ('z' + base58.encode(Buffer.from(v.signature.bytes, 'hex')) !== v.proof_value) fail('@scure/base encodes the signature differently');
  ok('@scure/base base58 decodes proofValue to the 64 signature bytes and re-encodes them identically');

  const sig = eddsa.unpackSignature(Buffer.from(bytes));
  if (F.toString(sig.R8[0]) !== v.signature.r8.x || F.toString(sig.R8[1]) !== v.signature.r8.y || sig.S.toString() !== v.signature.s) {
    fail('circomlibjs unpacks another (R8, S)');
  }
  const pub = babyJub.unpackPoint(Buffer.from(v.issuer.public_key.packed, 'hex'));
  if (F.toString(pub[0]) !== v.issuer.public_key.x || F.toString(pub[1]) !== v.issuer.public_key.y) fail('issuer key unpacks differently');
  const derived = eddsa.prv2pub(Buffer.from(v.issuer.private_key, 'hex'));
  if (!F.eq(derived[0], pub[0]) || !F.eq(derived[1], pub[1])) fail('the issuer private key derives another public key');
  if (!eddsa.verifyPoseidon(F.e(BigInt(v.hashing.message)), sig, pub)) fail('verifyPoseidon refuses the signature');
  if (eddsa.verifyPoseidon(F.e(BigInt(v.hashing.message) + 1n), sig, pub)) fail('verifyPoseidon accepts message + 1');
  const again = eddsa.signPoseidon(Buffer.from(v.issuer.private_key, 'hex'), F.e(BigInt(v.hashing.message)));
  if (Buffer.from(eddsa.packSignature(again)).toString('hex') !== v.signature.bytes) fail('signPoseidon signs differently');
  ok('circomlibjs verifyPoseidon accepts the signature on message under the issuer key (and signPoseidon reproduces it)');
  if (v.credential.issuer !== `urn:zkcred:issuer:${v.issuer.public_key.packed}`) fail('issuer URN');
}

// --- 2. JSON-LD expansion ------------------------------------------------------

const documentLoader = async (url) => {
  const document = { [VC2_URL]: VC2_CONTEXT, [ZKCRED_URL]: ZKCRED_CONTEXT }[url];
  if (!document) throw new Error(`no network: refusing to load ${url}`);
  return { contextUrl: null, documentUrl: url, document };
};

/** Every (path, value) leaf of a JSON value, @context left out. */
function leaves(value, path = '') {
  if (value === null || typeof value !== 'object') return [[path, value]];
  return Object.entries(value)
    .filter(([k]) => k !== '@context')
    .flatMap(([k, v]) => leaves(v, `${path}/${k}`));
}

/** Every literal or IRI in an expanded document. */
function expandedValues(value, out = new Set()) {
  if (Array.isArray(value)) value.forEach((v) => expandedValues(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => expandedValues(v, out));
  else out.add(String(value));
  return out;
}

async function checkJsonLd(credential, name) {
  let expanded;
  try {
    expanded = await jsonld.expand(credential, { documentLoader, safe: true });
  } catch (e) {
    fail(`${name}: jsonld.expand (safe mode) failed: ${e.message} ${JSON.stringify(e.details ?? {})}`);
  }
  const values = expandedValues(expanded);
  const keys = new Set(JSON.stringify(expanded).match(/"[^"]+":/g).map((k) => k.slice(1, -2)));
  // Every member name maps to an absolute IRI (or a keyword) ...
  for (const k of keys) {
    if (!k.startsWith('@') && !/^(https?|urn):/.test(k)) fail(`${name}: expanded to a relative term ${k}`);
  }
  // ... every member's value survives ...
  for (const [path, v] of leaves(credential)) {
    const known = values.has(String(v)) ||
      // types and proofPurpose expand to IRIs
      [...values].some((x) => x.endsWith(`#${v}`) || x.endsWith(`/${v}`));
    if (!known) fail(`${name}: ${path} = ${JSON.stringify(v)} was dropped by expansion`);
  }
  // ... and each attribute has zkcred's attribute IRI.
  for (const attr of Object.keys(credential.credentialSubject)) {
    const iri = attr === 'holderCommitment' ? 'https://w3id.org/zkcred/v1#holderCommitment' : `https://w3id.org/zkcred/v1/attributes#${attr}`;
    if (!keys.has(iri)) fail(`${name}: credentialSubject.${attr} did not expand to ${iri}`);
  }
  ok(`${name}: jsonld.expand (safe mode, local contexts) keeps all ${leaves(credential).length} members`);
}

// --- 3. the VC 2.0 JSON Schema -------------------------------------------------

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false, strictRequired: false });
const validate = ajv.compile(VC2_SCHEMA);

function checkSchema(credential, name) {
  if (!validate(credential)) fail(`${name}: VC 2.0 schema: ${ajv.errorsText(validate.errors)}`);
  // The schema can fail: a credential without its VC 2.0 context or issuer
  // is refused.
  const broken = structuredClone(credential);
  broken['@context'] = [ZKCRED_URL];
  delete broken.issuer;
  if (validate(broken)) fail('the VC 2.0 schema accepts a credential without its context and issuer');
  ok(`${name}: valid against the VC 2.0 JSON Schema (ajv, draft 2020-12)`);
}

// --- main ----------------------------------------------------------------------

const [vectorsPath, ...credentialPaths] = process.argv.slice(2);
if (!vectorsPath) fail('usage: node check-data-integrity.mjs VECTORS.json [CREDENTIAL.json ...]');
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8'));
await checkVectors(vectors);
const credentials = [[vectorsPath + '#credential', vectors.credential]];
for (const p of credentialPaths) credentials.push([p, JSON.parse(readFileSync(p, 'utf8'))]);
for (const [name, c] of credentials) {
  await checkJsonLd(c, name);
  checkSchema(c, name);
}

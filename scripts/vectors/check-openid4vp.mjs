// Checks zkcred's OpenID4VP profile (docs/openid4vp.md) against two
// independent implementations from npm:
//   - dcql 3.x (OpenWallet Foundation, DcqlQuery.parse / validate / query);
//   - @openid4vc/openid4vp 0.4.x (request and response parsing/validation).
//
// Run by scripts/test.sh on the hand-written examples in docs/examples and
// on a request and responses the `zkcred` CLI made in the same test run
// (cli/tests/cli.rs writes them to $ZKCRED_OPENID4VP_OUT).
//
// Usage:
//   node check-openid4vp.mjs --request REQ.json [--response RESP.json]
//       [--origin https://site.example] [--credential CRED.json]
//
// REQ is an Authorization Request object (response_mode direct_post or
// dc_api); RESP the matching response parameters ({vp_token, state?});
// --origin is the web origin for a dc_api request; CRED a zkcred credential
// (W3C VC 2.0 JSON) to run DcqlQuery.query against.
//
// What dcql 3.0.0 can and cannot check: its parser only knows the formats
// mso_mdoc, dc+sd-jwt, vc+sd-jwt, ldp_vc and jwt_vc_json, and the trusted
// authority types aki, etsi_tl and openid_federation (closed lists, although
// OpenID4VP 1.0 lets deployments define formats, appendix B, and 11.1). So:
//   1. the zkcred query itself must be refused by DcqlQuery.parse for its
//      `format` (and only for a reason this script knows): when a dcql release
//      accepts it, this check fails and the profile doc must be updated;
//   2. its standard projection (format -> ldp_vc with the credential's W3C
//      types, zkcred's meta and trusted_authorities removed; ids, claims paths
//      and everything else unchanged) must pass DcqlQuery.parse and validate,
//      and, with --credential, DcqlQuery.query must select the credential and
//      every requested claim.
// Exits non-zero on the first failed check.

import { readFileSync } from 'node:fs';
import { DcqlQuery } from 'dcql';
import {
  parseOpenid4vpAuthorizationRequest,
  resolveOpenid4vpAuthorizationRequest,
  validateOpenid4vpAuthorizationRequestPayload,
  validateOpenid4vpAuthorizationResponsePayload,
} from '@openid4vc/openid4vp';

const FORMAT = 'zkcred';
const ISSUER_TYPE = 'zkcred_issuer_key';
const W3C_TYPES = ['VerifiableCredential', 'ZkcredCredential'];

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith('--') || argv[i + 1] === undefined) usage(`bad argument ${key}`);
    out[key.slice(2)] = argv[i + 1];
  }
  if (!out.request) usage('--request is required');
  return out;
}

function usage(why) {
  console.error(`${why}\nusage: node check-openid4vp.mjs --request REQ.json [--response RESP.json] [--origin ORIGIN] [--credential CRED.json]`);
  process.exit(2);
}

let checks = 0;
function ok(what) {
  checks += 1;
  console.log(`ok ${checks} - ${what}`);
}
function fail(what, detail) {
  console.error(`not ok - ${what}${detail ? `: ${detail}` : ''}`);
  process.exit(1);
}
function expect(cond, what, detail) {
  if (!cond) fail(what, detail);
  ok(what);
}
function message(e) {
  return e && e.message ? e.message : String(e);
}

const opts = args();
const request = JSON.parse(readFileSync(opts.request, 'utf8'));
const mode = request.response_mode;
expect(mode === 'direct_post' || mode === 'dc_api', 'response_mode is direct_post or dc_api', String(mode));

// ---- dcql: the zkcred query, then its standard projection -----------------
// OpenID4VP 5.2: a fresh nonce of at least 128 bits; zkcred's requests
// (and the examples) use base64url, 22 characters for 128 bits.
expect(
  typeof request.nonce === 'string' && /^[A-Za-z0-9_-]{22,512}$/.test(request.nonce),
  'the nonce is base64url with at least 128 bits',
  String(request.nonce),
);

const query = request.dcql_query;
expect(query && Array.isArray(query.credentials) && query.credentials.length > 0, 'dcql_query has credentials');
for (const c of query.credentials) {
  expect(c.format === FORMAT, `credential query ${c.id} has format ${FORMAT}`, c.format);
}

try {
  DcqlQuery.parse(query);
  fail('dcql refuses the unregistered format', 'DcqlQuery.parse accepted it: update docs/openid4vp.md (interop) and this script');
} catch (e) {
  const m = message(e);
  expect(m.includes(`"${FORMAT}"`) && m.includes('mso_mdoc'), `dcql 3.x refuses format "${FORMAT}" (closed list of formats), as documented`, m);
}

const projection = {
  ...query,
  credentials: query.credentials.map((c) => {
    const { meta, trusted_authorities, ...rest } = c;
    return { ...rest, format: 'ldp_vc', meta: { type_values: [W3C_TYPES] } };
  }),
};
let parsed;
try {
  parsed = DcqlQuery.parse(projection);
  DcqlQuery.validate(parsed);
} catch (e) {
  fail('the standard projection passes DcqlQuery.parse and DcqlQuery.validate', message(e));
}
ok('the standard projection passes DcqlQuery.parse and DcqlQuery.validate');

// The trusted-authority type alone, on the projection, is refused too (closed
// list of types), so the doc's statement about it is checked, not assumed.
{
  const withIssuers = {
    ...projection,
    credentials: projection.credentials.map((c, i) => ({
      ...c,
      trusted_authorities: query.credentials[i].trusted_authorities,
    })),
  };
  const hasIssuers = query.credentials.every(
    (c) => Array.isArray(c.trusted_authorities) && c.trusted_authorities.some((t) => t.type === ISSUER_TYPE),
  );
  expect(hasIssuers, `every credential query names its issuers with trusted_authorities type ${ISSUER_TYPE}`);
  try {
    DcqlQuery.parse(withIssuers);
    fail(`dcql refuses trusted_authorities type ${ISSUER_TYPE}`, 'accepted: update docs/openid4vp.md and this script');
  } catch (e) {
    const m = message(e);
    expect(m.includes(ISSUER_TYPE) && m.includes('aki'), `dcql refuses trusted_authorities type ${ISSUER_TYPE} (closed list of types), as documented`, m);
  }
}

if (opts.credential) {
  const vc = JSON.parse(readFileSync(opts.credential, 'utf8'));
  const result = DcqlQuery.query(parsed, [
    { credential_format: 'ldp_vc', type: vc.type, claims: vc, cryptographic_holder_binding: true },
  ]);
  expect(result.can_be_satisfied === true, 'DcqlQuery.query: the credential satisfies the projection', JSON.stringify(result.credential_matches));
  for (const c of parsed.credentials) {
    const m = result.credential_matches[c.id];
    expect(m && m.success, `DcqlQuery.query: credential query ${c.id} matches`);
  }
}

// ---- @openid4vc/openid4vp: the Authorization Request -----------------------
let parsedRequest;
try {
  parsedRequest = parseOpenid4vpAuthorizationRequest({ authorizationRequest: request });
} catch (e) {
  fail('parseOpenid4vpAuthorizationRequest accepts the request', message(e));
}
const expectedType = mode === 'dc_api' ? 'openid4vp_dc_api' : 'openid4vp';
expect(parsedRequest.type === expectedType, `parseOpenid4vpAuthorizationRequest: an unsigned ${expectedType} request`, parsedRequest.type);
if (mode === 'dc_api') {
  expect(request.client_id === undefined, 'an unsigned DC API request carries no client_id (OpenID4VP 1.0 A.2)');
  if (!opts.origin) usage('--origin is required for a dc_api request');
} else {
  try {
    validateOpenid4vpAuthorizationRequestPayload({ params: parsedRequest.params });
  } catch (e) {
    fail('validateOpenid4vpAuthorizationRequestPayload accepts the request', message(e));
  }
  ok('validateOpenid4vpAuthorizationRequestPayload accepts the request');
}

// The wallet-side processing (client identifier prefix, client metadata):
// unsigned requests need no callback, so every callback throws.
const noCallbacks = new Proxy({}, { get: (_, name) => () => { throw new Error(`unexpected callback ${String(name)}`); } });
const audience = mode === 'dc_api' ? `origin:${opts.origin}` : request.client_id;
let resolved;
try {
  resolved = await resolveOpenid4vpAuthorizationRequest({
    authorizationRequestPayload: request,
    callbacks: noCallbacks,
    origin: opts.origin,
  });
} catch (e) {
  fail('resolveOpenid4vpAuthorizationRequest accepts the request', message(e));
}
ok('resolveOpenid4vpAuthorizationRequest accepts the request');
expect(resolved.version === 100, 'the library reads it as OpenID4VP 1.0', String(resolved.version));
expect(
  resolved.dcql && JSON.stringify(resolved.dcql.query) === JSON.stringify(request.dcql_query),
  'the library passes the dcql_query through unchanged (meta included)',
);
expect(
  resolved.client.effective === audience,
  `the audience (effective client id) is ${mode === 'dc_api' ? 'origin:<origin> (A.4)' : 'the full client_id (14.8)'}`,
  JSON.stringify(resolved.client),
);
if (mode !== 'dc_api' && request.client_id.startsWith('redirect_uri:')) {
  expect(request.client_id === `redirect_uri:${request.response_uri}`, 'a redirect_uri: client_id names the response_uri (5.9.3)');
  let refused = false;
  try {
    await resolveOpenid4vpAuthorizationRequest({
      authorizationRequestPayload: { ...request, response_uri: 'https://elsewhere.example/response' },
      callbacks: noCallbacks,
    });
  } catch {
    refused = true;
  }
  expect(refused, 'the library refuses a redirect_uri: client_id that is not the response_uri');
}

// ---- @openid4vc/openid4vp: the response ------------------------------------
if (opts.response) {
  const response = JSON.parse(readFileSync(opts.response, 'utf8'));
  let result;
  try {
    result = validateOpenid4vpAuthorizationResponsePayload({
      authorizationRequestPayload: request,
      authorizationResponsePayload: response,
    });
  } catch (e) {
    fail('validateOpenid4vpAuthorizationResponsePayload accepts the response', message(e));
  }
  expect(result.type === 'dcql', 'the response is a DCQL vp_token', result.type);
  const ids = query.credentials.map((c) => c.id).sort();
  expect(JSON.stringify(Object.keys(response.vp_token).sort()) === JSON.stringify(ids), 'vp_token has one entry per credential query id');
  for (const id of ids) {
    const entries = response.vp_token[id];
    expect(Array.isArray(entries) && entries.length === 1, `vp_token.${id} holds exactly one presentation`);
    expect(typeof entries[0] === 'string' && /^[A-Za-z0-9_-]+$/.test(entries[0]), `vp_token.${id} is base64url without padding`);
    const bytes = Buffer.from(entries[0], 'base64url');
    expect(bytes.subarray(0, 4).toString('latin1') === 'ZKCP' && bytes[4] === 2, `vp_token.${id} is a version-2 binary zkcred presentation`);
  }
  if (request.state !== undefined) {
    const wrong = { ...response, state: `${request.state}x` };
    let refused = false;
    try {
      validateOpenid4vpAuthorizationResponsePayload({ authorizationRequestPayload: request, authorizationResponsePayload: wrong });
    } catch {
      refused = true;
    }
    expect(refused, 'a response with another state is refused by the library');
  }
}

console.log(`# ${checks} checks passed`);

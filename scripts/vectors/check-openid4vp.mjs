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
//   node check-openid4vp.mjs --request-object REQ.jwt --request-url URL.txt
//       [--form-body BODY.txt] [--credential CRED.json]
//
// The second form is the cross-device flow (docs/openid4vp.md 12): URL.txt
// holds the openid4vp:// URL of a QR code (client_id + request_uri), REQ.jwt
// the Request Object served at request_uri (an Unsecured JWT), BODY.txt the
// form-encoded direct_post body. The object's payload then goes through every
// check of a request by value, and the body through the library's verifier
// side parsing (parseOpenid4vpAuthorizationResponse).
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
  parseOpenid4vpAuthorizationResponse,
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
  if (!out.request && !out['request-object']) usage('--request or --request-object is required');
  if (out['request-object'] && !out['request-url']) usage('--request-object needs --request-url');
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
// ---- the cross-device forms: the QR code's URL and the Request Object ------
let crossDevice;
if (opts['request-object']) {
  const url = readFileSync(opts['request-url'], 'utf8').trim();
  const object = readFileSync(opts['request-object'], 'utf8').trim();
  let parsedUrl;
  try {
    parsedUrl = parseOpenid4vpAuthorizationRequest({ authorizationRequest: url });
  } catch (e) {
    fail('parseOpenid4vpAuthorizationRequest accepts the request URL', message(e));
  }
  expect(parsedUrl.type === 'jar' && parsedUrl.provided === 'uri', 'the library reads the URL as a request by reference (JAR, from a URI)', `${parsedUrl.type}/${parsedUrl.provided}`);
  expect(url.startsWith('openid4vp://?'), 'the URL uses the openid4vp:// scheme');
  const names = [...new URL(url).searchParams.keys()].sort();
  expect(JSON.stringify(names) === JSON.stringify(['client_id', 'request_uri']), 'the URL carries exactly client_id and request_uri', names.join(','));
  const parts = object.split('.');
  expect(parts.length === 3 && parts[2] === '', 'the Request Object is a compact JWT with an empty signature (Unsecured JWT, RFC 7519 6)');
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  expect(header.alg === 'none', 'its header has alg none', JSON.stringify(header));
  expect(header.typ === 'oauth-authz-req+jwt', 'its header has typ oauth-authz-req+jwt (OpenID4VP 1.0 5)', JSON.stringify(header));
  const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  expect(payload.client_id === parsedUrl.params.client_id, "the object's client_id is the URL's (RFC 9101 5)");
  // The library's JAR path: it fetches request_uri (a stub returning the
  // object) and must refuse it, because it allows no unsigned request object
  // at all and no request object with the redirect_uri: prefix. Asserted so
  // that this check fails, and docs/openid4vp.md 12.5 is revised, when the
  // library changes.
  const fetched = [];
  const callbacks = new Proxy({}, {
    get: (_, name) => {
      if (name === 'fetch') {
        return async (input) => {
          fetched.push(String(input));
          return new Response(object, { status: 200, headers: { 'Content-Type': 'application/oauth-authz-req+jwt' } });
        };
      }
      return () => { throw new Error(`unexpected callback ${String(name)}`); };
    },
  });
  let refusal;
  try {
    await resolveOpenid4vpAuthorizationRequest({ authorizationRequestPayload: parsedUrl.params, callbacks });
  } catch (e) {
    refusal = message(e);
  }
  expect(fetched.length === 1 && fetched[0] === parsedUrl.params.request_uri, 'the library fetches the request_uri once', fetched.join(','));
  expect(refusal !== undefined, 'the library refuses an unsigned request object (documented limitation)', 'accepted: update docs/openid4vp.md 12.5 and this script');
  ok(`  (its reason: ${refusal.split('\n')[0].slice(0, 160)})`);
  crossDevice = { payload };
}
const request = crossDevice ? crossDevice.payload : JSON.parse(readFileSync(opts.request, 'utf8'));
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

// ---- the form-encoded direct_post body --------------------------------------
if (opts['form-body']) {
  const body = readFileSync(opts['form-body'], 'utf8').trim();
  const form = new URLSearchParams(body);
  const names = [...form.keys()].sort();
  const expected = request.state !== undefined ? ['state', 'vp_token'] : ['vp_token'];
  expect(JSON.stringify(names) === JSON.stringify(expected), `the body carries exactly ${expected.join(' and ')}`, names.join(','));
  let parsedResponse;
  try {
    parsedResponse = await parseOpenid4vpAuthorizationResponse({
      authorizationResponse: Object.fromEntries(form),
      authorizationRequestPayload: request,
      callbacks: noCallbacks,
    });
  } catch (e) {
    fail('parseOpenid4vpAuthorizationResponse accepts the form body', message(e));
  }
  expect(parsedResponse.type === 'dcql', 'the form body is a DCQL vp_token response', parsedResponse.type);
  const ids = query.credentials.map((c) => c.id);
  for (const id of ids) {
    const token = JSON.parse(form.get('vp_token'))[id];
    expect(Array.isArray(token) && token.length === 1 && /^[A-Za-z0-9_-]+$/.test(token[0]), `vp_token.${id} in the body is one base64url presentation`);
  }
  let refused = false;
  try {
    await parseOpenid4vpAuthorizationResponse({
      authorizationResponse: { ...Object.fromEntries(form), state: `${request.state ?? ''}x` },
      authorizationRequestPayload: request,
      callbacks: noCallbacks,
    });
  } catch {
    refused = true;
  }
  expect(refused, 'a form body with another state is refused by the library');
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

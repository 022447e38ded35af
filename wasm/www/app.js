// The shop page. The holder's side (wallet, proving key, proving) runs in
// zkcred-wasm's own worker through its async API (createHolder): the key is
// downloaded with progress, checked against the verifying key's hash the
// shop publishes (/api/keys) and cached in IndexedDB under that hash. The
// shop's checks run here (the wasm verifier) and on the shop's server (the
// native Rust verifier, POST /api/verify). Refusals are shown in plain
// words built from the error's kind and structured fields; the developer
// message stays behind a "Details" toggle.
import init, {
  VerifyingKey, Presentation, verify, verifyBytes, createHolder, ZkcredError,
  openid4vpDcApiRequest, verifyOpenid4vpResponse,
} from "/pkg/index.js";

const $ = (id) => document.getElementById(id);
const state = { credential: null, request: null, busy: false, holder: null };

// The shop's verifier in the page: the wasm module and the site's verifying key.
const verifier = (async () => {
  await init();
  const response = await fetch("/keys/presentation.vk");
  return VerifyingKey.fromBytes(new Uint8Array(await response.arrayBuffer()));
})();

// The holder, in the package's worker, with the keys the shop names.
const holderReady = (async () => {
  const keys = await getJson("/api/keys");
  state.holder = createHolder({ keys });
  return state.holder;
})();

async function getJson(url, options) {
  const response = await fetch(url, options);
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch (_) { body = { message: text }; }
  if (!response.ok) {
    throw new ZkcredError("io", `${url}: ${body.message || `HTTP ${response.status}`}`, { path: url, status: response.status });
  }
  return body;
}

const COUNTRY = {
  DE: "Germany", FR: "France", IT: "Italy", ES: "Spain", NL: "Netherlands", BE: "Belgium",
  AT: "Austria", PT: "Portugal", US: "United States",
};

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function describePredicate(p) {
  if (p.op === "ageAtLeast") return { label: `Age ${p.value} or over`, detail: "from the birth date, as of today" };
  if (p.op === "in") return { label: `${p.attribute === "nationality" ? "Nationality" : p.attribute} in`, chips: p.value };
  return { label: `${p.attribute} ${p.op} ${JSON.stringify(p.value)}` };
}

async function loadRequest() {
  state.request = await fetch("/api/request").then((r) => r.text());
  const request = JSON.parse(state.request);
  $("asks").innerHTML = request.predicates.map((p) => {
    const d = describePredicate(p);
    const chips = d.chips ? `<div class="chips">${d.chips.map((c) => `<span class="chip" title="${escapeHtml(COUNTRY[c] || c)}">${escapeHtml(c)}</span>`).join("")}</div>` : "";
    const detail = d.detail ? `<div class="small muted">${escapeHtml(d.detail)}</div>` : "";
    return `<li><span class="label">${escapeHtml(d.label)}</span>${chips}${detail}</li>`;
  }).join("");
  return state.request;
}

// Progress: the real stages, each with its share of the bar. The download
// is measured in bytes; validation and proving report start and end, and
// the bar moves through their share by the time they usually take here
// (the last proof's time, 6 s before any), never past it until they end.
const STAGES = [
  { stage: "check", label: "Checking your ID against the request", from: 0, to: 0.04 },
  { stage: "download", label: "Downloading the proving key", from: 0.04, to: 0.4 },
  { stage: "validate", label: "Validating the proving key", from: 0.4, to: 0.55 },
  { stage: "prove", label: "Proving on your device", from: 0.55, to: 0.92 },
  { stage: "verify", label: "Vinoteca is verifying the proof", from: 0.92, to: 1 },
];
const progress = { timer: null, events: [], bar: [], expectMs: { validate: 4000, prove: 6000 } };

function setBar(fraction, text, stage) {
  $("progress").hidden = false;
  const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
  $("progress-fill").style.width = `${pct}%`;
  $("progress-bar").setAttribute("aria-valuenow", String(pct));
  $("progress-text").textContent = text;
  $("progress").dataset.stage = stage;
  progress.bar.push({ stage, pct });
  const order = STAGES.findIndex((s) => s.stage === stage);
  for (const [i, li] of [...$("stages").children].entries()) {
    li.className = i < order ? "done" : i === order ? "now" : "";
  }
}

function onProgress(e) {
  const s = STAGES.find((x) => x.stage === e.stage);
  if (!s) return; // "cache": the key came from this browser's cache
  progress.events.push({ stage: e.stage, fraction: e.fraction, file: e.file });
  clearInterval(progress.timer);
  const at = (f) => s.from + (s.to - s.from) * f;
  if (e.stage === "download") {
    if (e.file !== "provingKey") return;
    const mb = (n) => (n / 1e6).toFixed(1);
    const f = e.fraction ?? 0;
    setBar(at(f), e.total ? `${s.label}: ${mb(e.loaded)} of ${mb(e.total)} MB (${Math.round(f * 100)}%)` : `${s.label}…`, "download");
    return;
  }
  if ((e.stage === "validate" || e.stage === "prove") && e.fraction === 0) {
    const start = performance.now();
    const expect = progress.expectMs[e.stage];
    const tick = () => {
      const f = Math.min(0.95, (performance.now() - start) / expect);
      setBar(at(f), `${s.label}… ${Math.round(f * 100)}%`, e.stage);
    };
    tick();
    progress.timer = setInterval(tick, 200);
    return;
  }
  if (e.stage === "prove" && e.elapsedMs) progress.expectMs.prove = e.elapsedMs;
  if (e.stage === "validate" && e.fraction === 1 && document.body.dataset.status !== "proving") {
    // The key was fetched and checked ahead of proving (warm()).
    setBar(at(1), "Proving key downloaded and validated ✓ — ready to prove", "validate");
    return;
  }
  setBar(at(e.fraction ?? 1), `${s.label}${e.fraction === 1 ? " ✓" : "…"}`, e.stage);
}

function showCredential(c) {
  state.credential = c;
  const s = c.subject || {};
  $("wallet-empty").hidden = true;
  $("wallet-card").hidden = false;
  $("id-name").textContent = s.full_name ?? "—";
  $("id-birth").textContent = s.birth_date ?? "—";
  $("id-nationality").textContent = COUNTRY[s.nationality] ? `${COUNTRY[s.nationality]} (${s.nationality})` : (s.nationality ?? "—");
  $("id-valid").textContent = (c.validUntil || "").slice(0, 10);
  $("id-issuer").textContent = "Demo issuer";
  $("prove").disabled = false;
  $("result").hidden = true;
  document.body.dataset.wallet = "loaded";
}

function closeGate() {
  $("add-to-cart").disabled = true;
  $("gate-note").textContent = "Age-restricted: confirm you are 18 or over to buy.";
  $("gate-note").className = "gate-note";
}

function resetWallet() {
  state.credential = null;
  closeGate();
  $("wallet-empty").hidden = false;
  $("wallet-card").hidden = true;
  $("prove").disabled = true;
  $("progress").hidden = true;
  $("result").hidden = true;
  document.body.dataset.wallet = "";
}

async function loadDemo(profile) {
  setBusy(true);
  try {
    const holder = await holderReady;
    const { holderCommitment } = await holder.newWallet();
    // The issuer signs a credential bound to the commitment; the secret stays in the worker.
    const response = await fetch("/api/issue", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ holderCommitment, profile }),
    });
    if (!response.ok) throw new ZkcredError("io", `the issuer answered HTTP ${response.status}`, { status: response.status });
    showCredential(await holder.importCredential(await response.text()));
    warm(holder);
  } catch (e) {
    showRefusal(null, e, "Could not load the ID");
  } finally {
    setBusy(false);
  }
}

async function loadPasted() {
  setBusy(true);
  try {
    const holder = await holderReady;
    const { credentials } = await holder.loadWallet($("paste-text").value);
    if (credentials.length === 0) throw new ZkcredError("credential", "the wallet holds no credential");
    showCredential(credentials[0]);
    $("paste-text").value = "";
    warm(holder);
  } catch (e) {
    showRefusal(null, e, "This wallet could not be loaded");
  } finally {
    setBusy(false);
  }
}

// Fetch and validate the proving key while the user reads, showing it.
function warm(holder) {
  const started = performance.now();
  holder.warm({ onProgress }).then(({ source }) => {
    progress.warmMs = performance.now() - started;
    progress.keySource = source;
  }, () => { /* proving retries, and reports the error */ });
}

function setBusy(busy) {
  state.busy = busy;
  for (const b of document.querySelectorAll(".id-choice, #paste-load, #prove, #wallet-reset")) {
    b.disabled = busy || (b.id === "prove" && !state.credential);
  }
  document.body.dataset.busy = busy ? "1" : "";
}

async function prove() {
  if (state.busy || !state.credential) return;
  setBusy(true);
  $("result").hidden = true;
  document.body.dataset.status = "proving";
  let request = null;
  try {
    const requestJson = await loadRequest();
    request = JSON.parse(requestJson);
    if (openid4vpFlow()) {
      const asked = await askOpenid4vp(request);
      onProgress({ stage: "verify", fraction: 0 });
      const vk = await verifier;
      const verified = verifyOpenid4vpResponse(asked.auth, location.origin, asked.response, vk);
      onProgress({ stage: "verify", fraction: 1 });
      window.zkcredDemo.last = {
        via: asked.via, authorizationRequest: asked.auth, response: asked.response, proveMs: asked.proveMs,
        keySource: asked.keySource, nullifier: verified.nullifier, progress: progress.events,
      };
      const bytes = Object.values(asked.response.vp_token)[0][0].length * 3 / 4;
      showSuccess(request, { bytes: { length: Math.round(bytes) }, proveMs: asked.proveMs ?? 0 },
        verified, 0, asked.via);
      return;
    }
    const holder = await holderReady;
    const revocationPath = await revocationPathOf(state.credential);
    const proof = await holder.prove({ request, credentialId: state.credential.id, revocationPath, onProgress });
    const result = await verifyAsShop(request, proof);
    window.zkcredDemo.last = { requestJson, presentationJson: proof.json, proveMs: proof.proveMs, keySource: proof.keySource, threads: proof.threads, build: await holder.info(), server: result.server, progress: progress.events };
    showSuccess(request, proof, result.local, result.localMs);
  } catch (e) {
    window.zkcredDemo.last = { error: e instanceof ZkcredError ? e.toJSON() : { message: String(e) }, progress: progress.events };
    showRefusal(request, e);
  } finally {
    clearInterval(progress.timer);
    $("progress").hidden = true;
    setBusy(false);
  }
}

// The Digital Credentials API, where the browser offers it.
const dcApi = () => typeof window.DigitalCredential !== "undefined" && !!navigator.credentials
  && typeof navigator.credentials.get === "function";
// The page asks with zkcred's OpenID4VP profile: through the DC API where
// the browser has it, else the in-page wallet answers the same request with
// the same response (the fallback). `?flow=native` uses zkcred's own request
// and presentation instead, which the shop's server verifies as well.
const openid4vpFlow = () => dcApi() || new URLSearchParams(location.search).get("flow") !== "native";

// Asks for the proof with zkcred's OpenID4VP profile (response_mode
// dc_api): through the Digital Credentials API when the browser offers it,
// otherwise from the in-page wallet (the package's worker). The same
// Authorization Request goes out, the same {vp_token} response comes back.
async function askOpenid4vp(request) {
  const vk = await verifier;
  const auth = JSON.parse(openid4vpDcApiRequest(request, vk));
  if (dcApi()) {
    onProgress({ stage: "check", fraction: 0 });
    let credential = null;
    try {
      credential = await navigator.credentials.get({
        digital: { requests: [{ protocol: "openid4vp-v1-unsigned", data: auth }] },
      });
    } catch (e) {
      // No wallet answered (none installed, or the shopper closed the
      // browser's dialog): the in-page wallet answers the same request.
      if (!(e instanceof DOMException)) throw e;
      credential = null;
    }
    if (credential) {
      if (credential.protocol !== "openid4vp-v1-unsigned") {
        throw new ZkcredError("verificationFailed", "the wallet answered with another protocol");
      }
      const response = typeof credential.data === "string" ? JSON.parse(credential.data) : credential.data;
      return { auth, response, via: "dcApi", proveMs: null, keySource: null };
    }
  }
  const answer = await answerWithInPageWallet(auth);
  return { auth, response: answer.response, via: "wallet", proveMs: answer.proveMs, keySource: answer.keySource };
}

async function answerWithInPageWallet(auth) {
  const holder = await holderReady;
  const revocationPath = await revocationPathOf(state.credential);
  return holder.answerOpenid4vp({ request: auth, credentialId: state.credential.id, revocationPath, onProgress });
}

async function revocationPathOf(credential) {
  const response = await fetch(`/api/revocation-path?serial=${credential.serial}`);
  if (response.status === 422) throw new ZkcredError("revocation", "the ID has been revoked by its issuer");
  return new Uint8Array(await response.arrayBuffer());
}

// The shop's two checks: in this page (wasm) and on its server (native Rust).
async function verifyAsShop(request, proof) {
  onProgress({ stage: "verify", fraction: 0 });
  const vk = await verifier;
  const t0 = performance.now();
  const local = verifyBytes(request, proof.bytes, vk);
  const localMs = performance.now() - t0;
  const server = await getJson(`/api/verify?challenge=${request.challenge}`, {
    method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: proof.bytes,
  });
  if (!server.verified || server.nullifier !== local.nullifier) {
    throw new ZkcredError("verificationFailed", "the shop's server did not accept the proof");
  }
  onProgress({ stage: "verify", fraction: 1 });
  return { local, localMs, server };
}

function showSuccess(request, proof, local, localMs, via = "page") {
  document.body.dataset.status = "verified";
  document.body.dataset.proveMs = String(Math.round(proof.proveMs));
  const r = $("result");
  r.hidden = false;
  r.className = "result ok";
  const disclosed = Object.entries(local.disclosed || {});
  const rows = request.predicates.map((p) => {
    const d = describePredicate(p);
    return `<div><span>${escapeHtml(d.label)}${d.chips ? " accepted list" : ""}</span><span class="yes">Yes</span></div>`;
  });
  for (const hidden of ["Birth date", "Name", "Nationality", "ID number"]) {
    rows.push(`<div><span>${hidden}</span><span class="hidden-val">not revealed</span></div>`);
  }
  for (const [k, v] of disclosed) rows.push(`<div><span>${escapeHtml(k)}</span><span>${escapeHtml(JSON.stringify(v))}</span></div>`);
  const short = `${local.nullifier.slice(0, 10)}…${local.nullifier.slice(-6)}`;
  r.innerHTML = `
    <h3>✓ Age confirmed — you can buy this wine</h3>
    <p>Vinoteca received a ${proof.bytes.length}-byte proof. This is everything it learned:</p>
    <div class="learned">${rows.join("")}
      <div><span>Your pseudonym at Vinoteca</span><span class="mono" title="${escapeHtml(local.nullifier)}" id="nullifier">${escapeHtml(short)}</span></div>
    </div>
    <div class="checks">${via === "page" ? `
      <span id="proved">Proved in your browser in ${(proof.proveMs / 1000).toFixed(2)} s (${proof.threads > 1 ? `threaded WebAssembly, ${proof.threads} threads` : "single-threaded WebAssembly"})</span>
      <span>Checked in this page (WebAssembly, ${localMs.toFixed(0)} ms)</span>
      <span>Checked by Vinoteca's server (Rust)</span>` : `
      <span id="via">${via === "dcApi" ? "Answered by your wallet through the browser (Digital Credentials API)" : "Answered by this browser's wallet (OpenID4VP)"}</span>
      <span>Checked in this page (WebAssembly)</span>`}
      <span>Not revoked by the issuer</span>
    </div>
    <p class="small muted" style="margin-top:12px"><button class="link" id="again">Check again</button></p>`;
  $("again").onclick = prove;
  $("add-to-cart").disabled = false;
  $("gate-note").textContent = "✓ Age confirmed privately — nothing else was shared.";
  $("gate-note").className = "gate-note ok";
}

const issuerKey = (urn) => String(urn || "").split(":").pop().toLowerCase();

/**
 * A sentence for shoppers from a refusal's kind and structured fields (never
 * from its message): {title, sentence}.
 */
export function plainWords(e, request, credential) {
  const kind = e instanceof ZkcredError || (e && e.kind) ? e.kind : null;
  const p = request && typeof e.predicateIndex === "number" ? request.predicates[e.predicateIndex] : null;
  const unmet = "Sorry — this ID does not meet Vinoteca's requirements";
  switch (kind) {
    case "unsatisfiable": {
      if (p && p.op === "ageAtLeast") return { title: unmet, sentence: `You must be at least ${p.value} to buy this wine.` };
      if (p && p.op === "in" && p.attribute === "nationality") {
        return { title: unmet, sentence: `Vinoteca can only sell to nationals of ${p.value.map((c) => COUNTRY[c] || c).join(", ")}.` };
      }
      if (p) return { title: unmet, sentence: `This ID does not satisfy: ${describePredicate(p).label}.` };
      if (request && credential && !request.acceptedIssuers.some((i) => i.publicKey.toLowerCase() === issuerKey(credential.issuer))) {
        return { title: unmet, sentence: "This credential was not issued by a trusted issuer." };
      }
      if (request && credential && String(credential.validUntil || "").slice(0, 10) < request.now) {
        return { title: unmet, sentence: "This ID has expired." };
      }
      return { title: unmet, sentence: "This ID cannot answer Vinoteca's request." };
    }
    case "revocation": return { title: unmet, sentence: "This ID has been revoked by its issuer." };
    case "credential": return { title: "This ID could not be used", sentence: "This credential does not belong to this wallet or is damaged." };
    case "scopeMismatch": return { title: "The age check did not go through", sentence: "This request was made for another website, so your wallet refused it." };
    case "json": case "encoding": case "request": case "schema": case "attribute": case "unsupportedVersion": case "invalidDate":
      return { title: "The age check did not go through", sentence: "Something is wrong with the request. Please reload the page and try again." };
    case "key": return { title: "The age check did not go through", sentence: "The shop's proving key could not be checked, so no proof was made. Please try again later." };
    case "io": return { title: "The age check did not go through", sentence: "The connection failed. Please check your network and try again." };
    case "verificationFailed": case "malformedProof":
      return { title: "The age check did not go through", sentence: "Vinoteca could not verify the proof. Please try again." };
    case "proving": return { title: "The age check did not go through", sentence: "Your device could not make the proof. Please try again." };
    default: return { title: "The age check did not go through", sentence: "Something went wrong. Please try again." };
  }
}

function showRefusal(request, e, title) {
  document.body.dataset.status = "refused";
  const r = $("result");
  r.hidden = false;
  r.className = "result refused";
  const words = plainWords(e, request, state.credential);
  const technical = `${e && e.kind ? e.kind : "error"}: ${e && e.message ? e.message : String(e)}`
    + (e && typeof e.predicateIndex === "number" ? ` (predicateIndex ${e.predicateIndex}, attribute ${e.attribute})` : "");
  r.innerHTML = `<h3>${escapeHtml(title || words.title)}</h3>
    <p id="failing">${escapeHtml(words.sentence)}</p>
    <p class="small muted">No proof was sent and nothing about you was shared with Vinoteca.</p>
    <details class="small muted" id="refusal-details"><summary>Details</summary>
      <pre id="refusal-detail">${escapeHtml(technical)}</pre></details>`;
  closeGate();
}

// For the end-to-end test and the console: the shop's in-page verifier on
// any presentation (JSON) for a request (JSON).
window.zkcredDemo = {
  last: null,
  async verifyJson(requestJson, presentationJson) {
    const vk = await verifier;
    const v = verify(requestJson, Presentation.fromJson(presentationJson), vk);
    return { nullifier: v.nullifier, disclosed: v.disclosed, issuer: v.issuer };
  },
  plainWords,
  progress,
  // The in-page wallet answering an OpenID4VP request (what a stubbed
  // navigator.credentials.get forwards to in the end-to-end test).
  answerWithInPageWallet: async (auth) => (await answerWithInPageWallet(auth)).response,
};

// Cross-device (docs/openid4vp.md 12): the server's request by reference as a
// QR code; a wallet on another device answers the server directly, and the
// page polls the server for the outcome.
async function startPhone() {
  const started = await getJson("/api/openid4vp/cross-device");
  const qr = $("phone-qr");
  qr.innerHTML = started.qrSvg.replace(/^<\?xml[^>]*>\s*/, "");
  qr.dataset.url = started.url;
  qr.hidden = false;
  $("phone-status").textContent = "Waiting for your phone…";
  $("phone-status").dataset.status = "pending";
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    let r;
    try {
      r = await getJson(`/api/openid4vp/result?state=${encodeURIComponent(started.state)}`);
    } catch (e) {
      $("phone-status").textContent = "The request expired: show a new QR code.";
      $("phone-status").dataset.status = "expired";
      return;
    }
    if (r.status === "pending") continue;
    $("phone-status").dataset.status = r.status;
    if (r.status === "verified") {
      $("phone-status").textContent = "Verified on the shop's server (zkcred-core): over 18, nationality accepted.";
      $("add-to-cart").disabled = false;
      $("gate-note").textContent = "✓ Age confirmed privately on your phone — nothing else was shared.";
      $("gate-note").className = "gate-note ok";
      return;
    }
    $("phone-status").textContent = "The phone's answer was refused; waiting for another…";
  }
}

$("phone-start").onclick = () => startPhone().catch((e) => { $("phone-status").textContent = plainWords(e).title || String(e.message || e); });
$("stages").innerHTML = STAGES.map((s) => `<li data-stage="${s.stage}">${escapeHtml(s.label)}</li>`).join("");
$("load-adult").onclick = () => loadDemo("adult");
$("load-minor").onclick = () => loadDemo("minor");
$("paste-load").onclick = loadPasted;
$("wallet-reset").onclick = resetWallet;
$("prove").onclick = prove;
$("add-to-cart").onclick = () => { $("cart-count").textContent = String(Number($("cart-count").textContent) + 1); };
loadRequest().catch((e) => showRefusal(null, e, "Vinoteca's request could not be loaded"));
document.body.dataset.ready = "1";

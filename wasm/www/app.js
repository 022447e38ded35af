// The shop page: the holder's wallet and proving run in worker.js; the
// shop's checks run here (the wasm verifier) and on the shop's server (the
// native Rust verifier, POST /api/verify).
import init, { VerifyingKey, Presentation, verify, verifyBytes } from "/pkg/zkcred_wasm.js";

const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
let nextId = 1;
const pending = new Map();
const state = { credential: null, request: null, busy: false };

worker.onmessage = ({ data }) => {
  if (data.type === "progress") return showProgress(data.fraction, data.text);
  const p = pending.get(data.id);
  if (!p) return;
  pending.delete(data.id);
  data.ok ? p.resolve(data.result) : p.reject(data.error);
};

function call(type, args = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, ...args });
  });
}

// The shop's verifier in the page: the wasm module and the site's verifying key.
const verifier = (async () => {
  await init();
  const response = await fetch("/keys/presentation.vk");
  return VerifyingKey.fromBytes(new Uint8Array(await response.arrayBuffer()));
})();

async function getJson(url, options) {
  const response = await fetch(url, options);
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch (_) { body = { message: text }; }
  if (!response.ok) throw { kind: body.error || "io", message: body.message || `HTTP ${response.status}`, status: response.status, body };
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

function showProgress(fraction, text) {
  $("progress").hidden = false;
  $("progress-fill").style.width = `${Math.round(fraction * 100)}%`;
  $("progress-text").textContent = text;
}

function showCredential(c) {
  state.credential = c;
  $("wallet-empty").hidden = true;
  $("wallet-card").hidden = false;
  $("id-name").textContent = c.name ?? "—";
  $("id-birth").textContent = c.birthDate ?? "—";
  $("id-nationality").textContent = COUNTRY[c.nationality] ? `${COUNTRY[c.nationality]} (${c.nationality})` : (c.nationality ?? "—");
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
    const { holderCommitment } = await call("newWallet");
    // The issuer signs a credential bound to the commitment; the secret stays in the worker.
    const response = await fetch("/api/issue", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ holderCommitment, profile }),
    });
    if (!response.ok) throw { kind: "io", message: `the issuer answered HTTP ${response.status}` };
    showCredential(await call("importCredential", { json: await response.text() }));
    call("warm").catch(() => {}); // fetch and validate the proving key while the user reads
  } catch (e) {
    showError("Could not load the ID", e);
  } finally {
    setBusy(false);
  }
}

async function loadPasted() {
  setBusy(true);
  try {
    showCredential(await call("loadWallet", { json: $("paste-text").value }));
    $("paste-text").value = "";
    call("warm").catch(() => {});
  } catch (e) {
    showError("This wallet could not be loaded", e);
  } finally {
    setBusy(false);
  }
}

function setBusy(busy) {
  state.busy = busy;
  for (const b of document.querySelectorAll(".id-choice, #paste-load, #prove, #wallet-reset")) {
    b.disabled = busy || (b.id === "prove" && !state.credential);
  }
  document.body.dataset.busy = busy ? "1" : "";
}

function showError(title, e) {
  const r = $("result");
  r.hidden = false;
  r.className = "result refused";
  r.innerHTML = `<h3>${escapeHtml(title)}</h3><p>${escapeHtml(e.message || String(e))}</p>`;
}

// "predicate 0 (`birth_date` ageAtLeast) does not hold" -> the request's wording.
function explainRefusal(message, request) {
  const m = /predicate (\d+) \(/.exec(message || "");
  if (m) {
    const p = request.predicates[Number(m[1])];
    if (p) {
      const d = describePredicate(p);
      return d.chips ? `${d.label} ${d.chips.join(", ")}` : d.label;
    }
  }
  if (/expired/.test(message)) return "an ID that has not expired";
  if (/issuer/.test(message)) return "an ID from an issuer Vinoteca accepts";
  return null;
}

async function prove() {
  if (state.busy || !state.credential) return;
  setBusy(true);
  $("result").hidden = true;
  showProgress(0.02, "Getting Vinoteca's request…");
  document.body.dataset.status = "proving";
  const requestJson = await loadRequest();
  const request = JSON.parse(requestJson);
  try {
    const pathResponse = await fetch(`/api/revocation-path?serial=${state.credential.serial}`);
    if (pathResponse.status === 422) throw { kind: "unsatisfiable", message: "the ID has been revoked by its issuer" };
    const revocationPath = new Uint8Array(await pathResponse.arrayBuffer());
    const proof = await call("prove", { requestJson, credentialId: state.credential.id, revocationPath });

    showProgress(0.97, "Vinoteca is checking the proof…");
    const vk = await verifier;
    const t0 = performance.now();
    const local = verifyBytes(requestJson, proof.bytes, vk);
    const localMs = performance.now() - t0;
    const server = await getJson(`/api/verify?challenge=${request.challenge}`, {
      method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: proof.bytes,
    });
    if (!server.verified || server.nullifier !== local.nullifier) throw { kind: "verificationFailed", message: "the shop's server did not accept the proof" };
    window.zkcredDemo.last = { requestJson, presentationJson: proof.json, proveMs: proof.proveMs, keySource: proof.keySource, server };
    showSuccess(request, proof, local, localMs, server);
  } catch (e) {
    window.zkcredDemo.last = { error: e };
    showRefusal(request, e);
  } finally {
    $("progress").hidden = true;
    setBusy(false);
  }
}

function showSuccess(request, proof, local, localMs, server) {
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
    <div class="checks">
      <span>Proved in your browser in ${(proof.proveMs / 1000).toFixed(2)} s</span>
      <span>Checked in this page (WebAssembly, ${localMs.toFixed(0)} ms)</span>
      <span>Checked by Vinoteca's server (Rust)</span>
      <span>Not revoked by the issuer</span>
    </div>
    <p class="small muted" style="margin-top:12px"><button class="link" id="again">Check again</button></p>`;
  $("again").onclick = prove;
  $("add-to-cart").disabled = false;
  $("gate-note").textContent = "✓ Age confirmed privately — nothing else was shared.";
  $("gate-note").className = "gate-note ok";
}

function showRefusal(request, e) {
  document.body.dataset.status = "refused";
  const r = $("result");
  r.hidden = false;
  r.className = "result refused";
  const failing = e.kind === "unsatisfiable" ? explainRefusal(e.message, request) : null;
  const title = e.kind === "unsatisfiable" ? "Sorry — this ID does not meet Vinoteca's requirements" : "The age check did not go through";
  const lead = failing
    ? `This ID does not satisfy: <strong id="failing">${escapeHtml(failing)}</strong>.`
    : escapeHtml(e.message || "Something went wrong.");
  r.innerHTML = `<h3>${title}</h3><p>${lead}</p>
    <p class="small muted">No proof was made and nothing about you was sent to Vinoteca.
    ${e.kind === "unsatisfiable" ? "" : `(${escapeHtml(e.kind || "error")})`}</p>
    <p class="small muted" id="refusal-detail">Details: ${escapeHtml(e.message || "")}</p>`;
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
};

$("load-adult").onclick = () => loadDemo("adult");
$("load-minor").onclick = () => loadDemo("minor");
$("paste-load").onclick = loadPasted;
$("wallet-reset").onclick = resetWallet;
$("prove").onclick = prove;
$("add-to-cart").onclick = () => { $("cart-count").textContent = String(Number($("cart-count").textContent) + 1); };
loadRequest().catch((e) => showError("Vinoteca's request could not be loaded", e));
document.body.dataset.ready = "1";

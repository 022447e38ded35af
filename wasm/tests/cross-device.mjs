// The demo page's cross-device path (issue #14 point 2, docs/openid4vp.md
// 12) in headless Chromium: "Show QR code" shows the server's QR code (an
// SVG) for an openid4vp:// URL by reference; an answer posted to the
// server's response_uri is reflected on the page by its polling. By default
// the test fetches the request object and posts a form-encoded answer
// itself, one whose token is not a valid presentation: the server refuses it
// and the page says so. With ZKCRED_XD_WALLET set (a command taking the URL,
// e.g. the Kotlin client of scripts/test-mobile.sh), that wallet answers the
// page's request instead and the page must show it verified.
//
//   ZKCRED_SERVER=http://127.0.0.1:PORT [ZKCRED_XD_WALLET="cmd"] node cross-device.mjs
import assert from "node:assert/strict";
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const server = process.env.ZKCRED_SERVER;
assert.ok(server, "set ZKCRED_SERVER");
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "zkcred-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
const step = (s) => console.log(`cross-device: ${s}`);
try {
  const page = await context.newPage();
  await page.addInitScript(() => { delete window.DigitalCredential; });
  await page.goto(server);
  await page.waitForSelector("body[data-ready='1']");
  await page.click("#phone-start");
  await page.waitForSelector("#phone-qr svg");
  const url = await page.getAttribute("#phone-qr", "data-url");
  assert.match(url, /^openid4vp:\/\/\?client_id=redirect_uri%3A.*&request_uri=/);
  const box = await page.locator("#phone-qr svg").boundingBox();
  assert.ok(box.width >= 200 && box.height >= 200, `QR code size ${box.width}x${box.height}`);
  step(`QR code shown (${Math.round(box.width)} px) for ${url.slice(0, 60)}...`);
  const params = new URL(url).searchParams;
  const requestUri = params.get("request_uri");
  if (process.env.ZKCRED_XD_WALLET) {
    // The real wallet answers the request behind the page's QR code.
    execSync(`${process.env.ZKCRED_XD_WALLET} '${url}'`, { stdio: "inherit" });
    await page.waitForSelector("#phone-status[data-status='verified']", { timeout: 60000 });
    assert.equal(await page.isDisabled("#add-to-cart"), false);
    assert.equal((await fetch(requestUri)).status, 404, "the request object was served once, to the wallet");
    step(`verified answer shown: ${await page.textContent("#phone-status")}`);
  } else {
    const fetched = await fetch(requestUri, { headers: { Accept: "application/oauth-authz-req+jwt" } });
    assert.equal(fetched.status, 200);
    assert.equal(fetched.headers.get("content-type"), "application/oauth-authz-req+jwt");
    const claims = JSON.parse(Buffer.from((await fetched.text()).split(".")[1], "base64url").toString());
    assert.equal(claims.client_id, params.get("client_id"));
    assert.equal((await fetch(requestUri)).status, 404, "the request object is served once");
    step("request object fetched (once)");
    // A refused answer: a well-formed form body whose token is not a presentation.
    const id = claims.dcql_query.credentials[0].id;
    const body = new URLSearchParams({ vp_token: JSON.stringify({ [id]: ["WktDUAI"] }), state: claims.state });
    const posted = await fetch(claims.response_uri, {
      method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString(),
    });
    assert.equal(posted.status, 400);
    await page.waitForSelector("#phone-status[data-status='refused']", { timeout: 10000 });
    assert.equal(await page.isDisabled("#add-to-cart"), true);
    step(`refused answer shown: ${await page.textContent("#phone-status")}`);
  }
  console.log("cross-device: ok");
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

// Load times on a slow 4G connection (Lighthouse's: 150 ms round trip, 1.6 Mbit/s down,
// 750 kbit/s up), cold cache: the sign-in screen until its form shows, and the video room
// until the video's metadata is loaded. Prints a JSON line. Run by hand against a server at
// $VIVID_URL (docs/client.md has the figures); it makes its own user, space and video.
//   CLIP=lecture.mp4 VIVID_URL=http://127.0.0.1:8080 node tests/perf.mjs

import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.VIVID_URL ?? "http://127.0.0.1:8080";
const email = `perf-${Date.now().toString(36)}@example.com`;

async function api(method, path, token, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response.status === 204 ? null : response.json();
}

const { access_token: token } = await api("POST", "/api/auth/dev-login", null, { email, name: "Perf" });
const space = await api("POST", "/api/spaces", token, { name: "Perf", description: "" });
const clip = readFileSync(process.env.CLIP);
const video = await api("POST", `/api/spaces/${space.id}/videos`, token, { title: "Perf", size: clip.length, content_type: "video/mp4" });
await fetch(video.upload.url, { method: "PUT", headers: video.upload.headers, body: clip });
await api("POST", `/api/videos/${video.id}/upload-complete`, token, {});
for (let i = 0; i < 600 && (await api("GET", `/api/videos/${video.id}`, token)).status !== "ready"; i++) {
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
async function timed(signedIn, path, ready) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  if (signedIn) {
    await page.goto(BASE);
    await page.locator("input[type=email]").fill(email);
    await page.locator("form button[type=submit], form button").first().click();
    await page.getByTestId("me").waitFor();
    // A real load of the room below, not a same-document hash change.
    await page.goto("about:blank");
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (event) => { bytes += event.encodedDataLength; });
  const started = Date.now();
  await page.goto(`${BASE}${path}`);
  await ready(page);
  const ms = Date.now() - started;
  await context.close();
  return { ms, kb: Math.round(bytes / 1024) };
}

const signIn = await timed(false, "/", (page) => page.locator("input[type=email]").waitFor());
const room = await timed(true, `/#/videos/${video.id}`, (page) => page.waitForFunction(
  () => (document.querySelector("[data-testid=player]")?.readyState ?? 0) >= 1, null, { timeout: 120_000 }));
await browser.close();
console.log(JSON.stringify({ signIn, room }));

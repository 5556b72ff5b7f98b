// The library around the room: signing in (no console errors while signed out), a space,
// invitations accepted from the dashboard that update open pages live (an invitee joining, a
// rename), an upload with
// progress to a ready video, and a reload during an upload (warned, then cleaned up).

import assert from "node:assert/strict";
import { BASE, consoleErrors, eventually, openPage, pages, shot, signIn, users } from "../lib/browser.mjs";

const CLIP = process.env.CLIP;

export const library = [
  ["a signed-out visit shows the sign-in methods the server offers, with no console error", async () => {
    const page = await openPage("visitor");
    await page.goto(BASE);
    await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    await page.waitForLoadState("networkidle");
    assert.equal(await page.getByRole("link", { name: "Continue with Google" }).count(), 0, "no Google button without Google");
    assert.deepEqual(consoleErrors.visitor, [], "no console errors while signed out");
    // Fast: the sign-in screen loads at most 150 KB of compressed JavaScript, and none of the
    // room's libraries (Quill, Yjs, hls.js live in the room's chunks).
    const scripts = await page.evaluate(() => performance.getEntriesByType("resource")
      .filter((entry) => entry.name.endsWith(".js"))
      .map((entry) => ({ name: new URL(entry.name).pathname, bytes: entry.encodedBodySize, decoded: entry.decodedBodySize })));
    const compressed = scripts.reduce((sum, script) => sum + script.bytes, 0);
    assert.ok(compressed > 0 && compressed <= 150 * 1024, `sign-in JavaScript: ${compressed} bytes compressed: ${JSON.stringify(scripts)}`);
    assert.ok(scripts.every((script) => script.bytes < script.decoded), `sent compressed: ${JSON.stringify(scripts)}`);
    assert.ok(!scripts.some((script) => /VideoRoom|hls|quill|yjs/i.test(script.name)), `no room code: ${JSON.stringify(scripts)}`);
    console.log(`  sign-in JavaScript: ${(compressed / 1024).toFixed(1)} KB compressed in ${scripts.length} file(s)`);
    const asset = await fetch(`${BASE}${scripts[0].name}`, { headers: { "accept-encoding": "br, gzip" } });
    assert.match(asset.headers.get("content-encoding") ?? "", /^(br|gzip|zstd)$/);
    assert.equal(asset.headers.get("cache-control"), "public, max-age=31536000, immutable");
    const index = await fetch(BASE, { headers: { "accept-encoding": "br, gzip" } });
    assert.equal(index.headers.get("cache-control"), "no-cache");
    await page.context().close();
    delete pages.visitor;
  }],

  ["a space, an invitation, and live updates of open pages (joining, renaming)", async (ctx) => {
    const ada = await signIn("ada");
    const grace = await signIn("grace");
    await shot(ada, "flow-1-dashboard-empty");
    await ada.getByRole("link", { name: "Spaces", exact: true }).click();
    await ada.getByLabel("Name of the new space").fill("Algorithms");
    await ada.getByRole("button", { name: "Create space" }).click();
    await ada.getByRole("heading", { name: "Algorithms" }).waitFor();
    ctx.spaceId = ada.url().split("/spaces/")[1];
    // Grace has an account: the invitation is an offer that appears on her open dashboard
    // (with a badge), and she joins by accepting it; Ada's page sees her join live.
    await ada.getByLabel("Invite by email").fill(users.grace.email);
    await ada.getByRole("button", { name: "Invite", exact: true }).click();
    await ada.getByTestId("participant").filter({ hasText: users.grace.email }).filter({ hasText: "Invitation pending" }).waitFor();
    const offer = grace.getByTestId("invitation").filter({ hasText: "Algorithms" });
    await offer.waitFor({ timeout: 5000 });
    assert.equal(await grace.getByTestId("invitation-badge").textContent(), "1");
    await offer.getByText("From Ada").waitFor();
    await shot(grace, "flow-1b-invitation");
    await offer.getByRole("button", { name: "Join Algorithms" }).click();
    await grace.getByRole("heading", { name: "Algorithms" }).waitFor();
    await grace.getByTestId("toast").filter({ hasText: "You joined Algorithms." }).waitFor();
    await grace.getByTestId("invitation-badge").waitFor({ state: "detached" }); // no badge once answered
    await ada.getByTestId("participant").filter({ hasText: "Grace" }).filter({ hasText: "Joined" }).waitFor({ timeout: 5000 });
    // Lin has never signed in: the invitation waits for her first sign-in, and accepting it
    // there shows on Ada's page live.
    await ada.getByLabel("Invite by email").fill(users.lin.email);
    await ada.getByRole("button", { name: "Invite", exact: true }).click();
    await ada.getByTestId("participant").filter({ hasText: users.lin.email }).filter({ hasText: "Invitation pending" }).waitFor();
    const lin = await signIn("lin");
    await lin.getByTestId("invitation").filter({ hasText: "Algorithms" }).getByRole("button", { name: "Join Algorithms" }).click();
    await lin.getByRole("heading", { name: "Algorithms" }).waitFor();
    await ada.getByTestId("participant").filter({ hasText: "Lin" }).filter({ hasText: "Joined" }).waitFor({ timeout: 5000 });
    await lin.context().close();
    delete pages.lin;

    await grace.goto(`${BASE}/spaces/${ctx.spaceId}`);
    await grace.getByRole("heading", { name: "Algorithms" }).waitFor();
    await ada.getByRole("button", { name: "Rename" }).click();
    await ada.getByLabel("Space name").fill("Algorithms 2026");
    await ada.getByRole("button", { name: "Save" }).click();
    await grace.getByRole("heading", { name: "Algorithms 2026" }).waitFor({ timeout: 5000 });
  }],

  ["a reload during an upload warns first, and leaves an interrupted upload to clean up", async (ctx) => {
    const { ada, grace } = pages;
    const cdp = await ada.context().newCDPSession(ada);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 20 * 1024 });
    const chooser = ada.waitForEvent("filechooser");
    await ada.getByRole("button", { name: "Choose files" }).click();
    await (await chooser).setFiles(CLIP);
    await ada.getByTestId("upload").filter({ has: ada.locator("progress") }).waitFor();
    const card = ada.getByTestId("video").filter({ has: ada.locator("[data-status=awaiting_upload]") });
    await card.waitFor();
    let warned = false;
    ada.once("dialog", (dialog) => {
      warned = dialog.type() === "beforeunload";
      void dialog.accept();
    });
    await ada.reload();
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    assert.ok(warned, "leaving mid-upload asks first (beforeunload)");
    await ada.getByText("This upload was interrupted").waitFor();
    await grace.getByTestId("video").filter({ has: grace.locator("[data-status=awaiting_upload]") }).waitFor();
    ctx.abandonedAt = Date.now();
  }],

  ["an upload shows its progress, then conversion, then a ready video that plays", async (ctx) => {
    const { ada } = pages;
    await ada.evaluate(() => {
      window.__seen = { upload: [], statuses: [] };
      setInterval(() => {
        document.querySelectorAll("[data-testid=upload] progress").forEach((p) => window.__seen.upload.push(p.value));
        document.querySelectorAll("[data-testid=video] [data-testid=status]").forEach((s) => window.__seen.statuses.push(s.dataset.status));
      }, 25);
    });
    const cdp = await ada.context().newCDPSession(ada);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
    await ada.getByLabel("Upload videos").setInputFiles(CLIP);
    await ada.getByTestId("upload").waitFor();
    await shot(ada, "flow-2-space-uploading");
    // A ready card drops its status badge for the reader's progress.
    const ready = ada.locator("[data-testid=video][data-status=ready]");
    await ready.waitFor({ timeout: 60_000 });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const seen = await ada.evaluate(() => window.__seen);
    assert.ok(seen.upload.some((v) => v > 0 && v < 1), `upload progress shown: ${seen.upload.slice(0, 20)}`);
    assert.ok(seen.statuses.includes("transcoding") || seen.statuses.includes("uploaded"), `conversion shown: ${[...new Set(seen.statuses)]}`);
    await ready.getByRole("link").first().click();
    await ada.getByTestId("player").waitFor();
    ctx.videoId = ada.url().split("/videos/")[1];
  }],
];

/** Checked later, once the upload URLs have expired: the abandoned video is gone for everyone. */
export async function abandonedUploadIsGone(ctx) {
  const { ada } = pages;
  await ada.goto(`${BASE}/spaces/${ctx.spaceId}`);
  await eventually(
    async () => (await ada.locator("[data-testid=video][data-status=awaiting_upload]").count()) === 0
      && (await ada.getByTestId("video").count()) === 1,
    "the abandoned upload is removed",
    60_000,
  );
}

// Browser tests: two users in Chromium (playwright-core, Debian's chromium) against a real
// embedded server at $VIVID_URL. `scripts/test-browser` starts the server and runs this.
// Screenshots of each main screen go to $SCREENSHOTS (and of every page on a failure).

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const BASE = process.env.VIVID_URL ?? "http://127.0.0.1:8080";
const CLIP = process.env.CLIP;
const SHOTS = process.env.SCREENSHOTS ?? "test-results/screenshots";
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"],
});
const pages = {};
const unique = Date.now().toString(36);
const users = {
  ada: { email: `ada-${unique}@example.com`, name: "Ada" },
  grace: { email: `grace-${unique}@example.com`, name: "Grace" },
};

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(who) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[${who}] page error:`, error.message));
  await page.goto(BASE);
  await page.getByLabel("Email").fill(users[who].email);
  await page.getByLabel("Name").fill(users[who].name);
  if (who === "ada") await shot(page, "1-sign-in");
  await page.getByRole("button", { name: "Sign in (dev)" }).click();
  await page.getByTestId("me").waitFor();
  pages[who] = page;
  return page;
}

async function video(page) {
  return page.getByTestId("player");
}

/** Pauses the player at `t` seconds. */
async function pauseAt(page, t) {
  await page.getByTestId("player").evaluate(async (el, t) => {
    el.pause();
    el.currentTime = t;
    await new Promise((resolve) => (el.readyState >= 2 && !el.seeking ? resolve() : el.addEventListener("seeked", resolve, { once: true })));
  }, t);
}

async function strokesVisible(page, count) {
  await page.waitForFunction(
    (count) => document.querySelector("[data-testid=drawing-layer]")?.dataset.visibleStrokes === String(count),
    count,
    { timeout: 2000 },
  );
}

async function draw(page, from, to, { release = true } = {}) {
  const box = await page.getByTestId("drawing-layer").boundingBox();
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) {
    const x = from[0] + ((to[0] - from[0]) * i) / 8;
    const y = from[1] + ((to[1] - from[1]) * i) / 8;
    await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
  }
  if (release) await page.mouse.up();
}

async function memoText(page) {
  return page.locator("[data-testid='memo-Shared memo'] .ql-editor").innerText();
}

async function waitMemo(page, predicate, timeout = 2000) {
  const deadline = Date.now() + timeout;
  let text = "";
  while (Date.now() < deadline) {
    text = await memoText(page);
    if (predicate(text)) return text;
    await page.waitForTimeout(50);
  }
  assert.fail(`memo never matched; last: ${JSON.stringify(text)}`);
}

async function typeInMemo(page, text) {
  const editor = page.locator("[data-testid='memo-Shared memo'] .ql-editor");
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

const steps = [];
function step(name, run) {
  steps.push({ name, run });
}

let videoId;

step("sign in, create a space, invite, and upload a clip with progress to a playing video", async () => {
  const ada = await signIn("ada");
  await signIn("grace");
  await shot(ada, "2-dashboard");
  await ada.getByRole("link", { name: "Spaces" }).click();
  await ada.getByLabel("New space name").fill("Algorithms");
  await ada.getByRole("button", { name: "Create space" }).click();
  await ada.getByRole("heading", { name: "Algorithms" }).waitFor();
  await ada.getByLabel("Invite by email").fill(users.grace.email);
  await ada.getByRole("button", { name: "Invite" }).click();
  await ada.getByText("Grace").waitFor();

  // Watch every progress value and status the page shows, and upload slowly enough to see it.
  await ada.evaluate(() => {
    window.__seen = { upload: [], statuses: [] };
    setInterval(() => {
      document.querySelectorAll("[data-testid=upload] progress").forEach((p) => window.__seen.upload.push(p.value));
      document.querySelectorAll("[data-testid=video] [data-testid=status]").forEach((s) => window.__seen.statuses.push(s.textContent));
    }, 25);
  });
  const cdp = await ada.context().newCDPSession(ada);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 400 * 1024,
  });
  await ada.getByLabel("Upload videos").setInputFiles(CLIP);
  await ada.getByTestId("upload").waitFor();
  await shot(ada, "3-space-uploading");
  await ada.locator("[data-testid=video] [data-testid=status]", { hasText: "ready" }).waitFor({ timeout: 60_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const seen = await ada.evaluate(() => window.__seen);
  assert.ok(seen.upload.some((v) => v > 0 && v < 1), `upload progress shown: ${seen.upload.slice(0, 20)}`);
  assert.ok(seen.statuses.some((s) => s.startsWith("transcoding")), `transcoding shown: ${[...new Set(seen.statuses)]}`);
  await shot(ada, "4-space");

  await ada.locator("[data-testid=video] a").first().click();
  await (await video(ada)).waitFor();
  videoId = ada.url().split("/videos/")[1];
  const played = await ada.getByTestId("player").evaluate(async (el) => {
    el.muted = true;
    await el.play();
    const start = el.currentTime;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    el.pause();
    return { start, end: el.currentTime, readyState: el.readyState };
  });
  assert.ok(played.end > played.start + 0.5, `currentTime advances: ${JSON.stringify(played)}`);
});

step("drawing and memo edits reach the other user live, with presence; both survive a reload", async () => {
  const { ada, grace } = pages;
  await grace.goto(`${BASE}/#/videos/${videoId}`);
  await grace.getByTestId("player").waitFor();
  await shot(grace, "5-video-room");
  for (const page of [ada, grace]) {
    await page.locator("[data-testid=connection][data-synced=true]").waitFor();
    await pauseAt(page, 1);
  }
  // Grace sees Ada and her playhead.
  const peer = grace.locator("[data-testid=peer]", { hasText: "Ada" });
  await peer.waitFor({ timeout: 2000 });
  await grace.waitForFunction(() => [...document.querySelectorAll("[data-testid=peer]")]
    .some((p) => p.textContent.includes("Ada") && p.querySelector("[data-testid=playhead]").textContent.startsWith("0:01")), null, { timeout: 2000 });

  await ada.keyboard.press("p");
  await draw(ada, [0.2, 0.2], [0.6, 0.5], { release: false });
  await grace.waitForFunction(() => document.querySelector("[data-testid=drawing-layer]").dataset.remoteDrawing === "1", null, { timeout: 2000 });
  await ada.mouse.up();
  await strokesVisible(grace, 1);
  await typeInMemo(ada, "Merge sort splits in halves.");
  await waitMemo(grace, (text) => text.includes("Merge sort splits in halves."));

  await grace.keyboard.press("h");
  await draw(grace, [0.3, 0.7], [0.8, 0.7]);
  await strokesVisible(ada, 2);
  await shot(grace, "6-video-room-drawn");

  for (const page of [ada, grace]) {
    await page.reload();
    await page.getByTestId("player").waitFor();
    await page.locator("[data-testid=connection][data-synced=true]").waitFor();
    await pauseAt(page, 1);
    await strokesVisible(page, 2);
    await waitMemo(page, (text) => text.includes("Merge sort splits in halves."));
  }
  // A snapshot (frame + drawings) is saved as an image on Ada's individual video.
  await ada.getByRole("button", { name: "Snapshot" }).click();
  await ada.getByRole("status").filter({ hasText: "Snapshot saved." }).waitFor();
  // Outside the strokes' time they are hidden.
  await pauseAt(grace, 8);
  await strokesVisible(grace, 0);
});

step("edits made offline merge with the other side's when the connection returns", async () => {
  const { ada, grace } = pages;
  await grace.context().setOffline(true);
  await grace.locator("[data-testid=connection][data-state=offline]").waitFor({ timeout: 5000 });
  await typeInMemo(grace, " Offline by Grace.");
  await typeInMemo(ada, " Online by Ada.");
  await waitMemo(ada, (text) => text.includes("Online by Ada.") && !text.includes("Offline by Grace."));
  await grace.context().setOffline(false);
  for (const page of [ada, grace]) {
    await waitMemo(page, (text) => text.includes("Offline by Grace.") && text.includes("Online by Ada."), 10_000);
  }
});

step("restoring a version in the history panel changes the other user's memo live", async () => {
  const { ada, grace } = pages;
  await ada.getByRole("tab", { name: "History" }).click();
  await ada.getByLabel("Version name").fill("Before the exam");
  await ada.getByRole("button", { name: "Save version" }).click();
  await ada.getByText("Before the exam").waitFor();
  await ada.getByRole("tab", { name: "Memo" }).click();
  await typeInMemo(ada, " Scribble to undo.");
  await waitMemo(grace, (text) => text.includes("Scribble to undo."));

  await grace.getByRole("tab", { name: "History" }).click();
  const version = grace.locator("[data-testid=version]", { hasText: "Before the exam" });
  await version.waitFor();
  await version.getByRole("button", { name: "Preview" }).click();
  await grace.getByTestId("preview").waitFor();
  await shot(grace, "7-history");
  await version.getByRole("button", { name: "Restore" }).click();
  await waitMemo(ada, (text) => !text.includes("Scribble to undo.") && text.includes("Merge sort"));
});

let failed = false;
for (const { name, run } of steps) {
  const started = Date.now();
  try {
    await run();
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed = true;
    console.error(`not ok - ${name}\n${error.stack ?? error}`);
    for (const [who, page] of Object.entries(pages)) {
      await page.screenshot({ path: join(SHOTS, `failure-${who}.png`), fullPage: true }).catch(() => {});
    }
    break;
  }
}
await browser.close();
console.log(`screenshots: ${SHOTS}`);
process.exit(failed ? 1 : 0);

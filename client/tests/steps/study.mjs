// The study flow (issue 15): a space with 25 videos shows every one of them (pages load as
// the reader scrolls), sorted three ways, and its host deletes one after confirming;
// watching a lecture to 40 % shows 40 % on its card and "Continue" opens it where it stopped;
// taking a lecture off "My lectures" leaves it for everyone else.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiGet, apiSend } from "../lib/api.mjs";
import { BASE, eventually, pages, shot, signIn } from "../lib/browser.mjs";
import { openRoom, player } from "../lib/room.mjs";

export const MANY_SPACE = "Data Structures";
export const MANY = 25;
const title = (n) => `Week ${String(n).padStart(2, "0")}`;

/** A one-second clip, small enough that 25 of them transcode in seconds. */
function tinyClip() {
  const path = join(mkdtempSync(join(tmpdir(), "vivid-")), "tiny.mp4");
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=1:size=160x90:rate=10",
    "-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", path]);
  return readFileSync(path);
}

/** Adds a video through the API as the app does: create, PUT the file, complete. */
async function addVideo(who, spaceId, name, bytes) {
  const created = await apiSend(who, "POST", `/api/spaces/${spaceId}/videos`, { title: name, size: bytes.length, content_type: "video/mp4" });
  const { method, url, headers } = created.upload;
  const put = await fetch(url, { method, headers, body: bytes });
  if (!put.ok) throw new Error(`upload of ${name}: ${put.status}`);
  await apiSend(who, "POST", `/api/videos/${created.id}/upload-complete`, {});
  return created.id;
}

async function allVideos(who, spaceId) {
  return (await apiGet(who, `/api/spaces/${spaceId}/videos?limit=100`)).items;
}

export const study = [
  [`a space with ${MANY} videos shows all of them in three orders, and the host deletes one after confirming`, async (ctx) => {
    const { ada } = pages;
    const space = await apiSend("ada", "POST", "/api/spaces", { name: MANY_SPACE, description: "Lists, trees and graphs — one recording a week." });
    ctx.manySpaceId = space.id;
    const bytes = tinyClip();
    const numbers = Array.from({ length: MANY }, (_, i) => i + 1);
    // Five at a time, oldest first (so "Newest" shows Week 25 first).
    for (let i = 0; i < numbers.length; i += 5) {
      for (const n of numbers.slice(i, i + 5)) await addVideo("ada", space.id, title(n), bytes);
    }
    await eventually(async () => (await allVideos("ada", space.id)).every((v) => v.status === "ready"),
      `all ${MANY} videos transcoded`, 180_000);

    await ada.goto(`${BASE}/spaces/${space.id}`);
    await ada.getByRole("heading", { name: MANY_SPACE }).waitFor();
    await ada.getByText("Lists, trees and graphs").waitFor();
    const cards = ada.getByTestId("video");
    await cards.first().waitFor();
    assert.ok((await cards.count()) < MANY, "the first page holds fewer than all");
    // Scrolling to the end brings the rest.
    await eventually(async () => {
      await ada.getByTestId("videos").evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      return (await cards.count()) === MANY;
    }, `all ${MANY} cards after scrolling`, 15_000);
    assert.equal(await cards.locator(".poster img").count(), MANY, "every card has its poster");
    assert.equal(await cards.first().locator(".video-card-title").textContent(), title(MANY), "newest first");
    assert.equal(await cards.nth(MANY - 1).locator(".video-card-title").textContent(), title(1));
    await ada.evaluate(() => window.scrollTo(0, 0));
    await shot(ada, "flow-space-many");

    await ada.getByTestId("sort").selectOption("title");
    await eventually(async () => (await cards.first().locator(".video-card-title").textContent()) === title(1), "sorted by title");
    await eventually(async () => {
      await ada.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      return (await cards.count()) === MANY;
    }, "all cards sorted by title", 15_000);
    assert.equal(await cards.nth(MANY - 1).locator(".video-card-title").textContent(), title(MANY));

    // The host deletes Week 13: asked first, then it is gone for good.
    const doomed = title(13);
    await cards.filter({ hasText: doomed }).getByRole("button", { name: `Delete “${doomed}”` }).click();
    const dialog = ada.getByTestId("confirm");
    await dialog.getByText(`Delete “${doomed}” for everyone?`).waitFor();
    await dialog.getByRole("button", { name: "Delete video" }).click();
    await eventually(async () => (await cards.filter({ hasText: doomed }).count()) === 0, "the deleted card leaves");
    assert.equal(await cards.count(), MANY - 1);
    const left = await allVideos("ada", space.id);
    assert.equal(left.length, MANY - 1);
    assert.ok(!left.some((v) => v.title === doomed), "deleted on the server");
    await ada.getByTestId("sort").selectOption("newest");
  }],

  ["watching to 40 % shows 40 % on the card, and Continue opens the lecture where it stopped", async (ctx) => {
    const lin = await signIn("lin");
    // The room marks the lecture opened once it has Lin's individual video (which the
    // progress tracker follows): play only after that.
    const opened = lin.waitForResponse((r) => r.url().endsWith("/accessed") && r.request().method() === "PUT");
    await openRoom(lin, BASE, ctx.videoId);
    await opened;
    await lin.waitForTimeout(300);
    // Play from the start and pause once 40 % (and 0.1 s) has played since the first tick the
    // progress tracker counts; the pause reports the percent and where it stopped.
    const duration = await player(lin).evaluate((el) => el.duration);
    const target = duration * 0.4 + 0.1;
    await player(lin).evaluate((el, target) => new Promise((resolve) => {
      el.muted = true;
      let first = null;
      el.addEventListener("timeupdate", () => { if (first === null && !el.paused && !el.seeking) first = el.currentTime; });
      const check = () => {
        if (first !== null && el.currentTime >= first + target) {
          el.pause();
          resolve();
        } else requestAnimationFrame(check);
      };
      void el.play();
      requestAnimationFrame(check);
    }), target);
    const mineNow = async () => (await apiGet("lin", "/api/individual-videos?limit=100")).items.find((i) => i.video.id === ctx.videoId);
    const mine = await eventually(async () => {
      const now = await mineNow();
      return now.last_position_secs === Math.floor(target) ? now : false;
    }, "the pause reported where it stopped");
    const watched = await lin.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith("vivid.watch.")).map(([, v]) => v));
    assert.equal(mine.progress_percent, 40, `40 % recorded (duration ${duration}, watched ${watched})`);
    const stopped = mine.last_position_secs;
    assert.ok(Math.abs(stopped - duration * 0.4) <= 1, `stopped near 40 %: ${stopped} s of ${duration}`);

    // Back in the space, the card says 40 %.
    await lin.goto(`${BASE}/spaces/${ctx.spaceId}`);
    const card = lin.locator(`[data-testid=video][data-id="${ctx.videoId}"]`);
    await card.getByText("40% watched").waitFor();
    assert.equal(await card.getByTestId("study").getAttribute("data-progress"), "40");

    // On the dashboard: Continue, and the lecture in "My lectures" with 40 %.
    await lin.goto(BASE);
    const resume = lin.getByTestId("continue");
    await resume.waitFor();
    await lin.getByTestId("lecture").filter({ hasText: "40% watched" }).waitFor();
    await shot(lin, "flow-dashboard-continue");
    assert.equal(await resume.getAttribute("href"), `/videos/${ctx.videoId}?t=${stopped}`);
    await resume.click();
    await lin.waitForURL(`**/videos/${ctx.videoId}**`);
    await player(lin).waitFor();
    await eventually(async () => {
      const t = await player(lin).evaluate((el) => (el.readyState >= 1 ? el.currentTime : -1));
      return Math.abs(t - stopped) < 1 ? t : false;
    }, `the room opens at ${stopped} s`, 10_000);
  }],

  ["taking a lecture off My lectures asks first and leaves it for everyone else", async (ctx) => {
    const { lin } = pages;
    await lin.goto(BASE);
    const row = lin.locator(`[data-testid=lecture][data-video="${ctx.videoId}"]`);
    await row.waitFor();
    await row.getByRole("button", { name: /^Remove “/ }).click();
    const dialog = lin.getByTestId("confirm");
    await dialog.getByText("Algorithms 2026", { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Remove from my list" }).click();
    await eventually(async () => (await lin.locator(`[data-testid=lecture][data-video="${ctx.videoId}"]`).count()) === 0, "the lecture leaves the list");
    const linsList = (await apiGet("lin", "/api/individual-videos?limit=100")).items;
    assert.ok(!linsList.some((i) => i.video.id === ctx.videoId), "off Lin's list");
    const gracesList = (await apiGet("grace", "/api/individual-videos?limit=100")).items;
    assert.ok(gracesList.some((i) => i.video.id === ctx.videoId), "still on Grace's list");
    const inSpace = await apiGet("lin", `/api/spaces/${ctx.spaceId}/videos?limit=100`);
    assert.ok(inSpace.items.some((v) => v.id === ctx.videoId), "still in the space, for Lin too");
    await lin.context().close();
    delete pages.lin;
  }],
];

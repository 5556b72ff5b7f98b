// The video room as two students use it: the player works with a drawing tool selected and
// fullscreen shows the drawings; drawings, memo and presence travel live and survive a
// reload; Tab leaves the memo; offline edits merge; a restore shows what it changes, asks,
// and keeps the state before it; a broken source says so and retries; and progress counts
// time watched, not the furthest point reached.

import assert from "node:assert/strict";
import { apiGet } from "../lib/api.mjs";
import { useLayer } from "../lib/board.mjs";
import { BASE, eventually, pages, shot } from "../lib/browser.mjs";
import { currentTime, draw, editor, memoText, openRoom, pauseAt, player, strokesVisible, tab, typeInMemo, waitMemo } from "../lib/room.mjs";

export const room = [
  ["with the pen selected, Play and the seek bar work, and fullscreen shows the drawings", async (ctx) => {
    const { ada } = pages;
    await openRoom(ada, BASE, ctx.videoId);
    await player(ada).evaluate((el) => { el.muted = true; });
    await ada.keyboard.press("p");
    assert.equal(await ada.locator("[data-tool=pen]").getAttribute("aria-pressed"), "true");
    const start = await currentTime(ada);
    await ada.getByTestId("play").click();
    await eventually(async () => (await currentTime(ada)) > start + 0.5, "Play plays with the pen selected");
    await ada.getByTestId("play").click();
    assert.equal(await player(ada).evaluate((el) => el.paused), true, "the same button pauses");
    const seek = ada.getByTestId("seek");
    const box = await seek.boundingBox();
    await seek.click({ position: { x: box.width * 0.5, y: box.height / 2 } });
    const duration = await player(ada).evaluate((el) => el.duration);
    await eventually(async () => Math.abs((await currentTime(ada)) - duration / 2) < duration * 0.1, "the seek bar seeks with the pen selected");
    await strokesVisible(ada, 0);

    await ada.getByTestId("fullscreen").click();
    await eventually(() => ada.evaluate(() => Boolean(document.fullscreenElement?.contains(document.querySelector("[data-testid=drawing-layer]"))
      && document.fullscreenElement.contains(document.querySelector("[data-testid=controls]")))), "fullscreen holds the drawing layer and the controls");
    await shot(ada, "flow-3-fullscreen");
    await ada.getByTestId("fullscreen").click();
    await eventually(() => ada.evaluate(() => document.fullscreenElement === null), "fullscreen ends");
    await ada.keyboard.press("v");
  }],

  ["drawings and memo edits reach the other user live, with presence; both survive a reload", async (ctx) => {
    const { ada, grace } = pages;
    await openRoom(grace, BASE, ctx.videoId);
    await pauseAt(ada, 1);
    await pauseAt(grace, 1);
    await grace.getByTestId("peer").filter({ hasText: "Ada" }).waitFor({ timeout: 3000 });
    await grace.waitForFunction(() => [...document.querySelectorAll("[data-testid=peer]")]
      .some((p) => p.textContent.includes("Ada") && p.querySelector("[data-testid=playhead]").textContent.startsWith("0:01")), null, { timeout: 3000 });
    await grace.getByRole("button", { name: "Follow Ada" }).waitFor();
    // Drawings go into the private layer unless one chooses Shared.
    await useLayer(ada, "shared");
    await useLayer(grace, "shared");

    await ada.keyboard.press("p");
    await draw(ada, [0.2, 0.2], [0.6, 0.5], { release: false });
    await grace.waitForFunction(() => document.querySelector("[data-testid=drawing-layer]").dataset.remoteDrawing === "1", null, { timeout: 3000 });
    await ada.mouse.up();
    await strokesVisible(grace, 1);
    await typeInMemo(ada, "Merge sort splits in halves.");
    await waitMemo(grace, (text) => text.includes("Merge sort splits in halves."));
    await grace.keyboard.press("h");
    await draw(grace, [0.3, 0.7], [0.8, 0.7]);
    await strokesVisible(ada, 2);
    await grace.getByTestId("marker").filter({ has: grace.locator("[data-kind=drawing]") }).count();
    await shot(grace, "flow-4-room-drawn");

    for (const page of [ada, grace]) {
      await page.reload();
      await page.locator("[data-testid=connection][data-synced=true]").waitFor();
      await pauseAt(page, 1);
      await strokesVisible(page, 2);
      await waitMemo(page, (text) => text.includes("Merge sort splits in halves."));
    }
    await ada.getByRole("button", { name: "Snapshot" }).click();
    await ada.getByTestId("toast").filter({ hasText: "Snapshot saved." }).waitFor();
    await pauseAt(grace, 8);
    await strokesVisible(grace, 0);
  }],

  ["Tab, Shift+Tab and Esc leave the memo without changing it", async () => {
    const { ada } = pages;
    const before = await memoText(ada);
    const inMemo = () => ada.evaluate(() => Boolean(document.activeElement?.closest("[data-testid=memo-shared]") && document.activeElement.classList.contains("ql-editor")));
    await editor(ada).click();
    assert.ok(await inMemo());
    await ada.keyboard.press("Tab");
    assert.equal(await inMemo(), false, "Tab moves focus out of the memo");
    await editor(ada).click();
    await ada.keyboard.press("Shift+Tab");
    assert.equal(await inMemo(), false, "Shift+Tab moves focus out of the memo");
    await editor(ada).click();
    await ada.keyboard.press("Escape");
    assert.equal(await inMemo(), false, "Esc moves focus out of the memo");
    await ada.waitForTimeout(200);
    assert.equal(await memoText(ada), before, "no tab character was typed");
  }],

  ["edits made offline merge with the other side's when the connection returns", async () => {
    const { ada, grace } = pages;
    await grace.context().setOffline(true);
    await grace.locator("[data-testid=connection][data-state=offline]").waitFor({ timeout: 5000 });
    await typeInMemo(grace, " Offline by Grace.");
    await typeInMemo(ada, " Online by Ada.");
    await waitMemo(ada, (text) => text.includes("Online by Ada.") && !text.includes("Offline by Grace."));
    await grace.context().setOffline(false);
    for (const page of [ada, grace]) {
      await waitMemo(page, (text) => text.includes("Offline by Grace.") && text.includes("Online by Ada."), { timeout: 10_000 });
    }
    // Back online, Grace sees Ada again (Ada is paused: nothing she does re-announces her).
    await grace.getByTestId("peer").filter({ hasText: "Ada" }).waitFor({ timeout: 3000 });
  }],

  ["a restore previews everything it changes, asks first, and keeps the state before it", async () => {
    const { ada, grace } = pages;
    await tab(ada, "History");
    await ada.getByLabel("Version name").fill("Before the exam");
    await ada.getByRole("button", { name: "Save version" }).click();
    await ada.getByTestId("version").filter({ hasText: "Before the exam" }).waitFor();
    await tab(ada, "Bookmarks");
    await useLayer(ada, "shared");
    await ada.getByLabel("Bookmark label").fill("Recursion tree");
    await ada.getByRole("button", { name: "Add" }).click();
    await tab(ada, "Memo");
    await typeInMemo(ada, " Scribble to undo.");
    await waitMemo(grace, (text) => text.includes("Scribble to undo."));

    await tab(grace, "History");
    const version = grace.getByTestId("version").filter({ hasText: "Before the exam" });
    await version.getByRole("button", { name: "Preview" }).click();
    const preview = grace.getByTestId("preview");
    await preview.getByText("1 bookmark removed").waitFor();
    await preview.getByText("Recursion tree").waitFor();
    await preview.getByText("Scribble to undo.").waitFor();
    await shot(grace, "flow-5-restore-preview");
    await preview.getByRole("button", { name: "Restore" }).click();
    const confirm = grace.getByTestId("confirm");
    await confirm.waitFor();
    assert.equal(await memoText(ada).then((t) => t.includes("Scribble to undo.")), true, "nothing changes before confirming");
    await confirm.getByRole("button", { name: "Restore" }).click();
    await waitMemo(ada, (text) => !text.includes("Scribble to undo.") && text.includes("Merge sort"));
    await tab(ada, "Bookmarks");
    await ada.getByText("No bookmarks yet").waitFor();
    await grace.getByTestId("version").filter({ hasText: "Before restoring version" }).waitFor();
    const kept = grace.getByTestId("version").filter({ hasText: "Before restoring" });
    assert.equal(await kept.count(), 1, "one version keeps the state before the restore");
    await tab(ada, "Memo");
  }],

  ["a source that cannot be played shows an error with a retry that loads it again", async (ctx) => {
    const { grace } = pages;
    const broken = (route) => route.fulfill({ status: 200, contentType: "application/vnd.apple.mpegurl", body: "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nmissing.m3u8\n" });
    await grace.route("**/*.m3u8*", broken);
    await grace.reload();
    const error = grace.getByTestId("playback-error");
    await error.waitFor({ timeout: 15_000 });
    await shot(grace, "flow-6-playback-error");
    await grace.unroute("**/*.m3u8*", broken);
    await error.getByRole("button", { name: "Try again" }).click();
    await error.waitFor({ state: "detached" });
    await eventually(() => player(grace).evaluate((el) => el.readyState >= 1 && !el.error), "the source loads again");
  }],

  ["watching half of a video by seeking to its end does not mark it complete", async (ctx) => {
    const { grace } = pages;
    await openRoom(grace, BASE, ctx.videoId);
    const duration = await player(grace).evaluate((el) => el.duration);
    await pauseAt(grace, duration / 2);
    await player(grace).evaluate(async (el) => {
      el.muted = true;
      el.playbackRate = 2;
      await el.play();
      await new Promise((resolve) => el.addEventListener("ended", resolve, { once: true }));
    });
    await grace.waitForTimeout(300);
    await openRoom(grace, BASE, ctx.videoId);
    const mine = await apiGet("grace", "/api/individual-videos");
    const progress = mine.items.find((item) => item.video.id === ctx.videoId).progress_percent;
    assert.ok(progress >= 30 && progress < 100, `about half watched, not complete: ${progress}`);
    const dashboard = await apiGet("grace", "/api/me/dashboard");
    assert.equal(dashboard.completed_videos, 0);
  }],
];

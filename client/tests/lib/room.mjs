// Helpers for the video room: the player, the drawing layer and the memo editors.

import assert from "node:assert/strict";

export const player = (page) => page.getByTestId("player");

/** Pauses the player at `t` seconds (and waits for the seek). */
export async function pauseAt(page, t) {
  await player(page).evaluate(async (el, t) => {
    el.pause();
    el.currentTime = t;
    await new Promise((resolve) => (el.readyState >= 2 && !el.seeking ? resolve() : el.addEventListener("seeked", resolve, { once: true })));
  }, t);
}

export const currentTime = (page) => player(page).evaluate((el) => el.currentTime);

/** Opens the room of `videoId` and waits until its document is synced. */
export async function openRoom(page, base, videoId) {
  await page.goto(`${base}/videos/${videoId}`);
  await player(page).waitFor();
  await page.locator("[data-testid=connection][data-synced=true]").waitFor();
  await player(page).evaluate((el) => (el.readyState >= 1 ? null : new Promise((r) => el.addEventListener("loadedmetadata", r, { once: true }))));
}

export async function strokesVisible(page, count) {
  await page.waitForFunction(
    (count) => document.querySelector("[data-testid=drawing-layer]")?.dataset.visibleStrokes === String(count),
    count,
    { timeout: 3000 },
  );
}

export async function draw(page, from, to, { release = true } = {}) {
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

export const editor = (page, which = "shared") => page.locator(`[data-testid=memo-${which}] .ql-editor`);

export async function memoText(page, which = "shared") {
  return editor(page, which).innerText();
}

export async function waitMemo(page, predicate, { timeout = 3000, which = "shared" } = {}) {
  const deadline = Date.now() + timeout;
  let text = "";
  while (Date.now() < deadline) {
    text = await memoText(page, which);
    if (predicate(text)) return text;
    await page.waitForTimeout(50);
  }
  assert.fail(`memo never matched; last: ${JSON.stringify(text)}`);
}

export async function typeInMemo(page, text, which = "shared") {
  await editor(page, which).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

/** Opens a tab of the side panel by its (English) name. */
export async function tab(page, name) {
  await page.getByRole("tab", { name, exact: true }).click();
}

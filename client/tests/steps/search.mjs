// Search (issue 15): a Korean passage typed into the shared memo after a timestamp chip is
// found from the top bar once a version is stored, its match marked, and the hit opens the
// video at the chip's time; `/` focuses the search box outside editors; Grace finds the
// same passage, and Ada's private notes stay hers.

import assert from "node:assert/strict";
import { tokenOf } from "../lib/api.mjs";
import { BASE, eventually, pages, shot } from "../lib/browser.mjs";
import { sendUpdate } from "../lib/notes.mjs";
import { currentTime, editor, openRoom, pauseAt, player, tab } from "../lib/room.mjs";

export const KOREAN_PASSAGE = "고유값 분해는 대칭 행렬에서 쉽다";
export const PRIVATE_PASSAGE = "시험 전에 고유벡터 복습";

/** Stores a version of `docKey` as `who` (as "Save version" does): the index follows it. */
async function saveVersion(who, docKey) {
  const response = await fetch(`${BASE}/api/docs/${docKey}/versions`, {
    method: "POST",
    headers: { authorization: `Bearer ${await tokenOf(who)}`, "content-type": "application/json" },
    body: "{}",
  });
  assert.equal(response.status, 201, `version of ${docKey}`);
}

const hits = (page) => page.getByTestId("search-hit");

/** Searches from the top bar's box (typed, then Enter) until a hit shows. */
async function searchFor(page, q) {
  const box = page.getByTestId("search-box");
  await eventually(async () => {
    await box.fill(q);
    await box.press("Enter");
    await page.waitForURL(/\/search\?q=/);
    await page.locator("[data-testid=search-hit], [data-testid=empty]").first().waitFor();
    if (await hits(page).count()) return true;
    await page.waitForTimeout(250);
    return false;
  }, `a hit for ${q}`, 10_000);
}

export const search = [
  ["a Korean search finds a memo passage and opens the video at its timestamp chip", async (ctx) => {
    const { ada, grace } = pages;
    await openRoom(ada, BASE, ctx.videoId);
    await tab(ada, "Memo");
    await pauseAt(ada, 12.4);
    await editor(ada).click();
    await ada.keyboard.press("Control+End");
    await ada.keyboard.press("Enter");
    await ada.keyboard.press("Alt+t");
    await ada.keyboard.type(` ${KOREAN_PASSAGE}`);
    // A private note of Ada's, which nobody else may find.
    const mine = (await (await fetch(`${BASE}/api/individual-videos?limit=100`, {
      headers: { authorization: `Bearer ${await tokenOf("ada")}` },
    })).json()).items.find((i) => i.video.id === ctx.videoId);
    await sendUpdate(ada, "ada", `note-${mine.id}`, (doc) => doc.getText("memo").insert(0, `${PRIVATE_PASSAGE}\n`));
    // The edit reaches the server before the version is stored (Grace sees it).
    await openRoom(grace, BASE, ctx.videoId);
    await tab(grace, "Memo");
    await eventually(async () => (await editor(grace).innerText()).includes(KOREAN_PASSAGE), "Grace has the passage");
    await saveVersion("ada", `video-${ctx.videoId}`);
    await saveVersion("ada", `note-${mine.id}`);

    // `/` in the memo types a slash; on the page it focuses the search box.
    await editor(ada).click();
    await ada.keyboard.press("Control+End");
    await ada.keyboard.type("/");
    assert.notEqual(await ada.evaluate(() => document.activeElement?.dataset?.testid), "search-box", "/ in the editor stays in the editor");
    await ada.keyboard.press("Backspace");
    await ada.goto(`${BASE}/`);
    await ada.getByTestId("search-box").waitFor();
    await ada.keyboard.press("/");
    await eventually(() => ada.evaluate(() => document.activeElement?.dataset?.testid === "search-box"), "/ focuses the search box");

    await searchFor(ada, "유값 분해");
    const hit = hits(ada).filter({ hasText: "대칭 행렬" }).first();
    await hit.waitFor();
    assert.equal(await hit.getAttribute("data-kind"), "memo");
    assert.equal(await hit.getAttribute("data-layer"), "shared");
    assert.equal(await hit.locator("mark").first().innerText(), "유값 분해");
    assert.equal(await hit.getByTestId("search-time").innerText(), "0:12");
    await shot(ada, "flow-search-1-results");

    // Ada finds her private note; Grace finds the shared passage but never Ada's note.
    await searchFor(ada, "고유벡터");
    assert.equal(await hits(ada).first().getAttribute("data-layer"), "private");
    await searchFor(grace, "대칭 행렬");
    const graceSees = await grace.getByTestId("search-hit").allInnerTexts();
    assert.ok(graceSees.some((text) => text.includes("대칭 행렬")), `Grace finds the passage: ${graceSees}`);
    await grace.getByTestId("search-box").fill("고유벡터");
    await grace.getByTestId("search-box").press("Enter");
    await grace.getByTestId("empty").waitFor();
    assert.equal(await hits(grace).count(), 0, "Ada's private note is not Grace's to find");

    // The hit opens the room at 0:12.
    await searchFor(ada, "유값 분해");
    await hits(ada).filter({ hasText: "대칭 행렬" }).first().getByRole("link").click();
    await player(ada).waitFor();
    await eventually(async () => Math.abs((await currentTime(ada)) - 12) < 0.6, "the video opens at the chip's time");
    // …and stays there once the room has settled (nothing resumes or reloads over it).
    await ada.waitForTimeout(1500);
    const settled = await currentTime(ada);
    assert.ok(Math.abs(settled - 12) < 0.6, `still at 0:12 after a moment: ${settled}`);
    await ada.getByText("0:12 / 0:20").waitFor();
    assert.ok(!ada.url().includes("t="), `the address drops t once applied: ${ada.url()}`);
    await shot(ada, "flow-search-2-opened-at-time");
  }],
];

// Every screen in both languages at desktop and phone width: a screenshot each
// (`<screen>-<locale>-<size>.png`), axe-core with no serious or critical violation, no
// sideways scrolling on the phone, and no English left on the Korean screens.

import { BASE, DESKTOP, PHONE, checkScreen, eventually, openPage, pages, signIn } from "../lib/browser.mjs";
import { openRoom, pauseAt, tab } from "../lib/room.mjs";
import { EDITED_TEXT, PRIVATE_TEXT, PRIVATE_TITLE, SHARED_BOOKMARK, SHARED_TEXT } from "./board.mjs";
import { KOREAN_PASSAGE, PRIVATE_PASSAGE } from "./search.mjs";
import { MANY_SPACE } from "./study.mjs";

/** What people wrote in the test, which stays as written in either language. */
export const CONTENT = ["My videos", "Compilers", "Algorithms 2026", "Algorithms", "lecture", "Ada", "Grace", "Lin", "Merge sort splits in halves.",
  MANY_SPACE, "Lists, trees and graphs — one recording a week.", "Week", "Offline by Grace.", "Online by Ada.", "Before the exam", "Recursion tree", PRIVATE_TITLE, PRIVATE_TEXT, SHARED_TEXT, SHARED_BOOKMARK, EDITED_TEXT, "Page 1", "Key idea at", "Divide and conquer", "Private draft", "Sorting board", KOREAN_PASSAGE, PRIVATE_PASSAGE];

export const tour = [];
for (const locale of ["en", "ko"]) {
  for (const [size, options] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    tour.push([`every screen in ${locale} at ${size} width: axe, layout${locale === "ko" ? ", no English" : ""}`, async (ctx) => {
      const check = (page, screen) => checkScreen(page, screen, { locale, size, allowed: CONTENT });
      const visitor = await openPage(`visitor-${locale}-${size}`, { size: options, locale });
      await visitor.goto(BASE);
      await visitor.locator("form input[type=email]").waitFor();
      await check(visitor, "sign-in");
      await visitor.context().close();
      delete pages[`visitor-${locale}-${size}`];

      const name = `ada-${locale}-${size}`;
      const page = await signIn("ada", { name, size: options, locale });
      await check(page, "dashboard");
      await page.goto(`${BASE}/spaces`);
      await page.getByTestId("space").first().waitFor();
      await check(page, "spaces");
      await page.goto(`${BASE}/spaces/${ctx.spaceId}`);
      await page.getByTestId("video").first().waitFor();
      await check(page, "space");
      if (ctx.manySpaceId) {
        await page.goto(`${BASE}/spaces/${ctx.manySpaceId}`);
        await page.getByTestId("video").first().waitFor();
        await check(page, "space-many");
      }
      await openRoom(page, BASE, ctx.videoId);
      await pauseAt(page, 1);
      await check(page, "room");
      const ready = { notes: "[data-testid=memo-notes] .ql-editor", snapshots: "[data-testid=snapshots]", history: "[data-testid=history]", export: "[data-testid=export]" };
      for (const panel of ["notes", "snapshots", "history", "export"]) {
        await page.locator(`[data-tab=${panel}]`).click();
        await page.locator(ready[panel]).waitFor();
        await page.waitForTimeout(300);
        await check(page, `room-${panel}`);
      }
      // The drawing board, in the private layer (the default) and the shared one.
      await tab(page, locale === "ko" ? "그리기" : "Board");
      await page.getByTestId("board").waitFor();
      // From the top: a full-page screenshot of a scrolled page repeats the sticky player.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(200);
      await check(page, "board");
      if (size === "phone") {
        // Two fingers pinch the page bigger (touch events, as a phone sends them).
        await page.getByTestId("board-canvas").scrollIntoViewIfNeeded();
        const canvas = await page.getByTestId("board-canvas").boundingBox();
        if (canvas) {
          const cdp = await page.context().newCDPSession(page);
          const cx = canvas.x + canvas.width / 2, cy = canvas.y + canvas.height / 2;
          const fingers = (d) => [{ x: cx - d, y: cy, id: 1 }, { x: cx + d, y: cy, id: 2 }];
          await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: fingers(30) });
          for (const d of [45, 60, 75, 90]) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: fingers(d) });
          await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
          const zoom = page.locator(".zoom-level");
          await eventually(async () => (await zoom.textContent()) !== "100%", "a pinch zooms the board");
          await zoom.click();
          await eventually(async () => (await zoom.textContent()) === "100%", "the zoom button fits the page again");
          await page.evaluate(() => window.scrollTo(0, 0));
        }
      }
      await page.getByTestId("layer-shared").click();
      await page.locator("[data-testid=board][data-layer=shared]").waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await check(page, "board-shared");
      // Search results: the memo passage (a chip's time) and the private note, marked.
      await page.goto(`${BASE}/search?q=${encodeURIComponent("고유")}`);
      await page.getByTestId("search-hit").first().waitFor();
      await check(page, "search");
      await page.context().close();
      delete pages[name];
    }]);
  }
}

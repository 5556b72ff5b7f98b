// Zoom cloud recordings, against the local Zoom stand-in (tests/stubs/zoom.mjs, started by
// scripts/test-browser): connect through the consent page and back to the space, list a date
// range (MP4 files only, one still processing), import one with progress, and watch it play.
// Then the import panel in both languages at desktop and phone width.

import assert from "node:assert/strict";
import { BASE, DESKTOP, PHONE, checkScreen, eventually, pages, shot, signIn } from "../lib/browser.mjs";
import { openRoom, player } from "../lib/room.mjs";
import { CONTENT } from "./tour.mjs";

const TOPICS = ["Compilers, lecture 1", "Compilers, lecture 2", "Compilers, lecture 3", "Compilers", "lecture"];
const LABELS = {
  en: { title: "Import recordings", from: "From", to: "To", show: "Show my recordings" },
  ko: { title: "녹화 가져오기", from: "시작일", to: "종료일", show: "내 녹화 보기" },
};

/** The space's import panel with the first week of March 2025 listed. */
async function listMarch(page, spaceId, locale = "en") {
  const labels = LABELS[locale];
  await page.goto(`${BASE}/spaces/${spaceId}`);
  const panel = page.getByRole("region", { name: labels.title });
  await panel.getByRole("tab", { name: "Zoom" }).waitFor();
  await panel.getByLabel(labels.from, { exact: true }).fill("2025-03-01");
  await panel.getByLabel(labels.to, { exact: true }).fill("2025-03-07");
  await panel.getByRole("button", { name: labels.show }).click();
  await panel.getByTestId("recording").first().waitFor();
  return panel;
}

export const zoom = [
  ["a Zoom recording is imported from the stub into a space and plays", async (ctx) => {
    const ada = pages.ada ?? (await signIn("ada"));
    await ada.goto(`${BASE}/spaces/${ctx.spaceId}`);
    const panel = ada.getByRole("region", { name: "Import recordings" });
    // Only Zoom is configured on this server: one tab.
    await panel.getByRole("tab", { name: "Zoom" }).waitFor();
    assert.deepEqual(await panel.getByRole("tab").allTextContents(), ["Zoom"]);
    await panel.getByRole("button", { name: "Connect Zoom" }).click();
    // Zoom's consent page sends the browser back to the server, which returns to the app;
    // the app goes back to the space.
    await ada.getByTestId("toast").filter({ hasText: "Zoom is connected." }).waitFor({ timeout: 10_000 });
    await ada.waitForURL(`${BASE}/spaces/${ctx.spaceId}`);
    await panel.getByText("Your Zoom account is connected.").waitFor();

    await listMarch(ada, ctx.spaceId);
    const rows = panel.getByTestId("recording");
    assert.equal(await rows.count(), 3, "the three MP4 files, not the audio or chat files");
    const processing = rows.filter({ hasText: "Compilers, lecture 3" });
    await processing.getByText("Still processing").waitFor();
    assert.equal(await processing.getByRole("button", { name: "Import" }).count(), 0, "a processing recording cannot be imported");
    await shot(ada, "flow-zoom-1-listed");

    await rows.filter({ hasText: "Compilers, lecture 2" }).getByRole("button", { name: "Import" }).click();
    await ada.getByTestId("toast").filter({ hasText: "Importing “Compilers, lecture 2”" }).waitFor();
    const item = panel.getByTestId("import").filter({ hasText: "Compilers, lecture 2" });
    await item.waitFor();
    await panel.locator("[data-testid=import][data-state=ready]").filter({ hasText: "Compilers, lecture 2" })
      .waitFor({ timeout: 60_000 });
    await shot(ada, "flow-zoom-2-imported");

    const video = ada.getByTestId("video").filter({ hasText: "Compilers, lecture 2" });
    await video.waitFor();
    const videoId = await video.getAttribute("data-id");
    await openRoom(ada, BASE, videoId);
    await player(ada).evaluate(async (el) => {
      el.muted = true;
      await el.play();
    });
    await eventually(async () => (await player(ada).evaluate((el) => el.currentTime)) > 1, "the imported recording plays", 10_000);
    await player(ada).evaluate((el) => el.pause());
    ctx.zoomVideoId = videoId;
  }],

  ["the import panel in both languages at desktop and phone width", async (ctx) => {
    for (const locale of ["en", "ko"]) {
      for (const [size, options] of [["desktop", DESKTOP], ["phone", PHONE]]) {
        const name = `ada-zoom-${locale}-${size}`;
        const page = await signIn("ada", { name, size: options, locale });
        const panel = await listMarch(page, ctx.spaceId, locale);
        assert.equal(await panel.getByTestId("recording").count(), 3);
        await panel.scrollIntoViewIfNeeded();
        await checkScreen(page, "space-import", { locale, size, allowed: [...CONTENT, ...TOPICS] });
        await page.context().close();
        delete pages[name];
      }
    }
  }],
];

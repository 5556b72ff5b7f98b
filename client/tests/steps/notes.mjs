// Notes a student owns: timestamp chips that seek the video (in another browser too, in the
// shared memo), the snapshot gallery (its time, seek, insert into my notes, delete after a
// confirmation), a snapshot image in my notes that still shows after a reload, the history of
// my notes previewed as it was (formatted memo, drawings) and restored, and the export.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiGet } from "../lib/api.mjs";
import { BASE, SHOTS, eventually, pages, shot } from "../lib/browser.mjs";
import { sendUpdate } from "../lib/notes.mjs";
import { currentTime, editor, openRoom, pauseAt, tab, typeInMemo, waitMemo } from "../lib/room.mjs";

const chips = (page, which) => page.locator(`[data-testid=memo-${which}] [data-testid=timestamp-chip]`);
/** A chip's text without the zero-width guards Quill puts around embeds. */
const chipText = async (chip) => (await chip.innerText()).replace(/\uFEFF/g, "").trim();

export const notes = [
  ["a timestamp chip inserted at 0:07 seeks the video to 7 s when clicked, in the other user's browser too", async (ctx) => {
    const { ada, grace } = pages;
    await openRoom(ada, BASE, ctx.videoId);
    await openRoom(grace, BASE, ctx.videoId);
    await tab(ada, "Memo");
    await pauseAt(ada, 7.2);
    await editor(ada).click();
    await ada.keyboard.press("Control+End");
    await ada.keyboard.type(" Key idea at ");
    await ada.keyboard.press("Alt+t");
    const chip = chips(ada, "shared").last();
    await chip.waitFor();
    assert.equal(await chipText(chip), "0:07");
    assert.equal(await chip.getAttribute("data-ms"), "7200");
    await pauseAt(ada, 1);
    await chip.click();
    await eventually(async () => Math.abs((await currentTime(ada)) - 7.2) < 0.3, "the chip seeks to 0:07");

    await tab(grace, "Memo");
    const theirs = chips(grace, "shared").last();
    await theirs.waitFor({ timeout: 3000 });
    await pauseAt(grace, 2);
    await theirs.click();
    await eventually(async () => Math.abs((await currentTime(grace)) - 7.2) < 0.3, "the chip seeks in the other browser too");

    // The toolbar's clock button does the same in my notes, with formatting around it.
    await tab(ada, "My notes");
    await editor(ada, "notes").click();
    await ada.keyboard.press("Control+B");
    await ada.keyboard.type("Divide and conquer");
    await ada.keyboard.press("Control+B");
    await ada.keyboard.press("Enter");
    await pauseAt(ada, 3);
    await ada.locator("[data-testid=memo-notes] button.ql-timestamp").click();
    await chips(ada, "notes").first().waitFor();
    assert.equal(await chipText(chips(ada, "notes").first()), "0:03");
    assert.equal(await editor(ada, "notes").locator("strong").first().innerText(), "Divide and conquer");
    await shot(ada, "flow-notes-1-timestamps");

    // A passage of my notes copied to the shared memo keeps its formatting, and Grace sees it.
    await editor(ada, "notes").locator("strong").first().click({ clickCount: 3 });
    await ada.getByTestId("copy-to-shared").click();
    await ada.getByTestId("toast").filter({ hasText: "Copied to the shared memo." }).waitFor();
    await editor(grace).locator("strong", { hasText: "Divide and conquer" }).waitFor({ timeout: 3000 });
  }],

  ["a snapshot shows in the gallery at its time, inserted into my notes it shows after a reload, and deleting it asks first", async (ctx) => {
    const { ada } = pages;
    await pauseAt(ada, 4);
    await ada.getByRole("button", { name: "Snapshot" }).click();
    await ada.getByTestId("toast").filter({ hasText: "Snapshot saved." }).waitFor();
    await tab(ada, "Snapshots");
    const card = ada.locator("[data-testid=snapshot][data-time-ms='4000']");
    await card.waitFor();
    assert.equal(await card.locator(".time-chip").innerText(), "0:04");
    await eventually(() => card.locator("img").evaluate((img) => img.complete && img.naturalWidth > 0), "the gallery shows the image");
    await pauseAt(ada, 1);
    await card.locator(".snapshot-image").click();
    await eventually(async () => Math.abs((await currentTime(ada)) - 4) < 0.3, "a snapshot seeks to its time");
    await shot(ada, "flow-notes-2-snapshots");

    await card.getByTestId("snapshot-insert").click();
    const image = ada.locator("[data-testid=memo-notes] [data-testid=memo-snapshot]");
    await image.first().waitFor();
    await eventually(() => image.first().evaluate((img) => img.complete && img.naturalWidth > 0), "the inserted image shows");
    const src = await image.first().getAttribute("src");
    assert.ok(!src.startsWith("data:"), "a URL the server signs, not a data URI");

    await ada.reload();
    await ada.locator("[data-testid=connection][data-synced=true]").waitFor();
    await tab(ada, "My notes");
    await image.first().waitFor();
    await eventually(() => image.first().evaluate((img) => img.complete && img.naturalWidth > 0), "the image shows after a reload");
    await shot(ada, "flow-notes-3-snapshot-in-my-notes");

    await tab(ada, "Snapshots");
    await card.waitFor();
    const before = await ada.getByTestId("snapshot").count();
    await card.getByTestId("snapshot-delete").click();
    const confirm = ada.getByTestId("confirm");
    await confirm.waitFor();
    assert.equal(await ada.getByTestId("snapshot").count(), before, "nothing is deleted before confirming");
    await confirm.getByRole("button", { name: "Delete snapshot" }).click();
    await card.waitFor({ state: "detached" });
    assert.equal(await ada.getByTestId("snapshot").count(), before - 1);
    await tab(ada, "Memo");
  }],
];

notes.push(
  ["a version of my notes is previewed with its formatting and drawings, and restored", async (ctx) => {
    const { ada } = pages;
    const mine = (await apiGet("ada", "/api/individual-videos?limit=100")).items.find((i) => i.video.id === ctx.videoId);
    await sendUpdate(ada, "ada", `note-${mine.id}`, (doc) => {
      doc.getMap("strokes").set("s-private", { t: 2000, d: 4000, kind: "rect", color: "#2563eb", width: 4, points: [0.2, 0.2, 0.7, 0.6], z: 1 });
      doc.getMap("boardPages").set("p-private", { title: "Sorting board", order: 1 });
      doc.getMap("boardItems").set("i-private", { page: "p-private", kind: "arrow", color: "#e11d48", width: 8, points: [200, 200, 1200, 600], z: 1 });
    });
    await tab(ada, "History");
    await ada.locator("[data-history-layer=private]").click();
    await ada.getByLabel("Version name").fill("Private draft");
    await ada.getByRole("button", { name: "Save version" }).click();
    await ada.getByTestId("version").filter({ hasText: "Private draft" }).waitFor();

    await tab(ada, "My notes");
    await editor(ada, "notes").locator("strong").first().click();
    await ada.keyboard.press("Control+Home");
    await ada.keyboard.type("Scribble later. ");
    await waitMemo(ada, (text) => text.includes("Scribble later."), { which: "notes" });

    await tab(ada, "History");
    await ada.locator("[data-history-layer=private]").click();
    await ada.getByTestId("version").filter({ hasText: "Private draft" }).getByRole("button", { name: "Preview" }).click();
    const preview = ada.getByTestId("preview");
    const memo = preview.getByTestId("preview-memo");
    await memo.locator("strong", { hasText: "Divide and conquer" }).waitFor();
    assert.ok(await memo.locator("[data-testid=timestamp-chip]").count() >= 1, "the timestamps show as chips");
    assert.equal(await memo.getByText("Scribble later.").count(), 0, "the version is shown as it was");
    await preview.getByTestId("preview-moment").locator("rect[stroke]").first().waitFor();
    await preview.getByTestId("preview-board-page").filter({ hasText: "Sorting board" }).locator("line").first().waitFor();
    await preview.scrollIntoViewIfNeeded();
    await shot(ada, "flow-notes-4-private-history-preview");
    await preview.getByRole("button", { name: "Restore" }).click();
    const confirm = ada.getByTestId("confirm");
    await confirm.getByText("in my notes").waitFor();
    await confirm.getByRole("button", { name: "Restore" }).click();
    await tab(ada, "My notes");
    await waitMemo(ada, (text) => !text.includes("Scribble later.") && text.includes("Divide and conquer"), { which: "notes" });
  }],

  ["Export notes downloads a PDF and a Markdown zip of my notes and the shared notes", async () => {
    const { ada } = pages;
    await tab(ada, "Export");
    const panel = ada.getByTestId("export");
    await panel.getByLabel("Both").check();
    await panel.getByLabel("PDF").check();
    let download = ada.waitForEvent("download");
    await panel.getByTestId("export-run").click();
    const pdf = await download;
    const pdfPath = join(SHOTS, "..", "export.pdf");
    await pdf.saveAs(pdfPath);
    assert.equal(readFileSync(pdfPath).subarray(0, 5).toString(), "%PDF-");
    await panel.getByTestId("export-download").waitFor();
    await shot(ada, "flow-notes-5-export");
    try {
      const text = execFileSync("pdftotext", [pdfPath, "-"]).toString();
      for (const expected of ["Divide and conquer", "[0:07]", "My notes", "Shared notes"]) assert.ok(text.includes(expected), `${expected} in the PDF`);
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
    }
    await panel.getByLabel("Markdown (zip)").check();
    download = ada.waitForEvent("download");
    await panel.getByTestId("export-run").click();
    const zip = await download;
    const zipPath = join(SHOTS, "..", "export.zip");
    await zip.saveAs(zipPath);
    assert.equal(readFileSync(zipPath).subarray(0, 2).toString(), "PK");
    await tab(ada, "Memo");
  }],
);

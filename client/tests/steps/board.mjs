// Notes a student owns (issue 14): the drawing board and drawing on the video, in a private
// layer that never leaves its owner and a shared one that is live for the space; undo that
// takes back only one's own edits.

import assert from "node:assert/strict";
import { apiGet, tokenOf } from "../lib/api.mjs";
import { BASE, eventually, pages, shot } from "../lib/browser.mjs";
import { boardCanvas, boardTool, decodeFrames, drag, placeText, recordFrames, useLayer, waitMine } from "../lib/board.mjs";
import { openRoom, pauseAt, tab } from "../lib/room.mjs";

/** What Ada writes privately (also allowed as people's content on the Korean tour). */
export const PRIVATE_TITLE = "Proof sketch";
export const PRIVATE_TEXT = "Only mine: pivot choice";
export const SHARED_TEXT = "Pivot = last element";
export const SHARED_BOOKMARK = "Partition step";
export const EDITED_TEXT = "Pivot = median of three";

async function asGrace(method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${await tokenOf("grace")}`, "content-type": "application/json" },
    body: body && JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const visible = (page) => page.getByTestId("drawing-layer").evaluate((el) => Number(el.dataset.visibleStrokes));

export const board = [
  ["a private board page never reaches the other student: not on her socket, not in REST, and its document is refused", async (ctx) => {
    const { ada, grace } = pages;
    ctx.graceFrames = recordFrames(grace, /\/ws\/video-/);
    await openRoom(ada, BASE, ctx.videoId);
    await openRoom(grace, BASE, ctx.videoId);
    assert.equal(await ada.getByTestId("layer-private").getAttribute("aria-checked"), "true", "private is the default");
    // One shared edit first, to show that what Ada shares does reach Grace's socket.
    await useLayer(ada, "shared");
    await tab(ada, "Bookmarks");
    await ada.getByLabel("Bookmark label").fill(SHARED_BOOKMARK);
    await ada.getByRole("button", { name: "Add" }).click();
    await tab(grace, "Bookmarks");
    await grace.getByTestId("mark").filter({ hasText: SHARED_BOOKMARK }).waitFor({ timeout: 2000 });
    await useLayer(ada, "private");
    await tab(ada, "Board");
    await ada.getByTestId("board").locator("[data-testid=empty]").getByRole("button", { name: "Add page" }).click();
    await boardCanvas(ada).waitFor();
    // Rename the page (double-click its chip).
    await ada.getByTestId("page-chip").first().dblclick();
    await ada.getByLabel("Page name").fill(PRIVATE_TITLE);
    await ada.getByLabel("Page name").press("Enter");
    await ada.getByTestId("page-chip").filter({ hasText: PRIVATE_TITLE }).waitFor();
    await boardTool(ada, "pen");
    await drag(ada, [0.2, 0.3], [0.5, 0.6]);
    await boardTool(ada, "text");
    await placeText(ada, [0.3, 0.75], PRIVATE_TEXT);
    await waitMine(ada, 2, "Ada's private page");
    ctx.privatePage = await ada.getByTestId("board").getAttribute("data-page");
    assert.ok(ctx.privatePage);
    await shot(ada, "flow-board-private");

    // Give anything that might leak time to arrive, then look at what Grace received.
    await ada.waitForTimeout(1500);
    const frames = ctx.graceFrames;
    assert.ok(frames.frames.length > 0, `Grace's socket on video-… was recorded (${frames.urls.join(", ")})`);
    for (const secret of [ctx.privatePage, PRIVATE_TITLE, PRIVATE_TEXT]) {
      assert.equal(frames.has(secret), false, `Grace's socket never carries ${secret}`);
    }
    // Decoded, Grace's copy of the shared document has no board at all yet.
    const decoded = decodeFrames(frames.frames);
    assert.equal(decoded.getMap("boardPages").size, 0, "no board page in Grace's decoded document");
    assert.equal(decoded.getMap("boardItems").size, 0, "no board item in Grace's decoded document");
    const bookmarks = [...decoded.getMap("bookmarks").values()].map((m) => m.label);
    assert.ok(bookmarks.includes(SHARED_BOOKMARK), `the decoding works: Ada's shared bookmark is in it (${bookmarks})`);
    const shared = JSON.stringify(await apiGet("grace", `/api/docs/video-${ctx.videoId}`));
    for (const secret of [ctx.privatePage, PRIVATE_TITLE, PRIVATE_TEXT]) assert.equal(shared.includes(secret), false, `REST never shows ${secret}`);

    // Grace cannot open Ada's private document, by socket ticket or REST.
    const adas = await apiGet("ada", "/api/individual-videos");
    const note = `note-${adas.items.find((item) => item.video.id === ctx.videoId).id}`;
    ctx.adaNote = note;
    const ticket = await asGrace("POST", "/api/ws-tickets", { doc: note });
    assert.equal(ticket.status, 404, `ticket for Ada's ${note}: ${ticket.text}`);
    const rest = await asGrace("GET", `/api/docs/${note}`);
    assert.equal(rest.status, 404, `REST view of Ada's ${note}: ${rest.text}`);
    // …and her own private board is a different, empty one.
    await tab(grace, "Board");
    await grace.getByTestId("board").locator("[data-testid=empty]").waitFor();
  }],

  ["on the shared board a rectangle, an arrow and a text box reach the other student live, with the stroke in progress", async () => {
    const { ada, grace } = pages;
    await useLayer(ada, "shared");
    await useLayer(grace, "shared");
    await ada.getByTestId("board").locator("[data-testid=empty]").getByRole("button", { name: "Add page" }).click();
    await grace.getByTestId("page-chip").filter({ hasText: "Page 1" }).waitFor({ timeout: 2000 });
    await boardCanvas(grace).waitFor();

    await boardTool(ada, "rect");
    await drag(ada, [0.15, 0.2], [0.45, 0.5]);
    await waitMine(grace, 1, "Grace sees Ada's rectangle within 2 s");
    await boardTool(ada, "arrow");
    await drag(ada, [0.5, 0.35], [0.75, 0.3]);
    await waitMine(grace, 2, "Grace sees Ada's arrow within 2 s");
    await boardTool(ada, "text");
    await placeText(ada, [0.5, 0.55], SHARED_TEXT);
    await waitMine(grace, 3, "Grace sees Ada's text within 2 s");

    await boardTool(ada, "pen");
    await drag(ada, [0.2, 0.7], [0.45, 0.8], { release: false });
    await eventually(() => boardCanvas(grace).evaluate((el) => el.dataset.remoteDrawing === "1"), "Grace sees Ada's stroke in progress", 2000);
    await shot(grace, "flow-board-stroke-in-progress");
    await ada.mouse.up();
    await waitMine(grace, 4, "Ada's finished stroke");
    await eventually(() => boardCanvas(grace).evaluate((el) => el.dataset.remoteDrawing === "0"), "the stroke in progress is gone once finished", 2000);
  }],

  ["undo and redo take back Ada's own edits and never Grace's", async () => {
    const { ada, grace } = pages;
    await boardTool(grace, "ellipse");
    await drag(grace, [0.6, 0.65], [0.85, 0.9]);
    await waitMine(ada, 5, "Ada sees Grace's ellipse");
    const undo = ada.getByTestId("board").getByTestId("undo");
    const redo = ada.getByTestId("board").getByTestId("redo");
    for (let left = 4; left >= 1; left--) {
      await undo.click();
      await waitMine(grace, left, `after Ada's undo, ${left} left for Grace`);
    }
    assert.equal(await undo.isDisabled(), false, "the page Ada added is still undoable");
    // Ada's four edits are gone; what is left is Grace's ellipse (Ada's undo never takes it).
    await waitMine(ada, 1, "Grace's ellipse stays");
    await redo.click();
    await waitMine(grace, 2, "redo brings Ada's rectangle back");
    // The keyboard does the same on the focused canvas.
    await boardCanvas(ada).focus();
    await ada.keyboard.press("Control+Shift+Z");
    await waitMine(grace, 3, "Ctrl+Shift+Z redoes the arrow");
    await ada.keyboard.press("Control+Shift+Z");
    await ada.keyboard.press("Control+Shift+Z");
    await waitMine(grace, 5, "everything is back");
    // Grace's undo takes back her ellipse only.
    await grace.getByTestId("board").getByTestId("undo").click();
    await waitMine(ada, 4, "Grace's undo removes her ellipse only");
    await grace.getByTestId("board").getByTestId("redo").click();
    await waitMine(ada, 5, "and her redo brings it back");

    // Select and move: the text box moves for Grace too, then undo puts it back.
    await boardTool(ada, "select");
    await drag(ada, [0.1, 0.1], [0.5, 0.55]);
    await eventually(() => boardCanvas(ada).evaluate((el) => Number(el.dataset.selected) >= 1), "a marquee selects the rectangle");
    await ada.getByTestId("board").getByRole("button", { name: "Delete", exact: true }).click();
    await waitMine(grace, 4, "deleting the selection reaches Grace");
    await undo.click();
    await waitMine(grace, 5, "and undo brings it back");
    // Grace selects Ada's rectangle. It names nobody: a drawing's author is not shown as a
    // name (anyone's edit can carry it over; docs/collab.md, "Authorship").
    await boardTool(grace, "select");
    const box = await boardCanvas(grace).boundingBox();
    await grace.mouse.click(box.x + box.width * 0.15, box.y + box.height * 0.35);
    await grace.getByTestId("selection-info").waitFor({ timeout: 2000 });
    const info = await grace.getByTestId("selection-info").textContent();
    if (/Ada|drawn by/.test(info ?? "")) throw new Error(`the selection names an author: ${info}`);
    await shot(ada, "flow-board-shared");
    await shot(grace, "flow-board-shared-grace");
  }],

  ["a private page, and a selection, copied to the shared board arrive for everyone", async (ctx) => {
    const { ada, grace } = pages;
    await useLayer(ada, "private");
    await ada.getByTestId("page-chip").filter({ hasText: PRIVATE_TITLE }).click();
    await ada.getByTestId("copy-page").click();
    await grace.getByTestId("page-chip").filter({ hasText: PRIVATE_TITLE }).click({ timeout: 2000 });
    await waitMine(grace, 2, "the copied page holds the stroke and the text");
    // A selection copies into the shared page of the same title.
    await boardTool(ada, "select");
    await boardCanvas(ada).focus();
    await ada.keyboard.press("Control+a");
    await ada.getByTestId("copy-selection").click();
    await waitMine(grace, 4, "the copied selection joins the shared page");
    await boardTool(ada, "pen");
    // The copy has ids of its own: the private page's id still never went out.
    assert.equal(ctx.graceFrames.has(ctx.privatePage), false, "the private page's id never reached Grace");
  }],

  ["the board works from the keyboard (place a shape, select all, move, delete, undo) and text boxes edit in place", async (ctx) => {
    const { ada, grace } = pages;
    await useLayer(ada, "shared");
    await ada.getByTestId("page-chip").filter({ hasText: "Page 1" }).click();
    await grace.getByTestId("page-chip").filter({ hasText: "Page 1" }).click();
    await waitMine(ada, 5, "the shared page as left");
    await boardTool(ada, "rect");
    await boardCanvas(ada).focus();
    await ada.keyboard.press("Enter");
    await waitMine(grace, 6, "Enter placed a rectangle, for Grace too");
    await boardTool(ada, "select");
    await boardCanvas(ada).focus();
    await ada.keyboard.press("Control+a");
    await eventually(() => boardCanvas(ada).evaluate((el) => el.dataset.selected === "6"), "Ctrl+A selects all");
    await ada.keyboard.press("Shift+ArrowRight");
    await ada.keyboard.press("Delete");
    await waitMine(grace, 0, "Delete removes the selection, for Grace too");
    await ada.keyboard.press("Control+z");
    await waitMine(grace, 6, "Ctrl+Z brings it back");
    await ada.keyboard.press("Control+z");
    await ada.keyboard.press("Control+z");
    await waitMine(grace, 5, "two more undos: the move, then the placed rectangle");

    // A double-click with Select edits a text box in place; the new text reaches Grace.
    const box = await boardCanvas(ada).boundingBox();
    await ada.mouse.dblclick(box.x + box.width * 0.53, box.y + box.height * 0.575);
    const input = ada.getByTestId("text-input");
    assert.equal(await input.inputValue(), SHARED_TEXT);
    await input.fill(EDITED_TEXT);
    await input.press("Enter");
    await eventually(() => ctx.graceFrames.has(EDITED_TEXT), "the edited text reaches Grace", 2000);
    await waitMine(grace, 5, "edited, not added");
    await boardTool(ada, "pen");
  }],

  ["the video takes the same tools: rectangle, arrow and text live, select, and undo", async () => {
    const { ada, grace } = pages;
    await tab(ada, "Memo");
    await useLayer(ada, "shared");
    await pauseAt(ada, 3);
    await pauseAt(grace, 3);
    const before = await visible(grace);
    await boardTool(ada, "rect", "video");
    await drag(ada, [0.1, 0.15], [0.4, 0.45], { testId: "drawing-layer" });
    await eventually(async () => (await visible(grace)) === before + 1, "Grace sees the rectangle on the video", 2000);
    await boardTool(ada, "arrow", "video");
    await drag(ada, [0.45, 0.3], [0.7, 0.2], { testId: "drawing-layer" });
    await boardTool(ada, "text", "video");
    await placeText(ada, [0.5, 0.55], "Look here", "drawing-layer");
    await eventually(async () => (await visible(grace)) === before + 3, "Grace sees the arrow and the text on the video", 2000);
    await boardTool(ada, "select", "video");
    const box = await ada.getByTestId("drawing-layer").boundingBox();
    await ada.mouse.click(box.x + box.width * 0.1, box.y + box.height * 0.3);
    await eventually(() => ada.getByTestId("drawing-layer").evaluate((el) => el.dataset.selected === "1"), "clicking the rectangle's edge selects it");
    await shot(ada, "flow-video-tools");
    await ada.locator(".video-toolbar").getByTestId("undo").click();
    await eventually(async () => (await visible(grace)) === before + 2, "undo takes the text back for Grace", 2000);
    await ada.locator(".video-toolbar").getByTestId("redo").click();
    await eventually(async () => (await visible(grace)) === before + 3, "redo restores it", 2000);
    // Grace, writing privately, hides the shared layer: she sees none of it; showing it
    // brings it back. (The layer one writes into cannot be hidden.)
    await useLayer(grace, "private");
    assert.equal(await grace.getByTestId("show-private").isDisabled(), true);
    await grace.getByTestId("show-shared").click();
    await eventually(async () => (await visible(grace)) === 0, "a hidden layer shows nothing", 2000);
    await grace.getByTestId("show-shared").click();
    await eventually(async () => (await visible(grace)) === before + 3, "shown again", 2000);

    // A private drawing, selected and copied to the shared layer, reaches Grace.
    await useLayer(ada, "private");
    await boardTool(ada, "ellipse", "video");
    await drag(ada, [0.6, 0.6], [0.8, 0.85], { testId: "drawing-layer" });
    await ada.waitForTimeout(500);
    assert.equal(await visible(grace), before + 3, "Ada's private ellipse stays hers");
    await boardTool(ada, "select", "video");
    await drag(ada, [0.55, 0.55], [0.85, 0.9], { testId: "drawing-layer" });
    await ada.getByTestId("copy-video-selection").click();
    await eventually(async () => (await visible(grace)) === before + 4, "the copied ellipse reaches Grace", 2000);
    await useLayer(ada, "shared");

    await pauseAt(grace, 12);
    await eventually(async () => (await visible(grace)) === 0, "video drawings leave after their time", 3000);
    await boardTool(ada, "pointer", "video");
    await useLayer(ada, "private");
    await useLayer(grace, "private");
  }],
];

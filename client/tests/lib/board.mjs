// Helpers for the layers and the drawing board: choosing the layer, the board's tools, drawing
// on its canvas, counting what a page shows, and watching a page's document socket.

import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { eventually } from "./browser.mjs";

/** Chooses where new notes go: "private" or "shared". */
export async function useLayer(page, layer) {
  await page.getByTestId(`layer-${layer}`).click();
  await page.locator(`[data-testid=layer-switch][data-layer=${layer}]`).waitFor();
}

export const boardCanvas = (page) => page.getByTestId("board-canvas");

/** Picks a tool in the board's toolbar (or, with `where: "video"`, the video's). */
export async function boardTool(page, tool, where = "board") {
  const bar = where === "board" ? page.getByTestId("board") : page.locator(".video-toolbar");
  await bar.locator(`button[data-tool=${tool}]`).click();
}

/** A drag across the board canvas between two points given as fractions of its box. */
export async function drag(page, from, to, { release = true, testId = "board-canvas", steps = 8 } = {}) {
  const box = await page.getByTestId(testId).boundingBox();
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(box.x + box.width * (from[0] + ((to[0] - from[0]) * i) / steps), box.y + box.height * (from[1] + ((to[1] - from[1]) * i) / steps));
  }
  if (release) await page.mouse.up();
}

/** Types a text box at a point of a canvas (the text tool must be chosen). */
export async function placeText(page, at, text, testId = "board-canvas") {
  const box = await page.getByTestId(testId).boundingBox();
  await page.mouse.click(box.x + box.width * at[0], box.y + box.height * at[1]);
  const input = page.getByTestId("text-input");
  await input.waitFor();
  await input.fill(text);
  await input.press("Enter");
  await input.waitFor({ state: "detached" });
}

/** How many items of the layer written to the page shows (`data-mine`). */
export const mine = (page, testId = "board-canvas") => page.getByTestId(testId).evaluate((el) => Number(el.dataset.mine));

export async function waitMine(page, count, what, { testId = "board-canvas", timeout = 2000 } = {}) {
  await eventually(async () => (await mine(page, testId)) === count, `${what}: ${count} items`, timeout);
}

/**
 * Records every frame a page receives on sockets whose URL matches `pattern`, from now on
 * (set it up before the page opens the socket). `frames.text()` is all of them as Latin-1
 * text, so UTF-8 strings inside Yjs updates can be searched for.
 */
export function recordFrames(page, pattern) {
  const frames = [];
  const urls = [];
  page.on("websocket", (ws) => {
    urls.push(ws.url());
    if (!pattern.test(ws.url())) return;
    ws.on("framereceived", ({ payload }) => frames.push(Buffer.isBuffer(payload) ? payload : Buffer.from(payload)));
  });
  return {
    frames,
    urls,
    text: () => Buffer.concat(frames).toString("latin1"),
    has: (needle) => Buffer.concat(frames).includes(Buffer.from(needle, "utf8")),
  };
}

/**
 * The document as the recorded frames built it: every sync message (step 2, update) applied to
 * a fresh Y.Doc, as the page's own client did. What the page never received cannot be in it.
 */
export function decodeFrames(frames) {
  const doc = new Y.Doc();
  for (const frame of frames) {
    const decoder = decoding.createDecoder(new Uint8Array(frame));
    if (decoding.readVarUint(decoder) !== 0) continue; // awareness, auth, queries
    const kind = decoding.readVarUint(decoder);
    if (kind === syncProtocol.messageYjsSyncStep2 || kind === syncProtocol.messageYjsUpdate) {
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
    }
  }
  return doc;
}

// The board in a document: pages and items, copying to the shared layer, and undo that
// takes back only this tab's own edits (never someone else's).
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { LOCAL } from "../draw/layers";
import { addPage, clearPage, copyPage, deletePage, itemsOf, listPages, movePage, pageItems, putItems } from "./pages";

const rect = { kind: "rect" as const, points: [10, 10, 200, 100], color: "#2563eb", width: 6, author: "ada" };

function linked(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on("update", (u: Uint8Array, origin: unknown) => origin !== "peer" && Y.applyUpdate(b, u, "peer"));
  b.on("update", (u: Uint8Array, origin: unknown) => origin !== "peer" && Y.applyUpdate(a, u, "peer"));
  return [a, b];
}

describe("board pages", () => {
  it("add, reorder, clear and delete (with the page's items)", () => {
    const doc = new Y.Doc();
    const one = addPage(doc, "One");
    const two = addPage(doc, "Two");
    expect(listPages(doc).map(([, p]) => p.title)).toEqual(["One", "Two"]);
    movePage(doc, two, -1);
    expect(listPages(doc).map(([, p]) => p.title)).toEqual(["Two", "One"]);
    putItems(doc, [["r1", { ...rect, page: one }], ["r2", { ...rect, page: two }]]);
    clearPage(doc, one);
    expect(pageItems(doc, one)).toEqual([]);
    deletePage(doc, two);
    expect(listPages(doc).map(([, p]) => p.title)).toEqual(["One"]);
    expect(itemsOf(doc).size).toBe(0);
  });

  it("copies a private page to the shared layer as the copier's new page", () => {
    const mine = new Y.Doc();
    const shared = new Y.Doc();
    const page = addPage(mine, "Proof");
    putItems(mine, [["r1", { ...rect, page }]]);
    const copy = copyPage(mine, shared, page, "ada")!;
    expect(listPages(shared)).toEqual([[copy, { title: "Proof", order: 1 }]]);
    expect(pageItems(shared, copy).map(([, i]) => i.points)).toEqual([rect.points]);
    expect(pageItems(mine, page)).toHaveLength(1);
  });

  it("undo takes back my edits and never the other student's", () => {
    const [ada, grace] = linked();
    const page = addPage(ada, "Shared");
    const undo = new Y.UndoManager([ada.getMap("boardItems"), ada.getMap("boardPages")], { trackedOrigins: new Set([LOCAL]), captureTimeout: 0 });
    undo.clear();
    putItems(ada, [["mine", { ...rect, page }]]);
    grace.transact(() => itemsOf(grace).set("hers", { ...rect, page, author: "grace" }), LOCAL);
    expect(pageItems(ada, page).map(([id]) => id).sort()).toEqual(["hers", "mine"]);
    undo.undo();
    expect(pageItems(ada, page).map(([id]) => id)).toEqual(["hers"]);
    expect(pageItems(grace, page).map(([id]) => id)).toEqual(["hers"]);
    undo.redo();
    expect(pageItems(grace, page).map(([id]) => id).sort()).toEqual(["hers", "mine"]);
  });
});

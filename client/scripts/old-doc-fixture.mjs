// Writes tests/fixtures/old-video-doc.bin: a `video-…` document as the app wrote it before
// issue 14 (memo with bold, a bulleted list and a link; strokes without `kind`; bookmarks and
// comments), as one Yjs v1 update. Kept for the test that old documents still load and show.
// Run: node client/scripts/old-doc-fixture.mjs (from the repository root).
import { writeFileSync } from "node:fs";
import * as Y from "yjs";

const doc = new Y.Doc();
doc.clientID = 4242;
const memo = doc.getText("memo");
memo.insert(0, "Lecture 3: sorting\n");
memo.insert(memo.length, "Merge sort", { bold: true });
memo.insert(memo.length, " splits in halves\n", {});
memo.insert(memo.length, "Quicksort picks a pivot");
memo.insert(memo.length, "\n", { list: "bullet" });
memo.insert(memo.length, "see the notes", { link: "https://example.com/sorting" });
memo.insert(memo.length, "\n");
const strokes = doc.getMap("strokes");
strokes.set("s-old-1", { t: 2000, d: 3000, tool: "pen", color: "#ef4444", width: 4, points: [0.1, 0.1, 0.3, 0.2, 0.5, 0.4], author: "u-ada" });
strokes.set("s-old-2", { t: 5000, d: 3000, tool: "highlighter", color: "#fbbf24", width: 6, points: [0.2, 0.7, 0.8, 0.7], author: "u-ada" });
doc.getMap("bookmarks").set("b-old-1", { t: 3000, label: "Pivot choice", author: "u-ada", authorName: "Ada" });
doc.getMap("comments").set("c-old-1", { t: 4000, text: "Why log n levels?", author: "u-grace", authorName: "Grace" });
writeFileSync(new URL("../../tests/fixtures/old-video-doc.bin", import.meta.url), Y.encodeStateAsUpdate(doc));

import { describe, expect, it } from "vitest";
import { planRestore } from "./restorePlan";

const mark = (t: number, label: string) => ({ t, label, author: "u1", authorName: "Ada" });

describe("planRestore", () => {
  it("lists the memo change and the bookmarks and drawings a restore removes or brings back", () => {
    const plan = planRestore(
      { memo: "Merge sort. Scribble.\n", strokes: { a: {}, b: {} }, bookmarks: { later: mark(5000, "Recursion tree") }, comments: {} },
      { memo: { text: "Merge sort." }, strokes: { a: {} }, bookmarks: {}, comments: { c: { t: 1000, text: "Why log n?" } } },
    );
    expect(plan.memoChanged).toBe(true);
    expect(plan.bookmarks.removed).toEqual([{ id: "later", t: 5000, text: "Recursion tree" }]);
    expect(plan.comments.added).toEqual([{ id: "c", t: 1000, text: "Why log n?" }]);
    expect(plan.strokes).toEqual({ added: 0, removed: 1 });
    expect(plan.nothing).toBe(false);
  });

  it("says nothing changes when the version equals the live document (trailing newline aside)", () => {
    const plan = planRestore({ memo: "Same\n", strokes: {}, bookmarks: {}, comments: {} }, { memo: { text: "Same" } });
    expect(plan.nothing).toBe(true);
  });

  it("ignores malformed entries from the shared document", () => {
    const plan = planRestore({ memo: "", strokes: { x: 3 } as never, bookmarks: [] as never, comments: {} }, { strokes: "bad" });
    expect(plan.strokes).toEqual({ added: 0, removed: 0 });
  });
});

// Shared data is untrusted: malformed items are skipped (never fatal), old strokes still
// read, and the geometry the tools rely on holds.
import { describe, expect, it } from "vitest";
import { bounds, forPresence, hits, MAX_POINTS, parseItem, readItems, readPages, resize, translate, visibleAt, within } from "./model";

const ink = { t: 1000, d: 5000, tool: "pen", color: "#e11d48", width: 4, points: [0.1, 0.1, 0.2, 0.2], author: "u1" };

describe("parseItem", () => {
  it("reads a stroke written before shapes existed as ink", () => {
    expect(parseItem(ink)).toMatchObject({ kind: "ink", tool: "pen", t: 1000, d: 5000, points: [0.1, 0.1, 0.2, 0.2] });
  });

  it("reads every kind", () => {
    const base = { color: "#2563eb", width: 3, author: "u" };
    expect(parseItem({ ...base, kind: "rect", points: [0, 0, 10, 10] })?.kind).toBe("rect");
    expect(parseItem({ ...base, kind: "arrow", points: [0, 0, 10, 10] })?.kind).toBe("arrow");
    expect(parseItem({ ...base, kind: "ellipse", points: [0, 0, 10, 10] })?.kind).toBe("ellipse");
    expect(parseItem({ ...base, kind: "line", points: [0, 0, 10, 10] })?.kind).toBe("line");
    expect(parseItem({ ...base, kind: "text", points: [5, 5], text: "합병 정렬", size: 20 })?.text).toBe("합병 정렬");
  });

  it("skips malformed entries instead of failing", () => {
    const bad: unknown[] = [
      null, 42, "x", [], {},
      { ...ink, color: "red" },
      { ...ink, color: "#12345" },
      { ...ink, width: 0 },
      { ...ink, width: 1e9 },
      { ...ink, points: [0.1] },
      { ...ink, points: [0.1, "0.2"] },
      { ...ink, points: [0.1, NaN] },
      { ...ink, points: "0,0" },
      { ...ink, tool: "laser" },
      { ...ink, kind: "image" },
      { ...ink, kind: "rect", points: [0, 0] },
      { ...ink, kind: "text", points: [0, 0] },
      { ...ink, kind: "text", points: [0, 0], text: "", size: 10 },
      { ...ink, kind: "text", points: [0, 0], text: "x".repeat(5000), size: 10 },
      { ...ink, t: "soon" },
      { ...ink, d: -1 },
      { ...ink, page: 7 },
      { ...ink, z: Infinity },
    ];
    for (const value of bad) expect(parseItem(value), JSON.stringify(value)).toBeNull();
    const mixed = readItems([["bad1", { color: 1 }], ["good", ink], ["bad2", null]]);
    expect(mixed.map(([id]) => id)).toEqual(["good"]);
  });

  it("takes authorship as a plain hint: a missing author is empty, never a crash", () => {
    expect(parseItem({ ...ink, author: { id: "spoof" } })?.author).toBe("");
  });
});

describe("geometry", () => {
  const rect = parseItem({ kind: "rect", points: [100, 100, 300, 200], color: "#000000", width: 2, author: "" })!;

  it("hits a rectangle on its outline, not in its middle", () => {
    expect(hits(rect, 100, 150, 3)).toBe(true);
    expect(hits(rect, 200, 150, 3)).toBe(false);
  });

  it("moves and resizes by the selection box", () => {
    expect(bounds(translate(rect, 10, -10))).toEqual({ x: 110, y: 90, w: 200, h: 100 });
    const bigger = resize(rect, { x: 100, y: 100, w: 200, h: 100 }, { x: 100, y: 100, w: 400, h: 200 });
    expect(bounds(bigger)).toEqual({ x: 100, y: 100, w: 400, h: 200 });
    expect(within(rect, { x: 0, y: 0, w: 400, h: 400 })).toBe(true);
  });

  it("shows video items in [t, t + d) only", () => {
    const item = parseItem(ink)!;
    expect(visibleAt(item, 999)).toBe(false);
    expect(visibleAt(item, 1000)).toBe(true);
    expect(visibleAt(item, 5999)).toBe(true);
    expect(visibleAt(item, 6000)).toBe(false);
  });

  it("lists pages by order and skips broken ones", () => {
    const pages = readPages([["b", { title: "Two", order: 2 }], ["x", { title: 3 }], ["a", { title: "One", order: 1 }]]);
    expect(pages.map(([id]) => id)).toEqual(["a", "b"]);
  });
});

describe("presence", () => {
  it("keeps an item in progress under the server's 64 KB presence limit, however long the stroke", () => {
    const points = Array.from({ length: MAX_POINTS }, (_, i) => Math.round(i * 12.3456) / 10);
    const long = parseItem({ kind: "ink", tool: "pen", points, color: "#111827", width: 10, author: "ada" })!;
    const sent = forPresence(long);
    expect(JSON.stringify({ boardDrawing: { page: "p", item: sent } }).length).toBeLessThan(64 * 1024);
    expect(sent.points.slice(-4)).toEqual(points.slice(-4));
    expect(sent.points.length % 2).toBe(0);
  });
});

// Shared data is untrusted: every parser of collab/schema.ts skips what a hand-written Yjs
// client could put in a document or in presence (wrong types, NaN/Infinity, huge arrays,
// missing fields, unknown kinds and colours, prototype keys), never throws, and counts and
// logs once what it skipped.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import {
  MAX_POINTS, parseBoardDrawing, parseDrawing, parseItem, parseMark, parsePage, parsePlayhead, parsePresenceUser,
  parseSnapshotId, parseTimestampMs, readItems, readPages, resetSkipped, skippedCounts,
} from "./schema";

const ink = { t: 1000, d: 5000, tool: "pen", color: "#e11d48", width: 4, points: [0.1, 0.1, 0.2, 0.2], author: "u1" };
const mark = { t: 7000, text: "why?", author: "u1", authorName: "Ada" };

/** What another peer's document holds after syncing `value` into `map[key]` (lib0 decoding). */
function synced(map: string, key: string, value: unknown): unknown {
  const from = new Y.Doc();
  from.getMap(map).set(key, value);
  const to = new Y.Doc();
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from));
  return to.getMap(map).get(key);
}

const hostile: unknown[] = [
  undefined, null, 0, NaN, Infinity, -Infinity, "", "x", true, [], [1, 2], {}, () => 1,
  Object.create(null), new Date(0), new Map([["color", "#fff"]]), Symbol("s"), 10n,
];

beforeEach(() => resetSkipped());
afterEach(() => vi.restoreAllMocks());

describe("parsers never throw", () => {
  it("answers null (or undefined) for anything that is not the shape", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const value of hostile) {
      expect(parseItem(value)).toBeNull();
      expect(parsePage(value)).toBeNull();
      expect(parseMark(value)).toBeNull();
      expect(parsePresenceUser(value)).toBeNull();
      expect(parseDrawing(value) ?? null).toBeNull();
      expect(parseBoardDrawing(value)).toBeNull();
      expect(parsePlayhead(value)).toBeUndefined();
      expect(parseTimestampMs(value)).toBe(value === 0 ? 0 : null);
      expect(parseSnapshotId(value)).toBeNull();
    }
  });

  it("survives random nested values", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const any = (depth: number): unknown => {
      const pick = Math.floor(rand() * 8);
      if (depth > 3 || pick < 3) return hostile[Math.floor(rand() * hostile.length)];
      if (pick < 5) return Array.from({ length: Math.floor(rand() * 5) }, () => any(depth + 1));
      const keys = ["kind", "tool", "color", "width", "points", "text", "size", "t", "d", "z", "page", "author", "authorName", "label", "title", "order", "id", "name", "item", "__proto__"];
      return Object.fromEntries(keys.filter(() => rand() < 0.5).map((k) => [k, any(depth + 1)]));
    };
    for (let i = 0; i < 2000; i++) {
      const value = any(0);
      expect(() => [parseItem(value), parsePage(value), parseMark(value), parsePresenceUser(value), parseBoardDrawing(value), parsePlayhead(value)]).not.toThrow();
    }
  });
});

describe("drawing items", () => {
  it("reject NaN, Infinity and numbers given as strings anywhere", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const bad of [
      { ...ink, points: [0.1, Infinity] }, { ...ink, points: [NaN, 0] }, { ...ink, points: [0.1, "0.2"] },
      { ...ink, width: NaN }, { ...ink, width: Infinity }, { ...ink, width: "4" }, { ...ink, width: -1 },
      { ...ink, t: NaN }, { ...ink, t: -5 }, { ...ink, d: Infinity }, { ...ink, z: NaN }, { ...ink, z: "1" },
      { ...ink, kind: "text", points: [0, 0], text: "x", size: Infinity },
    ]) expect(parseItem(bad)).toBeNull();
  });

  it("reject unknown kinds, tools and colours, and missing fields", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const bad of [
      { ...ink, kind: "image" }, { ...ink, kind: "INK" }, { ...ink, kind: 1 }, { ...ink, tool: "laser" },
      { ...ink, color: "red" }, { ...ink, color: "#ggg" }, { ...ink, color: "#fff;background:url(x)" },
      { ...ink, color: "url(javascript:alert(1))" }, { ...ink, color: undefined }, { ...ink, points: undefined },
      { ...ink, width: undefined }, { ...ink, t: undefined }, { ...ink, page: 7 },
    ]) expect(parseItem(bad)).toBeNull();
  });

  it("reject huge arrays and strings without walking them into the render", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(parseItem({ ...ink, points: new Array(MAX_POINTS + 2).fill(0.5) })).toBeNull();
    expect(parseItem({ ...ink, points: new Array(MAX_POINTS).fill(0.5) })?.points).toHaveLength(MAX_POINTS);
    expect(parseItem({ ...ink, kind: "text", points: [0, 0], text: "x".repeat(2001), size: 12 })).toBeNull();
    expect(parseItem({ ...ink, page: "p".repeat(10_000) })).toBeNull();
    expect(parseItem({ ...ink, author: "a".repeat(10_000) })?.author).toBe("");
  });

  it("keep only known fields, as a fresh object", () => {
    const value = { ...ink, onclick: "alert(1)", extra: { deep: true } };
    const item = parseItem(value)!;
    expect(Object.keys(item).sort()).toEqual(["author", "color", "d", "kind", "points", "t", "tool", "width"]);
    expect(item.points).not.toBe(value.points);
  });

  it("read fields of their own only: a __proto__ key supplies nothing and pollutes nothing", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const forged = JSON.parse('{"points":[0.1,0.1],"__proto__":{"color":"#fff","width":3,"kind":"ink","polluted":1}}');
    const received = synced("strokes", "s1", forged);
    expect(parseItem(received)).toBeNull();
    expect(parseItem(forged)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).color).toBeUndefined();
  });

  it("one bad entry among good ones is skipped, counted, and logged once", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const entries: [string, unknown][] = [["a", ink], ["b", { ...ink, color: "red" }], ["c", null], ["d", { ...ink, z: 5 }]];
    expect(readItems(entries).map(([id]) => id)).toEqual(["a", "d"]);
    expect(readItems(entries).map(([id]) => id)).toEqual(["a", "d"]);
    expect(skippedCounts()["drawing item"]).toBe(4);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe("board pages", () => {
  it("skip titles too long or not strings and orders that are not finite", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const pages = readPages([
      ["p1", { title: "One", order: 1 }], ["p2", { title: "x".repeat(81), order: 2 }], ["p3", { title: 3, order: 3 }],
      ["p4", { title: "Four", order: NaN }], ["p5", { title: "Five", order: Infinity }], ["p6", { title: "Six" }],
      ["p7", JSON.parse('{"__proto__":{"title":"Seven","order":7}}')],
    ]);
    expect(pages.map(([id]) => id)).toEqual(["p1"]);
  });
});

describe("bookmarks and comments", () => {
  it("read a well-formed one as a fresh object", () => {
    expect(parseMark({ ...mark, style: "x" })).toEqual(mark);
    expect(parseMark({ t: 0, label: "start", author: "u1", authorName: "" })).toEqual({ t: 0, label: "start", author: "u1", authorName: "" });
  });

  it("skip missing authors, wrong types, NaN times and oversized text", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const bad of [
      { ...mark, author: undefined }, { ...mark, author: "" }, { ...mark, author: 7 }, { ...mark, authorName: undefined },
      { ...mark, authorName: { name: "Ada" } }, { ...mark, t: NaN }, { ...mark, t: Infinity }, { ...mark, t: "7" }, { ...mark, t: -1 },
      { ...mark, text: undefined }, { ...mark, text: 5 }, { ...mark, text: "x".repeat(501) }, { ...mark, label: ["x"] },
    ]) expect(parseMark(bad)).toBeNull();
  });
});

describe("presence", () => {
  it("reads the user the server wrote, and drops a colour that is not one", () => {
    expect(parsePresenceUser({ id: "u1", name: "Ada", color: "#2563eb" })).toEqual({ id: "u1", name: "Ada", color: "#2563eb" });
    expect(parsePresenceUser({ id: "u1", name: "Ada", color: "red; x" })).toEqual({ id: "u1", name: "Ada" });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(parsePresenceUser({ id: "", name: "Ada" })).toBeNull();
    expect(parsePresenceUser({ id: "u1", name: 5 })).toBeNull();
  });

  it("ignores a playhead that would make the video throw", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(parsePlayhead({ t: 12.5, playing: true })).toEqual({ t: 12.5, playing: true });
    expect(parsePlayhead({ t: 12.5, playing: "yes" })).toEqual({ t: 12.5, playing: false });
    for (const t of [NaN, Infinity, -1, "3", undefined]) expect(parsePlayhead({ t, playing: true })).toBeUndefined();
  });

  it("reads an item in progress only when it is a well-formed item", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(parseDrawing(null)).toBeNull();
    expect(parseDrawing({ ...ink, points: [NaN, 0] })).toBeNull();
    expect(parseBoardDrawing({ page: "p1", item: { color: "#000", width: 2, points: [1, 2] } })?.item.kind).toBe("ink");
    expect(parseBoardDrawing({ page: 5, item: ink })).toBeNull();
    expect(parseBoardDrawing({ page: "p1", item: "ink" })).toBeNull();
  });
});

describe("memo embeds", () => {
  it("accept a video time and a server snapshot id only", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(parseTimestampMs(67_000)).toBe(67_000);
    expect(parseTimestampMs(NaN)).toBeNull();
    expect(parseTimestampMs(1e300)).toBeNull();
    expect(parseTimestampMs(-5)).toBeNull();
    expect(parseSnapshotId("0190a6e211117aaa8bbb0123456789ab")).toBe("0190a6e211117aaa8bbb0123456789ab");
    expect(parseSnapshotId("https://evil.example/x.png")).toBeNull();
  });
});

// The one drawing model of the board and the video layer (schema: docs/collab.md, "Drawing
// items"). Items are plain objects in a Y.Map; everything read from a document goes through
// `parseItem` (collab/schema.ts, the client's one validation layer for shared data, re-exported
// here), which returns null for anything malformed, so one bad entry never stops the rest from
// showing. Geometry helpers (bounds, hit tests, move, resize) are pure.
export { KINDS, MAX_POINTS, MAX_TEXT, parseItem, parsePage, readItems, readPages } from "../collab/schema";

export type Kind = "ink" | "line" | "arrow" | "rect" | "ellipse" | "text";

export interface Item {
  kind: Kind;
  /** Ink only. */
  tool?: "pen" | "highlighter";
  /** Flat [x0, y0, …]: ink path; line/arrow from, to; rect/ellipse two corners; text top-left. */
  points: number[];
  color: string;
  width: number;
  text?: string;
  size?: number;
  author: string;
  z?: number;
  /** Video items: ms of video time. */
  t?: number;
  d?: number;
  /** Board items: the page's id. */
  page?: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PageInfo {
  title: string;
  order: number;
}

/** Visible at `ms` of video time (items without `t` are not video items: never). */
export function visibleAt(item: Item, ms: number): boolean {
  return item.t !== undefined && item.d !== undefined && item.t <= ms && ms < item.t + item.d;
}

/**
 * Rough text extent: `size` per line, 0.6 × size per character (the renderer measures for
 * real; this is for hit tests and selection boxes where no canvas is at hand).
 */
export function textExtent(item: Pick<Item, "text" | "size">): { w: number; h: number } {
  const lines = (item.text ?? "").split("\n");
  const size = item.size ?? 16;
  return { w: Math.max(...lines.map((l) => l.length), 1) * size * 0.6, h: lines.length * size * 1.25 };
}

export function bounds(item: Item): Box {
  const p = item.points;
  if (item.kind === "text") {
    const { w, h } = textExtent(item);
    return { x: p[0], y: p[1], w, h };
  }
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < p.length; i += 2) {
    minX = Math.min(minX, p[i]);
    maxX = Math.max(maxX, p[i]);
    minY = Math.min(minY, p[i + 1]);
    maxY = Math.max(maxY, p[i + 1]);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

export function unionBox(boxes: Box[]): Box | null {
  if (boxes.length === 0) return null;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const r = Math.max(...boxes.map((b) => b.x + b.w));
  const btm = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: r - x, h: btm - y };
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** True when (x, y) lies on the item, within `radius` (same units as the points). */
export function hits(item: Item, x: number, y: number, radius: number): boolean {
  const p = item.points;
  const r = radius + item.width / 2;
  switch (item.kind) {
    case "ink": {
      if (p.length === 2) return Math.hypot(p[0] - x, p[1] - y) <= r;
      for (let i = 2; i < p.length; i += 2) if (segmentDistance(x, y, p[i - 2], p[i - 1], p[i], p[i + 1]) <= r) return true;
      return false;
    }
    case "line":
    case "arrow":
      return segmentDistance(x, y, p[0], p[1], p[2], p[3]) <= r;
    case "rect": {
      const b = bounds(item);
      const inside = x >= b.x - r && x <= b.x + b.w + r && y >= b.y - r && y <= b.y + b.h + r;
      const deep = x > b.x + r && x < b.x + b.w - r && y > b.y + r && y < b.y + b.h - r;
      return inside && !deep;
    }
    case "ellipse": {
      const b = bounds(item);
      const rx = b.w / 2, ry = b.h / 2;
      if (rx === 0 || ry === 0) return segmentDistance(x, y, b.x, b.y, b.x + b.w, b.y + b.h) <= r;
      const d = Math.hypot((x - b.x - rx) / rx, (y - b.y - ry) / ry);
      return Math.abs(d - 1) * Math.min(rx, ry) <= r;
    }
    case "text": {
      const b = bounds(item);
      return x >= b.x - radius && x <= b.x + b.w + radius && y >= b.y - radius && y <= b.y + b.h + radius;
    }
  }
}

/** True when the item's bounds lie within `box` (a marquee selection). */
export function within(item: Item, box: Box): boolean {
  const b = bounds(item);
  return b.x >= box.x && b.y >= box.y && b.x + b.w <= box.x + box.w && b.y + b.h <= box.y + box.h;
}

export function translate(item: Item, dx: number, dy: number): Item {
  return { ...item, points: item.points.map((n, i) => round(n + (i % 2 === 0 ? dx : dy))) };
}

/** Scales the item so that `from` (its old selection box) becomes `to`. Text scales its size. */
export function resize(item: Item, from: Box, to: Box): Item {
  const sx = from.w === 0 ? 1 : to.w / from.w;
  const sy = from.h === 0 ? 1 : to.h / from.h;
  const points = item.points.map((n, i) => round(i % 2 === 0 ? to.x + (n - from.x) * sx : to.y + (n - from.y) * sy));
  const next = { ...item, points };
  if (item.kind === "text" && item.size) next.size = Math.max(4, Math.min(400, round(item.size * Math.min(Math.abs(sx), Math.abs(sy)))));
  return next;
}

/** Four decimals: enough for normalised video points, compact on the wire. */
export function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}

/** A normalised rectangle from two corners. */
export function boxFrom(x0: number, y0: number, x1: number, y1: number): Box {
  return { x: Math.min(x0, x1), y: Math.min(y0, y1), w: Math.abs(x1 - x0), h: Math.abs(y1 - y0) };
}

/**
 * The server refuses a presence state over 64 KB (docs/collab.md) and closes the socket: an
 * item in progress travels with at most its last 1000 points (the finished item, whole,
 * arrives as a document edit).
 */
export const PRESENCE_POINTS = 2000;
export function forPresence(item: Item): Item {
  return item.points.length <= PRESENCE_POINTS ? item : { ...item, points: item.points.slice(-PRESENCE_POINTS) };
}

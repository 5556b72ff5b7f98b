// Everything the client reads from a shared document or from presence goes through here:
// the values are written by any peer with write access, possibly by a hand-written Yjs
// client, so they are untrusted input (docs/collab.md, "Reading shared data"). Each parser
// returns a fresh, fully typed value built from the fields it knows, or null for anything
// malformed (wrong types, NaN/Infinity, oversized arrays or strings, unknown kinds or
// colours, missing fields). Only own properties are read, so a `__proto__` key (which lib0
// turns into the decoded object's prototype) cannot supply a field. Parsers never throw: one
// bad entry is skipped, counted, and logged once per kind, and the rest still shows.
//
// Authorship: the server refuses an entry that names someone other than its sender when it
// is created, and a bookmark or comment in anyone else's name (src/collab/authorship.rs). A
// drawing's `author` can be carried over by someone else's edit and is never shown as a name;
// names always come from the server (presence, the space's participants), not from the
// document.
import type { Item, Kind, PageInfo } from "../draw/model";

export const KINDS: readonly Kind[] = ["ink", "line", "arrow", "rect", "ellipse", "text"];
export const MAX_TEXT = 2000;
/** Numbers in one item's `points` (10,000 points); a longer stroke is drawn as several. */
export const MAX_POINTS = 20_000;
export const MAX_TITLE = 80;
export const MAX_MARK_TEXT = 500;
/** A user id or display name longer than this is not one the server made. */
const MAX_NAME = 200;
/** Video times (ms) beyond a day are not from a real video (the memo's limit too). */
const MAX_MS = 24 * 3600 * 1000;

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

// ---- what was skipped ----------------------------------------------------------------------

const skipped = new Map<string, number>();

/** Counts a malformed value of `kind`; the first of each kind is logged (never every one). */
function skip(kind: string): null {
  const n = (skipped.get(kind) ?? 0) + 1;
  skipped.set(kind, n);
  if (n === 1) console.warn(`vivid: skipped a malformed ${kind} from a shared document (further ones are counted, not logged)`);
  return null;
}

/** Malformed values skipped so far, by kind (for diagnostics and tests). */
export function skippedCounts(): Record<string, number> {
  return Object.fromEntries(skipped);
}

export function resetSkipped() {
  skipped.clear();
}

// ---- small guards --------------------------------------------------------------------------

type Fields = Record<string, unknown>;

/** A plain object (not an array, not null); its own fields only. */
function object(value: unknown): Fields | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : null;
}

/** `v[key]` if `v` holds it itself (never from a prototype). */
function own(v: Fields, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
}

export const finite = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n);
const str = (s: unknown, max: number): s is string => typeof s === "string" && s.length <= max;
export const isColour = (s: unknown): s is string => typeof s === "string" && COLOR.test(s);

// ---- drawing items (`strokes`, `boardItems`, presence `drawing`) ------------------------------

function item(value: unknown): Item | null {
  const v = object(value);
  if (!v) return null;
  const rawKind = own(v, "kind");
  const kind = rawKind === undefined ? "ink" : rawKind;
  if (typeof kind !== "string" || !KINDS.includes(kind as Kind)) return null;
  const color = own(v, "color");
  const width = own(v, "width");
  if (!isColour(color) || !finite(width) || width <= 0 || width > 64) return null;
  const raw = own(v, "points");
  if (!Array.isArray(raw) || raw.length % 2 !== 0 || raw.length > MAX_POINTS) return null;
  const points: number[] = [];
  for (const n of raw) {
    if (!finite(n)) return null;
    points.push(n);
  }
  const need = kind === "ink" || kind === "text" ? 2 : 4;
  if (points.length < need || (kind !== "ink" && points.length !== need)) return null;
  const author = own(v, "author");
  const out: Item = { kind: kind as Kind, points, color, width, author: str(author, MAX_NAME) ? author : "" };
  if (kind === "ink") {
    const tool = own(v, "tool") ?? "pen";
    if (tool !== "pen" && tool !== "highlighter") return null;
    out.tool = tool;
  }
  if (kind === "text") {
    const text = own(v, "text");
    const size = own(v, "size");
    if (typeof text !== "string" || text.length === 0 || text.length > MAX_TEXT) return null;
    if (!finite(size) || size <= 0 || size > 400) return null;
    out.text = text;
    out.size = size;
  }
  const z = own(v, "z");
  if (z !== undefined) {
    if (!finite(z)) return null;
    out.z = z;
  }
  const t = own(v, "t");
  const d = own(v, "d");
  if (t !== undefined || d !== undefined) {
    if (!finite(t) || !finite(d) || t < 0 || d <= 0) return null;
    out.t = t;
    out.d = d;
  }
  const page = own(v, "page");
  if (page !== undefined) {
    if (!str(page, MAX_NAME)) return null;
    out.page = page;
  }
  return out;
}

/**
 * The drawing item if `value` is well formed, else null (counted). Strokes written before
 * shapes existed (no `kind`, `tool` pen/highlighter) read as ink.
 */
export function parseItem(value: unknown): Item | null {
  return item(value) ?? skip("drawing item");
}

/** The well-formed items of a map, in paint order (z, then id). */
export function readItems(entries: Iterable<[string, unknown]>, keep: (item: Item) => boolean = () => true): [string, Item][] {
  const list: [string, Item][] = [];
  for (const [id, value] of entries) {
    const parsed = parseItem(value);
    if (parsed && keep(parsed)) list.push([id, parsed]);
  }
  return list.sort((a, b) => (a[1].z ?? 0) - (b[1].z ?? 0) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

// ---- board pages (`boardPages`) --------------------------------------------------------------

export function parsePage(value: unknown): PageInfo | null {
  const v = object(value);
  const title = v && own(v, "title");
  const order = v && own(v, "order");
  if (!str(title, MAX_TITLE) || !finite(order)) return skip("board page");
  return { title, order };
}

export function readPages(entries: Iterable<[string, unknown]>): [string, PageInfo][] {
  const list: [string, PageInfo][] = [];
  for (const [id, value] of entries) {
    const page = parsePage(value);
    if (page) list.push([id, page]);
  }
  return list.sort((a, b) => a[1].order - b[1].order || (a[0] < b[0] ? -1 : 1));
}

// ---- bookmarks and comments ------------------------------------------------------------------

export interface Mark {
  /** ms of video time. */
  t: number;
  label?: string;
  text?: string;
  /** The writer's user id (checked by the server against the sender). */
  author: string;
  /** The name the writer gave at the time: their own claim, never shown as their name. */
  authorName: string;
}

export function parseMark(value: unknown): Mark | null {
  const v = object(value);
  if (!v) return skip("bookmark or comment");
  const t = own(v, "t");
  const label = own(v, "label");
  const text = own(v, "text");
  const author = own(v, "author");
  const authorName = own(v, "authorName");
  if (!finite(t) || t < 0 || t > MAX_MS) return skip("bookmark or comment");
  const hasLabel = str(label, MAX_MARK_TEXT);
  const hasText = str(text, MAX_MARK_TEXT);
  if ((!hasLabel && label !== undefined) || (!hasText && text !== undefined) || (!hasLabel && !hasText)) return skip("bookmark or comment");
  if (!str(author, MAX_NAME) || author === "" || !str(authorName, MAX_NAME)) return skip("bookmark or comment");
  const mark: Mark = { t, author, authorName };
  if (hasLabel) mark.label = label;
  if (hasText) mark.text = text;
  return mark;
}

// ---- presence (awareness states) -------------------------------------------------------------

/** `user` of a presence state: the server rewrites it to the authenticated user. */
export interface PresenceUser {
  id: string;
  name: string;
  /** A colour the client may paint with, or undefined. */
  color?: string;
}

export function parsePresenceUser(value: unknown): PresenceUser | null {
  const v = object(value);
  const id = v && own(v, "id");
  const name = v && own(v, "name");
  if (!str(id, MAX_NAME) || id === "" || !str(name, MAX_NAME)) return skip("presence user");
  const color = v && own(v, "color");
  return isColour(color) ? { id, name, color } : { id, name };
}

export interface Playhead {
  /** Seconds. */
  t: number;
  playing: boolean;
}

/** `playhead` of a presence state; absent or malformed is undefined (it is optional). */
export function parsePlayhead(value: unknown): Playhead | undefined {
  if (value === undefined || value === null) return undefined;
  const v = object(value);
  const t = v && own(v, "t");
  if (!finite(t) || t < 0 || t > MAX_MS / 1000) {
    skip("playhead");
    return undefined;
  }
  return { t, playing: own(v!, "playing") === true };
}

/** `boardDrawing` of a presence state (`{page, item}`), or null. */
export function parseBoardDrawing(value: unknown): { page: string; item: Item } | null {
  if (value === undefined || value === null) return null;
  const v = object(value);
  const page = v && own(v, "page");
  if (!str(page, MAX_NAME)) return skip("board drawing in progress");
  const parsed = parseItem(own(v!, "item"));
  return parsed && { page, item: parsed };
}

/** `drawing` of a presence state (the video item in progress), or null. */
export function parseDrawing(value: unknown): Item | null {
  return value === undefined || value === null ? null : parseItem(value);
}

// ---- memo embeds (the server's whitelist: src/collab/memo_schema.rs) --------------------------

/** A `{timestamp: ms}` embed's value: a video time in ms, 0–24 h, else null. */
export function parseTimestampMs(value: unknown): number | null {
  const ms = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return finite(ms) && ms >= 0 && ms <= MAX_MS ? Math.round(ms) : skip("memo timestamp");
}

const SNAPSHOT_ID = /^([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A `{snapshot: id}` embed's value: one of the server's snapshot ids, else null. */
export function parseSnapshotId(value: unknown): string | null {
  return typeof value === "string" && SNAPSHOT_ID.test(value) ? value : skip("memo snapshot");
}

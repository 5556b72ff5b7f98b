// What restoring a version changes, compared with the live document: the memo before and
// after, and which bookmarks, comments and drawings come back or go away. Shown in the
// confirmation before a restore, so nothing changes that the reader was not shown.

export interface DocState {
  memo: string;
  strokes: Record<string, unknown>;
  bookmarks: Record<string, { t?: number; label?: string; authorName?: string }>;
  comments: Record<string, { t?: number; text?: string; authorName?: string }>;
}

export interface MarkChange {
  id: string;
  t: number;
  text: string;
}

export interface RestorePlan {
  memoChanged: boolean;
  memoBefore: string;
  memoAfter: string;
  bookmarks: { added: MarkChange[]; removed: MarkChange[] };
  comments: { added: MarkChange[]; removed: MarkChange[] };
  strokes: { added: number; removed: number };
  nothing: boolean;
}

function asRecord(value: unknown): Record<string, Record<string, unknown>> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, item] of Object.entries(value)) {
    if (item && typeof item === "object" && !Array.isArray(item)) out[id] = item as Record<string, unknown>;
  }
  return out;
}

function marks(now: unknown, then: unknown, field: "label" | "text") {
  const live = asRecord(now);
  const target = asRecord(then);
  const change = (id: string, m: Record<string, unknown>): MarkChange => ({
    id,
    t: typeof m.t === "number" ? m.t : 0,
    text: typeof m[field] === "string" ? (m[field] as string) : "",
  });
  return {
    added: Object.entries(target).filter(([id]) => !(id in live)).map(([id, m]) => change(id, m)),
    removed: Object.entries(live).filter(([id]) => !(id in target)).map(([id, m]) => change(id, m)),
  };
}

/** `current` is the live document; `target` the version's content as the server answers it. */
export function planRestore(current: DocState, target: { memo?: { text?: unknown }; strokes?: unknown; bookmarks?: unknown; comments?: unknown }): RestorePlan {
  const memoAfter = typeof target.memo?.text === "string" ? target.memo.text : "";
  // Quill keeps a trailing newline that an empty Y.Text lacks.
  const memoChanged = current.memo.replace(/\n$/, "") !== memoAfter.replace(/\n$/, "");
  const liveStrokes = asRecord(current.strokes);
  const targetStrokes = asRecord(target.strokes);
  const strokes = {
    added: Object.keys(targetStrokes).filter((id) => !(id in liveStrokes)).length,
    removed: Object.keys(liveStrokes).filter((id) => !(id in targetStrokes)).length,
  };
  const bookmarks = marks(current.bookmarks, target.bookmarks, "label");
  const comments = marks(current.comments, target.comments, "text");
  const nothing = !memoChanged && !strokes.added && !strokes.removed
    && !bookmarks.added.length && !bookmarks.removed.length && !comments.added.length && !comments.removed.length;
  return { memoChanged, memoBefore: current.memo, memoAfter, bookmarks, comments, strokes, nothing };
}

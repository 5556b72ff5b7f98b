// What the search box sends and where a hit leads, as pure functions (query.test.ts). The
// server has the same rules (docs/api.md, "Search"); checking here spares a request that
// would only come back `query_too_short`.

/** Trimmed, inner whitespace collapsed: what the server searches for. */
export function normalize(q: string): string {
  return q.trim().split(/\s+/).filter(Boolean).join(" ");
}

/** At least 3 characters, or 2 when one is not ASCII (a two-syllable Korean word). */
export function isSearchable(q: string): boolean {
  const chars = [...normalize(q)];
  // eslint-disable-next-line no-control-regex
  return chars.length >= 3 || (chars.length === 2 && chars.some((c) => /[^\x00-\x7f]/.test(c)));
}

/** The room of the hit's video, at the hit's time when it has one. */
export function hitHref(videoId: string, timeSecs: number | null | undefined): string {
  const base = `/videos/${encodeURIComponent(videoId)}`;
  return timeSecs != null && timeSecs >= 0 ? `${base}?t=${Math.floor(timeSecs)}` : base;
}

/** `/search?q=…` for a query. */
export function searchHref(q: string): string {
  return `/search?q=${encodeURIComponent(normalize(q))}`;
}

/** Whether a key press should focus the search box: `/` outside any text field or editor. */
export function isSearchKey(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "target">): boolean {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return false;
  const el = event.target as HTMLElement | null;
  if (!el || typeof el !== "object") return true;
  return !(el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || Boolean(el.closest?.("[role=dialog]")));
}

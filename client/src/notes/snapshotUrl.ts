// Memo images are stored as snapshot ids; this resolves one to a signed URL when it is
// shown (`GET /api/snapshots/{id}`), cached for a few minutes (the URL outlives that).
import { get } from "../api/http";

const cache = new Map<string, { url: string | null; at: number }>();
const FRESH_MS = 5 * 60_000;

export async function snapshotUrl(id: string): Promise<string | null> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < FRESH_MS) return hit.url;
  const url = await get<{ url: string }>(`/api/snapshots/${id}`).then((s) => s.url, () => null);
  cache.set(id, { url, at: Date.now() });
  return url;
}

/** Forgets a deleted snapshot. */
export function forgetSnapshot(id: string) {
  cache.delete(id);
}

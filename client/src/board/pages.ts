// The board's pages and items in a document (docs/collab.md: `boardPages`, `boardItems`).
// Every change is one transaction with the local origin, so undo takes it back whole.
import * as Y from "yjs";
import { edit } from "../draw/layers";
import { readItems, readPages, type Item, type PageInfo } from "../draw/model";

export const PAGE_W = 1600;
export const PAGE_H = 900;

export const pagesOf = (doc: Y.Doc) => doc.getMap<unknown>("boardPages");
export const itemsOf = (doc: Y.Doc) => doc.getMap<unknown>("boardItems");

export function listPages(doc: Y.Doc): [string, PageInfo][] {
  return readPages(pagesOf(doc).entries());
}

export function pageItems(doc: Y.Doc, page: string): [string, Item][] {
  return readItems(itemsOf(doc).entries(), (item) => item.page === page);
}

export function addPage(doc: Y.Doc, title: string): string {
  const pages = listPages(doc);
  const id = crypto.randomUUID();
  const order = pages.length ? pages[pages.length - 1][1].order + 1 : 1;
  edit(doc, () => pagesOf(doc).set(id, { title: title.slice(0, 80), order }));
  return id;
}

export function renamePage(doc: Y.Doc, id: string, title: string) {
  const page = listPages(doc).find(([p]) => p === id);
  if (!page) return;
  edit(doc, () => pagesOf(doc).set(id, { ...page[1], title: title.trim().slice(0, 80) }));
}

/** Moves a page one place earlier (-1) or later (+1), by swapping orders with its neighbour. */
export function movePage(doc: Y.Doc, id: string, direction: -1 | 1) {
  const pages = listPages(doc);
  const at = pages.findIndex(([p]) => p === id);
  const other = pages[at + direction];
  if (at < 0 || !other) return;
  const [, mine] = pages[at];
  edit(doc, () => {
    const map = pagesOf(doc);
    const same = mine.order === other[1].order;
    map.set(id, { ...mine, order: other[1].order + (same ? direction * 0.5 : 0) });
    map.set(other[0], { ...other[1], order: mine.order });
  });
}

export function clearPage(doc: Y.Doc, id: string) {
  const ids = pageItems(doc, id).map(([i]) => i);
  edit(doc, () => ids.forEach((i) => itemsOf(doc).delete(i)));
}

export function deletePage(doc: Y.Doc, id: string) {
  const ids = pageItems(doc, id).map(([i]) => i);
  edit(doc, () => {
    ids.forEach((i) => itemsOf(doc).delete(i));
    pagesOf(doc).delete(id);
  });
}

export function putItems(doc: Y.Doc, entries: [string, Item][]) {
  edit(doc, () => entries.forEach(([id, item]) => itemsOf(doc).set(id, item)));
}

export function deleteItems(doc: Y.Doc, ids: string[]) {
  edit(doc, () => ids.forEach((id) => itemsOf(doc).delete(id)));
}

/** Copies as new entries of `to` on `page`, authored by `me` (fresh ids; nothing links back). */
export function copyItems(to: Y.Doc, items: Item[], page: string, me: string) {
  const z = Date.now();
  edit(to, () => items.forEach((item, i) => itemsOf(to).set(crypto.randomUUID(), { ...item, page, author: me, z: z + i })));
}

/** Copies a page with everything on it into `to` (the shared layer) as a new page there. */
export function copyPage(from: Y.Doc, to: Y.Doc, id: string, me: string): string | null {
  const page = listPages(from).find(([p]) => p === id);
  if (!page) return null;
  const items = pageItems(from, id).map(([, item]) => item);
  const target = addPage(to, page[1].title);
  copyItems(to, items, target, me);
  return target;
}

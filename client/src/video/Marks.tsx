// Bookmarks or comments at a video time; click one to seek there. Entries come from the
// shared document (untrusted): only well-formed ones are shown (collab/schema.ts, `parseMark`).
// The name beside one is the server's name for its `author` (presence, or the space's
// participants), never the `authorName` stored with it, which is only its writer's claim.
import { Bookmark, Lock, MessageSquare, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import * as Y from "yjs";
import { parseMark, type Mark } from "../collab/schema";
import { useY } from "../collab/useDoc";
import { formatClock } from "../i18n/format";
import { EmptyState } from "../ui/EmptyState";
import { IconButton } from "../ui/IconButton";

export type { Mark };

export function Marks({ map, kind, currentTime, onSeek, me, privateMap, write, names }: {
  /** The shared layer's map (null while it is hidden). */
  map: Y.Map<Mark> | null;
  kind: "bookmarks" | "comments";
  currentTime: () => number;
  onSeek: (t: number) => void;
  me: { id: string; name: string };
  /** Bookmarks: the private layer's map, listed too when given (marked with a lock). */
  privateMap?: Y.Map<Mark> | null;
  /** Where new ones go (the layer chosen in the room); `map` when absent. */
  write?: Y.Map<Mark> | null;
  /** Names by user id as the server knows people (presence, participants). */
  names?: Map<string, string>;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState("");
  const read = (source: Y.Map<Mark> | null | undefined, isPrivate: boolean) => {
    const list: { id: string; m: Mark; source: Y.Map<Mark>; isPrivate: boolean }[] = [];
    for (const [id, value] of source?.entries() ?? []) {
      const m = parseMark(value);
      if (m && source) list.push({ id, m, source, isPrivate });
    }
    return list;
  };
  const shared = useY(map ?? undefined, () => read(map, false));
  const own = useY(privateMap ?? undefined, () => read(privateMap, true));
  const marks = [...shared, ...own].sort((a, b) => a.m.t - b.m.t).map(({ id, m, source, isPrivate }) => [id, m, source, isPrivate] as const);
  const target = write ?? map;
  const field = kind === "bookmarks" ? "label" : "text";
  const Icon = kind === "bookmarks" ? Bookmark : MessageSquare;
  return (
    <div className="marks" data-testid={kind}>
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        if (!draft.trim() || !target) return;
        target.set(crypto.randomUUID(), { t: Math.round(currentTime() * 1000), [field]: draft.trim().slice(0, 500), author: me.id, authorName: me.name });
        setDraft("");
      }}>
        <input aria-label={t(`marks.${kind}.input`)} value={draft} placeholder={t(`marks.${kind}.placeholder`)}
          onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" className="button">{t("marks.add")}</button>
      </form>
      {marks.length === 0 ? (
        <EmptyState icon={<Icon size={32} />} title={t(`marks.${kind}.emptyTitle`)}>
          <p>{t(`marks.${kind}.emptyBody`)}</p>
        </EmptyState>
      ) : (
        <ul className="mark-list">
          {marks.map(([id, mark, source, isPrivate]) => (
            <li key={id} data-testid="mark" data-layer={isPrivate ? "private" : "shared"}>
              <button type="button" className="time-chip" onClick={() => onSeek(mark.t / 1000)}
                aria-label={t("player.jumpTo", { time: formatClock(mark.t / 1000) })}>
                {formatClock(mark.t / 1000)}
              </button>
              <span className="mark-text">{mark.label ?? mark.text}</span>
              {isPrivate ? (
                <span className="badge private-badge" title={t("layers.badge.private")}><Lock size={12} aria-hidden /> {t("layers.private")}</span>
              ) : (
                <span className="muted small">{mark.author === me.id ? me.name : names?.get(mark.author) ?? t("marks.unknownAuthor")}</span>
              )}
              {(isPrivate || mark.author === me.id) && (
                <IconButton className="small" label={t("marks.delete")} icon={<Trash2 size={16} aria-hidden />} onClick={() => source.delete(id)} />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// Bookmarks or comments at a video time; click one to seek there. Entries come from the
// shared document (untrusted): only well-formed ones are shown.
import { Bookmark, MessageSquare, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import * as Y from "yjs";
import { useY } from "../collab/useDoc";
import { formatClock } from "../i18n/format";
import { EmptyState } from "../ui/EmptyState";
import { IconButton } from "../ui/IconButton";

export interface Mark {
  t: number;
  label?: string;
  text?: string;
  author: string;
  authorName: string;
}

export function isMark(value: unknown): value is Mark {
  const m = value as Mark;
  return Boolean(m) && typeof m === "object" && typeof m.t === "number" && Number.isFinite(m.t)
    && (typeof m.label === "string" || typeof m.text === "string") && typeof m.author === "string"
    && typeof m.authorName === "string";
}

export function Marks({ map, kind, currentTime, onSeek, me }: {
  map: Y.Map<Mark>;
  kind: "bookmarks" | "comments";
  currentTime: () => number;
  onSeek: (t: number) => void;
  me: { id: string; name: string };
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState("");
  const marks = useY(map, () => [...map.entries()].filter(([, m]) => isMark(m)).sort((a, b) => a[1].t - b[1].t));
  const field = kind === "bookmarks" ? "label" : "text";
  const Icon = kind === "bookmarks" ? Bookmark : MessageSquare;
  return (
    <div className="marks" data-testid={kind}>
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        if (!draft.trim()) return;
        map.set(crypto.randomUUID(), { t: Math.round(currentTime() * 1000), [field]: draft.trim().slice(0, 500), author: me.id, authorName: me.name });
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
          {marks.map(([id, mark]) => (
            <li key={id} data-testid="mark">
              <button type="button" className="time-chip" onClick={() => onSeek(mark.t / 1000)}
                aria-label={t("player.jumpTo", { time: formatClock(mark.t / 1000) })}>
                {formatClock(mark.t / 1000)}
              </button>
              <span className="mark-text">{mark.label ?? mark.text}</span>
              <span className="muted small">{mark.authorName}</span>
              {mark.author === me.id && (
                <IconButton className="small" label={t("marks.delete")} icon={<Trash2 size={16} aria-hidden />} onClick={() => map.delete(id)} />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

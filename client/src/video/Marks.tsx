import { useState } from "react";
import * as Y from "yjs";
import { useY } from "../collab/useDoc";
import { formatTime } from "./Player";

export interface Mark {
  t: number;
  label?: string;
  text?: string;
  author: string;
  authorName: string;
}

/** Bookmarks or comments at a video time; click one to seek there. */
export function Marks({ map, kind, currentTime, onSeek, me }: {
  map: Y.Map<Mark>;
  kind: "bookmarks" | "comments";
  currentTime: () => number;
  onSeek: (t: number) => void;
  me: { id: string; name: string };
}) {
  const [draft, setDraft] = useState("");
  const marks = useY(map, () => [...map.entries()].sort((a, b) => a[1].t - b[1].t));
  const field = kind === "bookmarks" ? "label" : "text";
  return (
    <div className="marks" data-testid={kind}>
      <form className="inline" onSubmit={(e) => {
        e.preventDefault();
        if (!draft.trim()) return;
        map.set(crypto.randomUUID(), { t: Math.round(currentTime() * 1000), [field]: draft.trim(), author: me.id, authorName: me.name });
        setDraft("");
      }}>
        <input aria-label={kind === "bookmarks" ? "Bookmark label" : "Comment"} value={draft}
          placeholder={kind === "bookmarks" ? "Bookmark this moment" : "Comment at this moment"}
          onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Add</button>
      </form>
      <ul className="list">
        {marks.map(([id, mark]) => (
          <li key={id}>
            <button className="link" onClick={() => onSeek(mark.t / 1000)}>{formatTime(mark.t / 1000)}</button>{" "}
            {mark.label ?? mark.text} <span className="muted">{mark.authorName}</span>
            {mark.author === me.id && <button className="link" aria-label="Delete" onClick={() => map.delete(id)}>×</button>}
          </li>
        ))}
      </ul>
    </div>
  );
}

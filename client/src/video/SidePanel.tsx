// The tabs beside the player (Radix Tabs: arrow keys move between tabs, full tabs pattern):
// the shared memo, private notes, snapshots, bookmarks, comments, history.
import * as Tabs from "@radix-ui/react-tabs";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import * as Y from "yjs";
import { get } from "../api/http";
import { keys } from "../api/query";
import type { Me, SpaceDetail } from "../api/types";
import { Loading } from "../ui/Loading";
import { Board } from "../board/Board";
import { useLayers, usePresenceNames } from "../draw/layers";
import { History } from "./History";
import { Marks, type Mark } from "./Marks";
import { Memo } from "./Memo";
import { ExportPanel } from "../notes/ExportPanel";
import { Snapshots } from "../notes/Snapshots";

const TABS = ["memo", "notes", "board", "snapshots", "bookmarks", "comments", "history", "export"] as const;
/** Tabs labelled from their own feature's messages. */
const LABELS: Partial<Record<(typeof TABS)[number], string>> = { board: "board.tab" };

export function SidePanel({ board, notes, docKey, spaceId, me, onSeek, currentTime, individualId }: {
  board: Y.Doc;
  notes: Y.Doc | null;
  docKey: string;
  /** The video's space: its participants name the authors of comments and bookmarks. */
  spaceId: string;
  me: Me;
  onSeek: (t: number) => void;
  currentTime: () => number;
  individualId?: string;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string>("memo");
  const layers = useLayers();
  const present = usePresenceNames(layers.live.shared?.provider);
  const space = useQuery({ queryKey: keys.space(spaceId), queryFn: () => get<SpaceDetail>(`/api/spaces/${spaceId}`) });
  // Names as the server knows people: the space's participants, and presence (newer) over them.
  const names = useMemo(() => {
    const byId = new Map<string, string>();
    space.data?.participants.forEach((p) => p.user && byId.set(p.user.id, p.user.name));
    present.forEach((name, id) => byId.set(id, name));
    return byId;
  }, [space.data, present]);
  const bookmarksOf = (layer: "private" | "shared") => layers.live[layer]?.doc.getMap<Mark>("bookmarks") ?? null;
  return (
    <Tabs.Root value={tab} onValueChange={setTab} className="side-panel" data-open-tab={tab}>
      <Tabs.List className="tabs" aria-label={t("room.panels")}>
        {TABS.map((tab) => <Tabs.Trigger key={tab} value={tab} className="tab" data-tab={tab}>{t(LABELS[tab] ?? `room.tabs.${tab}`)}</Tabs.Trigger>)}
      </Tabs.List>
      <Tabs.Content value="memo" className="tab-panel">
        <p className="muted small">{t("room.memoHint")}</p>
        <Memo text={board.getText("memo")} label={t("room.tabs.memo")} placeholder={t("room.memoPlaceholder")} testId="memo-shared"
          currentTime={currentTime} onSeek={onSeek} />
      </Tabs.Content>
      <Tabs.Content value="notes" className="tab-panel">
        <p className="muted small">{t("room.notesHint")}</p>
        {notes ? <Memo text={notes.getText("memo")} label={t("room.tabs.notes")} placeholder={t("room.notesPlaceholder")} testId="memo-notes"
          currentTime={currentTime} onSeek={onSeek} copyTo={board.getText("memo")} /> : <Loading />}
      </Tabs.Content>
      <Tabs.Content value="snapshots" className="tab-panel">
        {individualId ? <Snapshots individualId={individualId} notes={notes} onSeek={onSeek} onInserted={() => setTab("notes")} /> : <Loading />}
      </Tabs.Content>
      <Tabs.Content value="board" className="tab-panel">
        <Board me={me} />
      </Tabs.Content>
      <Tabs.Content value="bookmarks" className="tab-panel">
        <Marks map={layers.shown.shared ? board.getMap<Mark>("bookmarks") : null} kind="bookmarks" me={me} onSeek={onSeek} currentTime={currentTime}
          privateMap={layers.shown.private ? bookmarksOf("private") : null} write={bookmarksOf(layers.active)} names={names} />
      </Tabs.Content>
      <Tabs.Content value="comments" className="tab-panel">
        <Marks map={board.getMap<Mark>("comments")} kind="comments" me={me} onSeek={onSeek} currentTime={currentTime} names={names} />
      </Tabs.Content>
      <Tabs.Content value="history" className="tab-panel">
        <History docKey={docKey} doc={board} notes={notes && individualId ? { key: `note-${individualId}`, doc: notes } : null} />
      </Tabs.Content>
      <Tabs.Content value="export" className="tab-panel">
        {individualId ? <ExportPanel individualId={individualId} /> : <Loading />}
      </Tabs.Content>
    </Tabs.Root>
  );
}

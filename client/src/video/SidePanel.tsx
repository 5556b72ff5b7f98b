// The tabs beside the player (Radix Tabs: arrow keys move between tabs, full tabs pattern):
// the shared memo, private notes, bookmarks, comments, history.
import * as Tabs from "@radix-ui/react-tabs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import * as Y from "yjs";
import type { Me } from "../api/types";
import { Loading } from "../ui/Loading";
import { Board } from "../board/Board";
import { useLayers, usePresenceNames } from "../draw/layers";
import { History } from "./History";
import { Marks, type Mark } from "./Marks";
import { Memo } from "./Memo";

const TABS = ["memo", "notes", "board", "bookmarks", "comments", "history"] as const;
/** Tabs labelled from their own feature's messages. */
const LABELS: Partial<Record<(typeof TABS)[number], string>> = { board: "board.tab" };

export function SidePanel({ board, notes, docKey, me, onSeek, currentTime }: {
  board: Y.Doc;
  notes: Y.Doc | null;
  docKey: string;
  me: Me;
  onSeek: (t: number) => void;
  currentTime: () => number;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string>("memo");
  const layers = useLayers();
  const names = usePresenceNames(layers.live.shared?.provider);
  const bookmarksOf = (layer: "private" | "shared") => layers.live[layer]?.doc.getMap<Mark>("bookmarks") ?? null;
  return (
    <Tabs.Root value={tab} onValueChange={setTab} className="side-panel" data-tab={tab}>
      <Tabs.List className="tabs" aria-label={t("room.panels")}>
        {TABS.map((tab) => <Tabs.Trigger key={tab} value={tab} className="tab">{t(LABELS[tab] ?? `room.tabs.${tab}`)}</Tabs.Trigger>)}
      </Tabs.List>
      <Tabs.Content value="memo" className="tab-panel">
        <p className="muted small">{t("room.memoHint")}</p>
        <Memo text={board.getText("memo")} label={t("room.tabs.memo")} placeholder={t("room.memoPlaceholder")} testId="memo-shared" />
      </Tabs.Content>
      <Tabs.Content value="notes" className="tab-panel">
        <p className="muted small">{t("room.notesHint")}</p>
        {notes ? <Memo text={notes.getText("memo")} label={t("room.tabs.notes")} placeholder={t("room.notesPlaceholder")} testId="memo-notes" /> : <Loading />}
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
        <History docKey={docKey} doc={board} />
      </Tabs.Content>
    </Tabs.Root>
  );
}

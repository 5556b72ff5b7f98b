// The reader's snapshots of this video (frame + the drawings visible then), newest first:
// click one to seek to its time, insert it into my notes (as a `{snapshot: id}` embed the
// memo resolves to a signed URL whenever it is shown), or delete it after a confirmation.
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { Camera, FilePlus2, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import * as Y from "yjs";
import { errorMessage } from "../api/errors";
import { get, request } from "../api/http";
import type { Page, Snapshot } from "../api/types";
import { formatClock } from "../i18n/format";
import { Confirm } from "../ui/Confirm";
import { EmptyState } from "../ui/EmptyState";
import { ErrorNote } from "../ui/ErrorNote";
import { IconButton } from "../ui/IconButton";
import { Loading } from "../ui/Loading";
import { toast } from "../ui/toast";
import { forgetSnapshot } from "./snapshotUrl";

export type SnapshotItem = Snapshot;

export const snapshotsKey = (individualId: string) => ["snapshots", individualId] as const;

/** Appends a snapshot to a memo: its time as a chip, then the image, on a line of its own. */
export function insertSnapshot(memo: Y.Text, snapshot: SnapshotItem) {
  memo.doc!.transact(() => {
    let at = memo.length;
    const last = memo.toString().slice(-1);
    if (at > 0 && last !== "\n") {
      memo.insert(at, "\n");
      at += 1;
    }
    memo.insertEmbed(at, { timestamp: snapshot.video_time_ms });
    memo.insert(at + 1, " ");
    memo.insertEmbed(at + 2, { snapshot: snapshot.id });
    // A line of its own after the image, to go on writing below it.
    memo.insert(at + 3, "\n\n");
  });
}

export function Snapshots({ individualId, notes, onSeek, onInserted }: {
  individualId: string;
  notes: Y.Doc | null;
  onSeek: (seconds: number) => void;
  onInserted: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [deleting, setDeleting] = useState<SnapshotItem | null>(null);
  const query = useInfiniteQuery({
    queryKey: snapshotsKey(individualId),
    queryFn: ({ pageParam }) => get<Page<SnapshotItem>>(
      `/api/individual-videos/${individualId}/snapshots?limit=24${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 60_000,
  });
  if (query.error) return <ErrorNote message={errorMessage(query.error, t)} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  const items = query.data.pages.flatMap((p) => p.items);
  const remove = async (item: SnapshotItem) => {
    try {
      await request(`/api/snapshots/${item.id}`, { method: "DELETE" });
      forgetSnapshot(item.id);
      toast(t("snapshots.deleted"));
      await client.invalidateQueries({ queryKey: snapshotsKey(individualId) });
    } catch (e) {
      toast(errorMessage(e, t), "error");
    }
  };
  return (
    <div className="snapshots" data-testid="snapshots">
      <p className="muted small">{t("snapshots.hint")}</p>
      {items.length === 0 ? (
        <EmptyState icon={<Camera size={32} />} title={t("snapshots.emptyTitle")}>
          <p>{t("snapshots.emptyBody")}</p>
        </EmptyState>
      ) : (
        <ul className="snapshot-grid">
          {items.map((item) => {
            const time = formatClock(item.video_time_ms / 1000);
            return (
              <li key={item.id} className="snapshot-card" data-testid="snapshot" data-time-ms={item.video_time_ms}>
                <button type="button" className="snapshot-image" onClick={() => onSeek(item.video_time_ms / 1000)}
                  aria-label={t("player.jumpTo", { time })}>
                  <img src={item.url} alt={t("snapshots.alt", { time })} loading="lazy" />
                  <span className="time-chip">{time}</span>
                </button>
                <div className="snapshot-actions">
                  <button type="button" className="button small" disabled={!notes} data-testid="snapshot-insert" onClick={() => {
                    if (!notes) return;
                    insertSnapshot(notes.getText("memo"), item);
                    toast(t("snapshots.inserted"));
                    onInserted();
                  }}>
                    <FilePlus2 size={16} aria-hidden /> {t("snapshots.insert")}
                  </button>
                  <IconButton className="small" label={t("snapshots.delete")} icon={<Trash2 size={16} aria-hidden />}
                    data-testid="snapshot-delete" onClick={() => setDeleting(item)} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {query.hasNextPage && (
        <button type="button" className="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t("snapshots.more")}
        </button>
      )}
      <Confirm open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)} danger
        title={t("snapshots.confirmTitle", { time: deleting ? formatClock(deleting.video_time_ms / 1000) : "" })}
        confirmLabel={t("snapshots.delete")} onConfirm={() => { if (deleting) void remove(deleting); setDeleting(null); }}>
        <p>{t("snapshots.confirmBody")}</p>
      </Confirm>
    </div>
  );
}

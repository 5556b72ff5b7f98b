// The space's videos as cards, every one reachable: pages of 24 from
// `GET /api/spaces/{id}/videos` load as the reader scrolls (and with "Show more"), in the
// chosen order (newest, title, last studied by me). The host or the uploader deletes a video
// after confirming; a failed one says why and offers Retry only when a retry can help; an
// upload left unfinished can be removed.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Film, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, failureOf } from "../../api/errors";
import { get, send } from "../../api/http";
import { keys, queryClient } from "../../api/query";
import type { Me, Page, SpaceVideo, VideoSort } from "../../api/types";
import { Confirm } from "../../ui/Confirm";
import { EmptyState } from "../../ui/EmptyState";
import { ErrorNote } from "../../ui/ErrorNote";
import { IconButton } from "../../ui/IconButton";
import { Loading } from "../../ui/Loading";
import { toast } from "../../ui/toast";
import { useUploads } from "../../upload/store";
import { VideoCard } from "../VideoCard";

const PAGE = 24;
const SORTS: VideoSort[] = ["newest", "title", "last_studied"];
const SORT_KEY = "vivid.spaceSort";

function storedSort(): VideoSort {
  try {
    const value = localStorage.getItem(SORT_KEY);
    return SORTS.includes(value as VideoSort) ? (value as VideoSort) : "newest";
  } catch {
    return "newest";
  }
}

export function VideoList({ spaceId, isHost, me }: { spaceId: string; isHost: boolean; me: Me }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<VideoSort>(storedSort);
  const uploads = useUploads(spaceId);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<SpaceVideo | null>(null);
  const query = useInfiniteQuery({
    queryKey: keys.spaceVideos(spaceId, sort),
    queryFn: ({ pageParam }) =>
      get<Page<SpaceVideo>>(`/api/spaces/${spaceId}/videos?sort=${sort}&limit=${PAGE}${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  // Infinite scroll: the next page loads when the end of the list comes into view.
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = end.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: "400px" });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.spaceVideos(spaceId) });
    void queryClient.invalidateQueries({ queryKey: keys.space(spaceId) });
  };
  const act = (method: string, path: string) =>
    send(method, path).then(refresh).catch((e) => setError(errorMessage(e, t)));
  const remove = (video: SpaceVideo) =>
    send("DELETE", `/api/videos/${video.id}`)
      .then(() => { toast(t("space.videoDeleted", { title: video.title })); refresh(); })
      .catch((e) => setError(errorMessage(e, t)));
  const choose = (next: VideoSort) => {
    setSort(next);
    try { localStorage.setItem(SORT_KEY, next); } catch { /* private mode: the choice lasts this visit */ }
  };

  const videos = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="videos-section" aria-labelledby="videos-title">
      <div className="section-head">
        <h2 id="videos-title">{t("space.videos")}</h2>
        <label className="sort">
          <span>{t("space.sort.label")}</span>
          <select value={sort} onChange={(e) => choose(e.target.value as VideoSort)} data-testid="sort">
            {SORTS.map((value) => <option key={value} value={value}>{t(`space.sort.${value}`)}</option>)}
          </select>
        </label>
      </div>
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      {query.error && <ErrorNote message={errorMessage(query.error, t)} onRetry={() => void query.refetch()} />}
      {query.isPending ? <Loading /> : videos.length === 0 ? (
        <EmptyState icon={<Film size={40} />} title={t("space.emptyTitle")}>
          <p>{t("space.emptyBody")}</p>
        </EmptyState>
      ) : (
        <ul className="video-grid videos" data-testid="videos">
          {videos.map((video) => {
            const mine = isHost || video.uploader_id === me.id;
            const failure = video.status === "failed" ? failureOf(video.status_reason, t) : null;
            const sendingHere = uploads.some((u) => u.transfer?.video.id === video.id);
            const abandoned = video.status === "awaiting_upload" && !sendingHere && video.uploader_id === me.id;
            const study = { progress: video.progress_percent, lastAccessedAt: video.last_accessed_at };
            const action = mine && !failure && !abandoned ? (
              <IconButton label={t("space.deleteVideo", { title: video.title })} icon={<Trash2 size={18} aria-hidden />}
                onClick={() => setDeleting(video)} />
            ) : undefined;
            return (
              <VideoCard key={video.id} video={video} study={study} action={action}>
                {video.status === "transcoding" && video.percent > 0 && (
                  <progress max={100} value={video.percent} aria-label={t("status.transcoding", { percent: video.percent })} />
                )}
                {failure && (
                  <div className="card-note error-text">
                    <span>{failure.message}</span>
                    {mine && (
                      <span className="card-actions">
                        {!failure.permanent && (
                          <button className="button small" onClick={() => void act("POST", `/api/videos/${video.id}/retry`)}>{t("common.retry")}</button>
                        )}
                        <button className="button small" onClick={() => void act("DELETE", `/api/videos/${video.id}`)}>{t("common.remove")}</button>
                      </span>
                    )}
                  </div>
                )}
                {abandoned && (
                  <div className="card-note">
                    <span className="muted">{t("upload.interrupted")}</span>
                    <button className="button small" onClick={() => void act("DELETE", `/api/videos/${video.id}`)}>{t("common.remove")}</button>
                  </div>
                )}
              </VideoCard>
            );
          })}
        </ul>
      )}
      <div ref={end} className="list-end">
        {hasNextPage && (
          <button className="button" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            {isFetchingNextPage ? t("common.loading") : t("common.more")}
          </button>
        )}
      </div>
      <Confirm open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)} danger
        title={t("space.deleteVideoTitle", { title: deleting?.title ?? "" })} confirmLabel={t("space.deleteVideoConfirm")}
        onConfirm={() => deleting && void remove(deleting)}>
        <p>{t("space.deleteVideoBody")}</p>
      </Confirm>
    </section>
  );
}

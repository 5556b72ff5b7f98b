// The space's videos as cards; a failed one says why in words and offers Retry only when a
// retry can help; an upload left unfinished can be removed.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, failureOf } from "../../api/errors";
import { send } from "../../api/http";
import { keys, queryClient } from "../../api/query";
import type { Me, Video } from "../../api/types";
import { ErrorNote } from "../../ui/ErrorNote";
import { useUploads } from "../../upload/store";
import { VideoCard } from "../VideoCard";

export function VideoList({ videos, isHost, me }: { videos: Video[]; isHost: boolean; me: Me }) {
  const { t } = useTranslation();
  const uploads = useUploads(videos[0]?.space_id ?? "");
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.space(videos[0].space_id) });
  const act = (method: string, path: string) =>
    send(method, path).then(refresh).catch((e) => setError(errorMessage(e, t)));
  return (
    <>
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      <ul className="video-grid videos">
        {videos.map((video) => {
          const mine = isHost || video.uploader_id === me.id;
          const failure = video.status === "failed" ? failureOf(video.status_reason, t) : null;
          const sendingHere = uploads.some((u) => u.transfer?.video.id === video.id);
          const abandoned = video.status === "awaiting_upload" && !sendingHere && video.uploader_id === me.id;
          return (
            <VideoCard key={video.id} video={video}>
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
    </>
  );
}

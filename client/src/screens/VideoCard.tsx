// A video as a card: its poster (from the playback answer once it is ready), title, status,
// length and, where known, how much of it the reader has watched.
import { useQuery } from "@tanstack/react-query";
import { Film } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { get } from "../api/http";
import type { Playback, Video } from "../api/types";
import { formatClock, formatDuration } from "../i18n/format";
import { StatusBadge } from "./StatusBadge";

export function VideoCard({ video, progress, children }: { video: Video; progress?: number; children?: ReactNode }) {
  const { t } = useTranslation();
  const playback = useQuery({
    queryKey: ["poster", video.id],
    queryFn: () => get<Playback>(`/api/videos/${video.id}/playback`),
    enabled: video.status === "ready",
    staleTime: 10 * 60_000,
    retry: false,
  });
  const poster = playback.data?.poster_url;
  return (
    <li className="video-card card" data-testid="video" data-status={video.status}>
      <Link to={`/videos/${video.id}`} className="video-card-link">
        <span className="poster">
          {poster ? <img src={poster} alt="" loading="lazy" /> : <Film size={32} aria-hidden />}
          {video.duration_ms ? <span className="duration"><span aria-hidden="true">{formatClock(video.duration_ms / 1000)}</span><span className="visually-hidden">{formatDuration(video.duration_ms)}</span></span> : null}
        </span>
        <span className="video-card-title">{video.title}</span>
      </Link>
      <div className="video-card-meta">
        <StatusBadge video={video} />
        {progress !== undefined && video.status === "ready" && (
          <span className="progress-line" aria-label={t("video.watched", { percent: progress })}>
            <span style={{ width: `${progress}%` }} />
          </span>
        )}
      </div>
      {children}
    </li>
  );
}

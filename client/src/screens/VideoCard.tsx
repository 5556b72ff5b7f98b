// A video as a card: its poster (the signed `thumbnail_url` the list carries; a film icon
// until transcoding made one), length, title, status while it is not ready, and — for the
// reader's own study state — a progress bar with "n% watched" and when they last studied it.
import { Film } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Video } from "../api/types";
import { formatClock, formatDuration, formatRelative } from "../i18n/format";
import { StatusBadge } from "./StatusBadge";

/** The reader's own state of a video. */
export interface Study {
  progress: number;
  lastAccessedAt: string | null | undefined;
}

export function Poster({ video }: { video: Pick<Video, "thumbnail_url" | "duration_ms"> }) {
  return (
    <span className="poster">
      {video.thumbnail_url ? <img src={video.thumbnail_url} alt="" loading="lazy" /> : <Film size={32} aria-hidden />}
      {video.duration_ms ? (
        <span className="duration">
          <span aria-hidden="true">{formatClock(video.duration_ms / 1000)}</span>
          <span className="visually-hidden">{formatDuration(video.duration_ms)}</span>
        </span>
      ) : null}
    </span>
  );
}

/** "40% watched" with a bar once started, and "Studied 5 minutes ago" / "Not started yet". */
export function StudyLine({ study }: { study: Study }) {
  const { t } = useTranslation();
  const label = study.progress >= 100 ? t("video.completed") : t("video.watched", { percent: study.progress });
  return (
    <span className="study" data-testid="study" data-progress={study.progress}>
      {study.progress > 0 && (
        <span className="study-line">
          <span className="progress-line" role="progressbar" aria-valuemin={0} aria-valuemax={100}
            aria-valuenow={study.progress} aria-label={label}>
            <span style={{ width: `${study.progress}%` }} />
          </span>
          <span className={`small ${study.progress >= 100 ? "done" : ""}`}>{label}</span>
        </span>
      )}
      {study.lastAccessedAt
        ? <span className="muted small">{t("video.studiedAt", { when: formatRelative(study.lastAccessedAt) })}</span>
        : study.progress === 0 && <span className="muted small">{t("video.notStarted")}</span>}
    </span>
  );
}

export function VideoCard({ video, study, action, children }: {
  video: Video;
  study?: Study;
  /** A button in the card's corner (delete). */
  action?: ReactNode;
  children?: ReactNode;
}) {
  const ready = video.status === "ready";
  return (
    <li className="video-card card" data-testid="video" data-status={video.status} data-id={video.id}>
      <Link to={`/videos/${video.id}`} className="video-card-link">
        <Poster video={video} />
        <span className="video-card-title">{video.title}</span>
      </Link>
      {action && <span className="video-card-action">{action}</span>}
      <div className="video-card-meta">
        {!ready && <StatusBadge video={video} />}
        {ready && study && <StudyLine study={study} />}
      </div>
      {children}
    </li>
  );
}

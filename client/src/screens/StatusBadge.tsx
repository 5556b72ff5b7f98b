// A video's status as a coloured badge: waiting for upload, queued (with its place in line),
// converting n %, ready, failed.
import { useTranslation } from "react-i18next";
import type { Video } from "../api/types";

export function StatusBadge({ video }: { video: Pick<Video, "status" | "percent" | "queue_position"> }) {
  const { t } = useTranslation();
  // A job waiting for a transcoder is `transcoding` at 0 % with its place in the queue.
  const queued = video.status === "uploaded" || (video.status === "transcoding" && video.percent === 0);
  const label = queued && video.queue_position ? t("status.queuedAt", { position: video.queue_position })
    : queued ? t("status.queued")
    : video.status === "transcoding" ? t("status.transcoding", { percent: video.percent })
    : t(`status.${video.status}`);
  return (
    <span className={`badge ${queued ? "queued" : video.status}`} data-testid="status" data-status={video.status}>
      {label}
    </span>
  );
}

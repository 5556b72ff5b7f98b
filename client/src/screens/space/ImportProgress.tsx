// The imports started from this panel: the copy's progress from `import_progress` events,
// then the video's own status (converting, ready, failed with the reason); a copy in progress
// can be cancelled (`DELETE /api/videos/{id}/import`).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/errors";
import { send } from "../../api/http";
import { onLibraryEvent } from "../../api/query";
import { formatBytes } from "../../i18n/format";
import { ErrorNote } from "../../ui/ErrorNote";

export interface StartedImport {
  videoId: string;
  title: string;
  total: number | null;
}

interface Progress {
  received: number;
  total: number | null;
  status: string;
  reason: string | null;
}

export function ImportProgress({ imports, onDismiss }: { imports: StartedImport[]; onDismiss: (videoId: string) => void }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<Record<string, Progress>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => onLibraryEvent((name, event) => {
    const id = event.video_id;
    if (!id) return;
    if (name === "import_progress") {
      setProgress((old) => ({ ...old, [id]: {
        ...(old[id] ?? { status: "copying", reason: null }),
        received: event.received_bytes ?? 0, total: event.total_bytes ?? null,
      } }));
    } else if (name === "video_status" && event.status) {
      setProgress((old) => ({ ...old, [id]: {
        ...(old[id] ?? { received: 0, total: null }), status: event.status!, reason: event.reason ?? null,
      } }));
    }
  }), []);
  if (imports.length === 0) return null;
  const cancel = (videoId: string) => send("DELETE", `/api/videos/${videoId}/import`).catch((e: unknown) => setError(errorMessage(e, t)));
  return (
    <ul className="uploads imports" aria-label={t("recordings.importsLabel")}>
      {imports.map((item) => {
        const p = progress[item.videoId] ?? { received: 0, total: item.total, status: "copying", reason: null };
        const total = p.total ?? item.total;
        const copying = p.status === "copying" || p.status === "awaiting_upload";
        const finished = p.status === "ready" || p.status === "failed";
        return (
          <li key={item.videoId} className="upload card" data-testid="import" data-state={p.status}>
            <div className="upload-line">
              <span className="upload-name">{item.title}</span>
              <span className="muted small">{total ? `${formatBytes(p.received)} / ${formatBytes(total)}` : formatBytes(p.received)}</span>
            </div>
            {copying && (
              <div className="upload-line">
                <progress max={total ?? 1} value={total ? p.received : undefined} aria-label={t("recordings.progress", { title: item.title })} />
                <span className="small">{total ? `${Math.min(100, Math.round((p.received / total) * 100))}%` : ""}</span>
                <button className="button small" onClick={() => void cancel(item.videoId)}>{t("common.cancel")}</button>
              </div>
            )}
            {!copying && (
              <div className="upload-line">
                <span className={`badge ${p.status}`}>{t(`recordings.state.${p.status === "failed" || p.status === "ready" ? p.status : "converting"}`)}</span>
                {p.status === "failed" && p.reason && <span className="small muted">{p.reason}</span>}
                {finished && <button className="button small" onClick={() => onDismiss(item.videoId)}>{t("recordings.dismiss")}</button>}
              </div>
            )}
          </li>
        );
      })}
      {error && <li><ErrorNote message={error} onDismiss={() => setError(null)} /></li>}
    </ul>
  );
}

// The drop zone and the uploads of this space: progress, cancel, resume after a network
// failure, and errors in words that can be dismissed (no retry for files that can never go).
import { UploadCloud } from "lucide-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, isPermanent } from "../../api/errors";
import { formatBytes } from "../../i18n/format";
import { ErrorNote } from "../../ui/ErrorNote";
import { cancel, dismiss, resume, startUploads, useUploads } from "../../upload/store";

export function Uploads({ spaceId }: { spaceId: string }) {
  const { t } = useTranslation();
  const uploads = useUploads(spaceId);
  const fileInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <>
      <div className={`dropzone ${over ? "over" : ""}`} data-testid="dropzone"
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void startUploads(spaceId, Array.from(e.dataTransfer.files));
        }}>
        <UploadCloud size={32} aria-hidden />
        <p>{t("upload.drop")}</p>
        <button className="button primary" onClick={() => fileInput.current?.click()}>{t("upload.choose")}</button>
        <input ref={fileInput} type="file" accept="video/*" multiple hidden aria-label={t("upload.inputLabel")}
          onChange={(e) => {
            if (e.target.files) void startUploads(spaceId, Array.from(e.target.files));
            e.target.value = "";
          }} />
      </div>
      {uploads.length > 0 && (
        <ul className="uploads" aria-label={t("upload.listLabel")}>
          {uploads.map((row) => (
            <li key={row.key} className="upload card" data-testid="upload" data-state={row.state}>
              <div className="upload-line">
                <span className="upload-name">{row.name}</span>
                {row.transfer && <span className="muted small">{formatBytes(row.transfer.file.size)}</span>}
              </div>
              {row.state === "sending" && (
                <div className="upload-line">
                  <progress max={1} value={row.fraction} aria-label={t("upload.progress", { name: row.name })} />
                  <span className="small">{Math.round(row.fraction * 100)}%</span>
                  <button className="button small" onClick={() => cancel(row)}>{t("common.cancel")}</button>
                </div>
              )}
              {row.state === "failed" && (
                <ErrorNote message={errorMessage(row.error, t)} onDismiss={() => dismiss(row)}
                  onRetry={!isPermanent(row.error) && row.transfer?.resumable ? () => resume(row) : undefined} />
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

// "Export notes": my notes, the shared notes or both, as a PDF or a Markdown bundle (a zip
// with the images), built by the server (`POST /api/individual-videos/{id}/export`). The
// bar shows the two phases: preparing (the server renders drawings and lays the pages
// out) and downloading (by the answer's Content-Length).
import { Download, FileText } from "lucide-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api/errors";
import { request } from "../api/http";
import type { ExportRequest } from "../api/types";
import { ErrorNote } from "../ui/ErrorNote";

type Format = ExportRequest["format"];
type Layers = ExportRequest["layers"];
type Phase = { kind: "idle" } | { kind: "preparing" } | { kind: "downloading"; percent: number | null } | { kind: "done"; url: string; name: string } | { kind: "failed"; error: unknown };

function fileName(disposition: string | null, fallback: string): string {
  const star = disposition?.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

export function ExportPanel({ individualId }: { individualId: string }) {
  const { t, i18n } = useTranslation();
  const [format, setFormat] = useState<Format>("pdf");
  const [layers, setLayers] = useState<Layers>("both");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const link = useRef<HTMLAnchorElement>(null);
  const busy = phase.kind === "preparing" || phase.kind === "downloading";

  const run = async () => {
    if (phase.kind === "done") URL.revokeObjectURL(phase.url);
    setPhase({ kind: "preparing" });
    try {
      const response = await request(`/api/individual-videos/${individualId}/export`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ format, layers, locale: i18n.language === "ko" ? "ko" : "en" } satisfies ExportRequest),
      });
      const total = Number(response.headers.get("content-length")) || 0;
      setPhase({ kind: "downloading", percent: total ? 0 : null });
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        if (total) setPhase({ kind: "downloading", percent: Math.min(100, Math.round((received / total) * 100)) });
      }
      const type = format === "pdf" ? "application/pdf" : "application/zip";
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type }));
      const name = fileName(response.headers.get("content-disposition"), format === "pdf" ? "notes.pdf" : "notes.zip");
      setPhase({ kind: "done", url, name });
      setTimeout(() => link.current?.click(), 0);
    } catch (error) {
      setPhase({ kind: "failed", error });
    }
  };

  const option = <T extends string>(group: string, value: T, current: T, set: (v: T) => void, label: string, hint?: string) => (
    <label className={`choice ${current === value ? "chosen" : ""}`}>
      <input type="radio" name={group} value={value} checked={current === value} onChange={() => set(value)} disabled={busy} />
      <span><strong>{label}</strong>{hint && <span className="muted small">{hint}</span>}</span>
    </label>
  );

  return (
    <div className="export-panel" data-testid="export">
      <p className="muted small">{t("export.hint")}</p>
      <fieldset>
        <legend>{t("export.what")}</legend>
        {option("layers", "private", layers, setLayers, t("export.private"), t("export.privateHint"))}
        {option("layers", "shared", layers, setLayers, t("export.shared"), t("export.sharedHint"))}
        {option("layers", "both", layers, setLayers, t("export.both"))}
      </fieldset>
      <fieldset>
        <legend>{t("export.format")}</legend>
        {option("format", "pdf", format, setFormat, t("export.pdf"), t("export.pdfHint"))}
        {option("format", "markdown", format, setFormat, t("export.markdown"), t("export.markdownHint"))}
      </fieldset>
      <button type="button" className="button primary" onClick={() => void run()} disabled={busy} data-testid="export-run">
        <FileText size={18} aria-hidden /> {t("export.run")}
      </button>
      {busy && (
        <div className="export-progress" role="status" data-testid="export-progress">
          <span>{phase.kind === "preparing" ? t("export.preparing") : t("export.downloading")}</span>
          {phase.kind === "downloading" && phase.percent !== null
            ? <progress max={100} value={phase.percent} aria-label={t("export.downloading")} />
            : <progress aria-label={t("export.preparing")} />}
        </div>
      )}
      {phase.kind === "done" && (
        <p className="export-done" role="status">
          {t("export.ready")}{" "}
          <a ref={link} href={phase.url} download={phase.name} data-testid="export-download">
            <Download size={16} aria-hidden /> {phase.name}
          </a>
        </p>
      )}
      {phase.kind === "failed" && <ErrorNote message={errorMessage(phase.error, t)} onRetry={() => void run()} />}
    </div>
  );
}

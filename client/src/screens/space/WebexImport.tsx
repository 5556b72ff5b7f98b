// Import from Webex, shown when the server has Webex configured: connect, list recordings,
// import one into this space.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/errors";
import { get, send } from "../../api/http";
import { keys } from "../../api/query";
import type { Page } from "../../api/types";
import { formatDate } from "../../i18n/format";
import { ErrorNote } from "../../ui/ErrorNote";
import { toast } from "../../ui/toast";

interface Recording { id: string; topic: string; createTime?: string; durationSeconds?: number }

export function WebexImport({ spaceId }: { spaceId: string }) {
  const { t } = useTranslation();
  const status = useQuery({ queryKey: keys.webex, queryFn: () => get<{ configured: boolean; connected: boolean }>("/api/integrations/webex") });
  const [recordings, setRecordings] = useState<Recording[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!status.data?.configured) return null;
  const fail = (e: unknown) => setError(errorMessage(e, t));
  const connect = () =>
    get<{ authorize_url: string }>("/api/integrations/webex/connect").then(({ authorize_url }) => { location.href = authorize_url; }).catch(fail);
  return (
    <section className="card webex">
      <h2>{t("webex.title")}</h2>
      {!status.data.connected && <button className="button" onClick={() => void connect()}>{t("webex.connect")}</button>}
      {status.data.connected && recordings === null && (
        <button className="button" onClick={() => void get<Page<Recording>>("/api/integrations/webex/recordings?limit=20").then((p) => setRecordings(p.items)).catch(fail)}>
          {t("webex.show")}
        </button>
      )}
      <ul className="people">
        {recordings?.map((r) => (
          <li key={r.id}>
            <span className="person">
              <span>{r.topic}</span>
              {r.createTime && <span className="muted small">{formatDate(r.createTime)}</span>}
            </span>
            <button className="button small" onClick={() => void send("POST", `/api/spaces/${spaceId}/imports/webex`, { recordingId: r.id, title: r.topic })
              .then(() => toast(t("webex.importing", { topic: r.topic })))
              .catch(fail)}>{t("webex.import")}</button>
          </li>
        ))}
      </ul>
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
    </section>
  );
}

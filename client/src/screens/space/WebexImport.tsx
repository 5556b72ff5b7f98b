// Import from Webex, shown when the server has Webex configured: connect, then list the
// recordings of a date range (the last 7 days at first; Webex allows at most 30 days at once)
// page by page, and import one into this space.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { CalendarRange, Download } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/errors";
import { get, send } from "../../api/http";
import { keys } from "../../api/query";
import type { Page, Recording } from "../../api/types";
import { formatDate, formatDuration } from "../../i18n/format";
import { ErrorNote } from "../../ui/ErrorNote";
import { toast } from "../../ui/toast";

const DAY = 86_400_000;
const MAX_DAYS = 30;

/** A `<input type=date>` value (local calendar day) `days` before today. */
function dayInput(daysAgo: number): string {
  const at = new Date(Date.now() - daysAgo * DAY);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, "0")}-${String(at.getDate()).padStart(2, "0")}`;
}

/** The local start of a day as an instant, `plusDays` later. */
function startOf(day: string, plusDays = 0): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d + plusDays);
}

export function WebexImport({ spaceId }: { spaceId: string }) {
  const { t } = useTranslation();
  const status = useQuery({ queryKey: keys.webex, queryFn: () => get<{ configured: boolean; connected: boolean }>("/api/integrations/webex") });
  const [from, setFrom] = useState(() => dayInput(7));
  const [to, setTo] = useState(() => dayInput(0));
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [imported, setImported] = useState<Set<string>>(new Set());
  const recordings = useInfiniteQuery({
    queryKey: ["webex-recordings", range?.from, range?.to],
    enabled: range !== null,
    queryFn: ({ pageParam }) => {
      const query = pageParam
        ? `cursor=${pageParam}`
        : `limit=20&from=${encodeURIComponent(range!.from)}&to=${encodeURIComponent(range!.to)}`;
      return get<Page<Recording>>(`/api/integrations/webex/recordings?${query}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  if (!status.data?.configured) return null;
  const fail = (e: unknown) => setError(errorMessage(e, t));
  const connect = () =>
    get<{ authorize_url: string }>("/api/integrations/webex/connect").then(({ authorize_url }) => { location.href = authorize_url; }).catch(fail);

  const show = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const start = startOf(from);
    const end = startOf(to, 1);
    if (end <= start) return setError(t("webex.rangeBackwards"));
    if (end.getTime() - start.getTime() > MAX_DAYS * DAY) return setError(t("webex.rangeTooLong", { days: MAX_DAYS }));
    setRange({ from: start.toISOString(), to: end.toISOString() });
  };
  const importOne = (r: Recording) =>
    send("POST", `/api/spaces/${spaceId}/imports/webex`, { recordingId: r.id, title: r.topic || t("webex.untitled") })
      .then(() => { toast(t("webex.importing", { topic: r.topic })); setImported((old) => new Set(old).add(r.id)); })
      .catch(fail);

  const items = recordings.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card webex" aria-labelledby="webex-title">
      <h2 id="webex-title">{t("webex.title")}</h2>
      {!status.data.connected ? (
        <>
          <p className="muted small">{t("webex.connectHint")}</p>
          <button className="button" onClick={() => void connect()}>{t("webex.connect")}</button>
        </>
      ) : (
        <form className="webex-range" onSubmit={show}>
          <label className="field"><span>{t("webex.from")}</span>
            <input type="date" value={from} max={to} required onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label className="field"><span>{t("webex.to")}</span>
            <input type="date" value={to} min={from} required onChange={(e) => setTo(e.target.value)} />
          </label>
          <button type="submit" className="button"><CalendarRange size={16} aria-hidden />{t("webex.show")}</button>
        </form>
      )}
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      {recordings.error && <ErrorNote message={errorMessage(recordings.error, t)} onRetry={() => void recordings.refetch()} />}
      {range && recordings.data && items.length === 0 && <p className="muted small">{t("webex.none")}</p>}
      {items.length > 0 && (
        <ul className="people recordings">
          {items.map((r) => (
            <li key={r.id} data-testid="recording">
              <span className="person">
                <span>{r.topic || t("webex.untitled")}</span>
                <span className="muted small">
                  {[r.createTime && formatDate(r.createTime), r.durationSeconds && formatDuration(r.durationSeconds * 1000)].filter(Boolean).join(" · ")}
                </span>
              </span>
              <button className="button small" disabled={imported.has(r.id)} onClick={() => void importOne(r)}>
                <Download size={14} aria-hidden />{imported.has(r.id) ? t("webex.imported") : t("webex.import")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {recordings.hasNextPage && (
        <button className="button" disabled={recordings.isFetchingNextPage} onClick={() => void recordings.fetchNextPage()}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}

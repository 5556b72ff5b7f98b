// Import from a recording provider (Webex, Zoom), shown when the server has at least one
// configured: a picker for the provider, then connect, list the recordings of a date range
// (the last 7 days at first; at most 30 days at once) page by page, and import one into this
// space. Imports started here show their copy's progress (ImportProgress).
import * as Tabs from "@radix-ui/react-tabs";
import { useInfiniteQuery, useQueries } from "@tanstack/react-query";
import { CalendarRange, Download, Unplug } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/errors";
import { get, request, send } from "../../api/http";
import { PROVIDER_NAMES, PROVIDERS, rememberReturn, type IntegrationStatus, type Provider } from "../../api/integrations";
import { keys, queryClient } from "../../api/query";
import type { Page, Recording, Video } from "../../api/types";
import { formatBytes, formatDate, formatDuration } from "../../i18n/format";
import { ErrorNote } from "../../ui/ErrorNote";
import { toast } from "../../ui/toast";
import { ImportProgress, type StartedImport } from "./ImportProgress";

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

export function RecordingImport({ spaceId }: { spaceId: string }) {
  const { t } = useTranslation();
  const statuses = useQueries({
    queries: PROVIDERS.map((provider) => ({
      queryKey: keys.integration(provider),
      queryFn: () => get<IntegrationStatus>(`/api/integrations/${provider}`),
    })),
  });
  const configured = PROVIDERS.filter((_, i) => statuses[i].data?.configured);
  const [chosen, setChosen] = useState<Provider | null>(null);
  const [started, setStarted] = useState<StartedImport[]>([]);
  if (configured.length === 0) return null;
  const provider = chosen && configured.includes(chosen) ? chosen : configured[0];
  const onStarted = (item: StartedImport) => setStarted((old) => [item, ...old]);
  return (
    <section className="card recordings-import" aria-labelledby="recordings-title">
      <h2 id="recordings-title">{t("recordings.title")}</h2>
      <Tabs.Root value={provider} onValueChange={(value) => setChosen(value as Provider)}>
        <Tabs.List className="tabs provider-tabs" aria-label={t("recordings.provider")}>
          {configured.map((name) => (
            <Tabs.Trigger key={name} value={name} className="tab" data-provider={name}>{PROVIDER_NAMES[name]}</Tabs.Trigger>
          ))}
        </Tabs.List>
        {configured.map((name) => (
          <Tabs.Content key={name} value={name} className="tab-panel">
            <ProviderPanel provider={name} spaceId={spaceId}
              status={statuses[PROVIDERS.indexOf(name)].data!} onStarted={onStarted} />
          </Tabs.Content>
        ))}
      </Tabs.Root>
      <ImportProgress imports={started} onDismiss={(id) => setStarted((old) => old.filter((i) => i.videoId !== id))} />
    </section>
  );
}

function ProviderPanel({ provider, spaceId, status, onStarted }: {
  provider: Provider; spaceId: string; status: IntegrationStatus; onStarted: (item: StartedImport) => void;
}) {
  const { t } = useTranslation();
  const name = PROVIDER_NAMES[provider];
  const [from, setFrom] = useState(() => dayInput(7));
  const [to, setTo] = useState(() => dayInput(0));
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [imported, setImported] = useState<Set<string>>(new Set());
  const recordings = useInfiniteQuery({
    queryKey: ["recordings", provider, range?.from, range?.to],
    enabled: range !== null && status.connected,
    queryFn: ({ pageParam }) => {
      const query = pageParam
        ? `cursor=${pageParam}`
        : `limit=20&from=${encodeURIComponent(range!.from)}&to=${encodeURIComponent(range!.to)}`;
      return get<Page<Recording>>(`/api/integrations/${provider}/recordings?${query}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const fail = (e: unknown) => setError(errorMessage(e, t));
  const connect = () => {
    rememberReturn(`/spaces/${spaceId}`);
    // Asked for JSON: without it the server answers with a redirect to the provider, which
    // fetch would follow (and CORS refuse) instead of the page.
    request(`/api/integrations/${provider}/connect`, { headers: { accept: "application/json" } })
      .then((response) => response.json() as Promise<{ authorize_url: string }>)
      .then(({ authorize_url }) => { location.href = authorize_url; })
      .catch(fail);
  };
  const disconnect = () =>
    send("DELETE", `/api/integrations/${provider}`)
      .then(() => { setRange(null); void queryClient.invalidateQueries({ queryKey: keys.integration(provider) }); })
      .catch(fail);
  const show = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const start = startOf(from);
    const end = startOf(to, 1);
    if (end <= start) return setError(t("recordings.rangeBackwards"));
    if (end.getTime() - start.getTime() > MAX_DAYS * DAY) return setError(t("recordings.rangeTooLong", { days: MAX_DAYS }));
    setRange({ from: start.toISOString(), to: end.toISOString() });
  };
  const importOne = (r: Recording) => {
    const title = r.topic || t("recordings.untitled", { provider: name });
    send<Video>("POST", `/api/spaces/${spaceId}/imports/${provider}`, { recordingId: r.id, title })
      .then((video) => {
        toast(t("recordings.importing", { topic: title }));
        setImported((old) => new Set(old).add(r.id));
        onStarted({ videoId: video.id, title, total: r.sizeBytes ?? null });
      })
      .catch((e: unknown) => {
        fail(e);
        // A revoked grant: the panel offers to connect again.
        void queryClient.invalidateQueries({ queryKey: keys.integration(provider) });
      });
  };

  const items = recordings.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div data-testid={`provider-${provider}`}>
      {!status.connected ? (
        <>
          <p className="muted small">{t("recordings.connectHint", { provider: name })}</p>
          <button className="button primary" onClick={connect}>{t("recordings.connect", { provider: name })}</button>
        </>
      ) : (
        <>
          <div className="recordings-account">
            <p className="muted small">{t("recordings.connectedAs", { provider: name })}</p>
            <button className="button small" onClick={() => void disconnect()}>
              <Unplug size={14} aria-hidden />{t("recordings.disconnect")}
            </button>
          </div>
          <form className="recordings-range" onSubmit={show}>
            <label className="field"><span>{t("recordings.from")}</span>
              <input type="date" value={from} max={to} required onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label className="field"><span>{t("recordings.to")}</span>
              <input type="date" value={to} min={from} required onChange={(e) => setTo(e.target.value)} />
            </label>
            <button type="submit" className="button"><CalendarRange size={16} aria-hidden />{t("recordings.show")}</button>
          </form>
        </>
      )}
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      {recordings.error && <ErrorNote message={errorMessage(recordings.error, t)} onRetry={() => void recordings.refetch()} />}
      {range && recordings.data && items.length === 0 && <p className="muted small">{t("recordings.none")}</p>}
      {items.length > 0 && (
        <ul className="people recordings" aria-label={t("recordings.listLabel", { provider: name })}>
          {items.map((r) => (
            <li key={r.id} data-testid="recording">
              <span className="person">
                <span>{r.topic || t("recordings.untitled", { provider: name })}</span>
                <span className="muted small">
                  {[
                    r.createTime && formatDate(r.createTime),
                    r.durationSeconds && formatDuration(r.durationSeconds * 1000),
                    r.sizeBytes && formatBytes(r.sizeBytes),
                  ].filter(Boolean).join(" · ")}
                </span>
              </span>
              {r.processing ? (
                <span className="badge queued">{t("recordings.processing")}</span>
              ) : (
                <button className="button small" disabled={imported.has(r.id)} onClick={() => importOne(r)}>
                  <Download size={14} aria-hidden />{imported.has(r.id) ? t("recordings.imported") : t("recordings.import")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {recordings.hasNextPage && (
        <button className="button" disabled={recordings.isFetchingNextPage} onClick={() => void recordings.fetchNextPage()}>
          {t("common.more")}
        </button>
      )}
    </div>
  );
}

// Search results (/search?q=…): every passage the reader can see that holds the query —
// video titles and descriptions, the shared memo, comments and bookmarks, their own notes —
// with its video, space, layer and a snippet whose matches are marked (plain text parts from
// the server, rendered as text: never HTML). A hit opens its video at the passage's time.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Bookmark, FileText, Lock, MessageSquare, Search, StickyNote, Type, Users } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import { errorMessage } from "../api/errors";
import { get } from "../api/http";
import type { Page, SearchHit } from "../api/types";
import { formatClock } from "../i18n/format";
import { EmptyState } from "../ui/EmptyState";
import { ErrorNote } from "../ui/ErrorNote";
import { Loading } from "../ui/Loading";
import { useTitle } from "../ui/useTitle";
import { hitHref, isSearchable, normalize, searchHref } from "./query";
import "../styles/search.css";

const KIND_ICONS: Record<SearchHit["kind"], ReactNode> = {
  title: <Type size={14} aria-hidden />,
  description: <FileText size={14} aria-hidden />,
  memo: <StickyNote size={14} aria-hidden />,
  comment: <MessageSquare size={14} aria-hidden />,
  bookmark: <Bookmark size={14} aria-hidden />,
};

export default function SearchScreen() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const q = normalize(params.get("q") ?? "");
  const searchable = isSearchable(q);
  const [draft, setDraft] = useState(q);
  const field = useRef<HTMLInputElement>(null);
  useTitle(q ? `${q} · ${t("search.title")}` : t("search.title"));
  useEffect(() => setDraft(q), [q]);
  // Focus the field when the search starts here (no query yet, or `/` on a phone).
  const focusAsked = (location.state as { focus?: number } | null)?.focus;
  useEffect(() => {
    if (q && !focusAsked) return;
    // The screen's own field shows on phones; elsewhere the top bar's box is the field.
    const own = field.current;
    const target = own && own.offsetParent !== null ? own : document.querySelector<HTMLInputElement>("[data-testid=search-box]");
    target?.focus();
  }, [q, focusAsked]);

  const query = useInfiniteQuery({
    queryKey: ["search", q],
    enabled: searchable,
    queryFn: ({ pageParam }) =>
      get<Page<SearchHit>>(`/api/search?q=${encodeURIComponent(q)}&limit=20${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const hits = query.data?.pages.flatMap((page) => page.items) ?? [];

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (normalize(draft)) navigate(searchHref(draft));
  };

  return (
    <section className="screen search-screen">
      <div className="screen-head">
        <h1>{q ? t("search.resultsFor", { q }) : t("search.heading")}</h1>
      </div>
      <form className="search-field" onSubmit={submit}>
        <Search size={18} aria-hidden />
        <input ref={field} type="search" aria-label={t("search.label")} placeholder={t("search.placeholder")}
          value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={100} enterKeyHint="search" />
        <button type="submit" className="button primary">{t("search.submit")}</button>
      </form>
      {!q ? (
        <EmptyState icon={<Search size={40} />} title={t("search.startTitle")}>
          <p>{t("search.startBody")}</p>
          <p className="muted small">{t("search.shortcut")}</p>
        </EmptyState>
      ) : !searchable ? (
        <p className="search-hint" role="status">{t("search.tooShort")}</p>
      ) : query.error ? (
        <ErrorNote message={errorMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Loading />
      ) : hits.length === 0 ? (
        <EmptyState icon={<Search size={40} />} title={t("search.noneTitle", { q })}>
          <p>{t("search.noneBody")}</p>
        </EmptyState>
      ) : (
        <ol className="search-hits" aria-label={t("search.resultsFor", { q })}>
          {hits.map((hit) => <Hit key={hit.id} hit={hit} />)}
        </ol>
      )}
      {searchable && query.hasNextPage && (
        <button className="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}

function Hit({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  const time = hit.time_secs ?? null;
  return (
    <li className="search-hit" data-testid="search-hit" data-kind={hit.kind} data-layer={hit.layer}>
      <Link to={hitHref(hit.video.id, time)} className="search-hit-link">
        <span className="search-hit-head">
          <span className="search-hit-title">{hit.video.title}</span>
          <span className="search-hit-space"><Users size={14} aria-hidden />{t("search.inSpace", { space: hit.video.space_name })}</span>
        </span>
        <span className="search-hit-snippet">
          {hit.snippet.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
        </span>
        <span className="search-hit-meta">
          <span className="search-badge">{KIND_ICONS[hit.kind]}{t(`search.kind.${hit.kind}`)}</span>
          {(hit.kind === "memo" || hit.kind === "bookmark" || hit.kind === "comment") && (
            <span className={`search-badge layer ${hit.layer}`}>
              {hit.layer === "private" && <Lock size={12} aria-hidden />}{t(`search.layer.${hit.layer}`)}
            </span>
          )}
          {time !== null && (
            <span className="search-time" data-testid="search-time" title={t("search.at", { time: formatClock(time) })}>{formatClock(time)}</span>
          )}
        </span>
      </Link>
    </li>
  );
}

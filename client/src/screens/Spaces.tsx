// The reader's spaces as cards (host, role, description), and a form to create one.
import { useInfiniteQuery } from "@tanstack/react-query";
import { FolderPlus, Users } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { errorMessage } from "../api/errors";
import { get, send } from "../api/http";
import { keys, queryClient } from "../api/query";
import type { Page, Space } from "../api/types";
import { formatRelative } from "../i18n/format";
import { EmptyState } from "../ui/EmptyState";
import { ErrorNote } from "../ui/ErrorNote";
import { Loading } from "../ui/Loading";
import { toast } from "../ui/toast";
import { useTitle } from "../ui/useTitle";

export default function Spaces() {
  const { t } = useTranslation();
  useTitle(t("spaces.title"));
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const query = useInfiniteQuery({
    queryKey: keys.spaces,
    queryFn: ({ pageParam }) => get<Page<Space>>(`/api/spaces?limit=20${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });

  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const space = await send<Space>("POST", "/api/spaces", { name: name.trim(), description: "" });
      void queryClient.invalidateQueries({ queryKey: keys.spaces });
      toast(t("spaces.created", { name: space.name }));
      navigate(`/spaces/${space.id}`);
    } catch (e) {
      setError(errorMessage(e, t));
    }
  };

  const spaces = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="screen">
      <div className="screen-head">
        <h1>{t("spaces.title")}</h1>
        <form onSubmit={create} className="inline-form">
          <input aria-label={t("spaces.newName")} placeholder={t("spaces.newPlaceholder")} required maxLength={200}
            value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="button primary"><FolderPlus size={18} aria-hidden />{t("spaces.create")}</button>
        </form>
      </div>
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      {query.error && <ErrorNote message={errorMessage(query.error, t)} onRetry={() => void query.refetch()} />}
      {query.isPending ? <Loading /> : spaces.length === 0 ? (
        <EmptyState icon={<Users size={40} />} title={t("spaces.emptyTitle")}>
          <p>{t("spaces.emptyBody")}</p>
        </EmptyState>
      ) : (
        <ul className="space-grid">
          {spaces.map((space) => (
            <li key={space.id} className="card space-card" data-testid="space">
              <Link to={`/spaces/${space.id}`} className="space-card-link">
                <span className="space-initial" aria-hidden="true">{space.name.slice(0, 1).toUpperCase()}</span>
                <span className="space-card-name">{space.name}</span>
              </Link>
              {space.description && <p className="muted clamp">{space.description}</p>}
              <p className="muted small">
                {space.role === "host" ? t("spaces.youHost") : t("spaces.hostedBy", { name: space.host.name })}
                {" · "}{formatRelative(space.updated_at)}
              </p>
            </li>
          ))}
        </ul>
      )}
      {query.hasNextPage && (
        <button className="button" onClick={() => void query.fetchNextPage()}>{t("common.more")}</button>
      )}
    </section>
  );
}

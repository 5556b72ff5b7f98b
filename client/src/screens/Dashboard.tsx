// The dashboard: counts, where the reader left off, and the newest videos of their spaces.
import { useQuery } from "@tanstack/react-query";
import { BookOpen, CheckCircle2, Film, PlayCircle, Users } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { get } from "../api/http";
import { keys } from "../api/query";
import type { Dashboard as DashboardData } from "../api/types";
import { EmptyState } from "../ui/EmptyState";
import { ErrorNote } from "../ui/ErrorNote";
import { Loading } from "../ui/Loading";
import { useTitle } from "../ui/useTitle";
import { errorMessage } from "../api/errors";
import { VideoCard } from "./VideoCard";
import { Invitations } from "./Invitations";

export default function Dashboard() {
  const { t } = useTranslation();
  useTitle(t("dashboard.title"));
  const query = useQuery({ queryKey: keys.dashboard, queryFn: () => get<DashboardData>("/api/me/dashboard") });
  if (query.error) return <ErrorNote message={errorMessage(query.error, t)} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  const data = query.data;
  const last = data.last_studied;
  return (
    <section className="screen">
      <h1>{t("dashboard.title")}</h1>
      <Invitations />
      <ul className="stats" aria-label={t("dashboard.summary")}>
        <li className="card stat"><Users aria-hidden /><strong>{data.spaces}</strong><span>{t("dashboard.spaces", { count: data.spaces })}</span></li>
        <li className="card stat"><Film aria-hidden /><strong>{data.individual_videos}</strong><span>{t("dashboard.videos", { count: data.individual_videos })}</span></li>
        <li className="card stat"><CheckCircle2 aria-hidden /><strong>{data.completed_videos}</strong><span>{t("dashboard.completed", { count: data.completed_videos })}</span></li>
      </ul>
      {last && (
        <Link to={`/videos/${last.video.id}`} className="card continue" data-testid="continue">
          <PlayCircle size={36} aria-hidden />
          <span>
            <span className="eyebrow">{t("dashboard.continue")}</span>
            <strong>{last.video.title}</strong>
            <span className="muted">{t("video.watched", { percent: last.progress_percent })}</span>
          </span>
        </Link>
      )}
      <h2>{t("dashboard.recent")}</h2>
      {data.recent_videos.length === 0 ? (
        <EmptyState icon={<BookOpen size={40} />} title={t("dashboard.emptyTitle")}>
          <p>{t("dashboard.emptyBody")}</p>
          <Link to="/spaces" className="button primary">{t("dashboard.goToSpaces")}</Link>
        </EmptyState>
      ) : (
        <ul className="video-grid">
          {data.recent_videos.map((video) => <VideoCard key={video.id} video={video} />)}
        </ul>
      )}
    </section>
  );
}

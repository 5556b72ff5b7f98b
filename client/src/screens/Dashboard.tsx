// The dashboard, where a session starts: who I am (profile card), "Continue" (the video I
// studied last, opening where I stopped), how far I am (completed / in progress / all, across
// spaces) and "My lectures" (every video on my list, last studied first, with its space,
// progress and last access; one can be taken off the list). A new user is told what to do
// first.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { BookOpen, CheckCircle2, Clock, Film, FolderPlus, PlayCircle, Upload, UserPlus, X } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { errorMessage } from "../api/errors";
import { get, send } from "../api/http";
import { keys, queryClient } from "../api/query";
import type { Dashboard as DashboardData, Individual, Me, Page } from "../api/types";
import { formatClock, formatDay } from "../i18n/format";
import { Confirm } from "../ui/Confirm";
import { EmptyState } from "../ui/EmptyState";
import { ErrorNote } from "../ui/ErrorNote";
import { IconButton } from "../ui/IconButton";
import { Loading } from "../ui/Loading";
import { toast } from "../ui/toast";
import { useTitle } from "../ui/useTitle";
import { Poster, StudyLine } from "./VideoCard";
import { Invitations } from "./Invitations";

/** Where a video opens to resume: its room at the last position. */
export function resumeLink(individual: Pick<Individual, "last_position_secs" | "video">): string {
  const at = individual.last_position_secs;
  return `/videos/${individual.video.id}${at > 0 ? `?t=${at}` : ""}`;
}

function Avatar({ me }: { me: Me }) {
  const [broken, setBroken] = useState(false);
  if (me.picture_url && !broken) {
    return <img className="avatar large" src={me.picture_url} alt="" referrerPolicy="no-referrer" onError={() => setBroken(true)} />;
  }
  return <span className="avatar large" aria-hidden="true">{me.name.slice(0, 1).toUpperCase()}</span>;
}

function ProfileCard({ me, data }: { me: Me; data: DashboardData }) {
  const { t } = useTranslation();
  return (
    <section className="card profile" aria-label={t("dashboard.profile")} data-testid="profile">
      <Avatar me={me} />
      <div className="profile-text">
        <p className="profile-name">{me.name}</p>
        <p className="muted small profile-email">{me.email}</p>
        <p className="small">
          <Link to="/spaces">{data.spaces > 0 ? t("dashboard.inSpaces", { count: data.spaces }) : t("dashboard.noSpaces")}</Link>
          {" · "}<span className="muted">{t("dashboard.since", { date: formatDay(me.created_at) })}</span>
        </p>
      </div>
    </section>
  );
}

function ContinueCard({ last }: { last: Individual }) {
  const { t } = useTranslation();
  return (
    <section className="card continue" aria-labelledby="continue-title">
      <Link to={resumeLink(last)} className="continue-poster" tabIndex={-1} aria-hidden="true"><Poster video={last.video} /></Link>
      <div className="continue-text">
        <span className="eyebrow" id="continue-title">{t("dashboard.continue")}</span>
        <Link to={resumeLink(last)} className="continue-title" data-testid="continue">{last.video.title}</Link>
        <Link to={`/spaces/${last.video.space_id}`} className="muted small">{last.space_name}</Link>
        <StudyLine study={{ progress: last.progress_percent, lastAccessedAt: last.last_accessed_at }} />
        <Link to={resumeLink(last)} className="button primary resume">
          <PlayCircle size={18} aria-hidden />
          {last.last_position_secs > 0 ? t("dashboard.resumeAt", { time: formatClock(last.last_position_secs) }) : t("dashboard.start")}
        </Link>
      </div>
    </section>
  );
}

function Stats({ data }: { data: DashboardData }) {
  const { t } = useTranslation();
  const rows = [
    { key: "completed", icon: <CheckCircle2 aria-hidden />, value: data.completed_videos, label: t("dashboard.completed", { count: data.completed_videos }) },
    { key: "progress", icon: <Clock aria-hidden />, value: data.in_progress_videos, label: t("dashboard.inProgress", { count: data.in_progress_videos }) },
    { key: "total", icon: <Film aria-hidden />, value: data.individual_videos, label: t("dashboard.videos", { count: data.individual_videos }) },
  ];
  return (
    <ul className="stats" aria-label={t("dashboard.summary")}>
      {rows.map((row) => (
        <li key={row.key} className={`card stat ${row.key}`} data-testid={`stat-${row.key}`}>
          {row.icon}<strong>{row.value}</strong><span>{row.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** What a new user does first: a space, classmates, a lecture. */
function FirstSteps({ hasSpaces }: { hasSpaces: boolean }) {
  const { t } = useTranslation();
  return (
    <EmptyState icon={<BookOpen size={40} />} title={hasSpaces ? t("dashboard.noVideosTitle") : t("dashboard.welcomeTitle")}>
      <p>{hasSpaces ? t("dashboard.noVideosBody") : t("dashboard.welcomeBody")}</p>
      <ol className="first-steps">
        <li><FolderPlus size={18} aria-hidden />{t("dashboard.step1")}</li>
        <li><UserPlus size={18} aria-hidden />{t("dashboard.step2")}</li>
        <li><Upload size={18} aria-hidden />{t("dashboard.step3")}</li>
      </ol>
      <p><Link to="/spaces" className="button primary">{hasSpaces ? t("dashboard.openSpaces") : t("dashboard.createSpace")}</Link></p>
    </EmptyState>
  );
}

function MyLectures() {
  const { t } = useTranslation();
  const [removing, setRemoving] = useState<Individual | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useInfiniteQuery({
    queryKey: keys.myLectures,
    queryFn: ({ pageParam }) =>
      get<Page<Individual>>(`/api/individual-videos?sort=last_accessed&limit=20${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const remove = (item: Individual) =>
    send("DELETE", `/api/individual-videos/${item.id}`)
      .then(() => {
        toast(t("dashboard.removed", { title: item.video.title }));
        void queryClient.invalidateQueries({ queryKey: keys.myLectures });
        void queryClient.invalidateQueries({ queryKey: keys.dashboard });
      })
      .catch((e) => setError(errorMessage(e, t)));
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  if (query.isPending) return <Loading />;
  return (
    <>
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      {query.error && <ErrorNote message={errorMessage(query.error, t)} onRetry={() => void query.refetch()} />}
      {items.length === 0 && !query.error ? (
        <p className="muted">{t("dashboard.listEmpty")}</p>
      ) : (
        <ul className="lectures" data-testid="my-lectures">
          {items.map((item) => (
            <li key={item.id} className="card lecture" data-testid="lecture" data-video={item.video.id}>
              <Link to={resumeLink(item)} className="lecture-poster" tabIndex={-1} aria-hidden="true"><Poster video={item.video} /></Link>
              <div className="lecture-text">
                <Link to={resumeLink(item)} className="lecture-title">{item.video.title}</Link>
                <Link to={`/spaces/${item.video.space_id}`} className="muted small lecture-space">{item.space_name}</Link>
                {item.video.status === "ready"
                  ? <StudyLine study={{ progress: item.progress_percent, lastAccessedAt: item.last_accessed_at }} />
                  : <span className="muted small">{t(`status.${item.video.status}`, { percent: item.video.percent })}</span>}
              </div>
              <IconButton className="lecture-remove" label={t("dashboard.remove", { title: item.video.title })}
                icon={<X size={18} aria-hidden />} onClick={() => setRemoving(item)} />
            </li>
          ))}
        </ul>
      )}
      {query.hasNextPage && (
        <button className="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>{t("common.more")}</button>
      )}
      <Confirm open={removing !== null} onOpenChange={(open) => !open && setRemoving(null)}
        title={t("dashboard.removeTitle", { title: removing?.video.title ?? "" })} confirmLabel={t("dashboard.removeConfirm")}
        onConfirm={() => removing && void remove(removing)}>
        <p>{t("dashboard.removeBody", { space: removing?.space_name ?? "" })}</p>
      </Confirm>
    </>
  );
}

export default function Dashboard({ me }: { me: Me }) {
  const { t } = useTranslation();
  useTitle(t("dashboard.title"));
  const query = useQuery({ queryKey: keys.dashboard, queryFn: () => get<DashboardData>("/api/me/dashboard") });
  if (query.error) return <ErrorNote message={errorMessage(query.error, t)} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  const data = query.data;
  const last = data.last_studied;
  const started = data.individual_videos > 0;
  return (
    <section className="screen dashboard">
      <h1 className="visually-hidden">{t("dashboard.title")}</h1>
      <Invitations />
      <div className="dashboard-top">
        <ProfileCard me={me} data={data} />
        {last ? <ContinueCard last={last} />
          : started ? (
            <section className="card continue empty-continue">
              <PlayCircle size={32} aria-hidden />
              <p>{t("dashboard.nothingYet")}</p>
            </section>
          ) : <FirstSteps hasSpaces={data.spaces > 0} />}
      </div>
      {started && (
        <>
          <Stats data={data} />
          <h2>{t("dashboard.myLectures")}</h2>
          <MyLectures />
        </>
      )}
    </section>
  );
}

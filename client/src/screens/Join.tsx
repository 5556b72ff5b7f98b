// `/join`: an invite link opened by a signed-in visitor (the token came in `#<token>` and
// waits in session storage, so it survives signing in first). Shows the space and its host
// and asks; joining opens the space. A link that no longer works says why.
import { useMutation, useQuery } from "@tanstack/react-query";
import { Clock, LogIn, Users } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { errorMessage } from "../api/errors";
import { send } from "../api/http";
import { forgetJoinToken, pendingJoinToken } from "../api/invitations";
import { keys, queryClient } from "../api/query";
import type { InviteLinkPreview, Space } from "../api/types";
import { formatDate } from "../i18n/format";
import { EmptyState } from "../ui/EmptyState";
import { ErrorNote } from "../ui/ErrorNote";
import { Loading } from "../ui/Loading";
import { toast } from "../ui/toast";
import { useTitle } from "../ui/useTitle";

export default function Join() {
  const { t } = useTranslation();
  useTitle(t("join.title"));
  const navigate = useNavigate();
  const token = pendingJoinToken();
  const preview = useQuery({
    queryKey: ["inviteLink", token],
    queryFn: () => send<InviteLinkPreview>("POST", "/api/invite-links/preview", { token }),
    enabled: token !== null,
    retry: false,
  });
  const join = useMutation({
    mutationFn: () => send<Space>("POST", "/api/invite-links/join", { token }),
    onSuccess: async (space) => {
      forgetJoinToken();
      toast(t("join.joined", { space: space.name }));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.spaces }),
        queryClient.invalidateQueries({ queryKey: keys.dashboard }),
        queryClient.invalidateQueries({ queryKey: keys.invitations }),
      ]);
      navigate(`/spaces/${space.id}`, { replace: true });
    },
  });
  const leave = () => {
    forgetJoinToken();
    navigate("/", { replace: true });
  };

  if (!token) {
    return (
      <section className="screen join-screen">
        <EmptyState icon={<LogIn size={40} />} title={t("join.noToken")}>
          <p>{t("join.noTokenBody")}</p>
          <Link to="/" className="button primary">{t("join.toDashboard")}</Link>
        </EmptyState>
      </section>
    );
  }
  if (preview.error) {
    return (
      <section className="screen join-screen">
        <div className="card join-card" data-testid="join-refused">
          <h1>{t("join.cannotTitle")}</h1>
          <ErrorNote message={errorMessage(preview.error, t)} />
          <button type="button" className="button primary" onClick={leave}>{t("join.toDashboard")}</button>
        </div>
      </section>
    );
  }
  if (!preview.data) return <Loading />;
  const { space, host, expires_at, member } = preview.data;
  return (
    <section className="screen join-screen">
      <div className="card join-card" data-testid="join-card">
        <span className="space-initial large" aria-hidden="true">{space.name.slice(0, 1).toUpperCase()}</span>
        <p className="eyebrow">{t("join.eyebrow")}</p>
        <h1>{space.name}</h1>
        <p className="muted">{t("join.invitedBy", { host: host.name })}</p>
        {space.description && <p className="join-description">{space.description}</p>}
        <p className="muted small join-expiry"><Clock size={14} aria-hidden />{t("join.expires", { date: formatDate(expires_at) })}</p>
        {member ? (
          <>
            <p>{t("join.already")}</p>
            <div className="join-actions">
              <button type="button" className="button primary large" onClick={() => { forgetJoinToken(); navigate(`/spaces/${space.id}`, { replace: true }); }}>
                {t("join.open")}
              </button>
            </div>
          </>
        ) : (
          <div className="join-actions">
            <button type="button" className="button primary large" disabled={join.isPending} onClick={() => join.mutate()}>
              <Users size={18} aria-hidden />{t("join.join")}
            </button>
            <button type="button" className="button large" onClick={leave}>{t("join.notNow")}</button>
          </div>
        )}
        {join.error && <ErrorNote message={errorMessage(join.error, t)} />}
      </div>
    </section>
  );
}

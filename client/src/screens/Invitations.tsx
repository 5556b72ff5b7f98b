// The dashboard's pending invitations: each names the space and its host, and is accepted
// (the space opens) or declined after a confirmation. Renders nothing when none wait.
import { Check, Mail, X } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { errorMessage } from "../api/errors";
import { send } from "../api/http";
import { usePendingInvitations } from "../api/invitations";
import { keys, queryClient } from "../api/query";
import type { Invitation } from "../api/types";
import { formatRelative } from "../i18n/format";
import { Confirm } from "../ui/Confirm";
import { ErrorNote } from "../ui/ErrorNote";
import { toast } from "../ui/toast";

const refresh = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.invitations }),
    queryClient.invalidateQueries({ queryKey: keys.spaces }),
    queryClient.invalidateQueries({ queryKey: keys.dashboard }),
  ]);

export function Invitations() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = usePendingInvitations();
  const [busy, setBusy] = useState<string | null>(null);
  const [declining, setDeclining] = useState<Invitation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = query.data?.items ?? [];
  if (items.length === 0 && !error) return null;

  const accept = (invitation: Invitation) => {
    setBusy(invitation.id);
    setError(null);
    send("POST", `/api/me/invitations/${invitation.id}/accept`)
      .then(async () => {
        toast(t("invitations.joined", { space: invitation.space.name }));
        await refresh();
        navigate(`/spaces/${invitation.space.id}`);
      })
      .catch((e) => {
        setError(errorMessage(e, t));
        void refresh();
      })
      .finally(() => setBusy(null));
  };
  const decline = (invitation: Invitation) => {
    setBusy(invitation.id);
    setError(null);
    send("DELETE", `/api/me/invitations/${invitation.id}`)
      .then(() => toast(t("invitations.declined", { space: invitation.space.name })))
      .catch((e) => setError(errorMessage(e, t)))
      .finally(() => {
        setBusy(null);
        void refresh();
      });
  };

  return (
    <section className="invitations card" aria-labelledby="invitations-title" data-testid="invitations">
      <h2 id="invitations-title"><Mail size={20} aria-hidden />{t("invitations.title", { count: items.length })}</h2>
      <ul>
        {items.map((invitation) => (
          <li key={invitation.id} data-testid="invitation">
            <span className="space-initial" aria-hidden="true">{invitation.space.name.slice(0, 1).toUpperCase()}</span>
            <span className="invitation-text">
              <strong>{invitation.space.name}</strong>
              <span className="muted small">
                {t("invitations.from", { host: invitation.host.name })} · {formatRelative(invitation.invited_at)}
              </span>
              {invitation.space.description && <span className="small clamp">{invitation.space.description}</span>}
            </span>
            <span className="invitation-actions">
              <button type="button" className="button primary" disabled={busy === invitation.id}
                onClick={() => accept(invitation)} aria-label={t("invitations.acceptLabel", { space: invitation.space.name })}>
                <Check size={16} aria-hidden />{t("invitations.accept")}
              </button>
              <button type="button" className="button" disabled={busy === invitation.id}
                onClick={() => setDeclining(invitation)} aria-label={t("invitations.declineLabel", { space: invitation.space.name })}>
                <X size={16} aria-hidden />{t("invitations.decline")}
              </button>
            </span>
          </li>
        ))}
      </ul>
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      <Confirm open={declining !== null} onOpenChange={(open) => !open && setDeclining(null)} danger
        title={t("invitations.declineTitle", { space: declining?.space.name ?? "" })}
        confirmLabel={t("invitations.decline")} onConfirm={() => declining && decline(declining)}>
        <p>{t("invitations.declineBody", { host: declining?.host.name ?? "" })}</p>
      </Confirm>
    </section>
  );
}

// Who is in the space; the host invites by email (an offer the invitee accepts or declines;
// pending ones show as such and can be withdrawn), shares invite links, and removes people
// after confirming (their notes and progress are kept by the server and come back when they
// are invited again).
import { UserMinus, UserPlus } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/errors";
import { send } from "../../api/http";
import { keys, queryClient } from "../../api/query";
import type { Me, Participant, SpaceDetail } from "../../api/types";
import { Confirm } from "../../ui/Confirm";
import { ErrorNote } from "../../ui/ErrorNote";
import { IconButton } from "../../ui/IconButton";
import { toast } from "../../ui/toast";
import { InviteLinks } from "./InviteLinks";

export function Participants({ space, isHost, me }: { space: SpaceDetail; isHost: boolean; me: Me }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Participant | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.space(space.id) });
  const nameOf = (p: Participant) => p.user?.name ?? p.email;

  const invite = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    send("POST", `/api/spaces/${space.id}/participants`, { email: email.trim() })
      .then(() => { toast(t("participants.invited", { email })); setEmail(""); return refresh(); })
      .catch((e) => setError(errorMessage(e, t)));
  };
  const remove = (p: Participant) =>
    send("DELETE", `/api/spaces/${space.id}/participants/${p.user?.id ?? p.id}`)
      .then(() => { toast(t(p.status === "invited" ? "participants.withdrawn" : "participants.removed", { name: nameOf(p) })); return refresh(); })
      .catch((e) => setError(errorMessage(e, t)));

  return (
    <section className="card participants" aria-labelledby="participants-title">
      <h2 id="participants-title">{t("participants.title")}</h2>
      <ul className="people">
        {space.participants.map((p) => (
          <li key={p.id} data-testid="participant">
            <span className="avatar small" aria-hidden="true">{nameOf(p).slice(0, 1).toUpperCase()}</span>
            <span className="person">
              <span>{nameOf(p)}{p.user?.id === me.id ? ` ${t("participants.you")}` : ""}</span>
              <span className="muted small">{t(`participants.role.${p.role}`)} · {t(`participants.status.${p.status}`, { defaultValue: p.status })}</span>
            </span>
            {isHost && p.role !== "host" && (
              <IconButton label={t(p.status === "invited" ? "participants.withdraw" : "participants.remove", { name: nameOf(p) })} icon={<UserMinus size={18} aria-hidden />}
                onClick={() => setRemoving(p)} />
            )}
          </li>
        ))}
      </ul>
      {isHost && (
        <form className="inline-form" onSubmit={invite}>
          <input type="email" aria-label={t("participants.inviteLabel")} placeholder="email@example.com" required
            value={email} onChange={(e) => { setEmail(e.target.value); setError(null); }} />
          <button type="submit" className="button"><UserPlus size={16} aria-hidden />{t("participants.invite")}</button>
        </form>
      )}
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      {isHost && <InviteLinks spaceId={space.id} />}
      <Confirm open={removing !== null} onOpenChange={(open) => !open && setRemoving(null)} danger
        title={t(removing?.status === "invited" ? "participants.withdrawTitle" : "participants.removeTitle", { name: removing ? nameOf(removing) : "" })}
        confirmLabel={t(removing?.status === "invited" ? "participants.withdrawConfirm" : "common.remove")}
        onConfirm={() => removing && void remove(removing)}>
        <p>{t(removing?.status === "invited" ? "participants.withdrawBody" : "participants.removeBody")}</p>
      </Confirm>
    </section>
  );
}

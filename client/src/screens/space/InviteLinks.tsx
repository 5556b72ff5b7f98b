// The host's invite links (in the participants panel): make one with a lifetime, copy it
// (the server shows a link's secret only when it is made, so this tab remembers the links it
// made), see when each expires and how many joined through it, and revoke it.
import { useQuery } from "@tanstack/react-query";
import { Copy, Link2, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/errors";
import { get, send } from "../../api/http";
import { keys, queryClient } from "../../api/query";
import type { CreatedInviteLink, InviteLink } from "../../api/types";
import { formatDate } from "../../i18n/format";
import { Confirm } from "../../ui/Confirm";
import { ErrorNote } from "../../ui/ErrorNote";
import { IconButton } from "../../ui/IconButton";
import { toast } from "../../ui/toast";

const LIFETIMES = [24, 24 * 7, 24 * 30] as const;

/** The links made in this tab, by id: their URLs can still be copied. */
const made = new Map<string, string>();

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function InviteLinks({ spaceId }: { spaceId: string }) {
  const { t } = useTranslation();
  const [hours, setHours] = useState<number>(24 * 7);
  const [fresh, setFresh] = useState<CreatedInviteLink | null>(null);
  const [revoking, setRevoking] = useState<InviteLink | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const links = useQuery({
    queryKey: keys.inviteLinks(spaceId),
    queryFn: () => get<InviteLink[]>(`/api/spaces/${spaceId}/invite-links`),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.inviteLinks(spaceId) });

  const create = () => {
    setBusy(true);
    setError(null);
    send<CreatedInviteLink>("POST", `/api/spaces/${spaceId}/invite-links`, { expires_in_hours: hours })
      .then(async (link) => {
        made.set(link.id, link.url);
        setFresh(link);
        if (await copy(link.url)) toast(t("inviteLinks.copied"));
        return refresh();
      })
      .catch((e) => setError(errorMessage(e, t)))
      .finally(() => setBusy(false));
  };
  const copyUrl = async (url: string) => {
    if (await copy(url)) toast(t("inviteLinks.copied"));
    else setError(t("inviteLinks.copyFailed"));
  };
  const revoke = (link: InviteLink) =>
    send("DELETE", `/api/spaces/${spaceId}/invite-links/${link.id}`)
      .then(() => {
        made.delete(link.id);
        if (fresh?.id === link.id) setFresh(null);
        toast(t("inviteLinks.revoked"));
        return refresh();
      })
      .catch((e) => setError(errorMessage(e, t)));

  const items = links.data ?? [];
  return (
    <div className="invite-links" data-testid="invite-links">
      <h3>{t("inviteLinks.title")}</h3>
      <p className="muted small">{t("inviteLinks.help")}</p>
      <div className="invite-create">
        <label className="invite-lifetime">
          <span className="small">{t("inviteLinks.lifetime")}</span>
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {LIFETIMES.map((h) => <option key={h} value={h}>{t("inviteLinks.validFor", { count: h / 24 })}</option>)}
          </select>
        </label>
        <button type="button" className="button" onClick={create} disabled={busy}>
          <Link2 size={16} aria-hidden />{t("inviteLinks.create")}
        </button>
      </div>
      {fresh && (
        <div className="invite-new" data-testid="invite-new">
          <p className="small">{t("inviteLinks.shownOnce")}</p>
          <div className="invite-url">
            <input readOnly value={fresh.url} aria-label={t("inviteLinks.url")} data-testid="invite-url"
              onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="button" onClick={() => void copyUrl(fresh.url)}>
              <Copy size={16} aria-hidden />{t("inviteLinks.copy")}
            </button>
          </div>
        </div>
      )}
      {items.length > 0 && (
        <ul className="link-list" aria-label={t("inviteLinks.active")}>
          {items.map((link) => {
            const url = made.get(link.id);
            return (
              <li key={link.id} data-testid="invite-link">
                <Link2 size={16} aria-hidden />
                <span className="link-meta">
                  <span>{t("inviteLinks.expires", { date: formatDate(link.expires_at) })}</span>
                  <span className="muted small">{t("inviteLinks.uses", { count: link.uses })}</span>
                </span>
                {url && <IconButton label={t("inviteLinks.copy")} icon={<Copy size={16} aria-hidden />} onClick={() => void copyUrl(url)} />}
                <IconButton label={t("inviteLinks.revoke")} icon={<Trash2 size={16} aria-hidden />} onClick={() => setRevoking(link)} />
              </li>
            );
          })}
        </ul>
      )}
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      <Confirm open={revoking !== null} onOpenChange={(open) => !open && setRevoking(null)} danger
        title={t("inviteLinks.revokeTitle")} confirmLabel={t("inviteLinks.revoke")}
        onConfirm={() => revoking && void revoke(revoking)}>
        <p>{t("inviteLinks.revokeBody")}</p>
      </Confirm>
    </div>
  );
}

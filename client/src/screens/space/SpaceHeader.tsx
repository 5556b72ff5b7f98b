// The space's name, host, number of people and description, with the host's rename,
// description editing and delete, and a participant's "Leave space"; destructive actions ask
// first.
import { DoorOpen, Pencil, Trash2, Users } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { errorMessage } from "../../api/errors";
import { send } from "../../api/http";
import { keys, queryClient } from "../../api/query";
import type { SpaceDetail } from "../../api/types";
import { Confirm } from "../../ui/Confirm";
import { ErrorNote } from "../../ui/ErrorNote";
import { toast } from "../../ui/toast";

export function SpaceHeader({ space, isHost }: { space: SpaceDetail; isHost: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(space.name);
  const [describing, setDescribing] = useState(false);
  const [description, setDescription] = useState(space.description);
  const [confirming, setConfirming] = useState<"delete" | "leave" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(errorMessage(e, t));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.space(space.id) });
    void queryClient.invalidateQueries({ queryKey: keys.spaces });
  };

  const rename = (event: React.FormEvent) => {
    event.preventDefault();
    send("PATCH", `/api/spaces/${space.id}`, { name: name.trim() })
      .then(() => { setRenaming(false); refresh(); toast(t("space.renamed")); })
      .catch(fail);
  };
  const describe = (event: React.FormEvent) => {
    event.preventDefault();
    send("PATCH", `/api/spaces/${space.id}`, { description: description.trim() })
      .then(() => { setDescribing(false); refresh(); toast(t("space.described")); })
      .catch(fail);
  };
  const people = space.participants.filter((p) => p.status === "joined").length;
  const remove = () =>
    send("DELETE", `/api/spaces/${space.id}`)
      .then(() => { toast(t("space.deleted", { name: space.name })); refresh(); navigate("/spaces"); })
      .catch(fail);
  const leave = () =>
    send("DELETE", `/api/spaces/${space.id}/participants/me`)
      .then(() => { toast(t("space.left", { name: space.name })); refresh(); navigate("/spaces"); })
      .catch(fail);

  return (
    <div className="screen-head">
      {renaming ? (
        <form className="inline-form" onSubmit={rename}>
          <input aria-label={t("space.name")} value={name} required maxLength={200} autoFocus onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="button primary">{t("common.save")}</button>
          <button type="button" className="button" onClick={() => setRenaming(false)}>{t("common.cancel")}</button>
        </form>
      ) : (
        <div className="space-title">
          <h1>{space.name}</h1>
          <p className="muted small space-facts">
            <span>{isHost ? t("spaces.youHost") : t("spaces.hostedBy", { name: space.host.name })}</span>
            <span className="fact" data-testid="people-count"><Users size={14} aria-hidden />{t("space.people", { count: people })}</span>
          </p>
        </div>
      )}
      <div className="head-actions">
        {isHost && !renaming && (
          <button className="button" onClick={() => { setName(space.name); setRenaming(true); }}>
            <Pencil size={16} aria-hidden />{t("space.rename")}
          </button>
        )}
        {isHost && (
          <button className="button danger" onClick={() => setConfirming("delete")}>
            <Trash2 size={16} aria-hidden />{t("space.delete")}
          </button>
        )}
        {!isHost && (
          <button className="button" onClick={() => setConfirming("leave")}>
            <DoorOpen size={16} aria-hidden />{t("space.leave")}
          </button>
        )}
      </div>
      <div className="space-description" data-testid="description">
        {describing ? (
          <form className="stack" onSubmit={describe}>
            <label className="field">
              <span>{t("space.description")}</span>
              <textarea value={description} maxLength={5000} rows={4} autoFocus
                placeholder={t("space.descriptionPlaceholder")} onChange={(e) => setDescription(e.target.value)} />
            </label>
            <div className="head-actions">
              <button type="submit" className="button primary">{t("common.save")}</button>
              <button type="button" className="button" onClick={() => setDescribing(false)}>{t("common.cancel")}</button>
            </div>
          </form>
        ) : (
          <>
            {space.description
              ? <p className="description-text">{space.description}</p>
              : isHost && <p className="muted small">{t("space.noDescription")}</p>}
            {isHost && (
              <button className="button small" onClick={() => { setDescription(space.description); setDescribing(true); }}>
                <Pencil size={14} aria-hidden />{space.description ? t("space.editDescription") : t("space.addDescription")}
              </button>
            )}
          </>
        )}
      </div>
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      <Confirm open={confirming === "delete"} onOpenChange={(open) => !open && setConfirming(null)} danger
        title={t("space.deleteTitle", { name: space.name })} confirmLabel={t("space.delete")} onConfirm={() => void remove()}>
        <p>{t("space.deleteBody")}</p>
      </Confirm>
      <Confirm open={confirming === "leave"} onOpenChange={(open) => !open && setConfirming(null)} danger
        title={t("space.leaveTitle", { name: space.name })} confirmLabel={t("space.leave")} onConfirm={() => void leave()}>
        <p>{t("space.leaveBody")}</p>
      </Confirm>
    </div>
  );
}

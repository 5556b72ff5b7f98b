// Versions of either layer (the shared document, or my notes when `notes` is given): save a
// named one, preview one, restore one. A preview shows the version as it was (the memo
// formatted, read-only; board pages and drawings on the video as pictures) and everything a
// restore changes; a restore asks, and saves the current state as a version first.
import { useQuery } from "@tanstack/react-query";
import { History as HistoryIcon } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import * as Y from "yjs";
import { errorMessage } from "../api/errors";
import { get, send } from "../api/http";
import { keys, queryClient } from "../api/query";
import type { Page, Version } from "../api/types";
import { formatClock, formatDate } from "../i18n/format";
import { Confirm } from "../ui/Confirm";
import { EmptyState } from "../ui/EmptyState";
import { ErrorNote } from "../ui/ErrorNote";
import { toast } from "../ui/toast";
import { planRestore, type RestorePlan } from "./restorePlan";
import { BoardPagePreview, boardPages, MomentPreview, moments } from "../notes/DrawingPreview";
import { MemoPreview } from "../notes/MemoPreview";

interface Content {
  memo?: { text?: unknown; delta?: unknown };
  strokes?: unknown;
  bookmarks?: unknown;
  comments?: unknown;
  boardPages?: unknown;
  boardItems?: unknown;
}
interface Full { content: Content }

function currentState(doc: Y.Doc) {
  return {
    memo: doc.getText("memo").toString(),
    strokes: doc.getMap("strokes").toJSON(),
    bookmarks: doc.getMap("bookmarks").toJSON(),
    comments: doc.getMap("comments").toJSON(),
  };
}

export function History({ docKey: sharedKey, doc: sharedDoc, notes }: { docKey: string; doc: Y.Doc; notes?: { key: string; doc: Y.Doc } | null }) {
  const { t } = useTranslation();
  const [layer, setLayer] = useState<"shared" | "private">("shared");
  const mine = layer === "private" && notes ? notes : null;
  const docKey = mine ? mine.key : sharedKey;
  const doc = mine ? mine.doc : sharedDoc;
  const versions = useQuery({
    queryKey: keys.versions(docKey),
    queryFn: () => get<Page<Version>>(`/api/docs/${docKey}/versions?limit=50`),
  });
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<{ version: Version; plan: RestorePlan; content: Content } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const fail = (e: unknown) => setError(errorMessage(e, t));
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.versions(docKey) });
  const title = (v: Version) => {
    // The server names the version it keeps before a restore; shown in the reader's language.
    const before = v.name?.match(/^Before restoring version (\d+)$/);
    if (before) return t("history.beforeRestore", { n: before[1] });
    return v.name ?? t("history.version", { n: v.version });
  };

  const preview = (version: Version) =>
    get<Full>(`/api/docs/${docKey}/versions/${version.version}`)
      .then((full) => setOpen({ version, plan: planRestore(currentState(doc), full.content), content: full.content }))
      .catch(fail);

  const restore = async (version: Version) => {
    try {
      // The server saves the current state as a version first ("Before restoring version N").
      await send("POST", `/api/docs/${docKey}/versions/${version.version}/restore`);
      setOpen(null);
      toast(t("history.restored", { name: title(version) }));
      void refresh();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <div className="history" data-testid="history">
      {notes && (
        <div className="layer-choice" role="group" aria-label={t("history.layer")}>
          {(["shared", "private"] as const).map((l) => (
            <button key={l} type="button" className="button small" aria-pressed={layer === l} data-layer={l}
              onClick={() => { setLayer(l); setOpen(null); setError(null); }}>
              {t(l === "shared" ? "history.sharedLayer" : "history.privateLayer")}
            </button>
          ))}
        </div>
      )}
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        send("POST", `/api/docs/${docKey}/versions`, name.trim() ? { name: name.trim() } : {})
          .then(() => { setName(""); toast(t("history.saved")); return refresh(); })
          .catch(fail);
      }}>
        <input aria-label={t("history.name")} placeholder={t("history.namePlaceholder")} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button">{t("history.save")}</button>
      </form>
      {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      {versions.data?.items.length === 0 && (
        <EmptyState icon={<HistoryIcon size={32} />} title={t("history.emptyTitle")}><p>{t("history.emptyBody")}</p></EmptyState>
      )}
      <ul className="version-list">
        {versions.data?.items.map((v) => (
          <li key={v.version} data-testid="version" aria-current={open?.version.version === v.version}>
            <span className="person">
              <strong>{title(v)}</strong>
              <span className="muted small">{formatDate(v.created_at)}</span>
            </span>
            <button type="button" className="button small" onClick={() => void preview(v)}>{t("history.preview")}</button>
          </li>
        ))}
      </ul>
      {open && (
        <div className="preview card" data-testid="preview">
          <h3>{t("history.previewTitle", { name: title(open.version) })}</h3>
          <PlanView plan={open.plan} />
          <AsItWas content={open.content} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setOpen(null)}>{t("common.close")}</button>
            <button type="button" className="button primary" disabled={open.plan.nothing} onClick={() => setConfirming(true)}>
              {t("history.restore")}
            </button>
          </div>
        </div>
      )}
      <Confirm open={confirming && open !== null} onOpenChange={setConfirming} confirmLabel={t("history.restore")}
        title={t(mine ? "history.confirmTitleMine" : "history.confirmTitle", { name: open ? title(open.version) : "" })}
        onConfirm={() => open && void restore(open.version)}>
        <p>{t("history.confirmBody")}</p>
        {open && <PlanView plan={open.plan} />}
      </Confirm>
    </div>
  );
}

/** The version as it was: the formatted memo, the board's pages, the drawings on the video. */
function AsItWas({ content }: { content: Content }) {
  const { t } = useTranslation();
  const delta = Array.isArray(content.memo?.delta) ? (content.memo!.delta as { insert?: unknown }[]) : [];
  const strokes = content.strokes && typeof content.strokes === "object" ? (content.strokes as Record<string, unknown>) : {};
  const pages = boardPages(content.boardPages, content.boardItems);
  const shown = moments(strokes).slice(0, 12);
  return (
    <div className="as-it-was" data-testid="as-it-was">
      <h4>{t("history.asItWas")}</h4>
      <MemoPreview delta={delta} label={t("history.memoThen")} />
      {pages.length > 0 && <><h4>{t("history.boardThen")}</h4><div className="drawing-grid">{pages.map((p) => <BoardPagePreview key={p.id} title={p.title} items={p.items} />)}</div></>}
      {shown.length > 0 && <><h4>{t("history.drawingsThen")}</h4><div className="drawing-grid">{shown.map((m) => <MomentPreview key={m.t} t={m.t} items={m.items} label={t("tools.drawing")} />)}</div></>}
    </div>
  );
}

/** Everything a restore changes, in words. */
function PlanView({ plan }: { plan: RestorePlan }) {
  const { t } = useTranslation();
  if (plan.nothing) return <p className="muted">{t("history.same")}</p>;
  const list = (items: { id: string; t: number; text: string }[]) => (
    <ul>{items.map((m) => <li key={m.id}>{formatClock(m.t / 1000)} {m.text}</li>)}</ul>
  );
  return (
    <div className="plan" data-testid="plan">
      {plan.memoChanged && (
        <div className="plan-memo">
          <div><h4>{t("history.memoNow")}</h4><pre>{plan.memoBefore || t("history.empty")}</pre></div>
          <div><h4>{t("history.memoAfter")}</h4><pre>{plan.memoAfter || t("history.empty")}</pre></div>
        </div>
      )}
      {plan.bookmarks.removed.length > 0 && <><h4>{t("history.bookmarksRemoved", { count: plan.bookmarks.removed.length })}</h4>{list(plan.bookmarks.removed)}</>}
      {plan.bookmarks.added.length > 0 && <><h4>{t("history.bookmarksAdded", { count: plan.bookmarks.added.length })}</h4>{list(plan.bookmarks.added)}</>}
      {plan.comments.removed.length > 0 && <><h4>{t("history.commentsRemoved", { count: plan.comments.removed.length })}</h4>{list(plan.comments.removed)}</>}
      {plan.comments.added.length > 0 && <><h4>{t("history.commentsAdded", { count: plan.comments.added.length })}</h4>{list(plan.comments.added)}</>}
      {(plan.strokes.added > 0 || plan.strokes.removed > 0) && (
        <p>{t("history.strokes", { added: plan.strokes.added, removed: plan.strokes.removed })}</p>
      )}
    </div>
  );
}

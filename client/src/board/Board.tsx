// The drawing board ("그리기"): pages of a whiteboard beside the video, in the layer the room's
// switch writes to (private by default). Pages can be added, renamed, reordered, cleared and
// deleted (both ask first), copied to the shared layer; items drawn with the shared tools
// (draw/), live for everyone in the layer, with others' strokes in progress (awareness
// `boardDrawing`) and undo/redo of one's own edits only. Pages, items and presence are read
// through collab/schema.ts (untrusted shared data).
import { ChevronLeft, ChevronRight, Copy, Eraser, Lock, Pencil, Plus, Trash2, Users, ZoomIn, ZoomOut } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../api/types";
import { useAwareness, useY } from "../collab/useDoc";
import { useLayers, useUndo, type LayerName, type LiveDoc } from "../draw/layers";
import { parseBoardDrawing, parsePresenceUser } from "../collab/schema";
import { forPresence, type Item } from "../draw/model";
import type { View } from "../draw/render";
import { Surface, type Remote, type SurfaceHandle } from "../draw/Surface";
import { ToolPicker, type Brush } from "../draw/ToolPicker";
import { TOOLS } from "../draw/tools";
import { Confirm } from "../ui/Confirm";
import { EmptyState } from "../ui/EmptyState";
import { IconButton } from "../ui/IconButton";
import { Loading } from "../ui/Loading";
import { toast } from "../ui/toast";
import { addPage, clearPage, copyItems, copyPage, deleteItems, deletePage, itemsOf, listPages, movePage, PAGE_H, PAGE_W, pageItems, pagesOf, putItems, renamePage } from "./pages";

/** Board widths and text sizes are chosen like the video's (pixels of a 640-wide picture). */
const UNIT = PAGE_W / 640;

export function Board({ me }: { me: Me }) {
  const layers = useLayers();
  const live = layers.live[layers.active];
  const [brush, setBrush] = useState<Brush>({ tool: "pen", color: "#111827", width: 4 });
  if (!live) return <Loading />;
  return <LayerBoard key={layers.active} layer={layers.active} live={live} shared={layers.live.shared} me={me} brush={brush} setBrush={setBrush} />;
}

function LayerBoard({ layer, live, shared, me, brush, setBrush }: {
  layer: LayerName;
  live: LiveDoc;
  shared: LiveDoc | null;
  me: Me;
  brush: Brush;
  setBrush: (update: (b: Brush) => Brush) => void;
}) {
  const { t } = useTranslation();
  const { doc, provider } = live;
  const pages = useY(pagesOf(doc), () => listPages(doc));
  const [current, setCurrent] = useState<string | null>(null);
  const page = pages.find(([id]) => id === current)?.[0] ?? pages[0]?.[0] ?? null;
  const info = pages.find(([id]) => id === page)?.[1];
  const items = useY(itemsOf(doc), () => (page ? pageItems(doc, page) : []));
  const undo = useUndo(doc, ["boardItems", "boardPages"]);
  useAwareness(provider);
  const surface = useRef<SurfaceHandle>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [asking, setAsking] = useState<"delete" | "clear" | null>(null);
  const [zoom, setZoom] = useState({ z: 1, x: 0, y: 0 });
  const size = useRef({ w: 1, h: 1 });

  useEffect(() => () => provider.awareness.setLocalStateField("boardDrawing", null), [provider]);
  useEffect(() => setZoom({ z: 1, x: 0, y: 0 }), [page]);

  const fit = (w: number, h: number) => Math.min((w - 24) / PAGE_W, (h - 24) / PAGE_H);
  const view = useCallback((w: number, h: number): View => {
    size.current = { w, h };
    const s = fit(w, h) * zoom.z;
    return { sx: s, sy: s, ws: s, ox: (w - PAGE_W * s) / 2 + zoom.x, oy: (h - PAGE_H * s) / 2 + zoom.y };
  }, [zoom]);

  const zoomAt = (factor: number, x?: number, y?: number) => setZoom((zm) => {
    const { w, h } = size.current;
    const cx = x ?? w / 2, cy = y ?? h / 2;
    const s0 = fit(w, h) * zm.z;
    const z = Math.min(8, Math.max(0.25, zm.z * factor));
    const s1 = fit(w, h) * z;
    const mx = (cx - ((w - PAGE_W * s0) / 2 + zm.x)) / s0;
    const my = (cy - ((h - PAGE_H * s0) / 2 + zm.y)) / s0;
    return { z, x: cx - mx * s1 - (w - PAGE_W * s1) / 2, y: cy - my * s1 - (h - PAGE_H * s1) / 2 };
  });

  const remote = (): Remote[] => {
    const list: Remote[] = [];
    provider.awareness.getStates().forEach((state, client) => {
      if (client === doc.clientID) return;
      const drawing = parseBoardDrawing(state.boardDrawing);
      if (!drawing || drawing.page !== page) return;
      const user = parsePresenceUser(state.user);
      list.push({ item: drawing.item, name: user?.name, color: user?.color });
    });
    return list;
  };

  const backdrop = (ctx: CanvasRenderingContext2D, v: View, w: number, h: number) => {
    ctx.fillStyle = "#eef0f5";
    ctx.fillRect(0, 0, w, h);
    ctx.save();
    ctx.shadowColor = "rgba(17, 24, 39, 0.18)";
    ctx.shadowBlur = 12;
    ctx.shadowOffsetY = 2;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(v.ox, v.oy, PAGE_W * v.sx, PAGE_H * v.sy);
    ctx.restore();
    // A faint dot grid every 50 units, like squared paper.
    const step = 50 * v.sx;
    if (step >= 6) {
      ctx.fillStyle = "#d7dbe4";
      for (let gx = step; gx < PAGE_W * v.sx - 1; gx += step) {
        for (let gy = step; gy < PAGE_H * v.sy - 1; gy += step) ctx.fillRect(v.ox + gx - 0.75, v.oy + gy - 0.75, 1.5, 1.5);
      }
    }
  };

  const newPage = () => {
    const id = addPage(doc, t("board.pageN", { n: pages.length + 1 }));
    setCurrent(id);
  };

  const copySelection = () => {
    if (!shared || !page || !info) return;
    const chosen = items.filter(([id]) => selected.includes(id)).map(([, item]) => item);
    // Into the shared page of the same title, made when there is none.
    const target = listPages(shared.doc).find(([, p]) => p.title === info.title)?.[0] ?? addPage(shared.doc, info.title);
    copyItems(shared.doc, chosen, target, me.id);
    toast(t("board.copiedItems", { count: chosen.length }));
  };

  const style = { color: brush.color, width: brush.width * UNIT, size: Math.max(14, brush.width * 4 + 12) * UNIT };
  const index = pages.findIndex(([id]) => id === page);
  return (
    <div className="board" data-testid="board" data-layer={layer} data-page={page ?? ""}>
      <p className={`layer-hint ${layer}`}>
        {layer === "private" ? <Lock size={16} aria-hidden /> : <Users size={16} aria-hidden />}
        {t(layer === "private" ? "board.privateHint" : "board.sharedHint")}
      </p>
      <div className="board-pages" role="group" aria-label={t("board.pages")}>
        <ol className="page-chips">
          {pages.map(([id, p], i) => (
            <li key={id}>
              {renaming === id ? (
                <form onSubmit={(e) => {
                  e.preventDefault();
                  const value = new FormData(e.currentTarget).get("title");
                  if (typeof value === "string" && value.trim()) renamePage(doc, id, value);
                  setRenaming(null);
                }}>
                  <input name="title" className="page-title-input" defaultValue={p.title} maxLength={80} autoFocus aria-label={t("board.pageName")}
                    onBlur={(e) => e.currentTarget.form?.requestSubmit()} onKeyDown={(e) => e.key === "Escape" && setRenaming(null)} />
                </form>
              ) : (
                <button type="button" className="page-chip" aria-current={id === page ? "page" : undefined} data-testid="page-chip"
                  onClick={() => setCurrent(id)} onDoubleClick={() => setRenaming(id)}>
                  <span className="page-number">{i + 1}</span>{p.title || t("board.untitled")}
                </button>
              )}
            </li>
          ))}
        </ol>
        <IconButton label={t("board.addPage")} icon={<Plus size={18} aria-hidden />} onClick={newPage} data-testid="add-page" />
      </div>

      {page && info ? (
        <>
          <div className="toolbar board-toolbar" role="toolbar" aria-label={t("board.tools")}>
            <ToolPicker tools={TOOLS} brush={brush} setBrush={setBrush} undo={undo} panTool />
            <span className="tool-group" role="group" aria-label={t("board.zoom")}>
              <IconButton label={t("board.zoomOut")} icon={<ZoomOut size={18} aria-hidden />} onClick={() => zoomAt(1 / 1.25)} />
              <button type="button" className="button small zoom-level" onClick={() => setZoom({ z: 1, x: 0, y: 0 })} aria-label={t("board.fit", { percent: Math.round(zoom.z * 100) })}>
                {Math.round(zoom.z * 100)}%
              </button>
              <IconButton label={t("board.zoomIn")} icon={<ZoomIn size={18} aria-hidden />} onClick={() => zoomAt(1.25)} />
            </span>
          </div>
          <div className="board-canvas">
            <Surface
              ref={surface}
              items={items}
              remote={remote}
              view={view}
              backdrop={backdrop}
              tool={brush.tool}
              style={style}
              me={me.id}
              label={t("board.canvas", { title: info.title })}
              testId="board-canvas"
              onCreate={(item: Item) => putItems(doc, [[crypto.randomUUID(), { ...item, page }]])}
              onChange={(changes) => putItems(doc, changes)}
              onDelete={(ids) => deleteItems(doc, ids)}
              onProgress={(item) => provider.awareness.setLocalStateField("boardDrawing", item && { page, item: forPresence(item) })}
              precision={(n) => Math.round(n * 10) / 10}
              onSelection={setSelected}
              onUndo={undo.undo}
              onRedo={undo.redo}
              onPan={(dx, dy) => setZoom((zm) => ({ ...zm, x: zm.x + dx, y: zm.y + dy }))}
              onZoom={zoomAt}
            />
          </div>
          <div className="board-actions">
            {selected.length > 0 ? (
              <>
                {/* No "drawn by": a drawing's `author` can be carried over by anyone's edit, so it is
                    not shown as a name (docs/collab.md, "Authorship"). */}
                <span className="muted small" data-testid="selection-info">
                  {t("draw.selected", { count: selected.length })}
                </span>
                {layer === "private" && shared && (
                  <button type="button" className="button small" onClick={copySelection} data-testid="copy-selection">
                    <Copy size={16} aria-hidden /> {t("board.copySelection")}
                  </button>
                )}
                <button type="button" className="button small" onClick={() => { deleteItems(doc, selected); surface.current?.clearSelection(); }}>
                  <Trash2 size={16} aria-hidden /> {t("board.deleteSelection")}
                </button>
              </>
            ) : (
              <>
                <IconButton className="small" label={t("board.rename")} icon={<Pencil size={16} aria-hidden />} onClick={() => setRenaming(page)} />
                <IconButton className="small" label={t("board.moveEarlier")} icon={<ChevronLeft size={16} aria-hidden />} disabled={index <= 0} onClick={() => movePage(doc, page, -1)} />
                <IconButton className="small" label={t("board.moveLater")} icon={<ChevronRight size={16} aria-hidden />} disabled={index >= pages.length - 1} onClick={() => movePage(doc, page, 1)} />
                {layer === "private" && shared && (
                  <button type="button" className="button small" data-testid="copy-page" onClick={() => {
                    copyPage(doc, shared.doc, page, me.id);
                    toast(t("board.copiedPage", { title: info.title }));
                  }}>
                    <Copy size={16} aria-hidden /> {t("board.copyPage")}
                  </button>
                )}
                <span className="spacer" />
                <IconButton className="small" label={t("board.clear")} icon={<Eraser size={16} aria-hidden />} disabled={items.length === 0} onClick={() => setAsking("clear")} />
                <IconButton className="small" label={t("board.delete")} icon={<Trash2 size={16} aria-hidden />} onClick={() => setAsking("delete")} data-testid="delete-page" />
              </>
            )}
          </div>
          <Confirm open={asking !== null} onOpenChange={(open) => !open && setAsking(null)} danger
            title={t(asking === "clear" ? "board.clearTitle" : "board.deleteTitle", { title: info.title })}
            confirmLabel={t(asking === "clear" ? "board.clear" : "board.delete")}
            onConfirm={() => {
              if (asking === "clear") clearPage(doc, page);
              else deletePage(doc, page);
              setAsking(null);
            }}>
            <p>{t(layer === "shared" ? "board.askShared" : "board.askPrivate")}</p>
          </Confirm>
        </>
      ) : (
        <EmptyState icon={<Pencil size={32} />} title={t(layer === "private" ? "board.emptyPrivate" : "board.emptyShared")}>
          <p>{t("board.emptyBody")}</p>
          <button type="button" className="button primary" onClick={newPage}><Plus size={16} aria-hidden /> {t("board.addPage")}</button>
        </EmptyState>
      )}
    </div>
  );
}


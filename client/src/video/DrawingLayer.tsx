// Drawing on the video: the shared drawing surface (draw/Surface) over the picture's content
// rectangle, with the same tools as the board. An item shows while the video time is in
// `[t, t + d)`; points are normalised to the content rectangle, widths in pixels of a
// 640-wide picture (docs/collab.md). New items go into the layer the room's switch chose;
// the other layer shows beneath when it is not hidden. Others' items in progress travel in
// awareness (`drawing`). Palm rejection: once a pen touched it, touch input no longer draws.
import { useTranslation } from "react-i18next";
import { useY } from "../collab/useDoc";
import { edit, useLayers, type LayerName, type Undo } from "../draw/layers";
import { parseDrawing, parsePresenceUser } from "../collab/schema";
import { forPresence, readItems, visibleAt, type Item } from "../draw/model";
import { Surface, type Remote } from "../draw/Surface";
import type { Tool } from "../draw/tools";
import { contentRect } from "./strokes";

export interface Brush {
  tool: Tool;
  color: string;
  width: number;
  /** How long an item stays, ms of video time. */
  duration: number;
}

const other = (layer: LayerName): LayerName => (layer === "private" ? "shared" : "private");

/** The well-formed items of a layer's `strokes` (all of them; the surface filters by time). */
export function useVideoItems(layer: LayerName | null) {
  const { live } = useLayers();
  const doc = layer ? live[layer]?.doc : undefined;
  const map = doc?.getMap<unknown>("strokes");
  return useY(map, () => (map ? readItems(map.entries()) : []));
}

export function DrawingLayer({ video, brush, me, undo, onSelection }: {
  video: HTMLVideoElement | null;
  brush: Brush;
  me: string;
  undo: Undo;
  /** The selected items (of the layer written to), e.g. to copy them to the shared layer. */
  onSelection?: (items: Item[]) => void;
}) {
  const { t } = useTranslation();
  const layers = useLayers();
  const active = layers.live[layers.active];
  const beneath = layers.shown[other(layers.active)] ? other(layers.active) : null;
  const items = useVideoItems(layers.active);
  const under = useVideoItems(beneath);
  const now = () => (video?.currentTime ?? 0) * 1000;

  const remote = (): Remote[] => {
    const list: Remote[] = [];
    for (const layer of ["private", "shared"] as LayerName[]) {
      const live = layers.live[layer];
      if (!live || !layers.shown[layer]) continue;
      live.provider.awareness.getStates().forEach((state, client) => {
        if (client === live.doc.clientID) return;
        const item = parseDrawing(state.drawing);
        const user = item && parsePresenceUser(state.user);
        if (item) list.push({ item, name: user?.name, color: user?.color });
      });
    }
    return list;
  };

  if (!active) return null;
  const map = active.doc.getMap<unknown>("strokes");
  return (
    <Surface
      className={`drawing ${brush.tool === "pointer" ? "passive" : "active"}`}
      items={items}
      under={under.map(([, item]) => item)}
      remote={remote}
      filter={(item: Item) => visibleAt(item, now())}
      place={() => (video ? contentRect(video) : null)}
      view={(w, h) => ({ sx: w, sy: h, ox: 0, oy: 0, ws: w / 640 })}
      tool={brush.tool}
      style={{ color: brush.color, width: brush.width, size: Math.max(14, brush.width * 3 + 12) }}
      me={me}
      label={t("tools.layer")}
      testId="drawing-layer"
      onCreate={(item) => edit(active.doc, () => map.set(crypto.randomUUID(), { ...item, t: Math.round(now()), d: brush.duration }))}
      onChange={(changes) => edit(active.doc, () => changes.forEach(([id, item]) => map.set(id, item)))}
      onDelete={(ids) => edit(active.doc, () => ids.forEach((id) => map.delete(id)))}
      onProgress={(item) => active.provider.awareness.setLocalStateField("drawing", item && forPresence(item))}
      onSelection={(ids) => onSelection?.(items.filter(([id]) => ids.includes(id)).map(([, item]) => item))}
      onUndo={undo.undo}
      onRedo={undo.redo}
    />
  );
}

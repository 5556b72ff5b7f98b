// A drawing surface: one canvas and its pointer/keyboard handling, used by the board and by
// the layer over the video. It paints `under` (a visible layer one does not write to),
// `items` (the layer one writes to), others' items in progress and one's own draft, and
// turns gestures into items. It never writes to a document itself: the owner gets
// `onCreate`/`onChange`/`onDelete` and does so (in one transaction with the local origin,
// so Y.UndoManager undoes exactly these edits).
//
// Hit tests and selection boxes work in screen pixels (the video's model units are not
// square), moves and resizes are converted back to model units.
import { forwardRef, useEffect, useId, useImperativeHandle, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { bounds, boxFrom, hits, MAX_POINTS, MAX_TEXT, resize, round, textExtent, translate, unionBox, within, type Box, type Item } from "./model";
import { drawItem, drawSelection, FONT, type View } from "./render";
import { kindOf, makeItem, type Style, type Tool } from "./tools";

export interface Remote {
  item: Item;
  name?: string;
  color?: string;
}

export interface SurfaceHandle {
  selected: () => string[];
  clearSelection: () => void;
  selectAll: () => void;
}

interface Props {
  items: [string, Item][];
  under?: Item[];
  /** Which items show now (the video's `[t, t+d)`), asked every frame; all when absent. */
  filter?: (item: Item) => boolean;
  remote: () => Remote[];
  /** Model → CSS pixels, given the canvas's CSS size. */
  view: (width: number, height: number) => View;
  /** Where the surface sits in its parent, per frame (the video's content rectangle); fills it when absent. */
  place?: () => { left: number; top: number; width: number; height: number } | null;
  /** Painted before everything (the board's page). */
  backdrop?: (ctx: CanvasRenderingContext2D, view: View, width: number, height: number) => void;
  tool: Tool;
  style: Style;
  me: string;
  label: string;
  testId: string;
  className?: string;
  onCreate: (item: Item) => void;
  onChange: (changes: [string, Item][]) => void;
  onDelete: (ids: string[]) => void;
  onProgress: (item: Item | null) => void;
  onSelection?: (ids: string[]) => void;
  onUndo?: () => void;
  onRedo?: () => void;
  /** How model coordinates are rounded (default four decimals, for normalised video points). */
  precision?: (n: number) => number;
  /** Board: the pointer tool pans, the wheel pans and (with Ctrl) zooms. */
  onPan?: (dx: number, dy: number) => void;
  onZoom?: (factor: number, x: number, y: number) => void;
}

type Gesture =
  | { kind: "draw"; points: number[] }
  | { kind: "erase" }
  | { kind: "move"; x: number; y: number; dx: number; dy: number }
  | { kind: "resize"; from: Box; to: Box }
  | { kind: "marquee"; x0: number; y0: number; x1: number; y1: number }
  | { kind: "pan"; x: number; y: number }
  | { kind: "pinch"; distance: number; x: number; y: number };

const HIT = 8;

function toScreen(item: Item, v: View): Item {
  return {
    ...item,
    points: item.points.map((n, i) => (i % 2 === 0 ? n * v.sx + v.ox : n * v.sy + v.oy)),
    width: item.width * v.ws,
    size: item.size === undefined ? undefined : item.size * v.ws,
  };
}

/** Screen bounds, with text measured for real when a canvas is at hand. */
function screenBounds(item: Item, v: View, ctx: CanvasRenderingContext2D | null): Box {
  const s = toScreen(item, v);
  if (s.kind === "text" && ctx) {
    ctx.save();
    ctx.font = `500 ${s.size}px ${FONT}`;
    const lines = (s.text ?? "").split("\n");
    const w = Math.max(...lines.map((l) => ctx.measureText(l).width), 1);
    ctx.restore();
    return { x: s.points[0], y: s.points[1], w, h: lines.length * (s.size ?? 16) * 1.25 };
  }
  if (s.kind === "text") return { x: s.points[0], y: s.points[1], ...textExtent(s) };
  return bounds(s);
}

function hitsScreen(item: Item, v: View, x: number, y: number, ctx: CanvasRenderingContext2D | null): boolean {
  if (item.kind === "text") {
    const b = screenBounds(item, v, ctx);
    return x >= b.x - HIT && x <= b.x + b.w + HIT && y >= b.y - HIT && y <= b.y + b.h + HIT;
  }
  return hits(toScreen(item, v), x, y, HIT);
}

const toModelBox = (b: Box, v: View): Box => ({ x: (b.x - v.ox) / v.sx, y: (b.y - v.oy) / v.sy, w: b.w / v.sx, h: b.h / v.sy });

export const Surface = forwardRef<SurfaceHandle, Props>(function Surface(props, ref) {
  const { t } = useTranslation();
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const latest = useRef(props);
  latest.current = props;
  const gesture = useRef<Gesture | null>(null);
  const viewRef = useRef<View>({ sx: 1, sy: 1, ox: 0, oy: 0, ws: 1 });
  const [selection, setSelectionState] = useState<string[]>([]);
  const selectionRef = useRef<string[]>([]);
  /** The text box being typed: a new one, or (`id`) an existing text item being edited. */
  const [text, setText] = useState<{ x: number; y: number; point: [number, number]; value: string; id?: string; size?: number; color?: string } | null>(null);
  const penSeen = useRef(false);
  /** Touches down now, for a two-finger pinch (zoom and pan) where the owner allows it. */
  const touches = useRef(new Map<number, readonly [number, number]>());
  const hintId = useId();

  const setSelection = (ids: string[]) => {
    selectionRef.current = ids;
    setSelectionState(ids);
    latest.current.onSelection?.(ids);
  };

  useImperativeHandle(ref, () => ({
    selected: () => selectionRef.current,
    clearSelection: () => setSelection([]),
    selectAll: () => setSelection(mine().map(([id]) => id)),
  }));

  // Items that left (deleted by someone, undone) leave the selection.
  useEffect(() => {
    const present = new Set(props.items.map(([id]) => id));
    if (selectionRef.current.some((id) => !present.has(id))) setSelection(selectionRef.current.filter((id) => present.has(id)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.items]);
  useEffect(() => {
    if (props.tool !== "select" && selectionRef.current.length) setSelection([]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.tool]);

  const ctx2d = () => canvas.current?.getContext("2d") ?? null;
  /** The items one can edit that show now. */
  const mine = (): [string, Item][] => {
    const { items, filter } = latest.current;
    return filter ? items.filter(([, item]) => filter(item)) : items;
  };

  /** The selected items as they would be with the current move/resize applied. */
  const previewed = (id: string, item: Item): Item => {
    const g = gesture.current;
    if (!g || !selectionRef.current.includes(id)) return item;
    const v = viewRef.current;
    if (g.kind === "move") return translate(item, g.dx / v.sx, g.dy / v.sy);
    if (g.kind === "resize") return resize(item, toModelBox(g.from, v), toModelBox(g.to, v));
    return item;
  };

  const selectionBox = (ctx: CanvasRenderingContext2D | null): Box | null => {
    const v = viewRef.current;
    const chosen = mine().filter(([id]) => selectionRef.current.includes(id));
    return unionBox(chosen.map(([id, item]) => screenBounds(previewed(id, item), v, ctx)));
  };

  useEffect(() => {
    let frame = 0;
    const render = () => {
      frame = requestAnimationFrame(render);
      const el = canvas.current;
      const box = wrap.current;
      if (!el || !box) return;
      const p = latest.current;
      const place = p.place?.();
      if (p.place) {
        if (!place) return;
        Object.assign(box.style, { left: `${place.left}px`, top: `${place.top}px`, width: `${place.width}px`, height: `${place.height}px` });
      }
      const cssW = box.clientWidth;
      const cssH = box.clientHeight;
      const ratio = window.devicePixelRatio || 1;
      const w = Math.round(cssW * ratio);
      const h = Math.round(cssH * ratio);
      if (el.width !== w || el.height !== h) {
        el.width = w;
        el.height = h;
      }
      const ctx = el.getContext("2d")!;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, w, h);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      const v = p.view(cssW, cssH);
      viewRef.current = v;
      p.backdrop?.(ctx, v, cssW, cssH);
      const under = (p.under ?? []).filter((item) => !p.filter || p.filter(item));
      const shown = mine();
      under.forEach((item) => drawItem(ctx, item, v));
      // A text item being edited shows in its text box only.
      shown.forEach(([id, item]) => id !== textRef.current?.id && drawItem(ctx, previewed(id, item), v));
      const remote = p.remote();
      remote.forEach(({ item, name, color }) => {
        drawItem(ctx, item, v);
        if (name && item.points.length >= 2) {
          const s = toScreen(item, v);
          const x = s.points[s.points.length - 2] + 8;
          const y = s.points[s.points.length - 1] + 8;
          ctx.save();
          ctx.font = `600 12px ${FONT}`;
          const tw = ctx.measureText(name).width;
          ctx.fillStyle = color && /^#[0-9a-f]{3,8}$/i.test(color) ? color : "#4f46e5";
          ctx.beginPath();
          ctx.roundRect(x, y, tw + 12, 20, 10);
          ctx.fill();
          ctx.fillStyle = "#ffffff";
          ctx.textBaseline = "middle";
          ctx.fillText(name, x + 6, y + 10);
          ctx.restore();
        }
      });
      const g = gesture.current;
      if (g?.kind === "draw") {
        const item = makeItem(p.tool, g.points, p.style, p.me);
        if (item) drawItem(ctx, item, v);
      }
      if (g?.kind === "marquee") {
        ctx.save();
        ctx.fillStyle = "rgba(79, 70, 229, 0.08)";
        ctx.strokeStyle = "#4f46e5";
        ctx.setLineDash([4, 3]);
        const b = boxFrom(g.x0, g.y0, g.x1, g.y1);
        ctx.fillRect(b.x, b.y, b.w, b.h);
        ctx.strokeRect(b.x, b.y, b.w, b.h);
        ctx.restore();
      }
      const sel = selectionBox(ctx);
      if (sel) drawSelection(ctx, toModelBox(sel, { sx: 1, sy: 1, ox: 0, oy: 0, ws: 1 }), { sx: 1, sy: 1, ox: 0, oy: 0, ws: 1 }, true);
      el.dataset.visibleStrokes = String(shown.length + under.length);
      el.dataset.mine = String(shown.length);
      el.dataset.remoteDrawing = String(remote.length);
      el.dataset.selected = String(selectionRef.current.length);
    };
    render();
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const local = (event: { clientX: number; clientY: number }) => {
    const r = canvas.current!.getBoundingClientRect();
    return [event.clientX - r.left, event.clientY - r.top] as const;
  };
  const toModel = (x: number, y: number) => {
    const v = viewRef.current;
    const r = latest.current.precision ?? round;
    return [r((x - v.ox) / v.sx), r((y - v.oy) / v.sy)];
  };

  /** Touches are ignored once a pen was used (a resting palm must not draw). */
  const accepts = (event: React.PointerEvent) => {
    if (event.pointerType === "pen") penSeen.current = true;
    return !(event.pointerType === "touch" && penSeen.current);
  };

  const erase = (x: number, y: number) => {
    const v = viewRef.current;
    const ctx = ctx2d();
    const gone = mine().filter(([, item]) => hitsScreen(item, v, x, y, ctx)).map(([id]) => id);
    if (gone.length) latest.current.onDelete(gone);
  };

  // The text box being typed: the ref is what counts (Enter and the blur that follows must
  // not place it twice), the state re-renders.
  const textRef = useRef(text);
  textRef.current = text;
  const commitText = () => {
    const draft = textRef.current;
    if (!draft) return;
    textRef.current = null;
    setText(null);
    const value = draft.value.replace(/\s+$/, "").slice(0, MAX_TEXT);
    const p = latest.current;
    const editing = draft.id ? p.items.find(([id]) => id === draft.id) : undefined;
    if (editing) {
      if (!value.trim()) p.onDelete([editing[0]]);
      else if (value !== editing[1].text) p.onChange([[editing[0], { ...editing[1], text: value }]]);
    } else if (value.trim()) {
      const item = makeItem("text", [...draft.point], p.style, p.me);
      if (item) p.onCreate({ ...item, text: value });
    }
    canvas.current?.focus({ preventScroll: true });
  };

  const pinchOf = (): { distance: number; x: number; y: number } => {
    const [[x0, y0], [x1, y1]] = [...touches.current.values()];
    return { distance: Math.max(1, Math.hypot(x1 - x0, y1 - y0)), x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
  };

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const p = latest.current;
    if (event.pointerType === "touch") touches.current.set(event.pointerId, local(event));
    if (touches.current.size === 2 && p.onZoom) {
      // A second finger: whatever the first one started becomes a pinch.
      if (gesture.current?.kind === "draw") p.onProgress(null);
      canvas.current!.setPointerCapture(event.pointerId);
      gesture.current = { kind: "pinch", ...pinchOf() };
      return;
    }
    if (!accepts(event) || event.button > 0) return;
    if (textRef.current) commitText();
    const [x, y] = local(event);
    const el = canvas.current!;
    el.focus({ preventScroll: true });
    if (p.tool === "pointer") {
      if (p.onPan) {
        el.setPointerCapture(event.pointerId);
        gesture.current = { kind: "pan", x, y };
      }
      return;
    }
    el.setPointerCapture(event.pointerId);
    if (p.tool === "eraser") {
      gesture.current = { kind: "erase" };
      return erase(x, y);
    }
    if (p.tool === "text") {
      event.preventDefault();
      const point = toModel(x, y) as [number, number];
      setText({ x, y, point, value: "" });
      return;
    }
    if (p.tool === "select") {
      const ctx = ctx2d();
      const v = viewRef.current;
      const box = selectionBox(ctx);
      if (box && Math.abs(x - (box.x + box.w + 6)) <= 12 && Math.abs(y - (box.y + box.h + 6)) <= 12) {
        gesture.current = { kind: "resize", from: box, to: box };
        return;
      }
      const hit = [...mine()].reverse().find(([, item]) => hitsScreen(item, v, x, y, ctx));
      const inBox = box && x >= box.x - 6 && x <= box.x + box.w + 6 && y >= box.y - 6 && y <= box.y + box.h + 6;
      if (hit) {
        const [id] = hit;
        if (event.shiftKey) setSelection(selectionRef.current.includes(id) ? selectionRef.current.filter((s) => s !== id) : [...selectionRef.current, id]);
        else if (!selectionRef.current.includes(id)) setSelection([id]);
        gesture.current = { kind: "move", x, y, dx: 0, dy: 0 };
      } else if (inBox) {
        gesture.current = { kind: "move", x, y, dx: 0, dy: 0 };
      } else {
        if (!event.shiftKey) setSelection([]);
        gesture.current = { kind: "marquee", x0: x, y0: y, x1: x, y1: y };
      }
      return;
    }
    if (kindOf(p.tool)) {
      const [mx, my] = toModel(x, y);
      gesture.current = { kind: "draw", points: [mx, my] };
      p.onProgress(makeItem(p.tool, [mx, my], p.style, p.me));
    }
  };

  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (event.pointerType === "touch" && touches.current.has(event.pointerId)) touches.current.set(event.pointerId, local(event));
    const g = gesture.current;
    if (!g || !accepts(event)) return;
    const p = latest.current;
    const [x, y] = local(event);
    switch (g.kind) {
      case "pinch": {
        if (touches.current.size < 2) return;
        const now = pinchOf();
        p.onPan?.(now.x - g.x, now.y - g.y);
        p.onZoom?.(now.distance / g.distance, now.x, now.y);
        Object.assign(g, now);
        return;
      }
      case "pan":
        p.onPan?.(x - g.x, y - g.y);
        g.x = x;
        g.y = y;
        return;
      case "erase":
        return erase(x, y);
      case "move":
        g.dx = x - g.x;
        g.dy = y - g.y;
        return;
      case "resize": {
        const w = Math.max(8, x - g.from.x - 6);
        const h = Math.max(8, y - g.from.y - 6);
        g.to = { x: g.from.x, y: g.from.y, w, h };
        return;
      }
      case "marquee":
        g.x1 = x;
        g.y1 = y;
        return;
      case "draw": {
        const [mx, my] = toModel(x, y);
        if (kindOf(p.tool) === "ink") {
          g.points.push(mx, my);
          if (g.points.length >= MAX_POINTS) {
            // A very long stroke: place what is there and go on with a new one from here.
            const item = makeItem(p.tool, g.points, p.style, p.me);
            if (item) p.onCreate(item);
            g.points = [mx, my];
          }
        }
        else g.points = [g.points[0], g.points[1], mx, my];
        p.onProgress(makeItem(p.tool, g.points, p.style, p.me));
      }
    }
  };

  const onPointerUp = (event: React.PointerEvent<HTMLCanvasElement>) => {
    touches.current.delete(event.pointerId);
    const g = gesture.current;
    const p = latest.current;
    if (!g) return;
    if (g.kind === "pinch") {
      if (touches.current.size === 0) gesture.current = null;
      return;
    }
    if (g.kind === "draw") {
      gesture.current = null;
      p.onProgress(null);
      let points = g.points;
      if (kindOf(p.tool) !== "ink" && points.length === 2) return; // a click, not a shape
      if (kindOf(p.tool) !== "ink") {
        const v = viewRef.current;
        if (Math.hypot((points[2] - points[0]) * v.sx, (points[3] - points[1]) * v.sy) < 4) return;
      }
      points = points.map(p.precision ?? round);
      const item = makeItem(p.tool, points, p.style, p.me);
      if (item) p.onCreate(item);
      return;
    }
    if (g.kind === "move" || g.kind === "resize") {
      const moved = g.kind === "move" ? g.dx !== 0 || g.dy !== 0 : g.to !== g.from;
      if (moved) {
        const changes = mine().filter(([id]) => selectionRef.current.includes(id)).map(([id, item]) => [id, previewed(id, item)] as [string, Item]);
        p.onChange(changes);
      }
    }
    if (g.kind === "marquee") {
      const box = boxFrom(g.x0, g.y0, g.x1, g.y1);
      const v = viewRef.current;
      const ctx = ctx2d();
      if (box.w > 3 || box.h > 3) {
        const inside = mine().filter(([, item]) => {
          const b = screenBounds(item, v, ctx);
          return within({ kind: "rect", points: [b.x, b.y, b.x + b.w, b.y + b.h], color: "#000", width: 0.0001, author: "" }, box);
        }).map(([id]) => id);
        setSelection([...new Set([...selectionRef.current, ...inside])]);
      }
    }
    gesture.current = null;
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const p = latest.current;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === "z") {
      event.preventDefault();
      event.stopPropagation();
      return event.shiftKey ? p.onRedo?.() : p.onUndo?.();
    }
    if (mod && event.key.toLowerCase() === "y") {
      event.preventDefault();
      event.stopPropagation();
      return p.onRedo?.();
    }
    if (mod && event.key.toLowerCase() === "a" && p.tool === "select") {
      event.preventDefault();
      return setSelection(mine().map(([id]) => id));
    }
    // Keyboard drawing: Enter places the chosen shape (or a text box) in the middle of the view.
    if (event.key === "Enter" && !mod && wrap.current) {
      const kind = kindOf(p.tool);
      if (kind && kind !== "ink") {
        event.preventDefault();
        event.stopPropagation();
        const w = wrap.current.clientWidth, h = wrap.current.clientHeight;
        if (kind === "text") return setText({ x: w * 0.4, y: h * 0.45, point: toModel(w * 0.4, h * 0.45) as [number, number], value: "" });
        const [x0, y0] = toModel(w * 0.38, h * 0.38);
        const [x1, y1] = toModel(w * 0.62, h * 0.62);
        const item = makeItem(p.tool, [x0, y0, x1, y1], p.style, p.me);
        if (item) p.onCreate(item);
        return;
      }
    }
    const ids = selectionRef.current;
    if (!ids.length) return;
    if (event.key === "Enter" && ids.length === 1) {
      const chosen = mine().find(([id]) => id === ids[0]);
      if (chosen?.[1].kind === "text") {
        event.preventDefault();
        return editText(chosen[0], chosen[1]);
      }
    }
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      event.stopPropagation();
      p.onDelete(ids);
      setSelection([]);
      return;
    }
    if (event.key === "Escape") {
      event.stopPropagation();
      return setSelection([]);
    }
    const step = event.shiftKey ? 10 : 1;
    const arrows: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const d = arrows[event.key];
    if (d) {
      event.preventDefault();
      event.stopPropagation();
      const v = viewRef.current;
      p.onChange(mine().filter(([id]) => ids.includes(id)).map(([id, item]) => [id, translate(item, d[0] / v.sx, d[1] / v.sy)]));
    }
  };

  /** Opens an existing text item for editing (Select tool: double-click, or Enter on it). */
  const editText = (id: string, item: Item) => {
    const v = viewRef.current;
    const s = toScreen(item, v);
    setSelection([]);
    setText({ x: s.points[0], y: s.points[1], point: [item.points[0], item.points[1]], value: item.text ?? "", id, size: item.size, color: item.color });
  };

  const onDoubleClick = (event: React.MouseEvent) => {
    if (latest.current.tool !== "select") return;
    const [x, y] = local(event);
    const v = viewRef.current;
    const hit = [...mine()].reverse().find(([, item]) => item.kind === "text" && hitsScreen(item, v, x, y, ctx2d()));
    if (hit) editText(hit[0], hit[1]);
  };

  const onWheel = (event: React.WheelEvent) => {
    const p = latest.current;
    if (!p.onPan) return;
    if (event.ctrlKey || event.metaKey) {
      const [x, y] = local(event);
      p.onZoom?.(Math.exp(-event.deltaY / 300), x, y);
    } else {
      p.onPan(-event.deltaX, -event.deltaY);
    }
  };

  const cursor = props.tool === "pointer" ? (props.onPan ? "grab" : "default") : props.tool === "select" ? "default" : props.tool === "text" ? "text" : "crosshair";
  return (
    <div ref={wrap} className={`sketch ${props.className ?? ""}`}>
      <canvas
        ref={canvas}
        data-testid={props.testId}
        data-active-tool={props.tool}
        role="img"
        aria-label={props.label}
        aria-describedby={hintId}
        tabIndex={props.tool === "pointer" && !props.onPan ? -1 : 0}
        style={{ cursor }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onKeyDown={onKeyDown}
        onDoubleClick={onDoubleClick}
        onWheel={onWheel}
      />
      {text && (
        <textarea
          className="sketch-text"
          data-testid="text-input"
          aria-label={t("draw.textInput")}
          placeholder={t("draw.textPlaceholder")}
          autoFocus
          value={text.value}
          maxLength={MAX_TEXT}
          style={{
            left: text.x, top: text.y, color: text.color ?? props.style.color,
            fontSize: `${(text.size ?? props.style.size) * viewRef.current.ws}px`,
          }}
          onChange={(e) => setText({ ...text, value: e.target.value })}
          onBlur={commitText}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              commitText();
            }
            if (e.key === "Escape") {
              textRef.current = null;
              setText(null);
              canvas.current?.focus({ preventScroll: true });
            }
          }}
        />
      )}
      <span id={hintId} className="visually-hidden">{t("draw.keyboardHint")}</span>
      {selection.length > 0 && <span className="visually-hidden" aria-live="polite">{t("draw.selected", { count: selection.length })}</span>}
    </div>
  );
});

// Painting items on a 2D canvas, the same for the board and the video layer: a `View` maps
// model units to canvas pixels (board: zoom and pan; video: the content rectangle). Ink is
// drawn with perfect-freehand (a filled outline that tapers like a pen); shapes and text with
// plain canvas paths.
import { getStroke } from "perfect-freehand";
import { bounds, parseItem, visibleAt, type Box, type Item } from "./model";

export interface View {
  /** canvas x = point x × sx + ox (likewise y); widths and font sizes × ws. */
  sx: number;
  sy: number;
  ox: number;
  oy: number;
  ws: number;
}

export const FONT = `"Pretendard", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic", system-ui, sans-serif`;

const X = (v: View, x: number) => x * v.sx + v.ox;
const Y = (v: View, y: number) => y * v.sy + v.oy;

function ink(ctx: CanvasRenderingContext2D, item: Item, v: View) {
  const highlighter = item.tool === "highlighter";
  const size = (highlighter ? item.width * 3 : item.width) * v.ws;
  const input: [number, number][] = [];
  for (let i = 0; i < item.points.length; i += 2) input.push([X(v, item.points[i]), Y(v, item.points[i + 1])]);
  if (highlighter) {
    // A flat marker: constant width, square-ish, translucent.
    ctx.globalAlpha = 0.35;
    ctx.lineWidth = size;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(input[0][0], input[0][1]);
    for (const [x, y] of input.slice(1)) ctx.lineTo(x, y);
    if (input.length === 1) ctx.lineTo(input[0][0] + 0.5, input[0][1] + 0.5);
    ctx.stroke();
    return;
  }
  ctx.fill(outlineOf(item, input, size, v));
}

/**
 * Ink outlines cost the most to compute, and a surface repaints every frame: keep each
 * item's outline for as long as the item object and the view stay the same.
 */
const outlines = new WeakMap<Item, { key: string; path: Path2D }>();

function outlineOf(item: Item, input: [number, number][], size: number, v: View): Path2D {
  const key = `${v.sx},${v.sy},${v.ox},${v.oy},${v.ws}`;
  const cached = outlines.get(item);
  if (cached && cached.key === key) return cached.path;
  const outline = getStroke(input, { size: Math.max(1, size), thinning: 0.45, smoothing: 0.5, streamline: 0.4, simulatePressure: true, last: true });
  const path = new Path2D();
  if (outline.length >= 2) {
    path.moveTo(outline[0][0], outline[0][1]);
    for (let i = 1; i < outline.length; i++) {
      const [x0, y0] = outline[i];
      const [x1, y1] = outline[(i + 1) % outline.length];
      path.quadraticCurveTo(x0, y0, (x0 + x1) / 2, (y0 + y1) / 2);
    }
    path.closePath();
  }
  outlines.set(item, { key, path });
  return path;
}

export function drawItem(ctx: CanvasRenderingContext2D, item: Item, v: View) {
  ctx.save();
  ctx.strokeStyle = item.color;
  ctx.fillStyle = item.color;
  ctx.lineWidth = Math.max(1, item.width * v.ws);
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  const p = item.points;
  switch (item.kind) {
    case "ink":
      ink(ctx, item, v);
      break;
    case "line":
    case "arrow": {
      const [x0, y0, x1, y1] = [X(v, p[0]), Y(v, p[1]), X(v, p[2]), Y(v, p[3])];
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
      if (item.kind === "arrow") {
        const angle = Math.atan2(y1 - y0, x1 - x0);
        const head = Math.max(10, item.width * v.ws * 4);
        ctx.beginPath();
        ctx.moveTo(x1, y1);
        ctx.lineTo(x1 - head * Math.cos(angle - Math.PI / 7), y1 - head * Math.sin(angle - Math.PI / 7));
        ctx.lineTo(x1 - head * Math.cos(angle + Math.PI / 7), y1 - head * Math.sin(angle + Math.PI / 7));
        ctx.closePath();
        ctx.fill();
      }
      break;
    }
    case "rect":
    case "ellipse": {
      const b = bounds(item);
      const [x, y, w, h] = [X(v, b.x), Y(v, b.y), b.w * v.sx, b.h * v.sy];
      ctx.beginPath();
      if (item.kind === "rect") ctx.rect(x, y, w, h);
      else ctx.ellipse(x + w / 2, y + h / 2, w / 2, h / 2, 0, 0, Math.PI * 2);
      ctx.stroke();
      break;
    }
    case "text": {
      const size = (item.size ?? 16) * v.ws;
      ctx.font = `500 ${size}px ${FONT}`;
      ctx.textBaseline = "top";
      (item.text ?? "").split("\n").forEach((line, i) => ctx.fillText(line, X(v, p[0]), Y(v, p[1]) + i * size * 1.25));
      break;
    }
  }
  ctx.restore();
}

/** A dashed selection box with a resize handle at its bottom-right corner. */
export function drawSelection(ctx: CanvasRenderingContext2D, box: Box, v: View, handle: boolean) {
  const pad = 6;
  const [x, y, w, h] = [X(v, box.x) - pad, Y(v, box.y) - pad, box.w * v.sx + pad * 2, box.h * v.sy + pad * 2];
  ctx.save();
  ctx.strokeStyle = "#4f46e5";
  ctx.lineWidth = 1.5;
  ctx.setLineDash([6, 4]);
  ctx.strokeRect(x, y, w, h);
  if (handle) {
    ctx.setLineDash([]);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(x + w - 6, y + h - 6, 12, 12);
    ctx.strokeRect(x + w - 6, y + h - 6, 12, 12);
  }
  ctx.restore();
}

/**
 * Paints the video items of `maps` (each a layer's `strokes` values) visible at `ms` on a
 * canvas of the picture's size: for snapshots and exports of a frame with its drawings.
 * Malformed values are skipped.
 */
export function drawVideoItems(ctx: CanvasRenderingContext2D, values: Iterable<unknown>, ms: number, width: number, height: number) {
  const items: Item[] = [];
  for (const value of values) {
    const item = parseItem(value);
    if (item && visibleAt(item, ms)) items.push(item);
  }
  items.sort((a, b) => (a.z ?? 0) - (b.z ?? 0));
  const view = { sx: width, sy: height, ox: 0, oy: 0, ws: width / 640 };
  items.forEach((item) => drawItem(ctx, item, view));
}

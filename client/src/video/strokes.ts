// The video's content rectangle, and the stroke shape of the first drawing layer:
// `{t, d, tool, color, width, points, author}` in the `strokes` map; `t`/`d` in ms of video
// time; points flat `[x0, y0, …]`, normalised to the video's content rectangle. The drawing
// model (shapes, text, both layers) is now `draw/model.ts`, which reads these strokes as ink;
// `drawStroke`/`isStroke` remain for the snapshot until it moves to `draw/render.ts`
// (`drawVideoItems`).

export type Tool = "pointer" | "pen" | "highlighter" | "eraser";

export interface Stroke {
  t: number;
  d: number;
  tool: "pen" | "highlighter";
  color: string;
  width: number;
  points: number[];
  author: string;
}

/** Where the picture sits inside the element (letterboxing), in CSS pixels. */
export function contentRect(video: HTMLVideoElement) {
  const width = video.clientWidth;
  const height = video.clientHeight;
  const vw = video.videoWidth || 16;
  const vh = video.videoHeight || 9;
  const scale = Math.min(width / vw, height / vh);
  const w = vw * scale;
  const h = vh * scale;
  return { left: (width - w) / 2, top: (height - h) / 2, width: w, height: h };
}

export function visibleAt(stroke: Stroke, ms: number): boolean {
  return isStroke(stroke) && stroke.t <= ms && ms < stroke.t + stroke.d;
}

export function drawStroke(ctx: CanvasRenderingContext2D, stroke: Pick<Stroke, "tool" | "color" | "width" | "points">, w: number, h: number) {
  const points = stroke.points;
  if (points.length < 2) return;
  ctx.save();
  ctx.strokeStyle = stroke.color;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.globalAlpha = stroke.tool === "highlighter" ? 0.35 : 1;
  ctx.lineWidth = (stroke.tool === "highlighter" ? stroke.width * 3 : stroke.width) * (w / 640);
  ctx.beginPath();
  ctx.moveTo(points[0] * w, points[1] * h);
  for (let i = 2; i < points.length; i += 2) ctx.lineTo(points[i] * w, points[i + 1] * h);
  if (points.length === 2) ctx.lineTo(points[0] * w + 0.5, points[1] * h + 0.5);
  ctx.stroke();
  ctx.restore();
}

/** True when (x, y) (normalised) lies within `radius` of the stroke's path. */
export function hits(stroke: Stroke, x: number, y: number, radius: number): boolean {
  for (let i = 0; i < stroke.points.length; i += 2) {
    if (Math.hypot(stroke.points[i] - x, stroke.points[i + 1] - y) <= radius) return true;
  }
  return false;
}

/** Shared data is untrusted: only well-formed strokes are drawn. */
export function isStroke(value: unknown): value is Stroke {
  const s = value as Stroke;
  return Boolean(s) && typeof s === "object" && typeof s.t === "number" && typeof s.d === "number"
    && (s.tool === "pen" || s.tool === "highlighter") && typeof s.color === "string" && /^#[0-9a-f]{3,8}$/i.test(s.color)
    && typeof s.width === "number" && s.width > 0 && s.width <= 64
    && Array.isArray(s.points) && s.points.length % 2 === 0 && s.points.every((n) => typeof n === "number" && Number.isFinite(n));
}

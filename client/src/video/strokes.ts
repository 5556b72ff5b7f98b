// The video's content rectangle, and the stroke shape of the first drawing layer:
// `{t, d, tool, color, width, points, author}` in the `strokes` map; `t`/`d` in ms of video
// time; points flat `[x0, y0, …]`, normalised to the video's content rectangle. The drawing
// model (shapes, text, both layers) is `draw/model.ts`, whose parser (collab/schema.ts) reads
// these strokes as ink; snapshots draw through `draw/render.ts` (`drawVideoItems`).

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

// The drawing layer: a canvas over the video's content rectangle (see docs/client.md).
// Palm rejection: once a pen has touched the canvas, touch input no longer draws.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import * as Y from "yjs";
import type { TicketProvider } from "../collab/provider";
import { contentRect, drawStroke, hits, visibleAt, type Stroke, type Tool } from "./strokes";

export interface Brush {
  tool: Tool;
  color: string;
  width: number;
  /** How long a stroke stays, ms of video time. */
  duration: number;
}

interface Props {
  video: HTMLVideoElement | null;
  strokes: Y.Map<Stroke>;
  provider: TicketProvider;
  brush: Brush;
  me: string;
}

/**
 * A canvas over the video's content rectangle: strokes whose `[t, t+d)` holds the current
 * time, others' strokes still being drawn (awareness `drawing`), and our own.
 */
export function DrawingLayer({ video, strokes, provider, brush, me }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { t } = useTranslation();
  const current = useRef<number[] | null>(null);
  const penSeen = useRef(false);
  const brushRef = useRef(brush);
  brushRef.current = brush;

  useEffect(() => {
    let frame = 0;
    const render = () => {
      frame = requestAnimationFrame(render);
      const el = canvas.current;
      if (!el || !video) return;
      const rect = contentRect(video);
      const ratio = window.devicePixelRatio || 1;
      const width = Math.round(rect.width * ratio);
      const height = Math.round(rect.height * ratio);
      Object.assign(el.style, {
        left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px`,
      });
      if (el.width !== width || el.height !== height) {
        el.width = width;
        el.height = height;
      }
      const ctx = el.getContext("2d")!;
      ctx.clearRect(0, 0, width, height);
      const now = video.currentTime * 1000;
      let visible = 0;
      strokes.forEach((stroke) => {
        if (visibleAt(stroke, now)) {
          visible++;
          drawStroke(ctx, stroke, width, height);
        }
      });
      let remote = 0;
      provider.awareness.getStates().forEach((state, client) => {
        if (client === provider.doc.clientID || !state.drawing || !Array.isArray(state.drawing.points)) return;
        remote++;
        drawStroke(ctx, state.drawing, width, height);
      });
      const b = brushRef.current;
      if (current.current && (b.tool === "pen" || b.tool === "highlighter")) {
        drawStroke(ctx, { tool: b.tool, color: b.color, width: b.width, points: current.current }, width, height);
      }
      el.dataset.visibleStrokes = String(visible);
      el.dataset.remoteDrawing = String(remote);
    };
    render();
    return () => cancelAnimationFrame(frame);
  }, [video, strokes, provider]);

  /** Touches are ignored once a pen was used (a resting palm must not draw). */
  const accepts = (event: React.PointerEvent) => {
    if (event.pointerType === "pen") penSeen.current = true;
    return !(event.pointerType === "touch" && penSeen.current);
  };

  const point = (event: React.PointerEvent) => {
    const rect = canvas.current!.getBoundingClientRect();
    return [
      Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)),
      Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height)),
    ];
  };

  const erase = (x: number, y: number) => {
    const now = (video?.currentTime ?? 0) * 1000;
    strokes.forEach((stroke, id) => {
      if (visibleAt(stroke, now) && hits(stroke, x, y, 0.02)) strokes.delete(id);
    });
  };

  const share = (points: number[] | null) => {
    const b = brushRef.current;
    provider.awareness.setLocalStateField(
      "drawing",
      points && { tool: b.tool, color: b.color, width: b.width, points },
    );
  };

  return (
    <canvas
      ref={canvas}
      className={`drawing ${brush.tool === "pointer" ? "passive" : "active"}`}
      data-testid="drawing-layer"
      aria-label={t("tools.layer")}
      role="img"
      onPointerDown={(event) => {
        if (brush.tool === "pointer" || !accepts(event)) return;
        canvas.current!.setPointerCapture(event.pointerId);
        const [x, y] = point(event);
        if (brush.tool === "eraser") return erase(x, y);
        current.current = [x, y];
        share(current.current);
      }}
      onPointerMove={(event) => {
        if (!accepts(event)) return;
        if (brush.tool === "eraser" && event.buttons) {
          const [x, y] = point(event);
          return erase(x, y);
        }
        if (!current.current) return;
        current.current.push(...point(event));
        share(current.current);
      }}
      onPointerUp={() => {
        const points = current.current;
        current.current = null;
        share(null);
        if (!points || !video || (brush.tool !== "pen" && brush.tool !== "highlighter")) return;
        const stroke: Stroke = {
          t: Math.round(video.currentTime * 1000),
          d: brush.duration,
          tool: brush.tool,
          color: brush.color,
          width: brush.width,
          points: points.map((n) => Math.round(n * 10000) / 10000),
          author: me,
        };
        strokes.set(crypto.randomUUID(), stroke);
      }}
    />
  );
}

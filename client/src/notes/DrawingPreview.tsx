// Drawings as they were, read-only: board pages (1600 × 900 units) and the drawings on the
// video grouped by the second they appear in (normalised points, widths in pixels of a
// 640-wide picture), as SVG. The items come from a document (untrusted): only entries that
// match the schema in docs/collab.md are drawn (collab/schema.ts); text is rendered as text,
// never as markup.
import { parseItem as parseShared, readPages } from "../collab/schema";
import { formatClock } from "../i18n/format";

export interface Item {
  kind: "ink" | "line" | "arrow" | "rect" | "ellipse" | "text";
  points: number[];
  color: string;
  width: number;
  text?: string;
  size?: number;
  highlighter: boolean;
  z: number;
  t?: number;
  d?: number;
  page?: string;
}

/** The document's item (collab/schema.ts, the one parser for shared data) in preview form. */
export function parseItem(value: unknown): Item | null {
  const item = parseShared(value);
  if (!item) return null;
  const { tool, author: _author, z, ...rest } = item;
  return { ...rest, highlighter: tool === "highlighter", z: z ?? 0 };
}

function Shape({ item, sx, sy, k }: { item: Item; sx: number; sy: number; k: number }) {
  const p: [number, number][] = [];
  for (let i = 0; i + 1 < item.points.length; i += 2) p.push([item.points[i] * sx, item.points[i + 1] * sy]);
  const width = item.width * k * (item.highlighter ? 3 : 1);
  const stroke = { fill: "none", stroke: item.color, strokeOpacity: item.highlighter ? 0.35 : 1, strokeWidth: width, strokeLinecap: "round" as const, strokeLinejoin: "round" as const };
  const [[x1, y1], [x2, y2] = [x1, y1]] = p;
  switch (item.kind) {
    case "ink":
      return <path d={p.map(([x, y], i) => `${i ? "L" : "M"}${x} ${y}`).join(" ") + (p.length === 1 ? " l0.1 0" : "")} {...stroke} />;
    case "line":
      return <line x1={x1} y1={y1} x2={x2} y2={y2} {...stroke} />;
    case "arrow": {
      const angle = Math.atan2(y2 - y1, x2 - x1);
      const head = Math.max(width * 4, 10 * k);
      const a = [x2 - head * Math.cos(angle - 0.45), y2 - head * Math.sin(angle - 0.45)];
      const b = [x2 - head * Math.cos(angle + 0.45), y2 - head * Math.sin(angle + 0.45)];
      return <g><line x1={x1} y1={y1} x2={x2} y2={y2} {...stroke} /><path d={`M${a[0]} ${a[1]} L${x2} ${y2} L${b[0]} ${b[1]}`} {...stroke} /></g>;
    }
    case "rect":
      return <rect x={Math.min(x1, x2)} y={Math.min(y1, y2)} width={Math.abs(x2 - x1)} height={Math.abs(y2 - y1)} {...stroke} />;
    case "ellipse":
      return <ellipse cx={(x1 + x2) / 2} cy={(y1 + y2) / 2} rx={Math.abs(x2 - x1) / 2} ry={Math.abs(y2 - y1) / 2} {...stroke} />;
    case "text": {
      const size = (item.size ?? 18) * k;
      return (
        <text x={x1} y={y1} fontSize={size} fill={item.color}>
          {(item.text ?? "").split("\n").map((line, i) => <tspan key={i} x={x1} dy={i ? size * 1.25 : size}>{line}</tspan>)}
        </text>
      );
    }
  }
}

/** One board page. */
export function BoardPagePreview({ title, items }: { title: string; items: Item[] }) {
  return (
    <figure className="drawing-preview" data-testid="preview-board-page">
      <svg viewBox="0 0 1600 900" role="img" aria-label={title}>
        <rect width="1600" height="900" fill="#fff" />
        {items.map((item, i) => <Shape key={i} item={item} sx={1} sy={1} k={1} />)}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

/** The drawings on the video visible at `t` (ms), on a dark frame with the time. */
export function MomentPreview({ t, items, label }: { t: number; items: Item[]; label: string }) {
  return (
    <figure className="drawing-preview" data-testid="preview-moment">
      <svg viewBox="0 0 640 360" role="img" aria-label={`${label} ${formatClock(t / 1000)}`}>
        <rect width="640" height="360" fill="#1f2430" />
        {items.map((item, i) => <Shape key={i} item={item} sx={640} sy={360} k={1} />)}
      </svg>
      <figcaption>{label} · {formatClock(t / 1000)}</figcaption>
    </figure>
  );
}

/** Video drawings grouped by the second they start in, each moment showing all visible then. */
export function moments(strokes: Record<string, unknown>): { t: number; items: Item[] }[] {
  const items = Object.values(strokes).map(parseItem).filter((i): i is Item => i !== null && i.t !== undefined);
  items.sort((a, b) => a.t! - b.t! || a.z - b.z);
  const starts = [...new Set(items.map((i) => Math.floor(i.t! / 1000)))];
  return starts.map((second) => {
    const at = Math.max(...items.filter((i) => Math.floor(i.t! / 1000) === second).map((i) => i.t!));
    return { t: at, items: items.filter((i) => i.t! <= at && at < i.t! + (i.d ?? Infinity)) };
  });
}

/** Board pages in order, with their items. */
export function boardPages(pages: unknown, items: unknown): { id: string; title: string; items: Item[] }[] {
  if (!pages || typeof pages !== "object" || Array.isArray(pages)) return [];
  const list = readPages(Object.entries(pages as Record<string, unknown>));
  const all = Object.values((items && typeof items === "object" && !Array.isArray(items) ? items : {}) as Record<string, unknown>).map(parseItem).filter((i): i is Item => i !== null);
  return list.map(([id, p]) => ({ id, title: p.title, items: all.filter((i) => i.page === id).sort((a, b) => a.z - b.z) }));
}

import type { Brush } from "./DrawingLayer";

const COLORS = ["#e11d48", "#f59e0b", "#16a34a", "#2563eb", "#111827", "#ffffff"];
const DURATIONS = [
  { ms: 3000, label: "3 s" },
  { ms: 5000, label: "5 s" },
  { ms: 10000, label: "10 s" },
  { ms: 30000, label: "30 s" },
  { ms: 24 * 3600 * 1000, label: "to the end" },
];

/** Drawing tools (shortcuts: V pointer, P pen, H highlighter, E eraser, [ ] width). */
export function Toolbar({ brush, setBrush, onSnapshot, canSnapshot }: {
  brush: Brush;
  setBrush: (update: (b: Brush) => Brush) => void;
  onSnapshot: () => void;
  canSnapshot: boolean;
}) {
  const tools: { tool: Brush["tool"]; label: string; key: string }[] = [
    { tool: "pointer", label: "Pointer", key: "V" },
    { tool: "pen", label: "Pen", key: "P" },
    { tool: "highlighter", label: "Highlighter", key: "H" },
    { tool: "eraser", label: "Eraser", key: "E" },
  ];
  return (
    <div className="toolbar" role="toolbar" aria-label="Drawing tools">
      {tools.map(({ tool, label, key }) => (
        <button key={tool} aria-pressed={brush.tool === tool} className={brush.tool === tool ? "active" : ""}
          title={`${label} (${key})`} onClick={() => setBrush((b) => ({ ...b, tool }))}>
          {label}
        </button>
      ))}
      <span className="swatches" aria-label="Colour">
        {COLORS.map((color) => (
          <button key={color} className={`swatch ${brush.color === color ? "active" : ""}`} style={{ background: color }}
            aria-label={`Colour ${color}`} aria-pressed={brush.color === color}
            onClick={() => setBrush((b) => ({ ...b, color }))} />
        ))}
      </span>
      <label>
        Width
        <input type="range" min={1} max={24} value={brush.width}
          onChange={(e) => { const width = Number(e.target.value); setBrush((b) => ({ ...b, width })); }} />
      </label>
      <label>
        Stays
        <select value={brush.duration} onChange={(e) => { const duration = Number(e.target.value); setBrush((b) => ({ ...b, duration })); }}>
          {DURATIONS.map((d) => <option key={d.ms} value={d.ms}>{d.label}</option>)}
        </select>
      </label>
      <button onClick={onSnapshot} disabled={!canSnapshot}>Snapshot</button>
    </div>
  );
}

// Drawing tools as an icon toolbar with tooltips that show the shortcuts (V pointer, P pen,
// H highlighter, E eraser, [ ] width), named colours, width, how long strokes stay, snapshot.
import { Camera, Eraser, Highlighter, MousePointer2, Pen } from "lucide-react";
import { useTranslation } from "react-i18next";
import { IconButton } from "../ui/IconButton";
import type { Brush } from "./DrawingLayer";
import { SHORTCUTS } from "./shortcuts";

export const COLORS = [
  { value: "#e11d48", name: "red" },
  { value: "#f59e0b", name: "amber" },
  { value: "#16a34a", name: "green" },
  { value: "#2563eb", name: "blue" },
  { value: "#111827", name: "black" },
  { value: "#ffffff", name: "white" },
] as const;

const DURATIONS = [3000, 5000, 10000, 30000, 24 * 3600 * 1000];

export function Toolbar({ brush, setBrush, onSnapshot, canSnapshot }: {
  brush: Brush;
  setBrush: (update: (b: Brush) => Brush) => void;
  onSnapshot: () => void;
  canSnapshot: boolean;
}) {
  const { t } = useTranslation();
  const tools = [
    { tool: "pointer", icon: <MousePointer2 size={18} aria-hidden />, key: SHORTCUTS.pointer },
    { tool: "pen", icon: <Pen size={18} aria-hidden />, key: SHORTCUTS.pen },
    { tool: "highlighter", icon: <Highlighter size={18} aria-hidden />, key: SHORTCUTS.highlighter },
    { tool: "eraser", icon: <Eraser size={18} aria-hidden />, key: SHORTCUTS.eraser },
  ] as const;
  return (
    <div className="toolbar" role="toolbar" aria-label={t("tools.label")}>
      <span className="tool-group">
        {tools.map(({ tool, icon, key }) => (
          <IconButton key={tool} label={t(`tools.${tool}`)} shortcut={key} icon={icon} aria-pressed={brush.tool === tool}
            data-tool={tool} onClick={() => setBrush((b) => ({ ...b, tool }))} />
        ))}
      </span>
      <span className="tool-group swatches" role="group" aria-label={t("tools.colour")}>
        {COLORS.map(({ value, name }) => (
          <button key={value} type="button" className="swatch" style={{ background: value }}
            aria-label={t(`colours.${name}`)} aria-pressed={brush.color === value}
            onClick={() => setBrush((b) => ({ ...b, color: value }))} />
        ))}
      </span>
      <label className="tool-field">
        <span>{t("tools.width")}</span>
        <input type="range" min={1} max={24} value={brush.width} aria-keyshortcuts="[ ]"
          onChange={(e) => { const width = Number(e.target.value); setBrush((b) => ({ ...b, width })); }} />
      </label>
      <label className="tool-field">
        <span>{t("tools.stays")}</span>
        <select value={brush.duration} onChange={(e) => { const duration = Number(e.target.value); setBrush((b) => ({ ...b, duration })); }}>
          {DURATIONS.map((ms) => (
            <option key={ms} value={ms}>{ms >= 3600_000 ? t("tools.toTheEnd") : t("tools.seconds", { count: ms / 1000 })}</option>
          ))}
        </select>
      </label>
      <IconButton label={t("tools.snapshot")} icon={<Camera size={18} aria-hidden />} showLabel onClick={onSnapshot}
        disabled={!canSnapshot} />
    </div>
  );
}

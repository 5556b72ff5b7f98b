// Tools for drawing on the video: the board's tool picker (pointer, select, pen,
// highlighter, eraser, line, arrow, rectangle, ellipse, text; colours, width, undo/redo),
// how long new drawings stay, copying a selection from the private layer to the shared one,
// and the snapshot. Tooltips show the shortcuts (shortcuts.ts).
import { Camera, Copy } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useLayers, type Undo } from "../draw/layers";
import { ToolPicker } from "../draw/ToolPicker";
import { TOOLS, type Tool } from "../draw/tools";
import { IconButton } from "../ui/IconButton";
import type { Brush } from "./DrawingLayer";
import { SHORTCUTS } from "./shortcuts";

export { COLORS } from "../draw/ToolPicker";

const DURATIONS = [3000, 5000, 10000, 30000, 24 * 3600 * 1000];

const KEYS: Partial<Record<Tool, string>> = {
  pointer: SHORTCUTS.pointer, pen: SHORTCUTS.pen, highlighter: SHORTCUTS.highlighter, eraser: SHORTCUTS.eraser,
  select: SHORTCUTS.select, arrow: SHORTCUTS.arrow, rect: SHORTCUTS.rect, ellipse: SHORTCUTS.ellipse, text: SHORTCUTS.text,
};

export function Toolbar({ brush, setBrush, onSnapshot, canSnapshot, undo, selection, onCopy }: {
  brush: Brush;
  setBrush: (update: (b: Brush) => Brush) => void;
  onSnapshot: () => void;
  canSnapshot: boolean;
  undo: Undo;
  /** How many drawings are selected, and copying them to the shared layer (private layer only). */
  selection: number;
  onCopy: () => void;
}) {
  const { t } = useTranslation();
  const { active } = useLayers();
  return (
    <div className={`toolbar video-toolbar is-${active}`} role="toolbar" aria-label={t("tools.label")}>
      <ToolPicker tools={TOOLS} brush={brush} shortcuts={KEYS} undo={undo}
        setBrush={(update) => setBrush((b) => ({ ...b, ...update(b) }))} />
      <label className="tool-field">
        <span>{t("tools.stays")}</span>
        <select value={brush.duration} onChange={(e) => { const duration = Number(e.target.value); setBrush((b) => ({ ...b, duration })); }}>
          {DURATIONS.map((ms) => (
            <option key={ms} value={ms}>{ms >= 3600_000 ? t("tools.toTheEnd") : t("tools.seconds", { count: ms / 1000 })}</option>
          ))}
        </select>
      </label>
      {selection > 0 && active === "private" && (
        <button type="button" className="button small" onClick={onCopy} data-testid="copy-video-selection">
          <Copy size={16} aria-hidden /> {t("draw.copyToShared")}
        </button>
      )}
      <IconButton label={t("tools.snapshot")} icon={<Camera size={18} aria-hidden />} showLabel onClick={onSnapshot}
        disabled={!canSnapshot} />
    </div>
  );
}

// The drawing tools as icon buttons with tooltips, named colours and a width slider: the
// same picker for the board and for drawing on the video.
import { Circle, Eraser, SquareDashedMousePointer, Hand, Highlighter, Minus, MousePointer2, MoveUpRight, Pen, Redo2, Square, Type, Undo2 } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { IconButton } from "../ui/IconButton";
import type { Tool } from "./tools";
import type { Undo } from "./layers";

export const COLORS = [
  { value: "#e11d48", name: "red" },
  { value: "#f59e0b", name: "amber" },
  { value: "#16a34a", name: "green" },
  { value: "#2563eb", name: "blue" },
  { value: "#111827", name: "black" },
  { value: "#ffffff", name: "white" },
] as const;

const ICONS: Record<Tool, ReactNode> = {
  pointer: <MousePointer2 size={18} aria-hidden />,
  select: <SquareDashedMousePointer size={18} aria-hidden />,
  pen: <Pen size={18} aria-hidden />,
  highlighter: <Highlighter size={18} aria-hidden />,
  eraser: <Eraser size={18} aria-hidden />,
  line: <Minus size={18} aria-hidden />,
  arrow: <MoveUpRight size={18} aria-hidden />,
  rect: <Square size={18} aria-hidden />,
  ellipse: <Circle size={18} aria-hidden />,
  text: <Type size={18} aria-hidden />,
};

export interface Brush {
  tool: Tool;
  color: string;
  width: number;
}

export function ToolPicker({ tools, brush, setBrush, shortcuts = {}, undo, panTool, colours = COLORS }: {
  tools: readonly Tool[];
  brush: Brush;
  setBrush: (update: (b: Brush) => Brush) => void;
  shortcuts?: Partial<Record<Tool, string>>;
  undo?: Undo;
  /** The board's pointer tool pans ("Hand"). */
  panTool?: boolean;
  colours?: readonly { value: string; name: string }[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <span className="tool-group" role="group" aria-label={t("draw.tools")}>
        {tools.map((tool) => (
          <IconButton key={tool} label={t(tool === "pointer" && panTool ? "draw.tool.pan" : `draw.tool.${tool}`)} shortcut={shortcuts[tool]}
            icon={tool === "pointer" && panTool ? <Hand size={18} aria-hidden /> : ICONS[tool]} aria-pressed={brush.tool === tool}
            data-tool={tool} onClick={() => setBrush((b) => ({ ...b, tool }))} />
        ))}
      </span>
      <span className="tool-group swatches" role="group" aria-label={t("tools.colour")}>
        {colours.map(({ value, name }) => (
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
      {undo && (
        <span className="tool-group" role="group" aria-label={t("draw.history")}>
          <IconButton label={t("draw.undo")} shortcut="Ctrl+Z" icon={<Undo2 size={18} aria-hidden />} disabled={!undo.canUndo} onClick={undo.undo} data-testid="undo" />
          <IconButton label={t("draw.redo")} shortcut="Ctrl+Shift+Z" icon={<Redo2 size={18} aria-hidden />} disabled={!undo.canRedo} onClick={undo.redo} data-testid="redo" />
        </span>
      )}
    </>
  );
}

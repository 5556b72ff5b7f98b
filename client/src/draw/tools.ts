// The drawing tools shared by the board and the video layer, and what a new item looks like
// for each. "pointer" lets clicks through to the video (on the board it pans).
import type { Item, Kind } from "./model";

export type Tool = "pointer" | "select" | "pen" | "highlighter" | "eraser" | "line" | "arrow" | "rect" | "ellipse" | "text";

export const TOOLS: readonly Tool[] = ["pointer", "select", "pen", "highlighter", "eraser", "line", "arrow", "rect", "ellipse", "text"];

/** What a drag with `tool` makes. */
export function kindOf(tool: Tool): Kind | null {
  switch (tool) {
    case "pen":
    case "highlighter":
      return "ink";
    case "line":
    case "arrow":
    case "rect":
    case "ellipse":
    case "text":
      return tool;
    default:
      return null;
  }
}

export interface Style {
  color: string;
  /** Line width in the surface's width unit. */
  width: number;
  /** Font size for text, same unit. */
  size: number;
}

/** A new item of `tool` from `points` (model units). */
export function makeItem(tool: Tool, points: number[], style: Style, author: string): Item | null {
  const kind = kindOf(tool);
  if (!kind) return null;
  const item: Item = { kind, points, color: style.color, width: style.width, author, z: Date.now() };
  if (kind === "ink") item.tool = tool === "highlighter" ? "highlighter" : "pen";
  if (kind === "text") item.size = style.size;
  return item;
}

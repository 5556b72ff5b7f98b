// The player's and drawing tools' keyboard shortcuts, as one table (shown in tooltips) and
// a pure resolver from a key to an action. Ignored while typing (inputs, the memo).

import type { Tool } from "../draw/tools";

export type Action =
  | { kind: "toggle" }
  | { kind: "seekBy"; seconds: number }
  | { kind: "frame"; direction: 1 | -1 }
  | { kind: "fullscreen" }
  | { kind: "mute" }
  | { kind: "tool"; tool: Tool }
  | { kind: "width"; delta: number };

export const SHORTCUTS = {
  play: "K",
  back5: "←",
  forward5: "→",
  back10: "J",
  forward10: "L",
  previousFrame: ",",
  nextFrame: ".",
  fullscreen: "F",
  mute: "M",
  pointer: "V",
  pen: "P",
  highlighter: "H",
  eraser: "E",
  select: "S",
  arrow: "A",
  rect: "R",
  ellipse: "O",
  text: "T",
} as const;

export function actionFor(key: string): Action | null {
  switch (key) {
    case " ":
    case "k":
    case "K":
      return { kind: "toggle" };
    case "ArrowLeft":
      return { kind: "seekBy", seconds: -5 };
    case "ArrowRight":
      return { kind: "seekBy", seconds: 5 };
    case "j":
    case "J":
      return { kind: "seekBy", seconds: -10 };
    case "l":
    case "L":
      return { kind: "seekBy", seconds: 10 };
    case ",":
      return { kind: "frame", direction: -1 };
    case ".":
      return { kind: "frame", direction: 1 };
    case "f":
    case "F":
      return { kind: "fullscreen" };
    case "m":
    case "M":
      return { kind: "mute" };
    case "v":
      return { kind: "tool", tool: "pointer" };
    case "p":
      return { kind: "tool", tool: "pen" };
    case "h":
      return { kind: "tool", tool: "highlighter" };
    case "e":
      return { kind: "tool", tool: "eraser" };
    case "s":
      return { kind: "tool", tool: "select" };
    case "a":
      return { kind: "tool", tool: "arrow" };
    case "r":
      return { kind: "tool", tool: "rect" };
    case "o":
      return { kind: "tool", tool: "ellipse" };
    case "t":
      return { kind: "tool", tool: "text" };
    case "[":
      return { kind: "width", delta: -1 };
    case "]":
      return { kind: "width", delta: 1 };
    default:
      return null;
  }
}

/** True when the key belongs to what has focus (typing, a slider, a button's own Space). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || Boolean(el.closest?.("[role=dialog]"));
}

/** Our renditions are 25–30 fps; a frame step of 1/30 s lands on the next frame or the one after. */
export const FRAME_SECONDS = 1 / 30;

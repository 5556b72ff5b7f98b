// A Quill editor bound to a Y.Text (the shared memo, or private notes). Tab and Shift+Tab
// leave the editor instead of typing a tab, and Esc leaves it too (no keyboard trap, WCAG
// 2.1.2): the keys are caught on the wrapper in the capture phase, before Quill sees them.
// Formats are the whitelist in notes/memoFormats.ts; Alt+T (or the clock button) inserts the
// video's current time as a chip, and clicking a chip seeks the video.
import { useEffect, useRef } from "react";
import { clockOf, MEMO_FORMATS, registerMemoFormats, TOOLBAR } from "../notes/memoFormats";
import { useTranslation } from "react-i18next";
import Quill from "quill";
import { QuillBinding } from "y-quill";
import * as Y from "yjs";
import { toast } from "../ui/toast";
import "quill/dist/quill.snow.css";

const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1']), [contenteditable=true]";

/** The next (or previous) focusable element outside `container`, in document order. */
export function focusOutside(container: HTMLElement, direction: 1 | -1): HTMLElement | null {
  const all = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
  const inside = all.filter((el) => container.contains(el));
  if (inside.length === 0) return null;
  const edge = direction === 1 ? all.indexOf(inside[inside.length - 1]) : all.indexOf(inside[0]);
  const list = direction === 1 ? all.slice(edge + 1) : all.slice(0, edge).reverse();
  return list.find((el) => !container.contains(el)) ?? null;
}

/** Quill's toolbar buttons (named after their format in English) get names in the reader's language. */
const FORMATS = [
  ["header", ".ql-header .ql-picker-label"], ["bold", ".ql-bold"], ["italic", ".ql-italic"], ["underline", ".ql-underline"],
  ["strike", ".ql-strike"], ["colour", ".ql-color .ql-picker-label"], ["highlight", ".ql-background .ql-picker-label"],
  ["numbered", ".ql-list[value=ordered]"], ["bullets", ".ql-list[value=bullet]"], ["checklist", ".ql-list[value=check]"],
  ["quote", ".ql-blockquote"], ["code", ".ql-code-block"], ["link", ".ql-link"], ["timestamp", ".ql-timestamp"], ["clean", ".ql-clean"],
] as const;

const CLOCK = '<svg viewBox="0 0 18 18" aria-hidden="true"><circle class="ql-stroke" cx="9" cy="9" r="6.5"/><polyline class="ql-stroke" points="9 5.5 9 9 11.5 10.5"/></svg>';

export function Memo({ text, label, placeholder, testId, currentTime, onSeek, copyTo }: {
  text: Y.Text; label: string; placeholder: string; testId: string;
  /** Private notes: the shared memo a selected passage can be copied into (formats kept). */
  copyTo?: Y.Text;
  /** The video's time in seconds, for timestamps; without it there is no timestamp button. */
  currentTime?: () => number;
  onSeek?: (seconds: number) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const { t } = useTranslation();
  const quillRef = useRef<Quill | null>(null);
  /** The last selection in the editor (a click on the copy button takes the focus away). */
  const lastRange = useRef<{ index: number; length: number } | null>(null);
  const copySelection = () => {
    const quill = quillRef.current;
    const range = lastRange.current;
    if (!quill || !copyTo || !range || range.length === 0) {
      toast(t("memo.selectFirst"));
      return;
    }
    const ops = quill.getContents(range.index, range.length).ops;
    const text = copyTo.toString();
    // The passage starts on a line of its own and ends with a line break.
    const lead = text.length > 0 && !text.endsWith("\n") ? [{ insert: "\n" }] : [];
    const last = ops[ops.length - 1];
    const tail = typeof last?.insert === "string" && last.insert.endsWith("\n") ? [] : [{ insert: "\n" }];
    copyTo.applyDelta([{ retain: copyTo.length }, ...lead, ...ops, ...tail]);
    toast(t("memo.copied"));
  };
  const timeRef = useRef(currentTime);
  const seekRef = useRef(onSeek);
  timeRef.current = currentTime;
  seekRef.current = onSeek;
  useEffect(() => {
    registerMemoFormats();
    const wrapper = host.current!;
    const container = document.createElement("div");
    wrapper.appendChild(container);
    const insertTimestamp = () => {
      const now = timeRef.current?.();
      if (now === undefined) return;
      const range = quill.getSelection(true);
      const at = range ? range.index : quill.getLength() - 1;
      if (range?.length) quill.deleteText(range.index, range.length, "user");
      quill.insertEmbed(at, "timestamp", Math.round(now * 1000), "user");
      quill.insertText(at + 1, " ", "user");
      quill.setSelection(at + 2, 0, "user");
    };
    const quill = new Quill(container, {
      theme: "snow",
      placeholder,
      formats: MEMO_FORMATS,
      modules: {
        toolbar: { container: currentTime ? TOOLBAR : TOOLBAR.filter((g) => !(g as unknown[]).includes("timestamp")), handlers: { timestamp: insertTimestamp } },
      },
    });
    const clockButton = wrapper.querySelector<HTMLButtonElement>(".ql-timestamp");
    if (clockButton) clockButton.innerHTML = CLOCK;
    quill.root.setAttribute("aria-label", label);
    quill.root.setAttribute("aria-multiline", "true");
    quill.root.setAttribute("role", "textbox");
    const toolbar = wrapper.querySelector<HTMLElement>(".ql-toolbar");
    toolbar?.setAttribute("role", "toolbar");
    toolbar?.setAttribute("aria-label", t("memo.toolbar"));
    for (const [name, selector] of FORMATS) {
      const button = toolbar?.querySelector(selector);
      button?.setAttribute("aria-label", t(`memo.${name}`));
      button?.setAttribute("title", t(`memo.${name}`));
    }
    // The heading picker's names come from CSS in English; data-label puts ours in their place.
    toolbar?.querySelectorAll<HTMLElement>(".ql-header .ql-picker-item, .ql-header .ql-picker-label").forEach((el) => {
      const level = el.dataset.value;
      el.dataset.label = level ? t("memo.heading", { level }) : t("memo.normal");
    });
    const onClick = (event: MouseEvent) => {
      const chip = (event.target as HTMLElement).closest<HTMLElement>(".ql-timestamp[data-ms]");
      if (!chip || !quill.root.contains(chip)) return;
      event.preventDefault();
      seekRef.current?.(Number(chip.dataset.ms) / 1000);
    };
    quill.root.addEventListener("click", onClick);
    const labelChips = () => {
      quill.root.querySelectorAll<HTMLElement>(".ql-timestamp[data-ms]").forEach((chip) => {
        chip.title = t("memo.jumpTo", { time: clockOf(Number(chip.dataset.ms)) });
      });
    };
    quill.on("text-change", labelChips);
    quillRef.current = quill;
    quill.on("selection-change", (range) => {
      if (range) lastRange.current = range;
    });
    const binding = new QuillBinding(text, quill);
    labelChips();
    const onKey = (event: KeyboardEvent) => {
      if (!quill.root.contains(event.target as Node)) return;
      if (event.altKey && event.code === "KeyT" && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        event.stopPropagation();
        insertTimestamp();
      } else if (event.key === "Tab" && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        event.stopPropagation();
        focusOutside(wrapper, event.shiftKey ? -1 : 1)?.focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        quill.blur();
        wrapper.focus();
      }
    };
    wrapper.addEventListener("keydown", onKey, true);
    return () => {
      wrapper.removeEventListener("keydown", onKey, true);
      quill.root.removeEventListener("click", onClick);
      binding.destroy();
      quillRef.current = null;
      wrapper.replaceChildren();
    };
  }, [text, label, placeholder, t, Boolean(currentTime)]);
  const editor = <div ref={host} className="memo" data-testid={testId} tabIndex={-1} aria-label={label} role="region" />;
  if (!copyTo) return editor;
  return (
    <>
      {editor}
      <div className="memo-actions">
        <button type="button" className="button small" data-testid="copy-to-shared"
          onMouseDown={(event) => event.preventDefault()} onClick={copySelection}>
          {t("memo.copyToShared")}
        </button>
      </div>
    </>
  );
}

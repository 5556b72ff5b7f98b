// A Quill editor bound to a Y.Text (the shared memo, or private notes). Tab and Shift+Tab
// leave the editor instead of typing a tab, and Esc leaves it too (no keyboard trap, WCAG
// 2.1.2): the keys are caught on the wrapper in the capture phase, before Quill sees them.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import Quill from "quill";
import { QuillBinding } from "y-quill";
import * as Y from "yjs";
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
const FORMATS = [["bold", ".ql-bold"], ["italic", ".ql-italic"], ["underline", ".ql-underline"], ["bullets", ".ql-list"], ["link", ".ql-link"]] as const;

export function Memo({ text, label, placeholder, testId }: { text: Y.Text; label: string; placeholder: string; testId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const { t } = useTranslation();
  useEffect(() => {
    const wrapper = host.current!;
    const container = document.createElement("div");
    wrapper.appendChild(container);
    const quill = new Quill(container, {
      theme: "snow",
      placeholder,
      modules: { toolbar: [["bold", "italic", "underline"], [{ list: "bullet" }], ["link"]] },
    });
    quill.root.setAttribute("aria-label", label);
    quill.root.setAttribute("aria-multiline", "true");
    quill.root.setAttribute("role", "textbox");
    const toolbar = wrapper.querySelector<HTMLElement>(".ql-toolbar");
    toolbar?.setAttribute("role", "toolbar");
    toolbar?.setAttribute("aria-label", t("memo.toolbar"));
    for (const [name, selector] of FORMATS) toolbar?.querySelector(selector)?.setAttribute("aria-label", t(`memo.${name}`));
    const binding = new QuillBinding(text, quill);
    const onKey = (event: KeyboardEvent) => {
      if (!quill.root.contains(event.target as Node)) return;
      if (event.key === "Tab" && !event.ctrlKey && !event.metaKey && !event.altKey) {
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
      binding.destroy();
      wrapper.replaceChildren();
    };
  }, [text, label, placeholder, t]);
  return <div ref={host} className="memo" data-testid={testId} tabIndex={-1} aria-label={label} role="region" />;
}

// A memo as it was, formatted with the same Quill formats as the editor and read-only
// (timestamps show as chips, snapshots as their images). The delta comes from the server;
// only whitelisted ops are rendered (notes/memoFormats.ts).
import { useEffect, useRef } from "react";
import Quill from "quill";
import { allowedOp, MEMO_FORMATS, registerMemoFormats } from "./memoFormats";

type Op = { insert?: unknown; attributes?: Record<string, unknown> };

export function MemoPreview({ delta, label }: { delta: Op[]; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    registerMemoFormats();
    const container = document.createElement("div");
    host.current!.appendChild(container);
    const quill = new Quill(container, { readOnly: true, formats: MEMO_FORMATS, modules: { toolbar: false } });
    quill.setContents(delta.filter(allowedOp) as never, "silent");
    quill.root.setAttribute("aria-label", label);
    quill.root.setAttribute("aria-readonly", "true");
    quill.root.setAttribute("role", "document");
    quill.root.removeAttribute("contenteditable");
    quill.root.tabIndex = 0;
    const wrapper = host.current!;
    return () => wrapper.replaceChildren();
  }, [delta, label]);
  return <div ref={host} className="memo-preview" data-testid="preview-memo" />;
}

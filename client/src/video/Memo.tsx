import { useEffect, useRef } from "react";
import Quill from "quill";
import { QuillBinding } from "y-quill";
import * as Y from "yjs";
import "quill/dist/quill.snow.css";

/** A Quill editor bound to a Y.Text (the shared memo, or personal notes). */
export function Memo({ text, label }: { text: Y.Text; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = document.createElement("div");
    host.current!.appendChild(container);
    const quill = new Quill(container, {
      theme: "snow",
      placeholder: "Write together…",
      modules: { toolbar: [["bold", "italic", "underline"], [{ list: "bullet" }], ["link"]] },
    });
    const binding = new QuillBinding(text, quill);
    return () => {
      binding.destroy();
      host.current?.replaceChildren();
    };
  }, [text]);
  return <div ref={host} className="memo" data-testid={`memo-${label}`} aria-label={label} />;
}

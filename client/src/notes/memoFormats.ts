// The memo's formats: the whitelist Quill is limited to (the server refuses anything else,
// src/collab/memo_schema.rs; keep the two in step), and the two embeds this product adds:
// a timestamp chip (`{timestamp: ms}`, seeks the video when clicked) and a snapshot image
// (`{snapshot: id}`: the id of one of this server's snapshots, resolved to a signed URL each
// time it is shown, so it still shows after the URL of last week has expired).
import i18n from "i18next";
import Quill from "quill";
import { parseSnapshotId, parseTimestampMs } from "../collab/schema";
import { formatClock } from "../i18n/format";
import { snapshotUrl } from "./snapshotUrl";
import "./notes.css";

export const MEMO_FORMATS = [
  "bold", "italic", "underline", "strike", "code", "color", "background", "link",
  "header", "list", "blockquote", "code-block", "indent", "align",
  "timestamp", "snapshot",
];

export const TOOLBAR: unknown[][] = [
  [{ header: [1, 2, 3, false] }],
  ["bold", "italic", "underline", "strike"],
  [{ color: [] }, { background: [] }],
  [{ list: "ordered" }, { list: "bullet" }, { list: "check" }],
  ["blockquote", "code-block", "link"],
  ["timestamp"],
  ["clean"],
];

/** A snapshot id → a URL to show it now (signed, short-lived), or null when it is gone. */
type Resolver = (id: string) => Promise<string | null>;
let resolveSnapshot: Resolver = snapshotUrl;
export function setSnapshotResolver(resolver: Resolver) {
  resolveSnapshot = resolver;
}

const EmbedBase = Quill.import("blots/embed") as unknown as {
  new (...args: unknown[]): object;
  create(value?: unknown): HTMLElement;
};
const Parchment = Quill.import("parchment") as unknown as { EmbedBlot: { new (...args: unknown[]): object; create(value?: unknown): HTMLElement } };

export function clockOf(ms: number): string {
  return formatClock(Math.max(0, ms) / 1000);
}

class TimestampBlot extends EmbedBase {
  static blotName = "timestamp";
  static tagName = "span";
  static className = "ql-timestamp";
  static create(value: unknown) {
    const node = super.create(value) as HTMLElement;
    // Embeds come from the shared memo (untrusted): a malformed time shows as 0:00.
    const ms = parseTimestampMs(value) ?? 0;
    node.dataset.ms = String(ms);
    node.setAttribute("data-testid", "timestamp-chip");
    node.textContent = clockOf(ms);
    return node;
  }
  static value(node: HTMLElement) {
    return Number(node.dataset.ms);
  }
}

/** A grey frame with a struck-out camera, for a snapshot that was deleted (shown only). */
const MISSING = "data:image/svg+xml," + encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 160 90"><rect width="160" height="90" fill="#eef0f4"/>'
  + '<g fill="none" stroke="#9aa1ad" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"><rect x="62" y="34" width="36" height="26" rx="4"/><path d="M72 34l4-6h8l4 6"/><circle cx="80" cy="47" r="6"/><path d="M58 26l44 40"/></g></svg>');

class SnapshotBlot extends Parchment.EmbedBlot {
  static blotName = "snapshot";
  static tagName = "img";
  static className = "ql-snapshot";
  static create(value: unknown) {
    const node = super.create(value) as HTMLImageElement;
    const id = parseSnapshotId(value) ?? "";
    node.dataset.snapshot = id;
    node.setAttribute("data-testid", "memo-snapshot");
    node.alt = i18n.t("snapshots.image");
    const missing = () => {
      node.classList.add("missing");
      node.src = MISSING;
      node.alt = i18n.t("snapshots.missing");
    };
    if (id) void resolveSnapshot(id).then((url) => (url ? (node.src = url) : missing()));
    else missing();
    return node;
  }
  static value(node: HTMLElement) {
    return node.dataset.snapshot ?? "";
  }
}

let registered = false;
export function registerMemoFormats() {
  if (registered) return;
  registered = true;
  Quill.register({ "formats/timestamp": TimestampBlot, "formats/snapshot": SnapshotBlot } as never, true);
}

/** Whether a Quill delta op holds only whitelisted formats and embeds (for previews of
 * untrusted content: anything else is dropped rather than rendered). */
export function allowedOp(op: { insert?: unknown; attributes?: Record<string, unknown> }): boolean {
  if (op.attributes && Object.keys(op.attributes).some((k) => !MEMO_FORMATS.includes(k))) return false;
  if (typeof op.insert === "string") return true;
  if (op.insert && typeof op.insert === "object") {
    const keys = Object.keys(op.insert);
    return keys.length === 1 && (keys[0] === "timestamp" || keys[0] === "snapshot");
  }
  return false;
}

// The uploads in progress, kept outside any screen so they go on while the reader moves
// around the app; while one is sending, leaving the page asks first (beforeunload).
import { useSyncExternalStore } from "react";
import { Transfer, UploadError } from "./transfer";

export interface UploadRow {
  key: number;
  spaceId: string;
  name: string;
  fraction: number;
  state: "sending" | "failed" | "done";
  error?: unknown;
  transfer?: Transfer;
}

let rows: UploadRow[] = [];
let nextKey = 1;
const listeners = new Set<() => void>();

function emit() {
  rows = [...rows];
  listeners.forEach((listener) => listener());
}

function patch(row: UploadRow, change: Partial<UploadRow>) {
  Object.assign(row, change);
  emit();
}

export function sending(): boolean {
  return rows.some((row) => row.state === "sending");
}

function onBeforeUnload(event: BeforeUnloadEvent) {
  if (!sending()) return;
  event.preventDefault();
  // Chromium still wants returnValue set to show the dialog.
  event.returnValue = "";
}
window.addEventListener("beforeunload", onBeforeUnload);

async function drive(row: UploadRow) {
  patch(row, { state: "sending", error: undefined });
  try {
    await row.transfer!.run();
    rows = rows.filter((r) => r !== row);
    emit();
  } catch (error) {
    if (error instanceof UploadError && error.kind === "cancelled") {
      rows = rows.filter((r) => r !== row);
      emit();
    } else {
      patch(row, { state: "failed", error });
    }
  }
}

export async function startUploads(spaceId: string, files: Iterable<File>) {
  for (const file of files) {
    const row: UploadRow = { key: nextKey++, spaceId, name: file.name, fraction: 0, state: "sending" };
    rows = [...rows, row];
    emit();
    try {
      row.transfer = await Transfer.create(spaceId, file, (fraction) => patch(row, { fraction }));
    } catch (error) {
      patch(row, { state: "failed", error });
      continue;
    }
    await drive(row);
  }
}

/** Goes on with a failed transfer where it stopped. */
export function resume(row: UploadRow) {
  if (row.transfer?.resumable) void drive(row);
}

export function cancel(row: UploadRow) {
  row.transfer?.cancel();
  rows = rows.filter((r) => r !== row);
  emit();
}

export function dismiss(row: UploadRow) {
  if (row.state === "failed" && row.transfer) row.transfer.cancel();
  rows = rows.filter((r) => r !== row);
  emit();
}

export function useUploads(spaceId: string): UploadRow[] {
  const all = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => rows,
  );
  return all.filter((row) => row.spaceId === spaceId);
}

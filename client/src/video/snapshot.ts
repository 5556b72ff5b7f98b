// A snapshot: the current frame with the drawings visible at that moment, as a PNG saved on
// the reader's individual video.
import * as Y from "yjs";
import { request } from "../api/http";
import { drawVideoItems } from "../draw/render";

/** `strokes` is read through collab/schema.ts: malformed entries are left out of the picture. */
export async function saveSnapshot(video: HTMLVideoElement, strokes: Y.Map<unknown>, individualId: string): Promise<void> {
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext("2d")!;
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  const now = video.currentTime * 1000;
  drawVideoItems(ctx, strokes.values(), now, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("capture");
  const form = new FormData();
  form.append("image", blob, "snapshot.png");
  form.append("video_time_ms", String(Math.round(now)));
  await request(`/api/individual-videos/${individualId}/snapshots`, { method: "POST", body: form });
}

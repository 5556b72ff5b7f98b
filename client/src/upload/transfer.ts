// One file's trip to storage with the instructions the server answers: one PUT, or parts
// (each answer's ETag is kept for upload-complete). XMLHttpRequest, for upload progress.
// A multipart transfer that fails part-way keeps the parts already sent: `resume()` sends
// only the rest (while the presigned URLs last).
import { send } from "../api/http";
import type { CreatedVideo, UploadInstructions, Video } from "../api/types";

export class UploadError extends Error {
  constructor(readonly kind: "network" | "status" | "cancelled", readonly status = 0) {
    super(kind === "cancelled" ? "cancelled" : `upload failed (${kind === "network" ? "network" : status})`);
  }
}

function put(url: string, body: Blob, headers: Record<string, string>, onProgress: (sent: number) => void,
  requests: Set<XMLHttpRequest>): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    requests.add(xhr);
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    const settle = () => requests.delete(xhr);
    xhr.onload = () => {
      settle();
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader("ETag") ?? "");
      else reject(new UploadError("status", xhr.status));
    };
    xhr.onerror = () => { settle(); reject(new UploadError("network")); };
    xhr.onabort = () => { settle(); reject(new UploadError("cancelled")); };
    xhr.send(body);
  });
}

export class Transfer {
  private requests = new Set<XMLHttpRequest>();
  private etags = new Map<number, string>();
  private sentByPart = new Map<number, number>();
  private cancelled = false;

  constructor(
    readonly file: File,
    readonly video: Video,
    private readonly upload: UploadInstructions,
    private readonly onProgress: (fraction: number) => void,
  ) {}

  /** Creates the video in the space, then the transfer (not yet started). */
  static async create(spaceId: string, file: File, onProgress: (fraction: number) => void): Promise<Transfer> {
    const created = await send<CreatedVideo>("POST", `/api/spaces/${spaceId}/videos`, {
      title: file.name.replace(/\.[^.]+$/, "") || file.name,
      size: file.size,
      content_type: file.type || "video/mp4",
    });
    const { upload, ...video } = created;
    return new Transfer(file, video as Video, upload, onProgress);
  }

  /** Whether the presigned URLs still hold, so a failed transfer can go on where it stopped. */
  get resumable(): boolean {
    return !this.cancelled && new Date(this.upload.expires_at).getTime() > Date.now() + 30_000;
  }

  private report() {
    const sent = [...this.sentByPart.values()].reduce((a, b) => a + b, 0);
    this.onProgress(Math.min(1, sent / Math.max(1, this.file.size)));
  }

  /** Sends what is not sent yet and completes the upload. */
  async run(): Promise<Video> {
    let body: unknown = {};
    if (this.upload.method === "PUT") {
      await put(this.upload.url!, this.file, this.upload.headers ?? {}, (sent) => {
        this.sentByPart.set(1, sent);
        this.report();
      }, this.requests);
    } else {
      const partSize = this.upload.part_size!;
      for (const part of this.upload.parts ?? []) {
        if (this.etags.has(part.part_number)) continue;
        const start = (part.part_number - 1) * partSize;
        const chunk = this.file.slice(start, start + partSize);
        const etag = await put(part.url, chunk, {}, (sent) => {
          this.sentByPart.set(part.part_number, sent);
          this.report();
        }, this.requests);
        this.sentByPart.set(part.part_number, chunk.size);
        this.etags.set(part.part_number, etag);
      }
      body = { parts: [...this.etags].sort((a, b) => a[0] - b[0]).map(([part_number, etag]) => ({ part_number, etag })) };
    }
    this.onProgress(1);
    return send<Video>("POST", `/api/videos/${this.video.id}/upload-complete`, body);
  }

  /** Stops sending and deletes the video. */
  cancel() {
    if (this.cancelled) return;
    this.cancelled = true;
    this.requests.forEach((xhr) => xhr.abort());
    void send("DELETE", `/api/videos/${this.video.id}`).catch(() => {});
  }
}

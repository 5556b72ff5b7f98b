// Uploads go straight to storage with the instructions the server answers: one PUT, or parts
// (each answer's ETag is kept for upload-complete). XMLHttpRequest, for upload progress.

import { send, type Video } from "./api";

interface Instructions {
  method: "PUT" | "MULTIPART";
  url?: string;
  headers: Record<string, string>;
  part_size?: number;
  parts?: { part_number: number; url: string }[];
}

export interface Upload {
  video: Video;
  done: Promise<Video>;
  cancel: () => void;
}

function put(url: string, body: Blob, headers: Record<string, string>, onProgress: (sent: number) => void, requests: Set<XMLHttpRequest>): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    requests.add(xhr);
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      requests.delete(xhr);
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader("ETag") ?? "");
      else reject(new Error(`upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error("upload failed (network)"));
    xhr.onabort = () => reject(new Error("cancelled"));
    xhr.send(body);
  });
}

export async function startUpload(spaceId: string, file: File, onProgress: (fraction: number) => void): Promise<Upload> {
  const created = await send<Video & { upload: Instructions }>("POST", `/api/spaces/${spaceId}/videos`, {
    title: file.name.replace(/\.[^.]+$/, "") || file.name,
    size: file.size,
    content_type: file.type || "video/mp4",
  });
  const { upload, ...video } = created;
  const requests = new Set<XMLHttpRequest>();
  let cancelled = false;
  const done = (async () => {
    let body: unknown = {};
    if (upload.method === "PUT") {
      await put(upload.url!, file, upload.headers, (sent) => onProgress(sent / file.size), requests);
    } else {
      const partSize = upload.part_size!;
      const sentByPart = new Map<number, number>();
      const parts = [];
      for (const part of upload.parts!) {
        const start = (part.part_number - 1) * partSize;
        const etag = await put(part.url, file.slice(start, start + partSize), {}, (sent) => {
          sentByPart.set(part.part_number, sent);
          onProgress([...sentByPart.values()].reduce((a, b) => a + b, 0) / file.size);
        }, requests);
        parts.push({ part_number: part.part_number, etag });
      }
      body = { parts };
    }
    onProgress(1);
    return send<Video>("POST", `/api/videos/${video.id}/upload-complete`, body);
  })();
  const cancel = () => {
    if (cancelled) return;
    cancelled = true;
    requests.forEach((xhr) => xhr.abort());
    void send("DELETE", `/api/videos/${video.id}`).catch(() => {});
  };
  return { video: video as Video, done, cancel };
}

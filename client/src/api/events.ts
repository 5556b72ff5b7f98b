// The library's Server-Sent Events (`GET /api/events`), read with fetch (EventSource cannot
// send the Authorization header). Reconnects by itself; `resync` and reconnects tell the
// caller to refetch.

import { renew, token } from "./http";

export interface LibraryEvent {
  type: string;
  space_id?: string;
  video_id?: string;
  status?: string;
  percent?: number;
  reason?: string | null;
  received_bytes?: number;
  total_bytes?: number | null;
  [key: string]: unknown;
}

export function subscribe(onEvent: (name: string, data: LibraryEvent) => void): () => void {
  let stopped = false;
  let controller = new AbortController();
  const run = async () => {
    while (!stopped) {
      try {
        controller = new AbortController();
        let response = await fetch("/api/events", {
          headers: { authorization: `Bearer ${token() ?? ""}` },
          signal: controller.signal,
        });
        if (response.status === 401 && (await renew())) {
          response = await fetch("/api/events", {
            headers: { authorization: `Bearer ${token() ?? ""}` },
            signal: controller.signal,
          });
        }
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let name = "message";
            let data = "";
            for (const line of frame.split("\n")) {
              if (line.startsWith("event: ")) name = line.slice(7);
              else if (line.startsWith("data: ")) data += line.slice(6);
            }
            if (data) onEvent(name, JSON.parse(data));
          }
        }
      } catch {
        // Falls through to the pause and reconnect.
      }
      if (!stopped) {
        onEvent("resync", { type: "resync" });
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  };
  void run();
  return () => {
    stopped = true;
    controller.abort();
  };
}

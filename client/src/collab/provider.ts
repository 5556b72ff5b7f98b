// A y-websocket client for VIVID's sockets: every (re)connection first takes a fresh
// single-use ticket (`POST /api/ws-tickets`), then speaks the y-websocket protocol (sync +
// awareness). Edits made while offline stay in the Y.Doc and merge when the socket returns
// (the server's sync step 1 is answered with everything it lacks).

import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { send } from "../api/http";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;

export type ConnectionState = "connecting" | "connected" | "offline" | "closed";

/** Close codes after which reconnecting cannot help (see docs/collab.md). */
const FINAL_CODES = new Set([4003]);

export class TicketProvider {
  readonly awareness: awarenessProtocol.Awareness;
  state: ConnectionState = "connecting";
  synced = false;
  /** Why the server closed the socket for good (access revoked), if it did. */
  closedReason: string | null = null;
  private socket: WebSocket | null = null;
  private retries = 0;
  private stopped = false;
  private timer: number | undefined;
  private listeners = new Set<() => void>();

  constructor(
    readonly doc: Y.Doc,
    readonly key: string,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    doc.on("update", this.onDocUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
    window.addEventListener("online", this.reconnectNow);
    window.addEventListener("offline", this.goOffline);
    window.addEventListener("beforeunload", this.onUnload);
    void this.connect();
  }

  /** Called on every state or sync change. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit() {
    this.listeners.forEach((listener) => listener());
  }

  private setState(state: ConnectionState) {
    this.state = state;
    this.emit();
  }

  private async connect() {
    if (this.stopped) return;
    this.setState("connecting");
    let ticket: string;
    try {
      ({ ticket } = await send<{ ticket: string }>("POST", "/api/ws-tickets", { doc: this.key }));
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/${this.key}?ticket=${ticket}`);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => {
      this.retries = 0;
      this.setState("connected");
      const step1 = encoding.createEncoder();
      encoding.writeVarUint(step1, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(step1, this.doc);
      socket.send(encoding.toUint8Array(step1));
      if (this.awareness.getLocalState() !== null) {
        this.sendAwareness([this.doc.clientID]);
      }
    };
    socket.onmessage = (event) => this.onMessage(new Uint8Array(event.data as ArrayBuffer));
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.lost();
      if (FINAL_CODES.has(event.code)) {
        this.closedReason = event.reason || "access revoked";
        this.setState("closed");
        return;
      }
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect() {
    if (this.stopped) return;
    window.clearTimeout(this.timer);
    if (!navigator.onLine) {
      // The "online" event reconnects.
      this.setState("offline");
      return;
    }
    this.setState("connecting");
    const delay = Math.min(10_000, 250 * 2 ** this.retries++);
    this.timer = window.setTimeout(() => void this.connect(), delay);
  }

  private reconnectNow = () => {
    if (this.socket === null && !this.stopped && this.state !== "closed") {
      window.clearTimeout(this.timer);
      this.retries = 0;
      void this.connect();
    }
  };

  /** The browser went offline: drop the socket now rather than wait for it to time out. */
  private goOffline = () => {
    const socket = this.socket;
    if (!socket) return;
    this.lost();
    socket.close();
    this.scheduleReconnect();
  };

  /**
   * The socket is gone: others' presence goes with it. Their clocks are forgotten too, so the
   * states the server replays at the next join apply again (y-protocols ignores a state whose
   * clock it has seen, and a peer who sits still would otherwise stay missing until their
   * 15 s renewal).
   */
  private lost() {
    this.socket = null;
    this.synced = false;
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, "connection closed");
    others.forEach((id) => this.awareness.meta.delete(id));
  }

  private onMessage(data: Uint8Array) {
    const decoder = decoding.createDecoder(data);
    const encoder = encoding.createEncoder();
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
        if (kind === syncProtocol.messageYjsSyncStep2 && !this.synced) {
          this.synced = true;
          this.emit();
        }
        if (encoding.length(encoder) > 1) this.socket?.send(encoding.toUint8Array(encoder));
        break;
      }
      case MESSAGE_AWARENESS:
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
        break;
      case MESSAGE_QUERY_AWARENESS:
        this.sendAwareness([...this.awareness.getStates().keys()]);
        break;
      case MESSAGE_AUTH:
        // permission denied: the close (4003) that follows ends the session.
        break;
    }
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this || this.socket?.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.socket.send(encoding.toUint8Array(encoder));
  };

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    if (origin === this) return;
    this.sendAwareness([...added, ...updated, ...removed]);
  };

  private sendAwareness(clients: number[]) {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    this.socket.send(encoding.toUint8Array(encoder));
  }

  private onUnload = () => {
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], "unload");
  };

  destroy() {
    this.stopped = true;
    window.clearTimeout(this.timer);
    window.removeEventListener("online", this.reconnectNow);
    window.removeEventListener("offline", this.goOffline);
    window.removeEventListener("beforeunload", this.onUnload);
    this.onUnload();
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.socket?.close();
    this.socket = null;
    this.awareness.destroy();
  }
}

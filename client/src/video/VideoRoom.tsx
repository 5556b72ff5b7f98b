import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, get, request, send, type Me, type Page, type Video } from "../api";
import { useConnection, useDoc } from "../collab/useDoc";
import { subscribe } from "../events";
import { StatusBadge } from "../screens/Space";
import { DrawingLayer, type Brush } from "./DrawingLayer";
import { History } from "./History";
import { Marks, type Mark } from "./Marks";
import { Memo } from "./Memo";
import { Player, ThumbnailStrip, type Playback } from "./Player";
import { Presence } from "./Presence";
import { drawStroke, visibleAt, type Stroke } from "./strokes";
import { Toolbar } from "./Toolbar";

type Tab = "memo" | "notes" | "bookmarks" | "comments" | "history";

interface Individual {
  id: string;
  progress_percent: number;
  video: Video;
}

export function VideoRoom({ videoId, me }: { videoId: string; me: Me }) {
  const [video, setVideo] = useState<Video | null>(null);
  const [playback, setPlayback] = useState<Playback | null>(null);
  const [thumbnails, setThumbnails] = useState<{ t: number; url: string }[]>([]);
  const [individual, setIndividual] = useState<Individual | null>(null);
  const [element, setElement] = useState<HTMLVideoElement | null>(null);
  const [tab, setTab] = useState<Tab>("memo");
  const [brush, setBrush] = useState<Brush>({ tool: "pointer", color: "#e11d48", width: 4, duration: 5000 });
  const [following, setFollowing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const board = useDoc(`video-${videoId}`);
  const notes = useDoc(individual ? `note-${individual.id}` : null);
  const connection = useConnection(board?.provider);
  const videoRef = useRef<HTMLVideoElement | null>(null);

  const load = useCallback(async () => {
    try {
      const v = await get<Video>(`/api/videos/${videoId}`);
      setVideo(v);
      if (v.status === "ready") {
        setPlayback((old) => old ?? null);
        const [p, thumbs] = await Promise.all([
          get<Playback>(`/api/videos/${videoId}/playback`),
          get<{ t: number; url: string }[]>(`/api/videos/${videoId}/thumbnails`),
        ]);
        setPlayback((old) => (old && old.kind === p.kind ? old : p));
        setThumbnails(thumbs);
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [videoId]);

  useEffect(() => {
    void load();
    void findIndividual(videoId).then((iv) => {
      setIndividual(iv);
      if (iv) void send("PUT", `/api/individual-videos/${iv.id}/accessed`, {}).catch(() => {});
    });
    return subscribe((name, event) => {
      if (event.video_id === videoId && name === "video_status") {
        setVideo((v) => v && { ...v, status: event.status as Video["status"], percent: event.percent ?? v.percent });
        if (event.status === "ready") void load();
      }
    });
  }, [videoId, load]);

  // Our playhead, for everyone's presence list; progress, for the dashboard.
  useEffect(() => {
    if (!element || !board) return;
    const share = () =>
      board.provider.awareness.setLocalStateField("playhead", { t: element.currentTime, playing: !element.paused });
    const events = ["timeupdate", "play", "pause", "seeked"];
    events.forEach((name) => element.addEventListener(name, share));
    share();
    let lastSent = -1;
    const progress = window.setInterval(() => {
      if (!individual || !element.duration) return;
      const percent = Math.min(100, Math.round((element.currentTime / element.duration) * 100));
      if (percent > lastSent && percent > individual.progress_percent) {
        lastSent = percent;
        void send("PUT", `/api/individual-videos/${individual.id}/progress`, { percent }).catch(() => {});
      }
    }, 10_000);
    return () => {
      events.forEach((name) => element.removeEventListener(name, share));
      window.clearInterval(progress);
    };
  }, [element, board, individual]);

  // Keyboard shortcuts for the drawing tools (not while typing).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
      const tools: Record<string, Brush["tool"]> = { v: "pointer", p: "pen", h: "highlighter", e: "eraser" };
      if (tools[event.key]) setBrush((b) => ({ ...b, tool: tools[event.key] }));
      if (event.key === "[") setBrush((b) => ({ ...b, width: Math.max(1, b.width - 1) }));
      if (event.key === "]") setBrush((b) => ({ ...b, width: Math.min(24, b.width + 1) }));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const onReady = useCallback((el: HTMLVideoElement) => {
    videoRef.current = el;
    setElement(el);
  }, []);
  const seek = (t: number) => {
    if (videoRef.current) videoRef.current.currentTime = t;
  };

  const snapshot = async () => {
    const el = videoRef.current;
    if (!el || !board || !individual) return;
    const canvas = document.createElement("canvas");
    canvas.width = el.videoWidth;
    canvas.height = el.videoHeight;
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(el, 0, 0, canvas.width, canvas.height);
    const now = el.currentTime * 1000;
    board.doc.getMap<Stroke>("strokes").forEach((stroke) => {
      if (visibleAt(stroke, now)) drawStroke(ctx, stroke, canvas.width, canvas.height);
    });
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (!blob) return setNotice("Could not capture the frame.");
    const form = new FormData();
    form.append("image", blob, "snapshot.png");
    form.append("video_time_ms", String(Math.round(now)));
    try {
      await request(`/api/individual-videos/${individual.id}/snapshots`, { method: "POST", body: form });
      setNotice("Snapshot saved.");
    } catch (e) {
      setNotice(e instanceof ApiError ? e.message : String(e));
    }
  };

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!video || !board) return <p>Loading…</p>;
  const [state, synced] = connection.split(":");
  const strokes = board.doc.getMap<Stroke>("strokes");
  return (
    <section className="room">
      <div className="heading">
        <h1>{video.title}</h1>
        <StatusBadge video={video} />
        <span className={`connection ${state}`} data-testid="connection" data-state={state} data-synced={synced}>
          {state === "connected" ? (synced === "true" ? "live" : "syncing…") : state === "closed" ? `closed: ${board.provider.closedReason}` : state === "offline" ? "offline — edits will merge" : "connecting…"}
        </span>
      </div>
      <div className="layout">
        <div className="left">
          <div className="stage">
            {playback ? (
              <Player ref={videoRef} playback={playback} onReady={onReady} />
            ) : (
              <div className="placeholder" data-testid="not-ready">
                {video.status === "transcoding" ? (
                  <>Transcoding… <progress max={100} value={video.percent} aria-label="Transcoding" /></>
                ) : video.status === "failed" ? `Failed: ${video.status_reason}` : `The video is ${video.status.replace("_", " ")}.`}
              </div>
            )}
            {playback && <DrawingLayer video={element} strokes={strokes} provider={board.provider} brush={brush} me={me.id} />}
          </div>
          <Toolbar brush={brush} setBrush={setBrush} onSnapshot={() => void snapshot()} canSnapshot={Boolean(playback && individual)} />
          {notice && <p className="muted" role="status">{notice}</p>}
          <ThumbnailStrip thumbnails={thumbnails} onSeek={seek} />
          <Presence provider={board.provider} following={following} setFollowing={setFollowing} video={element} />
        </div>
        <div className="right">
          <div className="tabs" role="tablist">
            {(["memo", "notes", "bookmarks", "comments", "history"] as Tab[]).map((t) => (
              <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? "active" : ""} onClick={() => setTab(t)}>
                {t[0].toUpperCase() + t.slice(1)}
              </button>
            ))}
          </div>
          {tab === "memo" && <Memo text={board.doc.getText("memo")} label="Shared memo" />}
          {tab === "notes" && (notes ? <Memo text={notes.doc.getText("memo")} label="My notes" /> : <p className="muted">Loading…</p>)}
          {tab === "bookmarks" && (
            <Marks map={board.doc.getMap<Mark>("bookmarks")} kind="bookmarks" me={me} onSeek={seek}
              currentTime={() => videoRef.current?.currentTime ?? 0} />
          )}
          {tab === "comments" && (
            <Marks map={board.doc.getMap<Mark>("comments")} kind="comments" me={me} onSeek={seek}
              currentTime={() => videoRef.current?.currentTime ?? 0} />
          )}
          {tab === "history" && <History docKey={`video-${videoId}`} />}
        </div>
      </div>
    </section>
  );
}

async function findIndividual(videoId: string): Promise<Individual | null> {
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const result: Page<Individual> = await get<Page<Individual>>(`/api/individual-videos?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    const found = result.items.find((iv) => iv.video.id === videoId);
    if (found || !result.next_cursor) return found ?? null;
    cursor = result.next_cursor;
  }
  return null;
}

// The player block: the picture with the drawing layer over it, a playback error with retry,
// and the control bar below. Fullscreen takes this whole block, so drawings and controls
// stay visible. The keyboard shortcuts (see shortcuts.ts) act on it.
import { AlertTriangle } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Playback } from "../api/types";
import type { Undo } from "../draw/layers";
import type { Item } from "../draw/model";
import { Controls } from "./Controls";
import { DrawingLayer, type Brush } from "./DrawingLayer";
import { actionFor, FRAME_SECONDS, isTyping } from "./shortcuts";
import type { Marker } from "./Timeline";
import { usePlayerState } from "./usePlayerState";
import { VideoElement } from "./VideoElement";

export function Stage({ playback, brush, setBrush, me, markers, onReady, video, undo, onSelection }: {
  playback: Playback;
  brush: Brush;
  undo: Undo;
  onSelection: (items: Item[]) => void;
  setBrush: (update: (b: Brush) => Brush) => void;
  me: string;
  markers: Marker[];
  onReady: (video: HTMLVideoElement) => void;
  video: HTMLVideoElement | null;
}) {
  const { t } = useTranslation();
  const block = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [fullscreen, setFullscreen] = useState(false);
  const state = usePlayerState(video);
  const onError = useCallback((kind: string) => setError(kind), []);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === block.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);

  const toggle = useCallback(() => {
    if (!video) return;
    if (video.paused) void video.play().catch(() => {});
    else video.pause();
  }, [video]);
  const seek = useCallback((t: number) => {
    if (video) video.currentTime = Math.max(0, Math.min(t, video.duration || t));
  }, [video]);
  const toggleFullscreen = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void block.current?.requestFullscreen().catch(() => {});
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const action = actionFor(event.key);
      if (!action || !video) return;
      // A focused button answers Space itself.
      if (event.key === " " && (event.target as HTMLElement).tagName === "BUTTON") return;
      event.preventDefault();
      switch (action.kind) {
        case "toggle": return toggle();
        case "seekBy": return seek(video.currentTime + action.seconds);
        case "frame":
          video.pause();
          return seek(video.currentTime + action.direction * FRAME_SECONDS);
        case "fullscreen": return toggleFullscreen();
        case "mute": video.muted = !video.muted; return;
        case "tool": return setBrush((b) => ({ ...b, tool: action.tool }));
        case "width": return setBrush((b) => ({ ...b, width: Math.min(24, Math.max(1, b.width + action.delta)) }));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [video, toggle, seek, toggleFullscreen, setBrush]);

  const retry = () => {
    setError(null);
    setReloadKey((n) => n + 1);
  };

  return (
    <div className={`player-block ${fullscreen ? "is-fullscreen" : ""}`} ref={block} data-testid="player-block">
      <div className="stage">
        <VideoElement playback={playback} reloadKey={reloadKey} onReady={onReady} onError={onError} label={t("player.label")} />
        <DrawingLayer video={video} brush={brush} me={me} undo={undo} onSelection={onSelection} />
        {error && (
          <div className="stage-error" role="alert" data-testid="playback-error">
            <AlertTriangle size={28} aria-hidden />
            <p>{t(`player.error.${error}`)}</p>
            <button type="button" className="button primary" onClick={retry}>{t("common.retry")}</button>
          </div>
        )}
      </div>
      <Controls state={state} markers={markers} fullscreen={fullscreen} onToggle={toggle} onSeek={seek}
        onRate={(rate) => { if (video) video.playbackRate = rate; }}
        onMute={() => { if (video) video.muted = !video.muted; }} onFullscreen={toggleFullscreen} />
    </div>
  );
}

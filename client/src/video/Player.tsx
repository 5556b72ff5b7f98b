import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import Hls from "hls.js";

export interface Playback {
  kind: "hls" | "file";
  url: string;
  poster_url: string | null;
}

/** A `<video>`: HLS natively where the browser can, else through hls.js. */
export const Player = forwardRef<HTMLVideoElement | null, { playback: Playback; onReady: (video: HTMLVideoElement) => void }>(
  function Player({ playback, onReady }, ref) {
    const video = useRef<HTMLVideoElement>(null);
    useImperativeHandle(ref, () => video.current!, []);
    useEffect(() => {
      const el = video.current!;
      let hls: Hls | null = null;
      if (playback.kind === "hls" && !el.canPlayType("application/vnd.apple.mpegurl") && Hls.isSupported()) {
        hls = new Hls();
        hls.loadSource(playback.url);
        hls.attachMedia(el);
      } else {
        el.src = playback.url;
      }
      onReady(el);
      return () => hls?.destroy();
    }, [playback.url, playback.kind, onReady]);
    return (
      <video ref={video} controls playsInline crossOrigin="anonymous" poster={playback.poster_url ?? undefined}
        data-testid="player" aria-label="Video player" />
    );
  },
);

/** The visual index: a thumbnail every few seconds; click to seek. */
export function ThumbnailStrip({ thumbnails, onSeek }: { thumbnails: { t: number; url: string }[]; onSeek: (t: number) => void }) {
  if (thumbnails.length === 0) return null;
  return (
    <div className="thumbnails" aria-label="Visual index">
      {thumbnails.map((thumb) => (
        <button key={thumb.t} className="thumb" onClick={() => onSeek(thumb.t)} title={`${formatTime(thumb.t)}`}>
          <img src={thumb.url} alt={`At ${formatTime(thumb.t)}`} />
        </button>
      ))}
    </div>
  );
}

export function formatTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

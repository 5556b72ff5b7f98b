// The <video> without native controls (our control bar sits outside the drawing layer).
// HLS plays natively where the browser can; elsewhere hls.js is loaded on demand. A media
// or network error is reported, and `reloadKey` changing loads the source again (retry).
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import type { Playback } from "../api/types";

interface Props {
  playback: Playback;
  reloadKey: number;
  onReady: (video: HTMLVideoElement) => void;
  onError: (error: string) => void;
  label: string;
}

export const VideoElement = forwardRef<HTMLVideoElement | null, Props>(function VideoElement(
  { playback, reloadKey, onReady, onError, label },
  ref,
) {
  const video = useRef<HTMLVideoElement>(null);
  useImperativeHandle(ref, () => video.current!, []);

  useEffect(() => {
    const el = video.current!;
    let destroyed = false;
    let hls: { destroy(): void } | null = null;
    const resumeAt = el.currentTime;
    const onMediaError = () => onError(el.error?.code === MediaError.MEDIA_ERR_NETWORK ? "network" : "decode");
    el.addEventListener("error", onMediaError);
    if (playback.kind === "hls" && !el.canPlayType("application/vnd.apple.mpegurl")) {
      void import("hls.js").then(({ default: Hls }) => {
        if (destroyed) return;
        if (!Hls.isSupported()) return onError("unsupported");
        const player = new Hls();
        hls = player;
        player.on(Hls.Events.ERROR, (_event, data) => {
          if (data.fatal) onError(data.type === Hls.ErrorTypes.NETWORK_ERROR ? "network" : "decode");
        });
        player.loadSource(playback.url);
        player.attachMedia(el);
      }).catch(() => onError("network"));
    } else {
      el.src = playback.url;
      el.load();
    }
    if (resumeAt) el.addEventListener("loadedmetadata", () => { el.currentTime = resumeAt; }, { once: true });
    onReady(el);
    return () => {
      destroyed = true;
      el.removeEventListener("error", onMediaError);
      hls?.destroy();
    };
  }, [playback.url, playback.kind, reloadKey, onReady, onError]);

  return (
    <video ref={video} playsInline crossOrigin="anonymous" poster={playback.poster_url ?? undefined}
      data-testid="player" aria-label={label} preload="metadata" />
  );
});

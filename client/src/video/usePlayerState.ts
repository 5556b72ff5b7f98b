// Re-renders on the media element's events and reads what the controls show.
import { useEffect, useState } from "react";

export interface PlayerState {
  time: number;
  duration: number;
  paused: boolean;
  rate: number;
  muted: boolean;
  volume: number;
}

const EVENTS = ["timeupdate", "play", "pause", "ratechange", "volumechange", "durationchange", "loadedmetadata", "seeked", "emptied"];

export function usePlayerState(video: HTMLVideoElement | null): PlayerState {
  const read = (): PlayerState => ({
    time: video?.currentTime ?? 0,
    duration: Number.isFinite(video?.duration) ? video!.duration : 0,
    paused: video?.paused ?? true,
    rate: video?.playbackRate ?? 1,
    muted: video?.muted ?? false,
    volume: video?.volume ?? 1,
  });
  const [state, setState] = useState(read);
  useEffect(() => {
    if (!video) return;
    const update = () => setState(read());
    EVENTS.forEach((name) => video.addEventListener(name, update));
    update();
    return () => EVENTS.forEach((name) => video.removeEventListener(name, update));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [video]);
  return state;
}

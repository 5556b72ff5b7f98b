// Our playhead in the room's awareness (`playhead: {t, playing}`), for everyone's presence
// list and for those who follow us.
import { useEffect } from "react";
import type { TicketProvider } from "../collab/provider";

const EVENTS = ["timeupdate", "play", "pause", "seeked"];

export function useSharePlayhead(video: HTMLVideoElement | null, provider: TicketProvider | undefined) {
  useEffect(() => {
    if (!video || !provider) return;
    const share = () => provider.awareness.setLocalStateField("playhead", { t: video.currentTime, playing: !video.paused });
    EVENTS.forEach((name) => video.addEventListener(name, share));
    share();
    return () => EVENTS.forEach((name) => video.removeEventListener(name, share));
  }, [video, provider]);
}

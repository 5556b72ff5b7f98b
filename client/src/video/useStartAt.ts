// Opening a video at a moment: `/videos/{id}?t=SECONDS` (a search hit's timestamp, a
// "continue" link) seeks there once the player knows its duration, then drops `t` from the
// address so a reload or a shared link of the room starts normally. The one place that reads
// `t`; the resume from the last position (useWatchProgress) only acts on a player still at 0.
import { useEffect } from "react";
import { useSearchParams } from "react-router-dom";

/** `t` as whole seconds ≥ 0, or null when absent or not a number. */
export function startAt(params: URLSearchParams): number | null {
  const raw = params.get("t");
  if (raw === null || !/^\d+(\.\d+)?$/.test(raw)) return null;
  return Number(raw);
}

export function useStartAt(video: HTMLVideoElement | null) {
  const [params, setParams] = useSearchParams();
  const at = startAt(params);
  useEffect(() => {
    if (!video || at === null) return;
    const seek = () => {
      video.currentTime = video.duration ? Math.min(at, Math.max(0, video.duration - 0.5)) : at;
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.delete("t");
        return next;
      }, { replace: true });
    };
    if (video.readyState >= 1) seek();
    else video.addEventListener("loadedmetadata", seek, { once: true });
    return () => video.removeEventListener("loadedmetadata", seek);
  }, [video, at, setParams]);
}

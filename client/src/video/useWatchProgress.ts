// Progress by time actually watched (watched.ts), sent to the server as a percent that only
// grows, and the last position, to start where the reader left off.
import { useEffect } from "react";
import { send } from "../api/http";
import type { Individual } from "../api/types";
import { loadWatch, saveWatch, WatchTracker, watchedPercent } from "./watched";

export function useWatchProgress(video: HTMLVideoElement | null, individual: Individual | null | undefined) {
  useEffect(() => {
    if (!video || !individual) return;
    const stored = loadWatch(individual.id);
    const tracker = new WatchTracker(stored.intervals);
    let sent = individual.progress_percent;
    let position = stored.position;

    const resume = () => {
      if (position > 1 && video.duration && position < video.duration - 2 && video.currentTime < 0.5) video.currentTime = position;
    };
    if (video.readyState >= 1) resume();
    else video.addEventListener("loadedmetadata", resume, { once: true });

    const save = () => saveWatch(individual.id, { intervals: tracker.intervals, position });
    const onTime = () => {
      tracker.tick(video.currentTime, !video.paused && !video.seeking);
      position = video.currentTime;
    };
    const onStop = () => {
      tracker.flush();
      save();
    };
    const report = () => {
      if (!video.duration) return;
      save();
      const percent = watchedPercent(tracker.intervals, video.duration);
      if (percent > sent) {
        sent = percent;
        void send("PUT", `/api/individual-videos/${individual.id}/progress`, { percent }).catch(() => {});
      }
    };
    video.addEventListener("timeupdate", onTime);
    video.addEventListener("pause", onStop);
    video.addEventListener("seeking", onStop);
    video.addEventListener("pause", report);
    video.addEventListener("ended", report);
    const timer = window.setInterval(report, 5_000);
    window.addEventListener("pagehide", report);
    return () => {
      video.removeEventListener("loadedmetadata", resume);
      video.removeEventListener("timeupdate", onTime);
      video.removeEventListener("pause", onStop);
      video.removeEventListener("seeking", onStop);
      video.removeEventListener("pause", report);
      video.removeEventListener("ended", report);
      window.removeEventListener("pagehide", report);
      window.clearInterval(timer);
      report();
    };
  }, [video, individual]);
}

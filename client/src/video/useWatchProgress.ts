// Progress by time actually watched (watched.ts), sent to the server as a percent that only
// grows, with the last position (so "Continue" resumes there on any device). A player still
// at the start resumes where the reader stopped (this browser's own last position, else the
// server's); a room opened at a moment (`?t=`, useStartAt) is already past it.
import { useEffect } from "react";
import { send } from "../api/http";
import { keys, queryClient } from "../api/query";
import type { Individual } from "../api/types";
import { loadWatch, saveWatch, WatchTracker, watchedPercent } from "./watched";

export function useWatchProgress(video: HTMLVideoElement | null, individual: Individual | null | undefined) {
  useEffect(() => {
    if (!video || !individual) return;
    const stored = loadWatch(individual.id);
    const tracker = new WatchTracker(stored.intervals);
    let sent = individual.progress_percent;
    let position = stored.position > 0 ? stored.position : individual.last_position_secs;
    let sentPosition = individual.last_position_secs;

    const resume = () => {
      if (position > 1 && video.duration && position < video.duration - 2 && video.currentTime < 0.5) video.currentTime = position;
    };
    if (video.readyState >= 1) resume();
    else video.addEventListener("loadedmetadata", resume, { once: true });

    const save = () => saveWatch(individual.id, { intervals: tracker.intervals, position });
    const onTime = () => {
      // A seek's new time was not played; a pause's time was (tick ends the run there).
      if (video.seeking) tracker.flush();
      else tracker.tick(video.currentTime, !video.paused);
      position = video.currentTime;
    };
    const onPause = () => {
      if (!video.seeking) tracker.tick(video.currentTime, false);
      position = video.currentTime;
      save();
    };
    const onSeeking = () => {
      tracker.flush();
      save();
    };
    const report = () => {
      if (!video.duration) return;
      save();
      const percent = Math.max(sent, watchedPercent(tracker.intervals, video.duration));
      const at = Math.floor(position);
      if (percent > sent || at !== sentPosition) {
        sent = percent;
        sentPosition = at;
        void send("PUT", `/api/individual-videos/${individual.id}/progress`, { percent, position_secs: at })
          .then(() => {
            // The space's cards, My lectures and Continue show it when the reader goes back.
            void queryClient.invalidateQueries({ queryKey: keys.spaceVideos(individual.video.space_id) });
            void queryClient.invalidateQueries({ queryKey: keys.myLectures });
            void queryClient.invalidateQueries({ queryKey: keys.dashboard });
          })
          .catch(() => {});
      }
    };
    video.addEventListener("timeupdate", onTime);
    video.addEventListener("pause", onPause);
    video.addEventListener("seeking", onSeeking);
    video.addEventListener("pause", report);
    video.addEventListener("ended", report);
    const timer = window.setInterval(report, 5_000);
    window.addEventListener("pagehide", report);
    return () => {
      video.removeEventListener("loadedmetadata", resume);
      video.removeEventListener("timeupdate", onTime);
      video.removeEventListener("pause", onPause);
      video.removeEventListener("seeking", onSeeking);
      video.removeEventListener("pause", report);
      video.removeEventListener("ended", report);
      window.removeEventListener("pagehide", report);
      window.clearInterval(timer);
      report();
    };
  }, [video, individual]);
}

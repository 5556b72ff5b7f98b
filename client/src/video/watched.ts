// Time actually watched, as merged intervals of video seconds, so that seeking to the end
// does not count as having watched it; and the last position, to resume where one left off.
// Kept per individual video in localStorage (the server stores only the percent).

export type Interval = [number, number];

/** Adds [start, end) to sorted, disjoint intervals, merging overlaps and touching ends. */
export function addInterval(intervals: Interval[], start: number, end: number): Interval[] {
  if (!(end > start)) return intervals;
  const out: Interval[] = [];
  let [s, e] = [start, end];
  for (const [a, b] of intervals) {
    if (b < s) out.push([a, b]);
    else if (a > e) out.push([a, b]);
    else {
      s = Math.min(s, a);
      e = Math.max(e, b);
    }
  }
  out.push([s, e]);
  return out.sort((x, y) => x[0] - y[0]);
}

export function watchedSeconds(intervals: Interval[]): number {
  return intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** Percent of the video watched; 100 only when (nearly) all of it was played. */
export function watchedPercent(intervals: Interval[], duration: number): number {
  if (!(duration > 0)) return 0;
  const fraction = watchedSeconds(intervals) / duration;
  // The last second or two rarely plays out exactly: 98 % counts as complete.
  return fraction >= 0.98 ? 100 : Math.min(99, Math.floor(fraction * 100));
}

/**
 * Follows a playing element: each `timeupdate` while playing extends the current run, a jump
 * of more than `maxStep` seconds (a seek) starts a new one. Pure: feed it times.
 */
export class WatchTracker {
  private runStart: number | null = null;
  private last: number | null = null;

  constructor(public intervals: Interval[] = [], private readonly maxStep = 1.5) {}

  /** A time while playing extends the run; a time when it stopped (pause, end) ends the run
   * there, counting what played since the last tick. */
  tick(time: number, playing: boolean): void {
    if (!playing) {
      if (this.runStart !== null && this.last !== null && time >= this.last && time - this.last <= this.maxStep) {
        this.intervals = addInterval(this.intervals, this.runStart, time);
      }
      this.flush();
      return;
    }
    if (this.last !== null && (time < this.last || time - this.last > this.maxStep)) this.flush();
    if (this.runStart === null) this.runStart = time;
    this.last = time;
    this.intervals = addInterval(this.intervals, this.runStart, time);
  }

  /** Ends the run without counting anything more (a seek: the new time was not played). */
  flush(): void {
    this.runStart = null;
    this.last = null;
  }
}

interface Stored {
  intervals: Interval[];
  position: number;
}

const key = (individualId: string) => `vivid.watch.${individualId}`;

export function loadWatch(individualId: string): Stored {
  try {
    const raw = JSON.parse(localStorage.getItem(key(individualId)) ?? "null");
    const intervals = Array.isArray(raw?.intervals)
      ? raw.intervals.filter((i: unknown) => Array.isArray(i) && i.length === 2 && i.every((n) => typeof n === "number"))
      : [];
    return { intervals, position: typeof raw?.position === "number" ? raw.position : 0 };
  } catch {
    return { intervals: [], position: 0 };
  }
}

export function saveWatch(individualId: string, stored: Stored) {
  try {
    localStorage.setItem(key(individualId), JSON.stringify(stored));
  } catch {
    // Storage full or off: progress still reaches the server.
  }
}

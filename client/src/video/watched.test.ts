import { describe, expect, it } from "vitest";
import { addInterval, watchedPercent, WatchTracker } from "./watched";

describe("watched time", () => {
  it("merges overlapping and touching intervals", () => {
    let intervals = addInterval([], 0, 10);
    intervals = addInterval(intervals, 20, 30);
    intervals = addInterval(intervals, 10, 20);
    expect(intervals).toEqual([[0, 30]]);
    expect(addInterval([[0, 5]], 7, 7)).toEqual([[0, 5]]);
  });

  it("seeking to the end counts only what was played", () => {
    const tracker = new WatchTracker();
    for (let t = 0; t <= 10; t += 0.25) tracker.tick(t, true);
    // A seek from 10 s to 95 s, then playing to the end at 100 s.
    for (let t = 95; t <= 100; t += 0.25) tracker.tick(t, true);
    expect(watchedPercent(tracker.intervals, 100)).toBe(15);
  });

  it("watching (nearly) everything is complete, and pauses do not count", () => {
    const tracker = new WatchTracker();
    for (let t = 0; t <= 50; t += 0.25) tracker.tick(t, true);
    tracker.tick(50, false);
    for (let t = 50; t <= 99; t += 0.25) tracker.tick(t, true);
    expect(watchedPercent(tracker.intervals, 100)).toBe(100);
    expect(watchedPercent([], 0)).toBe(0);
  });
});

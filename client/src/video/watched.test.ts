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

  it("a pause counts what played since the last tick, a seek does not", () => {
    const tracker = new WatchTracker();
    for (let t = 0; t <= 7.75; t += 0.25) tracker.tick(t, true);
    tracker.tick(8.05, false);
    expect(tracker.intervals).toEqual([[0, 8.05]]);
    expect(watchedPercent(tracker.intervals, 20)).toBe(40);
    for (let t = 8.05; t <= 9; t += 0.25) tracker.tick(t, true);
    tracker.flush();
    tracker.tick(10, false);
    expect(watchedPercent(tracker.intervals, 20)).toBe(44);
  });
});

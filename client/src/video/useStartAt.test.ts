import { describe, expect, it } from "vitest";
import { startAt } from "./useStartAt";

describe("startAt", () => {
  it("reads whole or fractional seconds from t", () => {
    expect(startAt(new URLSearchParams("t=65"))).toBe(65);
    expect(startAt(new URLSearchParams("t=7.5"))).toBe(7.5);
    expect(startAt(new URLSearchParams("t=0"))).toBe(0);
  });

  it("ignores a missing or malformed t", () => {
    expect(startAt(new URLSearchParams(""))).toBeNull();
    expect(startAt(new URLSearchParams("t=-3"))).toBeNull();
    expect(startAt(new URLSearchParams("t=1e9x"))).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { actionFor } from "./shortcuts";

describe("player shortcuts", () => {
  it("map the usual video keys", () => {
    expect(actionFor(" ")).toEqual({ kind: "toggle" });
    expect(actionFor("k")).toEqual({ kind: "toggle" });
    expect(actionFor("ArrowLeft")).toEqual({ kind: "seekBy", seconds: -5 });
    expect(actionFor("L")).toEqual({ kind: "seekBy", seconds: 10 });
    expect(actionFor(".")).toEqual({ kind: "frame", direction: 1 });
    expect(actionFor("p")).toEqual({ kind: "tool", tool: "pen" });
    expect(actionFor("q")).toBeNull();
  });
});

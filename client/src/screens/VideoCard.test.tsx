// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { resumeLink } from "./Dashboard";
import { StudyLine } from "./VideoCard";

afterEach(cleanup);

describe("StudyLine", () => {
  it("says a lecture was not started yet, without an empty bar", async () => {
    await i18n.changeLanguage("en");
    render(<StudyLine study={{ progress: 0, lastAccessedAt: null }} />);
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(screen.getByTestId("study").textContent).toBe("Not started yet");
  });

  it("shows how much was watched", async () => {
    await i18n.changeLanguage("en");
    render(<StudyLine study={{ progress: 40, lastAccessedAt: null }} />);
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("40");
    expect(screen.getByTestId("study").textContent).toBe("40% watched");
  });

  it("says completed at 100 % and when it was last studied, in Korean too", async () => {
    await i18n.changeLanguage("ko");
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000).toISOString();
    render(<StudyLine study={{ progress: 100, lastAccessedAt: fiveMinutesAgo }} />);
    expect(screen.getByTestId("study").textContent).toBe("완료최근 학습 5분 전");
  });
});

describe("resumeLink", () => {
  it("opens the room at the last position, or at the start", () => {
    const video = { id: "v1" } as Parameters<typeof resumeLink>[0]["video"];
    expect(resumeLink({ last_position_secs: 95, video })).toBe("/videos/v1?t=95");
    expect(resumeLink({ last_position_secs: 0, video })).toBe("/videos/v1");
  });
});

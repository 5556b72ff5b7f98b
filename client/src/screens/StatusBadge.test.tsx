// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { StatusBadge } from "./StatusBadge";

afterEach(cleanup);

describe("StatusBadge", () => {
  it("says queued, with the place in line, until conversion starts", async () => {
    await i18n.changeLanguage("en");
    render(<StatusBadge video={{ status: "transcoding", percent: 0, queue_position: 2 }} />);
    expect(screen.getByTestId("status").textContent).toBe("Queued (2 in line)");
  });

  it("shows the percent once work started, in Korean too", async () => {
    await i18n.changeLanguage("ko");
    render(<StatusBadge video={{ status: "transcoding", percent: 40, queue_position: null }} />);
    expect(screen.getByTestId("status").textContent).toBe("변환 중 40%");
  });
});

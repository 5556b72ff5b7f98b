// @vitest-environment jsdom
// A comment's author is named as the server knows them, never by the name stored with it
// (its writer's own claim); malformed entries are skipped without blanking the list.
import * as Tooltip from "@radix-ui/react-tooltip";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import i18n from "../i18n";
import { Marks, type Mark } from "./Marks";

afterEach(cleanup);

function comments(entries: [string, unknown][]) {
  const doc = new Y.Doc();
  const map = doc.getMap<Mark>("comments");
  entries.forEach(([id, value]) => map.set(id, value as Mark));
  return map;
}

const me = { id: "grace", name: "Grace" };
const show = (map: Y.Map<Mark>, names: Map<string, string>) =>
  render(<Tooltip.Provider><Marks map={map} kind="comments" me={me} names={names} currentTime={() => 0} onSeek={() => {}} /></Tooltip.Provider>);

describe("Marks", () => {
  it("names an author by the server's name for their id, not the stored authorName", async () => {
    await i18n.changeLanguage("en");
    show(comments([["c1", { t: 1000, text: "see here", author: "bob", authorName: "Professor Kim" }]]), new Map([["bob", "Bob"]]));
    const item = screen.getByTestId("mark");
    expect(item.textContent).toContain("Bob");
    expect(item.textContent).not.toContain("Professor Kim");
  });

  it("says 'a former participant' for an id the server does not know", async () => {
    await i18n.changeLanguage("en");
    show(comments([["c1", { t: 1000, text: "hi", author: "gone", authorName: "Professor Kim" }]]), new Map());
    expect(screen.getByTestId("mark").textContent).toContain("a former participant");
    expect(screen.getByTestId("mark").textContent).not.toContain("Professor Kim");
  });

  it("skips malformed entries and still lists the good ones", async () => {
    await i18n.changeLanguage("en");
    vi.spyOn(console, "warn").mockImplementation(() => {});
    show(comments([
      ["bad1", { t: NaN, text: "x", author: "bob", authorName: "Bob" }],
      ["bad2", { t: 1, text: { html: "<img>" }, author: "bob", authorName: "Bob" }],
      ["bad3", "just a string"],
      ["bad4", { t: 1, text: "no author" }],
      ["ok", { t: 2000, text: "fine", author: "grace", authorName: "Grace" }],
    ]), new Map());
    expect(screen.getAllByTestId("mark").map((li) => li.querySelector(".mark-text")?.textContent)).toEqual(["fine"]);
  });
});

// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { hitHref, isSearchable, isSearchKey, normalize, searchHref } from "./query";

describe("search queries", () => {
  it("are normalised like the server does", () => {
    expect(normalize("  고유값   분해 ")).toBe("고유값 분해");
    expect(searchHref(" a  b c ")).toBe("/search?q=a%20b%20c");
  });

  it("need 3 characters, or 2 when one is Korean", () => {
    expect(isSearchable("abc")).toBe(true);
    expect(isSearchable("행렬")).toBe(true);
    expect(isSearchable("ab")).toBe(false);
    expect(isSearchable(" 행 ")).toBe(false);
    expect(isSearchable("")).toBe(false);
  });

  it("open a hit's video at its time", () => {
    expect(hitHref("v1", 65)).toBe("/videos/v1?t=65");
    expect(hitHref("v1", null)).toBe("/videos/v1");
    expect(hitHref("v1", 0)).toBe("/videos/v1?t=0");
  });

  it("take / only outside text fields and editors", () => {
    const press = (target: EventTarget | null, extra: Partial<KeyboardEvent> = {}) =>
      isSearchKey({ key: "/", ctrlKey: false, metaKey: false, altKey: false, target, ...extra } as KeyboardEvent);
    expect(press(document.body)).toBe(true);
    expect(press(document.createElement("input"))).toBe(false);
    expect(press(document.createElement("textarea"))).toBe(false);
    const editor = document.createElement("div");
    editor.contentEditable = "true";
    document.body.append(editor);
    // jsdom does not compute isContentEditable; the attribute is what Quill sets.
    Object.defineProperty(editor, "isContentEditable", { value: true });
    expect(press(editor)).toBe(false);
    expect(press(document.body, { ctrlKey: true })).toBe(false);
    expect(isSearchKey({ key: "a", ctrlKey: false, metaKey: false, altKey: false, target: document.body } as unknown as KeyboardEvent)).toBe(false);
  });
});

// @vitest-environment jsdom
// The two languages hold the same messages, and every error code the server can send has a
// message in both (codes read from the server's ErrorCode list and docs/api.md).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { ko } from "./ko";
import { pickLocale } from "./index";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

function serverCodes(): Set<string> {
  const root = join(__dirname, "../../..");
  const codes = new Set<string>();
  // Every code is a variant of ErrorCode: `Variant = "code" => STATUS,`.
  const variant = /=\s*"([a-z]+(?:_[a-z]+)*)"\s*=>/g;
  const text = readFileSync(join(root, "src/error/code.rs"), "utf8");
  for (const match of text.matchAll(variant)) codes.add(match[1]);
  // The error table's last column lists the codes.
  const table = readFileSync(join(root, "docs/api.md"), "utf8").split("## Pagination")[0];
  for (const row of table.split("\n").filter((line) => line.startsWith("|"))) {
    const cells = row.split("|");
    for (const match of (cells[cells.length - 2] ?? "").matchAll(/`([a-z]+(?:_[a-z]+)*)`/g)) codes.add(match[1]);
  }
  return codes;
}

describe("messages", () => {
  it("English and Korean have the same keys", () => {
    expect(keys(ko).sort()).toEqual(keys(en).sort());
  });

  it("every server error code has a message in both languages", () => {
    const codes = [...serverCodes()].filter((code) => !["snake_case", "code", "message", "fields", "limit"].includes(code));
    expect(codes.length).toBeGreaterThan(40);
    const missing = codes.filter((code) => !(code in en.errors) || !(code in ko.errors));
    expect(missing).toEqual([]);
  });

  it("no Korean message is left in English", () => {
    const english = keys(ko).filter((key) => {
      const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], ko) as string;
      const words = value.replace(/\{\{\w+\}\}/g, "").match(/[A-Za-z]{3,}/g) ?? [];
      return words.some((word) => !["VIVID", "Google", "Webex", "Zoom", "MP4", "MOV", "PDF", "Alt"].includes(word));
    });
    expect(english).toEqual([]);
  });
});

describe("pickLocale", () => {
  it("prefers the stored choice, then the browser's languages, else English", () => {
    expect(pickLocale("en", ["ko-KR"])).toBe("en");
    expect(pickLocale(null, ["ko-KR", "en-US"])).toBe("ko");
    expect(pickLocale(null, ["fr-FR", "en-GB"])).toBe("en");
    expect(pickLocale(null, ["fr-FR"])).toBe("en");
  });
});

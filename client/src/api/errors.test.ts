// The server's fixed failure reasons (media::transcode::reasons and the ffmpeg caps) each read
// as their own message, in both languages, and say whether a retry can help.
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { ko } from "../i18n/ko";
import { failureOf } from "./errors";

async function translator(lng: "en" | "ko") {
  const instance = i18next.createInstance();
  await instance.init({ lng, resources: { en: { translation: en }, ko: { translation: ko } } });
  return instance.t;
}

const cases: [string, string, boolean][] = [
  ["the upload is not a video the transcoder can read", "video.failed.unreadable", true],
  ["the upload has no video stream", "video.failed.unreadable", true],
  ["the upload took too long to read; it may be damaged", "video.failed.unreadable", true],
  ["the video is longer than the 360 minutes allowed", "video.failed.too_long", true],
  ["the video is larger than the 4096×2160 allowed", "video.failed.too_large", true],
  ["transcoding took longer than the 25 minutes allowed for this video", "video.failed.timed_out", false],
  ["the job was cancelled", "video.failed.cancelled", false],
  ["the transcoder could not process the video", "video.failed.generic", false],
];

describe("failureOf", () => {
  it.each(["en", "ko"] as const)("maps every fixed reason to its own message (%s)", async (lng) => {
    const t = await translator(lng);
    for (const [reason, key, permanent] of cases) {
      const failure = failureOf(reason, t);
      expect(failure.message, reason).toBe(t(key));
      expect(failure.message, reason).not.toBe(key);
      expect(failure.permanent, reason).toBe(permanent);
    }
  });
});

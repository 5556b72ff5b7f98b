// Server errors in the reader's language: every `code` the server sends has a message under
// `errors.<code>` (en.ts, ko.ts); unknown codes fall back by HTTP status. Also which
// failures can never succeed on a retry, so the UI offers Retry only where it can help.
import type { TFunction } from "i18next";
import { ApiError } from "./http";

/** Codes after which sending the same thing again cannot succeed. */
const PERMANENT = new Set([
  "not_a_video", "upload_too_large", "size_mismatch", "not_uploadable", "already_uploaded",
  "validation_failed", "host_only", "host_or_uploader_only", "already_participant",
  "host_cannot_be_removed", "space_full", "not_found", "space_not_found", "video_not_found",
  "unsupported_media_type", "payload_too_large", "not_an_image", "image_too_large",
  "recording_not_found", "not_failed", "not_ready", "invitation_not_found", "invite_link_not_found",
  "invite_link_revoked", "invite_link_expired", "too_many_invite_links",
]);

export function isPermanent(error: unknown): boolean {
  if (error instanceof ApiError) return PERMANENT.has(error.code) || (error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429);
  return false;
}

export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    if (t(key, { defaultValue: "" })) return t(key);
    if (error.status === 0) return t("errors.network");
    if (error.status >= 500) return t("errors.server_error");
    if (error.status === 404) return t("errors.not_found");
    if (error.status === 403) return t("errors.forbidden");
    return t("errors.unknown");
  }
  if (error instanceof TypeError) return t("errors.network");
  if (error instanceof Error && error.message === "cancelled") return t("upload.cancelled");
  if (error instanceof Error && error.message.startsWith("upload failed")) return t("errors.upload_failed");
  return t("errors.unknown");
}

/**
 * A failed video's reason as a message and whether a retry can help. The server sends fixed
 * English sentences (`media::transcode::reasons` and the ffmpeg caps); each is recognised here.
 */
export function failureOf(reason: string | null | undefined, t: TFunction): { message: string; permanent: boolean } {
  const text = reason ?? "";
  if (/no video stream|no duration|not a video|too long to read/i.test(text)) {
    return { message: t("video.failed.unreadable"), permanent: true };
  }
  // "took longer than … minutes allowed" (a timeout) before "is longer than … allowed" (a cap).
  if (/took longer than/i.test(text)) return { message: t("video.failed.timed_out"), permanent: false };
  if (/longer than the \d+ minutes allowed/i.test(text)) return { message: t("video.failed.too_long"), permanent: true };
  if (/larger than the .* allowed/i.test(text)) return { message: t("video.failed.too_large"), permanent: true };
  if (/cancel/i.test(text)) return { message: t("video.failed.cancelled"), permanent: false };
  return { message: t("video.failed.generic"), permanent: false };
}

// A local stand-in for Zoom for the browser tests (test code), speaking Zoom's real HTTP API
// so the server's real Zoom client runs: the consent page (GET /oauth/authorize, consenting
// at once), the token endpoint (POST /oauth/token, client credentials as HTTP Basic auth,
// both grants), the cloud-recordings list (GET /v2/users/me/recordings, from/to as dates,
// page_size, next_page_token), one meeting's recordings (GET /v2/meetings/{uuid}/recordings)
// and the download: download_url wants the bearer token and redirects to a file host, which
// serves $CLIP (a real MP4, so the import transcodes and plays).
//
// Usage: CLIP=lecture.mp4 node zoom.mjs PORT   (prints "zoom stub ready" when listening)

import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";

export const CLIENT_ID = "zoom-browser-client";
export const CLIENT_SECRET = "zoom-browser-secret";
const port = Number(process.argv[2] ?? 0);
const clip = process.env.CLIP;
const size = statSync(clip).size;

/** Meetings in the first week of March 2025; lecture 3 is still processing. */
const meetings = [
  { uuid: "zb/Lecture+1==", topic: "Compilers, lecture 1", day: 3, files: [["mp4-1", "MP4", "completed"], ["m4a-1", "M4A", "completed"]] },
  { uuid: "zb-lecture-2==", topic: "Compilers, lecture 2", day: 4, files: [["mp4-2", "MP4", "completed"], ["chat-2", "CHAT", "completed"]] },
  { uuid: "zb-lecture-3==", topic: "Compilers, lecture 3", day: 5, files: [["mp4-3", "MP4", "processing"]] },
];

const codes = new Map();
let access = null;
let refresh = null;
const pageTokens = new Map();

const json = (res, status, body) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const bearerOk = (req) => access !== null && req.headers.authorization === `Bearer ${access}`;
const refuse = (res) => json(res, 401, { code: 124, message: "Invalid access token." });

function meetingJson(base, m, index) {
  return {
    uuid: m.uuid, id: 91_000_000_000 + index, host_id: "stub-host", topic: m.topic, type: 2,
    start_time: `2025-03-0${m.day}T01:00:00Z`, timezone: "Asia/Seoul", duration: 20,
    total_size: size * m.files.length, recording_count: m.files.length,
    recording_files: m.files.map(([id, type, status]) => ({
      id, meeting_id: m.uuid, recording_start: `2025-03-0${m.day}T01:00:00Z`, recording_end: `2025-03-0${m.day}T01:00:20Z`,
      file_type: type, file_extension: type, file_size: type === "MP4" ? size : 1000, status,
      download_url: `${base}/rec/download/${id}`, play_url: `${base}/rec/play/${id}`,
      recording_type: type === "MP4" ? "shared_screen_with_speaker_view" : "audio_only",
    })),
  };
}

function readBody(req) {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => resolve(body));
  });
}

const server = createServer(async (req, res) => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const url = new URL(req.url, base);
  const path = url.pathname;
  if (req.method === "GET" && path === "/oauth/authorize") {
    if (url.searchParams.get("client_id") !== CLIENT_ID || url.searchParams.get("response_type") !== "code") {
      return json(res, 400, { reason: "Invalid client_id", error: "invalid_request" });
    }
    const code = `zc-${randomUUID()}`;
    const redirect = url.searchParams.get("redirect_uri");
    codes.set(code, redirect);
    const back = new URL(redirect);
    back.searchParams.set("code", code);
    back.searchParams.set("state", url.searchParams.get("state"));
    res.writeHead(302, { location: back.toString() });
    return res.end();
  }
  if (req.method === "POST" && path === "/oauth/token") {
    const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`;
    if (req.headers.authorization !== basic) return json(res, 401, { reason: "Invalid client", error: "invalid_client" });
    const form = new URLSearchParams(await readBody(req));
    const grant = form.get("grant_type");
    if (grant === "authorization_code") {
      const issuedFor = codes.get(form.get("code"));
      codes.delete(form.get("code"));
      if (!issuedFor || issuedFor !== form.get("redirect_uri")) return json(res, 400, { reason: "Invalid authorization code", error: "invalid_grant" });
    } else if (grant === "refresh_token") {
      if (!refresh || form.get("refresh_token") !== refresh) return json(res, 400, { reason: "Invalid Token!", error: "invalid_grant" });
    } else {
      return json(res, 400, { reason: "Unsupported grant type", error: "unsupported_grant_type" });
    }
    access = `za-${randomUUID()}`;
    refresh = `zr-${randomUUID()}`;
    return json(res, 200, { access_token: access, token_type: "bearer", refresh_token: refresh, expires_in: 3599,
      scope: "cloud_recording:read:list_user_recordings cloud_recording:read:recording" });
  }
  if (req.method === "GET" && path === "/v2/users/me/recordings") {
    if (!bearerOk(req)) return refuse(res);
    const from = url.searchParams.get("from") ?? "";
    const to = url.searchParams.get("to") ?? "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return json(res, 400, { code: 300, message: "Invalid date" });
    const pageSize = Number(url.searchParams.get("page_size") ?? 30);
    const token = url.searchParams.get("next_page_token");
    const start = token ? pageTokens.get(token) : 0;
    if (start === undefined) return json(res, 400, { code: 300, message: "Invalid next_page_token" });
    const inRange = meetings.map((m, i) => [m, i]).filter(([m]) => {
      const day = `2025-03-0${m.day}`;
      return from <= day && day <= to;
    });
    const page = inRange.slice(start, start + pageSize);
    let next = "";
    if (start + pageSize < inRange.length) {
      next = `zpt-${randomUUID()}`;
      pageTokens.set(next, start + pageSize);
    }
    return json(res, 200, { from, to, page_size: pageSize, total_records: inRange.length, next_page_token: next,
      meetings: page.map(([m, i]) => meetingJson(base, m, i)) });
  }
  const meeting = path.match(/^\/v2\/meetings\/([^/]+)\/recordings$/);
  if (req.method === "GET" && meeting) {
    if (!bearerOk(req)) return refuse(res);
    // Encoded once, or twice when the UUID starts with "/" or holds "//" (Zoom's rule).
    const found = meetings.findIndex((m) => {
      const once = encodeURIComponent(m.uuid);
      return meeting[1] === (m.uuid.startsWith("/") || m.uuid.includes("//") ? encodeURIComponent(once) : once);
    });
    if (found < 0) return json(res, 404, { code: 3301, message: "This recording does not exist." });
    return json(res, 200, meetingJson(base, meetings[found], found));
  }
  const download = path.match(/^\/rec\/download\/([\w-]+)$/);
  if (req.method === "GET" && download) {
    if (!bearerOk(req)) return refuse(res);
    res.writeHead(302, { location: `${base}/files/${download[1]}?fid=${randomUUID()}` });
    return res.end();
  }
  if (req.method === "GET" && path.startsWith("/files/")) {
    res.writeHead(200, { "content-type": "video/mp4", "content-length": String(size) });
    return createReadStream(clip).pipe(res);
  }
  json(res, 404, { code: 404, message: "Not found" });
});

server.listen(port, "127.0.0.1", () => console.log(`zoom stub ready on ${server.address().port}`));

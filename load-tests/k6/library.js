// Library browsing after login (REST): what people do between study sessions. Each VU signs
// in, then looks at the dashboard, its spaces, one space with its videos, its individual
// videos and a document's versions, with think time.
//
//   k6 run --no-usage-report load-tests/k6/library.js                      # default profile
//   k6 run --no-usage-report -e PROFILE=short load-tests/k6/library.js     # the CI smoke run
//   k6 run --no-usage-report -e VIVID_URL=https://vivid.example.org load-tests/k6/library.js
//     (against a deployed stack the dev login is off: pass TOKENS=tok1,tok2,… instead)
import { check, sleep } from "k6";
import { get, setupSpace } from "./lib/api.js";

const profiles = {
  short: { vus: 5, duration: "10s" },
  default: { stages: [{ duration: "30s", target: 50 }, { duration: "2m", target: 50 }, { duration: "30s", target: 0 }] },
};

export const options = {
  ...(profiles[__ENV.PROFILE || "default"]),
  thresholds: {
    http_req_failed: ["rate<0.01"],
    "http_req_duration{kind:read}": ["p(95)<300"],
    checks: ["rate>0.99"],
  },
};

export function setup() {
  if (__ENV.TOKENS) return { tokens: __ENV.TOKENS.split(","), space: __ENV.SPACE };
  const { space, users, host } = setupSpace("library", 20);
  return { tokens: [host, ...users], space };
}

export default function (data) {
  const token = data.tokens[(__VU - 1) % data.tokens.length];
  const read = (path, name) => {
    const response = get(path, token, { kind: "read", name });
    check(response, { [`${name} 200`]: (r) => r.status === 200 });
    return response;
  };
  read("/api/me/dashboard", "dashboard");
  const spaces = read("/api/spaces?limit=20", "spaces").json("items") || [];
  const space = data.space || (spaces[0] && spaces[0].id);
  if (space) {
    read(`/api/spaces/${space}`, "space");
    const videos = read(`/api/spaces/${space}/videos?limit=20`, "videos").json("items") || [];
    if (videos[0]) read(`/api/docs/video-${videos[0].id}/versions?limit=20`, "versions");
  }
  read("/api/individual-videos?limit=20", "individual videos");
  sleep(Math.random() * 2 + 0.5);
}


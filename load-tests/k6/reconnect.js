// A reconnect storm: every client of many rooms drops and comes back at once (a deploy, a
// Wi-Fi hiccup in a lecture hall). Each reconnection takes a fresh ticket, opens the socket
// and waits for the document (sync step 2).
//
//   k6 run --no-usage-report load-tests/k6/reconnect.js
//   k6 run --no-usage-report -e PROFILE=short load-tests/k6/reconnect.js
import { check } from "k6";
import { Trend } from "k6/metrics";
import { clearTimeout, setTimeout } from "k6/timers";
import { WebSocket } from "k6/experimental/websockets";
import { setupSpace, ticket, WS_BASE } from "./lib/api.js";
import { Client, kind, randomClientId, syncStep1 } from "./lib/ywire.js";

const short = (__ENV.PROFILE || "") === "short";
const ROOMS = Number(__ENV.ROOMS || (short ? 2 : 20));
const PER_ROOM = Number(__ENV.PER_ROOM || (short ? 5 : 10));
const ROUNDS = Number(__ENV.ROUNDS || (short ? 3 : 10));

const resync = new Trend("reconnect_to_synced_ms", true);

export const options = {
  scenarios: {
    storm: { executor: "per-vu-iterations", vus: ROOMS * PER_ROOM, iterations: ROUNDS, maxDuration: "5m" },
  },
  thresholds: {
    reconnect_to_synced_ms: ["p(95)<2000"],
    checks: ["rate>0.99"],
  },
};

export function setup() {
  const rooms = [];
  for (let r = 0; r < ROOMS; r++) rooms.push(setupSpace(`storm${r}`, PER_ROOM));
  return { rooms };
}

export default function (data) {
  const index = __VU - 1;
  const room = data.rooms[index % ROOMS];
  const token = room.users[Math.floor(index / ROOMS) % PER_ROOM];
  const doc = `video-${room.video}`;
  const started = Date.now();
  const ws = new WebSocket(`${WS_BASE}/ws/${doc}?ticket=${ticket(token, doc)}`);
  ws.binaryType = "arraybuffer";
  let synced = false;
  let deadline;
  const client = new Client(randomClientId());
  ws.onopen = () => {
    ws.send(syncStep1());
    ws.send(client.memoInsert("x"));
  };
  ws.onmessage = (event) => {
    if (!synced && kind(event.data) === "update") {
      synced = true;
      resync.add(Date.now() - started);
      check(synced, { "synced after reconnecting": (s) => s });
      clearTimeout(deadline);
      ws.close();
    }
  };
  deadline = setTimeout(() => {
    check(synced, { "synced after reconnecting": (s) => s });
    ws.close();
  }, 5000);
}

// A collaborative study session: VUs sign in, take tickets, join the room of a video,
// sync, then send memo edits, strokes and presence (playhead) at human rates, and check that
// their peers' edits reach them.
//
//   k6 run --no-usage-report load-tests/k6/collab.js                          # 20 rooms × 5
//   k6 run --no-usage-report -e PROFILE=short load-tests/k6/collab.js         # CI smoke run
//   k6 run --no-usage-report -e ROOMS=100 -e PER_ROOM=10 -e DURATION=5m load-tests/k6/collab.js
import { check } from "k6";
import { Counter, Trend } from "k6/metrics";
import { setInterval, setTimeout, clearInterval } from "k6/timers";
import { WebSocket } from "k6/experimental/websockets";
import { setupSpace, ticket, WS_BASE } from "./lib/api.js";
import { Client, kind, randomClientId, syncStep1 } from "./lib/ywire.js";

const short = (__ENV.PROFILE || "") === "short";
const ROOMS = Number(__ENV.ROOMS || (short ? 2 : 20));
const PER_ROOM = Number(__ENV.PER_ROOM || (short ? 3 : 5));
const SESSION_MS = Number(__ENV.SESSION_MS || (short ? 8000 : 60000));
const ITERATIONS = short ? 1 : Number(__ENV.ITERATIONS || 3);

const received = new Counter("peer_updates_received");
const sent = new Counter("updates_sent");
const syncTime = new Trend("sync_ms", true);
const closedBadly = new Counter("sockets_closed_by_server");

export const options = {
  scenarios: {
    session: {
      executor: "per-vu-iterations",
      vus: ROOMS * PER_ROOM,
      iterations: ITERATIONS,
      // Each iteration is one session (plus a ticket and the sync), with room to spare.
      maxDuration: `${Math.ceil((SESSION_MS / 1000) * (ITERATIONS + 1) * 1.5 + 60)}s`,
    },
  },
  thresholds: {
    peer_updates_received: ["count>0"],
    sync_ms: ["p(95)<1000"],
    sockets_closed_by_server: ["count==0"],
    checks: ["rate>0.99"],
  },
};

export function setup() {
  const rooms = [];
  for (let r = 0; r < ROOMS; r++) {
    const { video, users } = setupSpace(`collab${r}`, PER_ROOM);
    rooms.push({ video, users });
  }
  return { rooms };
}

export default function (data) {
  const index = __VU - 1;
  const room = data.rooms[index % ROOMS];
  const token = room.users[Math.floor(index / ROOMS) % PER_ROOM];
  const doc = `video-${room.video}`;
  const client = new Client(randomClientId());
  const started = Date.now();
  let synced = false;
  let peers = 0;
  const ws = new WebSocket(`${WS_BASE}/ws/${doc}?ticket=${ticket(token, doc)}`);
  ws.binaryType = "arraybuffer";
  const timers = [];
  // A timer may fire between close() and onclose: sending then would throw and end the
  // iteration early.
  const send = (frame) => {
    if (ws.readyState === 1) ws.send(frame);
  };
  ws.onopen = () => {
    ws.send(syncStep1());
    // Presence every 2 s (playhead), a memo edit every ~3 s, a stroke every ~10 s.
    timers.push(setInterval(() => send(client.awareness({ playhead: { t: (Date.now() - started) / 1000, playing: true } })), 2000));
    timers.push(setInterval(() => {
      send(client.memoInsert(`note ${client.clock} `));
      sent.add(1);
    }, 2500 + Math.random() * 1000));
    timers.push(setInterval(() => {
      send(client.strokeSet(`${client.id}-${client.clock}`, {
        t: Date.now() - started, d: 5000, tool: "pen", color: "#e11d48", width: 4, points: [0.1, 0.1, 0.5, 0.5],
      }));
      sent.add(1);
    }, 8000 + Math.random() * 4000));
  };
  ws.onmessage = (event) => {
    const what = kind(event.data);
    if (what === "update" && !synced) {
      synced = true;
      syncTime.add(Date.now() - started);
    } else if (what === "update") {
      peers++;
      received.add(1);
    }
  };
  ws.onclose = (event) => {
    timers.forEach(clearInterval);
    if (event && event.code && event.code !== 1000 && event.code !== 1005) closedBadly.add(1);
  };
  setTimeout(() => {
    check(synced, { "synced with the room": (s) => s });
    if (PER_ROOM > 1) check(peers, { "received peers' edits": (n) => n > 0 });
    ws.close();
  }, SESSION_MS);
}

// REST helpers shared by the scenarios: dev login (embedded profile) and the library calls.
import http from "k6/http";
import { check } from "k6";

// VIVID_URL may name several instances (comma-separated, e.g. two behind no load balancer):
// each VU talks to one of them (VU n to instance n mod count; setup to the first), so the
// members of a room land on different instances when the room count is odd.
const BASES = (__ENV.VIVID_URL || "http://127.0.0.1:8080").split(",");
export const BASE = BASES[__VU % BASES.length];
export const WS_BASE = BASE.replace(/^http/, "ws");

const json = { headers: { "content-type": "application/json" } };

export function login(email, name) {
  const response = http.post(`${BASE}/api/auth/dev-login`, JSON.stringify({ email, name: name || email }), json);
  check(response, { "login 200": (r) => r.status === 200 });
  return response.json("access_token");
}

export function auth(token) {
  return { headers: { "content-type": "application/json", authorization: `Bearer ${token}` } };
}

export function post(path, token, body, tags) {
  return http.post(`${BASE}${path}`, JSON.stringify(body || {}), { ...auth(token), tags });
}

export function get(path, token, tags) {
  return http.get(`${BASE}${path}`, { ...auth(token), tags });
}

/** A host with a space of `participants` invited users and one video; the tokens of all. */
export function setupSpace(prefix, participants) {
  const run = `${prefix}-${Date.now().toString(36)}`;
  const host = login(`${run}-host@load.test`, "Host");
  const space = post("/api/spaces", host, { name: `Load ${run}`, description: "" }).json("id");
  const users = [];
  for (let i = 0; i < participants; i++) {
    const email = `${run}-u${i}@load.test`;
    post(`/api/spaces/${space}/participants`, host, { email });
    const user = login(email, `User ${i}`);
    // An invitation is an offer: the invitee accepts it to join.
    const invitations = get("/api/me/invitations?limit=50", user).json("items") || [];
    const offer = invitations.find((invitation) => invitation.space.id === space);
    if (offer) post(`/api/me/invitations/${offer.id}/accept`, user, {});
    users.push(user);
  }
  const video = post(`/api/spaces/${space}/videos`, host, {
    title: "Lecture", size: 1000, content_type: "video/mp4",
  }).json("id");
  return { host, space, video, users };
}

/** A single-use socket ticket for `doc`. */
export function ticket(token, doc) {
  const response = post("/api/ws-tickets", token, { doc }, { name: "ticket" });
  check(response, { "ticket 201": (r) => r.status === 201 || r.status === 200 });
  return response.json("ticket");
}

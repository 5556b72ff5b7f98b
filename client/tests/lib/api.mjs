// The server's API from the test itself (dev login without a name keeps the account's
// name), to check what the pages cannot show.

import { BASE, users } from "./browser.mjs";

export async function tokenOf(who) {
  const response = await fetch(`${BASE}/api/auth/dev-login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: users[who].email }),
  });
  if (!response.ok) throw new Error(`dev login of ${who}: ${response.status}`);
  return (await response.json()).access_token;
}

export async function apiGet(who, path) {
  const response = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${await tokenOf(who)}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.json();
}

/** `method path` with a JSON body as `who`; the parsed answer (null for 204). */
export async function apiSend(who, method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${await tokenOf(who)}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

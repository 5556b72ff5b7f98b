// The REST API: the access token lives in memory; on a 401 (or at start) it is renewed with
// the refresh cookie (`POST /api/auth/token`). Errors carry the server's stable `code`.
// A flag in localStorage remembers that this browser has a session, so a signed-out visit
// does not probe the refresh cookie (a 401 in the console on every load).

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public fields?: Record<string, string[]>,
  ) {
    super(message);
  }
}

const SESSION_HINT = "vivid.session";

function hint(on: boolean) {
  try {
    if (on) localStorage.setItem(SESSION_HINT, "1");
    else localStorage.removeItem(SESSION_HINT);
  } catch {
    // Private mode: the next load probes anyway.
  }
}

/** True when this browser may hold a refresh cookie (signed in before, or coming back from Google). */
export function maySignedIn(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) === "1";
  } catch {
    return true;
  }
}

/** Before leaving for Google: the return trip should probe the refresh cookie. */
export function expectSession() {
  hint(true);
}

let accessToken: string | null = null;
let renewing: Promise<boolean> | null = null;
const listeners = new Set<(signedIn: boolean) => void>();

export function onAuthChange(listener: (signedIn: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setToken(token: string | null) {
  accessToken = token;
  hint(token !== null);
  listeners.forEach((listener) => listener(token !== null));
}

export function token(): string | null {
  return accessToken;
}

/** A new access token from the refresh cookie; false when there is no session. */
export function renew(): Promise<boolean> {
  renewing ??= fetch("/api/auth/token", { method: "POST", credentials: "same-origin" })
    .then(async (response) => {
      if (!response.ok) {
        setToken(null);
        return false;
      }
      setToken((await response.json()).access_token);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      renewing = null;
    });
  return renewing;
}

/** Which ways to sign in the server offers; `null` when it cannot tell (older servers: 404). */
export async function providers(): Promise<{ dev_login: boolean; google: boolean } | null> {
  try {
    const response = await fetch("/api/auth/providers");
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/** Dev login; without a name the account keeps the one it has. */
export async function devLogin(email: string, name: string): Promise<void> {
  const response = await fetch("/api/auth/dev-login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(name.trim() ? { email, name: name.trim() } : { email }),
    credentials: "same-origin",
  });
  if (!response.ok) throw await toError(response);
  setToken((await response.json()).access_token);
}

export async function logout(): Promise<void> {
  await fetch("/api/auth/logout", { method: "POST", credentials: "same-origin" }).catch(() => {});
  setToken(null);
}

async function toError(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    return new ApiError(response.status, body.code ?? "error", body.message ?? response.statusText, body.fields);
  } catch {
    return new ApiError(response.status, "error", response.statusText);
  }
}

/** An authenticated request; retried once after renewing an expired token. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const send = () =>
    fetch(path, {
      ...init,
      credentials: "same-origin",
      headers: { ...(init.headers ?? {}), authorization: `Bearer ${accessToken ?? ""}` },
    });
  let response = await send();
  if (response.status === 401 && (await renew())) response = await send();
  if (!response.ok) throw await toError(response);
  return response;
}

export async function get<T>(path: string): Promise<T> {
  return (await request(path)).json();
}

export async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await request(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status === 204 ? (undefined as T) : response.json();
}


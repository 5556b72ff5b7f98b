// The REST API: the access token lives in memory; on a 401 (or at start) it is renewed with
// the refresh cookie (`POST /api/auth/token`). Errors carry the server's stable `code`.

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
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

export async function devLogin(email: string, name: string): Promise<void> {
  const response = await fetch("/api/auth/dev-login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, name }),
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
    return new ApiError(response.status, body.code ?? "error", body.message ?? response.statusText);
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

// Shapes the screens use (see /api/docs/ for all of them).
export type VideoStatus = "awaiting_upload" | "uploaded" | "transcoding" | "ready" | "failed";

export interface Video {
  id: string;
  space_id: string;
  title: string;
  description: string;
  uploader_id: string | null;
  status: VideoStatus;
  status_reason: string | null;
  percent: number;
  duration_ms: number | null;
  created_at: string;
}

export interface UserSummary {
  id: string;
  name: string;
  picture_url: string | null;
}

export interface Space {
  id: string;
  name: string;
  description: string;
  host: UserSummary;
  role: "host" | "participant";
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Me {
  id: string;
  email: string;
  name: string;
}

// Invitations and invite links: the pending invitations query (the dashboard's list and the
// top bar's badge share it; library events refetch it), and the invite-link token a visitor
// brings in `/join#<token>`, remembered for the tab across the sign-in redirect.
import { useQuery } from "@tanstack/react-query";
import { get } from "./http";
import { keys } from "./query";
import type { Invitation, Page } from "./types";

export function usePendingInvitations() {
  return useQuery({
    queryKey: keys.invitations,
    queryFn: () => get<Page<Invitation>>("/api/me/invitations?limit=100"),
  });
}

const JOIN_TOKEN = "vivid.joinToken";

/**
 * At start: an invite link (`/join#<token>`) hands its token over to this tab's session
 * storage and leaves the address bar as `/join`, so the secret neither lingers in the URL
 * nor is lost when signing in goes through Google and back.
 */
export function captureJoinToken() {
  if (location.pathname !== "/join" || location.hash.length < 2) return;
  try {
    sessionStorage.setItem(JOIN_TOKEN, decodeURIComponent(location.hash.slice(1)));
  } catch {
    return; // Storage refused: keep the token in the address bar instead.
  }
  history.replaceState(history.state, "", "/join");
}

export function pendingJoinToken(): string | null {
  try {
    return sessionStorage.getItem(JOIN_TOKEN) ?? (location.hash.length > 1 ? decodeURIComponent(location.hash.slice(1)) : null);
  } catch {
    return location.hash.length > 1 ? decodeURIComponent(location.hash.slice(1)) : null;
  }
}

export function forgetJoinToken() {
  try {
    sessionStorage.removeItem(JOIN_TOKEN);
  } catch {
    // Nothing stored.
  }
}

// Recording providers (Webex, Zoom): their status, and the way back to the space after the
// provider's consent page. The server's callback returns to `/?{provider}=connected|denied|error`;
// the space that started the trip is kept in sessionStorage so the app can go back there.
export const PROVIDERS = ["webex", "zoom"] as const;
export type Provider = (typeof PROVIDERS)[number];
/** Names people know them by (the same in every language). */
export const PROVIDER_NAMES: Record<Provider, string> = { webex: "Webex", zoom: "Zoom" };

export interface IntegrationStatus {
  configured: boolean;
  connected: boolean;
}

const RETURN_KEY = "vivid.integrationReturn";

export function rememberReturn(path: string) {
  sessionStorage.setItem(RETURN_KEY, path);
}

/** The provider's answer in the address bar, and where to go back to (once). */
export function takeReturn(search: string): { provider: Provider; outcome: string; path: string } | null {
  const params = new URLSearchParams(search);
  const provider = PROVIDERS.find((name) => params.has(name));
  if (!provider) return null;
  const path = sessionStorage.getItem(RETURN_KEY) ?? "/";
  sessionStorage.removeItem(RETURN_KEY);
  return { provider, outcome: params.get(provider) ?? "", path: path.startsWith("/") ? path : "/" };
}

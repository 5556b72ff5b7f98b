import { useEffect, useState, useSyncExternalStore } from "react";
import * as Y from "yjs";
import { TicketProvider } from "./provider";

/** A live document for as long as the component lives. */
export function useDoc(key: string | null): { doc: Y.Doc; provider: TicketProvider } | null {
  const [live, setLive] = useState<{ doc: Y.Doc; provider: TicketProvider } | null>(null);
  useEffect(() => {
    if (!key) return;
    const doc = new Y.Doc();
    const provider = new TicketProvider(doc, key);
    setLive({ doc, provider });
    return () => {
      provider.destroy();
      doc.destroy();
      setLive(null);
    };
  }, [key]);
  return live;
}

/** Re-renders on connection changes: `state` and `synced`. */
export function useConnection(provider: TicketProvider | undefined) {
  return useSyncExternalStore(
    (listener) => provider?.subscribe(listener) ?? (() => {}),
    () => (provider ? `${provider.state}:${provider.synced}` : "connecting:false"),
  );
}

/** Re-renders whenever the Y type changes (deeply). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useY<T>(type: Y.AbstractType<any> | undefined, read: () => T): T {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!type) return;
    const bump = () => setTick((n) => n + 1);
    type.observeDeep(bump);
    return () => type.unobserveDeep(bump);
  }, [type]);
  return read();
}

/** Re-renders on every awareness change. */
export function useAwareness(provider: TicketProvider | undefined): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!provider) return;
    const bump = () => setTick((n) => n + 1);
    provider.awareness.on("change", bump);
    return () => provider.awareness.off("change", bump);
  }, [provider]);
  return tick;
}

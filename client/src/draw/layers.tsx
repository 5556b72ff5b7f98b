// The two layers of a room (docs/collab.md, "Two layers"): the private document
// `note-{individualVideoId}` and the shared `video-{videoId}`. Which one new things go into
// (private by default) and which ones are shown live here, in one context for the room.
// Edits made through this module carry the LOCAL origin, which is the only origin the
// UndoManagers track: undo never touches what others (or the server's restore) did.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import * as Y from "yjs";
import type { TicketProvider } from "../collab/provider";
import { parsePresenceUser } from "../collab/schema";

export type LayerName = "private" | "shared";

/** The transaction origin of this tab's own edits. */
export const LOCAL = { origin: "local edit" };

export interface LiveDoc {
  doc: Y.Doc;
  provider: TicketProvider;
}

export interface Layers {
  active: LayerName;
  setActive: (layer: LayerName) => void;
  shown: Record<LayerName, boolean>;
  setShown: (layer: LayerName, shown: boolean) => void;
  /** Null while loading (the private document until the individual video is known). */
  live: Record<LayerName, LiveDoc | null>;
}

const Context = createContext<Layers | null>(null);

/** The room's layer state (keep it where both the player and the side panel are rendered). */
export function useLayerState(privateDoc: LiveDoc | null, sharedDoc: LiveDoc | null): Layers {
  const [active, setActiveState] = useState<LayerName>("private");
  const [shown, setShownState] = useState<Record<LayerName, boolean>>({ private: true, shared: true });
  const setActive = useCallback((layer: LayerName) => {
    setActiveState(layer);
    // Writing into a hidden layer would be invisible: choosing it shows it.
    setShownState((s) => ({ ...s, [layer]: true }));
  }, []);
  const setShown = useCallback((layer: LayerName, value: boolean) => setShownState((s) => ({ ...s, [layer]: value })), []);
  return useMemo<Layers>(() => ({
    active, setActive, shown, setShown, live: { private: privateDoc, shared: sharedDoc },
  }), [active, setActive, shown, setShown, privateDoc, sharedDoc]);
}

export function LayersProvider({ value, children }: { value: Layers; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useLayers(): Layers {
  const layers = useContext(Context);
  if (!layers) throw new Error("useLayers outside LayersProvider");
  return layers;
}

export interface Undo {
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
}

/** Undo/redo of this tab's own edits (LOCAL origin) to `names` (root maps) of `doc`. */
export function useUndo(doc: Y.Doc | undefined, names: string[]): Undo {
  const [manager, setManager] = useState<Y.UndoManager | null>(null);
  const [, setTick] = useState(0);
  const key = names.join(",");
  useEffect(() => {
    if (!doc) return;
    const um = new Y.UndoManager(key.split(",").map((n) => doc.getMap(n)), { trackedOrigins: new Set([LOCAL]), captureTimeout: 0 });
    const bump = () => setTick((n) => n + 1);
    um.on("stack-item-added", bump);
    um.on("stack-item-popped", bump);
    um.on("stack-cleared", bump);
    setManager(um);
    return () => {
      um.destroy();
      setManager(null);
    };
  }, [doc, key]);
  return {
    undo: () => manager?.undo(),
    redo: () => manager?.redo(),
    canUndo: Boolean(manager?.canUndo()),
    canRedo: Boolean(manager?.canRedo()),
  };
}

/** One transaction of this tab's own edits. */
export function edit(doc: Y.Doc, change: () => void) {
  doc.transact(change, LOCAL);
}

/**
 * People's names by user id as the server identifies them: the `user` field of presence,
 * which the server rewrites to the authenticated user (docs/collab.md). Names stored in the
 * document are their writer's own claim and are never shown as a name.
 */
export function usePresenceNames(provider: TicketProvider | undefined): Map<string, string> {
  const [names, setNames] = useState(() => new Map<string, string>());
  useEffect(() => {
    if (!provider) return;
    const read = () => {
      const next = new Map<string, string>();
      provider.awareness.getStates().forEach((state) => {
        const user = parsePresenceUser(state.user);
        if (user) next.set(user.id, user.name);
      });
      setNames((old) => (old.size === next.size && [...next].every(([k, v]) => old.get(k) === v) ? old : next));
    };
    read();
    provider.awareness.on("change", read);
    return () => provider.awareness.off("change", read);
  }, [provider]);
  return names;
}

// Server state through TanStack Query: one client, the query keys, and one SSE subscription
// (api/events.ts) that keeps the cache fresh: transcoding percent is patched in place, any
// other event refetches what it touches, `resync` refetches everything. Screens that must
// react to an event itself (a space deleted under them) listen with `onLibraryEvent`.
import { QueryClient, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect } from "react";
import { subscribe, type LibraryEvent } from "./events";
import { isPermanent } from "./errors";
import type { Page, SpaceDetail, SpaceVideo, Video } from "./types";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !isPermanent(error) && count < 2,
    },
  },
});

export const keys = {
  dashboard: ["dashboard"] as const,
  spaces: ["spaces"] as const,
  space: (id: string) => ["space", id] as const,
  /** A space's videos in one order (`spaceVideos(id)` alone matches every order). */
  spaceVideos: (id: string, sort?: string) => (sort ? ["space-videos", id, sort] : ["space-videos", id]) as readonly string[],
  /** The reader's own list ("My lectures"). */
  myLectures: ["my-lectures"] as const,
  video: (id: string) => ["video", id] as const,
  room: (id: string) => ["room", id] as const,
  individual: (videoId: string) => ["individual", videoId] as const,
  versions: (docKey: string) => ["versions", docKey] as const,
  /** A recording provider's status for the reader (`/api/integrations/{provider}`). */
  integration: (provider: string) => ["integration", provider] as const,
  invitations: ["invitations"] as const,
  inviteLinks: (spaceId: string) => ["inviteLinks", spaceId] as const,
};

const listeners = new Set<(name: string, event: LibraryEvent) => void>();

export function onLibraryEvent(listener: (name: string, event: LibraryEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function patchVideo<V extends Video>(video: V, event: LibraryEvent): V {
  return {
    ...video,
    status: (event.status as Video["status"]) ?? video.status,
    percent: event.percent ?? video.percent,
    queue_position: typeof event.queue_position === "number" ? event.queue_position : null,
    status_reason: event.reason ?? null,
  };
}

/** Applies one event to the cache. */
export function applyEvent(client: QueryClient, name: string, event: LibraryEvent) {
  if (name === "resync") {
    void client.invalidateQueries();
    return;
  }
  const spaceId = event.space_id;
  if (name === "video_status" && event.video_id) {
    const id = event.video_id;
    client.setQueryData<Video>(keys.video(id), (old) => old && patchVideo(old, event));
    if (spaceId) {
      client.setQueryData<SpaceDetail>(keys.space(spaceId), (old) => old && {
        ...old,
        videos: { ...old.videos, items: old.videos.items.map((v) => (v.id === id ? patchVideo(v, event) : v)) },
      });
      client.setQueriesData<InfiniteData<Page<SpaceVideo>>>({ queryKey: keys.spaceVideos(spaceId) }, (old) => old && {
        ...old,
        pages: old.pages.map((page) => ({ ...page, items: page.items.map((v) => (v.id === id ? patchVideo(v, event) : v)) })),
      });
    }
    // Percent ticks stop here; a finished or failed video changes the dashboard too (and
    // brings its poster and length).
    if (event.status === "transcoding" || event.status === "uploaded") return;
    if (spaceId) void client.invalidateQueries({ queryKey: keys.spaceVideos(spaceId) });
    void client.invalidateQueries({ queryKey: keys.myLectures });
    void client.invalidateQueries({ queryKey: keys.dashboard });
    void client.invalidateQueries({ queryKey: keys.room(id) });
    return;
  }
  if (name === "import_progress") return;
  if (spaceId) void client.invalidateQueries({ queryKey: keys.space(spaceId) });
  if (spaceId) void client.invalidateQueries({ queryKey: keys.spaceVideos(spaceId) });
  void client.invalidateQueries({ queryKey: keys.myLectures });
  if (name.startsWith("participant_")) void client.invalidateQueries({ queryKey: keys.invitations });
  if (spaceId && name === "participant_joined") void client.invalidateQueries({ queryKey: keys.inviteLinks(spaceId) });
  void client.invalidateQueries({ queryKey: keys.spaces });
  void client.invalidateQueries({ queryKey: keys.dashboard });
  if (event.video_id) void client.invalidateQueries({ queryKey: keys.video(event.video_id) });
}

/** Subscribes once for the signed-in app. */
export function useLibraryEvents() {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribe((name, event) => {
        applyEvent(client, name, event);
        listeners.forEach((listener) => listener(name, event));
      }),
    [client],
  );
}

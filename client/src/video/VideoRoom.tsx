// The video room (its own chunk: Quill, Yjs and hls.js load here only): the player block with
// drawings, the drawing toolbar, thumbnails, presence, and the side panel of notes.
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useCallback, useMemo, useRef, useState } from "react";
import { LayersProvider, LOCAL, useLayerState, useUndo } from "../draw/layers";
import { LayerSwitch } from "../draw/LayerSwitch";
import { readItems, type Item } from "../draw/model";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { errorMessage } from "../api/errors";
import { get, send } from "../api/http";
import { keys, queryClient } from "../api/query";
import type { Individual, Me, Playback, Thumbnail, Video } from "../api/types";
import { useConnection, useDoc, useY } from "../collab/useDoc";
import { StatusBadge } from "../screens/StatusBadge";
import { ErrorNote } from "../ui/ErrorNote";
import { Loading } from "../ui/Loading";
import { toast } from "../ui/toast";
import { useTitle } from "../ui/useTitle";
import type { Brush } from "./DrawingLayer";
import { parseMark } from "../collab/schema";
import { Presence } from "./Presence";
import { SidePanel } from "./SidePanel";
import { saveSnapshot } from "./snapshot";
import { snapshotsKey } from "../notes/Snapshots";
import { Stage } from "./Stage";
import type { Marker } from "./Timeline";
import { ThumbnailStrip } from "./ThumbnailStrip";
import { Toolbar } from "./Toolbar";
import { usePlayerState } from "./usePlayerState";
import { useSharePlayhead } from "./useSharePlayhead";
import { useStartAt } from "./useStartAt";
import { useWatchProgress } from "./useWatchProgress";
import { ConnectionBadge } from "./ConnectionBadge";

/** My individual video of this video (progress, last position, private notes); null when I
 * have none (the server answers 404). */
async function findIndividual(videoId: string): Promise<Individual | null> {
  try {
    return await get<Individual>(`/api/videos/${videoId}/individual-video`);
  } catch (error) {
    if ((error as { code?: string }).code === "individual_video_not_found") return null;
    throw error;
  }
}

export default function VideoRoom({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { id: videoId = "" } = useParams();
  const video = useQuery({ queryKey: keys.video(videoId), queryFn: () => get<Video>(`/api/videos/${videoId}`) });
  const ready = video.data?.status === "ready";
  const room = useQuery({
    queryKey: keys.room(videoId),
    enabled: ready,
    staleTime: Infinity,
    queryFn: async () => {
      const [playback, thumbnails] = await Promise.all([
        get<Playback>(`/api/videos/${videoId}/playback`),
        get<Thumbnail[]>(`/api/videos/${videoId}/thumbnails`),
      ]);
      return { playback, thumbnails };
    },
  });
  const individual = useQuery({
    queryKey: keys.individual(videoId),
    queryFn: async () => {
      const found = await findIndividual(videoId);
      if (found) {
        void send("PUT", `/api/individual-videos/${found.id}/accessed`, {})
          .then(() => {
            void queryClient.invalidateQueries({ queryKey: keys.dashboard });
            void queryClient.invalidateQueries({ queryKey: keys.myLectures });
            void queryClient.invalidateQueries({ queryKey: keys.spaceVideos(found.video.space_id) });
          })
          .catch(() => {});
      }
      return found;
    },
  });
  useTitle(video.data?.title ?? t("room.title"));

  const docKey = `video-${videoId}`;
  const board = useDoc(docKey);
  const notes = useDoc(individual.data ? `note-${individual.data.id}` : null);
  const connection = useConnection(board?.provider);
  const [element, setElement] = useState<HTMLVideoElement | null>(null);
  const elementRef = useRef<HTMLVideoElement | null>(null);
  const [brush, setBrush] = useState<Brush>({ tool: "pointer", color: "#e11d48", width: 4, duration: 5000 });
  const layers = useLayerState(notes, board ?? null);
  const videoUndo = useUndo(layers.live[layers.active]?.doc, ["strokes"]);
  const [videoSelection, setVideoSelection] = useState<Item[]>([]);
  const privateStrokes = notes?.doc.getMap<unknown>("strokes");
  const [following, setFollowing] = useState<string | null>(null);
  const state = usePlayerState(element);
  useStartAt(element);
  useWatchProgress(element, individual.data);
  useSharePlayhead(element, board?.provider);

  const onReady = useCallback((el: HTMLVideoElement) => {
    elementRef.current = el;
    setElement(el);
  }, []);
  const seek = useCallback((time: number) => {
    if (elementRef.current) elementRef.current.currentTime = time;
  }, []);

  const strokes = board?.doc.getMap<unknown>("strokes");
  const bookmarks = board?.doc.getMap<unknown>("bookmarks");
  const comments = board?.doc.getMap<unknown>("comments");
  const markerSource = useY(strokes, () => strokes?.size ?? 0) + useY(bookmarks, () => bookmarks?.size ?? 0) + useY(comments, () => comments?.size ?? 0)
    + useY(privateStrokes, () => privateStrokes?.size ?? 0) * 1000 + (layers.shown.private ? 1e6 : 0) + (layers.shown.shared ? 2e6 : 0);
  const markers = useMemo<Marker[]>(() => {
    if (!strokes || !bookmarks || !comments) return [];
    const list: Marker[] = [];
    bookmarks.forEach((value) => {
      const m = parseMark(value);
      if (m) list.push({ t: m.t / 1000, kind: "bookmark", label: m.label ?? "" });
    });
    comments.forEach((value) => {
      const m = parseMark(value);
      if (m) list.push({ t: m.t / 1000, kind: "comment", label: m.text ?? "" });
    });
    // One marker per second that has drawings starting in it.
    const seconds = new Set<number>();
    for (const [map, layer] of [[strokes, "shared"], [privateStrokes, "private"]] as const) {
      if (map && layers.shown[layer]) readItems(map.entries()).forEach(([, s]) => s.t !== undefined && seconds.add(Math.floor(s.t / 1000)));
    }
    seconds.forEach((s) => list.push({ t: s, kind: "drawing", label: t("tools.drawing") }));
    return list;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [markerSource, strokes, privateStrokes, bookmarks, comments, t]);

  const copyVideoSelection = () => {
    if (!board) return;
    const shared = board.doc.getMap<unknown>("strokes");
    const z = Date.now();
    board.doc.transact(() => videoSelection.forEach((item, i) => shared.set(crypto.randomUUID(), { ...item, author: me.id, z: z + i })), LOCAL);
    toast(t("draw.copied", { count: videoSelection.length }));
  };

  const snapshot = async () => {
    if (!element || !strokes || !individual.data) return;
    try {
      await saveSnapshot(element, strokes, individual.data.id);
      void queryClient.invalidateQueries({ queryKey: snapshotsKey(individual.data.id) });
      toast(t("room.snapshotSaved"));
    } catch (e) {
      toast(errorMessage(e, t), "error");
    }
  };

  if (video.error) return <ErrorNote message={errorMessage(video.error, t)} />;
  if (!video.data || !board) return <Loading />;
  const v = video.data;
  return (
    <LayersProvider value={layers}>
    <section className="room">
      <div className="room-head">
        <Link to={`/spaces/${v.space_id}`} className="back" aria-label={t("room.back")}><ArrowLeft size={20} aria-hidden /></Link>
        <h1>{v.title}</h1>
        <StatusBadge video={v} />
        <ConnectionBadge provider={board.provider} connection={connection} />
        <LayerSwitch />
      </div>
      <div className="room-layout">
        <div className="room-main">
          <div className="sticky-player">
            {room.data ? (
              <Stage playback={room.data.playback} brush={brush} setBrush={setBrush} undo={videoUndo} onSelection={setVideoSelection}
                me={me.id} markers={markers} onReady={onReady} video={element} />
            ) : (
              <div className="stage placeholder" data-testid="not-ready">
                {room.error ? <ErrorNote message={errorMessage(room.error, t)} onRetry={() => void room.refetch()} />
                  : v.status === "ready" ? <Loading /> : <StatusBadge video={v} />}
                {v.status === "transcoding" && v.percent > 0 && <progress max={100} value={v.percent} aria-label={t("status.transcoding", { percent: v.percent })} />}
              </div>
            )}
          </div>
          <Toolbar brush={brush} setBrush={setBrush} onSnapshot={() => void snapshot()} canSnapshot={Boolean(room.data && individual.data && element)}
            undo={videoUndo} selection={videoSelection.length} onCopy={copyVideoSelection} />
          {room.data && <ThumbnailStrip thumbnails={room.data.thumbnails} time={state.time} onSeek={seek} />}
          <Presence provider={board.provider} following={following} setFollowing={setFollowing} video={element} />
        </div>
        <SidePanel board={board.doc} notes={notes?.doc ?? null} docKey={docKey} spaceId={v.space_id} me={me} onSeek={seek}
          currentTime={() => elementRef.current?.currentTime ?? 0} individualId={individual.data?.id} />
      </div>
    </section>
    </LayersProvider>
  );
}

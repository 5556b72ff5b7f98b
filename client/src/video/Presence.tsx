import { useEffect } from "react";
import type { TicketProvider } from "../collab/provider";
import { useAwareness } from "../collab/useDoc";
import { formatTime } from "./Player";

export interface Peer {
  client: number;
  user: { id: string; name: string; color: string };
  playhead?: { t: number; playing: boolean };
}

/** Everyone in the room with their playhead, and "follow" for one of them. */
export function Presence({ provider, following, setFollowing, video }: {
  provider: TicketProvider;
  following: string | null;
  setFollowing: (user: string | null) => void;
  video: HTMLVideoElement | null;
}) {
  useAwareness(provider);
  const peers: Peer[] = [];
  provider.awareness.getStates().forEach((state, client) => {
    if (client !== provider.doc.clientID && state.user) peers.push({ client, user: state.user, playhead: state.playhead });
  });
  const followed = peers.find((p) => p.user.id === following);

  useEffect(() => {
    if (!followed?.playhead || !video) return;
    const { t, playing } = followed.playhead;
    if (Math.abs(video.currentTime - t) > 1.5) video.currentTime = t;
    if (playing && video.paused) void video.play().catch(() => {});
    if (!playing && !video.paused) video.pause();
  }, [followed?.playhead?.t, followed?.playhead?.playing, video]);

  return (
    <ul className="presence" aria-label="Who is here" data-testid="presence">
      {peers.map((peer) => (
        <li key={peer.client} data-testid="peer" data-user={peer.user.id}>
          <span className="avatar" style={{ background: peer.user.color }} title={peer.user.name}>
            {peer.user.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="name">{peer.user.name}</span>
          <span className="playhead" data-testid="playhead">
            {peer.playhead ? `${formatTime(peer.playhead.t)}${peer.playhead.playing ? " ▶" : ""}` : "—"}
          </span>
          <label>
            <input type="checkbox" checked={following === peer.user.id}
              onChange={(e) => setFollowing(e.target.checked ? peer.user.id : null)} /> follow
          </label>
        </li>
      ))}
      {peers.length === 0 && <li className="muted">Nobody else is here.</li>}
    </ul>
  );
}

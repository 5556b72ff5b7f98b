// Everyone in the room with their playhead, and "Follow Grace" for one of them: following
// seeks to their playhead when more than 1.5 s away and mirrors play/pause.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { TicketProvider } from "../collab/provider";
import { parsePlayhead, parsePresenceUser, type Playhead, type PresenceUser } from "../collab/schema";
import { useAwareness } from "../collab/useDoc";
import { formatClock } from "../i18n/format";

export interface Peer {
  client: number;
  user: PresenceUser;
  playhead?: Playhead;
}

export function Presence({ provider, following, setFollowing, video }: {
  provider: TicketProvider;
  following: string | null;
  setFollowing: (user: string | null) => void;
  video: HTMLVideoElement | null;
}) {
  const { t } = useTranslation();
  useAwareness(provider);
  const peers: Peer[] = [];
  provider.awareness.getStates().forEach((state, client) => {
    if (client === provider.doc.clientID) return;
    // Presence is untrusted too (a NaN playhead would throw when the video seeks to it).
    const user = parsePresenceUser(state.user);
    if (user) peers.push({ client, user, playhead: parsePlayhead(state.playhead) });
  });
  const followed = peers.find((p) => p.user.id === following);

  useEffect(() => {
    if (!followed?.playhead || !video) return;
    const { t: at, playing } = followed.playhead;
    if (Math.abs(video.currentTime - at) > 1.5) video.currentTime = at;
    if (playing && video.paused) void video.play().catch(() => {});
    if (!playing && !video.paused) video.pause();
  }, [followed?.playhead?.t, followed?.playhead?.playing, video]);

  return (
    <section className="presence-box" aria-label={t("presence.label")}>
      <ul className="presence" data-testid="presence">
        {peers.map((peer) => (
          <li key={peer.client} data-testid="peer" data-user={peer.user.id}>
            <span className="avatar" style={{ background: peer.user.color ?? "var(--brand)" }} aria-hidden="true">
              {peer.user.name.slice(0, 1).toUpperCase()}
            </span>
            <span className="name">{peer.user.name}</span>
            <span className="playhead" data-testid="playhead">
              {peer.playhead ? `${formatClock(peer.playhead.t)}${peer.playhead.playing ? " ▶" : ""}` : "—"}
            </span>
            <button type="button" className="button small" aria-pressed={following === peer.user.id}
              onClick={() => setFollowing(following === peer.user.id ? null : peer.user.id)}>
              {following === peer.user.id ? t("presence.following", { name: peer.user.name }) : t("presence.follow", { name: peer.user.name })}
            </button>
          </li>
        ))}
        {peers.length === 0 && <li className="muted">{t("presence.alone")}</li>}
      </ul>
    </section>
  );
}

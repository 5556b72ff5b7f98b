// The seek bar with markers for bookmarks, comments and drawings: a native range input (so it
// is keyboard and screen-reader operable) over a track that shows what was watched and marks.
import { useTranslation } from "react-i18next";
import { formatClock } from "../i18n/format";

export interface Marker {
  t: number;
  kind: "bookmark" | "comment" | "drawing";
  label: string;
}

export function Timeline({ time, duration, markers, onSeek }: {
  time: number;
  duration: number;
  markers: Marker[];
  onSeek: (t: number) => void;
}) {
  const { t } = useTranslation();
  const at = (seconds: number) => `${duration ? Math.min(100, (seconds / duration) * 100) : 0}%`;
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-track" aria-hidden="true">
        <div className="timeline-played" style={{ width: at(time) }} />
        {markers.map((marker, index) => (
          <span key={index} className={`marker ${marker.kind}`} style={{ left: at(marker.t) }} title={`${formatClock(marker.t)} ${marker.label}`} data-testid="marker" data-kind={marker.kind} />
        ))}
      </div>
      <input type="range" className="seek" min={0} max={duration || 0} step={0.1} value={Math.min(time, duration || 0)}
        aria-label={t("player.seek")} aria-valuetext={t("player.position", { time: formatClock(time), duration: formatClock(duration) })}
        data-testid="seek" onChange={(e) => onSeek(Number(e.target.value))} />
    </div>
  );
}

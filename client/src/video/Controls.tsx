// The control bar under the picture (outside the drawing layer, so drawing tools never block
// it): play, ±10 s, time, the timeline with markers, speed 1×–2×, mute, fullscreen.
import { Maximize, Minimize, Pause, Play, RotateCcw, RotateCw, Volume2, VolumeX } from "lucide-react";
import { useTranslation } from "react-i18next";
import { formatClock } from "../i18n/format";
import { IconButton } from "../ui/IconButton";
import { SHORTCUTS } from "./shortcuts";
import { Timeline, type Marker } from "./Timeline";
import type { PlayerState } from "./usePlayerState";

export const SPEEDS = [1, 1.25, 1.5, 1.75, 2];

export function Controls({ state, markers, fullscreen, onToggle, onSeek, onRate, onMute, onFullscreen }: {
  state: PlayerState;
  markers: Marker[];
  fullscreen: boolean;
  onToggle: () => void;
  onSeek: (t: number) => void;
  onRate: (rate: number) => void;
  onMute: () => void;
  onFullscreen: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="controls" role="group" aria-label={t("player.controls")} data-testid="controls">
      <Timeline time={state.time} duration={state.duration} markers={markers} onSeek={onSeek} />
      <div className="controls-row">
        <IconButton label={state.paused ? t("player.play") : t("player.pause")} shortcut={SHORTCUTS.play}
          icon={state.paused ? <Play size={20} aria-hidden /> : <Pause size={20} aria-hidden />} onClick={onToggle}
          data-testid="play" />
        <IconButton label={t("player.back10")} shortcut={SHORTCUTS.back10} icon={<RotateCcw size={18} aria-hidden />}
          onClick={() => onSeek(Math.max(0, state.time - 10))} />
        <IconButton label={t("player.forward10")} shortcut={SHORTCUTS.forward10} icon={<RotateCw size={18} aria-hidden />}
          onClick={() => onSeek(Math.min(state.duration, state.time + 10))} />
        <span className="clock" data-testid="clock">{formatClock(state.time)} / {formatClock(state.duration)}</span>
        <span className="speeds" role="group" aria-label={t("player.speed")}>
          {SPEEDS.map((rate) => (
            <button key={rate} type="button" className="speed" aria-pressed={state.rate === rate}
              title={t("player.speedN", { rate })} onClick={() => onRate(rate)}>
              {rate}×
            </button>
          ))}
        </span>
        <IconButton label={state.muted ? t("player.unmute") : t("player.mute")} shortcut={SHORTCUTS.mute}
          icon={state.muted ? <VolumeX size={18} aria-hidden /> : <Volume2 size={18} aria-hidden />} onClick={onMute} />
        <IconButton label={fullscreen ? t("player.exitFullscreen") : t("player.fullscreen")} shortcut={SHORTCUTS.fullscreen}
          icon={fullscreen ? <Minimize size={18} aria-hidden /> : <Maximize size={18} aria-hidden />} onClick={onFullscreen}
          data-testid="fullscreen" />
      </div>
    </div>
  );
}

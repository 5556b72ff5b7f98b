// The visual index: thumbnails with their times and the current position marked. A long
// lecture (a 90-minute one has ~540 thumbnails at 10 s) shows an evenly spaced subset of at
// most MAX, loaded lazily, and keeps the current one in view while playing.
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Thumbnail } from "../api/types";
import { formatClock } from "../i18n/format";

const MAX = 48;

/** Every n-th thumbnail so that at most `max` remain, first one always included. */
export function sampleThumbnails<T>(all: T[], max = MAX): T[] {
  if (all.length <= max) return all;
  const step = all.length / max;
  return Array.from({ length: max }, (_, i) => all[Math.floor(i * step)]);
}

export function ThumbnailStrip({ thumbnails, time, onSeek }: { thumbnails: Thumbnail[]; time: number; onSeek: (t: number) => void }) {
  const { t } = useTranslation();
  const shown = useMemo(() => sampleThumbnails(thumbnails), [thumbnails]);
  const strip = useRef<HTMLDivElement>(null);
  let current = -1;
  shown.forEach((thumb, index) => {
    if (thumb.t <= time) current = index;
  });
  useEffect(() => {
    const el = strip.current?.querySelector<HTMLElement>("[aria-current=true]");
    const box = strip.current;
    if (!el || !box) return;
    // Scroll the strip only (never the page).
    const left = el.offsetLeft - box.clientWidth / 2 + el.clientWidth / 2;
    box.scrollTo({ left, behavior: "smooth" });
  }, [current]);
  if (shown.length === 0) return null;
  return (
    <nav className="thumbnails" aria-label={t("player.visualIndex")} ref={strip} data-testid="thumbnails">
      {shown.map((thumb, index) => (
        <button key={thumb.t} type="button" className="thumb" aria-current={index === current}
          aria-label={t("player.jumpTo", { time: formatClock(thumb.t) })} onClick={() => onSeek(thumb.t)}>
          <img src={thumb.url} alt="" loading="lazy" />
          <span className="thumb-time">{formatClock(thumb.t)}</span>
        </button>
      ))}
    </nav>
  );
}

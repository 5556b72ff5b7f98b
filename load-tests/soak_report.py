"""Turns load-tests/soak.sh's samples (CSV) into a Markdown report: the samples every five
minutes, and per quantity the mean over the first five minutes after a two-minute warm-up
against the mean over the last five minutes of load, with the change between them.

    python3 load-tests/soak_report.py soak.csv soak.md MINUTES "ROOMS x PER_ROOM"
"""

import csv
import sys

path, out, minutes, shape = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = [{k: float(v or 0) for k, v in row.items()} for row in csv.DictReader(open(path))]
load_end = minutes * 60
loaded = [r for r in rows if r["seconds"] < load_end]
after = [r for r in rows if r["seconds"] >= load_end]
early = [r for r in loaded if 120 <= r["seconds"] < 420] or loaded[:10]
late = [r for r in loaded if r["seconds"] >= load_end - 300] or loaded[-10:]

QUANTITIES = [
    ("a_rss_kb", "instance A RSS", lambda v: f"{v / 1024:.1f} MiB"),
    ("b_rss_kb", "instance B RSS", lambda v: f"{v / 1024:.1f} MiB"),
    ("a_rooms", "instance A rooms", lambda v: f"{v:.0f}"),
    ("b_rooms", "instance B rooms", lambda v: f"{v:.0f}"),
    ("a_sockets", "instance A sockets", lambda v: f"{v:.0f}"),
    ("b_sockets", "instance B sockets", lambda v: f"{v:.0f}"),
    ("redis_used_bytes", "Redis used memory", lambda v: f"{v / 1048576:.1f} MiB"),
    ("redis_clients", "Redis clients", lambda v: f"{v:.0f}"),
    ("redis_keys", "Redis keys (this run)", lambda v: f"{v:.0f}"),
]


def mean(sample, key):
    return sum(r[key] for r in sample) / max(len(sample), 1)


lines = [
    f"# Soak: {minutes} minutes, two instances on one Redis",
    "",
    f"Written by `load-tests/soak.sh` (collab {shape} always on, library browsing, a reconnect",
    "storm every few minutes; release build, PostgreSQL and Redis on the same 2-core machine as",
    "the load generator). Samples: `soak.csv`.",
    "",
    "| quantity | minutes 2–7 (mean) | last 5 minutes (mean) | change | after the load (last sample) |",
    "|---|---|---|---|---|",
]
for key, name, fmt in QUANTITIES:
    first, last = mean(early, key), mean(late, key)
    change = f"{(last - first) / first * 100:+.0f} %" if first else "—"
    tail = fmt(after[-1][key]) if after else "—"
    lines.append(f"| {name} | {fmt(first)} | {fmt(last)} | {change} | {tail} |")
lines += ["", "Every five minutes:", "",
          "| minute | A RSS | B RSS | rooms A/B | sockets A/B | Redis memory | Redis clients | Redis keys |",
          "|---|---|---|---|---|---|---|---|"]
next_at = 0
for r in rows:
    if r["seconds"] >= next_at or r is rows[-1]:
        lines.append(
            f"| {r['seconds'] / 60:.1f} | {r['a_rss_kb'] / 1024:.1f} MiB | {r['b_rss_kb'] / 1024:.1f} MiB"
            f" | {r['a_rooms']:.0f}/{r['b_rooms']:.0f} | {r['a_sockets']:.0f}/{r['b_sockets']:.0f}"
            f" | {r['redis_used_bytes'] / 1048576:.1f} MiB | {r['redis_clients']:.0f} | {r['redis_keys']:.0f} |"
        )
        next_at = r["seconds"] + 300
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))

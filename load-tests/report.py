#!/usr/bin/env python3
"""Turns the generator's JSON lines (load-tests/compare.sh) into load-tests/RESULTS.md:
one table per load, ratios against the reference y-websocket server and Hocuspocus, and the
status of each target of the issue."""
import json
import os
import platform
import subprocess
import sys
from collections import defaultdict

def offered(row):
    return row["rooms"] * row["clients"] * (row["clients"] - 1) * row["rate"]

def served(row):
    """p99 < 50 ms, ≥ 95% of the offered deliveries, no failed socket."""
    return row["p99_ms"] < 50 and row["deliveries_per_sec"] >= 0.95 * offered(row) and row["errors"] == 0

def generator_bound(row):
    """The server kept up, but the generator sent under 95% of the updates asked of it: the
    limit met was the generator's own (a saturated server slows the generator's sends too,
    which is why this only counts when the server kept up)."""
    return served(row) and row["sent"] < 0.95 * row["rooms"] * row["clients"] * row["rate"] * row["seconds"]

def carried(row):
    """A sweep step the server carried at the rate asked."""
    return served(row) and not generator_bound(row)

if sys.argv[1] == "--carried":
    # compare.sh asks whether a sweep step passed (exit 0) before it tries the next rate.
    sys.exit(0 if carried(json.loads(sys.argv[2])) else 1)

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by_load = defaultdict(dict)
# Sweep steps: label -> server -> rows in rate order.
sweeps = defaultdict(lambda: defaultdict(list))
for row in rows:
    if row["label"].startswith("sweep"):
        sweeps[row["label"]][row["target"]].append(row)
    else:
        by_load[row["label"]][row["target"]] = row

def highest(steps):
    ok = [row["deliveries_per_sec"] for row in steps if carried(row)]
    return max(ok) if ok else None

def fmt(value, digits=2):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)

def ratio(a, b):
    if a is None or b in (None, 0):
        return "—"
    return f"{a / b:.2f}"

def cpu_per_k(row):
    cpu, deliveries = row.get("server_cpu_secs"), row.get("deliveries")
    if cpu is None or not deliveries:
        return None
    return cpu * 1000 / deliveries

cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print("# Load test results\n")
print(f"Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}. "
      "Everything on 127.0.0.1; the generator (`examples/loadgen.rs`, release build) shares "
      "the cores with the server under test. Produced by `load-tests/compare.sh` "
      "(`SECONDS_PER_LOAD` measured seconds per load after a warm-up); raw lines in "
      "`load-tests/results/results.jsonl`.\n")
print("Ratios are VIVID ÷ other: below 1 is better for latency, CPU and memory; above 1 is "
      "better for deliveries/s.\n")
for label, targets in by_load.items():
    print(f"## {label}\n")
    print("| server | deliveries/s | p50 ms | p95 ms | p99 ms | p99.9 ms | errors | server CPU s | CPU s per 1k deliveries | peak RSS MiB | RSS bytes/conn |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, row in targets.items():
        print(f"| {name} | {fmt(row['deliveries_per_sec'], 0)} | {fmt(row['p50_ms'])} | {fmt(row['p95_ms'])} | "
              f"{fmt(row['p99_ms'])} | {fmt(row['p999_ms'])} | {row['errors']} | {fmt(row['server_cpu_secs'])} | "
              f"{fmt(cpu_per_k(row), 3)} | {fmt(row['server_rss_kib'] / 1024, 1)} | {fmt(row['rss_bytes_per_connection'], 0)} |")
    vivid = targets.get("Vivid")
    if vivid:
        print()
        for other in ("YWebsocket", "Hocuspocus"):
            row = targets.get(other)
            if not row:
                continue
            print(f"- VIVID ÷ {other}: deliveries/s {ratio(vivid['deliveries_per_sec'], row['deliveries_per_sec'])}, "
                  f"p99 {ratio(vivid['p99_ms'], row['p99_ms'])}, "
                  f"CPU per delivery {ratio(cpu_per_k(vivid), cpu_per_k(row))}, "
                  f"RSS {ratio(vivid['server_rss_kib'], row['server_rss_kib'])}")
    print()

for label, servers in sweeps.items():
    print(f"## {label}: rate sweep\n")
    print("Each step doubles the updates per client per second; a server's sweep ends at the first "
          "step with p99 ≥ 50 ms, fewer than 95% of the offered deliveries, or a failed socket, or "
          "where the generator (on the same cores) could not send at the rate: then the server's "
          "limit lies beyond what this machine can measure.\n")
    print("| server | updates/s per client | offered deliveries/s | deliveries/s | p50 ms | p99 ms | p99.9 ms | errors | server CPU s | carried |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, steps in servers.items():
        for row in steps:
            print(f"| {name} | {fmt(row['rate'], 0)} | {offered(row):.0f} | {fmt(row['deliveries_per_sec'], 0)} | "
                  f"{fmt(row['p50_ms'])} | {fmt(row['p99_ms'])} | {fmt(row['p999_ms'])} | {row['errors']} | "
                  f"{fmt(row['server_cpu_secs'])} | "
                  f"{'yes' if carried(row) else 'generator-bound' if generator_bound(row) else 'no'} |")
    print()
    vivid = highest(servers.get("Vivid", []))
    for name, steps in servers.items():
        print(f"- {name}: highest carried load {fmt(highest(steps), 0)} deliveries/s")
    for other in ("YWebsocket", "Hocuspocus"):
        if other in servers:
            print(f"- VIVID ÷ {other}: {ratio(vivid, highest(servers[other]))}")
    print()

def target(label):
    return by_load.get(label, {})

print("## Targets\n")
for label in ("50x10", "1x100"):
    vivid, hocus = target(label).get("Vivid"), target(label).get("Hocuspocus")
    if not vivid:
        print(f"- {label}: not measured")
        continue
    p99_ok = vivid["p99_ms"] <= 10
    cpu_ok = None
    if hocus and cpu_per_k(vivid) and cpu_per_k(hocus):
        cpu_ok = cpu_per_k(vivid) <= 0.25 * cpu_per_k(hocus)
    print(f"- {label}: p99 ≤ 10 ms — {'met' if p99_ok else 'NOT met'} ({fmt(vivid['p99_ms'])} ms); "
          f"CPU ≤ ¼ of Hocuspocus's (per delivery) — "
          f"{'met' if cpu_ok else 'NOT met' if cpu_ok is not None else 'not measured'} "
          f"(ratio {ratio(cpu_per_k(vivid), cpu_per_k(hocus) if hocus else None)})")
for label in ("idle-2000", "idle-many"):
    idle = target(label).get("Vivid")
    if idle and idle.get("rss_bytes_per_connection") is not None:
        per = idle["rss_bytes_per_connection"]
        print(f"- ≤ 4 KB RSS per idle connection ({label}): {'met' if per <= 4096 else 'NOT met'} "
              f"({per:.0f} bytes per connection over {idle['connections']:,} connections)")
    else:
        print(f"- ≤ 4 KB RSS per idle connection ({label}): not measured")
for label, servers in sweeps.items():
    name = f"- Highest load with p99 < 50 ms ≥ 5× Hocuspocus's ({label})"
    if "Vivid" not in servers or "Hocuspocus" not in servers:
        print(f"{name}: not measured")
        continue
    vivid, hocus = highest(servers["Vivid"]), highest(servers["Hocuspocus"])
    last = servers["Vivid"][-1]
    ceiling = ("; VIVID carried the sweep's last step, so its limit lies beyond this figure"
               if served(last) else "")
    if vivid is None:
        print(f"{name}: NOT met (VIVID carried no step)")
    elif hocus is None:
        print(f"{name}: met (Hocuspocus carried no step; VIVID {vivid:.0f} deliveries/s){ceiling}")
    else:
        print(f"{name}: {'met' if vivid >= 5 * hocus else 'NOT met'} ({vivid:.0f} vs {hocus:.0f} "
              f"deliveries/s, {vivid / hocus:.2f}×){ceiling}")
if not sweeps:
    print("- Highest load with p99 < 50 ms ≥ 5× Hocuspocus's: not measured (no sweep in this run)")
big = target("idle-many").get("Vivid")
if big:
    tried = big["rooms"] * big["clients"]
    held = big["connections"] >= 50_000 and big["errors"] == 0
    status = "met" if held else "NOT met" if tried >= 50_000 else (
        f"not reachable on this machine (open-file limit {os.environ.get('OPEN_FILE_LIMIT', '?')} "
        "per process; the hard limit cannot be raised without CAP_SYS_RESOURCE)")
    per = big["rss_bytes_per_connection"]
    memory = (f"{per:.0f} bytes per connection; 50,000 would take ≈ {per * 50_000 / 2**20:.0f} MiB"
              if per is not None else "memory not sampled")
    print(f"- 50k idle connections on one instance: {status}: {big['connections']:,} of {tried:,} "
          f"sockets open, {big['errors']} failed, peak RSS {big['server_rss_kib'] / 1024:.0f} MiB "
          f"({memory})")
else:
    print("- 50k idle connections on one instance: not measured")
one = target("redis-1-instance").get("Vivid")
two = target("redis-2-instances").get("Vivid")
if one and two:
    added = two["p99_ms"] - one["p99_ms"]
    print(f"- Added cross-instance p99 ≤ 5 ms: {'met' if added <= 5 else 'NOT met'} "
          f"(p99 {fmt(one['p99_ms'])} ms on one instance with Redis, {fmt(two['p99_ms'])} ms with "
          f"half the clients on a second instance: +{added:.2f} ms)")
else:
    print("- Added cross-instance p99 ≤ 5 ms: not measured")

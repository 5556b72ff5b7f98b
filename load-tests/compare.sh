#!/usr/bin/env bash
# Side by side: the same generator (examples/loadgen.rs), in one run, against VIVID, the
# reference y-websocket server and Hocuspocus, for each load; prints the ratios and writes
# load-tests/RESULTS.md. Everything on 127.0.0.1; the generator shares the cores with the
# server under test (its own CPU is reported too).
#
#   load-tests/compare.sh            # SECONDS_PER_LOAD=20 by default
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/vivid/target}"
SECONDS_PER_LOAD="${SECONDS_PER_LOAD:-20}"
OUT="${OUT:-load-tests/results}"

ensure_redis
log "building (release): vivid and the generator"
cargo build --release --locked --bin vivid --example loadgen
BIN="$CARGO_TARGET_DIR/release"
( cd load-tests/servers && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } )
mkdir -p "$OUT"
results="$OUT/results.jsonl"
# STAGES: `single` (the three servers per load), `sweep` (raise the rate until p99 passes
# 50 ms, per server), `idle50k` (50,000 idle sockets on one VIVID instance) and `cross` (VIVID
# on one and on two instances with Redis). A run with `single` starts the results afresh.
STAGES="${STAGES:-single sweep idle50k cross}"
if [[ $STAGES == *single* ]]; then : > "$results"; fi
touch "$results"
# Drops the rows of an earlier run of a stage that runs again (labels starting with $1).
forget() { python3 -c 'import sys; p, l = sys.argv[1:]; rows = [r for r in open(p) if f"\"label\":\"{l}" not in r]; open(p, "w").writelines(rows)' "$results" "$1"; }
# Sweep: rooms × clients, the per-client rates tried in order, seconds per step.
SWEEP_ROOMS="${SWEEP_ROOMS:-10}" SWEEP_CLIENTS="${SWEEP_CLIENTS:-10}"
SWEEP_RATES="${SWEEP_RATES:-10 20 40 80 160 320}"
SWEEP_SECONDS="${SWEEP_SECONDS:-10}"
# Tens of thousands of sockets: the server and the generator each hold one per connection.
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
export OPEN_FILE_LIMIT=$(ulimit -n)

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done; }

# Starts one server; sets SERVER_PID and SERVER_URL.
start() {
  local kind=$1 port; port=$(free_port)
  case $kind in
    vivid)
      env VIVID__HTTP__ADDR="127.0.0.1:$port" VIVID__HTTP__METRICS_ADDR=127.0.0.1:0 VIVID__DATA_DIR="$work/vivid-$port" \
        VIVID__LOG__LEVEL=error VIVID__HTTP__CLIENT_DIR="$work/none" \
        VIVID__TRANSCODE__BACKEND=passthrough VIVID__COLLAB__MAX_CONNECTIONS_PER_DOCUMENT=1000 \
        VIVID__COLLAB__UPDATES_PER_SECOND=10000 VIVID__COLLAB__UPDATE_BURST=10000 \
        VIVID__HTTP__MAX_CONNECTIONS=120000 VIVID__LIMITS__TICKETS_PER_MINUTE=1000000 \
        ${REDIS:+VIVID__REDIS__URL=$REDIS} ${REDIS:+VIVID__REDIS__KEY_PREFIX=bench:} \
        ${SHARED_DB:+DATABASE_URL=$SHARED_DB} \
        "$BIN/vivid" serve & ;;
    y-websocket)
      HOST=127.0.0.1 PORT=$port node load-tests/servers/node_modules/y-websocket/bin/server.cjs >/dev/null & ;;
    hocuspocus)
      PORT=$port node load-tests/servers/hocuspocus.mjs & ;;
  esac
  SERVER_PID=$!
  pids+=("$SERVER_PID")
  SERVER_URL="http://127.0.0.1:$port"
  wait_port "$port"
  sleep 0.5
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# load label rooms clients rate [extra generator flags]
load() {
  local label=$1 rooms=$2 clients=$3 rate=$4; shift 4
  for kind in vivid y-websocket hocuspocus; do
    start "$kind"
    log "$label: $kind"
    "$BIN/examples/loadgen" --target "$kind" --url "$SERVER_URL" --rooms "$rooms" --clients "$clients" \
      --rate "$rate" --seconds "$SECONDS_PER_LOAD" --server-pid "$SERVER_PID" --label "$label" "$@" \
      >> "$results"
    stop "$SERVER_PID"
  done
}

if [[ $STAGES == *single* ]]; then
  load "10x10" 10 10 10
  load "50x10" 50 10 10
  load "1x100" 1 100 10
  load "idle-2000" 200 10 1 --idle
fi

# The highest load each server carries with p99 < 50 ms: the rate doubles until p99 reaches
# 50 ms, fewer than 95% of the offered deliveries arrive, a socket fails, or the generator
# itself cannot send at the rate (then the server's limit lies beyond the sweep).
if [[ $STAGES == *sweep* ]]; then
  forget sweep
  for kind in vivid y-websocket hocuspocus; do
    for rate in $SWEEP_RATES; do
      start "$kind"
      log "sweep ${SWEEP_ROOMS}x${SWEEP_CLIENTS} @ $rate/s: $kind"
      line=$("$BIN/examples/loadgen" --target "$kind" --url "$SERVER_URL" --rooms "$SWEEP_ROOMS" \
        --clients "$SWEEP_CLIENTS" --rate "$rate" --seconds "$SWEEP_SECONDS" --server-pid "$SERVER_PID" \
        --label "sweep-${SWEEP_ROOMS}x${SWEEP_CLIENTS}") || { log "the generator failed"; stop "$SERVER_PID"; break; }
      stop "$SERVER_PID"
      echo "$line" >> "$results"
      python3 load-tests/report.py --carried "$line" || break
    done
  done
fi

# 50,000 idle sockets on one instance (rooms of 100, one user per room, so the setup stays
# small), or as many as the file-descriptor limit lets one process hold (the server and the
# generator each need one per socket; raising the hard limit needs CAP_SYS_RESOURCE).
if [[ $STAGES == *idle50k* ]]; then
  forget idle-many
  fds=$(ulimit -n)
  sockets=$(( fds >= 51000 ? 50000 : (fds - 1000) / 100 * 100 ))
  if (( sockets < 100 )); then
    log "idle-many: skipped, the open-file limit ($fds) leaves no room"
  else
    start vivid
    log "idle-many: vivid, $sockets sockets (open-file limit $fds)"
    "$BIN/examples/loadgen" --target vivid --url "$SERVER_URL" --rooms $(( sockets / 100 )) --clients 100 \
      --idle --shared-user --seconds 10 --server-pid "$SERVER_PID" --label "idle-many" >> "$results" \
      || log "idle-many: the generator failed"
    stop "$SERVER_PID"
  fi
fi

# Across instances: one instance with Redis, then two sharing Redis and the database, half
# the clients on each (the added latency is the difference).
if [[ $STAGES == *cross* ]]; then
log "cross-instance: one instance with Redis"
export REDIS="redis://127.0.0.1:$REDIS_PORT" SHARED_DB="sqlite://$work/shared.db"
start vivid; first=$SERVER_PID; first_url=$SERVER_URL
"$BIN/examples/loadgen" --target vivid --url "$first_url" --rooms 10 --clients 10 --rate 10 \
  --seconds "$SECONDS_PER_LOAD" --server-pid "$first" --label "redis-1-instance" >> "$results"
log "cross-instance: two instances"
start vivid; second=$SERVER_PID
"$BIN/examples/loadgen" --target vivid --url "$first_url" --url2 "$SERVER_URL" --rooms 10 \
  --clients 10 --rate 10 --seconds "$SECONDS_PER_LOAD" --server-pid "$first" \
  --label "redis-2-instances" >> "$results"
stop "$second"; stop "$first"
redis-cli -p "$REDIS_PORT" --scan --pattern 'bench:*' | xargs -r -n 500 redis-cli -p "$REDIS_PORT" DEL >/dev/null
unset REDIS SHARED_DB
fi

{ python3 load-tests/report.py "$results"; cat load-tests/analysis.md; } > load-tests/RESULTS.md
cat load-tests/RESULTS.md

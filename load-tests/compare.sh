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
# STAGES: `single` (the three servers per load) and/or `cross` (VIVID on one and on two
# instances with Redis). A run of both starts the results afresh.
STAGES="${STAGES:-single cross}"
if [[ $STAGES == *single* ]]; then : > "$results"; fi

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
      env VIVID__HTTP__ADDR="127.0.0.1:$port" VIVID__DATA_DIR="$work/vivid-$port" \
        VIVID__LOG__LEVEL=error VIVID__HTTP__CLIENT_DIR="$work/none" \
        VIVID__TRANSCODE__BACKEND=passthrough VIVID__COLLAB__MAX_CONNECTIONS_PER_DOCUMENT=1000 \
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

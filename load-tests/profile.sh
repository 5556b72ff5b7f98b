#!/usr/bin/env bash
# Profiles VIVID under one generator load: `perf record` (DWARF call graphs) on the server
# while examples/loadgen.rs drives it, then a flamegraph (inferno) and the top symbols.
#
#   load-tests/profile.sh 50 10 10          # rooms clients rate → load-tests/profiles/50x10.svg
#
# Needs perf (linux-perf) and a kernel that lets root record (perf_event_paranoid ≤ 2);
# installs inferno with cargo when it is missing. Release build with line tables, so frames
# have names and inlined functions show.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
rooms=${1:-50} clients=${2:-10} rate=${3:-10}
SECONDS_MEASURED="${SECONDS_MEASURED:-12}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/vivid/target}"
export CARGO_PROFILE_RELEASE_DEBUG=line-tables-only
command -v perf >/dev/null || { log "perf is missing (apt-get install linux-perf)"; exit 1; }
command -v inferno-flamegraph >/dev/null || cargo install --locked inferno
cargo build --release --locked --bin vivid --example loadgen
BIN="$CARGO_TARGET_DIR/release"
out=load-tests/profiles
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
env VIVID__HTTP__ADDR="127.0.0.1:$port" VIVID__HTTP__METRICS_ADDR=127.0.0.1:0 VIVID__DATA_DIR="$work/data" VIVID__LOG__LEVEL=error \
  VIVID__HTTP__CLIENT_DIR="$work/none" VIVID__TRANSCODE__BACKEND=passthrough \
  VIVID__COLLAB__MAX_CONNECTIONS_PER_DOCUMENT=1000 VIVID__COLLAB__UPDATES_PER_SECOND=10000 \
  VIVID__COLLAB__UPDATE_BURST=10000 "$BIN/vivid" serve &
server=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

# Record the middle of the measured window: after the generator's setup (two requests per
# client, roughly) and its warm-up (2 s + 1 ms per socket).
warmup=$(( 4 + rooms * clients / 500 + SECONDS_MEASURED / 4 ))
( sleep "$warmup"; perf record -F 999 -g --call-graph dwarf,16384 -p "$server" -o "$work/perf.data" \
    -- sleep $(( SECONDS_MEASURED / 2 )) > "$work/perf.log" 2>&1 ) &
recorder=$!
"$BIN/examples/loadgen" --target vivid --url "http://127.0.0.1:$port" --rooms "$rooms" \
  --clients "$clients" --rate "$rate" --seconds "$SECONDS_MEASURED" --server-pid "$server" \
  --label "profile-${rooms}x${clients}" | tee "$out/${rooms}x${clients}.json"
wait "$recorder" || { log "perf record failed:"; cat "$work/perf.log"; exit 1; }

name="$out/${rooms}x${clients}"
perf script -i "$work/perf.data" 2>/dev/null | inferno-collapse-perf > "$work/folded"
inferno-flamegraph --title "VIVID ${rooms}x${clients} @ ${rate}/s" < "$work/folded" > "$name.svg"
{
  echo "# ${rooms}x${clients} @ ${rate}/s: share of the server's samples"
  echo "## by object"
  perf report -i "$work/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep '%' | sed -n 1,5p
  echo "## top symbols (self)"
  perf report -i "$work/perf.data" --no-children --sort symbol --stdio -g none 2>/dev/null | grep '%' | sed -n 1,25p | cut -c1-140
  echo "## inclusive: the TCP send path"
  perf report -i "$work/perf.data" --children --sort symbol --stdio -g none 2>/dev/null \
    | grep -E '\] (__sys_sendto|tcp_sendmsg|__sys_recvfrom|epoll_wait|schedule) *$' | cut -c1-100 || true
} > "$name.txt"
log "flamegraph: $name.svg, summary: $name.txt"

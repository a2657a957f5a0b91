#!/usr/bin/env bash
# Soak and fault runs of the sample app (issue 15, lasting defence 4): sign-in, session read and session update, each
# for DURATION s under load with zero errors as the bar, the server's RSS sampled every second (flat memory), and
# fault runs in database mode: the SQLite file taken away, or the PostgreSQL server stopped, for FAULT_FOR s under
# session-read load, then put back.
#
#   bash benchmarks/load/soak.sh              # JWT, SQLite and PostgreSQL modes, 60 s per scenario, then the fault runs
#   MODES=postgresql FAULT_DBS=postgresql bash benchmarks/load/soak.sh       # PostgreSQL only
#   MODES=jwt SCENARIOS=read SESSIONS=10000 CONNECTIONS_READ=10000 FAULT=0 bash benchmarks/load/soak.sh
#                                             # 10,000 distinct sessions on 10,000 concurrent connections
#   DURATION=10 WARMUP=3 MODES=jwt FAULT=0 bash benchmarks/load/soak.sh      # a quick try
#
# Pieces are those of run.sh (the same server start, pinning and scripted sign-in): samples/Sesame.Sample in Release
# on 127.0.0.1 pinned to CPU $SERVER_CPU, wrk (-t1) pinned to CPU $LOAD_CPU, sessions.mjs signing in SESSIONS real
# users (demo/admin alternating) through the credentials callback, and soak.lua (the request kinds and a count of every
# answer by class: 2xx signed in / signed out, 429, 500, 503, other; with a per-second timeline).
#
# Modes (MODES, default "jwt database postgresql"): jwt; database = Sesame__Session__Strategy=database on a new SQLite
# file; postgresql = database mode on a PostgreSQL server of this script's own (Debian's server binaries: initdb into a
# new /tmp folder, as the postgres OS user when run as root, listening on 127.0.0.1 only, pinned to the sample's CPU,
# stopped and removed at the end; default settings, fsync on), through Npgsql's pool as the sample configures it.
# Scenarios, per mode:
#   read    GET  /api/auth/session over SESSIONS distinct signed-in sessions (each with its own CSRF cookie)
#   signin  POST /api/auth/callback/credentials (username, password, csrfToken, json=true, with the matching CSRF cookie;
#           one pair reused: the token is a stateless double-submit). A success is a 200 whose JSON url has no error;
#           wrk sees only the last Set-Cookie, so the session cookie is checked with curl before and after the run.
#   update  POST /api/auth/session {"csrfToken":…,"data":{"name":"x"}} over the same distinct sessions
# Each scenario: WARMUP s of load (not counted), then DURATION s measured, with VmRSS read every second.
# Memory: first sample, max, median of the first and of the last 10 s; "grows" when the last-10-s median exceeds the
# first-10-s median by more than RSS_BOUND % (default 25). Why 25 %: after warm-up a .NET server's RSS moves with its GC
# budget (gen0 size, heap decommit) by some 10–15 % of a ~100–200 MB process between samples; a leak of even 200 bytes a
# request at these rates (thousands a second) adds over 50 MB a minute, far past 25 %. A finer bound needs longer runs.
#
# Fault runs (FAULT=1, default), database mode, for each database in FAULT_DBS (default "sqlite postgresql"), once
# without and once with the session cache (FAULT_CACHE="0 1"). PostgreSQL: the server is stopped at once, as by a crash
# (pg_ctl stop -m immediate: every connection, the pool's included, is cut; no checkpoint, so the start recovers from
# the WAL), for FAULT_FOR s, then started again on the same data and port. (A fast shutdown waits for the sessions it
# ends and its checkpoint, under load for over 15 s here: the fault would start late and blur.) The fault window runs
# from the stop to the start of the restore, the after window from the restore's end (pg_ctl -w: accepting again).
# SQLite:
# the sample's SQLite connections are pooled, and a pooled connection keeps the file it opened: moving the file away
# (or chmod 000, which root ignores anyway) is not noticed while the pool is warm (seen: 5 s away under ~6,000 req/s,
# every answer still a session). So the fault runs open a connection a request (Pooling=False in the connection
# string), and the fault is the file and its -wal/-shm moved away for FAULT_FOR s (a new connection then opens an empty
# database: "no such table"), then moved back. Asserted from the per-second counts: no 500 and no other status but 200
# or 503; no session answered during the fault (beyond FAULT_GRACE s: requests in flight, and with the cache its
# Duration, 5 s); a forged session cookie never reads as signed in (probed during the fault); from FAULT_GRACE s after
# the restore, every answer a session again, and the first and last cookies read as signed in, without a restart.
#
# Many connections: wrk keeps CONNECTIONS_* connections open for the whole run, each sending its next request as soon
# as the last is answered; over 1,000 the script raises its open-file limit (the server and wrk inherit it) and wrk's
# timeout (WRK_TIMEOUT, default 5 s, 30 s past 1,000 connections): one wrk thread on one core then spends its time on
# the connections, so such a run shows that every one is served, not the server's highest rate.
# Environment (all optional): DURATION = 60, WARMUP = 10, SESSIONS = 1000, CONNECTIONS_READ = 32,
#   CONNECTIONS_SIGNIN = 16, CONNECTIONS_UPDATE = 16, MODES = "jwt database postgresql", SCENARIOS = "read signin update",
#   FAULT = 1, FAULT_DBS = "sqlite postgresql", FAULT_CACHE = "0 1", FAULT_AT = 15 (s into the fault run), FAULT_FOR = 10, FAULT_TOTAL = 45,
#   PG_RESTART_SLACK = 30 (s of load added to a PostgreSQL fault run, for the restart),
#   FAULT_GRACE = 1 (s; the cache's 5 s is added when it is on), RSS_BOUND = 25, SERVER_CPU = 0, LOAD_CPU = 1,
#   BASE_PORT = 5400, SKIP_BUILD = 0, AUTH_SECRET (random), TIMEOUT (computed), OUT_DIR (a new /tmp directory).
# Exit status: 0 when every bar is met, 1 when one is not (the summary says which), 2 on a usage or set-up error.
set -euo pipefail

DURATION=${DURATION:-60}
WARMUP=${WARMUP:-10}
SESSIONS=${SESSIONS:-1000}
CONNECTIONS_READ=${CONNECTIONS_READ:-32}
CONNECTIONS_SIGNIN=${CONNECTIONS_SIGNIN:-16}
CONNECTIONS_UPDATE=${CONNECTIONS_UPDATE:-16}
MODES=${MODES:-"jwt database postgresql"}
SCENARIOS=${SCENARIOS:-"read signin update"}
FAULT=${FAULT:-1}
FAULT_CACHE=${FAULT_CACHE:-"0 1"}
FAULT_DBS=${FAULT_DBS:-"sqlite postgresql"}
PG_RESTART_SLACK=${PG_RESTART_SLACK:-30}
FAULT_AT=${FAULT_AT:-15}
FAULT_FOR=${FAULT_FOR:-10}
FAULT_TOTAL=${FAULT_TOTAL:-45}
FAULT_GRACE=${FAULT_GRACE:-1}
RSS_BOUND=${RSS_BOUND:-25}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
BASE_PORT=${BASE_PORT:-5400}
SKIP_BUILD=${SKIP_BUILD:-0}

die() { echo "soak.sh: $*" >&2; exit 2; }
for v in DURATION WARMUP SESSIONS CONNECTIONS_READ CONNECTIONS_SIGNIN CONNECTIONS_UPDATE FAULT_AT FAULT_FOR FAULT_TOTAL \
  FAULT_GRACE RSS_BOUND SERVER_CPU LOAD_CPU BASE_PORT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((DURATION >= 1 && DURATION <= 600)) || die "DURATION must be 1..600 seconds"
((SESSIONS >= 2 && SESSIONS <= 20000)) || die "SESSIONS must be 2..20000"
for v in CONNECTIONS_READ CONNECTIONS_SIGNIN CONNECTIONS_UPDATE; do
  ((${!v} >= 1 && ${!v} <= 20000)) || die "$v must be 1..20000"
done
((FAULT_AT + FAULT_FOR < FAULT_TOTAL)) || die "FAULT_AT + FAULT_FOR must be less than FAULT_TOTAL"
for m in $MODES; do [[ $m == jwt || $m == database || $m == postgresql ]] || die "unknown mode '$m' (jwt database postgresql)"; done
for d in $FAULT_DBS; do [[ $d == sqlite || $d == postgresql ]] || die "unknown fault database '$d' (sqlite postgresql)"; done
for s in $SCENARIOS; do [[ $s == read || $s == signin || $s == update ]] || die "unknown scenario '$s' (read signin update)"; done
for c in $FAULT_CACHE; do [[ $c == 0 || $c == 1 ]] || die "FAULT_CACHE lists 0 and/or 1"; done
read -r -a MODE_LIST <<<"$MODES"
read -r -a SCENARIO_LIST <<<"$SCENARIOS"
read -r -a CACHE_LIST <<<"$FAULT_CACHE"
read -r -a FAULT_DB_LIST <<<"$FAULT_DBS"
((FAULT)) || FAULT_DB_LIST=()
FAULT_RUNS=()
for d in "${FAULT_DB_LIST[@]}"; do for c in "${CACHE_LIST[@]}"; do FAULT_RUNS+=("$d:$c"); done; done
MAX_CONNECTIONS=$CONNECTIONS_READ
((CONNECTIONS_SIGNIN > MAX_CONNECTIONS)) && MAX_CONNECTIONS=$CONNECTIONS_SIGNIN
((CONNECTIONS_UPDATE > MAX_CONNECTIONS)) && MAX_CONNECTIONS=$CONNECTIONS_UPDATE
if ((MAX_CONNECTIONS > 1000)); then
  WRK_TIMEOUT=${WRK_TIMEOUT:-30}
  # every connection is a file descriptor in wrk and in the server, each of which inherits this limit
  ulimit -n $((MAX_CONNECTIONS + 4096)) 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  (($(ulimit -n) > MAX_CONNECTIONS + 100)) || die "$MAX_CONNECTIONS connections need an open-file limit above $((MAX_CONNECTIONS + 100)) (ulimit -n is $(ulimit -n))"
fi
WRK_TIMEOUT=${WRK_TIMEOUT:-5}

# whole run bounded: build 600 s; per mode start and sign-ins; per scenario warm-up, run and slack; per fault run
TIMEOUT=${TIMEOUT:-$((600 + ${#MODE_LIST[@]} * (60 + SESSIONS / 20 + ${#SCENARIO_LIST[@]} * (WARMUP + DURATION + 20)) + ${#FAULT_RUNS[@]} * (60 + SESSIONS / 20 + FAULT_TOTAL + PG_RESTART_SLACK + 30)))}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO"
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/sesame-soak.XXXXXX)}
mkdir -p "$OUT_DIR"
LUA=$REPO/benchmarks/load/soak.lua

# ---------------------------------------------------------------------------------------------------
# Everything started here is tracked and stopped on exit, however the script ends (as in run.sh).
PIDS=()
CURRENT_JOB=
WATCHDOG=
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  local pid
  [[ -n $WATCHDOG ]] && kill -TERM "$WATCHDOG" 2>/dev/null
  [[ -n $CURRENT_JOB ]] && kill -TERM "$CURRENT_JOB" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  declare -F pg_remove >/dev/null && pg_remove
  exit "$status"
}
exec 9>&2
trap cleanup EXIT
trap 'echo "soak.sh: stopped by SIGTERM (the hard timeout is ${TIMEOUT} s); stopping what it started" >&9; exit 143' TERM
trap 'echo "soak.sh: interrupted; stopping what it started" >&9; exit 130' INT
(
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$TIMEOUT" &
  sleeper=$!
  wait "$sleeper" && kill -TERM $$ 2>/dev/null
) &
WATCHDOG=$!

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" | tee -a "$OUT_DIR/soak.log" >&2; }
run() {
  local status=0
  "$@" 9>&- &
  CURRENT_JOB=$!
  wait "$CURRENT_JOB" || status=$?
  CURRENT_JOB=
  return "$status"
}
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2)"; }
need curl "apt-get install curl"
need taskset "apt-get install util-linux"
need wrk "apt-get install wrk"
need node "Node.js, for sessions.mjs"
need dotnet ".NET SDK"
ncpu=$(nproc)
((SERVER_CPU < ncpu && LOAD_CPU < ncpu)) || die "SERVER_CPU/LOAD_CPU: this machine has CPUs 0..$((ncpu - 1))"

# ---------------------------------------------------------------------------------------------------
# Build (as run.sh: Release, no build servers left running) and sessions.mjs's next-auth
SAMPLE_DIR=$REPO/samples/Sesame.Sample
SAMPLE_DLL=$SAMPLE_DIR/bin/Release/net10.0/Sesame.Sample.dll
if [[ $SKIP_BUILD != 1 ]]; then
  log "building Sesame.Sample (Release)"
  run dotnet build -c Release --nologo -v:q -nodeReuse:false -p:UseSharedCompilation=false \
    "$SAMPLE_DIR/Sesame.Sample.csproj" >"$OUT_DIR/build-sample.log" 2>&1 || die "the sample does not build (see $OUT_DIR/build-sample.log)"
fi
[[ -f $SAMPLE_DLL ]] || die "$SAMPLE_DLL is missing (run without SKIP_BUILD=1)"
if [[ ! -d benchmarks/nextauth-reference/node_modules/next-auth ]]; then
  log "installing next-auth for sessions.mjs (npm ci in benchmarks/nextauth-reference)"
  (cd benchmarks/nextauth-reference && run npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error) >"$OUT_DIR/npm.log" 2>&1 ||
    die "npm ci failed (see $OUT_DIR/npm.log)"
fi

# ---------------------------------------------------------------------------------------------------
# Server
SECRET=${AUTH_SECRET:-$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')}
NEXT_PORT=$BASE_PORT
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
SERVER_PID= PORT= BASE= WORK=

# start_server NAME ENV...: the sample from a scratch directory (its SQLite file stays out of the repository), the
# project directory as content root, pinned to SERVER_CPU; waits until it answers (30 s at most)
start_server() {
  local name=$1 i code
  shift
  while port_in_use "$NEXT_PORT"; do NEXT_PORT=$((NEXT_PORT + 1)); done
  PORT=$NEXT_PORT
  NEXT_PORT=$((NEXT_PORT + 1))
  WORK="$OUT_DIR/work-$name"
  mkdir -p "$WORK"
  (cd "$WORK" && exec taskset -c "$SERVER_CPU" env AUTH_SECRET="$SECRET" AUTH_URL="http://127.0.0.1:$PORT" \
    ASPNETCORE_ENVIRONMENT=Production DEMO_PASSWORD=demo-password "Logging__LogLevel__Microsoft.AspNetCore=Warning" \
    "Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=None" "$@" \
    dotnet "$SAMPLE_DLL" --urls "http://127.0.0.1:$PORT" --contentRoot "$SAMPLE_DIR") >"$OUT_DIR/server-$name.log" 2>&1 9>&- &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  BASE="http://127.0.0.1:$PORT/api/auth"
  for i in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "$name: the sample exited during start-up (see $OUT_DIR/server-$name.log)"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/" || true)
    [[ $code != 000 ]] && return 0
    sleep 0.1
  done
  die "$name: the sample did not answer on port $PORT within 30 s"
}
stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# PostgreSQL (modes and fault runs that need it): one server for the whole run, a database per run
PG_BIN= PG_ROOT= PG_PORT= PG_AS=()
pg_ctl_() { taskset -c "$SERVER_CPU" "${PG_AS[@]}" "$PG_BIN/pg_ctl" "$@"; }
pg_start() {
  pg_ctl_ start -w -t 60 -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_ROOT -c max_connections=300" >>"$OUT_DIR/postgresql-ctl.log" 2>&1
}
pg_stop() { pg_ctl_ stop -w -t 60 -D "$PG_ROOT/data" -m fast >>"$OUT_DIR/postgresql-ctl.log" 2>&1; }
pg_remove() {
  [[ -n $PG_ROOT && -d $PG_ROOT ]] || return 0
  pg_ctl_ stop -w -t 30 -D "$PG_ROOT/data" -m immediate >/dev/null 2>&1 || true
  cp "$PG_ROOT/server.log" "$OUT_DIR/postgresql-server.log" 2>/dev/null || true
  rm -rf "$PG_ROOT"
  PG_ROOT=
}
pg_setup() {
  [[ -n $PG_ROOT ]] && return 0
  local initdb
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1 || true)
  [[ -n $initdb ]] || initdb=$(command -v initdb || true)
  [[ -n $initdb ]] || die "PostgreSQL's server binaries are missing (apt-get install postgresql, or bash scripts/install-prereqs.sh)"
  PG_BIN=$(dirname "$initdb")
  # its own folder: the run's folder is private to this user, and initdb does not run as root
  PG_ROOT=$(mktemp -d /tmp/sesame-soak-pg.XXXXXX)
  if (($(id -u) == 0)); then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_ROOT"
    PG_AS=(runuser -u postgres --)
  fi
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$OUT_DIR/postgresql-initdb.log" 2>&1 ||
    die "initdb failed (see $OUT_DIR/postgresql-initdb.log)"
  while port_in_use "$NEXT_PORT"; do NEXT_PORT=$((NEXT_PORT + 1)); done
  PG_PORT=$NEXT_PORT
  NEXT_PORT=$((NEXT_PORT + 1))
  pg_start || die "PostgreSQL did not start (see $OUT_DIR/postgresql-ctl.log)"
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $NF }') on 127.0.0.1:$PG_PORT (data in $PG_ROOT, CPU $SERVER_CPU)"
}
# pg_connection DATABASE: the sample's connection string for a new database of that name (the schema is the sample's)
pg_connection() {
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qAt -c "CREATE DATABASE $1" >/dev/null ||
    die "could not create the PostgreSQL database $1"
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$1"
}
# mode_env MODE NAME: the sample's settings for that mode (sets ENV_ARGS)
mode_env() {
  case $1 in
    jwt) ENV_ARGS=() ;;
    database) ENV_ARGS=(Sesame__Session__Strategy=database "ConnectionStrings__Sesame=Data Source=$OUT_DIR/work-$2/sesame.db") ;;
    postgresql)
      pg_setup
      ENV_ARGS=(Sesame__Session__Strategy=database Sesame__Database__Provider=postgresql "ConnectionStrings__Sesame=$(pg_connection "${2//-/_}")")
      ;;
  esac
}

# prepare NAME: the scripted sign-in (as run.sh's: csrf, then the credentials callback), then SESSIONS real sign-ins
# (sessions.mjs); sets JAR, CSRF_COOKIE, CSRF_TOKEN, SESSIONS_FILE
cookie_header() {
  awk '/^#HttpOnly_/ { sub(/^#HttpOnly_/, "") } /^#/ || NF < 7 { next } { out = out (out == "" ? "" : "; ") $6 "=" $7 } END { print out }' "$1"
}
prepare() {
  local name=$1 body out
  JAR="$OUT_DIR/cookies-$name.txt"
  rm -f "$JAR"
  body=$(curl -sS --max-time 5 -c "$JAR" -b "$JAR" "$BASE/csrf") || die "$name: GET /csrf failed"
  CSRF_TOKEN=$(sed -nE 's/.*"csrfToken" *: *"([^"]+)".*/\1/p' <<<"$body")
  [[ -n $CSRF_TOKEN ]] || die "$name: no csrfToken (body: ${body:0:120})"
  CSRF_COOKIE=$(awk '/^#HttpOnly_/ { sub(/^#HttpOnly_/, "") } $6 ~ /csrf-token$/ { print $6 "=" $7 }' "$JAR")
  check_signin "$name" || die "$name: $WHY"
  # the jar now holds the sign-in's session cookie and its rotated CSRF cookie, which sessions.mjs reuses
  curl -sS --max-time 10 -c "$JAR" -b "$JAR" -o /dev/null --data-urlencode username=demo --data-urlencode password=demo-password \
    --data-urlencode "csrfToken=$CSRF_TOKEN" --data-urlencode json=true "$BASE/callback/credentials"
  SESSIONS_FILE="$OUT_DIR/sessions-$name.txt"
  log "$name: signing in $SESSIONS sessions (sessions.mjs)"
  out=$(AUTH_SECRET="$SECRET" COOKIE_MODE=browser run node benchmarks/load/sessions.mjs signin "$SESSIONS" "$JAR" "$SESSIONS_FILE" "$BASE" 2>&1) ||
    die "$name: sessions.mjs failed: $out"
  log "$name: $out"
  signed_in "$(head -n1 "$SESSIONS_FILE")" && signed_in "$(tail -n1 "$SESSIONS_FILE")" ||
    die "$name: a prepared session did not read back as a user"
}
# signed_in COOKIE_HEADER: GET /session answers a user
signed_in() {
  local body
  body=$(curl -sS --max-time 5 -H "Cookie: $1" "$BASE/session" 2>/dev/null || true)
  [[ $body == *'"user"'*'"email":"'*@example.com* ]]
}
# check_signin NAME: one credentials sign-in with the reused CSRF pair answers 200 and sets a session cookie; else WHY
check_signin() {
  local code headers="$OUT_DIR/signin-check-headers.txt"
  code=$(curl -sS --max-time 10 -D "$headers" -o /dev/null -w '%{http_code}' -H "Cookie: $CSRF_COOKIE" \
    --data-urlencode username=demo --data-urlencode password=demo-password --data-urlencode "csrfToken=$CSRF_TOKEN" \
    --data-urlencode json=true "$BASE/callback/credentials" 2>&1) || { WHY="sign-in failed: $code"; return 1; }
  [[ $code == 200 ]] && grep -qiE '^set-cookie: *[^=]*session-token=' "$headers" ||
    { WHY="sign-in answered $code$(grep -qi '^set-cookie: *[^=]*session-token=' "$headers" || echo ' without a session cookie')"; return 1; }
}
# check_update COOKIE_HEADER: one update with the line's own CSRF token answers a session with the new name
check_update() {
  local token body
  token=$(sed -nE 's/.*csrf-token=([^;|%]+)(%7C|\|).*/\1/p' <<<"$1")
  body=$(curl -sS --max-time 5 -H "Cookie: $1" -H 'Content-Type: application/json' \
    --data "{\"csrfToken\":\"$token\",\"data\":{\"name\":\"x\"}}" "$BASE/session" 2>/dev/null || true)
  [[ $body == *'"user"'* ]]
}

# ---------------------------------------------------------------------------------------------------
# Load and measurements
# wrk_run OUT SECONDS CONNECTIONS URL ARGS...: one bounded wrk run pinned to LOAD_CPU
wrk_run() {
  local out=$1 secs=$2 conns=$3 url=$4
  shift 4
  run timeout $((secs + 30)) taskset -c "$LOAD_CPU" wrk -t1 -c"$conns" -d"${secs}s" --timeout "${WRK_TIMEOUT}s" --latency -s "$LUA" "$url" -- "$@" >"$out" 2>&1 ||
    log "wrk exited non-zero (see $out)"
}
# rss_sampler FILE: VmRSS (KiB) of the server every second, until stopped
start_rss() {
  (
    trap 'exit 0' TERM
    while :; do
      awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || exit 0
      sleep 1
    done
  ) >"$1" 9>&- &
  RSS_PID=$!
  PIDS+=("$RSS_PID")
}
stop_rss() { kill -TERM "$RSS_PID" 2>/dev/null || true; wait "$RSS_PID" 2>/dev/null || true; }
# rss_stats FILE: "first max median_first10 median_last10 growth%" in MiB
rss_stats() {
  awk -v n=10 '
    function median(a, k,   i, j, t, b) {
      for (i = 1; i <= k; i++) b[i] = a[i]
      for (i = 2; i <= k; i++) { t = b[i]; for (j = i - 1; j >= 1 && b[j] > t; j--) b[j + 1] = b[j]; b[j + 1] = t }
      return k % 2 ? b[(k + 1) / 2] : (b[k / 2] + b[k / 2 + 1]) / 2
    }
    { v[NR] = $1; if ($1 > max) max = $1 }
    END {
      if (NR == 0) { print "0 0 0 0 0"; exit }
      k = NR < n ? NR : n
      for (i = 1; i <= k; i++) { f[i] = v[i]; l[i] = v[NR - k + i] }
      mf = median(f, k); ml = median(l, k)
      printf "%.1f %.1f %.1f %.1f %.1f\n", v[1] / 1024, max / 1024, mf / 1024, ml / 1024, (ml - mf) / mf * 100
    }' "$1"
}
# parse_wrk FILE: "requests rps p99_ms non2xx socket_errors"
parse_wrk() {
  awk '
    function ms(v,   n, u) { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n / 1000; if (u == "ms") return n; if (u == "s") return n * 1000; if (u == "m") return n * 60000; return -1 }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    / requests in / { reqs = $1 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(/,/, ""); errs = $4 + $6 + $8 + $10 }
    END { if (rps == "") exit 1; printf "%d %.0f %.1f %d %d\n", reqs, rps, p99, non2xx + 0, errs + 0 }' "$1"
}
soak_count() { awk -v k="$2" '$1 == "soak:" && $2 == k { print $3; f = 1 } END { if (!f) print 0 }' "$1"; }

ROWS=()
FAULT_ROWS=()
FINDINGS=()
FAILED=0
finding() { FINDINGS+=("$1"); FAILED=1; log "FINDING: $1"; }

# scenario MODE NAME: warm-up, then the measured run with RSS sampling; appends a row
scenario() {
  local mode=$1 s=$2 url conns args=() out rssf parsed reqs rps p99 non2xx errs ok bad st first max mf ml growth mem
  case $s in
    read) url="$BASE/session" conns=$CONNECTIONS_READ args=(read "$SESSIONS_FILE") ;;
    update) url="$BASE/session" conns=$CONNECTIONS_UPDATE args=(update "$SESSIONS_FILE") ;;
    signin) url="$BASE/callback/credentials" conns=$CONNECTIONS_SIGNIN args=(signin "$CSRF_COOKIE" "$CSRF_TOKEN") ;;
  esac
  log "$mode $s: warm-up ${WARMUP} s"
  ((WARMUP > 0)) && wrk_run "$OUT_DIR/wrk-$mode-$s-warmup.txt" "$WARMUP" "$conns" "$url" "${args[@]}"
  out="$OUT_DIR/wrk-$mode-$s.txt" rssf="$OUT_DIR/rss-$mode-$s.txt"
  log "$mode $s: ${DURATION} s, $conns connections"
  start_rss "$rssf"
  wrk_run "$out" "$DURATION" "$conns" "$url" "${args[@]}"
  stop_rss
  parsed=$(parse_wrk "$out") || { finding "$mode $s: could not parse wrk's output (see $out)"; return; }
  read -r reqs rps p99 non2xx errs <<<"$parsed"
  # the classes soak.lua counted: what is a success for this scenario, and what is not
  case $s in
    read | update) ok=$(soak_count "$out" signed_in) ;;
    signin) ok=$(soak_count "$out" ok) ;;
  esac
  bad=$((reqs - ok))
  read -r first max mf ml growth <<<"$(rss_stats "$rssf")"
  mem=flat
  if awk -v g="$growth" -v b="$RSS_BOUND" 'BEGIN { exit !(g > b) }'; then mem="grows"; finding "$mode $s: RSS last-10-s median $ml MiB is $growth % over the first-10-s median $mf MiB (bound $RSS_BOUND %)"; fi
  ((non2xx == 0)) || finding "$mode $s: $non2xx non-2xx answers ($(grep '^soak:' "$out" | grep -v -E 'signed_in|ok ' | tr '\n' ' '))"
  ((errs == 0)) || finding "$mode $s: $errs socket errors ($(grep 'Socket errors' "$out"))"
  ((bad == 0)) || finding "$mode $s: $bad of $reqs answers were not a success ($(grep '^soak:' "$out" | tr '\n' ' '))"
  for st in s429 s500 s503; do
    (($(soak_count "$out" "$st") == 0)) || finding "$mode $s: $(soak_count "$out" "$st") answers ${st#s}"
  done
  ROWS+=("| $mode | $s | $conns | $reqs | $rps | $p99 | $non2xx | $errs | $bad | $first / $max / $ml | $growth % ($mem) |")
  log "$mode $s: $reqs requests, $rps req/s, p99 $p99 ms, non-2xx $non2xx, socket errors $errs, not a success $bad; RSS first $first, max $max, last-10-s median $ml MiB ($growth %)"
}

# ---------------------------------------------------------------------------------------------------
log "results and logs: $OUT_DIR (hard timeout ${TIMEOUT} s)"
for mode in "${MODE_LIST[@]}"; do
  mode_env "$mode" "$mode"
  start_server "$mode" "${ENV_ARGS[@]}"
  log "$mode: the sample on port $PORT (pid $SERVER_PID)"
  prepare "$mode"
  check_update "$(sed -n 2p "$SESSIONS_FILE")" || die "$mode: an update with a prepared session's own CSRF token did not answer a session"
  for s in "${SCENARIO_LIST[@]}"; do
    scenario "$mode" "$s"
    sleep 1
  done
  # still signed in, and can still sign in, after the load
  signed_in "$(head -n1 "$SESSIONS_FILE")" && signed_in "$(tail -n1 "$SESSIONS_FILE")" ||
    finding "$mode: after the load a prepared session no longer read as signed in"
  check_signin "$mode" || finding "$mode: after the load: $WHY"
  grep -qE '^(fail|crit):' "$OUT_DIR/server-$mode.log" && finding "$mode: the server logged errors (see $OUT_DIR/server-$mode.log)"
  stop_server
done

# ---------------------------------------------------------------------------------------------------
# Fault runs
# fault_away NAME / fault_back NAME: take the run's database away, and give it back
fault_away() {
  case $FAULT_DB in
    sqlite)
      mkdir -p "$OUT_DIR/away-$1"
      # -wal and -shm exist only while a connection is open (each request's own, with Pooling=False)
      for f in "$db" "$db-wal" "$db-shm"; do [[ -e $f ]] && mv "$f" "$OUT_DIR/away-$1/"; done
      log "$1: database moved away"
      ;;
    postgresql)
      pg_ctl_ stop -w -t 60 -D "$PG_ROOT/data" -m immediate >>"$OUT_DIR/postgresql-ctl.log" 2>&1 ||
        log "$1: pg_ctl stop answered non-zero (see $OUT_DIR/postgresql-ctl.log)"
      log "$1: PostgreSQL stopped (immediate)"
      ;;
  esac
}
fault_back() {
  case $FAULT_DB in
    sqlite)
      ls -la "$(dirname "$db")" >"$OUT_DIR/fault-dir-$1.txt" 2>&1
      # the files moved away replace whatever a connection created meanwhile (an empty database)
      rm -f "$db-wal" "$db-shm"
      mv -f "$OUT_DIR/away-$1/"* "$(dirname "$db")/"
      ;;
    postgresql)
      pg_start || finding "$1: PostgreSQL did not start again (see $OUT_DIR/postgresql-ctl.log)"
      ;;
  esac
}
for run_spec in "${FAULT_RUNS[@]}"; do
  FAULT_DB=${run_spec%:*} cache=${run_spec#*:}
  case $FAULT_DB in
    sqlite)
      name=fault-db
      db="$OUT_DIR/work-$name/sesame.db"
      [[ $cache == 1 ]] && name=fault-db-cached db="$OUT_DIR/work-$name/sesame.db"
      env_args=(Sesame__Session__Strategy=database "ConnectionStrings__Sesame=Data Source=$db;Pooling=False")
      ;;
    postgresql)
      name=fault-pg
      [[ $cache == 1 ]] && name=fault-pg-cached
      mode_env postgresql "$name"
      env_args=("${ENV_ARGS[@]}")
      ;;
  esac
  grace=$FAULT_GRACE
  if [[ $cache == 1 ]]; then env_args+=(Sesame__Session__Cache__Enabled=true); grace=$((FAULT_GRACE + 5)); fi
  start_server "$name" "${env_args[@]}"
  log "$name: the sample on port $PORT (pid $SERVER_PID)"
  prepare "$name"
  out="$OUT_DIR/wrk-$name.txt"
  start_rss "$OUT_DIR/rss-$name.txt"
  log "$name: ${FAULT_TOTAL} s of session reads; the database ($FAULT_DB) goes away at ${FAULT_AT} s for ${FAULT_FOR} s"
  # a PostgreSQL restart under this load can take many seconds (seen: 20 s, its server sharing the sample's busy CPU;
  # 0.2 s idle): the load goes on past it, so that the reads after the restore are measured too
  total=$FAULT_TOTAL
  [[ $FAULT_DB == postgresql ]] && total=$((FAULT_TOTAL + PG_RESTART_SLACK))
  (wrk_run "$out" "$total" "$CONNECTIONS_READ" "$BASE/session" read "$SESSIONS_FILE") 9>&- &
  wrk_pid=$!
  PIDS+=("$wrk_pid")
  sleep "$FAULT_AT"
  fault_away "$name"
  # from when the database is gone (a stop under load takes a while): answers before are no fault
  fault_start=$(date +%s)
  # probes during the fault: a prepared cookie, and a forged session cookie (a random token) that must never sign in
  forged="$(sed -E 's/(session-token=)[^;]+/\1'"$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"'/' <<<"$(head -n1 "$SESSIONS_FILE")")"
  : >"$OUT_DIR/probes-$name.txt"
  for _ in $(seq 1 "$FAULT_FOR"); do
    printf 'valid %s\n' "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H "Cookie: $(head -n1 "$SESSIONS_FILE")" "$BASE/session") $(curl -s --max-time 5 -H "Cookie: $(head -n1 "$SESSIONS_FILE")" "$BASE/session" | head -c 60)" >>"$OUT_DIR/probes-$name.txt"
    printf 'forged %s\n' "$(curl -s --max-time 5 -H "Cookie: $forged" "$BASE/session" | head -c 60)" >>"$OUT_DIR/probes-$name.txt"
    sleep 0.8
  done
  restore_start=$(date +%s)
  fault_back "$name"
  fault_end=$(date +%s)
  log "$name: database restored $((fault_end - fault_start)) s after it went away (the restore took $((fault_end - restore_start)) s)"
  wait "$wrk_pid" || true
  stop_rss
  # the classes per second, inside the fault window (until the restore began) and after it (once it was done)
  read -r during_in during_out during_503 after_in after_bad <<<"$(awk -v fs="$fault_start" -v rs="$restore_start" -v fe="$fault_end" -v g="$grace" '
    $1 == "second:" {
      t = $2; nin = 0; nout = 0; n503 = 0; other = 0
      for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "signed_in") nin = kv[2]; else if (kv[1] == "signed_out") nout = kv[2]; else if (kv[1] == "s503") n503 = kv[2]; else other += kv[2] }
      if (t >= fs + g && t < rs) { din += nin; dout += nout; d503 += n503 }
      if (t >= fe + g) { ain += nin; abad += nout + n503 + other }
    }
    END { printf "%d %d %d %d %d\n", din, dout, d503, ain, abad }' "$out")"
  parsed=$(parse_wrk "$out") || { finding "$name: could not parse wrk's output (see $out)"; stop_server; continue; }
  read -r reqs rps p99 non2xx errs <<<"$parsed"
  s500=$(soak_count "$out" s500) other=$(($(soak_count "$out" other_status) + $(soak_count "$out" other_200) + $(soak_count "$out" 2xx)))
  forged_in=$(grep -c '^forged .*"user"' "$OUT_DIR/probes-$name.txt" || true)
  recovered=no
  signed_in "$(head -n1 "$SESSIONS_FILE")" && signed_in "$(tail -n1 "$SESSIONS_FILE")" && recovered=yes
  ((s500 == 0)) || finding "$name: $s500 answers 500"
  ((other == 0)) || finding "$name: $other answers neither a session, {} nor 503"
  ((during_in == 0)) || finding "$name: $during_in sessions answered during the fault (after the ${grace}-s grace)"
  ((during_out + during_503 > 0)) || finding "$name: the fault was not noticed (no {} or 503 during it)"
  ((forged_in == 0)) || finding "$name: a forged cookie read as signed in during the fault"
  ((after_bad == 0)) || finding "$name: $after_bad answers after the restore (from ${grace} s on) were not a session"
  ((after_in > 0)) || finding "$name: no read was measured after the restore (the load ended first: raise FAULT_TOTAL)"
  [[ $recovered == yes ]] || finding "$name: after the restore the prepared cookies did not read as signed in"
  ((errs == 0)) || finding "$name: $errs socket errors ($(grep 'Socket errors' "$out"))"
  grep -qE '^crit:' "$OUT_DIR/server-$name.log" && finding "$name: the server logged a critical error"
  FAULT_ROWS+=("| $name | $reqs | $rps | $p99 | $(soak_count "$out" signed_in) | $(soak_count "$out" signed_out) | $(soak_count "$out" s503) | $s500 | $during_in | $after_in / $after_bad | $forged_in | $recovered |")
  log "$name: $reqs requests, 500s $s500, during the fault: sessions $during_in, {} $during_out, 503 $during_503; after: sessions $after_in, other $after_bad; recovered $recovered"
  stop_server
done

# ---------------------------------------------------------------------------------------------------
{
  echo
  echo "## Soak: $(git -C "$REPO" rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC'), ${DURATION} s a scenario after ${WARMUP} s warm-up, $SESSIONS sessions"
  echo
  echo "Server on CPU $SERVER_CPU, wrk -t1 on CPU $LOAD_CPU; raw output in $OUT_DIR"
  echo
  echo "| mode | scenario | conns | requests | req/s | p99 ms | non-2xx | socket errors | not a success | RSS MiB first / max / last-10-s median | RSS growth (bound $RSS_BOUND %) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
  printf '%s\n' "${ROWS[@]}"
  if ((${#FAULT_ROWS[@]})); then
    echo
    echo "Fault at ${FAULT_AT} s for ${FAULT_FOR} s of ${FAULT_TOTAL} s of session reads: fault-db*: the SQLite file and -wal/-shm moved away (Pooling=False); fault-pg*: the PostgreSQL server stopped at once (pg_ctl stop -m immediate) and started again"
    echo
    echo "| run | requests | req/s | p99 ms | sessions | {} | 503 | 500 | sessions during fault | after restore: sessions / other | forged cookie signed in | recovered without restart |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|"
    printf '%s\n' "${FAULT_ROWS[@]}"
  fi
  echo
  if ((${#FINDINGS[@]})); then
    echo "Findings:"
    printf -- '- %s\n' "${FINDINGS[@]}"
  else
    echo "Every bar met: zero errors, flat memory, no 500, fail closed during the fault, recovery without a restart."
  fi
} | tee "$OUT_DIR/summary.md"
exit "$FAILED"

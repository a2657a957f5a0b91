#!/usr/bin/env bash
# Side-by-side load test of GET /api/auth/session (issue 5): Sesame's sample app against the next-auth v4
# reference server and a bare Kestrel endpoint, measured in the same run on this machine.
#
#   bash benchmarks/load/run.sh                 # R=3 rounds of D=10 s per target
#   ROUNDS=2 DURATION=5 bash benchmarks/load/run.sh
#
# Every server runs on 127.0.0.1 pinned to CPU $SERVER_CPU; wrk (-t1 -c$CONNECTIONS) runs pinned to CPU
# $LOAD_CPU. Each target is signed in once with a scripted credentials sign-in (csrf, then the
# credentials callback), warmed up, then the targets are loaded in turn, round after round. Prints a
# Markdown table (req/s median (min–max), p50/p99 latency, server CPU, peak RSS) and the ratios.
#
# Targets (TARGETS, space-separated, default all five):
#   bare       benchmarks/BareKestrel: GET / (constant small JSON)
#   nextauth   benchmarks/nextauth-reference: next-auth 4.24.15's handler, GET /api/auth/session
#   nextauth-next  benchmarks/nextauth-nextjs: the same next-auth inside a Next.js production server
#              (`next build`, `next start`), GET /api/auth/session
#   sesame     samples/Sesame.Sample (JWT strategy), GET /api/auth/session
#   sesame-db  samples/Sesame.Sample with Sesame__Session__Strategy=database, GET /api/auth/session
#   sesame-before, sesame-db-before   the same two on another build of the sample (BEFORE below); added next to
#              sesame / sesame-db whenever BEFORE is set, so one run compares the two builds round by round
#   Scale-out (issue 12), not in the default list; each target that needs Redis gets a redis-server of its own,
#   started by this script (Debian redis-server) and pinned to the server's CPU with it:
#   sesame-revocable  the sample in JWT mode with ConnectionStrings__Redis: revocable JWT sessions (its sessions are
#              always real sign-ins: a minted token has no registered session id and is refused)
#   sesame-db-cached  database mode on SQLite with the session cache on (Sesame__Session__Cache__Enabled=true)
#   sesame-db-redis   database mode with every store in Redis
# A Sesame or nextauth-next target whose build, start or sign-in fails is skipped with a note, not an error.
#
#   SESSIONS="1 10000" BEFORE=/work/baseline TARGETS="bare sesame" bash benchmarks/load/run.sh
#              # issue 9: one cookie vs 10,000 distinct sessions, this build vs the one in /work/baseline
#   SIGN_IN_SESSIONS=1 SESSIONS=1000 TARGETS="sesame sesame-revocable sesame-db sesame-db-cached sesame-db-redis" \
#     bash benchmarks/load/run.sh   # issue 12: every way of keeping sessions, side by side in one run
#
# Environment (all optional):
#   ROUNDS (or R) = 3      measured rounds per target        DURATION (or D) = 10   seconds per wrk run
#   WARMUP = 30            seconds of load per target before measuring: .NET's tiered PGO keeps instrumented code
#                          running for well over 5 s on one busy core (seen in perf profiles), and Node's JIT warms too
#   CONNECTIONS = 32       wrk connections (one wrk thread)
#   SERVER_CPU = 0, LOAD_CPU = 1                             CPUs for the servers and for wrk
#   COOKIE_MODE = browser  send every cookie the sign-in left (session, csrf and callback-url), as a browser
#                          polling /session does; `session` sends only the session cookie, so that every
#                          response mints a CSRF cookie and sets the callback-url cookie
#   BASE_PORT = 5300       first port tried; each server takes the next free one
#   AUTH_SECRET            shared secret (default: random per run)
#   HOSTING_DIAGNOSTICS = off   on: keep ASP.NET Core's per-request hosting diagnostics in the sample (a request
#                          Activity and logging scope whenever the Microsoft.AspNetCore.Hosting.Diagnostics category
#                          logs at all); off (default) sets that category to None, as the bare app has no logging
#   SKIP_BUILD = 0         1: use the existing Release builds
#   SESSIONS = 1           how many distinct signed-in users the requests rotate through: a space-separated list
#                          of counts, each measured as its own row (e.g. "1 10000"). 1 alone is one cookie repeated,
#                          as before (wrk -H). With any count above 1 every row goes through rotate.lua, the 1 row
#                          included, so the load generator does the same work in each: N Cookie headers, one a line,
#                          each request the next. JWT targets (sesame*, nextauth*): N tokens minted with next-auth's
#                          encode from the target's own sign-in token (sessions.mjs mint); database targets: N real
#                          credentials sign-ins (sessions.mjs signin). Browser mode: each line has its own CSRF cookie.
#   BEFORE                 another build to compare with, side by side in the same rounds: a checkout (its
#                          samples/Sesame.Sample is built in Release unless SKIP_BUILD=1) or a Sesame.Sample.dll
#   SESAME_SAMPLE_DLL      run this Sesame sample build instead of samples/Sesame.Sample's Release output
#                          (not built by this script; its content root is its own directory)
#   SIGN_IN_SESSIONS = 0   1: JWT targets' sessions are real credentials sign-ins too, not minted tokens: what
#                          revocable JWT sessions need (a minted token has no registered session id and is refused)
#   SAMPLE_ENV             more environment for every Sesame target, space-separated KEY=VALUE pairs, e.g.
#                          SAMPLE_ENV="Sesame__Session__Cache__Enabled=true" TARGETS=sesame-db SESSIONS=1000
#   TIMEOUT                hard limit for the whole run in seconds (default: computed from the above)
#   OUT_DIR                where raw wrk output and server logs go (default: a new /tmp directory)
set -euo pipefail

ROUNDS=${ROUNDS:-${R:-3}}
DURATION=${DURATION:-${D:-10}}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
COOKIE_MODE=${COOKIE_MODE:-browser}
BASE_PORT=${BASE_PORT:-5300}
SKIP_BUILD=${SKIP_BUILD:-0}
HOSTING_DIAGNOSTICS=${HOSTING_DIAGNOSTICS:-off}
TARGETS=${TARGETS:-"bare nextauth nextauth-next sesame sesame-db"}
SESSIONS=${SESSIONS:-1}
BEFORE=${BEFORE:-}

die() { echo "run.sh: $*" >&2; exit 2; }
for v in ROUNDS DURATION WARMUP CONNECTIONS SERVER_CPU LOAD_CPU BASE_PORT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((ROUNDS >= 1 && ROUNDS <= 50)) || die "ROUNDS must be 1..50"
((DURATION >= 1 && DURATION <= 300)) || die "DURATION must be 1..300 seconds"
((WARMUP <= 120)) || die "WARMUP must be at most 120 seconds"
((CONNECTIONS >= 1 && CONNECTIONS <= 1024)) || die "CONNECTIONS must be 1..1024"
[[ $COOKIE_MODE == session || $COOKIE_MODE == browser ]] || die "COOKIE_MODE must be session or browser"
[[ $HOSTING_DIAGNOSTICS == on || $HOSTING_DIAGNOSTICS == off ]] || die "HOSTING_DIAGNOSTICS must be on or off"
for t in $TARGETS; do
  case $t in
    bare | nextauth | nextauth-next | sesame | sesame-db | sesame-revocable | sesame-db-cached | sesame-db-redis) ;;
    sesame-before | sesame-db-before) [[ -n $BEFORE ]] || die "target '$t' needs BEFORE (a checkout or a Sesame.Sample.dll)" ;;
    *) die "unknown target '$t' (bare nextauth nextauth-next sesame sesame-db sesame-revocable sesame-db-cached sesame-db-redis sesame-before sesame-db-before)" ;;
  esac
done
read -r -a TARGET_LIST <<<"$TARGETS"
((${#TARGET_LIST[@]} > 0)) || die "no targets"
# BEFORE: each Sesame target gets its twin on the other build, right after it
if [[ -n $BEFORE ]]; then
  expanded=()
  for t in "${TARGET_LIST[@]}"; do
    expanded+=("$t")
    if [[ $t == sesame || $t == sesame-db ]] && [[ " ${TARGET_LIST[*]} " != *" $t-before "* ]]; then expanded+=("$t-before"); fi
  done
  TARGET_LIST=("${expanded[@]}")
fi
read -r -a SESSION_COUNTS <<<"$SESSIONS"
((${#SESSION_COUNTS[@]} > 0)) || die "SESSIONS must name at least one count"
ROTATE=0 # 1: every row rotates through a cookies file (rotate.lua); 0: one cookie repeated (wrk -H), as before
PREP_SECONDS=0
for c in "${SESSION_COUNTS[@]}"; do
  { [[ $c =~ ^[0-9]+$ ]] && ((c >= 1 && c <= 100000)); } || die "SESSIONS: each count must be 1..100000 (got '$c')"
  ((c > 1)) && ROTATE=1
  # minting takes well under 1 ms a token; a database sign-in a few ms on the busy server CPU
  PREP_SECONDS=$((PREP_SECONDS + c / 50))
done
((${#SESSION_COUNTS[@]} > 1)) && ROTATE=1
[[ $(printf '%s\n' "${SESSION_COUNTS[@]}" | sort -u | wc -l) == "${#SESSION_COUNTS[@]}" ]] || die "SESSIONS lists a count twice"
is_db() { [[ $1 == sesame-db* ]]; }
# the sample built here (not BEFORE's); the Redis-backed targets; the targets whose sessions are real sign-ins
is_sample() { [[ $1 == sesame* && $1 != *-before ]]; }
uses_redis() { [[ $1 == sesame-revocable || $1 == sesame-db-redis ]]; }
signs_in() { is_db "$1" || [[ $1 == sesame-revocable ]] || ((${SIGN_IN_SESSIONS:-0})); }

# The whole run is bounded: builds and installs get 900 s, each target its warm-up and rounds plus slack.
# With SESSIONS, each target is warmed up and measured once per count, after its sessions are prepared.
# BEFORE adds a second build of the sample (300 s more).
TIMEOUT=${TIMEOUT:-$((900 + ${BEFORE:+300} + ${#TARGET_LIST[@]} * (15 + PREP_SECONDS + ${#SESSION_COUNTS[@]} * (WARMUP + 5 + ROUNDS * (DURATION + 5)))))}
{ [[ $TIMEOUT =~ ^[0-9]+$ ]] && ((TIMEOUT > 0)); } || die "TIMEOUT must be a positive number of seconds"

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SESAME_SAMPLE_DLL=${SESAME_SAMPLE_DLL:+$(realpath -m "$SESAME_SAMPLE_DLL")} # relative to the caller's directory
BEFORE=${BEFORE:+$(realpath -m "$BEFORE")}
cd "$REPO"
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/sesame-load.XXXXXX)}
mkdir -p "$OUT_DIR"
CLK_TCK=$(getconf CLK_TCK)

# ---------------------------------------------------------------------------------------------------
# Everything started here is tracked and stopped on exit, however the script ends.
PIDS=()
PGROUPS=() # process groups (leader pids) stopped as a whole: a server that may start children of its own
CURRENT_JOB=
WATCHDOG=
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e # a process that is already gone must not stop the clean-up
  local pid
  [[ -n $WATCHDOG ]] && kill -TERM "$WATCHDOG" 2>/dev/null
  [[ -n $CURRENT_JOB ]] && kill -TERM "$CURRENT_JOB" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PGROUPS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${PGROUPS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  exit "$status"
}
# fd 9 stays the script's own stderr, so the traps' messages are seen even while a signal arrives
# during a command whose output is redirected to a file
exec 9>&2
trap cleanup EXIT
trap 'echo "run.sh: stopped by SIGTERM (the hard timeout is ${TIMEOUT} s); stopping what it started" >&9; exit 143' TERM
trap 'echo "run.sh: interrupted; stopping what it started" >&9; exit 130' INT

# Watchdog: after TIMEOUT seconds it sends this script SIGTERM; the traps above then stop everything.
# It stops its own sleep when it is stopped.
(
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$TIMEOUT" &
  sleeper=$!
  wait "$sleeper" && kill -TERM $$ 2>/dev/null
) &
WATCHDOG=$!

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# Long commands run in the background and are waited for, so a signal reaches the trap at once.
run() {
  local status=0
  "$@" 9>&- &
  CURRENT_JOB=$!
  wait "$CURRENT_JOB" || status=$?
  CURRENT_JOB=
  return "$status"
}

# ---------------------------------------------------------------------------------------------------
# Prerequisites
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2)"; }
need curl "apt-get install curl"
need taskset "apt-get install util-linux"
need node "Node.js, for the next-auth reference"
need npm "npm, for the next-auth reference"
need dotnet ".NET SDK"
for t in $TARGETS; do
  if uses_redis "$t"; then need redis-server "apt-get install redis-server, for target $t"; fi
done
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk (Debian package)"
  run apt-get update -qq >"$OUT_DIR/apt.log" 2>&1 || die "apt-get update failed (see $OUT_DIR/apt.log)"
  DEBIAN_FRONTEND=noninteractive run apt-get install -y -qq wrk >>"$OUT_DIR/apt.log" 2>&1 || die "apt-get install wrk failed (see $OUT_DIR/apt.log)"
fi
ncpu=$(nproc)
((SERVER_CPU < ncpu && LOAD_CPU < ncpu)) || die "SERVER_CPU=$SERVER_CPU / LOAD_CPU=$LOAD_CPU: this machine has CPUs 0..$((ncpu - 1))"
((SERVER_CPU != LOAD_CPU)) || log "warning: SERVER_CPU and LOAD_CPU are the same CPU; figures will not be comparable"

has_target() { [[ " ${TARGET_LIST[*]} " == *" $1 "* ]]; }
has_sample_target() { local t; for t in "${TARGET_LIST[@]}"; do is_sample "$t" && return 0; done; return 1; }
declare -A SKIP_REASON=()
NOTES=()

# ---------------------------------------------------------------------------------------------------
# Builds
NEXTAUTH_DIR=benchmarks/nextauth-reference
BARE_DLL=benchmarks/BareKestrel/bin/Release/net10.0/BareKestrel.dll
SAMPLE_PROJECT_DIR=samples/Sesame.Sample
if [[ -n ${SESAME_SAMPLE_DLL:-} ]]; then
  SAMPLE_DLL=$SESAME_SAMPLE_DLL
  SAMPLE_CONTENT_ROOT=$(dirname "$SAMPLE_DLL")
  BUILD_SAMPLE=0
else
  SAMPLE_DLL=$REPO/$SAMPLE_PROJECT_DIR/bin/Release/net10.0/Sesame.Sample.dll
  SAMPLE_CONTENT_ROOT=$REPO/$SAMPLE_PROJECT_DIR
  BUILD_SAMPLE=1
fi
# BEFORE: a checkout whose sample this script builds, or a built Sesame.Sample.dll (content root: its directory)
BUILD_BEFORE=0
if [[ -n $BEFORE ]]; then
  if [[ -d $BEFORE ]]; then
    BEFORE_PROJECT_DIR=$BEFORE/samples/Sesame.Sample
    [[ -f $BEFORE_PROJECT_DIR/Sesame.Sample.csproj ]] || die "BEFORE=$BEFORE: no samples/Sesame.Sample/Sesame.Sample.csproj there"
    BEFORE_DLL=$BEFORE_PROJECT_DIR/bin/Release/net10.0/Sesame.Sample.dll
    BEFORE_CONTENT_ROOT=$BEFORE_PROJECT_DIR
    BUILD_BEFORE=1
  else
    [[ -f $BEFORE ]] || die "BEFORE=$BEFORE is neither a checkout nor a file"
    BEFORE_DLL=$BEFORE
    BEFORE_CONTENT_ROOT=$(dirname "$BEFORE")
  fi
  BEFORE_NAME=$(git -C "$BEFORE_CONTENT_ROOT" rev-parse --short HEAD 2>/dev/null || basename "$BEFORE")
fi
# no MSBuild nodes or compiler server are left running after the build
DOTNET_BUILD=(dotnet build -c Release --nologo -v:q -nodeReuse:false -p:UseSharedCompilation=false)

# (SESSIONS above 1: sessions.mjs mints tokens and CSRF cookies with this install's next-auth)
if { has_target nextauth || ((ROTATE)); } && [[ ! -d $NEXTAUTH_DIR/node_modules/next-auth ]]; then
  log "installing the next-auth reference (npm ci)"
  (cd "$NEXTAUTH_DIR" && run npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error) >"$OUT_DIR/npm.log" 2>&1 ||
    die "npm ci failed in $NEXTAUTH_DIR (see $OUT_DIR/npm.log)"
fi
# next-auth in Next.js: installed and built (`next build`, 20 s to a minute) when its build is missing or
# older than its sources, whatever SKIP_BUILD says; a failure skips only this target.
NEXTJS_DIR=benchmarks/nextauth-nextjs
if has_target nextauth-next; then
  if [[ ! -d $NEXTJS_DIR/node_modules/next ]]; then
    log "installing the next-auth Next.js app (npm ci)"
    (cd "$NEXTJS_DIR" && run npm ci --no-audit --no-fund --loglevel=error) >"$OUT_DIR/npm-nextjs.log" 2>&1 ||
      SKIP_REASON[nextauth-next]="npm ci failed in $NEXTJS_DIR (see $OUT_DIR/npm-nextjs.log)"
  fi
  if [[ -z ${SKIP_REASON[nextauth-next]:-} ]] && { [[ ! -f $NEXTJS_DIR/.next/BUILD_ID ]] ||
    [[ -n $(find "$NEXTJS_DIR/pages" "$NEXTJS_DIR/next.config.mjs" "$NEXTJS_DIR/package-lock.json" -newer "$NEXTJS_DIR/.next/BUILD_ID" -print -quit) ]]; }; then
    log "building the next-auth Next.js app (next build)"
    (cd "$NEXTJS_DIR" && NEXT_TELEMETRY_DISABLED=1 run node node_modules/next/dist/bin/next build) >"$OUT_DIR/build-nextjs.log" 2>&1 ||
      SKIP_REASON[nextauth-next]="next build failed in $NEXTJS_DIR (see $OUT_DIR/build-nextjs.log)"
  fi
fi
if [[ $SKIP_BUILD != 1 ]]; then
  if has_target bare; then
    log "building BareKestrel (Release)"
    run "${DOTNET_BUILD[@]}" benchmarks/BareKestrel/BareKestrel.csproj >"$OUT_DIR/build-bare.log" 2>&1 ||
      die "BareKestrel build failed (see $OUT_DIR/build-bare.log)"
  fi
  if ((BUILD_SAMPLE)) && has_sample_target; then
    log "building Sesame.Sample (Release)"
    if ! run "${DOTNET_BUILD[@]}" "$SAMPLE_PROJECT_DIR/Sesame.Sample.csproj" >"$OUT_DIR/build-sample.log" 2>&1; then
      for t in "${TARGET_LIST[@]}"; do is_sample "$t" && SKIP_REASON[$t]="the sample does not build (see $OUT_DIR/build-sample.log)"; done
    fi
  fi
  if ((BUILD_BEFORE)) && { has_target sesame-before || has_target sesame-db-before; }; then
    log "building Sesame.Sample in $BEFORE (Release)"
    if ! run "${DOTNET_BUILD[@]}" "$BEFORE_PROJECT_DIR/Sesame.Sample.csproj" >"$OUT_DIR/build-sample-before.log" 2>&1; then
      SKIP_REASON[sesame-before]="the BEFORE sample does not build (see $OUT_DIR/build-sample-before.log)"
      SKIP_REASON[sesame-db-before]=${SKIP_REASON[sesame-before]}
    fi
  fi
fi
if has_target bare && [[ ! -f $BARE_DLL ]]; then die "$BARE_DLL is missing (run without SKIP_BUILD=1)"; fi
for t in "${TARGET_LIST[@]}"; do
  if is_sample "$t" && [[ -z ${SKIP_REASON[$t]:-} && ! -f $SAMPLE_DLL ]]; then SKIP_REASON[$t]="$SAMPLE_DLL is missing"; fi
  if [[ $t == *-before && -z ${SKIP_REASON[$t]:-} && ! -f ${BEFORE_DLL:-} ]]; then SKIP_REASON[$t]="${BEFORE_DLL:-the BEFORE build} is missing"; fi
done

# ---------------------------------------------------------------------------------------------------
# Servers
SECRET=${AUTH_SECRET:-$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')}
NEXT_PORT=$BASE_PORT
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  while port_in_use "$NEXT_PORT"; do NEXT_PORT=$((NEXT_PORT + 1)); done
  FREE_PORT=$NEXT_PORT
  NEXT_PORT=$((NEXT_PORT + 1))
}

declare -A PID=() PORT=() URL=() COOKIE=() LABEL=() REDIS_PID=()
LABEL[bare]="bare Kestrel \`GET /\`"
LABEL[nextauth]="next-auth 4.24.15 \`GET /api/auth/session\`"
LABEL[nextauth-next]="next-auth 4.24.15 in Next.js (\`next start\`) \`GET /api/auth/session\`"
LABEL[sesame]="Sesame (JWT) \`GET /api/auth/session\`"
LABEL[sesame-db]="Sesame (database) \`GET /api/auth/session\`"
LABEL[sesame-revocable]="Sesame (revocable JWT, Redis) \`GET /api/auth/session\`"
LABEL[sesame-db-cached]="Sesame (database, session cache) \`GET /api/auth/session\`"
LABEL[sesame-db-redis]="Sesame (database, Redis) \`GET /api/auth/session\`"
LABEL[sesame-before]="Sesame (JWT), before (${BEFORE_NAME:-}) \`GET /api/auth/session\`"
LABEL[sesame-db-before]="Sesame (database), before (${BEFORE_NAME:-}) \`GET /api/auth/session\`"

# start_redis TARGET: a redis-server of the target's own (nothing saved to disk), pinned to SERVER_CPU: the app and
# the store it needs share the server's CPU, so each target's figure carries the whole server side. Sets
# REDIS_PID[TARGET], REDIS_PORT[TARGET]; else WHY.
declare -A REDIS_PORT=()
start_redis() {
  local t=$1 port i
  free_port
  port=$FREE_PORT
  taskset -c "$SERVER_CPU" redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$OUT_DIR" --logfile "$OUT_DIR/redis-$t.log" 9>&- &
  REDIS_PID[$t]=$!
  PIDS+=("$!")
  REDIS_PORT[$t]=$port
  for i in $(seq 1 100); do
    port_in_use "$port" && return 0
    sleep 0.1
  done
  WHY="redis-server did not listen on port $port within 10 s (see $OUT_DIR/redis-$t.log)"
  return 1
}

# start_server TARGET: starts it pinned to SERVER_CPU on a free port; sets PID[TARGET], PORT[TARGET].
start_server() {
  local t=$1 port
  free_port
  port=$FREE_PORT
  local logf="$OUT_DIR/server-$t.log"
  case $t in
    bare)
      taskset -c "$SERVER_CPU" env ASPNETCORE_ENVIRONMENT=Production \
        dotnet "$BARE_DLL" --urls "http://127.0.0.1:$port" >"$logf" 2>&1 9>&- &
      ;;
    nextauth)
      (cd "$NEXTAUTH_DIR" && exec taskset -c "$SERVER_CPU" env NODE_ENV=production AUTH_SECRET="$SECRET" \
        NEXTAUTH_URL="http://127.0.0.1:$port" DEMO_PASSWORD=demo-password node server.mjs "$port") >"$logf" 2>&1 9>&- &
      ;;
    nextauth-next)
      # its own session (setsid): the trap and stop_server stop next start's whole process group
      (cd "$NEXTJS_DIR" && exec setsid taskset -c "$SERVER_CPU" env NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 \
        AUTH_SECRET="$SECRET" NEXTAUTH_URL="http://127.0.0.1:$port" DEMO_PASSWORD=demo-password \
        node node_modules/next/dist/bin/next start -p "$port" -H 127.0.0.1) >"$logf" 2>&1 9>&- &
      PGROUPS+=("$!")
      ;;
    sesame*)
      # Runs from a scratch directory (so files the sample writes, such as a SQLite database, stay out
      # of the repository) with the project directory as content root (so its appsettings apply, as
      # under `dotnet run`). Per-request hosting logs are kept at the ASP.NET Core template's level, and the host's
      # per-request diagnostics (a request Activity and logging scope) are off unless HOSTING_DIAGNOSTICS=on: the bare app has no
      # logging at all: the difference between the two is then the app's, not the host's.
      # The database target's SQLite file is a new one in that scratch directory (the sample's default is in its
      # content root), so no run reads the sessions an earlier run left.
      local work="$OUT_DIR/work-$t" strategy=() dll=$SAMPLE_DLL root=$SAMPLE_CONTENT_ROOT
      mkdir -p "$work"
      [[ $t == *-before ]] && dll=$BEFORE_DLL root=$BEFORE_CONTENT_ROOT
      is_db "$t" && strategy=(Sesame__Session__Strategy=database "ConnectionStrings__Sesame=Data Source=$work/sesame.db")
      [[ $t == sesame-db-cached ]] && strategy+=(Sesame__Session__Cache__Enabled=true)
      if uses_redis "$t"; then
        start_redis "$t" || return 1
        strategy+=("ConnectionStrings__Redis=127.0.0.1:${REDIS_PORT[$t]}")
      fi
      [[ $HOSTING_DIAGNOSTICS == off ]] && strategy+=("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=None")
      [[ -n ${SAMPLE_ENV:-} ]] && read -r -a extra_env <<<"$SAMPLE_ENV" && strategy+=("${extra_env[@]}")
      (cd "$work" && exec taskset -c "$SERVER_CPU" env AUTH_SECRET="$SECRET" AUTH_URL="http://127.0.0.1:$port" \
        ASPNETCORE_ENVIRONMENT=Production DEMO_PASSWORD=demo-password "Logging__LogLevel__Microsoft.AspNetCore=Warning" \
        "${strategy[@]}" dotnet "$dll" --urls "http://127.0.0.1:$port" --contentRoot "$root") \
        >"$logf" 2>&1 9>&- &
      ;;
  esac
  PID[$t]=$!
  PIDS+=("$!")
  PORT[$t]=$port
  return 0
}

# wait_ready TARGET: until the server answers any HTTP status (30 s at most); else sets WHY.
wait_ready() {
  local t=$1 i code
  for i in $(seq 1 300); do
    if ! kill -0 "${PID[$t]}" 2>/dev/null; then
      WHY="exited during start-up: $(tail -n 3 "$OUT_DIR/server-$t.log" | tr '\n' ' ')"
      return 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:${PORT[$t]}/" || true)
    [[ $code != 000 ]] && return 0
    sleep 0.1
  done
  WHY="did not answer on port ${PORT[$t]} within 30 s"
  return 1
}

stop_server() {
  local t=$1
  local pid=${PID[$t]:-}
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  [[ $t == nextauth-next ]] && kill -TERM -- "-$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  [[ $t == nextauth-next ]] && kill -KILL -- "-$pid" 2>/dev/null
  [[ -n ${REDIS_PID[$t]:-} ]] && kill -TERM "${REDIS_PID[$t]}" 2>/dev/null
  unset "PID[$t]"
}

# cookie_header JAR MODE: the Cookie header a client would send from a curl cookie jar.
cookie_header() {
  awk -v mode="$2" '
    /^#HttpOnly_/ { sub(/^#HttpOnly_/, "") }
    /^#/ || NF < 7 { next }
    mode == "browser" || $6 ~ /session-token(\.[0-9]+)?$/ { out = out (out == "" ? "" : "; ") $6 "=" $7 }
    END { print out }' "$1"
}

# sign_in TARGET: scripted credentials sign-in; sets COOKIE[TARGET] and URL[TARGET], else WHY.
sign_in() {
  local t=$1 body code token header
  local base="http://127.0.0.1:${PORT[$t]}/api/auth" jar="$OUT_DIR/cookies-$t.txt"
  rm -f "$jar"
  body=$(curl -sS --max-time 5 -c "$jar" -b "$jar" -w '\n%{http_code}' "$base/csrf" 2>&1) || { WHY="GET /api/auth/csrf failed: $body"; return 1; }
  code=${body##*$'\n'}
  body=${body%$'\n'*}
  [[ $code == 200 ]] || { WHY="GET /api/auth/csrf answered $code"; return 1; }
  token=$(sed -nE 's/.*"csrfToken" *: *"([^"]+)".*/\1/p' <<<"$body")
  [[ -n $token ]] || { WHY="GET /api/auth/csrf gave no csrfToken (body: ${body:0:120})"; return 1; }
  code=$(curl -sS --max-time 10 -c "$jar" -b "$jar" -o "$OUT_DIR/signin-$t.json" -w '%{http_code}' \
    --data-urlencode username=demo --data-urlencode password=demo-password \
    --data-urlencode "csrfToken=$token" --data-urlencode json=true "$base/callback/credentials" 2>&1) ||
    { WHY="POST /api/auth/callback/credentials failed: $code"; return 1; }
  header=$(cookie_header "$jar" "$COOKIE_MODE")
  [[ $code == 200 && $header == *session-token* ]] ||
    { WHY="POST /api/auth/callback/credentials answered $code and set no session cookie"; return 1; }
  body=$(curl -sS --max-time 5 -H "Cookie: $header" "$base/session" 2>&1) || { WHY="GET /api/auth/session failed: $body"; return 1; }
  [[ $body == *demo@example.com* ]] || { WHY="GET /api/auth/session with the new cookie did not return the demo user (body: ${body:0:120})"; return 1; }
  COOKIE[$t]=$header
  URL[$t]="$base/session"
}

# ---------------------------------------------------------------------------------------------------
# Measurement helpers
cpu_ticks() { # utime + stime of a process, in clock ticks (all its threads)
  local s fields
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  s=${s##*) } # the command name may contain spaces; fields after it are fixed
  read -r -a fields <<<"$s"
  echo $((fields[11] + fields[12]))
}
# cpu_busy CPU: busy clock ticks of one CPU since boot (everything but idle and iowait), from /proc/stat
cpu_busy() {
  awk -v cpu="cpu$1" '$1 == cpu { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}
# server_ticks TARGET: the CPU the target's server side used: the app, and its redis-server if it has one
server_ticks() {
  local ticks
  ticks=$(cpu_ticks "${PID[$1]}")
  [[ -n ${REDIS_PID[$1]:-} ]] && ticks=$((ticks + $(cpu_ticks "${REDIS_PID[$1]}")))
  echo "$ticks"
}
peak_rss_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
now_ns() { date +%s%N; }

# parse_wrk FILE: "rps p50_ms p99_ms requests non2xx socket_errors" (latencies normalised to ms)
parse_wrk() {
  awk '
    function ms(v,   n, u) {
      n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n / 1000
      if (u == "ms") return n
      if (u == "s") return n * 1000
      if (u == "m") return n * 60000
      if (u == "h") return n * 3600000
      return -1
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    / requests in / { reqs = $1 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(/,/, ""); errs = $4 + $6 + $8 + $10 }
    END {
      if (rps == "" || p50 == "" || p99 == "") exit 1
      printf "%s %.4f %.4f %d %d %d\n", rps, p50, p99, reqs, non2xx + 0, errs + 0
    }' "$1"
}

# A variant is a target with one session count: "sesame" when SESSIONS is 1 alone (as before), else "sesame-s10000".
declare -A VT=() VC=() COOKIES_FILE=()
variant() { if ((ROTATE)); then echo "$1-s$2"; else echo "$1"; fi; }

# load VARIANT SECONDS OUTFILE: one wrk run pinned to LOAD_CPU.
load() {
  local v=$1 secs=$2 out=$3 t=${VT[$1]} hdr=()
  if ((ROTATE)); then
    hdr=(-s "$REPO/benchmarks/load/rotate.lua")
  elif [[ -n ${COOKIE[$t]:-} ]]; then
    hdr=(-H "Cookie: ${COOKIE[$t]}")
  fi
  # wrk stops itself after -d even if the server stalls; the run's hard timeout covers the rest
  if ((ROTATE)); then
    run taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${secs}s" --timeout 5s --latency "${hdr[@]}" "${URL[$t]}" -- "${COOKIES_FILE[$v]}" >"$out" 2>&1
  else
    run taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${secs}s" --timeout 5s --latency "${hdr[@]}" "${URL[$t]}" >"$out" 2>&1
  fi
}

# measure VARIANT ROUND: a measured run; appends to the variant's results one line of
#   rps p50_ms p99_ms requests non2xx socket_errors server_cpu% other_on_server_cpu% load_cpu_busy%
measure() {
  local v=$1 r=$2 t=${VT[$1]} t0 t1 c0 c1 s0 s1 l0 l1 parsed cpu other busy
  local out="$OUT_DIR/wrk-$v-round$r.txt"
  c0=$(server_ticks "$t") s0=$(cpu_busy "$SERVER_CPU") l0=$(cpu_busy "$LOAD_CPU")
  t0=$(now_ns)
  load "$v" "$DURATION" "$out" || log "wrk exited non-zero for $v (see $out)"
  t1=$(now_ns)
  c1=$(server_ticks "$t") s1=$(cpu_busy "$SERVER_CPU") l1=$(cpu_busy "$LOAD_CPU")
  if ! parsed=$(parse_wrk "$out"); then
    NOTES+=("$v round $r: could not parse wrk's output (see $out)")
    return
  fi
  pct() { awk -v c="$1" -v hz="$CLK_TCK" -v ns=$((t1 - t0)) 'BEGIN { v = c / hz / (ns / 1e9) * 100; printf "%.1f", (v < 0 ? 0 : v > 100 ? 100 : v) }'; }
  cpu=$(pct $((c1 - c0)))
  other=$(pct $((s1 - s0 - (c1 - c0))))
  busy=$(pct $((l1 - l0)))
  echo "$parsed $cpu $other $busy" >>"$OUT_DIR/results-$v.txt"
  read -r rps p50 p99 _ non2xx errs <<<"$parsed"
  log "  $v round $r: $rps req/s, p50 ${p50} ms, p99 ${p99} ms, server CPU ${cpu} % (others on CPU $SERVER_CPU: ${other} %), CPU $LOAD_CPU busy ${busy} %"
  ((non2xx == 0)) || NOTES+=("$v round $r: $non2xx non-2xx responses")
  ((errs == 0)) || NOTES+=("$v round $r: $errs socket errors")
}

# ---------------------------------------------------------------------------------------------------
# Run
log "results and logs: $OUT_DIR"
read -r load_before _ </proc/loadavg
ACTIVE=()
for t in "${TARGET_LIST[@]}"; do
  [[ -n ${SKIP_REASON[$t]:-} ]] && continue
  WHY=
  if ! start_server "$t" || ! wait_ready "$t"; then
    stop_server "$t"
    case $t in
      sesame*) SKIP_REASON[$t]="the sample did not start: $WHY"; continue ;;
      nextauth-next) SKIP_REASON[$t]="next start failed: $WHY (see $OUT_DIR/server-$t.log)"; continue ;;
      *) die "$t $WHY (see $OUT_DIR/server-$t.log)" ;;
    esac
  fi
  case $t in
    bare) URL[$t]="http://127.0.0.1:${PORT[$t]}/" ;;
    *)
      if ! sign_in "$t"; then
        stop_server "$t"
        case $t in
          sesame*) SKIP_REASON[$t]="the sample does not sign in yet: $WHY"; continue ;;
          nextauth-next) SKIP_REASON[$t]="scripted sign-in failed: $WHY (see $OUT_DIR/server-$t.log)"; continue ;;
          *) die "$t: scripted sign-in failed: $WHY (see $OUT_DIR/server-$t.log)" ;;
        esac
      fi
      ;;
  esac
  log "$t ready on port ${PORT[$t]} (pid ${PID[$t]})"
  ACTIVE+=("$t")
done
# The bare endpoint gets next-auth's Cookie header too (it ignores it), so each target parses a
# request of the same size.
NEXTAUTH_COOKIE=${COOKIE[nextauth]:-${COOKIE[nextauth-next]:-}}
if [[ -n $NEXTAUTH_COOKIE && -n ${PID[bare]:-} ]]; then COOKIE[bare]=$NEXTAUTH_COOKIE; fi

((${#ACTIVE[@]} > 0)) || die "no target could be started"

# SESSIONS: one file of Cookie headers per target and count (sessions.mjs). A count of 1 is the signed-in cookie.
# prepare_sessions TARGET COUNT FILE; else sets WHY.
prepare_sessions() {
  local t=$1 c=$2 file=$3 out
  if ((c == 1)); then
    printf '%s\n' "${COOKIE[$t]}" >"$file"
    return 0
  fi
  if signs_in "$t"; then
    log "$t: signing in $c sessions through the credentials callback"
    out=$(AUTH_SECRET="$SECRET" COOKIE_MODE="$COOKIE_MODE" run node benchmarks/load/sessions.mjs signin "$c" \
      "$OUT_DIR/cookies-$t.txt" "$file" "${URL[$t]%/session}" 2>&1) || { WHY="sessions.mjs signin failed: $out"; return 1; }
  else
    out=$(AUTH_SECRET="$SECRET" COOKIE_MODE="$COOKIE_MODE" run node benchmarks/load/sessions.mjs mint "$c" \
      "$OUT_DIR/cookies-$t.txt" "$file" 2>&1) || { WHY="sessions.mjs mint failed: $out"; return 1; }
  fi
  log "$t: $out"
  # the first and the last session must read back as a signed-in user, or the run would measure `{}`
  check_session "$t" "$(head -n1 "$file")" && check_session "$t" "$(tail -n1 "$file")" ||
    { WHY="a prepared session did not read back as a user: $WHY"; return 1; }
}
# check_session TARGET COOKIE_HEADER: GET /session answers a user (an e-mail address) and, with browser cookies,
# accepts the CSRF cookie (mints no new one); else sets WHY
check_session() {
  local body headers="$OUT_DIR/check-headers.txt"
  body=$(curl -sS --max-time 5 -D "$headers" -H "Cookie: $2" "${URL[$1]}" 2>&1 || true)
  [[ $body == *'"email":"'*@example.com* ]] || { WHY="body: ${body:0:120}"; return 1; }
  if [[ $COOKIE_MODE == browser ]] && grep -qiE '^set-cookie: *[^=]*csrf-token=' "$headers"; then
    WHY="the CSRF cookie was not accepted (the answer sets a new one)"
    return 1
  fi
}

VARIANTS=()
for t in "${ACTIVE[@]}"; do
  for c in "${SESSION_COUNTS[@]}"; do
    v=$(variant "$t" "$c")
    VT[$v]=$t VC[$v]=$c
    if ((ROTATE)) && [[ $t != bare ]]; then
      COOKIES_FILE[$v]="$OUT_DIR/sessions-$v.txt"
      if ! prepare_sessions "$t" "$c" "${COOKIES_FILE[$v]}"; then
        NOTES+=("$t with $c sessions skipped: $WHY")
        continue
      fi
    fi
    VARIANTS+=("$v")
  done
done
# The bare endpoint rotates through next-auth's cookie files (or any other target's), for the same request sizes.
if ((ROTATE)) && [[ -n ${PID[bare]:-} ]]; then
  for c in "${SESSION_COUNTS[@]}"; do
    v=$(variant bare "$c")
    for t in nextauth nextauth-next sesame sesame-db sesame-revocable sesame-db-cached sesame-db-redis sesame-before sesame-db-before; do
      [[ -n ${COOKIES_FILE[$(variant "$t" "$c")]:-} ]] && { COOKIES_FILE[$v]=${COOKIES_FILE[$(variant "$t" "$c")]}; break; }
    done
    if [[ -z ${COOKIES_FILE[$v]:-} ]]; then
      COOKIES_FILE[$v]="$OUT_DIR/sessions-$v.txt"
      printf '%s\n' "${COOKIE[bare]:-x=y}" >"${COOKIES_FILE[$v]}"
    fi
  done
fi
((${#VARIANTS[@]} > 0)) || die "no target could be prepared"

for v in "${VARIANTS[@]}"; do
  log "warming up $v (${WARMUP} s)"
  ((WARMUP > 0)) && { load "$v" "$WARMUP" "$OUT_DIR/wrk-$v-warmup.txt" || true; }
  : >"$OUT_DIR/results-$v.txt"
done

n=${#VARIANTS[@]}
for r in $(seq 1 "$ROUNDS"); do
  log "round $r of $ROUNDS"
  # rotate the order each round so no target always runs right after the same neighbour
  for i in $(seq 0 $((n - 1))); do
    measure "${VARIANTS[$(((i + r - 1) % n))]}" "$r"
    sleep 1
  done
done

# Still signed in after the load? (A 200 `{}` would count as success in wrk's numbers.)
for t in "${ACTIVE[@]}"; do
  [[ $t == bare ]] && continue
  body=$(curl -sS --max-time 5 -H "Cookie: ${COOKIE[$t]}" "${URL[$t]}" 2>&1 || true)
  [[ $body == *demo@example.com* ]] || NOTES+=("$t: after the load the session cookie no longer returned the demo user (body: ${body:0:80})")
done
for v in "${VARIANTS[@]}"; do
  t=${VT[$v]}
  [[ $t == bare || -z ${COOKIES_FILE[$v]:-} ]] && continue
  check_session "$t" "$(tail -n1 "${COOKIES_FILE[$v]}")" ||
    NOTES+=("$v: after the load the last prepared session no longer read back as a user ($WHY)")
done

declare -A RSS=()
for t in "${ACTIVE[@]}"; do RSS[$t]=$(peak_rss_kib "${PID[$t]}"); done
read -r load_after _ </proc/loadavg

# ---------------------------------------------------------------------------------------------------
# Report
# summary FILE COLUMN: "median min max" of one column of a results file
summary() {
  awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) exit 1
      med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%s %s %s\n", med, v[1], v[NR]
    }'
}
thousands() {
  awk -v n="$1" 'BEGIN {
    s = sprintf("%.0f", n); out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    print s out
  }'
}
fmt_ms() { awk -v v="$1" 'BEGIN { if (v < 1) printf "%.2f ms", v; else if (v < 100) printf "%.1f ms", v; else printf "%.0f ms", v }'; }

short_label() { local l=${LABEL[$1]}; echo "${l%% \`*}"; } # the label without the request
# session_text COUNT [TARGET]: "one cookie repeated" or "10,000 distinct sessions" (minted or signed in)
session_text() {
  if (($1 == 1)); then echo "one cookie repeated"; return; fi
  local how=""
  [[ -n ${2:-} ]] && { signs_in "$2" && how=" (signed in)" || { [[ $2 == bare ]] && how=" (their cookies)" || how=" (minted)"; }; }
  echo "$(thousands "$1") distinct sessions rotating$how"
}
if ((ROTATE)); then
  SESSIONS_HEADER=""
  for c in "${SESSION_COUNTS[@]}"; do SESSIONS_HEADER+="${SESSIONS_HEADER:+, }$(session_text "$c")"; done
  SESSIONS_HEADER+=" (rotate.lua: each request the next Cookie header)"
else
  SESSIONS_HEADER="one cookie repeated"
fi
declare -A MEDIAN=()
INTERFERENCE=()
WORST_OTHER=0
report="$OUT_DIR/results.md"
{
  echo "### Load test, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), server on CPU $SERVER_CPU, wrk on CPU $LOAD_CPU;" \
    "wrk -t1 -c$CONNECTIONS, $ROUNDS rounds × ${DURATION} s per target after ${WARMUP} s warm-up; cookies: $COOKIE_MODE; sessions: $SESSIONS_HEADER; hosting diagnostics in the sample: $HOSTING_DIAGNOSTICS;" \
    "load average ${load_before} before, ${load_after} after."
  echo "Node $(node --version), next-auth $(node -p "require('./$NEXTAUTH_DIR/node_modules/next-auth/package.json').version" 2>/dev/null || echo '?'),$(has_target nextauth-next && echo " Next.js $(node -p "require('./$NEXTJS_DIR/node_modules/next/package.json').version" 2>/dev/null || echo '?'),") .NET $(dotnet --version 2>/dev/null || echo '?'), $(wrk --version 2>&1 | head -n1 | awk '{ print $1, $2 }')."
  echo
  echo "| target | req/s median (min–max) | p50 | p99 | server CPU % | RSS MiB |"
  echo "|---|---|---|---|---|---|"
  for t in "${TARGET_LIST[@]}"; do
    if [[ -n ${SKIP_REASON[$t]:-} ]]; then
      echo "| ${LABEL[$t]} | skipped | | | | |"
      continue
    fi
    for c in "${SESSION_COUNTS[@]}"; do
      v=$(variant "$t" "$c")
      label=${LABEL[$t]}
      ((ROTATE)) && label+=", $(session_text "$c" "$t")"
      f="$OUT_DIR/results-$v.txt"
      if [[ ! -s $f ]]; then
        echo "| $label | no result | | | | |"
        continue
      fi
      read -r med lo hi < <(summary "$f" 1)
      read -r p50 _ _ < <(summary "$f" 2)
      read -r p99 _ _ < <(summary "$f" 3)
      read -r cpu _ _ < <(summary "$f" 7)
      MEDIAN[$v]=$med
      read -r other _ _ < <(summary "$f" 8)
      read -r busy _ _ < <(summary "$f" 9)
      WORST_OTHER=$(awk -v a="$WORST_OTHER" -v b="$other" 'BEGIN { print (b > a ? b : a) }')
      INTERFERENCE+=("$(printf -- '- %s: other processes used %.0f %% of CPU %s; CPU %s (wrk and others) was %.0f %% busy' \
        "$label" "$other" "$SERVER_CPU" "$LOAD_CPU" "$busy")")
      rss=$(awk -v k="${RSS[$t]:-0}" 'BEGIN { printf "%.0f", k / 1024 }')
      printf '| %s | %s (%s–%s) | %s | %s | %.0f | %s |\n' "$label" "$(thousands "$med")" "$(thousands "$lo")" "$(thousands "$hi")" \
        "$(fmt_ms "$p50")" "$(fmt_ms "$p99")" "$cpu" "$rss"
    done
  done
  if ((${#INTERFERENCE[@]} > 0)); then
    if awk -v m="$WORST_OTHER" 'BEGIN { exit !(m > 10) }'; then
      echo
      echo "**Noisy run:** other processes took up to $(printf '%.0f' "$WORST_OTHER") % of the server's CPU during a target's measured runs (median); its figures understate that target. Re-run on a quiet machine before quoting them."
    fi
    echo
    echo "Interference during the measured runs (medians; the server is pinned alone to CPU $SERVER_CPU, so anything there but the server is noise from other work on the machine):"
    echo
    printf '%s\n' "${INTERFERENCE[@]}"
  fi
  echo
  echo "Ratios of median req/s (targets from issue 5: Sesame (JWT) ≥ 15× next-auth and ≥ 75 % of bare Kestrel; Sesame (database) ≥ 5× next-auth's JWT figure):"
  echo
  ratio_line() { # NAME NUM DEN KIND TARGET (NUM and DEN are variants)
    if [[ -z ${MEDIAN[$2]:-} || -z ${MEDIAN[$3]:-} ]]; then
      echo "- $1: n/a ($( [[ -z ${MEDIAN[$2]:-} ]] && echo "$2" || echo "$3") not measured)"
      return
    fi
    awk -v a="${MEDIAN[$2]}" -v b="${MEDIAN[$3]}" -v name="$1" -v kind="$4" -v goal="$5" 'BEGIN {
      r = a / b
      if (goal == "") printf "- %s: %s\n", name, (kind == "x" ? sprintf("%.1f×", r) : sprintf("%.0f %%", r * 100))
      else if (kind == "x") printf "- %s: %.1f× (target ≥ %s×: %s)\n", name, r, goal, (r >= goal ? "met" : "NOT met")
      else printf "- %s: %.0f %% (target ≥ %s %%: %s)\n", name, r * 100, goal, (r * 100 >= goal ? "met" : "NOT met")
    }'
  }
  for c in "${SESSION_COUNTS[@]}"; do
    at="" # which row, when there are several counts
    ((${#SESSION_COUNTS[@]} > 1)) && at=" ($(session_text "$c"))"
    ratio_line "Sesame (JWT) / next-auth$at" "$(variant sesame "$c")" "$(variant nextauth "$c")" x 15
    has_target nextauth-next && ratio_line "Sesame (JWT) / next-auth (Next.js)$at" "$(variant sesame "$c")" "$(variant nextauth-next "$c")" x 15
    ratio_line "Sesame (JWT) / bare Kestrel$at" "$(variant sesame "$c")" "$(variant bare "$c")" pct 75
    if has_target sesame-db; then
      ratio_line "Sesame (database) / next-auth$at" "$(variant sesame-db "$c")" "$(variant nextauth "$c")" x 5
      has_target nextauth-next && ratio_line "Sesame (database) / next-auth (Next.js)$at" "$(variant sesame-db "$c")" "$(variant nextauth-next "$c")" x 5
      ratio_line "Sesame (database) / bare Kestrel (no target)$at" "$(variant sesame-db "$c")" "$(variant bare "$c")" pct ""
    fi
    b=$(variant bare "$c") na=$(variant nextauth "$c") nn=$(variant nextauth-next "$c")
    if [[ -n ${MEDIAN[$b]:-} && -n ${MEDIAN[$na]:-} ]]; then
      awk -v a="${MEDIAN[$b]}" -v b="${MEDIAN[$na]}" -v at="$at" 'BEGIN {
        printf "- bare Kestrel / next-auth%s: %.1f× (so 75 %% of bare Kestrel is %.1f× next-auth in this run)\n", at, a / b, 0.75 * a / b }'
    fi
    if [[ -n ${MEDIAN[$b]:-} && -n ${MEDIAN[$nn]:-} ]]; then
      awk -v a="${MEDIAN[$b]}" -v b="${MEDIAN[$nn]}" -v at="$at" 'BEGIN {
        printf "- bare Kestrel / next-auth (Next.js)%s: %.1f× (so 75 %% of bare Kestrel is %.1f× next-auth in Next.js in this run)\n", at, a / b, 0.75 * a / b }'
    fi
  done
  # issue 9: many distinct sessions against one cookie repeated, each target against itself
  if ((ROTATE)) && [[ " ${SESSION_COUNTS[*]} " == *" 1 "* ]]; then
    echo
    echo "Distinct sessions against one cookie repeated (issue 9's target: Sesame (JWT) within 15 %, so ≥ 85 %):"
    echo
    for t in sesame sesame-before sesame-db sesame-db-before sesame-revocable sesame-db-cached sesame-db-redis nextauth nextauth-next; do
      has_target "$t" || continue
      for c in "${SESSION_COUNTS[@]}"; do
        ((c > 1)) || continue
        goal=""
        [[ $t == sesame || $t == sesame-before ]] && goal=85
        ratio_line "$(short_label "$t"), $(session_text "$c" "$t") / one cookie" "$(variant "$t" "$c")" "$(variant "$t" 1)" pct "$goal"
      done
    done
  fi
  if has_target sesame && { has_target sesame-revocable || has_target sesame-db-cached || has_target sesame-db-redis; }; then
    echo
    echo "Scale-out against plain JWT (issue 12's targets: revocable JWT ≥ 80 %, cached database sessions ≥ 70 %; a Redis target's own redis-server shares the server CPU and is counted in its server CPU %):"
    echo
    for c in "${SESSION_COUNTS[@]}"; do
      at=""
      ((${#SESSION_COUNTS[@]} > 1)) && at=" ($(session_text "$c"))"
      has_target sesame-revocable && ratio_line "Sesame (revocable JWT, Redis) / Sesame (JWT)$at" "$(variant sesame-revocable "$c")" "$(variant sesame "$c")" pct 80
      has_target sesame-db-cached && ratio_line "Sesame (database, session cache) / Sesame (JWT)$at" "$(variant sesame-db-cached "$c")" "$(variant sesame "$c")" pct 70
      has_target sesame-db-redis && ratio_line "Sesame (database, Redis) / Sesame (JWT)$at" "$(variant sesame-db-redis "$c")" "$(variant sesame "$c")" pct ""
      has_target sesame-db && ratio_line "Sesame (database) / Sesame (JWT)$at" "$(variant sesame-db "$c")" "$(variant sesame "$c")" pct ""
    done
  fi
  if [[ -n $BEFORE ]]; then
    echo
    echo "This build against BEFORE ($BEFORE_NAME: $BEFORE), same rounds:"
    echo
    for c in "${SESSION_COUNTS[@]}"; do
      at=""
      ((ROTATE)) && at=" ($(session_text "$c"))"
      has_target sesame-before && ratio_line "Sesame (JWT) now / before$at" "$(variant sesame "$c")" "$(variant sesame-before "$c")" pct ""
      has_target sesame-db-before && ratio_line "Sesame (database) now / before$at" "$(variant sesame-db "$c")" "$(variant sesame-db-before "$c")" pct ""
    done
  fi
  skipped=0
  for t in "${TARGET_LIST[@]}"; do [[ -n ${SKIP_REASON[$t]:-} ]] && skipped=1; done
  if ((${#NOTES[@]} > 0 || skipped)); then
    echo
    echo "Notes:"
    for t in "${TARGET_LIST[@]}"; do
      [[ -n ${SKIP_REASON[$t]:-} ]] && echo "- $t skipped: ${SKIP_REASON[$t]}"
    done
    for note in "${NOTES[@]}"; do echo "- $note"; done
  fi
  echo
  echo "Raw wrk output and server logs: $OUT_DIR"
} | tee "$report"

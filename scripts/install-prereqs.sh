#!/usr/bin/env bash
# Installs what the tests need and this machine lacks. Idempotent and quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm packages for the interop tests (the real next-auth and @auth/core), pinned by package-lock.json.
if [ -f tests/interop/package.json ] && [ ! -d tests/interop/node_modules ]; then
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
fi

# PostgreSQL server binaries for the EF Core store tests. The tests run their own throw-away server (initdb into a
# temporary folder), so the distribution's cluster service is neither needed nor left running.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-prereqs: PostgreSQL is missing; install the 'postgresql' package (as root) for the store tests" >&2
  else
    [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq; APT_UPDATED=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    service postgresql stop >/dev/null 2>&1 || true
  fi
fi

# Redis server binary for the Redis store and multi-instance tests. The tests start their own redis-server on a free
# 127.0.0.1 port, so the distribution's service is stopped and not started again at boot.
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-prereqs: redis-server is missing; install the 'redis-server' package (as root) for the Redis tests" >&2
  else
    [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq; APT_UPDATED=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
    service redis-server stop >/dev/null 2>&1 || true
    update-rc.d redis-server disable >/dev/null 2>&1 || true
  fi
fi

# Headless Chromium for the browser tests (Playwright drives Debian's /usr/bin/chromium; no browser is downloaded).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-prereqs: chromium is missing; install the 'chromium' package (as root) for the browser tests" >&2
  else
    [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq; APT_UPDATED=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  fi
fi

# The sample's React SPA (next-auth/react, built with Vite): npm packages from its lock file, then a build whenever
# the sources are newer than the last one. The sample serves samples/Sesame.Spa/dist at /spa/.
spa=samples/Sesame.Spa
if [ -f "$spa/package.json" ]; then
  if [ ! -d "$spa/node_modules" ]; then
    (cd "$spa" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  if [ ! -f "$spa/dist/index.html" ] || [ -n "$(find "$spa/src" "$spa/index.html" "$spa/vite.config.js" "$spa/package-lock.json" -newer "$spa/dist/index.html" -print -quit)" ]; then
    (cd "$spa" && npm run --silent build >/dev/null)
  fi
fi

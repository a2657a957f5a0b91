#!/usr/bin/env bash
# Installs what the tests need and this machine lacks. Idempotent and quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm packages for the interop tests (the real next-auth and @auth/core), pinned by package-lock.json.
if [ -f tests/interop/package.json ] && [ ! -d tests/interop/node_modules ]; then
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
fi

#!/usr/bin/env bash
# The whole test suite: installs what this machine lacks (as root, from Debian and npm), then runs every test project.
# CI (.ci/run) calls exactly this. Tests start the servers they need (PostgreSQL, Redis, Node) themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prereqs.sh

log=$(mktemp)
status=0
dotnet test Sesame.slnx --nologo 2>&1 | tee "$log" || status=$?

# One plain closing line over every test project, so a reader (and CI) sees the totals at a glance.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "Total: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"

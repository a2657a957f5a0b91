#!/usr/bin/env bash
# Rewrites each package's PublicAPI.Unshipped.txt to declare its current public API, after a deliberate API change.
#   bash scripts/update-public-api.sh            every packable project under src/
#   bash scripts/update-public-api.sh src/Sesame one project
# It applies the PublicApiAnalyzers' own code fixes (RS0016 declare a new symbol, RS0017 drop a removed one) through
# `dotnet format analyzers`, then sorts each file ordinally with `#nullable enable` first, so that two branches that
# both add API merge line by line. Review the diff: it is the API change. On a release, move Unshipped's lines into
# Shipped (and sort it the same way).
set -euo pipefail
cd "$(dirname "$0")/.."

projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  mapfile -t projects < <(find src -mindepth 2 -maxdepth 2 -name PublicAPI.Unshipped.txt -printf '%h\n' | sort)
fi

sort_api() {
  local file=$1 body
  body=$(grep -v -e '^#nullable enable$' -e '^[[:space:]]*$' "$file" | LC_ALL=C sort -u || true)
  {
    echo '#nullable enable'
    if [ -n "$body" ]; then printf '%s\n' "$body"; fi
  } > "$file"
}

for dir in "${projects[@]}"; do
  dir=${dir%/}
  csproj=$(find "$dir" -maxdepth 1 -name '*.csproj' | head -n 1)
  [ -n "$csproj" ] || { echo "no project in $dir" >&2; exit 1; }
  for f in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$dir/$f" ] || echo '#nullable enable' > "$dir/$f"
  done
  echo "updating $dir" >&2
  # format exits non-zero when it changed files only with --verify-no-changes, which is not used here
  dotnet format analyzers "$csproj" --diagnostics RS0016 RS0017 --severity info --verbosity quiet
  sort_api "$dir/PublicAPI.Unshipped.txt"
  sort_api "$dir/PublicAPI.Shipped.txt"
done

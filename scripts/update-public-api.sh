#!/usr/bin/env bash
# Rewrites each package's PublicAPI.Unshipped.txt to declare its current public API, after a deliberate API change.
#   bash scripts/update-public-api.sh
# It builds the solution, takes the PublicApiAnalyzers' own findings (RS0016: a public symbol not declared, RS0017: a
# declared symbol that is gone) and adds or drops exactly those lines, until the build has none; each file is kept
# sorted ordinally with `#nullable enable` first, so that two branches that both add API merge line by line. Review the
# diff: it is the API change. On a release, move Unshipped's lines into Shipped (and sort it the same way).
# (`dotnet format analyzers` is not used: it found no diagnostics to fix in a solution mid-merge.)
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for round in 1 2 3 4; do
  dotnet build Sesame.slnx --nologo -v q >"$log" 2>&1 || true
  if ! grep -qE 'error RS001[67]' "$log"; then
    echo "public API files up to date (round $round)" >&2
    exit 0
  fi
  python3 - "$log" <<'PY'
import collections, re, sys
adds, drops = collections.defaultdict(set), collections.defaultdict(set)
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"error (RS001[67]): Symbol '(.*)' is (?:not )?part of the declared.*\[(.*)/[^/]*\.csproj\]", line)
    if m:
        (adds if m.group(1) == "RS0016" else drops)[m.group(3)].add(m.group(2))
for project in set(adds) | set(drops):
    path = project + "/PublicAPI.Unshipped.txt"
    try:
        lines = {l.rstrip("\n") for l in open(path, encoding="utf-8")}
    except FileNotFoundError:
        lines = set()
    lines = {l for l in lines if l.strip() and l != "#nullable enable" and l not in drops[project]} | adds[project]
    with open(path, "w", encoding="utf-8") as f:
        f.write("#nullable enable\n" + "".join(l + "\n" for l in sorted(lines)))
    print(f"updated {path}: +{len(adds[project])} -{len(drops[project])}", file=sys.stderr)
PY
done
echo "the public API files did not settle: see the build" >&2
exit 1

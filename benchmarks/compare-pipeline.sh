#!/usr/bin/env bash
# Before/after of the in-process GET /api/auth/session benchmarks (benchmarks/Sesame.Benchmarks/Pipeline/): the same
# benchmark code built against another checkout's Sesame and sample (BEFORE) and against this one, run one after the
# other, reports side by side.
#
#   bash benchmarks/compare-pipeline.sh /work/baseline                        # both Pipeline classes, default job
#   bash benchmarks/compare-pipeline.sh /work/baseline --job short            # quicker, rougher
#   FILTER='*DistinctSessions*' bash benchmarks/compare-pipeline.sh /work/baseline --job dry   # a smoke test
#
# Arguments after BEFORE go to BenchmarkDotNet. Both builds run with BenchmarkDotNet's in-process toolchain
# (--inProcess): its usual out-of-process runs rebuild the project without the property that selects the other
# checkout. Environment: FILTER (default '*Pipeline*'), OUT_DIR (default a new /tmp directory).
set -euo pipefail

BEFORE=${1:?usage: compare-pipeline.sh BEFORE_CHECKOUT [BenchmarkDotNet arguments]}
shift
BEFORE=$(realpath "$BEFORE")
[[ -f $BEFORE/src/Sesame/Sesame.csproj && -f $BEFORE/samples/Sesame.Sample/Sesame.Sample.csproj ]] ||
  { echo "compare-pipeline.sh: $BEFORE is not a Sesame checkout (no src/Sesame or samples/Sesame.Sample)" >&2; exit 2; }
FILTER=${FILTER:-'*Pipeline*'}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/sesame-pipeline.XXXXXX)}
mkdir -p "$OUT_DIR"
PROJECT=$REPO/benchmarks/Sesame.Benchmarks
BUILD=(dotnet build -c Release --nologo -v:q -nodeReuse:false -p:UseSharedCompilation=false)

echo "building the benchmarks against $BEFORE (before) and $REPO (now)" >&2
"${BUILD[@]}" "$PROJECT/Sesame.Benchmarks.csproj" "-p:SesameBefore=$BEFORE" >"$OUT_DIR/build-before.log" 2>&1 ||
  { echo "compare-pipeline.sh: the build against $BEFORE failed (see $OUT_DIR/build-before.log)" >&2; exit 1; }
"${BUILD[@]}" "$PROJECT/Sesame.Benchmarks.csproj" >"$OUT_DIR/build-now.log" 2>&1 ||
  { echo "compare-pipeline.sh: the build failed (see $OUT_DIR/build-now.log)" >&2; exit 1; }

for side in before now; do
  dll=$PROJECT/bin/Release/net10.0/Sesame.Benchmarks.dll
  [[ $side == before ]] && dll=$PROJECT/bin/before/Release/net10.0/Sesame.Benchmarks.dll
  echo "running $side ($dll)" >&2
  # from the build's directory: the sample's content (appsettings.json) is there
  (cd "$(dirname "$dll")" && dotnet "$dll" --filter "$FILTER" --inProcess --exporters github --artifacts "$OUT_DIR/$side" "$@") \
    >"$OUT_DIR/$side.log" 2>&1 || { echo "compare-pipeline.sh: the $side run failed (see $OUT_DIR/$side.log)" >&2; exit 1; }
done

for side in before now; do
  label=$REPO
  [[ $side == before ]] && label=$BEFORE
  echo
  echo "## $side: $label ($(git -C "$label" rev-parse --short HEAD 2>/dev/null || echo '?'))"
  for report in "$OUT_DIR/$side"/results/*-report-github.md; do
    [[ -f $report ]] || continue
    echo
    cat "$report"
  done
done
echo
echo "Logs and BenchmarkDotNet artifacts: $OUT_DIR"

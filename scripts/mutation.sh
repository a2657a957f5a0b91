#!/usr/bin/env bash
# Mutation testing of Sesame's security-critical code (issue 15, lasting defence 5) with Stryker.NET: each mutant is a
# small change to the code (a condition flipped, a bound moved, a statement removed); a test that fails on it kills it.
# A survivor is a defence no test would notice breaking: kill it with a test, or list it as equivalent (the mutant
# behaves exactly as the code does) in tests/mutation-equivalents.md.
#
#   bash scripts/mutation.sh                                   # every file below, about an hour on 2 cores
#   FILES="src/Sesame/Access/PathMatcher.cs" bash scripts/mutation.sh   # one file (about 8 minutes)
#
# Narrower filters, each file's run in tests/mutation-equivalents.md, take 5-12 minutes a group. An equivalent
# mutant is marked in the code (`// Stryker disable once <Mutator> : why`) only when no killed mutant of that kind
# shares its statement; otherwise it is listed there.
#
# Environment: FILES (space-separated paths under src/Sesame), FILTER (the dotnet test filter: only the tests that
# exercise them run per mutant), TIMEOUT (seconds, default 5400), OUT (the report folder), CONCURRENCY (how many test
# runners at once; default Stryker's own, 1 on a shared machine). Exit status: Stryker's, so a score under its break
# threshold (90 %) fails. The tool comes from the repository's manifest (.config/dotnet-tools.json).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FILES=${FILES:-"src/Sesame/Http/CallbackUrls.cs src/Sesame/Http/PublicUrls.cs src/Sesame/Csrf/CsrfProtection.cs src/Sesame/Csrf/CrossSiteRequests.cs src/Sesame/Access/PathMatcher.cs src/Sesame/Access/PathPattern.cs src/Sesame/Jwt/NextAuthJwtCodec.cs src/Sesame/Jwt/JwtPayloadReader.cs src/Sesame/Jwt/JweHeaderReader.cs src/Sesame/Cookies/HeaderRequestCookies.cs src/Sesame/Cookies/SessionCookieStore.cs"}
FILTER=${FILTER:-"FullyQualifiedName~Access|FullyQualifiedName~Attacks|FullyQualifiedName~Csrf|FullyQualifiedName~Cookies|FullyQualifiedName~Jwt|FullyQualifiedName~Http|FullyQualifiedName~Fuzzing|FullyQualifiedName~Endpoints|FullyQualifiedName~Diagnostics|FullyQualifiedName~SessionSizeCap"}
TIMEOUT=${TIMEOUT:-5400}
OUT=${OUT:-$ROOT/tests/Sesame.Tests/StrykerOutput}
CONCURRENCY=${CONCURRENCY:-}

cd "$ROOT"
dotnet tool restore >/dev/null
mutate=()
for file in $FILES; do
  mutate+=(-m "**/${file#src/Sesame/}")
done
extra=()
if [[ -n "$CONCURRENCY" ]]; then
  extra+=(--concurrency "$CONCURRENCY")
fi

cd tests/Sesame.Tests
timeout "$TIMEOUT" dotnet tool run dotnet-stryker -p Sesame.csproj "${mutate[@]}" --test-case-filter "$FILTER" \
  --break-at 90 -r ClearText -r Json -r Html -O "$OUT" "${extra[@]}"

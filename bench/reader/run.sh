#!/usr/bin/env bash
# Reader benchmark: seeds 1,000 annotations on the essay through the API (bearer tokens from the
# embedded Keycloak, client scholion-cli) and measures, in headless Chromium with the Performance
# API, the time from navigation start to all highlights rendered. See bench/README-reader.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
export SCHOLION_TEST_HTTP_PORT="${SCHOLION_TEST_HTTP_PORT:-8093}"
./mvnw -q test -Dtest=ReaderBench -Dsurefire.failIfNoSpecifiedTests=false -Dscholion.bench=reader \
  -Dscholion.bench.annotations="${ANNOTATIONS:-1000}" -Dscholion.bench.runs="${RUNS:-5}" 2>&1 \
  | grep -E '^(seeded|run [0-9]|RESULT)' || { echo "bench failed; see target/surefire-reports" >&2; exit 1; }

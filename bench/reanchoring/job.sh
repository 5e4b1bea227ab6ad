#!/usr/bin/env bash
# The server's re-anchoring job, end to end: starts a throw-away local stack (PostgreSQL, Keycloak, the
# app) on its own ports, uploads the ~100,000-code-point reading of `run.sh perf`, posts its 10,000
# annotations (private notes of ines, both selectors), publishes the revision and reports the time
# from the PUT to the job's "done", with the app's heap before and at its peak; then uploads a
# 200-page PDF three times (time to 201). Loopback only.
# Usage: bench/reanchoring/job.sh   (env: ANNOTATIONS=10000)
set -euo pipefail
cd "$(dirname "$0")/../.."
ANNOTATIONS=${ANNOTATIONS:-10000}
HTTP_PORT=${BENCH_HTTP_PORT:-8295}; KC_PORT=${BENCH_KC_PORT:-8296}; PG_PORT=${BENCH_PG_PORT:-8297}; MGMT_PORT=${BENCH_MGMT_PORT:-8298}
BASE="http://localhost:$HTTP_PORT"; KC="http://localhost:$KC_PORT/realms/scholion"
WORK=$(pwd)/target/bench-reanchoring-job; rm -rf "$WORK"; mkdir -p "$WORK"
export SCHOLION_WRITE_RATE_PER_MINUTE=0   # the bench measures re-anchoring, not the write limit
export SCHOLION_READ_RATE_PER_MINUTE=0    # nor the read limit (it polls the job)

echo "== the reading, its revision and the annotations (bench/reanchoring/run.sh perf's)"
bench/reanchoring/run.sh perf "$ANNOTATIONS" "$WORK/data"
bench/reanchoring/run.sh pdf "$WORK/data/reading.pdf" 200
for port in $HTTP_PORT $KC_PORT $PG_PORT $MGMT_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is busy: stop what uses it first" >&2; exit 1; fi
done
echo "== building and starting the stack (log: $WORK/stack.log)"
SCHOLION_HTTP_PORT=$HTTP_PORT SCHOLION_MANAGEMENT_PORT=$MGMT_PORT SCHOLION_KEYCLOAK_PORT=$KC_PORT SCHOLION_PG_PORT=$PG_PORT SCHOLION_DATA_DIR="$WORK/stack" \
  setsid ./mvnw -q -Prun > "$WORK/stack.log" 2>&1 &
STACK=$!
trap 'kill -TERM -- -$STACK 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://localhost:$MGMT_PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $STACK 2>/dev/null || { tail -30 "$WORK/stack.log"; exit 1; }
  sleep 1
done
java bench/reanchoring/JobBench.java "$BASE" "http://localhost:$MGMT_PORT" "$KC/protocol/openid-connect/token" "$WORK/data" \
  | tee "$WORK/result.txt"
# a 200-page PDF: upload, type sniffing, text extraction page by page, storing (the original too); three times
TOKEN=$(curl -fs -d grant_type=password -d client_id=scholion-cli -d username=ines -d password=ines \
  "$KC/protocol/openid-connect/token" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
for i in 1 2 3; do
  curl -s -o "$WORK/pdf-$i.json" -w "200-page PDF ($(stat -c %s "$WORK/data/reading.pdf") bytes) upload to 201: %{time_total} s (status %{http_code})\n" \
    -H "Authorization: Bearer $TOKEN" -F "file=@$WORK/data/reading.pdf;type=application/pdf" -F "title=Bench PDF $i" \
    "$BASE/api/documents" | tee -a "$WORK/result.txt"
done

#!/usr/bin/env bash
# LTI 1.3 (issue 23): a launch's added time against opening the reader, and roster sync of a 300-student
# course, against a throw-away local stack on its own ports and the fake platform (bench/lti/LtiBench.java).
# Loopback only. Usage: bench/lti/run.sh   (env: LAUNCHES=200)
set -euo pipefail
cd "$(dirname "$0")/../.."
LAUNCHES=${LAUNCHES:-200}
HTTP_PORT=${BENCH_HTTP_PORT:-8330}; KC_PORT=${BENCH_KC_PORT:-8331}; PG_PORT=${BENCH_PG_PORT:-8332}; MGMT_PORT=${BENCH_MGMT_PORT:-8333}
BASE="http://localhost:$HTTP_PORT"; KC="http://localhost:$KC_PORT/realms/scholion"
WORK=$(pwd)/target/bench-lti; rm -rf "$WORK"; mkdir -p "$WORK"
for port in $HTTP_PORT $KC_PORT $PG_PORT $MGMT_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is busy: stop what uses it first" >&2; exit 1; fi
done
echo "== building and starting the stack (log: $WORK/stack.log)"
SCHOLION_WRITE_RATE_PER_MINUTE=0 SCHOLION_READ_RATE_PER_MINUTE=0 SCHOLION_PUBLIC_URL="$BASE" \
SCHOLION_HTTP_PORT=$HTTP_PORT SCHOLION_MANAGEMENT_PORT=$MGMT_PORT SCHOLION_KEYCLOAK_PORT=$KC_PORT SCHOLION_PG_PORT=$PG_PORT \
SCHOLION_DATA_DIR="$WORK/stack" \
  setsid ./mvnw -q -Prun > "$WORK/stack.log" 2>&1 &
STACK=$!
trap 'kill -TERM -- -$STACK 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://localhost:$MGMT_PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $STACK 2>/dev/null || { tail -30 "$WORK/stack.log"; exit 1; }
  sleep 1
done
ADMIN=$(curl -fs -d grant_type=password -d client_id=scholion-cli -d username=admin -d password=admin \
  "$KC/protocol/openid-connect/token" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
./mvnw -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="target/devstack-classes:$(cat "$WORK/cp.txt")"
javac -cp "$CP" -d "$WORK" bench/lti/LtiBench.java
java -cp "$WORK:$CP" LtiBench "$BASE" "$ADMIN" "$LAUNCHES" | tee "$WORK/summary.txt"

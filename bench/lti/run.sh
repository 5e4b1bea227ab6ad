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
# the same launches as the server timed them (its access log's ms: the three requests of each launch, summed), after
# the 20 warm-up launches of each kind; the reader's page likewise
python3 - "$WORK/stack.log" <<'PY' | tee -a "$WORK/summary.txt"
import re, sys
launches, reads, cur = [], [], None
for line in open(sys.argv[1]):
    m = re.search(r"method=(\w+) path=(\S+) status=(\d+) ms=([\d.]+)", line)
    if not m:
        continue
    path, ms = m.group(2), float(m.group(4))
    if path == "/lti/login":
        cur = ms
    elif path in ("/lti/launch", "/lti/launch/complete") and cur is not None:
        cur += ms
        if path == "/lti/launch/complete":
            launches.append(cur); cur = None
    elif path == "/read/red-terror-essay":
        reads.append(ms)
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(len(xs) * p))]
l, r = launches[41:], reads
print(f"server time of a launch (access log, n={len(l)}): p50 {pct(l, .5):.1f} ms  p90 {pct(l, .9):.1f} ms  p99 {pct(l, .99):.1f} ms")
print(f"server time of the reader page (n={len(r)}):      p50 {pct(r, .5):.1f} ms  p90 {pct(r, .9):.1f} ms  p99 {pct(r, .99):.1f} ms")
PY

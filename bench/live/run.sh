#!/usr/bin/env bash
# Live-update benchmark: starts a throw-away local stack (PostgreSQL, Keycloak, the app) on its own
# ports, opens SUBSCRIBERS WebSockets on the essay in the demo group History 101, POSTs annotations
# at RATE per second for DURATION seconds, and reports the latency from the start of each POST to each
# subscriber's "created" event (p50/p90/p99), plus the app's resident memory.
# The first WARMUP seconds (10) of posting are delivered but not measured: the app compiles its paths then.
# Usage: bench/live/run.sh   (env: SUBSCRIBERS=1000 RATE=10 DURATION=60 WARMUP=10 (not SECONDS: bash sets that itself);
#   APP_ENV="KEY=value ..." is exported to the app, e.g. to change a live limit; the live socket and
#   upgrade limits are lifted above SUBSCRIBERS, since every subscriber is the same user)
# Loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUBSCRIBERS=${SUBSCRIBERS:-1000}; RATE=${RATE:-10}; SECONDS_=${DURATION:-60}; WARMUP=${WARMUP:-10}
HTTP_PORT=${BENCH_HTTP_PORT:-8295}; KC_PORT=${BENCH_KC_PORT:-8296}; PG_PORT=${BENCH_PG_PORT:-8297}; MGMT_PORT=${BENCH_MGMT_PORT:-8298}
BASE="http://localhost:$HTTP_PORT"; KC="http://localhost:$KC_PORT/realms/scholion"
WORK=$(pwd)/target/bench-live; rm -rf "$WORK"; mkdir -p "$WORK"
# the per-user write and read rate limits are off: the benchmark measures delivery, not the limits
export SCHOLION_WRITE_RATE_PER_MINUTE=0 SCHOLION_READ_RATE_PER_MINUTE=0
# likewise the live limits: all SUBSCRIBERS sockets are one user's (alice), opened 50 at a time
LIFT=$((SUBSCRIBERS + 100))
export SCHOLION_LIVE_MAX_SOCKETS_PER_USER=$LIFT SCHOLION_LIVE_MAX_SOCKETS=$LIFT \
  SCHOLION_LIVE_UPGRADE_BURST_PER_USER=$LIFT SCHOLION_LIVE_UPGRADE_BURST=$LIFT
for kv in ${APP_ENV:-}; do export "${kv?}"; done

for port in $HTTP_PORT $KC_PORT $PG_PORT $MGMT_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is busy: stop what uses it first" >&2; exit 1; fi
done
echo "== building and starting the stack (log: $WORK/stack.log)"
SCHOLION_HTTP_PORT=$HTTP_PORT SCHOLION_MANAGEMENT_PORT=$MGMT_PORT SCHOLION_KEYCLOAK_PORT=$KC_PORT SCHOLION_PG_PORT=$PG_PORT SCHOLION_DATA_DIR="$WORK/stack" \
  setsid ./mvnw -q -Prun > "$WORK/stack.log" 2>&1 &
STACK=$!
trap 'kill -TERM -- -$STACK 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://localhost:$MGMT_PORT/q/health/ready" >/dev/null 2>&1 && break   # health is on the management port
  kill -0 $STACK 2>/dev/null || { tail -30 "$WORK/stack.log"; exit 1; }
  sleep 1
done
APP_PID=$(ss -ltnpH "sport = :$HTTP_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
rss() { awk '/^VmRSS|^VmHWM/{printf "%s %d MB  ", $1, $2/1024}' "/proc/$APP_PID/status"; echo; }
echo "== app pid $APP_PID; before: $(rss)"

# a fresh token right before the run: sockets close (4401) a second before it expires (300 s)
TOKEN=$(curl -fs -d grant_type=password -d client_id=scholion-cli -d username=alice -d password=alice \
  "$KC/protocol/openid-connect/token" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
GROUP=00000000-0000-4000-8000-000000000101   # demo group History 101; alice is a member
( while sleep 2; do echo "$(date +%T) $(rss)"; done ) > "$WORK/rss.log" 2>/dev/null &
# CPU of the app and of the benchmark client, every 5 s (they share this machine's cores)
( while sleep 5; do top -b -n1 -o %CPU | sed -n '8,12p'; echo; done ) > "$WORK/top.log" 2>/dev/null &
TOP=$!
SAMPLER=$!
java -Xmx512m bench/live/LiveBench.java "$BASE" "$TOKEN" "$GROUP" "$SUBSCRIBERS" "$RATE" "$SECONDS_" "$WARMUP" | tee "$WORK/result.txt"
kill $SAMPLER $TOP 2>/dev/null || true
echo "== app after: $(rss)" | tee -a "$WORK/result.txt"
echo "== peak RSS while running: $(awk '{for(i=1;i<=NF;i++) if($i=="VmRSS:") print $(i+1)}' "$WORK/rss.log" | sort -n | tail -1) MB" \
  | tee -a "$WORK/result.txt"

#!/usr/bin/env bash
# Classroom mix (issue 20): starts a throw-away local stack (PostgreSQL, Keycloak, the app) on its own
# ports with the write rate limit and the live limits as deployed, seeds SEED annotations on the essay,
# makes one Keycloak account per student (they join the demo group History 101 with its join code), then
# bench/classroom/ClassroomBench.java runs the mix in steps of class size and a bad-input phase, and
# prints the table (also in target/bench-classroom/report.md). Stops by itself. Loopback only.
# Usage: bench/classroom/run.sh
#   env: CLASS="100 200 300 400 600" DURATION=30 ARRIVAL=10 POLL=5 WRITE_EVERY=120 (seconds per student
#   between writes; or WRITE_RATE=n a second overall) WARMUP_CLASS=100 WARMUP=20 SEED=300 P99_LIMIT_MS=250
#   ALL_STEPS=0 (1: go on after a failed step) BAD_SIZE= (default: the largest passing class) FLOOD_CONNS=4
#   BAD_ROUNDS=1 (2: plain, flooded, flooded, plain, pooled)
#   APP_ENV="KEY=value ..." exported to the app; BENCH_*_PORT move the ports (8300-8303)
set -euo pipefail
STARTED=$(date +%s)
cd "$(dirname "$0")/../.."
CLASS=${CLASS:-100 200 300 400 600}; SEED=${SEED:-300}
HTTP_PORT=${BENCH_HTTP_PORT:-8300}; KC_PORT=${BENCH_KC_PORT:-8301}; PG_PORT=${BENCH_PG_PORT:-8302}; MGMT_PORT=${BENCH_MGMT_PORT:-8303}
BASE="http://localhost:$HTTP_PORT"; KC="http://localhost:$KC_PORT"
WORK=$(pwd)/target/bench-classroom; rm -rf "$WORK"; mkdir -p "$WORK"
for kv in ${APP_ENV:-}; do export "${kv?}"; done
# as deployed: the write rate limit (120 a minute, a burst of 60) and the live limits keep their defaults
unset SCHOLION_WRITE_RATE_PER_MINUTE SCHOLION_WRITE_BURST

for port in $HTTP_PORT $KC_PORT $PG_PORT $MGMT_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is busy: stop what uses it first" >&2; exit 1; fi
done
echo "$(date +%T) == building and starting the stack (log: $WORK/stack.log)"
SCHOLION_HTTP_PORT=$HTTP_PORT SCHOLION_MANAGEMENT_PORT=$MGMT_PORT SCHOLION_KEYCLOAK_PORT=$KC_PORT SCHOLION_PG_PORT=$PG_PORT SCHOLION_DATA_DIR="$WORK/stack" \
  setsid ./mvnw -q -Prun > "$WORK/stack.log" 2>&1 &
STACK=$!
# TERM, not INT: background jobs of a script ignore SIGINT, and so would the JVMs it starts
trap 'kill -TERM -- -$STACK 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://localhost:$MGMT_PORT/q/health/ready" >/dev/null 2>&1 && break   # health is on the management port
  kill -0 $STACK 2>/dev/null || { tail -30 "$WORK/stack.log"; exit 1; }
  sleep 1
done
APP_PID=$(ss -ltnpH "sport = :$HTTP_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
echo "$(date +%T) == app pid $APP_PID"

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
token() { curl -fs -d grant_type=password -d client_id=scholion-cli -d username="$1" -d password="$1" \
  "$KC/realms/scholion/protocol/openid-connect/token" | json '["access_token"]'; }
GROUP=00000000-0000-4000-8000-000000000101   # demo group History 101, moderator ines

MAX=$(echo "$CLASS" | tr ', ' '\n\n' | grep . | sort -n | tail -1)
WARMUP_CLASS=${WARMUP_CLASS:-100}; [ "$WARMUP_CLASS" -le "$MAX" ] || MAX=$WARMUP_CLASS
[ -z "${BAD_SIZE:-}" ] || [ "$BAD_SIZE" -le "$MAX" ] || MAX=$BAD_SIZE
echo "$(date +%T) == making $MAX student accounts and the flooder in Keycloak"
# the bootstrap admin of this throw-away Keycloak: its password is generated on the first start and kept here
ADMIN=$(curl -fs -d grant_type=password -d client_id=admin-cli -d username=kcadmin \
  --data-urlencode password="$(cat "$WORK/stack/data/keycloak-admin-password")" \
  "$KC/realms/master/protocol/openid-connect/token" | json '["access_token"]')
# 1,000 PBKDF2 rounds instead of Keycloak's 210,000 for this realm's new passwords: hundreds of accounts in
# seconds rather than minutes on two cores. Sign-ins happen between the measured steps, never during them.
curl -fs -X PUT -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"passwordPolicy": "hashAlgorithm(pbkdf2-sha512) and hashIterations(1000)"}' "$KC/admin/realms/scholion"
python3 - "$KC" "$ADMIN" "$MAX" <<'PY'
import json, sys, time, urllib.request
kc, admin, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = [f"student{i:04d}" for i in range(1, n + 1)] + ["flooder"]
t = time.time()
for at in range(0, len(names), 200):
    users = [{"username": u, "enabled": True, "emailVerified": True, "firstName": "Student", "lastName": u,
              "email": u + "@example.org", "realmRoles": ["student"],
              "credentials": [{"type": "password", "value": u, "temporary": False}]} for u in names[at:at + 200]]
    req = urllib.request.Request(kc + "/admin/realms/scholion/partialImport",
                                 data=json.dumps({"ifResourceExists": "SKIP", "users": users}).encode(),
                                 headers={"Authorization": "Bearer " + admin, "Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=300).read()
print(f"{len(names)} accounts in {time.time() - t:.1f} s")
PY

JOIN_CODE=$(curl -fs -H "Authorization: Bearer $(token ines)" "$BASE/api/groups/$GROUP" | json '["joinCode"]')
echo "$(date +%T) == seeding $SEED annotations (four members of the group in parallel: the write limit is per user)"
pids=()
for u in alice bob carol ines; do
  python3 bench/seed.py "$BASE" "$(token $u)" "$GROUP" $((SEED / 4)) "$WORK/iris-$u.txt" > "$WORK/seed-$u.log" 2>&1 & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { cat "$WORK"/seed-*.log; exit 1; }; done

( while sleep 5; do echo "$(date +%T)"; top -b -n1 -o %CPU | sed -n '8,14p'; echo; done ) > "$WORK/top.log" 2>/dev/null &
TOP=$!
trap 'kill $TOP 2>/dev/null; kill -TERM -- -$STACK 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
echo "$(date +%T) == the mix: classes of $CLASS (log of the load generator: $WORK/bench.log)"
BASE=$BASE KC="$KC/realms/scholion" GROUP=$GROUP JOIN_CODE=$JOIN_CODE APP_PID=$APP_PID CLASS="$CLASS" \
  WARMUP_CLASS=$WARMUP_CLASS REPORT="$WORK/report.md" \
  java -Xmx1g -XX:+UseParallelGC bench/classroom/ClassroomBench.java 2>&1 | tee "$WORK/bench.log"
echo "$(date +%T) == done in $(( $(date +%s) - STARTED )) s; the table is in $WORK/report.md"

#!/usr/bin/env bash
# Webhook fan-out (issue 22): 100 endpoints subscribed to new annotations of one reading, 50 annotations a
# second on it for a minute (5,000 deliveries a second), a receiver on this machine answering 204 at once.
# Reports each delivery's latency from the event's write (the payload's timestamp, taken in the writing
# transaction, just before its commit) to its arrival, and the annotation write path (wrk POST on the essay,
# whose annotations no endpoint wants) before the endpoints exist and while the deliveries run.
# Loopback only. Usage: bench/webhooks/run.sh   (env: ENDPOINTS=100 RATE=50 EVENT_SECONDS=60 CONNS=8 DURATION=15s;
# PROFILE=1 records the app's JVM with JFR from the first event to the last arrival and sums it up with bench/profile.py)
set -euo pipefail
cd "$(dirname "$0")/../.."
ENDPOINTS=${ENDPOINTS:-100}; RATE=${RATE:-50}; EVENT_SECONDS=${EVENT_SECONDS:-60}; CONNS=${CONNS:-8}; DURATION=${DURATION:-15s}
HTTP_PORT=8320; KC_PORT=8321; PG_PORT=8322; MGMT_PORT=8323; RECV_PORT=8324
BASE="http://localhost:$HTTP_PORT"; KC="http://localhost:$KC_PORT/realms/scholion"
WORK=$(pwd)/target/bench-webhooks; rm -rf "$WORK"; mkdir -p "$WORK"
for port in $HTTP_PORT $KC_PORT $PG_PORT $MGMT_PORT $RECV_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is busy" >&2; exit 1; fi
done
echo "== starting the stack (log: $WORK/stack.log)"
SCHOLION_WRITE_RATE_PER_MINUTE=0 SCHOLION_READ_RATE_PER_MINUTE=0 SCHOLION_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=true \
SCHOLION_HTTP_PORT=$HTTP_PORT SCHOLION_MANAGEMENT_PORT=$MGMT_PORT SCHOLION_KEYCLOAK_PORT=$KC_PORT SCHOLION_PG_PORT=$PG_PORT \
SCHOLION_DATA_DIR="$WORK/stack" setsid ./mvnw -q -Prun > "$WORK/stack.log" 2>&1 &
STACK=$!
java bench/webhooks/Receiver.java $RECV_PORT "$WORK/received.txt" > "$WORK/receiver.log" 2>&1 &
RECV=$!
trap 'kill $RECV 2>/dev/null; kill -TERM -- -$STACK 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://localhost:$MGMT_PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $STACK 2>/dev/null || { tail -30 "$WORK/stack.log"; exit 1; }
  sleep 1
done
token() { curl -fs -d grant_type=password -d client_id=scholion-cli -d username="$1" -d password="$1" \
  "$KC/protocol/openid-connect/token" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])'; }
GROUP=00000000-0000-4000-8000-000000000101   # History 101: ines moderates, alice is a member
INES=$(token ines); ALICE=$(token alice)
# the events' reading: a small text ines brings and puts on the group's list
SLUG=$(printf 'In 1918 the Cheka, under Dzerzhinsky, carried out the Red Terror at Lenin'"'"'s order.\n' > "$WORK/reading.txt" && \
  curl -fs -H "Authorization: Bearer $INES" -F "file=@$WORK/reading.txt;type=text/plain" -F "title=Fan-out" "$BASE/api/documents" \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["slug"])')
curl -fs -o /dev/null -X PUT -H "Authorization: Bearer $INES" -H 'Content-Type: application/json' -d '{}' "$BASE/api/groups/$GROUP/readings/$SLUG"
SCH=$(curl -fs -H "Authorization: Bearer $ALICE" -H 'Content-Type: application/json' -d '{"name": "fan-out", "scopes": ["read", "write"]}' \
  "$BASE/api/tokens" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
python3 bench/seed.py "$BASE" "$ALICE" "$GROUP" 200 "$WORK/iris.txt" > /dev/null   # warm the write path
python3 - "$BASE/api/documents/red-terror-essay" "$GROUP" > "$WORK/post.json" <<'PY'
import json, sys
doc, group = sys.argv[1], sys.argv[2]
print(json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "motivation": "commenting", "group": group,
  "body": [{"type": "TextualBody", "purpose": "commenting", "value": "Lenin, not Stalin, led in 1918."}],
  "target": {"source": doc, "selector": [{"type": "TextQuoteSelector", "exact": "Stalin became the leader of the Soviet Union in 1924"}]}}))
PY
post() { BENCH_TOKEN=$SCH BENCH_POST_BODY="$WORK/post.json" wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s bench/post.lua \
  "$BASE/api/documents/red-terror-essay/annotations/" | tee "$WORK/$1.txt"; }
echo "== write path, no endpoints"; post post-before
echo "== $ENDPOINTS endpoints"
for i in $(seq 1 "$ENDPOINTS"); do
  curl -fs -o /dev/null -H "Authorization: Bearer $INES" -H 'Content-Type: application/json' \
    -d "{\"url\": \"http://127.0.0.1:$RECV_PORT/e$i\", \"events\": [\"annotation.created\"], \"document\": \"$SLUG\"}" \
    "$BASE/api/groups/$GROUP/webhooks"
done
# the app's JVM: the process listening on the API port (for PROFILE)
APP=$(ss -ltnp "sport = :$HTTP_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
[ -z "${PROFILE:-}" ] || jcmd "$APP" JFR.start name=fanout settings=profile >/dev/null
echo "== $RATE events a second for $EVENT_SECONDS s; the write path measured from the 20th second"
python3 bench/webhooks/generate.py "$BASE" "$SCH" "$GROUP" "$SLUG" "$RATE" "$EVENT_SECONDS" > "$WORK/generated.json" &
GEN=$!
sleep 20
post post-during
wait $GEN
cat "$WORK/generated.json"
POSTED=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["posted"])' "$WORK/generated.json")
for _ in $(seq 1 120); do
  [ "$(wc -l < "$WORK/received.txt")" -ge $((POSTED * ENDPOINTS)) ] && break
  sleep 1
done
sleep 1
if [ -n "${PROFILE:-}" ]; then
  jcmd "$APP" JFR.stop name=fanout filename="$WORK/fanout.jfr" >/dev/null
  python3 bench/profile.py "$WORK/fanout.jfr" > "$WORK/fanout.profile.txt" && head -40 "$WORK/fanout.profile.txt"
fi
python3 bench/webhooks/report.py "$WORK/received.txt" "$ENDPOINTS" "$POSTED" | tee "$WORK/report.md"
grep -E "Requests/sec|99%" "$WORK/post-before.txt" "$WORK/post-during.txt"

#!/usr/bin/env bash
# Annotation container benchmark. Starts a throw-away local stack (PostgreSQL, Keycloak, the app)
# on its own ports, seeds N annotations on the essay, then measures with wrk:
#   container page of 100, the whole set (N in one page), one annotation, POST, a conditional GET
#   answered 304, and the floors: the same bytes served as files by the same app (page, whole set, one
#   annotation), and pgbench inserting the same row shape as a POST (bench/post-floor).
#   one-token and post-token: the same as one and post with a personal API token instead of Keycloak's.
#   h-page100 and h-one: a search page of 100 and one annotation through the Hypothesis-compatible API.
# Loopback only. Usage: bench/run.sh   (env: N=1000 CONNS=32 DURATION=20s; ONLY="post page100" for a subset;
#   PROFILE=1 records each run with JFR and sums it up with bench/profile.py into target/bench/<run>.profile.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}; CONNS=${CONNS:-32}; DURATION=${DURATION:-20s}; THREADS=${THREADS:-2}
HTTP_PORT=${BENCH_HTTP_PORT:-8290}; KC_PORT=${BENCH_KC_PORT:-8291}; PG_PORT=${BENCH_PG_PORT:-8292}; MGMT_PORT=${BENCH_MGMT_PORT:-8293}
BASE="http://localhost:$HTTP_PORT"; KC="http://localhost:$KC_PORT/realms/scholion"
WORK=$(pwd)/target/bench; rm -rf "$WORK"; mkdir -p "$WORK/static"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

for port in $HTTP_PORT $KC_PORT $PG_PORT $MGMT_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is busy: stop what uses it first" >&2; exit 1; fi
done
echo "== building and starting the stack (log: $WORK/stack.log)"
# the per-user write and read rate limits are off: the benchmark measures the server, not the limits
SCHOLION_WRITE_RATE_PER_MINUTE=0 SCHOLION_READ_RATE_PER_MINUTE=0 \
SCHOLION_HTTP_PORT=$HTTP_PORT SCHOLION_MANAGEMENT_PORT=$MGMT_PORT SCHOLION_KEYCLOAK_PORT=$KC_PORT SCHOLION_PG_PORT=$PG_PORT \
SCHOLION_DATA_DIR="$WORK/stack" SCHOLION_BENCH_STATIC_DIR="$WORK/static" \
  setsid ./mvnw -q -Prun > "$WORK/stack.log" 2>&1 &
STACK=$!
# TERM, not INT: background jobs of a script ignore SIGINT, and so would the JVMs it starts
trap 'kill -TERM -- -$STACK 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://localhost:$MGMT_PORT/q/health/ready" >/dev/null 2>&1 && break   # health is on the management port
  kill -0 $STACK 2>/dev/null || { tail -30 "$WORK/stack.log"; exit 1; }
  sleep 1
done

token() { curl -fs -d grant_type=password -d client_id=scholion-cli -d username=alice -d password=alice \
  "$KC/protocol/openid-connect/token" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])'; }
GROUP=00000000-0000-4000-8000-000000000101   # demo group History 101; alice is a member
TOKEN=$(token)
echo "== seeding $N annotations"
python3 bench/seed.py "$BASE" "$TOKEN" "$GROUP" "$N" "$WORK/iris.txt"

ACCEPT='Accept: application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
C="$BASE/api/documents/red-terror-essay/annotations/"
PAGE100="$C?page=0&pageSize=100"
ALL="$C?page=0&pageSize=$N"
ONE=$(head -1 "$WORK/iris.txt")
curl -fs -H "Authorization: Bearer $TOKEN" -H "$ACCEPT" "$PAGE100" > "$WORK/static/page100.json"
curl -fs -H "Authorization: Bearer $TOKEN" -H "$ACCEPT" "$ALL" > "$WORK/static/all.json"
curl -fs -H "Authorization: Bearer $TOKEN" -H "$ACCEPT" "$ONE" > "$WORK/static/one.json"
python3 - "$BASE/api/documents/red-terror-essay" "$GROUP" > "$WORK/post.json" <<'PY'
import json, sys
doc, group = sys.argv[1], sys.argv[2]
print(json.dumps({"@context": ["http://www.w3.org/ns/anno.jsonld", doc.split("/api/")[0] + "/ns/scholion.jsonld"],
  "type": "Annotation", "motivation": "commenting", "group": group, "visibility": "group",
  "body": [{"type": "TextualBody", "purpose": "commenting", "value": "Lenin, not Stalin, led in 1918.", "format": "text/markdown"},
           {"type": "TextualBody", "purpose": "tagging", "value": "chronology"},
           {"type": "Citation", "purpose": "citing", "url": "doi:10.2307/2497452", "title": "The Red Terror", "published": "1981"}],
  "target": {"source": doc, "selector": [{"type": "TextQuoteSelector", "exact": "Stalin became the leader of the Soviet Union in 1924"}]}}))
PY

# alice's personal API token (issue 22), made once: runs named *-token send it instead of a Keycloak token
APITOKEN=$(curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name": "bench", "scopes": ["read", "write"]}' "$BASE/api/tokens" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
bench() { # name, then wrk arguments; ONLY="post page100" runs a subset
  local name=$1; shift
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then return 0; fi
  TOKEN=$(token)
  [[ "$name" != *-token ]] || TOKEN=$APITOKEN
  echo "== $name"
  local args=()
  for a in "$@"; do args+=("${a//@TOKEN@/$TOKEN}"); done   # a fresh token per run (they live 300 s)
  [ -z "${PROFILE:-}" ] || jcmd "$APP" JFR.start name="$name" settings=profile >/dev/null
  BENCH_TOKEN=$TOKEN BENCH_POST_BODY="$WORK/post.json" wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "${args[@]}" \
    | tee "$WORK/$name.txt"
  if [ -n "${PROFILE:-}" ]; then
    jcmd "$APP" JFR.stop name="$name" filename="$WORK/$name.jfr" >/dev/null
    python3 bench/profile.py "$WORK/$name.jfr" > "$WORK/$name.profile.txt" && head -25 "$WORK/$name.profile.txt"
  fi
}
# the app's JVM: the process listening on the API port (for PROFILE)
APP=$(ss -ltnp "sport = :$HTTP_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
A=(-H "$ACCEPT")
bench static-page100   "$BASE/bench-static/page100.json"
bench page100          "${A[@]}" -H "Authorization: Bearer @TOKEN@" "$PAGE100"
bench static-all       "$BASE/bench-static/all.json"
bench all              "${A[@]}" -H "Authorization: Bearer @TOKEN@" "$ALL"
bench static-one       "$BASE/bench-static/one.json"
bench one              "${A[@]}" -H "Authorization: Bearer @TOKEN@" "$ONE"
# the same with alice's personal API token: what token authentication costs beside Keycloak's (issue 22)
bench one-token        "${A[@]}" -H "Authorization: Bearer @TOKEN@" "$ONE"
# the Hypothesis-compatible view of the same annotations (issue 22): a search page of 100 of the group, oldest
# first, and one annotation — beside page100 and one, what h's JSON costs over the W3C container's
ONEID=${ONE##*/}
bench h-page100        -H "Authorization: Bearer @TOKEN@" "$BASE/h/api/search?group=$GROUP&limit=100&sort=created&order=asc"
bench h-one            -H "Authorization: Bearer @TOKEN@" "$BASE/h/api/annotations/$ONEID"
# the same page filtered by a creator no one has, a new name on every request: the state cache never helps
bench filtered         -s bench/filtered.lua "${A[@]}" -H "Authorization: Bearer @TOKEN@" "$PAGE100"
# take a current ETag right before the run, and count the 304s
ETAG=$(curl -fsI -H "Authorization: Bearer $(token)" -H "$ACCEPT" "$PAGE100" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
bench not-modified     -s bench/status.lua "${A[@]}" -H "Authorization: Bearer @TOKEN@" -H "If-None-Match: $ETAG" "$PAGE100"
# what PostgreSQL alone answers of the 304's one query, over the same annotations as the 304 run (before the
# POST run adds its own): for the many-instances estimate in bench/README.md
if [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" fingerprint "* ]]; then
  echo "== fingerprint"
  bench/fingerprint/run.sh "$PG_PORT" "${DURATION%s}" "$CONNS" alice | tee "$WORK/fingerprint.txt"
fi
bench post             -s bench/post.lua "$C"
bench post-token       -s bench/post.lua "$C"
# the POST floor: pgbench inserting the same row shape with the same indexes, durably, same concurrency
if [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" floor-post "* ]]; then
  echo "== floor-post"
  bench/post-floor/run.sh "$PG_PORT" "${DURATION%s}" "$CONNS" | tee "$WORK/floor-post.txt"
fi

[ -n "${ONLY:-}" ] || python3 bench/report.py "$WORK" "$N" "$CONNS" "$DURATION" | tee "$WORK/report.md"

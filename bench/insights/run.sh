#!/usr/bin/env bash
# Search, exports and reports at classroom scale (issue 21). Starts a throw-away local stack on its own
# ports, seeds N annotations (default 100,000: varied text, tags, sources, four groups — one a class of
# 300 — and four readings) straight into PostgreSQL, then measures:
#   search: typical queries (bench/insights/search.lua) as the instructor and as a student, p50/p99, and
#           EXPLAIN ANALYZE of each query's matching as the app sends it (index use);
#   export: the class's whole export (JSON-LD and CSV) — annotations/s, and the app's heap while it streams
#           (jstat: old generation and all of the heap, sampled every 100 ms) against the export's size;
#   report: the participation report and the claim map of the class of 300, p50/p99.
# Loopback only. Usage: bench/insights/run.sh   (env: N=100000 CONNS=8 DURATION=20s WARMUP=5s; HOLD=1 keeps the stack up after)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-100000}; CONNS=${CONNS:-8}; DURATION=${DURATION:-20s}; THREADS=${THREADS:-2}; WARMUP=${WARMUP:-5s}
HTTP_PORT=${BENCH_HTTP_PORT:-8310}; KC_PORT=${BENCH_KC_PORT:-8311}; PG_PORT=${BENCH_PG_PORT:-8312}; MGMT_PORT=${BENCH_MGMT_PORT:-8313}
BASE="http://localhost:$HTTP_PORT"; KC="http://localhost:$KC_PORT/realms/scholion"
WORK=$(pwd)/target/bench-insights; rm -rf "$WORK"; mkdir -p "$WORK"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
for port in $HTTP_PORT $KC_PORT $PG_PORT $MGMT_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "port $port is busy: stop what uses it first" >&2; exit 1; fi
done
echo "== building and starting the stack (log: $WORK/stack.log)"
SCHOLION_WRITE_RATE_PER_MINUTE=0 SCHOLION_READ_RATE_PER_MINUTE=0 \
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
APP=$(ss -ltnp "sport = :$HTTP_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
token() { curl -fs -d grant_type=password -d client_id=scholion-cli -d username="$1" -d password="$1" \
  "$KC/protocol/openid-connect/token" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])'; }
INES=$(token ines); ALICE=$(token alice); IVAN=$(token ivan)
for t in "$INES" "$ALICE" "$IVAN"; do curl -fs -H "Authorization: Bearer $t" "$BASE/api/documents" >/dev/null; done
export PGPASSWORD=scholion
DB=(-h 127.0.0.1 -p "$PG_PORT" -U scholion -d scholion)

echo "== seeding $N annotations"
curl -fs -H "Authorization: Bearer $INES" "$BASE/api/documents/red-terror-essay" \
  | python3 -c 'import sys,json; sys.stdout.write(json.load(sys.stdin)["text"])' > "$WORK/essay.txt"
python3 bench/insights/seed.py "$WORK/essay.txt" "$N" ines > "$WORK/seed.sql"
/usr/bin/time -f "seeded in %e s" psql -X -q -v ON_ERROR_STOP=1 "${DB[@]}" -f "$WORK/seed.sql" | tee "$WORK/seed.txt"
CLASS=$(grep -o 'class of 300 | [0-9a-f-]*' "$WORK/seed.txt" | awk '{print $NF}')
INES_ID=$(psql -X -At "${DB[@]}" -c "SELECT id FROM app_user WHERE username = 'ines'")
INES_GROUPS=$(psql -X -At "${DB[@]}" -c "SELECT string_agg(CAST(group_id AS text), ',') FROM membership WHERE user_id = '$INES_ID'")
psql -X -At "${DB[@]}" -c "SELECT 'annotations', count(*) FROM annotation" -c "SELECT 'in the class of 300', count(*) FROM annotation WHERE group_id = '$CLASS'" | tee "$WORK/counts.txt"

wrk_run() { # name token url [script]
  local name=$1 tok=$2 url=$3 script=${4:-bench/status.lua}
  # first a pass that is not counted: the app's JIT compiles the path, PostgreSQL caches what it reads
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s "$script" -H "Authorization: Bearer $tok" "$url" > /dev/null
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$script" -H "Authorization: Bearer $tok" "$url" > "$WORK/$name.txt"
  python3 - "$WORK/$name.txt" "$name" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, t, re.M)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
print(f"{sys.argv[2]:<34} {rps:9.1f} req/s   p50 {ms(50):7.2f} ms   p99 {ms(99):7.2f} ms   non-2xx {bad.group(1) if bad else 0}")
PY
}

echo "== search (typical queries, $CONNS connections, $DURATION each)"
wrk_run search-instructor "$INES" "$BASE/api/search?q=x" bench/insights/search.lua | tee "$WORK/summary.txt"
wrk_run search-student "$ALICE" "$BASE/api/search?q=x" bench/insights/search.lua | tee -a "$WORK/summary.txt"

echo "== EXPLAIN ANALYZE of the matching, as the instructor"
./mvnw -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
javac -cp "target/classes:$(cat "$WORK/cp.txt")" -d "$WORK" bench/insights/Explain.java
for q in "cheka" "famine kulaks" '"red terror"' "purges -stalin" "figes" "revolu"; do
  sql=$(java -cp "$WORK:target/classes:$(cat "$WORK/cp.txt")" Explain "$INES_ID" "$q" "$INES_GROUPS")
  { echo "-- q=$q"; psql -X -At "${DB[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $sql"; echo; } >> "$WORK/explain.txt"
done
grep -E "^-- q=|Bitmap Index Scan on annotation|Seq Scan on annotation a|Execution Time" "$WORK/explain.txt" | tee -a "$WORK/summary.txt"

echo "== export of the class of 300 (streamed)"
for fmt in ld csv; do
  accept=$([ $fmt = ld ] && echo 'application/ld+json' || echo 'text/csv')
  jcmd "$APP" GC.run >/dev/null
  jstat -gc "$APP" 100 > "$WORK/jstat-$fmt.txt" & JSTAT=$!
  sleep 0.5
  curl -fs -o "$WORK/export.$fmt" -w '%{time_total} %{size_download}\n' -H "Authorization: Bearer $INES" -H "Accept: $accept" \
    "$BASE/api/exports/annotations?group=$CLASS" > "$WORK/export-$fmt.time"
  sleep 0.5; kill $JSTAT
  python3 - "$WORK" "$fmt" <<'PY' | tee -a "$WORK/summary.txt"
import json, sys
work, fmt = sys.argv[1], sys.argv[2]
secs, size = open(f"{work}/export-{fmt}.time").read().split()
if fmt == "ld":
    n = json.load(open(f"{work}/export.ld"))["total"]
else:
    import csv
    n = sum(1 for _ in csv.reader(open(f"{work}/export.csv", encoding="utf-8-sig"))) - 1
rows = [l.split() for l in open(f"{work}/jstat-{fmt}.txt") if l.strip() and not l.lstrip().startswith("S0C")]
head = open(f"{work}/jstat-{fmt}.txt").readline().split()
col = {h: i for i, h in enumerate(head)}
used = lambda r: sum(float(r[col[c]]) for c in ("S0U", "S1U", "EU", "OU")) / 1024
old = lambda r: float(r[col["OU"]]) / 1024
print(f"export {fmt:<4} {n} annotations, {int(size)/1e6:.1f} MB in {float(secs):.2f} s = {n/float(secs):,.0f} annotations/s;"
      f" heap used max {max(map(used, rows)):.0f} MB (at start {used(rows[0]):.0f} MB), old generation max {max(map(old, rows)):.0f} MB"
      f" (at start {old(rows[0]):.0f} MB)")
PY
done
jcmd "$APP" GC.run >/dev/null
curl -fs -o /dev/null -w 'bibliography of the class: %{time_total} s, %{size_download} bytes\n' -H "Authorization: Bearer $INES" \
  -H 'Accept: application/x-bibtex' "$BASE/api/exports/bibliography?group=$CLASS" | tee -a "$WORK/summary.txt"

echo "== the class of 300: participation report and claim map"
curl -fs -H "Authorization: Bearer $INES" -H 'Content-Type: application/json' -X PUT \
  -d '{"perAnnotation": 2, "perReply": 1, "perVerifiedSource": 3, "cap": 40, "beforeDueOnly": true}' \
  "$BASE/api/groups/$CLASS/readings/red-terror-essay/rubric" >/dev/null
wrk_run report-300 "$INES" "$BASE/api/groups/$CLASS/reports/participation?document=red-terror-essay" | tee -a "$WORK/summary.txt"
wrk_run claim-map-300 "$INES" "$BASE/api/documents/red-terror-essay/claim-map?group=$CLASS" | tee -a "$WORK/summary.txt"
curl -fs -H "Authorization: Bearer $INES" "$BASE/api/groups/$CLASS/reports/participation?document=red-terror-essay" \
  | python3 -c 'import sys,json; r=json.load(sys.stdin); print("report: %d students, %d items" % (len(r["students"]), sum(len(s["items"]) for s in r["students"])))' | tee -a "$WORK/summary.txt"
curl -fs -H "Authorization: Bearer $INES" "$BASE/api/documents/red-terror-essay/claim-map?group=$CLASS" \
  | python3 -c 'import sys,json; r=json.load(sys.stdin); print("claim map: %d passages" % len(r["passages"]))' | tee -a "$WORK/summary.txt"
echo "== summary ($WORK/summary.txt)"; cat "$WORK/summary.txt"
if [ -n "${HOLD:-}" ]; then # keep the stack up to look into it (psql "${DB[@]}"); stop with kill -- -<this script's pid>
  echo "== holding the stack: app pid $APP, PostgreSQL on $PG_PORT (password scholion); kill $$ to stop"; sleep infinity
fi

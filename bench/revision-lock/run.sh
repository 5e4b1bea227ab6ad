#!/usr/bin/env bash
# Annotation writes on one document, 32 clients at once, four ways (issue 18):
#   floor     the INSERT alone
#   row-lock  the current revision read first, SELECT ... FOR SHARE (issue 18 as first landed)
#   advisory  the current revision read first, under the advisory lock (V13's function, one round trip)
#   trigger   the INSERT alone, checked by V13's trigger under the advisory lock (what the app does now)
# Rounds alternate the ways so that drift hits all alike. Loopback only.
# Usage: bench/revision-lock/run.sh <psql/pgbench connection options>
#   e.g. bench/revision-lock/run.sh -h /tmp/pgb -p 8399 -U postgres -d postgres   (env: ROUNDS=3 SECONDS_EACH=10)
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=${ROUNDS:-3}; T=${SECONDS_EACH:-10}
psql -q "$@" -f setup.sql >/dev/null 2>&1
for r in $(seq 1 "$ROUNDS"); do
  for way in floor row-lock advisory trigger; do
    psql -q "$@" -c "TRUNCATE annotation" >/dev/null
    script=$way.sql
    if [ "$way" = trigger ]; then script=floor.sql; psql -q "$@" -c "ALTER TABLE annotation ENABLE TRIGGER annotation_on_current_revision_insert"; fi
    tps=$(pgbench -n -c 32 -j 2 -T "$T" -f "$script" "$@" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    if [ "$way" = trigger ]; then psql -q "$@" -c "ALTER TABLE annotation DISABLE TRIGGER annotation_on_current_revision_insert"; fi
    printf 'round %s  %-8s %8.0f tps\n' "$r" "$way" "$tps"
  done
done

#!/usr/bin/env bash
# The POST floor of bench/run.sh (issue 20): pgbench inserting annotation-shaped rows, 32 clients, durable
# commits, on the running bench stack's PostgreSQL (see setup.sql). Prints pgbench's output.
# Usage: bench/post-floor/run.sh <port> <seconds> <clients>   (called by bench/run.sh; loopback only)
set -euo pipefail
cd "$(dirname "$0")"
PORT=$1; SECONDS_=$2; CLIENTS=$3
export PGPASSWORD=scholion
DB=(-h 127.0.0.1 -p "$PORT" -U scholion -d scholion)
psql -q -X "${DB[@]}" -v ON_ERROR_STOP=1 -f setup.sql >/dev/null
out=$(mktemp -d)
cp insert.sql "$out/insert.sql"; rm -f insert.sql
printf 'BEGIN;\n%s\nCOMMIT;\n' "$(cat "$out/insert.sql")" > "$out/tx.sql"
pgbench -n -c "$CLIENTS" -j 2 -T "$SECONDS_" -f "$out/tx.sql" "${DB[@]}"
psql -q -X "${DB[@]}" -c "SHOW synchronous_commit" -c "SHOW fsync" -c "DROP TABLE bench_annotation, bench_template" | tr -s ' \n' ' '; echo
rm -rf "$out"

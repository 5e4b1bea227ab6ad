#!/usr/bin/env bash
# The database's side of a 304 (issue 20): the container fingerprint, the one query a 304 or a cached
# page costs (AnnotationQueries.fingerprint, as the app sends it for a member of a group reading the
# essay), run by pgbench on the running bench stack's PostgreSQL. Its rate is what one PostgreSQL on
# this machine can answer for all app instances together: the first bottleneck of many instances.
# Usage: bench/fingerprint/run.sh <port> <seconds> <clients> <username>   (called by bench/run.sh; loopback only)
set -euo pipefail
PORT=$1; SECONDS_=$2; CLIENTS=$3; USERNAME=$4
export PGPASSWORD=scholion
DB=(-h 127.0.0.1 -p "$PORT" -U scholion -d scholion)
viewer=$(psql -X -At "${DB[@]}" -c "SELECT id FROM app_user WHERE username = '$USERNAME'")
doc=$(psql -X -At "${DB[@]}" -c "SELECT id FROM document WHERE slug = 'red-terror-essay'")
out=$(mktemp -d)
cat > "$out/fingerprint.sql" <<SQL
SELECT count(*), coalesce(max(a.change_seq), 0), coalesce(sum(a.change_seq), 0),
       (SELECT u.access_seq FROM app_user u WHERE u.id = '$viewer'),
       (SELECT coalesce(max(g.change_seq), 0) FROM classroom_group g
         WHERE g.id IN (SELECT m.group_id FROM membership m WHERE m.user_id = '$viewer')),
       1,
       (SELECT coalesce(max(f.change_seq), 0) || '-' || count(*) FROM annotation_flag f WHERE f.document_id = '$doc'
         AND (f.flagger_id = '$viewer' OR f.group_id IN (SELECT m.group_id FROM membership m
              WHERE m.user_id = '$viewer' AND m.role = 'moderator')))
  FROM annotation a WHERE a.document_id = '$doc' AND a.deleted_at IS NULL;
SQL
pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$SECONDS_" -f "$out/fingerprint.sql" "${DB[@]}"
rm -rf "$out"

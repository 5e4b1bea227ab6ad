-- The POST floor (issue 20): the database's own cost of storing one annotation, measured with
-- pgbench on the same database the app uses. bench_annotation has the annotation table's columns,
-- defaults, checks and indexes (LIKE ... INCLUDING ALL; not its foreign keys or triggers), and each
-- transaction inserts one row shaped like the last annotation the app stored (same body, quote and
-- selectors, a new id), durably: the bench stack's PostgreSQL runs with fsync and synchronous_commit on.
DROP TABLE IF EXISTS bench_annotation, bench_template;
CREATE TABLE bench_annotation (LIKE annotation INCLUDING ALL);
CREATE TABLE bench_template AS SELECT * FROM annotation WHERE parent_id IS NULL ORDER BY created_at DESC LIMIT 1;
-- the insert, with every column but id taken from the template row
SELECT format('INSERT INTO bench_annotation (id, %1$s) SELECT gen_random_uuid(), %1$s FROM bench_template;',
              string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position))
  FROM information_schema.columns
 WHERE table_schema = current_schema() AND table_name = 'annotation' AND column_name <> 'id' AND is_generated = 'NEVER'
\g (tuples_only=on format=unaligned) insert.sql

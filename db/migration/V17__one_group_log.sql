-- One log per group (issue 21): group_audit (membership, roles, settings of the group, readings) and
-- moderation_log (what moderators did to annotations) had one shape — who, what, when, about what —
-- and were two logs of one group. They become group_log, append-only like moderation_log was; the
-- score overrides of the participation report are written there too, with the student as subject.
ALTER TABLE moderation_log RENAME TO group_log;
ALTER INDEX moderation_log_group_idx RENAME TO group_log_group_idx;
ALTER INDEX moderation_log_annotation_idx RENAME TO group_log_annotation_idx;
ALTER SEQUENCE moderation_log_id_seq RENAME TO group_log_id_seq;
ALTER TABLE group_log RENAME CONSTRAINT moderation_log_pkey TO group_log_pkey;
-- what an entry is about besides an annotation: the member who joined, was promoted or removed; the
-- document assigned; the student whose score was set (no foreign key: a user or a document)
ALTER TABLE group_log ADD COLUMN subject_id uuid;
ALTER TABLE group_log ALTER COLUMN action TYPE varchar(40);
ALTER TABLE group_log ALTER COLUMN after_value TYPE varchar(2000);
CREATE INDEX group_log_subject_idx ON group_log (group_id, subject_id, id) WHERE subject_id IS NOT NULL;

CREATE OR REPLACE FUNCTION moderation_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;

-- The audit entries move over whole, in the order they happened (after the moderation entries
-- already there: the log's order is its ids, and these get new ones). Nothing is lost: the detail
-- becomes the value after.
INSERT INTO group_log (group_id, actor_id, action, subject_id, after_value, at)
SELECT group_id, actor_id, action, subject_id, detail, at FROM group_audit ORDER BY at, id;
DROP TABLE group_audit;

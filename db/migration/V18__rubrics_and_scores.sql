-- Participation scores (issue 21): a rubric per reading of a group, and the instructor's overrides.
--
-- 1. How a reading's participation is scored, set by the group's moderators. Changing it is logged
--    in group_log ('rubric', before and after); the row holds the rubric now.
CREATE TABLE reading_rubric (
    group_id             uuid          NOT NULL,
    document_id          uuid          NOT NULL,
    per_annotation       numeric(8, 2) NOT NULL CHECK (per_annotation >= 0),
    per_reply            numeric(8, 2) NOT NULL CHECK (per_reply >= 0),
    per_verified_source  numeric(8, 2) NOT NULL CHECK (per_verified_source >= 0),
    -- the most a student can earn on the reading; null: no cap
    cap                  numeric(8, 2) CHECK (cap >= 0),
    -- only what was written before the reading's due date earns points
    before_due_only      boolean       NOT NULL,
    set_by               uuid          NOT NULL REFERENCES app_user (id),
    set_at               timestamptz   NOT NULL,
    PRIMARY KEY (group_id, document_id),
    FOREIGN KEY (group_id, document_id) REFERENCES reading (group_id, document_id) ON DELETE CASCADE
);

-- 2. An instructor's override of one student's score on a reading, with the reason. Append-only: the
--    latest row is the override (a row without a score withdraws it); each is also a group_log entry.
CREATE TABLE score_override (
    id           bigserial     PRIMARY KEY,
    group_id     uuid          NOT NULL REFERENCES classroom_group (id),
    document_id  uuid          NOT NULL REFERENCES document (id),
    user_id      uuid          NOT NULL REFERENCES app_user (id),
    score        numeric(10, 2),
    reason       varchar(1000) NOT NULL,
    set_by       uuid          NOT NULL REFERENCES app_user (id),
    set_at       timestamptz   NOT NULL
);
CREATE INDEX score_override_reading_idx ON score_override (group_id, document_id, user_id, id);
CREATE TRIGGER score_override_append_only BEFORE UPDATE OR DELETE ON score_override
    FOR EACH ROW EXECUTE FUNCTION moderation_log_is_append_only();

-- 3. How many words an annotation's comment has (whitespace-separated), kept with the row: the report
--    sums them for a whole class, and splitting every comment on each report cost more than the rest.
ALTER TABLE annotation ADD COLUMN words integer GENERATED ALWAYS AS (
    CASE WHEN btrim(coalesce(body #>> '{comment,text}', ''), E' \t\r\n') = '' THEN 0
         ELSE array_length(regexp_split_to_array(btrim(body #>> '{comment,text}', E' \t\r\n'), '\s+'), 1) END
) STORED;

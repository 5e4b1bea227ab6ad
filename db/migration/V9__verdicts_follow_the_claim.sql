-- A moderator's verdict belongs to what was judged (issue 17).
--
-- An author's edit that changes the claim (the comment's text, an assessment's verdict, the
-- passage) or any source clears the annotation's endorsement, and outdates the reviews of the
-- sources it touched; both are written to the moderation log with their reason, and the
-- annotation goes back on its moderators' queue until one of them acts on it.

-- 1. The queue's "look again": set by an author's edit that cleared a verdict, cleared by the
--    next moderator decision on the annotation (endorse, review, hide, approve, dismiss).
ALTER TABLE annotation
    ADD COLUMN recheck_since  timestamptz,
    ADD COLUMN recheck_reason varchar(1000),
    ADD CONSTRAINT annotation_recheck CHECK ((recheck_since IS NULL) = (recheck_reason IS NULL));
CREATE INDEX annotation_recheck_idx ON annotation (group_id) WHERE recheck_since IS NOT NULL;

-- 2. An outdated review is a new row of the append-only source_review: no verdict, outdated, by
--    the author whose edit outdated it. The verdict row before it stays, as the history; the
--    latest row of a source is still its review, and an outdated one shows none.
ALTER TABLE source_review
    ADD COLUMN outdated boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT source_review_outdated_has_no_verdict CHECK (NOT outdated OR verdict IS NULL);

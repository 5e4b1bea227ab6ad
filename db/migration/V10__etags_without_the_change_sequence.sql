-- ETags that reveal nothing of the instance-wide change sequence (issue 17).
--
-- 1. Item ETags. An annotation's ETag was "<id>-<change_seq>", and change_seq comes from the one
-- sequence every write of the instance takes: the difference between the ETags of two of one's own
-- writes counted everyone's writes in between. Item ETags are now made from row_version, which
-- counts the writes of that row alone. change_seq stays for the container validators (2.).
--
-- row_version is moved by a trigger wherever change_seq is (every UPDATE of the row), so no write
-- path can forget it and it moves for exactly what moved the old ETags: edits, deletes and
-- restores, moderation state, endorsement, reviews (reviewed_at), locks, upvotes, thread
-- concealment. Existing rows start at 1: their ETags change form ("<id>-v1"), so a tag read
-- before this migration can only be stale, never taken for a new version.
ALTER TABLE annotation ADD COLUMN row_version bigint NOT NULL DEFAULT 1;

-- Flags are part of the ETags of those who see them (their flagger and the moderators), and their
-- change_seq came from the same sequence: they get a row version too.
ALTER TABLE annotation_flag ADD COLUMN row_version bigint NOT NULL DEFAULT 1;

CREATE FUNCTION take_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- OLD is the row as locked by this UPDATE: concurrent writers are serialised by the row lock
    NEW.row_version := OLD.row_version + 1;
    RETURN NEW;
END $$;

CREATE TRIGGER annotation_row_version BEFORE UPDATE ON annotation
    FOR EACH ROW EXECUTE FUNCTION take_row_version();
CREATE TRIGGER annotation_flag_row_version BEFORE UPDATE ON annotation_flag
    FOR EACH ROW EXECUTE FUNCTION take_row_version();

-- 2. Container ETags are a digest of a validator made of change_seq numbers. A plain digest of a
-- few guessable numbers can be reversed by trying them (ContainerTags), so it is keyed with this
-- secret: random (gen_random_uuid draws from the server's strong random source, 2 x 122 bits), made
-- once per database, read by every app instance so that they all give the same ETag.
CREATE TABLE validator_key (
    singleton  boolean  PRIMARY KEY DEFAULT true CHECK (singleton),
    secret     text     NOT NULL
);
INSERT INTO validator_key (secret) VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

BEGIN;
SELECT revision FROM document WHERE id = '00000000-0000-4000-8000-000000000001' FOR SHARE;
INSERT INTO annotation (document_id, revision, body) VALUES ('00000000-0000-4000-8000-000000000001', 1, 'a comment of some length');
COMMIT;

#!/usr/bin/env python3
"""Writes the SQL that seeds the insights benchmark (issue 21): N annotations with varied text, tags
and sources across several groups and readings, a class of 300 students, reviews, replies, some
hidden, pending and deleted. Usage: seed.py <essay text file> <N> <instructor username> > seed.sql"""
import random, re, sys

random.seed(21)
essay = open(sys.argv[1], encoding="utf-8").read()
N = int(sys.argv[2])
instructor = sys.argv[3]
words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,}", essay)})
words += ["cheka", "dzerzhinsky", "collectivisation", "kulaks", "holodomor", "purges", "gulag", "yezhovshchina",
          "bolsheviks", "mensheviks", "petrograd", "kronstadt", "requisition", "famine", "archive", "historiography",
          "source", "evidence", "chronology", "propaganda", "testimony", "memoir", "statistics", "decree", "tribunal"]
tags = ["chronology", "evidence", "question", "bias", "numbers", "sources", "lenin", "stalin", "cheka", "famine",
        "purges", "terminology", "context", "claim", "counterclaim", "definition", "memoir", "statistics", "archive",
        "propaganda", "historiography", "economy", "army", "church", "peasants", "workers", "nobility", "war", "law", "press"]
surnames = ["Figes", "Pipes", "Conquest", "Fitzpatrick", "Kotkin", "Werth", "Applebaum", "Snyder", "Service", "Suny",
            "Getty", "Khlevniuk", "Davies", "Wheatcroft", "Rabinowitch", "Raleigh", "Leggett", "Smith", "Lih", "Holquist"]

def q(s):
    return "'" + s.replace("'", "''") + "'"

def sentence(n):
    return " ".join(random.choice(words) for _ in range(n)).capitalize() + "."

print("BEGIN;")
print("SET LOCAL statement_timeout = 0;")
print("ALTER TABLE annotation DISABLE TRIGGER USER;")
# three more readings, each about 30,000 characters of the essay's own words
print("CREATE TEMP TABLE bench_doc (slug text, id uuid, body text);")
for i in range(1, 4):
    body = "\n\n".join(" ".join(sentence(random.randint(8, 20)) for _ in range(6)) for _ in range(25))
    print(f"INSERT INTO bench_doc VALUES ('bench-reading-{i}', gen_random_uuid(), {q(body)});")
print("""INSERT INTO document (id, slug, title, revision, is_public, created_at, updated_at)
  SELECT id, slug, initcap(replace(slug, '-', ' ')), 1, true, now(), now() FROM bench_doc;
INSERT INTO document_revision (document_id, n, format, body, body_length, sha256, created_at)
  SELECT id, 1, 'text', body, char_length(body), encode(sha256(convert_to(body, 'UTF8')), 'hex'), now() FROM bench_doc;
INSERT INTO bench_doc SELECT d.slug, d.id, r.body FROM document d JOIN document_revision r ON r.document_id = d.id AND r.n = d.revision
  WHERE d.slug = 'red-terror-essay';""")
# the class of 300 and three smaller groups of 60
print(f"""CREATE TEMP TABLE bench_group (n int, id uuid, size int);
INSERT INTO bench_group VALUES (0, gen_random_uuid(), 300), (1, gen_random_uuid(), 60), (2, gen_random_uuid(), 60), (3, gen_random_uuid(), 60);
INSERT INTO app_user (id, subject, username, display_name, first_seen_at, last_seen_at)
  SELECT gen_random_uuid(), 'bench-' || i, 'student' || i, 'Student ' || i, now(), now() FROM generate_series(1, 480) i;
INSERT INTO classroom_group (id, name, join_code, created_by)
  SELECT g.id, 'Bench group ' || g.n, 'bench-code-' || g.n || '-' || md5(g.id::text), (SELECT id FROM app_user WHERE username = {q(instructor)})
    FROM bench_group g;
CREATE TEMP TABLE bench_member AS
  SELECT g.id AS group_id, u.id AS user_id, row_number() OVER (PARTITION BY g.id ORDER BY u.username) AS k
    FROM bench_group g JOIN LATERAL (SELECT id, username FROM app_user WHERE username LIKE 'student%'
      ORDER BY CASE WHEN g.n = 0 THEN 0 ELSE abs(hashtext(username || g.n)) END, username LIMIT g.size) u ON true;
INSERT INTO membership (group_id, user_id, role) SELECT group_id, user_id, 'member' FROM bench_member;
INSERT INTO membership (group_id, user_id, role) SELECT g.id, u.id, 'moderator' FROM bench_group g, app_user u
  WHERE u.username = {q(instructor)} AND g.n IN (0, 1);
INSERT INTO membership (group_id, user_id, role) SELECT g.id, u.id, 'moderator' FROM bench_group g, app_user u
  WHERE u.username = 'ivan' AND g.n IN (2, 3);
INSERT INTO reading (group_id, document_id, due, instructions, assigned_by)
  SELECT g.id, d.id, now() + interval '7 days', 'Check the claims', (SELECT id FROM app_user WHERE username = {q(instructor)})
    FROM bench_group g, bench_doc d;""")
# the annotations: 80% on the text, 20% replies
print("CREATE TEMP TABLE bench_text (i int, comment text, tag1 text, tag2 text, src int, verdict text);")
rows = []
for i in range(N):
    src = random.randrange(500) if random.random() < 0.3 else -1
    verdict = random.choice(["accurate", "inaccurate", "misleading", "unsupported"]) if random.random() < 0.08 else ""
    rows.append(f"({i}, {q(sentence(random.randint(6, 40)))}, {q(random.choice(tags))}, "
                f"{q(random.choice(tags)) if random.random() < 0.4 else 'NULL'}, {src}, {q(verdict)})")
    if len(rows) == 1000:
        print("INSERT INTO bench_text VALUES " + ",\n".join(rows) + ";")
        rows = []
if rows:
    print("INSERT INTO bench_text VALUES " + ",\n".join(rows) + ";")
works = []
for w in range(500):
    a = random.choice(surnames)
    title = sentence(random.randint(3, 7))[:-1]
    works.append(f"({w}, {q(title)}, {q(random.choice(['Orlando', 'Richard', 'Robert', 'Sheila', 'Stephen']) + ' ' + a)}, "
                 f"{q(str(random.randint(1960, 2024)))}, {q('10.5555/bench.' + str(w)) if w % 3 == 0 else 'NULL'})")
print("CREATE TEMP TABLE bench_work (w int, title text, author text, published text, doi text);")
print("INSERT INTO bench_work VALUES " + ",\n".join(works) + ";")
print(f"""
CREATE TEMP TABLE bench_top AS
SELECT t.i, gen_random_uuid() AS id, g.id AS group_id, d.id AS document_id, m.user_id AS author_id, t.comment, t.tag1, t.tag2,
       t.src, t.verdict, s.start, s.len,
       now() - (t.i % 20000) * interval '1 minute' AS created
  FROM bench_text t
  JOIN LATERAL (SELECT * FROM bench_group WHERE n = CASE WHEN t.i % 10 < 6 THEN 0 ELSE 1 + t.i % 3 END) g ON true
  JOIN LATERAL (SELECT * FROM bench_doc ORDER BY slug OFFSET (t.i / 10) % 4 LIMIT 1) d ON true
  JOIN LATERAL (SELECT user_id FROM bench_member WHERE group_id = g.id AND k = 1 + (t.i::bigint * 7919) % g.size) m ON true
  JOIN LATERAL (SELECT CAST(1 + (t.i::bigint * 104729) % (char_length(d.body) - 120) AS int) AS start, 10 + (t.i * 31) % 90 AS len) s ON true
 WHERE t.i % 5 <> 4;
INSERT INTO annotation (id, document_id, author_id, group_id, visibility, motivation, root_id, start_pos, end_pos, exact, prefix,
                        suffix, body, version, created_at, modified_at, revision, checked_revision, upvotes, moderation,
                        moderation_reason, deleted_at)
SELECT b.id, b.document_id, b.author_id, b.group_id, 'group',
       CASE WHEN b.verdict <> '' THEN 'assessing' WHEN b.i % 13 = 0 THEN 'questioning' ELSE 'commenting' END,
       b.id, b.start - 1, b.start - 1 + b.len, substr(d.body, b.start, b.len),
       substr(d.body, greatest(1, b.start - 32), least(32, b.start - 1)), substr(d.body, b.start + b.len, 32),
       jsonb_strip_nulls(jsonb_build_object(
         'comment', jsonb_build_object('text', b.comment, 'format', 'text/markdown'),
         'tags', CASE WHEN b.tag2 IS NULL OR b.tag2 = b.tag1 THEN jsonb_build_array(b.tag1) ELSE jsonb_build_array(b.tag1, b.tag2) END,
         'verdict', NULLIF(b.verdict, ''),
         'sources', CASE WHEN b.src >= 0 OR b.verdict <> '' THEN
           (SELECT jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('id', gen_random_uuid(),
               'iri', coalesce('https://doi.org/' || w.doi, 'https://example.org/work/' || w.w), 'title', w.title,
               'authors', jsonb_build_array(w.author), 'published', w.published, 'doi', w.doi)))
              FROM bench_work w WHERE w.w = greatest(b.src, b.i % 500)) END)),
       1, b.created, b.created, 1, 1, (b.i * 13) % 7,
       CASE WHEN b.i % 97 = 0 THEN 'hidden' WHEN b.i % 89 = 0 THEN 'pending' ELSE 'visible' END,
       CASE WHEN b.i % 97 = 0 THEN 'off topic' END,
       CASE WHEN b.i % 83 = 0 THEN b.created + interval '1 hour' END
  FROM bench_top b JOIN bench_doc d ON d.id = b.document_id;
-- replies: a classmate answers a text annotation of the same group
INSERT INTO annotation (id, document_id, author_id, group_id, visibility, motivation, parent_id, root_id, body, version,
                        created_at, modified_at, revision, checked_revision)
SELECT gen_random_uuid(), p.document_id, m.user_id, p.group_id, 'group', 'replying', p.id, p.id,
       jsonb_build_object('comment', jsonb_build_object('text', t.comment, 'format', 'text/markdown')), 1,
       p.created + interval '5 minutes', p.created + interval '5 minutes', 1, 1
  FROM bench_text t
  JOIN bench_top p ON p.i = t.i - 1
  JOIN LATERAL (SELECT user_id FROM bench_member WHERE group_id = p.group_id AND k = 1 + (t.i * 31) % 50) m ON true
 WHERE t.i % 5 = 4;
ALTER TABLE annotation ENABLE TRIGGER USER;
-- the instructor verified a fifth of the sources in the class of 300
INSERT INTO source_review (annotation_id, source_id, verdict, reviewer_id, reviewed_at)
SELECT a.id, CAST(a.body -> 'sources' -> 0 ->> 'id' AS uuid), CASE WHEN a.i2 % 5 = 0 THEN 'verified' ELSE 'unreliable' END,
       (SELECT id FROM app_user WHERE username = {q(instructor)}), now()
  FROM (SELECT a.*, row_number() OVER (ORDER BY a.id) AS i2 FROM annotation a
         WHERE a.group_id = (SELECT id FROM bench_group WHERE n = 0) AND a.body ? 'sources') a
 WHERE a.i2 % 3 = 0;
COMMIT;
VACUUM (ANALYZE) annotation;
VACUUM (ANALYZE) source_review;
ANALYZE;
SELECT 'seeded', count(*) FROM annotation;
SELECT 'class of 300', (SELECT id FROM bench_group WHERE n = 0);
""")

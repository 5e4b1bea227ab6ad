#!/usr/bin/env python3
"""Seeds N annotations on the essay through the API: comments with tags and sources, every
fifth a reply to an earlier one, a few assessments. Loopback only. Prints the IRIs file path."""
import http.client, json, random, sys, time, urllib.parse

base, token, group, n, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
u = urllib.parse.urlparse(base)
assert u.hostname in ("localhost", "127.0.0.1"), "the benchmark only talks to this machine"
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
CT = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
CTX = ["http://www.w3.org/ns/anno.jsonld", base + "/ns/scholion.jsonld"]
doc = base + "/api/documents/red-terror-essay"

conn.request("GET", "/api/documents/red-terror-essay", headers={"Authorization": "Bearer " + token})
text = json.loads(conn.getresponse().read())["text"]
cps = list(text)  # Python str indexes are code points, like the W3C selectors
words = [i for i in range(1, len(cps) - 40) if cps[i - 1] == " "]
random.seed(42)
TAGS = ["chronology", "lenin", "cheka", "sources", "claim", "economy", "purges", "terminology"]
created = []
for i in range(n):
    body = [{"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
             "value": f"Comment {i}: the *Red Terror* (1918–22) was run by Lenin's Cheka, not Stalin's regime."},
            {"type": "TextualBody", "purpose": "tagging", "value": random.choice(TAGS)},
            {"type": "Citation", "purpose": "citing", "url": "https://doi.org/10.2307/2497452",
             "title": "The Red Terror", "author": "Leggett, George", "published": "1981", "locator": "p. 102"}]
    if created and i % 5 == 4:
        anno = {"@context": CTX, "type": "Annotation", "motivation": "replying", "group": group,
                "visibility": "group", "body": body[:1], "target": random.choice(created)}
    else:
        s = random.choice(words)
        e = min(len(cps), s + random.randint(8, 60))
        anno = {"@context": CTX, "type": "Annotation", "motivation": "commenting", "group": group, "visibility": "group",
                "body": body, "target": {"source": doc, "selector": [
                    {"type": "TextQuoteSelector", "exact": "".join(cps[s:e]),
                     "prefix": "".join(cps[max(0, s - 32):s]), "suffix": "".join(cps[e:e + 32])},
                    {"type": "TextPositionSelector", "start": s, "end": e}]}}
    while True:
        conn.request("POST", "/api/documents/red-terror-essay/annotations/", body=json.dumps(anno).encode(),
                     headers={"Authorization": "Bearer " + token, "Content-Type": CT})
        r = conn.getresponse()
        payload = r.read()
        if r.status != 429:
            break
        time.sleep(int(r.getheader("Retry-After", "1")))  # the write rate limit is on (bench/classroom): wait as told
    if r.status != 201:
        sys.exit(f"seeding failed at {i}: HTTP {r.status} {payload[:300]!r}")
    created.append(r.getheader("Location"))
with open(out, "w") as f:
    f.write("\n".join(created))
print(f"seeded {n} annotations")

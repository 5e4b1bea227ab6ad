"""Posts annotations at a fixed rate (the fan-out benchmark's events): generate.py BASE TOKEN GROUP SLUG RATE SECONDS.
Each POST is one event; prints how many were written and at what rate they really went."""
import json, sys, time, urllib.request

base, token, group, slug, rate, seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6])
body = json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "motivation": "highlighting",
                   "group": group, "target": {"source": base + "/api/documents/" + slug,
                                              "selector": {"type": "TextQuoteSelector", "exact": "the Cheka"}}}).encode()
url = base + "/api/documents/" + slug + "/annotations/"
start = time.monotonic()
n = failed = 0
while time.monotonic() - start < seconds:
    due = start + n / rate
    wait = due - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": "Bearer " + token,
        "Content-Type": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'})
    try:
        with urllib.request.urlopen(req) as r:
            r.read()
    except Exception as e:
        failed += 1
    n += 1
print(json.dumps({"posted": n - failed, "failed": failed, "seconds": round(time.monotonic() - start, 1)}))

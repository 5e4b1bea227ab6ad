"""Posts annotations at a fixed rate (the fan-out benchmark's events): generate.py BASE TOKEN GROUP SLUG RATE SECONDS [THREADS].
Each POST is one event. The n-th is started at n/RATE s by one of THREADS threads (16), each on a keep-alive
connection of its own, so that a slow answer delays only its own thread: one at a time, on a new connection
each, the first measurement reached 36 a second of the 50 asked. Prints how many were written, the rate they
really went at, and how late the starts were behind the schedule (p99 and max)."""
import http.client, json, sys, threading, time, urllib.parse

base, token, group, slug, rate, seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6])
threads = int(sys.argv[7]) if len(sys.argv) > 7 else 16
body = json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "motivation": "highlighting",
                   "group": group, "target": {"source": base + "/api/documents/" + slug,
                                              "selector": {"type": "TextQuoteSelector", "exact": "the Cheka"}}}).encode()
url = urllib.parse.urlsplit(base + "/api/documents/" + slug + "/annotations/")
headers = {"Authorization": "Bearer " + token, "Content-Type": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'}
total = int(rate * seconds)
lock = threading.Lock()
state = {"next": 0, "posted": 0, "failed": 0, "last": 0.0}
lags = []
start = time.monotonic()


def work():
    conn = None
    while True:
        with lock:
            n = state["next"]
            if n >= total:
                break
            state["next"] = n + 1
        due = start + n / rate
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        lag = time.monotonic() - due
        try:
            if conn is None:
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            conn.request("POST", url.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = 200 <= response.status < 300
        except Exception:
            ok = False
            if conn is not None:
                conn.close()
            conn = None
        with lock:
            state["posted" if ok else "failed"] += 1
            state["last"] = max(state["last"], time.monotonic())
            lags.append(lag)
    if conn is not None:
        conn.close()


workers = [threading.Thread(target=work) for _ in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
elapsed = state["last"] - start
lags.sort()
print(json.dumps({"posted": state["posted"], "failed": state["failed"], "asked": total, "seconds": round(elapsed, 1),
                  "per_second": round(state["posted"] / elapsed, 1) if elapsed else 0,
                  "start_late_p99_ms": round(1000 * lags[min(len(lags) - 1, int(0.99 * len(lags)))]) if lags else None,
                  "start_late_max_ms": round(1000 * lags[-1]) if lags else None}))

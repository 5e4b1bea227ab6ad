"""Delivery latency from the receiver's lines: report.py FILE ENDPOINTS EVENTS."""
import sys
lines = [l.split() for l in open(sys.argv[1]) if l.strip()]
endpoints, events = int(sys.argv[2]), int(sys.argv[3])
lat = sorted(int(a) - int(t) for a, t, *_ in lines if int(t) > 0)
ids = {l[3] for l in lines}
def pct(p):
    return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else float("nan")
span = (max(int(l[0]) for l in lines) - min(int(l[0]) for l in lines)) / 1000 if lines else 0
print(f"| deliveries expected | received | distinct webhook-ids | p50 | p99 | max | over |")
print(f"|---|---|---|---|---|---|---|")
print(f"| {endpoints * events:,} | {len(lines):,} | {len(ids):,} | {pct(50)} ms | {pct(99)} ms | {lat[-1] if lat else 'nan'} ms | {span:.1f} s |")

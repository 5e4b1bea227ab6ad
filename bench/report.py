#!/usr/bin/env python3
"""Turns the outputs of bench/run.sh (wrk, pgbench) into a Markdown table with the floors of the same
run and the targets of issue 20."""
import os, re, sys

work, n, conns, duration = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def parse(name):
    t = open(os.path.join(work, name + ".txt")).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", t, re.M)
    ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
    errs = re.search(r"Socket errors:.*", t)
    return rps, ms, int(bad.group(1)) if bad else 0, errs.group(0) if errs else ""


def pgbench(name):
    path = os.path.join(work, name + ".txt")
    if not os.path.exists(path):
        return None
    t = open(path).read()
    tps = re.search(r"^tps = ([\d.]+)", t, re.M)
    lat = re.search(r"^latency average = ([\d.]+) ms", t, re.M)
    return (float(tps.group(1)), float(lat.group(1))) if tps else None


rows = [("static-page100", "static floor: page of 100 as a file"), ("page100", "container page GET (100)"),
        ("static-all", f"static floor: all {n} as a file"), ("all", f"container GET, all {n} in one page"),
        ("static-one", "static floor: one annotation as a file"), ("one", "single annotation GET"),
        ("one-token", "single annotation GET, personal API token"),
        ("filtered", "page GET, a new creator= value each time (empty)"),
        ("not-modified", "page GET with current ETag (304)"), ("post", "POST a new annotation"),
        ("post-token", "POST a new annotation, personal API token")]
r = {k: parse(k) for k, _ in rows if os.path.exists(os.path.join(work, k + ".txt"))}
print(f"wrk, {conns} connections, {duration} each, {n} seeded annotations\n")
print("| measurement | requests/s | p99 latency | non-2xx/3xx |")
print("|---|---:|---:|---:|")
for k, label in rows:
    if k in r:
        rps, ms, bad, errs = r[k]
        print(f"| {label} | {rps:,.0f} | {ms:.1f} ms | {bad}{' ' + errs if errs else ''} |")
floor = pgbench("floor-post")
if floor:
    print(f"| floor: pgbench, the same row inserted, {conns} clients, durable commit | {floor[0]:,.0f} tx/s"
          f" | (average {floor[1]:.1f} ms) | |")
fp = pgbench("fingerprint")
if fp:
    print(f"| database alone: the 304's fingerprint query, pgbench, {conns} clients | {fp[0]:,.0f} queries/s"
          f" | (average {fp[1]:.1f} ms) | |")
statuses = dict(re.findall(r"^status (\d+): (\d+)$", open(os.path.join(work, "not-modified.txt")).read(), re.M))


def check(label, value, target, ok):
    print(f"| {label} | {value} | {target} | {'met' if ok else 'NOT met'} |")


print("\n| issue 20 target | this run | target | |\n|---|---:|---:|---|")
page = r["page100"][0] / r["static-page100"][0]
check("container page / static floor", f"{page:.0%}", "≥ 90 %", page >= 0.9)
p99 = r["page100"][1] / r["static-page100"][1]
check("container page p99 / static p99", f"{p99:.2f}×", "≤ 1.5×", p99 <= 1.5)
nm = r["not-modified"][0] / r["static-page100"][0]
check("304 / static floor", f"{nm:.2f}×", "≥ 2×", nm >= 2)
if "static-one" in r:
    one = r["one"][0] / r["static-one"][0]
    check("single GET / static floor of its bytes", f"{one:.0%}", "≥ 90 %", one >= 0.9)
if floor:
    post = r["post"][0] / floor[0]
    check("POST / pgbench floor", f"{post:.0%}", "≥ 30 %", post >= 0.3)
print(f"\n- whole set / its static floor: {r['all'][0] / r['static-all'][0]:.0%}")
if "filtered" in r:
    print(f"- filtered by a new creator each time / unfiltered page of 100: {r['filtered'][0] / r['page100'][0]:.0%}"
          f" (p99 {r['filtered'][1]:.0f} against {r['page100'][1]:.0f} ms)")
print(f"- conditional GET statuses: {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))}")

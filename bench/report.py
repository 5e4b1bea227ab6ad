#!/usr/bin/env python3
"""Turns the wrk outputs of bench/run.sh into a Markdown table with the targets of issue 4."""
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

rows = [("static-page100", "static floor: page of 100 as a file"), ("page100", "container page GET (100)"),
        ("static-all", f"static floor: all {n} as a file"), ("all", f"container GET, all {n} in one page"),
        ("one", "single annotation GET"), ("not-modified", "page GET with current ETag (304)"),
        ("post", "POST a new annotation")]
r = {k: parse(k) for k, _ in rows}
print(f"wrk, {conns} connections, {duration} each, {n} seeded annotations\n")
print("| measurement | requests/s | p99 latency | non-2xx/3xx |")
print("|---|---:|---:|---:|")
for k, label in rows:
    rps, ms, bad, errs = r[k]
    print(f"| {label} | {rps:,.0f} | {ms:.1f} ms | {bad}{' ' + errs if errs else ''} |")
statuses = dict(re.findall(r"^status (\d+): (\d+)$", open(os.path.join(work, "not-modified.txt")).read(), re.M))
page_ratio = r["page100"][0] / r["static-page100"][0]
all_ratio = r["all"][0] / r["static-all"][0]
print()
print(f"- container page / static floor: {page_ratio:.0%} (target ≥ 50%): {'met' if page_ratio >= 0.5 else 'NOT met'}")
print(f"- container page p99: {r['page100'][1]:.1f} ms (target < 25 ms): {'met' if r['page100'][1] < 25 else 'NOT met'}")
print(f"- whole set / static floor: {all_ratio:.0%}")
print(f"- conditional GET statuses: {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))}")
print(f"- POST: {r['post'][0]:,.0f}/s (target ≥ 1,500/s): {'met' if r['post'][0] >= 1500 else 'NOT met'}")

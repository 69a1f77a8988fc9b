#!/usr/bin/env python3
"""Summarizes config-ab.sh or before-after.sh output: per shape, the median throughput and p99 of each target, and
the medians of the per-round ratios (throughput, and server CPU per request where the lines carry cpu_ticks): each
server over nslimit, then the pairs named after the file (default: every pair in the order the servers appear).
Usage: ab-summary.py OUT [on/before on/off ...]"""
import collections
import re
import statistics as st
import sys

LINE = re.compile(r'round (\d+), (\S+ x \S+), (\w+): qps=(\d+) p50_us=\d+ p99_us=(\d+).*?ok=(\d+)(?:.*cpu_ticks=(\d+))?')
runs = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    if line.startswith('RSS') or line.startswith('idle RSS'):
        print(line.strip())
    m = LINE.match(line)
    if m:
        rnd, shape, target, qps, p99, ok, ticks = m.groups()
        cpu = int(ticks) * 10_000 / max(1, int(ok)) if ticks else None  # microseconds of server CPU per request
        runs[(shape, int(rnd))][target] = (int(qps), int(p99), cpu)
targets = sorted({t for v in runs.values() for t in v}, key=lambda t: (t != 'nslimit', t))
servers = [t for t in dict.fromkeys(t for v in runs.values() for t in v) if t != 'nslimit']
named = [tuple(p.split('/')) for p in sys.argv[2:]]
for shape in sorted({k[0] for k in runs}, key=lambda s: [int(x) for x in s.split(' x ')]):
    rows = [runs[k] for k in sorted(k for k in runs if k[0] == shape)]
    med = lambda t, i: st.median(r[t][i] for r in rows if t in r and r[t][i] is not None)
    print(f'{shape}: ' + ', '.join(f'{t} {med(t, 0):,.0f}/s p99 {med(t, 1):,.0f} us' for t in targets if any(t in r for r in rows)))
    pairs = [(a, 'nslimit') for a in servers] + (named or [(a, b) for i, a in enumerate(servers) for b in servers[i + 1:]])
    for a, b in pairs:
        ratios = [r[a][0] / r[b][0] for r in rows if a in r and b in r]
        if not ratios:
            continue  # an unfinished run
        print(f'  {a}/{b} throughput: median {st.median(ratios):.3f} (rounds {" ".join(f"{x:.2f}" for x in ratios)})')
        if b != 'nslimit' and all(r[a][2] and r[b][2] for r in rows if a in r and b in r):
            cpu = [r[a][2] / r[b][2] for r in rows if a in r and b in r]
            print(f'  {a}/{b} server CPU per request: median {st.median(cpu):.3f} (rounds {" ".join(f"{x:.2f}" for x in cpu)});'
                  f' {a} {med(a, 2):.2f} us, {b} {med(b, 2):.2f} us')

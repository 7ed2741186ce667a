#!/usr/bin/env python3
"""tracer-overhead.py ENGINE LESSONS_DIR [ROUNDS]

What tracing costs a real CPython program, each figure beside its anchor
measured in the same run (the median of ROUNDS, default 3):

- the sleep lessons (listings as shipped): wall time over the ideal (the
  sleeps on the critical path), traced by `forkline-engine script`
  against plain python3 (goal: at most 10 % more);
- the lock loop (4 x 2000 increments under a Lock): traced wall time
  against plain python3 (goal: at most 2x), and the CPU time each traced
  event costs (the traced run's extra user + system time / its records).
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

engine, lessons = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
PYTHON = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else "python3"
# listing: the ideal wall time, its sleeps on the critical path (s)
SLEEPS = {"process-start.py": 0.5, "start-join.py": 3.0, "shared-array.py": 2.0}


def timed(argv):
    """Wall seconds, CPU seconds (children's user + system), stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(argv, cwd=lessons, capture_output=True, text=True, check=False).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def median_of(argv):
    runs = [timed(argv) for _ in range(rounds)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[-1][2])


print("%-18s %12s %12s %8s" % ("sleep lesson", "plain over", "traced over", "ratio"))
for listing, ideal in SLEEPS.items():
    plain, _, _ = median_of([PYTHON, listing])
    traced, _, _ = median_of([engine, "script", listing, "--json"])
    over_plain, over_traced = plain - ideal, traced - ideal
    print("%-18s %9.1f ms %9.1f ms %7.2fx   (goal: extra at most 1.10x plain's)"
          % (listing, over_plain * 1e3, over_traced * 1e3, over_traced / over_plain if over_plain > 0 else float("inf")))

plain_wall, plain_cpu, _ = median_of([PYTHON, "lock.py"])
traced_wall, traced_cpu, out = median_of([engine, "script", "lock.py", "--json"])
records = sum(1 for _ in out.splitlines())
kinds = {}
for line in out.splitlines():
    kind = json.loads(line)["type"]
    kinds[kind] = kinds.get(kind, 0) + 1
print("lock 4x2000:      plain %.3f s, traced %.3f s: %.2fx   (goal: at most 2x)"
      % (plain_wall, traced_wall, traced_wall / plain_wall))
print("                  %d records (%s); %.0f ns CPU per traced record beyond plain"
      % (records, ", ".join("%s %d" % kv for kv in sorted(kinds.items(), key=lambda kv: -kv[1])[:4]),
         (traced_cpu - plain_cpu) / max(records, 1) * 1e9))

# The cost per traced event inside one process: a Lock's acquire and
# release (one record each) timed in a loop, traced by the rings, traced by
# the pipe (FORKLINE_NO_RINGS), and untraced; beside the same process's
# clock_gettime, the anchor.
LOOP = '''
import multiprocessing as mp, sys, time
lock, n = mp.Lock(), 20000
t = time.perf_counter_ns()
for _ in range(n):
    time.clock_gettime_ns(time.CLOCK_MONOTONIC)
clock = (time.perf_counter_ns() - t) / n
t = time.perf_counter_ns()
for _ in range(n):
    lock.acquire()
    lock.release()
sys.stderr.write("%.0f %.0f\\n" % ((time.perf_counter_ns() - t) / n, clock))
'''
with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
    f.write(LOOP)
try:
    def per_iteration(argv, env=None):
        err = subprocess.run(argv + [f.name] if argv[0] == PYTHON else argv[:2] + [f.name] + argv[2:],
                             capture_output=True, text=True, env=env).stderr
        return [float(v) for v in err.split()[-2:]]
    plain, clock = per_iteration([PYTHON])
    rings, _ = per_iteration([engine, "script", "--json"])
    piped, _ = per_iteration([engine, "script", "--json"], dict(os.environ, FORKLINE_NO_RINGS="1"))
    print("per traced event: %.0f ns by the rings, %.0f ns by the pipe (Lock acquire + release, "
          "less untraced %.0f ns, per record); clock_gettime %.0f ns: %.1fx and %.1fx"
          % ((rings - plain) / 2, (piped - plain) / 2, plain, clock,
             (rings - plain) / 2 / clock, (piped - plain) / 2 / clock))
finally:
    os.unlink(f.name)

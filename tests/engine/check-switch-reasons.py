#!/usr/bin/env python3
"""check-switch-reasons.py ENGINE

Where `perf record -e sched:sched_switch` works (root, perf installed), the
kernel's own tracepoint says for every switch-out whether the task was
still runnable (prev_state R: preempted) or went to sleep (blocked).  Runs
the cpu-bound and start-join lessons under it and checks that Forkline's
switch-out reasons agree for at least 99 % of the switches it matches.
Exit 77 (skipped) with a message where perf cannot trace."""
import json, os, shutil, subprocess, sys, tempfile

engine = sys.argv[1]
if os.geteuid() != 0 or shutil.which("perf") is None:
    print("skipped: needs root and perf (Debian package linux-perf) for sched:sched_switch")
    sys.exit(77)

PREEMPTED, BLOCKED = 1, 2
total_checked = total_agree = 0

def run(lesson, *params):
    global total_checked, total_agree
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "perf.data")
        cmd = ["perf", "record", "-q", "-k", "mono", "-e", "sched:sched_switch", "-a", "-o", data, "--",
               engine, "run", lesson, "--runtime", "c", "--json"] + [a for p in params for a in ("--set", p)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0 or not os.path.exists(data):
            print(f"skipped: perf record failed here: {proc.stderr.strip()[:200]}")
            sys.exit(77)
        events = [json.loads(l) for l in proc.stdout.splitlines() if l.startswith("{")]
        script = subprocess.run(["perf", "script", "-i", data, "-F", "time,trace"],
                                capture_output=True, text=True, timeout=120).stdout

    # the kernel's switch-outs of each pid: (time in ns, runnable?)
    kernel = {}
    for line in script.splitlines():
        if "prev_pid=" not in line:
            continue
        stamp = line.split(":", 1)[0].strip()
        fields = dict(f.split("=", 1) for f in line.split() if "=" in f and not f.startswith("=="))
        pid = int(fields["prev_pid"])
        kernel.setdefault(pid, []).append((round(float(stamp) * 1e9), fields["prev_state"].startswith("R")))

    outs = [e for e in events if e["type"] == "switch-out" and e["a"] in (PREEMPTED, BLOCKED)]
    if not outs:
        print(f"FAIL: {lesson}: no switch-out with a reason")
        sys.exit(1)
    # Forkline's times are since the run's start: find the offset to the
    # kernel's clock that lines the most switches up (within 20 µs).
    def matches(offset):
        hits = []
        for e in outs:
            want = e["time_ns"] + offset
            best = min(kernel.get(e["pid"], []), key=lambda k: abs(k[0] - want), default=None)
            if best is not None and abs(best[0] - want) <= 20000:
                hits.append((e, best))
        return hits
    candidates = {k[0] - e["time_ns"] for e in outs[:3] for k in kernel.get(e["pid"], [])}
    best = max((matches(c) for c in candidates), key=len, default=[])
    agree = sum(1 for e, k in best if (e["a"] == PREEMPTED) == k[1])
    print(f"{lesson}: {len(outs)} switch-outs with a reason, {len(best)} matched to the kernel's, "
          f"{agree} agree ({100.0 * agree / max(len(best), 1):.1f} %)")
    if len(best) < 0.9 * len(outs):
        print(f"FAIL: {lesson}: only {len(best)} of {len(outs)} switch-outs found in the kernel's trace")
        sys.exit(1)
    total_checked += len(best)
    total_agree += agree

run("cpu-bound", "tasks=8", "work=40")
run("start-join", "sleep=0.2")
share = total_agree / max(total_checked, 1)
print(f"all: {total_agree} of {total_checked} agree ({100 * share:.2f} %)")
sys.exit(0 if share >= 0.99 else 1)

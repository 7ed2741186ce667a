#!/usr/bin/env python3
"""check-seed.py ENGINE SEED_DIR

Each of the tutorial's programs under `forkline-engine script` prints what
plain python3 prints on this machine (numbers that are times aside, and
lines of processes running side by side in any order), ends with the same
exit status, and names its processes as multiprocessing does.  Plain
python3 runs at full speed, all programs at once; the traced runs use
--speed 0.05.  The pipe program hangs in both: python3 is stopped by a
time limit, the engine by --timeout, whose last record says who still
holds the write end."""
import json
import os
import re
import signal
import subprocess
import sys

engine, seed = (os.path.abspath(p) for p in sys.argv[1:3])
PYTHON = "/usr/bin/python3" if subprocess.run(["test", "-x", "/usr/bin/python3"]).returncode == 0 else "python3"

# program: (lines that must keep their order, process names, python3 time limit)
PROGRAMS = {
    "cpu_count.py": ("all", {"MainProcess"}, 30),
    "start.py": ("none", {"MainProcess", "Process-1", "Process-2"}, 30),
    "start_join.py": ("last", {"MainProcess", "Process-1", "Process-2"}, 30),
    "shared_array.py": ("all", {"MainProcess"} | {"Process-%d" % i for i in range(1, 11)}, 30),
    "pool_map.py": ("all", {"MainProcess"} | {"ForkPoolWorker-%d" % i for i in range(1, 6)}, 30),
    "pool_worklog.py": ("finished", {"MainProcess"} | {"ForkPoolWorker-%d" % i for i in range(1, 5)}, 30),
    "producer_consumer.py": ("entries", {"MainProcess", "Process-1", "Process-2"}, 30),
    "pipes.py": ("all", {"MainProcess", "Process-1", "Process-2"}, 6),
}
failed = []


def fail(name, what):
    failed.append(name)
    print("FAIL %s: %s" % (name, what))


def times_aside(line):
    return re.sub(r"\d+\.\d+", "N", line)


plain = {}
for name, (_, _, limit) in PROGRAMS.items():
    plain[name] = subprocess.Popen([PYTHON, name], cwd=seed, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True,
                                   start_new_session=True)

for name, (order, names, limit) in PROGRAMS.items():
    timeout = ["--timeout", "2"] if name == "pipes.py" else []
    traced = subprocess.run([engine, "script", name, "--json", "--speed", "0.05"] + timeout,
                            cwd=seed, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    records = [json.loads(line) for line in traced.stdout.splitlines()]
    prints = [times_aside(r["text"]) for r in records if r["type"] == "print"]
    started = {r["label"] for r in records if r["type"] == "start"}
    end = records[-1]
    try:
        out, _ = plain[name].communicate(timeout=limit)
        plain_status = plain[name].returncode
    except subprocess.TimeoutExpired:
        # the hung children hold the output pipe too: stop them all
        os.killpg(plain[name].pid, signal.SIGKILL)
        out, _ = plain[name].communicate()
        plain_status = "hung"
    want = [times_aside(line) for line in out.splitlines()]

    if name == "producer_consumer.py":
        # the race: the consumer may find the queue empty at once (most
        # runs) or take items; the producer's five entries always come
        entries = [l for l in prints if l.startswith("Entry: ")]
        rest = [l for l in prints if not l.startswith("Entry: ")]
        if entries != [l for l in want if l.startswith("Entry: ")]:
            fail(name, "entries %r, python3 %r" % (entries, want))
        if any(not re.fullmatch(r"- Exit: (xyz|sudh|kumar|pwskills|krish|naik)", l) for l in rest):
            fail(name, "consumer printed %r" % rest)
    elif order == "all" and prints != want:
        fail(name, "printed %r, python3 %r" % (prints, want))
    elif sorted(prints) != sorted(want):
        fail(name, "printed %r, python3 %r" % (prints, want))
    elif order == "last" and prints[-1:] != want[-1:]:
        fail(name, "last line %r, python3 %r" % (prints[-1:], want[-1:]))
    elif order == "finished" and [l for l in prints if "Finished" in l] != [l for l in want if "Finished" in l]:
        fail(name, "finish order %r, python3 %r" % (prints, want))

    if started != names:
        fail(name, "processes %r, multiprocessing names %r" % (sorted(started), sorted(names)))
    if end["type"] != "lesson-end":
        fail(name, "the stream does not end with lesson-end")
    elif name == "pipes.py":
        if plain_status != "hung" or end["a"] != 2 or "write end" not in end["text"]:
            fail(name, "python3 %s; the engine ended %r" % (plain_status, end["text"]))
    elif traced.returncode != plain_status:
        fail(name, "exit status %s, python3 %s" % (traced.returncode, plain_status))
    if name not in failed:
        print("ok %s: %d lines as python3 prints them; %s" % (name, len(prints), ", ".join(sorted(started))))

sys.exit(1 if failed else 0)

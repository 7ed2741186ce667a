# forkline_tracer.py — runs a Python program as `python3 FILE.py` would,
# and tells forkline-engine what its processes do.
#
# Copyright 2026 The Forkline authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# forkline-engine execs `python3 forkline_tracer.py FILE.py ARGS...` in the
# run's main process with FORKLINE_EVENT_FD (the worker -> engine pipe),
# FORKLINE_RUN_START_NS and FORKLINE_SPEED in the environment.  Records are
# the engine's own (engine/protocol/PROTOCOL.md), each written with one
# write() below PIPE_BUF so processes never interleave.  What is followed:
# forks (os.register_at_fork), each process's name and end
# (multiprocessing's BaseProcess._bootstrap, the one private hook: CPython
# has no public one that knows the child's name), join(), time.sleep()
# (scaled by the speed, like the C lessons' sleeps) and print()ed lines.
# The kernel's context switches come from the engine, not from here.

import os
import runpy
import struct
import sys
import time

FD = int(os.environ.pop("FORKLINE_EVENT_FD"))
RUN_START_NS = int(os.environ.pop("FORKLINE_RUN_START_NS"))
SPEED = float(os.environ.pop("FORKLINE_SPEED", "1"))

EV_FORK, EV_START, EV_EXIT, EV_STATE, EV_PRINT = 10, 11, 12, 14, 60
RUNNING, SLEEPING, WAIT_JOIN, EXITED = 0, 1, 2, 8   # ForklineState
PIPE_BUF = 4096
FIXED = struct.Struct("<QiihhIQqqq")


def now_ns():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC) - RUN_START_NS


def emit(kind, label="", text="", a=0, b=0, c=0, pid=None, peer=0, t=None):
    """One record: frame (type, flags, body length), fixed body, label, text."""
    lab = label.encode("utf-8", "replace")[:256]
    txt = text.encode("utf-8", "replace")[: PIPE_BUF - 8 - FIXED.size - 8 - len(lab)]
    body = (FIXED.pack(now_ns() if t is None else t, os.getpid() if pid is None else pid, peer,
                       -1, -1, 0, 0, a, b, c)
            + struct.pack("<I", len(lab)) + lab + struct.pack("<I", len(txt)) + txt)
    try:
        os.write(FD, struct.pack("<HHI", kind, 0, len(body)) + body)
    except OSError:
        os._exit(1)   # the engine is gone: nobody will see anything we do


def state(value, label="", peer=0):
    emit(EV_STATE, label, a=value, peer=peer)


# ---- forks ---------------------------------------------------------------

_fork_started = [0]


def _before_fork():
    _fork_started[0] = now_ns()


def _in_child():
    # the engine numbers the process when it sees this record
    emit(EV_FORK, "", pid=os.getpid(), peer=os.getppid(), a=-1, t=_fork_started[0])


os.register_at_fork(before=_before_fork, after_in_child=_in_child)


# ---- time.sleep ----------------------------------------------------------

_sleep = time.sleep


def _traced_sleep(seconds):
    state(SLEEPING, "time.sleep(%g)" % seconds)
    try:
        _sleep(seconds * SPEED)
    finally:
        state(RUNNING)


time.sleep = _traced_sleep


# ---- print ---------------------------------------------------------------

class _Lines:
    """sys.stdout as it was, and every whole line also as a record."""

    def __init__(self, stream):
        self._stream = stream
        self._pending = ""

    def write(self, data):
        self._pending += data
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            emit(EV_PRINT, text=line)
        return self._stream.write(data)

    def flush(self):
        return self._stream.flush()

    def __getattr__(self, name):
        return getattr(self._stream, name)


sys.stdout = _Lines(sys.stdout)


# ---- multiprocessing: names, join, ends ------------------------------------

def _follow_multiprocessing():
    from multiprocessing import process

    bootstrap = process.BaseProcess._bootstrap
    join = process.BaseProcess.join

    def traced_bootstrap(self, *args, **kwargs):
        emit(EV_START, self.name)
        code = 1
        try:
            code = bootstrap(self, *args, **kwargs)
        finally:
            sys.stdout.flush()
            state(EXITED)
            emit(EV_EXIT, self.name, a=code, peer=os.getpid())
        return code

    def traced_join(self, timeout=None):
        state(WAIT_JOIN, "join() waits for %s" % self.name, peer=self.pid or 0)
        try:
            return join(self, timeout)
        finally:
            state(RUNNING)

    process.BaseProcess._bootstrap = traced_bootstrap
    process.BaseProcess.join = traced_join


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: forkline_tracer.py FILE.py [ARGS...]\n")
        sys.exit(2)
    path = sys.argv[1]
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    _follow_multiprocessing()
    emit(EV_START, "MainProcess")

    import atexit
    atexit.register(lambda: (sys.stdout.flush(), state(EXITED)))
    runpy.run_path(path, run_name="__main__")


if __name__ == "__main__":
    main()

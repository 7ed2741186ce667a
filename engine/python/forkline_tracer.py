# forkline_tracer.py — runs a Python program as `python3 FILE.py` would,
# and tells forkline-engine what its processes do.
#
# Copyright 2026 The Forkline authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# forkline-engine execs `python3 -c "...import forkline_tracer;
# forkline_tracer.main()" FILE.py ARGS...` (imported, so its compiled form
# is cached) in the run's main process with FORKLINE_EVENT_FD (the worker
# -> engine pipe), FORKLINE_RUN_START_NS, FORKLINE_SPEED and FORKLINE_RINGS
# (the shared rings it writes to: see "the channel to the engine" below) in
# the environment.  Records are the engine's own
# (engine/protocol/PROTOCOL.md).  What is followed: forks
# (os.register_at_fork), each process's name and end (multiprocessing's
# BaseProcess._bootstrap: CPython has no public hook that knows the child's
# name; a signal's end as join(), is_alive() or exitcode see it), threads,
# join(), time.sleep() (scaled by the speed, like the C lessons' sleeps),
# print()ed lines, shared Array and Value reads and writes (integer ones),
# Queue put / get / empty and Pipe send / recv / close (with who holds
# which end) through their public methods, Lock, RLock, Semaphore and a
# Condition's lock acquire / release (bound per instance by
# SemLock._make_methods, wrapped there), Condition, Event and Barrier waits,
# Pool and ProcessPoolExecutor tasks, uncaught exceptions.
# The kernel's context switches come from the engine, not from here.

import collections
import fcntl
import importlib.machinery
import mmap
import os
import signal
import threading
import weakref
import struct
import sys
import time

FD = int(os.environ.pop("FORKLINE_EVENT_FD"))
RUN_START_NS = int(os.environ.pop("FORKLINE_RUN_START_NS"))
SPEED = float(os.environ.pop("FORKLINE_SPEED", "1"))
RINGS = os.environ.pop("FORKLINE_RINGS", "")

EV_FORK, EV_START, EV_EXIT, EV_STATE, EV_PRINT, EV_ERROR = 10, 11, 12, 14, 60, 61
EV_THREAD_START, EV_THREAD_END = 15, 16
EV_OBJECT, EV_QUEUE_PUT, EV_QUEUE_GET, EV_QUEUE_EMPTY = 30, 31, 32, 33
EV_PIPE_SEND, EV_PIPE_RECV, EV_PIPE_CLOSE, EV_PIPE_EOF, EV_PIPE_HOLD = 34, 35, 36, 37, 38
EV_QUEUE_WRITTEN = 39
EV_LOCK_WAIT, EV_LOCK_ACQUIRE, EV_LOCK_RELEASE = 40, 41, 42
EV_TASK_DISPATCH, EV_TASK_START, EV_TASK_FINISH = 50, 51, 52
EV_ARRAY_WRITE, EV_ARRAY_READ = 45, 46
EV_SOURCE, EV_LINE = 70, 71
RUNNING, SLEEPING, WAIT_JOIN, WAIT_QUEUE, WAIT_PIPE, WAIT_LOCK, WAIT_POOL, WAIT_TASK, EXITED = \
    0, 1, 2, 3, 4, 5, 6, 7, 8   # ForklineState
OBJECT_QUEUE, OBJECT_PIPE, OBJECT_LOCK, OBJECT_ARRAY, OBJECT_POOL = 1, 2, 3, 4, 5
PIPE_BUF = 4096
# frame (type, flags, body length), the body's fixed part, the label's length
RECORD = struct.Struct("<HHIQiihhIQqqqI")
FIXED_SIZE = RECORD.size - 8 - 4
U32 = struct.Struct("<I")
NO_TEXT = U32.pack(0)
MONOTONIC = time.CLOCK_MONOTONIC


def now_ns():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC) - RUN_START_NS


def _cut(text, limit):
    """UTF-8, at most limit bytes, never half a character."""
    data = text.encode("utf-8", "replace")
    return data if len(data) <= limit else data[:limit].decode("utf-8", "ignore").encode("utf-8")


def _i64(value):
    return max(-(1 << 63), min((1 << 63) - 1, int(value)))


def show(obj):
    """How a value reads in a record: its repr, never raising, never huge."""
    try:
        text = repr(obj)
    except Exception:
        text = "<%s>" % type(obj).__name__
    return text if len(text) <= 1000 else text[:1000] + "…"


# ---- the channel to the engine ----------------------------------------------
#
# Each process claims a slot of the engine's shared rings (PROTOCOL.md,
# "Rings") with a record lock on the slot's byte, which the kernel drops
# when the process dies, and copies each record in, then moves its head: no
# system call per record, and the engine is not woken per record.
# Stores reach the engine in program order (x86-64's memory order; the
# head is stored after the record): elsewhere, and for a process that
# finds no free slot, records go by the pipe, one write() below PIPE_BUF
# each so that processes never interleave.  The process's threads share
# its ring behind one lock.

_pid = [os.getpid()]
_ENGINE = os.getppid()        # the main process's parent (spawned ones use the pipe)
_emit_lock = threading.Lock()  # once the process has a second thread
_threads = [False]
_busy = [False]               # in _write without the lock
_map = None                   # every slot, mapped once in main; a fork inherits it
_ring = None                  # [head's word, data offset, data size, head, tail, rung]
_written = [0]

if RINGS and os.uname().machine in ("x86_64", "AMD64"):
    _RING_FD, _SLOTS, _SLOT_BYTES, _HEADER, _DATA, _DOORBELL = (int(v) for v in RINGS.split())
    os.set_inheritable(_RING_FD, False)    # not for programs the script runs
    os.set_inheritable(_DOORBELL, False)
    _ONE = (1).to_bytes(8, sys.byteorder)
    _map = mmap.mmap(_RING_FD, _SLOTS * _SLOT_BYTES)
    # heads and tails as whole native words: one 8-byte store or load each
    # (struct.pack_into would write a byte at a time, and the engine could
    # read half a head)
    _words = memoryview(_map).cast("Q")


def _claim_ring():
    """This process's own slot, if one is free (at start and in a child)."""
    global _ring
    _ring = None
    for k in range(_SLOTS if _map is not None else 0):
        slot = (_pid[0] + k) % _SLOTS
        try:
            fcntl.lockf(_RING_FD, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, slot)
        except OSError:
            continue
        base = slot * _SLOT_BYTES
        # a slot a dead process left goes on where it stopped
        _ring = [base // 8, base + _HEADER, _DATA, _words[base // 8], _words[base // 8 + 8], False]
        return


def _engine_gone():
    try:
        os.kill(_ENGINE, 0)
        return False
    except ProcessLookupError:
        return True
    except OSError:
        return False


def _room(ring, n):
    """Waits until the engine has taken enough to fit n bytes."""
    while True:
        ring[4] = _words[ring[0] + 8]    # the tail, 64 bytes after the head
        if ring[3] + n - ring[4] <= ring[2]:
            return
        if _engine_gone():
            os._exit(1)
        _sleep(0.00005)


def _doorbell(ring):
    tail = _words[ring[0] + 8]
    if tail != ring[4]:
        ring[4], ring[5] = tail, False
    if ring[5] or ring[3] - tail <= ring[2] // 2:
        return
    ring[5] = True
    try:
        os.write(_DOORBELL, _ONE)
    except OSError:
        pass     # a full counter: the round comes anyway


def _write(record):
    ring = _ring
    if ring is None:
        try:
            os.write(FD, record)
        except OSError:
            os._exit(1)   # the engine is gone: nobody will see anything we do
        return
    n = len(record)
    if ring[3] + n - ring[4] > ring[2]:
        _room(ring, n)
    data, size, head = ring[1], ring[2], ring[3]
    at = data + head % size
    if at + n <= data + size:
        _map[at:at + n] = record
    else:
        cut = data + size - at
        _map[at:data + size] = record[:cut]
        _map[data:data + n - cut] = record[cut:]
    ring[3] = head + n
    _words[ring[0]] = head + n
    # more than half full: the engine is told at once, not at its next
    # round (once, until it has taken from the ring)
    if head + n - ring[4] > size // 2:
        _doorbell(ring)
    # a pipe would say so at once; a ring does not: ask now and then
    _written[0] += 1
    if not _written[0] & 255 and _engine_gone():
        os._exit(1)


_labels = {"": b""}           # label -> its bytes: a program uses a few, again and again
_later = []                   # records told with the next one (a shared value's reads)


def _record(kind, label, text, a, b, c, pid, peer, t, obj, msg,
            _clock=time.clock_gettime_ns, _pack=RECORD.pack, _labels=_labels):
    """One record: frame (type, flags, body length), fixed body, label, text."""
    lab = _labels.get(label)
    if lab is None:
        lab = _cut(label, 256)
        if len(_labels) < 1024:
            _labels[label] = lab
    txt = _cut(text, PIPE_BUF - 8 - FIXED_SIZE - 8 - len(lab)) if text else b""
    if t is None:
        t = _clock(MONOTONIC) - RUN_START_NS
    try:
        record = _pack(kind, 0, FIXED_SIZE + 8 + len(lab) + len(txt), t, pid or _pid[0], peer,
                       -1, -1, obj, msg, a, b, c, len(lab))
    except struct.error:   # a value beyond 64 bits, clamped (rare: not paid per record)
        record = _pack(kind, 0, FIXED_SIZE + 8 + len(lab) + len(txt), t, pid or _pid[0], peer,
                       -1, -1, obj, msg, _i64(a), _i64(b), _i64(c), len(lab))
    return record + lab + (U32.pack(len(txt)) + txt if txt else NO_TEXT)


def _write_with_later(record):
    while _later:
        _write(_later.pop(0))
    _write(record)


def emit(kind, label="", text="", a=0, b=0, c=0, pid=None, peer=0, t=None, obj=0, msg=0):
    record = _record(kind, label, text, a, b, c, pid, peer, t, obj, msg)
    if _threads[0]:
        with _emit_lock:
            _write_with_later(record)
    else:
        _busy[0] = True    # a signal's sample must not come in between
        _write_with_later(record)
        _busy[0] = False


_claim_ring()


def state(value, label="", peer=0, obj=0):
    _tell_line()   # where in the program it waits, exactly
    emit(EV_STATE, label, a=value, peer=peer, obj=obj)


# Ids unique across the run's processes: the pid in the high bits.
_counter = [0]


def _next_id(bits):
    _counter[0] += 1
    return ((_pid[0] & ((1 << (bits - 16)) - 1)) << 16 | (_counter[0] & 0xffff)) if bits == 32 \
        else (_pid[0] << 32 | _counter[0])


# ---- forks ---------------------------------------------------------------

_fork_started = [0]


def _before_fork():
    _fork_started[0] = now_ns()


def _in_child():
    global _emit_lock
    _pid[0] = os.getpid()
    _emit_lock = threading.Lock()   # another thread may have held it at the fork
    _threads[0] = False             # a child has only the thread that forked
    _later.clear()                  # the parent tells its own
    _claim_ring()                   # the parent's slot is the parent's
    _line[0] = 0   # the child tells its own line afresh
    _arm_line_timer()
    if isinstance(sys.stdout, _Lines):
        sys.stdout.forget()
    # the engine numbers the process when it sees this record
    emit(EV_FORK, "", pid=os.getpid(), peer=os.getppid(), a=-1, t=_fork_started[0])
    # a fork copies every open pipe end: the child holds them too
    for conn in list(_pipe_ends):
        if not conn.closed:
            emit(EV_PIPE_HOLD, "pipe", a=conn._forkline_end, b=1, obj=conn._forkline_id)


os.register_at_fork(before=_before_fork, after_in_child=_in_child)


# ---- the current line ------------------------------------------------------
#
# Sampled, not traced: sys.settrace's per-line call doubled the lock
# lesson's time (4 x 2000 increments: 0.21 s -> 0.42 s), while a profiling
# timer costs nothing measurable.  Every millisecond of CPU a process uses
# (ITIMER_PROF: not while it sleeps or waits) SIGPROF's handler finds the
# innermost frame of the program's own file, and the line is told if it
# moved; it is told exactly whenever a process begins to wait (state()) or
# prints.  Only the main thread's line, until threads have lanes.  A fork
# clears the timer: _in_child sets it again.

LINE_SAMPLE_S = 0.001
_program = [None]        # the file's path, as its code objects carry it
_line = [0]              # the line last told


def _line_of(frame):
    while frame is not None and frame.f_code.co_filename != _program[0]:
        frame = frame.f_back
    # f_lineno is None between a frame's lines (3.11 can say so mid-instruction)
    return (frame.f_lineno or 0) if frame is not None else 0


def _tell_line(frame=None):
    if _program[0] is None:
        return
    line = _line_of(frame if frame is not None else sys._getframe(1))
    if line != _line[0]:
        _line[0] = line
        emit(EV_LINE, a=line)


def _sample_line(signum, frame):
    # not in the middle of this thread's own record (a sample can wait)
    if not _busy[0] and not _emit_lock.locked():
        _tell_line(frame)


def _arm_line_timer():
    if _program[0] is not None:
        signal.setitimer(signal.ITIMER_PROF, LINE_SAMPLE_S, LINE_SAMPLE_S)


def _disarm_line_timer():
    """Before the interpreter puts SIGPROF's default back (which kills)."""
    signal.setitimer(signal.ITIMER_PROF, 0, 0)


def _follow_lines(path):
    _program[0] = path
    signal.signal(signal.SIGPROF, _sample_line)
    _arm_line_timer()


# An interval timer survives exec: the new program would die of SIGPROF.
def _disarming_exec(exec_function):
    def traced_exec(*args, **kwargs):
        _disarm_line_timer()
        return exec_function(*args, **kwargs)
    return traced_exec


os.execv, os.execve = _disarming_exec(os.execv), _disarming_exec(os.execve)


# ---- time.sleep ----------------------------------------------------------

_sleep = time.sleep


def _traced_sleep(seconds):
    # a thread's sleep is not the process's (threads are not drawn yet)
    if threading.current_thread() is not threading.main_thread():
        return _sleep(seconds * SPEED)
    state(SLEEPING, "time.sleep(%g)" % seconds)
    try:
        _sleep(seconds * SPEED)
    finally:
        state(RUNNING)


time.sleep = _traced_sleep


# ---- print ---------------------------------------------------------------

class _Lines:
    """sys.stdout as it was, and every whole line also as a record: each
    thread's own (print() writes the text and the newline apart, and
    another thread may print in between)."""

    def __init__(self, stream):
        self._stream = stream
        self._pending = {}    # thread ident -> its unfinished line

    def write(self, data):
        ident = threading.get_ident()
        text = self._pending.pop(ident, "") + data
        *lines, rest = text.split("\n")
        if rest:
            self._pending[ident] = rest
        if lines:
            _tell_line()
        for line in lines:
            emit(EV_PRINT, text=line)
        return self._stream.write(data)

    def flush(self):
        return self._stream.flush()

    def forget(self):
        """In a forked child: the lines the parent began are the parent's."""
        self._pending.clear()

    def finish(self):
        """At the end: a last line without its newline is still a line."""
        for line in self._pending.values():
            emit(EV_PRINT, text=line)
        self._pending.clear()

    def __getattr__(self, name):
        return getattr(self._stream, name)


sys.stdout = _Lines(sys.stdout)


# ---- threads ---------------------------------------------------------------

def _follow_threads():
    """Each threading.Thread's start and end, with its name and the
    kernel's id for it (which the engine's context switches carry).  No
    public hook sees a thread end: Thread._bootstrap_inner, which runs its
    whole life (3.8 to 3.13), is wrapped, and tells both."""
    import _thread
    start, start_new_thread = threading.Thread.start, _thread.start_new_thread

    # from a second thread on, records are written under the lock
    def traced_start(self):
        _threads[0] = True
        return start(self)

    def traced_start_new_thread(*args, **kwargs):
        _threads[0] = True
        return start_new_thread(*args, **kwargs)

    threading.Thread.start, _thread.start_new_thread = traced_start, traced_start_new_thread

    inner = getattr(threading.Thread, "_bootstrap_inner", None)
    if inner is None:
        return

    def traced_inner(self):
        tid = threading.get_native_id()
        emit(EV_THREAD_START, self.name, a=tid)
        try:
            inner(self)
        finally:
            emit(EV_THREAD_END, self.name, a=tid)

    threading.Thread._bootstrap_inner = traced_inner


# ---- multiprocessing: names, join, ends ------------------------------------

def _tell_exception(who, error, tb, path):
    """An uncaught exception as an error record: one line that names the
    process, the exception and the program's line it came from, then the
    traceback as Python prints it."""
    import traceback
    line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == path:
            line = lineno
    where = " (line %d)" % line if line else ""
    summary = "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()[-1]
    text = "".join(traceback.format_exception(type(error), error, tb))
    emit(EV_ERROR, who, "%s: %s%s\n%s" % (who, summary, where, text[-2500:]), a=line or 0)


def _without_tracer(tb):
    """The traceback from the program's own first frame on: what an
    untraced `python3 FILE.py` would print (the engine's `-c` bootstrap
    and this file's frames come first)."""
    while tb is not None and tb.tb_frame.f_code.co_filename in (__file__, "<string>"):
        tb = tb.tb_next
    return tb


def _report_child_failures(bootstrap_code):
    """BaseProcess._bootstrap prints a child's uncaught exception with
    traceback.print_exc(): telling it there adds no frame to what prints
    (traceback is followed once imported, as _bootstrap does on failure)."""

    def follow():
        import traceback
        print_exc = traceback.print_exc

        def traced_print_exc(*args, **kwargs):
            error = sys.exc_info()[1]
            if sys._getframe(1).f_code is bootstrap_code and error is not None:
                from multiprocessing import current_process
                _tell_exception(current_process().name, error, error.__traceback__, _program[0])
            return print_exc(*args, **kwargs)

        traceback.print_exc = traced_print_exc

    _follow_on_import("traceback", follow)


def _follow_multiprocessing():
    from multiprocessing import process

    bootstrap = process.BaseProcess._bootstrap
    join = process.BaseProcess.join
    is_alive = process.BaseProcess.is_alive
    exitcode = process.BaseProcess.exitcode

    def traced_bootstrap(self, *args, **kwargs):
        emit(EV_START, self.name)
        target = getattr(self, "_target", None)
        executor = sys.modules.get("concurrent.futures.process")
        _in_pool_worker[0] = target is _pool_worker() or (executor is not None and target is executor._process_worker)
        code = 1
        try:
            code = bootstrap(self, *args, **kwargs)
        finally:
            _disarm_line_timer()
            sys.stdout.flush()
            if isinstance(sys.stdout, _Lines):
                sys.stdout.finish()
            state(EXITED)
            emit(EV_EXIT, self.name, a=code, peer=os.getpid())
        return code

    # A child killed by a signal (a Pool's terminate() sends SIGTERM) cannot
    # say so itself: its parent, which reaped it, does, once — after the
    # child's own word if the signal came as it was leaving (the last
    # record of an end is the true one).
    reported = set()

    def report_killed(proc):
        code = proc._popen.returncode if getattr(proc, "_popen", None) is not None else None
        if code is not None and code < 0 and proc.pid not in reported:
            reported.add(proc.pid)
            emit(EV_EXIT, proc.name, a=-1, b=-code, pid=proc.pid, peer=os.getpid())

    def traced_join(self, timeout=None):
        state(WAIT_JOIN, "join() waits for %s" % self.name, peer=self.pid or 0)
        try:
            return join(self, timeout)
        finally:
            state(RUNNING)
            report_killed(self)

    def traced_is_alive(self):
        alive = is_alive(self)
        report_killed(self)
        return alive

    def traced_exitcode(self):
        code = exitcode.fget(self)
        report_killed(self)
        return code

    process.BaseProcess._bootstrap = traced_bootstrap
    _report_child_failures(bootstrap.__code__)
    process.BaseProcess.join = traced_join
    process.BaseProcess.is_alive = traced_is_alive
    process.BaseProcess.exitcode = property(traced_exitcode)


# ---- Queue and Lock ------------------------------------------------------

# An item travels with the id that links its put to its get: a plain tuple,
# which pickles anywhere, unwrapped again by get().
_TAG = "__forkline_message__"


def _unwrap(item):
    """(msg id, the program's item): unwrapped wherever it arrives, also
    where the queue or pipe lost its id on the way (pickled to a spawned
    child)."""
    if isinstance(item, tuple) and len(item) == 3 and item[0] == _TAG:
        return item[1], item[2]
    return 0, item


def _unsent(queue):
    """The ids of this process's puts on @queue its feeder has not written
    yet, in order (a forked child's queue starts with none)."""
    mine = getattr(queue, "_forkline_unsent", None)
    if mine is None or mine[0] != _pid[0]:
        mine = queue._forkline_unsent = (_pid[0], collections.deque())
    return mine[1]


def _got(queue, label, words, waits, get, *args):
    """A get() from a program's @queue (that @waits, when it was empty):
    its wait in @words, the item told with the put it came from."""
    if waits:
        state(WAIT_QUEUE, words, obj=queue._forkline_id)
    try:
        item = get(queue, *args)
    finally:
        if waits:
            state(RUNNING)
    msg, item = _unwrap(item)
    emit(EV_QUEUE_GET, label, show(item), obj=queue._forkline_id, msg=msg)
    return item


def _answering_empty(empty, label):
    """empty(), its answer told for a program's queue."""
    def traced_empty(self):
        answer = empty(self)
        if getattr(self, "_forkline_id", 0):
            emit(EV_QUEUE_EMPTY, label, a=int(answer), obj=self._forkline_id)
        return answer
    return traced_empty


def _follow_queues():
    from multiprocessing import queues

    Queue, JoinableQueue = queues.Queue, queues.JoinableQueue
    init, get, empty = Queue.__init__, Queue.get, Queue.empty
    join = JoinableQueue.join

    def traced_init(self, *args, **kwargs):
        # the program's own queues, not a ProcessPoolExecutor's inside
        self._forkline_id = 0 if _made_inside_multiprocessing(("multiprocessing.queues",)) else _next_id(32)
        init(self, *args, **kwargs)
        if self._forkline_id:
            emit(EV_OBJECT, "queue", a=OBJECT_QUEUE, obj=self._forkline_id)

    # JoinableQueue has a put of its own (it counts unfinished tasks)
    def tracing_put(put):
        def traced_put(self, obj, block=True, timeout=None):
            if not getattr(self, "_forkline_id", 0):
                return put(self, obj, block, timeout)
            msg = _next_id(64)
            # timed before the item leaves, so the put never sorts after its
            # get; told once it did (a full queue raises)
            t = now_ns()
            _unsent(self).append(msg)
            try:
                put(self, (_TAG, msg, obj), block, timeout)
            except BaseException:
                _unsent(self).remove(msg)
                raise
            # a=1: in the feeder thread's buffer until it is written
            emit(EV_QUEUE_PUT, "queue", show(obj), a=1, obj=getattr(self, "_forkline_id", 0), msg=msg, t=t)
        return traced_put

    def traced_join(self):
        state(WAIT_QUEUE, "join() waits until every item is done", obj=getattr(self, "_forkline_id", 0))
        try:
            return join(self)
        finally:
            state(RUNNING)

    def traced_get(self, block=True, timeout=None):
        if not getattr(self, "_forkline_id", 0):
            return _unwrap(_waiting_for_a_task(get, self, block, timeout))[1]
        return _got(self, "queue", "get() waits on queue", block and empty(self), get, block, timeout)

    traced_empty = _answering_empty(empty, "queue")

    # The feeder thread writes each item into the pipe some time after
    # put() returned: its send_bytes is wrapped as the thread starts (in
    # each process, with the queue's buffer, as Queue._start_thread
    # hands it over) and tells which put's item went.
    start_thread = Queue._start_thread

    def traced_start_thread(self):
        qid = getattr(self, "_forkline_id", 0)
        if qid:
            send_bytes, unsent = self._send_bytes, _unsent(self)

            def feeding(data):
                t = now_ns()
                send_bytes(data)
                emit(EV_QUEUE_WRITTEN, "queue", b=threading.get_native_id(), obj=qid,
                     msg=unsent.popleft() if unsent else 0, t=t)
            self._send_bytes = feeding
        return start_thread(self)

    Queue.__init__, Queue.get, Queue.empty = traced_init, traced_get, traced_empty
    Queue._start_thread = traced_start_thread
    Queue.put = tracing_put(Queue.put)
    JoinableQueue.put = tracing_put(JoinableQueue.put)
    JoinableQueue.join = traced_join
    _follow_simple_queues(queues.SimpleQueue)


def _follow_simple_queues(SimpleQueue):
    """A SimpleQueue: no feeder thread, put() writes to its pipe at once;
    a Pool's own (its task and result queues) are not the program's."""
    init, put, get, empty = SimpleQueue.__init__, SimpleQueue.put, SimpleQueue.get, SimpleQueue.empty

    def traced_init(self, *args, **kwargs):
        self._forkline_id = 0 if _made_inside_multiprocessing(("multiprocessing.queues",)) else _next_id(32)
        init(self, *args, **kwargs)
        if self._forkline_id:
            emit(EV_OBJECT, "simple queue", a=OBJECT_QUEUE, obj=self._forkline_id)

    def traced_put(self, obj):
        qid = getattr(self, "_forkline_id", 0)
        if not qid:
            return put(self, obj)
        msg, t = _next_id(64), now_ns()
        put(self, (_TAG, msg, obj))
        emit(EV_QUEUE_PUT, "simple queue", show(obj), obj=qid, msg=msg, t=t)

    def traced_get(self):
        if not getattr(self, "_forkline_id", 0):
            return _unwrap(get(self))[1]
        return _got(self, "simple queue", "get() waits on the simple queue", empty(self), get)

    traced_empty = _answering_empty(empty, "simple queue")

    SimpleQueue.__init__, SimpleQueue.put, SimpleQueue.get, SimpleQueue.empty = \
        traced_init, traced_put, traced_get, traced_empty


_PASSING_THROUGH = ("multiprocessing.context", "multiprocessing.synchronize", "multiprocessing.sharedctypes")


def _made_inside_multiprocessing(passing=()):
    """TRUE when the object being made was asked for by multiprocessing
    itself (a Queue's locks) or by concurrent.futures (a
    ProcessPoolExecutor's call queue and wakeup pipe), not by the program;
    the modules of @passing only pass the request on (a JoinableQueue's
    __init__ is its Queue's)."""
    frame = sys._getframe(2)
    while frame is not None and (frame.f_globals is globals() or
                                 frame.f_globals.get("__name__") in _PASSING_THROUGH + passing):
        frame = frame.f_back
    name = frame.f_globals.get("__name__", "") if frame is not None else ""
    return name == "multiprocessing" or name.startswith(("multiprocessing.", "concurrent.futures"))


# Pipe ends open in this process (each knows its pipe and end), held
# weakly: an end the program drops must still close when collected.
_pipe_ends = weakref.WeakSet()


def _follow_pipes():
    from multiprocessing import connection

    pipe, Base = connection.Pipe, connection._ConnectionBase
    send, recv, close = Base.send, Base.recv, Base.close

    def traced_pipe(duplex=True):
        ends = pipe(duplex)
        # the program's own Pipes, not those inside a Queue or a Pool
        if _made_inside_multiprocessing():
            return ends
        pid = _next_id(32)
        emit(EV_OBJECT, "pipe", a=OBJECT_PIPE, obj=pid)
        for end, conn in enumerate(ends):
            conn._forkline_id, conn._forkline_end = pid, end
            _pipe_ends.add(conn)
            emit(EV_PIPE_HOLD, "pipe", a=end, b=1, obj=pid)
        return ends

    def traced_send(self, obj):
        if not hasattr(self, "_forkline_id"):
            return send(self, obj)
        msg = _next_id(64)
        emit(EV_PIPE_SEND, "pipe", show(obj), a=self._forkline_end, obj=self._forkline_id, msg=msg)
        return send(self, (_TAG, msg, obj))

    def traced_recv(self):
        if not hasattr(self, "_forkline_id"):
            return _unwrap(recv(self))[1]
        waits = not self.poll()
        if waits:
            state(WAIT_PIPE, "recv() waits on the pipe", obj=self._forkline_id)
        try:
            item = recv(self)
        except EOFError:
            emit(EV_PIPE_EOF, "pipe", a=self._forkline_end, obj=self._forkline_id)
            raise
        finally:
            if waits:
                state(RUNNING)
        msg, item = _unwrap(item)
        emit(EV_PIPE_RECV, "pipe", show(item), a=self._forkline_end, obj=self._forkline_id, msg=msg)
        return item

    def traced_close(self):
        if hasattr(self, "_forkline_id") and not self.closed:
            emit(EV_PIPE_CLOSE, "pipe", a=self._forkline_end, obj=self._forkline_id)
            emit(EV_PIPE_HOLD, "pipe", a=self._forkline_end, b=0, obj=self._forkline_id)
        return close(self)

    connection.Pipe = traced_pipe
    Base.send, Base.recv, Base.close = traced_send, traced_recv, traced_close


# Lock, RLock, Semaphore and BoundedSemaphore are SemLocks, which bind
# acquire and release to the semaphore per instance, in _make_methods (run
# by __init__ and when unpickled): wrapped there.  A Condition is traced as
# its own lock (and its wait() in words), an Event and a Barrier by their
# waits; the locks and semaphores they, a Queue, a Pool or a shared value
# make inside are not the program's.

_SEMLOCK_LABELS = {"Lock": "lock", "RLock": "rlock", "Semaphore": "semaphore",
                   "BoundedSemaphore": "semaphore"}
_RECURSIVE = ("rlock", "condition", "value's lock")
_inside = [0]    # > 0 while multiprocessing makes a thing of its own


def _making_inside(make):
    """@make, with the locks it makes not told as the program's."""
    def made(*args, **kwargs):
        _inside[0] += 1
        try:
            return make(*args, **kwargs)
        finally:
            _inside[0] -= 1
    return made


def _trace_semlock(lock, label):
    lock._forkline_id, lock._forkline_label = _next_id(32), label
    emit(EV_OBJECT, label, a=OBJECT_LOCK, obj=lock._forkline_id)
    _wrap_semlock(lock)


def _wrap_semlock(lock):
    acquire, release = lock.acquire, lock.release
    lid, label = lock._forkline_id, lock._forkline_label
    waits = "acquire() waits for the %s" % {"rlock": "RLock", "condition": "condition's lock"}.get(label, label)
    # an RLock held again by its holder says nothing: (pid, thread) -> depth
    depth = {} if label in _RECURSIVE else None

    def traced_acquire(block=True, timeout=None):
        me = (_pid[0], threading.get_ident()) if depth is not None else None
        if me is not None and depth.get(me):
            got = acquire(block, timeout)
            if got:
                depth[me] += 1
            return got
        if acquire(False):
            got = True
            emit(EV_LOCK_ACQUIRE, label, obj=lid)
        elif not block:
            return False
        else:
            begin = now_ns()
            emit(EV_LOCK_WAIT, label, obj=lid, t=begin)
            state(WAIT_LOCK, waits, obj=lid)
            try:
                got = acquire(True, timeout)
            finally:
                state(RUNNING)
            if got:
                emit(EV_LOCK_ACQUIRE, label, a=now_ns() - begin, obj=lid)
        if got and me is not None:
            depth[me] = 1
        return got

    def traced_release():
        me = (_pid[0], threading.get_ident()) if depth is not None else None
        if me is not None and depth.get(me, 0) > 1:
            release()
            depth[me] -= 1
            return
        # timed first: once released another process may acquire at
        # once; told once it did (an unheld Lock raises)
        t = now_ns()
        release()
        if me is not None:
            depth.pop(me, None)
        emit(EV_LOCK_RELEASE, label, obj=lid, t=t)

    lock.acquire, lock.release = traced_acquire, traced_release


def _waiting_in_words(method, words, oid=lambda self: 0, ours=lambda self: True):
    def traced(self, *args, **kwargs):
        if not ours(self):
            return method(self, *args, **kwargs)
        state(WAIT_LOCK, words, obj=oid(self))
        try:
            return method(self, *args, **kwargs)
        finally:
            state(RUNNING)
    return traced


def _follow_locks():
    from multiprocessing import synchronize

    SemLock, Condition, Event, Barrier = (synchronize.SemLock, synchronize.Condition,
                                          synchronize.Event, synchronize.Barrier)
    init, make_methods = SemLock.__init__, SemLock._make_methods

    def traced_init(self, *args, **kwargs):
        label = _SEMLOCK_LABELS.get(type(self).__name__)
        ours = label is not None and not _inside[0] and not _made_inside_multiprocessing()
        init(self, *args, **kwargs)
        if ours:
            _trace_semlock(self, label)

    def traced_make_methods(self):
        make_methods(self)
        if getattr(self, "_forkline_id", 0):
            _wrap_semlock(self)

    SemLock.__init__, SemLock._make_methods = traced_init, traced_make_methods
    # `with lock:` goes to the semaphore directly, past acquire()
    SemLock.__enter__ = lambda self: self.acquire()
    SemLock.__exit__ = lambda self, *exc: self.release()

    condition_init, condition_wait = Condition.__init__, Condition.wait

    def traced_condition_init(self, lock=None, *, ctx):
        ours = not _inside[0] and not _made_inside_multiprocessing()
        _making_inside(condition_init)(self, lock, ctx=ctx)
        # its own RLock is the condition; a lock of the program's is told as itself
        if ours and lock is None:
            _trace_semlock(self._lock, "condition")
            self._make_methods()

    Condition.__init__ = traced_condition_init
    # (an Event's or a Barrier's own Condition waits in their words)
    lock_id = lambda self: getattr(self._lock, "_forkline_id", 0)
    Condition.wait = _waiting_in_words(condition_wait, "wait() waits to be notified", lock_id, lock_id)
    Event.__init__ = _making_inside(Event.__init__)
    event_wait = _waiting_in_words(Event.wait, "wait() waits for the Event to be set")
    Event.wait = lambda self, timeout=None: event_wait(self, timeout) if not self.is_set() else True
    Barrier.__init__ = _making_inside(Barrier.__init__)
    Barrier.wait = _waiting_in_words(Barrier.wait, "wait() waits at the Barrier")


# ---- shared Array and Value ----------------------------------------------------
#
# A read is told with the next record the process writes (usually the
# write that follows it), not at once: a record between `v = x.value` and
# `x.value = v + 1` would widen the window in which another process's
# update is lost, and change the race the lesson shows.

_INTEGER_TYPECODES = set("bBhHiIlLqQ")


def _told_later(kind, label, a, b, obj):
    record = _record(kind, label, "", a, b, 0, None, 0, None, obj, 0)
    if _threads[0]:
        with _emit_lock:
            _later.append(record)
    else:
        _later.append(record)


class _Shared:
    """A shared Array or Value as the program uses it: what it does not
    trace is the shared object's own (its lock, get_obj(), with)."""

    def __getattr__(self, name):
        # not while unpickling, before __init__ has run (no _shared yet)
        shared = self.__dict__.get("_shared")
        if shared is None:
            raise AttributeError(name)
        return getattr(shared, name)

    def __enter__(self):
        return self._shared.__enter__()

    def __exit__(self, *exc):
        return self._shared.__exit__(*exc)

    def __repr__(self):
        return repr(self._shared)


class _SharedArray(_Shared):
    """An Array as the program uses it; each cell read and written."""

    def __init__(self, shared, oid):
        self._shared, self._oid = shared, oid

    def __len__(self):
        return len(self._shared)

    def __getitem__(self, i):
        v = self._shared[i]
        if isinstance(i, int):
            _told_later(EV_ARRAY_READ, "array", i % len(self._shared), v, self._oid)
        return v

    def __setitem__(self, i, new):
        if not isinstance(i, int):
            self._shared[i] = new
            return
        old = self._shared[i]
        self._shared[i] = new
        emit(EV_ARRAY_WRITE, "array", a=i % len(self._shared), b=old, c=new, obj=self._oid)

    def __iter__(self):
        return iter(self._shared[:])



class _SharedValue(_Shared):
    """A Value as the program uses it, its value read and written (a
    one-cell array in the records); the rest is the Value's own."""

    def __init__(self, shared, oid):
        self._shared, self._oid = shared, oid
        # the old value, read past the Value's lock (which the write takes)
        self._raw = shared.get_obj() if hasattr(shared, "get_obj") else shared

    @property
    def value(self):
        v = self._shared.value
        _told_later(EV_ARRAY_READ, "value", 0, v, self._oid)
        return v

    @value.setter
    def value(self, new):
        old = self._raw.value
        self._shared.value = new
        emit(EV_ARRAY_WRITE, "value", a=0, b=old, c=self._raw.value, obj=self._oid)


def _follow_shared():
    from multiprocessing import sharedctypes

    array, value = _making_inside(sharedctypes.Array), _making_inside(sharedctypes.Value)

    def traced_array(typecode_or_type, size_or_initializer, **kwargs):
        ours = not _inside[0] and not _made_inside_multiprocessing()
        shared = array(typecode_or_type, size_or_initializer, **kwargs)
        if typecode_or_type not in _INTEGER_TYPECODES or not ours:
            return shared
        oid = _next_id(32)
        emit(EV_OBJECT, "array", ",".join(str(v) for v in shared[:]), a=OBJECT_ARRAY, b=len(shared), obj=oid)
        return _SharedArray(shared, oid)

    def traced_value(typecode_or_type, *args, **kwargs):
        ours = not _inside[0] and not _made_inside_multiprocessing()
        shared = value(typecode_or_type, *args, **kwargs)
        if typecode_or_type not in _INTEGER_TYPECODES or not ours:
            return shared
        oid = _next_id(32)
        raw = shared.get_obj() if hasattr(shared, "get_obj") else shared
        emit(EV_OBJECT, "value", str(raw.value), a=OBJECT_ARRAY, b=1, obj=oid)
        # its own lock (each access takes it; `with v.get_lock():` the
        # fix a lesson teaches) is told too, unless it is a lock of the
        # program's, told already
        lock = shared.get_lock() if hasattr(shared, "get_lock") else None
        if lock is not None and hasattr(lock, "_semlock") and not getattr(lock, "_forkline_id", 0):
            _trace_semlock(lock, "value's lock")
            shared.acquire, shared.release = lock.acquire, lock.release
        return _SharedValue(shared, oid)

    sharedctypes.Array, sharedctypes.Value = traced_array, traced_value


# ---- Pool ----------------------------------------------------------------

_current_pool = [0]
_in_pool_worker = [False]
_waiting_for_pool = [False]   # in map(): its own get() is not a second wait
_task_counts = {}            # pool id -> [tasks, chunks] so far


def _pool_counts(pool):
    """A pool's tasks and chunks are numbered across all its calls."""
    return _task_counts.setdefault(pool, [0, 0])


def _waiting_for_a_task(get, *args):
    """A pool worker's read of its task queue is its wait for the next."""
    if not _in_pool_worker[0]:
        return get(*args)
    state(WAIT_TASK, "waiting for a task")
    try:
        return get(*args)
    finally:
        state(RUNNING)


def _pool_worker():
    from multiprocessing import pool as pool_module
    return pool_module.worker


def _finishing(func, args, kwargs, name, task, chunk, pool):
    """A task's call, and its finish told with its result or what it raised
    (the pool sends the exception back to the caller as it would)."""
    try:
        result = func(*args, **kwargs)
    except Exception as error:
        emit(EV_TASK_FINISH, name, "raised %s" % show(error), a=task, b=chunk, obj=pool)
        raise
    emit(EV_TASK_FINISH, name, show(result), a=task, b=chunk, obj=pool)
    return result


class _Chunk:
    """A chunk of a map() as a worker runs it: each item's start and finish
    as tasks of the pool (pickled to the worker like the function it wraps;
    the tracer is importable there as forkline_tracer)."""

    def __init__(self, func, pool, first, chunk, name):
        self.func, self.pool, self.first, self.chunk, self.name = func, pool, first, chunk, name
        self.done = 0

    def __call__(self, *args):
        task = self.first + self.done
        self.done += 1
        emit(EV_TASK_START, self.name, show(args[0] if len(args) == 1 else args),
             a=task, b=self.chunk, obj=self.pool)
        return _finishing(self.func, args, {}, self.name, task, self.chunk, self.pool)


def _follow_pools():
    from multiprocessing import pool as pool_module

    Pool = pool_module.Pool
    init, get_tasks = Pool.__init__, Pool._get_tasks

    def traced_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self._forkline_id = _next_id(32)
        if self._forkline_id:
            emit(EV_OBJECT, "pool", a=OBJECT_POOL, b=self._processes, obj=self._forkline_id)

    # map() and starmap() (and their _async, and imap's) name the pool their
    # chunks belong to; the blocking ones wait for the results
    def naming_the_pool(method, waits):
        def traced(self, *args, **kwargs):
            _current_pool[0] = getattr(self, "_forkline_id", 0)
            if not waits:
                return method(self, *args, **kwargs)
            state(WAIT_POOL, "%s() waits for the results" % method.__name__, obj=_current_pool[0])
            _waiting_for_pool[0] = True
            try:
                return method(self, *args, **kwargs)
            finally:
                _waiting_for_pool[0] = False
                state(RUNNING)
        return traced

    # Pool cuts the input into chunks here (the task handler thread then
    # hands them out): each item is dispatched as a task of its chunk,
    # numbered on from the pool's earlier tasks.
    def traced_get_tasks(func, it, size):
        pool, name = _current_pool[0], getattr(func, "__name__", "task")

        if not pool:
            return get_tasks(func, it, size)

        def chunks():
            counts = _pool_counts(pool)
            for f, items in get_tasks(func, it, size):
                first, chunk = counts[0], counts[1]
                counts[0], counts[1] = first + len(items), chunk + 1
                for k, item in enumerate(items):
                    emit(EV_TASK_DISPATCH, name, show(item), a=first + k, b=chunk, c=len(items), obj=pool)
                yield (_Chunk(f, pool, first, chunk, name), items)
        return chunks()

    # apply_async (and apply, which waits for it): one task, its own chunk
    def traced_apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        pool = getattr(self, "_forkline_id", 0)
        if not pool:
            return apply_async(self, func, args, kwds, callback, error_callback)
        counts = _pool_counts(pool)
        task, chunk, name = counts[0], counts[1], getattr(func, "__name__", "task")
        counts[0], counts[1] = task + 1, chunk + 1
        args = tuple(args)
        shown = show(args[0] if len(args) == 1 else args)
        emit(EV_TASK_DISPATCH, name, shown, a=task, b=chunk, c=1, obj=pool)
        return apply_async(self, _Task(func, pool, task, name, shown, chunk), args, kwds, callback, error_callback)

    def traced_result_get(self, timeout=None):
        pool = getattr(self._pool, "_forkline_id", 0) if getattr(self, "_pool", None) is not None else 0
        if not pool or _waiting_for_pool[0] or self.ready():
            return result_get(self, timeout)
        state(WAIT_POOL, "get() waits for the result", obj=pool)
        try:
            return result_get(self, timeout)
        finally:
            state(RUNNING)

    apply_async, result_get = Pool.apply_async, pool_module.ApplyResult.get
    Pool.apply_async = traced_apply_async
    pool_module.ApplyResult.get = traced_result_get
    for name in ("imap", "imap_unordered"):
        setattr(Pool, name, naming_the_pool(getattr(Pool, name), False))

    Pool.__init__ = traced_init
    for name in ("map", "starmap"):
        setattr(Pool, name, naming_the_pool(getattr(Pool, name), True))
        setattr(Pool, name + "_async", naming_the_pool(getattr(Pool, name + "_async"), False))
    Pool._get_tasks = staticmethod(traced_get_tasks)

    # A worker's only SimpleQueue.get is its wait for the next task.
    from multiprocessing import queues
    simple_get = queues.SimpleQueue.get

    def traced_simple_get(self):
        return _waiting_for_a_task(simple_get, self)

    queues.SimpleQueue.get = traced_simple_get


def _main_exits():
    _disarm_line_timer()
    sys.stdout.flush()
    if isinstance(sys.stdout, _Lines):
        sys.stdout.finish()
    state(EXITED)


def _literal(old, value):
    """@value written as the literal @old was: True/False, int or float."""
    if old in ("True", "False"):
        return repr(value != 0)
    if value == int(value) and not any(c in old for c in ".eE"):
        return str(int(value))
    return repr(value)


def _set_constants(text, settings):
    """The program with each top-level `NAME = literal` of @settings
    ("NAME=VALUE" lines, from a lesson's parameters) given its value."""
    import re
    lines = text.split("\n")
    for setting in settings.splitlines():
        name, _, value = setting.partition("=")
        pattern = re.compile(r"^(%s\s*=\s*)(\S+?)(\s*(#.*)?)$" % re.escape(name))
        for i, line in enumerate(lines):
            match = pattern.match(line)
            if match:
                lines[i] = match.group(1) + _literal(match.group(2), float(value)) + match.group(3)
                break
        else:
            sys.stderr.write("forkline-engine: the program has no constant %s to set\n" % name)
    return "\n".join(lines)


def _tell_source(text, path):
    """The program as it runs, in pieces of 900 characters (at most 3600
    bytes: each fits one record beside its path), each at its byte offset."""
    total = len(_cut(text, 4 << 20))
    offset = 0
    for i in range(0, len(text), 900):
        piece = text[i:i + 900].encode("utf-8", "replace")
        if offset + len(piece) > total:
            break
        emit(EV_SOURCE, path, piece.decode("utf-8"), a=offset, b=total)
        offset += len(piece)


def _decoded(data):
    """The source as the interpreter reads it: UTF-8 unless a coding line
    in the first two says otherwise (tokenize, a few ms to import, only
    then)."""
    if b"coding" in b"\n".join(data.split(b"\n", 2)[:2]):
        import importlib.util
        return importlib.util.decode_source(data)
    text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _run_as_main(path):
    """What `python3 FILE.py` does with the file: a fresh __main__ module,
    __file__ absolute (as since 3.9), sys.argv[0] as given, the file's own
    code; its exceptions and SystemExit go on as they would."""
    full = os.path.abspath(path)
    with open(full, "rb") as source:
        text = _decoded(source.read())
    settings = os.environ.pop("FORKLINE_CONSTANTS", "")
    if settings:
        text = _set_constants(text, settings)
        # tracebacks quote the lines that ran
        import linecache
        linecache.cache[full] = (len(text), None, text.splitlines(True), full)
    _tell_source(text, full)
    _program[0] = full
    try:
        code = compile(text, full, "exec")
        _follow_lines(full)
        module = type(sys)("__main__")
        module.__file__ = full
        module.__cached__ = None
        module.__builtins__ = __builtins__
        sys.modules["__main__"] = module
        exec(code, module.__dict__)
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as error:
        # as the interpreter would: the traceback printed (no frame of
        # ours in it), exit status 1, exit handlers run
        tb = _without_tracer(error.__traceback__)
        _tell_exception("MainProcess", error, tb, full)
        sys.excepthook(type(error), error.with_traceback(tb), tb)
        sys.exit(1)


# ---- concurrent.futures.ProcessPoolExecutor ----------------------------------

class _Task:
    """One submitted call as a worker runs it (an executor's submit, a
    Pool's apply_async): its start and finish as a task of the pool
    (pickled like the function it wraps)."""

    def __init__(self, fn, pool, task, name, shown, chunk=None):
        self.fn, self.pool, self.task, self.name, self.shown = fn, pool, task, name, shown
        self.chunk = task if chunk is None else chunk

    def __call__(self, *args, **kwargs):
        emit(EV_TASK_START, self.name, self.shown, a=self.task, b=self.chunk, obj=self.pool)
        return _finishing(self.fn, args, kwargs, self.name, self.task, self.chunk, self.pool)


def _follow_executors():
    """submit() (and map(), which submits) dispatches a task to the pool;
    a worker starts and finishes it; result() waits for it."""
    import functools
    from concurrent.futures import _base, process
    Executor = process.ProcessPoolExecutor
    init, submit, result = Executor.__init__, Executor.submit, _base.Future.result

    # map() submits chunks of its items, each as partial(_process_chunk, fn)
    def named_call(fn, args):
        if isinstance(fn, functools.partial) and fn.func is process._process_chunk and fn.args and args:
            return (getattr(fn.args[0], "__name__", "task"),
                    ", ".join(show(item[0] if len(item) == 1 else item) for item in args[0]))
        return getattr(fn, "__name__", "task"), show(args[0] if len(args) == 1 else args)

    def traced_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self._forkline_id, self._forkline_tasks = _next_id(32), 0
        emit(EV_OBJECT, "pool", a=OBJECT_POOL, b=self._max_workers, obj=self._forkline_id)

    def traced_submit(self, fn, /, *args, **kwargs):
        pool = getattr(self, "_forkline_id", 0)
        if not pool:
            return submit(self, fn, *args, **kwargs)
        task, (name, shown) = self._forkline_tasks, named_call(fn, args)
        self._forkline_tasks += 1
        emit(EV_TASK_DISPATCH, name, shown, a=task, b=task, c=1, obj=pool)
        future = submit(self, _Task(fn, pool, task, name, shown), *args, **kwargs)
        future._forkline_pool = pool
        return future

    def traced_result(self, timeout=None):
        pool = getattr(self, "_forkline_pool", 0)
        if not pool or self.done():
            return result(self, timeout)
        state(WAIT_POOL, "result() waits for the task", obj=pool)
        try:
            return result(self, timeout)
        finally:
            state(RUNNING)

    Executor.__init__, Executor.submit, _base.Future.result = traced_init, traced_submit, traced_result


# ---- following a module once the program imports it ------------------------
#
# Importing multiprocessing's queues, pools, connections, locks and shared
# memory up front cost every program ~30 ms it may not need: each is
# followed only once imported, by a finder (importlib's public protocol)
# that lets the path finder find the module and runs the hooks right after
# the module's own code.

_after_import = {}   # module name -> the hooks it waits for


class _FollowOnImport:
    @staticmethod
    def find_spec(name, path=None, target=None):
        hooks = _after_import.pop(name, None)
        if hooks is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module

        def exec_then_follow(module):
            exec_module(module)
            for hook in hooks:
                hook()

        spec.loader.exec_module = exec_then_follow
        return spec


def _follow_on_import(name, hook):
    if name in sys.modules:
        hook()
    else:
        _after_import.setdefault(name, []).append(hook)


def _follow_all():
    _follow_threads()
    sys.meta_path.insert(0, _FollowOnImport)
    _follow_on_import("multiprocessing.process", _follow_multiprocessing)
    _follow_on_import("multiprocessing.queues", _follow_queues)
    _follow_on_import("multiprocessing.connection", _follow_pipes)
    _follow_on_import("multiprocessing.synchronize", _follow_locks)
    _follow_on_import("multiprocessing.sharedctypes", _follow_shared)
    _follow_on_import("multiprocessing.pool", _follow_pools)
    _follow_on_import("multiprocessing.util", _follow_spawns)
    _follow_on_import("concurrent.futures.process", _follow_executors)
    # what workers unpickle (a map's chunks) is found under this name
    sys.modules.setdefault("forkline_tracer", sys.modules[__name__])
    for cls in (_Chunk, _SharedArray, _Task):
        cls.__module__ = "forkline_tracer"


# ---- spawn and forkserver ---------------------------------------------------
#
# Those start methods run a fresh interpreter (`python3 -c "...spawn_main..."`
# or the fork server's), which would know nothing of us: every such command
# multiprocessing starts (all through util.spawnv_passfds) first loads this
# tracer, with the record pipe passed along, so its processes are followed
# as forked ones are.  The resource tracker is left alone.

_SPAWNED = ("import os, sys; os.environ.update(FORKLINE_EVENT_FD=%r, FORKLINE_RUN_START_NS=%r, "
            "FORKLINE_SPEED=%r); sys.path.insert(0, %r); import forkline_tracer; "
            "del sys.path[0]; forkline_tracer.spawned(%r, %r, %d); ")


def _follow_spawns():
    from multiprocessing import util
    spawnv_passfds = util.spawnv_passfds

    def traced_spawnv_passfds(path, args, passfds):
        args = list(args)
        for i in range(len(args) - 1):
            server = "forkserver import main" in args[i + 1]
            if args[i] == "-c" and ("spawn_main" in args[i + 1] or server):
                here = os.path.dirname(os.path.abspath(__file__))
                args[i + 1] = _SPAWNED % (str(FD), str(RUN_START_NS), repr(SPEED), here, _program[0],
                                          "forkserver" if server else "", now_ns()) + args[i + 1]
                passfds = tuple(passfds) + (FD,)
                break
        return spawnv_passfds(path, args, passfds)

    util.spawnv_passfds = traced_spawnv_passfds


def spawned(program, name, started_ns):
    """In an interpreter spawn or the fork server started (at @started_ns):
    what main() follows, and the new process told as a fork would tell it;
    the fork server has a @name of its own (a Process is named as it
    starts)."""
    import atexit
    atexit.register(_disarm_line_timer)   # before the interpreter drops the handler
    _follow_all()
    if program:
        _follow_lines(program)
    emit(EV_FORK, "", pid=os.getpid(), peer=os.getppid(), a=-1, t=started_ns)
    if name:
        emit(EV_START, name)


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: forkline_tracer.py FILE.py [ARGS...]\n")
        sys.exit(2)
    path = sys.argv[1]
    sys.argv = sys.argv[1:]
    # an edited copy imports its neighbours from where the original is
    sys.path[0] = os.environ.pop("FORKLINE_PROGRAM_DIR", "") or os.path.dirname(os.path.abspath(path))

    # registered before multiprocessing is imported, so it runs after its
    # exit handler (which joins the children left running): main's end last
    import atexit
    atexit.register(_main_exits)

    _follow_all()
    emit(EV_START, "MainProcess")

    _run_as_main(path)


if __name__ == "__main__":
    main()

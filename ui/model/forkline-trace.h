/* forkline-trace.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trace model: everything a run reported, GTK-free (GObject/GLib only).
 *
 * Events are appended in stream order (live, or from a file).  The model
 * keeps a compact time-ordered event list plus derived, time-sorted per-lane
 * arrays (per-CPU occupancy, per-process states, messages, prints, …) and a
 * level-of-detail summary so a frame costs in proportion to pixels.
 *
 * Pointers returned by the getters point into the model's arrays: they stay
 * valid until the next append (arrays may grow).  Strings stay valid for the
 * life of the trace.  Times are ns since the run began; an end time of
 * FORKLINE_TIME_OPEN means "not happened (yet)".
 */

#pragma once

#include <glib-object.h>

#include "forkline-protocol.h"

G_BEGIN_DECLS

#define FORKLINE_TIME_OPEN  G_MAXUINT64
#define FORKLINE_NO_EVENT   G_MAXUINT32

typedef struct
{
  gboolean        has_header;
  guint           version;
  guint           n_cpus;           /* from the header (may grow if a larger cpu is seen) */
  ForklineMethod  method;
  guint64         wall_clock_ns;    /* unix ns at run start, 0 unknown */
  const char     *lesson_id;        /* "" if unknown */
  const char     *params;           /* "k=v k=v", "" if none */
  const char     *title;            /* from LESSON_BEGIN, "" if none */
} ForklineTraceHeader;

typedef struct
{
  gint32      pid;
  gint32      parent_pid;
  gint16      proc;                 /* index in the trace, 0 = lesson main */
  gint16      parent_proc;          /* -1 none */
  const char *name;                 /* "main", "Process-1", "PoolWorker-2" */
  guint64     fork_ns;              /* FORKLINE_TIME_OPEN if unknown */
  guint64     start_ns;
  guint64     exit_ns;
  guint64     reap_ns;
  gint32      reaper_pid;
  gint        exit_code;
  gint        exit_signal;          /* 0 none */
  guint       fork_event;           /* event indices, FORKLINE_NO_EVENT if none */
  guint       exit_event;
  guint       reap_event;
} ForklineProcess;

/* A thread of a process besides its main thread (a real-CPython run's
 * threading.Thread: Queue's feeder, a Pool's helpers, the program's own). */
typedef struct
{
  gint32      tid;                  /* the kernel's id for it */
  const char *name;                 /* "QueueFeederThread"; "thread 1234" if untold */
  guint64     start_ns;             /* FORKLINE_TIME_OPEN if unknown */
  guint64     end_ns;               /* FORKLINE_TIME_OPEN while it runs */
  guint       start_event;          /* FORKLINE_NO_EVENT if none */
  guint       end_event;
} ForklineThread;

/* A process's state from start_ns until end_ns (the next state, or open). */
typedef struct
{
  guint64     start_ns;
  guint64     end_ns;               /* FORKLINE_TIME_OPEN while current */
  const char *label;                /* lesson words; "" if none */
  guint32     object;               /* what it waits on, 0 none */
  guint32     event;                /* the STATE event's index */
  guint8      state;                /* ForklineState */
} ForklineStateSpan;

/* A process on a CPU, from SWITCH_IN to SWITCH_OUT. */
typedef struct
{
  guint64 start_ns;
  guint64 end_ns;                   /* FORKLINE_TIME_OPEN while still on it */
  gint32  pid;
  gint32  tid;                      /* which thread of it, 0 = its main thread */
  gint16  proc;                     /* -1 if the pid is not a lesson process */
  guint8  sampled;                  /* TRUE if from /proc sampling */
  guint8  leave;                    /* ForklineLeave: why it left (at end_ns) */
  guint32 out_event;                /* its SWITCH_OUT, FORKLINE_NO_EVENT if none */
} ForklineCpuSpan;

/* A span of a CPU the kernel said nothing about (it dropped records). */
typedef struct
{
  guint64 start_ns;
  guint64 end_ns;
  guint64 n_lost;                   /* records the kernel counted as dropped */
  gint16  cpu;
} ForklineDataGap;

/* What other programs (and a virtual machine's host) took of a CPU over
 * a span, from the kernel's per-CPU tick counters. */
typedef struct
{
  guint64 start_ns;
  guint64 end_ns;
  guint64 other_ns;                 /* busy, less the lesson's own time */
  guint64 steal_ns;
} ForklineCpuUsage;

/* Where a process's time went over a span (forkline_trace_get_cpu_time). */
typedef struct
{
  guint64 on_cpu_ns;                /* on a CPU */
  guint64 ready_ns;                 /* off it but runnable: preempted, waiting for a CPU */
  guint64 blocked_ns;               /* off it, asleep in the kernel */
  gboolean known;                   /* FALSE: the trace has no switches for it */
} ForklineCpuTime;

typedef struct
{
  guint32             id;
  ForklineObjectKind  kind;
  gint64              size;         /* array cells, pool workers */
  const char         *name;
  const char         *initial;      /* arrays: "2,3,6" */
  guint64             created_ns;
  gint16              creator_proc;
  guint32             event;
} ForklineObject;

/* One item through a queue or a pipe, from put/send to get/recv. */
typedef struct
{
  guint64     msg_id;
  guint64     put_ns;               /* FORKLINE_TIME_OPEN if the put was not seen */
  guint64     get_ns;               /* FORKLINE_TIME_OPEN while unreceived */
  guint32     object;
  guint32     put_event;
  guint32     get_event;            /* FORKLINE_NO_EVENT while unreceived */
  gint16      sender_proc;
  gint16      receiver_proc;        /* -1 while unreceived */
  gint8       end;                  /* pipe end written to, -1 for queues */
  guint8      kind;                 /* ForklineObjectKind: QUEUE or PIPE */
  const char *text;
} ForklineMessage;

typedef struct
{
  guint64     time_ns;
  const char *text;
  guint32     event;
  gint16      proc;
} ForklinePrint;

typedef struct
{
  guint64 time_ns;
  gint64  cell;
  gint64  old_value;
  gint64  new_value;
  guint32 object;
  guint32 event;
  gint16  proc;
} ForklineArrayWrite;

/* One time a process took a Lock: from the wait (or, if it did not wait,
 * the acquire) to the release; derived once from lock-wait, lock-acquire
 * and lock-release. */
typedef struct
{
  guint64 wait_ns;                  /* == acquire_ns when it did not wait */
  guint64 acquire_ns;               /* FORKLINE_TIME_OPEN while waiting */
  guint64 release_ns;               /* FORKLINE_TIME_OPEN while held */
  gint64  waited_ns;                /* as the acquire reported it */
  guint32 object;
  guint32 wait_event;               /* FORKLINE_NO_EVENT if none */
  guint32 acquire_event;
  guint32 release_event;
  gint16  proc;
} ForklineLockHold;

typedef struct
{
  guint32     pool;                 /* object id */
  gint64      task;
  gint64      chunk;
  gint64      chunk_size;
  gint16      dispatcher_proc;
  gint16      worker_proc;          /* -1 until started */
  guint64     dispatch_ns;          /* FORKLINE_TIME_OPEN if not seen */
  guint64     start_ns;
  guint64     finish_ns;
  const char *argument;             /* "87" */
  const char *result;               /* "" until finished */
  guint32     dispatch_event;
  guint32     start_event;
  guint32     finish_event;
  const char *function;             /* the dispatch's label ("sq"), "" if none */
} ForklineTask;

typedef struct
{
  guint64     time_ns;
  const char *text;
  guint32     event;
  gint16      proc;
} ForklineError;

typedef struct
{
  gboolean        ended;
  ForklineResult  result;
  guint64         time_ns;
  const char     *summary;
  guint32         event;
} ForklineLessonEnd;

#define FORKLINE_TYPE_TRACE (forkline_trace_get_type ())

G_DECLARE_FINAL_TYPE (ForklineTrace, forkline_trace, FORKLINE, TRACE, GObject)

ForklineTrace              *forkline_trace_new                 (void);
/* Returns a trace even on error (what was intact); *error explains. */
ForklineTrace              *forkline_trace_new_from_file       (const char           *path,
                                                                GError              **error);

/* Appending.  "changed" is emitted once per batch (or per append outside
 * a batch).  Batches nest. */
void                        forkline_trace_begin_batch         (ForklineTrace        *self);
void                        forkline_trace_end_batch           (ForklineTrace        *self);
void                        forkline_trace_append              (ForklineTrace        *self,
                                                                const ForklineEvent  *event);

/* Streaming decode: feed bytes as they arrive (one batch per call).
 * FALSE + error on damage; the trace keeps what came before and ignores
 * later feeds.  finish_stream at end of input reports TRUNCATED if a
 * record was cut. */
gboolean                    forkline_trace_feed                (ForklineTrace        *self,
                                                                const guint8         *data,
                                                                gsize                 len,
                                                                GError              **error);
gboolean                    forkline_trace_finish_stream       (ForklineTrace        *self,
                                                                GError              **error);
/* The first decode error seen by feed/finish/load, or NULL. */
const GError               *forkline_trace_get_stream_error    (ForklineTrace        *self);

/* Decode a whole stream (appended to what is already there). */
gboolean                    forkline_trace_load_bytes          (ForklineTrace        *self,
                                                                GBytes               *bytes,
                                                                GError              **error);
/* Errors name the file: "run.forkline: the file ends inside a record …" */
gboolean                    forkline_trace_load_file           (ForklineTrace        *self,
                                                                const char           *path,
                                                                GError              **error);

/* Re-encode the stored events as a trace file (same format as the stream). */
GBytes                     *forkline_trace_to_bytes            (ForklineTrace        *self);
gboolean                    forkline_trace_save                (ForklineTrace        *self,
                                                                const char           *path,
                                                                GError              **error);

const ForklineTraceHeader  *forkline_trace_get_header          (ForklineTrace        *self);
const ForklineLessonEnd    *forkline_trace_get_lesson_end      (ForklineTrace        *self);
/* Latest time seen (ns since run start); 0 if empty. */
guint64                     forkline_trace_get_end_time        (ForklineTrace        *self);

/* Raw events, time-ordered (an event stamped earlier than its predecessor
 * is kept at its predecessor's time so the list stays sorted). */
guint                       forkline_trace_get_n_events        (ForklineTrace        *self);
/* label/text in *out are NUL-terminated and live as long as the trace.
 * Fields are as recorded: kernel records (switches) may carry proc -1;
 * forkline_trace_lookup_proc (pid) resolves it. */
gboolean                    forkline_trace_get_event           (ForklineTrace        *self,
                                                                guint                 index,
                                                                ForklineEvent        *out);
guint64                     forkline_trace_get_event_time      (ForklineTrace        *self,
                                                                guint                 index);
/* Index of the last event with time <= time_ns, or -1 if none. */
gint64                      forkline_trace_find_event_at_time  (ForklineTrace        *self,
                                                                guint64               time_ns);
/* Number of events with time <= time_ns (the replay position). */
guint                       forkline_trace_count_events_until  (ForklineTrace        *self,
                                                                guint64               time_ns);
/* Bytes stored by the model (event records, lanes, strings, summary
 * pyramid), without the per-zoom render cache and without the state span
 * arrays forkline_trace_get_states builds on demand. */
gsize                       forkline_trace_get_memory_size     (ForklineTrace        *self);

/* Processes, indexed by proc (0 = main).  A proc that was never seen has
 * pid 0 and name "". */
guint                       forkline_trace_get_n_processes     (ForklineTrace        *self);
const ForklineProcess      *forkline_trace_get_process         (ForklineTrace        *self,
                                                                guint                 proc);
/* proc index for a pid, -1 if unknown. */
gint                        forkline_trace_lookup_proc         (ForklineTrace        *self,
                                                                gint32                pid);
/* The model keeps states compactly; this builds (and keeps, extending it
 * as the run grows) an array of ForklineStateSpan for @proc.  To walk the
 * spans without that copy, use get_n_states / get_state. */
const ForklineStateSpan    *forkline_trace_get_states          (ForklineTrace        *self,
                                                                guint                 proc,
                                                                guint                *n_spans);
guint                       forkline_trace_get_n_states        (ForklineTrace        *self,
                                                                guint                 proc);
/* Span @index of @proc, by value; FALSE if out of range. */
gboolean                    forkline_trace_get_state           (ForklineTrace        *self,
                                                                guint                 proc,
                                                                guint                 index,
                                                                ForklineStateSpan    *out);
/* The span current at time_ns, NULL before the first state. */
const ForklineStateSpan    *forkline_trace_get_state_at        (ForklineTrace        *self,
                                                                guint                 proc,
                                                                guint64               time_ns);

guint                       forkline_trace_get_n_cpus          (ForklineTrace        *self);
const ForklineCpuSpan      *forkline_trace_get_cpu_spans       (ForklineTrace        *self,
                                                                guint                 cpu,
                                                                guint                *n_spans);

/* @cpu's usage samples, in time order (none if the engine had no
 * /proc/stat). */
const ForklineCpuUsage     *forkline_trace_get_cpu_usage       (ForklineTrace        *self,
                                                                guint                 cpu,
                                                                guint                *n_samples);
/* Spans of CPUs with no data, in time order. */
const ForklineDataGap      *forkline_trace_get_data_gaps       (ForklineTrace        *self,
                                                                guint                *n_gaps);
/* ns of [t0, t1) on any CPU with no data (gaps on several CPUs overlap
 * and are counted once). */
guint64                     forkline_trace_get_no_data_ns      (ForklineTrace        *self);
/* Where @proc's time went in [t0, t1): on a CPU, ready (preempted) or
 * blocked.  Time before its first switch-in counts as ready (a forked
 * process is runnable until it first runs). */
void                        forkline_trace_get_cpu_time        (ForklineTrace        *self,
                                                                guint                 proc,
                                                                guint64               t0,
                                                                guint64               t1,
                                                                ForklineCpuTime      *out);
/* The CPU span @proc was on at @time_ns, or if it was off a CPU then, the
 * span it last left (its leave says why it is off); NULL before its first
 * switch-in.  *on_cpu says which. */
const ForklineCpuSpan      *forkline_trace_get_cpu_run_at      (ForklineTrace        *self,
                                                                guint                 proc,
                                                                guint64               time_ns,
                                                                gboolean             *on_cpu);

/* Objects in creation order. */
const ForklineObject       *forkline_trace_get_objects         (ForklineTrace        *self,
                                                                guint                *n_objects);
const ForklineObject       *forkline_trace_lookup_object       (ForklineTrace        *self,
                                                                guint32               id);

/* Messages in put order; per channel as indices into that array. */
const ForklineMessage      *forkline_trace_get_messages        (ForklineTrace        *self,
                                                                guint                *n_messages);
const guint32              *forkline_trace_get_channel_messages(ForklineTrace        *self,
                                                                guint32               object,
                                                                guint                *n_indices);
const ForklineMessage      *forkline_trace_lookup_message      (ForklineTrace        *self,
                                                                guint64               msg_id);

const ForklinePrint        *forkline_trace_get_prints          (ForklineTrace        *self,
                                                                guint                *n_prints);
const ForklineArrayWrite   *forkline_trace_get_array_writes    (ForklineTrace        *self,
                                                                guint                *n_writes);
const ForklineLockHold     *forkline_trace_get_lock_holds      (ForklineTrace        *self,
                                                                guint                *n_events);
/* The task @task of pool @pool, NULL if none was seen. */
const ForklineTask         *forkline_trace_lookup_task         (ForklineTrace        *self,
                                                                guint32               pool,
                                                                gint64                task);
/* Pool tasks in dispatch order. */
const ForklineTask         *forkline_trace_get_tasks           (ForklineTrace        *self,
                                                                guint                *n_tasks);
const ForklineError        *forkline_trace_get_errors          (ForklineTrace        *self,
                                                                guint                *n_errors);
/* A process's threads besides its main thread, in the order they started. */
guint                       forkline_trace_get_n_threads       (ForklineTrace        *self,
                                                                guint                 proc);
const ForklineThread       *forkline_trace_get_thread          (ForklineTrace        *self,
                                                                guint                 proc,
                                                                guint                 thread);
/* The program's source as it ran (a real-CPython run tells it), NULL if
 * the trace has none or not all of it (yet); @file, if set, gets the path it ran from. */
const char                 *forkline_trace_get_source          (ForklineTrace        *self,
                                                                const char          **file);
/* The line of the program @proc was at, at @time_ns: 0 if it was not in
 * the program's own code then (in a library, or before any line came). */
guint                       forkline_trace_get_line_at         (ForklineTrace        *self,
                                                                guint                 proc,
                                                                guint64               time_ns);

G_END_DECLS

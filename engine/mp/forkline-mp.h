/* forkline-mp.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small C rendition of Python's multiprocessing, on real OS primitives
 * (fork, pipes, socketpairs, MAP_SHARED memory, process-shared mutexes).
 * Every operation reports what it does to the engine as events.  It runs
 * inside the lesson's processes: nothing here may assume GLib's main loop
 * or threads, and the hot paths (emit) never allocate.
 */

#pragma once

#include <glib.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "forkline-protocol.h"

G_BEGIN_DECLS

/* ---- run context (forkline-mp-emit.c) ---------------------------------- */

/* Lives in MAP_SHARED memory, created by the engine before it forks the
 * lesson's main process, so every process of the run shares the counters. */
typedef struct
{
  gint64   run_start_ns;   /* CLOCK_MONOTONIC at the run's start */
  double   speed;          /* every sleep is multiplied by this */
  int      event_fd;       /* write end of the worker -> engine pipe */
  gint     next_proc;      /* process index counter: 0 = main */
  guint    next_object;
  guint64  next_msg_id;
} FlShared;

FlShared   *fl_shared_new        (int           event_fd,
                                  double        speed);
FlShared   *fl_shared_get        (void);
/* The run's shared rings (engine/forkline-rings.h), before the first fork;
 * each process then writes to the slot of its number. */
void        fl_rings_use         (guint8       *map);
/* This process's number (after fork: the child's own), and its pid. */
void        fl_self_set          (int           proc);
int         fl_self_proc         (void);
gint64      fl_now_ns            (void);
guint       fl_object_id_new     (void);
guint64     fl_msg_id_new        (void);

/* Emits one event from the calling process: fills time, pid, proc and cpu. */
void        fl_emit              (guint16       type,
                                  guint32       object,
                                  guint64       msg_id,
                                  gint64        a,
                                  gint64        b,
                                  gint64        c,
                                  const char   *label,
                                  const char   *text);
/* Emits a fully described event (time 0 = now). */
void        fl_emit_event        (ForklineEvent *event);
void        fl_emit_state        (ForklineState state,
                                  guint32       object,
                                  pid_t         peer_pid,
                                  const char   *label);
void        fl_print             (const char   *format,
                                  ...) G_GNUC_PRINTF (1, 2);
void        fl_sleep             (double        seconds);
int         fl_cpu_count         (void);

/* ---- Process (forkline-mp-process.c) ----------------------------------- */

typedef void (*FlTarget) (gpointer data);

typedef struct
{
  pid_t     pid;
  int       proc;
  char      name[32];
  FlTarget  target;
  gpointer  data;
  int       exit_code;    /* -1 while running */
  int       exit_signal;
  gboolean  joined;
} FlProcess;

FlProcess  *fl_process_new       (const char   *name,
                                  FlTarget      target,
                                  gpointer      data);
void        fl_process_start     (FlProcess    *self);
void        fl_process_join      (FlProcess    *self);
void        fl_process_free      (FlProcess    *self);
/* Forks a child of the calling process that runs target then exits: shared by
 * Process.start() and the Pool.  Returns the child's pid in the parent. */
pid_t       fl_fork_child        (const char   *name,
                                  int          *out_proc,
                                  FlTarget      target,
                                  gpointer      data);
/* Waits for pid like join() does (wait4), and reports exit and reap. */
void        fl_reap              (pid_t         pid,
                                  int           proc,
                                  int          *exit_code,
                                  int          *exit_signal);
/* Fills an exit record from wait4()'s results: a = exit code (-1 if
 * killed), b = signal (0 none), c = CPU time (user + system) in ns. */
void        fl_exit_record_fill  (ForklineEvent *event,
                                  int           status,
                                  const struct rusage *usage);
/* What the interpreter does at exit: join every child still running. */
void        fl_join_children     (void);
/* Exits the calling process (never returns). */
void        fl_exit              (int           code) G_GNUC_NORETURN;
/* A lesson process that cannot get what it needs (a pipe, shared memory,
 * a child) says so as an error record — "Could not create a pipe: Too
 * many open files" — and exits 1; the run ends ERROR with those words.
 * Outside a lesson process (the engine, before any fork) it says so on
 * stderr and exits 3. */
void        fl_fail              (const char   *format,
                                  ...) G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN;

/* ---- Queue (forkline-mp-queue.c) --------------------------------------- */

typedef struct _FlQueue FlQueue;

FlQueue    *fl_queue_new         (const char   *name);
/* item NULL is the None sentinel */
void        fl_queue_put         (FlQueue      *self,
                                  const char   *item);
/* Blocks (timeout < 0: forever).  Returns FALSE on timeout; *item is a
 * newly allocated string or NULL for None. */
gboolean    fl_queue_get         (FlQueue      *self,
                                  double        timeout,
                                  char        **item);
gboolean    fl_queue_empty       (FlQueue      *self);
/* Raw access for the Pool: no events, just framed bytes. */
void        fl_queue_put_raw     (FlQueue      *self,
                                  const void   *data,
                                  gsize         len,
                                  guint64       msg_id);
/* Returns the length read, 0 on EOF; -1 on timeout. */
gssize      fl_queue_get_raw     (FlQueue      *self,
                                  void         *buf,
                                  gsize         buf_len,
                                  int           timeout_ms,
                                  guint64      *msg_id);

/* ---- Pipe (forkline-mp-pipe.c) ----------------------------------------- */

typedef struct _FlPipe FlPipe;
typedef struct _FlConnection FlConnection;

/* Python's Pipe(): a duplex pair, end 0 and end 1. */
FlPipe       *fl_pipe_new        (const char   *name);
FlConnection *fl_pipe_end        (FlPipe       *self,
                                  int           end);
void          fl_conn_send       (FlConnection *conn,
                                  const char   *msg);
/* Returns NULL on EOF (Python raises EOFError). */
char         *fl_conn_recv       (FlConnection *conn);
void          fl_conn_close      (FlConnection *conn);
/* Called in a new child: report the ends it inherited. */
void          fl_pipes_inherited (void);

/* ---- Lock (forkline-mp-lock.c) ----------------------------------------- */

typedef struct _FlLock FlLock;

FlLock     *fl_lock_new          (const char   *name);
void        fl_lock_acquire      (FlLock       *self);
void        fl_lock_release      (FlLock       *self);

/* ---- Array (forkline-mp-array.c) --------------------------------------- */

typedef struct _FlArray FlArray;

FlArray    *fl_array_new         (const char   *name,
                                  const gint64 *values,
                                  guint         n_values);
gint64      fl_array_get         (FlArray      *self,
                                  guint         index);
void        fl_array_set         (FlArray      *self,
                                  guint         index,
                                  gint64        value);
/* "[4, 9, 36]", like print(list(arr)) */
char       *fl_array_format      (FlArray      *self);

/* ---- Pool (forkline-mp-pool.c) ----------------------------------------- */

typedef struct _FlPool FlPool;

/* A task function: computes result (a short string) from arg. */
typedef void (*FlTaskFunc) (const char *arg,
                            char       *result,
                            gsize       result_len,
                            gpointer    data);

/* func_name is the Python function's name ("square"): the app labels
 * each task with it, as in square(87). */
FlPool     *fl_pool_new          (guint         n_workers,
                                  const char   *func_name,
                                  FlTaskFunc    func,
                                  gpointer      data);
/* Python's Pool.map: chunksize 0 = CPython's default.  Returns the results
 * in input order (NULL-terminated strv), or NULL if the pool broke (a worker
 * died); the error event has then been emitted. */
char      **fl_pool_map          (FlPool       *self,
                                  const char  **args,
                                  guint         n_args,
                                  guint         chunksize);
/* Pool.terminate(), what `with Pool()` and the interpreter's exit do. */
void        fl_pool_terminate    (FlPool       *self);
guint       fl_pool_default_chunksize (guint    n_args,
                                       guint    n_workers);

G_END_DECLS

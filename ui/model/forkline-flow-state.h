/* forkline-flow-state.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the lesson looks like at one instant: the processes and what they
 * are doing, the messages inside each queue and pipe, who holds which pipe
 * end, the cells of shared arrays (and the updates that were lost), who
 * holds a lock and who waits, which pool worker holds which task.
 *
 * GTK-free.  Computed from the trace's raw events up to a time T; moving T
 * forward applies only the new events, moving it back starts again.
 *
 * Strings point into the trace (they live as long as it does).  Arrays in
 * the structs are owned by the state and valid until the next update.
 */

#pragma once

#include <glib.h>

#include "forkline-trace.h"

G_BEGIN_DECLS

#define FORKLINE_FLOW_NO_PROC (-1)
/* Event indexes point into the trace's raw events (forkline_trace_get_event). */
#define FORKLINE_FLOW_NO_EVENT G_MAXUINT

typedef struct
{
  gint32        pid;
  gint16        proc;
  gint16        parent;           /* FORKLINE_FLOW_NO_PROC for main */
  const char   *name;             /* "main", "Process-1", "PoolWorker-2" */
  guint8        seen : 1;         /* forked (or reported anything) */
  guint8        started : 1;      /* runs lesson code */
  guint8        exited : 1;
  guint8        reaped : 1;
  ForklineState state;
  const char   *state_label;      /* the lesson's words, "" if none */
  guint32       wait_object;      /* what it waits on, 0 none */
  gint32        wait_pid;         /* join()ed pid, 0 none */
  guint64       state_ns;         /* since when */
  gint          exit_code;
  gint          exit_signal;
  const char   *last_print;       /* NULL if it printed nothing yet */
  guint64       last_print_ns;
  guint32       task_pool;        /* pool of the task in hand, 0 none */
  gint64        task;             /* task in hand, -1 none */
  guint         n_tasks_done;
  guint         fork_event;       /* its PROC_FORK, FORKLINE_FLOW_NO_EVENT */
  guint32       killed_in_recv;   /* pipe it was blocked on when killed, 0 none */
} ForklineFlowProc;

/* An item inside a queue or a pipe (put, not yet got). */
typedef struct
{
  guint64     msg_id;
  const char *text;
  guint64     put_ns;
  gint16      sender;
  gint8       end;                /* pipe end it was sent into, -1 queue */
  guint       put_event;          /* its QUEUE_PUT / PIPE_SEND */
  gboolean    buffered;           /* still in the sender's feeder thread, not in the pipe */
} ForklineFlowMessage;

typedef struct
{
  gint64  value;
  guint64 written_ns;
  gint16  last_writer;            /* FORKLINE_FLOW_NO_PROC: initial value */
  guint   n_writes;
  /* A write based on a value that someone else had already replaced:
   * that someone's update is lost. */
  guint   n_lost;                 /* such stale writes */
  gint64  lost_amount;            /* sum of (value replaced - value read) */
  gint16  lost_by;                /* who wrote from a stale value */
  gint16  lost_victim;            /* whose update was overwritten */
  gint64  lost_value;             /* the value that was lost */
  guint64 lost_ns;
  guint   write_event;            /* the last ARRAY_WRITE, FORKLINE_FLOW_NO_EVENT */
} ForklineFlowCell;

typedef enum
{
  FORKLINE_FLOW_TASK_PENDING,     /* known only from its index */
  FORKLINE_FLOW_TASK_DISPATCHED,  /* sent to the pool's task queue */
  FORKLINE_FLOW_TASK_RUNNING,
  FORKLINE_FLOW_TASK_DONE,
} ForklineFlowTaskStatus;

typedef struct
{
  gint64      task;
  gint64      chunk;              /* -1 unknown */
  gint64      chunk_size;
  const char *argument;           /* "" unknown */
  const char *result;             /* "" until done */
  gint16      worker;             /* FORKLINE_FLOW_NO_PROC until started */
  guint8      status;             /* ForklineFlowTaskStatus */
  guint64     status_ns;
  guint       start_event;        /* its TASK_START, FORKLINE_FLOW_NO_EVENT */
} ForklineFlowTask;

typedef struct
{
  guint32             id;
  ForklineObjectKind  kind;
  const char         *name;
  gint64              size;
  gint16              creator;
  guint64             created_ns;
  /* Who used it: put/got, sent/received, wrote, waited/acquired, took
   * tasks, or waited on it (a STATE naming it). */
  GArray             *users;      /* gint16 procs */

  /* Queues and pipes: the items inside, oldest first. */
  GArray             *messages;   /* ForklineFlowMessage */
  guint               n_put;
  guint               n_got;
  GArray             *senders;    /* gint16 procs that put / sent */
  GArray             *receivers;  /* gint16 procs that got / received */
  /* The taking side, even before it took anything: receivers, and those
   * that blocked in get() / recv() on it or asked empty(). */
  GArray             *readers;
  gint8               last_empty; /* last empty() answer: -1 none, 0, 1 */
  gint16              last_empty_proc;

  /* Pipes: who holds a copy of end 0 and end 1 right now. */
  GArray             *holders[2]; /* gint16 procs */
  GArray             *end_users[2]; /* gint16 procs that sent/received on each end */
  gint16              eof_proc;   /* who saw EOF, FORKLINE_FLOW_NO_PROC */
  gint8               recv_end;   /* end last received on, -1 none yet */
  guint               hold_event[2]; /* the last PIPE_HOLD per end */

  /* Locks (a Semaphore may have several holders at once). */
  GArray             *owners;     /* gint16 procs holding it, in the order they took it */
  gint16              holder;     /* the first of them; FORKLINE_FLOW_NO_PROC when free */
  guint64             held_since;
  GArray             *waiters;    /* gint16 procs, in arrival order */
  guint               n_acquired;
  guint64             total_wait_ns;

  /* Arrays. */
  GArray             *cells;      /* ForklineFlowCell */
  guint               n_lost;     /* stale writes in all cells */
  /* For "x = x + d" updates the sum of (value replaced - value read) is
   * exactly how far the result falls short: the lesson's "updates lost"
   * when every write added 1. */
  gint64              lost_amount;
  gboolean            increments_only;

  /* Pools. */
  GArray             *tasks;      /* ForklineFlowTask, indexed by task */
  GArray             *workers;    /* gint16 procs that took tasks */
  guint               n_chunks;
} ForklineFlowObject;

typedef enum
{
  FORKLINE_FLOW_MOVE_PUT,         /* proc put msg into object */
  FORKLINE_FLOW_MOVE_GET,         /* proc took msg out of object; peer sent it */
  FORKLINE_FLOW_MOVE_WRITE,       /* proc wrote cell of object */
  FORKLINE_FLOW_MOVE_ACQUIRE,     /* proc took the lock */
  FORKLINE_FLOW_MOVE_TASK_START,  /* proc (worker) took task */
  FORKLINE_FLOW_MOVE_TASK_FINISH,
} ForklineFlowMoveKind;

/* Something that happened during the last forward update, for animation. */
typedef struct
{
  guint8      kind;               /* ForklineFlowMoveKind */
  gint8       end;                /* pipe end, -1 */
  gint16      proc;
  gint16      peer;               /* GET: the sender, else -1 */
  guint32     object;
  guint64     msg_id;
  gint64      index;              /* cell or task */
  const char *text;
  guint64     time_ns;
} ForklineFlowMove;

typedef struct _ForklineFlowState ForklineFlowState;

ForklineFlowState        *forkline_flow_state_new            (void);
void                      forkline_flow_state_free           (ForklineFlowState *self);
/* Takes a reference; NULL clears.  Resets the state to before any event. */
void                      forkline_flow_state_set_trace      (ForklineFlowState *self,
                                                              ForklineTrace     *trace);
ForklineTrace            *forkline_flow_state_get_trace      (ForklineFlowState *self);
/* Brings the state to time_ns (G_MAXUINT64: every event so far).  Returns
 * TRUE if it moved forward from the cached state (then get_moves() lists
 * what happened on the way), FALSE if it had to start again. */
gboolean                  forkline_flow_state_update         (ForklineFlowState *self,
                                                              guint64            time_ns);
void                      forkline_flow_state_reset          (ForklineFlowState *self);
/* Every @n_events applied, the state keeps a copy, so going back in a
 * long run replays at most that many events (default 32768). */
void                      forkline_flow_state_set_checkpoint_interval (ForklineFlowState *self,
                                                                       guint              n_events);
guint64                   forkline_flow_state_get_time       (ForklineFlowState *self);
/* Number of trace events applied (those with time <= the state's time). */
guint                     forkline_flow_state_get_n_applied  (ForklineFlowState *self);
/* Time of the last applied event, 0 if none. */
guint64                   forkline_flow_state_get_last_event_time (ForklineFlowState *self);

guint                     forkline_flow_state_get_n_procs    (ForklineFlowState *self);
/* NULL if proc is out of range; unseen procs have seen == FALSE. */
const ForklineFlowProc   *forkline_flow_state_get_proc       (ForklineFlowState *self,
                                                              guint              proc);
/* The process's current state in the lesson's words ("blocked in get() on
 * the queue", "exited with code 0"). */
char                     *forkline_flow_state_describe_proc  (ForklineFlowState *self,
                                                              guint              proc);

guint                     forkline_flow_state_get_n_objects  (ForklineFlowState *self);
/* In creation order. */
const ForklineFlowObject *forkline_flow_state_get_object     (ForklineFlowState *self,
                                                              guint              index);
const ForklineFlowObject *forkline_flow_state_lookup_object  (ForklineFlowState *self,
                                                              guint32            id);

/* What the last update that moved forward applied (at most the last
 * FORKLINE_FLOW_MAX_MOVES); empty after an update that started again. */
#define FORKLINE_FLOW_MAX_MOVES 64
const ForklineFlowMove   *forkline_flow_state_get_moves      (ForklineFlowState *self,
                                                              guint             *n_moves);

/* Why a process blocked in recv() on this pipe is still waiting, in plain
 * words ("Process-2 waits in recv() on end 0, but end 1 is still held by
 * Process-2 (itself), so EOF never comes"); NULL if nobody is stuck. */
char                     *forkline_flow_state_explain_pipe   (ForklineFlowState *self,
                                                              const ForklineFlowObject *pipe);
/* "SIGKILL" for 9; NULL for a number without a name. */
const char               *forkline_flow_signal_name          (gint               signal_number);
/* "main, Process-2" for a proc list; "nobody" if empty. */
char                     *forkline_flow_state_name_procs     (ForklineFlowState *self,
                                                              const GArray      *procs);
const char               *forkline_flow_state_proc_name      (ForklineFlowState *self,
                                                              gint               proc);

/* Small helpers for the view. */
gboolean                  forkline_flow_object_has_proc      (const GArray      *procs,
                                                              gint16             proc);
const ForklineFlowTask   *forkline_flow_object_get_task      (const ForklineFlowObject *object,
                                                              gint64             task);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ForklineFlowState, forkline_flow_state_free)

G_END_DECLS

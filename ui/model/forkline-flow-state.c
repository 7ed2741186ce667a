/* forkline-flow-state.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "forkline-flow-state.h"

/* A value a process read from a cell and has not written back yet: if the
 * cell changes before it writes, its write is based on a stale value. */
typedef struct
{
  guint32 object;
  gint64  cell;
  gint64  value;
  gint16  proc;
} PendingRead;

/* A copy of the state after n_applied events: going back in time restarts
 * from the nearest one instead of from the first event. */
typedef struct
{
  guint      n_applied;
  guint64    last_event_ns;
  GArray    *procs;
  GPtrArray *objects;
  GArray    *reads;
} Checkpoint;

#define DEFAULT_CHECKPOINT_EVERY 32768

struct _ForklineFlowState
{
  ForklineTrace *trace;
  guint64        time_ns;
  guint          n_applied;
  guint64        last_event_ns;

  GArray        *procs;       /* ForklineFlowProc, indexed by proc */
  GPtrArray     *objects;     /* ForklineFlowObject *, creation order */
  GHashTable    *objects_by_id;
  GArray        *reads;       /* PendingRead */
  GArray        *moves;       /* ForklineFlowMove */
  GPtrArray     *checkpoints; /* Checkpoint *, by n_applied */
  guint          checkpoint_every;
  gboolean       recording;
  guint          current;     /* index of the event being applied */
};

static void
flow_object_free (gpointer data)
{
  ForklineFlowObject *object = data;

  g_clear_pointer (&object->users, g_array_unref);
  g_clear_pointer (&object->messages, g_array_unref);
  g_clear_pointer (&object->senders, g_array_unref);
  g_clear_pointer (&object->receivers, g_array_unref);
  g_clear_pointer (&object->readers, g_array_unref);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&object->holders[i], g_array_unref);
      g_clear_pointer (&object->end_users[i], g_array_unref);
    }
  g_clear_pointer (&object->waiters, g_array_unref);
  g_clear_pointer (&object->owners, g_array_unref);
  g_clear_pointer (&object->cells, g_array_unref);
  g_clear_pointer (&object->tasks, g_array_unref);
  g_clear_pointer (&object->workers, g_array_unref);
  g_free (object);
}

static GArray *
proc_list_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint16));
}

static ForklineFlowObject *
flow_object_new (guint32 id)
{
  ForklineFlowObject *object = g_new0 (ForklineFlowObject, 1);

  object->id = id;
  object->name = "";
  object->creator = FORKLINE_FLOW_NO_PROC;
  object->users = proc_list_new ();
  object->messages = g_array_new (FALSE, FALSE, sizeof (ForklineFlowMessage));
  object->senders = proc_list_new ();
  object->receivers = proc_list_new ();
  object->readers = proc_list_new ();
  for (guint i = 0; i < 2; i++)
    {
      object->holders[i] = proc_list_new ();
      object->end_users[i] = proc_list_new ();
    }
  object->last_empty = -1;
  object->last_empty_proc = FORKLINE_FLOW_NO_PROC;
  object->eof_proc = FORKLINE_FLOW_NO_PROC;
  object->recv_end = -1;
  object->hold_event[0] = FORKLINE_FLOW_NO_EVENT;
  object->hold_event[1] = FORKLINE_FLOW_NO_EVENT;
  object->holder = FORKLINE_FLOW_NO_PROC;
  object->increments_only = TRUE;
  object->waiters = proc_list_new ();
  object->owners = proc_list_new ();
  object->cells = g_array_new (FALSE, TRUE, sizeof (ForklineFlowCell));
  object->tasks = g_array_new (FALSE, TRUE, sizeof (ForklineFlowTask));
  object->workers = proc_list_new ();

  return object;
}

static ForklineFlowObject *
flow_object_copy (const ForklineFlowObject *object)
{
  ForklineFlowObject *copy = g_memdup2 (object, sizeof *object);

  copy->users = g_array_copy (object->users);
  copy->messages = g_array_copy (object->messages);
  copy->senders = g_array_copy (object->senders);
  copy->receivers = g_array_copy (object->receivers);
  copy->readers = g_array_copy (object->readers);
  for (guint i = 0; i < 2; i++)
    {
      copy->holders[i] = g_array_copy (object->holders[i]);
      copy->end_users[i] = g_array_copy (object->end_users[i]);
    }
  copy->waiters = g_array_copy (object->waiters);
  copy->owners = g_array_copy (object->owners);
  copy->cells = g_array_copy (object->cells);
  copy->tasks = g_array_copy (object->tasks);
  copy->workers = g_array_copy (object->workers);

  return copy;
}

static GPtrArray *
copy_objects (GPtrArray *objects)
{
  GPtrArray *copy = g_ptr_array_new_full (objects->len, flow_object_free);

  for (guint i = 0; i < objects->len; i++)
    g_ptr_array_add (copy, flow_object_copy (g_ptr_array_index (objects, i)));
  return copy;
}

static void
checkpoint_free (gpointer data)
{
  Checkpoint *checkpoint = data;

  g_clear_pointer (&checkpoint->procs, g_array_unref);
  g_clear_pointer (&checkpoint->objects, g_ptr_array_unref);
  g_clear_pointer (&checkpoint->reads, g_array_unref);
  g_free (checkpoint);
}

ForklineFlowState *
forkline_flow_state_new (void)
{
  ForklineFlowState *self = g_new0 (ForklineFlowState, 1);

  self->procs = g_array_new (FALSE, TRUE, sizeof (ForklineFlowProc));
  self->objects = g_ptr_array_new_with_free_func (flow_object_free);
  self->objects_by_id = g_hash_table_new (NULL, NULL);
  self->reads = g_array_new (FALSE, FALSE, sizeof (PendingRead));
  self->moves = g_array_new (FALSE, FALSE, sizeof (ForklineFlowMove));
  self->checkpoints = g_ptr_array_new_with_free_func (checkpoint_free);
  self->checkpoint_every = DEFAULT_CHECKPOINT_EVERY;

  return self;
}

void
forkline_flow_state_free (ForklineFlowState *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->trace);
  g_clear_pointer (&self->procs, g_array_unref);
  g_clear_pointer (&self->objects_by_id, g_hash_table_unref);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  g_clear_pointer (&self->reads, g_array_unref);
  g_clear_pointer (&self->moves, g_array_unref);
  g_clear_pointer (&self->checkpoints, g_ptr_array_unref);
  g_free (self);
}

void
forkline_flow_state_reset (ForklineFlowState *self)
{
  g_return_if_fail (self != NULL);

  self->time_ns = 0;
  self->n_applied = 0;
  self->last_event_ns = 0;
  g_array_set_size (self->procs, 0);
  g_hash_table_remove_all (self->objects_by_id);
  g_ptr_array_set_size (self->objects, 0);
  g_array_set_size (self->reads, 0);
  g_array_set_size (self->moves, 0);
}

void
forkline_flow_state_set_trace (ForklineFlowState *self,
                               ForklineTrace     *trace)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (trace == NULL || FORKLINE_IS_TRACE (trace));

  g_set_object (&self->trace, trace);
  g_ptr_array_set_size (self->checkpoints, 0);
  forkline_flow_state_reset (self);
}

ForklineTrace *
forkline_flow_state_get_trace (ForklineFlowState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->trace;
}

/* Small proc-list helpers: the lists hold a handful of procs. */

gboolean
forkline_flow_object_has_proc (const GArray *procs,
                               gint16        proc)
{
  for (guint i = 0; i < procs->len; i++)
    if (g_array_index (procs, gint16, i) == proc)
      return TRUE;
  return FALSE;
}

static void
proc_list_add (GArray *procs,
               gint16  proc)
{
  if (proc >= 0 && !forkline_flow_object_has_proc (procs, proc))
    g_array_append_val (procs, proc);
}

static void
proc_list_remove (GArray *procs,
                  gint16  proc)
{
  for (guint i = 0; i < procs->len; i++)
    if (g_array_index (procs, gint16, i) == proc)
      {
        g_array_remove_index (procs, i);
        return;
      }
}

const ForklineFlowTask *
forkline_flow_object_get_task (const ForklineFlowObject *object,
                               gint64                    task)
{
  g_return_val_if_fail (object != NULL, NULL);

  if (task < 0 || (guint64) task >= object->tasks->len)
    return NULL;
  return &g_array_index (object->tasks, ForklineFlowTask, task);
}

static ForklineFlowProc *
ensure_proc (ForklineFlowState *self,
             gint16             proc)
{
  ForklineFlowProc *p;

  if (proc < 0 || proc > G_MAXINT16 - 1)
    return NULL;

  while (self->procs->len <= (guint) proc)
    {
      ForklineFlowProc blank = {0};

      blank.proc = (gint16) self->procs->len;
      blank.parent = blank.proc == 0 ? FORKLINE_FLOW_NO_PROC : 0;
      blank.name = "";
      blank.state_label = "";
      blank.task = -1;
      blank.fork_event = FORKLINE_FLOW_NO_EVENT;
      g_array_append_val (self->procs, blank);
    }

  p = &g_array_index (self->procs, ForklineFlowProc, proc);
  p->seen = TRUE;
  return p;
}

static ForklineFlowObject *
ensure_object (ForklineFlowState *self,
               guint32            id,
               ForklineObjectKind kind)
{
  ForklineFlowObject *object;

  if (id == 0)
    return NULL;

  object = g_hash_table_lookup (self->objects_by_id, GUINT_TO_POINTER (id));
  if (object == NULL)
    {
      object = flow_object_new (id);
      object->kind = kind;
      g_ptr_array_add (self->objects, object);
      g_hash_table_insert (self->objects_by_id, GUINT_TO_POINTER (id), object);
    }
  else if (object->kind == 0)
    object->kind = kind;

  return object;
}

static void
record_move (ForklineFlowState   *self,
             const ForklineEvent *ev,
             ForklineFlowMoveKind kind,
             gint16               peer,
             gint64               index)
{
  ForklineFlowMove move = {0};

  if (!self->recording)
    return;

  move.kind = kind;
  move.end =
    ev->type == FORKLINE_EV_PIPE_SEND || ev->type == FORKLINE_EV_PIPE_RECV ? (gint8) ev->a : -1;
  move.proc = ev->proc;
  move.peer = peer;
  move.object = ev->object;
  move.msg_id = ev->msg_id;
  move.index = index;
  move.text = ev->text != NULL ? ev->text : "";
  move.time_ns = ev->time_ns;

  /* Only the latest moves are worth animating after a big jump. */
  if (self->moves->len >= FORKLINE_FLOW_MAX_MOVES)
    g_array_remove_index (self->moves, 0);
  g_array_append_val (self->moves, move);
}

/* Values come from the trace, any 64 bits: sums that cannot overflow. */
static gint64
saturating_add (gint64 a,
                gint64 b)
{
  gint64 r;

  return __builtin_add_overflow (a, b, &r) ? (b > 0 ? G_MAXINT64 : G_MININT64) : r;
}

static gint64
saturating_sub (gint64 a,
                gint64 b)
{
  gint64 r;

  return __builtin_sub_overflow (a, b, &r) ? (b < 0 ? G_MAXINT64 : G_MININT64) : r;
}

/* Arrays start from the values given at creation ("2,3,6,7"). */
static void
init_cells (ForklineFlowObject *object,
            const char         *initial)
{
  g_auto(GStrv) parts = NULL;
  guint n = object->size > 0 ? (guint) MIN (object->size, 4096) : 0;
  guint n_parts = 0;

  if (initial != NULL && *initial != '\0')
    {
      parts = g_strsplit (initial, ",", -1);
      n_parts = g_strv_length (parts);
      n = MAX (n, n_parts);
    }

  g_array_set_size (object->cells, n);
  for (guint i = 0; i < n; i++)
    {
      ForklineFlowCell *cell = &g_array_index (object->cells, ForklineFlowCell, i);

      /* a size larger than the values given: the rest start at 0 */
      if (i < n_parts)
        cell->value = g_ascii_strtoll (g_strstrip (parts[i]), NULL, 10);
      cell->last_writer = FORKLINE_FLOW_NO_PROC;
      cell->lost_by = FORKLINE_FLOW_NO_PROC;
      cell->lost_victim = FORKLINE_FLOW_NO_PROC;
      cell->write_event = FORKLINE_FLOW_NO_EVENT;
    }
}

static ForklineFlowCell *
ensure_cell (ForklineFlowObject *object,
             gint64              index)
{
  if (index < 0 || index > 65535)
    return NULL;

  while (object->cells->len <= (guint64) index)
    {
      ForklineFlowCell blank = {0};

      blank.last_writer = FORKLINE_FLOW_NO_PROC;
      blank.lost_by = FORKLINE_FLOW_NO_PROC;
      blank.lost_victim = FORKLINE_FLOW_NO_PROC;
      blank.write_event = FORKLINE_FLOW_NO_EVENT;
      g_array_append_val (object->cells, blank);
    }

  return &g_array_index (object->cells, ForklineFlowCell, index);
}

static ForklineFlowTask *
ensure_task (ForklineFlowObject *object,
             gint64              index)
{
  if (index < 0 || index > 1000000)
    return NULL;

  while (object->tasks->len <= (guint64) index)
    {
      ForklineFlowTask blank = {0};

      blank.task = object->tasks->len;
      blank.chunk = -1;
      blank.argument = "";
      blank.result = "";
      blank.worker = FORKLINE_FLOW_NO_PROC;
      blank.start_event = FORKLINE_FLOW_NO_EVENT;
      g_array_append_val (object->tasks, blank);
    }

  return &g_array_index (object->tasks, ForklineFlowTask, index);
}

static gint
find_read (ForklineFlowState *self,
           guint32            object,
           gint64             cell,
           gint16             proc)
{
  for (guint i = 0; i < self->reads->len; i++)
    {
      const PendingRead *r = &g_array_index (self->reads, PendingRead, i);

      if (r->object == object && r->cell == cell && r->proc == proc)
        return i;
    }
  return -1;
}

/* Processes */

static gboolean
proc_known (ForklineFlowState *self,
            gint16             proc)
{
  return proc >= 0 && (guint) proc < self->procs->len &&
         g_array_index (self->procs, ForklineFlowProc, proc).seen;
}

static void
apply_fork (ForklineFlowState   *self,
            const ForklineEvent *ev)
{
  /* The child may report before the parent's fork record lands: keep
   * what it said. */
  gboolean known = proc_known (self, ev->proc);
  ForklineFlowProc *p = ensure_proc (self, ev->proc);

  if (p == NULL)
    return;

  p->pid = ev->pid;
  p->fork_event = self->current;
  p->parent = ev->proc == 0 ? FORKLINE_FLOW_NO_PROC : (gint16) ev->a;
  if (ev->label != NULL && *ev->label != '\0')
    p->name = ev->label;
  if (!known)
    {
      p->state = FORKLINE_STATE_RUNNING;
      p->state_label = "";
      p->state_ns = ev->time_ns;
    }
}

static void
drop_from_channels (ForklineFlowState *self,
                    gint16             proc)
{
  /* A process that is gone holds no pipe end and waits for no lock. */
  for (guint i = 0; i < self->objects->len; i++)
    {
      ForklineFlowObject *object = g_ptr_array_index (self->objects, i);

      proc_list_remove (object->holders[0], proc);
      proc_list_remove (object->holders[1], proc);
      proc_list_remove (object->waiters, proc);
    }
}

static void
apply_exit (ForklineFlowState   *self,
            const ForklineEvent *ev)
{
  ForklineFlowProc *p = ensure_proc (self, ev->proc);

  if (p == NULL)
    return;

  if (p->pid == 0)
    p->pid = ev->pid;
  /* Killed while blocked in recv() (the timeout ending the pipe lesson):
   * it keeps its pipe ends, which are why it never saw EOF. */
  p->killed_in_recv = ev->b == SIGKILL && p->state == FORKLINE_STATE_WAIT_PIPE ? p->wait_object : 0;
  p->exited = TRUE;
  p->exit_code = (gint) ev->a;
  p->exit_signal = (gint) ev->b;
  p->state = FORKLINE_STATE_EXITED;
  p->state_label = "";
  p->state_ns = ev->time_ns;
  p->wait_object = 0;
  p->wait_pid = 0;
  p->task = -1;
  p->task_pool = 0;
  if (p->killed_in_recv == 0)
    drop_from_channels (self, ev->proc);
}

static void
apply_state (ForklineFlowState   *self,
             const ForklineEvent *ev)
{
  ForklineFlowProc *p = ensure_proc (self, ev->proc);

  if (p == NULL)
    return;

  if (p->pid == 0)
    p->pid = ev->pid;
  p->state =
    ev->a >= 0 && ev->a < FORKLINE_N_STATES ? (ForklineState) ev->a : FORKLINE_STATE_RUNNING;
  p->state_label = ev->label != NULL ? ev->label : "";
  p->wait_object = ev->object;
  p->wait_pid = ev->peer_pid;
  p->state_ns = ev->time_ns;
  if (p->state == FORKLINE_STATE_EXITED)
    p->exited = TRUE;

  if (ev->object != 0)
    {
      ForklineFlowObject *object = ensure_object (self, ev->object, 0);

      proc_list_add (object->users, ev->proc);
      if (p->state == FORKLINE_STATE_WAIT_QUEUE || p->state == FORKLINE_STATE_WAIT_PIPE)
        proc_list_add (object->readers, ev->proc);
    }

  /* Uncontended waits may come without LOCK_WAIT; the state says it too. */
  if (p->state == FORKLINE_STATE_WAIT_LOCK && ev->object != 0)
    {
      ForklineFlowObject *lock = ensure_object (self, ev->object, FORKLINE_OBJECT_LOCK);

      if (lock->kind == FORKLINE_OBJECT_LOCK && !forkline_flow_object_has_proc (lock->owners, ev->proc))
        proc_list_add (lock->waiters, ev->proc);
    }
}

/* Queues and pipes */

static gint
find_message (ForklineFlowObject  *object,
              const ForklineEvent *ev)
{
  for (guint i = 0; i < object->messages->len; i++)
    {
      const ForklineFlowMessage *m = &g_array_index (object->messages, ForklineFlowMessage, i);

      if (ev->msg_id != 0 && m->msg_id == ev->msg_id)
        return i;
      /* Without ids, a queue is FIFO and a pipe end delivers in order. */
      if (ev->msg_id == 0 && (object->kind != FORKLINE_OBJECT_PIPE || m->end != ev->a))
        return i;
    }
  return -1;
}

static void
apply_put (ForklineFlowState   *self,
           const ForklineEvent *ev,
           ForklineObjectKind   kind)
{
  ForklineFlowObject *object = ensure_object (self, ev->object, kind);
  ForklineFlowMessage m = {0};

  if (object == NULL)
    return;

  m.msg_id = ev->msg_id;
  m.text = ev->text != NULL ? ev->text : "";
  m.put_ns = ev->time_ns;
  m.sender = ev->proc;
  m.put_event = self->current;
  m.end = kind == FORKLINE_OBJECT_PIPE ? (gint8) CLAMP (ev->a, 0, 1) : -1;
  m.buffered = kind == FORKLINE_OBJECT_QUEUE && ev->a != 0;
  g_array_append_val (object->messages, m);
  object->n_put++;
  proc_list_add (object->senders, ev->proc);
  proc_list_add (object->users, ev->proc);
  if (kind == FORKLINE_OBJECT_PIPE)
    proc_list_add (object->end_users[m.end], ev->proc);
  record_move (self, ev, FORKLINE_FLOW_MOVE_PUT, FORKLINE_FLOW_NO_PROC, -1);
}

static void
apply_get (ForklineFlowState   *self,
           const ForklineEvent *ev,
           ForklineObjectKind   kind)
{
  ForklineFlowObject *object = ensure_object (self, ev->object, kind);
  const ForklineMessage *msg;
  gint16 sender = FORKLINE_FLOW_NO_PROC;
  gint i;

  if (object == NULL)
    return;

  /* who sent it is the model's (it paired put and get once); the flow
   * state only keeps what is inside the channel at its time */
  msg = ev->msg_id != 0 ? forkline_trace_lookup_message (self->trace, ev->msg_id) : NULL;
  i = find_message (object, ev);
  if (i >= 0)
    {
      sender = g_array_index (object->messages, ForklineFlowMessage, i).sender;
      g_array_remove_index (object->messages, i);
    }
  if (msg != NULL && msg->sender_proc >= 0)
    sender = msg->sender_proc;
  object->n_got++;
  proc_list_add (object->receivers, ev->proc);
  proc_list_add (object->readers, ev->proc);
  proc_list_add (object->users, ev->proc);
  if (kind == FORKLINE_OBJECT_PIPE && ev->a >= 0 && ev->a <= 1)
    {
      proc_list_add (object->end_users[ev->a], ev->proc);
      object->recv_end = (gint8) ev->a;
    }
  record_move (self, ev, FORKLINE_FLOW_MOVE_GET, sender, -1);
}

static void
apply_pipe_hold (ForklineFlowState   *self,
                 const ForklineEvent *ev)
{
  ForklineFlowObject *object = ensure_object (self, ev->object, FORKLINE_OBJECT_PIPE);

  if (object == NULL || ev->a < 0 || ev->a > 1 || ev->proc < 0)
    return;

  object->hold_event[ev->a] = self->current;
  if (ev->b)
    proc_list_add (object->holders[ev->a], ev->proc);
  else
    proc_list_remove (object->holders[ev->a], ev->proc);
}

/* Locks */

static void
apply_lock (ForklineFlowState   *self,
            const ForklineEvent *ev)
{
  ForklineFlowObject *object = ensure_object (self, ev->object, FORKLINE_OBJECT_LOCK);

  if (object == NULL)
    return;

  proc_list_add (object->users, ev->proc);
  switch (ev->type)
    {
    case FORKLINE_EV_LOCK_WAIT:
      proc_list_add (object->waiters, ev->proc);
      break;

    case FORKLINE_EV_LOCK_ACQUIRE:
      proc_list_remove (object->waiters, ev->proc);
      proc_list_add (object->owners, ev->proc);
      object->holder = object->owners->len > 0 ? g_array_index (object->owners, gint16, 0)
                                               : FORKLINE_FLOW_NO_PROC;
      object->held_since = ev->time_ns;
      object->n_acquired++;
      object->total_wait_ns += ev->a > 0 ? (guint64) ev->a : 0;
      record_move (self, ev, FORKLINE_FLOW_MOVE_ACQUIRE, FORKLINE_FLOW_NO_PROC, -1);
      break;

    case FORKLINE_EV_LOCK_RELEASE:
      /* a Semaphore's holders leave in any order */
      proc_list_remove (object->owners, ev->proc);
      object->holder = object->owners->len > 0 ? g_array_index (object->owners, gint16, 0)
                                               : FORKLINE_FLOW_NO_PROC;
      break;

    default:
      break;
    }
}

/* Arrays */

static void
apply_array_read (ForklineFlowState   *self,
                  const ForklineEvent *ev)
{
  ForklineFlowObject *object = ensure_object (self, ev->object, FORKLINE_OBJECT_ARRAY);
  PendingRead r;
  gint i;

  if (object == NULL || ensure_cell (object, ev->a) == NULL)
    return;

  i = find_read (self, ev->object, ev->a, ev->proc);
  if (i >= 0)
    g_array_remove_index_fast (self->reads, i);

  r.object = ev->object;
  r.cell = ev->a;
  r.value = ev->b;
  r.proc = ev->proc;
  g_array_append_val (self->reads, r);
}

static void
apply_array_write (ForklineFlowState   *self,
                   const ForklineEvent *ev)
{
  ForklineFlowObject *object = ensure_object (self, ev->object, FORKLINE_OBJECT_ARRAY);
  ForklineFlowCell *cell;
  gint64 basis = ev->b;
  gint64 replaced;
  gint i;

  if (object == NULL || (cell = ensure_cell (object, ev->a)) == NULL)
    return;

  /* The write is based on what this process read (ARRAY_READ), or else on
   * the reported old value.  If the cell held something else just before
   * the store (the write's own old value, which does not depend on how
   * the processes' events interleave), someone else's update in between
   * is overwritten: a lost update. */
  replaced = cell->value;
  i = find_read (self, ev->object, ev->a, ev->proc);
  if (i >= 0)
    {
      basis = g_array_index (self->reads, PendingRead, i).value;
      replaced = ev->b;
      g_array_remove_index_fast (self->reads, i);
    }

  /* (unsigned: any two values a trace holds, without overflow) */
  if ((guint64) ev->c - (guint64) basis != 1)
    object->increments_only = FALSE;

  if (basis != replaced && (i >= 0 || cell->last_writer != ev->proc))
    {
      gint64 lost = saturating_sub (replaced, basis);

      cell->lost_amount = saturating_add (cell->lost_amount, lost);
      object->lost_amount = saturating_add (object->lost_amount, lost);
      cell->n_lost++;
      cell->lost_by = ev->proc;
      cell->lost_victim = cell->last_writer != ev->proc ? cell->last_writer : FORKLINE_FLOW_NO_PROC;
      cell->lost_value = replaced;
      cell->lost_ns = ev->time_ns;
      object->n_lost++;
    }

  proc_list_add (object->users, ev->proc);
  cell->value = ev->c;
  cell->last_writer = ev->proc;
  cell->written_ns = ev->time_ns;
  cell->n_writes++;
  cell->write_event = self->current;
  record_move (self, ev, FORKLINE_FLOW_MOVE_WRITE, FORKLINE_FLOW_NO_PROC, ev->a);
}

/* Pools */

static void
apply_task (ForklineFlowState   *self,
            const ForklineEvent *ev)
{
  ForklineFlowObject *object = ensure_object (self, ev->object, FORKLINE_OBJECT_POOL);
  /* what the task is (its chunk, argument, result) is the model's; the
   * flow state follows where it is at its time */
  const ForklineTask *rec = forkline_trace_lookup_task (self->trace, ev->object, ev->a);
  ForklineFlowTask *task;
  ForklineFlowProc *worker;

  if (object == NULL || (task = ensure_task (object, ev->a)) == NULL)
    return;

  if (rec != NULL && rec->chunk >= 0)
    {
      task->chunk = rec->chunk;
      object->n_chunks = MAX (object->n_chunks, (guint) rec->chunk + 1);
    }
  task->status_ns = ev->time_ns;

  switch (ev->type)
    {
    case FORKLINE_EV_TASK_DISPATCH:
      if (rec != NULL)
        task->chunk_size = rec->chunk_size;
      if (rec != NULL && rec->argument != NULL)
        task->argument = rec->argument;
      if (task->status < FORKLINE_FLOW_TASK_DISPATCHED)
        task->status = FORKLINE_FLOW_TASK_DISPATCHED;
      break;

    case FORKLINE_EV_TASK_START:
      if (*task->argument == '\0' && ev->text != NULL)
        task->argument = ev->text;
      task->worker = ev->proc;
      task->status = FORKLINE_FLOW_TASK_RUNNING;
      task->start_event = self->current;
      proc_list_add (object->workers, ev->proc);
      proc_list_add (object->users, ev->proc);
      if ((worker = ensure_proc (self, ev->proc)) != NULL)
        {
          worker->task_pool = ev->object;
          worker->task = ev->a;
        }
      record_move (self, ev, FORKLINE_FLOW_MOVE_TASK_START, FORKLINE_FLOW_NO_PROC, ev->a);
      break;

    case FORKLINE_EV_TASK_FINISH:
      if (task->worker < 0)
        task->worker = ev->proc;
      task->status = FORKLINE_FLOW_TASK_DONE;
      if (rec != NULL && rec->result != NULL)
        task->result = rec->result;
      if ((worker = ensure_proc (self, ev->proc)) != NULL)
        {
          if (worker->task_pool == ev->object && worker->task == ev->a)
            {
              worker->task_pool = 0;
              worker->task = -1;
            }
          worker->n_tasks_done++;
        }
      record_move (self, ev, FORKLINE_FLOW_MOVE_TASK_FINISH, FORKLINE_FLOW_NO_PROC, ev->a);
      break;

    default:
      break;
    }
}

static void
apply_object_new (ForklineFlowState   *self,
                  const ForklineEvent *ev)
{
  ForklineFlowObject *object = ensure_object (self, ev->object, (ForklineObjectKind) ev->a);

  if (object == NULL)
    return;

  object->kind = (ForklineObjectKind) ev->a;
  object->size = ev->b;
  object->name = ev->label != NULL ? ev->label : "";
  object->creator = ev->proc;
  object->created_ns = ev->time_ns;
  if (object->kind == FORKLINE_OBJECT_ARRAY)
    init_cells (object, ev->text);
}

/* PROC_FORK, PROC_START, PROC_EXIT, PROC_REAP */
static void
apply_process (ForklineFlowState   *self,
               const ForklineEvent *ev)
{
  ForklineFlowProc *p;

  switch ((ForklineEventType) ev->type)
    {
    case FORKLINE_EV_PROC_FORK:
      apply_fork (self, ev);
      break;

    case FORKLINE_EV_PROC_START:
      if ((p = ensure_proc (self, ev->proc)) != NULL)
        {
          p->started = TRUE;
          if (p->pid == 0)
            p->pid = ev->pid;
          if (*p->name == '\0' && ev->label != NULL)
            p->name = ev->label;
        }
      break;

    case FORKLINE_EV_PROC_EXIT:
      apply_exit (self, ev);
      break;

    case FORKLINE_EV_PROC_REAP:
      if ((p = ensure_proc (self, ev->proc)) != NULL)
        p->reaped = TRUE;
      break;

    default:
      break;
    }
}

/* QUEUE_* and PIPE_*: messages move by their role; the rest by kind. */
static void
apply_channel (ForklineFlowState       *self,
               const ForklineEvent     *ev,
               const ForklineEventKind *kind)
{
  ForklineObjectKind object_kind = kind->category == FORKLINE_CATEGORY_PIPE
                                   ? FORKLINE_OBJECT_PIPE : FORKLINE_OBJECT_QUEUE;
  ForklineFlowObject *object;

  if (kind->role == FORKLINE_ROLE_SEND)
    {
      apply_put (self, ev, object_kind);
      return;
    }
  if (kind->role == FORKLINE_ROLE_RECEIVE)
    {
      apply_get (self, ev, object_kind);
      return;
    }

  if (ev->type == FORKLINE_EV_PIPE_HOLD)
    {
      apply_pipe_hold (self, ev);
      return;
    }

  if ((object = ensure_object (self, ev->object, object_kind)) == NULL)
    return;
  if (ev->type == FORKLINE_EV_QUEUE_EMPTY)
    {
      object->last_empty = ev->a ? 1 : 0;
      object->last_empty_proc = ev->proc;
      proc_list_add (object->readers, ev->proc);
    }
  else if (ev->type == FORKLINE_EV_PIPE_EOF)
    object->eof_proc = ev->proc;
  else if (ev->type == FORKLINE_EV_QUEUE_WRITTEN && ev->msg_id != 0)
    {
      gint i = find_message (object, ev);

      if (i >= 0)
        g_array_index (object->messages, ForklineFlowMessage, i).buffered = FALSE;
    }
}

static void
apply_event (ForklineFlowState   *self,
             const ForklineEvent *ev)
{
  const ForklineEventKind *kind = forkline_event_kind (ev->type);
  ForklineFlowProc *p;

  self->last_event_ns = ev->time_ns;
  if (kind == NULL)
    return;

  switch (kind->category)
    {
    case FORKLINE_CATEGORY_PROCESS:
      apply_process (self, ev);
      break;

    case FORKLINE_CATEGORY_STATE:
      apply_state (self, ev);
      break;

    case FORKLINE_CATEGORY_OBJECT:
      apply_object_new (self, ev);
      break;

    case FORKLINE_CATEGORY_QUEUE:
    case FORKLINE_CATEGORY_PIPE:
      apply_channel (self, ev, kind);
      break;

    case FORKLINE_CATEGORY_LOCK:
      apply_lock (self, ev);
      break;

    case FORKLINE_CATEGORY_ARRAY:
      if (ev->type == FORKLINE_EV_ARRAY_READ)
        apply_array_read (self, ev);
      else
        apply_array_write (self, ev);
      break;

    case FORKLINE_CATEGORY_POOL:
      apply_task (self, ev);
      break;

    case FORKLINE_CATEGORY_PRINT:
      if ((p = ensure_proc (self, ev->proc)) != NULL)
        {
          p->last_print = ev->text != NULL ? ev->text : "";
          p->last_print_ns = ev->time_ns;
        }
      break;

    case FORKLINE_CATEGORY_RUN:
    case FORKLINE_CATEGORY_KERNEL:
    case FORKLINE_CATEGORY_ERROR:
    case FORKLINE_CATEGORY_CODE:
    default:
      break;
    }
}

static void
save_checkpoint (ForklineFlowState *self)
{
  Checkpoint *last = self->checkpoints->len > 0
    ? g_ptr_array_index (self->checkpoints, self->checkpoints->len - 1) : NULL;
  Checkpoint *checkpoint;

  if (last != NULL && last->n_applied >= self->n_applied)
    return;

  checkpoint = g_new0 (Checkpoint, 1);
  checkpoint->n_applied = self->n_applied;
  checkpoint->last_event_ns = self->last_event_ns;
  checkpoint->procs = g_array_copy (self->procs);
  checkpoint->objects = copy_objects (self->objects);
  checkpoint->reads = g_array_copy (self->reads);
  g_ptr_array_add (self->checkpoints, checkpoint);
}

/* Back to the latest checkpoint at or before @target events, or to the
 * start. */
static void
restore_before (ForklineFlowState *self,
                guint              target)
{
  const Checkpoint *found = NULL;

  for (guint i = self->checkpoints->len; i > 0 && found == NULL; i--)
    {
      const Checkpoint *checkpoint = g_ptr_array_index (self->checkpoints, i - 1);

      if (checkpoint->n_applied <= target)
        found = checkpoint;
    }

  forkline_flow_state_reset (self);
  if (found == NULL)
    return;

  g_array_unref (self->procs);
  self->procs = g_array_copy (found->procs);
  g_ptr_array_unref (self->objects);
  self->objects = copy_objects (found->objects);
  for (guint i = 0; i < self->objects->len; i++)
    {
      ForklineFlowObject *object = g_ptr_array_index (self->objects, i);

      g_hash_table_insert (self->objects_by_id, GUINT_TO_POINTER (object->id), object);
    }
  g_array_unref (self->reads);
  self->reads = g_array_copy (found->reads);
  self->n_applied = found->n_applied;
  self->last_event_ns = found->last_event_ns;
}

void
forkline_flow_state_set_checkpoint_interval (ForklineFlowState *self,
                                             guint              n_events)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (n_events > 0);

  self->checkpoint_every = n_events;
  g_ptr_array_set_size (self->checkpoints, 0);
}

gboolean
forkline_flow_state_update (ForklineFlowState *self,
                            guint64            time_ns)
{
  guint target;
  gboolean forward = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);

  g_array_set_size (self->moves, 0);

  if (self->trace == NULL)
    {
      self->time_ns = time_ns;
      return TRUE;
    }

  if (time_ns == G_MAXUINT64)
    target = forkline_trace_get_n_events (self->trace);
  else
    target = forkline_trace_count_events_until (self->trace, time_ns);

  /* The state only depends on how many events are applied, so going back
   * without crossing an event costs nothing. */
  if (target < self->n_applied)
    {
      restore_before (self, target);
      forward = FALSE;
    }

  self->recording = forward;
  for (guint i = self->n_applied; i < target; i++)
    {
      ForklineEvent ev;

      self->current = i;
      if (forkline_trace_get_event (self->trace, i, &ev))
        apply_event (self, &ev);
      self->n_applied = i + 1;
      if (self->n_applied % self->checkpoint_every == 0)
        save_checkpoint (self);
    }
  self->recording = FALSE;

  self->n_applied = target;
  self->time_ns = time_ns;

  return forward;
}

guint64
forkline_flow_state_get_time (ForklineFlowState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->time_ns;
}

guint
forkline_flow_state_get_n_applied (ForklineFlowState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_applied;
}

guint64
forkline_flow_state_get_last_event_time (ForklineFlowState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->last_event_ns;
}

guint
forkline_flow_state_get_n_procs (ForklineFlowState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->procs->len;
}

const ForklineFlowProc *
forkline_flow_state_get_proc (ForklineFlowState *self,
                              guint              proc)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (proc >= self->procs->len)
    return NULL;
  return &g_array_index (self->procs, ForklineFlowProc, proc);
}

static const char *
object_kind_word (const ForklineFlowObject *object)
{
  switch (object != NULL ? object->kind : 0)
    {
    case FORKLINE_OBJECT_QUEUE: return "the queue";
    case FORKLINE_OBJECT_PIPE:  return "the pipe";
    case FORKLINE_OBJECT_LOCK:  return "the Lock";
    case FORKLINE_OBJECT_ARRAY: return "the Array";
    case FORKLINE_OBJECT_POOL:  return "the Pool";
    default:                    return NULL;
    }
}

const char *
forkline_flow_signal_name (gint signal_number)
{
  /* Numbers as on Linux; a learner meets the names, not the numbers. */
  static const struct { gint number; const char *name; } names[] = {
    { SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" }, { SIGQUIT, "SIGQUIT" }, { SIGILL, "SIGILL" },
    { SIGTRAP, "SIGTRAP" }, { SIGABRT, "SIGABRT" }, { SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" },
    { SIGKILL, "SIGKILL" }, { SIGUSR1, "SIGUSR1" }, { SIGSEGV, "SIGSEGV" }, { SIGUSR2, "SIGUSR2" },
    { SIGPIPE, "SIGPIPE" }, { SIGALRM, "SIGALRM" }, { SIGTERM, "SIGTERM" }, { SIGCHLD, "SIGCHLD" },
    { SIGCONT, "SIGCONT" }, { SIGSTOP, "SIGSTOP" }, { SIGTSTP, "SIGTSTP" }, { SIGXCPU, "SIGXCPU" },
    { SIGXFSZ, "SIGXFSZ" }, { SIGSYS, "SIGSYS" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].number == signal_number)
      return names[i].name;
  return NULL;
}

/* CPython's Pool.terminate() (also run when the pool is garbage collected
 * or its with-block ends) sends SIGTERM to every worker. */
static gboolean
is_pool_worker (ForklineFlowState      *self,
                const ForklineFlowProc *p)
{
  if (p->name != NULL && g_str_has_prefix (p->name, "PoolWorker"))
    return TRUE;
  for (guint i = 0; i < self->objects->len; i++)
    {
      const ForklineFlowObject *object = g_ptr_array_index (self->objects, i);

      if (object->kind == FORKLINE_OBJECT_POOL &&
          forkline_flow_object_has_proc (object->workers, p->proc))
        return TRUE;
    }
  return FALSE;
}

char *
forkline_flow_state_describe_proc (ForklineFlowState *self,
                                   guint              proc)
{
  const ForklineFlowProc *p;

  g_return_val_if_fail (self != NULL, NULL);

  p = forkline_flow_state_get_proc (self, proc);
  if (p == NULL || !p->seen)
    return g_strdup ("not started");

  if (p->exited)
    {
      if (p->exit_signal == SIGTERM && is_pool_worker (self, p))
        return g_strdup ("terminated by the pool");
      if (p->exit_signal != 0 && forkline_flow_signal_name (p->exit_signal) != NULL)
        return g_strdup_printf ("killed by %s", forkline_flow_signal_name (p->exit_signal));
      if (p->exit_signal != 0)
        return g_strdup_printf ("killed by signal %d", p->exit_signal);
      return g_strdup_printf ("exited with code %d", p->exit_code);
    }

  if (p->state_label != NULL && *p->state_label != '\0')
    return g_strdup (p->state_label);

  if (p->task >= 0 && p->state == FORKLINE_STATE_RUNNING)
    {
      const ForklineFlowObject *pool = forkline_flow_state_lookup_object (self, p->task_pool);
      const ForklineFlowTask *task =
        pool != NULL ? forkline_flow_object_get_task (pool, p->task) : NULL;

      if (task != NULL && *task->argument != '\0')
        return g_strdup_printf ("working on task %" G_GINT64_FORMAT " (%s)", p->task,
                                task->argument);
      return g_strdup_printf ("working on task %" G_GINT64_FORMAT, p->task);
    }

  if (p->wait_object != 0)
    {
      const char *what =
        object_kind_word (forkline_flow_state_lookup_object (self, p->wait_object));

      if (what != NULL && p->state == FORKLINE_STATE_WAIT_QUEUE)
        return g_strdup_printf ("blocked in get() on %s", what);
    }

  if (p->state == FORKLINE_STATE_WAIT_JOIN && p->wait_pid != 0)
    {
      for (guint i = 0; i < self->procs->len; i++)
        {
          const ForklineFlowProc *other = &g_array_index (self->procs, ForklineFlowProc, i);

          if (other->pid == p->wait_pid && *other->name != '\0')
            return g_strdup_printf ("waiting in join() for %s", other->name);
        }
    }

  if (!p->started && p->state == FORKLINE_STATE_RUNNING)
    return g_strdup ("starting");

  return g_strdup (forkline_state_name (p->state));
}

guint
forkline_flow_state_get_n_objects (ForklineFlowState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->objects->len;
}

const ForklineFlowObject *
forkline_flow_state_get_object (ForklineFlowState *self,
                                guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (index >= self->objects->len)
    return NULL;
  return g_ptr_array_index (self->objects, index);
}

const ForklineFlowObject *
forkline_flow_state_lookup_object (ForklineFlowState *self,
                                   guint32            id)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_hash_table_lookup (self->objects_by_id, GUINT_TO_POINTER (id));
}

const ForklineFlowMove *
forkline_flow_state_get_moves (ForklineFlowState *self,
                               guint             *n_moves)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_moves != NULL, NULL);

  *n_moves = self->moves->len;
  return (const ForklineFlowMove *) (gpointer) self->moves->data;
}

const char *
forkline_flow_state_proc_name (ForklineFlowState *self,
                               gint               proc)
{
  const ForklineFlowProc *p;

  g_return_val_if_fail (self != NULL, "");

  if (proc < 0)
    return "?";
  p = forkline_flow_state_get_proc (self, proc);
  if (p == NULL || p->name == NULL || *p->name == '\0')
    return proc == 0 ? "main" : "?";
  return p->name;
}

char *
forkline_flow_state_name_procs (ForklineFlowState *self,
                                const GArray      *procs)
{
  GString *str;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (procs != NULL, NULL);

  if (procs->len == 0)
    return g_strdup ("nobody");

  str = g_string_new (NULL);
  for (guint i = 0; i < procs->len; i++)
    {
      if (i > 0)
        g_string_append (str, i + 1 == procs->len ? " and " : ", ");
      g_string_append (str, forkline_flow_state_proc_name (self, g_array_index (procs, gint16, i)));
    }
  return g_string_free (str, FALSE);
}

static gboolean
other_holder_may_send (ForklineFlowState *self,
                       const GArray      *holders,
                       gint16             receiver)
{
  for (guint i = 0; i < holders->len; i++)
    {
      gint16 proc = g_array_index (holders, gint16, i);
      const ForklineFlowProc *h = forkline_flow_state_get_proc (self, proc);

      if (proc == receiver || h == NULL || h->exited)
        continue;
      if (h->state == FORKLINE_STATE_RUNNING || h->state == FORKLINE_STATE_SLEEPING ||
          h->state == FORKLINE_STATE_WAIT_LOCK)
        return TRUE;
    }
  return FALSE;
}

char *
forkline_flow_state_explain_pipe (ForklineFlowState        *self,
                                  const ForklineFlowObject *pipe)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (pipe != NULL, NULL);

  if (pipe->kind != FORKLINE_OBJECT_PIPE || pipe->messages->len > 0)
    return NULL;

  for (guint i = 0; i < self->procs->len; i++)
    {
      const ForklineFlowProc *p = &g_array_index (self->procs, ForklineFlowProc, i);
      g_autofree char *holders = NULL;
      const GArray *other;
      gint8 end;

      gboolean killed = p->exited && p->killed_in_recv == pipe->id;

      if (!p->seen || (!killed && (p->exited || p->state != FORKLINE_STATE_WAIT_PIPE ||
                                   p->wait_object != pipe->id)))
        continue;

      /* recv() returns EOF only once every copy of the other end is closed. */
      end = forkline_flow_object_has_proc (pipe->end_users[1], p->proc) &&
            !forkline_flow_object_has_proc (pipe->end_users[0], p->proc) ? 1 : 0;
      if (pipe->recv_end >= 0 &&
          forkline_flow_object_has_proc (pipe->end_users[pipe->recv_end], p->proc))
        end = pipe->recv_end;
      other = pipe->holders[1 - end];
      /* While another holder of the far end still runs it may send: the
       * wait is not a hang (yet). */
      if (other_holder_may_send (self, other, p->proc))
        return NULL;
      if (other->len == 0)
        return g_strdup_printf ("%s waits in recv() on end %d; every copy of end %d is closed, "
                                "so it will see EOF",
                                forkline_flow_state_proc_name (self, p->proc), end, 1 - end);

      holders = forkline_flow_state_name_procs (self, other);
      if (killed)
        return g_strdup_printf ("%s waited in recv() on end %d until it was killed: end %d was "
                                "still held by %s%s, so EOF never came",
                                forkline_flow_state_proc_name (self, p->proc), end, 1 - end, holders,
                                !forkline_flow_object_has_proc (other, p->proc) ? "" :
                                other->len == 1 ? " itself" : ", itself among them");
      return g_strdup_printf ("%s waits in recv() on end %d, but end %d is still held by %s%s%s, "
                              "so EOF never comes",
                              forkline_flow_state_proc_name (self, p->proc), end, 1 - end, holders,
                              !forkline_flow_object_has_proc (other, p->proc) ? "" :
                              other->len == 1 ? " itself" : ", itself among them",
                              "");
    }

  return NULL;
}

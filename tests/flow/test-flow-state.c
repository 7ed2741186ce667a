/* test-flow-state.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flow diagram's model: the state of a lesson at time T, computed from
 * event sequences built in code (no display needed).
 */

#include "config.h"

#include "forkline-flow-state.h"
#include "flow-test-events.h"

#define MS(t) ((guint64) (t) * G_GUINT64_CONSTANT (1000000))

static ForklineFlowState *
state_at (ForklineTrace *trace,
          guint64        time_ns)
{
  ForklineFlowState *state = forkline_flow_state_new ();

  forkline_flow_state_set_trace (state, trace);
  forkline_flow_state_update (state, time_ns);
  return state;
}

static const ForklineFlowMessage *
message_at (const ForklineFlowObject *object,
            guint                     i)
{
  g_assert_cmpuint (i, <, object->messages->len);
  return &g_array_index (object->messages, ForklineFlowMessage, i);
}

static const ForklineFlowCell *
cell_at (const ForklineFlowObject *object,
         guint                     i)
{
  g_assert_cmpuint (i, <, object->cells->len);
  return &g_array_index (object->cells, ForklineFlowCell, i);
}

static void
test_processes_alive_then_exited (void)
{
  g_autoptr(ForklineTrace) trace = flow_test_lesson_shared_array ();
  g_autoptr(ForklineFlowState) state = state_at (trace, MS (1000));
  const ForklineFlowProc *p;
  g_autofree char *words = NULL;
  g_autofree char *main_words = NULL;

  g_assert_cmpuint (forkline_flow_state_get_n_procs (state), ==, 11);
  p = forkline_flow_state_get_proc (state, 3);
  g_assert_nonnull (p);
  g_assert_true (p->seen);
  g_assert_false (p->exited);
  g_assert_cmpstr (p->name, ==, "Process-3");
  g_assert_cmpint (p->parent, ==, 0);
  g_assert_cmpint (p->state, ==, FORKLINE_STATE_SLEEPING);
  words = forkline_flow_state_describe_proc (state, 3);
  g_assert_cmpstr (words, ==, "time.sleep(2)");
  main_words = forkline_flow_state_describe_proc (state, 0);
  g_assert_cmpstr (main_words, ==, "waiting in join() for Process-1");

  forkline_flow_state_update (state, G_MAXUINT64);
  p = forkline_flow_state_get_proc (state, 3);
  g_assert_true (p->exited);
  g_assert_cmpint (p->exit_code, ==, 0);
  g_clear_pointer (&words, g_free);
  words = forkline_flow_state_describe_proc (state, 3);
  g_assert_cmpstr (words, ==, "exited with code 0");
}

static void
test_queue_holds_unreceived_messages (void)
{
  g_autoptr(ForklineTrace) trace = flow_test_lesson_queue ();
  g_autoptr(ForklineFlowState) state = state_at (trace, MS (100));
  const ForklineFlowObject *queue;

  queue = forkline_flow_state_lookup_object (state, 1);
  g_assert_nonnull (queue);
  g_assert_cmpint (queue->kind, ==, FORKLINE_OBJECT_QUEUE);
  g_assert_cmpuint (queue->messages->len, ==, 1);
  g_assert_cmpstr (message_at (queue, 0)->text, ==, "xyz");
  g_assert_cmpint (message_at (queue, 0)->sender, ==, 0);
  g_assert_cmpint (queue->last_empty, ==, 0);

  /* the consumer took "xyz", saw the queue empty and quit */
  forkline_flow_state_update (state, MS (600));
  g_assert_cmpuint (queue->messages->len, ==, 0);
  g_assert_cmpint (queue->last_empty, ==, 1);
  g_assert_true (forkline_flow_object_has_proc (queue->receivers, 2));
  g_assert_true (forkline_flow_state_get_proc (state, 2)->exited);

  /* the producer's items pile up with nobody to take them */
  forkline_flow_state_update (state, G_MAXUINT64);
  g_assert_cmpuint (queue->messages->len, ==, 5);
  g_assert_cmpstr (message_at (queue, 0)->text, ==, "sudh");
  g_assert_cmpstr (message_at (queue, 4)->text, ==, "naik");
  g_assert_cmpint (message_at (queue, 4)->sender, ==, 1);
  g_assert_cmpuint (message_at (queue, 4)->put_ns, ==, MS (7504));
  g_assert_cmpuint (queue->n_put, ==, 6);
  g_assert_cmpuint (queue->n_got, ==, 1);
}

static void
test_moves_list_puts_and_gets_on_the_way (void)
{
  g_autoptr(ForklineTrace) trace = flow_test_lesson_queue ();
  g_autoptr(ForklineFlowState) state = state_at (trace, MS (100));
  const ForklineFlowMove *moves;
  guint n_moves;

  g_assert_true (forkline_flow_state_update (state, MS (1600)));
  moves = forkline_flow_state_get_moves (state, &n_moves);
  g_assert_cmpuint (n_moves, ==, 2);
  g_assert_cmpint (moves[0].kind, ==, FORKLINE_FLOW_MOVE_GET);
  g_assert_cmpstr (moves[0].text, ==, "xyz");
  g_assert_cmpint (moves[0].proc, ==, 2);
  g_assert_cmpint (moves[0].peer, ==, 0);
  g_assert_cmpint (moves[1].kind, ==, FORKLINE_FLOW_MOVE_PUT);
  g_assert_cmpstr (moves[1].text, ==, "sudh");
  g_assert_cmpint (moves[1].proc, ==, 1);
  g_assert_cmpuint (moves[1].msg_id, ==, 101);

  /* going back starts again and animates nothing */
  g_assert_false (forkline_flow_state_update (state, MS (50)));
  moves = forkline_flow_state_get_moves (state, &n_moves);
  g_assert_cmpuint (n_moves, ==, 0);
}

static void
test_going_back_equals_a_fresh_state (void)
{
  g_autoptr(ForklineTrace) trace = flow_test_lesson_queue ();
  g_autoptr(ForklineFlowState) moved = state_at (trace, G_MAXUINT64);
  g_autoptr(ForklineFlowState) fresh = state_at (trace, MS (300));
  const ForklineFlowObject *a, *b;

  forkline_flow_state_update (moved, MS (300));
  g_assert_cmpuint (forkline_flow_state_get_n_applied (moved), ==,
                    forkline_flow_state_get_n_applied (fresh));
  a = forkline_flow_state_lookup_object (moved, 1);
  b = forkline_flow_state_lookup_object (fresh, 1);
  g_assert_cmpuint (a->messages->len, ==, 1);
  g_assert_cmpuint (b->messages->len, ==, 1);
  g_assert_cmpuint (a->n_put, ==, b->n_put);
  g_assert_false (forkline_flow_state_get_proc (moved, 2)->exited);
  g_assert_cmpuint (forkline_flow_state_get_time (moved), ==, MS (300));
}

static void
test_live_end_follows_appends (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(ForklineFlowState) state = state_at (trace, G_MAXUINT64);
  const ForklineFlowObject *queue;

  flow_test_header (trace, "queue");
  flow_test_fork (trace, 0, 0, -1, "main");
  flow_test_event (trace, 1, FORKLINE_EV_OBJECT_NEW, 0, 7, FORKLINE_OBJECT_QUEUE, 0, 0, 0, "q",
                   NULL);
  g_assert_true (forkline_flow_state_update (state, G_MAXUINT64));
  queue = forkline_flow_state_lookup_object (state, 7);
  g_assert_nonnull (queue);
  g_assert_cmpuint (queue->messages->len, ==, 0);

  flow_test_event (trace, 2, FORKLINE_EV_QUEUE_PUT, 0, 7, 0, 0, 0, 9, NULL, "hello");
  g_assert_true (forkline_flow_state_update (state, G_MAXUINT64));
  g_assert_cmpuint (queue->messages->len, ==, 1);
  g_assert_cmpstr (message_at (queue, 0)->text, ==, "hello");
  g_assert_cmpuint (forkline_flow_state_get_last_event_time (state), ==, MS (2));
}

static void
test_pipe_holders_explain_the_hang (void)
{
  g_autoptr(ForklineTrace) trace = flow_test_lesson_pipe ();
  g_autoptr(ForklineFlowState) state = state_at (trace, MS (1020));
  const ForklineFlowObject *pipe;
  g_autofree char *why = NULL;
  g_autofree char *end1 = NULL;

  pipe = forkline_flow_state_lookup_object (state, 1);
  g_assert_cmpint (pipe->kind, ==, FORKLINE_OBJECT_PIPE);
  /* everybody holds both ends after the forks; one message is inside */
  g_assert_cmpuint (pipe->holders[0]->len, ==, 3);
  g_assert_cmpuint (pipe->holders[1]->len, ==, 3);
  g_assert_cmpuint (pipe->messages->len, ==, 1);
  g_assert_cmpstr (message_at (pipe, 0)->text, ==, "my name is sudh");
  g_assert_cmpint (message_at (pipe, 0)->end, ==, 1);

  /* the sender and the parent closed end 1; the receiver never did */
  forkline_flow_state_update (state, MS (6000));
  g_assert_cmpuint (pipe->messages->len, ==, 0);
  g_assert_cmpuint (pipe->holders[1]->len, ==, 1);
  g_assert_true (forkline_flow_object_has_proc (pipe->holders[1], 2));
  g_assert_false (forkline_flow_object_has_proc (pipe->holders[0], 1));
  g_assert_true (forkline_flow_object_has_proc (pipe->end_users[1], 1));
  g_assert_true (forkline_flow_object_has_proc (pipe->end_users[0], 2));
  end1 = forkline_flow_state_name_procs (state, pipe->holders[1]);
  g_assert_cmpstr (end1, ==, "Process-2");

  why = forkline_flow_state_explain_pipe (state, pipe);
  g_assert_cmpstr (why, ==,
                   "Process-2 waits in recv() on end 0, but end 1 is still held by "
                   "Process-2 itself, so EOF never comes");
}

static void
test_pipe_without_a_stuck_reader_needs_no_explaining (void)
{
  g_autoptr(ForklineTrace) trace = flow_test_lesson_pipe ();
  g_autoptr(ForklineFlowState) state = state_at (trace, MS (1020));
  g_autofree char *why =
    forkline_flow_state_explain_pipe (state, forkline_flow_state_lookup_object (state, 1));

  /* a message is inside: the receiver is about to get it */
  g_assert_null (why);
}

static void
test_array_cells_track_values_and_writers (void)
{
  static const gint64 squares[] = { 4, 9, 36, 49, 64, 64, 81, 9, 9, 9 };
  g_autoptr(ForklineTrace) trace = flow_test_lesson_shared_array ();
  g_autoptr(ForklineFlowState) state = state_at (trace, MS (1000));
  const ForklineFlowObject *arr = forkline_flow_state_lookup_object (state, 1);

  g_assert_cmpuint (arr->cells->len, ==, 10);
  g_assert_cmpint (cell_at (arr, 2)->value, ==, 6);
  g_assert_cmpint (cell_at (arr, 2)->last_writer, ==, FORKLINE_FLOW_NO_PROC);

  forkline_flow_state_update (state, G_MAXUINT64);
  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpint (cell_at (arr, i)->value, ==, squares[i]);
      g_assert_cmpint (cell_at (arr, i)->last_writer, ==, i + 1);
      g_assert_cmpuint (cell_at (arr, i)->n_writes, ==, 1);
      g_assert_cmpuint (cell_at (arr, i)->n_lost, ==, 0);
    }
  g_assert_cmpuint (arr->n_lost, ==, 0);
  g_assert_false (arr->increments_only);
}

static void
test_stale_reads_mark_lost_updates (void)
{
  g_autoptr(ForklineTrace) trace = flow_test_lesson_lock ();
  g_autoptr(ForklineFlowState) state = state_at (trace, G_MAXUINT64);
  const ForklineFlowObject *unsafe = forkline_flow_state_lookup_object (state, 1);
  const ForklineFlowObject *safe = forkline_flow_state_lookup_object (state, 2);

  /* per round: three read 0, then all write 1; two of the three updates lost */
  g_assert_cmpint (cell_at (unsafe, 0)->value, ==, 4);
  g_assert_cmpuint (unsafe->n_lost, ==, 8);
  g_assert_cmpuint (cell_at (unsafe, 0)->n_lost, ==, 8);
  g_assert_cmpint (cell_at (unsafe, 0)->lost_by, ==, 3);
  g_assert_cmpint (cell_at (unsafe, 0)->lost_victim, ==, 2);
  /* every write added 1 to what it read: 12 increments, the count says 4 */
  g_assert_true (unsafe->increments_only);
  g_assert_cmpint (unsafe->lost_amount, ==, 12 - 4);

  g_assert_cmpint (cell_at (safe, 0)->value, ==, 12);
  g_assert_cmpuint (safe->n_lost, ==, 0);
  g_assert_cmpint (cell_at (safe, 0)->last_writer, ==, 3);
}

static void
test_write_from_a_stale_old_value_is_lost (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(ForklineFlowState) state = NULL;
  const ForklineFlowObject *arr;

  /* no ARRAY_READ events: the write's old value is its basis */
  flow_test_header (trace, "lock");
  flow_test_fork (trace, 0, 0, -1, "main");
  flow_test_fork (trace, 1, 1, 0, "Process-1");
  flow_test_fork (trace, 1, 2, 0, "Process-2");
  flow_test_event (trace, 2, FORKLINE_EV_OBJECT_NEW, 0, 5, FORKLINE_OBJECT_ARRAY, 1, 0, 0, "n",
                   "10");
  flow_test_event (trace, 3, FORKLINE_EV_ARRAY_WRITE, 1, 5, 0, 10, 11, 0, NULL, NULL);
  flow_test_event (trace, 4, FORKLINE_EV_ARRAY_WRITE, 2, 5, 0, 10, 11, 0, NULL, NULL);
  flow_test_event (trace, 5, FORKLINE_EV_ARRAY_WRITE, 1, 5, 0, 11, 12, 0, NULL, NULL);

  state = state_at (trace, G_MAXUINT64);
  arr = forkline_flow_state_lookup_object (state, 5);
  g_assert_cmpuint (arr->n_lost, ==, 1);
  g_assert_cmpint (cell_at (arr, 0)->lost_by, ==, 2);
  g_assert_cmpint (cell_at (arr, 0)->lost_victim, ==, 1);
  g_assert_cmpint (cell_at (arr, 0)->lost_value, ==, 11);
  g_assert_cmpint (cell_at (arr, 0)->value, ==, 12);
  g_assert_cmpint (cell_at (arr, 0)->last_writer, ==, 1);
  g_assert_cmpint (arr->lost_amount, ==, 1);
}

static void
test_lock_holder_and_waiters_in_order (void)
{
  g_autoptr(ForklineTrace) trace = flow_test_lesson_lock ();
  /* round 0 of the locked part: 100..102 waits, 103 P1 acquires */
  g_autoptr(ForklineFlowState) state = state_at (trace, MS (102));
  const ForklineFlowObject *lock = forkline_flow_state_lookup_object (state, 3);
  g_autofree char *words = NULL;

  g_assert_cmpint (lock->kind, ==, FORKLINE_OBJECT_LOCK);
  g_assert_cmpint (lock->holder, ==, FORKLINE_FLOW_NO_PROC);
  g_assert_cmpuint (lock->waiters->len, ==, 3);

  forkline_flow_state_update (state, MS (104));
  g_assert_cmpint (lock->holder, ==, 1);
  g_assert_cmpuint (lock->waiters->len, ==, 2);
  g_assert_cmpint (g_array_index (lock->waiters, gint16, 0), ==, 2);
  g_assert_cmpint (g_array_index (lock->waiters, gint16, 1), ==, 3);
  words = forkline_flow_state_describe_proc (state, 2);
  g_assert_cmpstr (words, ==, "waiting for the Lock");

  forkline_flow_state_update (state, G_MAXUINT64);
  g_assert_cmpint (lock->holder, ==, FORKLINE_FLOW_NO_PROC);
  g_assert_cmpuint (lock->waiters->len, ==, 0);
  g_assert_cmpuint (lock->n_acquired, ==, 12);
}

/* A CPython Queue's item is in its sender's feeder thread until the
 * thread writes it into the pipe. */
static void
test_queue_item_waits_in_the_feeder (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(ForklineFlowState) state = NULL;
  const ForklineFlowObject *q;

  flow_test_header (trace, "script");
  flow_test_fork (trace, 0, 0, -1, "MainProcess");
  flow_test_event (trace, 1, FORKLINE_EV_OBJECT_NEW, 0, 4, FORKLINE_OBJECT_QUEUE, 0, 0, 0, "queue", NULL);
  flow_test_event (trace, 2, FORKLINE_EV_QUEUE_PUT, 0, 4, 1, 0, 0, 77, "queue", "'xyz'");
  flow_test_event (trace, 3, FORKLINE_EV_QUEUE_PUT, 0, 4, 1, 0, 0, 78, "queue", "'abc'");
  flow_test_event (trace, 5, FORKLINE_EV_QUEUE_WRITTEN, 0, 4, 0, 4242, 0, 77, "queue", NULL);

  state = state_at (trace, MS (4));
  q = forkline_flow_state_lookup_object (state, 4);
  g_assert_cmpuint (q->messages->len, ==, 2);
  g_assert_true (g_array_index (q->messages, ForklineFlowMessage, 0).buffered);
  g_assert_true (g_array_index (q->messages, ForklineFlowMessage, 1).buffered);

  forkline_flow_state_update (state, MS (5));
  g_assert_false (g_array_index (q->messages, ForklineFlowMessage, 0).buffered);
  g_assert_true (g_array_index (q->messages, ForklineFlowMessage, 1).buffered);
}

/* A Semaphore is held by several at once, released in any order. */
static void
test_semaphore_has_several_holders (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(ForklineFlowState) state = NULL;
  const ForklineFlowObject *sem;

  flow_test_header (trace, "script");
  flow_test_fork (trace, 0, 0, -1, "MainProcess");
  for (gint16 p = 1; p <= 3; p++)
    flow_test_fork (trace, 1, p, 0, "Process");
  flow_test_event (trace, 2, FORKLINE_EV_OBJECT_NEW, 0, 7, FORKLINE_OBJECT_LOCK, 0, 0, 0, "semaphore", NULL);
  flow_test_event (trace, 3, FORKLINE_EV_LOCK_ACQUIRE, 1, 7, 0, 0, 0, 0, "semaphore", NULL);
  flow_test_event (trace, 4, FORKLINE_EV_LOCK_ACQUIRE, 2, 7, 0, 0, 0, 0, "semaphore", NULL);
  flow_test_event (trace, 5, FORKLINE_EV_LOCK_WAIT, 3, 7, 0, 0, 0, 0, "semaphore", NULL);
  flow_test_event (trace, 6, FORKLINE_EV_LOCK_RELEASE, 1, 7, 0, 0, 0, 0, "semaphore", NULL);
  flow_test_event (trace, 7, FORKLINE_EV_LOCK_ACQUIRE, 3, 7, 0, MS (2), 0, 0, "semaphore", NULL);
  flow_test_event (trace, 8, FORKLINE_EV_LOCK_RELEASE, 3, 7, 0, 0, 0, 0, "semaphore", NULL);

  state = state_at (trace, MS (5));
  sem = forkline_flow_state_lookup_object (state, 7);
  g_assert_cmpuint (sem->owners->len, ==, 2);
  g_assert_cmpint (sem->holder, ==, 1);
  g_assert_cmpuint (sem->waiters->len, ==, 1);

  /* the first holder leaves: the second still holds it */
  forkline_flow_state_update (state, MS (6));
  g_assert_cmpuint (sem->owners->len, ==, 1);
  g_assert_cmpint (sem->holder, ==, 2);

  forkline_flow_state_update (state, MS (7));
  g_assert_cmpuint (sem->owners->len, ==, 2);
  g_assert_cmpuint (sem->waiters->len, ==, 0);

  forkline_flow_state_update (state, G_MAXUINT64);
  g_assert_cmpuint (sem->owners->len, ==, 1);
  g_assert_cmpint (sem->holder, ==, 2);
  g_assert_cmpuint (sem->n_acquired, ==, 3);
}

static void
test_pool_workers_hold_tasks_by_chunk (void)
{
  g_autoptr(ForklineTrace) trace = flow_test_lesson_pool_map ();
  /* chunk 1 (tasks 2, 3) went to PoolWorker-2 at 13 ms; task 2 runs */
  g_autoptr(ForklineFlowState) state = state_at (trace, MS (14));
  const ForklineFlowObject *pool = forkline_flow_state_lookup_object (state, 1);
  const ForklineFlowProc *w2 = forkline_flow_state_get_proc (state, 2);
  const ForklineFlowTask *task;
  g_autofree char *words = NULL;

  g_assert_cmpint (pool->kind, ==, FORKLINE_OBJECT_POOL);
  g_assert_cmpuint (pool->tasks->len, ==, 9);
  g_assert_cmpuint (pool->n_chunks, ==, 5);
  g_assert_cmpint (w2->task, ==, 2);
  g_assert_cmpuint (w2->task_pool, ==, 1);
  task = forkline_flow_object_get_task (pool, 2);
  g_assert_cmpint (task->status, ==, FORKLINE_FLOW_TASK_RUNNING);
  g_assert_cmpint (task->worker, ==, 2);
  g_assert_cmpint (task->chunk, ==, 1);
  g_assert_cmpstr (task->argument, ==, "5");
  task = forkline_flow_object_get_task (pool, 8);
  g_assert_cmpint (task->status, ==, FORKLINE_FLOW_TASK_DISPATCHED);
  g_assert_cmpint (task->worker, ==, FORKLINE_FLOW_NO_PROC);
  words = forkline_flow_state_describe_proc (state, 2);
  g_assert_cmpstr (words, ==, "working on task 2 (5)");

  forkline_flow_state_update (state, G_MAXUINT64);
  task = forkline_flow_object_get_task (pool, 6);
  g_assert_cmpint (task->status, ==, FORKLINE_FLOW_TASK_DONE);
  g_assert_cmpstr (task->result, ==, "7569");
  g_assert_cmpint (task->worker, ==, 4);
  g_assert_cmpint (forkline_flow_state_get_proc (state, 2)->task, ==, -1);
  g_assert_cmpuint (forkline_flow_state_get_proc (state, 1)->n_tasks_done, ==, 2);
  g_assert_cmpuint (pool->workers->len, ==, 5);
}

static void
test_no_trace_is_empty (void)
{
  g_autoptr(ForklineFlowState) state = forkline_flow_state_new ();
  guint n_moves = 1;

  g_assert_true (forkline_flow_state_update (state, MS (5)));
  g_assert_cmpuint (forkline_flow_state_get_n_procs (state), ==, 0);
  g_assert_cmpuint (forkline_flow_state_get_n_objects (state), ==, 0);
  forkline_flow_state_get_moves (state, &n_moves);
  g_assert_cmpuint (n_moves, ==, 0);
  g_assert_null (forkline_flow_state_get_proc (state, 0));
}

static void
append_procs (GString      *str,
              const GArray *procs)
{
  for (guint i = 0; i < procs->len; i++)
    g_string_append_printf (str, "%d,", g_array_index (procs, gint16, i));
  g_string_append_c (str, ';');
}

/* Everything the view draws, as text, to compare two states. */
static char *
summarize (ForklineFlowState *state)
{
  GString *str = g_string_new (NULL);

  g_string_append_printf (str, "n=%u t=%" G_GUINT64_FORMAT "\n",
                          forkline_flow_state_get_n_applied (state),
                          forkline_flow_state_get_last_event_time (state));
  for (guint i = 0; i < forkline_flow_state_get_n_procs (state); i++)
    {
      g_autofree char *words = forkline_flow_state_describe_proc (state, i);
      const ForklineFlowProc *p = forkline_flow_state_get_proc (state, i);

      g_string_append_printf (str, "proc %u %s %s task=%" G_GINT64_FORMAT " done=%u\n", i, p->name,
                              words, p->task, p->n_tasks_done);
    }
  for (guint i = 0; i < forkline_flow_state_get_n_objects (state); i++)
    {
      const ForklineFlowObject *o = forkline_flow_state_get_object (state, i);

      g_string_append_printf (str,
                              "obj %u kind=%d put=%u got=%u holder=%d lost=%u/%" G_GINT64_FORMAT
                              " [",
                              o->id, o->kind, o->n_put, o->n_got, o->holder, o->n_lost,
                              o->lost_amount);
      for (guint j = 0; j < o->messages->len; j++)
        g_string_append_printf (str, "%s,",
                                g_array_index (o->messages, ForklineFlowMessage, j).text);
      g_string_append (str, "] ");
      append_procs (str, o->holders[0]);
      append_procs (str, o->holders[1]);
      append_procs (str, o->waiters);
      for (guint j = 0; j < o->cells->len; j++)
        {
          const ForklineFlowCell *c = &g_array_index (o->cells, ForklineFlowCell, j);

          g_string_append_printf (str, "%" G_GINT64_FORMAT "/%d/%u,", c->value, c->last_writer,
                                  c->n_lost);
        }
      for (guint j = 0; j < o->tasks->len; j++)
        {
          const ForklineFlowTask *t = &g_array_index (o->tasks, ForklineFlowTask, j);

          g_string_append_printf (str, "%d/%d/%s,", t->status, t->worker, t->result);
        }
      g_string_append_c (str, '\n');
    }
  return g_string_free (str, FALSE);
}

static void
test_checkpoints_give_the_same_state_as_a_fresh_start (void)
{
  static const char * const lessons[] = { "lock", "queue", "pipe", "pool-map", "shared-array" };

  for (guint l = 0; l < G_N_ELEMENTS (lessons); l++)
    {
      g_autoptr(ForklineTrace) trace = flow_test_lesson (lessons[l]);
      g_autoptr(ForklineFlowState) jumping = forkline_flow_state_new ();
      guint64 end = forkline_trace_get_end_time (trace);
      guint64 seed = 7;

      /* A checkpoint every 5 events: most jumps back land on one. */
      forkline_flow_state_set_checkpoint_interval (jumping, 5);
      forkline_flow_state_set_trace (jumping, trace);
      forkline_flow_state_update (jumping, G_MAXUINT64);

      for (guint k = 0; k < 40; k++)
        {
          g_autoptr(ForklineFlowState) fresh = forkline_flow_state_new ();
          g_autofree char *a = NULL;
          g_autofree char *b = NULL;
          guint64 t;

          seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
          t = (seed >> 20) % (end + 1);
          forkline_flow_state_update (jumping, t);
          forkline_flow_state_set_trace (fresh, trace);
          forkline_flow_state_update (fresh, t);
          a = summarize (jumping);
          b = summarize (fresh);
          g_assert_cmpstr (a, ==, b);
        }
    }
}

/* Pool.terminate() sends SIGTERM to its workers: said in the lesson's
 * words; other signals by name. */
static void
test_signals_in_words (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(ForklineFlowState) state = forkline_flow_state_new ();
  g_autofree char *worker = NULL;
  g_autofree char *child = NULL;
  g_autofree char *other = NULL;

  flow_test_header (trace, "pool-map");
  flow_test_fork (trace, 0, 0, -1, "main");
  flow_test_fork (trace, 1, 1, 0, "PoolWorker-1");
  flow_test_fork (trace, 1, 2, 0, "Process-2");
  flow_test_fork (trace, 1, 3, 0, "Process-3");
  flow_test_event (trace, 5, FORKLINE_EV_PROC_EXIT, 1, 0, 0, 15, 0, 0, NULL, NULL);
  flow_test_event (trace, 5, FORKLINE_EV_PROC_EXIT, 2, 0, 0, 9, 0, 0, NULL, NULL);
  flow_test_event (trace, 5, FORKLINE_EV_PROC_EXIT, 3, 0, 0, 15, 0, 0, NULL, NULL);
  forkline_flow_state_set_trace (state, trace);
  forkline_flow_state_update (state, G_MAXUINT64);

  worker = forkline_flow_state_describe_proc (state, 1);
  child = forkline_flow_state_describe_proc (state, 2);
  other = forkline_flow_state_describe_proc (state, 3);
  g_assert_cmpstr (worker, ==, "terminated by the pool");
  g_assert_cmpstr (child, ==, "killed by SIGKILL");
  g_assert_cmpstr (other, ==, "killed by SIGTERM");
  g_assert_null (forkline_flow_signal_name (77));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow/state/processes-alive-then-exited", test_processes_alive_then_exited);
  g_test_add_func ("/flow/state/signals-in-words", test_signals_in_words);
  g_test_add_func ("/flow/state/queue-holds-unreceived-messages",
                   test_queue_holds_unreceived_messages);
  g_test_add_func ("/flow/state/moves-list-puts-and-gets-on-the-way",
                   test_moves_list_puts_and_gets_on_the_way);
  g_test_add_func ("/flow/state/going-back-equals-a-fresh-state",
                   test_going_back_equals_a_fresh_state);
  g_test_add_func ("/flow/state/live-end-follows-appends", test_live_end_follows_appends);
  g_test_add_func ("/flow/state/pipe-holders-explain-the-hang", test_pipe_holders_explain_the_hang);
  g_test_add_func ("/flow/state/pipe-without-a-stuck-reader",
                   test_pipe_without_a_stuck_reader_needs_no_explaining);
  g_test_add_func ("/flow/state/array-cells-track-values-and-writers",
                   test_array_cells_track_values_and_writers);
  g_test_add_func ("/flow/state/stale-reads-mark-lost-updates", test_stale_reads_mark_lost_updates);
  g_test_add_func ("/flow/state/write-from-a-stale-old-value-is-lost",
                   test_write_from_a_stale_old_value_is_lost);
  g_test_add_func ("/flow/state/lock-holder-and-waiters-in-order",
                   test_lock_holder_and_waiters_in_order);
  g_test_add_func ("/flow/state/semaphore-has-several-holders", test_semaphore_has_several_holders);
  g_test_add_func ("/flow/state/queue-item-waits-in-the-feeder", test_queue_item_waits_in_the_feeder);
  g_test_add_func ("/flow/state/pool-workers-hold-tasks-by-chunk",
                   test_pool_workers_hold_tasks_by_chunk);
  g_test_add_func ("/flow/state/no-trace-is-empty", test_no_trace_is_empty);
  g_test_add_func ("/flow/state/checkpoints-same-as-fresh",
                   test_checkpoints_give_the_same_state_as_a_fresh_start);

  return g_test_run ();
}

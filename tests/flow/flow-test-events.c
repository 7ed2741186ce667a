/* flow-test-events.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lesson-shaped event sequences: the same event types, fields and order as
 * engine/protocol/PROTOCOL.md describes, with round times so tests can name them.
 */

#include "config.h"

#include <string.h>

#include "flow-test-events.h"

#define MS(t) ((guint64) (t) * G_GUINT64_CONSTANT (1000000))
#define PID(proc) ((gint32) (4000 + (proc)))

void
flow_test_event (ForklineTrace *trace,
                 guint64        time_ms,
                 guint16        type,
                 gint16         proc,
                 guint32        object,
                 gint64         a,
                 gint64         b,
                 gint64         c,
                 guint64        msg_id,
                 const char    *label,
                 const char    *text)
{
  ForklineEvent ev = {0};

  ev.type = type;
  ev.time_ns = MS (time_ms);
  ev.pid = proc >= 0 ? PID (proc) : 0;
  ev.proc = proc;
  ev.cpu = -1;
  ev.object = object;
  ev.a = a;
  ev.b = b;
  ev.c = c;
  ev.msg_id = msg_id;
  ev.label = label != NULL ? label : "";
  ev.label_len = strlen (ev.label);
  ev.text = text != NULL ? text : "";
  ev.text_len = strlen (ev.text);
  forkline_trace_append (trace, &ev);
}

void
flow_test_header (ForklineTrace *trace,
                  const char    *lesson)
{
  flow_test_event (trace, 0, FORKLINE_EV_HEADER, -1, 0,
                   FORKLINE_PROTOCOL_VERSION, 2, FORKLINE_METHOD_PERF_SWITCH, 0, lesson, "");
  flow_test_event (trace, 0, FORKLINE_EV_LESSON_BEGIN, -1, 0, 0, 0, 0, 0, lesson, lesson);
}

void
flow_test_fork (ForklineTrace *trace,
                guint64        time_ms,
                gint16         proc,
                gint16         parent,
                const char    *name)
{
  ForklineEvent ev = {0};

  ev.type = FORKLINE_EV_PROC_FORK;
  ev.time_ns = MS (time_ms);
  ev.pid = PID (proc);
  ev.peer_pid = parent >= 0 ? PID (parent) : 1;
  ev.proc = proc;
  ev.cpu = -1;
  ev.a = parent;
  ev.label = name;
  ev.label_len = strlen (name);
  ev.text = "";
  forkline_trace_append (trace, &ev);
  flow_test_event (trace, time_ms, FORKLINE_EV_PROC_START, proc, 0, 0, 0, 0, 0, NULL, NULL);
}

void
flow_test_state (ForklineTrace *trace,
                 guint64        time_ms,
                 gint16         proc,
                 ForklineState  state,
                 guint32        object,
                 const char    *words)
{
  flow_test_event (trace, time_ms, FORKLINE_EV_STATE, proc, object, state, 0, 0, 0, words, NULL);
}

void
flow_test_exit (ForklineTrace *trace,
                guint64        time_ms,
                gint16         proc,
                gint           code)
{
  flow_test_event (trace, time_ms, FORKLINE_EV_PROC_EXIT, proc, 0, code, 0, 0, 0, NULL, NULL);
  flow_test_event (trace, time_ms, FORKLINE_EV_PROC_REAP, proc, 0, 0, 0, 0, 0, NULL, NULL);
}

static void
flow_test_join (ForklineTrace *trace,
                guint64        time_ms,
                gint16         proc,
                gint16         child,
                const char    *child_name)
{
  g_autofree char *words = g_strdup_printf ("waiting in join() for %s", child_name);
  ForklineEvent ev = {0};

  ev.type = FORKLINE_EV_STATE;
  ev.time_ns = MS (time_ms);
  ev.pid = PID (proc);
  ev.peer_pid = PID (child);
  ev.proc = proc;
  ev.cpu = -1;
  ev.a = FORKLINE_STATE_WAIT_JOIN;
  ev.label = words;
  ev.label_len = strlen (words);
  ev.text = "";
  forkline_trace_append (trace, &ev);
}

/* queue: the seed's race — the consumer takes "xyz", finds the queue empty
 * and quits, so the producer's five items are never consumed. */
ForklineTrace *
flow_test_lesson_queue (void)
{
  static const char * const items[] = { "sudh", "kumar", "pwskills", "krish", "naik" };
  ForklineTrace *trace = forkline_trace_new ();

  forkline_trace_begin_batch (trace);
  flow_test_header (trace, "queue");
  flow_test_fork (trace, 0, 0, -1, "main");
  flow_test_event (trace, 1, FORKLINE_EV_OBJECT_NEW, 0, 1, FORKLINE_OBJECT_QUEUE, 0, 0, 0, "queue",
                   NULL);
  flow_test_fork (trace, 2, 1, 0, "Process-1");
  flow_test_state (trace, 2, 1, FORKLINE_STATE_SLEEPING, 0, "time.sleep(1.5) before each put()");
  flow_test_fork (trace, 3, 2, 0, "Process-2");
  flow_test_event (trace, 4, FORKLINE_EV_QUEUE_PUT, 0, 1, 0, 0, 0, 100, NULL, "xyz");
  flow_test_join (trace, 5, 0, 1, "Process-1");
  flow_test_event (trace, 5, FORKLINE_EV_QUEUE_EMPTY, 2, 1, 0, 0, 0, 0, NULL, NULL);
  flow_test_state (trace, 5, 2, FORKLINE_STATE_SLEEPING, 0, "time.sleep(0.5)");
  flow_test_state (trace, 505, 2, FORKLINE_STATE_RUNNING, 0, "");
  flow_test_event (trace, 506, FORKLINE_EV_QUEUE_GET, 2, 1, 0, 0, 0, 100, NULL, "xyz");
  flow_test_event (trace, 507, FORKLINE_EV_PRINT, 2, 0, 0, 0, 0, 0, NULL, "- Exit: xyz");
  flow_test_event (trace, 508, FORKLINE_EV_QUEUE_EMPTY, 2, 1, 1, 0, 0, 0, NULL, NULL);
  flow_test_exit (trace, 510, 2, 0);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      guint64 t = 1502 + 1500 * i;
      g_autofree char *line = g_strdup_printf ("Entry: %s", items[i]);

      flow_test_state (trace, t, 1, FORKLINE_STATE_RUNNING, 0, "");
      flow_test_event (trace, t + 1, FORKLINE_EV_PRINT, 1, 0, 0, 0, 0, 0, NULL, line);
      flow_test_event (trace, t + 2, FORKLINE_EV_QUEUE_PUT, 1, 1, 0, 0, 0, 101 + i, NULL, items[i]);
      if (i + 1 < G_N_ELEMENTS (items))
        flow_test_state (trace, t + 3, 1, FORKLINE_STATE_SLEEPING, 0,
                         "time.sleep(1.5) before each put()");
    }
  flow_test_exit (trace, 7510, 1, 0);
  flow_test_join (trace, 7511, 0, 2, "Process-2");
  flow_test_state (trace, 7512, 0, FORKLINE_STATE_RUNNING, 0, "");
  flow_test_exit (trace, 7513, 0, 0);
  flow_test_event (trace, 7514, FORKLINE_EV_LESSON_END, -1, 0, FORKLINE_RESULT_OK, 0, 0, 0, NULL,
                   "5 items were never consumed");
  forkline_trace_end_batch (trace);

  return trace;
}

/* pipe: the receiver inherited the sending end and never closes it, so
 * recv() never sees EOF; the run ends on the timeout. */
ForklineTrace *
flow_test_lesson_pipe (void)
{
  static const char * const msgs[] = {
    "my name is sudh", "this is my msg to my students",
    "i am taking class for dsm", "try to practice all the code",
  };
  ForklineTrace *trace = forkline_trace_new ();

  forkline_trace_begin_batch (trace);
  flow_test_header (trace, "pipe");
  flow_test_fork (trace, 0, 0, -1, "main");
  flow_test_event (trace, 1, FORKLINE_EV_OBJECT_NEW, 0, 1, FORKLINE_OBJECT_PIPE, 0, 0, 0, "Pipe()",
                   NULL);
  flow_test_event (trace, 1, FORKLINE_EV_PIPE_HOLD, 0, 1, 0, 1, 0, 0, NULL, NULL);
  flow_test_event (trace, 1, FORKLINE_EV_PIPE_HOLD, 0, 1, 1, 1, 0, 0, NULL, NULL);
  for (gint16 p = 1; p <= 2; p++)
    {
      flow_test_fork (trace, 1 + p, p, 0, p == 1 ? "Process-1" : "Process-2");
      /* fork copies both ends into the child */
      flow_test_event (trace, 1 + p, FORKLINE_EV_PIPE_HOLD, p, 1, 0, 1, 0, 0, NULL, NULL);
      flow_test_event (trace, 1 + p, FORKLINE_EV_PIPE_HOLD, p, 1, 1, 1, 0, 0, NULL, NULL);
    }
  flow_test_state (trace, 3, 1, FORKLINE_STATE_SLEEPING, 0, "time.sleep(1)");
  flow_test_state (trace, 4, 2, FORKLINE_STATE_WAIT_PIPE, 1, "blocked in recv()");
  flow_test_join (trace, 4, 0, 1, "Process-1");

  for (guint i = 0; i < G_N_ELEMENTS (msgs); i++)
    {
      guint64 t = 1003 + 1000 * i;

      flow_test_state (trace, t, 1, FORKLINE_STATE_RUNNING, 0, "");
      flow_test_event (trace, t + 1, FORKLINE_EV_PIPE_SEND, 1, 1, 1, 0, 0, 200 + i, NULL, msgs[i]);
      if (i + 1 < G_N_ELEMENTS (msgs))
        flow_test_state (trace, t + 2, 1, FORKLINE_STATE_SLEEPING, 0, "time.sleep(1)");
      flow_test_state (trace, t + 40, 2, FORKLINE_STATE_RUNNING, 0, "");
      flow_test_event (trace, t + 41, FORKLINE_EV_PIPE_RECV, 2, 1, 0, 0, 0, 200 + i, NULL, msgs[i]);
      flow_test_event (trace, t + 42, FORKLINE_EV_PRINT, 2, 0, 0, 0, 0, 0, NULL, msgs[i]);
      flow_test_state (trace, t + 43, 2, FORKLINE_STATE_WAIT_PIPE, 1, "blocked in recv()");
    }
  /* conn.close() in the sender, then it exits (dropping its copy of end 0) */
  flow_test_event (trace, 4010, FORKLINE_EV_PIPE_CLOSE, 1, 1, 1, 0, 0, 0, NULL, NULL);
  flow_test_event (trace, 4010, FORKLINE_EV_PIPE_HOLD, 1, 1, 1, 0, 0, 0, NULL, NULL);
  flow_test_event (trace, 4011, FORKLINE_EV_PIPE_HOLD, 1, 1, 0, 0, 0, 0, NULL, NULL);
  flow_test_exit (trace, 4011, 1, 0);
  flow_test_state (trace, 4012, 0, FORKLINE_STATE_RUNNING, 0, "");
  flow_test_event (trace, 4013, FORKLINE_EV_PIPE_CLOSE, 0, 1, 1, 0, 0, 0, NULL, NULL);
  flow_test_event (trace, 4013, FORKLINE_EV_PIPE_HOLD, 0, 1, 1, 0, 0, 0, NULL, NULL);
  flow_test_join (trace, 4014, 0, 2, "Process-2");
  flow_test_event (trace, 9000, FORKLINE_EV_LESSON_END, -1, 0, FORKLINE_RESULT_TIMEOUT, 0, 0, 0,
                   NULL, "timed out: the receiver waits forever");
  forkline_trace_end_batch (trace);

  return trace;
}

/* shared-array: ten processes square one cell each after sleep(2). */
ForklineTrace *
flow_test_lesson_shared_array (void)
{
  static const gint64 values[] = { 2, 3, 6, 7, 8, 8, 9, 3, 3, 3 };
  ForklineTrace *trace = forkline_trace_new ();

  forkline_trace_begin_batch (trace);
  flow_test_header (trace, "shared-array");
  flow_test_fork (trace, 0, 0, -1, "main");
  flow_test_event (trace, 1, FORKLINE_EV_OBJECT_NEW, 0, 1, FORKLINE_OBJECT_ARRAY, 10, 0, 0,
                   "arr", "2,3,6,7,8,8,9,3,3,3");
  for (gint16 p = 1; p <= 10; p++)
    {
      g_autofree char *name = g_strdup_printf ("Process-%d", p);

      flow_test_fork (trace, 1 + p, p, 0, name);
      flow_test_state (trace, 1 + p, p, FORKLINE_STATE_SLEEPING, 0, "time.sleep(2)");
    }
  flow_test_join (trace, 12, 0, 1, "Process-1");
  for (gint16 p = 1; p <= 10; p++)
    {
      guint64 t = 2001 + p * 3;
      gint64 v = values[p - 1];

      flow_test_state (trace, t, p, FORKLINE_STATE_RUNNING, 0, "");
      flow_test_event (trace, t, FORKLINE_EV_ARRAY_READ, p, 1, p - 1, v, 0, 0, NULL, NULL);
      flow_test_event (trace, t + 1, FORKLINE_EV_ARRAY_WRITE, p, 1, p - 1, v, v * v, 0, NULL, NULL);
      flow_test_exit (trace, t + 2, p, 0);
    }
  flow_test_state (trace, 2040, 0, FORKLINE_STATE_RUNNING, 0, "");
  flow_test_event (trace, 2041, FORKLINE_EV_PRINT, 0, 0, 0, 0, 0, 0, NULL,
                   "[4, 9, 36, 49, 64, 64, 81, 9, 9, 9]");
  flow_test_exit (trace, 2042, 0, 0);
  forkline_trace_end_batch (trace);

  return trace;
}

/* lock: three processes add 1 to a shared counter four times each, first
 * without a Lock (read and write interleave: updates are lost), then with
 * one (the count is exact; the others wait). */
ForklineTrace *
flow_test_lesson_lock (void)
{
  ForklineTrace *trace = forkline_trace_new ();
  gint64 counter = 0;
  guint64 t;

  forkline_trace_begin_batch (trace);
  flow_test_header (trace, "lock");
  flow_test_fork (trace, 0, 0, -1, "main");
  flow_test_event (trace, 1, FORKLINE_EV_OBJECT_NEW, 0, 1, FORKLINE_OBJECT_ARRAY, 1, 0, 0,
                   "counter (no lock)", "0");
  flow_test_event (trace, 1, FORKLINE_EV_OBJECT_NEW, 0, 2, FORKLINE_OBJECT_ARRAY, 1, 0, 0,
                   "counter (with Lock)", "0");
  flow_test_event (trace, 1, FORKLINE_EV_OBJECT_NEW, 0, 3, FORKLINE_OBJECT_LOCK, 0, 0, 0, "Lock()",
                   NULL);
  for (gint16 p = 1; p <= 3; p++)
    {
      g_autofree char *name = g_strdup_printf ("Process-%d", p);

      flow_test_fork (trace, 1 + p, p, 0, name);
    }
  flow_test_join (trace, 5, 0, 1, "Process-1");

  /* Without the lock: all three read before any writes back. */
  t = 10;
  for (guint round = 0; round < 4; round++)
    {
      for (gint16 p = 1; p <= 3; p++)
        flow_test_event (trace, t++, FORKLINE_EV_ARRAY_READ, p, 1, 0, counter, 0, 0, NULL, NULL);
      for (gint16 p = 1; p <= 3; p++)
        {
          /* each writes back what it read + 1: old is what memory held */
          flow_test_event (trace, t++, FORKLINE_EV_ARRAY_WRITE, p, 1, 0, counter,
                           round + 1, 0, NULL, NULL);
          counter = round + 1;
        }
    }

  /* With the lock: one at a time; the others wait in acquire(). */
  counter = 0;
  t = 100;
  for (guint round = 0; round < 4; round++)
    {
      for (gint16 p = 1; p <= 3; p++)
        {
          flow_test_state (trace, t, p, FORKLINE_STATE_WAIT_LOCK, 3, "waiting for the Lock");
          flow_test_event (trace, t++, FORKLINE_EV_LOCK_WAIT, p, 3, 0, 0, 0, 0, NULL, NULL);
        }
      for (gint16 p = 1; p <= 3; p++)
        {
          flow_test_event (trace, t, FORKLINE_EV_LOCK_ACQUIRE, p, 3, MS (2) * p, 0, 0, 0, NULL,
                           NULL);
          flow_test_state (trace, t++, p, FORKLINE_STATE_RUNNING, 0, "holds the Lock");
          flow_test_event (trace, t++, FORKLINE_EV_ARRAY_READ, p, 2, 0, counter, 0, 0, NULL, NULL);
          flow_test_event (trace, t++, FORKLINE_EV_ARRAY_WRITE, p, 2, 0, counter, counter + 1, 0,
                           NULL, NULL);
          counter++;
          flow_test_event (trace, t, FORKLINE_EV_LOCK_RELEASE, p, 3, 0, 0, 0, 0, NULL, NULL);
          flow_test_state (trace, t++, p, FORKLINE_STATE_RUNNING, 0, "");
        }
    }
  for (gint16 p = 1; p <= 3; p++)
    flow_test_exit (trace, 200 + p, p, 0);
  flow_test_state (trace, 205, 0, FORKLINE_STATE_RUNNING, 0, "");
  flow_test_event (trace, 206, FORKLINE_EV_PRINT, 0, 0, 0, 0, 0, 0, NULL,
                   "without lock: 4, with lock: 12");
  flow_test_exit (trace, 207, 0, 0);
  forkline_trace_end_batch (trace);

  return trace;
}

/* pool-map: Pool(5).map(square, [3,4,5,6,6,7,87,8,8]); chunksize 2 here so
 * the chunks show (CPython would pick 1 for nine items and five workers). */
ForklineTrace *
flow_test_lesson_pool_map (void)
{
  static const gint64 args[] = { 3, 4, 5, 6, 6, 7, 87, 8, 8 };
  ForklineTrace *trace = forkline_trace_new ();

  forkline_trace_begin_batch (trace);
  flow_test_header (trace, "pool-map");
  flow_test_fork (trace, 0, 0, -1, "main");
  flow_test_event (trace, 1, FORKLINE_EV_OBJECT_NEW, 0, 1, FORKLINE_OBJECT_POOL, 5, 0, 0, "Pool(5)",
                   NULL);
  for (gint16 p = 1; p <= 5; p++)
    {
      g_autofree char *name = g_strdup_printf ("PoolWorker-%d", p);

      flow_test_fork (trace, 1 + p, p, 0, name);
      flow_test_state (trace, 1 + p, p, FORKLINE_STATE_WAIT_TASK, 1, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    {
      g_autofree char *arg = g_strdup_printf ("%" G_GINT64_FORMAT, args[i]);

      flow_test_event (trace, 10, FORKLINE_EV_TASK_DISPATCH, 0, 1, i, i / 2,
                       i / 2 == 4 ? 1 : 2, 0, NULL, arg);
    }
  flow_test_state (trace, 10, 0, FORKLINE_STATE_WAIT_POOL, 1, "waiting in map() for the results");

  /* chunk c (tasks 2c, 2c+1) goes to worker c + 1 at 12 + c ms; each task
   * takes 4 ms.  Emitted in time order: the trace keeps events sorted. */
  for (guint chunk = 0; chunk < 5; chunk++)
    {
      flow_test_state (trace, 12 + chunk, chunk + 1, FORKLINE_STATE_RUNNING, 0, "");
      flow_test_event (trace, 12 + chunk, FORKLINE_EV_TASK_START, chunk + 1, 1, chunk * 2, chunk, 0,
                       0, NULL, NULL);
    }
  for (guint k = 0; k < 2; k++)
    for (guint chunk = 0; chunk < 5; chunk++)
      {
        guint i = chunk * 2 + k;
        guint64 t = 16 + chunk + 4 * k;
        g_autofree char *result = NULL;

        if (i >= G_N_ELEMENTS (args))
          continue;
        result = g_strdup_printf ("%" G_GINT64_FORMAT, args[i] * args[i]);
        flow_test_event (trace, t, FORKLINE_EV_TASK_FINISH, chunk + 1, 1, i, chunk, 0, 0, NULL,
                         result);
        if (k == 0 && i + 1 < G_N_ELEMENTS (args))
          flow_test_event (trace, t, FORKLINE_EV_TASK_START, chunk + 1, 1, i + 1, chunk, 0, 0, NULL,
                           NULL);
        else
          flow_test_state (trace, t, chunk + 1, FORKLINE_STATE_WAIT_TASK, 1, "");
      }
  flow_test_state (trace, 30, 0, FORKLINE_STATE_RUNNING, 0, "");
  flow_test_event (trace, 30, FORKLINE_EV_PRINT, 0, 0, 0, 0, 0, 0, NULL,
                   "[9, 16, 25, 36, 36, 49, 7569, 64, 64]");
  for (gint16 p = 1; p <= 5; p++)
    flow_test_exit (trace, 31 + p, p, 0);
  flow_test_exit (trace, 40, 0, 0);
  forkline_trace_end_batch (trace);

  return trace;
}

ForklineTrace *
flow_test_lesson (const char *id)
{
  if (g_strcmp0 (id, "queue") == 0)
    return flow_test_lesson_queue ();
  if (g_strcmp0 (id, "pipe") == 0)
    return flow_test_lesson_pipe ();
  if (g_strcmp0 (id, "shared-array") == 0)
    return flow_test_lesson_shared_array ();
  if (g_strcmp0 (id, "lock") == 0)
    return flow_test_lesson_lock ();
  if (g_strcmp0 (id, "pool-map") == 0)
    return flow_test_lesson_pool_map ();
  return NULL;
}

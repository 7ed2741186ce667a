/* test-trace.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trace model fed recorded streams: lanes, states, intervals and
 * message pairs come out right; damaged and cut streams keep what was
 * intact and say what is wrong.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "forkline-event-describe.h"
#include "forkline-synth.h"
#include "forkline-trace.h"
#include "forkline-trace-private.h"
#include "ui-test-fixtures.h"

static ForklineTrace *
load_demo (void)
{
  g_autoptr(GBytes) bytes = ui_test_demo_stream ();
  g_autoptr(GError) error = NULL;
  ForklineTrace *trace = forkline_trace_new ();

  g_assert_true (forkline_trace_load_bytes (trace, bytes, &error));
  g_assert_no_error (error);
  return trace;
}

static void
test_header_and_end (void)
{
  g_autoptr(ForklineTrace) trace = load_demo ();
  const ForklineTraceHeader *h = forkline_trace_get_header (trace);
  const ForklineLessonEnd *end = forkline_trace_get_lesson_end (trace);

  g_assert_true (h->has_header);
  g_assert_cmpuint (h->version, ==, 1);
  g_assert_cmpuint (h->n_cpus, ==, 2);
  g_assert_cmpint (h->method, ==, FORKLINE_METHOD_PERF_SWITCH);
  g_assert_cmpstr (h->lesson_id, ==, "queue");
  g_assert_cmpstr (h->params, ==, "n=3");
  g_assert_cmpstr (h->title, ==, "Passing messages through a Queue");
  g_assert_true (end->ended);
  g_assert_cmpint (end->result, ==, FORKLINE_RESULT_OK);
  g_assert_cmpuint (end->time_ns, ==, DEMO_END);
  g_assert_cmpuint (forkline_trace_get_end_time (trace), ==, DEMO_END);
  g_assert_cmpuint (forkline_trace_get_n_cpus (trace), ==, 2);
}

static void
test_processes (void)
{
  g_autoptr(ForklineTrace) trace = load_demo ();
  const ForklineProcess *p;

  g_assert_cmpuint (forkline_trace_get_n_processes (trace), ==, 3);

  p = forkline_trace_get_process (trace, 1);
  g_assert_cmpstr (p->name, ==, "Process-1");
  g_assert_cmpint (p->pid, ==, 101);
  g_assert_cmpint (p->parent_pid, ==, 100);
  g_assert_cmpint (p->parent_proc, ==, 0);
  g_assert_cmpuint (p->fork_ns, ==, DEMO_FORK1);
  g_assert_cmpuint (p->start_ns, ==, US (25));
  g_assert_cmpuint (p->exit_ns, ==, DEMO_EXIT1);
  g_assert_cmpuint (p->reap_ns, ==, US (820));
  g_assert_cmpint (p->exit_code, ==, 0);
  g_assert_cmpint (p->exit_signal, ==, 0);

  p = forkline_trace_get_process (trace, 2);
  g_assert_cmpstr (p->name, ==, "Process-2");
  g_assert_cmpint (p->exit_signal, ==, 15);
  g_assert_cmpint (p->reaper_pid, ==, 100);

  g_assert_cmpint (forkline_trace_lookup_proc (trace, 102), ==, 2);
  g_assert_cmpint (forkline_trace_lookup_proc (trace, 4242), ==, -1);
  g_assert_null (forkline_trace_get_process (trace, 3));
}

static void
test_states (void)
{
  g_autoptr(ForklineTrace) trace = load_demo ();
  const ForklineStateSpan *s;
  guint n;

  s = forkline_trace_get_states (trace, 2, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (s[0].state, ==, FORKLINE_STATE_RUNNING);
  g_assert_cmpuint (s[0].start_ns, ==, US (35));
  g_assert_cmpuint (s[0].end_ns, ==, US (120));
  g_assert_cmpint (s[1].state, ==, FORKLINE_STATE_WAIT_QUEUE);
  g_assert_cmpstr (s[1].label, ==, "blocked in get() on the queue");
  g_assert_cmpuint (s[1].object, ==, DEMO_QUEUE_ID);
  g_assert_cmpuint (s[1].end_ns, ==, US (450));
  g_assert_cmpint (s[2].state, ==, FORKLINE_STATE_RUNNING);
  g_assert_cmpuint (s[2].end_ns, ==, DEMO_EXIT2);
  g_assert_cmpint (s[3].state, ==, FORKLINE_STATE_EXITED);
  g_assert_cmpuint (s[3].end_ns, ==, FORKLINE_TIME_OPEN);

  s = forkline_trace_get_states (trace, 0, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (s[1].state, ==, FORKLINE_STATE_WAIT_JOIN);
  g_assert_cmpstr (s[1].label, ==, "waiting in join() for Process-1");
  g_assert_cmpuint (s[1].start_ns, ==, US (40));
  g_assert_cmpuint (s[1].end_ns, ==, US (840));

  s = forkline_trace_get_state_at (trace, 1, US (600));
  g_assert_nonnull (s);
  g_assert_cmpint (s->state, ==, FORKLINE_STATE_SLEEPING);
  g_assert_cmpstr (s->label, ==, "sleeping in time.sleep(0.1)");
  g_assert_null (forkline_trace_get_state_at (trace, 1, US (10)));
}

static void
test_cpu_spans (void)
{
  g_autoptr(ForklineTrace) trace = load_demo ();
  const ForklineCpuSpan *s;
  guint n;

  s = forkline_trace_get_cpu_spans (trace, 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (s[0].start_ns, ==, DEMO_CPU1_IN);
  g_assert_cmpuint (s[0].end_ns, ==, DEMO_CPU1_OUT);
  g_assert_cmpint (s[0].pid, ==, 101);
  /* the kernel's record has no proc: the model maps the pid */
  g_assert_cmpint (s[0].proc, ==, 1);
  g_assert_false (s[0].sampled);

  s = forkline_trace_get_cpu_spans (trace, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (s[0].start_ns, ==, DEMO_CPU0_IN);
  g_assert_cmpuint (s[0].end_ns, ==, DEMO_CPU0_OUT);
  g_assert_cmpint (s[0].proc, ==, 2);
}

static void
test_open_cpu_span_at_live_edge (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  const ForklineEvent *events;
  const ForklineCpuSpan *s;
  guint n_events, n;

  events = ui_test_demo_events (&n_events);
  /* stop right after the switch-in on CPU 1 */
  for (guint i = 0; i < n_events && events[i].time_ns <= US (150); i++)
    forkline_trace_append (trace, &events[i]);

  s = forkline_trace_get_cpu_spans (trace, 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (s[0].end_ns, ==, FORKLINE_TIME_OPEN);
  g_assert_cmpuint (forkline_trace_get_end_time (trace), ==, US (150));
}

/* A process the lesson calls running from 0 to 100 µs: on CPU 0 0-30,
 * preempted, on CPU 1 50-70, blocked (a page fault, say), on CPU 0 80-100.
 * Its time splits into on a CPU, ready (waiting for one) and blocked; a
 * dropped ring becomes a span of no data. */
static void
test_where_the_time_went (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  ForklineCpuTime t;
  const ForklineCpuSpan *run;
  const ForklineDataGap *gaps;
  gboolean on_cpu;
  guint n;

  ui_test_append (trace, FORKLINE_EV_HEADER, 0, 1, 0, -1, FORKLINE_PROTOCOL_VERSION, 2);
  ui_test_append (trace, FORKLINE_EV_PROC_START, 0, 100, 0, 0, 0, 0);
  ui_test_append (trace, FORKLINE_EV_STATE, 0, 100, 0, 0, FORKLINE_STATE_RUNNING, 0);
  ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (0), 100, 0, 0, 0, 0);
  ui_test_append (trace, FORKLINE_EV_SWITCH_OUT, US (30), 100, 0, 0, FORKLINE_LEAVE_PREEMPTED, 0);
  ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (50), 100, 0, 1, 0, 0);
  ui_test_append (trace, FORKLINE_EV_SWITCH_OUT, US (70), 100, 0, 1, FORKLINE_LEAVE_BLOCKED, 0);
  ui_test_append (trace, FORKLINE_EV_DATA_LOST, US (78), 0, -1, 1, 12, US (6));
  ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (80), 100, 0, 0, 0, 0);
  ui_test_append (trace, FORKLINE_EV_SWITCH_OUT, US (100), 100, 0, 0, FORKLINE_LEAVE_EXITED, 0);

  forkline_trace_get_cpu_time (trace, 0, 0, US (100), &t);
  g_assert_true (t.known);
  g_assert_cmpuint (t.on_cpu_ns, ==, US (70));
  g_assert_cmpuint (t.ready_ns, ==, US (20));
  g_assert_cmpuint (t.blocked_ns, ==, US (10));

  /* a part of it: 20-60 is 10 on, 20 ready, 10 on */
  forkline_trace_get_cpu_time (trace, 0, US (20), US (60), &t);
  g_assert_cmpuint (t.on_cpu_ns, ==, US (20));
  g_assert_cmpuint (t.ready_ns, ==, US (20));
  g_assert_cmpuint (t.blocked_ns, ==, 0);

  run = forkline_trace_get_cpu_run_at (trace, 0, US (60), &on_cpu);
  g_assert_true (on_cpu);
  g_assert_cmpuint (run->start_ns, ==, US (50));
  run = forkline_trace_get_cpu_run_at (trace, 0, US (75), &on_cpu);
  g_assert_false (on_cpu);
  g_assert_cmpint (run->leave, ==, FORKLINE_LEAVE_BLOCKED);
  g_assert_cmpuint (run->out_event, !=, FORKLINE_NO_EVENT);
  run = forkline_trace_get_cpu_run_at (trace, 0, US (40), &on_cpu);
  g_assert_false (on_cpu);
  g_assert_cmpint (run->leave, ==, FORKLINE_LEAVE_PREEMPTED);

  /* the details of the running span say where its time went, and the
   * switch-out says why it left */
  {
    ForklineEventDescription d = { 0 };

    g_assert_true (forkline_event_describe (trace, 2, &d));
    g_assert_nonnull (d.duration);
    g_assert_nonnull (strstr (d.duration, "on a CPU 70"));
    g_assert_nonnull (strstr (d.duration, "waiting for a CPU 20"));
    g_assert_nonnull (strstr (d.duration, "in the kernel 10"));
    forkline_event_description_clear (&d);
    g_assert_true (forkline_event_describe (trace, 4, &d));
    g_assert_nonnull (strstr (d.what, "preempted"));
    forkline_event_description_clear (&d);
  }

  gaps = forkline_trace_get_data_gaps (trace, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (gaps[0].cpu, ==, 1);
  g_assert_cmpuint (gaps[0].start_ns, ==, US (72));
  g_assert_cmpuint (gaps[0].end_ns, ==, US (78));
  g_assert_cmpuint (gaps[0].n_lost, ==, 12);
  g_assert_cmpuint (forkline_trace_get_no_data_ns (trace), ==, US (6));
}

/* cpu-bound, recorded with 4 workers on 2 CPUs: while the lesson says a
 * worker runs, the kernel had it on a CPU or waiting for one (preempted),
 * and both show for every worker; together they cover its running time
 * within 5 % (the rest: blocked, in the kernel). */
static void
test_cpu_bound_workers_time_share (void)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "cpu-bound.forkline", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ForklineTrace) trace = forkline_trace_new_from_file (path, &error);
  guint workers = 0;

  g_assert_no_error (error);
  for (guint proc = 1; proc < forkline_trace_get_n_processes (trace); proc++)
    {
      const ForklineStateSpan *spans;
      guint64 running = 0, on = 0, ready = 0;
      guint n;

      spans = forkline_trace_get_states (trace, proc, &n);
      for (guint i = 0; i < n; i++)
        {
          ForklineCpuTime t;

          if (spans[i].state != FORKLINE_STATE_RUNNING || spans[i].end_ns == FORKLINE_TIME_OPEN)
            continue;
          forkline_trace_get_cpu_time (trace, proc, spans[i].start_ns, spans[i].end_ns, &t);
          g_assert_true (t.known);
          running += spans[i].end_ns - spans[i].start_ns;
          on += t.on_cpu_ns;
          ready += t.ready_ns;
        }
      if (running == 0)
        continue;
      workers++;
      g_test_message ("%s: running %" G_GUINT64_FORMAT " ns = on a CPU %" G_GUINT64_FORMAT
                      " + ready %" G_GUINT64_FORMAT " + the rest",
                      forkline_trace_get_process (trace, proc)->name, running, on, ready);
      g_assert_cmpuint (on, >, 0);
      g_assert_cmpuint (ready, >, 0);
      g_assert_cmpfloat ((double) (on + ready), >=, 0.95 * (double) running);
    }
  g_assert_cmpuint (workers, >=, 4);
}

static void
test_messages (void)
{
  g_autoptr(ForklineTrace) trace = load_demo ();
  const ForklineMessage *m;
  const guint32 *idx;
  guint n;

  m = forkline_trace_get_messages (trace, &n);
  g_assert_cmpuint (n, ==, 2);

  g_assert_cmpuint (m[0].msg_id, ==, 1);
  g_assert_cmpuint (m[0].put_ns, ==, DEMO_PUT1);
  g_assert_cmpuint (m[0].get_ns, ==, DEMO_GET1);
  g_assert_cmpint (m[0].sender_proc, ==, 1);
  g_assert_cmpint (m[0].receiver_proc, ==, 2);
  g_assert_cmpstr (m[0].text, ==, "42");
  g_assert_cmpuint (m[0].object, ==, DEMO_QUEUE_ID);
  g_assert_cmpint (m[0].kind, ==, FORKLINE_OBJECT_QUEUE);

  /* never received stays unreceived */
  g_assert_cmpuint (m[1].msg_id, ==, 2);
  g_assert_cmpuint (m[1].put_ns, ==, DEMO_PUT2);
  g_assert_cmpuint (m[1].get_ns, ==, FORKLINE_TIME_OPEN);
  g_assert_cmpuint (m[1].get_event, ==, FORKLINE_NO_EVENT);
  g_assert_cmpint (m[1].receiver_proc, ==, -1);

  idx = forkline_trace_get_channel_messages (trace, DEMO_QUEUE_ID, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (idx[0], ==, 0);
  g_assert_cmpuint (idx[1], ==, 1);
  g_assert_true (forkline_trace_lookup_message (trace, 2) == &m[1]);

  g_assert_cmpuint (_forkline_trace_channel_depth_at (trace, DEMO_QUEUE_ID, US (260)), ==, 2);
  g_assert_cmpuint (_forkline_trace_channel_depth_at (trace, DEMO_QUEUE_ID, US (460)), ==, 1);
}

static void
test_marks_objects_tasks (void)
{
  g_autoptr(ForklineTrace) trace = load_demo ();
  const ForklinePrint *pr;
  const ForklineArrayWrite *w;
  const ForklineLockHold *l;
  const ForklineTask *t;
  const ForklineObject *o;
  guint n;

  pr = forkline_trace_get_prints (trace, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (pr[0].text, ==, "hello from Process-1");
  g_assert_cmpint (pr[0].proc, ==, 1);
  g_assert_cmpuint (pr[0].time_ns, ==, US (150));

  w = forkline_trace_get_array_writes (trace, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (w[0].cell, ==, 1);
  g_assert_cmpint (w[0].old_value, ==, 0);
  g_assert_cmpint (w[0].new_value, ==, 5);

  /* wait, acquire and release are one hold */
  l = forkline_trace_get_lock_holds (trace, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (l[0].acquire_ns, >, l[0].wait_ns);
  g_assert_cmpuint (l[0].release_ns, >, l[0].acquire_ns);
  g_assert_cmpuint (l[0].release_ns, !=, FORKLINE_TIME_OPEN);
  g_assert_cmpint (l[0].waited_ns, ==, US (10));
  g_assert_cmpuint (l[0].wait_event, !=, FORKLINE_NO_EVENT);
  g_assert_cmpuint (l[0].acquire_event, !=, FORKLINE_NO_EVENT);
  g_assert_cmpuint (l[0].release_event, !=, FORKLINE_NO_EVENT);

  t = forkline_trace_get_tasks (trace, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (t[0].function, ==, "sq");
  g_assert_cmpstr (t[0].argument, ==, "87");
  g_assert_cmpstr (t[0].result, ==, "7569");
  g_assert_cmpint (t[0].worker_proc, ==, 2);
  g_assert_cmpint (t[0].dispatcher_proc, ==, 0);
  g_assert_cmpuint (t[0].start_ns, ==, US (460));
  g_assert_cmpuint (t[0].finish_ns, ==, US (480));

  forkline_trace_get_objects (trace, &n);
  g_assert_cmpuint (n, ==, 4);
  o = forkline_trace_lookup_object (trace, DEMO_ARRAY_ID);
  g_assert_nonnull (o);
  g_assert_cmpint (o->kind, ==, FORKLINE_OBJECT_ARRAY);
  g_assert_cmpint (o->size, ==, 3);
  g_assert_cmpstr (o->initial, ==, "0,0,0");
}

static void
test_raw_events_round_trip (void)
{
  g_autoptr(ForklineTrace) trace = load_demo ();
  g_autoptr(ForklineTrace) again = forkline_trace_new ();
  g_autoptr(GBytes) original = ui_test_demo_stream ();
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;
  const ForklineEvent *events;
  guint n;

  events = ui_test_demo_events (&n);
  g_assert_cmpuint (forkline_trace_get_n_events (trace), ==, n);

  for (guint i = 0; i < n; i++)
    {
      ForklineEvent ev;

      g_assert_true (forkline_trace_get_event (trace, i, &ev));
      g_assert_cmpuint (ev.type, ==, events[i].type);
      g_assert_cmpuint (ev.time_ns, ==, events[i].time_ns);
      g_assert_cmpint (ev.pid, ==, events[i].pid);
      g_assert_cmpint (ev.peer_pid, ==, events[i].peer_pid);
      g_assert_cmpint (ev.proc, ==, events[i].proc);
      g_assert_cmpint (ev.cpu, ==, events[i].cpu);
      g_assert_cmpuint (ev.object, ==, events[i].object);
      g_assert_cmpuint (ev.msg_id, ==, events[i].msg_id);
      g_assert_cmpint (ev.a, ==, events[i].a);
      g_assert_cmpint (ev.b, ==, events[i].b);
      g_assert_cmpint (ev.c, ==, events[i].c);
      g_assert_cmpstr (ev.label, ==, events[i].label);
      g_assert_cmpstr (ev.text, ==, events[i].text);
    }
  g_assert_false (forkline_trace_get_event (trace, n, &(ForklineEvent) { 0 }));

  /* Saving gives back the very bytes that were read. */
  saved = forkline_trace_to_bytes (trace);
  g_assert_true (g_bytes_equal (saved, original));
  g_assert_true (forkline_trace_load_bytes (again, saved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (forkline_trace_get_n_events (again), ==, n);
}

static void
test_time_index (void)
{
  g_autoptr(ForklineTrace) trace = load_demo ();
  ForklineEvent ev;
  gint64 i;

  g_assert_cmpint (forkline_trace_find_event_at_time (trace, 0), >=, 0);
  i = forkline_trace_find_event_at_time (trace, DEMO_PUT1);
  forkline_trace_get_event (trace, (guint) i, &ev);
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_QUEUE_PUT);
  g_assert_cmpuint (ev.time_ns, ==, DEMO_PUT1);

  i = forkline_trace_find_event_at_time (trace, DEMO_PUT1 + 1);
  forkline_trace_get_event (trace, (guint) i, &ev);
  g_assert_cmpuint (ev.msg_id, ==, 1);

  g_assert_cmpuint (forkline_trace_count_events_until (trace, G_MAXUINT64), ==, forkline_trace_get_n_events (trace));
  g_assert_cmpuint (forkline_trace_count_events_until (trace, DEMO_PUT2 - 1),
                    ==, (guint) forkline_trace_find_event_at_time (trace, DEMO_PUT1) + 1);
}

static void
changed_cb (ForklineTrace *trace,
            guint         *count)
{
  (*count)++;
}

static void
test_changed_once_per_batch (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(GBytes) bytes = ui_test_demo_stream ();
  const ForklineEvent *events;
  guint count = 0;
  guint n;

  g_signal_connect (trace, "changed", G_CALLBACK (changed_cb), &count);

  g_assert_true (forkline_trace_feed (trace, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  g_assert_cmpuint (count, ==, 1);

  events = ui_test_demo_events (&n);
  forkline_trace_begin_batch (trace);
  forkline_trace_append (trace, &events[0]);
  forkline_trace_append (trace, &events[1]);
  g_assert_cmpuint (count, ==, 1);
  forkline_trace_end_batch (trace);
  g_assert_cmpuint (count, ==, 2);

  forkline_trace_append (trace, &events[2]);
  g_assert_cmpuint (count, ==, 3);
}

static void
test_streaming_in_small_pieces (void)
{
  g_autoptr(GBytes) bytes = ui_test_demo_stream ();
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  const guint8 *data;
  gsize len;
  guint n;

  data = g_bytes_get_data (bytes, &len);
  for (gsize off = 0; off < len; off += 7)
    g_assert_true (forkline_trace_feed (trace, data + off, MIN (7, len - off), NULL));
  g_assert_true (forkline_trace_finish_stream (trace, NULL));

  ui_test_demo_events (&n);
  g_assert_cmpuint (forkline_trace_get_n_events (trace), ==, n);
  forkline_trace_get_messages (trace, &n);
  g_assert_cmpuint (n, ==, 2);
}

/* Cut at every byte: either a clean error (nothing read) or a partial
 * trace with TRUNCATED, and never more events than before the cut. */
static void
test_truncated_at_every_byte (void)
{
  g_autoptr(GBytes) bytes = ui_test_demo_stream ();
  const guint8 *data;
  gsize len;
  guint n_all;
  guint last_n = 0;

  data = g_bytes_get_data (bytes, &len);
  ui_test_demo_events (&n_all);

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(ForklineTrace) trace = forkline_trace_new ();
      g_autoptr(GBytes) part = g_bytes_new_static (data, cut);
      g_autoptr(GError) error = NULL;
      guint n;

      if (forkline_trace_load_bytes (trace, part, &error))
        {
          /* cut exactly between records: a shorter, clean run, which
           * says it never ended */
          g_assert_no_error (error);
          g_assert_false (forkline_trace_get_lesson_end (trace)->ended);
          g_assert_cmpuint (forkline_trace_get_n_events (trace), >, 0);
        }
      else
        {
          g_assert_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_TRUNCATED);
          g_assert_cmpstr (error->message, !=, "");
          g_assert_true (forkline_trace_get_stream_error (trace) != NULL);
        }

      n = forkline_trace_get_n_events (trace);
      g_assert_cmpuint (n, >=, last_n);
      g_assert_cmpuint (n, <, n_all);
      last_n = n;

      /* what was kept is consistent: every state span list is sorted */
      for (guint p = 0; p < forkline_trace_get_n_processes (trace); p++)
        {
          const ForklineStateSpan *s;
          guint ns;

          s = forkline_trace_get_states (trace, p, &ns);
          for (guint k = 1; k < ns; k++)
            g_assert_cmpuint (s[k - 1].end_ns, ==, s[k].start_ns);
        }
    }

  g_assert_cmpuint (last_n, ==, n_all - 1);
}

static void
test_damaged_and_foreign (void)
{
  g_autoptr(GBytes) bytes = ui_test_demo_stream ();
  g_autoptr(ForklineTrace) foreign = forkline_trace_new ();
  g_autoptr(ForklineTrace) damaged = forkline_trace_new ();
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n........", 16);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;
  gsize len;
  gsize second_record;

  g_assert_false (forkline_trace_load_bytes (foreign, png, &error));
  g_assert_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_NOT_A_TRACE);
  g_assert_cmpuint (forkline_trace_get_n_events (foreign), ==, 0);
  g_clear_error (&error);

  /* An impossible length in the third record: the first two are kept. */
  len = g_bytes_get_size (bytes);
  copy = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  second_record = FORKLINE_MAGIC_LEN;
  for (guint r = 0; r < 2; r++)
    second_record += FORKLINE_FRAME_LEN + (copy[second_record + 4] | copy[second_record + 5] << 8);
  copy[second_record + 4] = 0xff;
  copy[second_record + 5] = 0xff;
  copy[second_record + 6] = 0xff;
  {
    g_autoptr(GBytes) bad = g_bytes_new_static (copy, len);

    g_assert_false (forkline_trace_load_bytes (damaged, bad, &error));
  }
  g_assert_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_DAMAGED);
  g_assert_cmpuint (forkline_trace_get_n_events (damaged), ==, 2);
  g_assert_true (forkline_trace_get_header (damaged)->has_header);

  /* later feeds are refused with the same error */
  g_clear_error (&error);
  g_assert_false (forkline_trace_feed (damaged, (const guint8 *) "x", 1, &error));
  g_assert_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_DAMAGED);
}

static void
test_load_file_names_the_file (void)
{
  g_autoptr(GBytes) bytes = ui_test_demo_stream ();
  g_autofree char *dir = g_dir_make_tmp ("forkline-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cut.forkline", NULL);
  g_autofree char *saved = g_build_filename (dir, "saved.forkline", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.forkline", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ForklineTrace) trace = NULL;
  g_autoptr(ForklineTrace) full = NULL;
  g_autoptr(ForklineTrace) none = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes) - 10, NULL));
  trace = forkline_trace_new_from_file (path, &error);
  g_assert_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "cut.forkline"));
  g_assert_cmpuint (forkline_trace_get_n_events (trace), >, 0);
  g_clear_error (&error);

  none = forkline_trace_new_from_file (missing, &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "missing.forkline"));
  g_clear_error (&error);

  full = load_demo ();
  g_assert_true (forkline_trace_save (full, saved, &error));
  g_assert_no_error (error);
  g_clear_object (&full);
  full = forkline_trace_new_from_file (saved, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (forkline_trace_get_n_events (full), ==, 38);

  g_remove (path);
  g_remove (saved);
  g_rmdir (dir);
}

static void
append_cb (const ForklineEvent *event,
           gpointer             user_data)
{
  forkline_trace_append (user_data, event);
}

/* The level-of-detail summary must give the same busy time as adding the
 * spans up one by one, for any range. */
static void
test_summary_matches_brute_force (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  forkline_synth_run (60000, 3, 6, 11, append_cb, trace);

  for (guint cpu = 0; cpu < 3; cpu++)
    {
      const ForklineCpuSpan *spans;
      guint n;

      spans = forkline_trace_get_cpu_spans (trace, cpu, &n);
      g_assert_cmpuint (n, >, 1000);

      for (guint k = 1; k < n; k++)
        {
          g_assert_cmpuint (spans[k - 1].end_ns, <=, spans[k].start_ns);
          g_assert_cmpuint (spans[k].start_ns, <=, spans[k].end_ns);
        }

      for (guint round = 0; round < 200; round++)
        {
          guint i0 = g_rand_int_range (rand, 0, n - 1);
          guint len = g_rand_int_range (rand, 0, 5000);
          guint i1 = MIN (n, i0 + 1 + len);
          guint64 cut_start = g_rand_int_range (rand, 0, 1000);
          guint64 cut_end = g_rand_int_range (rand, 0, 1000);
          guint64 tb = spans[i0].start_ns + cut_start;
          guint64 te = spans[i1 - 1].end_ns - MIN (spans[i1 - 1].end_ns - spans[i1 - 1].start_ns, cut_end);
          guint64 expect = 0;
          ForklineSummary sum;

          if (te <= tb)
            continue;
          for (guint k = i0; k < i1; k++)
            {
              guint64 s = MAX (spans[k].start_ns, tb);
              guint64 e = MIN (spans[k].end_ns, te);

              if (e > s)
                expect += e - s;
            }

          _forkline_trace_summarize_cpu (trace, cpu, i0, i1, tb, te, forkline_trace_get_end_time (trace), &sum);
          g_assert_cmpuint (sum.busy_ns, ==, expect);
          g_assert_cmpuint (sum.n_spans, ==, i1 - i0);
          g_assert_cmpint (sum.key, >=, 1);
          g_assert_cmpint (sum.key, <=, 6);
        }
    }
}

typedef struct
{
  ForklineTrace *trace;
  guint          count;
  guint          shift;
} LiveAppend;

static void
live_append_cb (const ForklineEvent *event,
                gpointer             user_data)
{
  LiveAppend *live = user_data;

  forkline_trace_append (live->trace, event);

  /* draw often, as the app does at the live edge */
  if (++live->count % 997 == 0)
    {
      guint64 end = forkline_trace_get_end_time (live->trace);
      guint n;

      for (guint cpu = 0; cpu < 3; cpu++)
        _forkline_trace_cpu_buckets (live->trace, cpu, live->shift, end, &n);
      for (guint proc = 0; proc < forkline_trace_get_n_processes (live->trace); proc++)
        _forkline_trace_state_buckets (live->trace, proc, live->shift, end, &n);
    }
}

/* Buckets extended bit by bit while events stream in must equal buckets
 * built once over the finished run. */
static void
test_buckets_follow_the_live_edge (void)
{
  g_autoptr(ForklineTrace) once = forkline_trace_new ();
  g_autoptr(ForklineTrace) live_trace = forkline_trace_new ();
  LiveAppend live = { live_trace, 0, 12 };
  guint64 end;

  forkline_synth_run (40000, 3, 6, 5, append_cb, once);
  forkline_synth_run (40000, 3, 6, 5, live_append_cb, &live);
  end = forkline_trace_get_end_time (once);
  g_assert_cmpuint (end, ==, forkline_trace_get_end_time (live_trace));

  for (guint lane = 0; lane < 3 + 7; lane++)
    {
      const ForklineBucket *a, *b;
      guint na, nb;

      if (lane < 3)
        {
          a = _forkline_trace_cpu_buckets (once, lane, 12, end, &na);
          b = _forkline_trace_cpu_buckets (live_trace, lane, 12, end, &nb);
        }
      else
        {
          a = _forkline_trace_state_buckets (once, lane - 3, 12, end, &na);
          b = _forkline_trace_state_buckets (live_trace, lane - 3, 12, end, &nb);
        }

      g_assert_nonnull (a);
      g_assert_cmpuint (na, ==, nb);
      g_assert_cmpuint (na, ==, (end + 4095) >> 12);
      for (guint i = 0; i < na; i++)
        {
          g_assert_cmpfloat_with_epsilon (a[i].busy, b[i].busy, 1e-5);
          g_assert_cmpint (a[i].key, ==, b[i].key);
          g_assert_cmpint (a[i].mixed, ==, b[i].mixed);
          g_assert_cmpfloat (a[i].busy, <=, 1.0001);
        }
    }

  /* and the busy time they hold is the spans' */
  {
    const ForklineCpuSpan *spans;
    const ForklineBucket *buckets;
    guint n, nb;
    double total = 0, expect = 0;

    spans = forkline_trace_get_cpu_spans (once, 0, &n);
    for (guint i = 0; i < n; i++)
      expect += spans[i].end_ns - spans[i].start_ns;
    buckets = _forkline_trace_cpu_buckets (once, 0, 12, end, &nb);
    for (guint i = 0; i < nb; i++)
      total += buckets[i].busy * 4096.0;
    g_assert_cmpfloat (fabs (total - expect) / expect, <, 1e-4);
  }
}

/* Real engine recordings dropped into tests/fixtures by the engine's owner
 * must load cleanly and be internally consistent. */
static void
test_demo_fixture_is_current (void)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "queue-demo.forkline", NULL);
  g_autoptr(GBytes) bytes = ui_test_demo_stream ();
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_recorded_fixtures (void)
{
  g_autoptr(GDir) dir = g_dir_open (FIXTURES_DIR, 0, NULL);
  const char *name;
  guint n_files = 0;

  if (dir == NULL)
    {
      g_test_skip ("no fixtures folder");
      return;
    }

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autoptr(ForklineTrace) trace = NULL;
      g_autoptr(GError) error = NULL;
      const ForklineMessage *m;
      guint n;

      if (!g_str_has_suffix (name, ".forkline"))
        continue;

      path = g_build_filename (FIXTURES_DIR, name, NULL);
      trace = forkline_trace_new_from_file (path, &error);
      g_test_message ("%s: %u events, %u processes", name,
                      forkline_trace_get_n_events (trace), forkline_trace_get_n_processes (trace));
      g_assert_no_error (error);
      g_assert_true (forkline_trace_get_header (trace)->has_header);
      g_assert_cmpuint (forkline_trace_get_n_events (trace), >, 2);
      g_assert_cmpuint (forkline_trace_get_n_processes (trace), >=, 1);
      n_files++;

      for (guint cpu = 0; cpu < forkline_trace_get_n_cpus (trace); cpu++)
        {
          const ForklineCpuSpan *s = forkline_trace_get_cpu_spans (trace, cpu, &n);

          for (guint k = 1; k < n; k++)
            g_assert_cmpuint (s[k - 1].end_ns, <=, s[k].start_ns);
        }

      for (guint p = 0; p < forkline_trace_get_n_processes (trace); p++)
        {
          const ForklineStateSpan *s = forkline_trace_get_states (trace, p, &n);
          const ForklineProcess *proc = forkline_trace_get_process (trace, p);

          for (guint k = 1; k < n; k++)
            g_assert_cmpuint (s[k - 1].end_ns, ==, s[k].start_ns);
          if (proc->exit_ns != FORKLINE_TIME_OPEN && n > 0)
            g_assert_cmpint (s[n - 1].state, ==, FORKLINE_STATE_EXITED);
        }

      m = forkline_trace_get_messages (trace, &n);
      for (guint k = 0; k < n; k++)
        if (m[k].get_ns != FORKLINE_TIME_OPEN && m[k].put_ns != FORKLINE_TIME_OPEN)
          g_assert_cmpuint (m[k].put_ns, <=, m[k].get_ns);

      /* and save back to the same bytes */
      {
        g_autoptr(GBytes) saved = forkline_trace_to_bytes (trace);
        g_autofree char *contents = NULL;
        gsize len;

        g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
        g_assert_cmpuint (g_bytes_get_size (saved), ==, len);
      }
    }

  g_assert_cmpuint (n_files, >=, 1);
}

/* Records are stored compactly (48-bit times, the pid of the proc, byte
 * type and flags); whatever does not fit that must still come back as
 * it went in. */
static void
test_compact_records_keep_odd_values (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  const ForklineEvent events[] = {
    { .type = FORKLINE_EV_PROC_START, .time_ns = 5, .pid = 100, .proc = 1, .cpu = -1 },
    /* same proc, another pid (a reused proc number) */
    { .type = FORKLINE_EV_PRINT, .time_ns = 6, .pid = 200, .proc = 1, .cpu = -1, .text = "x", .text_len = 1 },
    /* the proc's own pid again */
    { .type = FORKLINE_EV_STATE, .time_ns = 7, .pid = 100, .proc = 1, .cpu = -1, .a = 2 },
    /* a kernel record for a pid that is not a lesson process */
    { .type = FORKLINE_EV_SWITCH_IN, .time_ns = G_GUINT64_CONSTANT (1) << 48, .pid = 77, .proc = -1, .cpu = 3,
      .flags = FORKLINE_FLAG_SAMPLED },
    /* unknown type and flags, a time near the end of time */
    { .type = 300, .flags = 0x8001, .time_ns = G_MAXUINT64 - 5, .pid = -4, .proc = 2, .cpu = 1 },
    { .type = FORKLINE_EV_PRINT, .time_ns = G_MAXUINT64 - 5, .pid = 0, .proc = 0, .cpu = -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      ForklineEvent ev = events[i];

      if (ev.label == NULL)
        ev.label = "";
      if (ev.text == NULL)
        ev.text = "";
      forkline_trace_append (trace, &ev);
    }

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      ForklineEvent out;

      g_assert_true (forkline_trace_get_event (trace, i, &out));
      g_assert_cmpuint (out.type, ==, events[i].type);
      g_assert_cmpuint (out.flags, ==, events[i].flags);
      /* a time past any run's is held at that bound */
      g_assert_cmpuint (out.time_ns, ==, MIN (events[i].time_ns, FORKLINE_MAX_TIME_NS));
      g_assert_cmpuint (forkline_trace_get_event_time (trace, i), ==, MIN (events[i].time_ns, FORKLINE_MAX_TIME_NS));
      g_assert_cmpint (out.pid, ==, events[i].pid);
      g_assert_cmpint (out.proc, ==, events[i].proc);
      g_assert_cmpint (out.cpu, ==, events[i].cpu);
    }
  g_assert_cmpuint (forkline_trace_count_events_until (trace, 7), ==, 3);
  g_assert_cmpuint (forkline_trace_count_events_until (trace, G_GUINT64_CONSTANT (1) << 48), ==, 4);
  g_assert_cmpuint (forkline_trace_count_events_until (trace, G_MAXUINT64), ==, 6);
}

/* States are stored compactly and widened on demand: the array from
 * get_states follows a growing run, and agrees with get_state. */
static void
test_states_widened_as_the_run_grows (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  static const char * const words[] = { "", "sleeping in time.sleep(1)", "blocked in get()" };
  guint64 t = 10;

  for (guint round = 0; round < 3; round++)
    {
      const ForklineStateSpan *spans;
      guint n;

      for (guint k = 0; k < 50; k++)
        {
          const char *label = words[(round + k) % G_N_ELEMENTS (words)];
          ForklineEvent ev = { .type = FORKLINE_EV_STATE, .time_ns = t, .pid = 100, .proc = 1, .cpu = -1,
                               .a = 1 + (k % 3), .object = k % 3 == 2 ? 7 : 0,
                               .label = label, .label_len = strlen (label), .text = "" };

          if (round == 0 && k == 0)
            {
              ForklineEvent start = { .type = FORKLINE_EV_PROC_START, .time_ns = t, .pid = 100, .proc = 1,
                                      .cpu = -1, .label = "Worker", .label_len = 6, .text = "" };

              forkline_trace_append (trace, &start);
            }
          forkline_trace_append (trace, &ev);
          t += 10 + k;
        }

      spans = forkline_trace_get_states (trace, 1, &n);
      g_assert_cmpuint (n, ==, forkline_trace_get_n_states (trace, 1));
      g_assert_cmpuint (n, ==, 1 + 50 * (round + 1));
      /* the start opened a running span with no words (not the name) */
      g_assert_cmpstr (spans[0].label, ==, "");
      g_assert_cmpuint (spans[0].state, ==, FORKLINE_STATE_RUNNING);
      for (guint i = 0; i < n; i++)
        {
          ForklineStateSpan one;

          g_assert_true (forkline_trace_get_state (trace, 1, i, &one));
          g_assert_cmpuint (one.start_ns, ==, spans[i].start_ns);
          g_assert_cmpuint (one.end_ns, ==, spans[i].end_ns);
          g_assert_cmpstr (one.label, ==, spans[i].label);
          g_assert_cmpuint (one.object, ==, spans[i].object);
          g_assert_cmpuint (one.event, ==, spans[i].event);
          g_assert_cmpuint (one.state, ==, spans[i].state);
          if (i + 1 < n)
            g_assert_cmpuint (spans[i].end_ns, ==, spans[i + 1].start_ns);
          else
            g_assert_cmpuint (spans[i].end_ns, ==, FORKLINE_TIME_OPEN);
          if (i > 0)
            {
              ForklineEvent ev;

              forkline_trace_get_event (trace, spans[i].event, &ev);
              g_assert_cmpstr (spans[i].label, ==, ev.label);
              g_assert_cmpuint (spans[i].object, ==, ev.object);
            }
        }
      g_assert_false (forkline_trace_get_state (trace, 1, n, &(ForklineStateSpan) { 0 }));
    }
}

/* A real-CPython run tells its source in pieces and each process's line:
 * the listing is the program only once whole (half a program would show
 * other line numbers), and a process is at the last line it told. */
static void
test_source_and_lines (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  const char *source = "import time\ntime.sleep(1)\nprint('done')\n";
  ForklineEvent piece = { 0 };
  const char *file = "unset";

  ui_test_append (trace, FORKLINE_EV_HEADER, 0, 1, 0, -1, FORKLINE_PROTOCOL_VERSION, 2);
  ui_test_append (trace, FORKLINE_EV_PROC_START, 0, 100, 0, 0, 0, 0);
  g_assert_null (forkline_trace_get_source (trace, &file));
  g_assert_null (file);

  piece.type = FORKLINE_EV_SOURCE;
  piece.pid = 100;
  piece.cpu = -1;
  piece.label = "/tmp/prog.py";
  piece.label_len = strlen (piece.label);
  piece.text = source;
  piece.text_len = 12;   /* "import time\n" */
  piece.a = 0;
  piece.b = strlen (source);
  forkline_trace_append (trace, &piece);
  g_assert_null (forkline_trace_get_source (trace, NULL));

  /* a repeat of the first piece is not appended twice */
  forkline_trace_append (trace, &piece);
  piece.text = source + 12;
  piece.text_len = strlen (source) - 12;
  piece.a = 12;
  forkline_trace_append (trace, &piece);
  g_assert_cmpstr (forkline_trace_get_source (trace, &file), ==, source);
  g_assert_cmpstr (file, ==, "/tmp/prog.py");

  ui_test_append (trace, FORKLINE_EV_LINE, US (10), 100, 0, 0, 1, 0);
  ui_test_append (trace, FORKLINE_EV_LINE, US (20), 100, 0, 0, 2, 0);
  ui_test_append (trace, FORKLINE_EV_LINE, US (30), 100, 0, 0, 3, 0);
  g_assert_cmpuint (forkline_trace_get_line_at (trace, 0, US (5)), ==, 0);
  g_assert_cmpuint (forkline_trace_get_line_at (trace, 0, US (10)), ==, 1);
  g_assert_cmpuint (forkline_trace_get_line_at (trace, 0, US (29)), ==, 2);
  g_assert_cmpuint (forkline_trace_get_line_at (trace, 0, US (31)), ==, 3);
  g_assert_cmpuint (forkline_trace_get_line_at (trace, 5, US (31)), ==, 0);
}

/* A thread's context switches are its own: on its row and on the CPU
 * lane, never the process's lane (main waiting in join() is not running
 * because its feeder thread is); a process exit ends its threads' runs. */
static void
test_threads_have_their_own_runs (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  const ForklineThread *thread;
  const ForklineCpuSpan *spans;
  const guint64 *runs;
  guint n;

  ui_test_append (trace, FORKLINE_EV_HEADER, 0, 1, -1, -1, FORKLINE_PROTOCOL_VERSION, 2);
  ui_test_append (trace, FORKLINE_EV_PROC_START, 0, 100, 0, 0, 0, 0);
  ui_test_append_thread (trace, US (5), 100, 107, "QueueFeederThread");

  ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (10), 100, 0, 0, 0, 0);
  ui_test_append (trace, FORKLINE_EV_SWITCH_OUT, US (20), 100, 0, 0, FORKLINE_LEAVE_BLOCKED, 0);
  /* the feeder on CPU 1 while main is off: then main comes back on CPU 0 */
  ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (30), 100, 0, 1, 0, 107);
  ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (35), 100, 0, 0, 0, 0);
  /* the feeder's switch-out must not end main's run (same pid) */
  ui_test_append (trace, FORKLINE_EV_SWITCH_OUT, US (40), 100, 0, 1, FORKLINE_LEAVE_BLOCKED, 107);
  ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (50), 100, 0, 1, 0, 107);
  ui_test_append (trace, FORKLINE_EV_PROC_EXIT, US (60), 100, 0, 0, 0, 0);

  g_assert_cmpuint (forkline_trace_get_n_threads (trace, 0), ==, 1);
  thread = forkline_trace_get_thread (trace, 0, 0);
  g_assert_cmpint (thread->tid, ==, 107);
  g_assert_cmpstr (thread->name, ==, "QueueFeederThread");
  g_assert_cmpuint (thread->start_ns, ==, US (5));

  runs = _forkline_trace_get_proc_runs (trace, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (_forkline_trace_run_span (trace, runs[0])->end_ns, ==, US (20));
  g_assert_cmpuint (_forkline_trace_run_span (trace, runs[1])->start_ns, ==, US (35));
  g_assert_cmpuint (_forkline_trace_run_span (trace, runs[1])->end_ns, ==, US (60));

  runs = _forkline_trace_get_thread_runs (trace, 0, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (_forkline_trace_run_span (trace, runs[0])->start_ns, ==, US (30));
  g_assert_cmpuint (_forkline_trace_run_span (trace, runs[0])->end_ns, ==, US (40));
  g_assert_cmpint (_forkline_trace_run_span (trace, runs[0])->tid, ==, 107);
  /* the exit ended the run it was on */
  g_assert_cmpuint (_forkline_trace_run_span (trace, runs[1])->end_ns, ==, US (60));

  spans = forkline_trace_get_cpu_spans (trace, 1, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (spans[0].proc, ==, 0);
  g_assert_cmpint (spans[0].tid, ==, 107);
}

int
main (int   argc,
      char *argv[])
{
  /* test-trace --write-fixture PATH regenerates tests/fixtures/queue-demo.forkline */
  if (argc == 3 && g_str_equal (argv[1], "--write-fixture"))
    {
      g_autoptr(GBytes) bytes = ui_test_demo_stream ();

      return g_file_set_contents (argv[2], g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ? 0 : 1;
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/header-and-end", test_header_and_end);
  g_test_add_func ("/trace/processes", test_processes);
  g_test_add_func ("/trace/states", test_states);
  g_test_add_func ("/trace/cpu-spans", test_cpu_spans);
  g_test_add_func ("/trace/open-cpu-span-at-live-edge", test_open_cpu_span_at_live_edge);
  g_test_add_func ("/trace/messages", test_messages);
  g_test_add_func ("/trace/marks-objects-tasks", test_marks_objects_tasks);
  g_test_add_func ("/trace/raw-events-round-trip", test_raw_events_round_trip);
  g_test_add_func ("/trace/time-index", test_time_index);
  g_test_add_func ("/trace/changed-once-per-batch", test_changed_once_per_batch);
  g_test_add_func ("/trace/streaming-in-small-pieces", test_streaming_in_small_pieces);
  g_test_add_func ("/trace/truncated-at-every-byte", test_truncated_at_every_byte);
  g_test_add_func ("/trace/damaged-and-foreign", test_damaged_and_foreign);
  g_test_add_func ("/trace/load-file-names-the-file", test_load_file_names_the_file);
  g_test_add_func ("/trace/summary-matches-brute-force", test_summary_matches_brute_force);
  g_test_add_func ("/trace/buckets-follow-the-live-edge", test_buckets_follow_the_live_edge);
  g_test_add_func ("/trace/demo-fixture-is-current", test_demo_fixture_is_current);
  g_test_add_func ("/trace/recorded-fixtures", test_recorded_fixtures);
  g_test_add_func ("/trace/compact-records-keep-odd-values", test_compact_records_keep_odd_values);
  g_test_add_func ("/trace/states-widened-as-the-run-grows", test_states_widened_as_the_run_grows);
  g_test_add_func ("/trace/where-the-time-went", test_where_the_time_went);
  g_test_add_func ("/trace/source-and-lines", test_source_and_lines);
  g_test_add_func ("/trace/threads-have-their-own-runs", test_threads_have_their_own_runs);
  g_test_add_func ("/trace/cpu-bound-workers-time-share", test_cpu_bound_workers_time_share);

  return g_test_run ();
}

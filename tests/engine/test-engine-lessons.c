/* test-engine-lessons.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each lesson's real outcome, from the stream of the real engine running
 * real processes at a small --speed.  FORKLINE_SCHED=proc in the environment
 * runs the same tests over the /proc sampling fallback.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "engine-test-util.h"

static TestEvent *
find_print (TestRun    *run,
            const char *prefix,
            guint       nth)
{
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PRINT && g_str_has_prefix (te->text, prefix) && nth-- == 0)
        return te;
    }
  return NULL;
}

static void
assert_all_dead (TestRun *run)
{
  g_autoptr(GArray) pids = test_run_pids (run);

  g_assert_cmpuint (pids->len, >, 0);
  /* The engine reaped every one before it exited: not even a zombie. */
  for (guint i = 0; i < pids->len; i++)
    g_assert_true (test_pid_gone (g_array_index (pids, pid_t, i)));
}

static void
assert_ok (TestRun *run)
{
  const TestEvent *end = test_run_end (run);

  if (end->ev.a != FORKLINE_RESULT_OK)
    g_test_message ("lesson end: %s", end->text);
  g_assert_cmpint (end->ev.a, ==, FORKLINE_RESULT_OK);
  assert_all_dead (run);
}

static void
test_header_names_lesson_and_method (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("cpu-count", "--speed", "0.02", NULL);
  TestEvent *hdr = &g_array_index (run->events, TestEvent, 0);

  g_assert_cmpint (hdr->ev.type, ==, FORKLINE_EV_HEADER);
  g_assert_cmpint (hdr->ev.a, ==, FORKLINE_PROTOCOL_VERSION);
  g_assert_cmpint (hdr->ev.b, ==, sysconf (_SC_NPROCESSORS_ONLN));
  g_assert_cmpstr (hdr->label, ==, "cpu-count");
  g_assert_cmpint (hdr->ev.c, ==, test_expected_method ());
  g_assert_cmpint (g_array_index (run->events, TestEvent, 1).ev.type, ==, FORKLINE_EV_LESSON_BEGIN);
}

static void
test_stream_is_time_ordered_and_complete (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("shared-array", "--speed", "0.02", NULL);
  guint64 last = 0;

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      g_assert_cmpuint (te->ev.time_ns, >=, last);
      last = te->ev.time_ns;
      /* every record of a process names it (the CPUs' usage and lost
       * records are of a CPU, not of a process) */
      if (te->ev.type != FORKLINE_EV_HEADER && te->ev.type != FORKLINE_EV_LESSON_BEGIN &&
          te->ev.type != FORKLINE_EV_LESSON_END &&
          (forkline_event_kind (te->ev.type)->fields & FORKLINE_FIELD_PID) != 0)
        {
          g_assert_cmpint (te->ev.pid, >, 0);
          g_assert_cmpint (te->ev.proc, >=, 0);
        }
    }
  /* main + 10 children: forked, started, exited, reaped */
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_PROC_FORK), ==, 11);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_PROC_START), ==, 11);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_PROC_EXIT), ==, 11);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_PROC_REAP), ==, 11);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_SWITCH_IN), >=, 11);
  assert_ok (run);
}

static void
test_cpu_count_prints_cpus (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("cpu-count", "--speed", "0.02", NULL);
  g_autofree char *want = g_strdup_printf ("%ld", sysconf (_SC_NPROCESSORS_ONLN));
  TestEvent *p = test_run_find (run, FORKLINE_EV_PRINT, 0);

  g_assert_nonnull (p);
  g_assert_cmpstr (p->text, ==, want);
  g_assert_cmpint (p->ev.proc, ==, 0);
  assert_ok (run);
}

static void
test_process_start_parent_finishes_first (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("process-start", "--speed", "0.2", NULL);
  TestEvent *fin = find_print (run, "Program finished in", 0);
  TestEvent *c1 = find_print (run, "Finished sleeping", 0);
  TestEvent *c2 = find_print (run, "Finished sleeping", 1);

  g_assert_nonnull (fin);
  g_assert_nonnull (c1);
  g_assert_nonnull (c2);
  g_assert_cmpint (fin->ev.proc, ==, 0);
  /* The parent's line comes before either child has finished sleeping. */
  g_assert_cmpuint (fin->ev.time_ns, <, c1->ev.time_ns);
  g_assert_cmpuint (fin->ev.time_ns, <, c2->ev.time_ns);
  g_assert_cmpint (c1->ev.proc, !=, c2->ev.proc);
  assert_ok (run);
}

static void
test_start_join_children_sleep_together (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("start-join", "--speed", "0.05", NULL);
  TestEvent *s[2] = { find_print (run, "Sleeping for 3", 0), find_print (run, "Sleeping for 3", 1) };
  TestEvent *f[2] = { find_print (run, "Finished sleeping: 3", 0), find_print (run, "Finished sleeping: 3", 1) };
  TestEvent *fin = find_print (run, "Program finished in", 0);

  for (int i = 0; i < 2; i++)
    {
      g_assert_nonnull (s[i]);
      g_assert_nonnull (f[i]);
    }
  /* Both sleeps have begun before either ends: they overlap in time. */
  g_assert_cmpuint (MAX (s[0]->ev.time_ns, s[1]->ev.time_ns), <, MIN (f[0]->ev.time_ns, f[1]->ev.time_ns));
  g_assert_nonnull (fin);
  g_assert_cmpuint (fin->ev.time_ns, >, MAX (f[0]->ev.time_ns, f[1]->ev.time_ns));
  assert_ok (run);
}

static void
test_shared_array_squares_every_cell (void)
{
  static const gint64 before[] = { 2, 3, 6, 7, 8, 8, 9, 3, 3, 3 };
  g_autoptr(TestRun) run = test_run_lesson ("shared-array", "--speed", "0.02", NULL);
  TestEvent *p = find_print (run, "[", 0);
  gboolean seen[10] = { 0 };

  g_assert_nonnull (p);
  g_assert_cmpstr (p->text, ==, "[4, 9, 36, 49, 64, 64, 81, 9, 9, 9]");
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_ARRAY_WRITE), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      TestEvent *w = test_run_find (run, FORKLINE_EV_ARRAY_WRITE, i);
      int cell = (int) w->ev.a;

      g_assert_cmpint (cell, >=, 0);
      g_assert_cmpint (cell, <, 10);
      g_assert_false (seen[cell]);
      seen[cell] = TRUE;
      g_assert_cmpint (w->ev.b, ==, before[cell]);
      g_assert_cmpint (w->ev.c, ==, before[cell] * before[cell]);
      g_assert_cmpint (w->ev.proc, ==, cell + 1);
    }
  assert_ok (run);
}

static void
test_pool_map_results_in_input_order (void)
{
  static const char *squares[] = { "9", "16", "25", "36", "36", "49", "7569", "64", "64" };
  g_autoptr(TestRun) run = test_run_lesson ("pool-map", "--speed", "0.02", NULL);
  TestEvent *p = find_print (run, "[", 0);
  guint workers = 0;

  g_assert_nonnull (p);
  g_assert_cmpstr (p->text, ==, "[9, 16, 25, 36, 36, 49, 7569, 64, 64]");
  g_assert_cmpint (p->ev.proc, ==, 0);

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PROC_FORK && g_str_has_prefix (te->label, "ForkPoolWorker-"))
        workers++;
      if (te->ev.type == FORKLINE_EV_TASK_FINISH)
        {
          g_assert_cmpint (te->ev.a, >=, 0);
          g_assert_cmpint (te->ev.a, <, 9);
          g_assert_cmpstr (te->text, ==, squares[te->ev.a]);
          g_assert_cmpint (te->ev.proc, >=, 1);
        }
      if (te->ev.type == FORKLINE_EV_TASK_DISPATCH)
        /* CPython: divmod(9, 5 * 4) -> chunksize 1 */
        g_assert_cmpint (te->ev.c, ==, 1);
    }
  g_assert_cmpuint (workers, ==, 5);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_TASK_DISPATCH), ==, 9);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_TASK_START), ==, 9);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_TASK_FINISH), ==, 9);
  assert_ok (run);
}

static void
test_pool_worklog_finishes_c_b_d_a (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("pool-worklog", "--speed", "0.1", NULL);
  GString *order = g_string_new (NULL);
  g_autofree char *got = NULL;

  for (guint i = 0; i < 4; i++)
    {
      TestEvent *p = find_print (run, " Process ", 4 + i);
      TestEvent *w = find_print (run, " Process ", i);

      g_assert_nonnull (w);
      g_assert_true (g_str_has_suffix (w->text, "seconds"));
      g_assert_nonnull (p);
      g_assert_true (g_str_has_suffix (p->text, "Finished."));
      g_string_append_c (order, p->text[9]);
    }
  got = g_string_free (order, FALSE);
  g_assert_cmpstr (got, ==, "CBDA");
  assert_ok (run);
}

static void
test_queue_consumer_quits_early (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("queue", "--speed", "0.1", NULL);
  g_autoptr(GHashTable) got = g_hash_table_new (NULL, NULL);
  guint producer_puts = 0;
  guint64 first_producer_put = G_MAXUINT64;
  guint64 consumer_exit = 0;

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_QUEUE_GET)
        g_hash_table_add (got, GSIZE_TO_POINTER (te->ev.msg_id));
      if (te->ev.type == FORKLINE_EV_QUEUE_PUT && te->ev.proc == 1)
        {
          producer_puts++;
          first_producer_put = MIN (first_producer_put, te->ev.time_ns);
        }
      if (te->ev.type == FORKLINE_EV_STATE && te->ev.a == FORKLINE_STATE_EXITED && te->ev.proc == 2)
        consumer_exit = te->ev.time_ns;
    }
  g_assert_cmpuint (producer_puts, ==, 5);
  g_assert_cmpuint (consumer_exit, >, 0);
  /* The consumer left before the producer's first item existed ... */
  g_assert_cmpuint (consumer_exit, <, first_producer_put);
  /* ... so none of the producer's items was ever taken. */
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_QUEUE_PUT && te->ev.proc == 1)
        g_assert_false (g_hash_table_contains (got, GSIZE_TO_POINTER (te->ev.msg_id)));
    }
  /* Either way the race goes, at most "xyz" was consumed. */
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_QUEUE_GET), <=, 1);
  g_test_message ("consumer took %u item(s) before quitting", test_run_count (run, FORKLINE_EV_QUEUE_GET));
  assert_ok (run);
}

/* Every put/send is received exactly once, with its id and its text. */
static void
assert_each_message_once (TestRun *run,
                          guint16  send_type,
                          guint16  recv_type,
                          guint    expected)
{
  g_autoptr(GHashTable) sent = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) received = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == send_type)
        {
          g_assert_cmpuint (te->ev.msg_id, !=, 0);
          g_hash_table_insert (sent, GSIZE_TO_POINTER (te->ev.msg_id), g_strdup (te->text));
        }
      else if (te->ev.type == recv_type)
        {
          const char *text = g_hash_table_lookup (sent, GSIZE_TO_POINTER (te->ev.msg_id));

          /* sent before it is received, with the same content, only once */
          g_assert_nonnull (text);
          g_assert_cmpstr (text, ==, te->text);
          g_assert_false (g_hash_table_contains (received, GSIZE_TO_POINTER (te->ev.msg_id)));
          g_hash_table_add (received, GSIZE_TO_POINTER (te->ev.msg_id));
        }
    }
  g_assert_cmpuint (g_hash_table_size (sent), ==, expected);
  g_assert_cmpuint (g_hash_table_size (received), ==, expected);
}

static void
test_queue_fixed_receives_everything_once (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("queue", "--set", "fixed=1", "--speed", "0.02", NULL);

  /* "xyz", five items, and the None sentinel */
  assert_each_message_once (run, FORKLINE_EV_QUEUE_PUT, FORKLINE_EV_QUEUE_GET, 7);
  g_assert_nonnull (find_print (run, "- Exit: naik", 0));
  assert_ok (run);
}

static void
test_pipe_hangs_until_timeout (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("pipe", "--speed", "0.02", "--timeout", "1.5", NULL);
  const TestEvent *end = test_run_end (run);
  pid_t receiver = 0;
  gboolean receiver_holds_write_end = FALSE;

  g_assert_cmpint (end->ev.a, ==, FORKLINE_RESULT_TIMEOUT);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_PIPE_RECV), ==, 4);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_PIPE_EOF), ==, 0);

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PROC_FORK && te->ev.proc == 2)
        receiver = te->ev.pid;
      /* the receiver inherited the sending end at fork and never let go */
      if (te->ev.type == FORKLINE_EV_PIPE_HOLD && te->ev.pid == receiver && te->ev.a == 1)
        receiver_holds_write_end = te->ev.b == 1 ? TRUE : receiver_holds_write_end;
      if (te->ev.type == FORKLINE_EV_PIPE_CLOSE && te->ev.pid == receiver)
        g_assert_cmpint (te->ev.a, !=, 1);
    }
  g_assert_true (receiver_holds_write_end);
  g_test_message ("%s", end->text);
  g_assert_nonnull (strstr (end->text, "write end"));
  g_assert_nonnull (strstr (end->text, "Process-2"));
  assert_all_dead (run);
}

static void
test_pipe_fixed_ends_with_eof (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("pipe", "--set", "fixed=1", "--speed", "0.02", NULL);
  TestEvent *eof = test_run_find (run, FORKLINE_EV_PIPE_EOF, 0);

  assert_each_message_once (run, FORKLINE_EV_PIPE_SEND, FORKLINE_EV_PIPE_RECV, 4);
  g_assert_nonnull (eof);
  g_assert_cmpint (eof->ev.proc, ==, 2);
  assert_ok (run);
}

static void
test_lock_keeps_count_exact (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("lock", "--set", "lock=1", "--set", "increments=1000", NULL);
  TestEvent *p = find_print (run, "counter = ", 0);

  g_assert_nonnull (p);
  g_assert_true (g_str_has_prefix (p->text, "counter = 4000 (expected 4000, 0 updates lost)"));
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_LOCK_ACQUIRE), ==, 4000);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_LOCK_RELEASE), ==, 4000);
  assert_ok (run);
}

static void
test_lock_free_increments_lose_updates (void)
{
  g_autoptr(TestRun) run = test_run_lesson ("lock", "--set", "lock=0", "--set", "increments=5000", NULL);
  TestEvent *p = find_print (run, "counter = ", 0);
  gint64 count;

  g_assert_nonnull (p);
  count = g_ascii_strtoll (p->text + strlen ("counter = "), NULL, 10);
  g_test_message ("without the lock: %s", p->text);
  /* four processes racing on two or more CPUs lose some of 20000 updates;
   * how many depends on the interleaving (over 75 % seen on a loaded
   * machine), so only "some, not all" holds every time */
  g_assert_cmpint (count, <, 20000);
  g_assert_cmpint (count, >, 0);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_LOCK_ACQUIRE), ==, 0);
  assert_ok (run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/stream/header-names-lesson-and-method", test_header_names_lesson_and_method);
  g_test_add_func ("/engine/stream/time-ordered-and-complete", test_stream_is_time_ordered_and_complete);
  g_test_add_func ("/engine/lesson/cpu-count", test_cpu_count_prints_cpus);
  g_test_add_func ("/engine/lesson/process-start/parent-finishes-first", test_process_start_parent_finishes_first);
  g_test_add_func ("/engine/lesson/start-join/children-sleep-together", test_start_join_children_sleep_together);
  g_test_add_func ("/engine/lesson/shared-array/squares-every-cell", test_shared_array_squares_every_cell);
  g_test_add_func ("/engine/lesson/pool-map/results-in-input-order", test_pool_map_results_in_input_order);
  g_test_add_func ("/engine/lesson/pool-worklog/finishes-c-b-d-a", test_pool_worklog_finishes_c_b_d_a);
  g_test_add_func ("/engine/lesson/queue/consumer-quits-early", test_queue_consumer_quits_early);
  g_test_add_func ("/engine/lesson/queue/fixed-receives-everything-once", test_queue_fixed_receives_everything_once);
  g_test_add_func ("/engine/lesson/pipe/hangs-until-timeout", test_pipe_hangs_until_timeout);
  g_test_add_func ("/engine/lesson/pipe/fixed-ends-with-eof", test_pipe_fixed_ends_with_eof);
  g_test_add_func ("/engine/lesson/lock/count-exact-with-lock", test_lock_keeps_count_exact);
  g_test_add_func ("/engine/lesson/lock/updates-lost-without-lock", test_lock_free_increments_lose_updates);

  return g_test_run ();
}

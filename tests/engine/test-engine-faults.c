/* test-engine-faults.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bad input, and every way a run can be cut short: no process may survive.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <unistd.h>

#include "engine-test-util.h"

/* A live engine whose stream the test reads as it comes. */
typedef struct
{
  GSubprocess     *proc;
  GInputStream    *out;
  ForklineDecoder *dec;
  GArray          *events;   /* TestEvent */
  gboolean         eof;
} LiveRun;

static void
test_event_clear (gpointer data)
{
  TestEvent *te = data;

  g_free (te->label);
  g_free (te->text);
}

static LiveRun *
live_start (const char * const *args)
{
  LiveRun *live = g_new0 (LiveRun, 1);

  live->proc = test_engine_spawn (args, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  live->out = g_subprocess_get_stdout_pipe (live->proc);
  live->dec = forkline_decoder_new ();
  live->events = g_array_new (FALSE, TRUE, sizeof (TestEvent));
  g_array_set_clear_func (live->events, test_event_clear);
  return live;
}

/* Decodes the next record the decoder already holds; NULL if it needs more. */
static TestEvent *
live_decode_next (LiveRun *live)
{
  g_autoptr(GError) error = NULL;
  TestEvent te = { 0 };

  if (forkline_decoder_next (live->dec, &te.ev, &error) != FORKLINE_DECODE_EVENT)
    {
      g_assert_no_error (error);
      return NULL;
    }
  te.label = g_strndup (te.ev.label, te.ev.label_len);
  te.text = g_strndup (te.ev.text, te.ev.text_len);
  te.ev.label = te.label;
  te.ev.text = te.text;
  g_array_append_val (live->events, te);
  return &g_array_index (live->events, TestEvent, live->events->len - 1);
}

/* Reads until the count-th event of type has arrived (type 0: until the
 * end).  Records already fed to the decoder are looked at before reading
 * more: the one asked for may be among them, and the engine may write
 * nothing more for a long while (a worker's whole sleep). */
static TestEvent *
live_read_until (LiveRun *live,
                 guint16  type,
                 guint    count)
{
  guint seen = 0;

  for (guint i = 0; i < live->events->len; i++)
    if (g_array_index (live->events, TestEvent, i).ev.type == type && ++seen == count)
      return &g_array_index (live->events, TestEvent, i);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      TestEvent *te;
      guint8 buf[4096];
      gssize n;

      while ((te = live_decode_next (live)) != NULL)
        if (type != 0 && te->ev.type == type && ++seen == count)
          return te;
      if (live->eof)
        return NULL;

      n = g_input_stream_read (live->out, buf, sizeof buf, NULL, &error);
      g_assert_no_error (error);
      if (n == 0)
        live->eof = TRUE;
      else
        forkline_decoder_feed (live->dec, buf, (gsize) n);
    }
}

static GArray *
live_pids (LiveRun *live)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (pid_t));

  for (guint i = 0; i < live->events->len; i++)
    if (g_array_index (live->events, TestEvent, i).ev.type == FORKLINE_EV_PROC_FORK)
      g_array_append_val (pids, g_array_index (live->events, TestEvent, i).ev.pid);
  return pids;
}

static void
live_free (LiveRun *live)
{
  g_clear_object (&live->proc);
  forkline_decoder_free (live->dec);
  g_array_unref (live->events);
  g_free (live);
}

/* All pids dead within timeout_ms. */
static gboolean
wait_all_dead (GArray *pids,
               guint   timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  for (;;)
    {
      gboolean all = TRUE;

      for (guint i = 0; i < pids->len; i++)
        if (!test_pid_dead (g_array_index (pids, pid_t, i)))
          all = FALSE;
      if (all)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (10000);
    }
}

static void
assert_usage_error (const char * const *args,
                    const char         *must_name)
{
  g_autoptr(TestRun) run = test_run_engine (args);
  g_auto(GStrv) lines = g_strsplit (g_strchomp (run->err), "\n", -1);

  g_assert_cmpint (run->exit_status, ==, 2);
  g_assert_cmpuint (run->n_bytes, ==, 0);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_nonnull (strstr (lines[0], must_name));
}

static void
test_bad_input_exits_2 (void)
{
  const char *unknown_lesson[] = { "run", "no-such-lesson", "--runtime", "c", NULL };
  const char *unknown_param[] = { "run", "pool-map", "--runtime", "c", "--set", "bogus=1", NULL };
  const char *out_of_range[] = { "run", "pool-map", "--runtime", "c", "--set", "workers=500", NULL };
  const char *not_int[] = { "run", "queue", "--runtime", "c", "--set", "fixed=0.5", NULL };
  const char *bad_command[] = { "frobnicate", NULL };
  const char *speed_zero[] = { "run", "pipe", "--runtime", "c", "--speed", "0", NULL };
  const char *timeout_nan[] = { "run", "pipe", "--runtime", "c", "--timeout", "nan", NULL };

  /* the message names the valid choices */
  assert_usage_error (unknown_lesson, "pool-map");
  assert_usage_error (unknown_param, "workers");
  assert_usage_error (out_of_range, "64");
  assert_usage_error (not_int, "whole numbers");
  assert_usage_error (bad_command, "list");
  assert_usage_error (speed_zero, "above 0");
  /* NaN passes any single comparison: it once meant a run without end. */
  assert_usage_error (timeout_nan, "86400");
}

static void
test_list_names_every_lesson (void)
{
  static const char *ids[] = { "cpu-count", "process-start", "start-join", "shared-array", "pool-map",
                               "pool-worklog", "queue", "pipe", "lock", "cpu-bound" };
  const char *text_args[] = { "list", NULL };
  const char *json_args[] = { "list", "--json", NULL };
  g_autoptr(TestRun) text = test_run_engine (text_args);
  g_autoptr(TestRun) json = test_run_engine (json_args);
  g_autofree char *t = g_strndup (g_bytes_get_data (text->bytes, NULL), text->n_bytes);
  g_autofree char *j = g_strndup (g_bytes_get_data (json->bytes, NULL), json->n_bytes);

  g_assert_cmpint (text->exit_status, ==, 0);
  g_assert_cmpint (json->exit_status, ==, 0);
  g_assert_true (g_str_has_prefix (j, "["));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *key = g_strdup_printf ("\"id\":\"%s\"", ids[i]);

      g_assert_true (g_str_has_prefix (strstr (t, ids[i]), ids[i]));
      g_assert_nonnull (strstr (j, key));
    }
  g_assert_nonnull (strstr (j, "\"name\":\"fixed\",\"default\":0"));
}

static void
test_record_file_is_the_stream (void)
{
  g_autofree char *dir = g_dir_make_tmp ("forkline-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "pool-map.forkline", NULL);
  const char *args[] = { "run", "pool-map", "--runtime", "c", "--speed", "0.02", "--record", path, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, run->n_bytes);
  g_assert_cmpmem (contents, len, g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  g_unlink (path);
  g_rmdir (dir);
}

static void
small_file_limit (gpointer user_data)
{
  struct rlimit limit = { 16 * 1024, 16 * 1024 };

  /* a write past the limit fails with EFBIG, as on a full disk */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* A record file that cannot be written whole is not saved: one line says
 * why, the status says so, and nothing is left, neither half a trace nor a
 * temporary file (nor an older file, half overwritten). */
static void
test_record_that_cannot_be_written_is_not_saved (void)
{
  g_autofree char *dir = g_dir_make_tmp ("forkline-record-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.forkline", NULL);
  const char *argv[] = { test_engine_path (), "run", "lock", "--runtime", "c", "--speed", "0.01",
                         "--record", path, NULL };
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) left = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, "an older run", -1, NULL));
  g_subprocess_launcher_set_child_setup (launcher, small_file_limit, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 3);
  g_assert_nonnull (strstr (err, "the run was not saved to"));
  g_assert_nonnull (strstr (err, "File too large"));

  /* the older file is as it was, and nothing else is there */
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "an older run");
  }
  left = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (left), ==, "run.forkline");
  g_assert_null (g_dir_read_name (left));
  g_unlink (path);
  g_rmdir (dir);
}

static void
few_open_files (gpointer user_data)
{
  rlim_t n = GPOINTER_TO_UINT (user_data);
  struct rlimit limit = { n, n };

  setrlimit (RLIMIT_NOFILE, &limit);
}

/* An engine that cannot make its pipes or start the main process (too few
 * file descriptors) never dies of it: it says so in one line and in a
 * stream that ends ERROR in those words, and exits 3 (or, given enough,
 * runs). */
static void
test_engine_out_of_resources_ends_cleanly (void)
{
  const char *argv[] = { test_engine_path (), "run", "start-join", "--runtime", "c", "--speed", "0.01", NULL };
  guint failed = 0;

  for (guint n = 4; n <= 12; n++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) out = NULL;
      g_autoptr(GBytes) err = NULL;
      g_autoptr(GArray) events = NULL;
      const TestEvent *end;

      g_subprocess_launcher_set_child_setup (launcher, few_open_files, GUINT_TO_POINTER (n), NULL);
      proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);
      g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (proc));
      if (g_subprocess_get_exit_status (proc) == 0)
        continue;

      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 3);
      g_assert_nonnull (g_strstr_len (g_bytes_get_data (err, NULL), g_bytes_get_size (err),
                                      "Could not start"));
      events = test_decode_all (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
      end = &g_array_index (events, TestEvent, events->len - 1);
      g_assert_cmpuint (end->ev.type, ==, FORKLINE_EV_LESSON_END);
      g_assert_cmpint (end->ev.a, ==, FORKLINE_RESULT_ERROR);
      g_assert_nonnull (strstr (end->text, "Too many open files"));
      failed++;
    }
  g_assert_cmpuint (failed, >, 0);
}

static void
test_text_mode_prints_lines (void)
{
  const char *args[] = { "run", "pool-map", "--runtime", "c", "--speed", "0.02", "--text", NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autofree char *out = g_strndup (g_bytes_get_data (run->bytes, NULL), run->n_bytes);

  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_nonnull (strstr (out, "task-start"));
  g_assert_nonnull (strstr (out, "ForkPoolWorker-5"));
  g_assert_nonnull (strstr (out, "result OK"));
  /* the program's own output reaches the terminal too */
  g_assert_nonnull (strstr (run->err, "[9, 16, 25, 36, 36, 49, 7569, 64, 64]"));
}

/* Runs @args until the @count-th record of @type, SIGKILLs the engine and
 * checks that its @n_pids processes die within @timeout_ms. */
static void
assert_sigkill_of_engine_ends_all (const char * const *args,
                                   guint16             type,
                                   guint               count,
                                   guint               n_pids,
                                   guint               timeout_ms)
{
  LiveRun *live = live_start (args);
  g_autoptr(GArray) pids = NULL;

  g_assert_nonnull (live_read_until (live, type, count));
  pids = live_pids (live);
  g_assert_cmpuint (pids->len, ==, n_pids);

  g_subprocess_force_exit (live->proc);
  g_subprocess_wait (live->proc, NULL, NULL);
  g_assert_true (wait_all_dead (pids, timeout_ms));
  live_free (live);
}

static void
test_sigkill_of_engine_kills_workers (void)
{
  const char *args[] = { "run", "pool-worklog", "--runtime", "c", NULL };

  /* all four workers are inside their sleeps */
  assert_sigkill_of_engine_ends_all (args, FORKLINE_EV_TASK_START, 4, 5, 1000);
}

/* A Python program's processes write to shared memory, which says nothing
 * when the engine is gone (a pipe would fail the write): they ask now and
 * then, and end. */
static void
test_sigkill_of_engine_ends_python_workers (void)
{
  g_autofree char *file = g_build_filename (g_getenv ("SCRIPTS_DIR"), "busy_forever.py", NULL);
  const char *args[] = { "script", file, NULL };

  assert_sigkill_of_engine_ends_all (args, FORKLINE_EV_PROC_START, 3, 3, 1000);
}

static void
test_sigterm_interrupts_and_reaps (void)
{
  const char *args[] = { "run", "start-join", "--runtime", "c", NULL };
  LiveRun *live = live_start (args);
  g_autoptr(GArray) pids = NULL;
  TestEvent *end;
  guint n_exits = 0;

  g_assert_nonnull (live_read_until (live, FORKLINE_EV_PROC_START, 3));
  g_subprocess_send_signal (live->proc, SIGTERM);
  end = live_read_until (live, FORKLINE_EV_LESSON_END, 1);
  g_assert_nonnull (end);
  g_assert_cmpint (end->ev.a, ==, FORKLINE_RESULT_INTERRUPTED);
  /* every process's end is in the stream, even one main reaped as it died */
  for (guint i = 0; i < live->events->len; i++)
    n_exits += g_array_index (live->events, TestEvent, i).ev.type == FORKLINE_EV_PROC_EXIT;
  g_assert_cmpuint (n_exits, ==, 3);
  g_subprocess_wait (live->proc, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (live->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (live->proc), ==, 1);
  pids = live_pids (live);
  g_assert_cmpuint (pids->len, ==, 3);
  /* reaped by the engine before it exited: already gone */
  for (guint i = 0; i < pids->len; i++)
    g_assert_true (test_pid_dead (g_array_index (pids, pid_t, i)));
  live_free (live);
}

static void
test_reader_gone_kills_and_exits (void)
{
  const char *args[] = { "run", "start-join", "--runtime", "c", NULL };
  LiveRun *live = live_start (args);
  g_autoptr(GArray) pids = NULL;
  gint64 t0;

  g_assert_nonnull (live_read_until (live, FORKLINE_EV_PROC_START, 3));
  pids = live_pids (live);
  g_input_stream_close (live->out, NULL, NULL);
  t0 = g_get_monotonic_time ();
  g_subprocess_wait (live->proc, NULL, NULL);
  /* long before the children's 3 s sleeps would end */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
  g_assert_true (g_subprocess_get_if_exited (live->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (live->proc), ==, 1);
  for (guint i = 0; i < pids->len; i++)
    g_assert_true (test_pid_dead (g_array_index (pids, pid_t, i)));
  live_free (live);
}

static void
test_dead_pool_worker_is_an_error (void)
{
  const char *args[] = { "run", "pool-worklog", "--runtime", "c", NULL };
  LiveRun *live = live_start (args);
  g_autoptr(GArray) pids = NULL;
  TestEvent *start = NULL, *end;
  pid_t victim = 0;
  gboolean reported = FALSE;

  /* the worker that took task A (5 s) */
  for (guint k = 1; k <= 4 && victim == 0; k++)
    {
      start = live_read_until (live, FORKLINE_EV_TASK_START, k);
      g_assert_nonnull (start);
      if (start->ev.a == 0)
        victim = start->ev.pid;
    }
  g_assert_cmpint (victim, >, 0);
  g_assert_cmpint (kill (victim, SIGKILL), ==, 0);

  end = live_read_until (live, FORKLINE_EV_LESSON_END, 1);
  g_assert_nonnull (end);
  g_assert_cmpint (end->ev.a, ==, FORKLINE_RESULT_ERROR);
  g_assert_nonnull (strstr (end->text, "signal 9"));
  for (guint i = 0; i < live->events->len; i++)
    {
      TestEvent *te = &g_array_index (live->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PROC_EXIT && te->ev.pid == victim)
        {
          g_assert_cmpint (te->ev.b, ==, SIGKILL);
          reported = TRUE;
        }
    }
  g_assert_true (reported);
  g_subprocess_wait (live->proc, NULL, NULL);
  pids = live_pids (live);
  for (guint i = 0; i < pids->len; i++)
    g_assert_true (test_pid_dead (g_array_index (pids, pid_t, i)));
  live_free (live);
}

static void
test_timeout_bounds_any_run (void)
{
  const char *args[] = { "run", "start-join", "--runtime", "c", "--timeout", "0.3", NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autoptr(GArray) pids = NULL;
  const TestEvent *end;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  end = test_run_end (run);
  g_assert_cmpint (end->ev.a, ==, FORKLINE_RESULT_TIMEOUT);
  g_assert_nonnull (strstr (end->text, "Process-1"));
  pids = test_run_pids (run);
  g_assert_cmpuint (pids->len, ==, 3);
  for (guint i = 0; i < pids->len; i++)
    g_assert_true (test_pid_gone (g_array_index (pids, pid_t, i)));
}

static void
test_killed_worker_reported_with_signal (void)
{
  const char *args[] = { "run", "start-join", "--runtime", "c", "--speed", "0.3", NULL };
  LiveRun *live = live_start (args);
  TestEvent *started, *end;
  pid_t victim = 0;
  pid_t main_pid = 0;
  gboolean reported = FALSE;

  /* Process-1, inside its sleep (Process-2 may well start first).  Not
   * SIGSEGV: under AddressSanitizer (as in CI) the worker would catch it
   * and exit with code 1; SIGUSR1 kills it just as plainly, leaves no core
   * file, and is not SIGKILL, so the report must carry the real number. */
  for (guint k = 1; k <= 3 && victim == 0; k++)
    {
      started = live_read_until (live, FORKLINE_EV_PROC_START, k);
      g_assert_nonnull (started);
      if (started->ev.proc == 1)
        victim = started->ev.pid;
    }
  g_assert_cmpint (victim, >, 0);
  g_assert_cmpint (kill (victim, SIGUSR1), ==, 0);

  end = live_read_until (live, FORKLINE_EV_LESSON_END, 1);
  g_assert_nonnull (end);
  /* a worker died: the run failed, and says who and how (PROTOCOL.md) */
  g_assert_cmpint (end->ev.a, ==, FORKLINE_RESULT_ERROR);
  g_assert_nonnull (strstr (end->text, "Process-1"));
  g_assert_nonnull (strstr (end->text, "signal 10"));
  for (guint i = 0; i < live->events->len; i++)
    {
      TestEvent *te = &g_array_index (live->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PROC_FORK && te->ev.proc == 0)
        main_pid = te->ev.pid;
      /* join() in main reports how the child ended */
      if (te->ev.type == FORKLINE_EV_PROC_EXIT && te->ev.pid == victim)
        {
          g_assert_cmpint (te->ev.b, ==, SIGUSR1);
          g_assert_cmpint (te->ev.a, ==, -1);
          g_assert_cmpint (te->ev.peer_pid, ==, main_pid);
          reported = TRUE;
        }
    }
  g_assert_true (reported);
  g_subprocess_wait (live->proc, NULL, NULL);
  live_free (live);
}

static void
wait_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(gboolean *) user_data = g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
}

static void
test_stalled_reader_does_not_block_sigterm (void)
{
  /* Far more output than a pipe holds, and a reader that never reads. */
  const char *args[] = { "run", "lock", "--runtime", "c", "--set", "increments=100000", "--json", NULL };
  g_autoptr(GSubprocess) proc = test_engine_spawn (args, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  gint64 deadline;
  gboolean done = FALSE;

  g_usleep (G_USEC_PER_SEC / 2);
  g_subprocess_send_signal (proc, SIGTERM);

  /* Generous: it exits within the 3 s it grants the reader; an engine
   * stuck in write() would never exit at all. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_subprocess_wait_async (proc, NULL, wait_done_cb, &done);
  while (!done && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);
  if (!done)
    g_subprocess_force_exit (proc);
  g_assert_true (done);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/faults/bad-input-exits-2", test_bad_input_exits_2);
  g_test_add_func ("/engine/cli/list-names-every-lesson", test_list_names_every_lesson);
  g_test_add_func ("/engine/cli/record-file-is-the-stream", test_record_file_is_the_stream);
  g_test_add_func ("/engine/cli/text-mode-prints-lines", test_text_mode_prints_lines);
  g_test_add_func ("/engine/faults/engine-out-of-resources-ends-cleanly",
                   test_engine_out_of_resources_ends_cleanly);
  g_test_add_func ("/engine/cli/record-that-cannot-be-written-is-not-saved",
                   test_record_that_cannot_be_written_is_not_saved);
  g_test_add_func ("/engine/faults/sigkill-of-engine-kills-workers", test_sigkill_of_engine_kills_workers);
  g_test_add_func ("/engine/faults/sigkill-of-engine-ends-python-workers",
                   test_sigkill_of_engine_ends_python_workers);
  g_test_add_func ("/engine/faults/sigterm-interrupts-and-reaps", test_sigterm_interrupts_and_reaps);
  g_test_add_func ("/engine/faults/reader-gone-kills-and-exits", test_reader_gone_kills_and_exits);
  g_test_add_func ("/engine/faults/dead-pool-worker-is-an-error", test_dead_pool_worker_is_an_error);
  g_test_add_func ("/engine/faults/timeout-bounds-any-run", test_timeout_bounds_any_run);
  g_test_add_func ("/engine/faults/killed-worker-reported-with-signal", test_killed_worker_reported_with_signal);
  g_test_add_func ("/engine/faults/stalled-reader-does-not-block-sigterm", test_stalled_reader_does_not_block_sigterm);

  return g_test_run ();
}

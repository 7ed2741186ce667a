/* test-engine-script.c — `forkline-engine script FILE.py` runs the real
 * CPython interpreter on the file, as `python3 FILE.py` would, traced.
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "engine-test-util.h"

static char *
script_path (const char *name)
{
  return g_build_filename (g_getenv ("SCRIPTS_DIR"), name, NULL);
}

static gboolean
has_print (TestRun    *run,
           const char *text)
{
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PRINT && g_strcmp0 (te->text, text) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Names exactly as CPython's current_process().name, the program's own
 * lines, argv, __file__, sys.path[0], exit codes; sleeps scaled by
 * --speed; join() and sleep() in the lesson's words. */
static void
test_script_runs_as_python_would (void)
{
  g_autofree char *file = script_path ("start_join_demo.py");
  const char *args[] = { "script", file, "--speed", "0.05", "--", "one", "--two", NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autofree char *argv_line = g_strdup_printf ("argv ['%s', 'one', '--two']", file);
  const TestEvent *end;
  guint sleeping = 0, joining = 0, exited_children = 0;
  gboolean names[3] = { FALSE };

  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 3);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  end = test_run_end (run);
  g_assert_nonnull (end);
  /* 2 s of sleep at speed 0.05: 0.1 s, far below the 2 s unscaled */
  g_assert_cmpuint (end->ev.time_ns, <, 1500000000);

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PROC_START)
        {
          names[0] |= g_strcmp0 (te->label, "MainProcess") == 0 && te->ev.proc == 0;
          names[1] |= g_strcmp0 (te->label, "Process-1") == 0 && te->ev.proc > 0;
          names[2] |= g_strcmp0 (te->label, "Process-2") == 0 && te->ev.proc > 0;
        }
      if (te->ev.type == FORKLINE_EV_STATE && te->ev.a == FORKLINE_STATE_SLEEPING &&
          g_strcmp0 (te->label, "time.sleep(2)") == 0)
        sleeping++;
      if (te->ev.type == FORKLINE_EV_STATE && te->ev.a == FORKLINE_STATE_WAIT_JOIN &&
          g_str_has_prefix (te->label, "join() waits for Process-") && te->ev.peer_pid > 0)
        joining++;
      if (te->ev.type == FORKLINE_EV_PROC_EXIT && te->ev.proc > 0)
        {
          g_assert_cmpint (te->ev.a, ==, 0);
          exited_children++;
        }
      if (te->ev.type == FORKLINE_EV_PROC_EXIT && te->ev.proc == 0)
        g_assert_cmpint (te->ev.a, ==, 3);
      /* every record of a named process carries its index */
      if (te->ev.type == FORKLINE_EV_PRINT || te->ev.type == FORKLINE_EV_STATE)
        g_assert_cmpint (te->ev.proc, >=, 0);
    }
  g_assert_true (names[0] && names[1] && names[2]);
  g_assert_cmpuint (sleeping, ==, 2);
  g_assert_cmpuint (joining, ==, 2);
  g_assert_cmpuint (exited_children, ==, 2);
  g_assert_true (has_print (run, "Sleeping for 2 seconds"));
  g_assert_true (has_print (run, "Finished sleeping: 2"));
  g_assert_true (has_print (run, "name MainProcess"));
  g_assert_true (has_print (run, argv_line));
  g_assert_true (has_print (run, "file start_join_demo.py"));
  g_assert_true (has_print (run, "path0 True"));
  g_assert_true (has_print (run, "children [0, 0]"));
  /* the program's own output reaches its stdout (the engine's stderr) */
  g_assert_nonnull (strstr (run->err, "Finished sleeping: 2"));
}

/* A Pool's workers are CPython's ForkPoolWorker-N; each item of map() is
 * a task dispatched in its chunk, started and finished by a worker; the
 * result is the interpreter's own. */
static void
test_pool_workers_are_named (void)
{
  g_autofree char *file = script_path ("pool_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  guint workers = 0, pools = 0, dispatched = 0, started = 0, waits = 0, helpers = 0;
  g_autoptr(GHashTable) ended = g_hash_table_new (NULL, NULL);
  GString *results = g_string_new (NULL);

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PROC_START && g_str_has_prefix (te->label, "ForkPoolWorker-"))
        workers++;
      /* the Pool's own threads in the main process, as threading names them */
      if (te->ev.type == FORKLINE_EV_THREAD_START && te->ev.proc == 0 &&
          (g_str_has_suffix (te->label, "(_handle_workers)") || g_str_has_suffix (te->label, "(_handle_tasks)") ||
           g_str_has_suffix (te->label, "(_handle_results)")))
        helpers++;
      if (te->ev.type == FORKLINE_EV_OBJECT_NEW && te->ev.a == FORKLINE_OBJECT_POOL)
        {
          g_assert_cmpint (te->ev.b, ==, 2);
          pools++;
        }
      dispatched += te->ev.type == FORKLINE_EV_TASK_DISPATCH;
      /* between tasks a worker waits for the next, in the lesson's words */
      if (te->ev.type == FORKLINE_EV_STATE && te->ev.a == FORKLINE_STATE_WAIT_TASK)
        {
          g_assert_cmpint (te->ev.proc, >, 0);
          waits++;
        }
      started += te->ev.type == FORKLINE_EV_TASK_START;
      if (te->ev.type == FORKLINE_EV_TASK_FINISH)
        g_string_append_printf (results, "%s%" G_GINT64_FORMAT "=%s", results->len ? " " : "", te->ev.a, te->text);
      /* each worker ends by the sentinel (exit 0) or by terminate()
       * (SIGTERM, reported by the parent that reaped it, after the
       * worker's own word if it was leaving just then: the last wins) */
      if (te->ev.type == FORKLINE_EV_PROC_EXIT && g_str_has_prefix (te->label, "ForkPoolWorker-"))
        {
          g_assert_true (te->ev.a == 0 || te->ev.b == SIGTERM);
          g_hash_table_add (ended, GINT_TO_POINTER (te->ev.pid));
        }
    }
  g_assert_cmpuint (workers, ==, 2);
  g_assert_cmpuint (helpers, ==, 3);
  g_assert_cmpuint (pools, ==, 1);
  g_assert_cmpuint (dispatched, ==, 3);
  g_assert_cmpuint (started, ==, 3);
  g_assert_cmpuint (waits, >=, 2);
  g_assert_cmpuint (g_hash_table_size (ended), ==, 2);
  g_test_message ("results: %s", results->str);
  g_assert_nonnull (strstr (results->str, "0=9"));
  g_assert_nonnull (strstr (results->str, "1=16"));
  g_assert_nonnull (strstr (results->str, "2=25"));
  g_string_free (results, TRUE);
  g_assert_true (has_print (run, "[9, 16, 25]"));
  g_assert_cmpint (test_run_end (run)->ev.a, ==, FORKLINE_RESULT_OK);
}

/* CPython's Queue and Lock through their public methods: each put is
 * linked to its get by one message id, the program's own objects appear
 * (not the locks a Queue makes inside), and every increment takes and
 * gives back the Lock. */
static void
test_queue_and_lock_are_traced (void)
{
  g_autofree char *file = script_path ("queue_lock_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autoptr(GHashTable) put = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) written = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint queues = 0, locks = 0, gets = 0, acquires = 0, releases = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      switch (te->ev.type)
        {
        case FORKLINE_EV_OBJECT_NEW:
          queues += te->ev.a == FORKLINE_OBJECT_QUEUE;
          locks += te->ev.a == FORKLINE_OBJECT_LOCK;
          break;
        case FORKLINE_EV_QUEUE_PUT:
          g_assert_cmpuint (te->ev.msg_id, !=, 0);
          g_assert_cmpint (te->ev.a, ==, 1);  /* handed to the feeder thread */
          g_hash_table_add (put, &te->ev.msg_id);
          break;
        case FORKLINE_EV_QUEUE_WRITTEN:
          /* the feeder thread writes each item after its put, before its get */
          g_assert_true (g_hash_table_contains (put, &te->ev.msg_id));
          g_assert_cmpint (te->ev.b, >, 0);
          g_hash_table_add (written, &te->ev.msg_id);
          break;
        case FORKLINE_EV_QUEUE_GET:
          /* the get names the put that sent its item, which came first */
          g_assert_true (g_hash_table_contains (put, &te->ev.msg_id));
          g_assert_true (g_hash_table_contains (written, &te->ev.msg_id));
          gets++;
          break;
        case FORKLINE_EV_LOCK_ACQUIRE:
          acquires++;
          break;
        case FORKLINE_EV_LOCK_RELEASE:
          releases++;
          break;
        default:
          break;
        }
    }
  g_assert_cmpuint (queues, ==, 1);
  g_assert_cmpuint (locks, ==, 1);
  g_assert_cmpuint (g_hash_table_size (put), ==, 4);
  g_assert_cmpuint (gets, ==, 4);
  g_assert_cmpuint (acquires, ==, 100);
  g_assert_cmpuint (releases, ==, 100);
  g_assert_true (has_print (run, "got sudh"));
  g_assert_true (has_print (run, "counter 100"));
}

/* CPython's Pipe: each send linked to its recv, the receiver's EOF once
 * every holder of the sending end has closed it, and who holds which end
 * (a fork copies them; close() lets go). */
static void
test_pipe_is_traced (void)
{
  g_autofree char *file = script_path ("pipe_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autoptr(GHashTable) sent = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint pipes = 0, received = 0, eofs = 0, holds = 0, releases = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      switch (te->ev.type)
        {
        case FORKLINE_EV_OBJECT_NEW:
          pipes += te->ev.a == FORKLINE_OBJECT_PIPE;
          break;
        case FORKLINE_EV_PIPE_SEND:
          g_assert_cmpint (te->ev.a, ==, 0);
          g_hash_table_add (sent, &te->ev.msg_id);
          break;
        case FORKLINE_EV_PIPE_RECV:
          g_assert_cmpint (te->ev.a, ==, 1);
          g_assert_true (g_hash_table_contains (sent, &te->ev.msg_id));
          received++;
          break;
        case FORKLINE_EV_PIPE_EOF:
          eofs++;
          break;
        case FORKLINE_EV_PIPE_HOLD:
          holds += te->ev.b != 0;
          releases += te->ev.b == 0;
          break;
        default:
          break;
        }
    }
  g_assert_cmpuint (pipes, ==, 1);
  g_assert_cmpuint (g_hash_table_size (sent), ==, 3);
  g_assert_cmpuint (received, ==, 3);
  g_assert_cmpuint (eofs, ==, 1);
  /* main makes both ends, each child inherits both: 6 holds, all let go */
  g_assert_cmpuint (holds, ==, 6);
  g_assert_cmpuint (releases, ==, 6);
  g_assert_true (has_print (run, "got the pipe"));
  g_assert_true (has_print (run, "eof"));
}

/* CPython's shared Array: made with its initial cells, each cell's read
 * and write by the process that did it. */
static void
test_array_is_traced (void)
{
  g_autofree char *file = script_path ("array_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  guint arrays = 0, reads = 0;
  GString *writes = g_string_new (NULL);

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_OBJECT_NEW && te->ev.a == FORKLINE_OBJECT_ARRAY)
        {
          g_assert_cmpint (te->ev.b, ==, 3);
          g_assert_cmpstr (te->text, ==, "2,3,6");
          arrays++;
        }
      if (te->ev.type == FORKLINE_EV_ARRAY_READ && te->ev.proc > 0)
        reads++;
      if (te->ev.type == FORKLINE_EV_ARRAY_WRITE)
        {
          g_assert_cmpint (te->ev.proc, >, 0);
          g_string_append_printf (writes, "[%" G_GINT64_FORMAT "]%" G_GINT64_FORMAT "->%" G_GINT64_FORMAT " ",
                                  te->ev.a, te->ev.b, te->ev.c);
        }
    }
  g_test_message ("writes: %s", writes->str);
  g_assert_cmpuint (arrays, ==, 1);
  g_assert_cmpuint (reads, ==, 6);
  g_assert_nonnull (strstr (writes->str, "[0]2->4 "));
  g_assert_nonnull (strstr (writes->str, "[1]3->9 "));
  g_assert_nonnull (strstr (writes->str, "[2]6->36 "));
  g_assert_true (has_print (run, "[4, 9, 36]"));
  g_string_free (writes, TRUE);
}

/* What a review found the tracer got wrong, each as plain python3 does
 * it: a dropped pipe end closes (EOF comes), a Lock made in a child is the
 * program's, a 64-bit unsigned cell reads, a full queue's put_nowait puts
 * nothing, an object with a failing repr still goes in a queue, the last
 * line without a newline is a line, and main's end is its last word. */
static void
test_edge_cases_behave_as_python (void)
{
  g_autofree char *file = script_path ("edge_cases.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  guint locks = 0, puts = 0;
  const TestEvent *last_main_state = NULL;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      locks += te->ev.type == FORKLINE_EV_OBJECT_NEW && te->ev.a == FORKLINE_OBJECT_LOCK;
      puts += te->ev.type == FORKLINE_EV_QUEUE_PUT;
      if (te->ev.type == FORKLINE_EV_STATE && te->ev.proc == 0)
        last_main_state = te;
    }
  g_assert_true (has_print (run, "partial got 0"));
  g_assert_true (has_print (run, "eof"));
  g_assert_true (has_print (run, "child locked"));
  g_assert_true (has_print (run, "big 18446744073709551615"));
  g_assert_true (has_print (run, "full"));
  g_assert_true (has_print (run, "put without repr ok"));
  g_assert_true (has_print (run, "last line without newline"));
  g_assert_cmpuint (locks, ==, 1);
  g_assert_cmpuint (puts, ==, 2);    /* 1 into the full queue, the NoRepr */
  g_assert_nonnull (last_main_state);
  g_assert_cmpint (last_main_state->ev.a, ==, FORKLINE_STATE_EXITED);
}

/* A file that is not there: one line that says so, status 2, no stream. */
static void
test_missing_file_is_usage (void)
{
  const char *args[] = { "script", "/nonexistent/program.py", NULL };
  g_autoptr(TestRun) run = test_run_engine (args);

  g_assert_cmpint (run->exit_status, ==, 2);
  g_assert_nonnull (strstr (run->err, "/nonexistent/program.py is not a file"));
  g_assert_cmpuint (run->n_bytes, ==, 0);
}

/* `run LESSON` runs the lesson's listing under CPython: the parameters set
 * its named constants, the source that ran is in the stream (with them),
 * and each process tells the line of the listing it is at. */
static void
test_lesson_runs_its_listing (void)
{
  const char *args[] = { "run", "start-join", "--set", "processes=3", "--set", "sleep=0.05", NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autoptr(GString) source = g_string_new (NULL);
  guint workers = 0, worker_lines = 0, main_lines = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_SOURCE)
        {
          g_assert_cmpint (te->ev.a, ==, (gint64) source->len);
          g_assert_true (g_str_has_suffix (te->label, "/start-join.py"));
          g_string_append (source, te->text);
        }
      workers += te->ev.type == FORKLINE_EV_PROC_START && g_str_has_prefix (te->label, "Process-");
      /* a child sleeps at line 11, the main process joins at line 21 */
      if (te->ev.type == FORKLINE_EV_LINE && te->ev.proc > 0 && te->ev.a == 11)
        worker_lines++;
      if (te->ev.type == FORKLINE_EV_LINE && te->ev.proc == 0 && te->ev.a == 21)
        main_lines++;
    }
  g_assert_cmpuint (workers, ==, 3);
  g_assert_nonnull (strstr (source->str, "\nPROCESSES = 3  # how many Process objects\n"));
  g_assert_nonnull (strstr (source->str, "\nSLEEP = 0.05  # seconds each child sleeps\n"));
  g_assert_cmpuint (worker_lines, ==, 3);
  g_assert_cmpuint (main_lines, >=, 1);
  g_assert_true (has_print (run, "Sleeping for 0.05 seconds"));
}

/* The error records of a run, in order. */
static GPtrArray *
error_texts (TestRun *run)
{
  GPtrArray *texts = g_ptr_array_new ();

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_ERROR)
        g_ptr_array_add (texts, te->text);
    }
  return texts;
}

/* What plain python3 writes on stderr for @file. */
static char *
python_stderr (const char *file)
{
  const char *argv[] = { "python3", file, NULL };
  g_autoptr(GSubprocess) python = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                           G_SUBPROCESS_FLAGS_STDOUT_SILENCE, NULL);
  char *err = NULL;

  g_assert_nonnull (python);
  g_assert_true (g_subprocess_communicate_utf8 (python, NULL, NULL, NULL, &err, NULL));
  return err;
}

/* An uncaught exception in a child and in main: each an error record that
 * names the process, the exception and the program's line, with the
 * traceback; the run ends ERROR with the first; stderr and the exit status
 * are plain python3's (no frame of the tracer in the traceback). */
static void
test_exceptions_are_errors (void)
{
  g_autofree char *file = script_path ("exceptions_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *plain = python_stderr (file);
  const TestEvent *end;

  g_assert_cmpint (run->exit_status, ==, 1);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  errors = error_texts (run);
  g_assert_cmpuint (errors->len, ==, 2);
  g_assert_true (g_str_has_prefix (errors->pdata[0], "Process-1: ValueError: child failed (line 6)\n"));
  g_assert_nonnull (strstr (errors->pdata[0], "in fail\n"));
  g_assert_true (g_str_has_prefix (errors->pdata[1], "MainProcess: RuntimeError: main failed (line 14)\n"));
  g_assert_true (has_print (run, "exitcode 1"));
  end = test_run_end (run);
  g_assert_cmpint (end->ev.a, ==, FORKLINE_RESULT_ERROR);
  g_assert_cmpstr (end->text, ==, "Process-1: ValueError: child failed (line 6)");

  g_assert_null (strstr (run->err, "forkline_tracer"));
  g_assert_nonnull (strstr (plain, "RuntimeError: main failed"));
  /* the program's stdout line is interleaved into the engine's stderr */
  {
    g_autoptr(GString) without_print = g_string_new (run->err);

    g_assert_cmpuint (g_string_replace (without_print, "exitcode 1\n", "", 1), ==, 1);
    g_assert_cmpstr (without_print->str, ==, plain);
  }
}

/* Not Python: the error's line, nothing forked, status 1, python3's own
 * message. */
static void
test_syntax_error_runs_nothing (void)
{
  g_autofree char *source = script_path ("syntax_error.txt");
  g_autofree char *dir = g_dir_make_tmp ("forkline-syntax-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "broken.py", NULL);
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = NULL;
  g_autoptr(GPtrArray) errors = NULL;

  /* kept as .txt in the tree so no tool compiles it */
  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  g_assert_true (g_file_set_contents (file, text, -1, NULL));
  plain = python_stderr (file);
  run = test_run_engine (args);

  g_assert_cmpint (run->exit_status, ==, 1);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  errors = error_texts (run);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_true (g_str_has_prefix (errors->pdata[0], "MainProcess: SyntaxError: invalid syntax (line 4)\n"));
  /* the engine forked the main process; it forked nothing */
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_PROC_FORK), <=, 1);
  g_assert_null (test_run_find (run, FORKLINE_EV_PROC_START, 1));
  g_assert_cmpint (test_run_end (run)->ev.a, ==, FORKLINE_RESULT_ERROR);
  g_assert_cmpstr (run->err, ==, plain);
  g_remove (file);
  g_rmdir (dir);
}

/* What plain python3 prints on stdout for @file, line by line. */
static GStrv
python_stdout_lines (const char *file)
{
  const char *argv[] = { "python3", file, NULL };
  g_autoptr(GSubprocess) python = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                           G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
  g_autofree char *out = NULL;

  g_assert_nonnull (python);
  g_assert_true (g_subprocess_communicate_utf8 (python, NULL, NULL, &out, NULL, NULL));
  g_strchomp (out);
  return g_strsplit (out, "\n", -1);
}

/* spawn and the fork server start fresh interpreters: their processes are
 * traced as forked ones (CPython's names, prints, exit codes, who started
 * them), and every line python3 prints is a print record, in its order. */
static void
test_every_start_method_is_traced (void)
{
  g_autofree char *file = script_path ("start_methods_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_auto(GStrv) plain = python_stdout_lines (file);
  const char *names[] = { "ForkProcess-1", "SpawnProcess-2", "ForkServerProcess-3" };
  guint n_print = 0, n_exit4 = 0;
  gint32 main_pid = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  g_assert_cmpuint (g_strv_length (plain), ==, 6);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PROC_START && g_strcmp0 (te->label, "MainProcess") == 0)
        main_pid = te->ev.pid;
      if (te->ev.type == FORKLINE_EV_PRINT)
        {
          g_assert_cmpuint (n_print, <, 6);
          g_assert_cmpstr (te->text, ==, plain[n_print]);
          n_print++;
        }
      if (te->ev.type == FORKLINE_EV_PROC_EXIT && te->ev.a == 4)
        n_exit4++;
    }
  g_assert_cmpuint (n_print, ==, 6);
  g_assert_cmpuint (n_exit4, ==, 3);
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      gboolean started = FALSE;

      for (guint i = 0; i < run->events->len; i++)
        {
          TestEvent *te = &g_array_index (run->events, TestEvent, i);

          if (te->ev.type == FORKLINE_EV_PROC_START && g_strcmp0 (te->label, names[n]) == 0)
            {
              started = TRUE;
              /* spawn's child is main's; the fork server's is the server's */
              for (guint j = 0; j < run->events->len; j++)
                {
                  TestEvent *fork = &g_array_index (run->events, TestEvent, j);

                  if (fork->ev.type == FORKLINE_EV_PROC_FORK && fork->ev.pid == te->ev.pid && n < 2)
                    g_assert_cmpint (fork->ev.peer_pid, ==, main_pid);
                }
            }
        }
      g_assert_true (started);
    }
  g_assert_cmpint (test_run_end (run)->ev.a, ==, FORKLINE_RESULT_OK);
}

/* Threads are named as threading names them, with the kernel's id for
 * them; the kernel's switches of a thread carry that id: the queue's
 * feeder thread really ran. */
static void
test_threads_are_traced (void)
{
  g_autofree char *file = script_path ("queue_lock_demo.py");
  const char *args[] = { "script", file, "--speed", "0.05", NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autoptr(GHashTable) feeders = g_hash_table_new (NULL, NULL);
  guint feeder_switches = 0, ended = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_THREAD_START && g_strcmp0 (te->label, "QueueFeederThread") == 0)
        {
          g_assert_cmpint (te->ev.a, >, 0);
          g_assert_cmpint (te->ev.a, !=, te->ev.pid);
          g_hash_table_add (feeders, GINT_TO_POINTER ((gint) te->ev.a));
        }
      if (te->ev.type == FORKLINE_EV_THREAD_END && g_hash_table_contains (feeders, GINT_TO_POINTER ((gint) te->ev.a)))
        ended++;
      if ((te->ev.type == FORKLINE_EV_SWITCH_IN || te->ev.type == FORKLINE_EV_SWITCH_OUT) &&
          g_hash_table_contains (feeders, GINT_TO_POINTER ((gint) te->ev.b)))
        feeder_switches++;
    }
  g_assert_cmpuint (g_hash_table_size (feeders), >=, 1);
  g_assert_cmpuint (ended, ==, g_hash_table_size (feeders));
  if (test_expected_method () == FORKLINE_METHOD_PERF_SWITCH)
    g_assert_cmpuint (feeder_switches, >=, 2);
}

/* A fork bomb meets the process limit: the run ends ERROR saying so, and
 * not one of its processes is left. */
static void
test_fork_bomb_is_stopped (void)
{
  g_autofree char *file = script_path ("many_forks.py");
  const char *args[] = { "script", file, "--timeout", "60", NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autoptr(GArray) pids = NULL;
  const TestEvent *end;

  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  end = test_run_end (run);
  g_assert_nonnull (end);
  g_assert_cmpint (end->ev.a, ==, FORKLINE_RESULT_ERROR);
  g_assert_nonnull (strstr (end->text, "more than 256 processes running at once"));
  /* stopped near the limit, long before the bound or the time limit */
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_PROC_FORK), <, 600);
  g_assert_cmpuint (end->ev.time_ns, <, 30 * G_GUINT64_CONSTANT (1000000000));
  pids = test_run_pids (run);
  for (guint i = 0; i < pids->len; i++)
    g_assert_true (test_pid_gone (g_array_index (pids, pid_t, i)));
}

/* The limit is on processes alive at once: 300 started and joined one at
 * a time run to the end. */
static void
test_many_processes_in_turn_are_fine (void)
{
  g_autofree char *file = script_path ("many_in_turn.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  g_assert_cmpint (test_run_end (run)->ev.a, ==, FORKLINE_RESULT_OK);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_PROC_START), ==, 301);
  g_assert_true (has_print (run, "all joined"));
}

static guint
count_labelled (TestRun    *run,
                guint16     type,
                const char *label)
{
  guint n = 0;

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      n += te->ev.type == type && g_strcmp0 (te->label, label) == 0;
    }
  return n;
}

static gboolean
has_state_words (TestRun    *run,
                 const char *words)
{
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_STATE && g_strcmp0 (te->label, words) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Semaphore, RLock, Condition, Event and Value as the program uses them:
 * two processes hold the Semaphore at once, an RLock taken twice is one
 * hold, each Value write is told with its lock around it. */
static void
test_synchronization_is_traced (void)
{
  g_autofree char *file = script_path ("sync_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  gint held = 0, most = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  g_assert_cmpint (test_run_end (run)->ev.a, ==, FORKLINE_RESULT_OK);
  g_assert_true (has_print (run, "300 300"));

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (g_strcmp0 (te->label, "semaphore") != 0)
        continue;
      held += te->ev.type == FORKLINE_EV_LOCK_ACQUIRE;
      held -= te->ev.type == FORKLINE_EV_LOCK_RELEASE;
      most = MAX (most, held);
    }
  g_assert_cmpint (most, ==, 2);
  g_assert_cmpuint (count_labelled (run, FORKLINE_EV_LOCK_WAIT, "semaphore"), >=, 1);
  g_assert_cmpuint (count_labelled (run, FORKLINE_EV_LOCK_ACQUIRE, "rlock"), ==, 3);
  g_assert_cmpuint (count_labelled (run, FORKLINE_EV_LOCK_RELEASE, "rlock"), ==, 3);
  g_assert_cmpuint (count_labelled (run, FORKLINE_EV_OBJECT_NEW, "condition"), ==, 1);
  g_assert_true (has_state_words (run, "wait() waits for the Event to be set"));
  g_assert_true (has_state_words (run, "wait() waits to be notified"));
  /* the Value's and the raw one's: 300 writes each, read just before */
  g_assert_cmpuint (count_labelled (run, FORKLINE_EV_ARRAY_WRITE, "value"), ==, 600);
  g_assert_cmpuint (count_labelled (run, FORKLINE_EV_ARRAY_READ, "value"), >=, 600);
  g_assert_cmpuint (count_labelled (run, FORKLINE_EV_LOCK_ACQUIRE, "value's lock"), >=, 300);
  /* only the program's: nothing a Condition, an Event or a Value makes inside */
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_OBJECT_NEW), ==, 6);
}

/* A SimpleQueue's puts linked to their gets, its get() waits in words,
 * empty() with its answer. */
static void
test_simple_queue_is_traced (void)
{
  g_autofree char *file = script_path ("simple_queue_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  g_assert_true (has_print (run, "got [0, 10, 20]"));
  g_assert_cmpuint (count_labelled (run, FORKLINE_EV_QUEUE_PUT, "simple queue"), ==, 3);
  g_assert_cmpuint (count_labelled (run, FORKLINE_EV_QUEUE_GET, "simple queue"), ==, 3);
  for (guint n = 0; n < 3; n++)
    g_assert_cmpuint (test_run_find (run, FORKLINE_EV_QUEUE_PUT, n)->ev.msg_id, ==,
                      test_run_find (run, FORKLINE_EV_QUEUE_GET, n)->ev.msg_id);
  g_assert_true (has_state_words (run, "get() waits on the simple queue"));
  g_assert_cmpint (test_run_find (run, FORKLINE_EV_QUEUE_EMPTY, 0)->ev.a, ==, 1);
  /* only the program's queue: nothing the Process or the queue makes inside */
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_OBJECT_NEW), ==, 1);
}

/* Processes and their threads writing as fast as they can, more than a
 * ring holds: every line once, in each writer's order. */
static void
test_every_record_arrives_once_in_order (void)
{
  g_autofree char *file = script_path ("ring_stress.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autoptr(GHashTable) next = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint prints = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  g_assert_cmpint (test_run_end (run)->ev.a, ==, FORKLINE_RESULT_OK);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);
      g_auto(GStrv) words = NULL;
      guint expected;

      if (te->ev.type != FORKLINE_EV_PRINT)
        continue;
      words = g_strsplit (te->text, " ", 2);
      g_assert_nonnull (words[1]);
      expected = GPOINTER_TO_UINT (g_hash_table_lookup (next, words[0]));
      g_assert_cmpuint (g_ascii_strtoull (words[1], NULL, 10), ==, expected);
      g_hash_table_replace (next, g_strdup (words[0]), GUINT_TO_POINTER (expected + 1));
      prints++;
    }
  /* 4 processes, each its main thread and two more */
  g_assert_cmpuint (g_hash_table_size (next), ==, 12);
  g_assert_cmpuint (prints, ==, 12 * 3000);
}

/* More processes alive at once than there are ring slots: the rest write
 * to the pipe, and nothing is lost. */
static void
test_more_processes_than_rings (void)
{
  g_autofree char *file = script_path ("more_than_slots.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  guint alive = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  g_assert_cmpint (test_run_end (run)->ev.a, ==, FORKLINE_RESULT_OK);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PRINT && g_str_has_suffix (te->text, " is alive"))
        alive++;
    }
  g_assert_cmpuint (alive, ==, 140);
  g_assert_cmpuint (test_run_count (run, FORKLINE_EV_PROC_START), ==, 141);
  g_assert_true (has_print (run, "all joined"));
}

/* A JoinableQueue's puts are linked to their gets and its join() waits in
 * words; a spawn-context Pool's tasks are traced as a fork one's. */
static void
test_joinable_queue_and_spawn_pool (void)
{
  g_autofree char *file = script_path ("joinable_spawn_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autoptr(GHashTable) puts = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) spawn_workers = g_hash_table_new (NULL, NULL);
  guint linked = 0, joins = 0, dispatched = 0, spawned_starts = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PROC_START && g_str_has_prefix (te->label, "SpawnPoolWorker-"))
        g_hash_table_add (spawn_workers, GINT_TO_POINTER (te->ev.pid));
    }
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_QUEUE_PUT && te->ev.msg_id != 0)
        g_hash_table_add (puts, &te->ev.msg_id);
      if (te->ev.type == FORKLINE_EV_QUEUE_GET && g_hash_table_contains (puts, &te->ev.msg_id))
        linked++;
      if (te->ev.type == FORKLINE_EV_STATE && g_strcmp0 (te->label, "join() waits until every item is done") == 0)
        joins++;
      dispatched += te->ev.type == FORKLINE_EV_TASK_DISPATCH;
      if (te->ev.type == FORKLINE_EV_TASK_START && g_hash_table_contains (spawn_workers, GINT_TO_POINTER (te->ev.pid)))
        spawned_starts++;
    }
  g_assert_cmpuint (g_hash_table_size (puts), ==, 3);
  g_assert_cmpuint (linked, ==, 3);
  g_assert_cmpuint (joins, ==, 1);
  g_assert_cmpuint (dispatched, ==, 4);
  g_assert_cmpuint (spawned_starts, ==, 4);
  g_assert_true (has_print (run, "done 2"));
  g_assert_true (has_print (run, "cubes [0, 1, 8, 27]"));
}

/* A ProcessPoolExecutor is a pool: each submit (and each of map's) a task
 * dispatched, started and finished by a worker, result() waits in words;
 * its own call queue and wakeup pipe are not the program's. */
static void
test_executor_is_a_pool (void)
{
  g_autofree char *file = script_path ("executor_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  guint pools = 0, channels = 0, dispatched = 0, started = 0, finished = 0, waits = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_OBJECT_NEW)
        {
          pools += te->ev.a == FORKLINE_OBJECT_POOL && te->ev.b == 2;
          channels += te->ev.a == FORKLINE_OBJECT_QUEUE || te->ev.a == FORKLINE_OBJECT_PIPE;
        }
      if (te->ev.type == FORKLINE_EV_TASK_DISPATCH)
        {
          g_assert_cmpstr (te->label, ==, "square");
          dispatched++;
        }
      started += te->ev.type == FORKLINE_EV_TASK_START && te->ev.proc > 0;
      finished += te->ev.type == FORKLINE_EV_TASK_FINISH && te->ev.proc > 0;
      waits += te->ev.type == FORKLINE_EV_STATE && g_strcmp0 (te->label, "result() waits for the task") == 0;
    }
  g_assert_cmpuint (pools, ==, 1);
  g_assert_cmpuint (channels, ==, 0);
  g_assert_cmpuint (dispatched, ==, 6);   /* 3 submits, map submits each item */
  g_assert_cmpuint (started, ==, 6);
  g_assert_cmpuint (finished, ==, 6);
  g_assert_cmpuint (waits, >=, 1);
  g_assert_true (has_print (run, "submitted [0, 1, 4]"));
  g_assert_true (has_print (run, "mapped [9, 16, 25]"));
}

/* One Pool's map, apply, apply_async and imap: every call's tasks are
 * dispatched, started and finished, numbered across the calls (none taken
 * twice), and get() waits in words. */
static void
test_pool_calls_are_tasks (void)
{
  g_autofree char *file = script_path ("pool_apply_demo.py");
  const char *args[] = { "script", file, NULL };
  g_autoptr(TestRun) run = test_run_engine (args);
  g_autoptr(GHashTable) started = g_hash_table_new (NULL, NULL);
  guint dispatched = 0, finished = 0, waits = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      dispatched += te->ev.type == FORKLINE_EV_TASK_DISPATCH;
      finished += te->ev.type == FORKLINE_EV_TASK_FINISH;
      if (te->ev.type == FORKLINE_EV_TASK_START)
        {
          g_assert_false (g_hash_table_contains (started, GINT_TO_POINTER ((gint) te->ev.a)));
          g_hash_table_add (started, GINT_TO_POINTER ((gint) te->ev.a));
        }
      waits += te->ev.type == FORKLINE_EV_STATE && g_strcmp0 (te->label, "get() waits for the result") == 0;
    }
  /* map 3, apply 1, apply_async 1, imap 4 */
  g_assert_cmpuint (dispatched, ==, 9);
  g_assert_cmpuint (g_hash_table_size (started), ==, 9);
  g_assert_cmpuint (finished, ==, 9);
  g_assert_cmpuint (waits, >=, 1);
  g_assert_true (has_print (run, "49"));
  g_assert_true (has_print (run, "64"));
  g_assert_true (has_print (run, "[0, 1, 4, 9]"));
}

/* An edited copy of a program, run with --folder, imports its neighbours
 * from the original's folder, as the original would. */
static void
test_folder_is_where_imports_come_from (void)
{
  g_autofree char *dir = g_dir_make_tmp ("forkline-folder-XXXXXX", NULL);
  g_autofree char *copies = g_build_filename (dir, "edited", NULL);
  g_autofree char *helper = g_build_filename (dir, "neighbour.py", NULL);
  g_autofree char *copy = g_build_filename (copies, "main.py", NULL);
  const char *args[] = { "script", copy, "--folder", dir, NULL };
  g_autoptr(TestRun) run = NULL;

  g_assert_no_errno (g_mkdir (copies, 0755));
  g_assert_true (g_file_set_contents (helper, "VALUE = 42\n", -1, NULL));
  g_assert_true (g_file_set_contents (copy, "import neighbour\nprint('neighbour', neighbour.VALUE)\n", -1, NULL));
  run = test_run_engine (args);
  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  g_assert_true (has_print (run, "neighbour 42"));
  g_remove (copy);
  g_remove (helper);
  g_rmdir (copies);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_find_program_in_path ("python3") == NULL)
    {
      g_printerr ("python3 is not installed: skipped\n");
      return 77;
    }
  g_test_add_func ("/engine/script/runs-as-python-would", test_script_runs_as_python_would);
  g_test_add_func ("/engine/script/pool-workers-are-named", test_pool_workers_are_named);
  g_test_add_func ("/engine/script/queue-and-lock-are-traced", test_queue_and_lock_are_traced);
  g_test_add_func ("/engine/script/pipe-is-traced", test_pipe_is_traced);
  g_test_add_func ("/engine/script/array-is-traced", test_array_is_traced);
  g_test_add_func ("/engine/script/edge-cases-behave-as-python", test_edge_cases_behave_as_python);
  g_test_add_func ("/engine/script/missing-file-is-usage", test_missing_file_is_usage);
  g_test_add_func ("/engine/script/folder-is-where-imports-come-from", test_folder_is_where_imports_come_from);
  g_test_add_func ("/engine/script/exceptions-are-errors", test_exceptions_are_errors);
  g_test_add_func ("/engine/script/threads-are-traced", test_threads_are_traced);
  g_test_add_func ("/engine/script/joinable-queue-and-spawn-pool", test_joinable_queue_and_spawn_pool);
  g_test_add_func ("/engine/script/executor-is-a-pool", test_executor_is_a_pool);
  g_test_add_func ("/engine/script/pool-calls-are-tasks", test_pool_calls_are_tasks);
  g_test_add_func ("/engine/script/synchronization-is-traced", test_synchronization_is_traced);
  g_test_add_func ("/engine/script/simple-queue-is-traced", test_simple_queue_is_traced);
  g_test_add_func ("/engine/script/every-record-arrives-once-in-order", test_every_record_arrives_once_in_order);
  g_test_add_func ("/engine/script/more-processes-than-rings", test_more_processes_than_rings);
  g_test_add_func ("/engine/script/fork-bomb-is-stopped", test_fork_bomb_is_stopped);
  g_test_add_func ("/engine/script/many-processes-in-turn-are-fine", test_many_processes_in_turn_are_fine);
  g_test_add_func ("/engine/script/every-start-method-is-traced", test_every_start_method_is_traced);
  g_test_add_func ("/engine/script/syntax-error-runs-nothing", test_syntax_error_runs_nothing);
  g_test_add_func ("/engine/script/lesson-runs-its-listing", test_lesson_runs_its_listing);
  return g_test_run ();
}

/* engine-test-util.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine-test-util.h"

const char *
test_engine_path (void)
{
  const char *env = g_getenv ("FORKLINE_ENGINE");

  return env != NULL && *env ? env : FORKLINE_ENGINE_PATH;
}

static void
test_event_clear (gpointer data)
{
  TestEvent *te = data;

  g_free (te->label);
  g_free (te->text);
}

void
test_event_array_free (GArray *events)
{
  g_array_unref (events);
}

GArray *
test_decode_all (const guint8 *data,
                 gsize         len)
{
  g_autoptr(ForklineDecoder) dec = forkline_decoder_new ();
  g_autoptr(GError) error = NULL;
  GArray *events = g_array_new (FALSE, TRUE, sizeof (TestEvent));

  g_array_set_clear_func (events, test_event_clear);
  forkline_decoder_feed (dec, data, len);
  for (;;)
    {
      ForklineEvent ev;
      TestEvent te = { 0 };
      ForklineDecodeStatus st = forkline_decoder_next (dec, &ev, &error);

      g_assert_no_error (error);
      if (st != FORKLINE_DECODE_EVENT)
        break;
      te.ev = ev;
      te.label = g_strndup (ev.label, ev.label_len);
      te.text = g_strndup (ev.text, ev.text_len);
      te.ev.label = te.label;
      te.ev.text = te.text;
      g_array_append_val (events, te);
    }
  forkline_decoder_finish (dec, &error);
  g_assert_no_error (error);
  return events;
}

GSubprocess *
test_engine_spawn (const char * const *args,
                   GSubprocessFlags    flags)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, (gpointer) test_engine_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);
  return proc;
}

TestRun *
test_run_engine (const char * const *args)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  TestRun *run = g_new0 (TestRun, 1);

  proc = test_engine_spawn (args, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  run->exit_status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  run->err = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  run->n_bytes = g_bytes_get_size (out);
  run->bytes = g_bytes_ref (out);
  return run;
}

TestRun *
test_run_lesson (const char *lesson,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  TestRun *run;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "run");
  g_ptr_array_add (args, (gpointer) lesson);
  /* these tests pin down the C renditions; the listings have their own */
  g_ptr_array_add (args, (gpointer) "--runtime");
  g_ptr_array_add (args, (gpointer) "c");
  va_start (ap, lesson);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run = test_run_engine ((const char * const *) args->pdata);
  if (run->exit_status != 0)
    g_test_message ("engine stderr: %s", run->err);
  g_assert_cmpint (run->exit_status, ==, 0);
  run->events = test_decode_all (g_bytes_get_data (run->bytes, NULL), run->n_bytes);
  return run;
}

void
test_run_free (TestRun *run)
{
  if (run == NULL)
    return;
  g_clear_pointer (&run->events, g_array_unref);
  g_clear_pointer (&run->bytes, g_bytes_unref);
  g_free (run->err);
  g_free (run);
}

TestEvent *
test_run_find (TestRun *run,
               guint16  type,
               guint    nth)
{
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == type && nth-- == 0)
        return te;
    }
  return NULL;
}

guint
test_run_count (TestRun *run,
                guint16  type)
{
  guint n = 0;

  for (guint i = 0; i < run->events->len; i++)
    if (g_array_index (run->events, TestEvent, i).ev.type == type)
      n++;
  return n;
}

const TestEvent *
test_run_end (TestRun *run)
{
  const TestEvent *last;

  g_assert_cmpuint (run->events->len, >, 0);
  last = &g_array_index (run->events, TestEvent, run->events->len - 1);
  g_assert_cmpint (last->ev.type, ==, FORKLINE_EV_LESSON_END);
  return last;
}

GArray *
test_run_pids (TestRun *run)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (pid_t));

  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PROC_FORK)
        g_array_append_val (pids, te->ev.pid);
    }
  return pids;
}

const char *
test_run_proc_name (TestRun *run,
                    pid_t    pid)
{
  for (guint i = 0; i < run->events->len; i++)
    {
      TestEvent *te = &g_array_index (run->events, TestEvent, i);

      if (te->ev.type == FORKLINE_EV_PROC_FORK && te->ev.pid == pid)
        return te->label;
    }
  return NULL;
}

gboolean
test_pid_dead (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *contents = NULL;
  const char *p;

  if (kill (pid, 0) < 0 && errno == ESRCH)
    return TRUE;
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return TRUE;
  p = strrchr (contents, ')');
  /* A zombie runs nothing; its parent (or init) collects it. */
  return p != NULL && (p[2] == 'Z' || p[2] == 'X');
}

gboolean
test_pid_gone (pid_t pid)
{
  return kill (pid, 0) < 0 && errno == ESRCH;
}

ForklineMethod
test_expected_method (void)
{
  g_autofree char *paranoid = NULL;

  if (g_strcmp0 (g_getenv ("FORKLINE_SCHED"), "proc") == 0)
    return FORKLINE_METHOD_PROC_SAMPLED;
  if (g_file_get_contents ("/proc/sys/kernel/perf_event_paranoid", &paranoid, NULL, NULL) &&
      g_ascii_strtoll (paranoid, NULL, 10) > 2 && getuid () != 0)
    return FORKLINE_METHOD_PROC_SAMPLED;
  return FORKLINE_METHOD_PERF_SWITCH;
}

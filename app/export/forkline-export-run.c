/* forkline-export-run.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "forkline-engine-launch.h"
#include "forkline-export-run.h"

/* The engine's stderr stays ours: its plain-words errors (an unknown lesson
 * or parameter) reach the user as they are. */
static GSubprocess *
spawn_engine (const char          *lesson,
              const char * const  *params,
              double               speed,
              GError             **error)
{
  g_auto(GStrv) args = forkline_engine_run_args (lesson, params, speed, NULL);

  return forkline_engine_spawn (NULL, (const char * const *) args, error);
}

/* Blocking reads are fine here: there is no main loop to keep alive. */
static gboolean
read_stream (GSubprocess    *engine,
             ForklineTrace  *trace,
             GError        **error)
{
  GInputStream *stdout_pipe = g_subprocess_get_stdout_pipe (engine);
  g_autofree guint8 *buffer = g_malloc (64 * 1024);

  for (;;)
    {
      gssize n = g_input_stream_read (stdout_pipe, buffer, 64 * 1024, NULL, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        return forkline_trace_finish_stream (trace, error);
      if (!forkline_trace_feed (trace, buffer, n, error))
        return FALSE;
    }
}

ForklineTrace *
forkline_export_run_lesson (const char          *lesson,
                            const char * const  *params,
                            double               speed,
                            GError             **error)
{
  g_autoptr(GSubprocess) engine = NULL;
  g_autoptr(ForklineTrace) trace = NULL;
  g_autoptr(GError) stream_error = NULL;
  g_autoptr(GError) wait_error = NULL;

  g_return_val_if_fail (lesson != NULL, NULL);

  engine = spawn_engine (lesson, params, speed, error);
  if (engine == NULL)
    return NULL;

  trace = forkline_trace_new ();
  if (!read_stream (engine, trace, &stream_error))
    g_subprocess_force_exit (engine);

  if (!g_subprocess_wait (engine, NULL, &wait_error))
    g_warn_if_reached ();
  else if (g_subprocess_get_if_exited (engine) && g_subprocess_get_exit_status (engine) == 2)
    {
      /* bad usage (an unknown lesson or parameter): the engine said what
       * in one line on our stderr; nothing ran */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "forkline-engine refused to run “%s”", lesson);
      return NULL;
    }
  /* a whole stream says how the run ended (a Python program's status is
   * its own, 137 when the time limit killed it): only a stream cut short
   * is the engine failing */
  else if (stream_error == NULL && !g_subprocess_get_successful (engine) &&
           forkline_trace_get_lesson_end (trace)->event == FORKLINE_NO_EVENT)
    {
      if (g_subprocess_get_if_signaled (engine))
        g_set_error (&wait_error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "forkline-engine running “%s” was killed by signal %d (%s)",
                     lesson, g_subprocess_get_term_sig (engine),
                     g_strsignal (g_subprocess_get_term_sig (engine)));
      else
        g_set_error (&wait_error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "forkline-engine failed to run “%s” (exit status %d)",
                     lesson, g_subprocess_get_exit_status (engine));
    }

  if (stream_error != NULL)
    g_prefix_error (&stream_error, "The engine's stream for “%s” is damaged: ", lesson);
  else
    stream_error = g_steal_pointer (&wait_error);

  /* Nothing arrived (an unknown lesson, the engine failed at once):
   * there is no run to export. */
  if (!forkline_trace_get_header (trace)->has_header)
    {
      if (stream_error == NULL)
        g_set_error (&stream_error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "forkline-engine sent no events for “%s”", lesson);
      g_propagate_error (error, g_steal_pointer (&stream_error));
      return NULL;
    }

  if (stream_error != NULL)
    g_propagate_error (error, g_steal_pointer (&stream_error));
  return g_steal_pointer (&trace);
}

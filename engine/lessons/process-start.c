/* process-start.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two processes started and never joined: the parent prints its time at
 * once, then (like the interpreter at exit) waits for them.
 */

#include "config.h"

#include "forkline-lessons.h"
#include "forkline-mp.h"

void
fl_lesson_task1 (gpointer data)
{
  double sleep_sec = *(double *) data;

  fl_print ("Sleeping for %g seconds", sleep_sec);
  fl_sleep (sleep_sec);
  fl_print ("Finished sleeping: %g", sleep_sec);
}

void
fl_lesson_process_start_main (const FlLessonArgs *args)
{
  guint n = (guint) fl_lesson_arg (args, "processes");
  double sleep_sec = fl_lesson_arg (args, "sleep");
  gint64 start = fl_now_ns ();

  for (guint i = 0; i < n; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "Process-%u", i + 1);
      fl_process_start (fl_process_new (name, fl_lesson_task1, &sleep_sec));
    }

  fl_print ("Program finished in %.3f seconds", (fl_now_ns () - start) / 1e9);
  /* No join(): the runner joins the children as the interpreter's exit does. */
}

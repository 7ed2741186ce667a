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

static void
process_start_main (const FlLessonArgs *args)
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

/* The seed program's numbers are the defaults. */
const FlLesson fl_lesson_process_start = { "process-start", "start() without join()",
  "two processes sleep; the parent prints its time before they finish",
  { { "processes", 2, 1, 64, TRUE, "how many Process objects", "PROCESSES" },
    { "sleep", 0.5, 0, 60, FALSE, "seconds each child sleeps", "SLEEP" },
    { NULL } }, 0, process_start_main };

/* start-join.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two processes started, then joined: they sleep at the same time.
 */

#include "config.h"

#include "forkline-lessons.h"
#include "forkline-mp.h"

static void
start_join_main (const FlLessonArgs *args)
{
  guint n = (guint) fl_lesson_arg (args, "processes");
  double sleep_sec = fl_lesson_arg (args, "sleep");
  g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_process_free);
  gint64 start = fl_now_ns ();

  for (guint i = 0; i < n; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "Process-%u", i + 1);
      g_ptr_array_add (procs, fl_process_new (name, fl_lesson_task1, &sleep_sec));
    }
  for (guint i = 0; i < n; i++)
    fl_process_start (procs->pdata[i]);
  for (guint i = 0; i < n; i++)
    fl_process_join (procs->pdata[i]);

  fl_print ("Program finished in %.3f seconds", (fl_now_ns () - start) / 1e9);
}

/* The seed program's numbers are the defaults. */
const FlLesson fl_lesson_start_join = { "start-join", "start() then join()",
  "two processes sleep at the same time: the total is one sleep, not two",
  { { "processes", 2, 1, 64, TRUE, "how many Process objects", "PROCESSES" },
    { "sleep", 3, 0, 60, FALSE, "seconds each child sleeps", "SLEEP" },
    { NULL } }, 0, start_join_main };

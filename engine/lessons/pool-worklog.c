/* pool-worklog.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pool(4).map(work_log, [A 5, B 2, C 1, D 3]): they finish C, B, D, A.
 */

#include "config.h"

#include "forkline-lessons.h"
#include "forkline-mp.h"

static void
work_log (const char *arg,
          char       *result,
          gsize       result_len,
          gpointer    data)
{
  g_auto(GStrv) work = g_strsplit (arg, " ", 2);
  double secs = work[1] ? g_ascii_strtod (work[1], NULL) : 0;

  fl_print (" Process %s waiting %s seconds", work[0], work[1] ? work[1] : "0");
  fl_sleep (secs);
  fl_print (" Process %s Finished.", work[0]);
  g_strlcpy (result, "None", result_len);
}

static void
pool_worklog_main (const FlLessonArgs *args)
{
  static const char *names[] = { "A", "B", "C", "D" };
  char bufs[4][32];
  const char *work[4];
  FlPool *pool;
  g_auto(GStrv) out = NULL;

  for (guint i = 0; i < 4; i++)
    {
      char key[2] = { g_ascii_tolower (names[i][0]), 0 };

      g_snprintf (bufs[i], sizeof bufs[i], "%s %g", names[i], fl_lesson_arg (args, key));
      work[i] = bufs[i];
    }

  pool = fl_pool_new ((guint) fl_lesson_arg (args, "workers"), "work_log", work_log, NULL);
  out = fl_pool_map (pool, work, 4, 0);
  /* The pool is never closed: the interpreter's exit terminates it. */
  fl_pool_terminate (pool);
}

/* The seed program's numbers are the defaults. */
const FlLesson fl_lesson_pool_worklog = { "pool-worklog", "Pool.map with sleeps",
  "4 tasks sleep 5, 2, 1, 3 s in a Pool of 4: they finish C, B, D, A",
  { { "workers", 4, 1, 64, TRUE, "pool processes", "WORKERS" },
    { "a", 5, 0, 60, FALSE, "seconds task A sleeps", "SECONDS_A" },
    { "b", 2, 0, 60, FALSE, "seconds task B sleeps", "SECONDS_B" },
    { "c", 1, 0, 60, FALSE, "seconds task C sleeps", "SECONDS_C" },
    { "d", 3, 0, 60, FALSE, "seconds task D sleeps", "SECONDS_D" },
    { NULL } }, 0, pool_worklog_main };

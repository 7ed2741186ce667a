/* cpu-bound.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Pool of 2 x cpu_count workers doing real arithmetic: more runnable
 * processes than CPUs, so the per-CPU lanes show the kernel time-sharing.
 */

#include "config.h"

#include <math.h>

#include "forkline-lessons.h"
#include "forkline-mp.h"

static void
crunch (const char *arg,
        char       *result,
        gsize       result_len,
        gpointer    data)
{
  double millions = *(double *) data;
  guint64 n = (guint64) (millions * 1e6);
  guint64 x = g_ascii_strtoull (arg, NULL, 10) + 1;
  guint64 acc = 0;

  /* An LCG and a sum: real work the compiler cannot fold away. */
  for (guint64 i = 0; i < n; i++)
    {
      x = x * G_GUINT64_CONSTANT (6364136223846793005) + G_GUINT64_CONSTANT (1442695040888963407);
      acc += x >> 33;
    }
  g_snprintf (result, result_len, "%" G_GUINT64_FORMAT, acc % 1000003);
}

static void
cpu_bound_main (const FlLessonArgs *args)
{
  guint workers = (guint) fl_lesson_arg (args, "workers");
  guint n_tasks = (guint) fl_lesson_arg (args, "tasks");
  double work = fl_lesson_arg (args, "work");
  g_autoptr(GPtrArray) input = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) out = NULL;
  gint64 start = fl_now_ns ();
  FlPool *pool;

  if (workers == 0)
    workers = 2 * (guint) fl_cpu_count ();
  for (guint i = 0; i < n_tasks; i++)
    g_ptr_array_add (input, g_strdup_printf ("%u", i));

  pool = fl_pool_new (workers, "crunch", crunch, &work);
  out = fl_pool_map (pool, (const char **) input->pdata, n_tasks, 0);
  if (out != NULL)
    fl_print ("%u tasks on %u workers and %d CPUs took %.3f seconds",
              n_tasks, workers, fl_cpu_count (), (fl_now_ns () - start) / 1e9);
  fl_pool_terminate (pool);
}

/* The seed program's numbers are the defaults. */
const FlLesson fl_lesson_cpu_bound = { "cpu-bound", "CPU-bound Pool, more workers than CPUs",
  "a Pool of 2 x cpu_count workers does real arithmetic: the CPUs time-share",
  { { "workers", 0, 0, 64, TRUE, "pool processes (0 = 2 x cpu_count)", "WORKERS" },
    { "tasks", 16, 1, 256, TRUE, "tasks to map", "TASKS" },
    { "work", 1, 0.01, 10000, FALSE, "millions of loop steps per task", "WORK" },
    { NULL } }, 0, cpu_bound_main };

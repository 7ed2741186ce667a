/* pool-map.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * with Pool(5) as pool: pool.map(square, [3, 4, 5, 6, 6, 7, 87, 8, 8])
 */

#include "config.h"

#include "forkline-lessons.h"
#include "forkline-mp.h"

static void
square (const char *arg,
        char       *result,
        gsize       result_len,
        gpointer    data)
{
  gint64 n = g_ascii_strtoll (arg, NULL, 10);

  g_snprintf (result, result_len, "%" G_GINT64_FORMAT, n * n);
}

static void
pool_map_main (const FlLessonArgs *args)
{
  static const char *input[] = { "3", "4", "5", "6", "6", "7", "87", "8", "8" };
  FlPool *pool = fl_pool_new ((guint) fl_lesson_arg (args, "workers"), "square",
                                square, NULL);
  g_auto(GStrv) out = fl_pool_map (pool, input, G_N_ELEMENTS (input), 0);

  if (out != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", out);
      fl_print ("[%s]", joined);
    }
  /* Leaving `with Pool(...)` calls terminate(): the workers get SIGTERM. */
  fl_pool_terminate (pool);
}

/* The seed program's numbers are the defaults. */
const FlLesson fl_lesson_pool_map = { "pool-map", "Pool.map",
  "a Pool of 5 squares 9 numbers; results come back in input order",
  { { "workers", 5, 1, 64, TRUE, "pool processes", "WORKERS" },
    { NULL } }, 0, pool_map_main };

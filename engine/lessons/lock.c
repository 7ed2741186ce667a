/* lock.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Processes add 1 to a shared counter many times.  Without a Lock the
 * read and the write of `counter += 1` interleave across processes and
 * updates are lost; with it the count is exact and the waits show.
 */

#include "config.h"

#include "forkline-lessons.h"
#include "forkline-mp.h"

typedef struct
{
  FlArray *counter;
  FlLock  *lock;
  guint    increments;
  gboolean use_lock;
} Ctx;

static void
add (gpointer data)
{
  Ctx *ctx = data;

  for (guint i = 0; i < ctx->increments; i++)
    {
      gint64 v;

      if (ctx->use_lock)
        fl_lock_acquire (ctx->lock);
      v = fl_array_get (ctx->counter, 0);
      fl_array_set (ctx->counter, 0, v + 1);
      if (ctx->use_lock)
        fl_lock_release (ctx->lock);
    }
}

static void
lock_main (const FlLessonArgs *args)
{
  static const gint64 zero[] = { 0 };
  guint n = (guint) fl_lesson_arg (args, "processes");
  g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_process_free);
  Ctx ctx;
  gint64 expected;
  gint64 got;

  ctx.counter = fl_array_new ("counter", zero, 1);
  ctx.use_lock = fl_lesson_arg (args, "lock") != 0;
  ctx.lock = ctx.use_lock ? fl_lock_new ("lock") : NULL;
  ctx.increments = (guint) fl_lesson_arg (args, "increments");

  for (guint i = 0; i < n; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "Process-%u", i + 1);
      g_ptr_array_add (procs, fl_process_new (name, add, &ctx));
      fl_process_start (procs->pdata[i]);
    }
  for (guint i = 0; i < n; i++)
    fl_process_join (procs->pdata[i]);

  expected = (gint64) n * ctx.increments;
  got = fl_array_get (ctx.counter, 0);
  fl_print ("counter = %" G_GINT64_FORMAT " (expected %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " updates lost)",
            got, expected, expected - got);
}

/* The seed program's numbers are the defaults. */
const FlLesson fl_lesson_lock = { "lock", "Lost updates and a Lock",
  "processes add 1 to a shared counter many times: without the Lock updates are lost",
  { { "lock", 1, 0, 1, TRUE, "1 = take the Lock around each increment, 0 = no lock", "USE_LOCK" },
    { "processes", 4, 1, 32, TRUE, "processes incrementing", "PROCESSES" },
    { "increments", 2000, 1, 100000, TRUE, "increments per process", "INCREMENTS" },
    { NULL } }, 0, lock_main };

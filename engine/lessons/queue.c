/* queue.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A producer and a consumer share a Queue.  Faithful: the consumer loops
 * `while not q.empty()`, so it tests the queue before the producer's first
 * put and quits early; which of the two ways it quits is a real race with the
 * parent's put("xyz").  fixed=1: a blocking get() until a None sentinel.
 */

#include "config.h"

#include "forkline-lessons.h"
#include "forkline-mp.h"

static const char *seed_items[] = { "sudh", "kumar", "pwskills", "krish", "naik" };

typedef struct
{
  FlQueue *q;
  guint    items;
  double   interval;
  double   poll;
  gboolean fixed;
} Ctx;

static void
producer (gpointer data)
{
  Ctx *ctx = data;

  for (guint i = 0; i < ctx->items; i++)
    {
      char item[32];

      if (i < G_N_ELEMENTS (seed_items))
        g_strlcpy (item, seed_items[i], sizeof item);
      else
        g_snprintf (item, sizeof item, "item-%u", i + 1);
      fl_sleep (ctx->interval);
      fl_print ("Entry: %s", item);
      fl_queue_put (ctx->q, item);
    }
}

static void
consume (gpointer data)
{
  Ctx *ctx = data;

  while (ctx->fixed || !fl_queue_empty (ctx->q))
    {
      g_autofree char *item = NULL;

      if (!ctx->fixed)
        fl_sleep (ctx->poll);
      fl_queue_get (ctx->q, -1, &item);
      if (item == NULL)
        break;
      fl_print ("- Exit: %s", item);
    }
}

static void
queue_main (const FlLessonArgs *args)
{
  Ctx ctx;
  FlProcess *m1, *m2;

  ctx.q = fl_queue_new ("queue");
  ctx.items = (guint) fl_lesson_arg (args, "items");
  ctx.interval = fl_lesson_arg (args, "interval");
  ctx.poll = fl_lesson_arg (args, "poll");
  ctx.fixed = fl_lesson_arg (args, "fixed") != 0;

  m1 = fl_process_new ("Process-1", producer, &ctx);
  m2 = fl_process_new ("Process-2", consume, &ctx);
  fl_process_start (m1);
  fl_process_start (m2);
  fl_queue_put (ctx.q, "xyz");
  fl_process_join (m1);
  if (ctx.fixed)
    fl_queue_put (ctx.q, NULL);   /* tells the consumer to stop */
  fl_process_join (m2);
}

/* The seed program's numbers are the defaults. */
const FlLesson fl_lesson_queue = { "queue", "A Queue between producer and consumer",
  "the consumer tests empty() too early and quits: the producer's items are never read (fixed=1: sentinel)",
  { { "fixed", 0, 0, 1, TRUE, "1 = the corrected program (blocking get, None sentinel)", "FIXED" },
    { "items", 5, 0, 50, TRUE, "items the producer puts", "ITEMS" },
    { "interval", 1.5, 0, 60, FALSE, "seconds between the producer's puts", "INTERVAL" },
    { "poll", 0.5, 0, 60, FALSE, "seconds the consumer sleeps before each get", "POLL" },
    { NULL } }, 0, queue_main };

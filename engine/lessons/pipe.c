/* pipe.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sender and a receiver share a Pipe.  Faithful: the receiver was forked
 * with a copy of the sending end and never closes it, so its recv() never
 * sees EOF and the program hangs (the engine's timeout ends it).  fixed=1:
 * each child first closes the end it does not use.
 */

#include "config.h"

#include "forkline-lessons.h"
#include "forkline-mp.h"

static const char *seed_msgs[] = {
  "my name is sudh", "this is my msg to my students ",
  "i am taking class for dsm ", "try to practice all the code ",
};

typedef struct
{
  FlConnection *conn1;   /* end 0: the receiver's */
  FlConnection *conn2;   /* end 1: the sender's */
  guint         messages;
  double        interval;
  gboolean      fixed;
} Ctx;

static void
sender (gpointer data)
{
  Ctx *ctx = data;

  if (ctx->fixed)
    fl_conn_close (ctx->conn1);
  for (guint i = 0; i < ctx->messages; i++)
    {
      char msg[64];

      if (i < G_N_ELEMENTS (seed_msgs))
        g_strlcpy (msg, seed_msgs[i], sizeof msg);
      else
        g_snprintf (msg, sizeof msg, "message %u", i + 1);
      fl_sleep (ctx->interval);
      fl_conn_send (ctx->conn2, msg);
    }
  fl_conn_close (ctx->conn2);
}

static void
receive (gpointer data)
{
  Ctx *ctx = data;

  if (ctx->fixed)
    fl_conn_close (ctx->conn2);
  for (;;)
    {
      g_autofree char *msg = fl_conn_recv (ctx->conn1);

      if (msg == NULL)
        {
          fl_print ("EOFError()");
          break;
        }
      fl_print ("%s", msg);
    }
}

static void
pipe_main (const FlLessonArgs *args)
{
  FlPipe *pipe = fl_pipe_new ("pipe");
  FlProcess *m1, *m2;
  Ctx ctx;

  ctx.conn1 = fl_pipe_end (pipe, 0);
  ctx.conn2 = fl_pipe_end (pipe, 1);
  ctx.messages = (guint) fl_lesson_arg (args, "messages");
  ctx.interval = fl_lesson_arg (args, "interval");
  ctx.fixed = fl_lesson_arg (args, "fixed") != 0;

  m1 = fl_process_new ("Process-1", sender, &ctx);
  m2 = fl_process_new ("Process-2", receive, &ctx);
  fl_process_start (m1);
  fl_process_start (m2);
  fl_process_join (m1);
  fl_conn_close (ctx.conn2);
  fl_process_join (m2);
  fl_conn_close (ctx.conn1);
}

/* The seed program's numbers are the defaults. */
const FlLesson fl_lesson_pipe = { "pipe", "A Pipe that never ends",
  "the receiver holds a copy of the sending end, so recv() never sees EOF: it hangs (fixed=1: close unused ends)",
  { { "fixed", 0, 0, 1, TRUE, "1 = the corrected program (each child closes the end it does not use)", "FIXED" },
    { "messages", 4, 1, 50, TRUE, "messages the sender sends", "MESSAGES" },
    { "interval", 1, 0, 60, FALSE, "seconds between messages", "INTERVAL" },
    { NULL } }, 10, pipe_main };

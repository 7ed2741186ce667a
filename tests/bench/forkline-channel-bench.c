/* forkline-channel-bench.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What one event costs on the worker -> engine channel: W writer processes
 * each emit N events through the real fl_emit(), by the shared rings (as
 * the engine runs lessons) and by the pipe (what processes without a slot
 * use); this process takes them as fast as it can (the engine drains
 * the rings every 2 ms: a burst this dense would find them full and wait)
 * and decodes them.  Each figure is printed
 * beside its anchor measured in the same run: clock_gettime() in the
 * writer (the goal: an event at most 5 times that).
 */

#include "config.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkline-mp.h"
#include "forkline-rings.h"

typedef enum { BY_RINGS, BY_PIPE } Channel;

static double
clock_ns (void)
{
  struct timespec ts;
  gint64 a = fl_now_ns ();
  guint64 sum = 0;

  for (guint i = 0; i < 1000000; i++)
    {
      clock_gettime (CLOCK_MONOTONIC, &ts);
      sum += (guint64) ts.tv_nsec;
    }
  return (double) (fl_now_ns () - a) / 1e6 + (sum == 1 ? 1 : 0);
}

static ForklineDecoder *
primed_decoder (void)
{
  ForklineDecoder *dec = forkline_decoder_new ();
  ForklineEvent hdr = { .type = FORKLINE_EV_HEADER, .a = FORKLINE_PROTOCOL_VERSION };
  guint8 pre[256];
  gsize pre_len = forkline_magic_encode (pre, sizeof pre);

  pre_len += forkline_event_encode (&hdr, pre + pre_len, sizeof pre - pre_len);
  forkline_decoder_feed (dec, pre, pre_len);
  return dec;
}

static guint64
count_puts (ForklineDecoder *dec,
            const guint8    *data,
            gsize            len)
{
  ForklineEvent ev;
  guint64 n = 0;

  forkline_decoder_feed (dec, data, len);
  while (forkline_decoder_next (dec, &ev, NULL) == FORKLINE_DECODE_EVENT)
    n += ev.type == FORKLINE_EV_QUEUE_PUT;
  return n;
}

static void
run (Channel channel,
     guint   writers,
     guint   per_writer,
     double  clock)
{
  g_autoptr(ForklineDecoder) dec = primed_decoder ();
  g_autoptr(FlRings) rings = channel == BY_RINGS ? fl_rings_new (NULL) : NULL;
  g_autoptr(GByteArray) drained = g_byte_array_new ();
  guint64 expected = (guint64) writers * per_writer;
  guint64 received = 0;
  int fds[2], cost_pipe[2];
  double writer_ns = 0;
  gint64 t0, t1;

  if (pipe (fds) < 0 || pipe (cost_pipe) < 0 || (channel == BY_RINGS && rings == NULL))
    exit (1);
  fl_shared_new (fds[1], 1.0);
  fl_rings_use (rings != NULL ? fl_rings_map (rings) : NULL);

  t0 = fl_now_ns ();
  for (guint w = 0; w < writers; w++)
    if (fork () == 0)
      {
        gint64 a, b;
        double per;

        close (fds[0]);
        fl_self_set ((int) w + 1);
        a = fl_now_ns ();
        for (guint i = 0; i < per_writer; i++)
          fl_emit (FORKLINE_EV_QUEUE_PUT, 1, i, i, 0, 0, "queue", "an item of 16 b");
        b = fl_now_ns ();
        per = (double) (b - a) / per_writer;
        if (write (cost_pipe[1], &per, sizeof per) != sizeof per)
          _exit (1);
        _exit (0);
      }
  close (fds[1]);

  if (channel == BY_PIPE)
    for (;;)
      {
        guint8 buf[65536];
        ssize_t n = read (fds[0], buf, sizeof buf);

        if (n <= 0)
          break;
        received += count_puts (dec, buf, (gsize) n);
      }
  else
    while (received < expected)
      {
        g_byte_array_set_size (drained, 0);
        if (fl_rings_drain (rings, drained) > 0)
          received += count_puts (dec, drained->data, drained->len);
        else
          sched_yield ();
      }
  t1 = fl_now_ns ();
  while (wait (NULL) > 0)
    ;
  for (guint w = 0; w < writers; w++)
    {
      double per;

      if (read (cost_pipe[0], &per, sizeof per) == sizeof per)
        writer_ns += per / writers;
    }
  close (fds[0]);
  close (cost_pipe[0]);
  close (cost_pipe[1]);

  printf ("%-5s %u writer(s) x %u: %" G_GUINT64_FORMAT " intact; %.0f ns per event in the writer "
          "= %.1f x clock_gettime (%.0f ns; goal <= 5x); %.0f ns end to end, %.2f M events/s\n",
          channel == BY_RINGS ? "rings" : "pipe", writers, per_writer, received, writer_ns,
          writer_ns / clock, clock, (double) (t1 - t0) / received, received / ((t1 - t0) / 1e3));
  if (received != expected)
    exit (1);
}

/* The writer's own cost, with an engine that always keeps up: bursts of
 * fewer records than a ring holds, each taken (the tail moved to the
 * head) between bursts, outside the time measured. */
static void
run_writer_alone (guint  n,
                  double clock)
{
  g_autoptr(FlRings) rings = fl_rings_new (NULL);
  guint8 *slot = fl_rings_map (rings) + FORKLINE_RING_SLOT_BYTES;
  int fds[2];
  gint64 spent = 0;
  guint burst = 300;

  if (pipe (fds) < 0)
    exit (1);
  fl_shared_new (fds[1], 1.0);
  fl_rings_use (fl_rings_map (rings));
  fl_self_set (1);
  for (guint done = 0; done < n; done += burst)
    {
      gint64 a = fl_now_ns ();

      for (guint i = 0; i < burst; i++)
        fl_emit (FORKLINE_EV_QUEUE_PUT, 1, i, i, 0, 0, "queue", "an item of 16 b");
      spent += fl_now_ns () - a;
      __atomic_store_n ((guint64 *) (slot + FORKLINE_RING_TAIL_OFFSET),
                        *(guint64 *) (slot + FORKLINE_RING_HEAD_OFFSET), __ATOMIC_RELEASE);
    }
  fl_self_set (-1);
  fl_rings_use (NULL);
  close (fds[0]);
  close (fds[1]);
  printf ("rings, the writer alone (the engine keeping up): %.0f ns per event "
          "= %.1f x clock_gettime (%.0f ns; goal <= 5x)\n",
          (double) spent / n, (double) spent / n / clock, clock);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 200000;
  double clock = clock_ns ();

  run_writer_alone (n, clock);
  run (BY_RINGS, 1, n, clock);
  run (BY_PIPE, 1, n, clock);
  run (BY_RINGS, 4, n / 4, clock);
  run (BY_PIPE, 4, n / 4, clock);
  return 0;
}

/* forkline-channel-bench.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What one event costs on the worker -> engine channel (one pipe, one
 * atomic write per event): W writer processes each emit N events through the
 * real fl_emit(); this process reads and decodes them as the engine does.
 * Prints the writer-side cost per event and the end-to-end throughput.
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkline-mp.h"

static void
run (guint writers,
     guint per_writer)
{
  int fds[2];
  int cost_pipe[2];
  g_autoptr(ForklineDecoder) dec = forkline_decoder_new ();
  ForklineEvent hdr = { 0 };
  guint8 pre[256];
  gsize pre_len;
  guint64 received = 0;
  gint64 t0, t1;
  double writer_ns = 0;

  if (pipe (fds) < 0 || pipe (cost_pipe) < 0)
    exit (1);
  fl_shared_new (fds[1], 1.0);

  hdr.type = FORKLINE_EV_HEADER;
  hdr.a = 1;
  pre_len = forkline_magic_encode (pre, sizeof pre);
  pre_len += forkline_event_encode (&hdr, pre + pre_len, sizeof pre - pre_len);
  forkline_decoder_feed (dec, pre, pre_len);

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

  for (;;)
    {
      guint8 buf[65536];
      ssize_t n = read (fds[0], buf, sizeof buf);
      ForklineEvent ev;

      if (n <= 0)
        break;
      forkline_decoder_feed (dec, buf, (gsize) n);
      while (forkline_decoder_next (dec, &ev, NULL) == FORKLINE_DECODE_EVENT)
        if (ev.type == FORKLINE_EV_QUEUE_PUT)
          received++;
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

  printf ("%u writer(s) x %u events: %" G_GUINT64_FORMAT " received intact, "
          "%.0f ns per event in the writer (encode + write), %.0f ns per event end to end, "
          "%.2f M events/s\n",
          writers, per_writer, received, writer_ns,
          (double) (t1 - t0) / received, received / ((t1 - t0) / 1e3));
  if (received != (guint64) writers * per_writer)
    exit (1);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 200000;

  run (1, n);
  run (4, n / 4);
  return 0;
}

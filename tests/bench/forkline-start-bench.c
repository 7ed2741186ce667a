/* forkline-start-bench.c — how late a lesson's first instruction is.
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real engine's cpu-count lesson after a quiet second, cold (no
 * context-switch tracing open anywhere) and warm (with the event the app
 * holds while it is open), and prints the median gap between the main
 * process's fork and its first instruction (PROC_FORK to PROC_START) in
 * both cases, with their ratio.
 */

#include "config.h"

#include <gio/gio.h>

#include "forkline-engine-launch.h"
#include "forkline-engine-warm.h"
#include "forkline-protocol.h"

#define RUNS 5

static guint64
start_gap_ns (void)
{
  static const char * const args[] = { "run", "cpu-count", "--runtime", "c", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) engine = forkline_engine_spawn (NULL, args, &error);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(ForklineDecoder) decoder = forkline_decoder_new ();
  guint64 fork_ns = 0, start_ns = 0;
  ForklineEvent ev;
  gsize len;
  const guint8 *data;

  g_assert_no_error (error);
  g_subprocess_communicate (engine, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (out, &len);
  forkline_decoder_feed (decoder, data, len);
  while (forkline_decoder_next (decoder, &ev, NULL) == FORKLINE_DECODE_EVENT)
    if (ev.proc == 0 && ev.type == FORKLINE_EV_PROC_FORK)
      fork_ns = ev.time_ns;
    else if (ev.proc == 0 && ev.type == FORKLINE_EV_PROC_START && start_ns == 0)
      start_ns = ev.time_ns;
  return start_ns > fork_ns ? start_ns - fork_ns : 0;
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static guint64
median_gap (gboolean warm)
{
  guint64 gaps[RUNS];
  int fd = warm ? forkline_engine_warm_start () : -1;

  for (int i = 0; i < RUNS; i++)
    {
      /* a quiet second lets the kernel switch the tracing off again */
      g_usleep (1100 * 1000);
      gaps[i] = start_gap_ns ();
    }
  forkline_engine_warm_stop (fd);
  qsort (gaps, RUNS, sizeof gaps[0], compare_u64);
  return gaps[RUNS / 2];
}

int
main (void)
{
  guint64 cold = median_gap (FALSE);
  guint64 warm = median_gap (TRUE);

  g_print ("fork -> first instruction of the lesson's main process, median of %d runs:\n", RUNS);
  g_print ("  cold (no switch tracing open):  %8.3f ms\n", cold / 1e6);
  g_print ("  warm (as in the app):           %8.3f ms   (%.1fx faster)\n",
           warm / 1e6, warm > 0 ? (double) cold / warm : 0.0);
  return 0;
}

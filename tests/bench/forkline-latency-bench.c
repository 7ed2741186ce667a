/* forkline-latency-bench.c — how far behind the live picture is.
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real engine on the lock lesson (a steady stream of worker
 * events for about a second) and reads it as the app does, into the trace
 * model.  For every worker event it takes the time from the event (the
 * worker's clock_gettime) to the moment the model has it, and prints the
 * median, 95th and 99th percentile beside the anchor: two refresh
 * intervals at 60 Hz (33.3 ms), the goal for the 95th percentile.
 */

#include "config.h"

#include <gio/gio.h>

#include "forkline-engine-launch.h"
#include "forkline-trace.h"

static int
compare_i64 (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
main (void)
{
  static const char * const args[] = { "run", "lock", "--runtime", "c", "--set", "increments=20000", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) engine = forkline_engine_spawn (NULL, args, &error);
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(GArray) lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
  GInputStream *out;
  guint8 buf[64 * 1024];
  guint seen = 0;
  gssize n;

  g_assert_no_error (error);
  out = g_subprocess_get_stdout_pipe (engine);
  while ((n = g_input_stream_read (out, buf, sizeof buf, NULL, &error)) > 0)
    {
      gint64 now;
      guint64 wall0;

      g_assert_true (forkline_trace_feed (trace, buf, n, NULL));
      now = g_get_real_time () * 1000;
      wall0 = forkline_trace_get_header (trace)->wall_clock_ns;
      for (; seen < forkline_trace_get_n_events (trace); seen++)
        {
          ForklineEvent ev;
          gint64 late;

          /* a worker's own events; the kernel's are read every 5 ms by design */
          if (!forkline_trace_get_event (trace, seen, &ev) || ev.proc < 0 ||
              ev.type == FORKLINE_EV_SWITCH_IN || ev.type == FORKLINE_EV_SWITCH_OUT || wall0 == 0)
            continue;
          late = now - (gint64) (wall0 + ev.time_ns);
          g_array_append_val (lateness, late);
        }
    }
  g_subprocess_wait (engine, NULL, NULL);
  g_assert_cmpuint (lateness->len, >, 100);
  g_array_sort (lateness, compare_i64);

#define PCT(p) (g_array_index (lateness, gint64, (guint) ((lateness->len - 1) * (p))) / 1e6)
  g_print ("worker event -> in the app's model, %u events of the lock lesson:\n", lateness->len);
  g_print ("  median %6.1f ms   p95 %6.1f ms   p99 %6.1f ms   (goal: p95 <= 33.3 ms, two 60 Hz frames; "
           "p95 is %.2f of it)\n", PCT (0.5), PCT (0.95), PCT (0.99), PCT (0.95) / 33.3);
  return 0;
}

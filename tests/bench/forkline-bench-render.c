/* forkline-bench-render.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frame time of the timeline at 1k, 100k and 1M events (full range,
 * 1920x1080, image surface) and bytes stored per event.  Not a test: it
 * prints figures.  Run: meson test -C BUILD --benchmark -v, or directly.
 */

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "forkline-renderer.h"
#include "forkline-synth.h"
#include "forkline-trace-private.h"

#define WIDTH  1920
#define HEIGHT 1080
#define RUNS   9

static void
append_cb (const ForklineEvent *event,
           gpointer             user_data)
{
  forkline_trace_append (user_data, event);
}

/* Thread CPU time: other programs sharing the machine do not inflate it. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_frame_ms_zoomed (ForklineTrace *trace,
                        ForklineTheme  theme,
                        guint          zoom)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  double times[RUNS];
  ForklineView view;

  forkline_view_init (&view, trace, WIDTH, HEIGHT);
  view.theme = theme;
  /* zoomed views look at the middle of the run */
  if (zoom > 1)
    {
      guint64 span = view.t1 / zoom;

      view.t0 = view.t1 / 2 - span / 2;
      view.t1 = view.t0 + span;
    }

  /* one warm-up frame: fonts, glyph caches, the lazily built summary */
  {
    cairo_t *cr = cairo_create (surface);

    forkline_renderer_draw (cr, trace, &view);
    cairo_destroy (cr);
  }

  for (guint i = 0; i < RUNS; i++)
    {
      cairo_t *cr = cairo_create (surface);
      double begin = cpu_ms ();

      forkline_renderer_draw (cr, trace, &view);
      cairo_surface_flush (surface);
      times[i] = cpu_ms () - begin;
      cairo_destroy (cr);
    }

  if (g_getenv ("FORKLINE_BENCH_PNG"))
    {
      g_autofree char *path = g_strdup_printf ("%s-%u.png", g_getenv ("FORKLINE_BENCH_PNG"),
                                               forkline_trace_get_n_events (trace));

      cairo_surface_write_to_png (surface, path);
    }

  cairo_surface_destroy (surface);
  qsort (times, RUNS, sizeof (double), compare_double);
  return times[RUNS / 2];
}

static double
median_frame_ms (ForklineTrace *trace,
                 ForklineTheme  theme)
{
  return median_frame_ms_zoomed (trace, theme, 1);
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 1000, 100000, 1000000 };
  double frame_ms[G_N_ELEMENTS (sizes)];

  g_print ("Forkline render benchmark: full-range frame at %dx%d, median CPU time of %d\n", WIDTH, HEIGHT, RUNS);
  g_print ("B/event: everything the model stores; B/event list: the compact event records alone;\n"
           "cache KiB: per-zoom bucket cache built by the frames drawn\n");
  g_print ("%10s %6s %10s %10s %9s %13s %10s\n", "events", "cpus", "frame ms", "append ms", "B/event", "B/event list", "cache KiB");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(ForklineTrace) trace = forkline_trace_new ();
      guint n_cpus = 4;
      gint64 begin;
      double append_ms;
      guint n;

      if (g_getenv ("FORKLINE_BENCH_ONLY") && (guint) atoi (g_getenv ("FORKLINE_BENCH_ONLY")) != sizes[i])
        {
          frame_ms[i] = 1;
          continue;
        }

      begin = g_get_monotonic_time ();
      forkline_trace_begin_batch (trace);
      forkline_synth_run (sizes[i], n_cpus, 8, 42 + i, append_cb, trace);
      forkline_trace_end_batch (trace);
      append_ms = (g_get_monotonic_time () - begin) / 1000.0;
      n = forkline_trace_get_n_events (trace);

      frame_ms[i] = median_frame_ms (trace, FORKLINE_THEME_LIGHT);
      g_print ("%10u %6u %10.2f %10.1f %9.1f %13.1f %10.1f\n",
               n, n_cpus, frame_ms[i], append_ms,
               (double) forkline_trace_get_memory_size (trace) / n,
               (double) _forkline_trace_get_event_list_size (trace) / n,
               _forkline_trace_get_cache_size (trace) / 1024.0);
    }

  g_print ("ratio 1M/1k frame time: %.2f (goal <= 3)\n", frame_ms[2] / frame_ms[0]);
  g_print ("1M frame: %.2f ms (goal < 16 ms)\n", frame_ms[2]);

  /* Live: events arrive in 200 batches, one full-range frame after each
   * (as the app does at the live edge), 1M events in all. */
  {
    g_autoptr(ForklineTrace) full = forkline_trace_new ();
    g_autoptr(ForklineTrace) live = forkline_trace_new ();
    g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (ForklineEvent));
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
    double times[200];
    guint n, per_batch;

    forkline_synth_run (1000000, 4, 8, 9, append_cb, full);
    n = forkline_trace_get_n_events (full);
    per_batch = (n + 199) / 200;

    for (guint b = 0; b < 200; b++)
      {
        ForklineView view;
        cairo_t *cr;
        double begin;

        forkline_trace_begin_batch (live);
        for (guint i = b * per_batch; i < MIN (n, (b + 1) * per_batch); i++)
          {
            ForklineEvent ev;

            forkline_trace_get_event (full, i, &ev);
            forkline_trace_append (live, &ev);
          }
        forkline_trace_end_batch (live);

        forkline_view_init (&view, live, WIDTH, HEIGHT);
        cr = cairo_create (surface);
        begin = cpu_ms ();
        forkline_renderer_draw (cr, live, &view);
        cairo_surface_flush (surface);
        times[b] = cpu_ms () - begin;
        cairo_destroy (cr);
      }

    cairo_surface_destroy (surface);
    qsort (times, 200, sizeof (double), compare_double);
    g_print ("live, 1M events in 200 batches, a frame after each: median %.2f ms, max %.2f ms\n",
             times[100], times[199]);
  }

  /* 8 CPUs (more lanes), and zoomed-in views of the same run. */
  {
    g_autoptr(ForklineTrace) trace = forkline_trace_new ();

    forkline_trace_begin_batch (trace);
    forkline_synth_run (1000000, 8, 8, 7, append_cb, trace);
    forkline_trace_end_batch (trace);
    g_print ("1M events on 8 CPUs, contrast theme: %.2f ms\n",
             median_frame_ms (trace, FORKLINE_THEME_CONTRAST));
    for (guint zoom = 10; zoom <= 10000; zoom *= 10)
      g_print ("1M events on 8 CPUs, 1/%u of the run: %.2f ms\n", zoom,
               median_frame_ms_zoomed (trace, FORKLINE_THEME_LIGHT, zoom));
  }

  return 0;
}

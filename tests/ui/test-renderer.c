/* test-renderer.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws known traces on image surfaces and checks pixels at known places.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-svg.h>
#include <glib/gstdio.h>

#include "forkline-renderer.h"
#include "forkline-renderer-private.h"
#include "forkline-synth.h"
#include "ui-test-fixtures.h"

/* 1 px = 1 µs over the 1000 µs demo run. */
#define GUTTER 132
#define WIDTH  (GUTTER + 1000)
#define HEIGHT 640

typedef struct
{
  ForklineTrace   *trace;
  cairo_surface_t *surface;
  ForklineView     view;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) bytes = ui_test_demo_stream ();

  f->trace = forkline_trace_new ();
  g_assert_true (forkline_trace_load_bytes (f->trace, bytes, NULL));
  f->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  forkline_view_init (&f->view, f->trace, WIDTH, HEIGHT);
  f->view.t0 = 0;
  f->view.t1 = DEMO_END;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->trace);
  cairo_surface_destroy (f->surface);
}

static void
draw (Fixture *f)
{
  cairo_t *cr = cairo_create (f->surface);

  forkline_renderer_draw (cr, f->trace, &f->view);
  cairo_destroy (cr);
  cairo_surface_flush (f->surface);

  if (g_getenv ("FORKLINE_TEST_OUTPUT"))
    {
      g_autofree char *name = g_strdup_printf ("renderer-%s.png", forkline_theme_to_string (f->view.theme));
      g_autofree char *path = g_build_filename (g_getenv ("FORKLINE_TEST_OUTPUT"), name, NULL);

      cairo_surface_write_to_png (f->surface, path);
    }
}

static ForklineRgba
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 v;
  ForklineRgba c;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  v = *(const guint32 *) (gconstpointer) (data + y * stride + x * 4);
  c.alpha = (v >> 24 & 0xff) / 255.0;
  c.red = (v >> 16 & 0xff) / 255.0;
  c.green = (v >> 8 & 0xff) / 255.0;
  c.blue = (v & 0xff) / 255.0;
  return c;
}

static double
distance (const ForklineRgba *a,
          const ForklineRgba *b)
{
  return fabs (a->red - b->red) + fabs (a->green - b->green) + fabs (a->blue - b->blue);
}

/* Is there a pixel within `radius` of (x, y) close to `want`? */
static gboolean
near_color (cairo_surface_t    *surface,
            double              x,
            double              y,
            int                 radius,
            const ForklineRgba *want,
            double              tolerance)
{
  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        ForklineRgba c = pixel (surface, (int) x + dx, (int) y + dy);

        if (distance (&c, want) <= tolerance)
          return TRUE;
      }
  return FALSE;
}

static ForklineLane
find_lane (Fixture          *f,
           ForklineLaneKind  kind,
           gint64            index)
{
  g_autofree ForklineLane *lanes = NULL;
  guint n;

  lanes = forkline_renderer_get_lanes (f->trace, &f->view, &n);
  for (guint i = 0; i < n; i++)
    if (lanes[i].kind == kind && lanes[i].index == index)
      return lanes[i];

  g_assert_not_reached ();
}

static double
X (Fixture *f,
   guint64  t)
{
  return forkline_renderer_x_at_time (&f->view, t);
}

/* A CPU lane's colour at time t, read in the bar's upper part (a busy
 * column may be drawn shorter than the lane). */
static ForklineRgba
cpu_pixel (Fixture            *f,
           const ForklineLane *cpu,
           guint64             t)
{
  return pixel (f->surface, X (f, t), cpu->y + cpu->height * 0.3);
}

static void
test_geometry (Fixture       *f,
               gconstpointer  data)
{
  g_autofree ForklineLane *lanes = NULL;
  ForklineLane lane;
  guint n;
  guint n_cpu = 0, n_proc = 0, n_chan = 0;
  double last_y = -1;

  g_assert_cmpfloat (forkline_renderer_get_gutter_width (&f->view), ==, GUTTER);
  g_assert_cmpfloat_with_epsilon (X (f, US (250)), GUTTER + 250, 1e-6);
  g_assert_cmpuint (forkline_renderer_time_at_x (&f->view, GUTTER + 250), ==, US (250));
  g_assert_cmpuint (forkline_renderer_time_at_x (&f->view, 0), ==, 0);

  lanes = forkline_renderer_get_lanes (f->trace, &f->view, &n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (lanes[i].y, >=, last_y);
      last_y = lanes[i].y;
      n_cpu += lanes[i].kind == FORKLINE_LANE_CPU;
      n_proc += lanes[i].kind == FORKLINE_LANE_PROCESS;
      n_chan += lanes[i].kind == FORKLINE_LANE_CHANNEL;
    }
  g_assert_cmpuint (n_cpu, ==, 2);
  g_assert_cmpuint (n_proc, ==, 3);
  g_assert_cmpuint (n_chan, ==, 1);
  g_assert_cmpfloat (forkline_renderer_get_content_height (f->trace, &f->view), ==,
                     lanes[n - 1].y + lanes[n - 1].height);

  g_assert_true (forkline_renderer_lane_at_y (f->trace, &f->view, lanes[3].y + 1, &lane));
  g_assert_cmpint (lane.kind, ==, lanes[3].kind);
  g_assert_cmpint (lane.index, ==, lanes[3].index);
  g_assert_false (forkline_renderer_lane_at_y (f->trace, &f->view, HEIGHT * 10, &lane));

  /* presentation scale makes lanes taller */
  {
    double h1 = forkline_renderer_get_content_height (f->trace, &f->view);

    f->view.scale = 2.0;
    g_assert_cmpfloat (forkline_renderer_get_content_height (f->trace, &f->view), >, 1.9 * h1);
  }

  /* scrolling moves lanes, not the ruler */
  {
    ForklineLane before = find_lane (f, FORKLINE_LANE_PROCESS, 1);

    f->view.y_offset = 20;
    g_assert_cmpfloat (find_lane (f, FORKLINE_LANE_PROCESS, 1).y, ==, before.y - 20);
    g_assert_cmpfloat (find_lane (f, FORKLINE_LANE_RULER, 0).y, ==, 0);
  }
}

static void
test_worker_bar_on_its_cpu (Fixture       *f,
                            gconstpointer  data)
{
  ForklineLane cpu0 = find_lane (f, FORKLINE_LANE_CPU, 0);
  ForklineLane cpu1 = find_lane (f, FORKLINE_LANE_CPU, 1);
  ForklineRgba p1, p2, c;

  draw (f);
  forkline_palette_process_color (f->view.theme, 1, &p1);
  forkline_palette_process_color (f->view.theme, 2, &p2);

  /* Process-1 ran on CPU 1 from 100 to 400 µs, Process-2 on CPU 0 from 400 to 700 */
  c = cpu_pixel (f, &cpu1, US (250));
  g_assert_cmpfloat (distance (&c, &p1), <, 0.05);
  c = cpu_pixel (f, &cpu0, US (550));
  g_assert_cmpfloat (distance (&c, &p2), <, 0.05);

  /* and nowhere else */
  c = cpu_pixel (f, &cpu0, US (250));
  g_assert_cmpfloat (distance (&c, &p1), >, 0.3);
  g_assert_cmpfloat (distance (&c, &p2), >, 0.3);
  c = cpu_pixel (f, &cpu1, US (550));
  g_assert_cmpfloat (distance (&c, &p1), >, 0.3);
  c = cpu_pixel (f, &cpu1, US (50));
  g_assert_cmpfloat (distance (&c, &p1), >, 0.3);
}

static void
test_cutoff_hides_the_future (Fixture       *f,
                              gconstpointer  data)
{
  ForklineLane cpu1 = find_lane (f, FORKLINE_LANE_CPU, 1);
  ForklineRgba p1, c;

  forkline_palette_process_color (f->view.theme, 1, &p1);
  f->view.cutoff_ns = US (200);
  draw (f);

  c = cpu_pixel (f, &cpu1, US (150));
  g_assert_cmpfloat (distance (&c, &p1), <, 0.05);
  c = cpu_pixel (f, &cpu1, US (250));
  g_assert_cmpfloat (distance (&c, &p1), >, 0.3);
}

/* At the live edge a process still on its CPU (no switch-out yet) is
 * drawn up to the trace end, or up to "now" when the view gives it. */
static void
test_open_span_reaches_live_edge (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(ForklineTrace) live = forkline_trace_new ();
  const ForklineEvent *events;
  ForklineLane cpu1;
  ForklineRgba p1, c;
  guint n;

  events = ui_test_demo_events (&n);
  for (guint i = 0; i < n && events[i].time_ns <= US (150); i++)
    forkline_trace_append (live, &events[i]);

  g_clear_object (&f->trace);
  f->trace = g_object_ref (live);
  cpu1 = find_lane (f, FORKLINE_LANE_CPU, 1);
  forkline_palette_process_color (f->view.theme, 1, &p1);

  draw (f);
  c = cpu_pixel (f, &cpu1, US (140));
  g_assert_cmpfloat (distance (&c, &p1), <, 0.05);
  c = cpu_pixel (f, &cpu1, US (250));
  g_assert_cmpfloat (distance (&c, &p1), >, 0.3);

  f->view.now_ns = US (300);
  draw (f);
  c = cpu_pixel (f, &cpu1, US (250));
  g_assert_cmpfloat (distance (&c, &p1), <, 0.05);
  c = cpu_pixel (f, &cpu1, US (350));
  g_assert_cmpfloat (distance (&c, &p1), >, 0.3);
}

static void
test_message_arrow_between_lanes (Fixture       *f,
                                  gconstpointer  data)
{
  ForklineLane l1 = find_lane (f, FORKLINE_LANE_PROCESS, 1);
  ForklineLane l2 = find_lane (f, FORKLINE_LANE_PROCESS, 2);
  const ForklinePalette *pal = forkline_palette_get (f->view.theme);
  double x0 = X (f, DEMO_PUT1), y0 = l1.y + l1.height / 2;
  double x1 = X (f, DEMO_GET1), y1 = l2.y + l2.height / 2 - 4;
  double x = x0 + (x1 - x0) * 0.9, y = y0 + (y1 - y0) * 0.9;

  /* without the message the spot has no message colour */
  draw (f);
  g_assert_true (near_color (f->surface, x, y, 1, &pal->message, 0.25));

  /* the arrow head at the receiver's lane */
  g_assert_true (near_color (f->surface, x1 - 2, y1 - 1, 2, &pal->message, 0.1));

  /* a replay cut before the get shows no arrow into Process-2 */
  f->view.cutoff_ns = US (300);
  draw (f);
  g_assert_false (near_color (f->surface, x, y, 1, &pal->message, 0.25));
}

static void
test_fork_arrow (Fixture       *f,
                 gconstpointer  data)
{
  ForklineLane main_lane = find_lane (f, FORKLINE_LANE_PROCESS, 0);
  ForklineLane child = find_lane (f, FORKLINE_LANE_PROCESS, 2);
  const ForklinePalette *pal = forkline_palette_get (f->view.theme);
  double x = X (f, DEMO_FORK2);
  /* halfway down, inside Process-1's lane, which is orange there */
  double y = (main_lane.y + main_lane.height / 2 + child.y) / 2;

  draw (f);
  g_assert_true (near_color (f->surface, x + 1, y, 2, &pal->arrow, 0.3));

  f->view.cutoff_ns = DEMO_FORK2 - 1;
  draw (f);
  g_assert_false (near_color (f->surface, x + 1, y, 2, &pal->arrow, 0.3));
}

static void
test_unreceived_message_marked (Fixture       *f,
                                gconstpointer  data)
{
  ForklineLane chan = find_lane (f, FORKLINE_LANE_CHANNEL, DEMO_QUEUE_ID);
  const ForklinePalette *pal = forkline_palette_get (f->view.theme);
  double x = WIDTH - 6;
  double y = chan.y + chan.height / 2;
  ForklineRgba c;

  draw (f);
  c = pixel (f->surface, x, y);
  g_assert_cmpfloat (distance (&c, &pal->unreceived), <, 0.1);
  /* its in-flight bar in the queue lane is red too, received ones are not */
  g_assert_true (near_color (f->surface, X (f, US (700)), y, (int) (chan.height / 2 - 1), &pal->unreceived, 0.1));
  g_assert_true (near_color (f->surface, X (f, US (300)), y, (int) (chan.height / 2 - 1), &pal->message, 0.1));

  /* before the end of the run it is only "not yet" received */
  f->view.cutoff_ns = US (600);
  draw (f);
  c = pixel (f->surface, X (f, US (600)), y);
  g_assert_cmpfloat (distance (&c, &pal->unreceived), >, 0.3);
  g_assert_false (near_color (f->surface, X (f, US (550)), y, (int) (chan.height / 2 - 1), &pal->unreceived, 0.1));
}

static guint
distinct_colors_in_row (cairo_surface_t *surface,
                        double           x0,
                        double           x1,
                        double           y)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (int x = (int) x0; x < (int) x1; x++)
    {
      const guint8 *data = cairo_image_surface_get_data (surface);
      guint32 v = *(const guint32 *) (gconstpointer) (data + (int) y * cairo_image_surface_get_stride (surface) + x * 4);

      g_hash_table_add (seen, GUINT_TO_POINTER (v));
    }
  return g_hash_table_size (seen);
}

/* States must differ in more than colour: running is solid, sleeping and
 * blocked are patterned, waiting in join() is an outline. */
static void
test_state_styles_not_colour_alone (Fixture       *f,
                                    gconstpointer  data)
{
  ForklineLane l1 = find_lane (f, FORKLINE_LANE_PROCESS, 1);
  ForklineLane l2 = find_lane (f, FORKLINE_LANE_PROCESS, 2);
  ForklineLane l0 = find_lane (f, FORKLINE_LANE_PROCESS, 0);
  double row1 = l1.y + l1.height * 0.4;
  ForklineRgba p0, top, mid;

  draw (f);

  /* Process-1 running 25..500 µs (label text sits at the left) */
  g_assert_cmpuint (distinct_colors_in_row (f->surface, X (f, US (300)), X (f, US (340)), row1), ==, 1);
  /* sleeping 500..800: hatched */
  g_assert_cmpuint (distinct_colors_in_row (f->surface, X (f, US (700)), X (f, US (740)), row1), >=, 2);
  /* Process-2 blocked in get() 120..450: cross-hatched */
  g_assert_cmpuint (distinct_colors_in_row (f->surface, X (f, US (300)), X (f, US (340)), l2.y + l2.height * 0.4), >=, 2);

  /* main waiting in join() 40..840: outlined, hollow inside */
  forkline_palette_process_color (f->view.theme, 0, &p0);
  top = pixel (f->surface, X (f, US (600)), l0.y + l0.height / 2 - (l0.height - 6) * 0.25 + 0.5);
  mid = pixel (f->surface, X (f, US (600)), l0.y + l0.height / 2 + 3);
  g_assert_cmpfloat (distance (&top, &p0), <, 0.15);
  g_assert_cmpfloat (distance (&mid, &p0), >, 0.5);
}

/* The same style checks in the projector theme. */
static void
test_state_styles_contrast (Fixture       *f,
                            gconstpointer  data)
{
  f->view.theme = FORKLINE_THEME_CONTRAST;
  test_state_styles_not_colour_alone (f, data);
}

/* On a projector a CPU bar is a bold block: full lane height, a black
 * border; a burst of microseconds in a second-long view still shows. */
static void
test_cpu_bars_visible_in_contrast (Fixture       *f,
                                   gconstpointer  data)
{
  ForklineLane cpu1 = find_lane (f, FORKLINE_LANE_CPU, 1);
  const ForklinePalette *pal = forkline_palette_get (FORKLINE_THEME_CONTRAST);
  ForklineRgba p1, c;

  f->view.theme = FORKLINE_THEME_CONTRAST;
  draw (f);
  forkline_palette_process_color (f->view.theme, 1, &p1);
  /* Process-1 on CPU 1 from 100 to 400 µs: filled top to bottom ... */
  c = pixel (f->surface, X (f, US (250)), cpu1.y + 2);
  g_assert_cmpfloat (distance (&c, &p1), <, 0.05);
  c = pixel (f->surface, X (f, US (250)), cpu1.y + cpu1.height - 3);
  g_assert_cmpfloat (distance (&c, &p1), <, 0.05);
  /* ... with a black edge */
  c = pixel (f->surface, X (f, US (100)) + 0.5, cpu1.y + cpu1.height / 2);
  g_assert_cmpfloat (distance (&c, &pal->foreground), <, 0.1);

  /* a 5 µs burst in a 1 s view */
  {
    g_autoptr(ForklineTrace) trace = forkline_trace_new ();
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, 400);
    const ForklineEvent events[] = {
      { .type = FORKLINE_EV_HEADER, .a = FORKLINE_PROTOCOL_VERSION, .b = 1, .proc = -1, .cpu = -1 },
      { .type = FORKLINE_EV_PROC_START, .time_ns = 1000, .pid = 10, .proc = 0, .cpu = -1 },
      { .type = FORKLINE_EV_SWITCH_IN, .time_ns = 500000000, .pid = 10, .proc = 0, .cpu = 0 },
      { .type = FORKLINE_EV_SWITCH_OUT, .time_ns = 500005000, .pid = 10, .proc = 0, .cpu = 0 },
      { .type = FORKLINE_EV_LESSON_END, .time_ns = 1000000000, .proc = -1, .cpu = -1 },
    };
    ForklineView view;
    ForklineLane *lanes;
    ForklineLane cpu0 = { 0 };
    ForklineRgba p0;
    guint n;

    for (guint i = 0; i < G_N_ELEMENTS (events); i++)
      {
        ForklineEvent ev = events[i];

        ev.label = ev.text = "";
        forkline_trace_append (trace, &ev);
      }

    for (guint theme = 0; theme < FORKLINE_N_THEMES; theme++)
      {
        cairo_t *cr = cairo_create (surface);
        double x;

        forkline_view_init (&view, trace, WIDTH, 400);
        view.theme = theme;
        forkline_renderer_draw (cr, trace, &view);
        cairo_destroy (cr);
        cairo_surface_flush (surface);

        lanes = forkline_renderer_get_lanes (trace, &view, &n);
        for (guint i = 0; i < n; i++)
          if (lanes[i].kind == FORKLINE_LANE_CPU)
            cpu0 = lanes[i];
        g_free (lanes);

        forkline_palette_process_color (theme, 0, &p0);
        x = forkline_renderer_x_at_time (&view, 500000000);
        /* at least half the lane in any theme; all of it in contrast */
        g_assert_true (near_color (surface, x, cpu0.y + cpu0.height * 0.7, 1, &p0, 0.05));
        if (theme == FORKLINE_THEME_CONTRAST)
          {
            g_assert_true (near_color (surface, x, cpu0.y + 2, 1, &p0, 0.05));
            /* and wider than a hairline */
            g_assert_cmpuint (distinct_colors_in_row (surface, floor (x), floor (x) + 2, cpu0.y + 2), ==, 1);
          }
      }
    cairo_surface_destroy (surface);
  }
}

static void
test_themes_differ (Fixture       *f,
                    gconstpointer  data)
{
  cairo_surface_t *shots[FORKLINE_N_THEMES];
  ForklineLane cpu1 = find_lane (f, FORKLINE_LANE_CPU, 1);

  for (guint t = 0; t < FORKLINE_N_THEMES; t++)
    {
      cairo_t *cr;

      f->view.theme = t;
      f->view.show_title = TRUE;
      f->view.show_legend = TRUE;
      draw (f);
      shots[t] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
      cr = cairo_create (shots[t]);
      cairo_set_source_surface (cr, f->surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }

  for (guint a = 0; a < FORKLINE_N_THEMES; a++)
    for (guint b = a + 1; b < FORKLINE_N_THEMES; b++)
      {
        ForklineRgba pa, pb;

        g_assert_false (memcmp (cairo_image_surface_get_data (shots[a]),
                                cairo_image_surface_get_data (shots[b]),
                                (gsize) cairo_image_surface_get_stride (shots[a]) * HEIGHT) == 0);

        /* a worker's colour differs between themes too */
        forkline_palette_process_color (a, 1, &pa);
        forkline_palette_process_color (b, 1, &pb);
        g_assert_cmpfloat (distance (&pa, &pb), >, 0.05);
      }

  /* dark is dark, light is light */
  {
    ForklineRgba light = pixel (shots[FORKLINE_THEME_LIGHT], WIDTH - 3, HEIGHT - 3);
    ForklineRgba dark = pixel (shots[FORKLINE_THEME_DARK], WIDTH - 3, HEIGHT - 3);

    g_assert_cmpfloat (light.red + light.green + light.blue, >, 2.5);
    g_assert_cmpfloat (dark.red + dark.green + dark.blue, <, 0.8);
  }

  /* every theme still draws the worker's bar in that theme's colour */
  for (guint t = 0; t < FORKLINE_N_THEMES; t++)
    {
      ForklineRgba want, c;
      ForklineView v = f->view;

      v.theme = t;
      forkline_palette_process_color (t, 1, &want);
      c = pixel (shots[t], forkline_renderer_x_at_time (&v, US (250)),
                 find_lane (f, FORKLINE_LANE_CPU, 1).y + cpu1.height * 0.3);
      g_assert_cmpfloat (distance (&c, &want), <, 0.05);
      cairo_surface_destroy (shots[t]);
    }
}

/* Process-2 holds the lock from 610 to 650 µs: a bar in its lane's Lock
 * row, above the states. */
static void
test_lock_hold_bar (Fixture       *f,
                    gconstpointer  data)
{
  ForklineLane l2 = find_lane (f, FORKLINE_LANE_PROCESS, 2);
  ForklineLane l1 = find_lane (f, FORKLINE_LANE_PROCESS, 1);
  const ForklinePalette *pal = forkline_palette_get (f->view.theme);
  ForklineProcRows rows;
  ForklineRgba c;

  g_assert_true (_forkline_renderer_get_proc_rows (f->trace, &f->view, 2, &rows));
  g_assert_cmpfloat (rows.lock_y, ==, l2.y);
  g_assert_cmpfloat (rows.lock_h, >, 0);
  g_assert_cmpfloat (rows.state_y, ==, rows.lock_y + rows.lock_h);
  /* Process-1 never touched the Lock: no row for it */
  g_assert_true (_forkline_renderer_get_proc_rows (f->trace, &f->view, 1, &rows));
  g_assert_cmpfloat (rows.lock_h, ==, 0);
  g_assert_cmpfloat (rows.state_y, ==, l1.y);

  g_assert_true (_forkline_renderer_get_proc_rows (f->trace, &f->view, 2, &rows));
  draw (f);
  c = pixel (f->surface, X (f, US (612)), rows.lock_y + rows.lock_h / 2);
  g_assert_cmpfloat (distance (&c, &pal->foreground), <, 0.1);
  c = pixel (f->surface, X (f, US (700)), rows.lock_y + rows.lock_h / 2);
  g_assert_cmpfloat (distance (&c, &pal->foreground), >, 0.5);
  c = pixel (f->surface, X (f, US (600)), rows.lock_y + rows.lock_h / 2);
  g_assert_cmpfloat (distance (&c, &pal->foreground), >, 0.5);
}

static gint64
find_event (ForklineTrace *trace,
            guint16        type,
            guint64        time_ns)
{
  for (guint i = 0; i < forkline_trace_get_n_events (trace); i++)
    {
      ForklineEvent ev;

      forkline_trace_get_event (trace, i, &ev);
      if (ev.type == type && ev.time_ns == time_ns)
        return i;
    }
  g_assert_not_reached ();
}

/* The selected thing is outlined in the selection colour, not only marked
 * by a time line. */
static void
test_selection_outlined (Fixture       *f,
                         gconstpointer  data)
{
  ForklineLane cpu1 = find_lane (f, FORKLINE_LANE_CPU, 1);
  const ForklinePalette *pal = forkline_palette_get (f->view.theme);
  ForklineRgba sel = pal->selection;
  ForklineProcRows rows;
  ForklineLane l2;

  /* the state's outline hugs the state row */
  g_assert_true (_forkline_renderer_get_proc_rows (f->trace, &f->view, 2, &rows));
  l2.y = rows.state_y;
  sel.alpha = 1;
  /* the selection colour is translucent over white: compare loosely */
  draw (f);
  g_assert_false (near_color (f->surface, X (f, US (300)), l2.y + 1, 1, &sel, 0.35));

  f->view.selected_event = find_event (f->trace, FORKLINE_EV_STATE, US (120));
  draw (f);
  g_assert_true (near_color (f->surface, X (f, US (300)), l2.y + 1, 1, &sel, 0.35));

  f->view.selected_event = find_event (f->trace, FORKLINE_EV_SWITCH_IN, DEMO_CPU1_IN);
  draw (f);
  g_assert_true (near_color (f->surface, X (f, US (250)), cpu1.y + 1, 1, &sel, 0.35));
  g_assert_false (near_color (f->surface, X (f, US (300)), l2.y + 1, 1, &sel, 0.35));
}

static void
test_process_colors_distinct (void)
{
  for (guint t = 0; t < FORKLINE_N_THEMES; t++)
    for (gint a = 0; a < FORKLINE_N_PROCESS_COLORS; a++)
      for (gint b = a + 1; b < FORKLINE_N_PROCESS_COLORS; b++)
        {
          ForklineRgba ca, cb;

          forkline_palette_process_color (t, a, &ca);
          forkline_palette_process_color (t, b, &cb);
          g_assert_cmpfloat (distance (&ca, &cb), >, 0.2);
        }
}

static double
srgb_to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
linear_to_srgb (double c)
{
  c = CLAMP (c, 0.0, 1.0);
  return c <= 0.0031308 ? 12.92 * c : 1.055 * pow (c, 1 / 2.4) - 0.055;
}

/* Machado, Oliveira & Fernandes (2009), full severity. */
static void
simulate (const double         m[3][3],
          const ForklineRgba  *in,
          ForklineRgba        *out)
{
  double lin[3] = { srgb_to_linear (in->red), srgb_to_linear (in->green), srgb_to_linear (in->blue) };
  double res[3];

  for (guint i = 0; i < 3; i++)
    res[i] = linear_to_srgb (m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2]);
  out->red = res[0];
  out->green = res[1];
  out->blue = res[2];
  out->alpha = 1;
}

/* The first six processes (main and five workers: the lessons' usual
 * size) stay apart under the common colour-vision deficiencies.  The
 * lane names and CPU bar labels carry identity for the rest. */
static void
test_process_colors_colour_blind (void)
{
  static const double protan[3][3] = {
    { 0.152286, 1.052583, -0.204868 }, { 0.114503, 0.786281, 0.099216 }, { -0.003882, -0.048116, 1.051998 } };
  static const double deutan[3][3] = {
    { 0.367322, 0.860646, -0.227968 }, { 0.280085, 0.672501, 0.047413 }, { -0.011820, 0.042940, 0.968881 } };
  static const double tritan[3][3] = {
    { 1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 }, { 0.004733, 0.691367, 0.303900 } };
  const double (*kinds[]) [3] = { protan, deutan, tritan };

  for (guint t = 0; t < FORKLINE_N_THEMES; t++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      for (gint a = 0; a < 6; a++)
        for (gint b = a + 1; b < 6; b++)
          {
            ForklineRgba ca, cb, sa, sb;

            forkline_palette_process_color (t, a, &ca);
            forkline_palette_process_color (t, b, &cb);
            simulate (kinds[k], &ca, &sa);
            simulate (kinds[k], &cb, &sb);
            g_test_message ("theme %u sim %u: %d/%d %.3f", t, k, a, b, distance (&sa, &sb));
            g_assert_cmpfloat (distance (&sa, &sb), >, 0.09);
          }
}


static gboolean
boxes_overlap (const ForklineDrawnBox *a,
               const ForklineDrawnBox *b)
{
  /* half a pixel of antialiasing is not an overlap */
  return a->x + a->w > b->x + 0.5 && b->x + b->w > a->x + 0.5 &&
         a->y + a->h > b->y + 0.5 && b->y + b->h > a->y + 0.5;
}

static gboolean
box_inside (const ForklineDrawnBox *inner,
            const ForklineDrawnBox *outer)
{
  return inner->x >= outer->x - 0.5 && inner->x + inner->w <= outer->x + outer->w + 0.5 &&
         inner->y >= outer->y - 0.5 && inner->y + inner->h <= outer->y + outer->h + 0.5;
}

/* Draws @name and checks what the lanes drew: no text over other text, no
 * text over a pool task box but the box's own words.  Returns the number
 * of task boxes seen. */
static guint
check_no_overlap (const char    *name,
                  double         width,
                  double         height,
                  double         scale,
                  ForklineTheme  theme,
                  gboolean       fit)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, name, NULL);
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (ForklineDrawnBox));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
  cairo_t *cr = cairo_create (surface);
  const ForklineDrawnBox *b;
  ForklineView view;
  guint n_tasks = 0;
  double header;

  g_assert_true (forkline_trace_load_file (trace, path, NULL));
  forkline_view_init (&view, trace, width, height);
  view.scale = scale;
  view.theme = theme;
  view.fit_height = fit;
  view.show_title = TRUE;
  header = forkline_renderer_get_header_height (&view);

  view.drawn_boxes = boxes;
  forkline_renderer_draw (cr, trace, &view);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  b = (const ForklineDrawnBox *) (gpointer) boxes->data;
  for (guint i = 0; i < boxes->len; i++)
    {
      n_tasks += b[i].kind == FORKLINE_DRAWN_TASK_BOX;
      /* the title and ruler are a fixed header of their own */
      if (b[i].y + b[i].h <= header || b[i].w <= 0 || b[i].h <= 0)
        continue;
      for (guint j = i + 1; j < boxes->len; j++)
        {
          const ForklineDrawnBox *text, *other;

          if (b[j].y + b[j].h <= header || b[j].w <= 0 || b[j].h <= 0 || !boxes_overlap (&b[i], &b[j]))
            continue;
          if (b[i].kind == FORKLINE_DRAWN_TEXT && b[j].kind == FORKLINE_DRAWN_TEXT)
            g_error ("%s at %gx%g scale %g: text (%.1f,%.1f %.1fx%.1f) over text (%.1f,%.1f %.1fx%.1f)",
                     name, width, height, scale, b[i].x, b[i].y, b[i].w, b[i].h, b[j].x, b[j].y, b[j].w, b[j].h);
          if (b[i].kind == b[j].kind)
            continue;
          text = b[i].kind == FORKLINE_DRAWN_TEXT ? &b[i] : &b[j];
          other = b[i].kind == FORKLINE_DRAWN_TEXT ? &b[j] : &b[i];
          /* a task box's own words sit inside it */
          if (!box_inside (text, other))
            g_error ("%s at %gx%g scale %g: text (%.1f,%.1f %.1fx%.1f) over a task box (%.1f,%.1f %.1fx%.1f)",
                     name, width, height, scale, text->x, text->y, text->w, text->h,
                     other->x, other->y, other->w, other->h);
        }
    }

  return n_tasks;
}

/* In a pool worker's lane the state's words ("time.sleep(3)") and the
 * task box ("task 3") used to share a line; they now have a row each. */
static void
test_labels_never_overlap (void)
{
  static const char * const fixtures[] = {
    "pool-worklog.forkline", "pool-map.forkline", "lock.forkline", "queue.forkline",
    "pipe.forkline", "shared-array.forkline", "queue-demo.forkline",
  };
  static const double sizes[][3] = {
    { 1920, 1080, 2 }, { 1600, 900, 1 }, { 1280, 800, 1.5 }, { 800, 600, 1 }, { 3840, 2160, 3 },
  };
  guint n_tasks = 0;

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
      for (guint fit = 0; fit < 2; fit++)
        n_tasks += check_no_overlap (fixtures[i], sizes[k][0], sizes[k][1], sizes[k][2],
                                     (ForklineTheme) ((i + k) % FORKLINE_N_THEMES), fit);

  /* the check looked at task boxes, not only at states */
  g_assert_cmpuint (n_tasks, >, 0);
}

/* The pool-worklog run, pixels: the task box's row holds no state pattern,
 * and the state row no task box border. */
static void
test_task_row_below_states (void)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "pool-worklog.forkline", NULL);
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 900);
  cairo_t *cr = cairo_create (surface);
  const ForklineTask *tasks;
  ForklineProcRows rows;
  ForklineView view;
  ForklineRgba bg, c, color;
  guint n_tasks;

  g_assert_true (forkline_trace_load_file (trace, path, NULL));
  forkline_view_init (&view, trace, 1600, 900);
  forkline_renderer_draw (cr, trace, &view);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  tasks = forkline_trace_get_tasks (trace, &n_tasks);
  g_assert_cmpuint (n_tasks, >=, 1);
  g_assert_true (_forkline_renderer_get_proc_rows (trace, &view, tasks[0].worker_proc, &rows));
  g_assert_cmpfloat (rows.task_h, >, 0);
  g_assert_cmpfloat (rows.task_y, >=, rows.state_y + rows.state_h);

  {
    double x0 = forkline_renderer_x_at_time (&view, tasks[0].start_ns);
    double x1 = forkline_renderer_x_at_time (&view, tasks[0].finish_ns);
    double xm = x0 + (x1 - x0) * 0.75;

    g_assert_cmpfloat (x1 - x0, >, 100);
    bg = forkline_palette_get (view.theme)->background;
    forkline_palette_process_color (view.theme, tasks[0].worker_proc, &color);
    /* inside the box, under its words' row: the box's own background */
    c = pixel (surface, xm, rows.task_y + rows.task_h / 2);
    g_assert_cmpfloat (distance (&c, &bg), <, 0.05);
    /* the worker sleeps through its task: hatched in its colour above */
    g_assert_cmpuint (distinct_colors_in_row (surface, xm - 20, xm + 20, rows.state_y + rows.state_h / 2 - 3), >=, 2);
  }

  cairo_surface_destroy (surface);
}

/* fit_height: lanes grow to fill the view, up to 2.5x; off, they keep
 * their size. */
static void
test_fit_height (Fixture       *f,
                 gconstpointer  data)
{
  ForklineLane before = find_lane (f, FORKLINE_LANE_PROCESS, 1);
  ForklineLane cpu_before = find_lane (f, FORKLINE_LANE_CPU, 0);
  double natural = forkline_renderer_get_content_height (f->trace, &f->view);
  ForklineLane after;

  g_assert_cmpfloat (natural, <, HEIGHT / 2.0);
  f->view.fit_height = TRUE;
  after = find_lane (f, FORKLINE_LANE_PROCESS, 1);
  g_assert_cmpfloat (after.height, ==, before.height * 2.5);
  g_assert_cmpfloat (find_lane (f, FORKLINE_LANE_CPU, 0).height, ==, cpu_before.height * 2.5);
  g_assert_cmpfloat (forkline_renderer_get_content_height (f->trace, &f->view), <=, HEIGHT);
  draw (f);

  /* a view that needs a little growth gets just that: content = height */
  f->view.height = natural * 1.5;
  g_assert_cmpfloat_with_epsilon (forkline_renderer_get_content_height (f->trace, &f->view), natural * 1.5, 1e-6);
  /* a view already too small keeps the natural size */
  f->view.height = natural / 2;
  g_assert_cmpfloat (forkline_renderer_get_content_height (f->trace, &f->view), ==, natural);
  /* sections and the ruler keep their size */
  f->view.height = HEIGHT;
  g_assert_cmpfloat (find_lane (f, FORKLINE_LANE_RULER, 0).height, ==, 24);
  g_assert_cmpfloat (find_lane (f, FORKLINE_LANE_SECTION, 1).height, ==, 20);
}

static void
test_hit_test (Fixture       *f,
               gconstpointer  data)
{
  ForklineLane cpu1 = find_lane (f, FORKLINE_LANE_CPU, 1);
  ForklineLane l1 = find_lane (f, FORKLINE_LANE_PROCESS, 1);
  ForklineLane l2 = find_lane (f, FORKLINE_LANE_PROCESS, 2);
  ForklineLane chan = find_lane (f, FORKLINE_LANE_CHANNEL, DEMO_QUEUE_ID);
  ForklineEvent ev;
  gint64 hit;

  hit = forkline_renderer_hit_test (f->trace, &f->view, X (f, US (250)), cpu1.y + cpu1.height / 2);
  g_assert_cmpint (hit, >=, 0);
  forkline_trace_get_event (f->trace, hit, &ev);
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_SWITCH_IN);
  g_assert_cmpint (ev.pid, ==, 101);

  hit = forkline_renderer_hit_test (f->trace, &f->view, X (f, US (300)), l2.y + l2.height / 2);
  forkline_trace_get_event (f->trace, hit, &ev);
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_STATE);
  g_assert_cmpint (ev.a, ==, FORKLINE_STATE_WAIT_QUEUE);

  hit = forkline_renderer_hit_test (f->trace, &f->view, X (f, US (151)), l1.y + 3);
  forkline_trace_get_event (f->trace, hit, &ev);
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_PRINT);

  hit = forkline_renderer_hit_test (f->trace, &f->view, X (f, US (300)), l1.y + l1.height - 3);
  forkline_trace_get_event (f->trace, hit, &ev);
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_ARRAY_WRITE);

  hit = forkline_renderer_hit_test (f->trace, &f->view, X (f, US (470)), l2.y + l2.height * 0.8);
  forkline_trace_get_event (f->trace, hit, &ev);
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_TASK_START);

  hit = forkline_renderer_hit_test (f->trace, &f->view, X (f, US (300)), chan.y + chan.height / 2);
  forkline_trace_get_event (f->trace, hit, &ev);
  g_assert_cmpuint (ev.type, ==, FORKLINE_EV_QUEUE_PUT);

  g_assert_cmpint (forkline_renderer_hit_test (f->trace, &f->view, 10, l1.y + 5), ==, -1);
  g_assert_cmpint (forkline_renderer_hit_test (f->trace, &f->view, X (f, US (50)), cpu1.y + 5), ==, -1);

  /* not yet happened at the replay position: nothing to hit */
  f->view.cutoff_ns = US (200);
  g_assert_cmpint (forkline_renderer_hit_test (f->trace, &f->view, X (f, US (300)), l2.y + l2.height / 2), ==, -1);
}

static void
append_cb (const ForklineEvent *event,
           gpointer             user_data)
{
  forkline_trace_append (user_data, event);
}

/* A dense run at several zoom levels, scales and themes, on image and SVG
 * surfaces, with selection, hover, title and legend. */
/* Times at the very end of 2^64 (appended past the decoder, which refuses
 * them) are held at the bound: a frame of them is drawn, and ends. */
static void
test_times_near_the_end_of_time_draw (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 400);
  cairo_t *cr = cairo_create (surface);
  ForklineEvent ev = { 0 };
  ForklineView view;
  guint64 end;

  ev.type = FORKLINE_EV_HEADER;
  ev.a = FORKLINE_PROTOCOL_VERSION;
  ev.b = 2;
  ev.proc = -1;
  forkline_trace_append (trace, &ev);
  ev = (ForklineEvent) { .type = FORKLINE_EV_PROC_FORK, .pid = 10, .proc = 0, .cpu = 0, .a = -1 };
  forkline_trace_append (trace, &ev);
  ev = (ForklineEvent) { .type = FORKLINE_EV_SWITCH_IN, .pid = 10, .proc = 0, .cpu = 0, .time_ns = 5 };
  forkline_trace_append (trace, &ev);
  ev.type = FORKLINE_EV_SWITCH_OUT;
  ev.time_ns = G_MAXUINT64 - 3;
  forkline_trace_append (trace, &ev);
  ev = (ForklineEvent) { .type = FORKLINE_EV_PRINT, .pid = 10, .proc = 0, .cpu = 0, .time_ns = G_MAXUINT64 - 2 };
  forkline_trace_append (trace, &ev);
  end = forkline_trace_get_end_time (trace);
  g_assert_cmpuint (end, ==, FORKLINE_MAX_TIME_NS);

  /* the whole run, as it opens, then near its end */
  for (guint zoom = 0; zoom < 3; zoom++)
    {
      forkline_view_init (&view, trace, 640, 400);
      view.t0 = zoom == 0 ? 0 : end - (G_GUINT64_CONSTANT (1000) << (10 * zoom));
      view.t1 = end;
      forkline_renderer_draw (cr, trace, &view);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_dense_trace_draws (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 800);
  ForklineView view;
  guint64 end;

  forkline_synth_run (50000, 4, 8, 3, append_cb, trace);
  end = forkline_trace_get_end_time (trace);

  for (guint t = 0; t < FORKLINE_N_THEMES; t++)
    for (guint zoom = 0; zoom < 4; zoom++)
      {
        cairo_t *cr = cairo_create (surface);

        forkline_view_init (&view, trace, 1280, 800);
        view.theme = t;
        view.scale = 1.0 + zoom * 0.6;
        view.t0 = zoom * (end / 8);
        view.t1 = view.t0 + end / (1 + zoom * zoom * 30);
        view.selected_event = 1000;
        view.hover_event = 2000;
        view.show_title = TRUE;
        view.show_legend = TRUE;
        view.cutoff_ns = zoom == 3 ? view.t0 + (view.t1 - view.t0) / 2 : G_MAXUINT64;
        forkline_renderer_draw (cr, trace, &view);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
      }

  if (g_getenv ("FORKLINE_TEST_OUTPUT"))
    {
      g_autofree char *path = g_build_filename (g_getenv ("FORKLINE_TEST_OUTPUT"), "renderer-dense.png", NULL);

      cairo_surface_write_to_png (surface, path);
    }
  cairo_surface_destroy (surface);

  {
    g_autofree char *path = g_build_filename (g_get_tmp_dir (), "forkline-test-renderer.svg", NULL);
    cairo_surface_t *svg = cairo_svg_surface_create (path, 1280, 800);
    cairo_t *cr = cairo_create (svg);

    forkline_view_init (&view, trace, 1280, 800);
    view.show_title = view.show_legend = TRUE;
    forkline_renderer_draw (cr, trace, &view);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_finish (svg);
    g_assert_cmpint (cairo_surface_status (svg), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (svg);
    g_remove (path);
  }
}

static void
append_event (ForklineTrace *trace,
              ForklineEvent  ev)
{
  ev.label = ev.label ? ev.label : "";
  ev.text = ev.text ? ev.text : "";
  ev.label_len = strlen (ev.label);
  ev.text_len = strlen (ev.text);
  forkline_trace_append (trace, &ev);
}

/* 10 000 tiny spans on a 1000 px plot: columns come from the summaries.
 * Process-1 is on CPU 0 half of the time, running 3/4 of it. */
static void
test_dense_columns (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  const guint64 period = 2000;
  const guint n = 10000;
  ForklineRgba p1;

  append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_HEADER, .a = 1, .b = 2,
                                         .c = FORKLINE_METHOD_PERF_SWITCH, .proc = -1, .cpu = -1 });
  append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_PROC_FORK, .pid = 100, .proc = 0, .a = -1,
                                         .cpu = -1, .label = "main" });
  append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_PROC_FORK, .pid = 101, .peer_pid = 100,
                                         .proc = 1, .a = 0, .cpu = -1, .label = "Process-1" });
  for (guint i = 0; i < n; i++)
    {
      guint64 t = 1000 + i * period;

      append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_SWITCH_IN, .time_ns = t, .pid = 101, .proc = -1, .cpu = 0 });
      append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_STATE, .time_ns = t, .pid = 101, .proc = 1, .cpu = -1,
                                             .a = FORKLINE_STATE_RUNNING });
      append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_SWITCH_OUT, .time_ns = t + period / 2, .pid = 101, .proc = -1, .cpu = 0 });
      append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_STATE, .time_ns = t + period * 3 / 4, .pid = 101, .proc = 1,
                                             .cpu = -1, .a = FORKLINE_STATE_SLEEPING });
    }

  forkline_palette_process_color (FORKLINE_THEME_LIGHT, 1, &p1);

  /* the same picture from the time buckets and from the exact pyramid */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autofree ForklineLane *lanes = NULL;
      ForklineView view;
      cairo_t *cr = cairo_create (surface);
      ForklineLane cpu0 = { 0 }, proc1 = { 0 };
      guint n_lanes;
      double x;
      ForklineRgba c;

      forkline_view_init (&view, trace, WIDTH, HEIGHT);
      view.t0 = 0;
      view.t1 = forkline_trace_get_end_time (trace);
      view.exact_spans = pass != 0;
      forkline_renderer_draw (cr, trace, &view);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      lanes = forkline_renderer_get_lanes (trace, &view, &n_lanes);
      for (guint i = 0; i < n_lanes; i++)
        {
          if (lanes[i].kind == FORKLINE_LANE_CPU && lanes[i].index == 0)
            cpu0 = lanes[i];
          if (lanes[i].kind == FORKLINE_LANE_PROCESS && lanes[i].index == 1)
            proc1 = lanes[i];
        }

      x = forkline_renderer_x_at_time (&view, view.t1 / 2) + 0.5;
      /* busy half the time: the column is coloured in its lower part only */
      c = pixel (surface, x, cpu0.y + cpu0.height - 4);
      g_assert_cmpfloat (distance (&c, &p1), <, 0.05);
      c = pixel (surface, x, cpu0.y + 3);
      g_assert_cmpfloat (distance (&c, &p1), >, 0.3);
      /* running dominates the process lane: full strength at the edge rows */
      c = pixel (surface, x, proc1.y + 4);
      g_assert_cmpfloat (distance (&c, &p1), <, 0.05);
      /* CPU 1 never used */
      for (guint i = 0; i < n_lanes; i++)
        if (lanes[i].kind == FORKLINE_LANE_CPU && lanes[i].index == 1)
          {
            c = pixel (surface, x, lanes[i].y + lanes[i].height - 4);
            g_assert_cmpfloat (distance (&c, &p1), >, 0.3);
          }

      /* a replay position stops the dense columns too */
      cr = cairo_create (surface);
      view.cutoff_ns = view.t1 / 4;
      view.exact_spans = pass != 0;
      forkline_renderer_draw (cr, trace, &view);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      c = pixel (surface, x, cpu0.y + cpu0.height - 4);
      g_assert_cmpfloat (distance (&c, &p1), >, 0.3);
      c = pixel (surface, forkline_renderer_x_at_time (&view, view.t1 / 8) + 0.5, cpu0.y + cpu0.height - 4);
      g_assert_cmpfloat (distance (&c, &p1), <, 0.05);
    }

  cairo_surface_destroy (surface);
}

/* Garbled streams (random bytes changed in the records) load as far as
 * they can and still draw, hit-test and save without crashing. */
static void
test_garbled_streams_draw (void)
{
  g_autoptr(GBytes) bytes = ui_test_demo_stream ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  gsize len;
  const guint8 *orig = g_bytes_get_data (bytes, &len);

  for (guint round = 0; round < 300; round++)
    {
      g_autofree guint8 *copy = g_memdup2 (orig, len);
      g_autoptr(ForklineTrace) trace = forkline_trace_new ();
      g_autoptr(GBytes) garbled = NULL;
      g_autoptr(GBytes) saved = NULL;
      ForklineView view;
      cairo_t *cr;
      guint flips = 1 + g_rand_int_range (rand, 0, 8);

      /* keep the magic: a foreign file is tested elsewhere */
      for (guint k = 0; k < flips; k++)
        copy[g_rand_int_range (rand, FORKLINE_MAGIC_LEN, len)] = g_rand_int_range (rand, 0, 256);
      garbled = g_bytes_new_static (copy, len);
      forkline_trace_load_bytes (trace, garbled, NULL);

      forkline_view_init (&view, trace, 400, 300);
      view.show_title = view.show_legend = TRUE;
      view.selected_event = g_rand_int_range (rand, -1, 40);
      cr = cairo_create (surface);
      forkline_renderer_draw (cr, trace, &view);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      for (guint k = 0; k < 20; k++)
        forkline_renderer_hit_test (trace, &view, g_rand_double_range (rand, 0, 400), g_rand_double_range (rand, 0, 300));
      saved = forkline_trace_to_bytes (trace);
      g_assert_nonnull (saved);
    }

  /* well-formed records with absurd values */
  for (guint round = 0; round < 20; round++)
    {
      static const guint16 types[] = {
        FORKLINE_EV_HEADER, FORKLINE_EV_PROC_FORK, FORKLINE_EV_PROC_START, FORKLINE_EV_PROC_EXIT,
        FORKLINE_EV_PROC_REAP, FORKLINE_EV_STATE, FORKLINE_EV_SWITCH_IN, FORKLINE_EV_SWITCH_OUT,
        FORKLINE_EV_OBJECT_NEW, FORKLINE_EV_QUEUE_PUT, FORKLINE_EV_QUEUE_GET, FORKLINE_EV_PIPE_SEND,
        FORKLINE_EV_PIPE_RECV, FORKLINE_EV_LOCK_ACQUIRE, FORKLINE_EV_ARRAY_WRITE, FORKLINE_EV_TASK_DISPATCH,
        FORKLINE_EV_TASK_START, FORKLINE_EV_TASK_FINISH, FORKLINE_EV_PRINT, FORKLINE_EV_ERROR,
        FORKLINE_EV_LESSON_END,
      };
      g_autoptr(ForklineTrace) trace = forkline_trace_new ();
      ForklineView view;
      cairo_t *cr;

      for (guint k = 0; k < 500; k++)
        {
          ForklineEvent ev = { 0 };

          ev.type = types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))];
          ev.time_ns = g_rand_boolean (rand) ? g_rand_int (rand) : ((guint64) g_rand_int (rand) << 32);
          ev.pid = g_rand_int_range (rand, -2, 40);
          ev.proc = g_rand_int_range (rand, -3, 6000);
          ev.cpu = g_rand_int_range (rand, -3, 3000);
          ev.object = g_rand_int_range (rand, 0, 5);
          ev.msg_id = g_rand_int_range (rand, 0, 20);
          ev.a = (gint64) g_rand_int (rand) - G_MAXINT32;
          ev.b = g_rand_int_range (rand, -5, 5);
          ev.label = "x";
          ev.label_len = 1;
          ev.text = "\xff\xfe";
          ev.text_len = 2;
          forkline_trace_append (trace, &ev);
        }

      forkline_view_init (&view, trace, 400, 300);
      view.y_offset = g_rand_double_range (rand, 0, 50000);
      view.scale = g_rand_double_range (rand, 1, 3);
      cr = cairo_create (surface);
      forkline_renderer_draw (cr, trace, &view);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      for (guint k = 0; k < 20; k++)
        forkline_renderer_hit_test (trace, &view, g_rand_double_range (rand, 0, 400), g_rand_double_range (rand, 0, 300));
    }

  cairo_surface_destroy (surface);
}

static void
test_empty_trace_draws (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 200);
  cairo_t *cr = cairo_create (surface);
  ForklineView view;

  forkline_view_init (&view, trace, 300, 200);
  view.show_title = view.show_legend = TRUE;
  forkline_renderer_draw (cr, trace, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (forkline_renderer_hit_test (trace, &view, 150, 100), ==, -1);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_format_duration (void)
{
  g_autofree char *a = forkline_format_duration (500);
  g_autofree char *b = forkline_format_duration (250000);
  g_autofree char *c = forkline_format_duration (1500000);
  g_autofree char *d = forkline_format_duration (2000000000);

  g_assert_cmpstr (a, ==, "500 ns");
  g_assert_cmpstr (b, ==, "250 µs");
  g_assert_cmpstr (c, ==, "1.5 ms");
  g_assert_cmpstr (d, ==, "2 s");
}

/* The colour a grid line leaves on @under. */
static ForklineRgba
grid_over (const ForklinePalette *palette,
           const ForklineRgba    *under)
{
  const ForklineRgba *g = &palette->grid;
  ForklineRgba c = { 0 };

  c.red = under->red * (1 - g->alpha) + g->red * g->alpha;
  c.green = under->green * (1 - g->alpha) + g->green * g->alpha;
  c.blue = under->blue * (1 - g->alpha) + g->blue * g->alpha;
  c.alpha = 1;
  return c;
}

/* Columns in rows [y0, y1) where at least half the pixels have a grid
 * line's colour: text antialiasing makes grey dots, never such runs. */
static guint
grid_columns (cairo_surface_t    *surface,
              int                 x0,
              int                 x1,
              int                 y0,
              int                 y1,
              const ForklineRgba *want)
{
  guint n = 0;

  for (int x = x0; x < x1; x++)
    {
      int hits = 0;

      for (int y = y0; y < y1; y++)
        {
          ForklineRgba c = pixel (surface, x, y);

          hits += distance (&c, want) < 0.02;
        }
      n += hits * 2 >= y1 - y0;
    }
  return n;
}

/* An exported slide: the time grid runs down the lanes, not through the
 * legend under them nor the empty space below it. */
static void
test_grid_stops_at_lanes (void)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "pool-worklog.forkline", NULL);
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 900);
  cairo_t *cr = cairo_create (surface);
  g_autofree ForklineLane *lanes = NULL;
  const ForklinePalette *palette;
  const ForklineLane *legend = NULL, *cpu = NULL;
  ForklineView view;
  ForklineRgba on_bg, on_lane, on_alt;
  int gutter;
  guint n_lanes;

  g_assert_true (forkline_trace_load_file (trace, path, NULL));
  forkline_view_init (&view, trace, 1600, 900);
  view.show_title = view.show_legend = TRUE;
  forkline_renderer_draw (cr, trace, &view);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  lanes = forkline_renderer_get_lanes (trace, &view, &n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    {
      if (lanes[i].kind == FORKLINE_LANE_LEGEND)
        legend = &lanes[i];
      else if (lanes[i].kind == FORKLINE_LANE_CPU && cpu == NULL)
        cpu = &lanes[i];
    }
  g_assert_nonnull (legend);
  g_assert_nonnull (cpu);
  g_assert_cmpfloat (legend->y + legend->height, <, 900 - 20);

  palette = forkline_palette_get (view.theme);
  on_bg = grid_over (palette, &palette->background);
  on_lane = grid_over (palette, &palette->lane_background);
  on_alt = grid_over (palette, &palette->lane_background_alt);
  gutter = (int) ceil (forkline_renderer_get_gutter_width (&view));

  /* the lanes do have grid lines (the top rows of a CPU lane are bare) */
  g_assert_cmpuint (grid_columns (surface, gutter, 1600, (int) cpu->y + 1, (int) cpu->y + 5, &on_lane) +
                    grid_columns (surface, gutter, 1600, (int) cpu->y + 1, (int) cpu->y + 5, &on_alt), >=, 5);
  /* the legend, and what is under it, has none */
  g_assert_cmpuint (grid_columns (surface, gutter, 1600, (int) ceil (legend->y), (int) (legend->y + legend->height), &on_bg), ==, 0);
  g_assert_cmpuint (grid_columns (surface, gutter, 1600, (int) ceil (legend->y + legend->height), 900, &on_bg), ==, 0);

  cairo_surface_destroy (surface);
}

/* Draws @view and returns the words drawn inside its widest pool task
 * box ("" if none), and that box's width. */
static char *
task_box_words (ForklineTrace *trace,
                ForklineView  *view,
                double        *box_w)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (ForklineDrawnBox));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) view->width, (int) view->height);
  cairo_t *cr = cairo_create (surface);
  const ForklineDrawnBox *b;
  const ForklineDrawnBox *box = NULL;
  char *words = NULL;
  ForklineView logged = *view;

  logged.drawn_boxes = boxes;
  forkline_renderer_draw (cr, trace, &logged);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  b = (const ForklineDrawnBox *) (gpointer) boxes->data;
  for (guint i = 0; i < boxes->len; i++)
    if (b[i].kind == FORKLINE_DRAWN_TASK_BOX && (box == NULL || b[i].w > box->w))
      box = &b[i];
  g_assert_nonnull (box);
  *box_w = box->w;

  for (guint i = 0; i < boxes->len; i++)
    if (b[i].kind == FORKLINE_DRAWN_TEXT && box_inside (&b[i], box))
      {
        g_assert_null (words);
        words = g_strdup (b[i].text);
      }
  return words ? words : g_strdup ("");
}

/* Zooms so that task @t's box is about @width px wide and returns its
 * words. */
static char *
task_words_at_width (ForklineTrace      *trace,
                     const ForklineTask *t,
                     double              width)
{
  ForklineView view;
  double ns_per_px, box_w;
  char *words;

  forkline_view_init (&view, trace, 1600, 900);
  ns_per_px = (double) (t->finish_ns - t->start_ns) / width;
  view.t0 = t->start_ns - MIN (t->start_ns, (guint64) (100 * ns_per_px));
  view.t1 = view.t0 + (guint64) ((1600 - forkline_renderer_get_gutter_width (&view)) * ns_per_px);
  words = task_box_words (trace, &view, &box_w);
  g_test_message ("box %.1f px: \"%s\"", box_w, words);
  g_assert_cmpfloat (fabs (box_w - width), <, 2);
  return words;
}

/* A narrow pool task box says "87", not "s…"; narrower still, nothing. */
static void
test_task_label_falls_back (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "pool-map.forkline", NULL);
  g_autoptr(ForklineTrace) recorded = forkline_trace_new ();
  const ForklineTask *tasks;
  guint n_tasks;
  char *words;

  append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_HEADER, .a = 1, .b = 2,
                                         .c = FORKLINE_METHOD_PERF_SWITCH, .proc = -1, .cpu = -1 });
  append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_PROC_FORK, .pid = 100, .proc = 0, .a = -1,
                                         .cpu = -1, .label = "main" });
  append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_PROC_FORK, .time_ns = 1000, .pid = 101, .peer_pid = 100,
                                         .proc = 1, .a = 0, .cpu = -1, .label = "PoolWorker-1" });
  append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_TASK_DISPATCH, .time_ns = 500000, .pid = 100, .proc = 0,
                                         .cpu = -1, .object = 7, .a = 0, .c = 1, .label = "square", .text = "87" });
  append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_TASK_START, .time_ns = 1000000, .pid = 101, .proc = 1,
                                         .cpu = -1, .object = 7, .a = 0 });
  append_event (trace, (ForklineEvent) { .type = FORKLINE_EV_TASK_FINISH, .time_ns = 2000000, .pid = 101, .proc = 1,
                                         .cpu = -1, .object = 7, .a = 0, .text = "7569" });
  tasks = forkline_trace_get_tasks (trace, &n_tasks);
  g_assert_cmpuint (n_tasks, ==, 1);
  g_assert_cmpstr (tasks[0].function, ==, "square");

  words = task_words_at_width (trace, &tasks[0], 400);
  g_assert_cmpstr (words, ==, "square(87)");
  g_free (words);
  words = task_words_at_width (trace, &tasks[0], 32);
  g_assert_cmpstr (words, ==, "87");
  g_free (words);
  words = task_words_at_width (trace, &tasks[0], 16);
  g_assert_cmpstr (words, ==, "");
  g_free (words);

  /* an older recording names no function: "task 3", then "3" */
  g_assert_true (forkline_trace_load_file (recorded, path, NULL));
  tasks = forkline_trace_get_tasks (recorded, &n_tasks);
  g_assert_cmpuint (n_tasks, >=, 4);
  g_assert_cmpstr (tasks[3].function, ==, "");
  words = task_words_at_width (recorded, &tasks[3], 400);
  g_assert_cmpstr (words, ==, "task 3");
  g_free (words);
  words = task_words_at_width (recorded, &tasks[3], 24);
  g_assert_cmpstr (words, ==, "3");
  g_free (words);
}

/* main, which the lesson calls running from 0 to 100 µs; with the
 * kernel's view when asked: on CPU 0 0-30, preempted, on CPU 1 50-70,
 * blocked, on CPU 0 80-100, and CPU 1's records lost 72-78. */
static ForklineTrace *
running_trace (gboolean with_kernel)
{
  ForklineTrace *trace = forkline_trace_new ();

  ui_test_append (trace, FORKLINE_EV_HEADER, 0, 1, 0, -1, FORKLINE_PROTOCOL_VERSION, 2);

  ui_test_append (trace, FORKLINE_EV_PROC_START, 0, 100, 0, 0, 0, 0);
  ui_test_append (trace, FORKLINE_EV_STATE, 0, 100, 0, 0, FORKLINE_STATE_RUNNING, 0);
  if (with_kernel)
    {
      ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (0), 100, 0, 0, 0, 0);
      ui_test_append (trace, FORKLINE_EV_SWITCH_OUT, US (30), 100, 0, 0, FORKLINE_LEAVE_PREEMPTED, 0);
      ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (50), 100, 0, 1, 0, 0);
      ui_test_append (trace, FORKLINE_EV_SWITCH_OUT, US (70), 100, 0, 1, FORKLINE_LEAVE_BLOCKED, 0);
      ui_test_append (trace, FORKLINE_EV_DATA_LOST, US (78), 0, -1, 1, 12, US (6));
      ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (80), 100, 0, 0, 0, 0);
    }

  if (with_kernel)
    {
      /* other programs had half of CPU 0's 0-100 µs the lesson did not */
      ForklineEvent usage = { 0 };

      usage.type = FORKLINE_EV_CPU_USAGE;
      usage.time_ns = US (100);   /* at the sample's end */
      usage.proc = -1;
      usage.cpu = 0;
      usage.a = US (50);
      usage.c = US (100);
      usage.label = usage.text = "";
      forkline_trace_append (trace, &usage);
    }
  ui_test_append (trace, FORKLINE_EV_STATE, US (100), 100, 0, 0, FORKLINE_STATE_WAIT_JOIN, 0);
  return trace;
}

/* The lane never says running where the kernel had the process off every
 * CPU: waiting-for-a-CPU and in-the-kernel spans look unlike the solid
 * running box; a CPU whose records were lost shows "no data", not idle. */
static void
test_kernel_truth_on_the_lanes (void)
{
  g_autoptr(ForklineTrace) plain = running_trace (FALSE);
  g_autoptr(ForklineTrace) kernel = running_trace (TRUE);
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_autofree ForklineLane *lanes = NULL;
  ForklineView view;
  const ForklineLane *main_lane = NULL, *cpu1 = NULL;
  ForklineRgba on, pa, pb;
  double y;
  guint n;
  cairo_t *cr;

  forkline_view_init (&view, kernel, WIDTH, HEIGHT);
  view.t0 = 0;
  view.t1 = US (110);
  cr = cairo_create (a);
  forkline_renderer_draw (cr, plain, &view);
  cairo_destroy (cr);
  cr = cairo_create (b);
  forkline_renderer_draw (cr, kernel, &view);
  cairo_destroy (cr);
  cairo_surface_flush (a);
  cairo_surface_flush (b);

  lanes = forkline_renderer_get_lanes (kernel, &view, &n);
  for (guint i = 0; i < n; i++)
    {
      if (lanes[i].kind == FORKLINE_LANE_PROCESS && lanes[i].index == 0)
        main_lane = &lanes[i];
      if (lanes[i].kind == FORKLINE_LANE_CPU && lanes[i].index == 1)
        cpu1 = &lanes[i];
    }
  g_assert_nonnull (main_lane);
  g_assert_nonnull (cpu1);

  /* 15 µs, on a CPU: solid running in both; 40 µs (ready) and 75 µs (in
   * the kernel): solid without the kernel's word, not with it */
  forkline_palette_process_color (view.theme, 0, &on);
  y = main_lane->y + main_lane->height * 0.35;
  pa = pixel (a, forkline_renderer_x_at_time (&view, US (15)), y);
  pb = pixel (b, forkline_renderer_x_at_time (&view, US (15)), y);
  g_assert_cmpfloat (distance (&pa, &on), <, 0.15);
  g_assert_cmpfloat (distance (&pb, &on), <, 0.15);
  for (guint64 t = US (36); t <= US (46); t += US (5))
    {
      pa = pixel (a, forkline_renderer_x_at_time (&view, t), y);
      pb = pixel (b, forkline_renderer_x_at_time (&view, t), y);
      g_assert_cmpfloat (distance (&pa, &on), <, 0.15);
      g_assert_cmpfloat (distance (&pb, &on), >, 0.6);
    }
  pb = pixel (b, forkline_renderer_x_at_time (&view, US (74)) + 1, y);
  g_assert_cmpfloat (distance (&pb, &on), >, 0.6);

  /* CPU 0 while the lesson is off it (40 µs): other programs, not idle —
   * a bar half the lane high, from the bottom */
  {
    const ForklinePalette *palette = forkline_palette_get (view.theme);
    const ForklineLane *cpu0 = NULL;

    for (guint i = 0; i < n; i++)
      if (lanes[i].kind == FORKLINE_LANE_CPU && lanes[i].index == 0)
        cpu0 = &lanes[i];
    g_assert_nonnull (cpu0);
    pa = pixel (a, forkline_renderer_x_at_time (&view, US (40)), cpu0->y + cpu0->height * 0.8);
    pb = pixel (b, forkline_renderer_x_at_time (&view, US (40)), cpu0->y + cpu0->height * 0.8);
    g_assert_cmpfloat (distance (&pb, &palette->other_process), <, 0.1);
    g_assert_cmpfloat (distance (&pa, &palette->other_process), >, 0.1);
  }

  /* CPU 1 from 72 to 78 µs: the no-data stripes differ from the idle CPU
   * the plain trace draws there */
  {
    int x0 = (int) forkline_renderer_x_at_time (&view, US (72)) + 2;
    int x1 = (int) forkline_renderer_x_at_time (&view, US (78)) - 2;
    guint differ = 0;

    for (int x = x0; x < x1; x++)
      {
        pa = pixel (a, x, cpu1->y + cpu1->height / 2);
        pb = pixel (b, x, cpu1->y + cpu1->height / 2);
        differ += distance (&pa, &pb) > 0.1;
      }
    g_assert_cmpuint (differ, >, (guint) (x1 - x0) / 2);
  }

  if (g_getenv ("FORKLINE_TEST_OUTPUT"))
    {
      g_autofree char *path = g_build_filename (g_getenv ("FORKLINE_TEST_OUTPUT"), "renderer-kernel-truth.png", NULL);

      cairo_surface_write_to_png (b, path);
    }
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* A thread gets a row under its process, named in the gutter, solid in
 * the process's colour where the kernel had it on a CPU, and empty where
 * it was not. */
static void
test_thread_rows (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (ForklineDrawnBox));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 400);
  cairo_t *cr = cairo_create (surface);
  ForklineProcRows rows;
  ForklineView view;
  ForklineRgba color;
  gboolean named = FALSE;
  double y, x_on, x_off;
  guint32 on, off, want;

  ui_test_append (trace, FORKLINE_EV_HEADER, 0, 1, -1, -1, FORKLINE_PROTOCOL_VERSION, 1);
  ui_test_append (trace, FORKLINE_EV_PROC_START, 0, 100, 0, 0, 0, 0);
  ui_test_append_thread (trace, 0, 100, 107, "QueueFeederThread");
  ui_test_append (trace, FORKLINE_EV_SWITCH_IN, US (400), 100, 0, 0, 0, 107);
  ui_test_append (trace, FORKLINE_EV_SWITCH_OUT, US (600), 100, 0, 0, FORKLINE_LEAVE_BLOCKED, 107);
  ui_test_append (trace, FORKLINE_EV_PROC_EXIT, US (1000), 100, 0, 0, 0, 0);

  forkline_view_init (&view, trace, 800, 400);
  view.t0 = 0;
  view.t1 = US (1000);
  view.drawn_boxes = boxes;
  g_assert_true (_forkline_renderer_get_proc_rows (trace, &view, 0, &rows));
  g_assert_cmpuint (rows.n_threads, ==, 1);
  g_assert_cmpfloat (rows.thread_y, >=, rows.state_y + rows.state_h);
  forkline_renderer_draw (cr, trace, &view);
  cairo_surface_flush (surface);

  for (guint i = 0; i < boxes->len; i++)
    {
      const ForklineDrawnBox *b = &g_array_index (boxes, ForklineDrawnBox, i);

      if (b->kind == FORKLINE_DRAWN_TEXT && g_str_has_prefix (b->text, "QueueFeeder"))
        named |= b->y < rows.thread_y + rows.thread_h && b->y + b->h > rows.thread_y;
    }
  g_assert_true (named);

  /* the middle of its row, inside its run and well after it */
  y = rows.thread_y + rows.thread_h / 2;
  x_on = forkline_renderer_x_at_time (&view, US (500));
  x_off = forkline_renderer_x_at_time (&view, US (800));
  on = ((guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                                (int) y * cairo_image_surface_get_stride (surface)))[(int) x_on];
  off = ((guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                                 (int) y * cairo_image_surface_get_stride (surface)))[(int) x_off];
  forkline_palette_process_color (view.theme, 0, &color);
  want = 0xff000000u | (guint32) lround (color.red * 255) << 16 | (guint32) lround (color.green * 255) << 8 |
         (guint32) lround (color.blue * 255);
  g_assert_cmphex (on, ==, want);
  g_assert_cmphex (off, !=, want);

  /* pointing at its bar finds the thread's own switch-in (event 3) */
  {
    gint64 hit = forkline_renderer_hit_test (trace, &view, x_on, y);
    ForklineEvent in;

    g_assert_cmpint (hit, ==, 3);
    forkline_trace_get_event (trace, (guint) hit, &in);
    g_assert_cmpint (in.type, ==, FORKLINE_EV_SWITCH_IN);
    g_assert_cmpint (in.b, ==, 107);
    g_assert_cmpint (forkline_renderer_hit_test (trace, &view, x_off, y), ==, -1);
  }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* A line picked in the listing is a band on each process's state row over
 * the time it was on that line, and nowhere else. */
static void
test_code_line_band (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 300);
  cairo_t *cr;
  ForklineProcRows rows;
  ForklineView view;
  guint32 during[2], after[2];
  double y;

  ui_test_append (trace, FORKLINE_EV_HEADER, 0, 1, -1, -1, FORKLINE_PROTOCOL_VERSION, 1);
  ui_test_append (trace, FORKLINE_EV_PROC_START, 0, 100, 0, 0, 0, 0);
  ui_test_append (trace, FORKLINE_EV_STATE, US (1), 100, 0, 0, FORKLINE_STATE_SLEEPING, 0);
  ui_test_append (trace, FORKLINE_EV_LINE, US (100), 100, 0, 0, 5, 0);
  ui_test_append (trace, FORKLINE_EV_LINE, US (400), 100, 0, 0, 6, 0);
  ui_test_append (trace, FORKLINE_EV_PROC_EXIT, US (1000), 100, 0, 0, 0, 0);

  forkline_view_init (&view, trace, 800, 300);
  view.t0 = 0;
  view.t1 = US (1000);
  g_assert_true (_forkline_renderer_get_proc_rows (trace, &view, 0, &rows));
  y = rows.state_y + 4;

  for (guint line = 0; line <= 5; line += 5)
    {
      guint32 *row;

      view.code_line = line;
      cr = cairo_create (surface);
      forkline_renderer_draw (cr, trace, &view);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      row = (guint32 *) (gpointer) (cairo_image_surface_get_data (surface) + (int) y * cairo_image_surface_get_stride (surface));
      during[line / 5] = row[(int) forkline_renderer_x_at_time (&view, US (250))];
      after[line / 5] = row[(int) forkline_renderer_x_at_time (&view, US (700))];
    }
  /* on line 5 from 100 to 400 µs: changed there, not at 700 µs (line 6) */
  g_assert_cmphex (during[1], !=, during[0]);
  g_assert_cmphex (after[1], ==, after[0]);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/renderer/geometry", test_geometry);
  g_test_add_func ("/renderer/thread-rows", test_thread_rows);
  g_test_add_func ("/renderer/code-line-band", test_code_line_band);
  g_test_add_func ("/renderer/kernel-truth-on-the-lanes", test_kernel_truth_on_the_lanes);
  ADD ("/renderer/worker-bar-on-its-cpu", test_worker_bar_on_its_cpu);
  ADD ("/renderer/cutoff-hides-the-future", test_cutoff_hides_the_future);
  ADD ("/renderer/open-span-reaches-live-edge", test_open_span_reaches_live_edge);
  ADD ("/renderer/message-arrow-between-lanes", test_message_arrow_between_lanes);
  ADD ("/renderer/fork-arrow", test_fork_arrow);
  ADD ("/renderer/unreceived-message-marked", test_unreceived_message_marked);
  ADD ("/renderer/state-styles-not-colour-alone", test_state_styles_not_colour_alone);
  ADD ("/renderer/themes-differ", test_themes_differ);
  ADD ("/renderer/hit-test", test_hit_test);
  ADD ("/renderer/selection-outlined", test_selection_outlined);
  ADD ("/renderer/lock-hold-bar", test_lock_hold_bar);
  ADD ("/renderer/fit-height", test_fit_height);
  ADD ("/renderer/state-styles-contrast", test_state_styles_contrast);
  ADD ("/renderer/cpu-bars-visible-in-contrast", test_cpu_bars_visible_in_contrast);
#undef ADD
  g_test_add_func ("/renderer/labels-never-overlap", test_labels_never_overlap);
  g_test_add_func ("/renderer/task-row-below-states", test_task_row_below_states);
  g_test_add_func ("/renderer/grid-stops-at-lanes", test_grid_stops_at_lanes);
  g_test_add_func ("/renderer/task-label-falls-back", test_task_label_falls_back);
  g_test_add_func ("/renderer/process-colors-distinct", test_process_colors_distinct);
  g_test_add_func ("/renderer/process-colors-colour-blind", test_process_colors_colour_blind);
  g_test_add_func ("/renderer/dense-trace-draws", test_dense_trace_draws);
  g_test_add_func ("/renderer/times-near-the-end-of-time-draw", test_times_near_the_end_of_time_draw);
  g_test_add_func ("/renderer/dense-columns", test_dense_columns);
  g_test_add_func ("/renderer/empty-trace-draws", test_empty_trace_draws);
  g_test_add_func ("/renderer/garbled-streams-draw", test_garbled_streams_draw);
  g_test_add_func ("/renderer/format-duration", test_format_duration);

  return g_test_run ();
}

/* flow-demo.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the flow diagram of each lesson in a real GtkWindow and saves the
 * widget as PNG at a few times of the run, from a recorded trace
 * (FIXTURES/<lesson>.forkline) when there is one, else from the event
 * sequences built in code.  It checks what must be on screen (the pipe's
 * hang is drawn in the error colour, a running queue shows its message
 * chips) so it can fail.  Exits 77 when there is no display.
 *
 *   flow-demo --output DIR [--fixtures DIR] [--lesson ID] [--interactive]
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "forkline-flow-view.h"
#include "forkline-palette.h"
#include "flow-test-events.h"

#define MS(t) ((guint64) (t) * G_GUINT64_CONSTANT (1000000))
#define WIDTH  960
#define HEIGHT 600
#define PORTRAIT_WIDTH  400
#define PORTRAIT_HEIGHT 600

typedef struct
{
  const char *name;      /* file name part */
  guint64     time_ns;   /* G_MAXUINT64: the end */
  double      fraction;  /* > 0: at this fraction of a recorded run's events */
  int         theme;
  double      scale;
  gboolean    animate;   /* step from just before, catch the slide mid-way */
  gboolean    portrait;  /* the narrow side pane of the app's window */
  int         width;     /* > 0: this pane size instead of the default */
  int         height;
  gboolean    present;   /* the app's presentation mode: window text at 150 % */
} Shot;

typedef struct
{
  const char *id;
  Shot        shots[7];
} Lesson;

/* Times in the built-in sequences (see flow-test-events.c). */
static const Lesson lessons[] = {
  { "queue", {
      { "running", MS (1505), 0.45, FORKLINE_THEME_LIGHT, 1.0, TRUE },
      { "end", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "running-portrait", MS (1505), 0.45, FORKLINE_THEME_LIGHT, 1.0, TRUE, TRUE },
  } },
  { "pipe", {
      { "running", MS (1020), 0.45, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "end", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "end-dark", G_MAXUINT64, 0, FORKLINE_THEME_DARK, 1.0, FALSE },
      { "end-portrait", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE, TRUE },
  } },
  { "pool-map", {
      { "running", MS (14), 0.5, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "end", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "running-scale2", MS (14), 0.5, FORKLINE_THEME_LIGHT, 2.0, FALSE },
      { "running-portrait", MS (14), 0.5, FORKLINE_THEME_LIGHT, 1.0, FALSE, TRUE },
      /* the narrowest pane the view takes at scale 2 (its minimum width) */
      { "running-scale2-520x560", MS (14), 0.5, FORKLINE_THEME_LIGHT, 2.0, FALSE, TRUE, 520, 560,
        TRUE },
      { "running-scale2-700x560", MS (14), 0.5, FORKLINE_THEME_LIGHT, 2.0, FALSE, FALSE, 700, 560,
        TRUE },
  } },
  { "shared-array", {
      { "running", MS (2018), 0.6, FORKLINE_THEME_LIGHT, 1.0, TRUE },
      { "end", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE },
  } },
  { "lock", {
      { "running", MS (104), 0.5, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "end", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "end-dark", G_MAXUINT64, 0, FORKLINE_THEME_DARK, 1.0, FALSE },
  } },
  /* The buggy variants, recorded only (FIXTURES/<id>.forkline). */
  { "pipe-hang", {
      { "running", 0, 0.3, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "end", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "end-portrait", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE, TRUE },
  } },
  { "queue-race", {
      { "running", 0, 0.6, FORKLINE_THEME_LIGHT, 1.0, TRUE },
      { "end", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "end-portrait", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE, TRUE },
  } },
  { "lock-race", {
      { "running", 0, 0.5, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "end", G_MAXUINT64, 0, FORKLINE_THEME_LIGHT, 1.0, FALSE },
      { "end-portrait", G_MAXUINT64, 0, FORKLINE_THEME_DARK, 1.0, FALSE, TRUE },
  } },
};

static char *output_dir;
static char *fixtures_dir;
static char *only_lesson;
static gboolean interactive;
static guint n_failures;

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* The time of the event at @fraction of the run's non-scheduler events. */
static guint64
time_at_fraction (ForklineTrace *trace,
                  double         fraction)
{
  guint n = forkline_trace_get_n_events (trace);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint i = 0; i < n; i++)
    {
      ForklineEvent ev;

      if (forkline_trace_get_event (trace, i, &ev) &&
          ev.type != FORKLINE_EV_SWITCH_IN && ev.type != FORKLINE_EV_SWITCH_OUT)
        g_array_append_val (times, ev.time_ns);
    }
  if (times->len == 0)
    return G_MAXUINT64;
  return g_array_index (times, guint64, (guint) (fraction * (times->len - 1)));
}

/* Counts pixels close to @c. */
static guint
count_color (const guchar       *data,
             gsize               stride,
             int                 width,
             int                 height,
             const ForklineRgba *c)
{
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = data + y * stride + x * 4;  /* B G R A, premultiplied */

        if (ABS (p[2] - c->red * 255) < 24 && ABS (p[1] - c->green * 255) < 24 &&
            ABS (p[0] - c->blue * 255) < 24 && p[3] > 200)
          n++;
      }
  return n;
}

static GdkTexture *
render_widget (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
check (gboolean    ok,
       const char *what,
       const char *png)
{
  if (ok)
    return;
  g_printerr ("FAIL %s: %s\n", png, what);
  n_failures++;
}

static void
shoot (GtkWidget     *window,
       GtkWidget     *view,
       ForklineTrace *trace,
       const Lesson  *lesson,
       const Shot    *shot,
       gboolean       recorded)
{
  const ForklinePalette *palette = forkline_palette_get (shot->theme);
  g_autofree char *file = g_strdup_printf ("flow-%s-%s.png", lesson->id, shot->name);
  g_autofree char *path = g_build_filename (output_dir, file, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  guint64 t = shot->time_ns;
  int width, height, want_w, want_h;
  gsize stride;
  guint n_error, n_background;

  if (recorded && shot->fraction > 0)
    t = time_at_fraction (trace, shot->fraction);

  want_w = shot->width > 0 ? shot->width : shot->portrait ? PORTRAIT_WIDTH : WIDTH;
  want_h = shot->height > 0 ? shot->height : shot->portrait ? PORTRAIT_HEIGHT : HEIGHT;
  if (gtk_widget_get_width (view) != want_w || gtk_widget_get_height (view) != want_h)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), want_w, want_h);
      wait_ms (400);
    }
  /* As the app does: its window's text grows besides the view's scale. */
  if (shot->present)
    gtk_widget_add_css_class (window, "presentation");
  else
    gtk_widget_remove_css_class (window, "presentation");
  forkline_flow_view_set_theme (FORKLINE_FLOW_VIEW (view), shot->theme);
  forkline_flow_view_set_scale (FORKLINE_FLOW_VIEW (view), shot->scale);
  if (shot->animate && t != G_MAXUINT64)
    {
      /* From 80 ms earlier, so what happened in between slides in. */
      forkline_flow_view_set_time (FORKLINE_FLOW_VIEW (view), t > MS (80) ? t - MS (80) : 0);
      wait_ms (100);
      forkline_flow_view_set_time (FORKLINE_FLOW_VIEW (view), t);
      wait_ms (220);
    }
  else
    {
      forkline_flow_view_set_time (FORKLINE_FLOW_VIEW (view), t);
      wait_ms (150);
      /* A still picture: let what just moved settle. */
      for (guint i = 0; i < 40 && forkline_flow_view_is_animating (FORKLINE_FLOW_VIEW (view)); i++)
        wait_ms (50);
    }

  texture = render_widget (view);
  if (texture == NULL)
    {
      check (FALSE, "the widget rendered nothing", file);
      return;
    }
  gdk_texture_save_to_png (texture, path);
  if (t == G_MAXUINT64)
    g_print ("%s (t = end)\n", path);
  else
    g_print ("%s (t = %.3f s)\n", path, t / 1e9);

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = width * 4;
  data = g_malloc (stride * height);
  gdk_texture_download (texture, data, stride);

  n_background = count_color (data, stride, width, height, &palette->background);
  n_error = count_color (data, stride, width, height, &palette->error);
  check (n_background > (guint) (width * height) / 3, "the theme's background is not there", file);
  check (n_background < (guint) (width * height) * 99 / 100, "nothing was drawn", file);

  /* The pipe's hang is explained in the error colour; nothing is wrong
   * while messages still flow, nor in the fixed variant. */
  if (g_str_has_prefix (lesson->id, "pipe"))
    {
      const char *params = forkline_trace_get_header (trace)->params;

      if (g_str_has_prefix (shot->name, "end") && strstr (params, "fixed=1") == NULL)
        check (n_error > 500, "the pipe's hang is not shown in the error colour", file);
      else
        check (n_error < 50, "the error colour shows while the pipe works", file);
    }
  if (g_str_equal (lesson->id, "lock") && !recorded && g_str_has_prefix (shot->name, "end"))
    check (n_error > 200, "lost updates are not marked", file);
  if (g_str_equal (lesson->id, "lock-race") && g_str_has_prefix (shot->name, "end"))
    check (n_error > 200, "the race's lost updates are not marked", file);
  /* The producer's items that nobody took are flagged. */
  if (g_str_equal (lesson->id, "queue-race") && g_str_has_prefix (shot->name, "end"))
    check (count_color (data, stride, width, height, &palette->unreceived) > 100,
           "the queue's unconsumed items are not flagged", file);
  check (shot->portrait == (width < height), "the window did not take the shot's shape", file);

  /* What a click would select: tasks (their start) and processes (their
   * fork) on the finished pool. */
  if (g_str_equal (lesson->id, "pool-map") && g_str_equal (shot->name, "end"))
    {
      gboolean task = FALSE, fork = FALSE;

      for (int y = 0; y < height; y += 6)
        for (int x = 0; x < width; x += 6)
          {
            guint event = forkline_flow_view_event_at (FORKLINE_FLOW_VIEW (view), x, y);
            ForklineEvent ev;

            if (event == FORKLINE_FLOW_NO_EVENT || !forkline_trace_get_event (trace, event, &ev))
              continue;
            task |= ev.type == FORKLINE_EV_TASK_START;
            fork |= ev.type == FORKLINE_EV_PROC_FORK;
          }
      check (task && fork, "clicking a task or a process selects no event", file);
    }
}

/* The app grows the text of its whole window in presentation mode (150 %
 * at scale 2), on top of the flow view's own scale. */
static void
load_presentation_css (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_data (css, "window.presentation { font-size: 150%; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
show_lesson (const Lesson *lesson)
{
  g_autofree char *fixture = NULL;
  g_autoptr(ForklineTrace) trace = NULL;
  gboolean recorded = FALSE;
  GtkWidget *window, *view;

  if (fixtures_dir != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s.forkline", lesson->id);

      fixture = g_build_filename (fixtures_dir, name, NULL);
      if (g_file_test (fixture, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(GError) error = NULL;

          trace = forkline_trace_new_from_file (fixture, &error);
          if (error != NULL)
            g_printerr ("%s: %s (showing what was intact)\n", fixture, error->message);
          recorded = TRUE;
        }
    }
  if (trace == NULL)
    trace = flow_test_lesson (lesson->id);
  if (trace == NULL)
    {
      g_print ("%s: no recording in the fixtures: skipped\n", lesson->id);
      return;
    }
  g_print ("%s: %s\n", lesson->id, recorded ? fixture : "events built in code");

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), lesson->id);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  view = forkline_flow_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  forkline_flow_view_set_trace (FORKLINE_FLOW_VIEW (view), trace);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (300);

  for (guint i = 0; i < G_N_ELEMENTS (lesson->shots) && lesson->shots[i].name != NULL; i++)
    shoot (window, view, trace, lesson, &lesson->shots[i], recorded);

  if (interactive)
    {
      forkline_flow_view_set_time (FORKLINE_FLOW_VIEW (view), 0);
      forkline_flow_view_set_theme (FORKLINE_FLOW_VIEW (view), FORKLINE_FLOW_VIEW_THEME_AUTO);
      while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
        g_main_context_iteration (NULL, TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A run arriving live: the view follows the end of the trace, a put
 * starts an animation, and the animation (and its tick callback) ends. */
static void
live_check (void)
{
  g_autoptr(ForklineTrace) source = flow_test_lesson_queue ();
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autofree char *path = g_build_filename (output_dir, "flow-live-put.png", NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = forkline_flow_view_new ();
  const ForklineFlowObject *queue;
  gboolean saw_put = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), view);
  forkline_flow_view_set_trace (FORKLINE_FLOW_VIEW (view), trace);
  forkline_flow_view_set_theme (FORKLINE_FLOW_VIEW (view), FORKLINE_THEME_LIGHT);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (300);

  for (guint i = 0; i < forkline_trace_get_n_events (source) && !saw_put; i++)
    {
      ForklineEvent ev;

      forkline_trace_get_event (source, i, &ev);
      forkline_trace_append (trace, &ev);
      saw_put = ev.type == FORKLINE_EV_QUEUE_PUT;
      wait_ms (5);
    }
  check (saw_put, "the queue lesson has no put", "flow-live-put.png");
  check (forkline_flow_view_is_animating (FORKLINE_FLOW_VIEW (view)),
         "a put that just arrived does not animate", "flow-live-put.png");
  wait_ms (250);
  {
    g_autoptr(GdkTexture) texture = render_widget (view);

    if (texture != NULL)
      gdk_texture_save_to_png (texture, path);
    g_print ("%s (live, mid-animation)\n", path);
  }

  /* Generous: only a frame clock that stopped would keep it running. */
  for (guint i = 0; i < 100 && forkline_flow_view_is_animating (FORKLINE_FLOW_VIEW (view)); i++)
    wait_ms (50);
  check (!forkline_flow_view_is_animating (FORKLINE_FLOW_VIEW (view)),
         "the animation never ends", "flow-live-put.png");
  queue = forkline_flow_state_lookup_object (
    forkline_flow_view_get_state (FORKLINE_FLOW_VIEW (view)), 1);
  check (queue != NULL && queue->messages->len == 1,
         "the live view does not hold the put message", "flow-live-put.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir, "Where to save the PNGs", "DIR" },
    { "fixtures", 'f', 0, G_OPTION_ARG_FILENAME, &fixtures_dir, "Recorded traces <lesson>.forkline",
      "DIR" },
    { "lesson", 'l', 0, G_OPTION_ARG_STRING, &only_lesson, "Only this lesson", "ID" },
    { "interactive", 'i', 0, G_OPTION_ARG_NONE, &interactive, "Keep each window open", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the flow diagram, lesson by lesson");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (output_dir == NULL)
    output_dir = g_strdup (".");
  g_mkdir_with_parents (output_dir, 0755);

  if (!gtk_init_check ())
    {
      g_print ("no display: skipped\n");
      return 77;
    }
  load_presentation_css ();

  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    if (only_lesson == NULL || g_str_equal (only_lesson, lessons[i].id))
      show_lesson (&lessons[i]);
  if (only_lesson == NULL && !interactive)
    live_check ();

  if (n_failures > 0)
    {
      g_printerr ("%u check(s) failed\n", n_failures);
      return 1;
    }
  return 0;
}

/* test-window.c — the real window, in-process, under Xvfb.
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds ForklineWindow from the app library with the real engine, drives
 * it through its actions and widgets as a user would, and waits on its
 * signals (lessons-loaded, run-finished) and its state: a lesson run end
 * to end, what is remembered for the next start, a saved run opened and
 * replayed, cut and foreign files, presentation mode, the engine missing,
 * failing, crashing or sending damage, and quitting, closing or crashing
 * mid-run with nothing left running.  Screenshots land in $TEST_OUT_DIR for
 * a person to look at.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "forkline-flow-view.h"
#include "forkline-protocol.h"
#include "forkline-renderer.h"
#include "forkline-renderer-private.h"
#include "forkline-window-private.h"

#define RUN_TIMEOUT_S 120

static ForklineApplication *app;
static char *out_dir;

/* ---- waiting on the main loop ---- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (Condition    condition,
            gpointer     data,
            guint        seconds,
            const char  *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, flag_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_printerr ("timed out after %u s waiting for %s\n", seconds, what);
      g_assert_not_reached ();
    }
  g_source_remove (id);
}

static gboolean
is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Lets the window draw for ms milliseconds. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  wait_until (is_set, &done, ms / 1000 + 10, "a pause");
}

/* ---- the window ---- */

static gboolean
lessons_settled (gpointer data)
{
  ForklineWindow *self = data;

  return self->lessons != NULL || gtk_revealer_get_reveal_child (self->banner_revealer);
}

/* One app for the in-process tests, registered as `forkline` registers
 * it (the leave-mid-run children run their own instead). */
static ForklineApplication *
shared_app (void)
{
  if (app == NULL)
    {
      app = forkline_application_new ();
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
      g_application_hold (G_APPLICATION (app));
    }
  return app;
}

/* A new window, shown, once its lesson list has arrived (or failed). */
static ForklineWindow *
window_new (void)
{
  ForklineWindow *self = forkline_window_new (shared_app ());

  gtk_window_present (GTK_WINDOW (self));
  wait_until (lessons_settled, self, 60, "the lesson list");
  return self;
}

static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

/* As the user closes it: the engine is stopped, the size remembered. */
static void
window_close (ForklineWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
  wait_until (no_windows, NULL, 30, "the window to close");
}

static void
run_finished_cb (ForklineWindow *self,
                 gboolean       *finished)
{
  *finished = TRUE;
}

/* Selects the lesson, sets its parameters and speed in the panel and
 * presses Run (the real action); waits for the end when asked. */
static void
run_lesson (ForklineWindow     *self,
            const char         *lesson,
            const char * const *settings,
            double              speed,
            gboolean            wait)
{
  gboolean finished = FALSE;
  gulong handler;

  g_assert_true (forkline_lesson_panel_select_lesson (self->lesson_panel, lesson));
  for (guint i = 0; settings != NULL && settings[i] != NULL; i++)
    forkline_lesson_panel_apply_setting (self->lesson_panel, settings[i]);
  forkline_lesson_panel_set_speed (self->lesson_panel, speed);

  handler = g_signal_connect (self, "run-finished", G_CALLBACK (run_finished_cb), &finished);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (self), "run"));
  g_action_group_activate_action (G_ACTION_GROUP (self), "run", NULL);
  if (wait)
    wait_until (is_set, &finished, RUN_TIMEOUT_S, "the run to finish");
  g_signal_handler_disconnect (self, handler);
}

static const char *
banner_text (ForklineWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

static char *
out_path (const char *name)
{
  return g_build_filename (out_dir, name, NULL);
}

/* A PNG of the window for a person to look at; @required asserts it was
 * drawn (the mid-run picture is a courtesy: a window under load may not
 * have drawn its first frame yet). */
static void
save_screenshot_as (ForklineWindow *self,
                    const char     *name,
                    gboolean        required)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = out_path (name);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (!required && (node == NULL || renderer == NULL))
    {
      g_test_message ("no screenshot %s: nothing drawn yet", name);
      return;
    }
  g_assert_nonnull (node);
  g_assert_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
save_screenshot (ForklineWindow *self,
                 const char     *name)
{
  save_screenshot_as (self, name, TRUE);
}

/* ---- a saved run, decoded by the protocol alone ---- */

typedef struct
{
  guint    records;
  guint    prints;
  gboolean ended;
} Counts;

static Counts
count_records (const char *path)
{
  g_autoptr(ForklineDecoder) decoder = forkline_decoder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  Counts counts = { 0 };
  ForklineEvent event;
  ForklineDecodeStatus status;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  forkline_decoder_feed (decoder, (const guint8 *) data, len);
  while ((status = forkline_decoder_next (decoder, &event, &error)) == FORKLINE_DECODE_EVENT)
    {
      counts.records++;
      counts.prints += event.type == FORKLINE_EV_PRINT;
      counts.ended |= event.type == FORKLINE_EV_LESSON_END;
    }
  g_assert_cmpint (status, !=, FORKLINE_DECODE_ERROR);
  g_assert_true (forkline_decoder_finish (decoder, &error));
  g_assert_no_error (error);
  return counts;
}

/* ---- what a finished run must let the user do ---- */

/* Zoom actions change the shared range; a click on a process lane where
 * the process printed selects an event there and the details describe it. */
static void
check_navigation (ForklineWindow *self)
{
  ForklineViewState *vs = self->view_state;
  ForklineView view;
  ForklineProcRows rows;
  g_autofree ForklineLane *lanes = NULL;
  const ForklinePrint *prints;
  guint n_lanes = 0, n_prints = 0;
  guint64 width;
  gboolean clicked = FALSE;

  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-fit", NULL);
  width = forkline_view_state_get_visible_end (vs) - forkline_view_state_get_visible_start (vs);
  g_assert_cmpuint (forkline_view_state_get_visible_start (vs), <=, forkline_view_state_get_run_start (vs));
  g_assert_cmpuint (forkline_view_state_get_visible_end (vs), >=, forkline_trace_get_end_time (self->trace));

  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-in", NULL);
  g_assert_cmpuint (forkline_view_state_get_visible_end (vs) - forkline_view_state_get_visible_start (vs), <, width);
  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-out", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-out", NULL);
  g_assert_cmpuint (forkline_view_state_get_visible_end (vs) - forkline_view_state_get_visible_start (vs), >, width);
  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-fit", NULL);

  prints = forkline_trace_get_prints (self->trace, &n_prints);
  if (n_prints == 0)
    return;

  forkline_timeline_view_get_view (self->timeline, &view);
  lanes = forkline_renderer_get_lanes (self->trace, &view, &n_lanes);
  for (guint i = 0; i < n_lanes && !clicked; i++)
    {
      guint event;

      if (lanes[i].kind != FORKLINE_LANE_PROCESS || lanes[i].index != prints[0].proc)
        continue;
      /* on its state row (thread rows may sit below it) */
      g_assert_true (_forkline_renderer_get_proc_rows (self->trace, &view, prints[0].proc, &rows));
      event = forkline_timeline_view_select_at (self->timeline,
                                                forkline_renderer_x_at_time (&view, prints[0].time_ns),
                                                rows.state_y + rows.state_h / 2);
      g_assert_cmpuint (event, !=, FORKLINE_NO_EVENT);
      g_assert_cmpstr (forkline_console_get_details_title (self->console), !=, "");
      clicked = TRUE;
    }
  g_assert_true (clicked);
}

/* Something clickable in the flow diagram (found where its last frame put
 * it): activating it selects its event for the timeline, console and
 * details alike. */
static void
check_flow_click (ForklineWindow *self)
{
  ForklineFlowView *flow = FORKLINE_FLOW_VIEW (self->flow_view);
  int width = gtk_widget_get_width (self->flow_view);
  int height = gtk_widget_get_height (self->flow_view);
  guint event = FORKLINE_FLOW_NO_EVENT;

  for (int y = 0; y < height && event == FORKLINE_FLOW_NO_EVENT; y += 4)
    for (int x = 0; x < width && event == FORKLINE_FLOW_NO_EVENT; x += 4)
      event = forkline_flow_view_event_at (flow, x, y);
  g_assert_cmpuint (event, !=, FORKLINE_FLOW_NO_EVENT);

  /* every view follows the window's one view state (template bindings) */
  g_assert_true (forkline_flow_view_get_view_state (flow) == self->view_state);
  g_assert_true (forkline_timeline_view_get_view_state (self->timeline) == self->view_state);
  g_assert_true (forkline_console_get_view_state (self->console) == self->view_state);

  forkline_view_state_set_selected_event (self->view_state, FORKLINE_NO_EVENT);
  g_signal_emit_by_name (flow, "event-activated", event);
  g_assert_cmpuint (forkline_view_state_get_selected_event (self->view_state), ==, event);
  g_assert_cmpstr (forkline_console_get_details_title (self->console), !=, "");
  forkline_view_state_set_selected_event (self->view_state, FORKLINE_NO_EVENT);
}

/* Selecting a console line selects its event for every view, and selecting
 * an event elsewhere selects its console line: both through the shared
 * view state. */
static void
check_selection_sync (ForklineWindow *self)
{
  const ForklinePrint *prints;
  guint n = 0;

  prints = forkline_trace_get_prints (self->trace, &n);
  if (n == 0)
    return;

  forkline_console_select_line (self->console, n - 1);
  g_assert_cmpuint (forkline_view_state_get_selected_event (self->view_state), ==, prints[n - 1].event);
  g_assert_cmpstr (forkline_console_get_details_title (self->console), !=, "");

  forkline_view_state_set_selected_event (self->view_state, prints[0].event);
  g_assert_cmpint (forkline_console_get_selected_line (self->console), ==, 0);

  forkline_view_state_set_selected_event (self->view_state, FORKLINE_NO_EVENT);
  g_assert_cmpint (forkline_console_get_selected_line (self->console), ==, -1);

  /* leave the last line selected for the screenshot */
  forkline_view_state_set_selected_event (self->view_state, prints[n - 1].event);
}

static guint
count_tasks (ForklineTrace *trace)
{
  guint n = 0;

  forkline_trace_get_tasks (trace, &n);
  return n;
}

/* ---- the settings a next start reads ---- */

static char *
settings_value (const char *key)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (g_key_file_has_key (file, groups[i], key, NULL))
      return g_key_file_get_value (file, groups[i], key, NULL);
  return NULL;
}

/* ---- a lesson end to end ---- */

typedef struct
{
  const char *lesson;
  const char *settings[3];
  const char *name;
  int         tasks;      /* -1: any */
} Lesson;

/* A saved run opens whole; stepping the replay from its start shows every
 * printed line in order, one step back leaves the end, and playing at 10×
 * reaches the end with every line. */
static void
check_open_and_replay (const char   *run,
                       const Counts *counts,
                       const char   *name)
{
  g_autoptr(GFile) file = g_file_new_for_path (run);
  g_autofree char *shot = g_strdup_printf ("%s-opened.png", name);
  ForklineWindow *self = window_new ();
  guint steps = 0, prev, n_events, n_prints = 0;

  forkline_window_open_file (self, file);
  g_assert_nonnull (self->trace);
  n_events = forkline_trace_get_n_events (self->trace);
  forkline_trace_get_prints (self->trace, &n_prints);
  g_assert_cmpuint (n_events, ==, counts->records);
  g_assert_cmpuint (n_prints, ==, counts->prints);
  g_assert_cmpuint (forkline_console_get_n_lines (self->console), ==, counts->prints);
  g_assert_null (banner_text (self));

  forkline_view_state_set_cutoff (self->view_state, 0);
  prev = forkline_console_get_n_lines (self->console);
  while (forkline_view_state_get_cutoff (self->view_state) != FORKLINE_TIME_OPEN && steps <= n_events)
    {
      guint lines;

      g_action_group_activate_action (G_ACTION_GROUP (self), "replay-step-forward", NULL);
      steps++;
      lines = forkline_console_get_n_lines (self->console);
      g_assert_cmpuint (lines, >=, prev);
      prev = lines;
    }
  g_assert_cmpuint (steps, >, 0);
  g_assert_cmpuint (prev, ==, counts->prints);
  g_action_group_activate_action (G_ACTION_GROUP (self), "replay-step-back", NULL);
  g_assert_cmpuint (forkline_view_state_get_cutoff (self->view_state), !=, FORKLINE_TIME_OPEN);

  /* then play it through at 10×, as the Play button does */
  forkline_view_state_set_cutoff (self->view_state, 0);
  forkline_replay_bar_set_rate (self->replay_bar, 10.0);
  g_action_group_activate_action (G_ACTION_GROUP (self), "replay-play", NULL);
  g_assert_true (forkline_replay_bar_get_playing (self->replay_bar));
  while (forkline_replay_bar_get_playing (self->replay_bar))
    spin (50);
  g_assert_cmpuint (forkline_view_state_get_cutoff (self->view_state), ==, FORKLINE_TIME_OPEN);
  g_assert_cmpuint (forkline_console_get_n_lines (self->console), ==, counts->prints);

  spin (300);
  save_screenshot (self, shot);
  window_close (self);
}

/* A cut copy opens with what was intact and says so. */
static void
check_open_cut (const char   *run,
                const Counts *counts,
                const char   *name)
{
  g_autofree char *cut_name = g_strdup_printf ("%s-cut.forkline", name);
  g_autofree char *cut = out_path (cut_name);
  g_autofree char *shot = g_strdup_printf ("%s-cut.png", name);
  g_autofree char *data = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (cut);
  gsize len = 0;
  ForklineWindow *self;
  guint kept;

  g_assert_true (g_file_get_contents (run, &data, &len, NULL));
  g_assert_cmpuint (len, >, 7);
  g_assert_true (g_file_set_contents (cut, data, len - 7, NULL));

  self = window_new ();
  forkline_window_open_file (self, file);
  g_assert_nonnull (banner_text (self));
  g_assert_nonnull (self->trace);
  kept = forkline_trace_get_n_events (self->trace);
  g_assert_cmpuint (kept, >, 0);
  g_assert_cmpuint (kept, <, counts->records);
  spin (300);
  save_screenshot (self, shot);
  window_close (self);
}

/* A file that is no trace: one clear message naming it, and the window does
 * not pretend it opened a run. */
static void
check_open_foreign (const char *name)
{
  g_autofree char *notes_name = g_strdup_printf ("%s-notes.forkline", name);
  g_autofree char *notes = out_path (notes_name);
  g_autofree char *expected = g_strdup_printf ("%s: Not a Forkline trace", notes);
  g_autoptr(GFile) file = g_file_new_for_path (notes);
  ForklineWindow *self;

  g_assert_true (g_file_set_contents (notes, "these are my notes, not a trace\n", -1, NULL));
  self = window_new ();
  forkline_window_open_file (self, file);
  g_assert_null (self->trace);
  g_assert_nonnull (banner_text (self));
  g_assert_true (g_str_has_prefix (banner_text (self), expected));
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (self)), notes_name));
  window_close (self);
  g_remove (notes);
}

/* Presentation mode (F5) on a replay halfway through, for a person to look
 * at. */
static void
check_presentation (const char *run,
                    const char *name)
{
  g_autoptr(GFile) file = g_file_new_for_path (run);
  g_autofree char *shot = g_strdup_printf ("%s-presentation.png", name);
  ForklineWindow *self = window_new ();
  guint64 start;

  forkline_window_open_file (self, file);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "presentation", g_variant_new_boolean (TRUE));
  g_assert_true (self->presenting);
  /* on a projector: the contrast palette and larger lanes, for every view */
  g_assert_cmpint (forkline_view_state_get_theme (self->view_state), ==, FORKLINE_THEME_CONTRAST);
  g_assert_cmpfloat (forkline_view_state_get_scale (self->view_state), >, 1.0);
  g_assert_cmpint (forkline_flow_view_get_theme (FORKLINE_FLOW_VIEW (self->flow_view)), ==, FORKLINE_THEME_CONTRAST);
  start = forkline_view_state_get_run_start (self->view_state);
  forkline_view_state_set_cutoff (self->view_state,
                                  start + (forkline_trace_get_end_time (self->trace) - start) / 2);
  spin (1500);
  save_screenshot (self, shot);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "presentation", g_variant_new_boolean (FALSE));
  g_assert_false (self->presenting);
  g_assert_cmpfloat (forkline_view_state_get_scale (self->view_state), ==, 1.0);
  window_close (self);
}

static void
test_lesson_end_to_end (gconstpointer data)
{
  const Lesson *lesson = data;
  g_autofree char *run_name = g_strdup_printf ("%s.forkline", lesson->name);
  g_autofree char *export_name = g_strdup_printf ("%s-export.png", lesson->name);
  g_autofree char *shot = g_strdup_printf ("%s.png", lesson->name);
  g_autofree char *run = out_path (run_name);
  g_autofree char *exported = out_path (export_name);
  g_autofree char *last_lesson = NULL;
  g_autofree char *speed = NULL;
  g_autofree char *window_width = NULL;
  g_autoptr(GError) error = NULL;
  const ForklineLessonEnd *end;
  ForklineWindow *self;
  Counts counts;
  guint n_prints = 0;

  /* the next start shows the last lesson (a new process reads the
   * settings the run left) */
  if (g_test_subprocess ())
    {
      self = window_new ();
      g_assert_nonnull (forkline_lesson_panel_get_lesson (self->lesson_panel));
      g_assert_cmpstr (forkline_lesson_get_id (forkline_lesson_panel_get_lesson (self->lesson_panel)),
                       ==, lesson->lesson);
      window_close (self);
      return;
    }

  self = window_new ();
  run_lesson (self, lesson->lesson, lesson->settings, 0.02, TRUE);
  /* a few frames draw the final state (the flow diagram's regions are
   * where its last frame put them) */
  spin (500);

  g_assert_true (_forkline_window_save_to (self, run, &error));
  g_assert_no_error (error);
  counts = count_records (run);

  /* every record the engine sent is in the model, every print in the console */
  end = forkline_trace_get_lesson_end (self->trace);
  forkline_trace_get_prints (self->trace, &n_prints);
  g_assert_cmpuint (counts.records, >, 10);
  g_assert_true (counts.ended);
  g_assert_cmpuint (forkline_trace_get_n_events (self->trace), ==, counts.records);
  g_assert_cmpuint (n_prints, ==, counts.prints);
  g_assert_cmpuint (forkline_console_get_n_lines (self->console), ==, counts.prints);
  g_assert_true (end->ended);
  g_assert_null (forkline_trace_get_stream_error (self->trace));
  if (lesson->tasks >= 0)
    g_assert_cmpuint (count_tasks (self->trace), ==, lesson->tasks);

  /* export from the window: the same renderer, written as a PNG */
  g_assert_true (_forkline_window_export_to (self, exported, 1920, 1080, 1.0, TRUE, &error));
  g_assert_no_error (error);
  {
    cairo_surface_t *png = cairo_image_surface_create_from_png (exported);

    g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1920);
    cairo_surface_destroy (png);
  }

  check_navigation (self);
  check_flow_click (self);
  check_selection_sync (self);
  /* selecting panned the timeline to each selection: the screenshot shows
   * the whole run */
  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-fit", NULL);
  spin (300);
  save_screenshot (self, shot);
  window_close (self);

  /* what must be remembered: the last lesson, the speed, the window size */
  g_settings_sync ();
  last_lesson = settings_value ("last-lesson");
  speed = settings_value ("speed");
  window_width = settings_value ("window-width");
  g_autofree char *quoted = g_strdup_printf ("'%s'", lesson->lesson);
  g_assert_cmpstr (last_lesson, ==, quoted);
  g_assert_cmpstr (speed, ==, "0.02");
  g_assert_nonnull (window_width);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  check_open_and_replay (run, &counts, lesson->name);
  check_open_cut (run, &counts, lesson->name);
  check_open_foreign (lesson->name);
  check_presentation (run, lesson->name);
}

/* ---- the engine missing, failing, crashing, sending damage ---- */

typedef struct
{
  const char *mode;       /* NULL: no engine at all */
  const char *message;    /* how the banner starts */
  gboolean    keeps;      /* what arrived before is kept */
} EngineFault;

static void
test_engine_fault (gconstpointer data)
{
  const EngineFault *fault = data;
  g_autofree char *shot = g_strdup_printf ("error-%s.png", fault->mode ? fault->mode : "missing");
  ForklineWindow *self;

  if (fault->mode == NULL)
    g_setenv ("FORKLINE_ENGINE", "/nonexistent/forkline-engine", TRUE);
  else
    {
      g_setenv ("FORKLINE_ENGINE", g_getenv ("FAKE_ENGINE"), TRUE);
      g_setenv ("FAKE_ENGINE_MODE", fault->mode, TRUE);
    }

  self = window_new ();
  if (fault->mode == NULL)
    {
      /* no lessons, Run off, and a banner that names the engine */
      g_assert_null (self->lessons);
      g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (self), "run"));
    }
  else
    {
      run_lesson (self, "cpu-count", NULL, 0.05, TRUE);
      if (fault->keeps)
        g_assert_cmpuint (forkline_trace_get_n_events (self->trace), >, 0);
    }

  g_assert_nonnull (banner_text (self));
  g_test_message ("banner: %s", banner_text (self));
  g_assert_true (g_str_has_prefix (banner_text (self), fault->message));
  if (fault->mode == NULL)
    g_assert_nonnull (strstr (banner_text (self), "forkline-engine"));
  spin (300);
  save_screenshot (self, shot);
  window_close (self);

  g_unsetenv ("FORKLINE_ENGINE");
  g_unsetenv ("FAKE_ENGINE_MODE");
}

/* ---- quitting mid-run leaves nothing running ---- */

typedef enum
{
  LEAVE_QUIT,     /* Ctrl+Q: the app's quit action */
  LEAVE_CLOSE,    /* Ctrl+W: the window is destroyed */
  LEAVE_CRASH,    /* SIGKILL: no chance to clean up, the kernel must */
} Leave;

/* Every process the test starts inherits this marker in its environment;
 * once the app is gone, none may carry it. */
#define MARK_VARIABLE "FORKLINE_WINDOW_TEST_MARK"

static GArray *
marked_pids (const char *mark)
{
  g_autofree char *wanted = g_strdup_printf ("%s=%s", MARK_VARIABLE, mark);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (int));
  const char *name;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *environ_path = g_build_filename ("/proc", name, "environ", NULL);
      g_autofree char *status_path = g_build_filename ("/proc", name, "status", NULL);
      g_autofree char *env = NULL;
      g_autofree char *status = NULL;
      int pid = atoi (name);
      gsize len = 0;

      if (pid <= 0 || pid == getpid ())
        continue;
      if (!g_file_get_contents (environ_path, &env, &len, NULL))
        continue;
      for (gsize i = 0; i < len; i += strlen (env + i) + 1)
        if (strcmp (env + i, wanted) == 0)
          {
            /* a zombie runs nothing; it only waits for a parent to collect it */
            if (g_file_get_contents (status_path, &status, NULL, NULL) && strstr (status, "State:\tZ") == NULL)
              g_array_append_val (pids, pid);
            break;
          }
    }
  return pids;
}

typedef struct
{
  ForklineWindow *window;
  Leave           how;
} LeaveRun;

static guint
alive_processes (ForklineTrace *trace)
{
  guint alive = 0;

  for (guint i = 0; trace != NULL && i < forkline_trace_get_n_processes (trace); i++)
    {
      const ForklineProcess *p = forkline_trace_get_process (trace, i);

      alive += p->pid != 0 && p->exit_ns == FORKLINE_TIME_OPEN;
    }
  return alive;
}

static gboolean
leave_mid_run_cb (gpointer data)
{
  LeaveRun *leave = data;
  ForklineWindow *self = leave->window;

  /* start-join: main and two children, both asleep */
  g_assert_nonnull (self->client);
  g_assert_true (forkline_engine_client_get_running (self->client));
  g_assert_cmpuint (alive_processes (self->trace), ==, 3);
  save_screenshot_as (self, "quit-mid-run.png", FALSE);

  switch (leave->how)
    {
    case LEAVE_QUIT:
      g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
      break;
    case LEAVE_CLOSE:
      gtk_window_close (GTK_WINDOW (self));
      break;
    case LEAVE_CRASH:
      kill (getpid (), SIGKILL);
      break;
    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

static void
lessons_loaded_cb (ForklineWindow *self,
                   LeaveRun       *leave)
{
  const char * const settings[] = { "sleep=3", NULL };

  leave->window = self;
  run_lesson (self, "start-join", settings, 1.0, FALSE);
  g_timeout_add (1500, leave_mid_run_cb, leave);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window,
                 LeaveRun       *leave)
{
  g_signal_connect (window, "lessons-loaded", G_CALLBACK (lessons_loaded_cb), leave);
}

/* In a child process the app runs as `forkline` does (g_application_run),
 * starts start-join (two children sleep 3 s) and 1.5 s in quits, closes
 * its window or dies; the test then looks for anything left running. */
static void
test_leave_mid_run (gconstpointer data)
{
  Leave how = GPOINTER_TO_INT (data);
  g_autofree char *mark = NULL;
  g_autoptr(GArray) left = NULL;
  guint patience;

  if (g_test_subprocess ())
    {
      LeaveRun leave = { NULL, how };

      /* main() drops it at the end */
      app = forkline_application_new ();
      g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &leave);
      g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
      return;
    }

  mark = g_strdup_printf ("%d-%" G_GINT64_FORMAT, getpid (), g_get_monotonic_time ());
  g_setenv (MARK_VARIABLE, mark, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv (MARK_VARIABLE);
  if (how == LEAVE_CRASH)
    g_test_trap_assert_failed ();
  else
    g_test_trap_assert_passed ();

  /* Quitting waits for the engine, so nothing may be left the moment the
   * app is gone.  After a crash the kernel signals the engine at once, but
   * the engine needs a moment to stop its workers. */
  patience = how == LEAVE_CRASH ? 50 : 0;
  left = marked_pids (mark);
  for (guint tries = 0; left->len > 0 && tries < patience; tries++)
    {
      g_usleep (100 * 1000);
      g_array_unref (left);
      left = marked_pids (mark);
    }
  for (guint i = 0; i < left->len; i++)
    {
      g_printerr ("still running afterwards: %d\n", g_array_index (left, int, i));
      kill (g_array_index (left, int, i), SIGKILL);
    }
  g_assert_cmpuint (left->len, ==, 0);
}

/* ---- set-up ---- */

static const Lesson pool_map = { "pool-map", { "tasks=9", NULL }, "pool-map", 9 };
static const Lesson queue_fixed = { "queue", { "fixed=1", NULL }, "queue-fixed", -1 };

static const EngineFault missing = { NULL, "Forkline cannot run lessons: ", FALSE };
static const EngineFault damaged = { "damaged", "The engine sent a damaged stream", TRUE };
static const EngineFault fails = { "fails", "The engine stopped with an error: forkline-engine: the lesson could not start", FALSE };
static const EngineFault crash = { "crash", "The engine crashed", TRUE };
static const EngineFault warns = { "warns", "Finished, with a warning from the engine: The kernel dropped", TRUE };

/* Removes a folder the test made, with what is in it. */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* What a learner does with the listing: change a line, Run, see the
 * change in the console and each process's line; the edits are kept in
 * the user's data folder, never over the lesson; Revert brings it back. */
static void
test_edited_listing (void)
{
  g_autofree char *edits = g_build_filename (g_get_user_data_dir (), "forkline", "edited",
                                             "process-start-edited.py", NULL);
  ForklineWindow *self = window_new ();
  ForklineListingEditor *editor;
  GtkTextBuffer *buffer;
  g_autofree char *listing = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *kept = NULL;
  const ForklinePrint *prints;
  const char *ran_from = NULL;
  guint n_prints = 0, n_done = 0;
  char *at;

  g_assert_true (forkline_lesson_panel_select_lesson (self->lesson_panel, "process-start"));
  editor = forkline_lesson_panel_get_editor (self->lesson_panel);
  buffer = forkline_listing_editor_get_buffer (editor);
  listing = forkline_listing_editor_get_text (editor);
  g_assert_false (forkline_listing_editor_get_edited (editor));
  g_assert_nonnull ((at = strstr (listing, "Finished sleeping")));

  /* typed over: "Finished" becomes "Done" */
  {
    GtkTextIter a, b;

    gtk_text_buffer_get_iter_at_offset (buffer, &a, g_utf8_pointer_to_offset (listing, at));
    gtk_text_buffer_get_iter_at_offset (buffer, &b, g_utf8_pointer_to_offset (listing, at) + strlen ("Finished"));
    gtk_text_buffer_delete (buffer, &a, &b);
    gtk_text_buffer_insert (buffer, &a, "Done", -1);
  }
  g_assert_true (forkline_listing_editor_get_edited (editor));

  run_lesson (self, "process-start", NULL, 0.02, TRUE);

  /* the edited program ran, from the user's data folder */
  g_assert_true (g_file_get_contents (edits, &kept, NULL, NULL));
  g_assert_nonnull (strstr (kept, "Done sleeping"));
  g_assert_nonnull (forkline_trace_get_source (self->trace, &ran_from));
  g_assert_cmpstr (ran_from, ==, edits);
  prints = forkline_trace_get_prints (self->trace, &n_prints);
  for (guint i = 0; i < n_prints; i++)
    {
      g_assert_null (strstr (prints[i].text, "Finished sleeping"));
      if (g_str_has_prefix (prints[i].text, "Done sleeping"))
        {
          n_done++;
          /* selecting the print puts its process's dot on the print's line */
          forkline_view_state_set_selected_event (self->view_state, prints[i].event);
          g_assert_nonnull (strstr (forkline_listing_editor_get_marks_text (editor), "on line 12"));
        }
    }
  g_assert_cmpuint (n_done, ==, 2);
  forkline_view_state_set_selected_event (self->view_state, FORKLINE_NO_EVENT);
  g_assert_cmpstr (forkline_listing_editor_get_marks_text (editor), ==, "");
  edited = forkline_listing_editor_get_text (editor);
  g_assert_nonnull (strstr (edited, "Done sleeping"));
  g_assert_true (forkline_listing_editor_get_edited (editor));

  /* the edits outlive the window */
  window_close (self);
  self = window_new ();
  g_assert_true (forkline_lesson_panel_select_lesson (self->lesson_panel, "process-start"));
  editor = forkline_lesson_panel_get_editor (self->lesson_panel);
  g_assert_true (forkline_listing_editor_get_edited (editor));
  g_free (edited);
  edited = forkline_listing_editor_get_text (editor);
  g_assert_nonnull (strstr (edited, "Done sleeping"));

  forkline_listing_editor_revert (editor);
  g_free (edited);
  edited = forkline_listing_editor_get_text (editor);
  g_assert_cmpstr (edited, ==, listing);
  g_assert_false (forkline_listing_editor_get_edited (editor));
  g_assert_false (g_file_test (edits, G_FILE_TEST_EXISTS));
  window_close (self);
}

/* A learner's own program: opened (as `forkline FILE.py` or Open does), it
 * is shown and nothing runs until Run; then it runs from where it is, with
 * its own name; what cannot be a program is refused with one line, and
 * what was shown stays. */
static void
test_open_script (void)
{
  g_autofree char *dir = out_path ("script-test");
  g_autofree char *path = g_build_filename (dir, "squares.py", NULL);
  g_autofree char *not_file = g_build_filename (dir, "folder.py", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_new_for_path (not_file);
  const char *program =
    "import multiprocessing as mp\n"
    "\n"
    "def square(n):\n"
    "    return n * n\n"
    "\n"
    "if __name__ == '__main__':\n"
    "    with mp.Pool(2) as pool:\n"
    "        print('squares', pool.map(square, range(5)))\n";
  ForklineWindow *self;
  const ForklinePrint *prints;
  const char *ran_from = NULL;
  gboolean finished = FALSE;
  guint n_prints = 0;
  gulong handler;

  g_assert_no_errno (g_mkdir_with_parents (not_file, 0755));
  g_assert_true (g_file_set_contents (path, program, -1, NULL));
  self = window_new ();
  forkline_window_open_file (self, file);
  g_assert_cmpstr (forkline_lesson_panel_get_script (self->lesson_panel), ==, path);
  g_assert_null (forkline_lesson_panel_get_lesson (self->lesson_panel));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (self)), ==, "squares.py");
  g_assert_null (self->client);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (self), "run"));

  /* a folder is no program: one line, the program stays shown */
  forkline_window_open_file (self, folder);
  g_assert_nonnull (banner_text (self));
  g_assert_nonnull (strstr (banner_text (self), "is not a file"));
  g_assert_cmpstr (forkline_lesson_panel_get_script (self->lesson_panel), ==, path);

  handler = g_signal_connect (self, "run-finished", G_CALLBACK (run_finished_cb), &finished);
  forkline_lesson_panel_set_speed (self->lesson_panel, 0.05);
  g_action_group_activate_action (G_ACTION_GROUP (self), "run", NULL);
  wait_until (is_set, &finished, RUN_TIMEOUT_S, "the program to finish");
  g_signal_handler_disconnect (self, handler);

  g_assert_nonnull (forkline_trace_get_source (self->trace, &ran_from));
  g_assert_cmpstr (ran_from, ==, path);
  g_assert_true (forkline_trace_get_lesson_end (self->trace)->ended);
  prints = forkline_trace_get_prints (self->trace, &n_prints);
  g_assert_cmpuint (n_prints, ==, 1);
  g_assert_cmpstr (prints[0].text, ==, "squares [0, 1, 4, 9, 16]");
  /* multiprocessing's names, whichever worker forked first */
  {
    gboolean named = FALSE;

    for (guint i = 0; i < forkline_trace_get_n_processes (self->trace); i++)
      named |= g_strcmp0 (forkline_trace_get_process (self->trace, i)->name, "ForkPoolWorker-1") == 0;
    g_assert_true (named);
  }

  /* picking a lesson leaves the program */
  g_assert_true (forkline_lesson_panel_select_lesson (self->lesson_panel, "pool-map"));
  g_assert_null (forkline_lesson_panel_get_script (self->lesson_panel));
  window_close (self);
  g_remove (path);
  g_rmdir (not_file);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Tests never touch the user's settings, and can read what the app
   * remembered: a private key file, shared with the child processes. */
  if (!g_test_subprocess ())
    {
      config = g_dir_make_tmp ("forkline-window-test-XXXXXX", NULL);
      g_setenv ("XDG_CONFIG_HOME", config, TRUE);
      data = g_build_filename (config, "data", NULL);
      g_setenv ("XDG_DATA_HOME", data, TRUE);
      g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
    }
  out_dir = g_strdup (g_getenv ("TEST_OUT_DIR") ? g_getenv ("TEST_OUT_DIR") : g_get_tmp_dir ());
  g_mkdir_with_parents (out_dir, 0755);

  if (!gtk_init_check ())
    {
      g_printerr ("no display: skipped\n");
      return 77;
    }

  g_test_add_data_func ("/window/lesson/pool-map", &pool_map, test_lesson_end_to_end);
  g_test_add_data_func ("/window/lesson/queue-fixed", &queue_fixed, test_lesson_end_to_end);
  g_test_add_func ("/window/lesson/edited-listing", test_edited_listing);
  g_test_add_func ("/window/script/open-and-run", test_open_script);
  g_test_add_data_func ("/window/engine/missing", &missing, test_engine_fault);
  g_test_add_data_func ("/window/engine/damaged", &damaged, test_engine_fault);
  g_test_add_data_func ("/window/engine/fails", &fails, test_engine_fault);
  g_test_add_data_func ("/window/engine/crash", &crash, test_engine_fault);
  g_test_add_data_func ("/window/engine/warns", &warns, test_engine_fault);
  g_test_add_data_func ("/window/leave-mid-run/quit", GINT_TO_POINTER (LEAVE_QUIT), test_leave_mid_run);
  g_test_add_data_func ("/window/leave-mid-run/close", GINT_TO_POINTER (LEAVE_CLOSE), test_leave_mid_run);
  g_test_add_data_func ("/window/leave-mid-run/crash", GINT_TO_POINTER (LEAVE_CRASH), test_leave_mid_run);

  status = g_test_run ();

  if (app != NULL && !g_test_subprocess ())
    g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  g_free (out_dir);
  if (config != NULL)
    remove_tree (config);
  return status;
}

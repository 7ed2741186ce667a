/* forkline-window-test.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hooks for the end-to-end tests, driven by environment variables, so the
 * tests exercise the real app (real engine, real window) and read its own
 * state:
 *
 *   FORKLINE_TEST_AUTORUN=LESSON[:k=v,k=v]  run this lesson once lessons load
 *   FORKLINE_TEST_SPEED=F                   the engine's --speed (default 0.05)
 *   FORKLINE_TEST_SAVE=PATH                 save the received bytes when done
 *   FORKLINE_TEST_EXPORT=PATH               export the run as the Export dialog
 *                                           would (1920×1080, whole run)
 *   FORKLINE_TEST_SCREENSHOT=PATH           save the window as a PNG when done
 *                                           (or when quitting mid-run)
 *   FORKLINE_TEST_QUIT_AFTER_MS=N           quit N ms into the run (mid-run)
 *   FORKLINE_TEST_CRASH=1                   with QUIT_AFTER_MS: die by SIGKILL
 *   FORKLINE_TEST_CLOSE=1                   with QUIT_AFTER_MS: close the window
 *                                           instead of quitting
 *   FORKLINE_TEST_SHOWN_LESSON=1            report the lesson shown once the
 *                                           lessons load, and quit
 *   FORKLINE_TEST_OPENED=1                  report a trace file opened with
 *                                           `forkline FILE`, screenshot, quit
 *   FORKLINE_TEST_REPLAY=1                  with OPENED: step the replay from
 *                                           the start to the end and report
 *   FORKLINE_TEST_PRESENT=1                 with OPENED: presentation mode,
 *                                           replay halfway, then screenshot
 *
 * Results go to stdout as one "forkline-test: key=value …" line.
 */

#include "config.h"

#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "forkline-renderer.h"
#include "forkline-window-private.h"
# include "forkline-flow-view.h"

static gboolean
quit_cb (gpointer user_data)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (user_data));

  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
save_screenshot (ForklineWindow *self,
                 const char     *path)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL || renderer == NULL)
    {
      g_printerr ("forkline-test: nothing to screenshot\n");
      return;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("forkline-test: could not write %s\n", path);
}

/* Selecting a console line selects its event for every view, and
 * selecting an event elsewhere selects its console line: both through the
 * shared view state. */
static const char *
check_selection_sync (ForklineWindow *self)
{
  const ForklinePrint *prints;
  guint n = 0;

  prints = forkline_trace_get_prints (self->trace, &n);
  if (n == 0)
    return "no-prints";

  forkline_console_select_line (self->console, n - 1);
  if (forkline_view_state_get_selected_event (self->view_state) != prints[n - 1].event)
    return "console-to-state-failed";
  if (forkline_console_get_details_title (self->console)[0] == '\0')
    return "details-empty";

  forkline_view_state_set_selected_event (self->view_state, prints[0].event);
  if (forkline_console_get_selected_line (self->console) != 0)
    return "state-to-console-failed";

  forkline_view_state_set_selected_event (self->view_state, FORKLINE_NO_EVENT);
  if (forkline_console_get_selected_line (self->console) != -1)
    return "unselect-failed";

  /* leave the last line selected for the screenshot */
  forkline_view_state_set_selected_event (self->view_state, prints[n - 1].event);
  return "ok";
}

/* Zoom actions change the shared range; a click on a process lane where
 * the process printed selects an event there and the details describe it. */
static const char *
check_navigation (ForklineWindow *self)
{
  ForklineView view;
  g_autofree ForklineLane *lanes = NULL;
  const ForklinePrint *prints;
  guint n_lanes = 0, n_prints = 0;
  guint64 width;
  guint event;

  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-fit", NULL);
  width = forkline_view_state_get_visible_end (self->view_state) -
          forkline_view_state_get_visible_start (self->view_state);
  if (forkline_view_state_get_visible_start (self->view_state) > forkline_view_state_get_run_start (self->view_state) ||
      forkline_view_state_get_visible_end (self->view_state) < forkline_trace_get_end_time (self->trace))
    return "fit-does-not-show-the-run";

  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-in", NULL);
  if (forkline_view_state_get_visible_end (self->view_state) -
      forkline_view_state_get_visible_start (self->view_state) >= width)
    return "zoom-in-did-not-narrow";
  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-out", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-out", NULL);
  if (forkline_view_state_get_visible_end (self->view_state) -
      forkline_view_state_get_visible_start (self->view_state) <= width)
    return "zoom-out-did-not-widen";
  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-fit", NULL);

  prints = forkline_trace_get_prints (self->trace, &n_prints);
  if (n_prints == 0)
    return "ok";

  forkline_timeline_view_get_view (self->timeline, &view);
  lanes = forkline_renderer_get_lanes (self->trace, &view, &n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    {
      if (lanes[i].kind != FORKLINE_LANE_PROCESS || lanes[i].index != prints[0].proc)
        continue;

      event = forkline_timeline_view_select_at (self->timeline,
                                                forkline_renderer_x_at_time (&view, prints[0].time_ns),
                                                lanes[i].y + lanes[i].height / 2);
      if (event == FORKLINE_NO_EVENT)
        return "click-selected-nothing";
      if (forkline_console_get_details_title (self->console)[0] == '\0')
        return "click-left-details-empty";
      return "ok";
    }

  return "no-lane-for-the-printing-process";
}

/* Something clickable in the flow diagram (found where its last frame
 * put it): activating it selects its event for the timeline, console and
 * details alike. */
static const char *
check_flow_click (ForklineWindow *self)
{
  ForklineFlowView *flow = FORKLINE_FLOW_VIEW (self->flow_view);
  int width = gtk_widget_get_width (self->flow_view);
  int height = gtk_widget_get_height (self->flow_view);
  guint event = FORKLINE_FLOW_NO_EVENT;

  for (int y = 0; y < height && event == FORKLINE_FLOW_NO_EVENT; y += 4)
    for (int x = 0; x < width && event == FORKLINE_FLOW_NO_EVENT; x += 4)
      event = forkline_flow_view_event_at (flow, x, y);
  if (event == FORKLINE_FLOW_NO_EVENT)
    return "nothing-clickable";

  forkline_view_state_set_selected_event (self->view_state, FORKLINE_NO_EVENT);
  g_signal_emit_by_name (flow, "event-activated", event);
  if (forkline_view_state_get_selected_event (self->view_state) != event)
    return "not-selected";
  if (forkline_console_get_details_title (self->console)[0] == '\0')
    return "details-empty";
  forkline_view_state_set_selected_event (self->view_state, FORKLINE_NO_EVENT);
  return "ok";
}

static gboolean
screenshot_and_quit_cb (gpointer user_data)
{
  ForklineWindow *self = user_data;
  const char *shot = g_getenv ("FORKLINE_TEST_SCREENSHOT");

  if (shot != NULL)
    save_screenshot (self, shot);
  g_idle_add (quit_cb, self);
  return G_SOURCE_REMOVE;
}

static gboolean
finish_cb (gpointer user_data)
{
  ForklineWindow *self = user_data;
  const char *save = g_getenv ("FORKLINE_TEST_SAVE");
  const ForklineLessonEnd *end = forkline_trace_get_lesson_end (self->trace);
  const GError *stream_error = forkline_trace_get_stream_error (self->trace);
  g_autoptr(GBytes) bytes = self->client ? forkline_engine_client_get_bytes (self->client) : NULL;
  guint n_prints = 0, n_messages = 0, n_tasks = 0, n_processes = 0;

  forkline_trace_get_prints (self->trace, &n_prints);
  forkline_trace_get_messages (self->trace, &n_messages);
  forkline_trace_get_tasks (self->trace, &n_tasks);
  for (guint i = 0; i < forkline_trace_get_n_processes (self->trace); i++)
    if (forkline_trace_get_process (self->trace, i)->pid != 0)
      n_processes++;

  if (save != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!_forkline_window_save_to (self, save, &error))
        g_printerr ("forkline-test: save failed: %s\n", error->message);
    }

  if (g_getenv ("FORKLINE_TEST_EXPORT") != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!_forkline_window_export_to (self, g_getenv ("FORKLINE_TEST_EXPORT"), 1920, 1080, 1.0, TRUE, &error))
        g_print ("forkline-test: export failed: %s\n", error->message);
      else
        g_print ("forkline-test: exported\n");
    }

  g_print ("forkline-test: navigation=%s\n", check_navigation (self));
  g_print ("forkline-test: flow-click=%s\n", check_flow_click (self));
  g_print ("forkline-test: selection-sync=%s\n", check_selection_sync (self));
  /* selecting panned the timeline to each selection: the screenshot shows
   * the whole run */
  g_action_group_activate_action (G_ACTION_GROUP (self), "zoom-fit", NULL);

  g_print ("forkline-test: lesson=%s events=%u prints=%u console=%u messages=%u tasks=%u "
           "processes=%u cpus=%u bytes=%" G_GSIZE_FORMAT " ended=%d result=%d stream-error=%s banner=%s\n",
           self->last_lesson ? self->last_lesson : "",
           forkline_trace_get_n_events (self->trace),
           n_prints,
           forkline_console_get_n_lines (self->console),
           n_messages, n_tasks, n_processes,
           forkline_trace_get_n_cpus (self->trace),
           bytes ? g_bytes_get_size (bytes) : (gsize)0,
           end->ended, end->result,
           stream_error ? "yes" : "no",
           gtk_revealer_get_reveal_child (self->banner_revealer) ? "shown" : "hidden");
  fflush (stdout);

  /* a frame for the selection to show, then the picture */
  g_timeout_add (300, screenshot_and_quit_cb, self);
  return G_SOURCE_REMOVE;
}

void
_forkline_window_test_run_finished (ForklineWindow *self)
{
  if (g_getenv ("FORKLINE_TEST_AUTORUN") == NULL)
    return;

  /* Let a few frames draw the final state before the screenshot. */
  g_timeout_add (500, finish_cb, self);
}

static gboolean
finish_without_run_cb (gpointer user_data)
{
  ForklineWindow *self = user_data;
  const char *shot = g_getenv ("FORKLINE_TEST_SCREENSHOT");

  if (shot != NULL)
    save_screenshot (self, shot);
  g_print ("forkline-test: no-run banner=%s\n",
           gtk_revealer_get_reveal_child (self->banner_revealer) ? "shown" : "hidden");
  fflush (stdout);
  g_idle_add (quit_cb, self);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_mid_run_cb (gpointer user_data)
{
  ForklineWindow *self = user_data;
  guint alive = 0;

  /* lesson processes that have started and not exited yet */
  for (guint i = 0; self->trace && i < forkline_trace_get_n_processes (self->trace); i++)
    {
      const ForklineProcess *p = forkline_trace_get_process (self->trace, i);

      if (p->pid != 0 && p->exit_ns == FORKLINE_TIME_OPEN)
        alive++;
    }

  g_print ("forkline-test: quitting-mid-run engine-pid=%d running=%d processes=%u events=%u\n",
           self->client ? (int)forkline_engine_client_get_pid (self->client) : 0,
           self->client ? forkline_engine_client_get_running (self->client) : 0,
           alive,
           self->trace ? forkline_trace_get_n_events (self->trace) : 0);
  fflush (stdout);
  if (g_getenv ("FORKLINE_TEST_SCREENSHOT") != NULL)
    save_screenshot (self, g_getenv ("FORKLINE_TEST_SCREENSHOT"));
  /* A crash gives no chance to stop anything: the kernel must. */
  if (g_strcmp0 (g_getenv ("FORKLINE_TEST_CRASH"), "1") == 0)
    kill (getpid (), SIGKILL);
  if (g_strcmp0 (g_getenv ("FORKLINE_TEST_CLOSE"), "1") == 0)
    gtk_window_close (GTK_WINDOW (self));
  else
    quit_cb (self);
  return G_SOURCE_REMOVE;
}

void
_forkline_window_test_lessons_loaded (ForklineWindow *self)
{
  const char *autorun = g_getenv ("FORKLINE_TEST_AUTORUN");
  const char *speed_text = g_getenv ("FORKLINE_TEST_SPEED");
  const char *quit_after = g_getenv ("FORKLINE_TEST_QUIT_AFTER_MS");
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) settings = NULL;
  double speed = speed_text ? g_ascii_strtod (speed_text, NULL) : 0.05;

  if (g_getenv ("FORKLINE_TEST_SHOWN_LESSON") != NULL)
    {
      ForklineLesson *lesson = forkline_lesson_panel_get_lesson (self->lesson_panel);

      g_print ("forkline-test: shown-lesson=%s\n", lesson ? forkline_lesson_get_id (lesson) : "");
      fflush (stdout);
      g_idle_add (quit_cb, self);
      return;
    }

  if (autorun == NULL || self->last_lesson != NULL)
    return;

  parts = g_strsplit (autorun, ":", 2);
  if (!forkline_lesson_panel_select_lesson (self->lesson_panel, parts[0]))
    {
      g_printerr ("forkline-test: no lesson %s\n", parts[0]);
      g_idle_add (quit_cb, self);
      return;
    }

  if (parts[1] != NULL)
    {
      settings = g_strsplit (parts[1], ",", -1);
      for (guint i = 0; settings[i] != NULL; i++)
        forkline_lesson_panel_apply_setting (self->lesson_panel, settings[i]);
    }

  forkline_lesson_panel_set_speed (self->lesson_panel, speed);
  /* Through the real action, as a click on Run would. */
  g_action_group_activate_action (G_ACTION_GROUP (self), "run", NULL);

  if (quit_after != NULL)
    g_timeout_add (atoi (quit_after), quit_mid_run_cb, self);
}


/* Errors go to stdout for the tests to read; when the lessons could not
 * even be listed nothing else will happen, so the test run ends here. */
void
_forkline_window_test_error_shown (ForklineWindow *self,
                                   const char     *message)
{
  if (g_getenv ("FORKLINE_TEST_AUTORUN") == NULL && g_getenv ("FORKLINE_TEST_OPENED") == NULL)
    return;

  g_print ("forkline-test: error: %s\n", message);
  fflush (stdout);

  if (self->lessons == NULL && g_getenv ("FORKLINE_TEST_AUTORUN") != NULL)
    g_timeout_add (300, finish_without_run_cb, self);
}

/* Replay: from the start, one event at a time, the console only grows and
 * ends with every line of the run; one step back leaves the end again. */
static void
check_replay (ForklineWindow *self)
{
  guint steps = 0, start_lines, prev, n_events = forkline_trace_get_n_events (self->trace);
  gboolean monotonic = TRUE;
  gboolean back_ok;

  forkline_view_state_set_cutoff (self->view_state, 0);
  start_lines = prev = forkline_console_get_n_lines (self->console);

  while (forkline_view_state_get_cutoff (self->view_state) != FORKLINE_TIME_OPEN &&
         steps <= n_events)
    {
      guint lines;

      g_action_group_activate_action (G_ACTION_GROUP (self), "replay-step-forward", NULL);
      steps++;
      lines = forkline_console_get_n_lines (self->console);
      if (lines < prev)
        monotonic = FALSE;
      prev = lines;
    }

  g_action_group_activate_action (G_ACTION_GROUP (self), "replay-step-back", NULL);
  back_ok = forkline_view_state_get_cutoff (self->view_state) != FORKLINE_TIME_OPEN;
  forkline_view_state_set_cutoff (self->view_state, FORKLINE_TIME_OPEN);

  g_print ("forkline-test: replay steps=%u start-lines=%u end-lines=%u monotonic=%d back=%d\n",
           steps, start_lines, prev, monotonic, back_ok);
  fflush (stdout);
}

static gboolean
replay_playing_cb (gpointer user_data)
{
  ForklineWindow *self = user_data;

  if (forkline_replay_bar_get_playing (self->replay_bar))
    return G_SOURCE_CONTINUE;

  g_print ("forkline-test: replay-played end=%d lines=%u\n",
           forkline_view_state_get_cutoff (self->view_state) == FORKLINE_TIME_OPEN,
           forkline_console_get_n_lines (self->console));
  fflush (stdout);
  g_timeout_add (300, screenshot_and_quit_cb, self);
  return G_SOURCE_REMOVE;
}

void
_forkline_window_test_opened (ForklineWindow *self)
{
  guint n_prints = 0;

  if (g_getenv ("FORKLINE_TEST_OPENED") == NULL)
    return;

  if (self->trace != NULL)
    forkline_trace_get_prints (self->trace, &n_prints);
  g_print ("forkline-test: opened events=%u prints=%u console=%u title=%s banner=%s\n",
           self->trace ? forkline_trace_get_n_events (self->trace) : 0, n_prints,
           forkline_console_get_n_lines (self->console),
           gtk_window_get_title (GTK_WINDOW (self)),
           gtk_revealer_get_reveal_child (self->banner_revealer) ? "shown" : "hidden");
  fflush (stdout);

  if (g_strcmp0 (g_getenv ("FORKLINE_TEST_REPLAY"), "1") == 0)
    {
      check_replay (self);
      /* then play it through at 10×, as the Play button does */
      forkline_view_state_set_cutoff (self->view_state, 0);
      forkline_replay_bar_set_rate (self->replay_bar, 10.0);
      g_action_group_activate_action (G_ACTION_GROUP (self), "replay-play", NULL);
      g_timeout_add (50, replay_playing_cb, self);
      return;
    }

  if (g_strcmp0 (g_getenv ("FORKLINE_TEST_PRESENT"), "1") == 0)
    {
      guint64 start = forkline_view_state_get_run_start (self->view_state);

      g_action_group_change_action_state (G_ACTION_GROUP (self), "presentation",
                                          g_variant_new_boolean (TRUE));
      /* halfway through the lesson */
      forkline_view_state_set_cutoff (self->view_state,
                                      start + (forkline_trace_get_end_time (self->trace) - start) / 2);
      g_timeout_add (1500, screenshot_and_quit_cb, self);
      return;
    }

  g_timeout_add (500, screenshot_and_quit_cb, self);
}

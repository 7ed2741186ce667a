/* forkline-window-actions.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <math.h>
#include <stdio.h>

#include "forkline-engine-launch.h"
#include "forkline-window-private.h"
# include "forkline-export-image.h"

static void
set_enabled (ForklineWindow *self,
             const char     *name,
             gboolean        enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
_forkline_window_update_actions (ForklineWindow *self)
{
  gboolean running = self->client != NULL && forkline_engine_client_get_running (self->client);
  gboolean have_lesson = forkline_lesson_panel_get_lesson (self->lesson_panel) != NULL ||
                         forkline_lesson_panel_get_script (self->lesson_panel) != NULL;
  gboolean have_trace = self->trace != NULL && forkline_trace_get_n_events (self->trace) > 0;
  GAction *follow;

  set_enabled (self, "run", have_lesson && !running);
  set_enabled (self, "stop", running);
  set_enabled (self, "run-again", self->last_args != NULL && !running);
  set_enabled (self, "save", self->trace != NULL);
  set_enabled (self, "export", have_trace);

  {
    GAction *presentation = g_action_map_lookup_action (G_ACTION_MAP (self), "presentation");

    if (presentation != NULL)
      g_simple_action_set_state (G_SIMPLE_ACTION (presentation), g_variant_new_boolean (self->presenting));
  }

  {
    gboolean replayable = self->trace != NULL && !running && forkline_trace_get_n_events (self->trace) > 0;

    set_enabled (self, "replay-play", replayable);
    set_enabled (self, "replay-step-forward", replayable);
    set_enabled (self, "replay-step-back", replayable);
  }

  follow = g_action_map_lookup_action (G_ACTION_MAP (self), "follow-live");
  if (follow != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (follow),
                               g_variant_new_boolean (forkline_view_state_get_follow_live (self->view_state)));
}

static char *
run_status (const char * const *settings,
            gboolean            edited)
{
  g_autofree char *joined = settings && settings[0] ? g_strjoinv (" ", (char **) settings) : NULL;

  if (edited)
    return joined ? g_strdup_printf ("Running your edited program · %s", joined)
                  : g_strdup ("Running your edited program…");
  return joined ? g_strdup_printf ("Running · %s", joined) : g_strdup ("Running…");
}

static void
run_cb (GSimpleAction *action,
        GVariant      *param,
        gpointer       user_data)
{
  ForklineWindow *self = user_data;
  ForklineLesson *lesson = forkline_lesson_panel_get_lesson (self->lesson_panel);
  const char *script = forkline_lesson_panel_get_script (self->lesson_panel);
  double speed = forkline_lesson_panel_get_speed (self->lesson_panel);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *status = NULL;
  g_auto(GStrv) settings = NULL;
  g_auto(GStrv) args = NULL;

  if (lesson == NULL && script == NULL)
    return;

  /* the edits are written first: a run of a file that did not reach the
   * disk would run something else */
  listing = forkline_lesson_panel_prepare_run (self->lesson_panel, &error);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf ("Your edited program could not be saved, so nothing ran: %s",
                                                  error->message);

      _forkline_window_show_banner (self, message, TRUE);
      return;
    }

  if (script != NULL)
    {
      g_autofree char *folder = listing != NULL ? g_path_get_dirname (script) : NULL;

      args = forkline_engine_script_args (listing ? listing : script, folder, speed);
      status = run_status (NULL, listing != NULL);
    }
  else
    {
      settings = forkline_lesson_panel_get_settings (self->lesson_panel);
      args = forkline_engine_run_args (forkline_lesson_get_id (lesson), (const char * const *) settings,
                                       speed, listing);
      status = run_status ((const char * const *) settings, listing != NULL);
    }
  _forkline_window_run (self, (const char * const *) args, status);
}

/* The last run's arguments, without an edited listing that Revert has
 * since removed (the lesson's own listing runs then). */
static GStrv
again_args (ForklineWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; self->last_args[i] != NULL; i++)
    {
      if (g_str_equal (self->last_args[i], "--listing") && self->last_args[i + 1] != NULL &&
          !g_file_test (self->last_args[i + 1], G_FILE_TEST_IS_REGULAR))
        {
          i++;
          continue;
        }
      g_strv_builder_add (builder, self->last_args[i]);
    }
  return g_strv_builder_end (builder);
}

static void
run_again_cb (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  ForklineWindow *self = user_data;
  g_auto(GStrv) args = NULL;
  g_autofree char *status = NULL;

  if (self->last_args == NULL)
    return;
  args = again_args (self);
  status = g_strdup (self->last_status);
  _forkline_window_run (self, (const char * const *) args, status);
}

static void
stop_cb (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  _forkline_window_stop (user_data);
}

static void
open_response_cb (ForklineWindow       *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        forkline_window_open_file (self, file);
    }
  g_object_unref (chooser);
}

/* @what: 1 saved runs, 2 Python programs, 3 both */
static GtkFileFilter *
open_filter (const char *name,
             guint       what)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (what & 1)
    {
      gtk_file_filter_add_pattern (filter, "*.forkline");
      gtk_file_filter_add_mime_type (filter, "application/x-forkline-trace");
    }
  if (what & 2)
    {
      gtk_file_filter_add_pattern (filter, "*.py");
      gtk_file_filter_add_mime_type (filter, "text/x-python");
      gtk_file_filter_add_mime_type (filter, "text/x-python3");
    }
  return filter;
}

static void
open_cb (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  ForklineWindow *self = user_data;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) both = open_filter ("Saved runs and Python programs", 3);
  g_autoptr(GtkFileFilter) runs = open_filter ("Saved runs (.forkline)", 1);
  g_autoptr(GtkFileFilter) programs = open_filter ("Python programs (.py)", 2);

  chooser = gtk_file_chooser_native_new ("Open a Saved Run or a Python Program", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), both);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), runs);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), programs);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The chooser selects only the stem of the suggested name: typing
 * "slide.png" over it leaves "slide.png.png".  Nobody means that. */
static char *
chosen_path (GtkFileChooser *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
  char *path = file ? g_file_get_path (file) : NULL;
  const char *dot = path ? strrchr (path, '.') : NULL;

  if (dot != NULL && dot - path > 0)
    {
      gsize ext_len = strlen (dot);
      gsize len = strlen (path);

      if (len > 2 * ext_len && strncmp (path + len - 2 * ext_len, dot, ext_len) == 0)
        path[len - ext_len] = '\0';
    }
  return path;
}

static void
save_response_cb (ForklineWindow       *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = chosen_path (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (path != NULL && !_forkline_window_save_to (self, path, &error))
        {
          g_autofree char *message = g_strdup_printf ("The run could not be saved: %s", error->message);
          _forkline_window_show_banner (self, message, TRUE);
        }
      else if (path != NULL)
        {
          g_autofree char *base = g_filename_display_basename (path);
          g_autofree char *message = g_strdup_printf ("Saved %s. Open it again (Ctrl+O) to replay it.", base);
          _forkline_window_show_banner (self, message, FALSE);
        }
    }
  g_object_unref (chooser);
}

static char *
suggested_name (ForklineWindow *self,
                const char     *extension)
{
  const char *lesson = "run";
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M");

  if (self->trace != NULL && forkline_trace_get_header (self->trace)->lesson_id[0] != '\0')
    lesson = forkline_trace_get_header (self->trace)->lesson_id;
  return g_strdup_printf ("%s-%s.%s", lesson, stamp, extension);
}

static void
save_cb (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  ForklineWindow *self = user_data;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = open_filter ("Forkline runs", 1);
  g_autofree char *name = suggested_name (self, "forkline");

  chooser = gtk_file_chooser_native_new ("Save the Run", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}


/* The Export dialog's work, without the dialog (also for the tests). */
gboolean
_forkline_window_export_to (ForklineWindow  *self,
                            const char      *path,
                            int              width,
                            int              height,
                            double           scale,
                            gboolean         whole_run,
                            GError         **error)
{
  if (self->trace == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "There is no run to export yet");
      return FALSE;
    }

  {
    ForklineView view;

    forkline_timeline_view_get_view (self->timeline, &view);
    return forkline_export_write_file (self->trace, whole_run ? NULL : &view,
                                       path, width, height, scale,
                                       forkline_theme_to_string (view.theme), FORKLINE_EXPORT_LAYOUT_TIMELINE, error);
  }
}

static void
export_response_cb (ForklineWindow       *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *range, *size, *scale_text;
  int width = 1920, height = 1080;
  double scale;
  gboolean ok;

  if (response != GTK_RESPONSE_ACCEPT || self->trace == NULL)
    {
      g_object_unref (chooser);
      return;
    }

  path = chosen_path (GTK_FILE_CHOOSER (chooser));
  range = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "range");
  size = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "size");
  scale_text = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "scale");
  if (size != NULL)
    sscanf (size, "%dx%d", &width, &height);
  if (scale_text == NULL || g_strcmp0 (scale_text, "screen") == 0)
    scale = forkline_view_state_get_scale (self->view_state);
  else
    scale = g_ascii_strtod (scale_text, NULL);
  if (scale <= 0)
    scale = 1.0;

  if (path == NULL)
    {
      g_object_unref (chooser);
      return;
    }

  ok = _forkline_window_export_to (self, path, width, height, scale,
                                   g_strcmp0 (range, "view") != 0, &error);

  if (!ok)
    {
      g_autofree char *message = g_strdup_printf ("The image could not be exported: %s", error->message);
      _forkline_window_show_banner (self, message, TRUE);
    }
  else
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf ("Exported %s.", base);
      _forkline_window_show_banner (self, message, FALSE);
    }

  g_object_unref (chooser);
}

static void
export_cb (GSimpleAction *action,
           GVariant      *param,
           gpointer       user_data)
{
  ForklineWindow *self = user_data;
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;
  g_autofree char *name = suggested_name (self, "png");
  static const char *range_ids[] = { "whole", "view", NULL };
  static const char *range_labels[] = { "The whole run", "The current view", NULL };
  static const char *size_ids[] = { "1920x1080", "1280x720", "2560x1440", "3840x2160", NULL };
  static const char *size_labels[] = { "1920 × 1080", "1280 × 720", "2560 × 1440", "3840 × 2160", NULL };
  /* GTK 4.8's file chooser ignores set_choice: the first option is the
   * default, and the best default is the picture the room sees now (a
   * presentation draws larger) */
  static const char *scale_ids[] = { "screen", "1", "1.5", "2", "3", NULL };
  static const char *scale_labels[] = { "As on screen", "Text 100%", "Text 150%", "Text 200%", "Text 300%", NULL };

  chooser = gtk_file_chooser_native_new ("Export the Timeline", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, "Images (PNG, SVG, PDF) and Perfetto JSON");
  gtk_file_filter_add_pattern (filter, "*.png");
  gtk_file_filter_add_pattern (filter, "*.svg");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "range", "Show",
                               range_ids, range_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "range", "whole");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "size", "Size",
                               size_ids, size_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "size", "1920x1080");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "scale", "Scale",
                               scale_ids, scale_labels);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
zoom_in_cb (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  ForklineWindow *self = user_data;

  forkline_view_state_zoom (self->view_state, 1.5, 0.5);
}

static void
zoom_out_cb (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  ForklineWindow *self = user_data;

  forkline_view_state_zoom (self->view_state, 1 / 1.5, 0.5);
}

static void
zoom_fit_cb (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  ForklineWindow *self = user_data;

  forkline_view_state_zoom_to_fit (self->view_state);
}

static void
follow_live_cb (GSimpleAction *action,
                GVariant      *state,
                gpointer       user_data)
{
  ForklineWindow *self = user_data;

  forkline_view_state_set_follow_live (self->view_state, g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

static void
theme_cb (GSimpleAction *action,
          GVariant      *state,
          gpointer       user_data)
{
  ForklineWindow *self = user_data;

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "theme", g_variant_get_string (state, NULL));
  g_simple_action_set_state (action, state);
}

static void
presentation_cb (GSimpleAction *action,
                 GVariant      *state,
                 gpointer       user_data)
{
  _forkline_window_set_presentation (user_data, g_variant_get_boolean (state));
}

static void
replay_play_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  ForklineWindow *self = user_data;

  forkline_replay_bar_toggle (self->replay_bar);
}

static void
replay_step_forward_cb (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  ForklineWindow *self = user_data;

  forkline_replay_bar_step (self->replay_bar, 1);
}

static void
replay_step_back_cb (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  ForklineWindow *self = user_data;

  forkline_replay_bar_step (self->replay_bar, -1);
}

static void
dismiss_banner_cb (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  _forkline_window_hide_banner (user_data);
}

static const GActionEntry win_actions[] = {
  { .name = "run", .activate = run_cb },
  { .name = "stop", .activate = stop_cb },
  { .name = "run-again", .activate = run_again_cb },
  { .name = "open", .activate = open_cb },
  { .name = "save", .activate = save_cb },
  { .name = "export", .activate = export_cb },
  { .name = "zoom-in", .activate = zoom_in_cb },
  { .name = "zoom-out", .activate = zoom_out_cb },
  { .name = "zoom-fit", .activate = zoom_fit_cb },
  { .name = "follow-live", .state = "true", .change_state = follow_live_cb },
  { .name = "theme", .parameter_type = "s", .state = "'system'", .change_state = theme_cb },
  { .name = "dismiss-banner", .activate = dismiss_banner_cb },
  { .name = "presentation", .state = "false", .change_state = presentation_cb },
  { .name = "replay-play", .activate = replay_play_cb },
  { .name = "replay-step-forward", .activate = replay_step_forward_cb },
  { .name = "replay-step-back", .activate = replay_step_back_cb },
};

void
_forkline_window_actions_init (ForklineWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  if (self->settings != NULL)
    {
      g_autofree char *theme = g_settings_get_string (self->settings, "theme");
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "theme");
      g_autoptr(GAction) size = g_settings_create_action (self->settings, "presentation-scale");

      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (theme));
      /* The main menu's Presentation Size: takes effect at once, even while
       * presenting. */
      g_action_map_add_action (G_ACTION_MAP (self), size);
      g_signal_connect_object (self->settings, "changed::presentation-scale",
                               G_CALLBACK (_forkline_window_apply_presentation_scale), self,
                               G_CONNECT_SWAPPED);
    }
  else
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "theme");

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), FALSE);
    }

  _forkline_window_update_actions (self);
}

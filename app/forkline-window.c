/* forkline-window.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "forkline-engine-launch.h"
#include "forkline-event-describe.h"
#include "forkline-renderer.h"
#include "forkline-window-private.h"
# include "forkline-flow-view.h"

G_DEFINE_FINAL_TYPE (ForklineWindow, forkline_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  LESSONS_LOADED,
  RUN_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_VIEW_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static ForklineApplication *
get_app (ForklineWindow *self)
{
  return FORKLINE_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static gboolean
hide_banner_cb (gpointer user_data)
{
  ForklineWindow *self = user_data;

  self->banner_timeout = 0;
  _forkline_window_hide_banner (self);
  return G_SOURCE_REMOVE;
}

/* Errors stay until dismissed; news ("Saved …") goes by itself. */
void
_forkline_window_show_banner (ForklineWindow *self,
                              const char     *message,
                              gboolean        is_error)
{
  g_clear_handle_id (&self->banner_timeout, g_source_remove);
  gtk_label_set_text (self->banner_label, message);
  gtk_image_set_from_icon_name (self->banner_icon,
                                is_error ? "dialog-warning-symbolic" : "dialog-information-symbolic");
  if (is_error)
    {
      gtk_widget_add_css_class (self->banner, "error");
    }
  else
    {
      gtk_widget_remove_css_class (self->banner, "error");
      self->banner_timeout = g_timeout_add_seconds (4, hide_banner_cb, self);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

void
_forkline_window_hide_banner (ForklineWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

/* Dark or light as the style really is (GTK_THEME, settings.ini, the
 * theme key): judged from the text colour the window ends up with. */
static gboolean
style_is_dark (ForklineWindow *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA fg;

  gtk_style_context_get_color (context, &fg);
  return 0.299 * fg.red + 0.587 * fg.green + 0.114 * fg.blue > 0.5;
}

static void
update_theme (ForklineWindow *self)
{
  ForklineApplication *app = get_app (self);
  ForklineTheme theme;

  if (app == NULL)
    return;

  theme = forkline_application_get_theme (app);
  /* on a projector or in a video call, contrast beats the desktop's style */
  if (self->presenting)
    theme = FORKLINE_THEME_CONTRAST;
  else if (theme != FORKLINE_THEME_CONTRAST)
    theme = style_is_dark (self) ? FORKLINE_THEME_DARK : FORKLINE_THEME_LIGHT;
  forkline_view_state_set_theme (self->view_state, theme);
}

/* Escape leaves presentation mode, unless it stops a running lesson first
 * (the stop accelerator takes it then). */
static gboolean
key_pressed_cb (ForklineWindow        *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Escape && self->presenting)
    {
      g_action_group_change_action_state (G_ACTION_GROUP (self), "presentation",
                                          g_variant_new_boolean (FALSE));
      return TRUE;
    }
  return FALSE;
}

/* Lanes, arrows and text at the presentation size (1 outside it). */
void
_forkline_window_apply_presentation_scale (ForklineWindow *self)
{
  double scale = 1.0;

  if (self->presenting)
    scale = self->settings ? g_settings_get_double (self->settings, "presentation-scale") : 2.0;

  if (self->presentation_css == NULL)
    {
      self->presentation_css = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                  GTK_STYLE_PROVIDER (self->presentation_css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    }

  {
    /* Text in the console, captions and details grows with the lanes,
     * though less: the timeline is what the room must read. */
    g_autofree char *css = g_strdup_printf ("window.presentation { font-size: %d%%; }",
                                            (int)(100 * (1 + (scale - 1) / 2)));
    gtk_css_provider_load_from_data (self->presentation_css, css, -1);
  }

  forkline_view_state_set_scale (self->view_state, scale);
}

void
_forkline_window_set_presentation (ForklineWindow *self,
                                   gboolean        presenting)
{
  presenting = !!presenting;
  if (self->presenting == presenting)
    return;
  self->presenting = presenting;

  _forkline_window_apply_presentation_scale (self);

  if (presenting)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_fullscreen (GTK_WINDOW (self));
      /* fullscreen hides the header bar: say how to come back */
      _forkline_window_show_banner (self, "Presentation mode. Press F5 or Escape to leave it.", FALSE);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->lesson_panel), !presenting);

  /* the room reads the timeline, not the console: give it the height */
  if (presenting)
    {
      int height = gtk_widget_get_height (GTK_WIDGET (self->content_paned));

      self->content_position = gtk_paned_get_position (self->content_paned);
      if (height > 0)
        gtk_paned_set_position (self->content_paned, height - MAX (180, height / 4));
    }
  else if (self->content_position > 0)
    gtk_paned_set_position (self->content_paned, self->content_position);
  update_theme (self);
  _forkline_window_update_actions (self);
}

static const char *
method_caption (ForklineMethod method)
{
  switch (method)
    {
    case FORKLINE_METHOD_PERF_SWITCH:
      return "CPU lanes are exact: every context switch, from the kernel (perf_event_open)";
    case FORKLINE_METHOD_PROC_SAMPLED:
      return "CPU lanes are sampled from /proc 1000 times a second: short runs on a CPU may be missed";
    case FORKLINE_METHOD_NONE:
    default:
      return "CPU lanes are not available for this run";
    }
}

static void
vadjustment_changed_cb (ForklineWindow *self,
                        GtkAdjustment  *adj)
{
  gtk_widget_set_visible (GTK_WIDGET (self->timeline_scrollbar),
                          gtk_adjustment_get_upper (adj) - gtk_adjustment_get_lower (adj) >
                          gtk_adjustment_get_page_size (adj) + 1);
}

static void
update_captions (ForklineWindow *self)
{
  const ForklineTraceHeader *header;
  g_autofree char *duration = NULL;
  g_autofree char *stats = NULL;
  guint n_processes = 0;

  if (self->trace == NULL)
    {
      gtk_label_set_text (self->method_label, "Choose a lesson and press Run to watch its processes.");
      gtk_label_set_text (self->stats_label, "");
      return;
    }

  header = forkline_trace_get_header (self->trace);
  if (header->has_header && forkline_trace_get_no_data_ns (self->trace) > 0)
    {
      g_autofree char *lost = forkline_format_duration (forkline_trace_get_no_data_ns (self->trace));
      g_autofree char *caption = g_strdup_printf ("%s — except %s with no data: the kernel dropped records "
                                                  "(the CPUs were too busy for the engine to keep up)",
                                                  method_caption (header->method), lost);

      gtk_label_set_text (self->method_label, caption);
    }
  else if (header->has_header)
    gtk_label_set_text (self->method_label, method_caption (header->method));
  else
    gtk_label_set_text (self->method_label, "Waiting for the engine…");

  for (guint i = 0; i < forkline_trace_get_n_processes (self->trace); i++)
    if (forkline_trace_get_process (self->trace, i)->pid != 0)
      n_processes++;

  duration = forkline_format_duration (MAX (forkline_trace_get_end_time (self->trace),
                                            forkline_view_state_get_now (self->view_state)));
  stats = g_strdup_printf ("%u processes · %u CPUs · %u events · %s",
                           n_processes, forkline_trace_get_n_cpus (self->trace),
                           forkline_trace_get_n_events (self->trace), duration);
  gtk_label_set_text (self->stats_label, stats);
}

static void
update_title (ForklineWindow *self,
              const char     *status)
{
  ForklineLesson *lesson = forkline_lesson_panel_get_lesson (self->lesson_panel);
  g_autofree char *script_title = NULL;
  const char *title = "Forkline";

  if (self->opened_name != NULL)
    title = self->opened_name;
  else if (forkline_lesson_panel_get_script (self->lesson_panel) != NULL &&
           (self->trace == NULL || forkline_trace_get_header (self->trace)->title[0] == '\0'))
    title = script_title = g_path_get_basename (forkline_lesson_panel_get_script (self->lesson_panel));
  else if (self->trace != NULL && forkline_trace_get_header (self->trace)->title[0] != '\0')
    title = forkline_trace_get_header (self->trace)->title;
  else if (lesson != NULL)
    title = forkline_lesson_get_title (lesson);

  gtk_label_set_text (self->title_label, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (status != NULL)
    gtk_label_set_text (self->subtitle_label, status);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label),
                          gtk_label_get_text (self->subtitle_label)[0] != '\0');
}

/* Captions change with every batch and every frame while live; a label
 * that changes text re-lays out the window, so a few times a second is
 * plenty. */
static void
update_captions_soon (ForklineWindow *self)
{
  gint64 t = g_get_monotonic_time ();

  if (t - self->captions_updated_us > G_USEC_PER_SEC / 4 ||
      !forkline_view_state_get_live (self->view_state))
    {
      self->captions_updated_us = t;
      update_captions (self);
    }
}

static void
trace_changed_cb (ForklineWindow *self,
                  ForklineTrace  *trace)
{
  update_captions_soon (self);
}

static void
view_state_notify_cb (ForklineWindow *self,
                      GParamSpec     *pspec,
                      ForklineViewState *state)
{
  if (g_strcmp0 (pspec->name, "now") == 0)
    update_captions_soon (self);
  if (g_strcmp0 (pspec->name, "follow-live") == 0 ||
      g_strcmp0 (pspec->name, "live") == 0 ||
      g_strcmp0 (pspec->name, "trace") == 0)
    {
      _forkline_window_update_actions (self);
      /* a finished or opened run can be replayed; a live one cannot */
      gtk_revealer_set_reveal_child (self->replay_revealer,
                                     self->trace != NULL &&
                                     !forkline_view_state_get_live (state) &&
                                     forkline_trace_get_n_events (self->trace) > 0);
    }
}

/* A click on a message, cell, task or process in the flow diagram selects
 * its event for every view. */
static void
flow_event_activated_cb (ForklineWindow   *self,
                         guint             event,
                         ForklineFlowView *flow_view)
{
  forkline_view_state_set_selected_event (self->view_state, event);
  /* a click on the timeline selects what it shows; one here may not be */
  if (self->trace != NULL && event < forkline_trace_get_n_events (self->trace))
    forkline_view_state_reveal_time (self->view_state, forkline_trace_get_event_time (self->trace, event));
}

void
_forkline_window_set_trace (ForklineWindow *self,
                            ForklineTrace  *trace)
{
  if (self->trace != NULL)
    g_signal_handlers_disconnect_by_func (self->trace, trace_changed_cb, self);

  g_set_object (&self->trace, trace);

  if (trace != NULL)
    g_signal_connect_object (trace, "changed", G_CALLBACK (trace_changed_cb),
                             self, G_CONNECT_SWAPPED);

  forkline_view_state_set_trace (self->view_state, trace);
  update_captions (self);
  _forkline_window_update_actions (self);
}

static void
client_finished_cb (ForklineWindow       *self,
                    gboolean              ok,
                    const char           *message,
                    ForklineEngineClient *client)
{
  const ForklineLessonEnd *end;
  g_autofree char *status = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *warnings = NULL;

  if (client != self->client)
    return;

  /* The run's own end, not the clock's, so the fit ends where it did. */
  forkline_view_state_set_now (self->view_state, forkline_trace_get_end_time (self->trace));
  forkline_view_state_set_live (self->view_state, FALSE);

  end = forkline_trace_get_lesson_end (self->trace);
  duration = forkline_format_duration (forkline_trace_get_end_time (self->trace));

  if (!ok && message != NULL)
    {
      _forkline_window_show_banner (self, message, TRUE);
      status = g_strdup_printf ("Failed after %s", duration);
    }
  else if (end->ended && end->result == FORKLINE_RESULT_TIMEOUT)
    {
      g_autofree char *text = end->summary[0]
        ? g_strdup_printf ("The lesson was stopped by its time limit. %s", end->summary)
        : g_strdup_printf ("The lesson was stopped by its time limit after %s.", duration);
      _forkline_window_show_banner (self, text, FALSE);
      status = g_strdup_printf ("Stopped by its time limit after %s", duration);
    }
  else if (end->ended && end->result == FORKLINE_RESULT_ERROR)
    {
      gboolean program = g_strcmp0 (forkline_trace_get_header (self->trace)->lesson_id, "script") == 0;
      g_autofree char *text = g_strdup_printf ("The %s ended with an error%s%s",
                                               program ? "program" : "lesson",
                                               end->summary[0] ? ": " : ".", end->summary);
      _forkline_window_show_banner (self, text, TRUE);
      status = g_strdup_printf ("Ended with an error after %s", duration);
    }
  else if (end->ended && end->result == FORKLINE_RESULT_INTERRUPTED)
    status = g_strdup_printf ("Stopped after %s", duration);
  else if (end->ended && (warnings = forkline_engine_client_get_warnings (client)) != NULL)
    {
      /* what the engine warned of (records lost, perf refused) stays on
       * screen: it says how far the picture can be trusted */
      g_autofree char *text = g_strdup_printf ("Finished, with a warning from the engine: %s.", warnings);

      _forkline_window_show_banner (self, text, TRUE);
      status = g_strdup_printf ("Finished in %s", duration);
    }
  else if (end->ended)
    status = g_strdup_printf ("Finished in %s", duration);
  else
    status = g_strdup_printf ("Stopped after %s", duration);

  update_title (self, status);
  update_captions (self);
  _forkline_window_update_actions (self);
  g_signal_emit (self, signals[RUN_FINISHED], 0);
}

void
_forkline_window_run (ForklineWindow     *self,
                      const char * const *args,
                      const char         *status)
{
  g_autoptr(ForklineTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) own_args = g_strdupv ((char **) args);
  g_autofree char *own_status = g_strdup (status);

  g_return_if_fail (args != NULL);

  if (self->client != NULL && forkline_engine_client_get_running (self->client))
    forkline_engine_client_stop_sync (self->client, 2000);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, client_finished_cb, self);
  g_clear_object (&self->client);
  g_clear_pointer (&self->opened_name, g_free);
  _forkline_window_hide_banner (self);

  /* args may be last_args themselves (Run again) */
  g_strfreev (self->last_args);
  self->last_args = g_steal_pointer (&own_args);
  g_free (self->last_status);
  self->last_status = g_steal_pointer (&own_status);

  trace = forkline_trace_new ();
  _forkline_window_set_trace (self, trace);

  self->client = forkline_engine_client_new ();
  g_signal_connect_object (self->client, "finished", G_CALLBACK (client_finished_cb),
                           self, G_CONNECT_SWAPPED);

  if (!forkline_engine_client_start (self->client, (const char * const *) self->last_args, trace, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        message = g_strdup_printf ("Forkline cannot run lessons: %s.", error->message);
      else
        message = g_strdup_printf ("The engine could not be started: %s", error->message);
      _forkline_window_show_banner (self, message, TRUE);
      g_clear_object (&self->client);
      update_title (self, "Not running");
      _forkline_window_update_actions (self);
      return;
    }

  forkline_view_state_set_live (self->view_state, TRUE);
  update_title (self, self->last_status);
  _forkline_window_update_actions (self);
}

void
_forkline_window_stop (ForklineWindow *self)
{
  if (self->client != NULL)
    forkline_engine_client_stop (self->client);
}

void
forkline_window_stop_engine_sync (ForklineWindow *self)
{
  g_return_if_fail (FORKLINE_IS_WINDOW (self));

  if (self->client != NULL)
    forkline_engine_client_stop_sync (self->client, 3000);
}

static void save_window_state (ForklineWindow *self);

void
forkline_window_shutdown (ForklineWindow *self)
{
  g_return_if_fail (FORKLINE_IS_WINDOW (self));

  forkline_window_stop_engine_sync (self);
  save_window_state (self);
}

gboolean
_forkline_window_save_to (ForklineWindow  *self,
                          const char      *path,
                          GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;

  if (self->trace == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "There is no run to save yet");
      return FALSE;
    }

  /* A live run is saved exactly as the engine sent it. */
  if (self->client != NULL && forkline_engine_client_get_trace (self->client) == self->trace)
    {
      bytes = forkline_engine_client_get_bytes (self->client);
      return g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes), error);
    }

  return forkline_trace_save (self->trace, path, error);
}

/* The model names the file by its base name; a banner names it whole, so
 * "passwd" is never mistaken for a file beside the runs. */
static void
show_open_error (ForklineWindow *self,
                 GFile          *file,
                 const GError   *error)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *where = g_file_get_parse_name (file);
  g_autofree char *message = NULL;

  if (error == NULL)
    message = g_strdup_printf ("%s holds no events.", where);
  else if (base != NULL && g_str_has_prefix (error->message, base))
    message = g_strconcat (where, error->message + strlen (base), NULL);
  else
    message = g_strdup (error->message);
  _forkline_window_show_banner (self, message, TRUE);
}

/* The opened run is of no lesson this engine has (a Python program, or a
 * lesson since removed): the panel names it instead of another's text. */
static void
show_opened_program (ForklineWindow *self)
{
  const char *title = self->trace != NULL ? forkline_trace_get_header (self->trace)->title : "";

  forkline_lesson_panel_show_program (self->lesson_panel, *title ? title : "an unknown program");
}

#define MAX_PROGRAM_BYTES (4 << 20)   /* what the tracer tells of a source */

/* A Python program is shown, with its name, and runs when the user
 * presses Run; what is wrong with one is said, and what was shown stays. */
static void
open_program (ForklineWindow *self,
              const char     *path)
{
  g_autofree char *where = g_filename_display_name (path);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GStatBuf st;
  gsize length = 0;

  if (g_stat (path, &st) != 0)
    message = g_strdup_printf ("%s cannot be opened: %s.", where, g_strerror (errno));
  else if (!S_ISREG (st.st_mode))
    message = g_strdup_printf ("%s is not a file; open a Python program (.py) or a saved run (.forkline).", where);
  else if (st.st_size > MAX_PROGRAM_BYTES)
    {
      g_autofree char *size = g_format_size (st.st_size);

      message = g_strdup_printf ("%s is %s, larger than a program Forkline shows (4 MiB).", where, size);
    }
  else if (!g_file_get_contents (path, &text, &length, &error))
    message = g_strdup_printf ("%s cannot be read: %s.", where, error->message);
  else if (!g_utf8_validate_len (text, length, NULL))
    message = g_strdup_printf ("%s is not UTF-8 text, so it is not a Python program Forkline can show.", where);

  if (message != NULL)
    {
      _forkline_window_show_banner (self, message, TRUE);
      return;
    }

  _forkline_window_hide_banner (self);
  g_clear_pointer (&self->opened_name, g_free);
  forkline_lesson_panel_show_script (self->lesson_panel, path, text);
  update_title (self, "Press Run to trace it");
  _forkline_window_update_actions (self);
}

void
forkline_window_open_file (ForklineWindow *self,
                           GFile          *file)
{
  g_autoptr(ForklineTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  g_autofree char *duration = NULL;

  g_return_if_fail (FORKLINE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      _forkline_window_show_banner (self, "Only local trace files can be opened.", TRUE);
      return;
    }

  if (g_str_has_suffix (path, ".py") || g_str_has_suffix (path, ".pyw"))
    {
      open_program (self, path);
      return;
    }

  trace = forkline_trace_new_from_file (path, &error);

  /* An unreadable or foreign file holds no run: what the window showed
   * (even a lesson still running) stays. */
  if (trace == NULL || forkline_trace_get_n_events (trace) == 0)
    {
      show_open_error (self, file, error);
      return;
    }

  if (self->client != NULL)
    {
      forkline_engine_client_stop_sync (self->client, 2000);
      g_signal_handlers_disconnect_by_func (self->client, client_finished_cb, self);
      g_clear_object (&self->client);
    }

  /* a cut file opens with what was intact, and says so */
  if (error != NULL)
    show_open_error (self, file, error);
  else
    _forkline_window_hide_banner (self);

  forkline_view_state_set_live (self->view_state, FALSE);
  _forkline_window_set_trace (self, trace);
  /* The panel explains the run on screen, and Run again runs the same
   * lesson; a program that is no lesson is named, with no lesson's text. */
  if (!forkline_lesson_panel_select_lesson (self->lesson_panel,
                                            forkline_trace_get_header (trace)->lesson_id))
    show_opened_program (self);
  forkline_view_state_set_now (self->view_state, forkline_trace_get_end_time (trace));
  forkline_view_state_zoom_to_fit (self->view_state);

  g_free (self->opened_name);
  self->opened_name = g_file_get_basename (file);

  duration = forkline_format_duration (forkline_trace_get_end_time (trace));
  if (forkline_trace_get_header (trace)->lesson_id[0] != '\0')
    status = g_strdup_printf ("Saved run of %s · %s", forkline_trace_get_header (trace)->lesson_id, duration);
  else
    status = g_strdup_printf ("Saved run · %s", duration);
  update_title (self, status);
}

static gboolean
drop_cb (ForklineWindow *self,
         const GValue   *value,
         double          x,
         double          y,
         GtkDropTarget  *target)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;

  forkline_window_open_file (self, files->data);
  return TRUE;
}

static void
lesson_changed_cb (ForklineWindow      *self,
                   GParamSpec          *pspec,
                   ForklineLessonPanel *panel)
{
  ForklineLesson *lesson = forkline_lesson_panel_get_lesson (panel);

  if (lesson != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "last-lesson", forkline_lesson_get_id (lesson));

  if (self->client == NULL || !forkline_engine_client_get_running (self->client))
    update_title (self, NULL);
  _forkline_window_update_actions (self);
}

/* Without a list of lessons nothing can run: say why, in the banner and
 * where the lesson would be explained, instead of "Loading lessons…". */
static void
lessons_unavailable (ForklineWindow *self,
                     const char     *message)
{
  _forkline_window_show_banner (self, message, TRUE);
  forkline_lesson_panel_set_unavailable (self->lesson_panel, message);
  g_signal_emit (self, signals[LESSONS_LOADED], 0);
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ForklineWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autoptr(GListModel) lessons = NULL;
  g_autofree char *last = NULL;
  GSubprocess *subprocess = G_SUBPROCESS (object);

  if (!g_subprocess_communicate_utf8_finish (subprocess, result, &stdout_text, &stderr_text, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lessons_unavailable (self, error->message);
      return;
    }

  if (!g_subprocess_get_successful (subprocess) || stdout_text == NULL)
    {
      g_autofree char *message = g_strdup_printf ("The engine could not list its lessons%s%s",
                                                  stderr_text && *stderr_text ? ": " : ".",
                                                  stderr_text ? g_strstrip (stderr_text) : "");
      lessons_unavailable (self, message);
      return;
    }

  lessons = forkline_lessons_parse_json (stdout_text, -1, &error);
  if (lessons == NULL)
    {
      g_autofree char *message = g_strdup_printf ("The engine’s list of lessons could not be read: %s",
                                                  error->message);
      lessons_unavailable (self, message);
      return;
    }

  /* Read before the panel shows the list: showing it selects the first
   * lesson, which would overwrite the remembered one.  A run opened from a
   * file shows its own lesson. */
  if (self->opened_name != NULL && self->trace != NULL &&
      forkline_trace_get_header (self->trace)->lesson_id[0] != '\0')
    last = g_strdup (forkline_trace_get_header (self->trace)->lesson_id);
  else if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-lesson");
  else
    last = g_strdup ("pool-map");
  g_set_object (&self->lessons, lessons);
  forkline_lesson_panel_set_lessons (self->lesson_panel, lessons);
  /* an opened program stays until a lesson is picked */
  if (forkline_lesson_panel_get_script (self->lesson_panel) == NULL &&
      !forkline_lesson_panel_select_lesson (self->lesson_panel, last) && self->opened_name != NULL)
    show_opened_program (self);

  update_title (self, NULL);
  _forkline_window_update_actions (self);
  g_signal_emit (self, signals[LESSONS_LOADED], 0);
}

static void
load_lessons (ForklineWindow *self)
{
  static const char * const args[] = { "list", "--json", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  subprocess = forkline_engine_spawn (launcher, args, &error);
  if (subprocess == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Forkline cannot run lessons: %s.", error->message);

      lessons_unavailable (self, message);
      return;
    }

  g_subprocess_communicate_utf8_async (subprocess, NULL, self->cancellable,
                                       list_done_cb, g_object_ref (self));
}

static void
save_window_state (ForklineWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);

  if (self->settings != NULL && !gtk_window_is_fullscreen (window))
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
}

static gboolean
forkline_window_close_request (GtkWindow *window)
{
  ForklineWindow *self = FORKLINE_WINDOW (window);

  forkline_window_stop_engine_sync (self);
  save_window_state (self);

  return GTK_WINDOW_CLASS (forkline_window_parent_class)->close_request (window);
}

/* Share the width out by the window's size: on a small screen the
 * timeline must not be left a sliver between the sidebar and the flow
 * diagram.  Later resizes go to the timeline (the other panes keep
 * their width). */
static void
place_panes (ForklineWindow *self,
             int             width)
{
  int sidebar, content, flow;

  if (width <= 0)
    return;

  sidebar = CLAMP (width * 24 / 100, 300, 370);
  content = width - sidebar;
  flow = CLAMP (content * 30 / 100, 260, 420);
  gtk_paned_set_position (self->main_paned, sidebar);
  gtk_paned_set_position (self->timeline_paned, content - flow);
}

/* "application" is set after construction, so what needs the app (its
 * settings, its style) is attached here, from forkline_window_new(). */
static void
attach_application (ForklineWindow      *self,
                    ForklineApplication *app)
{
  self->settings = forkline_application_get_settings (app);
  if (self->settings != NULL)
    {
      g_object_ref (self->settings);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      place_panes (self, g_settings_get_int (self->settings, "window-width"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_settings_bind (self->settings, "speed", self->lesson_panel, "speed", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "replay-rate", self->replay_bar, "rate", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::theme",
                               G_CALLBACK (update_theme), self, G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-application-prefer-dark-theme",
                           G_CALLBACK (update_theme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-theme-name",
                           G_CALLBACK (update_theme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "realize", G_CALLBACK (update_theme), self, G_CONNECT_SWAPPED);
  update_theme (self);

  _forkline_window_actions_init (self);
  load_lessons (self);
}

static void
forkline_window_dispose (GObject *object)
{
  ForklineWindow *self = (ForklineWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->banner_timeout, g_source_remove);
  if (self->client != NULL)
    {
      forkline_engine_client_stop (self->client);
      g_signal_handlers_disconnect_by_func (self->client, client_finished_cb, self);
    }
  g_clear_object (&self->client);
  if (self->trace != NULL)
    g_signal_handlers_disconnect_by_func (self->trace, trace_changed_cb, self);

  /* No gtk_widget_dispose_template() here: GtkWindow itself unparents its
   * child and titlebar, and GTK 4.8 would unparent the bound ones twice. */

  g_clear_object (&self->trace);
  g_clear_object (&self->view_state);
  g_clear_object (&self->lessons);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (forkline_window_parent_class)->dispose (object);
}

static void
forkline_window_finalize (GObject *object)
{
  ForklineWindow *self = (ForklineWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->presentation_css);
  g_strfreev (self->last_args);
  g_free (self->last_status);
  g_free (self->opened_name);

  G_OBJECT_CLASS (forkline_window_parent_class)->finalize (object);
}

static void
forkline_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ForklineWindow *self = FORKLINE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      g_value_set_object (value, self->view_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_window_class_init (ForklineWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = forkline_window_dispose;
  object_class->finalize = forkline_window_finalize;
  object_class->get_property = forkline_window_get_property;

  /* The one state every view in the window follows; the template hands it
   * to them with <binding name="view-state">. */
  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL, FORKLINE_TYPE_VIEW_STATE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = forkline_window_close_request;

  /* The lesson list arrived from the engine (or could not: then the panel
   * says so and Run stays off). */
  signals[LESSONS_LOADED] =
    g_signal_new ("lessons-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A run ended (finished, failed, stopped or crashed) and the window shows
   * its end: title, captions and any error banner are set. */
  signals[RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FORKLINE_TYPE_LESSON_PANEL);
  g_type_ensure (FORKLINE_TYPE_TIMELINE_VIEW);
  g_type_ensure (FORKLINE_TYPE_CONSOLE);
  g_type_ensure (FORKLINE_TYPE_REPLAY_BAR);
  g_type_ensure (FORKLINE_TYPE_FLOW_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/forkline/Forkline/forkline-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, content_paned);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, timeline_paned);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, lesson_panel);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, timeline_scrollbar);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, flow_box);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, flow_view);
  gtk_widget_class_bind_template_callback (widget_class, flow_event_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, console);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, method_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, stats_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, replay_revealer);
  gtk_widget_class_bind_template_child (widget_class, ForklineWindow, replay_bar);
}

static void
forkline_window_init (ForklineWindow *self)
{
  /* before the template: its children bind to it (view-state) */
  self->view_state = forkline_view_state_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_scrollbar_set_adjustment (self->timeline_scrollbar,
                                forkline_timeline_view_get_vadjustment (self->timeline));
  g_signal_connect_object (forkline_timeline_view_get_vadjustment (self->timeline), "changed",
                           G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->timeline_scrollbar), FALSE);

  g_signal_connect_object (self->view_state, "notify", G_CALLBACK (view_state_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lesson_panel, "notify::lesson", G_CALLBACK (lesson_changed_cb),
                           self, G_CONNECT_SWAPPED);

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }

  {
    GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  }

  place_panes (self, 1400);

  gtk_paned_set_position (self->content_paned, 560);
  update_captions (self);
  update_title (self, NULL);
}

ForklineWindow *
forkline_window_new (ForklineApplication *app)
{
  ForklineWindow *self;

  g_return_val_if_fail (FORKLINE_IS_APPLICATION (app), NULL);

  self = g_object_new (FORKLINE_TYPE_WINDOW,
                       "application", app,
                       NULL);
  attach_application (self, app);
  return self;
}

/* forkline-listing-editor.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "forkline-line-marks.h"
#include "forkline-listing-editor.h"
#include "forkline-python-listing.h"

#define SAVE_DELAY_MS 800   /* after the last keystroke */

struct _ForklineListingEditor
{
  GtkWidget          parent_instance;

  /* template children */
  GtkWidget         *root_box;
  GtkWidget         *edited_label;
  GtkWidget         *revert_button;
  GtkSourceView     *view;
  GtkLabel          *marks_label;

  GtkSourceBuffer   *buffer;
  GtkSourceGutterRenderer *marks;
  ForklineViewState *view_state;
  GSignalGroup      *state_signals;

  char              *program_id;
  char              *listing;        /* the shipped listing, with its marks */
  char              *baseline;       /* what counts as unedited: the listing as it ran */
  char              *edits_path;
  char              *ran_text;       /* the text the last Run ran */
  const char        *shown_source;   /* the trace's source last shown */
  guint              save_source;
  gboolean           filling;
  gboolean           keep_text;      /* a user's script: shown as it is, no "#<<" marks */
};

G_DEFINE_FINAL_TYPE (ForklineListingEditor, forkline_listing_editor, GTK_TYPE_WIDGET)

char *
forkline_listing_editor_get_text (ForklineListingEditor *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (FORKLINE_IS_LISTING_EDITOR (self), NULL);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
}

gboolean
forkline_listing_editor_get_edited (ForklineListingEditor *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (FORKLINE_IS_LISTING_EDITOR (self), FALSE);

  if (self->baseline == NULL)
    return FALSE;
  text = forkline_listing_editor_get_text (self);
  return g_strcmp0 (text, self->baseline) != 0;
}

/* A text view validates its lines lazily, so a scrolled window around it
 * cannot know the listing's height up front: ask for the height of all
 * lines so the whole listing shows in the panel's one column. */
static void
fit_height (ForklineListingEditor *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->view));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int line_height = PANGO_PIXELS (pango_font_metrics_get_height (metrics));
  int lines = gtk_text_buffer_get_line_count (GTK_TEXT_BUFFER (self->buffer));

  pango_font_metrics_unref (metrics);
  gtk_widget_set_size_request (GTK_WIDGET (self->view), -1,
                               lines * MAX (line_height, 12) + 16 + 4);
}

static void
update_edited (ForklineListingEditor *self)
{
  gboolean edited = forkline_listing_editor_get_edited (self);

  gtk_widget_set_visible (self->edited_label, edited);
  gtk_widget_set_visible (self->revert_button, edited);
}

/* Shows @text; its "#<<" marks become shaded lines. */
static void
fill (ForklineListingEditor *self,
      const char            *text)
{
  g_autoptr(GArray) marked = NULL;
  g_autofree char *plain = self->keep_text ? g_strdup (text) : forkline_python_listing_strip (text, &marked);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start;

  self->filling = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, plain, -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  for (guint i = 0; marked != NULL && i < marked->len; i++)
    {
      GtkTextIter a, b;

      gtk_text_buffer_get_iter_at_line (buffer, &a, g_array_index (marked, guint, i));
      b = a;
      if (!gtk_text_iter_ends_line (&b))
        gtk_text_iter_forward_to_line_end (&b);
      gtk_text_buffer_apply_tag_by_name (buffer, "marked", &a, &b);
    }
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_buffer_set_modified (buffer, FALSE);
  self->filling = FALSE;
  /* another program: a line picked in the last means nothing here */
  if (self->view_state != NULL)
    forkline_view_state_set_code_line (self->view_state, 0);

  fit_height (self);
  update_edited (self);
}

static gboolean
save_edits (ForklineListingEditor  *self,
            GError                **error)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->edits_path == NULL)
    return TRUE;

  /* back to the listing: nothing is kept */
  if (!forkline_listing_editor_get_edited (self))
    {
      if (g_unlink (self->edits_path) != 0 && errno != ENOENT)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "Cannot remove %s: %s", self->edits_path, g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }

  text = forkline_listing_editor_get_text (self);
  dir = g_path_get_dirname (self->edits_path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  /* written to a temporary file and renamed: a crash keeps the old edits */
  return g_file_set_contents_full (self->edits_path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static void
report_saved (ForklineListingEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!save_edits (self, &error))
    {
      g_autofree char *text = g_strdup_printf ("Edited — not saved: %s", error->message);

      gtk_label_set_text (GTK_LABEL (self->edited_label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->edited_label), "Edited");
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  ForklineListingEditor *self = user_data;

  self->save_source = 0;
  report_saved (self);
  return G_SOURCE_REMOVE;
}

/* What was typed in the last moment is written now (the timer goes:
 * it must never fire on an editor that is gone). */
static void
flush_edits (ForklineListingEditor *self)
{
  if (self->save_source == 0)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  report_saved (self);
}

/* A line the user puts the cursor on (a click, the arrow keys): the
 * timeline shows when each process was on it. */
static void
cursor_moved_cb (ForklineListingEditor *self,
                 GParamSpec            *pspec,
                 GtkTextBuffer         *buffer)
{
  GtkTextIter cursor;

  if (self->filling || self->view_state == NULL || !gtk_widget_has_focus (GTK_WIDGET (self->view)))
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  forkline_view_state_set_code_line (self->view_state, gtk_text_iter_get_line (&cursor) + 1);
}

static void
buffer_changed_cb (ForklineListingEditor *self,
                   GtkTextBuffer         *buffer)
{
  if (self->filling)
    return;
  update_edited (self);
  fit_height (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* The run on screen told the program it ran: show it, if it is this
 * program's and the text is still the one that ran (never over typing). */
/* The trace is of the program shown: the same lesson, or for a script the
 * file that ran (the script or its edited copy). */
static gboolean
trace_is_of_program (ForklineListingEditor *self,
                     ForklineTrace         *trace,
                     const char            *file)
{
  const char *lesson = forkline_trace_get_header (trace)->lesson_id;

  if (self->program_id == NULL)
    return FALSE;
  if (g_str_has_prefix (self->program_id, "script:"))
    return g_strcmp0 (lesson, "script") == 0 &&
           (g_strcmp0 (file, self->program_id + strlen ("script:")) == 0 ||
            g_strcmp0 (file, self->edits_path) == 0);
  return g_strcmp0 (lesson, self->program_id) == 0;
}

/* The run on screen told the program it ran: show it, if it is this
 * program's and never over edits it did not run (typing since, or edits
 * kept from before a saved run is opened). */
static void
show_trace_source (ForklineListingEditor *self)
{
  ForklineTrace *trace = self->view_state ? forkline_view_state_get_trace (self->view_state) : NULL;
  const char *file = NULL;
  const char *source = trace ? forkline_trace_get_source (trace, &file) : NULL;
  g_autofree char *text = NULL;
  gboolean edited;

  if (source == NULL || source == self->shown_source || !trace_is_of_program (self, trace, file))
    return;

  text = forkline_listing_editor_get_text (self);
  edited = forkline_listing_editor_get_edited (self);
  if (self->ran_text != NULL ? g_strcmp0 (text, self->ran_text) != 0 : edited)
    return;

  self->shown_source = source;
  /* unedited, the program as it ran (its constants set) is the listing */
  if (!edited)
    {
      g_free (self->baseline);
      self->baseline = self->keep_text ? g_strdup (source) : forkline_python_listing_strip (source, NULL);
    }
  fill (self, source);
}

static void
update_scheme (ForklineListingEditor *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  ForklineTheme theme = self->view_state ? forkline_view_state_get_theme (self->view_state)
                                         : FORKLINE_THEME_LIGHT;
  const char *id = theme == FORKLINE_THEME_DARK ? "Adwaita-dark"
                 : theme == FORKLINE_THEME_CONTRAST ? "classic"
                 : "Adwaita";
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (manager, id);

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (self->buffer, scheme);
}

static void
state_notify_cb (ForklineListingEditor *self,
                 GParamSpec            *pspec,
                 ForklineViewState     *state)
{
  if (g_strcmp0 (pspec->name, "theme") == 0)
    update_scheme (self);
  else if (g_strcmp0 (pspec->name, "trace") == 0)
    {
      self->shown_source = NULL;
      show_trace_source (self);
    }
}

static void
marks_changed_cb (ForklineListingEditor *self)
{
  const char *text = forkline_line_marks_get_description (FORKLINE_LINE_MARKS (self->marks));

  gtk_label_set_text (self->marks_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->marks_label), text[0] != '\0');
}

static void
revert_clicked_cb (ForklineListingEditor *self)
{
  forkline_listing_editor_revert (self);
}

static void
forkline_listing_editor_dispose (GObject *object)
{
  ForklineListingEditor *self = (ForklineListingEditor *)object;

  /* what was typed in the last moment is kept too */
  flush_edits (self);
  if (self->state_signals != NULL)
    g_signal_group_set_target (self->state_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FORKLINE_TYPE_LISTING_EDITOR);
  g_clear_object (&self->state_signals);
  g_clear_object (&self->view_state);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (forkline_listing_editor_parent_class)->dispose (object);
}

static void
forkline_listing_editor_finalize (GObject *object)
{
  ForklineListingEditor *self = (ForklineListingEditor *)object;

  g_free (self->program_id);
  g_free (self->listing);
  g_free (self->baseline);
  g_free (self->edits_path);
  g_free (self->ran_text);

  G_OBJECT_CLASS (forkline_listing_editor_parent_class)->finalize (object);
}

static void
forkline_listing_editor_class_init (ForklineListingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = forkline_listing_editor_dispose;
  object_class->finalize = forkline_listing_editor_finalize;

  /* once per process, however many editors: its schemes and languages */
  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/forkline/Forkline/forkline-listing-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ForklineListingEditor, root_box);
  gtk_widget_class_bind_template_child (widget_class, ForklineListingEditor, edited_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineListingEditor, revert_button);
  gtk_widget_class_bind_template_child (widget_class, ForklineListingEditor, view);
  gtk_widget_class_bind_template_child (widget_class, ForklineListingEditor, marks_label);
  gtk_widget_class_bind_template_callback (widget_class, revert_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "listingeditor");
}

static void
forkline_listing_editor_init (ForklineListingEditor *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceGutter *gutter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_language (self->buffer,
                                  gtk_source_language_manager_get_language (languages, "python3"));
  /* Translucent: reads on light and dark schemes alike. */
  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "marked",
                              "paragraph-background-rgba", &(GdkRGBA) { 0.96, 0.76, 0.07, 0.30 },
                              NULL);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), GTK_TEXT_BUFFER (self->buffer));
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "notify::cursor-position", G_CALLBACK (cursor_moved_cb),
                           self, G_CONNECT_SWAPPED);

  self->marks = forkline_line_marks_new ();
  gutter = gtk_source_view_get_gutter (self->view, GTK_TEXT_WINDOW_LEFT);
  gtk_source_gutter_insert (gutter, self->marks, -10);
  g_signal_connect_object (self->marks, "notify::description", G_CALLBACK (marks_changed_cb),
                           self, G_CONNECT_SWAPPED);
  marks_changed_cb (self);

  self->state_signals = g_signal_group_new (FORKLINE_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->state_signals, "notify",
                                 G_CALLBACK (state_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->state_signals, "trace-changed",
                                 G_CALLBACK (show_trace_source), self, G_CONNECT_SWAPPED);
  update_scheme (self);
}

GtkWidget *
forkline_listing_editor_new (void)
{
  return g_object_new (FORKLINE_TYPE_LISTING_EDITOR, NULL);
}

void
forkline_listing_editor_set_view_state (ForklineListingEditor *self,
                                        ForklineViewState     *view_state)
{
  g_return_if_fail (FORKLINE_IS_LISTING_EDITOR (self));
  g_return_if_fail (view_state == NULL || FORKLINE_IS_VIEW_STATE (view_state));

  if (!g_set_object (&self->view_state, view_state))
    return;

  g_signal_group_set_target (self->state_signals, view_state);
  forkline_line_marks_set_view_state (FORKLINE_LINE_MARKS (self->marks), view_state);
  update_scheme (self);
  self->shown_source = NULL;
  show_trace_source (self);
}

void
forkline_listing_editor_show (ForklineListingEditor *self,
                              const char            *program_id,
                              const char            *listing,
                              const char            *edits_path)
{
  g_autofree char *edits = NULL;

  g_return_if_fail (FORKLINE_IS_LISTING_EDITOR (self));
  g_return_if_fail (listing != NULL);

  /* the last keystrokes belong to the program shown until now */
  flush_edits (self);

  g_free (self->program_id);
  self->program_id = g_strdup (program_id);
  self->keep_text = program_id != NULL && g_str_has_prefix (program_id, "script:");
  g_free (self->listing);
  self->listing = g_strdup (listing);
  g_free (self->edits_path);
  self->edits_path = g_strdup (edits_path);
  g_clear_pointer (&self->ran_text, g_free);
  g_free (self->baseline);
  self->baseline = self->keep_text ? g_strdup (listing) : forkline_python_listing_strip (listing, NULL);

  if (edits_path != NULL && g_file_get_contents (edits_path, &edits, NULL, NULL) &&
      g_utf8_validate (edits, -1, NULL))
    fill (self, edits);
  else
    fill (self, listing);

  self->shown_source = NULL;
  show_trace_source (self);
}

char *
forkline_listing_editor_prepare_run (ForklineListingEditor  *self,
                                     GError                **error)
{
  g_return_val_if_fail (FORKLINE_IS_LISTING_EDITOR (self), NULL);

  g_free (self->ran_text);
  self->ran_text = forkline_listing_editor_get_text (self);
  /* written (or, back to the listing, removed) before it runs */
  if (!save_edits (self, error) || !forkline_listing_editor_get_edited (self))
    return NULL;
  return g_strdup (self->edits_path);
}

void
forkline_listing_editor_revert (ForklineListingEditor *self)
{
  g_return_if_fail (FORKLINE_IS_LISTING_EDITOR (self));

  if (self->listing == NULL)
    return;

  g_free (self->baseline);
  self->baseline = self->keep_text ? g_strdup (self->listing) : forkline_python_listing_strip (self->listing, NULL);
  fill (self, self->listing);
  /* the file of edits goes with them */
  save_edits (self, NULL);
}

GtkTextBuffer *
forkline_listing_editor_get_buffer (ForklineListingEditor *self)
{
  g_return_val_if_fail (FORKLINE_IS_LISTING_EDITOR (self), NULL);

  return GTK_TEXT_BUFFER (self->buffer);
}

const char *
forkline_listing_editor_get_marks_text (ForklineListingEditor *self)
{
  g_return_val_if_fail (FORKLINE_IS_LISTING_EDITOR (self), "");

  return forkline_line_marks_get_description (FORKLINE_LINE_MARKS (self->marks));
}

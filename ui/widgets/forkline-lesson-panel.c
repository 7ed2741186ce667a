/* forkline-lesson-panel.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "forkline-lesson-panel.h"
#include "forkline-listing-editor.h"

struct _ForklineLessonPanel
{
  GtkWidget         parent_instance;

  /* bound so that gtk_widget_dispose_template() unparents it */
  GtkWidget        *root_box;

  GListModel        *lessons;
  ForklineLesson    *lesson;
  char              *script;          /* a Python program opened instead of a lesson */
  gboolean           setting_model;   /* the dropdown selects as it gets a model */
  GPtrArray         *param_widgets;   /* per param: GtkSpinButton or GtkSwitch */

  ForklineViewState *view_state;

  GtkDropDown       *lesson_dropdown;
  GtkScrolledWindow *content_scroller;
  GtkLabel          *title_label;
  GtkLabel          *explanation_label;
  ForklineListingEditor *editor;
  GtkWidget         *params_heading;
  GtkListBox        *params_list;
  GtkAdjustment     *speed_adjustment;
};

enum {
  PROP_0,
  PROP_LESSON,
  PROP_SPEED,
  PROP_VIEW_STATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ForklineLessonPanel, forkline_lesson_panel, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* Inline markdown-lite: `code`, **bold**, *emphasis*; everything else is
 * escaped text. */
static void
append_inline (GString    *out,
               const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *tag = NULL;
      const char *close = NULL;
      gsize skip = 0;

      if (*p == '`')
        tag = "tt", skip = 1, close = strchr (p + 1, '`');
      else if (p[0] == '*' && p[1] == '*')
        tag = "b", skip = 2, close = strstr (p + 2, "**");
      else if (p[0] == '*' && p[1] != ' ' && p[1] != '\0')
        tag = "i", skip = 1, close = strchr (p + 1, '*');

      if (tag != NULL && close != NULL && close > p + skip)
        {
          g_autofree char *inner = g_strndup (p + skip, close - p - skip);
          g_autofree char *escaped = g_markup_escape_text (inner, -1);

          g_string_append_printf (out, "<%s>%s</%s>", tag, escaped, tag);
          p = close + skip;
          continue;
        }

      {
        const char *next = g_utf8_next_char (p);
        g_autofree char *chunk = g_markup_escape_text (p, next - p);

        g_string_append (out, chunk);
        p = next;
      }
    }
}

char *
forkline_lesson_markup_from_markdown (const char  *markdown,
                                      char       **title)
{
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);
  GString *para = g_string_new (NULL);

  g_return_val_if_fail (markdown != NULL, NULL);

  if (title != NULL)
    *title = NULL;

  lines = g_strsplit (markdown, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (g_str_has_prefix (line, "# ") && title != NULL && *title == NULL)
        {
          *title = g_strdup (line + 2);
          continue;
        }

      if (line[0] == '\0')
        {
          if (para->len > 0)
            {
              if (out->len > 0)
                g_string_append (out, "\n\n");
              append_inline (out, para->str);
              g_string_truncate (para, 0);
            }
          continue;
        }

      if (g_str_has_prefix (line, "#"))
        {
          const char *h = line;

          while (*h == '#')
            h++;
          if (out->len > 0 || para->len > 0)
            g_string_append (para->len ? para : out, "\n\n");
          g_string_append (out, "<b>");
          append_inline (out, g_strstrip ((char *)h));
          g_string_append (out, "</b>");
          continue;
        }

      if (g_str_has_prefix (line, "- ") || g_str_has_prefix (line, "* "))
        {
          if (para->len > 0)
            g_string_append_c (para, '\n');
          g_string_append (para, "• ");
          g_string_append (para, line + 2);
          continue;
        }

      if (para->len > 0)
        g_string_append_c (para, ' ');
      g_string_append (para, line);
    }

  if (para->len > 0)
    {
      if (out->len > 0)
        g_string_append (out, "\n\n");
      append_inline (out, para->str);
    }

  g_string_free (para, TRUE);
  return g_string_free (out, FALSE);
}

static char *
load_resource_text (const char *path)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);

  if (bytes == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
show_texts (ForklineLessonPanel *self)
{
  const char *id = forkline_lesson_get_id (self->lesson);
  g_autofree char *md_path = g_strdup_printf ("/org/forkline/Forkline/lessons/%s.md", id);
  g_autofree char *py_path = g_strdup_printf ("/org/forkline/Forkline/lessons/%s.py", id);
  g_autofree char *md = load_resource_text (md_path);
  g_autofree char *py = load_resource_text (py_path);
  g_autofree char *edits_name = g_strdup_printf ("%s-edited.py", id);
  /* never over the shipped listing; "-" keeps it from shadowing a module */
  g_autofree char *edits_path = g_build_filename (g_get_user_data_dir (), "forkline", "edited",
                                                  edits_name, NULL);
  g_autofree char *title = NULL;
  g_autofree char *markup = NULL;

  if (md != NULL)
    markup = forkline_lesson_markup_from_markdown (md, &title);
  else
    markup = g_markup_escape_text (forkline_lesson_get_summary (self->lesson), -1);

  gtk_label_set_text (self->title_label, title ? title : forkline_lesson_get_title (self->lesson));
  gtk_label_set_markup (self->explanation_label, markup);

  forkline_listing_editor_show (self->editor, id, py ? py : "# (no listing for this lesson)\n", edits_path);
  gtk_widget_set_visible (GTK_WIDGET (self->editor), TRUE);
}

/* The explanation, listing and parameters scroll as one column.  The
 * listing's own scroller (for long lines) and the parameters' spin buttons
 * would swallow the wheel and stop the column (or, worse, change a value
 * under the pointer): vertical wheel turns there scroll the column, unless
 * a spin button is being edited or Shift asks for the listing's sideways
 * scroll. */
static gboolean
column_scroll_cb (GtkEventControllerScroll *controller,
                  double                    dx,
                  double                    dy,
                  ForklineLessonPanel      *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->content_scroller);
  double step = 1.0;

  if (dy == 0 || (state & GDK_SHIFT_MASK) != 0)
    return FALSE;
  if (GTK_IS_SPIN_BUTTON (widget) &&
      (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0)
    return FALSE;

  /* the step GtkScrolledWindow itself takes for a wheel detent */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    step = pow (gtk_adjustment_get_page_size (adj), 2.0 / 3.0);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + dy * step);
  return TRUE;
}

static void
scroll_column_from (ForklineLessonPanel *self,
                    GtkWidget           *widget)
{
  GtkEventController *controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  /* before the widget's own scroll handling sees the event */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (column_scroll_cb), self, 0);
  gtk_widget_add_controller (widget, controller);
}

static char *
param_title (const char *name)
{
  g_autofree char *copy = g_strdup (name);

  for (char *p = copy; *p; p++)
    if (*p == '_' || *p == '-')
      *p = ' ';
  copy[0] = g_ascii_toupper (copy[0]);
  return g_steal_pointer (&copy);
}

static GtkWidget *
make_param_row (ForklineLessonPanel       *self,
                const ForklineLessonParam *param)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *title_text = param_title (param->name);
  GtkWidget *title = gtk_label_new (title_text);
  GtkWidget *control;

  gtk_widget_add_css_class (row, "param-row");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (labels), title);

  if (param->help != NULL && param->help[0] != '\0')
    {
      GtkWidget *help = gtk_label_new (param->help);

      gtk_label_set_xalign (GTK_LABEL (help), 0);
      gtk_label_set_wrap (GTK_LABEL (help), TRUE);
      gtk_widget_add_css_class (help, "dim-label");
      gtk_widget_add_css_class (help, "caption");
      gtk_box_append (GTK_BOX (labels), help);
    }

  if (forkline_lesson_param_is_flag (param))
    {
      control = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (control), param->def != 0);
    }
  else
    {
      double step = param->is_int ? 1 : (param->max - param->min) > 10 ? 0.5 : 0.05;

      control = gtk_spin_button_new_with_range (param->min, param->max, step);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (control), param->is_int ? 0 : 2);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (control), TRUE);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (control), param->def);
    }

  if (GTK_IS_SPIN_BUTTON (control))
    scroll_column_from (self, control);
  gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (control, param->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title_text,
                                  -1);
  gtk_box_append (GTK_BOX (row), labels);
  gtk_box_append (GTK_BOX (row), control);
  g_ptr_array_add (self->param_widgets, control);

  return row;
}

static void
build_params (ForklineLessonPanel *self)
{
  GtkWidget *child;
  guint n = self->lesson ? forkline_lesson_get_n_params (self->lesson) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->params_list))))
    gtk_list_box_remove (self->params_list, child);
  g_ptr_array_set_size (self->param_widgets, 0);

  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->params_list,
                         make_param_row (self, forkline_lesson_get_param (self->lesson, i)));

  gtk_widget_set_visible (self->params_heading, n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->params_list), n > 0);
}

static void
selected_cb (ForklineLessonPanel *self,
             GParamSpec          *pspec,
             GtkDropDown         *dropdown)
{
  ForklineLesson *lesson = gtk_drop_down_get_selected_item (dropdown);

  if (lesson == NULL || self->setting_model)
    return;

  if (!g_set_object (&self->lesson, lesson))
    return;

  g_clear_pointer (&self->script, g_free);
  show_texts (self);
  build_params (self);
  /* a new lesson is read from its title */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->content_scroller), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESSON]);
}

static void
setup_lesson_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  with_id)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), title);

  if (with_id != NULL)
    {
      GtkWidget *summary = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (summary), 0);
      gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (summary), 40);
      gtk_widget_add_css_class (summary, "dim-label");
      gtk_widget_add_css_class (summary, "caption");
      gtk_box_append (GTK_BOX (box), summary);
    }
  else
    gtk_widget_add_css_class (title, "heading");

  gtk_list_item_set_child (item, box);
}

static void
bind_lesson_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  with_id)
{
  ForklineLesson *lesson = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);

  gtk_label_set_text (GTK_LABEL (title), forkline_lesson_get_title (lesson));
  if (with_id != NULL)
    gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)),
                        forkline_lesson_get_summary (lesson));
}

static GtkListItemFactory *
lesson_factory (gboolean with_summary)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_lesson_cb), GINT_TO_POINTER (with_summary));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_lesson_cb), GINT_TO_POINTER (with_summary));
  return factory;
}

static void
speed_changed_cb (ForklineLessonPanel *self,
                  GtkAdjustment       *adj)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

static void
forkline_lesson_panel_dispose (GObject *object)
{
  ForklineLessonPanel *self = (ForklineLessonPanel *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FORKLINE_TYPE_LESSON_PANEL);
  g_clear_object (&self->lessons);
  g_clear_object (&self->lesson);
  g_clear_object (&self->view_state);
  g_clear_pointer (&self->script, g_free);
  g_clear_pointer (&self->param_widgets, g_ptr_array_unref);

  G_OBJECT_CLASS (forkline_lesson_panel_parent_class)->dispose (object);
}

static void
forkline_lesson_panel_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ForklineLessonPanel *self = FORKLINE_LESSON_PANEL (object);

  switch (prop_id)
    {
    case PROP_LESSON:
      g_value_set_object (value, self->lesson);
      break;
    case PROP_SPEED:
      g_value_set_double (value, forkline_lesson_panel_get_speed (self));
      break;
    case PROP_VIEW_STATE:
      g_value_set_object (value, self->view_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_lesson_panel_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ForklineLessonPanel *self = FORKLINE_LESSON_PANEL (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      forkline_lesson_panel_set_speed (self, g_value_get_double (value));
      break;
    case PROP_VIEW_STATE:
      forkline_lesson_panel_set_view_state (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_lesson_panel_class_init (ForklineLessonPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = forkline_lesson_panel_dispose;
  object_class->get_property = forkline_lesson_panel_get_property;
  object_class->set_property = forkline_lesson_panel_set_property;

  properties[PROP_LESSON] =
    g_param_spec_object ("lesson", NULL, NULL,
                         FORKLINE_TYPE_LESSON,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL,
                         0.01, 4.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL,
                         FORKLINE_TYPE_VIEW_STATE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FORKLINE_TYPE_LISTING_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/forkline/Forkline/forkline-lesson-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ForklineLessonPanel, root_box);
  gtk_widget_class_bind_template_child (widget_class, ForklineLessonPanel, lesson_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ForklineLessonPanel, content_scroller);
  gtk_widget_class_bind_template_child (widget_class, ForklineLessonPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineLessonPanel, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineLessonPanel, editor);
  gtk_widget_class_bind_template_child (widget_class, ForklineLessonPanel, params_heading);
  gtk_widget_class_bind_template_child (widget_class, ForklineLessonPanel, params_list);
  gtk_widget_class_bind_template_child (widget_class, ForklineLessonPanel, speed_adjustment);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lessonpanel");
}

static void
forkline_lesson_panel_init (ForklineLessonPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->param_widgets = g_ptr_array_new ();
  scroll_column_from (self, GTK_WIDGET (self->editor));

  {
    g_autoptr(GtkListItemFactory) button_factory = lesson_factory (FALSE);
    g_autoptr(GtkListItemFactory) list_factory = lesson_factory (TRUE);

    gtk_drop_down_set_factory (self->lesson_dropdown, button_factory);
    gtk_drop_down_set_list_factory (self->lesson_dropdown, list_factory);
  }
  g_signal_connect_object (self->lesson_dropdown, "notify::selected",
                           G_CALLBACK (selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->speed_adjustment, "value-changed",
                           G_CALLBACK (speed_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_label_set_text (self->title_label, "Loading lessons…");
  gtk_widget_set_visible (self->params_heading, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->params_list), FALSE);
}

GtkWidget *
forkline_lesson_panel_new (void)
{
  return g_object_new (FORKLINE_TYPE_LESSON_PANEL, NULL);
}

void
forkline_lesson_panel_set_lessons (ForklineLessonPanel *self,
                                   GListModel          *lessons)
{
  g_return_if_fail (FORKLINE_IS_LESSON_PANEL (self));
  g_return_if_fail (lessons == NULL || G_IS_LIST_MODEL (lessons));

  if (!g_set_object (&self->lessons, lessons))
    return;

  self->setting_model = TRUE;
  gtk_drop_down_set_model (self->lesson_dropdown, lessons);
  self->setting_model = FALSE;
  /* an opened program stays shown until a lesson is picked */
  if (self->script != NULL)
    gtk_drop_down_set_selected (self->lesson_dropdown, GTK_INVALID_LIST_POSITION);
  else if (lessons != NULL && g_list_model_get_n_items (lessons) > 0)
    {
      gtk_drop_down_set_selected (self->lesson_dropdown, 0);
      selected_cb (self, NULL, self->lesson_dropdown);
    }
}

ForklineLesson *
forkline_lesson_panel_get_lesson (ForklineLessonPanel *self)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON_PANEL (self), NULL);

  return self->lesson;
}

void
forkline_lesson_panel_set_unavailable (ForklineLessonPanel *self,
                                       const char          *reason)
{
  g_return_if_fail (FORKLINE_IS_LESSON_PANEL (self));
  g_return_if_fail (reason != NULL);

  gtk_label_set_text (self->title_label, "No lessons available");
  gtk_label_set_text (self->explanation_label, reason);
  gtk_widget_set_sensitive (GTK_WIDGET (self->lesson_dropdown), FALSE);
}

/* An opened run of a program that is no lesson (`forkline-engine script`):
 * its name, and no lesson's text or listing beside its timeline.  Picking
 * a lesson in the list shows that lesson again. */
void
forkline_lesson_panel_show_program (ForklineLessonPanel *self,
                                    const char          *name)
{
  g_autofree char *text = NULL;

  g_return_if_fail (FORKLINE_IS_LESSON_PANEL (self));
  g_return_if_fail (name != NULL);

  text = g_strdup_printf ("A run of the Python program %s, traced by forkline-engine script. "
                          "Choose a lesson above to run one.", name);
  gtk_label_set_text (self->title_label, name);
  gtk_label_set_text (self->explanation_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->editor), FALSE);
  gtk_widget_set_visible (self->params_heading, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->params_list), FALSE);
}

gboolean
forkline_lesson_panel_select_lesson (ForklineLessonPanel *self,
                                     const char          *id)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON_PANEL (self), FALSE);

  if (self->lessons == NULL || id == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (self->lessons); i++)
    {
      g_autoptr(ForklineLesson) lesson = g_list_model_get_item (self->lessons, i);

      if (g_strcmp0 (forkline_lesson_get_id (lesson), id) == 0)
        {
          gtk_drop_down_set_selected (self->lesson_dropdown, i);
          return TRUE;
        }
    }

  return FALSE;
}

static double
param_value (GtkWidget *control)
{
  if (GTK_IS_SWITCH (control))
    return gtk_switch_get_active (GTK_SWITCH (control)) ? 1 : 0;
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (control));
}

GStrv
forkline_lesson_panel_get_settings (ForklineLessonPanel *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (FORKLINE_IS_LESSON_PANEL (self), NULL);

  for (guint i = 0; self->lesson && i < self->param_widgets->len; i++)
    {
      const ForklineLessonParam *param = forkline_lesson_get_param (self->lesson, i);
      double value = param_value (g_ptr_array_index (self->param_widgets, i));
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *setting = NULL;

      if (fabs (value - param->def) < 1e-9)
        continue;

      if (param->is_int)
        setting = g_strdup_printf ("%s=%d", param->name, (int)round (value));
      else
        setting = g_strdup_printf ("%s=%s", param->name, g_ascii_dtostr (buf, sizeof buf, value));
      g_strv_builder_add (builder, setting);
    }

  return g_strv_builder_end (builder);
}

void
forkline_lesson_panel_apply_setting (ForklineLessonPanel *self,
                                     const char          *setting)
{
  const char *eq;

  g_return_if_fail (FORKLINE_IS_LESSON_PANEL (self));
  g_return_if_fail (setting != NULL);

  eq = strchr (setting, '=');
  if (eq == NULL || self->lesson == NULL)
    return;

  for (guint i = 0; i < self->param_widgets->len; i++)
    {
      const ForklineLessonParam *param = forkline_lesson_get_param (self->lesson, i);
      GtkWidget *control = g_ptr_array_index (self->param_widgets, i);
      double value;

      if (strncmp (param->name, setting, eq - setting) != 0 || param->name[eq - setting] != '\0')
        continue;

      value = g_ascii_strtod (eq + 1, NULL);
      if (GTK_IS_SWITCH (control))
        gtk_switch_set_active (GTK_SWITCH (control), value != 0);
      else
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (control), value);
    }
}

double
forkline_lesson_panel_get_speed (ForklineLessonPanel *self)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON_PANEL (self), 1.0);

  return gtk_adjustment_get_value (self->speed_adjustment);
}

void
forkline_lesson_panel_set_speed (ForklineLessonPanel *self,
                                 double               speed)
{
  g_return_if_fail (FORKLINE_IS_LESSON_PANEL (self));

  gtk_adjustment_set_value (self->speed_adjustment, speed);
}

void
forkline_lesson_panel_set_view_state (ForklineLessonPanel *self,
                                      ForklineViewState   *view_state)
{
  g_return_if_fail (FORKLINE_IS_LESSON_PANEL (self));
  g_return_if_fail (view_state == NULL || FORKLINE_IS_VIEW_STATE (view_state));

  if (!g_set_object (&self->view_state, view_state))
    return;

  forkline_listing_editor_set_view_state (self->editor, view_state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

char *
forkline_lesson_panel_prepare_run (ForklineLessonPanel  *self,
                                   GError              **error)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON_PANEL (self), NULL);

  return forkline_listing_editor_prepare_run (self->editor, error);
}

ForklineListingEditor *
forkline_lesson_panel_get_editor (ForklineLessonPanel *self)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON_PANEL (self), NULL);

  return self->editor;
}

/* Where the edits of the program at @path are kept: a folder per path, so
 * two programs of one name keep theirs apart, and the file keeps its name
 * (its __file__ reads the same). */
static char *
script_edits_path (const char *path)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, path, -1);
  g_autofree char *base = g_path_get_basename (path);

  digest[12] = '\0';
  return g_build_filename (g_get_user_data_dir (), "forkline", "edited", "scripts", digest, base, NULL);
}

/* A Python program opened from a file: shown with its own name, and run
 * (by `forkline-engine script`) only when the user presses Run. */
void
forkline_lesson_panel_show_script (ForklineLessonPanel *self,
                                   const char          *path,
                                   const char          *text)
{
  g_autofree char *base = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *edits_path = NULL;
  g_autofree char *program_id = NULL;

  g_return_if_fail (FORKLINE_IS_LESSON_PANEL (self));
  g_return_if_fail (path != NULL && g_path_is_absolute (path));
  g_return_if_fail (text != NULL);

  g_free (self->script);
  self->script = g_strdup (path);
  base = g_path_get_basename (path);
  dir = g_path_get_dirname (path);
  edits_path = script_edits_path (path);

  explanation = g_markup_printf_escaped ("Your Python program, from %s. Press <b>Run</b> to run it under "
                                        "CPython and watch its processes; change it below first if you "
                                        "like — your changes are kept apart from the file.",
                                        dir);
  gtk_label_set_text (self->title_label, base);
  gtk_label_set_markup (self->explanation_label, explanation);
  /* a lesson picked next is a change, whichever it is */
  g_clear_object (&self->lesson);
  build_params (self);
  program_id = g_strconcat ("script:", path, NULL);
  forkline_listing_editor_show (self->editor, program_id, text, edits_path);
  gtk_widget_set_visible (GTK_WIDGET (self->editor), TRUE);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->content_scroller), 0);
  gtk_drop_down_set_selected (self->lesson_dropdown, GTK_INVALID_LIST_POSITION);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESSON]);
}

const char *
forkline_lesson_panel_get_script (ForklineLessonPanel *self)
{
  g_return_val_if_fail (FORKLINE_IS_LESSON_PANEL (self), NULL);

  return self->script;
}

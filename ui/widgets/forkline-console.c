/* forkline-console.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "forkline-console.h"
#include "forkline-event-describe.h"
#include "forkline-print-list.h"
#include "forkline-renderer.h"

struct _ForklineConsole
{
  GtkWidget           parent_instance;

  ForklineViewState  *view_state;
  GSignalGroup       *state_signals;
  ForklinePrintList  *prints;
  GtkSingleSelection *selection;
  guint               syncing : 1;

  GtkPaned           *paned;
  GtkListView        *list_view;
  GtkWidget          *placeholder;
  GtkStack           *details_stack;
  GtkLabel           *what_label;
  GtkLabel           *process_label;
  GtkLabel           *cpu_label;
  GtkLabel           *time_label;
  GtkLabel           *message_label;
  GtkLabel           *duration_label;
};

enum {
  PROP_0,
  PROP_VIEW_STATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ForklineConsole, forkline_console, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
swatch_draw (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  ForklineConsole *self = user_data;
  gint proc = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "proc")) - 1;
  ForklineRgba color;
  double size = MIN (width, height) - 2;

  forkline_palette_process_color (self->view_state ? forkline_view_state_get_theme (self->view_state)
                                                  : FORKLINE_THEME_LIGHT,
                                  proc, &color);
  forkline_rgba_set_source (cr, &color);
  cairo_arc (cr, width / 2.0, height / 2.0, size / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
setup_row_cb (ForklineConsole          *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "console-row");
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), swatch_draw, self, NULL);

  gtk_label_set_xalign (GTK_LABEL (time), 1);
  gtk_label_set_width_chars (GTK_LABEL (time), 9);
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (time, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_width_chars (GTK_LABEL (name), 13);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "console-process");

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (text, "monospace");

  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), time);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (ForklineConsole          *self,
             GtkListItem              *item,
             GtkSignalListItemFactory *factory)
{
  ForklinePrintItem *line = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *swatch = gtk_widget_get_first_child (box);
  GtkWidget *time = gtk_widget_get_next_sibling (swatch);
  GtkWidget *name = gtk_widget_get_next_sibling (time);
  GtkWidget *text = gtk_widget_get_next_sibling (name);
  g_autofree char *time_text = forkline_format_duration (forkline_print_item_get_time (line));
  const char *process_name = forkline_print_item_get_process_name (line);

  g_object_set_data (G_OBJECT (swatch), "proc",
                     GINT_TO_POINTER (forkline_print_item_get_proc (line) + 1));
  gtk_widget_queue_draw (swatch);
  gtk_label_set_text (GTK_LABEL (time), time_text);
  gtk_label_set_text (GTK_LABEL (name), process_name ? process_name : "");
  gtk_label_set_text (GTK_LABEL (text), forkline_print_item_get_text (line));
  gtk_widget_set_tooltip_text (text, forkline_print_item_get_text (line));
}

static void
set_optional (GtkLabel   *label,
              const char *text)
{
  gtk_label_set_text (label, text ? text : "—");
}

static void
update_details (ForklineConsole *self)
{
  ForklineTrace *trace = self->view_state ? forkline_view_state_get_trace (self->view_state) : NULL;
  guint event = self->view_state ? forkline_view_state_get_selected_event (self->view_state)
                                 : FORKLINE_NO_EVENT;
  ForklineEventDescription desc;

  if (trace == NULL || !forkline_event_describe (trace, event, &desc))
    {
      gtk_stack_set_visible_child_name (self->details_stack, "empty");
      return;
    }

  gtk_label_set_text (self->what_label, desc.what);
  set_optional (self->process_label, desc.process);
  set_optional (self->cpu_label, desc.cpu);
  set_optional (self->time_label, desc.time);
  set_optional (self->message_label, desc.message);
  set_optional (self->duration_label, desc.duration);
  gtk_stack_set_visible_child_name (self->details_stack, "event");

  forkline_event_description_clear (&desc);
}

static void
update_placeholder (ForklineConsole *self)
{
  gtk_widget_set_visible (self->placeholder,
                          g_list_model_get_n_items (G_LIST_MODEL (self->prints)) == 0);
}

/* Selecting in the view state selects the printed line, if the event is one. */
static void
sync_selection_from_state (ForklineConsole *self)
{
  guint event;
  gint pos;

  if (self->view_state == NULL)
    return;

  event = forkline_view_state_get_selected_event (self->view_state);
  pos = forkline_print_list_find_event (self->prints, event);

  self->syncing = TRUE;
  if (pos < 0)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  else
    {
      gtk_single_selection_set_selected (self->selection, (guint)pos);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", (guint)pos);
    }
  self->syncing = FALSE;
}

static void
selection_changed_cb (ForklineConsole    *self,
                      guint               position,
                      guint               n_items,
                      GtkSingleSelection *selection)
{
  ForklinePrintItem *line;

  if (self->syncing || self->view_state == NULL)
    return;

  line = gtk_single_selection_get_selected_item (selection);
  if (line != NULL)
    {
      ForklineTrace *trace = forkline_view_state_get_trace (self->view_state);
      guint event = forkline_print_item_get_event (line);

      forkline_view_state_set_selected_event (self->view_state, event);
      /* the line chosen here must be findable on the timeline too */
      if (trace != NULL && event < forkline_trace_get_n_events (trace))
        forkline_view_state_reveal_time (self->view_state, forkline_trace_get_event_time (trace, event));
    }
}

static void
state_notify_cb (ForklineConsole   *self,
                 GParamSpec        *pspec,
                 ForklineViewState *state)
{
  if (g_strcmp0 (pspec->name, "selected-event") == 0)
    {
      sync_selection_from_state (self);
      update_details (self);
    }
  else if (g_strcmp0 (pspec->name, "cutoff") == 0)
    {
      forkline_print_list_set_cutoff (self->prints, forkline_view_state_get_cutoff (state));
      update_placeholder (self);
    }
  else if (g_strcmp0 (pspec->name, "theme") == 0)
    gtk_widget_queue_draw (GTK_WIDGET (self->list_view));
  else if (g_strcmp0 (pspec->name, "trace") == 0)
    {
      forkline_print_list_set_trace (self->prints, forkline_view_state_get_trace (state));
      forkline_print_list_set_cutoff (self->prints, forkline_view_state_get_cutoff (state));
      update_placeholder (self);
      update_details (self);
    }
}

static void
trace_changed_cb (ForklineConsole   *self,
                  ForklineViewState *state)
{
  guint before = g_list_model_get_n_items (G_LIST_MODEL (self->prints));
  guint after;
  ForklineTrace *trace = forkline_view_state_get_trace (state);
  GtkAdjustment *vadj;
  gboolean at_bottom;

  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (self->list_view))));
  at_bottom = gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj)
              >= gtk_adjustment_get_upper (vadj) - 4;

  forkline_print_list_set_trace (self->prints, trace);
  forkline_print_list_update (self->prints);
  after = g_list_model_get_n_items (G_LIST_MODEL (self->prints));
  update_placeholder (self);

  /* Like a terminal: stay at the newest line unless the user scrolled up. */
  if (after > before && at_bottom && forkline_view_state_get_live (state))
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", after - 1);

  if (forkline_view_state_get_selected_event (state) != FORKLINE_NO_EVENT)
    update_details (self);
}

static void
forkline_console_dispose (GObject *object)
{
  ForklineConsole *self = (ForklineConsole *)object;

  if (self->state_signals != NULL)
    g_signal_group_set_target (self->state_signals, NULL);
  g_clear_object (&self->state_signals);
  g_clear_object (&self->view_state);
  gtk_widget_dispose_template (GTK_WIDGET (self), FORKLINE_TYPE_CONSOLE);
  g_clear_object (&self->selection);
  g_clear_object (&self->prints);

  G_OBJECT_CLASS (forkline_console_parent_class)->dispose (object);
}

static void
forkline_console_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ForklineConsole *self = FORKLINE_CONSOLE (object);

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
forkline_console_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ForklineConsole *self = FORKLINE_CONSOLE (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      forkline_console_set_view_state (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_console_class_init (ForklineConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = forkline_console_dispose;
  object_class->get_property = forkline_console_get_property;
  object_class->set_property = forkline_console_set_property;

  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL,
                         FORKLINE_TYPE_VIEW_STATE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/forkline/Forkline/forkline-console.ui");
  gtk_widget_class_bind_template_child (widget_class, ForklineConsole, paned);
  gtk_widget_class_bind_template_child (widget_class, ForklineConsole, list_view);
  gtk_widget_class_bind_template_child (widget_class, ForklineConsole, placeholder);
  gtk_widget_class_bind_template_child (widget_class, ForklineConsole, details_stack);
  gtk_widget_class_bind_template_child (widget_class, ForklineConsole, what_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineConsole, process_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineConsole, cpu_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineConsole, time_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineConsole, message_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineConsole, duration_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "console");
}

static void
forkline_console_init (ForklineConsole *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->prints = forkline_print_list_new ();
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->prints)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->state_signals = g_signal_group_new (FORKLINE_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->state_signals, "notify",
                                 G_CALLBACK (state_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->state_signals, "trace-changed",
                                 G_CALLBACK (trace_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_paned_set_position (self->paned, 620);
  update_placeholder (self);
}

GtkWidget *
forkline_console_new (void)
{
  return g_object_new (FORKLINE_TYPE_CONSOLE, NULL);
}

ForklineViewState *
forkline_console_get_view_state (ForklineConsole *self)
{
  g_return_val_if_fail (FORKLINE_IS_CONSOLE (self), NULL);

  return self->view_state;
}

void
forkline_console_set_view_state (ForklineConsole   *self,
                                 ForklineViewState *view_state)
{
  g_return_if_fail (FORKLINE_IS_CONSOLE (self));
  g_return_if_fail (view_state == NULL || FORKLINE_IS_VIEW_STATE (view_state));

  if (!g_set_object (&self->view_state, view_state))
    return;

  g_signal_group_set_target (self->state_signals, view_state);
  forkline_print_list_set_trace (self->prints, view_state ? forkline_view_state_get_trace (view_state) : NULL);
  update_placeholder (self);
  update_details (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

guint
forkline_console_get_n_lines (ForklineConsole *self)
{
  g_return_val_if_fail (FORKLINE_IS_CONSOLE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->prints));
}

gint
forkline_console_get_selected_line (ForklineConsole *self)
{
  guint pos;

  g_return_val_if_fail (FORKLINE_IS_CONSOLE (self), -1);

  pos = gtk_single_selection_get_selected (self->selection);
  return pos == GTK_INVALID_LIST_POSITION ? -1 : (gint)pos;
}

/* As a click on the line would. */
void
forkline_console_select_line (ForklineConsole *self,
                              guint            position)
{
  g_return_if_fail (FORKLINE_IS_CONSOLE (self));

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
}

const char *
forkline_console_get_details_title (ForklineConsole *self)
{
  g_return_val_if_fail (FORKLINE_IS_CONSOLE (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->details_stack), "event") != 0)
    return "";
  return gtk_label_get_text (self->what_label);
}

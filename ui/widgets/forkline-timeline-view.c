/* forkline-timeline-view.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "forkline-event-describe.h"
#include "forkline-renderer.h"
#include "forkline-timeline-view.h"

#define ZOOM_STEP 1.25

struct _ForklineTimelineView
{
  GtkWidget          parent_instance;

  ForklineViewState *view_state;
  GSignalGroup      *state_signals;
  GtkAdjustment     *vadjustment;


  guint              tick_id;
  guint              dirty : 1;

  /* GTK 4.8 gives scroll events no position: Ctrl+wheel zooms around
   * where the motion controller last saw the pointer */
  double             pointer_x;

  /* drag-to-pan: the range and scroll when the drag began */
  guint64            drag_t0;
  guint64            drag_t1;
  double             drag_y;
};

enum {
  PROP_0,
  PROP_VIEW_STATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ForklineTimelineView, forkline_timeline_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static ForklineTrace *
get_trace (ForklineTimelineView *self)
{
  return self->view_state ? forkline_view_state_get_trace (self->view_state) : NULL;
}

static ForklineTheme
timeline_theme (ForklineTimelineView *self)
{
  return self->view_state ? forkline_view_state_get_theme (self->view_state) : FORKLINE_THEME_LIGHT;
}

static double
timeline_scale (ForklineTimelineView *self)
{
  return self->view_state ? forkline_view_state_get_scale (self->view_state) : 1.0;
}

void
forkline_timeline_view_get_view (ForklineTimelineView *self,
                                 ForklineView         *view)
{
  ForklineTrace *trace;
  guint selected, hover;

  g_return_if_fail (FORKLINE_IS_TIMELINE_VIEW (self));
  g_return_if_fail (view != NULL);

  trace = get_trace (self);
  forkline_view_init (view, trace,
                      gtk_widget_get_width (GTK_WIDGET (self)),
                      gtk_widget_get_height (GTK_WIDGET (self)));
  view->theme = timeline_theme (self);
  view->scale = timeline_scale (self);
  view->y_offset = gtk_adjustment_get_value (self->vadjustment);
  /* A few lanes use the whole height (readable from the back of a room);
   * many keep their size and scroll. */
  view->fit_height = TRUE;

  if (self->view_state == NULL)
    return;

  view->t0 = forkline_view_state_get_visible_start (self->view_state);
  view->t1 = forkline_view_state_get_visible_end (self->view_state);
  view->cutoff_ns = forkline_view_state_get_cutoff (self->view_state);
  /* A process that sleeps sends nothing while it sleeps: its open span
   * still grows with the live edge, not only when the next event comes. */
  view->now_ns = forkline_view_state_get_now (self->view_state);
  selected = forkline_view_state_get_selected_event (self->view_state);
  hover = forkline_view_state_get_hover_event (self->view_state);
  view->selected_event = selected == FORKLINE_NO_EVENT ? -1 : (gint64)selected;
  view->hover_event = hover == FORKLINE_NO_EVENT ? -1 : (gint64)hover;
  view->code_line = forkline_view_state_get_code_line (self->view_state);
}

/* Keep the vertical adjustment in step with the lanes the trace has now. */
static void
update_vadjustment (ForklineTimelineView *self)
{
  ForklineTrace *trace = get_trace (self);
  ForklineView view;
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double content = 0;
  double value;

  forkline_timeline_view_get_view (self, &view);
  if (trace != NULL)
    content = forkline_renderer_get_content_height (trace, &view);
  content = MAX (content, height);
  value = CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, content - height);

  gtk_adjustment_configure (self->vadjustment, value, 0, content,
                            24 * timeline_scale (self), height * 0.9, height);
}

/* Before the first run: say what will appear here. */
static void
draw_empty (ForklineTimelineView *self,
            cairo_t              *cr,
            double                width,
            double                height)
{
  const ForklinePalette *palette = forkline_palette_get (timeline_theme (self));
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  int text_width, text_height;

  forkline_rgba_set_source (cr, &palette->background);
  cairo_paint (cr);

  pango_layout_set_markup (layout,
                           "<span size='large' weight='bold'>Nothing has run yet</span>\n"
                           "Press Run to start the lesson: each CPU, each process\n"
                           "and every message will appear here as it happens.",
                           -1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  forkline_rgba_set_source (cr, &palette->muted);
  cairo_move_to (cr, (width - text_width) / 2, (height - text_height) / 2);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
forkline_timeline_view_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  ForklineTimelineView *self = (ForklineTimelineView *)widget;
  ForklineTrace *trace = get_trace (self);
  ForklineView view;
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  g_assert (FORKLINE_IS_TIMELINE_VIEW (self));

  self->dirty = FALSE;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (trace == NULL)
    draw_empty (self, cr, width, height);
  else
    {
      forkline_timeline_view_get_view (self, &view);
      forkline_renderer_draw (cr, trace, &view);
    }

  cairo_destroy (cr);
}

static void
forkline_timeline_view_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  update_vadjustment (FORKLINE_TIMELINE_VIEW (widget));
}

static void
forkline_timeline_view_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 800;
    }
  else
    {
      *minimum = 120;
      *natural = 400;
    }
}

/* Redraws follow the frame clock: the live edge moves every frame, but
 * new events only mark the widget dirty, so a burst of batches costs one
 * frame. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  ForklineTimelineView *self = FORKLINE_TIMELINE_VIEW (widget);

  if (self->view_state != NULL && forkline_view_state_get_live (self->view_state))
    {
      double width = MAX (1, gtk_widget_get_width (widget));
      guint64 span = forkline_view_state_get_visible_end (self->view_state) -
                     forkline_view_state_get_visible_start (self->view_state);

      forkline_view_state_tick (self->view_state, gdk_frame_clock_get_frame_time (frame_clock),
                                (guint64)(span / width));
    }

  if (self->dirty)
    {
      update_vadjustment (self);
      gtk_widget_queue_draw (widget);
    }

  return G_SOURCE_CONTINUE;
}

static void
update_tick (ForklineTimelineView *self)
{
  gboolean live = self->view_state && forkline_view_state_get_live (self->view_state);

  if (live && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  else if (!live && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static void
state_notify_cb (ForklineTimelineView *self,
                 GParamSpec           *pspec,
                 ForklineViewState    *state)
{
  if (g_strcmp0 (pspec->name, "live") == 0)
    update_tick (self);
  /* lanes are taller at a larger scale: the scrollable height changes */
  if (g_strcmp0 (pspec->name, "scale") == 0)
    update_vadjustment (self);

  /* While live, the tick callback paints; otherwise paint now. */
  self->dirty = TRUE;
  if (self->tick_id == 0)
    {
      update_vadjustment (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
trace_changed_cb (ForklineTimelineView *self,
                  ForklineViewState    *state)
{
  self->dirty = TRUE;
  if (self->tick_id == 0)
    {
      update_vadjustment (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static double
time_fraction_at_x (ForklineTimelineView *self,
                    double                x)
{
  ForklineView view;
  double gutter;
  double width = gtk_widget_get_width (GTK_WIDGET (self));

  forkline_timeline_view_get_view (self, &view);
  gutter = forkline_renderer_get_gutter_width (&view);
  if (width - gutter <= 1)
    return 0.5;
  return CLAMP ((x - gutter) / (width - gutter), 0.0, 1.0);
}

static gboolean
scroll_cb (ForklineTimelineView     *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state;

  if (self->view_state == NULL)
    return FALSE;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if (state & GDK_CONTROL_MASK)
    {
      forkline_view_state_zoom (self->view_state, pow (ZOOM_STEP, -dy),
                                time_fraction_at_x (self, self->pointer_x));
      return TRUE;
    }

  if (state & GDK_SHIFT_MASK)
    {
      dx = dx != 0 ? dx : dy;
      dy = 0;
    }

  if (dx != 0)
    forkline_view_state_pan (self->view_state, dx * 0.05);

  if (dy != 0)
    {
      double upper = gtk_adjustment_get_upper (self->vadjustment);
      double page = gtk_adjustment_get_page_size (self->vadjustment);

      /* Lanes taller than the view scroll vertically; otherwise the wheel
       * is the quickest way along the time axis. */
      if (upper > page + 1)
        gtk_adjustment_set_value (self->vadjustment,
                                  gtk_adjustment_get_value (self->vadjustment) + dy * 40);
      else
        forkline_view_state_pan (self->view_state, dy * 0.05);
    }

  return TRUE;
}

static void
drag_begin_cb (ForklineTimelineView *self,
               double                x,
               double                y,
               GtkGestureDrag       *gesture)
{
  if (self->view_state == NULL)
    return;

  self->drag_t0 = forkline_view_state_get_visible_start (self->view_state);
  self->drag_t1 = forkline_view_state_get_visible_end (self->view_state);
  self->drag_y = gtk_adjustment_get_value (self->vadjustment);
}

static void
drag_update_cb (ForklineTimelineView *self,
                double                dx,
                double                dy,
                GtkGestureDrag       *gesture)
{
  ForklineView view;
  double gutter, width, ns_per_px, start;

  if (self->view_state == NULL)
    return;

  forkline_timeline_view_get_view (self, &view);
  gutter = forkline_renderer_get_gutter_width (&view);
  width = MAX (1.0, gtk_widget_get_width (GTK_WIDGET (self)) - gutter);
  ns_per_px = (double)(self->drag_t1 - self->drag_t0) / width;
  start = (double)self->drag_t0 - dx * ns_per_px;
  if (start < 0)
    start = 0;

  forkline_view_state_set_visible_range (self->view_state,
                                         (guint64)start,
                                         (guint64)start + (self->drag_t1 - self->drag_t0));
  gtk_adjustment_set_value (self->vadjustment, self->drag_y - dy);
}

static gint64
hit_test (ForklineTimelineView *self,
          double                x,
          double                y)
{
  ForklineTrace *trace = get_trace (self);
  ForklineView view;

  if (trace == NULL)
    return -1;

  forkline_timeline_view_get_view (self, &view);
  return forkline_renderer_hit_test (trace, &view, x, y);
}

guint
forkline_timeline_view_select_at (ForklineTimelineView *self,
                                  double                x,
                                  double                y)
{
  gint64 hit;
  guint event;

  g_return_val_if_fail (FORKLINE_IS_TIMELINE_VIEW (self), FORKLINE_NO_EVENT);

  if (self->view_state == NULL)
    return FORKLINE_NO_EVENT;

  hit = hit_test (self, x, y);
  event = hit < 0 ? FORKLINE_NO_EVENT : (guint)hit;
  forkline_view_state_set_selected_event (self->view_state, event);
  return event;
}

static void
click_released_cb (ForklineTimelineView *self,
                   int                   n_press,
                   double                x,
                   double                y,
                   GtkGestureClick      *gesture)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  forkline_timeline_view_select_at (self, x, y);
}

static void
motion_cb (ForklineTimelineView     *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  gint64 hit;

  self->pointer_x = x;
  if (self->view_state == NULL)
    return;

  hit = hit_test (self, x, y);
  forkline_view_state_set_hover_event (self->view_state,
                                       hit < 0 ? FORKLINE_NO_EVENT : (guint)hit);
}

static void
leave_cb (ForklineTimelineView     *self,
          GtkEventControllerMotion *controller)
{
  if (self->view_state != NULL)
    forkline_view_state_set_hover_event (self->view_state, FORKLINE_NO_EVENT);
}

static gboolean
query_tooltip_cb (ForklineTimelineView *self,
                  int                   x,
                  int                   y,
                  gboolean              keyboard,
                  GtkTooltip           *tooltip)
{
  ForklineTrace *trace = get_trace (self);
  g_autofree char *text = NULL;
  gint64 hit;

  if (trace == NULL || keyboard)
    return FALSE;

  hit = hit_test (self, x, y);
  if (hit < 0)
    return FALSE;

  text = forkline_event_describe_text (trace, (guint)hit);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
key_pressed_cb (ForklineTimelineView  *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (self->view_state == NULL)
    return FALSE;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      forkline_view_state_zoom (self->view_state, ZOOM_STEP, 0.5);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      forkline_view_state_zoom (self->view_state, 1.0 / ZOOM_STEP, 0.5);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      forkline_view_state_pan (self->view_state, -0.1);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      forkline_view_state_pan (self->view_state, 0.1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_value (self->vadjustment) - 40);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_value (self->vadjustment) + 40);
      return TRUE;
    case GDK_KEY_Home:
      {
        guint64 w = forkline_view_state_get_visible_end (self->view_state) -
                    forkline_view_state_get_visible_start (self->view_state);
        forkline_view_state_set_visible_range (self->view_state, 0, w);
      }
      return TRUE;
    case GDK_KEY_End:
      forkline_view_state_set_follow_live (self->view_state, TRUE);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
vadjustment_changed_cb (ForklineTimelineView *self,
                        GtkAdjustment        *adj)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
forkline_timeline_view_dispose (GObject *object)
{
  ForklineTimelineView *self = (ForklineTimelineView *)object;

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->state_signals != NULL)
    g_signal_group_set_target (self->state_signals, NULL);
  g_clear_object (&self->state_signals);
  g_clear_object (&self->view_state);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (forkline_timeline_view_parent_class)->dispose (object);
}

static void
forkline_timeline_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ForklineTimelineView *self = FORKLINE_TIMELINE_VIEW (object);

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
forkline_timeline_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ForklineTimelineView *self = FORKLINE_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      forkline_timeline_view_set_view_state (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_timeline_view_class_init (ForklineTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = forkline_timeline_view_dispose;
  object_class->get_property = forkline_timeline_view_get_property;
  object_class->set_property = forkline_timeline_view_set_property;

  widget_class->snapshot = forkline_timeline_view_snapshot;
  widget_class->measure = forkline_timeline_view_measure;
  widget_class->size_allocate = forkline_timeline_view_size_allocate;

  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL,
                         FORKLINE_TYPE_VIEW_STATE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
forkline_timeline_view_init (ForklineTimelineView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  self->vadjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 0, 0, 0, 0));
  g_signal_connect_object (self->vadjustment, "value-changed",
                           G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);

  self->state_signals = g_signal_group_new (FORKLINE_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->state_signals, "notify",
                                 G_CALLBACK (state_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->state_signals, "trace-changed",
                                 G_CALLBACK (trace_changed_cb), self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect_object (gesture, "released", G_CALLBACK (click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
forkline_timeline_view_new (void)
{
  return g_object_new (FORKLINE_TYPE_TIMELINE_VIEW, NULL);
}

ForklineViewState *
forkline_timeline_view_get_view_state (ForklineTimelineView *self)
{
  g_return_val_if_fail (FORKLINE_IS_TIMELINE_VIEW (self), NULL);

  return self->view_state;
}

void
forkline_timeline_view_set_view_state (ForklineTimelineView *self,
                                       ForklineViewState    *view_state)
{
  g_return_if_fail (FORKLINE_IS_TIMELINE_VIEW (self));
  g_return_if_fail (view_state == NULL || FORKLINE_IS_VIEW_STATE (view_state));

  if (!g_set_object (&self->view_state, view_state))
    return;

  g_signal_group_set_target (self->state_signals, view_state);
  update_tick (self);
  update_vadjustment (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

GtkAdjustment *
forkline_timeline_view_get_vadjustment (ForklineTimelineView *self)
{
  g_return_val_if_fail (FORKLINE_IS_TIMELINE_VIEW (self), NULL);

  return self->vadjustment;
}

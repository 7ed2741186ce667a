/* forkline-flow-view.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "forkline-flow-render.h"
#include "forkline-flow-view.h"
#include "forkline-view-state.h"

/* How long a message takes to slide in or out, and a cell to flash. */
#define ANIM_DURATION_US (G_USEC_PER_SEC * 7 / 10)
/* After a big jump only the latest moves are worth showing. */
#define MAX_ANIMS 16
/* Moves older than this (run time) before the newest are not animated. */
#define RECENT_NS (G_GUINT64_CONSTANT (1000000000))

typedef struct
{
  ForklineFlowMove move;
  gint64           start_us;
} Anim;

struct _ForklineFlowView
{
  GtkWidget          parent_instance;

  /* When set, the view follows it: its trace, replay position (the
   * diagram's time), selection, theme and scale. */
  ForklineViewState *view_state;
  GSignalGroup      *state_signals;

  ForklineTrace     *trace;
  ForklineFlowState *state;      /* at the view's time */
  ForklineFlowState *layout;     /* at the end of the trace: stable places */
  GArray            *anims;      /* Anim */
  GArray            *hits;       /* ForklineFlowHit, from the last snapshot */
  guint64            time_ns;
  double             scale;
  int                theme;
  guint              tick_id;
};

enum
{
  PROP_0,
  PROP_VIEW_STATE,
  PROP_TRACE,
  PROP_TIME,
  PROP_SCALE,
  PROP_THEME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  EVENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ForklineFlowView, forkline_flow_view, GTK_TYPE_WIDGET)

static gint64
frame_time (ForklineFlowView *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  return clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  ForklineFlowView *self = FORKLINE_FLOW_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  for (guint i = self->anims->len; i > 0; i--)
    if (now - g_array_index (self->anims, Anim, i - 1).start_us >= ANIM_DURATION_US)
      g_array_remove_index (self->anims, i - 1);

  gtk_widget_queue_draw (widget);

  if (self->anims->len == 0)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
stop_animations (ForklineFlowView *self)
{
  g_array_set_size (self->anims, 0);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

/* The moves the state made on its way forward become animations; a tick
 * callback runs only while one of them is playing. */
static void
collect_moves (ForklineFlowView *self,
               gboolean          forward)
{
  const ForklineFlowMove *moves;
  guint n_moves;
  gint64 now;

  if (!forward || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      stop_animations (self);
      return;
    }

  moves = forkline_flow_state_get_moves (self->state, &n_moves);
  if (n_moves == 0)
    return;

  now = frame_time (self);
  for (guint i = n_moves > MAX_ANIMS ? n_moves - MAX_ANIMS : 0; i < n_moves; i++)
    {
      Anim anim = { moves[i], now };

      /* After a jump, what happened long before the new time is old news. */
      if (moves[i].time_ns + RECENT_NS < forkline_flow_state_get_last_event_time (self->state))
        continue;
      g_array_append_val (self->anims, anim);
    }
  if (self->anims->len == 0)
    return;
  if (self->anims->len > MAX_ANIMS)
    g_array_remove_range (self->anims, 0, self->anims->len - MAX_ANIMS);

  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static void
refresh (ForklineFlowView *self)
{
  gboolean forward;

  forkline_flow_state_update (self->layout, G_MAXUINT64);
  forward = forkline_flow_state_update (self->state, self->time_ns);
  collect_moves (self, forward);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
trace_changed_cb (ForklineFlowView *self,
                  ForklineTrace    *trace)
{
  g_assert (FORKLINE_IS_FLOW_VIEW (self));

  refresh (self);
}

/* Takes from the view state what it says (the diagram keeps its own
 * setters for a view with no state, as the flow demo uses it). */
static void
follow_state (ForklineFlowView *self,
              const char       *name)
{
  ForklineViewState *state = self->view_state;

  if (name == NULL || g_str_equal (name, "trace"))
    forkline_flow_view_set_trace (self, forkline_view_state_get_trace (state));
  if (name == NULL || g_str_equal (name, "cutoff"))
    forkline_flow_view_set_time (self, forkline_view_state_get_cutoff (state));
  if (name == NULL || g_str_equal (name, "theme"))
    forkline_flow_view_set_theme (self, forkline_view_state_get_theme (state));
  if (name == NULL || g_str_equal (name, "scale"))
    forkline_flow_view_set_scale (self, forkline_view_state_get_scale (state));
  if (name == NULL || g_str_equal (name, "selected-event"))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
state_notify_cb (ForklineFlowView  *self,
                 GParamSpec        *pspec,
                 ForklineViewState *state)
{
  follow_state (self, pspec->name);
}

static ForklineTheme
resolve_theme (ForklineFlowView *self)
{
  GdkRGBA color;
  double luminance;

  if (self->theme >= 0 && self->theme < FORKLINE_N_THEMES)
    return (ForklineTheme) self->theme;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  luminance = 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue;
  return luminance > 0.5 ? FORKLINE_THEME_DARK : FORKLINE_THEME_LIGHT;
}

/* The window may grow all its text for presentation (CSS on the window)
 * while the "scale" property grows this picture too; counting both makes
 * the words too large for their nodes and the picture shrinks to fit.
 * So the window's own growth of the text is taken back out: the scale
 * alone grows the picture. */
static PangoFontDescription *
picture_font (GtkWidget *widget)
{
  const PangoFontDescription *own =
    pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  PangoFontDescription *font = pango_font_description_copy (own);
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autofree char *desktop_name = NULL;
  g_autoptr(PangoFontDescription) desktop = NULL;
  double root_size, desktop_size;

  if (root == NULL || root == widget)
    return font;
  g_object_get (gtk_widget_get_settings (widget), "gtk-font-name", &desktop_name, NULL);
  if (desktop_name == NULL)
    return font;
  desktop = pango_font_description_from_string (desktop_name);
  root_size = pango_font_description_get_size (
    pango_context_get_font_description (gtk_widget_get_pango_context (root)));
  desktop_size = pango_font_description_get_size (desktop);
  if (desktop_size > 0 && root_size > desktop_size &&
      pango_font_description_get_size (own) > 0)
    pango_font_description_set_size (
      font, (int) (pango_font_description_get_size (own) * desktop_size / root_size));
  return font;
}

static void
forkline_flow_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  ForklineFlowView *self = FORKLINE_FLOW_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  g_autoptr(GArray) anims = NULL;
  g_autoptr(PangoFontDescription) font = NULL;
  ForklineFlowRenderOptions options;
  cairo_t *cr;
  gint64 now;

  g_assert (FORKLINE_IS_FLOW_VIEW (self));

  if (width <= 0 || height <= 0)
    return;

  now = frame_time (self);
  anims = g_array_new (FALSE, FALSE, sizeof (ForklineFlowAnim));
  for (guint i = 0; i < self->anims->len; i++)
    {
      const Anim *anim = &g_array_index (self->anims, Anim, i);
      double progress = (double) (now - anim->start_us) / ANIM_DURATION_US;
      ForklineFlowAnim a = { anim->move, CLAMP (progress, 0.0, 1.0) };

      g_array_append_val (anims, a);
    }

  forkline_flow_render_options_init (&options, width, height);
  options.scale = self->scale;
  options.theme = resolve_theme (self);
  font = picture_font (widget);
  options.font = font;
  options.layout = self->layout;
  options.anims = (const ForklineFlowAnim *) (gpointer) anims->data;
  options.n_anims = anims->len;
  g_array_set_size (self->hits, 0);
  options.hits = self->hits;
  if (self->view_state != NULL)
    options.selected_event = forkline_view_state_get_selected_event (self->view_state);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  forkline_flow_render (cr, self->state, &options);
  cairo_destroy (cr);
}

static void
forkline_flow_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  ForklineFlowView *self = FORKLINE_FLOW_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (260 * self->scale);
      *natural = (int) (560 * self->scale);
    }
  else
    {
      *minimum = (int) (180 * self->scale);
      *natural = (int) (380 * self->scale);
    }
}

static gboolean
forkline_flow_view_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard_mode,
                                  GtkTooltip *tooltip)
{
  ForklineFlowView *self = FORKLINE_FLOW_VIEW (widget);
  const char *text = forkline_flow_hits_lookup (self->hits, x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* A click on a message, a cell, a task, a process or a pipe end selects
 * the event behind it. */
static void
click_released_cb (ForklineFlowView *self,
                   int               n_press,
                   double            x,
                   double            y,
                   GtkGestureClick  *gesture)
{
  guint event;

  g_assert (FORKLINE_IS_FLOW_VIEW (self));

  if (n_press != 1)
    return;
  event = forkline_flow_hits_lookup_event (self->hits, x, y);
  if (event == FORKLINE_FLOW_NO_EVENT)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, event);
}

/* What can be clicked says so with the pointer. */
static void
motion_cb (ForklineFlowView         *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  gboolean active = forkline_flow_hits_lookup_event (self->hits, x, y) != FORKLINE_FLOW_NO_EVENT;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), active ? "pointer" : NULL);
}

static void
forkline_flow_view_unmap (GtkWidget *widget)
{
  stop_animations (FORKLINE_FLOW_VIEW (widget));

  GTK_WIDGET_CLASS (forkline_flow_view_parent_class)->unmap (widget);
}

static void
forkline_flow_view_dispose (GObject *object)
{
  ForklineFlowView *self = (ForklineFlowView *) object;

  stop_animations (self);
  if (self->state_signals != NULL)
    g_signal_group_set_target (self->state_signals, NULL);
  g_clear_object (&self->state_signals);
  g_clear_object (&self->view_state);
  forkline_flow_view_set_trace (self, NULL);

  G_OBJECT_CLASS (forkline_flow_view_parent_class)->dispose (object);
}

static void
forkline_flow_view_finalize (GObject *object)
{
  ForklineFlowView *self = (ForklineFlowView *) object;

  g_clear_pointer (&self->state, forkline_flow_state_free);
  g_clear_pointer (&self->layout, forkline_flow_state_free);
  g_clear_pointer (&self->anims, g_array_unref);
  g_clear_pointer (&self->hits, g_array_unref);

  G_OBJECT_CLASS (forkline_flow_view_parent_class)->finalize (object);
}

static void
forkline_flow_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ForklineFlowView *self = FORKLINE_FLOW_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_object (value, self->trace);
      break;

    case PROP_TIME:
      g_value_set_uint64 (value, self->time_ns);
      break;

    case PROP_SCALE:
      g_value_set_double (value, self->scale);
      break;

    case PROP_THEME:
      g_value_set_int (value, self->theme);
      break;

    case PROP_VIEW_STATE:
      g_value_set_object (value, self->view_state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_flow_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ForklineFlowView *self = FORKLINE_FLOW_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      forkline_flow_view_set_trace (self, g_value_get_object (value));
      break;

    case PROP_TIME:
      forkline_flow_view_set_time (self, g_value_get_uint64 (value));
      break;

    case PROP_SCALE:
      forkline_flow_view_set_scale (self, g_value_get_double (value));
      break;

    case PROP_THEME:
      forkline_flow_view_set_theme (self, g_value_get_int (value));
      break;

    case PROP_VIEW_STATE:
      forkline_flow_view_set_view_state (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_flow_view_class_init (ForklineFlowViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = forkline_flow_view_dispose;
  object_class->finalize = forkline_flow_view_finalize;
  object_class->get_property = forkline_flow_view_get_property;
  object_class->set_property = forkline_flow_view_set_property;

  widget_class->snapshot = forkline_flow_view_snapshot;
  widget_class->measure = forkline_flow_view_measure;
  widget_class->query_tooltip = forkline_flow_view_query_tooltip;
  widget_class->unmap = forkline_flow_view_unmap;

  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL,
                         FORKLINE_TYPE_VIEW_STATE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TRACE] =
    g_param_spec_object ("trace", NULL, NULL,
                         FORKLINE_TYPE_TRACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIME] =
    g_param_spec_uint64 ("time", NULL, NULL,
                         0, G_MAXUINT64, G_MAXUINT64,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCALE] =
    g_param_spec_double ("scale", NULL, NULL,
                         1.0, 3.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_THEME] =
    g_param_spec_int ("theme", NULL, NULL,
                      FORKLINE_FLOW_VIEW_THEME_AUTO, FORKLINE_N_THEMES - 1,
                      FORKLINE_FLOW_VIEW_THEME_AUTO,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ForklineFlowView::event-activated:
   * @self: the flow view
   * @event: index of the event in the trace's raw events
   *   (forkline_trace_get_event ())
   *
   * The user clicked a message chip (its put / send), an array cell (its
   * last write), a pool task (its start), a process node (its fork) or a
   * pipe end (the last PIPE_HOLD for that end).  The window selects the
   * event on the timeline and in the console.
   */
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  g_cclosure_marshal_VOID__UINT,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "flowview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
forkline_flow_view_init (ForklineFlowView *self)
{
  GtkGesture *click;
  GtkEventController *motion;

  self->state = forkline_flow_state_new ();
  self->layout = forkline_flow_state_new ();
  self->anims = g_array_new (FALSE, FALSE, sizeof (Anim));
  self->hits = forkline_flow_hits_new ();
  self->time_ns = G_MAXUINT64;
  self->scale = 1.0;
  self->theme = FORKLINE_FLOW_VIEW_THEME_AUTO;

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  self->state_signals = g_signal_group_new (FORKLINE_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->state_signals, "notify",
                                 G_CALLBACK (state_notify_cb), self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Flow diagram",
                                  -1);
}

GtkWidget *
forkline_flow_view_new (void)
{
  return g_object_new (FORKLINE_TYPE_FLOW_VIEW, NULL);
}

ForklineViewState *
forkline_flow_view_get_view_state (ForklineFlowView *self)
{
  g_return_val_if_fail (FORKLINE_IS_FLOW_VIEW (self), NULL);

  return self->view_state;
}

void
forkline_flow_view_set_view_state (ForklineFlowView  *self,
                                   ForklineViewState *view_state)
{
  g_return_if_fail (FORKLINE_IS_FLOW_VIEW (self));
  g_return_if_fail (view_state == NULL || FORKLINE_IS_VIEW_STATE (view_state));

  if (!g_set_object (&self->view_state, view_state))
    return;

  g_signal_group_set_target (self->state_signals, view_state);
  if (view_state != NULL)
    follow_state (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

ForklineTrace *
forkline_flow_view_get_trace (ForklineFlowView *self)
{
  g_return_val_if_fail (FORKLINE_IS_FLOW_VIEW (self), NULL);

  return self->trace;
}

void
forkline_flow_view_set_trace (ForklineFlowView *self,
                              ForklineTrace    *trace)
{
  g_return_if_fail (FORKLINE_IS_FLOW_VIEW (self));
  g_return_if_fail (trace == NULL || FORKLINE_IS_TRACE (trace));

  if (self->trace == trace)
    return;

  if (self->trace != NULL)
    g_signal_handlers_disconnect_by_func (self->trace, trace_changed_cb, self);

  g_set_object (&self->trace, trace);
  stop_animations (self);
  forkline_flow_state_set_trace (self->state, trace);
  forkline_flow_state_set_trace (self->layout, trace);

  if (trace != NULL)
    {
      g_signal_connect_object (trace, "changed", G_CALLBACK (trace_changed_cb), self,
                               G_CONNECT_SWAPPED);
      forkline_flow_state_update (self->layout, G_MAXUINT64);
      forkline_flow_state_update (self->state, self->time_ns);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
}

guint64
forkline_flow_view_get_time (ForklineFlowView *self)
{
  g_return_val_if_fail (FORKLINE_IS_FLOW_VIEW (self), G_MAXUINT64);

  return self->time_ns;
}

void
forkline_flow_view_set_time (ForklineFlowView *self,
                             guint64           time_ns)
{
  g_return_if_fail (FORKLINE_IS_FLOW_VIEW (self));

  if (self->time_ns == time_ns)
    return;

  self->time_ns = time_ns;
  if (self->trace != NULL)
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
}

double
forkline_flow_view_get_scale (ForklineFlowView *self)
{
  g_return_val_if_fail (FORKLINE_IS_FLOW_VIEW (self), 1.0);

  return self->scale;
}

void
forkline_flow_view_set_scale (ForklineFlowView *self,
                              double            scale)
{
  g_return_if_fail (FORKLINE_IS_FLOW_VIEW (self));

  scale = CLAMP (scale, 1.0, 3.0);
  if (self->scale == scale)
    return;

  self->scale = scale;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE]);
}

int
forkline_flow_view_get_theme (ForklineFlowView *self)
{
  g_return_val_if_fail (FORKLINE_IS_FLOW_VIEW (self), FORKLINE_FLOW_VIEW_THEME_AUTO);

  return self->theme;
}

void
forkline_flow_view_set_theme (ForklineFlowView *self,
                              int               theme)
{
  g_return_if_fail (FORKLINE_IS_FLOW_VIEW (self));

  theme = CLAMP (theme, FORKLINE_FLOW_VIEW_THEME_AUTO, FORKLINE_N_THEMES - 1);
  if (self->theme == theme)
    return;

  self->theme = theme;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THEME]);
}

ForklineFlowState *
forkline_flow_view_get_state (ForklineFlowView *self)
{
  g_return_val_if_fail (FORKLINE_IS_FLOW_VIEW (self), NULL);

  return self->state;
}

gboolean
forkline_flow_view_is_animating (ForklineFlowView *self)
{
  g_return_val_if_fail (FORKLINE_IS_FLOW_VIEW (self), FALSE);

  return self->anims->len > 0;
}

guint
forkline_flow_view_event_at (ForklineFlowView *self,
                             double            x,
                             double            y)
{
  g_return_val_if_fail (FORKLINE_IS_FLOW_VIEW (self), FORKLINE_FLOW_NO_EVENT);

  return forkline_flow_hits_lookup_event (self->hits, x, y);
}

/* forkline-view-state.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "forkline-view-state.h"

#define MIN_VISIBLE_NS    (10 * G_GUINT64_CONSTANT (1000))      /* 10 µs */
#define FIT_MIN_NS        (500 * G_GUINT64_CONSTANT (1000000))   /* 0.5 s */

struct _ForklineViewState
{
  GObject        parent_instance;

  ForklineTrace *trace;
  gulong         changed_handler;

  guint64        visible_start;
  guint64        visible_end;
  guint64        now;
  guint64        cutoff;
  gint64         live_origin_us;

  guint          selected_event;
  guint          code_line;      /* a line of the program picked in the listing, 0 none */
  guint          hover_event;

  ForklineTheme  theme;
  double         scale;

  guint          follow_live : 1;
  guint          live : 1;
  /* While fitting, following the live edge grows the range from the run's
   * start instead of sliding a fixed-width window: short lessons stay
   * whole on screen. */
  guint          fit : 1;
};

enum {
  PROP_0,
  PROP_TRACE,
  PROP_VISIBLE_START,
  PROP_VISIBLE_END,
  PROP_FOLLOW_LIVE,
  PROP_LIVE,
  PROP_SELECTED_EVENT,
  PROP_HOVER_EVENT,
  PROP_CUTOFF,
  PROP_NOW,
  PROP_THEME,
  PROP_SCALE,
  PROP_CODE_LINE,
  N_PROPS
};

enum {
  TRACE_CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ForklineViewState, forkline_view_state, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static guint64
data_end (ForklineViewState *self)
{
  guint64 end = self->now;

  if (self->trace != NULL)
    end = MAX (end, forkline_trace_get_end_time (self->trace));

  if (self->cutoff != FORKLINE_TIME_OPEN)
    end = MIN (end, self->cutoff);

  return end;
}

static guint64
run_start (ForklineViewState *self)
{
  guint64 first = FORKLINE_TIME_OPEN;

  if (self->trace == NULL)
    return 0;

  for (guint proc = 0; proc < forkline_trace_get_n_processes (self->trace); proc++)
    {
      const ForklineProcess *process = forkline_trace_get_process (self->trace, proc);
      guint64 born = proc == 0 ? process->start_ns : process->fork_ns;

      if (born == FORKLINE_TIME_OPEN)
        born = proc == 0 ? process->fork_ns : process->start_ns;
      if (born != FORKLINE_TIME_OPEN)
        first = MIN (first, born);
    }

  return first == FORKLINE_TIME_OPEN ? 0 : first;
}

/* The whole run, from its start with a small margin each side; while live,
 * at least half a second, so the first events do not fill the view and
 * then shrink at once. */
static void
fit_range (ForklineViewState *self,
           guint64           *start,
           guint64           *end)
{
  guint64 edge = data_end (self);
  guint64 first = MIN (run_start (self), edge);
  guint64 margin = (edge - first) / (self->live ? 16 : 50);

  *start = first - MIN (first, (edge - first) / 50);
  *end = MAX (edge + margin, *start + (self->live ? FIT_MIN_NS : MIN_VISIBLE_NS));
}

static void
apply_range (ForklineViewState *self,
             guint64            start,
             guint64            end)
{
  if (end < start + MIN_VISIBLE_NS)
    end = start + MIN_VISIBLE_NS;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->visible_start != start)
    {
      self->visible_start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_START]);
    }
  if (self->visible_end != end)
    {
      self->visible_end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_END]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
follow_edge (ForklineViewState *self)
{
  guint64 edge;
  guint64 width;

  if (!self->follow_live)
    return;

  edge = data_end (self);

  if (self->fit)
    {
      guint64 start, end;

      fit_range (self, &start, &end);
      apply_range (self, start, end);
      return;
    }

  width = self->visible_end - self->visible_start;
  if (edge + width / 20 > width)
    apply_range (self, edge + width / 20 - width, edge + width / 20);
  else
    apply_range (self, 0, width);
}

static void
trace_changed_cb (ForklineViewState *self,
                  ForklineTrace     *trace)
{
  follow_edge (self);
  g_signal_emit (self, signals[TRACE_CHANGED], 0);
}

static void
forkline_view_state_dispose (GObject *object)
{
  ForklineViewState *self = (ForklineViewState *)object;

  if (self->trace != NULL)
    g_clear_signal_handler (&self->changed_handler, self->trace);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (forkline_view_state_parent_class)->dispose (object);
}

static void
forkline_view_state_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ForklineViewState *self = FORKLINE_VIEW_STATE (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_object (value, self->trace);
      break;
    case PROP_VISIBLE_START:
      g_value_set_uint64 (value, self->visible_start);
      break;
    case PROP_VISIBLE_END:
      g_value_set_uint64 (value, self->visible_end);
      break;
    case PROP_FOLLOW_LIVE:
      g_value_set_boolean (value, self->follow_live);
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    case PROP_SELECTED_EVENT:
      g_value_set_uint (value, self->selected_event);
      break;
    case PROP_CODE_LINE:
      g_value_set_uint (value, self->code_line);
      break;
    case PROP_HOVER_EVENT:
      g_value_set_uint (value, self->hover_event);
      break;
    case PROP_CUTOFF:
      g_value_set_uint64 (value, self->cutoff);
      break;
    case PROP_NOW:
      g_value_set_uint64 (value, self->now);
      break;
    case PROP_THEME:
      g_value_set_int (value, self->theme);
      break;
    case PROP_SCALE:
      g_value_set_double (value, self->scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_view_state_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ForklineViewState *self = FORKLINE_VIEW_STATE (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      forkline_view_state_set_trace (self, g_value_get_object (value));
      break;
    case PROP_FOLLOW_LIVE:
      forkline_view_state_set_follow_live (self, g_value_get_boolean (value));
      break;
    case PROP_LIVE:
      forkline_view_state_set_live (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED_EVENT:
      forkline_view_state_set_selected_event (self, g_value_get_uint (value));
      break;
    case PROP_CODE_LINE:
      forkline_view_state_set_code_line (self, g_value_get_uint (value));
      break;
    case PROP_HOVER_EVENT:
      forkline_view_state_set_hover_event (self, g_value_get_uint (value));
      break;
    case PROP_CUTOFF:
      forkline_view_state_set_cutoff (self, g_value_get_uint64 (value));
      break;
    case PROP_NOW:
      forkline_view_state_set_now (self, g_value_get_uint64 (value));
      break;
    case PROP_THEME:
      forkline_view_state_set_theme (self, g_value_get_int (value));
      break;
    case PROP_SCALE:
      forkline_view_state_set_scale (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_view_state_class_init (ForklineViewStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = forkline_view_state_dispose;
  object_class->get_property = forkline_view_state_get_property;
  object_class->set_property = forkline_view_state_set_property;

  properties[PROP_TRACE] =
    g_param_spec_object ("trace", NULL, NULL,
                         FORKLINE_TYPE_TRACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VISIBLE_START] =
    g_param_spec_uint64 ("visible-start", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_VISIBLE_END] =
    g_param_spec_uint64 ("visible-end", NULL, NULL,
                         0, G_MAXUINT64, FIT_MIN_NS,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FOLLOW_LIVE] =
    g_param_spec_boolean ("follow-live", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_EVENT] =
    g_param_spec_uint ("selected-event", NULL, NULL,
                       0, G_MAXUINT32, FORKLINE_NO_EVENT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CODE_LINE] =
    g_param_spec_uint ("code-line", NULL, NULL,
                       0, G_MAXUINT32, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HOVER_EVENT] =
    g_param_spec_uint ("hover-event", NULL, NULL,
                       0, G_MAXUINT32, FORKLINE_NO_EVENT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUTOFF] =
    g_param_spec_uint64 ("cutoff", NULL, NULL,
                         0, G_MAXUINT64, FORKLINE_TIME_OPEN,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NOW] =
    g_param_spec_uint64 ("now", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* ForklineTheme: the palette every view draws with */
  properties[PROP_THEME] =
    g_param_spec_int ("theme", NULL, NULL,
                      FORKLINE_THEME_LIGHT, FORKLINE_THEME_CONTRAST, FORKLINE_THEME_LIGHT,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* how large lanes and text are drawn: 1 normal, up to 3 (presentation) */
  properties[PROP_SCALE] =
    g_param_spec_double ("scale", NULL, NULL,
                         1.0, 3.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The shown trace got new events (live or loaded). */
  signals[TRACE_CHANGED] =
    g_signal_new ("trace-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
forkline_view_state_init (ForklineViewState *self)
{
  self->visible_start = 0;
  self->visible_end = FIT_MIN_NS;
  self->cutoff = FORKLINE_TIME_OPEN;
  self->selected_event = FORKLINE_NO_EVENT;
  self->hover_event = FORKLINE_NO_EVENT;
  self->follow_live = TRUE;
  self->fit = TRUE;
  self->theme = FORKLINE_THEME_LIGHT;
  self->scale = 1.0;
}

ForklineTheme
forkline_view_state_get_theme (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), FORKLINE_THEME_LIGHT);

  return self->theme;
}

void
forkline_view_state_set_theme (ForklineViewState *self,
                               ForklineTheme      theme)
{
  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));
  g_return_if_fail (theme >= FORKLINE_THEME_LIGHT && theme <= FORKLINE_THEME_CONTRAST);

  if (self->theme == theme)
    return;

  self->theme = theme;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THEME]);
}

double
forkline_view_state_get_scale (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), 1.0);

  return self->scale;
}

void
forkline_view_state_set_scale (ForklineViewState *self,
                               double             scale)
{
  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  scale = CLAMP (scale, 1.0, 3.0);
  if (self->scale == scale)
    return;

  self->scale = scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE]);
}

ForklineViewState *
forkline_view_state_new (void)
{
  return g_object_new (FORKLINE_TYPE_VIEW_STATE, NULL);
}

ForklineTrace *
forkline_view_state_get_trace (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), NULL);

  return self->trace;
}

/* A new trace resets the selection, replay position and range: nothing of
 * the old run means anything in the new one. */
void
forkline_view_state_set_trace (ForklineViewState *self,
                               ForklineTrace     *trace)
{
  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));
  g_return_if_fail (trace == NULL || FORKLINE_IS_TRACE (trace));

  if (self->trace == trace)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->trace != NULL)
    g_clear_signal_handler (&self->changed_handler, self->trace);
  g_set_object (&self->trace, trace);
  if (trace != NULL)
    self->changed_handler =
      g_signal_connect_object (trace, "changed",
                               G_CALLBACK (trace_changed_cb),
                               self, G_CONNECT_SWAPPED);

  forkline_view_state_set_selected_event (self, FORKLINE_NO_EVENT);
  forkline_view_state_set_hover_event (self, FORKLINE_NO_EVENT);
  forkline_view_state_set_cutoff (self, FORKLINE_TIME_OPEN);
  forkline_view_state_set_now (self, 0);
  forkline_view_state_set_follow_live (self, TRUE);
  forkline_view_state_zoom_to_fit (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[TRACE_CHANGED], 0);
}

guint64
forkline_view_state_get_visible_start (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), 0);

  return self->visible_start;
}

guint64
forkline_view_state_get_visible_end (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), 0);

  return self->visible_end;
}

/* Set by the user (zoom, pan): leaves fit mode; the live edge is followed
 * only while it stays in view. */
void
forkline_view_state_set_visible_range (ForklineViewState *self,
                                       guint64            start_ns,
                                       guint64            end_ns)
{
  guint64 edge;

  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  self->fit = FALSE;
  apply_range (self, start_ns, end_ns);

  edge = data_end (self);
  if (self->live)
    forkline_view_state_set_follow_live (self, self->visible_end >= edge);
}

void
forkline_view_state_zoom (ForklineViewState *self,
                          double             factor,
                          double             anchor)
{
  double width, start, new_width, a;

  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));
  g_return_if_fail (factor > 0);

  /* a NaN anchor would pass CLAMP and send the view to 2^63 ns */
  a = isfinite (anchor) ? CLAMP (anchor, 0.0, 1.0) : 0.5;
  width = (double)(self->visible_end - self->visible_start);
  start = (double)self->visible_start;
  new_width = CLAMP (width / factor, (double)MIN_VISIBLE_NS, 1e13);
  start = start + (width - new_width) * a;
  if (start < 0)
    start = 0;

  self->fit = FALSE;
  apply_range (self, (guint64)start, (guint64)(start + new_width));
  if (self->live && self->follow_live)
    follow_edge (self);
}

void
forkline_view_state_pan (ForklineViewState *self,
                         double             fraction)
{
  double width, start;

  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  width = (double)(self->visible_end - self->visible_start);
  start = (double)self->visible_start + width * fraction;
  if (start < 0)
    start = 0;

  forkline_view_state_set_visible_range (self, (guint64)start, (guint64)(start + width));
}

void
forkline_view_state_zoom_to_fit (ForklineViewState *self)
{
  guint64 start, end;

  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  self->fit = TRUE;
  fit_range (self, &start, &end);
  apply_range (self, start, end);
  if (self->live)
    forkline_view_state_set_follow_live (self, TRUE);
}

gboolean
forkline_view_state_get_follow_live (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), FALSE);

  return self->follow_live;
}

void
forkline_view_state_set_follow_live (ForklineViewState *self,
                                     gboolean           follow_live)
{
  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  follow_live = !!follow_live;
  if (self->follow_live == follow_live)
    return;

  self->follow_live = follow_live;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
  follow_edge (self);
}

gboolean
forkline_view_state_get_live (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), FALSE);

  return self->live;
}

void
forkline_view_state_set_live (ForklineViewState *self,
                              gboolean           live)
{
  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  live = !!live;
  if (self->live == live)
    return;

  self->live = live;
  if (live)
    self->live_origin_us = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);

  /* A finished run ends on the whole picture, unless the user is looking
   * at a detail. */
  if (!live && self->follow_live)
    forkline_view_state_zoom_to_fit (self);
}

guint
forkline_view_state_get_selected_event (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), FORKLINE_NO_EVENT);

  return self->selected_event;
}

void
forkline_view_state_set_selected_event (ForklineViewState *self,
                                        guint              event)
{
  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  if (self->selected_event == event)
    return;

  self->selected_event = event;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);
}

guint
forkline_view_state_get_code_line (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), 0);

  return self->code_line;
}

void
forkline_view_state_set_code_line (ForklineViewState *self,
                                   guint              line)
{
  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  if (self->code_line == line)
    return;

  self->code_line = line;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE_LINE]);
}

guint
forkline_view_state_get_hover_event (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), FORKLINE_NO_EVENT);

  return self->hover_event;
}

void
forkline_view_state_set_hover_event (ForklineViewState *self,
                                     guint              event)
{
  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  if (self->hover_event == event)
    return;

  self->hover_event = event;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_EVENT]);
}

guint64
forkline_view_state_get_cutoff (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), FORKLINE_TIME_OPEN);

  return self->cutoff;
}

void
forkline_view_state_set_cutoff (ForklineViewState *self,
                                guint64            cutoff_ns)
{
  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  if (self->cutoff == cutoff_ns)
    return;

  self->cutoff = cutoff_ns;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUTOFF]);
}

guint64
forkline_view_state_get_now (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), 0);

  return self->now;
}

void
forkline_view_state_set_now (ForklineViewState *self,
                             guint64            now_ns)
{
  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  if (self->now == now_ns)
    return;

  self->now = now_ns;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
  follow_edge (self);
}

void
forkline_view_state_tick (ForklineViewState *self,
                          gint64             monotonic_us,
                          guint64            min_step_ns)
{
  guint64 now;

  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  if (!self->live || monotonic_us < self->live_origin_us)
    return;

  now = (guint64)(monotonic_us - self->live_origin_us) * 1000;
  if (self->trace != NULL)
    now = MAX (now, forkline_trace_get_end_time (self->trace));
  if (now < self->now + min_step_ns)
    return;
  forkline_view_state_set_now (self, now);
}

/* When the lesson begins: the main process starting (the engine forks it
 * at once but lets it run only once its CPU counters are open), or an
 * earlier fork of a child.  Zoom to fit and a replay from the start begin
 * here, as export's "whole run" does, so a short run is not mostly the
 * engine's start-up. */
guint64
forkline_view_state_get_run_start (ForklineViewState *self)
{
  g_return_val_if_fail (FORKLINE_IS_VIEW_STATE (self), 0);

  return run_start (self);
}

/* Brings @time_ns into view, keeping the zoom, if it is not shown: an
 * event selected in the console or the flow diagram must be findable on
 * the timeline. */
void
forkline_view_state_reveal_time (ForklineViewState *self,
                                 guint64            time_ns)
{
  guint64 width, start;

  g_return_if_fail (FORKLINE_IS_VIEW_STATE (self));

  if (time_ns >= self->visible_start && time_ns <= self->visible_end)
    return;

  width = self->visible_end - self->visible_start;
  start = time_ns - MIN (time_ns, width / 2);
  forkline_view_state_set_visible_range (self, start, start + width);
}

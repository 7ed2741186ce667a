/* forkline-replay-bar.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "forkline-renderer.h"
#include "forkline-replay-bar.h"

/* Runs without sleeps (pool-map) last a few milliseconds: only 1/100 and
 * 1/1000 make them watchable, so the rates go below the usual 0.1×. */
static const double rates[] = { 0.001, 0.01, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0 };
static const char * const rate_names[] = {
  "1/1000×", "1/100×", "0.1×", "0.25×", "0.5×", "1×", "2×", "5×", "10×", NULL
};

struct _ForklineReplayBar
{
  GtkWidget          parent_instance;

  /* bound so that gtk_widget_dispose_template() unparents it */
  GtkWidget         *root_box;

  ForklineViewState *view_state;
  GSignalGroup      *state_signals;

  guint              tick_id;
  gint64             last_frame_us;
  double             rate;
  guint              syncing : 1;

  GtkButton         *play_button;
  GtkScale          *scale;
  GtkAdjustment     *adjustment;
  GtkLabel          *time_label;
  GtkDropDown       *rate_dropdown;
};

enum {
  PROP_0,
  PROP_VIEW_STATE,
  PROP_RATE,
  PROP_PLAYING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ForklineReplayBar, forkline_replay_bar, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static guint64
run_end (ForklineReplayBar *self)
{
  ForklineTrace *trace = self->view_state ? forkline_view_state_get_trace (self->view_state) : NULL;

  return trace ? forkline_trace_get_end_time (trace) : 0;
}

/* The position shown: the cutoff, or the end when not replaying. */
static guint64
position (ForklineReplayBar *self)
{
  guint64 cutoff = forkline_view_state_get_cutoff (self->view_state);

  return cutoff == FORKLINE_TIME_OPEN ? run_end (self) : MIN (cutoff, run_end (self));
}

static void
set_position (ForklineReplayBar *self,
              guint64            pos)
{
  /* At the end the replay shows everything, including what is still open. */
  forkline_view_state_set_cutoff (self->view_state, pos >= run_end (self) ? FORKLINE_TIME_OPEN : pos);
}

static void
update_controls (ForklineReplayBar *self)
{
  g_autofree char *now = NULL;
  g_autofree char *end = NULL;
  g_autofree char *text = NULL;
  guint64 total;

  if (self->view_state == NULL)
    return;

  total = run_end (self);
  self->syncing = TRUE;
  gtk_adjustment_configure (self->adjustment, (double)position (self), 0, MAX ((double)total, 1),
                            MAX (total / 1000.0, 1), MAX (total / 20.0, 1), 0);
  self->syncing = FALSE;

  now = forkline_format_duration (position (self));
  end = forkline_format_duration (total);
  text = g_strdup_printf ("%s / %s", now, end);
  gtk_label_set_text (self->time_label, text);

  gtk_button_set_icon_name (self->play_button,
                            self->tick_id ? "media-playback-pause-symbolic"
                                          : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               self->tick_id ? "Pause the replay" : "Replay the run");
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  ForklineReplayBar *self = FORKLINE_REPLAY_BAR (widget);
  gint64 frame = gdk_frame_clock_get_frame_time (clock);
  double advance;
  guint64 pos;

  if (self->last_frame_us == 0)
    self->last_frame_us = frame;
  advance = (double)(frame - self->last_frame_us) * 1000.0 * self->rate;
  self->last_frame_us = frame;

  pos = position (self) + (guint64)advance;
  if (pos >= run_end (self))
    {
      set_position (self, run_end (self));
      forkline_replay_bar_pause (self);
      return G_SOURCE_REMOVE;
    }

  set_position (self, pos);
  return G_SOURCE_CONTINUE;
}

static void
value_changed_cb (ForklineReplayBar *self,
                  GtkAdjustment     *adj)
{
  if (self->syncing || self->view_state == NULL)
    return;

  set_position (self, (guint64)gtk_adjustment_get_value (adj));
}

static void
play_clicked_cb (ForklineReplayBar *self)
{
  forkline_replay_bar_toggle (self);
}

static void
back_clicked_cb (ForklineReplayBar *self)
{
  forkline_replay_bar_step (self, -1);
}

static void
forward_clicked_cb (ForklineReplayBar *self)
{
  forkline_replay_bar_step (self, 1);
}

static void
rate_selected_cb (ForklineReplayBar *self)
{
  guint i = gtk_drop_down_get_selected (self->rate_dropdown);

  if (i < G_N_ELEMENTS (rates) && rates[i] != self->rate)
    {
      self->rate = rates[i];
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }
}

static void
state_notify_cb (ForklineReplayBar *self,
                 GParamSpec        *pspec,
                 ForklineViewState *state)
{
  if (g_strcmp0 (pspec->name, "trace") == 0 || g_strcmp0 (pspec->name, "live") == 0)
    forkline_replay_bar_pause (self);
  if (g_strcmp0 (pspec->name, "cutoff") == 0 || g_strcmp0 (pspec->name, "trace") == 0 ||
      g_strcmp0 (pspec->name, "live") == 0)
    update_controls (self);
}

static void
forkline_replay_bar_dispose (GObject *object)
{
  ForklineReplayBar *self = (ForklineReplayBar *)object;

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->state_signals != NULL)
    g_signal_group_set_target (self->state_signals, NULL);
  g_clear_object (&self->state_signals);
  g_clear_object (&self->view_state);
  gtk_widget_dispose_template (GTK_WIDGET (self), FORKLINE_TYPE_REPLAY_BAR);

  G_OBJECT_CLASS (forkline_replay_bar_parent_class)->dispose (object);
}

static void
forkline_replay_bar_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ForklineReplayBar *self = FORKLINE_REPLAY_BAR (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      g_value_set_object (value, self->view_state);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->tick_id != 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_replay_bar_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ForklineReplayBar *self = FORKLINE_REPLAY_BAR (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      forkline_replay_bar_set_view_state (self, g_value_get_object (value));
      break;
    case PROP_RATE:
      forkline_replay_bar_set_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_replay_bar_class_init (ForklineReplayBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = forkline_replay_bar_dispose;
  object_class->get_property = forkline_replay_bar_get_property;
  object_class->set_property = forkline_replay_bar_set_property;

  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL, FORKLINE_TYPE_VIEW_STATE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0.001, 10.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/forkline/Forkline/forkline-replay-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, ForklineReplayBar, root_box);
  gtk_widget_class_bind_template_child (widget_class, ForklineReplayBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, ForklineReplayBar, scale);
  gtk_widget_class_bind_template_child (widget_class, ForklineReplayBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, ForklineReplayBar, time_label);
  gtk_widget_class_bind_template_child (widget_class, ForklineReplayBar, rate_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, play_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, forward_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "replaybar");
}

static void
forkline_replay_bar_init (ForklineReplayBar *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new ((const char * const *)rate_names);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rate = 1.0;
  gtk_drop_down_set_model (self->rate_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->rate_dropdown, 3);
  g_signal_connect_object (self->rate_dropdown, "notify::selected",
                           G_CALLBACK (rate_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->adjustment, "value-changed",
                           G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);

  self->state_signals = g_signal_group_new (FORKLINE_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->state_signals, "notify",
                                 G_CALLBACK (state_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->state_signals, "trace-changed",
                                 G_CALLBACK (update_controls), self, G_CONNECT_SWAPPED);
}

GtkWidget *
forkline_replay_bar_new (void)
{
  return g_object_new (FORKLINE_TYPE_REPLAY_BAR, NULL);
}

void
forkline_replay_bar_set_view_state (ForklineReplayBar *self,
                                    ForklineViewState *view_state)
{
  g_return_if_fail (FORKLINE_IS_REPLAY_BAR (self));
  g_return_if_fail (view_state == NULL || FORKLINE_IS_VIEW_STATE (view_state));

  if (!g_set_object (&self->view_state, view_state))
    return;

  g_signal_group_set_target (self->state_signals, view_state);
  update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

gboolean
forkline_replay_bar_get_playing (ForklineReplayBar *self)
{
  g_return_val_if_fail (FORKLINE_IS_REPLAY_BAR (self), FALSE);

  return self->tick_id != 0;
}

void
forkline_replay_bar_play (ForklineReplayBar *self)
{
  g_return_if_fail (FORKLINE_IS_REPLAY_BAR (self));

  if (self->tick_id != 0 || self->view_state == NULL || run_end (self) == 0)
    return;
  if (forkline_view_state_get_live (self->view_state))
    return;

  /* from the lesson's start: the engine's start-up before it shows nothing */
  if (position (self) >= run_end (self))
    set_position (self, forkline_view_state_get_run_start (self->view_state));

  self->last_frame_us = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

void
forkline_replay_bar_pause (ForklineReplayBar *self)
{
  g_return_if_fail (FORKLINE_IS_REPLAY_BAR (self));

  if (self->tick_id == 0)
    return;

  gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

void
forkline_replay_bar_toggle (ForklineReplayBar *self)
{
  g_return_if_fail (FORKLINE_IS_REPLAY_BAR (self));

  if (self->tick_id != 0)
    forkline_replay_bar_pause (self);
  else
    forkline_replay_bar_play (self);
}

void
forkline_replay_bar_step (ForklineReplayBar *self,
                          int                direction)
{
  ForklineTrace *trace;
  guint n, count;
  guint64 pos;

  g_return_if_fail (FORKLINE_IS_REPLAY_BAR (self));

  if (self->view_state == NULL || !(trace = forkline_view_state_get_trace (self->view_state)))
    return;

  forkline_replay_bar_pause (self);
  n = forkline_trace_get_n_events (trace);
  if (n == 0)
    return;

  pos = position (self);
  count = forkline_trace_count_events_until (trace, pos);

  if (direction > 0)
    {
      /* the first event after the position (events can share a time) */
      if (count < n)
        set_position (self, forkline_trace_get_event_time (trace, count));
    }
  else
    {
      /* back to just before the last shown event's time */
      guint64 last = count > 0 ? forkline_trace_get_event_time (trace, count - 1) : 0;
      guint before = forkline_trace_count_events_until (trace, last > 0 ? last - 1 : 0);

      set_position (self, before > 0 ? forkline_trace_get_event_time (trace, before - 1) : 0);
    }
}

double
forkline_replay_bar_get_rate (ForklineReplayBar *self)
{
  g_return_val_if_fail (FORKLINE_IS_REPLAY_BAR (self), 1.0);

  return self->rate;
}

void
forkline_replay_bar_set_rate (ForklineReplayBar *self,
                              double             rate)
{
  guint best = 0;

  g_return_if_fail (FORKLINE_IS_REPLAY_BAR (self));

  rate = CLAMP (rate, 0.001, 10.0);
  for (guint i = 1; i < G_N_ELEMENTS (rates); i++)
    if (fabs (log (rates[i] / rate)) < fabs (log (rates[best] / rate)))
      best = i;

  gtk_drop_down_set_selected (self->rate_dropdown, best);
  if (self->rate != rate)
    {
      self->rate = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }
}

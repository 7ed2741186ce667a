/* forkline-line-marks.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-line-marks.h"
#include "forkline-palette.h"
#include "forkline-words.h"

#define DOT_SIZE   8
#define DOT_GAP    2
#define MAX_DOTS   4   /* more processes on one line show as a "+" */

typedef struct
{
  guint line;   /* 1-based */
  guint proc;
} Mark;

struct _ForklineLineMarks
{
  GtkSourceGutterRenderer  parent_instance;

  ForklineViewState       *view_state;
  GSignalGroup            *state_signals;
  GArray                  *marks;        /* Mark, in lane order */
  char                    *description;
};

enum {
  PROP_0,
  PROP_VIEW_STATE,
  PROP_DESCRIPTION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ForklineLineMarks, forkline_line_marks, GTK_SOURCE_TYPE_GUTTER_RENDERER)

static GParamSpec *properties[N_PROPS];

/* The moment the views show: the selected event, else the replay
 * position, else the live edge; none once a run is over and nothing is
 * selected (every process has left its program then). */
static guint64
shown_time (ForklineViewState *state,
            ForklineTrace     *trace)
{
  guint event = forkline_view_state_get_selected_event (state);
  guint64 cutoff = forkline_view_state_get_cutoff (state);

  if (event != FORKLINE_NO_EVENT && event < forkline_trace_get_n_events (trace))
    return forkline_trace_get_event_time (trace, event);
  if (cutoff != FORKLINE_TIME_OPEN)
    return cutoff;
  if (forkline_view_state_get_live (state))
    return forkline_view_state_get_now (state);
  return FORKLINE_TIME_OPEN;
}

static void
collect_marks (ForklineLineMarks *self,
               GArray            *marks,
               GString           *text)
{
  ForklineTrace *trace = self->view_state ? forkline_view_state_get_trace (self->view_state) : NULL;
  guint64 t;

  if (trace == NULL || forkline_trace_get_source (trace, NULL) == NULL)
    return;
  if ((t = shown_time (self->view_state, trace)) == FORKLINE_TIME_OPEN)
    return;

  for (guint proc = 0; proc < forkline_trace_get_n_processes (trace); proc++)
    {
      const ForklineProcess *p = forkline_trace_get_process (trace, proc);
      Mark mark = { forkline_trace_get_line_at (trace, proc, t), proc };

      /* a process is at a line only while it lives */
      if (mark.line == 0 || t < p->start_ns || (p->exit_ns != FORKLINE_TIME_OPEN && t >= p->exit_ns))
        continue;
      g_array_append_val (marks, mark);
      if (text->len == 0)
        {
          /* on the timeline's own clock, as the axis and the console read */
          g_autofree char *when = forkline_format_duration (t);

          g_string_append_printf (text, "At %s: ", when);
        }
      else
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s on line %u", p->name, mark.line);
    }
}

static gboolean
same_marks (GArray *a,
            GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (Mark)) == 0;
}

/* Called on every change of what the views show, up to once a frame
 * while live: a lookup per process, a redraw only if a dot moved. */
static void
update_marks (ForklineLineMarks *self)
{
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  g_autoptr(GString) text = g_string_new (NULL);

  collect_marks (self, marks, text);
  if (same_marks (marks, self->marks) && g_strcmp0 (text->str, self->description) == 0)
    return;

  g_array_set_size (self->marks, 0);
  g_array_append_vals (self->marks, marks->data, marks->len);
  g_free (self->description);
  self->description = g_strdup (text->str);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

static void
state_notify_cb (ForklineLineMarks *self,
                 GParamSpec        *pspec,
                 ForklineViewState *state)
{
  if (g_strcmp0 (pspec->name, "theme") == 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  else
    update_marks (self);
}

static void
forkline_line_marks_snapshot_line (GtkSourceGutterRenderer *renderer,
                                   GtkSnapshot             *snapshot,
                                   GtkSourceGutterLines    *lines,
                                   guint                    line)
{
  ForklineLineMarks *self = FORKLINE_LINE_MARKS (renderer);
  ForklineTheme theme = self->view_state ? forkline_view_state_get_theme (self->view_state)
                                         : FORKLINE_THEME_LIGHT;
  int y, height;
  guint drawn = 0;

  gtk_source_gutter_lines_get_line_yrange (lines, line, GTK_SOURCE_GUTTER_RENDERER_ALIGNMENT_MODE_FIRST,
                                           &y, &height);

  for (guint i = 0; i < self->marks->len; i++)
    {
      const Mark *mark = &g_array_index (self->marks, Mark, i);
      float x = DOT_GAP + drawn * (DOT_SIZE + DOT_GAP);
      graphene_rect_t rect;
      GskRoundedRect dot;
      ForklineRgba rgba;

      if (mark->line != line + 1)
        continue;
      if (drawn == MAX_DOTS)
        break;

      forkline_palette_process_color (theme, mark->proc, &rgba);
      graphene_rect_init (&rect, x, y + (height - DOT_SIZE) / 2.0f, DOT_SIZE, DOT_SIZE);
      gsk_rounded_rect_init_from_rect (&dot, &rect, DOT_SIZE / 2.0f);
      gtk_snapshot_push_rounded_clip (snapshot, &dot);
      gtk_snapshot_append_color (snapshot,
                                 &(GdkRGBA) { rgba.red, rgba.green, rgba.blue, 1.0 },
                                 &rect);
      gtk_snapshot_pop (snapshot);
      drawn++;
    }
}

static void
forkline_line_marks_dispose (GObject *object)
{
  ForklineLineMarks *self = (ForklineLineMarks *)object;

  if (self->state_signals != NULL)
    g_signal_group_set_target (self->state_signals, NULL);
  g_clear_object (&self->state_signals);
  g_clear_object (&self->view_state);

  G_OBJECT_CLASS (forkline_line_marks_parent_class)->dispose (object);
}

static void
forkline_line_marks_finalize (GObject *object)
{
  ForklineLineMarks *self = (ForklineLineMarks *)object;

  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (forkline_line_marks_parent_class)->finalize (object);
}

static void
forkline_line_marks_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ForklineLineMarks *self = FORKLINE_LINE_MARKS (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      g_value_set_object (value, self->view_state);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_line_marks_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ForklineLineMarks *self = FORKLINE_LINE_MARKS (object);

  switch (prop_id)
    {
    case PROP_VIEW_STATE:
      forkline_line_marks_set_view_state (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
forkline_line_marks_class_init (ForklineLineMarksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSourceGutterRendererClass *renderer_class = GTK_SOURCE_GUTTER_RENDERER_CLASS (klass);

  object_class->dispose = forkline_line_marks_dispose;
  object_class->finalize = forkline_line_marks_finalize;
  object_class->get_property = forkline_line_marks_get_property;
  object_class->set_property = forkline_line_marks_set_property;
  renderer_class->snapshot_line = forkline_line_marks_snapshot_line;

  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL,
                         FORKLINE_TYPE_VIEW_STATE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         "",
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
forkline_line_marks_init (ForklineLineMarks *self)
{
  self->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  self->description = g_strdup ("");
  gtk_widget_set_size_request (GTK_WIDGET (self), MAX_DOTS * (DOT_SIZE + DOT_GAP) + DOT_GAP, -1);

  self->state_signals = g_signal_group_new (FORKLINE_TYPE_VIEW_STATE);
  g_signal_group_connect_object (self->state_signals, "notify",
                                 G_CALLBACK (state_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->state_signals, "trace-changed",
                                 G_CALLBACK (update_marks), self, G_CONNECT_SWAPPED);
}

GtkSourceGutterRenderer *
forkline_line_marks_new (void)
{
  return g_object_new (FORKLINE_TYPE_LINE_MARKS, NULL);
}

ForklineViewState *
forkline_line_marks_get_view_state (ForklineLineMarks *self)
{
  g_return_val_if_fail (FORKLINE_IS_LINE_MARKS (self), NULL);

  return self->view_state;
}

void
forkline_line_marks_set_view_state (ForklineLineMarks *self,
                                    ForklineViewState *view_state)
{
  g_return_if_fail (FORKLINE_IS_LINE_MARKS (self));
  g_return_if_fail (view_state == NULL || FORKLINE_IS_VIEW_STATE (view_state));

  if (!g_set_object (&self->view_state, view_state))
    return;

  g_signal_group_set_target (self->state_signals, view_state);
  update_marks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

const char *
forkline_line_marks_get_description (ForklineLineMarks *self)
{
  g_return_val_if_fail (FORKLINE_IS_LINE_MARKS (self), "");

  return self->description;
}

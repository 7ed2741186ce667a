/* forkline-renderer-lanes.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where each lane goes: heights by kind, growth to fill the view, the
 * scroll offset below the fixed header.
 */

#include "config.h"

#include <string.h>

#include "forkline-renderer.h"
#include "forkline-renderer-private.h"
#include "forkline-renderer-lanes-private.h"
#include "forkline-trace-private.h"

double
forkline_renderer_get_header_height (const ForklineView *view)
{
  double s;

  g_return_val_if_fail (view != NULL, 0);

  s = _forkline_view_scale (view);
  return (view->show_title ? TITLE_HEIGHT * s : 0) + (view->show_ruler ? RULER_HEIGHT * s : 0);
}

static gboolean
is_channel_kind (ForklineTrace *trace,
                 guint32        id)
{
  const ForklineObject *obj = forkline_trace_lookup_object (trace, id);

  return obj == NULL || obj->kind == FORKLINE_OBJECT_QUEUE || obj->kind == FORKLINE_OBJECT_PIPE;
}

static gboolean
proc_has_index (ForklineTrace *trace,
                guint          proc,
                guint          which)
{
  guint n;

  _forkline_trace_get_proc_index (trace, proc, which, &n);
  return n > 0;
}

/* A process lane stacks its rows: a Lock row (if it ever touched a Lock),
 * the state row, a task row (if it ran pool tasks) and a row per thread
 * besides its main one, so the words of a state, a task and a Lock never
 * share a line. */
static double
proc_lane_base_height (ForklineTrace *trace,
                       guint          proc,
                       double         s)
{
  double h = PROC_LANE_HEIGHT;

  if (proc_has_index (trace, proc, FORKLINE_PROC_INDEX_LOCKS))
    h += LOCK_ROW_HEIGHT;
  if (proc_has_index (trace, proc, FORKLINE_PROC_INDEX_TASKS))
    h += TASK_ROW_HEIGHT;
  h += forkline_trace_get_n_threads (trace, proc) * THREAD_ROW_HEIGHT;
  return h * s;
}

void
_forkline_renderer_proc_rows (ForklineTrace      *trace,
                              const ForklineLane *lane,
                              double              s,
                              ForklineProcRows   *rows)
{
  gboolean locks = proc_has_index (trace, (guint) lane->index, FORKLINE_PROC_INDEX_LOCKS);
  gboolean tasks = proc_has_index (trace, (guint) lane->index, FORKLINE_PROC_INDEX_TASKS);
  guint threads = forkline_trace_get_n_threads (trace, (guint) lane->index);
  double base = PROC_LANE_HEIGHT + (locks ? LOCK_ROW_HEIGHT : 0) + (tasks ? TASK_ROW_HEIGHT : 0) +
                threads * THREAD_ROW_HEIGHT;
  /* fit_height stretches every row alike */
  double grow = lane->height / (base * s);

  rows->lock_y = lane->y;
  rows->lock_h = locks ? LOCK_ROW_HEIGHT * s * grow : 0;
  rows->state_y = rows->lock_y + rows->lock_h;
  rows->state_h = PROC_LANE_HEIGHT * s * grow;
  rows->task_y = rows->state_y + rows->state_h;
  rows->task_h = tasks ? TASK_ROW_HEIGHT * s * grow : 0;
  rows->thread_y = rows->task_y + rows->task_h;
  rows->thread_h = THREAD_ROW_HEIGHT * s * grow;
  rows->n_threads = threads;
}

double
_forkline_renderer_lane_mid_y (ForklineTrace      *trace,
                               const ForklineLane *lane,
                               double              s)
{
  ForklineProcRows rows;

  if (lane->kind != FORKLINE_LANE_PROCESS)
    return lane->y + lane->height / 2;
  _forkline_renderer_proc_rows (trace, lane, s, &rows);
  return rows.state_y + rows.state_h / 2;
}

static gboolean
lane_kind_grows (ForklineLaneKind kind)
{
  return kind == FORKLINE_LANE_CPU || kind == FORKLINE_LANE_PROCESS || kind == FORKLINE_LANE_CHANNEL;
}

ForklineLane *
_forkline_renderer_build_lanes (ForklineTrace      *trace,
                                const ForklineView *view,
                                guint              *n_lanes)
{
  GArray *lanes = g_array_new (FALSE, FALSE, sizeof (ForklineLane));
  ForklineLane *all;
  double s = _forkline_view_scale (view);
  double y = 0;
  double fixed = 0;
  double growable = 0;
  double grow = 1.0;
  guint n_cpus = forkline_trace_get_n_cpus (trace);
  guint n_procs = forkline_trace_get_n_processes (trace);
  const guint32 *channels;
  guint n_channels;
  guint n_visible_channels = 0;
  ForklineLane lane;

  /* Heights first, positions once the growth is known. */
#define ADD(k, i, hh) G_STMT_START { \
    lane.kind = (k); lane.index = (i); lane.y = 0; lane.height = (hh); \
    g_array_append_val (lanes, lane); \
  } G_STMT_END

  if (view->show_title)
    ADD (FORKLINE_LANE_TITLE, 0, TITLE_HEIGHT * s);
  if (view->show_ruler)
    ADD (FORKLINE_LANE_RULER, 0, RULER_HEIGHT * s);

  ADD (FORKLINE_LANE_SECTION, 0, SECTION_HEIGHT * s);
  for (guint cpu = 0; cpu < n_cpus; cpu++)
    ADD (FORKLINE_LANE_CPU, cpu, CPU_LANE_HEIGHT * s);

  ADD (FORKLINE_LANE_SECTION, 1, SECTION_HEIGHT * s);
  for (guint proc = 0; proc < n_procs; proc++)
    ADD (FORKLINE_LANE_PROCESS, proc, proc_lane_base_height (trace, proc, s));

  channels = _forkline_trace_get_channel_ids (trace, &n_channels);
  for (guint i = 0; i < n_channels; i++)
    n_visible_channels += is_channel_kind (trace, channels[i]);
  if (n_visible_channels > 0)
    {
      ADD (FORKLINE_LANE_SECTION, 2, SECTION_HEIGHT * s);
      for (guint i = 0; i < n_channels; i++)
        if (is_channel_kind (trace, channels[i]))
          ADD (FORKLINE_LANE_CHANNEL, channels[i], CHAN_LANE_HEIGHT * s);
    }

  if (view->show_legend)
    ADD (FORKLINE_LANE_LEGEND, 0, _forkline_renderer_legend_height (trace, view));

#undef ADD

  all = (ForklineLane *) (gpointer) lanes->data;
  for (guint i = 0; i < lanes->len; i++)
    {
      if (lane_kind_grows (all[i].kind))
        growable += all[i].height;
      else
        fixed += all[i].height;
    }
  if (view->fit_height && growable > 0 && view->height > fixed + growable)
    grow = MIN ((view->height - fixed) / growable, FIT_MAX_GROW);

  for (guint i = 0; i < lanes->len; i++)
    {
      if (lane_kind_grows (all[i].kind))
        all[i].height *= grow;
      /* title and ruler stay put; everything below scrolls */
      if (all[i].kind != FORKLINE_LANE_TITLE && all[i].kind != FORKLINE_LANE_RULER &&
          (i == 0 || all[i - 1].kind == FORKLINE_LANE_TITLE || all[i - 1].kind == FORKLINE_LANE_RULER))
        y -= view->y_offset;
      all[i].y = y;
      y += all[i].height;
    }

  *n_lanes = lanes->len;
  return (ForklineLane *) (gpointer) g_array_free (lanes, FALSE);
}

gboolean
_forkline_renderer_get_proc_rows (ForklineTrace      *trace,
                                  const ForklineView *view,
                                  guint               proc,
                                  ForklineProcRows   *out)
{
  g_autofree ForklineLane *lanes = NULL;
  guint n;

  lanes = _forkline_renderer_build_lanes (trace, view, &n);
  for (guint i = 0; i < n; i++)
    if (lanes[i].kind == FORKLINE_LANE_PROCESS && lanes[i].index == proc)
      {
        _forkline_renderer_proc_rows (trace, &lanes[i], _forkline_view_scale (view), out);
        return TRUE;
      }
  return FALSE;
}

ForklineLane *
forkline_renderer_get_lanes (ForklineTrace      *trace,
                             const ForklineView *view,
                             guint              *n_lanes)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (trace), NULL);
  g_return_val_if_fail (view != NULL, NULL);
  g_return_val_if_fail (n_lanes != NULL, NULL);

  return _forkline_renderer_build_lanes (trace, view, n_lanes);
}

double
forkline_renderer_get_content_height (ForklineTrace      *trace,
                                      const ForklineView *view)
{
  ForklineView v;
  g_autofree ForklineLane *lanes = NULL;
  guint n;

  g_return_val_if_fail (FORKLINE_IS_TRACE (trace), 0);
  g_return_val_if_fail (view != NULL, 0);

  v = *view;
  v.y_offset = 0;
  lanes = _forkline_renderer_build_lanes (trace, &v, &n);
  if (n == 0)
    return 0;
  return lanes[n - 1].y + lanes[n - 1].height;
}

gboolean
forkline_renderer_lane_at_y (ForklineTrace      *trace,
                             const ForklineView *view,
                             double              y,
                             ForklineLane       *out)
{
  g_autofree ForklineLane *lanes = NULL;
  double header;
  guint n;

  g_return_val_if_fail (FORKLINE_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->kind = FORKLINE_LANE_NONE;
  header = forkline_renderer_get_header_height (view);
  lanes = _forkline_renderer_build_lanes (trace, view, &n);

  for (guint i = 0; i < n; i++)
    {
      gboolean fixed = lanes[i].kind == FORKLINE_LANE_TITLE || lanes[i].kind == FORKLINE_LANE_RULER;

      /* Scrolled lanes hidden under the fixed header are not hit. */
      if (!fixed && y < header)
        continue;
      if (y >= lanes[i].y && y < lanes[i].y + lanes[i].height)
        {
          *out = lanes[i];
          return TRUE;
        }
    }

  return FALSE;
}

/* forkline-renderer-hit.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which event lies under a point of the view: the lanes are laid out as
 * for drawing, then the marks, spans and states under the point are read.
 */

#include "config.h"

#include "forkline-renderer.h"
#include "forkline-renderer-lanes-private.h"
#include "forkline-trace-private.h"

static guint64
mark_time (ForklineTrace *trace,
           guint          which,
           guint32        index,
           guint32       *event)
{
  guint n;

  if (which == FORKLINE_PROC_INDEX_PRINTS)
    {
      const ForklinePrint *p = &forkline_trace_get_prints (trace, &n)[index];

      *event = p->event;
      return p->time_ns;
    }
  else
    {
      const ForklineArrayWrite *w = &forkline_trace_get_array_writes (trace, &n)[index];

      *event = w->event;
      return w->time_ns;
    }
}

static gint64
hit_marks (ForklineTrace      *trace,
           const ForklineView *view,
           guint               proc,
           guint               which,
           guint64             t,
           guint64             slack)
{
  const guint32 *idx;
  guint n, lo = 0, hi;
  gint64 best = -1;
  guint64 best_d = G_MAXUINT64;
  guint64 from = t > slack ? t - slack : 0;
  guint32 ev;

  idx = _forkline_trace_get_proc_index (trace, proc, which, &n);
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (mark_time (trace, which, idx[mid], &ev) < from)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint k = lo; k < n; k++)
    {
      guint64 mt = mark_time (trace, which, idx[k], &ev);
      guint64 d;

      if (mt > t + slack || mt > view->cutoff_ns)
        break;
      d = mt > t ? mt - t : t - mt;
      if (d < best_d)
        {
          best_d = d;
          best = ev;
        }
    }

  return best;
}

static gint64
hit_cpu (ForklineTrace      *trace,
         const ForklineView *view,
         guint               cpu,
         guint64             t)
{
  const ForklineCpuSpan *spans;
  guint n, i;
  guint count;

  spans = forkline_trace_get_cpu_spans (trace, cpu, &n);
  i = _forkline_trace_cpu_span_after (trace, cpu, t);
  if (i >= n || spans[i].start_ns > t || spans[i].start_ns > view->cutoff_ns)
    return -1;

  /* The switch-in that opened this span. */
  count = forkline_trace_count_events_until (trace, spans[i].start_ns);
  for (guint k = count; k > 0 && count - k < 4096; k--)
    {
      ForklineEvent ev;

      forkline_trace_get_event (trace, k - 1, &ev);
      /* of the same thread: a thread's switches carry its id, main's 0 */
      if (ev.type == FORKLINE_EV_SWITCH_IN && ev.cpu == (gint) cpu && ev.pid == spans[i].pid &&
          (ev.b == spans[i].tid || (spans[i].tid == 0 && ev.b == ev.pid)))
        return k - 1;
    }

  return -1;
}

/* The task a worker ran at t, in its lane's task row. */
static gint64
hit_task (ForklineTrace      *trace,
          const ForklineView *view,
          guint               proc,
          guint64             t)
{
  const ForklineTask *tasks;
  const guint32 *idx;
  guint n, n_tasks;
  guint lo = 0, hi;

  tasks = forkline_trace_get_tasks (trace, &n_tasks);
  idx = _forkline_trace_get_proc_index (trace, proc, FORKLINE_PROC_INDEX_TASKS, &n);
  /* one task at a time per worker: finish times are sorted */
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (tasks[idx[mid]].finish_ns < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < n && tasks[idx[lo]].start_ns <= t && tasks[idx[lo]].start_ns <= view->cutoff_ns)
    return tasks[idx[lo]].start_event;
  return -1;
}

/* A thread row: the switch-in of the run it was on a CPU at t. */
static gint64
hit_thread (ForklineTrace      *trace,
            const ForklineView *view,
            guint               proc,
            guint               thread,
            guint64             t,
            guint64             slack)
{
  const guint64 *runs;
  guint n;

  runs = _forkline_trace_get_thread_runs (trace, proc, thread, &n);
  for (guint i = _forkline_trace_thread_run_ending_after (trace, proc, thread, t - MIN (t, slack)); i < n; i++)
    {
      const ForklineCpuSpan *span = _forkline_trace_run_span (trace, runs[i]);

      if (span->start_ns > t + slack)
        break;
      /* a short run is a tick: near enough is on it */
      if (span->end_ns == FORKLINE_TIME_OPEN || span->end_ns + slack >= t)
        return hit_cpu (trace, view, _forkline_trace_run_cpu (runs[i]), MAX (t, span->start_ns));
    }
  return -1;
}

/* A process lane: its marks (prints on top, writes at the bottom), its
 * task row, its threads' rows, its exit, else the state it was in. */
static gint64
hit_process (ForklineTrace      *trace,
             const ForklineView *view,
             const ForklineLane *lane,
             double              y,
             guint64             t,
             guint64             slack)
{
  guint proc = (guint) lane->index;
  const ForklineProcess *p;
  const ForklineStateRec *recs;
  ForklineProcRows rows;
  gint64 hit;
  gint span;
  double rel;
  guint n;

  _forkline_renderer_proc_rows (trace, lane, _forkline_view_scale (view), &rows);
  rel = (y - rows.state_y) / rows.state_h;

  if (rel >= 0 && rel < 0.35 && (hit = hit_marks (trace, view, proc, FORKLINE_PROC_INDEX_PRINTS, t, slack)) >= 0)
    return hit;
  if (rel > 0.65 && rel <= 1 && (hit = hit_marks (trace, view, proc, FORKLINE_PROC_INDEX_WRITES, t, slack)) >= 0)
    return hit;

  if (rows.task_h > 0 && y >= rows.task_y && y < rows.task_y + rows.task_h &&
      (hit = hit_task (trace, view, proc, t)) >= 0)
    return hit;
  if (rows.n_threads > 0 && y >= rows.thread_y)
    return hit_thread (trace, view, proc, MIN ((guint) ((y - rows.thread_y) / rows.thread_h), rows.n_threads - 1),
                       t, slack);

  p = forkline_trace_get_process (trace, proc);
  if (p != NULL && p->exit_event != FORKLINE_NO_EVENT && p->exit_ns <= t + slack && p->exit_ns + slack >= t)
    return p->exit_event;

  span = _forkline_trace_state_rec_at (trace, proc, t);
  recs = _forkline_trace_get_state_recs (trace, proc, &n);
  if (span < 0 || recs[span].state == FORKLINE_STATE_EXITED)
    return -1;

  /* running in the lesson's words, but off every CPU: what the kernel
   * said when it took the process off (preempted, or blocked) */
  if (recs[span].state == FORKLINE_STATE_RUNNING)
    {
      gboolean on_cpu = FALSE;
      const ForklineCpuSpan *run = forkline_trace_get_cpu_run_at (trace, proc, t, &on_cpu);

      if (run != NULL && !on_cpu && run->out_event != FORKLINE_NO_EVENT)
        return run->out_event;
    }
  return recs[span].event;
}

/* A channel lane: the last message put by t that was still inside. */
static gint64
hit_channel (ForklineTrace *trace,
             guint32        channel,
             guint64        t,
             guint64        slack)
{
  const ForklineMessage *msgs;
  const guint32 *idx;
  guint n, n_msgs;
  gint64 best = -1;
  guint lo = 0, hi;

  msgs = forkline_trace_get_messages (trace, &n_msgs);
  idx = forkline_trace_get_channel_messages (trace, channel, &n);
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (msgs[idx[mid]].put_ns <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  /* messages still in flight at t were put shortly before */
  for (guint k = lo > 512 ? lo - 512 : 0; k < n; k++)
    {
      const ForklineMessage *m = &msgs[idx[k]];

      if (m->put_ns != FORKLINE_TIME_OPEN && m->put_ns > t)
        break;
      if (m->get_ns == FORKLINE_TIME_OPEN || m->get_ns + slack >= t)
        best = m->put_event != FORKLINE_NO_EVENT ? m->put_event : m->get_event;
    }
  return best;
}

gint64
forkline_renderer_hit_test (ForklineTrace      *trace,
                            const ForklineView *view,
                            double              x,
                            double              y)
{
  ForklineLane lane;
  guint64 t;
  guint64 slack;

  g_return_val_if_fail (FORKLINE_IS_TRACE (trace), -1);
  g_return_val_if_fail (view != NULL, -1);

  if (x < forkline_renderer_get_gutter_width (view) || !forkline_renderer_lane_at_y (trace, view, y, &lane))
    return -1;

  t = forkline_renderer_time_at_x (view, x);
  slack = forkline_renderer_time_at_x (view, x + 5 * _forkline_view_scale (view)) - t;
  if (t > view->cutoff_ns)
    return -1;

  switch (lane.kind)
    {
    case FORKLINE_LANE_CPU:
      return hit_cpu (trace, view, (guint) lane.index, t);

    case FORKLINE_LANE_PROCESS:
      return hit_process (trace, view, &lane, y, t, slack);

    case FORKLINE_LANE_CHANNEL:
      return hit_channel (trace, (guint32) lane.index, t, slack);

    case FORKLINE_LANE_NONE:
    case FORKLINE_LANE_TITLE:
    case FORKLINE_LANE_RULER:
    case FORKLINE_LANE_SECTION:
    case FORKLINE_LANE_LEGEND:
    default:
      return -1;
    }
}

/* forkline-renderer-selection.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the hovered and the selected event show: a line at their time, and
 * an outline around what the selected event drew.
 */

#include "config.h"

#include "forkline-renderer-frame-private.h"
#include "forkline-renderer-lanes-private.h"
#include "forkline-trace-private.h"

/* A vertical line at the event's time across the lanes. */
void
forkline_frame_draw_event_line (ForklineFrame      *f,
                                gint64              event,
                                const ForklineRgba *color,
                                double              width,
                                double              top,
                                double              bottom)
{
  double x;

  if (bottom <= top || event < 0 || (guint64) event >= forkline_trace_get_n_events (f->trace))
    return;

  x = frame_x (f, forkline_trace_get_event_time (f->trace, (guint) event));
  if (x < f->gutter || x > f->view->width)
    return;

  forkline_rgba_set_source (f->cr, color);
  cairo_rectangle (f->cr, x - width / 2, top, width, bottom - top);
  cairo_fill (f->cr);
}

static void
outline (ForklineFrame *f,
         double         x0,
         double         x1,
         double         y,
         double         h)
{
  double lw = 2.5 * f->scale;

  x0 = MAX (x0, f->gutter - lw);
  x1 = MIN (x1, f->view->width + lw);
  if (x1 - x0 < 4 * f->scale)
    {
      double mid = (x0 + x1) / 2;

      x0 = mid - 2 * f->scale;
      x1 = mid + 2 * f->scale;
    }
  forkline_rgba_set_source (f->cr, &f->palette->selection);
  cairo_set_line_width (f->cr, lw);
  cairo_rectangle (f->cr, x0, y + lw / 2, x1 - x0, h - lw);
  cairo_stroke (f->cr);
}

static gint
event_proc (ForklineFrame       *f,
            const ForklineEvent *ev)
{
  return ev->proc >= 0 ? ev->proc : forkline_trace_lookup_proc (f->trace, ev->pid);
}

/* The state span the STATE event began. */
static void
select_state_span (ForklineFrame       *f,
                   const ForklineEvent *ev,
                   gint64               index,
                   gint                 proc)
{
  const ForklineLane *lane;
  const ForklineStateRec *spans;
  guint n;

  if (proc < 0 || !(lane = forkline_frame_find_lane (f, FORKLINE_LANE_PROCESS, proc)))
    return;
  spans = _forkline_trace_get_state_recs (f->trace, proc, &n);
  for (guint i = _forkline_trace_state_span_after (f->trace, proc, ev->time_ns > 0 ? ev->time_ns - 1 : 0); i < n; i++)
    if (spans[i].event == index)
      {
        guint64 end = _forkline_state_rec_end (spans, n, i);
        ForklineProcRows rows;

        end = end == FORKLINE_TIME_OPEN ? f->open_end : MIN (end, f->open_end);
        _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
        outline (f, frame_x (f, spans[i].start_ns), frame_x (f, end), rows.state_y, rows.state_h);
        return;
      }
    else if (spans[i].start_ns > ev->time_ns)
      return;
}

/* The CPU span a switch began or ended. */
static void
select_cpu_span (ForklineFrame       *f,
                 const ForklineEvent *ev)
{
  const ForklineLane *lane;
  const ForklineCpuSpan *spans;
  guint n, i;

  if (ev->cpu < 0 || !(lane = forkline_frame_find_lane (f, FORKLINE_LANE_CPU, ev->cpu)))
    return;
  spans = forkline_trace_get_cpu_spans (f->trace, ev->cpu, &n);
  i = _forkline_trace_cpu_span_after (f->trace, ev->cpu,
                                      ev->type == FORKLINE_EV_SWITCH_IN ? ev->time_ns : (ev->time_ns > 0 ? ev->time_ns - 1 : 0));
  if (i < n && spans[i].pid == ev->pid)
    {
      guint64 end = spans[i].end_ns == FORKLINE_TIME_OPEN ? f->open_end : MIN (spans[i].end_ns, f->open_end);

      outline (f, frame_x (f, spans[i].start_ns), frame_x (f, end), lane->y, lane->height);
    }
}

/* The task box, whichever of the task's events is selected. */
static void
select_task (ForklineFrame *f,
             gint64         index)
{
  const ForklineLane *lane;
  const ForklineTask *tasks;
  guint n;

  tasks = forkline_trace_get_tasks (f->trace, &n);
  for (guint i = 0; i < n; i++)
    if ((tasks[i].dispatch_event == index || tasks[i].start_event == index || tasks[i].finish_event == index) &&
        tasks[i].start_ns != FORKLINE_TIME_OPEN &&
        (lane = forkline_frame_find_lane (f, FORKLINE_LANE_PROCESS, tasks[i].worker_proc)))
      {
        guint64 end = tasks[i].finish_ns == FORKLINE_TIME_OPEN ? f->open_end : MIN (tasks[i].finish_ns, f->open_end);
        ForklineProcRows rows;

        _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
        outline (f, frame_x (f, tasks[i].start_ns), frame_x (f, end), rows.task_y, rows.task_h);
        return;
      }
}

/* The message's arrow: to the receiver, or into its channel while it
 * has not arrived. */
static void
select_message (ForklineFrame       *f,
                const ForklineEvent *ev)
{
  const ForklineMessage *m = forkline_trace_lookup_message (f->trace, ev->msg_id);
  const ForklineLane *lane, *from, *to;

  if (m == NULL || m->put_ns == FORKLINE_TIME_OPEN ||
      !(from = forkline_frame_find_lane (f, FORKLINE_LANE_PROCESS, m->sender_proc)))
    return;
  if (m->get_ns != FORKLINE_TIME_OPEN && m->get_ns <= f->cutoff &&
      (to = forkline_frame_find_lane (f, FORKLINE_LANE_PROCESS, m->receiver_proc)))
    {
      double y1 = _forkline_renderer_lane_mid_y (f->trace, to, f->scale);
      double y0 = _forkline_renderer_lane_mid_y (f->trace, from, f->scale);

      forkline_frame_draw_arrow (f, frame_x (f, m->put_ns), y0, frame_x (f, m->get_ns),
                                 y1 + (y1 > y0 ? -4 : 4) * f->scale, &f->palette->selection, FALSE, FALSE);
    }
  else if ((lane = forkline_frame_find_lane (f, FORKLINE_LANE_CHANNEL, m->object)))
    forkline_frame_draw_arrow (f, frame_x (f, m->put_ns),
                               _forkline_renderer_lane_mid_y (f->trace, from, f->scale),
                               MIN (frame_x (f, f->open_end), f->view->width - 6 * f->scale),
                               lane->y + lane->height / 2, &f->palette->selection, TRUE, TRUE);
}

/* A ring around a print() or array-write mark. */
static void
select_mark (ForklineFrame       *f,
             const ForklineEvent *ev,
             gint                 proc)
{
  const ForklineLane *lane;
  ForklineProcRows rows;
  double x, y;

  if (proc < 0 || !(lane = forkline_frame_find_lane (f, FORKLINE_LANE_PROCESS, proc)))
    return;

  x = frame_x (f, ev->time_ns);
  _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
  y = ev->type == FORKLINE_EV_PRINT ? rows.state_y + 4 * f->scale : rows.state_y + rows.state_h - 5 * f->scale;

  forkline_rgba_set_source (f->cr, &f->palette->selection);
  cairo_set_line_width (f->cr, 2 * f->scale);
  cairo_arc (f->cr, x, y, 7 * f->scale, 0, 2 * G_PI);
  cairo_stroke (f->cr);
}

/* Besides the time line, outline the selected thing itself: its state
 * span, its CPU span, its task box, its mark or its message arrow. */
void
forkline_frame_draw_selected_item (ForklineFrame *f,
                                   gint64         index)
{
  const ForklineEventKind *kind;
  ForklineEvent ev;
  gint proc;

  if (index < 0 || !forkline_trace_get_event (f->trace, (guint) index, &ev) || ev.time_ns > f->cutoff)
    return;
  proc = event_proc (f, &ev);

  kind = forkline_event_kind (ev.type);
  if (kind == NULL)
    return;

  switch (kind->category)
    {
    case FORKLINE_CATEGORY_STATE:
      select_state_span (f, &ev, index, proc);
      break;

    case FORKLINE_CATEGORY_KERNEL:
      if (kind->role == FORKLINE_ROLE_BEGIN || kind->role == FORKLINE_ROLE_END)
        select_cpu_span (f, &ev);
      break;

    case FORKLINE_CATEGORY_POOL:
      select_task (f, index);
      break;

    case FORKLINE_CATEGORY_QUEUE:
    case FORKLINE_CATEGORY_PIPE:
      if (kind->role == FORKLINE_ROLE_SEND || kind->role == FORKLINE_ROLE_RECEIVE)
        select_message (f, &ev);
      break;

    case FORKLINE_CATEGORY_PRINT:
      select_mark (f, &ev, proc);
      break;

    case FORKLINE_CATEGORY_ARRAY:
      /* a write leaves a mark; a read draws nothing of its own */
      if (kind->role == FORKLINE_ROLE_END)
        select_mark (f, &ev, proc);
      break;

    default:
      break;
    }
}

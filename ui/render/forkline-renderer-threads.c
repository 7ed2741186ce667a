/* forkline-renderer-threads.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A process's threads besides its main one (a real-CPython run's Queue
 * feeder, a Pool's helpers, the program's own), a thin row each under the
 * process: a line while the thread lives, solid where the kernel had it
 * on a CPU — the same switches the CPU lanes draw.
 */

#include "config.h"

#include "forkline-renderer-frame-private.h"
#include "forkline-renderer-lanes-private.h"
#include "forkline-trace-private.h"

/* Solid where on a CPU. */
static void
draw_thread_runs (ForklineFrame      *f,
                  guint               proc,
                  guint               thread,
                  double              y,
                  double              h,
                  const ForklineRgba *color)
{
  const guint64 *runs;
  guint n;
  double col = -1;

  runs = _forkline_trace_get_thread_runs (f->trace, proc, thread, &n);
  forkline_rgba_set_source (f->cr, color);
  for (guint i = _forkline_trace_thread_run_ending_after (f->trace, proc, thread, f->view->t0); i < n; i++)
    {
      const ForklineCpuSpan *span = _forkline_trace_run_span (f->trace, runs[i]);
      guint64 end = span->end_ns == FORKLINE_TIME_OPEN ? f->open_end : span->end_ns;

      if (span->start_ns >= f->limit)
        break;
      forkline_frame_span_rect (f, &col, span->start_ns, MIN (end, f->limit), y, h);
    }
  cairo_fill (f->cr);
}

void
forkline_frame_draw_threads (ForklineFrame      *f,
                             const ForklineLane *lane,
                             const ForklineRgba *color)
{
  guint proc = (guint) lane->index;
  ForklineProcRows rows;

  _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
  for (guint i = 0; i < rows.n_threads; i++)
    {
      const ForklineThread *thread = forkline_trace_get_thread (f->trace, proc, i);
      double y = rows.thread_y + i * rows.thread_h;
      double mid = y + rows.thread_h / 2;
      guint64 born = thread->start_ns;
      guint64 gone = MIN (thread->end_ns != FORKLINE_TIME_OPEN ? thread->end_ns : f->open_end, f->limit);
      ForklineRgba faint = *color;

      /* alive: a hairline; told only by the kernel: from its first run */
      if (born == FORKLINE_TIME_OPEN)
        {
          guint n;
          const guint64 *runs = _forkline_trace_get_thread_runs (f->trace, proc, i, &n);

          born = n > 0 ? _forkline_trace_run_span (f->trace, runs[0])->start_ns : gone;
        }
      if (born < gone)
        {
          double xs = MAX (frame_x (f, born), f->gutter);
          double xe = MIN (frame_x (f, gone), f->view->width);

          faint.alpha *= 0.6;
          forkline_rgba_set_source (f->cr, &faint);
          if (xe > xs)
            {
              cairo_rectangle (f->cr, xs, mid - 0.5 * f->scale, xe - xs, 1.0 * f->scale);
              cairo_fill (f->cr);
            }
        }
      draw_thread_runs (f, proc, i, y + 2.5 * f->scale, rows.thread_h - 5.0 * f->scale, color);
    }
}

/* In the gutter, under the process's name, a step in. */
void
forkline_frame_draw_thread_names (ForklineFrame      *f,
                                  const ForklineLane *lane)
{
  ForklineProcRows rows;

  _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
  pango_layout_set_ellipsize (f->layout, PANGO_ELLIPSIZE_END);
  for (guint i = 0; i < rows.n_threads; i++)
    {
      const ForklineThread *thread = forkline_trace_get_thread (f->trace, (guint) lane->index, i);
      g_autofree char *name = *thread->name ? g_strdup (thread->name)
                                            : g_strdup_printf ("thread %d", thread->tid);

      forkline_frame_draw_text (f, name, 16 * f->scale, rows.thread_y + (i + 0.5) * rows.thread_h,
                                f->gutter - 20 * f->scale, &f->palette->muted);
    }
}

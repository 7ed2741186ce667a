/* forkline-renderer-lines.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A line of the program picked in the listing (view->code_line): on each
 * process's state row, a band over the time the process was on that line
 * (from its LINE records: until its next line, or its end).
 */

#include "config.h"

#include "forkline-renderer-frame-private.h"
#include "forkline-renderer-lanes-private.h"
#include "forkline-trace-private.h"

/* The listing's own highlight colour, so the two read as one thing. */
static const ForklineRgba line_band = { 0.96, 0.76, 0.07, 0.38 };

void
forkline_frame_draw_code_line (ForklineFrame      *f,
                               const ForklineLane *lane)
{
  guint proc = (guint) lane->index;
  const ForklineProcess *p = forkline_trace_get_process (f->trace, proc);
  const ForklineLineMark *marks;
  ForklineProcRows rows;
  guint64 gone;
  double col = -1;
  guint n;

  if (f->view->code_line == 0)
    return;
  marks = _forkline_trace_get_line_marks (f->trace, proc, &n);
  if (n == 0)
    return;
  _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
  gone = MIN (p->exit_ns != FORKLINE_TIME_OPEN ? p->exit_ns : f->open_end, f->limit);

  forkline_rgba_set_source (f->cr, &line_band);
  for (guint i = _forkline_trace_line_mark_at (f->trace, proc, f->view->t0); i < n && marks[i].time_ns < f->limit; i++)
    {
      guint64 end = MIN (i + 1 < n ? marks[i + 1].time_ns : gone, gone);

      if (marks[i].line == f->view->code_line && end > marks[i].time_ns)
        forkline_frame_span_rect (f, &col, marks[i].time_ns, end, rows.state_y, rows.state_h);
    }
  cairo_fill (f->cr);
}

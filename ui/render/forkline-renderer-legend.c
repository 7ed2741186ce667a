/* forkline-renderer-legend.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The legend below the lanes: what each state pattern, mark, arrow and
 * process colour means.  Its height is counted here too, so that the
 * lane layout and the drawing agree on the items.
 */

#include "config.h"

#include "forkline-renderer-frame-private.h"
#include "forkline-renderer-lanes-private.h"
#include "forkline-trace-private.h"

static const ForklineState legend_states[] = {
  FORKLINE_STATE_RUNNING, FORKLINE_STATE_SLEEPING, FORKLINE_STATE_WAIT_QUEUE,
  FORKLINE_STATE_WAIT_JOIN, FORKLINE_STATE_WAIT_TASK,
};

/* print(), array write, pool task, Lock, message, unreceived message */
#define N_MARK_ITEMS 6

typedef struct
{
  ForklineFrame *f;
  double         x0;
  double         y0;
  double         item_w;
  guint          per_row;
  guint          item;
} Legend;

/* The kernel's words, for a run that has them: ready and in the kernel
 * where context switches were seen, no data where records were lost. */
static gboolean
has_switches (ForklineTrace *trace)
{
  for (guint proc = 0; proc < forkline_trace_get_n_processes (trace); proc++)
    {
      guint n = 0;

      _forkline_trace_get_proc_runs (trace, proc, &n);
      if (n > 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_usage (ForklineTrace *trace)
{
  for (guint cpu = 0; cpu < forkline_trace_get_n_cpus (trace); cpu++)
    {
      guint n = 0;

      forkline_trace_get_cpu_usage (trace, cpu, &n);
      if (n > 0)
        return TRUE;
    }
  return FALSE;
}

static guint
kernel_items (ForklineTrace *trace)
{
  guint n_gaps = 0;

  forkline_trace_get_data_gaps (trace, &n_gaps);
  return (has_switches (trace) ? 2 : 0) + (has_usage (trace) ? 1 : 0) + (n_gaps > 0 ? 1 : 0);
}

static guint
legend_per_row (const ForklineView *view,
                double              s)
{
  return MAX (1, (guint) ((view->width - 16 * s) / (LEGEND_ITEM_WIDTH * s)));
}

double
_forkline_renderer_legend_height (ForklineTrace      *trace,
                                  const ForklineView *view)
{
  double s = _forkline_view_scale (view);
  guint per_row = legend_per_row (view, s);
  guint n_procs = MIN (forkline_trace_get_n_processes (trace), FORKLINE_N_PROCESS_COLORS);
  guint n_items = G_N_ELEMENTS (legend_states) + kernel_items (trace) + N_MARK_ITEMS + n_procs;
  guint rows = (n_items + per_row - 1) / per_row;

  return SECTION_HEIGHT * s + rows * LEGEND_ROW * s + 8 * s;
}

/* The next item's top left, filling the rows left to right. */
static void
legend_next (Legend *lg,
             double *x,
             double *y)
{
  double s = lg->f->scale;

  *x = lg->x0 + (lg->item % lg->per_row) * lg->item_w;
  *y = lg->y0 + (lg->item / lg->per_row) * LEGEND_ROW * s;
  lg->item++;
}

/* The words right of an item's 34 px swatch. */
static void
legend_caption (Legend     *lg,
                const char *text,
                double      x,
                double      y)
{
  double s = lg->f->scale;

  forkline_frame_draw_text (lg->f, text, x + 40 * s, y + 9 * s, lg->item_w - 44 * s,
                            &lg->f->palette->foreground);
}

static void
legend_states_items (Legend *lg)
{
  ForklineFrame *f = lg->f;
  double s = f->scale;
  ForklineRgba neutral;

  forkline_palette_process_color (f->view->theme, 0, &neutral);
  for (guint i = 0; i < G_N_ELEMENTS (legend_states); i++)
    {
      double x, y;

      legend_next (lg, &x, &y);
      forkline_palette_paint_state (f->cr, f->view->theme, legend_states[i], &neutral,
                                    x, y + 2 * s, 34 * s, 14 * s, s);
      legend_caption (lg, forkline_palette_state_style (legend_states[i])->name, x, y);
    }
}

static void
legend_kernel_items (Legend *lg)
{
  static const int leaves[] = { FORKLINE_LEAVE_PREEMPTED, FORKLINE_LEAVE_BLOCKED };
  ForklineFrame *f = lg->f;
  double s = f->scale;
  ForklineRgba neutral;
  guint n_gaps = 0;
  double x, y;

  forkline_palette_process_color (f->view->theme, 0, &neutral);
  for (guint i = 0; has_switches (f->trace) && i < G_N_ELEMENTS (leaves); i++)
    {
      legend_next (lg, &x, &y);
      forkline_palette_paint_off_cpu (f->cr, f->view->theme, leaves[i], &neutral,
                                      x, y + 2 * s, 34 * s, 14 * s, s);
      legend_caption (lg, forkline_palette_off_cpu_name (leaves[i]), x, y);
    }

  if (has_usage (f->trace))
    {
      legend_next (lg, &x, &y);
      forkline_rgba_set_source (f->cr, &f->palette->other_process);
      cairo_rectangle (f->cr, x + 2 * s, y + 8 * s, 30 * s, 8 * s);
      cairo_fill (f->cr);
      legend_caption (lg, "other programs (10 ms ticks)", x, y);
    }

  forkline_trace_get_data_gaps (f->trace, &n_gaps);
  if (n_gaps > 0)
    {
      legend_next (lg, &x, &y);
      forkline_palette_paint_no_data (f->cr, f->view->theme, x, y + 2 * s, 34 * s, 14 * s, s);
      legend_caption (lg, "no data (records lost)", x, y);
    }
}

/* The shapes as the lanes draw them, in the foreground colour. */
static void
legend_mark_items (Legend *lg)
{
  ForklineFrame *f = lg->f;
  cairo_t *cr = f->cr;
  double s = f->scale;
  double x, y;

  legend_next (lg, &x, &y);
  forkline_rgba_set_source (cr, &f->palette->foreground);
  cairo_move_to (cr, x + 13 * s, y + 3 * s);
  cairo_line_to (cr, x + 21 * s, y + 3 * s);
  cairo_line_to (cr, x + 17 * s, y + 9 * s);
  cairo_close_path (cr);
  cairo_fill (cr);
  legend_caption (lg, "print()", x, y);

  legend_next (lg, &x, &y);
  forkline_rgba_set_source (cr, &f->palette->foreground);
  cairo_move_to (cr, x + 17 * s, y + 3 * s);
  cairo_line_to (cr, x + 22 * s, y + 9 * s);
  cairo_line_to (cr, x + 17 * s, y + 15 * s);
  cairo_line_to (cr, x + 12 * s, y + 9 * s);
  cairo_close_path (cr);
  cairo_fill (cr);
  legend_caption (lg, "array write", x, y);

  legend_next (lg, &x, &y);
  forkline_rgba_set_source (cr, &f->palette->foreground);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, x + 2.5 * s, y + 3.5 * s, 30 * s, 12 * s);
  cairo_stroke (cr);
  legend_caption (lg, "pool task", x, y);

  legend_next (lg, &x, &y);
  forkline_rgba_set_source (cr, &f->palette->foreground);
  cairo_rectangle (cr, x + 2 * s, y + 3 * s, 30 * s, 3 * s);
  cairo_fill (cr);
  legend_caption (lg, "holds a Lock", x, y);

  legend_next (lg, &x, &y);
  forkline_frame_draw_arrow (f, x + 2 * s, y + 9 * s, x + 32 * s, y + 9 * s,
                             &f->palette->message, FALSE, FALSE);
  legend_caption (lg, "message put → get", x, y);

  legend_next (lg, &x, &y);
  forkline_frame_draw_arrow (f, x + 2 * s, y + 9 * s, x + 26 * s, y + 9 * s,
                             &f->palette->unreceived, TRUE, TRUE);
  forkline_frame_draw_cross (f, x + 28 * s, y + 9 * s, 4 * s, &f->palette->unreceived);
  legend_caption (lg, "never received", x, y);
}

static void
legend_process_items (Legend *lg)
{
  ForklineFrame *f = lg->f;
  double s = f->scale;
  guint n_procs = MIN (forkline_trace_get_n_processes (f->trace), FORKLINE_N_PROCESS_COLORS);

  for (guint proc = 0; proc < n_procs; proc++)
    {
      const ForklineProcess *p = forkline_trace_get_process (f->trace, proc);
      ForklineRgba color;
      double x, y;

      legend_next (lg, &x, &y);
      forkline_palette_process_color (f->view->theme, proc, &color);
      forkline_rgba_set_source (f->cr, &color);
      cairo_rectangle (f->cr, x + 2 * s, y + 2 * s, 30 * s, 14 * s);
      cairo_fill (f->cr);
      legend_caption (lg, *p->name ? p->name : "process", x, y);
    }
}

void
forkline_frame_draw_legend (ForklineFrame      *f,
                            const ForklineLane *lane)
{
  double s = f->scale;
  Legend lg = {
    .f = f,
    .x0 = 8 * s,
    .y0 = lane->y + SECTION_HEIGHT * s + 4 * s,
    .item_w = LEGEND_ITEM_WIDTH * s,
    .per_row = legend_per_row (f->view, s),
  };

  forkline_rgba_set_source (f->cr, &f->palette->section_background);
  cairo_rectangle (f->cr, 0, lane->y, f->view->width, SECTION_HEIGHT * s);
  cairo_fill (f->cr);
  forkline_frame_set_font (f, FONT_SIZE, TRUE);
  forkline_frame_draw_text (f, "Legend", 8 * s, lane->y + SECTION_HEIGHT * s / 2, -1,
                            &f->palette->foreground);
  forkline_frame_set_font (f, FONT_SIZE, FALSE);

  legend_states_items (&lg);
  legend_kernel_items (&lg);
  legend_mark_items (&lg);
  legend_process_items (&lg);
}

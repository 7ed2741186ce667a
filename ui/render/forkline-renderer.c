/* forkline-renderer.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "forkline-renderer.h"
#include "forkline-renderer-private.h"
#include "forkline-renderer-lanes-private.h"
#include "forkline-renderer-frame-private.h"
#include "forkline-trace-private.h"

void
forkline_view_init (ForklineView  *view,
                    ForklineTrace *trace,
                    double         width,
                    double         height)
{
  g_return_if_fail (view != NULL);

  memset (view, 0, sizeof *view);
  view->t0 = 0;
  view->t1 = trace != NULL ? MAX (forkline_trace_get_end_time (trace), 1000) : 1000000000;
  view->width = width;
  view->height = height;
  view->scale = 1.0;
  view->theme = FORKLINE_THEME_LIGHT;
  view->cutoff_ns = G_MAXUINT64;
  view->selected_event = -1;
  view->hover_event = -1;
  view->show_ruler = TRUE;
}

double
forkline_renderer_get_gutter_width (const ForklineView *view)
{
  g_return_val_if_fail (view != NULL, 0);

  return MIN (GUTTER_WIDTH * _forkline_view_scale (view), view->width / 3);
}

double
forkline_renderer_x_at_time (const ForklineView *view,
                             guint64             time_ns)
{
  double gutter;
  double span;

  g_return_val_if_fail (view != NULL, 0);

  gutter = forkline_renderer_get_gutter_width (view);
  span = view->t1 > view->t0 ? (double) (view->t1 - view->t0) : 1.0;
  return gutter + ((double) time_ns - (double) view->t0) * (view->width - gutter) / span;
}

guint64
forkline_renderer_time_at_x (const ForklineView *view,
                             double              x)
{
  double gutter;
  double span;
  double t;

  g_return_val_if_fail (view != NULL, 0);

  gutter = forkline_renderer_get_gutter_width (view);
  span = view->t1 > view->t0 ? (double) (view->t1 - view->t0) : 1.0;
  t = (double) view->t0 + (x - gutter) * span / MAX (1.0, view->width - gutter);
  if (t <= 0)
    return 0;
  if (t >= (double) G_MAXUINT64)
    return G_MAXUINT64;
  return (guint64) t;
}


static void
luminance_text_color (const ForklineRgba *bg,
                      ForklineRgba       *out)
{
  double lum = 0.2126 * bg->red + 0.7152 * bg->green + 0.0722 * bg->blue;

  out->red = out->green = out->blue = lum > 0.5 ? 0.0 : 1.0;
  out->alpha = 1.0;
}

/* ------------------------------------------------------------------ */
/* Lanes                                                               */

/* About one span per pixel or more over the visible range: spans would
 * be sub-pixel, so columns come from the buckets. */
static gboolean
lane_is_dense (ForklineFrame *f,
               guint          n_spans)
{
  double visible;

  if (f->bucket_shift == 0 || f->open_end == 0)
    return FALSE;
  visible = (double) (f->view->t1 - f->view->t0) / (double) f->open_end;
  return n_spans * MIN (visible, 1.0) >= f->plot_width;
}

/* Summary of [t0, t1) from the buckets; *pure is TRUE when one key fills
 * it completely (part of a span wider than the column). */
static void
bucket_summary (const ForklineBucket *buckets,
                guint                 n,
                guint                 shift,
                guint64               t0,
                guint64               t1,
                ForklineSummary      *out,
                gboolean             *pure)
{
  guint b0 = (guint) (t0 >> shift);
  guint b1 = (guint) ((t1 - 1) >> shift);
  double busy = 0;
  double best = -1;

  memset (out, 0, sizeof *out);
  out->key = FORKLINE_SUMMARY_NO_KEY;
  *pure = b0 < n;

  for (guint b = b0; b <= b1 && b < n; b++)
    {
      guint64 bs = (guint64) b << shift;
      guint64 be = bs + (G_GUINT64_CONSTANT (1) << shift);
      double w = buckets[b].busy * (double) (MIN (be, t1) - MAX (bs, t0));

      busy += w;
      if (buckets[b].mixed || buckets[b].busy < 0.999f ||
          buckets[b].key == FORKLINE_BUCKET_NO_KEY ||
          (out->key != FORKLINE_SUMMARY_NO_KEY && out->key != buckets[b].key))
        *pure = FALSE;
      if (buckets[b].key != FORKLINE_BUCKET_NO_KEY && w > best)
        {
          best = w;
          out->key = buckets[b].key;
        }
    }

  out->busy_ns = (guint64) busy;
}

/* One pixel column of a CPU lane where the CPU was busy a fraction of the
 * time.  A burst of a few microseconds in a second-long view must still
 * show: at least half the lane tall; on a projector (contrast) the whole
 * lane and two pixels wide, since thin pale slivers vanish there. */
static void
cpu_column (ForklineFrame *f,
            gint           proc,
            double         col,
            double         y,
            double         h,
            double         frac)
{
  double bh;

  if (f->view->theme == FORKLINE_THEME_CONTRAST)
    {
      forkline_frame_batch_add (f, proc, col, y, MAX (1.0, round (1.5 * f->scale)), h);
      return;
    }
  bh = MAX (h * 0.5, h * frac);
  forkline_frame_batch_add (f, proc, col, y + h - bh, 1.0, bh);
}

/* Dense zooms: every pixel column from the buckets alone, without touching
 * the spans (which at a million events would miss the cache per column).
 * Runs of at least min_run pure columns are handed to draw_run (exact
 * span, pattern, label); returns FALSE if there are no buckets. */
typedef void (*RunFunc) (ForklineFrame      *f,
                         const ForklineLane *lane,
                         guint64             t_begin,
                         guint64             t_end,
                         gpointer            data);

static void
draw_columns_from_buckets (ForklineFrame        *f,
                           const ForklineLane   *lane,
                           const ForklineBucket *buckets,
                           guint                 n_buckets,
                           double                y,
                           double                h,
                           gboolean              by_state,
                           guint                 min_run,
                           RunFunc               draw_run,
                           gpointer              data)
{
  double x_end = MIN (frame_x (f, f->limit), f->view->width);
  double col = MAX (floor (frame_x (f, f->view->t0)), f->gutter);

  while (col < x_end)
    {
      guint64 c0 = MAX (frame_t (f, col), f->view->t0);
      guint64 c1 = MIN (frame_t (f, col + 1), f->limit);
      ForklineSummary sum;
      gboolean pure;

      if (c1 <= c0)
        {
          col++;
          continue;
        }

      bucket_summary (buckets, n_buckets, f->bucket_shift, c0, c1, &sum, &pure);

      if (pure && draw_run != NULL)
        {
          double run_end = col + 1;

          while (run_end < x_end)
            {
              ForklineSummary next;
              gboolean next_pure;
              guint64 n0 = frame_t (f, run_end);
              guint64 n1 = MIN (frame_t (f, run_end + 1), f->limit);

              if (n1 <= n0)
                break;
              bucket_summary (buckets, n_buckets, f->bucket_shift, n0, n1, &next, &next_pure);
              if (!next_pure || next.key != sum.key)
                break;
              run_end++;
            }

          if (run_end - col >= min_run)
            {
              draw_run (f, lane, c0, MIN (frame_t (f, run_end), f->limit), data);
              col = run_end;
              continue;
            }
        }

      if (sum.key != FORKLINE_SUMMARY_NO_KEY && sum.busy_ns > 0)
        {
          double frac = CLAMP ((double) sum.busy_ns / (double) (c1 - c0), 0.0, 1.0);
          double bh;

          if (by_state)
            {
              if (sum.key != FORKLINE_STATE_EXITED)
                {
                  bh = MAX (1.0, h * forkline_palette_state_style (sum.key)->height);
                  forkline_frame_batch_add (f, sum.key, col, y + (h - bh) / 2, 1.0, bh);
                }
            }
          else
            cpu_column (f, sum.key, col, y, h, frac);
        }
      col++;
    }
}

/* CPU and state spans both begin with their start time, so one search
 * serves both lanes. */
G_STATIC_ASSERT (G_STRUCT_OFFSET (ForklineCpuSpan, start_ns) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (ForklineStateRec, start_ns) == 0);

static inline guint64
span_start (gconstpointer spans,
            gsize         stride,
            guint         i)
{
  return *(const guint64 *) (gconstpointer) ((const guint8 *) spans + (gsize) i * stride);
}

/* Galloping search from lo: the answer is usually a few spans away, and
 * staying near lo keeps the search in cache. */
static guint
first_start_at_or_after (gconstpointer spans,
                         gsize         stride,
                         guint         lo,
                         guint         hi,
                         guint64       t)
{
  guint step = 1;
  guint probe = lo;

  while (probe < hi && span_start (spans, stride, probe) < t)
    {
      lo = probe + 1;
      probe = lo + step;
      step *= 2;
    }
  hi = MIN (probe, hi);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (span_start (spans, stride, mid) < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

typedef struct
{
  double x;
  double w;
  gint   proc;
} CpuLabel;

/* Contrast theme: bars of neighbouring processes get a border so they
 * stay apart where a projector washes the colours out. */
static void
stroke_borders (ForklineFrame           *f,
                const ForklineFrameRect *borders,
                guint                    n_borders)
{
  double lw = MAX (1.0, round (f->scale));

  if (n_borders == 0)
    return;

  for (guint k = 0; k < n_borders; k++)
    cairo_rectangle (f->cr, borders[k].x + lw / 2, borders[k].y + lw / 2,
                     borders[k].w - lw, borders[k].h - lw);
  forkline_rgba_set_source (f->cr, &f->palette->foreground);
  cairo_set_line_width (f->cr, lw);
  cairo_stroke (f->cr);
}

static void
draw_cpu_labels (ForklineFrame  *f,
                 const CpuLabel *labels,
                 guint           n_labels,
                 double          cy)
{
  forkline_frame_set_font (f, FONT_SIZE * 0.85, FALSE);
  for (guint k = 0; k < n_labels; k++)
    {
      const ForklineProcess *p = forkline_trace_get_process (f->trace, MAX (labels[k].proc, 0));
      ForklineRgba bg, fg;
      double x = MAX (labels[k].x, f->gutter);
      double w = MIN (labels[k].x + labels[k].w, f->view->width) - x;
      const char *label;

      if (labels[k].proc < 0 || p == NULL || !*p->name || w < 48 * f->scale)
        continue;
      label = forkline_frame_fit_label (f, (const char * const[]) { p->name }, 1, w - 6 * f->scale);
      if (label == NULL)
        continue;
      forkline_palette_process_color (f->view->theme, labels[k].proc, &bg);
      luminance_text_color (&bg, &fg);
      forkline_frame_draw_text (f, label, x + 3 * f->scale, cy, w - 6 * f->scale, &fg);
    }
  forkline_frame_set_font (f, FONT_SIZE, FALSE);
}

/* What other programs (grey, from the bottom, as tall as their share) and
 * a virtual machine's host (steal, striped above it) took of this CPU:
 * a busy CPU never looks idle.  Under the lesson's own spans, which are
 * exact; the shares are the kernel's 10 ms ticks over each sample. */
static void
draw_cpu_usage (ForklineFrame      *f,
                const ForklineLane *lane)
{
  const ForklineCpuUsage *usage;
  double y0 = lane->y + 1, h = lane->height - 2;
  guint n, lo = 0, hi;

  usage = forkline_trace_get_cpu_usage (f->trace, (guint) lane->index, &n);
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (usage[mid].end_ns <= f->view->t0)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; i < n && usage[i].start_ns < f->limit; i++)
    {
      double span = (double) (usage[i].end_ns - usage[i].start_ns);
      double xs = MAX (frame_x (f, usage[i].start_ns), f->gutter);
      double xe = MIN (frame_x (f, MIN (usage[i].end_ns, f->limit)), f->view->width);
      double other = h * usage[i].other_ns / span;
      double steal = h * usage[i].steal_ns / span;

      if (xe <= xs)
        continue;
      if (other >= 0.5)
        forkline_frame_batch_add (f, -1, xs, y0 + h - other, xe - xs, other);
      if (steal >= 0.5)
        forkline_palette_paint_state (f->cr, f->view->theme, FORKLINE_STATE_SLEEPING, &f->palette->other_process,
                                      xs, y0 + h - other - steal, xe - xs, steal, f->scale);
    }
  forkline_frame_batch_flush (f, &f->palette->other_process);
}

/* Where the kernel dropped this CPU's records, "no data" over the lane:
 * never an idle CPU, never a process running on. */
static void
draw_data_gaps (ForklineFrame      *f,
                const ForklineLane *lane)
{
  const ForklineDataGap *gaps;
  guint n;

  gaps = forkline_trace_get_data_gaps (f->trace, &n);
  for (guint i = 0; i < n; i++)
    {
      double xs, xe;

      if (gaps[i].cpu != lane->index || gaps[i].start_ns >= f->limit || gaps[i].end_ns <= f->view->t0)
        continue;
      xs = MAX (frame_x (f, gaps[i].start_ns), f->gutter);
      xe = MIN (frame_x (f, MIN (gaps[i].end_ns, f->limit)), f->view->width);
      forkline_palette_paint_no_data (f->cr, f->view->theme, xs, lane->y + 1, MAX (1.0, xe - xs),
                                      lane->height - 2, f->scale);
    }
}

static void
draw_cpu_lane (ForklineFrame      *f,
               const ForklineLane *lane)
{
  guint cpu = (guint) lane->index;
  const ForklineCpuSpan *spans;
  guint n;
  guint i;
  guint64 clip = f->view->t0;
  gboolean contrast = f->view->theme == FORKLINE_THEME_CONTRAST;
  double pad = (contrast ? 1.0 : 2.0) * f->scale;
  double y = lane->y + pad;
  double h = lane->height - 2 * pad;

  const ForklineBucket *buckets = NULL;
  guint n_buckets = 0;

  spans = forkline_trace_get_cpu_spans (f->trace, cpu, &n);
  if (n == 0)
    return;

  CpuLabel labels[256];
  guint n_labels = 0;
  /* contrast: each bar wide enough gets a black border */
  ForklineFrameRect borders[512];
  guint n_borders = 0;

  if (lane_is_dense (f, n))
    buckets = _forkline_trace_cpu_buckets (f->trace, cpu, f->bucket_shift, f->open_end, &n_buckets);
  if (buckets != NULL)
    {
      draw_columns_from_buckets (f, lane, buckets, n_buckets, y, h, FALSE, 0, NULL, NULL);
      forkline_frame_batch_flush (f, NULL);
      return;
    }

  i = _forkline_trace_cpu_span_after (f->trace, cpu, clip);

  while (i < n)
    {
      const ForklineCpuSpan *s = &spans[i];
      guint64 st = MAX (s->start_ns, clip);
      guint64 e = s->end_ns == FORKLINE_TIME_OPEN ? f->open_end : s->end_ns;
      double xs, xe;

      if (st >= f->limit)
        break;
      e = MIN (e, f->limit);
      if (e <= st)
        {
          i++;
          continue;
        }

      xs = frame_x (f, st);
      xe = frame_x (f, e);
      if (xe - xs >= 1.0)
        {
          forkline_frame_batch_add (f, s->proc, xs, y, xe - xs, h);
          /* Named where there is room, so the CPU lanes read without
           * telling colours apart. */
          if (xe - xs >= 48 * f->scale && n_labels < G_N_ELEMENTS (labels))
            labels[n_labels++] = (CpuLabel) { xs, xe - xs, s->proc };
          if (contrast && xe - xs >= 3 && n_borders < G_N_ELEMENTS (borders))
            borders[n_borders++] = (ForklineFrameRect) { xs, y, xe - xs, h };
          i++;
          clip = e;
        }
      else
        {
          /* Many switches inside one pixel column: draw the column once,
           * in its dominant occupant's colour, as tall as it was busy. */
          double col = floor (xs);
          guint64 col_t0 = MAX (frame_t (f, col), st);
          guint64 col_t1 = MIN (frame_t (f, col + 1), f->limit);
          ForklineSummary sum;
          guint j;
          double frac;

          /* Out of double precision (times near 2^64, absurd zoom): no
           * column to split, draw the span as it is and move on. */
          if (col_t1 <= col_t0 || col_t1 <= clip)
            {
              forkline_frame_batch_add (f, s->proc, xs, y, MAX (1.0, xe - xs), h);
              i++;
              clip = MAX (clip, e);
              continue;
            }
          j = first_start_at_or_after (spans, sizeof *spans, i + 1, n, col_t1);
          _forkline_trace_summarize_cpu (f->trace, cpu, i, j, col_t0, col_t1, f->open_end, &sum);
          frac = CLAMP ((double) sum.busy_ns / (double) (frame_t (f, col + 1) - frame_t (f, col) + 1), 0.0, 1.0);
          if (sum.key != FORKLINE_SUMMARY_NO_KEY && frac > 0)
            cpu_column (f, sum.key, col, y, h, frac);

          /* The last span may reach past this column: continue it there. */
          {
            const ForklineCpuSpan *last = &spans[j - 1];
            guint64 last_end = last->end_ns == FORKLINE_TIME_OPEN ? f->open_end : last->end_ns;

            clip = col_t1;
            i = last_end > col_t1 ? j - 1 : j;
          }
        }
    }

  forkline_frame_batch_flush (f, NULL);
  stroke_borders (f, borders, n_borders);
  draw_cpu_labels (f, labels, n_labels, y + h / 2);
}

/* TRUE if the words sit on a solid running box all along: the trace has
 * no switches of the process, so nothing is drawn over the box (else the
 * words get a plate, as parts of the box may be off-CPU patterns). */
static gboolean
solid_running (ForklineFrame *f,
               guint          proc)
{
  guint n;

  _forkline_trace_get_proc_runs (f->trace, proc, &n);
  return n == 0;
}

static void
draw_state_label (ForklineFrame          *f,
                  guint                   proc,
                  const ForklineStateRec *s,
                  const ForklineRgba     *color,
                  double                  x,
                  double                  w,
                  double                  cy)
{
  const char *forms[2];
  const char *label;
  double pad = 4.0 * f->scale;
  ForklineRgba fg;

  if (w < 36.0 * f->scale)
    return;

  x = MAX (x, f->gutter);
  w = MIN (w, f->view->width - x);
  if (w < 36.0 * f->scale)
    return;

  /* read from the event only for the few spans wide enough for words;
   * the bare state name when the call does not fit */
  forms[0] = _forkline_trace_state_rec_label (f->trace, s, NULL);
  forms[1] = forkline_state_name (s->state);
  label = forkline_frame_fit_label (f, forms, 2, w - 2 * pad);
  if (label == NULL)
    return;

  if (s->state == FORKLINE_STATE_RUNNING && solid_running (f, proc))
    luminance_text_color (color, &fg);
  else
    {
      double tw = MIN (forkline_frame_text_width (f, label), w - 2 * pad);
      double th = 13.0 * f->scale;
      ForklineRgba bg = f->palette->background;

      /* A backing plate keeps words readable on top of the pattern. */
      bg.alpha = 0.85;
      forkline_rgba_set_source (f->cr, &bg);
      cairo_rectangle (f->cr, x + pad - 2, cy - th / 2, tw + 4, th);
      cairo_fill (f->cr);
      fg = f->palette->foreground;
    }

  forkline_frame_draw_text (f, label, x + pad, cy, w - 2 * pad, &fg);
}

static void
paint_off_cpu_column (ForklineFrame      *f,
                      double              col,
                      guint64             off_ns,
                      int                 leave,
                      double              y,
                      double              h,
                      const ForklineRgba *color)
{
  /* a pixel column mostly off every CPU reads as off */
  if (col >= f->gutter && off_ns * 2 > f->ns_per_px)
    forkline_palette_paint_off_cpu (f->cr, f->view->theme, leave, color, col, y, 1.0, h, f->scale);
}

/* Where the lesson says @proc is running but the kernel had it off every
 * CPU in [t0, t1): ready, waiting for a CPU (preempted) or in the kernel
 * (blocked).  Gaps narrower than a pixel add up per column.  Nothing is
 * drawn for a process the trace has no switches of. */
static void
draw_off_cpu (ForklineFrame      *f,
              guint               proc,
              guint64             t0,
              guint64             t1,
              double              y,
              double              h,
              const ForklineRgba *color)
{
  const guint64 *runs;
  guint n, i;
  guint64 at = t0;
  int leave = FORKLINE_LEAVE_PREEMPTED;
  double col = -1;
  guint64 col_off = 0;
  int col_leave = leave;

  runs = _forkline_trace_get_proc_runs (f->trace, proc, &n);
  if (n == 0 || t1 <= t0)
    return;

  i = _forkline_trace_run_ending_after (f->trace, proc, t0);
  if (i > 0)
    leave = _forkline_trace_run_span (f->trace, runs[i - 1])->leave;

  for (;; i++)
    {
      const ForklineCpuSpan *span = i < n ? _forkline_trace_run_span (f->trace, runs[i]) : NULL;
      guint64 gap_end = span != NULL ? MIN (MAX (span->start_ns, at), t1) : t1;

      if (gap_end > at)
        {
          double xs = frame_x (f, at), xe = frame_x (f, gap_end);

          if (xe - xs >= 1.0)
            {
              paint_off_cpu_column (f, col, col_off, col_leave, y, h, color);
              col = -1;
              forkline_palette_paint_off_cpu (f->cr, f->view->theme, leave, color,
                                              MAX (xs, f->gutter), y, xe - MAX (xs, f->gutter), h, f->scale);
            }
          else
            {
              if (floor (xs) != col)
                {
                  paint_off_cpu_column (f, col, col_off, col_leave, y, h, color);
                  col = floor (xs);
                  col_off = 0;
                }
              col_off += gap_end - at;
              col_leave = leave;
            }
        }
      if (span == NULL || span->start_ns >= t1 || span->end_ns == FORKLINE_TIME_OPEN)
        break;
      at = MAX (at, span->end_ns);
      leave = span->leave;
      if (at >= t1)
        break;
    }
  paint_off_cpu_column (f, col, col_off, col_leave, y, h, color);
}

/* A run of columns one state fills: drawn from its spans, with pattern
 * and words. */
static void
draw_state_run (ForklineFrame      *f,
                const ForklineLane *lane,
                guint64             t_begin,
                guint64             t_end,
                gpointer            data)
{
  const ForklineRgba *color = data;
  guint proc = (guint) lane->index;
  const ForklineStateRec *spans;
  double pad = 3.0 * f->scale;
  ForklineProcRows rows;
  double y, h;
  guint n;

  _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
  y = rows.state_y + pad;
  h = rows.state_h - 2 * pad;

  spans = _forkline_trace_get_state_recs (f->trace, proc, &n);
  for (guint i = _forkline_trace_state_span_after (f->trace, proc, t_begin); i < n; i++)
    {
      const ForklineStateRec *s = &spans[i];
      guint64 end = _forkline_state_rec_end (spans, n, i);
      guint64 st = MAX (s->start_ns, t_begin);
      guint64 e = MIN (end == FORKLINE_TIME_OPEN ? f->open_end : end, t_end);
      double xs, xe;

      if (st >= t_end)
        break;
      if (e <= st || s->state == FORKLINE_STATE_EXITED)
        continue;

      xs = frame_x (f, st);
      xe = frame_x (f, e);
      forkline_palette_paint_state (f->cr, f->view->theme, s->state, color, xs, y, xe - xs, h, f->scale);
      if (s->state == FORKLINE_STATE_RUNNING)
        draw_off_cpu (f, proc, st, e, y, h, color);
      draw_state_label (f, proc, s, color, xs, xe - xs, rows.state_y + rows.state_h / 2);
    }
}

static void
draw_state_spans (ForklineFrame      *f,
                  const ForklineLane *lane,
                  const ForklineRgba *color)
{
  guint proc = (guint) lane->index;
  const ForklineStateRec *spans;
  guint n, i;
  guint64 clip = f->view->t0;
  double pad = 3.0 * f->scale;
  ForklineProcRows rows;
  double y, h;
  ForklineRgba dim = *color;

  const ForklineBucket *buckets = NULL;
  guint n_buckets = 0;

  spans = _forkline_trace_get_state_recs (f->trace, proc, &n);
  if (n == 0)
    return;

  _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
  y = rows.state_y + pad;
  h = rows.state_h - 2 * pad;

  if (lane_is_dense (f, n))
    buckets = _forkline_trace_state_buckets (f->trace, proc, f->bucket_shift, f->open_end, &n_buckets);

  if (buckets != NULL)
    {
      draw_columns_from_buckets (f, lane, buckets, n_buckets, y, h, TRUE, 4, draw_state_run, (gpointer) color);
      i = n;
    }
  else
    i = _forkline_trace_state_span_after (f->trace, proc, clip);

  while (i < n)
    {
      const ForklineStateRec *s = &spans[i];
      guint64 end = _forkline_state_rec_end (spans, n, i);
      guint64 st = MAX (s->start_ns, clip);
      guint64 e = end == FORKLINE_TIME_OPEN ? f->open_end : end;
      double xs, xe;

      if (st >= f->limit)
        break;
      e = MIN (e, f->limit);
      if (e <= st || s->state == FORKLINE_STATE_EXITED)
        {
          i++;
          continue;
        }

      xs = frame_x (f, st);
      xe = frame_x (f, e);
      if (xe - xs >= 4.0 * f->scale)
        {
          forkline_palette_paint_state (f->cr, f->view->theme, s->state, color, xs, y, xe - xs, h, f->scale);
          if (s->state == FORKLINE_STATE_RUNNING)
            draw_off_cpu (f, proc, st, e, y, h, color);
          draw_state_label (f, proc, s, color, xs, xe - xs, rows.state_y + rows.state_h / 2);
          i++;
          clip = e;
        }
      else if (xe - xs >= 1.0)
        {
          /* Too narrow for a pattern to show: the state's height and
           * weight, batched like the dense columns. */
          const ForklineStateStyle *style = forkline_palette_state_style (s->state);
          double bh = MAX (1.0, h * style->height);

          forkline_frame_batch_add (f, s->state, xs, y + (h - bh) / 2, xe - xs, bh);
          i++;
          clip = e;
        }
      else
        {
          double col = floor (xs);
          guint64 col_t0 = MAX (frame_t (f, col), st);
          guint64 col_t1 = MIN (frame_t (f, col + 1), f->limit);
          ForklineSummary sum;
          guint j;

          if (col_t1 <= col_t0 || col_t1 <= clip)
            {
              i++;
              clip = MAX (clip, e);
              continue;
            }
          j = first_start_at_or_after (spans, sizeof *spans, i + 1, n, col_t1);
          _forkline_trace_summarize_states (f->trace, proc, i, j, col_t0, col_t1, f->open_end, &sum);
          if (sum.key != FORKLINE_SUMMARY_NO_KEY && sum.key != FORKLINE_STATE_EXITED)
            {
              const ForklineStateStyle *style = forkline_palette_state_style (sum.key);
              double bh = MAX (1.0, h * style->height);

              /* Solid batches per state: running full, others their
               * own height, so a dense run still shows its shape. */
              forkline_frame_batch_add (f, sum.key, col, y + (h - bh) / 2, 1.0, bh);
            }

          {
            guint64 last_end = _forkline_state_rec_end (spans, n, j - 1);

            last_end = last_end == FORKLINE_TIME_OPEN ? f->open_end : last_end;

            clip = col_t1;
            i = last_end > col_t1 ? j - 1 : j;
          }
        }
    }

  /* Here the batches are keyed by state, not by process: all in this
   * process's colour, dimmed but for running. */
  for (guint b = 0; b < FORKLINE_N_STATES; b++)
    {
      GArray *rects = f->batches[b];

      if (rects->len == 0)
        continue;
      dim.alpha = b == FORKLINE_STATE_RUNNING ? 1.0 : 0.45;
      forkline_frame_fill_rects (f, rects, &dim);
    }
  for (guint b = FORKLINE_N_STATES; b < N_BATCHES; b++)
    g_array_set_size (f->batches[b], 0);
}

static guint64
print_time (ForklineFrame *f,
            guint32        index)
{
  guint n;

  return forkline_trace_get_prints (f->trace, &n)[index].time_ns;
}

static guint64
write_time (ForklineFrame *f,
            guint32        index)
{
  guint n;

  return forkline_trace_get_array_writes (f->trace, &n)[index].time_ns;
}

static guint64
task_end_time (ForklineFrame *f,
               guint32        index)
{
  guint n;
  const ForklineTask *t = &forkline_trace_get_tasks (f->trace, &n)[index];

  return t->finish_ns == FORKLINE_TIME_OPEN ? G_MAXUINT64 : t->finish_ns;
}

/* Marks are thinned to one per few pixels: more would be one blob. */
static void
draw_marks (ForklineFrame      *f,
            const ForklineLane *lane,
            guint               which,
            ForklineTimeOf      time_of,
            const ForklineRgba *color)
{
  const guint32 *idx;
  guint n, i;
  double r = 4.0 * f->scale;
  double spacing = 2.5 * r;
  cairo_t *cr = f->cr;
  gboolean any = FALSE;
  ForklineProcRows rows;

  _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
  idx = _forkline_trace_get_proc_index (f->trace, (guint) lane->index, which, &n);
  i = forkline_frame_lower_bound_index (f, idx, n, f->view->t0, time_of);

  while (i < n)
    {
      guint64 t = time_of (f, idx[i]);
      double x;

      if (t > f->limit)
        break;
      x = frame_x (f, t);

      if (which == FORKLINE_PROC_INDEX_PRINTS)
        {
          /* a small triangle pointing down at the state row's top edge */
          double y = rows.state_y + 1;

          cairo_move_to (cr, x - r, y);
          cairo_line_to (cr, x + r, y);
          cairo_line_to (cr, x, y + r * 1.4);
          cairo_close_path (cr);
        }
      else
        {
          /* a diamond on the state row's bottom edge */
          double y = rows.state_y + rows.state_h - r - 1;

          cairo_move_to (cr, x, y - r);
          cairo_line_to (cr, x + r, y);
          cairo_line_to (cr, x, y + r);
          cairo_line_to (cr, x - r, y);
          cairo_close_path (cr);
        }
      any = TRUE;

      i = forkline_frame_gallop_index (f, idx, i + 1, n, frame_t (f, x + spacing), time_of);
    }

  /* Filled only: an outline stroke per mark costs more than all the
   * rest of a dense lane. */
  if (any)
    {
      forkline_rgba_set_source (cr, color);
      cairo_fill (cr);
    }
}

/* "square(87)" when the dispatch named the function, else "task 3"; in a
 * narrow box the argument or the task number alone ("87", "3"). */
static void
task_box_texts (const ForklineTask *t,
                char              **full,
                char              **brief)
{
  if (*t->function)
    {
      *full = g_strdup_printf ("%s(%s)", t->function, t->argument);
      *brief = g_strdup (t->argument);
    }
  else
    {
      *full = g_strdup_printf ("task %" G_GINT64_FORMAT, t->task);
      *brief = g_strdup_printf ("%" G_GINT64_FORMAT, t->task);
    }
}

static void
draw_tasks (ForklineFrame      *f,
            const ForklineLane *lane)
{
  const ForklineTask *tasks;
  const guint32 *idx;
  guint n_tasks, n, i;
  cairo_t *cr = f->cr;
  double last_x = -1;
  ForklineProcRows rows;
  double y, h;

  _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
  if (rows.task_h <= 0)
    return;
  /* the box keeps to its own row, a little inset */
  y = rows.task_y + 1.0 * f->scale;
  h = rows.task_h - 3.0 * f->scale;

  tasks = forkline_trace_get_tasks (f->trace, &n_tasks);
  idx = _forkline_trace_get_proc_index (f->trace, (guint) lane->index, FORKLINE_PROC_INDEX_TASKS, &n);
  /* A worker runs one task at a time, so finish times are sorted too. */
  i = forkline_frame_lower_bound_index (f, idx, n, f->view->t0, task_end_time);

  while (i < n)
    {
      const ForklineTask *t = &tasks[idx[i]];
      guint64 st = t->start_ns;
      guint64 e = t->finish_ns == FORKLINE_TIME_OPEN || t->finish_ns > f->cutoff ? f->open_end : t->finish_ns;
      double xs, xe;

      if (st >= f->limit)
        break;
      xs = MAX (frame_x (f, st), f->gutter);
      xe = MIN (frame_x (f, MIN (e, f->limit)), f->view->width);

      if (xe - xs >= 3.0)
        {
          ForklineRgba fg = f->palette->foreground;

          forkline_frame_log_drawn (f, FORKLINE_DRAWN_TASK_BOX, xs, y, xe - xs, h);
          forkline_rgba_set_source (cr, &f->palette->background);
          cairo_rectangle (cr, xs + 0.5, y + 0.5, xe - xs - 1, h - 1);
          cairo_fill_preserve (cr);
          forkline_rgba_set_source (cr, &fg);
          cairo_set_line_width (cr, 1.0);
          cairo_stroke (cr);

          if (xe - xs > 12 * f->scale)
            {
              g_autofree char *full = NULL;
              g_autofree char *brief = NULL;
              const char *text;

              task_box_texts (t, &full, &brief);
              text = forkline_frame_fit_label (f, (const char * const[]) { full, brief }, 2,
                                               xe - xs - 6 * f->scale);
              if (text != NULL)
                forkline_frame_draw_text (f, text, xs + 3 * f->scale, y + h / 2,
                                          xe - xs - 6 * f->scale, &fg);
            }
          i++;
        }
      else
        {
          /* Tiny tasks: one tick per pixel column, filled together. */
          if (floor (xs) != last_x)
            {
              forkline_frame_batch_add (f, -1, floor (xs), y, 1.0, h);
              last_x = floor (xs);
            }
          i = forkline_frame_gallop_index (f, idx, i + 1, n, frame_t (f, floor (xs) + 3), task_end_time);
        }
    }

  forkline_frame_batch_flush (f, &f->palette->muted);
}

static guint64
lock_time (ForklineFrame *f,
           guint32        index)
{
  guint n;

  return forkline_trace_get_lock_holds (f->trace, &n)[index].wait_ns;
}

/* While a process holds a Lock: a bar along the top of its lane. */
static void
draw_lock_holds (ForklineFrame      *f,
                 const ForklineLane *lane)
{
  const ForklineLockHold *holds;
  const guint32 *idx;
  guint n_holds, n, i;
  double last_x = -1;
  ForklineProcRows rows;
  double bar_y, bar;
  GArray *labels = NULL;

  holds = forkline_trace_get_lock_holds (f->trace, &n_holds);
  idx = _forkline_trace_get_proc_index (f->trace, (guint) lane->index, FORKLINE_PROC_INDEX_LOCKS, &n);
  if (n == 0)
    return;
  _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
  bar_y = rows.lock_y + 1.0 * f->scale;
  bar = rows.lock_h - 2.0 * f->scale;

  /* start at a hold that may reach into the view */
  i = forkline_frame_lower_bound_index (f, idx, n, f->view->t0, lock_time);
  if (i > 0)
    i--;

  for (; i < n; i++)
    {
      const ForklineLockHold *hold = &holds[idx[i]];
      guint64 end = MIN (MIN (hold->release_ns, f->open_end), f->limit);
      double xs, xe;

      if (hold->wait_ns > f->limit)
        break;
      if (hold->acquire_ns > f->limit || end < f->view->t0)
        continue;

      xs = MAX (frame_x (f, hold->acquire_ns), f->gutter);
      xe = MIN (frame_x (f, end), f->view->width);
      /* thinned to one hold per pixel column when dense */
      if (xe < last_x + 1)
        continue;
      forkline_frame_batch_add (f, -1, xs, bar_y, MAX (1.0, xe - xs), bar);
      last_x = xe;

      /* the words go inside the bar, after the bars are filled */
      if (xe - xs > 60 * f->scale)
        {
          ForklineFrameRect r = { xs, hold->object, xe - xs, 0 };

          if (labels == NULL)
            labels = g_array_new (FALSE, FALSE, sizeof (ForklineFrameRect));
          g_array_append_val (labels, r);
        }
    }

  forkline_frame_batch_flush (f, &f->palette->foreground);

  if (labels != NULL)
    {
      forkline_frame_set_font (f, FONT_SIZE * 0.8, FALSE);
      for (guint k = 0; k < labels->len; k++)
        {
          const ForklineFrameRect *r = &g_array_index (labels, ForklineFrameRect, k);
          const ForklineObject *obj = forkline_trace_lookup_object (f->trace, (guint32) r->y);
          const char *name = obj && *obj->name ? obj->name : "the Lock";
          g_autofree char *full = g_strdup_printf ("holds %s", name);
          const char *text = forkline_frame_fit_label (f, (const char * const[]) { full, name }, 2,
                                                       r->w - 6 * f->scale);

          if (text != NULL)
            forkline_frame_draw_text (f, text, r->x + 3 * f->scale, bar_y + bar / 2,
                                      r->w - 6 * f->scale,
                                      &f->palette->background);
        }
      forkline_frame_set_font (f, FONT_SIZE, FALSE);
      g_array_unref (labels);
    }
}

static const char *
signal_name (int sig)
{
  switch (sig)
    {
    case 1: return "SIGHUP";
    case 2: return "SIGINT";
    case 6: return "SIGABRT";
    case 9: return "SIGKILL";
    case 11: return "SIGSEGV";
    case 13: return "SIGPIPE";
    case 15: return "SIGTERM";
    default: return NULL;
    }
}

static void
draw_exit (ForklineFrame         *f,
           const ForklineLane    *lane,
           const ForklineProcess *p)
{
  g_autofree char *text = NULL;
  const ForklineRgba *color;
  ForklineProcRows rows;
  double x;

  if (p->exit_ns == FORKLINE_TIME_OPEN || p->exit_ns > f->limit || p->exit_ns < f->view->t0)
    return;

  _forkline_renderer_proc_rows (f->trace, lane, f->scale, &rows);
  x = frame_x (f, p->exit_ns);
  color = p->exit_signal != 0 || p->exit_code != 0 ? &f->palette->error : &f->palette->foreground;

  forkline_rgba_set_source (f->cr, color);
  cairo_rectangle (f->cr, x - 1.5 * f->scale, rows.state_y + 3 * f->scale, 3 * f->scale, rows.state_h - 6 * f->scale);
  cairo_fill (f->cr);

  if (p->exit_signal != 0)
    {
      const char *name = signal_name (p->exit_signal);

      text = name ? g_strdup_printf ("killed by %s", name) : g_strdup_printf ("killed by signal %d", p->exit_signal);
    }
  else
    text = g_strdup_printf ("exit %d", p->exit_code);

  if (f->view->width - x > 30 * f->scale)
    forkline_frame_draw_text (f, text, x + 4 * f->scale, rows.state_y + rows.state_h / 2,
                              f->view->width - x - 4 * f->scale, color);
}

static void
draw_process_lane (ForklineFrame      *f,
                   const ForklineLane *lane)
{
  const ForklineProcess *p = forkline_trace_get_process (f->trace, (guint) lane->index);
  ForklineRgba color;
  guint64 born, gone;

  forkline_palette_process_color (f->view->theme, (gint) lane->index, &color);

  /* A thin life line from fork to exit, so a process that only waits is
   * still visibly alive. */
  born = p->fork_ns != FORKLINE_TIME_OPEN ? p->fork_ns : p->start_ns;
  gone = p->exit_ns != FORKLINE_TIME_OPEN ? MIN (p->exit_ns, f->limit) : f->open_end;
  gone = MIN (gone, f->limit);
  if (born != FORKLINE_TIME_OPEN && born < gone)
    {
      double xs = MAX (frame_x (f, born), f->gutter);
      double xe = MIN (frame_x (f, gone), f->view->width);

      if (xe > xs)
        {
          forkline_rgba_set_source (f->cr, &color);
          cairo_rectangle (f->cr, xs, _forkline_renderer_lane_mid_y (f->trace, lane, f->scale) - 0.75 * f->scale, xe - xs, 1.5 * f->scale);
          cairo_fill (f->cr);
        }
    }

  draw_state_spans (f, lane, &color);
  forkline_frame_draw_code_line (f, lane);
  draw_lock_holds (f, lane);
  draw_tasks (f, lane);
  forkline_frame_draw_threads (f, lane, &color);
  draw_marks (f, lane, FORKLINE_PROC_INDEX_PRINTS, print_time, &f->palette->foreground);
  /* writes land on the worker's own solid colour: draw them in text colour */
  draw_marks (f, lane, FORKLINE_PROC_INDEX_WRITES, write_time, &f->palette->foreground);
  draw_exit (f, lane, p);
}

static void
draw_fork_join_arrows (ForklineFrame *f)
{
  guint n_procs = forkline_trace_get_n_processes (f->trace);

  for (guint proc = 0; proc < n_procs; proc++)
    {
      const ForklineProcess *p = forkline_trace_get_process (f->trace, proc);
      const ForklineLane *child = forkline_frame_find_lane (f, FORKLINE_LANE_PROCESS, proc);
      const ForklineLane *parent = p->parent_proc >= 0
                                   ? forkline_frame_find_lane (f, FORKLINE_LANE_PROCESS, p->parent_proc)
                                   : NULL;

      if (child == NULL || parent == NULL)
        continue;

      if (p->fork_ns != FORKLINE_TIME_OPEN && p->fork_ns <= f->limit && p->fork_ns >= f->view->t0)
        {
          double x = frame_x (f, p->fork_ns);
          double y0 = _forkline_renderer_lane_mid_y (f->trace, parent, f->scale);
          double y1 = child->y + (child->y > parent->y ? 2 : child->height - 2) * f->scale;

          forkline_frame_draw_arrow (f, x, y0, x + 3 * f->scale, y1,
                                     &f->palette->arrow, FALSE, FALSE);
        }

      if (p->exit_ns != FORKLINE_TIME_OPEN && p->reap_ns != FORKLINE_TIME_OPEN &&
          p->reap_ns <= f->limit && p->reap_ns >= f->view->t0)
        {
          gint reaper = forkline_trace_lookup_proc (f->trace, p->reaper_pid);
          const ForklineLane *to = reaper >= 0
                                   ? forkline_frame_find_lane (f, FORKLINE_LANE_PROCESS, reaper)
                                   : parent;
          double y0 = _forkline_renderer_lane_mid_y (f->trace, child, f->scale);
          double y1;

          if (to == NULL)
            to = parent;
          y1 = to->y + (to->y > child->y ? 2 : to->height - 2) * f->scale;
          forkline_frame_draw_arrow (f, frame_x (f, p->exit_ns), y0, frame_x (f, p->reap_ns), y1,
                                     &f->palette->arrow, TRUE, FALSE);
        }
    }
}

/* Lanes scrolled out of [top, bottom) are skipped. */
static inline gboolean
lane_visible (const ForklineLane *lane,
              double              top,
              double              bottom)
{
  return lane->y + lane->height >= top && lane->y <= bottom;
}

static void
frame_init (ForklineFrame      *f,
            cairo_t            *cr,
            ForklineTrace      *trace,
            const ForklineView *view,
            guint64             end_time)
{
  f->cr = cr;
  f->trace = trace;
  f->view = view;
  f->palette = forkline_palette_get (view->theme);
  f->scale = _forkline_view_scale (view);
  f->gutter = forkline_renderer_get_gutter_width (view);
  f->plot_width = MAX (1.0, view->width - f->gutter);
  f->ns_per_px = MAX (1e-6, (double) (view->t1 > view->t0 ? view->t1 - view->t0 : 1) / f->plot_width);
  f->cutoff = view->cutoff_ns;
  f->open_end = MIN (end_time, f->cutoff);
  f->limit = MIN (view->t1, f->cutoff);
  f->lanes = _forkline_renderer_build_lanes (trace, view, &f->n_lanes);
  /* Buckets no wider than a pixel.  They are built over the whole run;
   * during a replay columns stop at the cutoff, so at most the column
   * holding the cutoff mixes in a little of the future. */
  if (!view->exact_spans && f->ns_per_px >= 64)
    f->bucket_shift = (guint) floor (log2 (f->ns_per_px));
  for (guint b = 0; b < N_BATCHES; b++)
    f->batches[b] = g_array_new (FALSE, FALSE, sizeof (ForklineFrameRect));
  f->layout = pango_cairo_create_layout (cr);
  pango_layout_set_ellipsize (f->layout, PANGO_ELLIPSIZE_END);
}

static void
frame_clear (ForklineFrame *f)
{
  g_clear_object (&f->layout);
  for (guint b = 0; b < N_BATCHES; b++)
    g_array_unref (f->batches[b]);
  g_free (f->lanes);
}

/* Alternating bands behind the lanes, section headers and the legend. */
static void
draw_lane_backgrounds (ForklineFrame *f,
                       double         header,
                       double         bottom)
{
  cairo_t *cr = f->cr;

  for (guint i = 0; i < f->n_lanes; i++)
    {
      const ForklineLane *lane = &f->lanes[i];

      if (!lane_visible (lane, header, bottom))
        continue;

      switch (lane->kind)
        {
        case FORKLINE_LANE_CPU:
        case FORKLINE_LANE_PROCESS:
        case FORKLINE_LANE_CHANNEL:
          forkline_rgba_set_source (cr, (i % 2) ? &f->palette->lane_background_alt : &f->palette->lane_background);
          cairo_rectangle (cr, 0, lane->y, f->view->width, lane->height);
          cairo_fill (cr);
          if (lane->kind == FORKLINE_LANE_CPU)
            {
              /* Idle is drawn, not left blank: a pale band under the lane. */
              forkline_rgba_set_source (cr, &f->palette->idle);
              cairo_rectangle (cr, f->gutter, lane->y + lane->height / 2 - 1.5 * f->scale,
                               MIN (frame_x (f, f->open_end), f->view->width) - f->gutter, 3 * f->scale);
              cairo_fill (cr);
            }
          break;

        case FORKLINE_LANE_SECTION:
          forkline_frame_draw_section (f, lane);
          break;

        case FORKLINE_LANE_LEGEND:
          forkline_frame_draw_legend (f, lane);
          break;

        case FORKLINE_LANE_NONE:
        case FORKLINE_LANE_TITLE:
        case FORKLINE_LANE_RULER:
        default:
          break;
        }
    }
}

/* Where the lanes end: vertical lines (grid, replay position, event
 * lines) stop there, never running through the legend or the empty
 * space under the lanes. */
static double
lanes_bottom (ForklineFrame *f,
              double         bottom)
{
  double end = 0;

  for (guint i = 0; i < f->n_lanes; i++)
    {
      const ForklineLane *lane = &f->lanes[i];

      if (lane->kind != FORKLINE_LANE_TITLE && lane->kind != FORKLINE_LANE_RULER &&
          lane->kind != FORKLINE_LANE_LEGEND)
        end = MAX (end, lane->y + lane->height);
    }
  return MIN (end, bottom);
}

static void
draw_lane_contents (ForklineFrame *f,
                    double         header,
                    double         bottom)
{
  for (guint i = 0; i < f->n_lanes; i++)
    {
      const ForklineLane *lane = &f->lanes[i];

      if (!lane_visible (lane, header, bottom))
        continue;

      if (lane->kind == FORKLINE_LANE_CPU)
        {
          draw_cpu_usage (f, lane);
          draw_cpu_lane (f, lane);
          draw_data_gaps (f, lane);
        }
      else if (lane->kind == FORKLINE_LANE_PROCESS)
        draw_process_lane (f, lane);
      else if (lane->kind == FORKLINE_LANE_CHANNEL)
        forkline_frame_draw_channel_lane (f, lane);
    }
}

void
forkline_renderer_draw (cairo_t            *cr,
                        ForklineTrace      *trace,
                        const ForklineView *view)
{
  ForklineFrame f = { 0 };
  double header;
  double bottom;
  double lines_end;
  guint64 end_time;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (FORKLINE_IS_TRACE (trace));
  g_return_if_fail (view != NULL);

  /* While a run is live, a process that sleeps sends nothing: its open
   * span must still grow to the live edge the view gives. */
  end_time = MAX (forkline_trace_get_end_time (trace), view->now_ns);

  cairo_save (cr);

  frame_init (&f, cr, trace, view, end_time);
  forkline_frame_set_font (&f, FONT_SIZE, FALSE);

  forkline_rgba_set_source (cr, &f.palette->background);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_fill (cr);

  header = forkline_renderer_get_header_height (view);
  bottom = view->height;

  /* Scrolled part: lanes under the fixed header. */
  cairo_save (cr);
  cairo_rectangle (cr, 0, header, view->width, MAX (0, bottom - header));
  cairo_clip (cr);

  draw_lane_backgrounds (&f, header, bottom);
  lines_end = lanes_bottom (&f, bottom);
  forkline_frame_draw_grid (&f, header, lines_end);

  /* Lane contents are clipped to the plot area, names to the gutter. */
  cairo_save (cr);
  cairo_rectangle (cr, f.gutter, header, f.plot_width, MAX (0, bottom - header));
  cairo_clip (cr);

  draw_lane_contents (&f, header, bottom);
  draw_fork_join_arrows (&f);
  forkline_frame_draw_message_arrows (&f);

  if (f.cutoff < end_time && f.cutoff >= view->t0 && f.cutoff <= view->t1)
    {
      /* The replay position. */
      double x = frame_x (&f, f.cutoff);

      forkline_rgba_set_source (cr, &f.palette->foreground);
      cairo_rectangle (cr, x - 1 * f.scale, header, 2 * f.scale, MAX (0, lines_end - header));
      cairo_fill (cr);
    }

  forkline_frame_draw_event_line (&f, view->hover_event, &f.palette->hover, 1.0 * f.scale, header, lines_end);
  forkline_frame_draw_event_line (&f, view->selected_event, &f.palette->selection, 2.0 * f.scale, header, lines_end);
  forkline_frame_draw_selected_item (&f, view->selected_event);

  cairo_restore (cr);

  for (guint i = 0; i < f.n_lanes; i++)
    if (lane_visible (&f.lanes[i], header, bottom))
      forkline_frame_draw_lane_name (&f, &f.lanes[i]);

  cairo_restore (cr);

  /* Fixed header on top. */
  for (guint i = 0; i < f.n_lanes; i++)
    {
      if (f.lanes[i].kind == FORKLINE_LANE_TITLE)
        forkline_frame_draw_title (&f, &f.lanes[i]);
      else if (f.lanes[i].kind == FORKLINE_LANE_RULER)
        forkline_frame_draw_ruler (&f, &f.lanes[i]);
    }

  frame_clear (&f);

  cairo_restore (cr);
}

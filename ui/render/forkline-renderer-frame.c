/* forkline-renderer-frame.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "forkline-renderer-frame-private.h"

void
forkline_frame_span_rect (ForklineFrame *f,
                          double        *column,
                          guint64        start_ns,
                          guint64        end_ns,
                          double         y,
                          double         h)
{
  double xs = MAX (frame_x (f, start_ns), f->gutter);
  double xe = MIN (frame_x (f, end_ns), f->view->width);

  if (xe - xs < 1.0)
    {
      if (floor (xs) == *column)
        return;
      *column = floor (xs);
      xs = *column;
      xe = *column + 1;
    }
  cairo_rectangle (f->cr, xs, y, xe - xs, h);
}

void
forkline_frame_log_drawn (ForklineFrame    *f,
                          ForklineDrawnKind kind,
                          double            x,
                          double            y,
                          double            w,
                          double            h)
{
  ForklineDrawnBox box = { kind, x, y, w, h, "" };

  if (f->view->drawn_boxes != NULL)
    g_array_append_val (f->view->drawn_boxes, box);
}

const ForklineLane *
forkline_frame_find_lane (ForklineFrame    *f,
                          ForklineLaneKind  kind,
                          gint64            index)
{
  for (guint i = 0; i < f->n_lanes; i++)
    if (f->lanes[i].kind == kind && f->lanes[i].index == index)
      return &f->lanes[i];
  return NULL;
}

void
forkline_frame_set_font (ForklineFrame *f,
                         double         points,
                         gboolean       bold)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, "Sans");
  pango_font_description_set_absolute_size (desc, points * 4.0 / 3.0 * f->scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (f->layout, desc);
  pango_font_description_free (desc);
}

/* Draws text with its left edge at x, vertically centred on cy; max_width
 * <= 0 means unlimited.  Returns the drawn width. */
double
forkline_frame_draw_text (ForklineFrame      *f,
                          const char         *text,
                          double              x,
                          double              cy,
                          double              max_width,
                          const ForklineRgba *color)
{
  int w, h;

  pango_layout_set_text (f->layout, text, -1);
  pango_layout_set_width (f->layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_get_pixel_size (f->layout, &w, &h);
  forkline_rgba_set_source (f->cr, color);
  cairo_move_to (f->cr, x, cy - h / 2.0);
  pango_cairo_show_layout (f->cr, f->layout);
  if (G_UNLIKELY (f->view->drawn_boxes != NULL))
    {
      GArray *boxes = f->view->drawn_boxes;
      PangoRectangle ink;

      /* ink, not logical: line spacing may touch the next row */
      pango_layout_get_pixel_extents (f->layout, &ink, NULL);
      forkline_frame_log_drawn (f, FORKLINE_DRAWN_TEXT, x + ink.x, cy - h / 2.0 + ink.y, ink.width, ink.height);
      g_strlcpy (g_array_index (boxes, ForklineDrawnBox, boxes->len - 1).text, text,
                 G_SIZEOF_MEMBER (ForklineDrawnBox, text));
    }
  return w;
}

double
forkline_frame_text_width (ForklineFrame *f,
                           const char    *text)
{
  int w, h;

  pango_layout_set_text (f->layout, text, -1);
  pango_layout_set_width (f->layout, -1);
  pango_layout_get_pixel_size (f->layout, &w, &h);
  return w;
}

/* An ellipsized label keeps at least this many characters: "s…" or
 * "sq…" in a box says nothing. */
#define MIN_KEPT_CHARS 3

/* Which of a box label's @forms, longest and most telling first, to draw
 * in @max_width: the first that fits whole; else the last (shortest)
 * if, ellipsized, it keeps MIN_KEPT_CHARS; else NULL, draw nothing. */
const char *
forkline_frame_fit_label (ForklineFrame      *f,
                          const char * const *forms,
                          guint               n_forms,
                          double              max_width)
{
  const char *last;
  g_autofree char *stub = NULL;

  if (n_forms == 0 || max_width <= 0)
    return NULL;

  for (guint i = 0; i < n_forms; i++)
    if (forms[i] != NULL && *forms[i] && forkline_frame_text_width (f, forms[i]) <= max_width)
      return forms[i];

  last = forms[n_forms - 1];
  if (last == NULL || g_utf8_strlen (last, -1) <= MIN_KEPT_CHARS)
    return NULL;
  stub = g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (last, MIN_KEPT_CHARS) - last), last);
  return forkline_frame_text_width (f, stub) <= max_width ? last : NULL;
}

void
forkline_frame_batch_add (ForklineFrame *f,
                          gint           proc,
                          double         x,
                          double         y,
                          double         w,
                          double         h)
{
  guint b = proc < 0 ? FORKLINE_N_PROCESS_COLORS : (guint) proc % FORKLINE_N_PROCESS_COLORS;
  GArray *rects = f->batches[b];
  double y0 = round (y);
  double y1 = round (y + h);
  ForklineFrameRect r;

  /* Whole-pixel rows let cairo take its fast rectangle path; abutting
   * runs of the same height are merged into one rectangle. */
  if (y1 <= y0)
    y1 = y0 + 1;
  if (rects->len > 0)
    {
      ForklineFrameRect *last = &g_array_index (rects, ForklineFrameRect, rects->len - 1);

      if (last->y == y0 && last->h == y1 - y0 && fabs (last->x + last->w - x) < 0.01)
        {
          last->w = x + w - last->x;
          return;
        }
    }

  r.x = x;
  r.y = y0;
  r.w = w;
  r.h = y1 - y0;
  g_array_append_val (rects, r);
}

/* Fills and empties an array of ForklineFrameRect in one colour. */
void
forkline_frame_fill_rects (ForklineFrame      *f,
                           GArray             *rects,
                           const ForklineRgba *color)
{
  forkline_rgba_set_source (f->cr, color);
  for (guint i = 0; i < rects->len; i++)
    {
      const ForklineFrameRect *r = &g_array_index (rects, ForklineFrameRect, i);

      cairo_rectangle (f->cr, r->x, r->y, r->w, r->h);
    }
  cairo_fill (f->cr);
  g_array_set_size (rects, 0);
}

/* Rectangles of one colour are filled together: one fill per colour per
 * lane instead of one per span keeps a dense frame cheap. */
void
forkline_frame_batch_flush (ForklineFrame      *f,
                            const ForklineRgba *override)
{
  for (guint b = 0; b < N_BATCHES; b++)
    {
      GArray *rects = f->batches[b];
      ForklineRgba color;

      if (rects->len == 0)
        continue;

      if (override != NULL)
        color = *override;
      else
        forkline_palette_process_color (f->view->theme, b == FORKLINE_N_PROCESS_COLORS ? -1 : (gint) b, &color);
      forkline_frame_fill_rects (f, rects, &color);
    }
}

/* Thicker on a projector (contrast), where thin lines vanish. */
void
forkline_frame_arrow_style (ForklineFrame      *f,
                            const ForklineRgba *color,
                            gboolean            dashed)
{
  forkline_rgba_set_source (f->cr, color);
  cairo_set_line_width (f->cr, (f->view->theme == FORKLINE_THEME_CONTRAST ? 1.8 : 1.2) * f->scale);
  if (dashed)
    {
      double dash[] = { 4.0 * f->scale, 3.0 * f->scale };

      cairo_set_dash (f->cr, dash, 2, 0);
    }
}

/* The shaft stops inside the head so a thick line does not poke through
 * its tip. */
void
forkline_frame_arrow_shaft (ForklineFrame *f,
                            double         x0,
                            double         y0,
                            double         x1,
                            double         y1)
{
  double angle = atan2 (y1 - y0, x1 - x0);
  double head = 6.0 * f->scale;

  cairo_move_to (f->cr, x0, y0);
  cairo_line_to (f->cr, x1 - cos (angle) * head * 0.6, y1 - sin (angle) * head * 0.6);
}

void
forkline_frame_arrow_head (ForklineFrame *f,
                           double         x0,
                           double         y0,
                           double         x1,
                           double         y1)
{
  double angle = atan2 (y1 - y0, x1 - x0);
  double head = 6.0 * f->scale;

  cairo_move_to (f->cr, x1, y1);
  cairo_line_to (f->cr, x1 - head * cos (angle - 0.45), y1 - head * sin (angle - 0.45));
  cairo_line_to (f->cr, x1 - head * cos (angle + 0.45), y1 - head * sin (angle + 0.45));
  cairo_close_path (f->cr);
}

void
forkline_frame_draw_arrow (ForklineFrame      *f,
                           double              x0,
                           double              y0,
                           double              x1,
                           double              y1,
                           const ForklineRgba *color,
                           gboolean            dashed,
                           gboolean            open_head)
{
  forkline_frame_arrow_style (f, color, dashed);
  forkline_frame_arrow_shaft (f, x0, y0, x1, y1);
  cairo_stroke (f->cr);
  cairo_set_dash (f->cr, NULL, 0, 0);

  forkline_frame_arrow_head (f, x0, y0, x1, y1);
  if (open_head)
    cairo_stroke (f->cr);
  else
    cairo_fill (f->cr);
}

void
forkline_frame_draw_cross (ForklineFrame      *f,
                           double              cx,
                           double              cy,
                           double              r,
                           const ForklineRgba *color)
{
  forkline_rgba_set_source (f->cr, color);
  cairo_set_line_width (f->cr, 2.0 * f->scale);
  cairo_move_to (f->cr, cx - r, cy - r);
  cairo_line_to (f->cr, cx + r, cy + r);
  cairo_move_to (f->cr, cx + r, cy - r);
  cairo_line_to (f->cr, cx - r, cy + r);
  cairo_stroke (f->cr);
}

/* Index of the first element of a time-sorted index array whose time is
 * >= t, times read through time_of. */
guint
forkline_frame_lower_bound_index (ForklineFrame  *f,
                                  const guint32  *indices,
                                  guint           n,
                                  guint64         t,
                                  ForklineTimeOf  time_of)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (time_of (f, indices[mid]) < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Like forkline_frame_lower_bound_index, galloping forward from lo (the next mark is
 * usually close, and nearby entries are in cache). */
guint
forkline_frame_gallop_index (ForklineFrame  *f,
                             const guint32  *indices,
                             guint           lo,
                             guint           n,
                             guint64         t,
                             ForklineTimeOf  time_of)
{
  guint step = 1;
  guint probe = lo;
  guint hi;

  while (probe < n && time_of (f, indices[probe]) < t)
    {
      lo = probe + 1;
      probe = lo + step;
      step *= 2;
    }
  hi = MIN (probe, n);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (time_of (f, indices[mid]) < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* forkline-renderer-decor.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What frames the lanes: the title, the time ruler and its grid, the
 * section headers and the lane names in the gutter.
 */

#include "config.h"

#include <math.h>

#include "forkline-renderer-frame-private.h"
#include "forkline-renderer-lanes-private.h"

static guint64
nice_step (double ns_per_tick)
{
  guint64 step = 1;

  while ((double) step * 10 <= ns_per_tick && step < G_MAXUINT64 / 10)
    step *= 10;
  if ((double) step >= ns_per_tick)
    return step;
  if ((double) step * 2 >= ns_per_tick)
    return step * 2;
  if ((double) step * 5 >= ns_per_tick)
    return step * 5;
  return step * 10;
}

static char *
format_tick (guint64 t,
             guint64 step)
{
  const char *unit;
  double div;
  int decimals = 0;
  guint64 unit_step;

  if (step < 1000) { unit = "ns"; div = 1; }
  else if (step < 1000000) { unit = "µs"; div = 1e3; }
  else if (step < 1000000000) { unit = "ms"; div = 1e6; }
  else { unit = "s"; div = 1e9; }

  unit_step = (guint64) div;
  while (decimals < 3 && step % unit_step != 0)
    {
      decimals++;
      unit_step /= 10;
      if (unit_step == 0)
        break;
    }

  return g_strdup_printf ("%.*f %s", decimals, t / div, unit);
}

void
forkline_frame_draw_ruler (ForklineFrame      *f,
                           const ForklineLane *lane)
{
  cairo_t *cr = f->cr;
  guint64 step = nice_step (f->ns_per_px * 110.0 * f->scale);
  guint64 first = (f->view->t0 / step) * step;

  forkline_rgba_set_source (cr, &f->palette->section_background);
  cairo_rectangle (cr, 0, lane->y, f->view->width, lane->height);
  cairo_fill (cr);

  forkline_frame_set_font (f, FONT_SIZE * 0.95, FALSE);
  for (guint64 t = first; t <= f->view->t1; t += step)
    {
      double x = frame_x (f, t);
      g_autofree char *label = NULL;

      if (x < f->gutter - 0.5)
        continue;

      forkline_rgba_set_source (cr, &f->palette->foreground);
      cairo_rectangle (cr, floor (x), lane->y + lane->height * 0.55, 1, lane->height * 0.45);
      cairo_fill (cr);

      label = format_tick (t, step);
      if (x + 3 < f->view->width - 20 * f->scale)
        forkline_frame_draw_text (f, label, x + 3 * f->scale, lane->y + lane->height * 0.35, -1,
                                  &f->palette->foreground);

      if (t > G_MAXUINT64 - step)
        break;
    }

  forkline_frame_draw_text (f, "time", 8 * f->scale, lane->y + lane->height / 2,
                            f->gutter - 12 * f->scale, &f->palette->muted);
}

void
forkline_frame_draw_grid (ForklineFrame *f,
                          double         top,
                          double         bottom)
{
  guint64 step = nice_step (f->ns_per_px * 110.0 * f->scale);
  guint64 first = (f->view->t0 / step) * step;

  if (bottom <= top)
    return;
  forkline_rgba_set_source (f->cr, &f->palette->grid);
  for (guint64 t = first; t <= f->view->t1; t += step)
    {
      double x = frame_x (f, t);

      if (x >= f->gutter)
        cairo_rectangle (f->cr, floor (x), top, 1, bottom - top);
      if (t > G_MAXUINT64 - step)
        break;
    }
  cairo_fill (f->cr);
}

static char *
make_title (ForklineTrace *trace)
{
  const ForklineTraceHeader *h = forkline_trace_get_header (trace);
  GString *s = g_string_new (NULL);

  if (*h->title)
    g_string_append_printf (s, "%s (%s)", h->title, h->lesson_id);
  else if (*h->lesson_id)
    g_string_append (s, h->lesson_id);
  else
    g_string_append (s, "Forkline trace");

  if (*h->params)
    g_string_append_printf (s, " — %s", h->params);

  if (h->wall_clock_ns > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local ((gint64) (h->wall_clock_ns / G_GUINT64_CONSTANT (1000000000)));

      if (dt != NULL)
        {
          g_autofree char *date = g_date_time_format (dt, "%Y-%m-%d %H:%M");

          g_string_append_printf (s, " — %s", date);
        }
    }

  return g_string_free (s, FALSE);
}

void
forkline_frame_draw_title (ForklineFrame      *f,
                           const ForklineLane *lane)
{
  g_autofree char *title = f->view->title ? g_strdup (f->view->title) : make_title (f->trace);

  forkline_rgba_set_source (f->cr, &f->palette->background);
  cairo_rectangle (f->cr, 0, lane->y, f->view->width, lane->height);
  cairo_fill (f->cr);
  forkline_frame_set_font (f, FONT_SIZE * 1.45, TRUE);
  forkline_frame_draw_text (f, title, 10 * f->scale, lane->y + lane->height / 2,
                            f->view->width - 20 * f->scale,
                            &f->palette->foreground);
  forkline_frame_set_font (f, FONT_SIZE, FALSE);
}

/* How the CPU lanes are known, and what the kernel dropped. */
static char *
method_caption (ForklineTrace *trace)
{
  guint64 no_data = forkline_trace_get_no_data_ns (trace);
  const char *method;
  g_autofree char *lost = NULL;

  switch (forkline_trace_get_header (trace)->method)
    {
    case FORKLINE_METHOD_PERF_SWITCH: method = "exact (context switches)"; break;
    case FORKLINE_METHOD_PROC_SAMPLED: method = "sampled (/proc, 1 kHz)"; break;
    case FORKLINE_METHOD_NONE:
    default: method = "no CPU data"; break;
    }
  if (no_data == 0)
    return g_strdup (method);
  lost = forkline_format_duration (no_data);
  return g_strdup_printf ("%s, except %s with no data (records lost)", method, lost);
}

void
forkline_frame_draw_section (ForklineFrame      *f,
                             const ForklineLane *lane)
{
  static const char * const names[] = { "CPUs", "Processes", "Channels" };
  double x;

  forkline_rgba_set_source (f->cr, &f->palette->section_background);
  cairo_rectangle (f->cr, 0, lane->y, f->view->width, lane->height);
  cairo_fill (f->cr);

  forkline_frame_set_font (f, FONT_SIZE, TRUE);
  x = 8 * f->scale + forkline_frame_draw_text (f, names[CLAMP (lane->index, 0, 2)], 8 * f->scale,
                                               lane->y + lane->height / 2, -1, &f->palette->foreground);
  forkline_frame_set_font (f, FONT_SIZE, FALSE);
  if (lane->index == 0)
    {
      g_autofree char *caption = method_caption (f->trace);

      forkline_frame_draw_text (f, caption, x + 10 * f->scale, lane->y + lane->height / 2, -1,
                                &f->palette->muted);
    }
  else if (lane->index == 2)
    forkline_frame_draw_text (f, "bars: messages in flight, put → get", x + 10 * f->scale,
                              lane->y + lane->height / 2, -1, &f->palette->muted);
}

void
forkline_frame_draw_lane_name (ForklineFrame      *f,
                               const ForklineLane *lane)
{
  g_autofree char *name = NULL;
  ForklineRgba swatch;
  double x = 8 * f->scale;
  double cy = lane->y + lane->height / 2;

  switch (lane->kind)
    {
    case FORKLINE_LANE_CPU:
      name = g_strdup_printf ("CPU %" G_GINT64_FORMAT, lane->index);
      break;

    case FORKLINE_LANE_PROCESS:
      {
        const ForklineProcess *p = forkline_trace_get_process (f->trace, (guint) lane->index);

        /* beside its state row: its thread rows name themselves below */
        cy = _forkline_renderer_lane_mid_y (f->trace, lane, f->scale);
        forkline_palette_process_color (f->view->theme, (gint) lane->index, &swatch);
        forkline_rgba_set_source (f->cr, &swatch);
        cairo_rectangle (f->cr, x, cy - 5 * f->scale, 10 * f->scale, 10 * f->scale);
        cairo_fill (f->cr);
        x += 14 * f->scale;
        name = *p->name ? g_strdup (p->name) : g_strdup_printf ("process %" G_GINT64_FORMAT, lane->index);
        forkline_frame_draw_thread_names (f, lane);
      }
      break;

    case FORKLINE_LANE_CHANNEL:
      {
        const ForklineObject *o = forkline_trace_lookup_object (f->trace, (guint32) lane->index);

        if (o != NULL && *o->name)
          name = g_strdup (o->name);
        else
          name = g_strdup_printf ("%s #%" G_GINT64_FORMAT,
                                  o && o->kind == FORKLINE_OBJECT_PIPE ? "pipe" : "queue", lane->index);
      }
      break;

    case FORKLINE_LANE_NONE:
    case FORKLINE_LANE_TITLE:
    case FORKLINE_LANE_RULER:
    case FORKLINE_LANE_SECTION:
    case FORKLINE_LANE_LEGEND:
    default:
      return;
    }

  pango_layout_set_ellipsize (f->layout, PANGO_ELLIPSIZE_END);
  forkline_frame_draw_text (f, name, x, cy, f->gutter - x - 4 * f->scale,
                            &f->palette->foreground);
}

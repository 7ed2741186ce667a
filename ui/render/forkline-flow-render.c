/* forkline-flow-render.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "forkline-flow-render-private.h"

/* Options */

void
forkline_flow_render_options_init (ForklineFlowRenderOptions *options,
                                   double                     width,
                                   double                     height)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->width = width;
  options->height = height;
  options->scale = 1.0;
  options->theme = FORKLINE_THEME_LIGHT;
  options->paint_background = TRUE;
  options->selected_event = FORKLINE_FLOW_NO_EVENT;
}

static void
hit_clear (gpointer data)
{
  ForklineFlowHit *hit = data;

  g_clear_pointer (&hit->text, g_free);
}

GArray *
forkline_flow_hits_new (void)
{
  GArray *hits = g_array_new (FALSE, TRUE, sizeof (ForklineFlowHit));

  g_array_set_clear_func (hits, hit_clear);
  return hits;
}

/* The topmost hit at (x, y), the last drawn; with_event: only those that
 * select an event. */
static const ForklineFlowHit *
hit_at (GArray   *hits,
        double    x,
        double    y,
        gboolean  with_event)
{
  for (guint i = hits->len; i > 0; i--)
    {
      const ForklineFlowHit *hit = &g_array_index (hits, ForklineFlowHit, i - 1);

      if (with_event && hit->event == FORKLINE_FLOW_NO_EVENT)
        continue;
      if (x >= hit->x && x < hit->x + hit->width && y >= hit->y && y < hit->y + hit->height)
        return hit;
    }
  return NULL;
}

const char *
forkline_flow_hits_lookup (GArray *hits,
                           double  x,
                           double  y)
{
  const ForklineFlowHit *hit;

  g_return_val_if_fail (hits != NULL, NULL);

  hit = hit_at (hits, x, y, FALSE);
  return hit != NULL ? hit->text : NULL;
}

guint
forkline_flow_hits_lookup_event (GArray *hits,
                                 double  x,
                                 double  y)
{
  const ForklineFlowHit *hit;

  g_return_val_if_fail (hits != NULL, FORKLINE_FLOW_NO_EVENT);

  hit = hit_at (hits, x, y, TRUE);
  return hit != NULL ? hit->event : FORKLINE_FLOW_NO_EVENT;
}

void
flow_add_hit_event (Ctx        *ctx,
                    const Rect *r,
                    char       *text,
                    guint       event)
{
  ForklineFlowHit hit;

  if (event != FORKLINE_FLOW_NO_EVENT && event == ctx->options->selected_event)
    g_array_append_val (ctx->selected, *r);
  if (ctx->options->hits == NULL)
    {
      g_free (text);
      return;
    }

  hit.x = r->x;
  hit.y = r->y;
  hit.width = r->w;
  hit.height = r->h;
  hit.text = text;
  hit.event = event;
  g_array_append_val (ctx->options->hits, hit);
}

void
flow_add_hit (Ctx        *ctx,
              const Rect *r,
              char       *text)
{
  flow_add_hit_event (ctx, r, text, FORKLINE_FLOW_NO_EVENT);
}

/* Colours */

void
flow_set_rgba (Ctx                *ctx,
               const ForklineRgba *c,
               double              alpha)
{
  cairo_set_source_rgba (ctx->cr, c->red, c->green, c->blue, c->alpha * alpha);
}

ForklineRgba
flow_proc_color (Ctx  *ctx,
                 gint  proc)
{
  ForklineRgba c;

  forkline_palette_process_color (ctx->theme, proc, &c);
  return c;
}

ForklineRgba
flow_mix (const ForklineRgba *a,
          const ForklineRgba *b,
          double              t)
{
  ForklineRgba c;

  c.red = a->red + (b->red - a->red) * t;
  c.green = a->green + (b->green - a->green) * t;
  c.blue = a->blue + (b->blue - a->blue) * t;
  c.alpha = 1.0;
  return c;
}

double
flow_ease_out (double t)
{
  t = CLAMP (t, 0.0, 1.0);
  return 1.0 - (1.0 - t) * (1.0 - t) * (1.0 - t);
}

/* Shapes */

void
flow_rounded_rect (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Lines leave and reach nodes across the flow: sideways in a wide
 * picture, up and down in a tall one. */
static void
flow_curve (Ctx    *ctx,
            double  x0,
            double  y0,
            double  x1,
            double  y1)
{
  cairo_move_to (ctx->cr, x0, y0);
  if (ctx->vertical)
    {
      double dy = (y1 - y0) * 0.5;

      cairo_curve_to (ctx->cr, x0, y0 + dy, x1, y1 - dy, x1, y1);
    }
  else
    {
      double dx = (x1 - x0) * 0.5;

      cairo_curve_to (ctx->cr, x0 + dx, y0, x1 - dx, y1, x1, y1);
    }
}

/* An arrow head with its tip at (x, y), pointing along (dx, dy). */
static void
flow_arrow (Ctx    *ctx,
            double  x,
            double  y,
            double  dx,
            double  dy)
{
  double s = 6 * ctx->u;

  cairo_move_to (ctx->cr, x, y);
  cairo_line_to (ctx->cr, x - dx * s - dy * s * 0.6, y - dy * s + dx * s * 0.6);
  cairo_line_to (ctx->cr, x - dx * s + dy * s * 0.6, y - dy * s - dx * s * 0.6);
  cairo_close_path (ctx->cr);
  cairo_fill (ctx->cr);
}

/* The head of a flow_curve () from (x0, y0) to (x1, y1). */
static void
flow_arrow_at_end (Ctx    *ctx,
                   double  x0,
                   double  y0,
                   double  x1,
                   double  y1)
{
  if (ctx->vertical)
    flow_arrow (ctx, x1, y1, 0, y1 >= y0 ? 1 : -1);
  else
    flow_arrow (ctx, x1, y1, x1 >= x0 ? 1 : -1, 0);
}

/* Text */

void
flow_text_size (Ctx        *ctx,
                const char *text,
                double      size,
                gboolean    bold,
                double      max_width,
                double     *w,
                double     *h)
{
  PangoRectangle ink, logical;

  pango_font_description_set_size (ctx->font, (gint) (ctx->base_size * size));
  pango_font_description_set_weight (ctx->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (ctx->pango, ctx->font);
  pango_layout_set_text (ctx->pango, text, -1);
  pango_layout_set_wrap (ctx->pango, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (ctx->pango, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (ctx->pango, 0);
  pango_layout_set_width (ctx->pango, max_width > 0 ? (gint) (max_width * PANGO_SCALE) : -1);
  pango_layout_get_pixel_extents (ctx->pango, &ink, &logical);
  if (w != NULL)
    *w = logical.width;
  if (h != NULL)
    *h = logical.height;
}

/* Draws one line (ellipsized to max_width) with its top at y; returns the
 * width used. */
double
flow_draw_text (Ctx                *ctx,
                const char         *text,
                double              x,
                double              y,
                double              size,
                gboolean            bold,
                const ForklineRgba *color,
                double              alpha,
                int                 align,
                double              max_width)
{
  double w, h;

  flow_text_size (ctx, text, size, bold, max_width, &w, &h);
  if (align == ALIGN_CENTER)
    x -= w / 2;
  else if (align == ALIGN_RIGHT)
    x -= w;
  flow_set_rgba (ctx, color, alpha);
  cairo_move_to (ctx->cr, x, y);
  pango_cairo_show_layout (ctx->cr, ctx->pango);
  cairo_new_path (ctx->cr);
  return w;
}

/* Wrapped paragraph, at most max_lines lines; returns the height used. */
double
flow_draw_paragraph (Ctx                *ctx,
                     const char         *text,
                     double              x,
                     double              y,
                     double              width,
                     double              size,
                     const ForklineRgba *color,
                     int                 max_lines)
{
  PangoRectangle logical;

  flow_text_size (ctx, text, size, FALSE, width, NULL, NULL);
  pango_layout_set_height (ctx->pango, -max_lines);
  pango_layout_get_pixel_extents (ctx->pango, NULL, &logical);
  flow_set_rgba (ctx, color, 1.0);
  cairo_move_to (ctx->cr, x, y);
  pango_cairo_show_layout (ctx->cr, ctx->pango);
  cairo_new_path (ctx->cr);
  return logical.height;
}

static double
flow_draw_paragraph_centered (Ctx                *ctx,
                              const char         *text,
                              double              x,
                              double              y,
                              double              width,
                              double              size,
                              const ForklineRgba *color,
                              int                 max_lines)
{
  double h;

  pango_layout_set_alignment (ctx->pango, PANGO_ALIGN_CENTER);
  h = flow_draw_paragraph (ctx, text, x, y, width, size, color, max_lines);
  pango_layout_set_alignment (ctx->pango, PANGO_ALIGN_LEFT);
  return h;
}

double
flow_line_height (Ctx    *ctx,
                  double  size)
{
  double h;

  flow_text_size (ctx, "Hg", size, FALSE, -1, NULL, &h);
  return h;
}

char *
flow_format_time (guint64 ns)
{
  if (ns == G_MAXUINT64)
    return g_strdup ("end");
  return g_strdup_printf ("%.3f s", ns / 1e9);
}

/* Roles and places */

/* Children sit opposite main unless they only feed a channel (producers,
 * senders): live, a child that has not sent anything yet stays put. */
static gboolean
goes_right (ForklineFlowState *layout,
            gint16             proc)
{
  guint n_objects = forkline_flow_state_get_n_objects (layout);
  gboolean sends = FALSE;

  if (proc == 0)
    return FALSE;

  for (guint i = 0; i < n_objects; i++)
    {
      const ForklineFlowObject *object = forkline_flow_state_get_object (layout, i);

      if (object->kind != FORKLINE_OBJECT_QUEUE && object->kind != FORKLINE_OBJECT_PIPE)
        continue;
      if (forkline_flow_object_has_proc (object->readers, proc))
        return TRUE;
      if (forkline_flow_object_has_proc (object->senders, proc))
        sends = TRUE;
    }

  return !sends;
}

/* The height of the process's words under a full-size node. */
static double
words_height (Ctx *ctx)
{
  return 3 * ctx->u + 2 * flow_line_height (ctx, 0.8);
}

static void
place_column (Ctx    *ctx,
              GArray *procs,
              double  x,
              double  w,
              double  y0,
              double  y1,
              Side    side)
{
  double u = ctx->u;
  double words_h = words_height (ctx);
  double full_h = 38 * u;
  double slot, top;
  gboolean compact;

  if (procs->len == 0)
    return;

  slot = MIN ((y1 - y0) / procs->len, 86 * u);
  compact = ctx->compact_nodes || slot < full_h + words_h + 4 * u;
  top = y0 + ((y1 - y0) - slot * procs->len) / 2;

  for (guint i = 0; i < procs->len; i++)
    {
      gint16 proc = g_array_index (procs, gint16, i);
      Node *node = &g_array_index (ctx->nodes, Node, proc);

      if (compact)
        {
          /* However many there are, each keeps inside its own slot. */
          double h = MAX (MIN (slot - 4 * u, 34 * u), slot * 0.6);

          node->rect = (Rect) { x, top + i * slot + (slot - h) / 2, w, h };
          node->box = node->rect;
        }
      else
        {
          double y = top + i * slot + (slot - full_h - words_h) / 2;

          node->rect = (Rect) { x, y, w, full_h };
          node->box = (Rect) { x - 8 * u, y, w + 16 * u, full_h + words_h };
        }
      node->placed = TRUE;
      node->compact = compact;
      node->side = side;
    }
}

/* A tall picture: a group of nodes side by side, wrapping into rows;
 * returns the height used. */
static double
place_row (Ctx    *ctx,
           GArray *procs,
           double  y,
           Side    side)
{
  const ForklineFlowRenderOptions *o = ctx->options;
  double u = ctx->u;
  double m = 10 * u;
  double gap = 14 * u;
  double avail = o->width - 2 * m;
  double min_w = ctx->name_w + 30 * u;
  gboolean compact = ctx->compact_nodes;
  double node_h = compact ? 36 * u : 32 * u;
  double words_h = compact ? 0 : words_height (ctx);
  double slot_h = node_h + words_h + (compact ? 6 : 10) * u;
  guint per_row, rows;
  double w;

  if (procs->len == 0)
    return 0;

  per_row = CLAMP ((guint) ((avail + gap) / (min_w + gap)), 1, procs->len);
  rows = (procs->len + per_row - 1) / per_row;
  w = MIN (180 * u, (avail - (per_row - 1) * gap) / per_row);
  ctx->node_w = MIN (ctx->node_w, w);

  for (guint i = 0; i < procs->len; i++)
    {
      gint16 proc = g_array_index (procs, gint16, i);
      Node *node = &g_array_index (ctx->nodes, Node, proc);
      guint row = i / per_row;
      guint in_row = MIN (per_row, procs->len - row * per_row);
      double x0 = m + (avail - (in_row * w + (in_row - 1) * gap)) / 2;

      node->rect = (Rect) { x0 + (i % per_row) * (w + gap), y + row * slot_h, w, node_h };
      /* The words may spread under the gaps, but not reach the next ones. */
      node->box = compact ? node->rect
                          : (Rect) { node->rect.x - (gap - 2 * u) / 2, node->rect.y,
                                     w + gap - 2 * u, node_h + words_h };
      node->placed = TRUE;
      node->compact = compact;
      node->side = side;
    }

  return rows * slot_h - (compact ? 6 : 10) * u;
}

/* How many cells or tasks a grid object has to show. */
static guint
object_items (const ForklineFlowObject *object)
{
  if (object->kind == FORKLINE_OBJECT_ARRAY)
    return CLAMP (object->cells->len, 1, MAX_ITEMS);
  if (object->kind == FORKLINE_OBJECT_POOL)
    return CLAMP (object->tasks->len, 1, MAX_ITEMS);
  return 0;
}

#define OBJECT_GAP 18

/* Stacks the objects in the middle, centred when there is room. */
static void
place_objects (Ctx *ctx)
{
  double u = ctx->u;
  double total = 0, y;

  for (guint i = 0; i < ctx->places->len; i++)
    {
      Place *place = &g_array_index (ctx->places, Place, i);

      place->rect.x = ctx->mid.x;
      place->rect.w = ctx->mid.w;
      place->rect.h = flow_object_height (ctx, place->layout, ctx->mid.w, place->n_items);
      total += place->rect.h;
    }

  total += (ctx->places->len > 0 ? ctx->places->len - 1 : 0) * OBJECT_GAP * u;
  ctx->objects_h = total;
  y = ctx->mid.y + MAX (0, (ctx->mid.h - total) / 2);
  for (guint i = 0; i < ctx->places->len; i++)
    {
      Place *place = &g_array_index (ctx->places, Place, i);

      place->rect.y = y;
      y += place->rect.h + OBJECT_GAP * u;
    }
}

static void
compute_layout (Ctx      *ctx,
                gboolean  vertical,
                gboolean  compact)
{
  const ForklineFlowRenderOptions *o = ctx->options;
  double u = ctx->u;
  double m = 14 * u;
  double y0 = m + flow_line_height (ctx, 0.9) + 10 * u;
  double y1 = o->height - m;
  guint n_procs = forkline_flow_state_get_n_procs (ctx->layout);
  guint n_objects = forkline_flow_state_get_n_objects (ctx->layout);
  g_autoptr(GArray) left = g_array_new (FALSE, FALSE, sizeof (gint16));
  g_autoptr(GArray) right = g_array_new (FALSE, FALSE, sizeof (gint16));
  double node_w = CLAMP (o->width * 0.2, 84 * u, 190 * u);
  double gap = 44 * u;

  ctx->vertical = vertical;
  ctx->compact_nodes = compact;
  g_array_set_size (ctx->nodes, 0);
  g_array_set_size (ctx->nodes, n_procs);
  for (guint i = 0; i < n_procs; i++)
    {
      const ForklineFlowProc *p = forkline_flow_state_get_proc (ctx->layout, i);
      gint16 proc = i;

      if (!p->seen)
        continue;
      g_array_append_val (goes_right (ctx->layout, proc) ? right : left, proc);
    }

  if (ctx->vertical)
    {
      double top_h, bottom_h;

      /* Senders on top, shared things in the middle, takers below. */
      m = 10 * u;
      ctx->node_w = G_MAXDOUBLE;
      ctx->min_slot = G_MAXDOUBLE;
      top_h = place_row (ctx, left, y0, SIDE_LEFT);
      bottom_h = place_row (ctx, right, y1, SIDE_RIGHT);
      /* place_row put the bottom group at y1; move it up by its height. */
      for (guint i = 0; i < right->len; i++)
        {
          Node *node = &g_array_index (ctx->nodes, Node, g_array_index (right, gint16, i));

          node->rect.y -= bottom_h;
          node->box.y -= bottom_h;
        }

      ctx->mid.x = m;
      ctx->mid.w = o->width - 2 * m;
      ctx->mid.y = y0 + top_h + (top_h > 0 ? 24 * u : 0);
      ctx->mid.h = y1 - bottom_h - (bottom_h > 0 ? 24 * u : 0) - ctx->mid.y;
    }
  else
    {
      node_w = MIN (node_w, o->width * 0.3);
      ctx->node_w = node_w;
      ctx->min_slot = (y1 - y0) / MAX (1, MAX (left->len, right->len));
      place_column (ctx, left, m, node_w, y0, y1, SIDE_LEFT);
      place_column (ctx, right, o->width - m - node_w, node_w, y0, y1, SIDE_RIGHT);

      ctx->mid.x = m + node_w + gap;
      ctx->mid.w = (right->len > 0 ? o->width - m - node_w - gap : o->width - m) - ctx->mid.x;
      ctx->mid.y = y0;
      ctx->mid.h = y1 - y0;
    }

  g_array_set_size (ctx->places, 0);
  for (guint i = 0; i < n_objects; i++)
    {
      Place place = {0};

      place.layout = forkline_flow_state_get_object (ctx->layout, i);
      place.object = forkline_flow_state_lookup_object (ctx->state, place.layout->id);
      place.n_items = object_items (place.layout);
      g_array_append_val (ctx->places, place);
    }
  place_objects (ctx);
}

static gboolean
layout_fits (Ctx *ctx)
{
  return ctx->mid.h >= 0 &&
         ctx->objects_h <= ctx->mid.h + 4 * ctx->u &&
         ctx->name_w + 26 * ctx->u <= ctx->node_w &&
         ctx->min_slot >= 26 * ctx->u &&
         (ctx->places->len == 0 || ctx->mid.w >= (ctx->vertical ? 180 : 220) * ctx->u);
}

/* When nothing fits: grids show fewer rows (their captions count the
 * rest) and, as a last resort, every object is squeezed into a band of
 * its own and clipped to it, so nothing is ever drawn over anything. */
static void
squeeze_objects (Ctx *ctx)
{
  double u = ctx->u;
  double gaps, fixed = 0, factor, y;

  while (ctx->objects_h > ctx->mid.h)
    {
      Place *biggest = NULL;
      guint biggest_rows = 1, cols = 1;

      for (guint i = 0; i < ctx->places->len; i++)
        {
          Place *place = &g_array_index (ctx->places, Place, i);
          guint c = flow_object_columns (ctx, place->layout, place->rect.w, place->n_items);
          guint rows = c > 0 ? (place->n_items + c - 1) / c : 0;

          if (rows > biggest_rows)
            {
              biggest = place;
              biggest_rows = rows;
              cols = c;
            }
        }
      if (biggest == NULL)
        break;
      biggest->n_items = (biggest_rows - 1) * cols;
      place_objects (ctx);
    }

  if (ctx->objects_h <= ctx->mid.h || ctx->places->len == 0)
    return;

  gaps = (ctx->places->len - 1) * OBJECT_GAP * u;
  if (ctx->mid.h < gaps * 2)
    gaps = 0;
  for (guint i = 0; i < ctx->places->len; i++)
    fixed += g_array_index (ctx->places, Place, i).rect.h;
  factor = fixed > 0 ? MAX (0, ctx->mid.h - gaps) / fixed : 0;
  y = ctx->mid.y;
  for (guint i = 0; i < ctx->places->len; i++)
    {
      Place *place = &g_array_index (ctx->places, Place, i);

      place->rect.y = y;
      place->rect.h *= factor;
      place->clip = TRUE;
      y += place->rect.h + (ctx->places->len > 1 ? gaps / (ctx->places->len - 1) : 0);
    }
  ctx->objects_h = MAX (0, ctx->mid.h);
}

/* The smallest size a picture may shrink to before it shows less. */
#define MIN_UNIT 0.55

static void
measure_names (Ctx *ctx)
{
  guint n_procs = forkline_flow_state_get_n_procs (ctx->layout);

  ctx->name_w = 0;
  for (guint i = 0; i < n_procs; i++)
    {
      const ForklineFlowProc *p = forkline_flow_state_get_proc (ctx->layout, i);
      double w;

      if (!p->seen)
        continue;
      flow_text_size (ctx, p->name, 1.0, TRUE, -1, &w, NULL);
      ctx->name_w = MAX (ctx->name_w, w);
    }
}

/* Tries the four layouts at unit u0 * 0.9^step. */
static gboolean
layout_at_step (Ctx      *ctx,
                double    u0,
                double    base0,
                guint     step,
                gboolean  natural)
{
  ctx->u = u0 * pow (0.9, step);
  ctx->base_size = base0 * pow (0.9, step);
  measure_names (ctx);
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      compute_layout (ctx, attempt < 2 ? natural : !natural, attempt % 2 == 1);
      if (layout_fits (ctx))
        return TRUE;
    }
  return FALSE;
}

/* The picture at unit ctx->u, never past what fits: the largest size
 * at which a layout fits wins; at one size, the picture's own shape
 * (tall: rows, wide: columns) before the other, full nodes before
 * compact ones.  Sizes go down in steps of 10 %; what fits at one size
 * fits at the smaller ones, so a binary search finds the step. */
static void
choose_plain_layout (Ctx *ctx)
{
  gboolean natural = ctx->options->width < ctx->options->height;
  double u0 = ctx->u, base0 = ctx->base_size;
  guint last = 0, lo, hi;

  while (u0 * pow (0.9, last + 1) >= MIN_UNIT)
    last++;

  if (layout_at_step (ctx, u0, base0, 0, natural))
    return;
  /* Words under the nodes are worth a slightly smaller picture. */
  for (guint step = 1; step <= MIN (last, 2); step++)
    {
      ctx->u = u0 * pow (0.9, step);
      ctx->base_size = base0 * pow (0.9, step);
      measure_names (ctx);
      compute_layout (ctx, natural, FALSE);
      if (layout_fits (ctx))
        return;
    }
  if (last > 0 && layout_at_step (ctx, u0, base0, last, natural))
    {
      /* Fits at the last step: find the first that fits in (0, last]. */
      lo = 1;
      hi = last;
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (layout_at_step (ctx, u0, base0, mid, natural))
            hi = mid;
          else
            lo = mid + 1;
        }
      layout_at_step (ctx, u0, base0, lo, natural);
      return;
    }

  /* Columns never run into each other; rows may, if there are many. */
  compute_layout (ctx, natural, TRUE);
  if (ctx->mid.h < 0)
    compute_layout (ctx, FALSE, TRUE);
  squeeze_objects (ctx);
}

/* A presentation scale above 1 grows the picture as far as it fits, and
 * where nothing larger than scale 1 fits it is exactly the scale 1
 * picture: a larger scale never draws smaller.  Sizes go down from the
 * requested one in steps of 10 %, staying above scale 1. */
static void
choose_layout (Ctx *ctx)
{
  gboolean natural = ctx->options->width < ctx->options->height;
  double u0 = ctx->u, base0 = ctx->base_size;
  guint last = 0, lo, hi;

  if (u0 <= 1.0)
    {
      choose_plain_layout (ctx);
      return;
    }

  while (u0 * pow (0.9, last + 1) > 1.0)
    last++;
  if (layout_at_step (ctx, u0, base0, last, natural))
    {
      /* The first step in [0, last] that fits. */
      lo = 0;
      hi = last;
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (layout_at_step (ctx, u0, base0, mid, natural))
            hi = mid;
          else
            lo = mid + 1;
        }
      layout_at_step (ctx, u0, base0, lo, natural);
      return;
    }

  ctx->u = 1.0;
  ctx->base_size = base0 / u0;
  choose_plain_layout (ctx);
}

const Node *
flow_node_for (Ctx  *ctx,
               gint  proc)
{
  const Node *node;

  if (proc < 0 || (guint) proc >= ctx->nodes->len)
    return NULL;
  node = &g_array_index (ctx->nodes, Node, proc);
  return node->placed ? node : NULL;
}

/* Where a line from @proc towards (tx, ty) leaves its node. */
gboolean
flow_node_anchor (Ctx    *ctx,
                  gint    proc,
                  double  tx,
                  double  ty,
                  double *x,
                  double *y)
{
  const Node *node = flow_node_for (ctx, proc);

  if (node == NULL)
    return FALSE;
  if (ctx->vertical)
    {
      *x = node->rect.x + node->rect.w / 2;
      *y = ty > node->rect.y + node->rect.h / 2 ? node->rect.y + node->rect.h : node->rect.y;
    }
  else
    {
      *x = tx > node->rect.x + node->rect.w / 2 ? node->rect.x + node->rect.w : node->rect.x;
      *y = node->rect.y + node->rect.h / 2;
    }
  return TRUE;
}

static const ForklineFlowProc *
flow_proc_at (Ctx  *ctx,
              gint  proc)
{
  const ForklineFlowProc *p = proc >= 0 ? forkline_flow_state_get_proc (ctx->state, proc) : NULL;

  return p != NULL && p->seen ? p : NULL;
}

gboolean
flow_proc_alive (Ctx  *ctx,
                 gint  proc)
{
  const ForklineFlowProc *p = flow_proc_at (ctx, proc);

  return p != NULL && !p->exited;
}

/* Draws a line from a process to a point of an object, in its colour. */
void
flow_link (Ctx      *ctx,
           gint      proc,
           double    x,
           double    y,
           gboolean  towards_object,
           double    alpha,
           gboolean  dashed,
           const ForklineRgba *override)
{
  ForklineRgba c = override != NULL ? *override : flow_proc_color (ctx, proc);
  double nx, ny;

  if (!flow_node_anchor (ctx, proc, x, y, &nx, &ny))
    return;

  cairo_save (ctx->cr);
  flow_set_rgba (ctx, &c, alpha);
  cairo_set_line_width (ctx->cr, (override != NULL ? 2.5 : 1.8) * ctx->u);
  if (dashed)
    {
      double d[] = { 5 * ctx->u, 4 * ctx->u };

      cairo_set_dash (ctx->cr, d, 2, 0);
    }
  if (towards_object)
    flow_curve (ctx, nx, ny, x, y);
  else
    flow_curve (ctx, x, y, nx, ny);
  cairo_stroke (ctx->cr);
  cairo_set_dash (ctx->cr, NULL, 0, 0);
  if (towards_object)
    flow_arrow_at_end (ctx, nx, ny, x, y);
  else
    flow_arrow_at_end (ctx, x, y, nx, ny);
  cairo_restore (ctx->cr);
}

/* Joins a process to the side of @r that faces it. */
void
flow_link_rect (Ctx        *ctx,
                gint        proc,
                const Rect *r,
                gboolean    towards_object,
                double      alpha,
                gboolean    dashed)
{
  const Node *node = flow_node_for (ctx, proc);
  double x, y;

  if (node == NULL)
    return;
  if (ctx->vertical)
    {
      x = CLAMP (node->rect.x + node->rect.w / 2, r->x + 10 * ctx->u, r->x + r->w - 10 * ctx->u);
      y = node->rect.y + node->rect.h / 2 > r->y + r->h / 2 ? r->y + r->h : r->y;
    }
  else
    {
      x = node->rect.x + node->rect.w / 2 > r->x + r->w / 2 ? r->x + r->w : r->x;
      y = r->y + r->h / 2;
    }
  flow_link (ctx, proc, x, y, towards_object, alpha, dashed, NULL);
}

/* A connector from a process to a port on the far side of a channel runs
 * above it, so it is not hidden behind the tube. */
void
flow_link_over (Ctx                *ctx,
                gint                proc,
                double              px,
                double              py,
                double              lane_y,
                double              alpha,
                gboolean            dashed,
                const ForklineRgba *override)
{
  ForklineRgba c = override != NULL ? *override : flow_proc_color (ctx, proc);
  const Node *node = flow_node_for (ctx, proc);
  double u = ctx->u;
  double nx, ny, dir, r = 10 * u;

  if (node == NULL)
    return;
  if (ctx->vertical)
    {
      flow_link (ctx, proc, px, py, TRUE, alpha, dashed, override);
      return;
    }

  /* Leave the node on the side facing the port, then turn back over. */
  dir = node->rect.x > px ? -1 : 1;
  nx = dir < 0 ? node->rect.x : node->rect.x + node->rect.w;
  ny = node->rect.y + node->rect.h / 2;
  (void) r;

  cairo_save (ctx->cr);
  flow_set_rgba (ctx, &c, alpha);
  cairo_set_line_width (ctx->cr, (override != NULL ? 2.5 : 1.8) * u);
  if (dashed)
    {
      double d[] = { 5 * u, 4 * u };

      cairo_set_dash (ctx->cr, d, 2, 0);
    }
  cairo_move_to (ctx->cr, nx, ny);
  cairo_curve_to (ctx->cr, nx + dir * 30 * u, ny, nx + dir * 10 * u, lane_y, nx + dir * 40 * u,
                  lane_y);
  cairo_line_to (ctx->cr, px - dir * 30 * u, lane_y);
  cairo_curve_to (ctx->cr, px - dir * 5 * u, lane_y, px - dir * 24 * u, py, px, py);
  cairo_stroke (ctx->cr);
  cairo_set_dash (ctx->cr, NULL, 0, 0);
  flow_arrow (ctx, px, py, dir, 0);
  cairo_restore (ctx->cr);
}

/* "Process-3" -> "P3", "PoolWorker-2" -> "PW2": fits under a cell. */
char *
flow_short_name (Ctx  *ctx,
                 gint  proc)
{
  const char *name = forkline_flow_state_proc_name (ctx->state, proc);
  const char *dash = strrchr (name, '-');
  GString *str;

  if (dash == NULL || dash[1] == '\0')
    return g_strdup (name);
  str = g_string_new (NULL);
  for (const char *c = name; c < dash; c++)
    if (g_ascii_isupper (*c))
      g_string_append_c (str, *c);
  g_string_append (str, dash + 1);
  return g_string_free (str, FALSE);
}

/* Processes */

static char *
proc_tooltip (Ctx  *ctx,
              gint  proc)
{
  const ForklineFlowProc *p = flow_proc_at (ctx, proc);
  const ForklineFlowProc *lp = forkline_flow_state_get_proc (ctx->layout, proc);
  g_autofree char *words = forkline_flow_state_describe_proc (ctx->state, proc);
  g_autofree char *since = NULL;
  GString *str = g_string_new (NULL);

  g_string_append_printf (str, "%s", lp != NULL && *lp->name ? lp->name : "process");
  if (lp != NULL && lp->pid != 0)
    g_string_append_printf (str, " (pid %d)", lp->pid);
  if (p == NULL)
    {
      g_string_append (str, "\nnot started yet");
      return g_string_free (str, FALSE);
    }
  since = flow_format_time (p->state_ns);
  g_string_append_printf (str, "\n%s %s %s", words, p->exited ? "at" : "since", since);
  if (p->last_print != NULL)
    g_string_append_printf (str, "\nlast printed: %s", p->last_print);
  if (p->n_tasks_done > 0)
    g_string_append_printf (str, "\n%u task%s done", p->n_tasks_done,
                            p->n_tasks_done == 1 ? "" : "s");
  return g_string_free (str, FALSE);
}

/* Beside a compact node's name there is room for a word or two. */
static char *
short_exit_words (Ctx                    *ctx,
                  const ForklineFlowProc *p)
{
  g_autofree char *words = forkline_flow_state_describe_proc (ctx->state, p->proc);

  if (p->exit_signal == 0)
    return g_strdup_printf ("exit %d", p->exit_code);
  if (g_str_has_prefix (words, "terminated"))
    return g_strdup ("terminated");
  if (forkline_flow_signal_name (p->exit_signal) != NULL)
    return g_strdup (forkline_flow_signal_name (p->exit_signal));
  return g_strdup_printf ("signal %d", p->exit_signal);
}

/* A compact node holds its words: under the name when two lines fit,
 * else beside it when there is room, else only in the tooltip. */
static void
draw_compact_label (Ctx                    *ctx,
                    const Node             *node,
                    const ForklineFlowProc *p,
                    const char             *name,
                    const char             *words)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineRgba *name_color = p != NULL && !p->exited ? &pal->foreground : &pal->muted;
  double u = ctx->u;
  Rect r = node->rect;
  double text_x = r.x + 19 * u;
  double name_h = flow_line_height (ctx, 0.95);
  double words_h = flow_line_height (ctx, 0.75);
  g_autofree char *short_words = NULL;
  double used, room, ww;

  /* Squeezed nodes may be lower than a line: keep the text inside. */
  cairo_rectangle (ctx->cr, r.x, r.y, r.w, r.h);
  cairo_clip (ctx->cr);

  if (r.h >= name_h + words_h + 4 * u)
    {
      double y = r.y + (r.h - name_h - words_h) / 2;

      flow_draw_text (ctx, name, text_x, y, 0.95, TRUE, name_color, 1.0, ALIGN_LEFT, r.w - 24 * u);
      flow_draw_text (ctx, words, text_x, y + name_h, 0.75, FALSE, &pal->muted, 1.0, ALIGN_LEFT,
                      r.w - 24 * u);
      return;
    }

  used = flow_draw_text (ctx, name, text_x, r.y + (r.h - name_h) / 2, 0.95, TRUE, name_color, 1.0,
                         ALIGN_LEFT, r.w - 24 * u);
  room = r.x + r.w - (text_x + used + 10 * u);
  /* A short exit note, and only whole. */
  if (p != NULL && p->exited)
    {
      short_words = short_exit_words (ctx, p);
      words = short_words;
      flow_text_size (ctx, words, 0.8, FALSE, -1, &ww, NULL);
      if (ww > room)
        return;
    }
  if (room > 30 * u)
    flow_draw_text (ctx, words, text_x + used + 6 * u,
                    r.y + (r.h - flow_line_height (ctx, 0.8)) / 2, 0.8, FALSE, &pal->muted, 1.0,
                    ALIGN_LEFT, room);
}

static void
draw_node (Ctx  *ctx,
           gint  proc)
{
  const Node *node = flow_node_for (ctx, proc);
  const ForklineFlowProc *p = flow_proc_at (ctx, proc);
  const ForklineFlowProc *lp = forkline_flow_state_get_proc (ctx->layout, proc);
  ForklineRgba c = flow_proc_color (ctx, proc);
  const ForklinePalette *pal = ctx->palette;
  g_autofree char *words = NULL;
  double u = ctx->u;
  Rect r;
  double strip, text_x;

  if (node == NULL)
    return;
  r = node->rect;
  words =
    p != NULL ? forkline_flow_state_describe_proc (ctx->state, proc) : g_strdup ("not started yet");

  cairo_save (ctx->cr);
  flow_rounded_rect (ctx->cr, r.x, r.y, r.w, r.h, 8 * u);
  if (p == NULL || p->exited)
    {
      double d[] = { 4 * u, 3 * u };

      flow_set_rgba (ctx, &pal->lane_background, 1.0);
      cairo_fill_preserve (ctx->cr);
      flow_set_rgba (ctx, &pal->muted, 0.8);
      cairo_set_line_width (ctx->cr, 1.5 * u);
      cairo_set_dash (ctx->cr, d, 2, 0);
      cairo_stroke (ctx->cr);
      cairo_set_dash (ctx->cr, NULL, 0, 0);
    }
  else
    {
      ForklineRgba fill = flow_mix (&pal->background, &c, 0.22);

      flow_set_rgba (ctx, &fill, 1.0);
      cairo_fill_preserve (ctx->cr);
      flow_set_rgba (ctx, &c, 1.0);
      cairo_set_line_width (ctx->cr, 2.5 * u);
      cairo_stroke (ctx->cr);

      /* The state's own pattern, as in the timeline lanes and legend. */
      strip = 9 * u;
      cairo_save (ctx->cr);
      flow_rounded_rect (ctx->cr, r.x, r.y, r.w, r.h, 8 * u);
      cairo_clip (ctx->cr);
      forkline_palette_paint_state (ctx->cr, ctx->theme, p->state, &c,
                                    r.x + 4 * u, r.y + 4 * u, strip, r.h - 8 * u, u);
      cairo_restore (ctx->cr);
    }

  text_x = r.x + 19 * u;
  if (node->compact)
    draw_compact_label (ctx, node, p, lp->name, words);
  else
    {
      flow_draw_text (ctx, lp->name, text_x, r.y + (r.h - flow_line_height (ctx, 1.0)) / 2, 1.0,
                      TRUE, p != NULL && !p->exited ? &pal->foreground : &pal->muted, 1.0,
                      ALIGN_LEFT, r.w - 24 * u);
      flow_draw_paragraph_centered (ctx, words, node->box.x, r.y + r.h + 3 * u, node->box.w, 0.8,
                                    p != NULL && !p->exited ? &pal->foreground : &pal->muted, 2);
    }
  cairo_restore (ctx->cr);

  flow_add_hit_event (ctx, &r, proc_tooltip (ctx, proc),
                      p != NULL && p->fork_event != FORKLINE_FLOW_NO_EVENT ? p->fork_event
                                                                           : lp->fork_event);
}

static void
draw_fork_lines (Ctx *ctx)
{
  /* Only where they cross nothing: between main and its children when
   * nothing shared sits in between. */
  if (ctx->places->len > 0)
    return;

  for (guint i = 1; i < ctx->nodes->len; i++)
    {
      const ForklineFlowProc *lp = forkline_flow_state_get_proc (ctx->layout, i);
      const Node *child = flow_node_for (ctx, i);
      const Node *parent = lp != NULL ? flow_node_for (ctx, lp->parent) : NULL;
      double d[] = { 3 * ctx->u, 3 * ctx->u };

      if (child == NULL || parent == NULL)
        continue;

      cairo_save (ctx->cr);
      flow_set_rgba (ctx, &ctx->palette->arrow, flow_proc_at (ctx, i) != NULL ? 0.7 : 0.3);
      cairo_set_line_width (ctx->cr, 1.5 * ctx->u);
      cairo_set_dash (ctx->cr, d, 2, 0);
      {
        double px, py, cx, cy;

        flow_node_anchor (ctx, lp->parent, child->rect.x + child->rect.w / 2,
                          child->rect.y + child->rect.h / 2, &px, &py);
        flow_node_anchor (ctx, i, parent->rect.x + parent->rect.w / 2,
                          parent->rect.y + parent->rect.h / 2, &cx, &cy);
        flow_curve (ctx, px, py, cx, cy);
        cairo_stroke (ctx->cr);
        cairo_restore (ctx->cr);
        if (i == 1)
          flow_draw_text (ctx, "fork()", (px + cx) / 2 + (ctx->vertical ? 4 * ctx->u : 0),
                          (py + cy) / 2 - flow_line_height (ctx, 0.75) / 2, 0.75, FALSE,
                          &ctx->palette->muted, 1.0, ctx->vertical ? ALIGN_LEFT : ALIGN_CENTER, -1);
      }
    }
}

/* The whole picture */

static void
draw_header (Ctx *ctx)
{
  ForklineTrace *trace = forkline_flow_state_get_trace (ctx->state);
  const ForklineTraceHeader *header = trace != NULL ? forkline_trace_get_header (trace) : NULL;
  guint64 t = forkline_flow_state_get_time (ctx->state);
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;
  double u = ctx->u;

  if (t == G_MAXUINT64)
    t = forkline_flow_state_get_last_event_time (ctx->state);
  when = flow_format_time (t);
  title =
    g_strdup_printf ("%s%st = %s", header != NULL && *header->lesson_id ? header->lesson_id : "",
                     header != NULL && *header->lesson_id ? " · " : "", when);
  flow_draw_text (ctx, title, 14 * u, 10 * u, 0.9, FALSE, &ctx->palette->muted, 1.0, ALIGN_LEFT,
                  ctx->options->width - 28 * u);
}

static void
ctx_init (Ctx                             *ctx,
          cairo_t                         *cr,
          ForklineFlowState               *state,
          const ForklineFlowRenderOptions *options)
{
  ctx->cr = cr;
  ctx->u = CLAMP (options->scale, 0.5, 4.0);
  ctx->theme = options->theme;
  ctx->palette = forkline_palette_get (options->theme);
  ctx->state = state;
  ctx->layout = options->layout != NULL ? options->layout : state;
  ctx->options = options;
  ctx->font = options->font != NULL ? pango_font_description_copy (options->font)
                                    : pango_font_description_from_string ("Sans 10");
  if (pango_font_description_get_size (ctx->font) <= 0)
    pango_font_description_set_size (ctx->font, 10 * PANGO_SCALE);
  ctx->base_size = pango_font_description_get_size (ctx->font) * ctx->u;
  ctx->pango = pango_cairo_create_layout (cr);
  ctx->nodes = g_array_new (FALSE, TRUE, sizeof (Node));
  ctx->vertical = options->width < options->height;
  ctx->places = g_array_new (FALSE, TRUE, sizeof (Place));
  ctx->selected = g_array_new (FALSE, FALSE, sizeof (Rect));
}

static void
ctx_clear (Ctx *ctx)
{
  g_clear_pointer (&ctx->nodes, g_array_unref);
  g_clear_pointer (&ctx->places, g_array_unref);
  g_clear_pointer (&ctx->selected, g_array_unref);
  g_clear_object (&ctx->pango);
  g_clear_pointer (&ctx->font, pango_font_description_free);
}

/* What stands for the selected event, outlined in the selection colour
 * over everything, as the timeline outlines it. */
static void
draw_selection (Ctx *ctx)
{
  double pad = 2.5 * ctx->u;

  if (ctx->selected->len == 0)
    return;

  flow_set_rgba (ctx, &ctx->palette->selection, 1.0);
  cairo_set_line_width (ctx->cr, 2.5 * ctx->u);
  for (guint i = 0; i < ctx->selected->len; i++)
    {
      const Rect *r = &g_array_index (ctx->selected, Rect, i);

      cairo_rectangle (ctx->cr, r->x - pad, r->y - pad, r->w + 2 * pad, r->h + 2 * pad);
    }
  cairo_stroke (ctx->cr);
}

static void
draw_place (Ctx   *ctx,
            Place *place)
{
  cairo_save (ctx->cr);
  if (place->clip)
    {
      cairo_rectangle (ctx->cr, place->rect.x, place->rect.y, place->rect.w, place->rect.h);
      cairo_clip (ctx->cr);
    }

  switch (place->layout->kind)
    {
    case FORKLINE_OBJECT_QUEUE: flow_draw_queue (ctx, place); break;
    case FORKLINE_OBJECT_PIPE:  flow_draw_pipe (ctx, place);  break;
    case FORKLINE_OBJECT_LOCK:  flow_draw_lock (ctx, place);  break;
    case FORKLINE_OBJECT_ARRAY: flow_draw_array (ctx, place); break;
    case FORKLINE_OBJECT_POOL:  flow_draw_pool (ctx, place);  break;
    default: break;
    }
  cairo_restore (ctx->cr);
}

void
forkline_flow_render (cairo_t                         *cr,
                      ForklineFlowState               *state,
                      const ForklineFlowRenderOptions *options)
{
  Ctx ctx = {0};

  g_return_if_fail (cr != NULL);
  g_return_if_fail (state != NULL);
  g_return_if_fail (options != NULL);

  ctx_init (&ctx, cr, state, options);

  cairo_save (cr);
  if (options->paint_background)
    {
      flow_set_rgba (&ctx, &ctx.palette->background, 1.0);
      cairo_rectangle (cr, 0, 0, options->width, options->height);
      cairo_fill (cr);
    }

  choose_layout (&ctx);
  draw_header (&ctx);
  draw_fork_lines (&ctx);

  for (guint i = 0; i < ctx.places->len; i++)
    draw_place (&ctx, &g_array_index (ctx.places, Place, i));

  /* Nodes last, so links end under their borders. */
  for (guint i = 0; i < ctx.nodes->len; i++)
    draw_node (&ctx, i);

  draw_selection (&ctx);

  if (ctx.nodes->len == 0)
    flow_draw_text (&ctx, "No lesson running", options->width / 2, options->height / 2, 1.1, FALSE,
                    &ctx.palette->muted, 1.0, ALIGN_CENTER, options->width);
  cairo_restore (cr);

  ctx_clear (&ctx);
}

static void
add_box (GArray      *boxes,
         FlowBoxKind  kind,
         guint        index,
         const Rect  *r)
{
  FlowBox box = { kind, index, r->x, r->y, r->w, r->h };

  g_array_append_val (boxes, box);
}

GArray *
flow_render_get_boxes (cairo_t                         *cr,
                       ForklineFlowState               *state,
                       const ForklineFlowRenderOptions *options)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (FlowBox));
  Ctx ctx = {0};
  Rect header;

  g_return_val_if_fail (cr != NULL, boxes);
  g_return_val_if_fail (state != NULL, boxes);
  g_return_val_if_fail (options != NULL, boxes);

  ctx_init (&ctx, cr, state, options);
  choose_layout (&ctx);

  header =
    (Rect) { 14 * ctx.u, 10 * ctx.u, options->width - 28 * ctx.u, flow_line_height (&ctx, 0.9) };
  add_box (boxes, FLOW_BOX_HEADER, 0, &header);
  for (guint i = 0; i < ctx.nodes->len; i++)
    if (flow_node_for (&ctx, i) != NULL)
      add_box (boxes, FLOW_BOX_NODE, i, &flow_node_for (&ctx, i)->box);
  for (guint i = 0; i < ctx.places->len; i++)
    add_box (boxes, FLOW_BOX_OBJECT, i, &g_array_index (ctx.places, Place, i).rect);

  ctx_clear (&ctx);
  return boxes;
}

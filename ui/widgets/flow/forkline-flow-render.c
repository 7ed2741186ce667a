/* forkline-flow-render.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "forkline-flow-render.h"

typedef enum
{
  SIDE_LEFT,
  SIDE_RIGHT,
} Side;

typedef struct
{
  double x, y, w, h;
} Rect;

typedef struct
{
  Rect     rect;
  gboolean placed;
  gboolean compact;
  Side     side;
} Node;

typedef struct
{
  const ForklineFlowObject *object;  /* at the replay position, may be NULL */
  const ForklineFlowObject *layout;  /* at the end of the trace */
  Rect                      rect;    /* the object's whole band */
  Rect                      body;    /* tube / box / cells area */
} Place;

typedef struct
{
  cairo_t                         *cr;
  PangoLayout                     *pango;
  PangoFontDescription            *font;
  double                           base_size;  /* font size in pango units */
  double                           u;          /* 1 unit = scale px */
  const ForklinePalette           *palette;
  ForklineTheme                    theme;
  ForklineFlowState               *state;
  ForklineFlowState               *layout;
  const ForklineFlowRenderOptions *options;
  GArray                          *nodes;      /* Node, indexed by proc */
  GArray                          *places;     /* Place, layout object order */
  Rect                             mid;
  double                           node_w;
  double                           objects_h;  /* height the objects need */
  double                           min_slot;   /* smallest node slot */
  double                           name_w;     /* widest process name */
  gboolean                         vertical;   /* portrait: senders above, takers below */
} Ctx;

/* Arrays and task lists show at most this many cells; the caption counts
 * the rest.  A frame then costs the same for 10 or 100000 of them. */
#define MAX_ITEMS 96

enum
{
  ALIGN_LEFT,
  ALIGN_CENTER,
  ALIGN_RIGHT,
};

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

const char *
forkline_flow_hits_lookup (GArray *hits,
                           double  x,
                           double  y)
{
  g_return_val_if_fail (hits != NULL, NULL);

  for (guint i = hits->len; i > 0; i--)
    {
      const ForklineFlowHit *hit = &g_array_index (hits, ForklineFlowHit, i - 1);

      if (x >= hit->x && x < hit->x + hit->width && y >= hit->y && y < hit->y + hit->height)
        return hit->text;
    }
  return NULL;
}

static void
add_hit (Ctx        *ctx,
         const Rect *r,
         char       *text)
{
  ForklineFlowHit hit;

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
  g_array_append_val (ctx->options->hits, hit);
}

/* Colours */

static void
set_rgba (Ctx                *ctx,
          const ForklineRgba *c,
          double              alpha)
{
  cairo_set_source_rgba (ctx->cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static ForklineRgba
proc_color (Ctx  *ctx,
            gint  proc)
{
  ForklineRgba c;

  forkline_palette_process_color (ctx->theme, proc, &c);
  return c;
}

static ForklineRgba
mix (const ForklineRgba *a,
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

/* Chunks get their own hues so they are not mistaken for processes. */
static ForklineRgba
chunk_color (Ctx    *ctx,
             gint64  chunk)
{
  static const ForklineRgba hues[] = {
    { 0.95, 0.60, 0.20, 1 }, { 0.25, 0.55, 0.90, 1 }, { 0.35, 0.70, 0.30, 1 },
    { 0.85, 0.35, 0.60, 1 }, { 0.55, 0.40, 0.85, 1 }, { 0.85, 0.75, 0.15, 1 },
  };

  if (chunk < 0)
    return ctx->palette->lane_background;
  return mix (&ctx->palette->background, &hues[chunk % G_N_ELEMENTS (hues)], 0.38);
}

static double
ease_out (double t)
{
  t = CLAMP (t, 0.0, 1.0);
  return 1.0 - (1.0 - t) * (1.0 - t) * (1.0 - t);
}

/* Shapes */

static void
rounded_rect (cairo_t *cr,
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
curve (Ctx    *ctx,
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
arrow (Ctx    *ctx,
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

/* The head of a curve () from (x0, y0) to (x1, y1). */
static void
arrow_at_end (Ctx    *ctx,
              double  x0,
              double  y0,
              double  x1,
              double  y1)
{
  if (ctx->vertical)
    arrow (ctx, x1, y1, 0, y1 >= y0 ? 1 : -1);
  else
    arrow (ctx, x1, y1, x1 >= x0 ? 1 : -1, 0);
}

/* Text */

static void
text_size (Ctx        *ctx,
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
static double
draw_text (Ctx                *ctx,
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

  text_size (ctx, text, size, bold, max_width, &w, &h);
  if (align == ALIGN_CENTER)
    x -= w / 2;
  else if (align == ALIGN_RIGHT)
    x -= w;
  set_rgba (ctx, color, alpha);
  cairo_move_to (ctx->cr, x, y);
  pango_cairo_show_layout (ctx->cr, ctx->pango);
  cairo_new_path (ctx->cr);
  return w;
}

/* Wrapped paragraph, at most max_lines lines; returns the height used. */
static double
draw_paragraph (Ctx                *ctx,
                const char         *text,
                double              x,
                double              y,
                double              width,
                double              size,
                const ForklineRgba *color,
                int                 max_lines)
{
  PangoRectangle logical;

  text_size (ctx, text, size, FALSE, width, NULL, NULL);
  pango_layout_set_height (ctx->pango, -max_lines);
  pango_layout_get_pixel_extents (ctx->pango, NULL, &logical);
  set_rgba (ctx, color, 1.0);
  cairo_move_to (ctx->cr, x, y);
  pango_cairo_show_layout (ctx->cr, ctx->pango);
  cairo_new_path (ctx->cr);
  return logical.height;
}

static double
draw_paragraph_centered (Ctx                *ctx,
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
  h = draw_paragraph (ctx, text, x, y, width, size, color, max_lines);
  pango_layout_set_alignment (ctx->pango, PANGO_ALIGN_LEFT);
  return h;
}

static double
line_height (Ctx    *ctx,
             double  size)
{
  double h;

  text_size (ctx, "Hg", size, FALSE, -1, NULL, &h);
  return h;
}

static char *
format_time (guint64 ns)
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
  double slot, top;
  gboolean compact;

  if (procs->len == 0)
    return;

  slot = MIN ((y1 - y0) / procs->len, 86 * u);
  compact = slot < 72 * u;
  top = y0 + ((y1 - y0) - slot * procs->len) / 2;

  for (guint i = 0; i < procs->len; i++)
    {
      gint16 proc = g_array_index (procs, gint16, i);
      Node *node = &g_array_index (ctx->nodes, Node, proc);
      double h = compact ? MIN (slot - 4 * u, 34 * u) : 38 * u;
      double y = compact ? top + i * slot + (slot - h) / 2 : top + i * slot + (slot - h - 30 * u) / 2;

      node->rect = (Rect) { x, y, w, h };
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
  double node_h = 32 * u;
  double slot_h = node_h + 2 * line_height (ctx, 0.8) + 10 * u;
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
      node->placed = TRUE;
      node->compact = FALSE;
      node->side = side;
    }

  return rows * slot_h;
}

/* The plain-words box under a pipe takes the lines its text needs. */
static double
pipe_explanation_height (Ctx                      *ctx,
                         const ForklineFlowObject *layout,
                         double                    width)
{
  const ForklineFlowObject *now = forkline_flow_state_lookup_object (ctx->state, layout->id);
  g_autofree char *why = now != NULL ? forkline_flow_state_explain_pipe (ctx->state, now) : NULL;
  PangoRectangle logical;

  if (why == NULL)
    return line_height (ctx, 0.85) * 2;
  text_size (ctx, why, 0.85, FALSE, width - 20 * ctx->u, NULL, NULL);
  pango_layout_set_height (ctx->pango, -5);
  pango_layout_get_pixel_extents (ctx->pango, NULL, &logical);
  return logical.height + 12 * ctx->u;
}

static double
object_height (Ctx                      *ctx,
               const ForklineFlowObject *object,
               double                    width)
{
  double u = ctx->u;
  double label = line_height (ctx, 0.95) + 4 * u;
  double caption = line_height (ctx, 0.85) + 4 * u;

  switch (object->kind)
    {
    case FORKLINE_OBJECT_QUEUE:
      return label + 40 * u + caption;

    case FORKLINE_OBJECT_PIPE:
      return label + 30 * u + 40 * u + caption * 2 +
             pipe_explanation_height (ctx, object, width) + 14 * u;

    case FORKLINE_OBJECT_LOCK:
      return label + 46 * u + caption;

    case FORKLINE_OBJECT_ARRAY:
      {
        guint n = CLAMP (object->cells->len, 1, MAX_ITEMS);
        guint cols = CLAMP ((guint) (width / (40 * u)), 1, n);
        guint rows = (n + cols - 1) / cols;
        double cs = MIN (58 * u, width / cols - 6 * u);

        return label + rows * (cs + caption + 4 * u) + caption * 2;
      }

    case FORKLINE_OBJECT_POOL:
      {
        guint n = CLAMP (object->tasks->len, 1, MAX_ITEMS);
        guint cols = CLAMP ((guint) (width / (60 * u)), 1, n);
        guint rows = (n + cols - 1) / cols;

        return label + rows * (46 * u + caption + 6 * u) + caption;
      }

    default:
      return label;
    }
}

static void
compute_layout (Ctx *ctx)
{
  const ForklineFlowRenderOptions *o = ctx->options;
  double u = ctx->u;
  double m = 14 * u;
  double y0 = m + line_height (ctx, 0.9) + 10 * u;
  double y1 = o->height - m;
  guint n_procs = forkline_flow_state_get_n_procs (ctx->layout);
  guint n_objects = forkline_flow_state_get_n_objects (ctx->layout);
  g_autoptr(GArray) left = g_array_new (FALSE, FALSE, sizeof (gint16));
  g_autoptr(GArray) right = g_array_new (FALSE, FALSE, sizeof (gint16));
  double node_w = CLAMP (o->width * 0.2, 84 * u, 190 * u);
  double gap = 44 * u;
  double total = 0, y;

  g_array_set_size (ctx->nodes, n_procs);
  for (guint i = 0; i < n_procs; i++)
    {
      const ForklineFlowProc *p = forkline_flow_state_get_proc (ctx->layout, i);
      gint16 proc = i;

      if (!p->seen)
        continue;
      g_array_append_val (goes_right (ctx->layout, proc) ? right : left, proc);
    }

  ctx->name_w = 0;
  for (guint i = 0; i < n_procs; i++)
    {
      const ForklineFlowProc *p = forkline_flow_state_get_proc (ctx->layout, i);
      double w;

      if (!p->seen)
        continue;
      text_size (ctx, p->name, 1.0, TRUE, -1, &w, NULL);
      ctx->name_w = MAX (ctx->name_w, w);
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
        g_array_index (ctx->nodes, Node, g_array_index (right, gint16, i)).rect.y -= bottom_h;

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
      place.rect.x = ctx->mid.x;
      place.rect.w = ctx->mid.w;
      place.rect.h = object_height (ctx, place.layout, ctx->mid.w);
      total += place.rect.h;
      g_array_append_val (ctx->places, place);
    }

  total += (n_objects > 0 ? n_objects - 1 : 0) * 18 * u;
  ctx->objects_h = total;
  y = ctx->mid.y + MAX (0, (ctx->mid.h - total) / 2);
  for (guint i = 0; i < ctx->places->len; i++)
    {
      Place *place = &g_array_index (ctx->places, Place, i);

      place->rect.y = y;
      y += place->rect.h + 18 * u;
    }
}

static gboolean
layout_fits (Ctx *ctx)
{
  return ctx->objects_h <= ctx->mid.h + 4 * ctx->u &&
         ctx->name_w + 26 * ctx->u <= ctx->node_w &&
         ctx->min_slot >= 26 * ctx->u &&
         (ctx->places->len == 0 || ctx->mid.w >= (ctx->vertical ? 180 : 220) * ctx->u);
}

static const Node *
node_for (Ctx  *ctx,
          gint  proc)
{
  const Node *node;

  if (proc < 0 || (guint) proc >= ctx->nodes->len)
    return NULL;
  node = &g_array_index (ctx->nodes, Node, proc);
  return node->placed ? node : NULL;
}

/* Where a line from @proc towards (tx, ty) leaves its node. */
static gboolean
node_anchor (Ctx    *ctx,
             gint    proc,
             double  tx,
             double  ty,
             double *x,
             double *y)
{
  const Node *node = node_for (ctx, proc);

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
proc_at (Ctx  *ctx,
         gint  proc)
{
  const ForklineFlowProc *p = proc >= 0 ? forkline_flow_state_get_proc (ctx->state, proc) : NULL;

  return p != NULL && p->seen ? p : NULL;
}

static gboolean
proc_alive (Ctx  *ctx,
            gint  proc)
{
  const ForklineFlowProc *p = proc_at (ctx, proc);

  return p != NULL && !p->exited;
}

/* Draws a line from a process to a point of an object, in its colour. */
static void
link (Ctx      *ctx,
      gint      proc,
      double    x,
      double    y,
      gboolean  towards_object,
      double    alpha,
      gboolean  dashed,
      const ForklineRgba *override)
{
  ForklineRgba c = override != NULL ? *override : proc_color (ctx, proc);
  double nx, ny;

  if (!node_anchor (ctx, proc, x, y, &nx, &ny))
    return;

  cairo_save (ctx->cr);
  set_rgba (ctx, &c, alpha);
  cairo_set_line_width (ctx->cr, (override != NULL ? 2.5 : 1.8) * ctx->u);
  if (dashed)
    {
      double d[] = { 5 * ctx->u, 4 * ctx->u };

      cairo_set_dash (ctx->cr, d, 2, 0);
    }
  if (towards_object)
    curve (ctx, nx, ny, x, y);
  else
    curve (ctx, x, y, nx, ny);
  cairo_stroke (ctx->cr);
  cairo_set_dash (ctx->cr, NULL, 0, 0);
  if (towards_object)
    arrow_at_end (ctx, nx, ny, x, y);
  else
    arrow_at_end (ctx, x, y, nx, ny);
  cairo_restore (ctx->cr);
}

/* Joins a process to the side of @r that faces it. */
static void
link_rect (Ctx        *ctx,
           gint        proc,
           const Rect *r,
           gboolean    towards_object,
           double      alpha,
           gboolean    dashed)
{
  const Node *node = node_for (ctx, proc);
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
  link (ctx, proc, x, y, towards_object, alpha, dashed, NULL);
}

/* A connector from a process to a port on the far side of a channel runs
 * above it, so it is not hidden behind the tube. */
static void
link_over (Ctx                *ctx,
           gint                proc,
           double              px,
           double              py,
           double              lane_y,
           double              alpha,
           gboolean            dashed,
           const ForklineRgba *override)
{
  ForklineRgba c = override != NULL ? *override : proc_color (ctx, proc);
  const Node *node = node_for (ctx, proc);
  double u = ctx->u;
  double nx, ny, dir, r = 10 * u;

  if (node == NULL)
    return;
  if (ctx->vertical)
    {
      link (ctx, proc, px, py, TRUE, alpha, dashed, override);
      return;
    }

  /* Leave the node on the side facing the port, then turn back over. */
  dir = node->rect.x > px ? -1 : 1;
  nx = dir < 0 ? node->rect.x : node->rect.x + node->rect.w;
  ny = node->rect.y + node->rect.h / 2;
  (void) r;

  cairo_save (ctx->cr);
  set_rgba (ctx, &c, alpha);
  cairo_set_line_width (ctx->cr, (override != NULL ? 2.5 : 1.8) * u);
  if (dashed)
    {
      double d[] = { 5 * u, 4 * u };

      cairo_set_dash (ctx->cr, d, 2, 0);
    }
  cairo_move_to (ctx->cr, nx, ny);
  cairo_curve_to (ctx->cr, nx + dir * 30 * u, ny, nx + dir * 10 * u, lane_y, nx + dir * 40 * u, lane_y);
  cairo_line_to (ctx->cr, px - dir * 30 * u, lane_y);
  cairo_curve_to (ctx->cr, px - dir * 5 * u, lane_y, px - dir * 24 * u, py, px, py);
  cairo_stroke (ctx->cr);
  cairo_set_dash (ctx->cr, NULL, 0, 0);
  arrow (ctx, px, py, dir, 0);
  cairo_restore (ctx->cr);
}

/* "Process-3" -> "P3", "PoolWorker-2" -> "PW2": fits under a cell. */
static char *
short_name (Ctx  *ctx,
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
  const ForklineFlowProc *p = proc_at (ctx, proc);
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
  since = format_time (p->state_ns);
  g_string_append_printf (str, "\n%s %s %s", words, p->exited ? "at" : "since", since);
  if (p->last_print != NULL)
    g_string_append_printf (str, "\nlast printed: %s", p->last_print);
  if (p->n_tasks_done > 0)
    g_string_append_printf (str, "\n%u task%s done", p->n_tasks_done, p->n_tasks_done == 1 ? "" : "s");
  return g_string_free (str, FALSE);
}

static void
draw_node (Ctx  *ctx,
           gint  proc)
{
  const Node *node = node_for (ctx, proc);
  const ForklineFlowProc *p = proc_at (ctx, proc);
  const ForklineFlowProc *lp = forkline_flow_state_get_proc (ctx->layout, proc);
  ForklineRgba c = proc_color (ctx, proc);
  const ForklinePalette *pal = ctx->palette;
  g_autofree char *words = NULL;
  double u = ctx->u;
  Rect r;
  double strip, text_x;

  if (node == NULL)
    return;
  r = node->rect;
  words = p != NULL ? forkline_flow_state_describe_proc (ctx->state, proc) : g_strdup ("not started yet");
  if (node->compact && p != NULL && p->exited)
    {
      g_free (words);
      words = p->exit_signal != 0 ? g_strdup_printf ("signal %d", p->exit_signal)
                                  : g_strdup_printf ("exit %d", p->exit_code);
    }

  cairo_save (ctx->cr);
  rounded_rect (ctx->cr, r.x, r.y, r.w, r.h, 8 * u);
  if (p == NULL || p->exited)
    {
      double d[] = { 4 * u, 3 * u };

      set_rgba (ctx, &pal->lane_background, 1.0);
      cairo_fill_preserve (ctx->cr);
      set_rgba (ctx, &pal->muted, 0.8);
      cairo_set_line_width (ctx->cr, 1.5 * u);
      cairo_set_dash (ctx->cr, d, 2, 0);
      cairo_stroke (ctx->cr);
      cairo_set_dash (ctx->cr, NULL, 0, 0);
    }
  else
    {
      ForklineRgba fill = mix (&pal->background, &c, 0.22);

      set_rgba (ctx, &fill, 1.0);
      cairo_fill_preserve (ctx->cr);
      set_rgba (ctx, &c, 1.0);
      cairo_set_line_width (ctx->cr, 2.5 * u);
      cairo_stroke (ctx->cr);

      /* The state's own pattern, as in the timeline lanes and legend. */
      strip = 9 * u;
      cairo_save (ctx->cr);
      rounded_rect (ctx->cr, r.x, r.y, r.w, r.h, 8 * u);
      cairo_clip (ctx->cr);
      forkline_palette_paint_state (ctx->cr, ctx->theme, p->state, &c,
                                    r.x + 4 * u, r.y + 4 * u, strip, r.h - 8 * u, u);
      cairo_restore (ctx->cr);
    }

  text_x = r.x + 19 * u;
  if (node->compact)
    {
      double used = draw_text (ctx, lp->name, text_x, r.y + (r.h - line_height (ctx, 0.95)) / 2, 0.95, TRUE,
                               p != NULL && !p->exited ? &pal->foreground : &pal->muted, 1.0, ALIGN_LEFT,
                               r.w - 24 * u);
      double room = r.x + r.w - (text_x + used + 10 * u);

      /* What it does goes beside the name when there is room, else only
       * in the tooltip. */
      if (room > 30 * u)
        draw_text (ctx, words, text_x + used + 6 * u, r.y + (r.h - line_height (ctx, 0.8)) / 2, 0.8, FALSE,
                   &pal->muted, 1.0, ALIGN_LEFT, room);
    }
  else
    {
      draw_text (ctx, lp->name, text_x, r.y + (r.h - line_height (ctx, 1.0)) / 2, 1.0, TRUE,
                 p != NULL && !p->exited ? &pal->foreground : &pal->muted, 1.0, ALIGN_LEFT,
                 r.w - 24 * u);
      draw_paragraph_centered (ctx, words, r.x - 8 * u, r.y + r.h + 3 * u, r.w + 16 * u, 0.8,
                               p != NULL && !p->exited ? &pal->foreground : &pal->muted, 2);
    }
  cairo_restore (ctx->cr);

  add_hit (ctx, &r, proc_tooltip (ctx, proc));
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
      const Node *child = node_for (ctx, i);
      const Node *parent = lp != NULL ? node_for (ctx, lp->parent) : NULL;
      double d[] = { 3 * ctx->u, 3 * ctx->u };

      if (child == NULL || parent == NULL)
        continue;

      cairo_save (ctx->cr);
      set_rgba (ctx, &ctx->palette->arrow, proc_at (ctx, i) != NULL ? 0.7 : 0.3);
      cairo_set_line_width (ctx->cr, 1.5 * ctx->u);
      cairo_set_dash (ctx->cr, d, 2, 0);
      {
        double px, py, cx, cy;

        node_anchor (ctx, lp->parent, child->rect.x + child->rect.w / 2,
                     child->rect.y + child->rect.h / 2, &px, &py);
        node_anchor (ctx, i, parent->rect.x + parent->rect.w / 2,
                     parent->rect.y + parent->rect.h / 2, &cx, &cy);
        curve (ctx, px, py, cx, cy);
        cairo_stroke (ctx->cr);
        cairo_restore (ctx->cr);
        if (i == 1)
          draw_text (ctx, "fork()", (px + cx) / 2 + (ctx->vertical ? 4 * ctx->u : 0),
                     (py + cy) / 2 - line_height (ctx, 0.75) / 2,
                     0.75, FALSE, &ctx->palette->muted, 1.0, ctx->vertical ? ALIGN_LEFT : ALIGN_CENTER, -1);
      }
    }
}

/* Queues and pipes */

static const ForklineFlowAnim *
find_anim (Ctx                  *ctx,
           ForklineFlowMoveKind  kind,
           guint32               object,
           guint64               msg_id,
           gint64                index)
{
  /* The latest move wins when several hit the same thing. */
  for (guint i = ctx->options->n_anims; i > 0; i--)
    {
      const ForklineFlowAnim *anim = &ctx->options->anims[i - 1];

      if (anim->move.kind == kind && anim->move.object == object &&
          (msg_id == 0 || anim->move.msg_id == msg_id) &&
          (index < 0 || anim->move.index == index))
        return anim;
    }
  return NULL;
}

static double
chip_width (Ctx        *ctx,
            const char *text,
            double      max_w)
{
  double w;

  text_size (ctx, text, 0.85, FALSE, -1, &w, NULL);
  return MIN (w + 16 * ctx->u, max_w);
}

static void
draw_chip (Ctx                *ctx,
           const char         *text,
           double              x,
           double              y,
           double              w,
           double              h,
           const ForklineRgba *color,
           double              alpha)
{
  const ForklinePalette *pal = ctx->palette;
  ForklineRgba fill = mix (&pal->background, color, 0.45);

  cairo_save (ctx->cr);
  rounded_rect (ctx->cr, x, y, w, h, h / 2);
  set_rgba (ctx, &fill, alpha);
  cairo_fill_preserve (ctx->cr);
  set_rgba (ctx, color, alpha);
  cairo_set_line_width (ctx->cr, 1.5 * ctx->u);
  cairo_stroke (ctx->cr);
  draw_text (ctx, text, x + w / 2, y + (h - line_height (ctx, 0.85)) / 2, 0.85, FALSE,
             &pal->foreground, alpha, ALIGN_CENTER, w - 10 * ctx->u);
  cairo_restore (ctx->cr);
}

static char *
message_tooltip (Ctx                       *ctx,
                 const ForklineFlowObject  *object,
                 const ForklineFlowMessage *m)
{
  g_autofree char *when = format_time (m->put_ns);

  if (object->kind == FORKLINE_OBJECT_PIPE)
    return g_strdup_printf ("“%s”\nsent by %s into end %d at %s\nmessage #%" G_GUINT64_FORMAT
                            ", waiting to be received",
                            m->text, forkline_flow_state_proc_name (ctx->state, m->sender), m->end,
                            when, m->msg_id);
  return g_strdup_printf ("“%s”\nput by %s at %s\nmessage #%" G_GUINT64_FORMAT ", waiting in the queue",
                          m->text, forkline_flow_state_proc_name (ctx->state, m->sender), when,
                          m->msg_id);
}

/* The messages inside a channel, oldest nearest the exit (right). */
static void
draw_messages (Ctx         *ctx,
               const Place *place)
{
  const ForklineFlowObject *object = place->object;
  double u = ctx->u;
  double h = place->body.h - 14 * u;
  double y = place->body.y + 7 * u;
  double x_exit = place->body.x + place->body.w - 10 * u;
  double x_entry = place->body.x + 10 * u;
  double x = x_exit;
  guint shown = 0;

  if (object == NULL)
    return;

  for (guint i = 0; i < object->messages->len; i++)
    {
      const ForklineFlowMessage *m = &g_array_index (object->messages, ForklineFlowMessage, i);
      double w = chip_width (ctx, m->text, MIN (150 * u, (x_exit - x_entry) * 0.6));
      ForklineRgba c = proc_color (ctx, m->sender);
      const ForklineFlowAnim *anim;
      Rect r;

      if (x - w < x_entry + (i + 1 < object->messages->len ? 40 * u : 0))
        break;
      x -= w;
      r = (Rect) { x, y, w, h };

      anim = find_anim (ctx, FORKLINE_FLOW_MOVE_PUT, object->id, m->msg_id, -1);
      if (anim != NULL && anim->progress < 1.0)
        {
          double sx, sy, t = ease_out (anim->progress);

          /* Slide in from the sender. */
          if (node_anchor (ctx, m->sender, x, y, &sx, &sy))
            {
              r.x = sx + (x - sx) * t;
              r.y = (sy - h / 2) + (y - (sy - h / 2)) * t;
            }
        }
      draw_chip (ctx, m->text, r.x, r.y, r.w, r.h, &c, 1.0);
      add_hit (ctx, &r, message_tooltip (ctx, object, m));
      x -= 6 * u;
      shown++;
    }

  if (shown < object->messages->len)
    {
      g_autofree char *more = g_strdup_printf ("+%u", object->messages->len - shown);

      draw_text (ctx, more, x_entry + 14 * u, y + (h - line_height (ctx, 0.9)) / 2, 0.9, TRUE,
                 &ctx->palette->foreground, 1.0, ALIGN_CENTER, -1);
    }
}

/* Items just taken out slide from the exit to their receiver and fade. */
static void
draw_departures (Ctx         *ctx,
                 const Place *place)
{
  double u = ctx->u;
  double h = place->body.h - 14 * u;

  for (guint i = 0; i < ctx->options->n_anims; i++)
    {
      const ForklineFlowAnim *anim = &ctx->options->anims[i];
      double rx, ry, t, w, x0, y0;
      ForklineRgba c;

      if (anim->move.kind != FORKLINE_FLOW_MOVE_GET || anim->move.object != place->layout->id ||
          anim->progress >= 1.0)
        continue;

      x0 = place->body.x + place->body.w;
      y0 = place->body.y + 7 * u;
      if (!node_anchor (ctx, anim->move.proc, x0, y0, &rx, &ry))
        continue;

      t = ease_out (anim->progress);
      w = chip_width (ctx, anim->move.text, 150 * u);
      c = proc_color (ctx, anim->move.peer >= 0 ? anim->move.peer : anim->move.proc);
      /* It ends touching the receiver's node, not hidden under it. */
      if (ctx->vertical)
        draw_chip (ctx, anim->move.text,
                   x0 - w + (rx - w / 2 - (x0 - w)) * t,
                   y0 + ((ry > y0 ? ry - h - 2 * u : ry + 2 * u) - y0) * t,
                   w, h, &c, 1.0 - 0.6 * t);
      else
        draw_chip (ctx, anim->move.text,
                   x0 - w + ((rx > x0 ? rx - w - 4 * u : rx + 4 * u) - (x0 - w)) * t,
                   y0 + (ry - h / 2 - y0) * t,
                   w, h, &c, 1.0 - 0.6 * t);
    }
}

static void
draw_tube (Ctx        *ctx,
           const Rect *body)
{
  const ForklinePalette *pal = ctx->palette;

  cairo_save (ctx->cr);
  rounded_rect (ctx->cr, body->x, body->y, body->w, body->h, body->h / 2);
  set_rgba (ctx, &pal->section_background, 1.0);
  cairo_fill_preserve (ctx->cr);
  set_rgba (ctx, &pal->grid, 1.0);
  cairo_set_line_width (ctx->cr, 2 * ctx->u);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);
}

static gboolean
anyone_alive (Ctx          *ctx,
              const GArray *procs)
{
  for (guint i = 0; i < procs->len; i++)
    if (proc_alive (ctx, g_array_index (procs, gint16, i)))
      return TRUE;
  return FALSE;
}

static void
draw_queue (Ctx   *ctx,
            Place *place)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineFlowObject *lo = place->layout;
  const ForklineFlowObject *o = place->object;
  double u = ctx->u;
  double lh = line_height (ctx, 0.95) + 4 * u;
  guint inside = o != NULL ? o->messages->len : 0;
  g_autofree char *title = g_strdup_printf ("%s · %u inside", *lo->name ? lo->name : "Queue", inside);
  g_autofree char *caption = NULL;
  const ForklineRgba *caption_color = &pal->muted;

  place->body = (Rect) { place->rect.x, place->rect.y + lh, place->rect.w, 40 * u };
  /* Tall: lines come from above at the ends; the title keeps between. */
  draw_text (ctx, title, ctx->vertical ? place->rect.x + place->rect.w / 2 : place->rect.x + 4 * u,
             place->rect.y, 0.95, TRUE, &pal->foreground, 1.0,
             ctx->vertical ? ALIGN_CENTER : ALIGN_LEFT, place->rect.w);

  for (guint i = 0; i < lo->senders->len; i++)
    {
      gint16 proc = g_array_index (lo->senders, gint16, i);

      link (ctx, proc, place->body.x + (ctx->vertical ? place->body.h / 2 : 0),
            place->body.y + (ctx->vertical ? 0 : place->body.h / 2), TRUE,
            o != NULL && forkline_flow_object_has_proc (o->senders, proc) ? 0.75 : 0.25, FALSE, NULL);
    }
  for (guint i = 0; i < lo->readers->len; i++)
    {
      gint16 proc = g_array_index (lo->readers, gint16, i);

      link (ctx, proc, place->body.x + place->body.w - (ctx->vertical ? place->body.h / 2 : 0),
            place->body.y + (ctx->vertical ? place->body.h : place->body.h / 2), FALSE,
            o != NULL && forkline_flow_object_has_proc (o->receivers, proc) ? 0.75 : 0.25, FALSE, NULL);
    }

  draw_tube (ctx, &place->body);
  draw_messages (ctx, place);
  draw_departures (ctx, place);

  if (o == NULL)
    caption = g_strdup ("not created yet");
  else if (inside > 0 && lo->readers->len > 0 && !anyone_alive (ctx, lo->readers))
    {
      caption = g_strdup_printf ("%u item%s that nobody is left to get()", inside, inside == 1 ? "" : "s");
      caption_color = &pal->unreceived;
    }
  else if (o->last_empty >= 0)
    caption = g_strdup_printf ("empty() answered %s to %s", o->last_empty ? "True" : "False",
                               forkline_flow_state_proc_name (ctx->state, o->last_empty_proc));
  else
    caption = g_strdup_printf ("%u put, %u got", o->n_put, o->n_got);
  draw_text (ctx, caption, place->rect.x + 4 * u, place->body.y + place->body.h + 4 * u, 0.85,
             caption_color == &pal->unreceived, caption_color, 1.0, ALIGN_LEFT, place->rect.w);

  if (o != NULL)
    add_hit (ctx, &place->body,
             g_strdup_printf ("%s: %u put, %u got, %u inside", *lo->name ? lo->name : "Queue",
                              o->n_put, o->n_got, inside));
}

/* The end the senders write into sits on the left, by the senders. */
static gint
pipe_left_end (const ForklineFlowObject *pipe)
{
  for (guint i = 0; i < pipe->senders->len; i++)
    if (forkline_flow_object_has_proc (pipe->end_users[1], g_array_index (pipe->senders, gint16, i)) &&
        !forkline_flow_object_has_proc (pipe->receivers, g_array_index (pipe->senders, gint16, i)))
      return 1;
  return pipe->senders->len > 0 ? 0 : 1;
}

static void
draw_pipe (Ctx   *ctx,
           Place *place)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineFlowObject *lo = place->layout;
  const ForklineFlowObject *o = place->object;
  double u = ctx->u;
  double lh = line_height (ctx, 0.95) + 4 * u;
  double ch = line_height (ctx, 0.85) + 4 * u;
  guint inside = o != NULL ? o->messages->len : 0;
  gint left_end = pipe_left_end (lo);
  double port_r = 9 * u;
  g_autofree char *title = g_strdup_printf ("%s · %u inside", *lo->name ? lo->name : "Pipe", inside);
  g_autofree char *why = o != NULL ? forkline_flow_state_explain_pipe (ctx->state, o) : NULL;
  const GArray *blocking = NULL;
  guint n_over = 0;
  double y;

  /* A lane above the tube carries connectors to the far end. */
  place->body = (Rect) { place->rect.x + port_r * 2, place->rect.y + lh + 30 * u,
                         place->rect.w - port_r * 4, 40 * u };
  /* Tall: lines come from above at the ends; the title keeps between. */
  draw_text (ctx, title, ctx->vertical ? place->rect.x + place->rect.w / 2 : place->rect.x + 4 * u,
             place->rect.y, 0.95, TRUE, &pal->foreground, 1.0,
             ctx->vertical ? ALIGN_CENTER : ALIGN_LEFT, place->rect.w);

  if (why != NULL)
    {
      /* The end that should have been closed: the one opposite the reader. */
      for (guint i = 0; i < 2; i++)
        if (o->holders[i]->len > 0 && o->end_users[i]->len > 0 &&
            forkline_flow_object_has_proc (o->end_users[1 - i], g_array_index (o->receivers, gint16, 0)))
          blocking = o->holders[i];
    }

  /* Connectors: who holds each end right now. */
  for (guint side = 0; side < 2; side++)
    {
      gint end = side == 0 ? left_end : 1 - left_end;
      double px = side == 0 ? place->body.x - port_r : place->body.x + place->body.w + port_r;
      double py = place->body.y + place->body.h / 2;
      const GArray *holders = o != NULL ? o->holders[end] : NULL;
      g_autofree char *names = NULL;
      g_autofree char *label = NULL;
      gboolean bad = holders != NULL && holders == blocking;
      Rect hit = { px - port_r, py - port_r, port_r * 2, port_r * 2 };

      for (guint i = 0; holders != NULL && i < holders->len; i++)
        {
          gint16 proc = g_array_index (holders, gint16, i);
          gboolean wrong = bad && forkline_flow_object_has_proc (o->receivers, proc);
          gboolean unused = !forkline_flow_object_has_proc (o->end_users[end], proc);
          const Node *node = node_for (ctx, proc);

          if (node == NULL)
            continue;
          if ((node->side == SIDE_LEFT) == (side == 0))
            link (ctx, proc, px, py, TRUE, wrong ? 0.95 : 0.55, unused, wrong ? &pal->error : NULL);
          else
            link_over (ctx, proc, px, py, place->body.y - (12 + 7 * (n_over++ % 3)) * u,
                       wrong ? 0.95 : 0.55, unused, wrong ? &pal->error : NULL);
        }

      cairo_save (ctx->cr);
      /* Text leaves a current point behind; start the port afresh. */
      cairo_new_path (ctx->cr);
      cairo_arc (ctx->cr, px, py, port_r, 0, 2 * G_PI);
      set_rgba (ctx, holders != NULL && holders->len > 0 ? &pal->background : &pal->lane_background, 1.0);
      cairo_fill_preserve (ctx->cr);
      set_rgba (ctx, bad ? &pal->error : &pal->foreground, 1.0);
      cairo_set_line_width (ctx->cr, (bad ? 3 : 2) * u);
      cairo_stroke (ctx->cr);
      cairo_restore (ctx->cr);
      draw_text (ctx, end == 0 ? "0" : "1", px, py - line_height (ctx, 0.75) / 2, 0.75, TRUE,
                 &pal->foreground, 1.0, ALIGN_CENTER, -1);

      names = holders != NULL ? forkline_flow_state_name_procs (ctx->state, holders) : g_strdup ("nobody");
      label = g_strdup_printf ("end %d held by %s", end,
                               holders != NULL && holders->len == 0 ? "nobody (closed)" : names);
      draw_text (ctx, label, side == 0 ? place->rect.x + 2 * u : place->rect.x + place->rect.w - 2 * u,
                 place->body.y + place->body.h + 4 * u + (side == 0 ? 0 : ch), 0.85, bad,
                 bad ? &pal->error : &pal->muted, 1.0, side == 0 ? ALIGN_LEFT : ALIGN_RIGHT, place->rect.w * 0.9);
      add_hit (ctx, &hit, g_strdup_printf ("Pipe end %d: %s\nEach process that holds a copy keeps the end open; "
                                           "recv() on the other end sees EOF only when every copy is closed.",
                                           end, label));
    }

  draw_tube (ctx, &place->body);
  draw_messages (ctx, place);
  draw_departures (ctx, place);

  y = place->body.y + place->body.h + 4 * u + ch * 2 + 4 * u;
  if (why != NULL)
    {
      double h;
      Rect box;

      ForklineRgba fill = mix (&pal->background, &pal->error, 0.1);

      /* Measure first: the box goes under the words and over the lines. */
      text_size (ctx, why, 0.85, FALSE, place->rect.w - 20 * u, NULL, NULL);
      pango_layout_set_height (ctx->pango, -5);
      {
        PangoRectangle logical;

        pango_layout_get_pixel_extents (ctx->pango, NULL, &logical);
        h = logical.height;
      }
      box = (Rect) { place->rect.x, y, place->rect.w, h + 12 * u };
      cairo_save (ctx->cr);
      rounded_rect (ctx->cr, box.x, box.y, box.w, box.h, 6 * u);
      set_rgba (ctx, &fill, 1.0);
      cairo_fill_preserve (ctx->cr);
      set_rgba (ctx, &pal->error, 0.8);
      cairo_set_line_width (ctx->cr, 1.5 * u);
      cairo_stroke (ctx->cr);
      cairo_restore (ctx->cr);
      draw_paragraph (ctx, why, place->rect.x + 10 * u, y + 6 * u, place->rect.w - 20 * u, 0.85,
                      &pal->error, 5);
      add_hit (ctx, &box, g_strdup (why));
    }
  else if (o != NULL && o->eof_proc >= 0)
    {
      g_autofree char *eof = g_strdup_printf ("%s saw EOF: every copy of the other end is closed",
                                              forkline_flow_state_proc_name (ctx->state, o->eof_proc));

      draw_text (ctx, eof, place->rect.x + 4 * u, y, 0.85, FALSE, &pal->muted, 1.0, ALIGN_LEFT, place->rect.w);
    }
}

/* Locks */

static void
draw_lock_icon (Ctx                *ctx,
                double              x,
                double              y,
                double              s,
                gboolean            locked,
                const ForklineRgba *color)
{
  cairo_save (ctx->cr);
  set_rgba (ctx, color, 1.0);
  cairo_set_line_width (ctx->cr, s * 0.14);
  cairo_new_sub_path (ctx->cr);
  cairo_arc (ctx->cr, x + s / 2, y + s * 0.42, s * 0.24, G_PI, locked ? 0 : -G_PI / 4);
  if (locked)
    cairo_line_to (ctx->cr, x + s * 0.74, y + s * 0.5);
  cairo_move_to (ctx->cr, x + s * 0.26, y + s * 0.42);
  cairo_line_to (ctx->cr, x + s * 0.26, y + s * 0.5);
  cairo_stroke (ctx->cr);
  rounded_rect (ctx->cr, x + s * 0.14, y + s * 0.5, s * 0.72, s * 0.46, s * 0.08);
  cairo_fill (ctx->cr);
  cairo_restore (ctx->cr);
}

static void
draw_lock (Ctx   *ctx,
           Place *place)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineFlowObject *lo = place->layout;
  const ForklineFlowObject *o = place->object;
  double u = ctx->u;
  double lh = line_height (ctx, 0.95) + 4 * u;
  double chip_h = 26 * u;
  const ForklineFlowAnim *anim = o != NULL ? find_anim (ctx, FORKLINE_FLOW_MOVE_ACQUIRE, o->id, 0, -1) : NULL;
  gboolean held = o != NULL && o->holder >= 0;
  g_autofree char *title = g_strdup_printf ("%s · %s", *lo->name ? lo->name : "Lock",
                                            held ? "held" : "free");
  g_autofree char *caption = NULL;
  double x, cy;

  place->body = (Rect) { place->rect.x, place->rect.y + lh, place->rect.w, 46 * u };
  draw_text (ctx, title, place->rect.x + 4 * u, place->rect.y, 0.95, TRUE, &pal->foreground, 1.0,
             ALIGN_LEFT, place->rect.w);

  cy = place->body.y + place->body.h / 2;
  if (held)
    link_rect (ctx, o->holder, &place->body, TRUE, 0.9, FALSE);
  for (guint i = 0; o != NULL && i < o->waiters->len; i++)
    link_rect (ctx, g_array_index (o->waiters, gint16, i), &place->body, TRUE, 0.45, TRUE);

  cairo_save (ctx->cr);
  rounded_rect (ctx->cr, place->body.x, place->body.y, place->body.w, place->body.h, 8 * u);
  set_rgba (ctx, &pal->section_background, 1.0);
  cairo_fill_preserve (ctx->cr);
  if (held)
    {
      ForklineRgba c = proc_color (ctx, o->holder);

      set_rgba (ctx, &c, 1.0);
      cairo_set_line_width (ctx->cr, 3 * u);
    }
  else
    {
      set_rgba (ctx, &pal->grid, 1.0);
      cairo_set_line_width (ctx->cr, 2 * u);
    }
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  draw_lock_icon (ctx, place->body.x + 10 * u, cy - 13 * u, 26 * u, held, held ? &pal->foreground : &pal->muted);
  x = place->body.x + 44 * u;
  if (held)
    {
      ForklineRgba c = proc_color (ctx, o->holder);
      const char *name = forkline_flow_state_proc_name (ctx->state, o->holder);
      double w = chip_width (ctx, name, 140 * u);

      x += draw_text (ctx, "held by", x, cy - line_height (ctx, 0.85) / 2, 0.85, FALSE, &pal->muted, 1.0,
                      ALIGN_LEFT, -1) + 6 * u;
      if (anim != NULL && anim->progress < 1.0)
        {
          cairo_save (ctx->cr);
          rounded_rect (ctx->cr, x - 4 * u, cy - chip_h / 2 - 4 * u, w + 8 * u, chip_h + 8 * u,
                        chip_h / 2 + 4 * u);
          set_rgba (ctx, &c, 0.5 * (1.0 - anim->progress));
          cairo_fill (ctx->cr);
          cairo_restore (ctx->cr);
        }
      draw_chip (ctx, name, x, cy - chip_h / 2, w, chip_h, &c, 1.0);
      x += w + 14 * u;
    }
  else
    x += draw_text (ctx, "free", x, cy - line_height (ctx, 0.85) / 2, 0.85, FALSE, &pal->muted, 1.0,
                    ALIGN_LEFT, -1) + 14 * u;

  if (o != NULL && o->waiters->len > 0)
    {
      x += draw_text (ctx, "waiting:", x, cy - line_height (ctx, 0.85) / 2, 0.85, FALSE, &pal->muted, 1.0,
                      ALIGN_LEFT, -1) + 6 * u;
      for (guint i = 0; i < o->waiters->len; i++)
        {
          gint16 proc = g_array_index (o->waiters, gint16, i);
          const char *name = forkline_flow_state_proc_name (ctx->state, proc);
          ForklineRgba c = proc_color (ctx, proc);
          double w = chip_width (ctx, name, 120 * u);

          if (x + w > place->body.x + place->body.w - 6 * u)
            {
              g_autofree char *more = g_strdup_printf ("+%u", o->waiters->len - i);

              draw_text (ctx, more, x, cy - line_height (ctx, 0.85) / 2, 0.85, TRUE, &pal->foreground, 1.0,
                         ALIGN_LEFT, -1);
              break;
            }
          draw_chip (ctx, name, x, cy - chip_h / 2, w, chip_h, &c, 0.75);
          x += w + 5 * u;
        }
    }

  if (o == NULL)
    caption = g_strdup ("not created yet");
  else
    caption = g_strdup_printf ("acquired %u time%s · %.1f ms spent waiting in all", o->n_acquired,
                               o->n_acquired == 1 ? "" : "s", o->total_wait_ns / 1e6);
  draw_text (ctx, caption, place->rect.x + 4 * u, place->body.y + place->body.h + 4 * u, 0.85, FALSE,
             &pal->muted, 1.0, ALIGN_LEFT, place->rect.w);

  if (o != NULL)
    {
      g_autofree char *waiting = forkline_flow_state_name_procs (ctx->state, o->waiters);

      add_hit (ctx, &place->body,
               g_strdup_printf ("%s\nheld by %s\nwaiting: %s\n%s", *lo->name ? lo->name : "Lock",
                                held ? forkline_flow_state_proc_name (ctx->state, o->holder) : "nobody",
                                waiting, caption));
    }
}

/* Arrays */

static char *
cell_tooltip (Ctx                      *ctx,
              const ForklineFlowObject *lo,
              guint                     i,
              const ForklineFlowCell   *cell)
{
  GString *str = g_string_new (NULL);

  g_string_append_printf (str, "%s[%u] = %" G_GINT64_FORMAT, *lo->name ? lo->name : "array", i, cell->value);
  if (cell->last_writer >= 0)
    {
      g_autofree char *when = format_time (cell->written_ns);

      g_string_append_printf (str, "\nlast written by %s at %s (%u write%s)",
                              forkline_flow_state_proc_name (ctx->state, cell->last_writer), when,
                              cell->n_writes, cell->n_writes == 1 ? "" : "s");
    }
  else
    g_string_append (str, "\ninitial value, not written yet");
  if (cell->n_lost > 0)
    g_string_append_printf (str, "\n%u write%s based on a stale read (short by %" G_GINT64_FORMAT "); "
                            "the last: %s overwrote %s's %" G_GINT64_FORMAT " without having seen it",
                            cell->n_lost, cell->n_lost == 1 ? "" : "s", cell->lost_amount,
                            forkline_flow_state_proc_name (ctx->state, cell->lost_by),
                            cell->lost_victim >= 0 ? forkline_flow_state_proc_name (ctx->state, cell->lost_victim)
                                                   : "another process",
                            cell->lost_value);
  return g_string_free (str, FALSE);
}

static void
draw_array (Ctx   *ctx,
            Place *place)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineFlowObject *lo = place->layout;
  const ForklineFlowObject *o = place->object;
  double u = ctx->u;
  double lh = line_height (ctx, 0.95) + 4 * u;
  double ch = line_height (ctx, 0.85) + 4 * u;
  guint n = CLAMP (lo->cells->len, 1, MAX_ITEMS);
  guint cols = CLAMP ((guint) (place->rect.w / (40 * u)), 1, n);
  double cs = MIN (58 * u, place->rect.w / cols - 6 * u);
  double x0 = place->rect.x + (place->rect.w - cols * (cs + 6 * u) + 6 * u) / 2;
  g_autofree char *title = NULL;

  /* A counter's loss reads best as the count it falls short by. */
  if (o != NULL && o->n_lost > 0 && o->increments_only)
    title = g_strdup_printf ("%s · %" G_GINT64_FORMAT " update%s lost", *lo->name ? lo->name : "Array",
                             o->lost_amount, o->lost_amount == 1 ? "" : "s");
  else if (o != NULL && o->n_lost > 0)
    title = g_strdup_printf ("%s · %u lost update%s", *lo->name ? lo->name : "Array", o->n_lost,
                             o->n_lost == 1 ? "" : "s");
  else
    title = g_strdup (*lo->name ? lo->name : "Array");
  draw_text (ctx, title, place->rect.x + 4 * u, place->rect.y, 0.95, TRUE,
             o != NULL && o->n_lost > 0 ? &pal->error : &pal->foreground, 1.0, ALIGN_LEFT, place->rect.w);
  place->body = (Rect) { x0, place->rect.y + lh, cols * (cs + 6 * u), 0 };

  for (guint i = 0; o != NULL && i < MIN (o->cells->len, n); i++)
    {
      const ForklineFlowCell *cell = &g_array_index (o->cells, ForklineFlowCell, i);
      const ForklineFlowAnim *anim = find_anim (ctx, FORKLINE_FLOW_MOVE_WRITE, o->id, 0, i);
      double x = x0 + (i % cols) * (cs + 6 * u);
      double y = place->body.y + (i / cols) * (cs + ch + 4 * u);
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, cell->value);
      g_autofree char *index = g_strdup_printf ("%u", i);
      double vw, size = 1.25;
      Rect r = { x, y, cs, cs };

      /* Writing arrives as a line from the writer, then the cell flashes. */
      if (anim != NULL && anim->progress < 1.0)
        link (ctx, anim->move.proc, x + cs / 2, y + cs / 2, TRUE, 0.9 * (1.0 - anim->progress), FALSE, NULL);

      cairo_save (ctx->cr);
      rounded_rect (ctx->cr, x, y, cs, cs, 5 * u);
      if (cell->last_writer >= 0)
        {
          ForklineRgba c = proc_color (ctx, cell->last_writer);
          ForklineRgba fill = mix (&pal->background, &c, 0.3);

          set_rgba (ctx, &fill, 1.0);
          cairo_fill_preserve (ctx->cr);
          set_rgba (ctx, &c, 1.0);
          cairo_set_line_width (ctx->cr, 3 * u);
        }
      else
        {
          set_rgba (ctx, &pal->lane_background, 1.0);
          cairo_fill_preserve (ctx->cr);
          set_rgba (ctx, &pal->grid, 1.0);
          cairo_set_line_width (ctx->cr, 1.5 * u);
        }
      cairo_stroke (ctx->cr);

      if (anim != NULL && anim->progress < 1.0)
        {
          ForklineRgba flash = { 1.0, 0.85, 0.2, 1.0 };

          rounded_rect (ctx->cr, x - 3 * u, y - 3 * u, cs + 6 * u, cs + 6 * u, 7 * u);
          set_rgba (ctx, &flash, 0.75 * (1.0 - anim->progress));
          cairo_set_line_width (ctx->cr, 5 * u);
          cairo_stroke (ctx->cr);
          rounded_rect (ctx->cr, x, y, cs, cs, 5 * u);
          set_rgba (ctx, &flash, 0.45 * (1.0 - anim->progress));
          cairo_fill (ctx->cr);
        }

      if (cell->n_lost > 0)
        {
          double t = MIN (cs * 0.42, 20 * u);

          cairo_move_to (ctx->cr, x + cs - t, y);
          cairo_line_to (ctx->cr, x + cs - 4 * u, y);
          cairo_arc (ctx->cr, x + cs - 4 * u, y + 4 * u, 4 * u, -G_PI / 2, 0);
          cairo_line_to (ctx->cr, x + cs, y + t);
          cairo_close_path (ctx->cr);
          set_rgba (ctx, &pal->error, 1.0);
          cairo_fill (ctx->cr);
        }
      cairo_restore (ctx->cr);

      text_size (ctx, value, size, TRUE, -1, &vw, NULL);
      while (vw > cs - 6 * u && size > 0.6)
        {
          size -= 0.1;
          text_size (ctx, value, size, TRUE, -1, &vw, NULL);
        }
      draw_text (ctx, value, x + cs / 2, y + (cs - line_height (ctx, size)) / 2 + 2 * u, size, TRUE,
                 &pal->foreground, 1.0, ALIGN_CENTER, cs);
      draw_text (ctx, index, x + 4 * u, y + 1 * u, 0.6, FALSE, &pal->muted, 1.0, ALIGN_LEFT, -1);
      if (cell->n_lost > 0)
        {
          g_autofree char *lost = o->increments_only
            ? g_strdup_printf ("%" G_GINT64_FORMAT " lost", cell->lost_amount)
            : g_strdup_printf ("%u lost", cell->n_lost);

          draw_text (ctx, lost, x + cs / 2, y + cs + 2 * u, 0.75, TRUE, &pal->error, 1.0, ALIGN_CENTER, cs + 6 * u);
        }
      else if (cell->last_writer >= 0)
        {
          g_autofree char *writer = short_name (ctx, cell->last_writer);

          draw_text (ctx, writer, x + cs / 2, y + cs + 2 * u, 0.7, FALSE, &pal->muted, 1.0, ALIGN_CENTER,
                     cs + 6 * u);
        }
      add_hit (ctx, &r, cell_tooltip (ctx, lo, i, cell));
    }

  if (o == NULL)
    draw_text (ctx, "not created yet", place->rect.x + 4 * u, place->rect.y + lh, 0.85, FALSE, &pal->muted,
               1.0, ALIGN_LEFT, place->rect.w);
  else
    {
      guint rows = (n + cols - 1) / cols;
      const char *caption = o->n_lost > 0
        ? "red corner: a process wrote back a value it had read before another's write, "
          "so that other update is lost"
        : "each cell in the colour of the process that wrote it last";

      draw_paragraph (ctx, caption, place->rect.x + 4 * u, place->body.y + rows * (cs + ch + 4 * u),
                      place->rect.w - 8 * u, 0.8, o->n_lost > 0 ? &pal->error : &pal->muted, 2);
    }
}

/* Pools */

static void
draw_pool (Ctx   *ctx,
           Place *place)
{
  const ForklinePalette *pal = ctx->palette;
  const ForklineFlowObject *lo = place->layout;
  const ForklineFlowObject *o = place->object;
  double u = ctx->u;
  double lh = line_height (ctx, 0.95) + 4 * u;
  double ch = line_height (ctx, 0.85) + 4 * u;
  guint n = CLAMP (lo->tasks->len, 1, MAX_ITEMS);
  guint cols = CLAMP ((guint) (place->rect.w / (60 * u)), 1, n);
  double cw = MIN (72 * u, place->rect.w / cols - 6 * u);
  double chh = 46 * u;
  double x0 = place->rect.x + (place->rect.w - cols * (cw + 6 * u) + 6 * u) / 2;
  guint done = 0, running = 0;
  g_autofree char *title = NULL;
  g_autofree char *caption = NULL;
  double cy;

  for (guint i = 0; o != NULL && i < o->tasks->len; i++)
    {
      const ForklineFlowTask *task = &g_array_index (o->tasks, ForklineFlowTask, i);

      done += task->status == FORKLINE_FLOW_TASK_DONE;
      running += task->status == FORKLINE_FLOW_TASK_RUNNING;
    }
  title = g_strdup_printf ("%s · %u tasks in %u chunk%s", *lo->name ? lo->name : "Pool", lo->tasks->len,
                           lo->n_chunks, lo->n_chunks == 1 ? "" : "s");
  draw_text (ctx, title, place->rect.x + 4 * u, place->rect.y, 0.95, TRUE, &pal->foreground, 1.0,
             ALIGN_LEFT, place->rect.w);
  place->body = (Rect) { x0, place->rect.y + lh, cols * (cw + 6 * u), chh };
  cy = place->body.y + chh / 2;

  /* map() hands the task list to the pool. */
  if (o != NULL && o->creator >= 0)
    {
      if (ctx->vertical)
        link (ctx, o->creator, place->rect.x + place->rect.w - 20 * u, place->rect.y + line_height (ctx, 0.95) / 2,
              TRUE, 0.5, FALSE, NULL);
      else
        link (ctx, o->creator, x0 - 4 * u, cy, TRUE, 0.5, FALSE, NULL);
    }

  /* Lines from running tasks to their workers pass behind the chips. */
  for (guint i = 0; o != NULL && i < MIN (o->tasks->len, n); i++)
    {
      const ForklineFlowTask *task = &g_array_index (o->tasks, ForklineFlowTask, i);
      double x = x0 + (i % cols) * (cw + 6 * u);
      double y = place->body.y + (i / cols) * (chh + ch + 6 * u);

      if (task->status == FORKLINE_FLOW_TASK_RUNNING && task->worker >= 0)
        link (ctx, task->worker, x + cw / 2, y + chh / 2, FALSE, 0.9, FALSE, NULL);
    }

  for (guint i = 0; i < MIN (lo->tasks->len, n); i++)
    {
      const ForklineFlowTask *lt = &g_array_index (lo->tasks, ForklineFlowTask, i);
      const ForklineFlowTask *task = o != NULL ? forkline_flow_object_get_task (o, i) : NULL;
      guint8 status = task != NULL ? task->status : FORKLINE_FLOW_TASK_PENDING;
      double x = x0 + (i % cols) * (cw + 6 * u);
      double y = place->body.y + (i / cols) * (chh + ch + 6 * u);
      ForklineRgba cc = chunk_color (ctx, lt->chunk);
      const ForklineFlowAnim *anim = o != NULL ? find_anim (ctx, FORKLINE_FLOW_MOVE_TASK_START, o->id, 0, i) : NULL;
      g_autofree char *arg = g_strdup (*lt->argument ? lt->argument : "?");
      g_autofree char *chunk = lt->chunk >= 0 ? g_strdup_printf ("chunk %" G_GINT64_FORMAT, lt->chunk) : g_strdup ("");
      Rect r = { x, y, cw, chh };
      double alpha = status == FORKLINE_FLOW_TASK_PENDING ? 0.35 : 1.0;

      cairo_save (ctx->cr);
      rounded_rect (ctx->cr, x, y, cw, chh, 6 * u);
      set_rgba (ctx, &cc, alpha);
      cairo_fill_preserve (ctx->cr);
      if (status == FORKLINE_FLOW_TASK_RUNNING && task->worker >= 0)
        {
          ForklineRgba c = proc_color (ctx, task->worker);

          set_rgba (ctx, &c, 1.0);
          cairo_set_line_width (ctx->cr, 3.5 * u);
        }
      else if (status == FORKLINE_FLOW_TASK_DONE && task->worker >= 0)
        {
          ForklineRgba c = proc_color (ctx, task->worker);

          /* Who did it: a band in the worker's colour along the bottom. */
          cairo_save (ctx->cr);
          cairo_clip (ctx->cr);
          set_rgba (ctx, &c, 1.0);
          cairo_rectangle (ctx->cr, x, y + chh - 5 * u, cw, 5 * u);
          cairo_fill (ctx->cr);
          cairo_restore (ctx->cr);
          rounded_rect (ctx->cr, x, y, cw, chh, 6 * u);
          set_rgba (ctx, &c, 0.8);
          cairo_set_line_width (ctx->cr, 1.5 * u);
        }
      else
        {
          double d[] = { 3 * u, 3 * u };

          set_rgba (ctx, &pal->grid, 1.0);
          cairo_set_line_width (ctx->cr, 1.5 * u);
          cairo_set_dash (ctx->cr, d, 2, 0);
        }
      cairo_stroke (ctx->cr);
      if (anim != NULL && anim->progress < 1.0)
        {
          ForklineRgba flash = { 1.0, 0.85, 0.2, 1.0 };

          rounded_rect (ctx->cr, x - 3 * u, y - 3 * u, cw + 6 * u, chh + 6 * u, 8 * u);
          set_rgba (ctx, &flash, 0.8 * (1.0 - anim->progress));
          cairo_set_line_width (ctx->cr, 5 * u);
          cairo_stroke (ctx->cr);
        }
      cairo_restore (ctx->cr);

      if (status == FORKLINE_FLOW_TASK_DONE && *task->result != '\0')
        {
          g_autofree char *result = g_strdup_printf ("→ %s", task->result);
          double size = 0.95, rw;

          text_size (ctx, result, size, TRUE, -1, &rw, NULL);
          while (rw > cw - 6 * u && size > 0.6)
            {
              size -= 0.05;
              text_size (ctx, result, size, TRUE, -1, &rw, NULL);
            }
          draw_text (ctx, arg, x + cw / 2, y + 4 * u, 0.8, FALSE, &pal->muted, 1.0, ALIGN_CENTER, cw - 4 * u);
          draw_text (ctx, result, x + cw / 2, y + chh / 2, size, TRUE, &pal->foreground, 1.0, ALIGN_CENTER,
                     cw - 4 * u);
        }
      else
        draw_text (ctx, arg, x + cw / 2, y + (chh - line_height (ctx, 1.1)) / 2, 1.1, TRUE, &pal->foreground,
                   alpha, ALIGN_CENTER, cw - 4 * u);
      draw_text (ctx, chunk, x + cw / 2, y + chh + 2 * u, 0.7, FALSE, &pal->muted, 1.0, ALIGN_CENTER, cw + 4 * u);

      add_hit (ctx, &r,
               g_strdup_printf ("task %u: argument %s%s%s\n%s\n%s%s", i, arg,
                                task != NULL && *task->result ? " → " : "",
                                task != NULL && *task->result ? task->result : "",
                                lt->chunk >= 0 ? chunk : "chunk unknown",
                                status == FORKLINE_FLOW_TASK_PENDING ? "not dispatched yet" :
                                status == FORKLINE_FLOW_TASK_DISPATCHED ? "waiting in the pool's task queue" :
                                status == FORKLINE_FLOW_TASK_RUNNING ? "running in " : "done by ",
                                task != NULL && task->worker >= 0 &&
                                status >= FORKLINE_FLOW_TASK_RUNNING ?
                                forkline_flow_state_proc_name (ctx->state, task->worker) : ""));
    }

  if (o == NULL)
    caption = g_strdup ("not created yet");
  else
    caption = g_strdup_printf ("%u done · %u running · %u waiting · a worker takes a whole chunk%s",
                               done, running, lo->tasks->len - done - running,
                               lo->tasks->len > n ? " · first tasks shown" : "");
  draw_text (ctx, caption, place->rect.x + 4 * u,
             place->body.y + ((n + cols - 1) / cols) * (chh + ch + 6 * u), 0.8, FALSE, &pal->muted, 1.0,
             ALIGN_LEFT, place->rect.w);
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
  when = format_time (t);
  title = g_strdup_printf ("%s%st = %s", header != NULL && *header->lesson_id ? header->lesson_id : "",
                           header != NULL && *header->lesson_id ? " · " : "", when);
  draw_text (ctx, title, 14 * u, 10 * u, 0.9, FALSE, &ctx->palette->muted, 1.0, ALIGN_LEFT,
             ctx->options->width - 28 * u);
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

  ctx.cr = cr;
  ctx.u = CLAMP (options->scale, 0.5, 4.0);
  ctx.theme = options->theme;
  ctx.palette = forkline_palette_get (options->theme);
  ctx.state = state;
  ctx.layout = options->layout != NULL ? options->layout : state;
  ctx.options = options;
  ctx.font = options->font != NULL ? pango_font_description_copy (options->font)
                                   : pango_font_description_from_string ("Sans 10");
  if (pango_font_description_get_size (ctx.font) <= 0)
    pango_font_description_set_size (ctx.font, 10 * PANGO_SCALE);
  ctx.base_size = pango_font_description_get_size (ctx.font) * ctx.u;
  ctx.pango = pango_cairo_create_layout (cr);
  ctx.nodes = g_array_new (FALSE, TRUE, sizeof (Node));
  ctx.vertical = options->width < options->height;
  ctx.places = g_array_new (FALSE, TRUE, sizeof (Place));

  cairo_save (cr);
  if (options->paint_background)
    {
      set_rgba (&ctx, &ctx.palette->background, 1.0);
      cairo_rectangle (cr, 0, 0, options->width, options->height);
      cairo_fill (cr);
    }

  /* Presentation scale grows everything, but never past what fits. */
  for (guint i = 0; i < 10; i++)
    {
      compute_layout (&ctx);
      if (layout_fits (&ctx) || ctx.u < 0.6)
        break;
      ctx.u *= 0.9;
      ctx.base_size *= 0.9;
    }
  draw_header (&ctx);
  draw_fork_lines (&ctx);

  for (guint i = 0; i < ctx.places->len; i++)
    {
      Place *place = &g_array_index (ctx.places, Place, i);

      switch (place->layout->kind)
        {
        case FORKLINE_OBJECT_QUEUE: draw_queue (&ctx, place); break;
        case FORKLINE_OBJECT_PIPE:  draw_pipe (&ctx, place);  break;
        case FORKLINE_OBJECT_LOCK:  draw_lock (&ctx, place);  break;
        case FORKLINE_OBJECT_ARRAY: draw_array (&ctx, place); break;
        case FORKLINE_OBJECT_POOL:  draw_pool (&ctx, place);  break;
        default: break;
        }
    }

  /* Nodes last, so links end under their borders. */
  for (guint i = 0; i < ctx.nodes->len; i++)
    draw_node (&ctx, i);

  if (ctx.nodes->len == 0)
    draw_text (&ctx, "No lesson running", options->width / 2, options->height / 2, 1.1, FALSE,
               &ctx.palette->muted, 1.0, ALIGN_CENTER, options->width);
  cairo_restore (cr);

  g_clear_pointer (&ctx.nodes, g_array_unref);
  g_clear_pointer (&ctx.places, g_array_unref);
  g_clear_object (&ctx.pango);
  g_clear_pointer (&ctx.font, pango_font_description_free);
}

/* forkline-flow-render-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What forkline-flow-render.c (layout, processes, the picture as a whole)
 * and forkline-flow-render-objects.c (queues, pipes, locks, arrays, pools)
 * share: the drawing context and the small drawing helpers.
 */

#pragma once

#include <pango/pangocairo.h>

#include "forkline-flow-render.h"

G_BEGIN_DECLS

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
  Rect     box;      /* the node and the words under it: nothing else goes there */
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
  guint                     n_items; /* cells or tasks shown */
  gboolean                  clip;    /* squeezed: drawn clipped to rect */
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
  GArray                          *selected;   /* Rect: what stands for the selected event */
  Rect                             mid;
  double                           node_w;
  double                           objects_h;  /* height the objects need */
  double                           min_slot;   /* smallest node slot */
  double                           name_w;     /* widest process name */
  gboolean                         vertical;   /* portrait: senders above, takers below */
  gboolean                         compact_nodes; /* no words under the nodes */
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


/* forkline-flow-render.c */

void
flow_add_hit (Ctx        *ctx,
              const Rect *r,
              char       *text);

void
flow_add_hit_event (Ctx        *ctx,
                    const Rect *r,
                    char       *text,
                    guint       event);

void
flow_set_rgba (Ctx                *ctx,
               const ForklineRgba *c,
               double              alpha);

ForklineRgba
flow_proc_color (Ctx  *ctx,
                 gint  proc);

ForklineRgba
flow_mix (const ForklineRgba *a,
          const ForklineRgba *b,
          double              t);

double
flow_ease_out (double t);

void
flow_rounded_rect (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   r);

void
flow_text_size (Ctx        *ctx,
                const char *text,
                double      size,
                gboolean    bold,
                double      max_width,
                double     *w,
                double     *h);

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
                double              max_width);

double
flow_draw_paragraph (Ctx                *ctx,
                     const char         *text,
                     double              x,
                     double              y,
                     double              width,
                     double              size,
                     const ForklineRgba *color,
                     int                 max_lines);

double
flow_line_height (Ctx    *ctx,
                  double  size);

char *
flow_format_time (guint64 ns);

const Node *
flow_node_for (Ctx  *ctx,
               gint  proc);

gboolean
flow_node_anchor (Ctx    *ctx,
                  gint    proc,
                  double  tx,
                  double  ty,
                  double *x,
                  double *y);

gboolean
flow_proc_alive (Ctx  *ctx,
                 gint  proc);

void
flow_link (Ctx      *ctx,
           gint      proc,
           double    x,
           double    y,
           gboolean  towards_object,
           double    alpha,
           gboolean  dashed,
           const ForklineRgba *override);

void
flow_link_rect (Ctx        *ctx,
                gint        proc,
                const Rect *r,
                gboolean    towards_object,
                double      alpha,
                gboolean    dashed);

void
flow_link_over (Ctx                *ctx,
                gint                proc,
                double              px,
                double              py,
                double              lane_y,
                double              alpha,
                gboolean            dashed,
                const ForklineRgba *override);

char *
flow_short_name (Ctx  *ctx,
                 gint  proc);

/* forkline-flow-render-objects.c */

double
flow_object_height (Ctx                      *ctx,
                    const ForklineFlowObject *object,
                    double                    width,
                    guint                     n_items);

/* Columns of a grid object (array, pool) showing n_items; 0 if none. */
guint
flow_object_columns (Ctx                      *ctx,
                     const ForklineFlowObject *object,
                     double                   width,
                     guint                    n_items);

void
flow_draw_queue (Ctx   *ctx,
                 Place *place);

void
flow_draw_pipe (Ctx   *ctx,
                Place *place);

void
flow_draw_lock (Ctx   *ctx,
                Place *place);

void
flow_draw_array (Ctx   *ctx,
                 Place *place);

void
flow_draw_pool (Ctx   *ctx,
                Place *place);

/* For tests: the rectangles that must never overlap. */
typedef enum
{
  FLOW_BOX_HEADER,
  FLOW_BOX_NODE,      /* index: proc */
  FLOW_BOX_OBJECT,    /* index: object, in creation order */
} FlowBoxKind;

typedef struct
{
  FlowBoxKind kind;
  guint       index;
  double      x;
  double      y;
  double      width;
  double      height;
} FlowBox;

/* Lays the picture out as forkline_flow_render () would and returns its
 * FlowBox rectangles; @cr is only measured with. */
GArray *
flow_render_get_boxes (cairo_t                         *cr,
                       ForklineFlowState               *state,
                       const ForklineFlowRenderOptions *options);

G_END_DECLS

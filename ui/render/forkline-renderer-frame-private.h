/* forkline-renderer-frame-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One frame being drawn, and the primitives every part of the renderer
 * draws with: text, batched rectangles, arrows.
 */

#pragma once

#include <pango/pangocairo.h>

#include "forkline-renderer.h"
#include "forkline-renderer-private.h"

G_BEGIN_DECLS

/* Lane text size at scale 1. */
#define FONT_SIZE 9.0

#define N_BATCHES (FORKLINE_N_PROCESS_COLORS + 1)

typedef struct
{
  double x;
  double y;
  double w;
  double h;
} ForklineFrameRect;

typedef struct
{
  cairo_t               *cr;
  ForklineTrace         *trace;
  const ForklineView    *view;
  const ForklinePalette *palette;
  PangoLayout           *layout;
  double                 scale;
  double                 gutter;
  double                 plot_width;
  double                 ns_per_px;
  guint64                limit;      /* min (t1, cutoff) */
  guint64                open_end;   /* where open spans end */
  guint64                cutoff;
  ForklineLane          *lanes;
  guint                  n_lanes;
  GArray                *batches[N_BATCHES];
  guint                  bucket_shift; /* 0 = no buckets at this zoom */
} ForklineFrame;

/* Time to x and back, for the frame's zoom; short names because every
 * drawing line uses them. */
static inline double
frame_x (ForklineFrame *f,
         guint64        t)
{
  return f->gutter + ((double) t - (double) f->view->t0) / f->ns_per_px;
}

static inline guint64
frame_t (ForklineFrame *f,
         double         x)
{
  double t = (double) f->view->t0 + (x - f->gutter) * f->ns_per_px;

  if (t <= 0)
    return 0;
  if (t >= 1.8e19)
    return G_MAXUINT64;
  return (guint64) t;
}

const ForklineLane *forkline_frame_find_lane   (ForklineFrame      *f,
                                                ForklineLaneKind    kind,
                                                gint64              index);
void                forkline_frame_set_font    (ForklineFrame      *f,
                                                double              points,
                                                gboolean            bold);
double              forkline_frame_draw_text   (ForklineFrame      *f,
                                                const char         *text,
                                                double              x,
                                                double              cy,
                                                double              max_width,
                                                const ForklineRgba *color);
double              forkline_frame_text_width  (ForklineFrame      *f,
                                                const char         *text);
const char         *forkline_frame_fit_label   (ForklineFrame      *f,
                                                const char * const *forms,
                                                guint               n_forms,
                                                double              max_width);
void                forkline_frame_batch_add   (ForklineFrame      *f,
                                                gint                proc,
                                                double              x,
                                                double              y,
                                                double              w,
                                                double              h);
void                forkline_frame_fill_rects  (ForklineFrame      *f,
                                                GArray             *rects,
                                                const ForklineRgba *color);
void                forkline_frame_batch_flush (ForklineFrame      *f,
                                                const ForklineRgba *override);
void                forkline_frame_draw_arrow  (ForklineFrame      *f,
                                                double              x0,
                                                double              y0,
                                                double              x1,
                                                double              y1,
                                                const ForklineRgba *color,
                                                gboolean            dashed,
                                                gboolean            open_head);
/* An arrow in parts, for callers that batch many into one path. */
void                forkline_frame_arrow_style (ForklineFrame      *f,
                                                const ForklineRgba *color,
                                                gboolean            dashed);
void                forkline_frame_arrow_shaft (ForklineFrame      *f,
                                                double              x0,
                                                double              y0,
                                                double              x1,
                                                double              y1);
void                forkline_frame_arrow_head  (ForklineFrame      *f,
                                                double              x0,
                                                double              y0,
                                                double              x1,
                                                double              y1);
void                forkline_frame_draw_cross  (ForklineFrame      *f,
                                                double              cx,
                                                double              cy,
                                                double              r,
                                                const ForklineRgba *color);
/* Adds (to the path) a rectangle over [start_ns, end_ns) at y, h; spans
 * narrower than a pixel share their column (*column: the last one used,
 * -1 to begin), so the cost grows with pixels, not with spans. */
void                forkline_frame_span_rect   (ForklineFrame      *f,
                                                double             *column,
                                                guint64             start_ns,
                                                guint64             end_ns,
                                                double              y,
                                                double              h);
/* Appends to view->drawn_boxes, if set. */
void                forkline_frame_log_drawn   (ForklineFrame      *f,
                                                ForklineDrawnKind   kind,
                                                double              x,
                                                double              y,
                                                double              w,
                                                double              h);

/* Reads the time of an index array's element. */
typedef guint64 (*ForklineTimeOf) (ForklineFrame *f, guint32 index);

guint               forkline_frame_lower_bound_index (ForklineFrame      *f,
                                                      const guint32      *indices,
                                                      guint               n,
                                                      guint64             t,
                                                      ForklineTimeOf      time_of);
guint               forkline_frame_gallop_index      (ForklineFrame      *f,
                                                      const guint32      *indices,
                                                      guint               lo,
                                                      guint               n,
                                                      guint64             t,
                                                      ForklineTimeOf      time_of);

/* forkline-renderer-threads.c */
void                forkline_frame_draw_threads        (ForklineFrame      *f,
                                                        const ForklineLane *lane,
                                                        const ForklineRgba *color);
void                forkline_frame_draw_thread_names   (ForklineFrame      *f,
                                                        const ForklineLane *lane);

/* forkline-renderer-lines.c */
void                forkline_frame_draw_code_line      (ForklineFrame      *f,
                                                        const ForklineLane *lane);

/* forkline-renderer-messages.c */
void                forkline_frame_draw_channel_lane   (ForklineFrame      *f,
                                                        const ForklineLane *lane);
void                forkline_frame_draw_message_arrows (ForklineFrame      *f);

/* forkline-renderer-decor.c */
void                forkline_frame_draw_title     (ForklineFrame      *f,
                                                   const ForklineLane *lane);
void                forkline_frame_draw_ruler     (ForklineFrame      *f,
                                                   const ForklineLane *lane);
void                forkline_frame_draw_grid      (ForklineFrame      *f,
                                                   double              top,
                                                   double              bottom);
void                forkline_frame_draw_section   (ForklineFrame      *f,
                                                   const ForklineLane *lane);
void                forkline_frame_draw_lane_name (ForklineFrame      *f,
                                                   const ForklineLane *lane);

/* forkline-renderer-selection.c */
void                forkline_frame_draw_event_line    (ForklineFrame      *f,
                                                       gint64              event,
                                                       const ForklineRgba *color,
                                                       double              width,
                                                       double              top,
                                                       double              bottom);
void                forkline_frame_draw_selected_item (ForklineFrame      *f,
                                                       gint64              index);

/* forkline-renderer-legend.c */
void                forkline_frame_draw_legend (ForklineFrame      *f,
                                                const ForklineLane *lane);

G_END_DECLS

/* forkline-renderer.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline, drawn with cairo + pangocairo only (no GTK types), so the
 * widget (through GtkSnapshot) and export (PNG / SVG / PDF surfaces) draw
 * the same picture from (trace, view).
 *
 * Layout from top to bottom: [title] ruler, then the scrollable content
 * (shifted up by view->y_offset): "CPUs" section, "Processes" section,
 * "Channels" section, then [legend].  A gutter on the left holds lane names;
 * time maps to x in [gutter, width].
 */

#pragma once

#include <cairo.h>

#include "forkline-palette.h"
#include "forkline-trace.h"
#include "forkline-words.h"

G_BEGIN_DECLS

/* What the lanes drew (ForklineView.drawn_boxes): text boxes (kind TEXT,
 * with the start of the text) and pool task boxes (kind TASK_BOX), in view
 * coordinates — for checks that nothing overlaps. */
typedef enum
{
  FORKLINE_DRAWN_TEXT,
  FORKLINE_DRAWN_TASK_BOX,
} ForklineDrawnKind;

typedef struct
{
  ForklineDrawnKind kind;
  double            x;
  double            y;
  double            w;
  double            h;
  char              text[48];
} ForklineDrawnBox;

typedef struct
{
  guint64       t0;              /* visible time range, ns since run start */
  guint64       t1;
  double        width;           /* size in cairo user units (logical px) */
  double        height;
  double        scale;           /* presentation scale 1.0 .. 3.0 */
  ForklineTheme theme;
  guint64       cutoff_ns;       /* replay position; G_MAXUINT64 = all */
  gint64        selected_event;  /* event index or -1 */
  gint64        hover_event;     /* event index or -1 */
  guint         code_line;       /* a program line to show the time on, 0 none */
  double        y_offset;        /* vertical scroll of the lanes (>= 0) */
  gboolean      show_title;      /* lesson, params, date (export) */
  gboolean      show_legend;     /* colours and state styles (export) */
  gboolean      show_ruler;      /* time axis (default TRUE) */
  const char   *title;           /* overrides the computed title, or NULL */
  guint64       now_ns;          /* live edge: open spans (still running,
                                  * still waiting) reach here; 0 = the last
                                  * event's time */
  gboolean      fit_height;      /* lanes grow (up to 2.5x) to fill height;
                                  * off by default: a fixed layout */
  gboolean      exact_spans;     /* draw every span, never per-pixel time
                                  * buckets (off by default; the picture
                                  * must be the same either way) */
  GArray       *drawn_boxes;     /* if set, ForklineDrawnBox are appended */
} ForklineView;

typedef enum
{
  FORKLINE_LANE_NONE,
  FORKLINE_LANE_TITLE,
  FORKLINE_LANE_RULER,
  FORKLINE_LANE_SECTION,         /* a section header: index 0 CPUs, 1 Processes, 2 Channels */
  FORKLINE_LANE_CPU,             /* index = cpu number */
  FORKLINE_LANE_PROCESS,         /* index = proc */
  FORKLINE_LANE_CHANNEL,         /* index = object id */
  FORKLINE_LANE_LEGEND,
} ForklineLaneKind;

typedef struct
{
  ForklineLaneKind kind;
  gint64           index;
  double           y;            /* top, in view coordinates (y_offset applied) */
  double           height;
} ForklineLane;

/* Fills @view with defaults: whole trace, light theme, scale 1, no cutoff,
 * nothing selected, ruler on, title and legend off, fit_height off. */
void     forkline_view_init                       (ForklineView        *view,
                                                   ForklineTrace       *trace,
                                                   double               width,
                                                   double               height);

void     forkline_renderer_draw                   (cairo_t             *cr,
                                                   ForklineTrace       *trace,
                                                   const ForklineView  *view);

/* Width of the lane-name gutter on the left. */
double   forkline_renderer_get_gutter_width       (const ForklineView  *view);
double   forkline_renderer_x_at_time              (const ForklineView  *view,
                                                   guint64              time_ns);
/* Clamped to >= 0. */
guint64  forkline_renderer_time_at_x              (const ForklineView  *view,
                                                   double               x);

/* Height of title + ruler + all lanes + legend at y_offset 0 (for scrolling). */
double   forkline_renderer_get_content_height     (ForklineTrace       *trace,
                                                   const ForklineView  *view);
/* Height of the fixed top area (title + ruler) that does not scroll. */
double   forkline_renderer_get_header_height      (const ForklineView  *view);

/* All lanes in drawing order; free with g_free.  *n_lanes set. */
ForklineLane *forkline_renderer_get_lanes         (ForklineTrace       *trace,
                                                   const ForklineView  *view,
                                                   guint               *n_lanes);
/* The lane under y; FALSE (and kind NONE) if none. */
gboolean forkline_renderer_lane_at_y              (ForklineTrace       *trace,
                                                   const ForklineView  *view,
                                                   double               y,
                                                   ForklineLane        *out);
/* The event drawn at (x, y) (a state span, a CPU span, a marker, a
 * message arrow end, a task box …), or -1. */
gint64   forkline_renderer_hit_test               (ForklineTrace       *trace,
                                                   const ForklineView  *view,
                                                   double               x,
                                                   double               y);


G_END_DECLS

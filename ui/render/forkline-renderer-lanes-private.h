/* forkline-renderer-lanes-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lane layout shared by the renderer's drawing and hit testing.
 */

#pragma once

#include "forkline-renderer.h"
#include "forkline-renderer-private.h"

G_BEGIN_DECLS

/* Base sizes in logical px at scale 1. */
#define GUTTER_WIDTH     132.0
#define TITLE_HEIGHT      34.0
#define RULER_HEIGHT      24.0
#define SECTION_HEIGHT    20.0
#define CPU_LANE_HEIGHT   18.0
#define PROC_LANE_HEIGHT  30.0
#define CHAN_LANE_HEIGHT  22.0
#define TASK_ROW_HEIGHT   17.0
#define LOCK_ROW_HEIGHT   13.0
#define THREAD_ROW_HEIGHT 13.0
#define LEGEND_ROW        22.0
#define LEGEND_ITEM_WIDTH 210.0
/* fit_height: lanes grow at most this much to fill the view. */
#define FIT_MAX_GROW       2.5

static inline double
_forkline_view_scale (const ForklineView *view)
{
  return CLAMP (view->scale, 0.5, 4.0);
}

ForklineLane *_forkline_renderer_build_lanes    (ForklineTrace      *trace,
                                                 const ForklineView *view,
                                                 guint              *n_lanes);
void          _forkline_renderer_proc_rows      (ForklineTrace      *trace,
                                                 const ForklineLane *lane,
                                                 double              s,
                                                 ForklineProcRows   *rows);
/* Where arrows meet a lane: the middle of a process's state row. */
double        _forkline_renderer_lane_mid_y     (ForklineTrace      *trace,
                                                 const ForklineLane *lane,
                                                 double              s);
/* In forkline-renderer-legend.c, beside the drawing it must fit. */
double        _forkline_renderer_legend_height  (ForklineTrace      *trace,
                                                 const ForklineView *view);

G_END_DECLS

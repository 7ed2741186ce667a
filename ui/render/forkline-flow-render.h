/* forkline-flow-render.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws the flow diagram of a ForklineFlowState with cairo + pango only, so
 * the widget (through GtkSnapshot) and an exported image agree.
 *
 * Layout: the lesson's main process on the left with the processes that
 * only send; queues, pipes, locks, arrays and pools in the middle; the
 * processes that receive, take tasks or write shared data on the right.
 * Roles come from a second state at the end of the trace, so nodes keep
 * their places while the replay position moves.
 */

#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "forkline-flow-state.h"
#include "forkline-palette.h"

G_BEGIN_DECLS

/* A move being animated; progress runs from 0 (just happened) to 1. */
typedef struct
{
  ForklineFlowMove move;
  double           progress;
} ForklineFlowAnim;

/* A region with a tooltip, in the coordinates drawn into, and the trace
 * event that clicking it selects (FORKLINE_FLOW_NO_EVENT if none). */
typedef struct
{
  double  x;
  double  y;
  double  width;
  double  height;
  char   *text;
  guint   event;
} ForklineFlowHit;

typedef struct
{
  double                      width;
  double                      height;
  double                      scale;        /* presentation scale 1.0 .. 3.0 */
  ForklineTheme               theme;
  const PangoFontDescription *font;         /* NULL: "Sans 10" */
  /* The end of the trace (for stable places); NULL: use the state itself. */
  ForklineFlowState          *layout;
  const ForklineFlowAnim     *anims;
  guint                       n_anims;
  gboolean                    paint_background;
  /* If set, filled with ForklineFlowHit (free with forkline_flow_hits_clear). */
  GArray                     *hits;
  /* The event selected in every view: what stands for it (its message,
   * cell, task, process or pipe end) is outlined; FORKLINE_FLOW_NO_EVENT
   * (the default) for none. */
  guint                       selected_event;
} ForklineFlowRenderOptions;

void     forkline_flow_render_options_init (ForklineFlowRenderOptions       *options,
                                            double                           width,
                                            double                           height);
void     forkline_flow_render              (cairo_t                         *cr,
                                            ForklineFlowState               *state,
                                            const ForklineFlowRenderOptions *options);
GArray  *forkline_flow_hits_new            (void);
/* The tooltip at (x, y), NULL if none; the last drawn region wins. */
const char *forkline_flow_hits_lookup      (GArray                          *hits,
                                            double                           x,
                                            double                           y);
/* The event of the last drawn region at (x, y) that has one, else
 * FORKLINE_FLOW_NO_EVENT. */
guint    forkline_flow_hits_lookup_event   (GArray                          *hits,
                                            double                           x,
                                            double                           y);

G_END_DECLS

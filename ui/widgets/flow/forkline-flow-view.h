/* forkline-flow-view.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flow diagram: processes as nodes, queues and pipes as channels with
 * the messages inside them, pipe ends and who holds them, shared arrays,
 * locks and pools — as they are at one time of the run.  Bind "time" to
 * the replay position (G_MAXUINT64 follows the live end).
 */

#pragma once

#include <gtk/gtk.h>

#include "forkline-flow-state.h"
#include "forkline-trace.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_FLOW_VIEW (forkline_flow_view_get_type ())

G_DECLARE_FINAL_TYPE (ForklineFlowView, forkline_flow_view, FORKLINE, FLOW_VIEW, GtkWidget)

#define FORKLINE_FLOW_VIEW_THEME_AUTO (-1)

GtkWidget         *forkline_flow_view_new           (void);
ForklineTrace     *forkline_flow_view_get_trace     (ForklineFlowView *self);
void               forkline_flow_view_set_trace     (ForklineFlowView *self,
                                                     ForklineTrace    *trace);
/* ns since the run began; G_MAXUINT64 = the live end (every event so far). */
guint64            forkline_flow_view_get_time      (ForklineFlowView *self);
void               forkline_flow_view_set_time      (ForklineFlowView *self,
                                                     guint64           time_ns);
/* Presentation scale, 1.0 .. 3.0: fonts, lines and shapes grow. */
double             forkline_flow_view_get_scale     (ForklineFlowView *self);
void               forkline_flow_view_set_scale     (ForklineFlowView *self,
                                                     double            scale);
/* A ForklineTheme, or FORKLINE_FLOW_VIEW_THEME_AUTO to follow the style's
 * text colour (light text: dark theme). */
int                forkline_flow_view_get_theme     (ForklineFlowView *self);
void               forkline_flow_view_set_theme     (ForklineFlowView *self,
                                                     int               theme);
/* The state drawn (read-only), for tests and for the app's own checks. */
ForklineFlowState *forkline_flow_view_get_state     (ForklineFlowView *self);
gboolean           forkline_flow_view_is_animating  (ForklineFlowView *self);

G_END_DECLS

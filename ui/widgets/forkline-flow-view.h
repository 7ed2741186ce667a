/* forkline-flow-view.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flow diagram: processes as nodes, queues and pipes as channels with
 * the messages inside them, pipe ends and who holds them, shared arrays,
 * locks and pools — as they are at one time of the run.  Bind "time" to
 * the replay position (G_MAXUINT64 follows the live end).
 *
 * Signal "event-activated" (void (*) (ForklineFlowView *self, guint event,
 * gpointer user_data)): the user clicked something that stands for an
 * event; @event indexes the trace's raw events (forkline_trace_get_event):
 *   - a message chip in a queue or pipe: its QUEUE_PUT / PIPE_SEND;
 *   - an array cell: its last ARRAY_WRITE;
 *   - a pool task: its TASK_START (not emitted before it started);
 *   - a process node: its PROC_FORK;
 *   - a pipe end: the last PIPE_HOLD for that end.
 * Connect it to select the event on the timeline and in the console.
 */

#pragma once

#include <gtk/gtk.h>

#include "forkline-view-state.h"

#include "forkline-flow-state.h"
#include "forkline-trace.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_FLOW_VIEW (forkline_flow_view_get_type ())

G_DECLARE_FINAL_TYPE (ForklineFlowView, forkline_flow_view, FORKLINE, FLOW_VIEW, GtkWidget)

#define FORKLINE_FLOW_VIEW_THEME_AUTO (-1)

GtkWidget         *forkline_flow_view_new           (void);
ForklineTrace     *forkline_flow_view_get_trace     (ForklineFlowView *self);
ForklineViewState *forkline_flow_view_get_view_state (ForklineFlowView *self);
/* Follow @view_state (trace, replay position, selection, theme, scale);
 * without one, the setters below say what to draw. */
void               forkline_flow_view_set_view_state (ForklineFlowView  *self,
                                                      ForklineViewState *view_state);
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
/* The event a click at (x, y) would activate, FORKLINE_FLOW_NO_EVENT if
 * none (as of the last frame drawn). */
guint              forkline_flow_view_event_at      (ForklineFlowView *self,
                                                     double            x,
                                                     double            y);

G_END_DECLS

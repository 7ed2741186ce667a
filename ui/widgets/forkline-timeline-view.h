/* forkline-timeline-view.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "forkline-renderer.h"
#include "forkline-view-state.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_TIMELINE_VIEW (forkline_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (ForklineTimelineView, forkline_timeline_view, FORKLINE, TIMELINE_VIEW, GtkWidget)

GtkWidget         *forkline_timeline_view_new            (void);
ForklineViewState *forkline_timeline_view_get_view_state (ForklineTimelineView *self);
void               forkline_timeline_view_set_view_state (ForklineTimelineView *self,
                                                          ForklineViewState    *view_state);
GtkAdjustment     *forkline_timeline_view_get_vadjustment(ForklineTimelineView *self);
/* Selects what is drawn at (x, y), as a click there does; returns the
 * event index or FORKLINE_NO_EVENT. */
guint              forkline_timeline_view_select_at      (ForklineTimelineView *self,
                                                          double                x,
                                                          double                y);
/* Fills @view as the widget draws it now (for export of the current view). */
void               forkline_timeline_view_get_view       (ForklineTimelineView *self,
                                                          ForklineView         *view);

G_END_DECLS

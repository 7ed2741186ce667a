/* forkline-view-state.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one object every view follows: which trace is shown, the visible time
 * range, whether the view follows the live edge, the selected and hovered
 * event, the replay position, the theme and the presentation scale.  Widgets set it and redraw on notify; they
 * never call each other.
 */

#pragma once

#include <glib-object.h>

#include "forkline-palette.h"
#include "forkline-trace.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_VIEW_STATE (forkline_view_state_get_type ())

G_DECLARE_FINAL_TYPE (ForklineViewState, forkline_view_state, FORKLINE, VIEW_STATE, GObject)

ForklineViewState *forkline_view_state_new               (void);
ForklineTrace     *forkline_view_state_get_trace         (ForklineViewState *self);
void               forkline_view_state_set_trace         (ForklineViewState *self,
                                                          ForklineTrace     *trace);
guint64            forkline_view_state_get_visible_start (ForklineViewState *self);
guint64            forkline_view_state_get_visible_end   (ForklineViewState *self);
void               forkline_view_state_set_visible_range (ForklineViewState *self,
                                                          guint64            start_ns,
                                                          guint64            end_ns);
void               forkline_view_state_zoom              (ForklineViewState *self,
                                                          double             factor,
                                                          double             anchor);
void               forkline_view_state_pan               (ForklineViewState *self,
                                                          double             fraction);
void               forkline_view_state_zoom_to_fit       (ForklineViewState *self);
gboolean           forkline_view_state_get_follow_live   (ForklineViewState *self);
void               forkline_view_state_set_follow_live   (ForklineViewState *self,
                                                          gboolean           follow_live);
gboolean           forkline_view_state_get_live          (ForklineViewState *self);
void               forkline_view_state_set_live          (ForklineViewState *self,
                                                          gboolean           live);
guint              forkline_view_state_get_selected_event(ForklineViewState *self);
void               forkline_view_state_set_selected_event(ForklineViewState *self,
                                                          guint              event);
/* A line of the program picked in the listing (1-based, 0 none): the
 * timeline shows when each process was on it. */
guint              forkline_view_state_get_code_line     (ForklineViewState *self);
void               forkline_view_state_set_code_line     (ForklineViewState *self,
                                                          guint              line);
guint              forkline_view_state_get_hover_event   (ForklineViewState *self);
void               forkline_view_state_set_hover_event   (ForklineViewState *self,
                                                          guint              event);
guint64            forkline_view_state_get_cutoff        (ForklineViewState *self);
void               forkline_view_state_set_cutoff        (ForklineViewState *self,
                                                          guint64            cutoff_ns);
/* The live edge (ns since run start): the latest time the run has
 * reached, which keeps moving while processes sleep and no events come. */
guint64            forkline_view_state_get_now           (ForklineViewState *self);
void               forkline_view_state_set_now           (ForklineViewState *self,
                                                          guint64            now_ns);
ForklineTheme      forkline_view_state_get_theme         (ForklineViewState *self);
void               forkline_view_state_set_theme         (ForklineViewState *self,
                                                          ForklineTheme      theme);
double             forkline_view_state_get_scale         (ForklineViewState *self);
void               forkline_view_state_set_scale         (ForklineViewState *self,
                                                          double             scale);
/* Pans (same zoom) so @time_ns is visible, if it is not. */
void               forkline_view_state_reveal_time       (ForklineViewState *self,
                                                          guint64            time_ns);
/* When the lesson itself begins (ns), after the engine's start-up. */
guint64            forkline_view_state_get_run_start     (ForklineViewState *self);
/* While live: move the live edge to @monotonic_us (a frame clock time),
 * measured from when set_live (TRUE) was called, if it moved at least
 * @min_step_ns (a pixel's worth: smaller moves would draw the same). */
void               forkline_view_state_tick              (ForklineViewState *self,
                                                          gint64             monotonic_us,
                                                          guint64            min_step_ns);

G_END_DECLS

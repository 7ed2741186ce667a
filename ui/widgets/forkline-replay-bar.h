/* forkline-replay-bar.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replays a finished run: play / pause at 0.1× to 10×, step one event
 * back or forward, scrub with a slider.  It only moves the view state's
 * replay position (cutoff); the timeline, console and flow diagram follow.
 */

#pragma once

#include <gtk/gtk.h>

#include "forkline-view-state.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_REPLAY_BAR (forkline_replay_bar_get_type ())

G_DECLARE_FINAL_TYPE (ForklineReplayBar, forkline_replay_bar, FORKLINE, REPLAY_BAR, GtkWidget)

GtkWidget *forkline_replay_bar_new            (void);
void       forkline_replay_bar_set_view_state (ForklineReplayBar *self,
                                               ForklineViewState *view_state);
gboolean   forkline_replay_bar_get_playing    (ForklineReplayBar *self);
/* Starts from the beginning if the position is at the end. */
void       forkline_replay_bar_play           (ForklineReplayBar *self);
void       forkline_replay_bar_pause          (ForklineReplayBar *self);
void       forkline_replay_bar_toggle         (ForklineReplayBar *self);
/* One event forward (+1) or back (-1). */
void       forkline_replay_bar_step           (ForklineReplayBar *self,
                                               int                direction);
double     forkline_replay_bar_get_rate       (ForklineReplayBar *self);
void       forkline_replay_bar_set_rate       (ForklineReplayBar *self,
                                               double             rate);

G_END_DECLS

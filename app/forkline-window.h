/* forkline-window.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "forkline-application.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_WINDOW (forkline_window_get_type ())

G_DECLARE_FINAL_TYPE (ForklineWindow, forkline_window, FORKLINE, WINDOW, GtkApplicationWindow)

ForklineWindow *forkline_window_new              (ForklineApplication *app);
void            forkline_window_open_file        (ForklineWindow      *self,
                                                  GFile               *file);
/* Stops a running engine and waits until it has exited (quit, close). */
void            forkline_window_stop_engine_sync (ForklineWindow      *self);
/* Quitting: stop the engine and remember the window's size. */
void            forkline_window_shutdown         (ForklineWindow      *self);

G_END_DECLS

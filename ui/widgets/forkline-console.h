/* forkline-console.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "forkline-palette.h"
#include "forkline-view-state.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_CONSOLE (forkline_console_get_type ())

G_DECLARE_FINAL_TYPE (ForklineConsole, forkline_console, FORKLINE, CONSOLE, GtkWidget)

GtkWidget         *forkline_console_new            (void);
ForklineViewState *forkline_console_get_view_state (ForklineConsole   *self);
void               forkline_console_set_view_state (ForklineConsole   *self,
                                                    ForklineViewState *view_state);
guint              forkline_console_get_n_lines    (ForklineConsole   *self);
/* The selected line's position, or -1. */
gint               forkline_console_get_selected_line (ForklineConsole *self);
void               forkline_console_select_line    (ForklineConsole   *self,
                                                    guint              position);
/* The details area's headline ("" when nothing is selected). */
const char        *forkline_console_get_details_title (ForklineConsole *self);

G_END_DECLS

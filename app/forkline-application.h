/* forkline-application.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FORKLINE_TYPE_APPLICATION (forkline_application_get_type ())

G_DECLARE_FINAL_TYPE (ForklineApplication, forkline_application, FORKLINE, APPLICATION, GtkApplication)

ForklineApplication *forkline_application_new          (void);
/* The app's settings, or NULL when no schema is installed anywhere we
 * look (the app then runs without remembering anything). */
GSettings           *forkline_application_get_settings (ForklineApplication *self);
/* TRUE when the interface is dark (system preference or the theme key). */
gboolean             forkline_application_get_dark     (ForklineApplication *self);
/* The renderer theme for the current style and theme key. */
int                  forkline_application_get_theme    (ForklineApplication *self);

G_END_DECLS

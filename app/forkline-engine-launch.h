/* forkline-engine-launch.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char        *forkline_engine_locate       (GError              **error);
char        *forkline_engine_locate_for   (const char           *self_exe,
                                           GError              **error);
GStrv        forkline_engine_run_args     (const char           *lesson_id,
                                           const char * const   *settings,
                                           double                speed,
                                           const char           *listing);
GStrv        forkline_engine_script_args  (const char           *path,
                                           const char           *folder,
                                           double                speed);
GSubprocess *forkline_engine_spawn        (GSubprocessLauncher  *launcher,
                                           const char * const   *args,
                                           GError              **error);

G_END_DECLS

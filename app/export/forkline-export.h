/* forkline-export.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `forkline export …`: argv[0] is "export".  Needs no display. Returns the
 * process exit status. */
int forkline_export_main (int    argc,
                          char **argv);

G_END_DECLS

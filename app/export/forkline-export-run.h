/* forkline-export-run.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a lesson with forkline-engine, headless, into a trace.  Private to
 * app/export/.
 */

#pragma once

#include <glib.h>

#include "forkline-trace.h"

G_BEGIN_DECLS

/* Returns the trace (possibly partial) or NULL.  On return with a trace,
 * @error may still be set: the run was cut short (a damaged stream, the
 * engine failed) but what arrived is kept. */
ForklineTrace *forkline_export_run_lesson (const char          *lesson,
                                           const char * const  *params,
                                           double               speed,
                                           GError             **error);

G_END_DECLS

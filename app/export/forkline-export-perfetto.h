/* forkline-export-perfetto.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trace as Chrome trace-event JSON (JSON Object Format), which Perfetto
 * and chrome://tracing open: lesson processes and CPUs as tracks, states
 * as slices, prints as instant events, messages as flow arrows, and pool
 * tasks as slices on a worker's "pool tasks" thread with an arrow from
 * their dispatch.
 */

#pragma once

#include <glib.h>

#include "forkline-trace.h"

G_BEGIN_DECLS

/* The pid of the "CPUs" pseudo process: above PID_MAX_LIMIT (2^22), so it
 * never collides with a lesson process, whose JSON pid is its real pid (or,
 * for a later process given a reused pid, 3 * 2^22 + its proc index).
 * CPU n is thread FORKLINE_PERFETTO_CPU_PID + 1 + n. */
#define FORKLINE_PERFETTO_CPU_PID 4194305
/* A pool worker's tasks are thread FORKLINE_PERFETTO_TASK_TID_BASE + proc
 * of its process: also above any real tid. */
#define FORKLINE_PERFETTO_TASK_TID_BASE 8388608

GString  *forkline_export_perfetto_to_string (ForklineTrace  *trace);
/* Writes atomically: on failure no file (and no partial file) is left. */
gboolean  forkline_export_write_perfetto     (ForklineTrace  *trace,
                                              const char     *path,
                                              GError        **error);

G_END_DECLS

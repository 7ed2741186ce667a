/* forkline-synth.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A synthetic but realistic run (context switches on several CPUs, states,
 * queue messages, prints, pool tasks) for the benchmark and stress tests.
 */

#pragma once

#include "forkline-trace.h"

G_BEGIN_DECLS

/* Calls emit for about n_events events in time order; deterministic for a
 * given seed. */
void forkline_synth_run (guint    n_events,
                         guint    n_cpus,
                         guint    n_workers,
                         guint32  seed,
                         void   (*emit) (const ForklineEvent *event,
                                         gpointer             user_data),
                         gpointer user_data);

G_END_DECLS

/* forkline-cpu-stat.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every CPU did, lesson or not, from the per-CPU counters the kernel
 * publishes to anyone in /proc/stat: busy, idle and steal time in clock
 * ticks (USER_HZ, 100 a second here).  The window subtracts the lesson's
 * own exact on-CPU time to show "other programs".
 */

#pragma once

#include "forkline-protocol.h"

G_BEGIN_DECLS

typedef struct _FlCpuStat FlCpuStat;

typedef void (*FlCpuStatEmitFunc) (const ForklineEvent *event,
                                   gpointer             user_data);

/* NULL if /proc/stat cannot be read (then the lanes say nothing of other
 * programs, rather than something wrong). */
FlCpuStat *fl_cpu_stat_new  (gint64             run_start_ns);
void       fl_cpu_stat_free (FlCpuStat         *self);
/* TRUE once FL_CPU_STAT_PERIOD_NS have passed since the last sample
 * (when @final, once a tick has: the end of the run). */
gboolean   fl_cpu_stat_due  (FlCpuStat         *self,
                             gint64             now_ns,
                             gboolean           final);
/* A CPU_USAGE record per CPU for the time since the last sample: other
 * programs' time (busy minus the lesson's own, @lesson_ns[cpu] being the
 * lesson's on-CPU time so far) and steal. */
void       fl_cpu_stat_poll (FlCpuStat         *self,
                             gint64             now_ns,
                             const gint64      *lesson_ns,
                             int                n_lesson,
                             FlCpuStatEmitFunc  emit,
                             gpointer           user_data);

/* Ticks are 10 ms: ten of them per sample keeps the rounding under 10 %. */
#define FL_CPU_STAT_PERIOD_NS (G_GINT64_CONSTANT (100000000))

G_END_DECLS

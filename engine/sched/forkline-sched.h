/* forkline-sched.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the engine learns what the kernel scheduler did with each lesson
 * process: exact PERF_RECORD_SWITCH records (forkline-sched-perf.c) or, where
 * the kernel refuses, /proc sampling at 1 kHz (forkline-sched-proc.c).
 */

#pragma once

#include <sys/types.h>

#include "forkline-protocol.h"

G_BEGIN_DECLS

typedef struct _FlSched FlSched;

/* Receives SWITCH_IN / SWITCH_OUT events (time, pid, cpu, flags set; proc
 * is filled by the runner). */
typedef void (*FlSchedEmitFunc) (const ForklineEvent *event,
                                 gpointer             user_data);

/* Opens one context-switch event per CPU on main_pid with inherit = 1: every
 * process main forks later is followed too, its records landing in these
 * rings.  main_pid must not have run lesson code yet. */
FlSched        *fl_sched_perf_new     (pid_t            main_pid,
                                       gint64           run_start_ns,
                                       GError         **error);
FlSched        *fl_sched_proc_new     (gint64           run_start_ns);
ForklineMethod  fl_sched_method       (FlSched         *self);
/* How often the runner should call fl_sched_poll (ms). */
int             fl_sched_interval_ms  (FlSched         *self);
/* A process to follow (the /proc sampler needs to be told). */
void            fl_sched_add_pid      (FlSched         *self,
                                       pid_t            pid);
void            fl_sched_poll         (FlSched         *self,
                                       FlSchedEmitFunc  emit,
                                       gpointer         user_data);
/* The run is over: the last records, and the CPUs' usage up to now. */
void            fl_sched_finish       (FlSched         *self,
                                       FlSchedEmitFunc  emit,
                                       gpointer         user_data);
/* pid has exited: drain, and if its last record left it on a CPU (the
 * kernel stops following a task before its final switch), close that
 * interval at end_time (ns since the run began). */
void            fl_sched_pid_exited   (FlSched         *self,
                                       pid_t            pid,
                                       gint64           end_time,
                                       FlSchedEmitFunc  emit,
                                       gpointer         user_data);
void            fl_sched_free         (FlSched         *self);

G_END_DECLS

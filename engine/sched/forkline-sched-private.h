/* forkline-sched-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "forkline-cpu-stat.h"
#include "forkline-sched.h"

G_BEGIN_DECLS

/* One task the kernel schedules: a process's main thread (tid == pid) or
 * one of its threads. */
typedef struct
{
  pid_t    pid;
  pid_t    tid;
  gboolean on_cpu;       /* per the latest record */
  gint16   cpu;
  gint64   last_time;    /* of the latest record */
  gboolean exited;
  /* /proc sampler */
  guint64  runtime_ns;
  gint64   sample_time;
} FlSchedPid;

struct _FlSched
{
  ForklineMethod  method;
  gint64          run_start_ns;
  FlCpuStat      *cpu_stat; /* every program's CPU time; NULL without /proc/stat */
  gint64         *lesson_cpu_ns; /* per CPU: the lesson's closed on-CPU time so far */
  int             n_stat_cpus;
  GHashTable     *pids;     /* tid -> FlSchedPid (a process's main thread: its pid) */

  /* perf */
  int             n_cpus;
  int            *fds;
  guint8        **rings;
  gsize           ring_len;
  gboolean        warned_lost;
  gint64         *last_record_ns; /* per CPU: the latest record's time */

  /* proc */
  GArray         *live;     /* pid_t */
};

FlSchedPid *fl_sched_pid_lookup   (FlSched         *self,
                                   pid_t            pid);
/* Thread @tid of process @pid (tid == pid: the main thread). */
FlSchedPid *fl_sched_task_lookup  (FlSched         *self,
                                   pid_t            pid,
                                   pid_t            tid);
/* Emits a switch record and updates the per-pid state. */
void        fl_sched_emit_switch  (FlSched         *self,
                                   FlSchedPid      *p,
                                   gboolean         in,
                                   gint64           time_ns,
                                   gint16           cpu,
                                   ForklineLeave    leave,
                                   guint16          flags,
                                   FlSchedEmitFunc  emit,
                                   gpointer         user_data);
void        fl_sched_perf_poll    (FlSched         *self,
                                   FlSchedEmitFunc  emit,
                                   gpointer         user_data);
void        fl_sched_proc_poll    (FlSched         *self,
                                   FlSchedEmitFunc  emit,
                                   gpointer         user_data);

G_END_DECLS

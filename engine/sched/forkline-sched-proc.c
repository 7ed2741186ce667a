/* forkline-sched-proc.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fallback when perf_event_open is refused: every millisecond, read each
 * live process's /proc/PID/schedstat (time spent on a CPU, in ns) and
 * /proc/PID/stat (field 39: the CPU it last ran on).  A process whose CPU
 * time grew since the last sample ran in between; the records are marked
 * FORKLINE_FLAG_SAMPLED because their edges are only as good as the period.
 */

#include "config.h"

#include <fcntl.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "forkline-sched-private.h"

FlSched *
fl_sched_proc_new (gint64 run_start_ns)
{
  FlSched *self = g_new0 (FlSched, 1);

  self->method = FORKLINE_METHOD_PROC_SAMPLED;
  self->run_start_ns = run_start_ns;
  self->pids = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->live = g_array_new (FALSE, FALSE, sizeof (pid_t));
  return self;
}

static gboolean
read_small_file (const char *path,
                 char       *buf,
                 gsize       len)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  ssize_t n;

  if (fd < 0)
    return FALSE;
  n = read (fd, buf, len - 1);
  close (fd);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  return TRUE;
}

/* The run time so far, the CPU it last ran on and its task state ('R'
 * runnable, 'S' / 'D' asleep) from /proc/PID/schedstat and /proc/PID/stat. */
static gboolean
sample (pid_t    pid,
        guint64 *runtime,
        int     *cpu,
        char    *state)
{
  char path[64];
  char buf[1024];
  const char *p;
  int field;

  g_snprintf (path, sizeof path, "/proc/%d/schedstat", pid);
  if (!read_small_file (path, buf, sizeof buf))
    return FALSE;
  *runtime = g_ascii_strtoull (buf, NULL, 10);

  g_snprintf (path, sizeof path, "/proc/%d/stat", pid);
  if (!read_small_file (path, buf, sizeof buf))
    return FALSE;
  /* The command name may hold spaces: count fields after its ')'. */
  p = strrchr (buf, ')');
  if (p == NULL || p[1] != ' ' || p[2] == '\0')
    return FALSE;
  *state = p[2];
  for (field = 2; *p != '\0' && field < 39; p++)
    if (*p == ' ')
      field++;
  *cpu = (int) g_ascii_strtoll (p, NULL, 10);
  return TRUE;
}

static gint64
monotonic_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

void
fl_sched_proc_poll (FlSched         *self,
                    FlSchedEmitFunc  emit,
                    gpointer         user_data)
{
  gint64 now = monotonic_ns () - self->run_start_ns;

  for (guint i = 0; i < self->live->len; i++)
    {
      pid_t pid = g_array_index (self->live, pid_t, i);
      FlSchedPid *p = fl_sched_pid_lookup (self, pid);
      gint64 period, delta;
      guint64 runtime;
      int cpu;
      char state;
      ForklineLeave leave;

      if (!sample (pid, &runtime, &cpu, &state))
        continue;
      /* a process off its CPU but runnable was preempted, else it sleeps */
      leave = state == 'R' ? FORKLINE_LEAVE_PREEMPTED : FORKLINE_LEAVE_BLOCKED;

      /* A new process has run since its fork: its whole runtime counts. */
      delta = (gint64) (runtime - p->runtime_ns);
      period = p->sample_time > 0 ? now - p->sample_time : delta;
      p->runtime_ns = runtime;

      /* The period's CPU time delta is placed so that the intervals add up to
       * what the kernel accounted: a process that was on and ran less than
       * the whole period stopped delta ns into it; one that was off and ran
       * started delta ns before the sample. */
      if (delta > 0 && p->on_cpu && p->cpu != cpu)
        {
          /* it moved: it was taken off the old CPU while still runnable */
          fl_sched_emit_switch (self, p, FALSE, MAX (p->sample_time, p->last_time), p->cpu,
                                FORKLINE_LEAVE_PREEMPTED, FORKLINE_FLAG_SAMPLED, emit, user_data);
        }
      if (p->on_cpu && delta < period - period / 10)
        fl_sched_emit_switch (self, p, FALSE, MAX (p->sample_time + delta, p->last_time), p->cpu,
                              leave, FORKLINE_FLAG_SAMPLED, emit, user_data);
      else if (!p->on_cpu && delta > 0)
        fl_sched_emit_switch (self, p, TRUE, MAX (now - delta, p->last_time), (gint16) cpu,
                              FORKLINE_LEAVE_UNKNOWN, FORKLINE_FLAG_SAMPLED, emit, user_data);

      p->sample_time = now;
    }
}

/* forkline-sched.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What both scheduler sources share: per-process on/off-CPU state, so that an
 * interval the kernel never closed (a task's last switch-out happens after
 * perf stops following it) is closed when the process is known to be gone.
 */

#include "config.h"

#include <sys/mman.h>
#include <unistd.h>

#include "forkline-sched-private.h"

FlSchedPid *
fl_sched_task_lookup (FlSched *self,
                      pid_t    pid,
                      pid_t    tid)
{
  FlSchedPid *p = g_hash_table_lookup (self->pids, GINT_TO_POINTER (tid));

  /* a tid is unique while its task lives; one of another process is a
   * reused number, a new task */
  if (p != NULL && p->pid != pid)
    {
      g_hash_table_remove (self->pids, GINT_TO_POINTER (tid));
      p = NULL;
    }
  if (p == NULL)
    {
      p = g_new0 (FlSchedPid, 1);
      p->pid = pid;
      p->tid = tid;
      p->cpu = -1;
      p->last_time = -1;
      g_hash_table_insert (self->pids, GINT_TO_POINTER (tid), p);
    }
  return p;
}

FlSchedPid *
fl_sched_pid_lookup (FlSched *self,
                     pid_t    pid)
{
  return fl_sched_task_lookup (self, pid, pid);
}

static void
lesson_time_add (FlSched *self,
                 int      cpu,
                 gint64   ns)
{
  if (self->lesson_cpu_ns == NULL)
    {
      self->n_stat_cpus = (int) CLAMP (sysconf (_SC_NPROCESSORS_CONF), 1, 1024);
      self->lesson_cpu_ns = g_new0 (gint64, self->n_stat_cpus);
    }
  if (cpu >= 0 && cpu < self->n_stat_cpus && ns > 0)
    self->lesson_cpu_ns[cpu] += ns;
}

/* The lesson's on-CPU time per CPU up to @now_ns: closed intervals plus
 * the ones still open. */
static gint64 *
lesson_time_until (FlSched *self,
                   gint64   now_ns)
{
  gint64 *total;
  GHashTableIter iter;
  FlSchedPid *p;

  lesson_time_add (self, -1, 0);
  total = g_memdup2 (self->lesson_cpu_ns, sizeof (gint64) * self->n_stat_cpus);
  g_hash_table_iter_init (&iter, self->pids);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &p))
    if (p->on_cpu && !p->exited && p->cpu >= 0 && p->cpu < self->n_stat_cpus && now_ns > p->last_time)
      total[p->cpu] += now_ns - p->last_time;
  return total;
}

void
fl_sched_emit_switch (FlSched         *self,
                      FlSchedPid      *p,
                      gboolean         in,
                      gint64           time_ns,
                      gint16           cpu,
                      ForklineLeave    leave,
                      guint16          flags,
                      FlSchedEmitFunc  emit,
                      gpointer         user_data)
{
  ForklineEvent ev = { 0 };

  /* A process already on a CPU when the kernel began watching it (main,
   * before it parks to wait for the go byte) is first seen leaving: there
   * is no interval of the lesson's to close. */
  if (!in && p->last_time < 0)
    {
      p->last_time = time_ns;
      p->on_cpu = FALSE;
      return;
    }

  ev.type = in ? FORKLINE_EV_SWITCH_IN : FORKLINE_EV_SWITCH_OUT;
  ev.a = in ? 0 : leave;
  ev.flags = flags;
  ev.time_ns = (guint64) MAX (time_ns, 0);
  ev.pid = p->pid;
  /* a thread's switches say which thread; the main thread's carry 0 */
  ev.b = p->tid != p->pid ? p->tid : 0;
  ev.proc = -1;
  ev.cpu = cpu;
  emit (&ev, user_data);

  /* Rings are read one CPU after another: only a later record may change
   * what we believe the process is doing now. */
  if (time_ns >= p->last_time)
    {
      if (!in && p->on_cpu)
        lesson_time_add (self, p->cpu, time_ns - p->last_time);
      p->last_time = time_ns;
      p->on_cpu = in;
      p->cpu = cpu;
    }
}

ForklineMethod
fl_sched_method (FlSched *self)
{
  return self->method;
}

int
fl_sched_interval_ms (FlSched *self)
{
  return self->method == FORKLINE_METHOD_PROC_SAMPLED ? 1 : 5;
}

void
fl_sched_add_pid (FlSched *self,
                  pid_t    pid)
{
  FlSchedPid *p = fl_sched_pid_lookup (self, pid);

  if (self->live != NULL && !p->exited)
    {
      for (guint i = 0; i < self->live->len; i++)
        if (g_array_index (self->live, pid_t, i) == pid)
          return;
      g_array_append_val (self->live, pid);
    }
}

static void poll_usage (FlSched         *self,
                        gboolean         final,
                        FlSchedEmitFunc  emit,
                        gpointer         user_data);

void
fl_sched_poll (FlSched         *self,
               FlSchedEmitFunc  emit,
               gpointer         user_data)
{
  if (self->method == FORKLINE_METHOD_PERF_SWITCH)
    fl_sched_perf_poll (self, emit, user_data);
  else
    fl_sched_proc_poll (self, emit, user_data);
  poll_usage (self, FALSE, emit, user_data);
}

void
fl_sched_finish (FlSched         *self,
                 FlSchedEmitFunc  emit,
                 gpointer         user_data)
{
  if (self->method == FORKLINE_METHOD_PERF_SWITCH)
    fl_sched_perf_poll (self, emit, user_data);
  else
    fl_sched_proc_poll (self, emit, user_data);
  poll_usage (self, TRUE, emit, user_data);
}

/* Every program's share of the CPUs, every sampling period, and at the end
 * for the part of a period the run still had. */
static void
poll_usage (FlSched         *self,
            gboolean         final,
            FlSchedEmitFunc  emit,
            gpointer         user_data)
{
  gint64 now = g_get_monotonic_time () * 1000 - self->run_start_ns;
  g_autofree gint64 *lesson = NULL;

  if (self->cpu_stat == NULL)
    self->cpu_stat = fl_cpu_stat_new (self->run_start_ns);
  if (self->cpu_stat == NULL || !fl_cpu_stat_due (self->cpu_stat, now, final))
    return;
  lesson = lesson_time_until (self, now);
  fl_cpu_stat_poll (self->cpu_stat, now, lesson, self->n_stat_cpus, emit, user_data);
}

void
fl_sched_pid_exited (FlSched         *self,
                     pid_t            pid,
                     gint64           end_time,
                     FlSchedEmitFunc  emit,
                     gpointer         user_data)
{
  GHashTableIter iter;
  FlSchedPid *task;
  FlSchedPid *p;

  fl_sched_poll (self, emit, user_data);
  p = fl_sched_pid_lookup (self, pid);
  p->exited = TRUE;
  if (self->live != NULL)
    for (guint i = 0; i < self->live->len; i++)
      if (g_array_index (self->live, pid_t, i) == pid)
        {
          g_array_remove_index_fast (self->live, i);
          break;
        }

  /* its threads ended with it */
  g_hash_table_iter_init (&iter, self->pids);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &task))
    if (task->pid == pid)
      {
        task->exited = TRUE;
        if (task->on_cpu)
          fl_sched_emit_switch (self, task, FALSE, MAX (end_time, task->last_time), task->cpu,
                                FORKLINE_LEAVE_EXITED,
                                self->method == FORKLINE_METHOD_PROC_SAMPLED ? FORKLINE_FLAG_SAMPLED : 0,
                                emit, user_data);
      }
}

void
fl_sched_free (FlSched *self)
{
  if (self == NULL)
    return;
  for (int i = 0; i < self->n_cpus; i++)
    {
      if (self->rings != NULL && self->rings[i] != NULL)
        munmap (self->rings[i], self->ring_len);
      if (self->fds != NULL && self->fds[i] >= 0)
        close (self->fds[i]);
    }
  g_free (self->rings);
  g_free (self->fds);
  fl_cpu_stat_free (self->cpu_stat);
  g_free (self->lesson_cpu_ns);
  g_free (self->last_record_ns);
  g_clear_pointer (&self->live, g_array_unref);
  g_hash_table_unref (self->pids);
  g_free (self);
}

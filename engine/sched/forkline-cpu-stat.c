/* forkline-cpu-stat.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forkline-cpu-stat.h"

#define MAX_CPUS 1024

typedef struct
{
  guint64 busy;    /* user + nice + system + irq + softirq, in ticks */
  guint64 idle;    /* idle + iowait */
  guint64 steal;   /* taken by a virtual machine's host */
  gboolean seen;
} Counters;

struct _FlCpuStat
{
  gint64    run_start_ns;
  gint64    last_ns;       /* when `last` was read, run time */
  double    ns_per_tick;
  Counters *last;
  gint64   *last_lesson;   /* the lesson's on-CPU ns at the last sample */
  int       n_cpus;
};

/* Reads every "cpuN" line of /proc/stat into counters[N]. */
static gboolean
read_counters (Counters *counters,
               int       n_cpus)
{
  g_autofree char *text = NULL;
  char *line, *save = NULL;

  if (!g_file_get_contents ("/proc/stat", &text, NULL, NULL))
    return FALSE;

  for (line = strtok_r (text, "\n", &save); line != NULL; line = strtok_r (NULL, "\n", &save))
    {
      guint64 v[8] = { 0 };
      char *p;
      long cpu;

      if (strncmp (line, "cpu", 3) != 0 || !g_ascii_isdigit (line[3]))
        continue;
      cpu = strtol (line + 3, &p, 10);
      if (cpu < 0 || cpu >= n_cpus)
        continue;
      /* user nice system idle iowait irq softirq steal */
      for (int i = 0; i < 8; i++)
        v[i] = g_ascii_strtoull (p, &p, 10);
      counters[cpu].busy = v[0] + v[1] + v[2] + v[5] + v[6];
      counters[cpu].idle = v[3] + v[4];
      counters[cpu].steal = v[7];
      counters[cpu].seen = TRUE;
    }
  return TRUE;
}

static gint64
monotonic_ns (void)
{
  return g_get_monotonic_time () * 1000;
}

FlCpuStat *
fl_cpu_stat_new (gint64 run_start_ns)
{
  FlCpuStat *self = g_new0 (FlCpuStat, 1);
  long hz = sysconf (_SC_CLK_TCK);

  self->n_cpus = (int) CLAMP (sysconf (_SC_NPROCESSORS_CONF), 1, MAX_CPUS);
  self->run_start_ns = run_start_ns;
  self->ns_per_tick = 1e9 / (hz > 0 ? hz : 100);
  self->last = g_new0 (Counters, self->n_cpus);
  self->last_lesson = g_new0 (gint64, self->n_cpus);
  if (!read_counters (self->last, self->n_cpus))
    {
      fl_cpu_stat_free (self);
      return NULL;
    }
  self->last_ns = monotonic_ns () - run_start_ns;
  return self;
}

void
fl_cpu_stat_free (FlCpuStat *self)
{
  if (self == NULL)
    return;
  g_free (self->last);
  g_free (self->last_lesson);
  g_free (self);
}

gboolean
fl_cpu_stat_due (FlCpuStat *self,
                 gint64     now_ns,
                 gboolean   final)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return now_ns - self->last_ns >= (final ? (gint64) self->ns_per_tick : FL_CPU_STAT_PERIOD_NS);
}

void
fl_cpu_stat_poll (FlCpuStat         *self,
                  gint64             now_ns,
                  const gint64      *lesson_ns,
                  int                n_lesson,
                  FlCpuStatEmitFunc  emit,
                  gpointer           user_data)
{
  g_autofree Counters *now = NULL;

  g_return_if_fail (self != NULL);

  now = g_new0 (Counters, self->n_cpus);
  if (!read_counters (now, self->n_cpus))
    return;

  for (int cpu = 0; cpu < self->n_cpus; cpu++)
    {
      ForklineEvent ev = { 0 };
      const Counters *was = &self->last[cpu];
      gint64 lesson = cpu < n_lesson ? lesson_ns[cpu] - self->last_lesson[cpu] : 0;
      gint64 busy;

      if (cpu < n_lesson)
        self->last_lesson[cpu] = lesson_ns[cpu];
      if (!now[cpu].seen || !was->seen || now[cpu].busy < was->busy || now[cpu].steal < was->steal)
        continue;   /* offline, or a counter went back (a CPU came back online) */
      ev.type = FORKLINE_EV_CPU_USAGE;
      /* at the sample's end, when it is known (c reaches back) */
      ev.time_ns = (guint64) MAX (now_ns, 0);
      ev.proc = -1;
      ev.cpu = (gint16) cpu;
      /* ticks are coarse, the lesson's time exact: never below nothing */
      busy = (gint64) ((now[cpu].busy - was->busy) * self->ns_per_tick);
      ev.c = now_ns - self->last_ns;
      ev.a = CLAMP (busy - lesson, 0, ev.c);
      ev.b = MIN ((gint64) ((now[cpu].steal - was->steal) * self->ns_per_tick), ev.c);
      emit (&ev, user_data);
    }

  memcpy (self->last, now, sizeof (Counters) * self->n_cpus);
  self->last_ns = now_ns;
}

/* forkline-sched-perf.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exact on-CPU intervals from the kernel: one software event per CPU with
 * context_switch = 1 on the lesson's main process, opened while it is parked
 * before running lesson code.  With inherit = 1 every process it forks gets
 * a child event whose records the kernel writes into the parent event's
 * ring (perf_output_begin follows event->parent), so the engine reads every
 * switch of every worker from these rings, with no per-child setup race.
 * (A single inherited event with cpu = -1 cannot be mmapped: hence one per
 * CPU, which is also how `perf record` follows a workload.)
 */

#include "config.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>

#include "forkline-sched-private.h"

#define DATA_PAGES 64    /* per CPU: 256 KiB, ~8000 switch records: read every 5 ms */

typedef struct
{
  guint32 pid;
  guint32 tid;
  guint64 time;
  guint32 cpu;
  guint32 res;
} SampleId;

static int
perf_event_open (struct perf_event_attr *attr,
                 pid_t                   pid,
                 int                     cpu)
{
  return (int) syscall (SYS_perf_event_open, attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

FlSched *
fl_sched_perf_new (pid_t    main_pid,
                   gint64   run_start_ns,
                   GError **error)
{
  FlSched *self = g_new0 (FlSched, 1);
  long page = sysconf (_SC_PAGESIZE);
  int n_cpus = (int) sysconf (_SC_NPROCESSORS_CONF);

  self->method = FORKLINE_METHOD_PERF_SWITCH;
  self->run_start_ns = run_start_ns;
  self->last_record_ns = g_new0 (gint64, MAX (n_cpus, 1));
  self->pids = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->n_cpus = MAX (n_cpus, 1);
  self->fds = g_new (int, self->n_cpus);
  self->rings = g_new0 (guint8 *, self->n_cpus);
  self->ring_len = (gsize) page * (1 + DATA_PAGES);

  for (int cpu = 0; cpu < self->n_cpus; cpu++)
    self->fds[cpu] = -1;

  for (int cpu = 0; cpu < self->n_cpus; cpu++)
    {
      struct perf_event_attr attr;
      void *ring;
      int fd;

      memset (&attr, 0, sizeof attr);
      attr.size = sizeof attr;
      attr.type = PERF_TYPE_SOFTWARE;
      attr.config = PERF_COUNT_SW_DUMMY;
      attr.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU;
      attr.sample_id_all = 1;
      attr.context_switch = 1;
      attr.inherit = 1;
      attr.use_clockid = 1;
      attr.clockid = CLOCK_MONOTONIC;
      attr.exclude_kernel = 1;
      attr.exclude_hv = 1;

      fd = perf_event_open (&attr, main_pid, cpu);
      if (fd < 0)
        {
          /* An offline CPU: nothing can run there. */
          if (errno == ENODEV && cpu > 0)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "perf_event_open refused (%s)", g_strerror (errno));
          fl_sched_free (self);
          return NULL;
        }
      self->fds[cpu] = fd;

      ring = mmap (NULL, self->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (ring == MAP_FAILED)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "mmap of the perf ring refused (%s)", g_strerror (errno));
          fl_sched_free (self);
          return NULL;
        }
      self->rings[cpu] = ring;
    }

  return self;
}

/* PERF_RECORD_LOST: the ring overflowed (the engine was starved for too
 * long) and the kernel counted what it dropped.  What happened on this CPU
 * since its previous record is unknown: a DATA_LOST record says so, and
 * the window draws "no data" there instead of an idle CPU. */
static void
emit_lost (FlSched         *self,
           int              cpu,
           const guint8    *rec,
           gint64           time_ns,
           FlSchedEmitFunc  emit,
           gpointer         user_data)
{
  ForklineEvent ev = { 0 };
  guint64 lost;
  gint64 since = MIN (self->last_record_ns[cpu], time_ns);

  /* struct { header; u64 id; u64 lost; sample_id } */
  memcpy (&lost, rec + sizeof (struct perf_event_header) + sizeof (guint64), sizeof lost);
  ev.type = FORKLINE_EV_DATA_LOST;
  /* at the end of the gap, when it is known (b reaches back) */
  ev.time_ns = (guint64) MAX (time_ns, 0);
  ev.pid = 0;
  ev.proc = -1;
  ev.cpu = (gint16) cpu;
  ev.a = (gint64) MIN (lost, (guint64) G_MAXINT64);
  ev.b = time_ns - MAX (since, 0);
  emit (&ev, user_data);

  if (!self->warned_lost)
    g_printerr ("forkline-engine: the kernel dropped context-switch records; "
                "the per-CPU picture has gaps\n");
  self->warned_lost = TRUE;
}

static void
read_ring (FlSched         *self,
           int              cpu,
           FlSchedEmitFunc  emit,
           gpointer         user_data)
{
  struct perf_event_mmap_page *meta = (void *) self->rings[cpu];
  const guint8 *data = self->rings[cpu] + meta->data_offset;
  guint64 size = meta->data_size;
  guint64 head = __atomic_load_n (&meta->data_head, __ATOMIC_ACQUIRE);
  guint64 tail = meta->data_tail;

  while (tail < head)
    {
      guint8 rec[256];
      struct perf_event_header hdr;
      guint64 off = tail % size;
      gint64 time_ns;
      SampleId id;

      /* A record may wrap around the end of the ring. */
      for (gsize i = 0; i < sizeof hdr; i++)
        ((guint8 *) &hdr)[i] = data[(off + i) % size];
      if (hdr.size < sizeof hdr)
        break;

      if (hdr.size > sizeof rec || hdr.size < sizeof hdr + sizeof (SampleId))
        {
          tail += hdr.size;
          continue;
        }
      for (gsize i = 0; i < hdr.size; i++)
        rec[i] = data[(off + i) % size];
      memcpy (&id, rec + hdr.size - sizeof id, sizeof id);
      time_ns = (gint64) id.time - self->run_start_ns;

      if (hdr.type == PERF_RECORD_SWITCH)
        {
          FlSchedPid *p = fl_sched_task_lookup (self, (pid_t) id.pid, (pid_t) id.tid);
          gboolean out = (hdr.misc & PERF_RECORD_MISC_SWITCH_OUT) != 0;
          /* Still runnable when it left (the kernel's TASK_RUNNING at
           * schedule()): preempted; else it went to sleep. */
          ForklineLeave leave = (hdr.misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT)
                                ? FORKLINE_LEAVE_PREEMPTED : FORKLINE_LEAVE_BLOCKED;

          /* An exited process's interval was already closed at its exit. */
          if (!p->exited)
            fl_sched_emit_switch (self, p, !out, time_ns, (gint16) id.cpu, leave, 0, emit, user_data);
        }
      else if (hdr.type == PERF_RECORD_LOST)
        emit_lost (self, cpu, rec, time_ns, emit, user_data);
      self->last_record_ns[cpu] = MAX (self->last_record_ns[cpu], time_ns);
      tail += hdr.size;
    }

  __atomic_store_n (&meta->data_tail, tail, __ATOMIC_RELEASE);
}

void
fl_sched_perf_poll (FlSched         *self,
                    FlSchedEmitFunc  emit,
                    gpointer         user_data)
{
  for (int cpu = 0; cpu < self->n_cpus; cpu++)
    if (self->rings[cpu] != NULL)
      read_ring (self, cpu, emit, user_data);
}

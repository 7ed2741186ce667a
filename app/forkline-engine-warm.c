/* forkline-engine-warm.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keeps the kernel's context-switch tracing switched on while the app is
 * open.  The first perf event with context_switch = 1 after none turns a
 * scheduler static key on, which waits for an RCU grace period: measured
 * here, a lesson's main process then waits 10-12 ms between its fork and
 * its first instruction; with one such event already open the gap is
 * 0.65 ms.  The app holds one on itself (it records nothing: no ring is
 * mapped), so every run starts warm.
 */

#include "config.h"

#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "forkline-engine-warm.h"

/* The event's fd, or -1 where the kernel refuses (the engine then samples
 * /proc, which has no such start-up cost). */
int
forkline_engine_warm_start (void)
{
  struct perf_event_attr attr;

  memset (&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_DUMMY;
  attr.context_switch = 1;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  return (int) syscall (SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

void
forkline_engine_warm_stop (int fd)
{
  if (fd >= 0)
    close (fd);
}

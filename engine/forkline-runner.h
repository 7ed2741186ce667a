/* forkline-runner.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "forkline-lessons.h"
#include "forkline-output.h"

G_BEGIN_DECLS

typedef struct
{
  FlLessonArgs  args;
  double        speed;
  double        timeout;      /* seconds of wall time */
  FlFormat      format;
  int           record_fd;    /* -1: none */
  int          *record_errno; /* set to why writing record_fd failed, or 0 */
  gboolean      force_proc;   /* use the /proc sampler even if perf works */
  /* A Python program instead of a C lesson (args.lesson then names it):
   * argv for execv, python3 first, then the tracer, the file, its args. */
  char        **script_argv;
} FlRunOptions;

/* Runs one lesson to its end; returns the engine's exit status. */
int fl_runner_run (const FlRunOptions *options);

G_END_DECLS

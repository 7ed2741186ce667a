/* cpu-count.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * import multiprocessing as mp; print(mp.cpu_count())
 */

#include "config.h"

#include "forkline-lessons.h"
#include "forkline-mp.h"

static void
cpu_count_main (const FlLessonArgs *args)
{
  fl_print ("%d", fl_cpu_count ());
}

/* The seed program's numbers are the defaults. */
const FlLesson fl_lesson_cpu_count = { "cpu-count", "How many CPUs?",
  "prints mp.cpu_count(); the CPU lanes show them",
  { { NULL } }, 0, cpu_count_main };

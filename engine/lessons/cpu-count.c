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

void
fl_lesson_cpu_count_main (const FlLessonArgs *args)
{
  fl_print ("%d", fl_cpu_count ());
}

/* forkline-renderer-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "forkline-renderer.h"

G_BEGIN_DECLS

/* The rows of a process lane, top to bottom (a height of 0: no such row). */
typedef struct
{
  double lock_y;
  double lock_h;
  double state_y;
  double state_h;
  double task_y;
  double task_h;
  double thread_y;     /* the first thread's row; each is thread_h high */
  double thread_h;
  guint  n_threads;
} ForklineProcRows;

gboolean _forkline_renderer_get_proc_rows (ForklineTrace      *trace,
                                           const ForklineView *view,
                                           guint               proc,
                                           ForklineProcRows   *out);


G_END_DECLS

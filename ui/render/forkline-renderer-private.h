/* forkline-renderer-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "forkline-renderer.h"

G_BEGIN_DECLS

/* Tests draw dense lanes both ways (time buckets, exact pyramid) and
 * compare; the default is TRUE. */
void _forkline_renderer_set_use_buckets (gboolean use);

/* The rows of a process lane, top to bottom (a height of 0: no such row). */
typedef struct
{
  double lock_y;
  double lock_h;
  double state_y;
  double state_h;
  double task_y;
  double task_h;
} ForklineProcRows;

gboolean _forkline_renderer_get_proc_rows (ForklineTrace      *trace,
                                           const ForklineView *view,
                                           guint               proc,
                                           ForklineProcRows   *out);

/* What the lanes drew, for tests that check nothing overlaps: text boxes
 * (kind TEXT, with the start of the text) and pool task boxes (kind
 * TASK_BOX), in view coordinates.  NULL stops logging. */
typedef enum
{
  FORKLINE_DRAWN_TEXT,
  FORKLINE_DRAWN_TASK_BOX,
} ForklineDrawnKind;

typedef struct
{
  ForklineDrawnKind kind;
  double            x;
  double            y;
  double            w;
  double            h;
  char              text[48];
} ForklineDrawnBox;

void _forkline_renderer_set_drawn_log (GArray *boxes);

G_END_DECLS

/* forkline-event-describe.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain words for one event of a trace: shared by the timeline's tooltip
 * and the console's details so both say the same thing.
 */

#pragma once

#include "forkline-trace.h"

G_BEGIN_DECLS

typedef struct
{
  char    *what;      /* "Put on the queue", "Waiting in join() for Process-1" */
  char    *process;   /* "Process-1 (pid 1234)" or NULL */
  char    *cpu;       /* "CPU 1" or NULL */
  char    *time;      /* "1.25 s" */
  char    *message;   /* the printed line, the item, the task argument … or NULL */
  char    *duration;  /* "in flight 1.5 s", "lasted 2 s", or NULL */
} ForklineEventDescription;

gboolean forkline_event_describe       (ForklineTrace            *trace,
                                        guint                     index,
                                        ForklineEventDescription *out);
void     forkline_event_description_clear (ForklineEventDescription *desc);
/* One paragraph for a tooltip; NULL if the index is not an event. */
char    *forkline_event_describe_text  (ForklineTrace            *trace,
                                        guint                     index);

G_END_DECLS

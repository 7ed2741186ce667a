/* flow-test-events.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds lesson-like event sequences in code, for the flow tests and the
 * flow demo (used until recorded fixtures exist).
 */

#pragma once

#include "forkline-trace.h"

G_BEGIN_DECLS

/* Appends one event; strings are copied by the trace. */
void           flow_test_event     (ForklineTrace *trace,
                                    guint64        time_ms,
                                    guint16        type,
                                    gint16         proc,
                                    guint32        object,
                                    gint64         a,
                                    gint64         b,
                                    gint64         c,
                                    guint64        msg_id,
                                    const char    *label,
                                    const char    *text);
void           flow_test_header    (ForklineTrace *trace,
                                    const char    *lesson);
void           flow_test_fork      (ForklineTrace *trace,
                                    guint64        time_ms,
                                    gint16         proc,
                                    gint16         parent,
                                    const char    *name);
void           flow_test_state     (ForklineTrace *trace,
                                    guint64        time_ms,
                                    gint16         proc,
                                    ForklineState  state,
                                    guint32        object,
                                    const char    *words);
void           flow_test_exit      (ForklineTrace *trace,
                                    guint64        time_ms,
                                    gint16         proc,
                                    gint           code);

/* Whole lessons, shaped like the engine's streams. */
ForklineTrace *flow_test_lesson_queue        (void);
ForklineTrace *flow_test_lesson_pipe         (void);
ForklineTrace *flow_test_lesson_shared_array (void);
ForklineTrace *flow_test_lesson_lock         (void);
ForklineTrace *flow_test_lesson_pool_map     (void);
/* By lesson id ("queue", "pipe", "shared-array", "lock", "pool-map"). */
ForklineTrace *flow_test_lesson              (const char *id);

G_END_DECLS

/* ui-test-fixtures.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small recorded-style stream with known contents ("queue-demo"), built
 * with the real encoder, for the model and renderer tests.
 */

#pragma once

#include "forkline-protocol.h"
#include "forkline-trace.h"

G_BEGIN_DECLS

#define US(x) ((guint64) (x) * 1000)

/* Times of the queue-demo scenario (ns). */
#define DEMO_CPU1_IN       US (100)
#define DEMO_CPU1_OUT      US (400)
#define DEMO_CPU0_IN       US (400)
#define DEMO_CPU0_OUT      US (700)
#define DEMO_PUT1          US (200)
#define DEMO_PUT2          US (250)
#define DEMO_GET1          US (450)
#define DEMO_FORK1         US (20)
#define DEMO_FORK2         US (30)
#define DEMO_EXIT1         US (800)
#define DEMO_EXIT2         US (810)
#define DEMO_END           US (1000)
#define DEMO_QUEUE_ID      7
#define DEMO_ARRAY_ID      8
#define DEMO_LOCK_ID       9
#define DEMO_POOL_ID       10

/* The encoded stream, magic included. */
GBytes *ui_test_demo_stream    (void);
/* Events of the stream, in order (label/text point to static strings). */
const ForklineEvent *ui_test_demo_events (guint *n_events);
/* Appends one event with no label or text (cpu -1: unknown). */
void ui_test_append (ForklineTrace *trace,
                     guint16        type,
                     guint64        time_ns,
                     gint32         pid,
                     gint16         proc,
                     gint16         cpu,
                     gint64         a,
                     gint64         b);

/* Appends a thread-start: thread @tid of process @pid is called @name. */
void ui_test_append_thread (ForklineTrace *trace,
                            guint64        time_ns,
                            gint32         pid,
                            gint32         tid,
                            const char    *name);

G_END_DECLS

/* export-test-trace.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small, known run encoded with the real protocol encoder, so export
 * tests know exactly what is where.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TEST_MAIN_PID     4101
#define TEST_CHILD_PID    4102
#define TEST_CHILD_CPU    1
#define TEST_MS           G_GUINT64_CONSTANT (1000000)

/* Worker Process-1 (proc 1) is running and on CPU 1 from 0.3 ms to
 * 1300 ms; CPU 1 is idle after that.  Main (proc 0) waits in get() from
 * 0.4 ms to 1000.05 ms.  Messages: queue "q" msg 7 put by proc 1 at
 * 1000 ms, got by proc 0 at 1000.05 ms; msg 8 put at 1100 ms, never
 * received; pipe "conn" msg 9 sent by proc 1 at 1200 ms, received by proc 0
 * at 1250 ms.  Main dispatches pool task sq(7) at 1260 ms, which the worker
 * runs from 1270 to 1290 ms, writing a[1] = 9 (was 3) at 1280 ms.  Main prints "got hello" at 1234.567891 ms.  The run ends at
 * 2000 ms. */
#define TEST_PRINT_NS     G_GUINT64_CONSTANT (1234567891)
#define TEST_END_NS       (2000 * TEST_MS)

/* The encoded stream; *record_ends (free with g_array_unref) receives the
 * offset just past each record, in order (the magic is not a record). */
GBytes *export_test_trace_bytes (GArray **record_ends);

/* Writes the stream to a new file in @dir and returns its path. */
char   *export_test_trace_write (const char *dir);

G_END_DECLS

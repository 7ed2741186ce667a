/* export-test-trace.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-protocol.h"

#include "export-test-trace.h"

typedef struct
{
  GByteArray *out;
  GArray     *ends;
} Builder;

static void
add (Builder     *b,
     guint16      type,
     guint64      time_ns,
     gint32       pid,
     gint16       proc,
     gint16       cpu,
     guint32      object,
     guint64      msg_id,
     gint64       a,
     gint64       bb,
     gint64       c,
     const char  *label,
     const char  *text)
{
  ForklineEvent ev = {
    .type = type, .time_ns = time_ns, .pid = pid, .proc = proc, .cpu = cpu,
    .object = object, .msg_id = msg_id, .a = a, .b = bb, .c = c,
    .label = label, .label_len = label != NULL ? strlen (label) : 0,
    .text = text, .text_len = text != NULL ? strlen (text) : 0,
  };
  guint8 buf[FORKLINE_MAX_RECORD];
  gsize n;

  if (type == FORKLINE_EV_PROC_FORK)
    ev.peer_pid = proc == 0 ? 4100 : TEST_MAIN_PID;

  n = forkline_event_encode (&ev, buf, sizeof buf);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <=, sizeof buf);
  g_byte_array_append (b->out, buf, n);
  g_array_append_val (b->ends, b->out->len);
}

#define M TEST_MS
#define MAIN TEST_MAIN_PID
#define CHILD TEST_CHILD_PID

GBytes *
export_test_trace_bytes (GArray **record_ends)
{
  Builder b = { g_byte_array_new (), g_array_new (FALSE, FALSE, sizeof (guint)) };
  guint8 magic[FORKLINE_MAGIC_LEN];

  g_byte_array_append (b.out, magic, forkline_magic_encode (magic, sizeof magic));

  add (&b, FORKLINE_EV_HEADER, 0, 0, -1, -1, 0, G_GUINT64_CONSTANT (1764000000000000000),
       FORKLINE_PROTOCOL_VERSION, 2, FORKLINE_METHOD_PERF_SWITCH, "queue", "items=2 \"quoted\"");
  add (&b, FORKLINE_EV_LESSON_BEGIN, 0, 0, -1, -1, 0, 0, 0, 0, 0, "queue", "Queue between processes");
  add (&b, FORKLINE_EV_PROC_FORK, 0, MAIN, 0, -1, 0, 0, -1, 0, 0, "main", NULL);
  add (&b, FORKLINE_EV_PROC_START, 1000, MAIN, 0, -1, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_STATE, 1000, MAIN, 0, -1, 0, 0, FORKLINE_STATE_RUNNING, 0, 0, "", NULL);
  add (&b, FORKLINE_EV_SWITCH_IN, 1000, MAIN, 0, 0, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_OBJECT_NEW, 100000, MAIN, 0, -1, 1, 0, FORKLINE_OBJECT_QUEUE, 0, 0, "q", NULL);
  add (&b, FORKLINE_EV_OBJECT_NEW, 150000, MAIN, 0, -1, 2, 0, FORKLINE_OBJECT_PIPE, 0, 0, "conn", NULL);
  add (&b, FORKLINE_EV_OBJECT_NEW, 160000, MAIN, 0, -1, 3, 0, FORKLINE_OBJECT_POOL, 1, 0, "Pool", NULL);
  add (&b, FORKLINE_EV_OBJECT_NEW, 170000, MAIN, 0, -1, 4, 0, FORKLINE_OBJECT_ARRAY, 2, 0, "a", "2,3");
  add (&b, FORKLINE_EV_PROC_FORK, 200000, CHILD, 1, -1, 0, 0, 0, 0, 0, "Process-1", NULL);
  add (&b, FORKLINE_EV_SWITCH_OUT, 250000, MAIN, 0, 0, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_PROC_START, 300000, CHILD, 1, -1, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_STATE, 300000, CHILD, 1, -1, 0, 0, FORKLINE_STATE_RUNNING, 0, 0, "", NULL);
  add (&b, FORKLINE_EV_SWITCH_IN, 300000, CHILD, 1, TEST_CHILD_CPU, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_STATE, 400000, MAIN, 0, -1, 1, 0, FORKLINE_STATE_WAIT_QUEUE, 0, 0,
       "blocked in get() on the queue", NULL);
  add (&b, FORKLINE_EV_QUEUE_PUT, 1000 * M, CHILD, 1, TEST_CHILD_CPU, 1, 7, 0, 0, 0, NULL, "hello");
  add (&b, FORKLINE_EV_SWITCH_IN, 1000 * M + 40000, MAIN, 0, 0, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_QUEUE_GET, 1000 * M + 50000, MAIN, 0, 0, 1, 7, 0, 0, 0, NULL, "hello");
  add (&b, FORKLINE_EV_STATE, 1000 * M + 50000, MAIN, 0, -1, 0, 0, FORKLINE_STATE_RUNNING, 0, 0, "", NULL);
  add (&b, FORKLINE_EV_QUEUE_PUT, 1100 * M, CHILD, 1, TEST_CHILD_CPU, 1, 8, 0, 0, 0, NULL, "never read\n\t\x01");
  add (&b, FORKLINE_EV_PIPE_SEND, 1200 * M, CHILD, 1, TEST_CHILD_CPU, 2, 9, 1, 0, 0, NULL, "ping");
  add (&b, FORKLINE_EV_PRINT, TEST_PRINT_NS, MAIN, 0, 0, 0, 0, 0, 0, 0, NULL, "got hello");
  add (&b, FORKLINE_EV_PIPE_RECV, 1250 * M, MAIN, 0, 0, 2, 9, 0, 0, 0, NULL, "ping");
  add (&b, FORKLINE_EV_TASK_DISPATCH, 1260 * M, MAIN, 0, 0, 3, 0, 0, 0, 1, "sq", "7");
  add (&b, FORKLINE_EV_TASK_START, 1270 * M, CHILD, 1, TEST_CHILD_CPU, 3, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_ARRAY_WRITE, 1280 * M, CHILD, 1, TEST_CHILD_CPU, 4, 0, 1, 3, 9, NULL, NULL);
  add (&b, FORKLINE_EV_TASK_FINISH, 1290 * M, CHILD, 1, TEST_CHILD_CPU, 3, 0, 0, 0, 0, NULL, "49");
  add (&b, FORKLINE_EV_STATE, 1300 * M, CHILD, 1, -1, 0, 0, FORKLINE_STATE_SLEEPING, 0, 0, "time.sleep(0.5)", NULL);
  add (&b, FORKLINE_EV_SWITCH_OUT, 1300 * M, CHILD, 1, TEST_CHILD_CPU, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_SWITCH_OUT, 1400 * M, MAIN, 0, 0, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_STATE, 1500 * M, MAIN, 0, -1, 0, 0, FORKLINE_STATE_WAIT_JOIN, 0, 0,
       "waiting in join() for Process-1", NULL);
  add (&b, FORKLINE_EV_PROC_EXIT, 1800 * M, CHILD, 1, -1, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_PROC_REAP, 1810 * M, CHILD, 1, -1, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_STATE, 1810 * M, MAIN, 0, -1, 0, 0, FORKLINE_STATE_RUNNING, 0, 0, "", NULL);
  add (&b, FORKLINE_EV_SWITCH_IN, 1810 * M, MAIN, 0, 0, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_SWITCH_OUT, 1990 * M, MAIN, 0, 0, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_PROC_EXIT, 2000 * M, MAIN, 0, -1, 0, 0, 0, 0, 0, NULL, NULL);
  add (&b, FORKLINE_EV_LESSON_END, TEST_END_NS, 0, -1, -1, 0, 0, FORKLINE_RESULT_OK, 0, 0, NULL, "done");

  if (record_ends != NULL)
    *record_ends = b.ends;
  else
    g_array_unref (b.ends);
  return g_byte_array_free_to_bytes (b.out);
}

char *
export_test_trace_write (const char *dir)
{
  g_autoptr(GBytes) bytes = export_test_trace_bytes (NULL);
  g_autofree char *path = g_build_filename (dir, "queue.forkline", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* ui-test-fixtures.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ui-test-fixtures.h"

#define E(...) { .proc = -1, .cpu = -1, __VA_ARGS__ }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"

static ForklineEvent demo[] = {
  E (.type = FORKLINE_EV_HEADER, .a = 1, .b = 2, .c = FORKLINE_METHOD_PERF_SWITCH,
     .msg_id = G_GUINT64_CONSTANT (1795000000000000000), .label = "queue", .text = "n=3"),
  E (.type = FORKLINE_EV_LESSON_BEGIN, .label = "queue", .text = "Passing messages through a Queue"),
  E (.type = FORKLINE_EV_PROC_FORK, .time_ns = 0, .pid = 100, .peer_pid = 99, .proc = 0, .a = -1, .label = "main"),
  E (.type = FORKLINE_EV_PROC_START, .time_ns = 0, .pid = 100, .proc = 0),
  E (.type = FORKLINE_EV_OBJECT_NEW, .time_ns = US (10), .pid = 100, .proc = 0, .object = DEMO_QUEUE_ID,
     .a = FORKLINE_OBJECT_QUEUE, .label = "q"),
  E (.type = FORKLINE_EV_OBJECT_NEW, .time_ns = US (12), .pid = 100, .proc = 0, .object = DEMO_ARRAY_ID,
     .a = FORKLINE_OBJECT_ARRAY, .b = 3, .label = "arr", .text = "0,0,0"),
  E (.type = FORKLINE_EV_OBJECT_NEW, .time_ns = US (13), .pid = 100, .proc = 0, .object = DEMO_LOCK_ID,
     .a = FORKLINE_OBJECT_LOCK, .label = "lock"),
  E (.type = FORKLINE_EV_OBJECT_NEW, .time_ns = US (14), .pid = 100, .proc = 0, .object = DEMO_POOL_ID,
     .a = FORKLINE_OBJECT_POOL, .b = 2, .label = "Pool"),
  E (.type = FORKLINE_EV_PROC_FORK, .time_ns = DEMO_FORK1, .pid = 101, .peer_pid = 100, .proc = 1, .a = 0,
     .label = "Process-1"),
  E (.type = FORKLINE_EV_PROC_START, .time_ns = US (25), .pid = 101, .proc = 1),
  E (.type = FORKLINE_EV_PROC_FORK, .time_ns = DEMO_FORK2, .pid = 102, .peer_pid = 100, .proc = 2, .a = 0,
     .label = "Process-2"),
  E (.type = FORKLINE_EV_PROC_START, .time_ns = US (35), .pid = 102, .proc = 2),
  E (.type = FORKLINE_EV_STATE, .time_ns = US (40), .pid = 100, .proc = 0, .a = FORKLINE_STATE_WAIT_JOIN,
     .peer_pid = 101, .label = "waiting in join() for Process-1"),
  E (.type = FORKLINE_EV_TASK_DISPATCH, .time_ns = US (50), .pid = 100, .proc = 0, .object = DEMO_POOL_ID,
     .a = 0, .b = 0, .c = 1, .label = "sq", .text = "87"),
  E (.type = FORKLINE_EV_SWITCH_IN, .time_ns = DEMO_CPU1_IN, .pid = 101, .cpu = 1),
  E (.type = FORKLINE_EV_STATE, .time_ns = US (120), .pid = 102, .proc = 2, .a = FORKLINE_STATE_WAIT_QUEUE,
     .object = DEMO_QUEUE_ID, .label = "blocked in get() on the queue"),
  E (.type = FORKLINE_EV_PRINT, .time_ns = US (150), .pid = 101, .proc = 1, .text = "hello from Process-1"),
  E (.type = FORKLINE_EV_QUEUE_PUT, .time_ns = DEMO_PUT1, .pid = 101, .proc = 1, .object = DEMO_QUEUE_ID,
     .msg_id = 1, .text = "42"),
  E (.type = FORKLINE_EV_QUEUE_PUT, .time_ns = DEMO_PUT2, .pid = 101, .proc = 1, .object = DEMO_QUEUE_ID,
     .msg_id = 2, .text = "43"),
  E (.type = FORKLINE_EV_ARRAY_WRITE, .time_ns = US (300), .pid = 101, .proc = 1, .object = DEMO_ARRAY_ID,
     .a = 1, .b = 0, .c = 5),
  E (.type = FORKLINE_EV_SWITCH_OUT, .time_ns = DEMO_CPU1_OUT, .pid = 101, .cpu = 1),
  E (.type = FORKLINE_EV_SWITCH_IN, .time_ns = DEMO_CPU0_IN, .pid = 102, .cpu = 0),
  E (.type = FORKLINE_EV_STATE, .time_ns = US (450), .pid = 102, .proc = 2, .a = FORKLINE_STATE_RUNNING),
  E (.type = FORKLINE_EV_QUEUE_GET, .time_ns = DEMO_GET1, .pid = 102, .proc = 2, .object = DEMO_QUEUE_ID,
     .msg_id = 1, .text = "42"),
  E (.type = FORKLINE_EV_TASK_START, .time_ns = US (460), .pid = 102, .proc = 2, .object = DEMO_POOL_ID,
     .a = 0, .b = 0),
  E (.type = FORKLINE_EV_TASK_FINISH, .time_ns = US (480), .pid = 102, .proc = 2, .object = DEMO_POOL_ID,
     .a = 0, .b = 0, .text = "7569"),
  E (.type = FORKLINE_EV_STATE, .time_ns = US (500), .pid = 101, .proc = 1, .a = FORKLINE_STATE_SLEEPING,
     .label = "sleeping in time.sleep(0.1)"),
  E (.type = FORKLINE_EV_LOCK_WAIT, .time_ns = US (600), .pid = 102, .proc = 2, .object = DEMO_LOCK_ID),
  E (.type = FORKLINE_EV_LOCK_ACQUIRE, .time_ns = US (610), .pid = 102, .proc = 2, .object = DEMO_LOCK_ID,
     .a = US (10)),
  E (.type = FORKLINE_EV_LOCK_RELEASE, .time_ns = US (650), .pid = 102, .proc = 2, .object = DEMO_LOCK_ID),
  E (.type = FORKLINE_EV_SWITCH_OUT, .time_ns = DEMO_CPU0_OUT, .pid = 102, .cpu = 0),
  E (.type = FORKLINE_EV_PROC_EXIT, .time_ns = DEMO_EXIT1, .pid = 101, .proc = 1, .a = 0, .b = 0),
  E (.type = FORKLINE_EV_PROC_EXIT, .time_ns = DEMO_EXIT2, .pid = 102, .proc = 2, .a = 0, .b = 15),
  E (.type = FORKLINE_EV_PROC_REAP, .time_ns = US (820), .pid = 101, .proc = 1, .peer_pid = 100),
  E (.type = FORKLINE_EV_PROC_REAP, .time_ns = US (830), .pid = 102, .proc = 2, .peer_pid = 100),
  E (.type = FORKLINE_EV_STATE, .time_ns = US (840), .pid = 100, .proc = 0, .a = FORKLINE_STATE_RUNNING),
  E (.type = FORKLINE_EV_PROC_EXIT, .time_ns = US (900), .pid = 100, .proc = 0, .a = 0),
  E (.type = FORKLINE_EV_LESSON_END, .time_ns = DEMO_END, .a = FORKLINE_RESULT_OK, .text = "1 message never received"),
};

#pragma GCC diagnostic pop

const ForklineEvent *
ui_test_demo_events (guint *n_events)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      if (demo[i].label == NULL)
        demo[i].label = "";
      if (demo[i].text == NULL)
        demo[i].text = "";
      demo[i].label_len = strlen (demo[i].label);
      demo[i].text_len = strlen (demo[i].text);
    }

  *n_events = G_N_ELEMENTS (demo);
  return demo;
}

GBytes *
ui_test_demo_stream (void)
{
  GByteArray *out = g_byte_array_new ();
  const ForklineEvent *events;
  guint8 buf[FORKLINE_MAX_RECORD];
  guint n;

  events = ui_test_demo_events (&n);
  g_byte_array_append (out, buf, forkline_magic_encode (buf, sizeof buf));
  for (guint i = 0; i < n; i++)
    {
      gsize len = forkline_event_encode (&events[i], buf, sizeof buf);

      g_assert_cmpuint (len, <=, sizeof buf);
      g_byte_array_append (out, buf, len);
    }

  return g_byte_array_free_to_bytes (out);
}

void
ui_test_append (ForklineTrace *trace,
                guint16        type,
                guint64        time_ns,
                gint32         pid,
                gint16         proc,
                gint16         cpu,
                gint64         a,
                gint64         b)
{
  ForklineEvent ev = { 0 };

  ev.type = type;
  ev.time_ns = time_ns;
  ev.pid = pid;
  ev.proc = proc;
  ev.cpu = cpu;
  ev.a = a;
  ev.b = b;
  ev.label = ev.text = "";
  forkline_trace_append (trace, &ev);
}

void
ui_test_append_thread (ForklineTrace *trace,
                       guint64        time_ns,
                       gint32         pid,
                       gint32         tid,
                       const char    *name)
{
  ForklineEvent ev = { 0 };

  ev.type = FORKLINE_EV_THREAD_START;
  ev.time_ns = time_ns;
  ev.pid = pid;
  ev.cpu = -1;
  ev.a = tid;
  ev.label = name;
  ev.label_len = strlen (name);
  ev.text = "";
  forkline_trace_append (trace, &ev);
}

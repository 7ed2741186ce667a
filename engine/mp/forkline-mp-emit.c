/* forkline-mp-emit.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a lesson process reports to the engine: each event is encoded on the
 * stack and written with ONE write() of at most PIPE_BUF bytes to a pipe
 * shared by every process of the run.  POSIX makes such writes atomic, so
 * events from concurrent processes never tear or interleave, with no lock
 * and no allocation (see engine/protocol/PROTOCOL.md for the measured cost).
 */

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "forkline-mp.h"
#include "forkline-mp-shm.h"
#include "forkline-ring-layout.h"

static FlShared *shared;
static int self_proc = -1;
static pid_t self_pid;          /* getpid() is a system call: asked once per process */

/* The run's rings (mapped by the engine before the first fork, inherited),
 * this process's slot in them (that of its number), and where its head
 * and the engine's tail last were.  NULL: the pipe. */
static guint8 *rings;
static guint8 *slot;
static guint64 slot_head;
static guint64 slot_tail;

gint64
fl_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

FlShared *
fl_shared_new (int    event_fd,
               double speed)
{
  shared = fl_shm_alloc (sizeof (FlShared));
  shared->run_start_ns = fl_now_ns ();
  shared->speed = speed;
  shared->event_fd = event_fd;
  shared->next_proc = 0;
  shared->next_object = 1;
  shared->next_msg_id = 1;
  return shared;
}

FlShared *
fl_shared_get (void)
{
  return shared;
}

void
fl_rings_use (guint8 *map)
{
  rings = map;
}

void
fl_self_set (int proc)
{
  self_proc = proc;
  self_pid = getpid ();
  /* numbers are never reused in a run: the slot is this process's alone */
  slot = rings != NULL && proc >= 0 && proc < FORKLINE_RING_SLOTS
         ? rings + (gsize) proc * FORKLINE_RING_SLOT_BYTES : NULL;
  slot_head = slot != NULL ? __atomic_load_n ((guint64 *) (slot + FORKLINE_RING_HEAD_OFFSET), __ATOMIC_RELAXED) : 0;
  slot_tail = slot_head;
}

/* Copies one whole record into the slot, then publishes it: the engine
 * reads the head with acquire, after which the bytes are there.  A full
 * ring waits for the engine (which stops taking only while its reader is
 * far behind: back-pressure, as a full pipe gives). */
static void
ring_write (const guint8 *record,
            gsize         len)
{
  guint8 *data = slot + FORKLINE_RING_HEADER_BYTES;
  gsize at, first;

  while (slot_head + len - slot_tail > FORKLINE_RING_DATA_BYTES)
    {
      struct timespec nap = { 0, 50000 };

      slot_tail = __atomic_load_n ((guint64 *) (slot + FORKLINE_RING_TAIL_OFFSET), __ATOMIC_ACQUIRE);
      if (slot_head + len - slot_tail > FORKLINE_RING_DATA_BYTES)
        nanosleep (&nap, NULL);
    }
  at = (gsize) (slot_head % FORKLINE_RING_DATA_BYTES);
  first = MIN (len, FORKLINE_RING_DATA_BYTES - at);
  memcpy (data + at, record, first);
  memcpy (data, record + first, len - first);
  slot_head += len;
  __atomic_store_n ((guint64 *) (slot + FORKLINE_RING_HEAD_OFFSET), slot_head, __ATOMIC_RELEASE);
}

int
fl_self_proc (void)
{
  return self_proc;
}

guint
fl_object_id_new (void)
{
  return (guint) g_atomic_int_add ((gint *) &shared->next_object, 1);
}

guint64
fl_msg_id_new (void)
{
  return __atomic_fetch_add (&shared->next_msg_id, 1, __ATOMIC_SEQ_CST);
}

int
fl_cpu_count (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);

  return n > 0 ? (int) n : 1;
}

void
fl_emit_event (ForklineEvent *event)
{
  guint8 buf[PIPE_BUF];
  gsize max_text;
  gsize len;

  if (shared == NULL)
    return;

  if (event->time_ns == 0)
    event->time_ns = (guint64) (fl_now_ns () - shared->run_start_ns);
  if (event->pid == 0)
    event->pid = self_pid != 0 ? self_pid : getpid ();

  /* Keep every record within PIPE_BUF so the write stays atomic. */
  if (event->label_len > 256)
    event->label_len = 256;
  max_text = sizeof buf - FORKLINE_FRAME_LEN - FORKLINE_BODY_FIXED_LEN - 8 - event->label_len;
  if (event->text_len > max_text)
    event->text_len = (guint32) max_text;

  len = forkline_event_encode (event, buf, sizeof buf);
  if (len == 0 || len > sizeof buf)
    return;
  if (slot != NULL)
    ring_write (buf, len);
  /* If the engine is gone, nobody will see anything we do. */
  else if (!fl_write_full (shared->event_fd, buf, len))
    _exit (1);
}

void
fl_emit (guint16     type,
         guint32     object,
         guint64     msg_id,
         gint64      a,
         gint64      b,
         gint64      c,
         const char *label,
         const char *text)
{
  ForklineEvent ev = { 0 };

  ev.type = type;
  ev.proc = (gint16) self_proc;
  ev.cpu = (gint16) sched_getcpu ();
  ev.object = object;
  ev.msg_id = msg_id;
  ev.a = a;
  ev.b = b;
  ev.c = c;
  ev.label = label;
  ev.label_len = label ? (guint32) strlen (label) : 0;
  ev.text = text;
  ev.text_len = text ? (guint32) strlen (text) : 0;
  fl_emit_event (&ev);
}

void
fl_emit_state (ForklineState  state,
               guint32        object,
               pid_t          peer_pid,
               const char    *label)
{
  ForklineEvent ev = { 0 };

  ev.type = FORKLINE_EV_STATE;
  ev.peer_pid = peer_pid;
  ev.proc = (gint16) self_proc;
  ev.cpu = (gint16) sched_getcpu ();
  ev.object = object;
  ev.a = state;
  ev.label = label;
  ev.label_len = label ? (guint32) strlen (label) : 0;
  fl_emit_event (&ev);
}

void
fl_print (const char *format,
          ...)
{
  char line[1024];
  va_list args;

  va_start (args, format);
  vsnprintf (line, sizeof line, format, args);
  va_end (args);
  fl_emit (FORKLINE_EV_PRINT, 0, 0, 0, 0, 0, NULL, line);
}

void
fl_sleep (double seconds)
{
  double scaled = seconds * (shared ? shared->speed : 1.0);
  struct timespec ts;
  char label[64];

  g_snprintf (label, sizeof label, "time.sleep(%g)", seconds);
  fl_emit_state (FORKLINE_STATE_SLEEPING, 0, 0, label);

  if (scaled > 0)
    {
      ts.tv_sec = (time_t) scaled;
      ts.tv_nsec = (long) ((scaled - (double) ts.tv_sec) * 1e9);
      while (nanosleep (&ts, &ts) < 0 && errno == EINTR)
        ;
    }

  fl_emit_state (FORKLINE_STATE_RUNNING, 0, 0, NULL);
}

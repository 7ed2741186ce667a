/* forkline-protocol.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wire format shared by forkline-engine (writer) and the app (reader).
 * The same bytes are the trace file format. See engine/protocol/PROTOCOL.md.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FORKLINE_MAGIC            "FORKLINE"
#define FORKLINE_MAGIC_LEN        8
#define FORKLINE_PROTOCOL_VERSION 1

/* Frame: u16 type, u16 flags, u32 body length (little endian), then the body.
 * Body: fixed part of FORKLINE_BODY_FIXED_LEN bytes, then u32 label_len, label,
 * u32 text_len, text.  A body longer than FORKLINE_MAX_BODY is damage. */
#define FORKLINE_FRAME_LEN        8
#define FORKLINE_BODY_FIXED_LEN   56
#define FORKLINE_MAX_BODY         (64 * 1024)
#define FORKLINE_MAX_RECORD       (FORKLINE_FRAME_LEN + FORKLINE_MAX_BODY)

typedef enum
{
  /* a = version, b = cpu count, c = ForklineMethod, msg_id = wall clock of
   * the run start (unix ns), label = lesson id, text = "k=v k=v" params */
  FORKLINE_EV_HEADER        = 1,
  FORKLINE_EV_LESSON_BEGIN  = 2,  /* label = lesson id, text = title */
  FORKLINE_EV_LESSON_END    = 3,  /* a = ForklineResult, text = summary */

  /* pid = child, peer_pid = parent, proc = child index, a = parent proc index,
   * label = name ("main", "Process-1", "PoolWorker-2") */
  FORKLINE_EV_PROC_FORK     = 10,
  FORKLINE_EV_PROC_START    = 11, /* begins running lesson code */
  FORKLINE_EV_PROC_EXIT     = 12, /* a = exit code, b = signal (0 none) */
  FORKLINE_EV_PROC_REAP     = 13, /* peer_pid = the reaper */
  /* a = ForklineState, object = what it waits on, peer_pid = joined pid,
   * label = the lesson's own words: "waiting in join() for Process-1" */
  FORKLINE_EV_STATE         = 14,

  /* from the kernel: pid switched in / out on cpu; flags bit 0 = sampled */
  FORKLINE_EV_SWITCH_IN     = 20,
  FORKLINE_EV_SWITCH_OUT    = 21,

  /* object = id, a = ForklineObjectKind, b = size (array cells, pool
   * workers), label = name, text = initial values for arrays ("2,3,6") */
  FORKLINE_EV_OBJECT_NEW    = 30,
  FORKLINE_EV_QUEUE_PUT     = 31, /* object, msg_id, text = item */
  FORKLINE_EV_QUEUE_GET     = 32, /* object, msg_id, text = item */
  FORKLINE_EV_QUEUE_EMPTY   = 33, /* object, a = 1 empty / 0 not */
  FORKLINE_EV_PIPE_SEND     = 34, /* object, a = end (0|1), msg_id, text */
  FORKLINE_EV_PIPE_RECV     = 35, /* object, a = end, msg_id, text */
  FORKLINE_EV_PIPE_CLOSE    = 36, /* object, a = end closed by pid */
  FORKLINE_EV_PIPE_EOF      = 37, /* object, a = end that saw EOF */
  /* object, a = end, b = 1 pid now holds a copy (created or inherited by
   * fork), 0 pid no longer holds it (closed or exited) */
  FORKLINE_EV_PIPE_HOLD     = 38,
  FORKLINE_EV_LOCK_WAIT     = 40, /* object */
  FORKLINE_EV_LOCK_ACQUIRE  = 41, /* object, a = ns spent waiting */
  FORKLINE_EV_LOCK_RELEASE  = 42, /* object */
  FORKLINE_EV_ARRAY_WRITE   = 45, /* object, a = cell, b = old, c = new */
  FORKLINE_EV_ARRAY_READ    = 46, /* object, a = cell, b = value read */
  /* object = pool, a = task index, b = chunk index, c = chunk size,
   * label = the mapped function ("square"), text = argument */
  FORKLINE_EV_TASK_DISPATCH = 50,
  FORKLINE_EV_TASK_START    = 51, /* object, a = task, b = chunk; proc = worker */
  FORKLINE_EV_TASK_FINISH   = 52, /* object, a = task, b = chunk, text = result */
  FORKLINE_EV_PRINT         = 60, /* text = the line, without newline */
  FORKLINE_EV_ERROR         = 61, /* text = plain-words message */
} ForklineEventType;

typedef enum
{
  FORKLINE_METHOD_NONE         = 0,
  FORKLINE_METHOD_PERF_SWITCH  = 1, /* exact: PERF_RECORD_SWITCH */
  FORKLINE_METHOD_PROC_SAMPLED = 2, /* /proc/PID/stat + schedstat at 1 kHz */
} ForklineMethod;

typedef enum
{
  FORKLINE_RESULT_OK          = 0,
  FORKLINE_RESULT_ERROR       = 1, /* a worker died, a pool broke … */
  FORKLINE_RESULT_TIMEOUT     = 2, /* --timeout ended it */
  FORKLINE_RESULT_INTERRUPTED = 3, /* SIGINT / SIGTERM / reader gone */
} ForklineResult;

typedef enum
{
  FORKLINE_STATE_RUNNING      = 0,
  FORKLINE_STATE_SLEEPING     = 1, /* time.sleep() */
  FORKLINE_STATE_WAIT_JOIN    = 2,
  FORKLINE_STATE_WAIT_QUEUE   = 3, /* blocked in get() */
  FORKLINE_STATE_WAIT_PIPE    = 4, /* blocked in recv() */
  FORKLINE_STATE_WAIT_LOCK    = 5,
  FORKLINE_STATE_WAIT_POOL    = 6, /* map() waiting for results */
  FORKLINE_STATE_WAIT_TASK    = 7, /* pool worker idle, waiting for a task */
  FORKLINE_STATE_EXITED       = 8,
  FORKLINE_N_STATES
} ForklineState;

typedef enum
{
  FORKLINE_OBJECT_QUEUE = 1,
  FORKLINE_OBJECT_PIPE  = 2,
  FORKLINE_OBJECT_LOCK  = 3,
  FORKLINE_OBJECT_ARRAY = 4,
  FORKLINE_OBJECT_POOL  = 5,
} ForklineObjectKind;

#define FORKLINE_FLAG_SAMPLED 0x1

/* One record, decoded.  label/text point into the decoder's buffer (valid
 * until the next call) or, for encoding, to the caller's strings; they are
 * not NUL-terminated on decode unless copied. */
typedef struct
{
  guint16     type;
  guint16     flags;
  guint64     time_ns;   /* CLOCK_MONOTONIC ns since the run began */
  gint32      pid;
  gint32      peer_pid;
  gint16      proc;      /* 0 = lesson main, 1.. children in fork order, -1 none */
  gint16      cpu;       /* -1 unknown */
  guint32     object;    /* 0 none */
  guint64     msg_id;    /* links put/send to get/recv; 0 none */
  gint64      a;
  gint64      b;
  gint64      c;
  const char *label;
  guint32     label_len;
  const char *text;
  guint32     text_len;
} ForklineEvent;

#define FORKLINE_PROTOCOL_ERROR (forkline_protocol_error_quark ())

typedef enum
{
  FORKLINE_PROTOCOL_ERROR_NOT_A_TRACE, /* bad magic: not a Forkline stream */
  FORKLINE_PROTOCOL_ERROR_VERSION,     /* newer major version */
  FORKLINE_PROTOCOL_ERROR_DAMAGED,     /* a record that cannot be read */
  FORKLINE_PROTOCOL_ERROR_TRUNCATED,   /* the stream ended inside a record */
} ForklineProtocolError;

GQuark       forkline_protocol_error_quark (void);

/* Encoding never allocates (safe in a just-forked worker).  Returns the
 * record's size; if it is larger than buf_len nothing is written. */
gsize        forkline_event_encode         (const ForklineEvent *event,
                                            guint8              *buf,
                                            gsize                buf_len);
/* Writes the 8 magic bytes; returns FORKLINE_MAGIC_LEN. */
gsize        forkline_magic_encode         (guint8              *buf,
                                            gsize                buf_len);
const char  *forkline_event_type_name      (guint16              type);
const char  *forkline_state_name           (ForklineState        state);

typedef struct _ForklineDecoder ForklineDecoder;

typedef enum
{
  FORKLINE_DECODE_EVENT,     /* *event is filled in */
  FORKLINE_DECODE_NEED_MORE, /* feed more bytes */
  FORKLINE_DECODE_ERROR,     /* damaged; error is set; stop reading */
} ForklineDecodeStatus;

ForklineDecoder     *forkline_decoder_new   (void);
void                 forkline_decoder_free  (ForklineDecoder  *self);
void                 forkline_decoder_feed  (ForklineDecoder  *self,
                                             const guint8     *data,
                                             gsize             len);
/* Unknown record types are skipped; the first record must be a HEADER. */
ForklineDecodeStatus forkline_decoder_next  (ForklineDecoder  *self,
                                             ForklineEvent    *event,
                                             GError          **error);
/* Call at end of input: FALSE with TRUNCATED if bytes of a record remain. */
gboolean             forkline_decoder_finish (ForklineDecoder *self,
                                              GError         **error);
guint64              forkline_decoder_offset (ForklineDecoder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ForklineDecoder, forkline_decoder_free)

G_END_DECLS

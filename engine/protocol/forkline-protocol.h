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

#include "forkline-event-kinds.h"

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
/* No run lasts a year: a record timed later than that after the run began
 * is damage (every later cost, a frame's buckets too, is bounded by it). */
#define FORKLINE_MAX_TIME_NS      (G_GUINT64_CONSTANT (365) * 24 * 3600 * 1000000000)


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

/* SWITCH_OUT's a: why the process left its CPU. */
typedef enum
{
  FORKLINE_LEAVE_UNKNOWN   = 0, /* not said (a stream from before it was) */
  FORKLINE_LEAVE_PREEMPTED = 1, /* still runnable: the CPU went to another task */
  FORKLINE_LEAVE_BLOCKED   = 2, /* it went to sleep: a timer, a pipe, a lock, a page */
  FORKLINE_LEAVE_EXITED    = 3, /* it ended */
  FORKLINE_N_LEAVES
} ForklineLeave;

#define FORKLINE_FLAG_SAMPLED 0x1

/* One record, decoded.  label/text point into the decoder's buffer (valid
 * until the next forkline_decoder_feed()) or, for encoding, to the caller's strings; they are
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

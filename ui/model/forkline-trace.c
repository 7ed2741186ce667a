/* forkline-trace.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-trace.h"
#include "forkline-trace-private.h"
#include "forkline-trace-extras-private.h"
#include "forkline-trace-lod-private.h"

/* One stored event.  Everything a context switch needs fits here; the rare
 * wide fields (a, b, c, msg_id, strings …) go to a varint side blob so the
 * common record stays at 16 bytes:
 *  - the time keeps its low 48 bits (78 hours); the high bits change
 *    almost never and live in self->time_epochs;
 *  - the pid is almost always the one first seen for the record's proc,
 *    so only a 2-bit mode is kept (other pids go to the side blob);
 *  - type and flags fit a byte each; anything wider goes to the blob. */
typedef struct
{
  guint32 time_lo;
  guint16 time_hi;
  guint8  type;
  guint8  bits;    /* REC_SAMPLED | REC_PID_* | REC_WIDE */
  gint16  proc;
  gint16  cpu;
  guint32 extra;   /* offset into extras, G_MAXUINT32 none */
} EventRecord;

G_STATIC_ASSERT (sizeof (EventRecord) == 16);

enum {
  REC_SAMPLED     = 1 << 0,   /* FORKLINE_FLAG_SAMPLED */
  REC_PID_MASK    = 3 << 1,
  REC_PID_ZERO    = 0 << 1,
  REC_PID_OF_PROC = 1 << 1,   /* self->proc_pids[proc] */
  REC_PID_EXTRA   = 2 << 1,   /* in the side blob */
  REC_WIDE        = 1 << 3,   /* type and flags in the side blob */
};

typedef struct
{
  guint32 first_index;
  guint32 high;          /* time_ns >> 48 */
} TimeEpoch;


typedef struct
{
  GArray *spans;   /* ForklineCpuSpan */
  ForklineLod lod;
  GArray *usage;   /* ForklineCpuUsage */
} CpuLane;

typedef struct
{
  GArray *spans;   /* ForklineStateRec */
  GArray *wide;    /* ForklineStateSpan, built on demand by get_states */
  ForklineLod lod;
  GArray *tasks;   /* guint32 task indices, in start order */
  GArray *prints;  /* guint32 indices into self->prints */
  GArray *writes;  /* guint32 indices into self->array_writes */
  GArray *locks;   /* guint32 indices into self->lock_holds */
  GArray *runs;    /* guint64: cpu << RUN_CPU_SHIFT | index into that CPU's spans, in time order */
  GArray *lines;   /* LineMark, in time order */
  GPtrArray *threads; /* ThreadLane, in start order */
} ProcLane;

typedef struct
{
  ForklineThread info;
  GArray *runs;    /* as ProcLane's */
} ThreadLane;

/* From @time_ns on, the process was at @line of the program (0: outside
 * the program's own code). */
typedef ForklineLineMark LineMark;

#define RUN_CPU_SHIFT 40

typedef struct
{
  guint64 time_ns;
  guint   depth;
} DepthChange;

typedef struct
{
  GArray *messages; /* guint32 indices into self->messages */
  GArray *depth;    /* DepthChange */
  guint   current;
} ChannelLane;

struct _ForklineTrace
{
  GObject              parent_instance;

  GArray              *events;        /* EventRecord */
  GArray              *time_epochs;   /* TimeEpoch, one in any sane run */
  GArray              *proc_pids;     /* gint32 by recorded proc: first pid seen, never changed */
  GByteArray          *extras;
  GStringChunk        *strings;
  GHashTable          *interned;
  gsize                strings_size;

  ForklineTraceHeader  header;
  ForklineLessonEnd    lesson_end;
  guint64              end_time;

  GArray              *processes;     /* ForklineProcess by proc */
  GPtrArray           *proc_lanes;    /* ProcLane* by proc */
  GHashTable          *pid_to_proc;
  GPtrArray           *cpu_lanes;     /* CpuLane* by cpu */

  GArray              *objects;       /* ForklineObject */
  GHashTable          *object_index;  /* id -> index + 1 */
  GArray              *messages;      /* ForklineMessage */
  GArray              *message_rows;  /* guint16 by message */
  GHashTable          *message_index; /* msg_id -> index + 1 */
  GHashTable          *channels;      /* id -> ChannelLane* */
  GArray              *channel_order; /* guint32 ids, first seen first */
  GArray              *prints;
  GArray              *array_writes;
  GArray              *lock_holds;
  GArray              *data_gaps;     /* ForklineDataGap */
  GArray              *tasks;
  GHashTable          *task_index;    /* (pool, task) -> index + 1 */
  GArray              *errors;
  GString             *source;        /* the program as it ran, NULL if none came */
  const char          *source_file;
  gsize                source_length;  /* the whole source's bytes, as told */

  ForklineDecoder     *decoder;
  GError              *stream_error;

  guint                batch_depth;
  guint                batch_dirty : 1;
};

G_DEFINE_FINAL_TYPE (ForklineTrace, forkline_trace, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define MAX_PROCS 4096
#define MAX_CPUS  1024
#define MAX_SOURCE_BYTES (4 << 20)   /* a program's source, as the tracer caps it */
/* A data-lost record's gap is at most a day (its length is a field). */
#define MAX_GAP_NS (G_GUINT64_CONSTANT (86400) * 1000000000)

static void
cpu_lane_free (gpointer data)
{
  CpuLane *lane = data;

  g_array_unref (lane->spans);
  g_array_unref (lane->usage);
  _forkline_lod_clear (&lane->lod);
  g_free (lane);
}

static void
thread_lane_free (gpointer data)
{
  ThreadLane *lane = data;

  g_array_unref (lane->runs);
  g_free (lane);
}

static void
proc_lane_free (gpointer data)
{
  ProcLane *lane = data;

  g_array_unref (lane->spans);
  g_clear_pointer (&lane->wide, g_array_unref);
  g_array_unref (lane->tasks);
  g_array_unref (lane->prints);
  g_array_unref (lane->writes);
  g_array_unref (lane->locks);
  g_array_unref (lane->runs);
  g_array_unref (lane->lines);
  g_ptr_array_unref (lane->threads);
  _forkline_lod_clear (&lane->lod);
  g_free (lane);
}

static void
channel_lane_free (gpointer data)
{
  ChannelLane *lane = data;

  g_array_unref (lane->messages);
  g_array_unref (lane->depth);
  g_free (lane);
}

static void
forkline_trace_finalize (GObject *object)
{
  ForklineTrace *self = (ForklineTrace *)object;

  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->time_epochs, g_array_unref);
  g_clear_pointer (&self->proc_pids, g_array_unref);
  g_clear_pointer (&self->extras, g_byte_array_unref);
  g_clear_pointer (&self->interned, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->processes, g_array_unref);
  g_clear_pointer (&self->proc_lanes, g_ptr_array_unref);
  g_clear_pointer (&self->pid_to_proc, g_hash_table_unref);
  g_clear_pointer (&self->cpu_lanes, g_ptr_array_unref);
  g_clear_pointer (&self->objects, g_array_unref);
  g_clear_pointer (&self->object_index, g_hash_table_unref);
  g_clear_pointer (&self->messages, g_array_unref);
  g_clear_pointer (&self->message_rows, g_array_unref);
  g_clear_pointer (&self->message_index, g_hash_table_unref);
  g_clear_pointer (&self->channels, g_hash_table_unref);
  g_clear_pointer (&self->channel_order, g_array_unref);
  g_clear_pointer (&self->prints, g_array_unref);
  g_clear_pointer (&self->array_writes, g_array_unref);
  g_clear_pointer (&self->lock_holds, g_array_unref);
  g_clear_pointer (&self->data_gaps, g_array_unref);
  g_clear_pointer (&self->tasks, g_array_unref);
  g_clear_pointer (&self->task_index, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_array_unref);
  if (self->source != NULL)
    g_string_free (g_steal_pointer (&self->source), TRUE);
  g_clear_pointer (&self->decoder, forkline_decoder_free);
  g_clear_error (&self->stream_error);

  G_OBJECT_CLASS (forkline_trace_parent_class)->finalize (object);
}

static void
forkline_trace_class_init (ForklineTraceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = forkline_trace_finalize;

  /**
   * ForklineTrace::changed:
   *
   * Emitted after events were appended (once per batch).
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
forkline_trace_init (ForklineTrace *self)
{
  self->events = g_array_new (FALSE, FALSE, sizeof (EventRecord));
  self->time_epochs = g_array_new (FALSE, FALSE, sizeof (TimeEpoch));
  self->proc_pids = g_array_new (FALSE, TRUE, sizeof (gint32));
  self->extras = g_byte_array_new ();
  self->strings = g_string_chunk_new (64 * 1024);
  self->interned = g_hash_table_new (g_str_hash, g_str_equal);
  self->processes = g_array_new (FALSE, TRUE, sizeof (ForklineProcess));
  self->proc_lanes = g_ptr_array_new_with_free_func (proc_lane_free);
  self->pid_to_proc = g_hash_table_new (NULL, NULL);
  self->cpu_lanes = g_ptr_array_new_with_free_func (cpu_lane_free);
  self->objects = g_array_new (FALSE, TRUE, sizeof (ForklineObject));
  self->object_index = g_hash_table_new (NULL, NULL);
  self->messages = g_array_new (FALSE, TRUE, sizeof (ForklineMessage));
  self->message_rows = g_array_new (FALSE, TRUE, sizeof (guint16));
  self->message_index = g_hash_table_new (NULL, NULL);
  self->channels = g_hash_table_new_full (NULL, NULL, NULL, channel_lane_free);
  self->channel_order = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->prints = g_array_new (FALSE, TRUE, sizeof (ForklinePrint));
  self->array_writes = g_array_new (FALSE, TRUE, sizeof (ForklineArrayWrite));
  self->lock_holds = g_array_new (FALSE, TRUE, sizeof (ForklineLockHold));
  self->data_gaps = g_array_new (FALSE, FALSE, sizeof (ForklineDataGap));
  self->tasks = g_array_new (FALSE, TRUE, sizeof (ForklineTask));
  self->task_index = g_hash_table_new (NULL, NULL);
  self->errors = g_array_new (FALSE, TRUE, sizeof (ForklineError));

  self->header.lesson_id = "";
  self->header.params = "";
  self->header.title = "";
  self->lesson_end.summary = "";
  self->lesson_end.event = FORKLINE_NO_EVENT;
}

ForklineTrace *
forkline_trace_new (void)
{
  return g_object_new (FORKLINE_TYPE_TRACE, NULL);
}

ForklineTrace *
forkline_trace_new_from_file (const char  *path,
                              GError     **error)
{
  ForklineTrace *self = forkline_trace_new ();

  forkline_trace_load_file (self, path, error);
  return self;
}

/* ------------------------------------------------------------------ */
/* Strings                                                             */

/* Labels and short texts repeat a lot ("waiting in join() for …", "87"),
 * so they are stored once. */
static const char *
intern (ForklineTrace *self,
        const char    *str,
        guint32        len)
{
  char buf[256];
  const char *found;
  const char *copy;

  if (str == NULL || len == 0)
    return "";

  /* Everything downstream (Pango, GTK labels, JSON export) needs UTF-8;
   * a garbled stream gets U+FFFD where its bytes were invalid. */
  if (!g_utf8_validate_len (str, len, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (str, len);

      return intern (self, valid, strlen (valid));
    }

  if (len >= sizeof buf)
    {
      self->strings_size += len + 1;
      return g_string_chunk_insert_len (self->strings, str, len);
    }

  memcpy (buf, str, len);
  buf[len] = 0;
  if ((found = g_hash_table_lookup (self->interned, buf)))
    return found;

  copy = g_string_chunk_insert_len (self->strings, buf, len);
  g_hash_table_add (self->interned, (gpointer) copy);
  self->strings_size += len + 1 + 2 * sizeof (gpointer);
  return copy;
}

/* ------------------------------------------------------------------ */
/* Lanes                                                               */

static CpuLane *
ensure_cpu (ForklineTrace *self,
            gint           cpu)
{
  if (cpu < 0 || cpu >= MAX_CPUS)
    return NULL;

  while (self->cpu_lanes->len <= (guint) cpu)
    {
      CpuLane *lane = g_new0 (CpuLane, 1);

      lane->spans = g_array_new (FALSE, FALSE, sizeof (ForklineCpuSpan));
      lane->usage = g_array_new (FALSE, FALSE, sizeof (ForklineCpuUsage));
      g_ptr_array_add (self->cpu_lanes, lane);
    }

  return g_ptr_array_index (self->cpu_lanes, cpu);
}

static ForklineProcess *
ensure_process (ForklineTrace *self,
                gint           proc)
{
  if (proc < 0 || proc >= MAX_PROCS)
    return NULL;

  while (self->processes->len <= (guint) proc)
    {
      ForklineProcess p = { 0 };
      ProcLane *lane = g_new0 (ProcLane, 1);

      p.proc = self->processes->len;
      p.parent_proc = -1;
      p.name = "";
      p.fork_ns = p.start_ns = p.exit_ns = p.reap_ns = FORKLINE_TIME_OPEN;
      p.fork_event = p.exit_event = p.reap_event = FORKLINE_NO_EVENT;
      g_array_append_val (self->processes, p);

      lane->spans = g_array_new (FALSE, FALSE, sizeof (ForklineStateRec));
      lane->tasks = g_array_new (FALSE, FALSE, sizeof (guint32));
      lane->prints = g_array_new (FALSE, FALSE, sizeof (guint32));
      lane->writes = g_array_new (FALSE, FALSE, sizeof (guint32));
      lane->locks = g_array_new (FALSE, FALSE, sizeof (guint32));
      lane->runs = g_array_new (FALSE, FALSE, sizeof (guint64));
      lane->lines = g_array_new (FALSE, FALSE, sizeof (LineMark));
      lane->threads = g_ptr_array_new_with_free_func (thread_lane_free);
      g_ptr_array_add (self->proc_lanes, lane);
    }

  return &g_array_index (self->processes, ForklineProcess, proc);
}

static void
register_pid (ForklineTrace *self,
              gint32         pid,
              gint           proc)
{
  ForklineProcess *p;

  if (pid <= 0 || !(p = ensure_process (self, proc)))
    return;
  if (p->pid == 0)
    p->pid = pid;
  g_hash_table_insert (self->pid_to_proc, GINT_TO_POINTER (pid), GINT_TO_POINTER (proc + 1));
}

static void
push_state (ForklineTrace *self,
            gint           proc,
            guint64        time_ns,
            ForklineState  state,
            guint32        event)
{
  ProcLane *lane;
  ForklineStateRec span = { 0 };

  if (!ensure_process (self, proc))
    return;
  lane = g_ptr_array_index (self->proc_lanes, proc);

  if (lane->spans->len > 0)
    {
      ForklineStateRec *last = &g_array_index (lane->spans, ForklineStateRec, lane->spans->len - 1);

      /* Nothing comes after exit: a late state is noise. */
      if (last->state == FORKLINE_STATE_EXITED)
        return;
      /* Times only grow (append keeps the list sorted), so the previous
       * span ends exactly here. */
      time_ns = MAX (time_ns, last->start_ns);
    }

  /* label and object stay in the STATE event, read back from it */
  span.start_ns = time_ns;
  span.event = event;
  span.state = state;
  g_array_append_val (lane->spans, span);
}

#define MAX_THREADS 256   /* per process: more are one lane's worth of noise */

/* Thread @tid of @proc; created (named by its id until told) if @create. */
static ThreadLane *
thread_lookup (ForklineTrace *self,
               gint           proc,
               gint32         tid,
               gboolean       create)
{
  ProcLane *lane;
  ThreadLane *thread;

  if (tid <= 0 || !ensure_process (self, proc))
    return NULL;
  lane = g_ptr_array_index (self->proc_lanes, proc);
  for (guint i = 0; i < lane->threads->len; i++)
    if (((ThreadLane *) g_ptr_array_index (lane->threads, i))->info.tid == tid)
      return g_ptr_array_index (lane->threads, i);
  if (!create || lane->threads->len >= MAX_THREADS)
    return NULL;

  thread = g_new0 (ThreadLane, 1);
  thread->info.tid = tid;
  thread->info.name = "";
  thread->info.start_ns = thread->info.end_ns = FORKLINE_TIME_OPEN;
  thread->info.start_event = thread->info.end_event = FORKLINE_NO_EVENT;
  thread->runs = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_ptr_array_add (lane->threads, thread);
  return thread;
}

static void
cpu_switch_in (ForklineTrace *self,
               gint           cpu,
               gint32         pid,
               gint32         tid,
               gint           proc,
               gboolean       sampled,
               guint64        time_ns)
{
  CpuLane *lane = ensure_cpu (self, cpu);
  ForklineCpuSpan span;

  if (lane == NULL)
    return;

  if (lane->spans->len > 0)
    {
      ForklineCpuSpan *last = &g_array_index (lane->spans, ForklineCpuSpan, lane->spans->len - 1);

      /* A missed switch-out: the new occupant ends the old one. */
      if (last->end_ns == FORKLINE_TIME_OPEN)
        {
          if (last->pid == pid && last->tid == tid)
            return;
          last->end_ns = MAX (time_ns, last->start_ns);
        }
      time_ns = MAX (time_ns, last->end_ns);
    }

  span.start_ns = time_ns;
  span.end_ns = FORKLINE_TIME_OPEN;
  span.pid = pid;
  span.tid = tid;
  span.proc = proc;
  span.sampled = sampled;
  span.leave = FORKLINE_LEAVE_UNKNOWN;
  span.out_event = FORKLINE_NO_EVENT;
  g_array_append_val (lane->spans, span);
  /* the process's own lane shows its main thread; a thread's runs are its own */
  if (ensure_process (self, proc))
    {
      guint64 run = (guint64) cpu << RUN_CPU_SHIFT | (lane->spans->len - 1);
      ThreadLane *thread = thread_lookup (self, proc, tid, TRUE);

      if (tid == 0)
        g_array_append_val (((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->runs, run);
      else if (thread != NULL)
        g_array_append_val (thread->runs, run);
    }

  if ((guint) cpu >= self->header.n_cpus)
    self->header.n_cpus = cpu + 1;
}

static void
cpu_switch_out (ForklineTrace *self,
                gint           cpu,
                gint32         pid,
                gint32         tid,      /* -1: any thread of pid */
                ForklineLeave  leave,
                guint32        event,
                guint64        time_ns)
{
  CpuLane *lane = ensure_cpu (self, cpu);
  ForklineCpuSpan *last;

  if (lane == NULL || lane->spans->len == 0)
    return;

  last = &g_array_index (lane->spans, ForklineCpuSpan, lane->spans->len - 1);
  if (last->end_ns == FORKLINE_TIME_OPEN && last->pid == pid && (tid < 0 || last->tid == tid))
    {
      last->end_ns = MAX (time_ns, last->start_ns);
      last->leave = leave;
      last->out_event = event;
    }
}

static void
cpu_close_pid (ForklineTrace *self,
               gint32         pid,
               guint64        time_ns)
{
  for (guint cpu = 0; cpu < self->cpu_lanes->len; cpu++)
    cpu_switch_out (self, cpu, pid, -1, FORKLINE_LEAVE_EXITED, FORKLINE_NO_EVENT, time_ns);
}

static ChannelLane *
ensure_channel (ForklineTrace *self,
                guint32        object)
{
  ChannelLane *lane = g_hash_table_lookup (self->channels, GUINT_TO_POINTER (object));

  if (lane == NULL)
    {
      lane = g_new0 (ChannelLane, 1);
      lane->messages = g_array_new (FALSE, FALSE, sizeof (guint32));
      lane->depth = g_array_new (FALSE, FALSE, sizeof (DepthChange));
      g_hash_table_insert (self->channels, GUINT_TO_POINTER (object), lane);
      g_array_append_val (self->channel_order, object);
    }

  return lane;
}

static void
channel_depth (ChannelLane *lane,
               guint64      time_ns,
               gint         delta)
{
  DepthChange change;

  if (delta < 0 && lane->current == 0)
    return;
  lane->current += delta;
  change.time_ns = time_ns;
  change.depth = lane->current;
  g_array_append_val (lane->depth, change);
}

static ForklineMessage *
message_lookup (ForklineTrace *self,
                guint64        msg_id)
{
  guint idx;

  if (msg_id == 0)
    return NULL;
  idx = GPOINTER_TO_UINT (g_hash_table_lookup (self->message_index, GSIZE_TO_POINTER (msg_id)));
  if (idx == 0)
    return NULL;
  return &g_array_index (self->messages, ForklineMessage, idx - 1);
}

static ForklineMessage *
message_new (ForklineTrace *self,
             guint32        object,
             guint64        msg_id)
{
  ForklineMessage m = { 0 };
  ChannelLane *lane = ensure_channel (self, object);
  guint32 idx = self->messages->len;
  guint16 row = MIN (lane->current, G_MAXUINT16);

  m.msg_id = msg_id;
  m.object = object;
  m.put_ns = m.get_ns = FORKLINE_TIME_OPEN;
  m.put_event = m.get_event = FORKLINE_NO_EVENT;
  m.sender_proc = m.receiver_proc = -1;
  m.end = -1;
  m.text = "";
  g_array_append_val (self->messages, m);
  g_array_append_val (self->message_rows, row);
  g_array_append_val (lane->messages, idx);
  if (msg_id != 0)
    g_hash_table_insert (self->message_index, GSIZE_TO_POINTER (msg_id), GUINT_TO_POINTER (idx + 1));

  return &g_array_index (self->messages, ForklineMessage, idx);
}

static void
message_put (ForklineTrace       *self,
             const ForklineEvent *ev,
             gint                 proc,
             const char          *text,
             guint32              event,
             guint64              time_ns)
{
  ForklineMessage *m = message_lookup (self, ev->msg_id);
  const ForklineObject *obj = forkline_trace_lookup_object (self, ev->object);

  if (m == NULL || m->put_event != FORKLINE_NO_EVENT)
    m = message_new (self, ev->object, ev->msg_id);

  m->put_ns = time_ns;
  m->put_event = event;
  m->sender_proc = proc;
  m->text = text;
  m->kind = ev->type == FORKLINE_EV_PIPE_SEND ? FORKLINE_OBJECT_PIPE : FORKLINE_OBJECT_QUEUE;
  if (obj != NULL)
    m->kind = obj->kind;
  m->end = m->kind == FORKLINE_OBJECT_PIPE ? (gint8) ev->a : -1;

  channel_depth (ensure_channel (self, ev->object), time_ns, +1);
}

static void
message_get (ForklineTrace       *self,
             const ForklineEvent *ev,
             gint                 proc,
             const char          *text,
             guint32              event,
             guint64              time_ns)
{
  ForklineMessage *m = message_lookup (self, ev->msg_id);

  /* A get whose put we never saw still shows who received what. */
  if (m == NULL || m->get_event != FORKLINE_NO_EVENT)
    {
      m = message_new (self, ev->object, ev->msg_id);
      m->kind = ev->type == FORKLINE_EV_PIPE_RECV ? FORKLINE_OBJECT_PIPE : FORKLINE_OBJECT_QUEUE;
      m->text = text;
    }
  else
    channel_depth (ensure_channel (self, m->object), time_ns, -1);

  m->get_ns = time_ns;
  m->get_event = event;
  m->receiver_proc = proc;
}

static ForklineTask *
task_lookup (ForklineTrace *self,
             guint32        pool,
             gint64         task,
             gboolean       create)
{
  gsize key = ((gsize) pool << 40) ^ (gsize) (task & G_GINT64_CONSTANT (0xffffffffff));
  guint idx = GPOINTER_TO_UINT (g_hash_table_lookup (self->task_index, GSIZE_TO_POINTER (key)));
  ForklineTask t = { 0 };

  if (idx != 0)
    return &g_array_index (self->tasks, ForklineTask, idx - 1);
  if (!create)
    return NULL;

  t.pool = pool;
  t.task = task;
  t.dispatcher_proc = t.worker_proc = -1;
  t.dispatch_ns = t.start_ns = t.finish_ns = FORKLINE_TIME_OPEN;
  t.dispatch_event = t.start_event = t.finish_event = FORKLINE_NO_EVENT;
  t.argument = t.result = t.function = "";
  g_array_append_val (self->tasks, t);
  g_hash_table_insert (self->task_index, GSIZE_TO_POINTER (key), GUINT_TO_POINTER (self->tasks->len));

  return &g_array_index (self->tasks, ForklineTask, self->tasks->len - 1);
}

/* which: FORKLINE_PROC_INDEX_* */
static GArray *
proc_lane_index (ProcLane *lane,
                 guint     which)
{
  switch (which)
    {
    case FORKLINE_PROC_INDEX_TASKS:  return lane->tasks;
    case FORKLINE_PROC_INDEX_PRINTS: return lane->prints;
    case FORKLINE_PROC_INDEX_WRITES: return lane->writes;
    default:                         return lane->locks;
    }
}

static void
proc_index_add (ForklineTrace *self,
                gint           proc,
                guint          which,
                guint32        index)
{
  if (!ensure_process (self, proc))
    return;
  g_array_append_val (proc_lane_index (g_ptr_array_index (self->proc_lanes, proc), which), index);
}

/* HEADER, LESSON_BEGIN, LESSON_END: what the run is and how it ended. */
static void
apply_run_event (ForklineTrace       *self,
                 const ForklineEvent *ev,
                 gint                 proc,
                 const char          *label,
                 const char          *text,
                 guint32              idx,
                 guint64              t)
{
  switch ((ForklineEventType) ev->type)
    {
    case FORKLINE_EV_HEADER:
      self->header.has_header = TRUE;
      self->header.version = (guint) CLAMP (ev->a, 0, G_MAXUINT);
      self->header.n_cpus = MAX (self->header.n_cpus, (guint) CLAMP (ev->b, 0, MAX_CPUS));
      self->header.method = (ForklineMethod) CLAMP (ev->c, 0, 2);
      self->header.wall_clock_ns = ev->msg_id;
      self->header.lesson_id = label;
      self->header.params = text;
      for (guint cpu = 0; cpu < self->header.n_cpus; cpu++)
        ensure_cpu (self, cpu);
      break;

    case FORKLINE_EV_LESSON_BEGIN:
      if (*label && !*self->header.lesson_id)
        self->header.lesson_id = label;
      self->header.title = text;
      break;

    case FORKLINE_EV_LESSON_END:
      self->lesson_end.ended = TRUE;
      self->lesson_end.result = (ForklineResult) ev->a;
      self->lesson_end.time_ns = t;
      self->lesson_end.summary = text;
      self->lesson_end.event = idx;
      break;

    default:
      break;   /* a kind of this category with nothing to derive */
    }
}

/* PROC_FORK, PROC_START, PROC_EXIT, PROC_REAP: a process's life. */
static void
apply_process_event (ForklineTrace       *self,
                     const ForklineEvent *ev,
                     gint                 proc,
                     const char          *label,
                     guint32              idx,
                     guint64              t)
{
  ForklineProcess *p;

  if (!(p = ensure_process (self, proc)))
    return;

  switch ((ForklineEventType) ev->type)
    {
    case FORKLINE_EV_PROC_FORK:
      register_pid (self, ev->pid, proc);
      p->pid = ev->pid;
      p->parent_pid = ev->peer_pid;
      p->parent_proc = (gint16) CLAMP (ev->a, -1, MAX_PROCS);
      if (*label)
        p->name = label;
      p->fork_ns = t;
      p->fork_event = idx;
      break;

    case FORKLINE_EV_PROC_START:
      register_pid (self, ev->pid, proc);
      p->start_ns = t;
      if (*label && !*p->name)
        p->name = label;
      if (((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->spans->len == 0)
        push_state (self, proc, t, FORKLINE_STATE_RUNNING, idx);
      break;

    case FORKLINE_EV_PROC_EXIT:
      p->exit_ns = t;
      p->exit_code = (gint) ev->a;
      p->exit_signal = (gint) ev->b;
      p->exit_event = idx;
      push_state (self, proc, t, FORKLINE_STATE_EXITED, idx);
      cpu_close_pid (self, p->pid != 0 ? p->pid : ev->pid, t);
      break;

    case FORKLINE_EV_THREAD_START:
    case FORKLINE_EV_THREAD_END:
      {
        gint32 tid = ev->a > 0 && ev->a <= G_MAXINT32 && ev->a != ev->pid ? (gint32) ev->a : 0;
        ThreadLane *thread = thread_lookup (self, proc, tid, TRUE);

        if (thread == NULL)
          break;
        if (*label)
          thread->info.name = label;
        if (ev->type == FORKLINE_EV_THREAD_START)
          thread->info.start_ns = t, thread->info.start_event = idx;
        else
          thread->info.end_ns = t, thread->info.end_event = idx;
      }
      break;

    case FORKLINE_EV_PROC_REAP:
      p->reap_ns = t;
      p->reaper_pid = ev->peer_pid;
      p->reap_event = idx;
      break;

    default:
      break;   /* a kind of this category with nothing to derive */
    }
}

static void
object_new (ForklineTrace       *self,
            const ForklineEvent *ev,
            gint                 proc,
            const char          *label,
            const char          *text,
            guint32              idx,
            guint64              t)
{
  ForklineObject o = { 0 };

  /* The first announcement wins; id 0 means no object. */
  if (ev->object == 0 || forkline_trace_lookup_object (self, ev->object) != NULL)
    return;

  o.id = ev->object;
  o.kind = (ForklineObjectKind) ev->a;
  o.size = ev->b;
  o.name = label;
  o.initial = text;
  o.created_ns = t;
  o.creator_proc = proc;
  o.event = idx;
  g_array_append_val (self->objects, o);
  g_hash_table_insert (self->object_index, GUINT_TO_POINTER (ev->object),
                       GUINT_TO_POINTER (self->objects->len));
  if (o.kind == FORKLINE_OBJECT_QUEUE || o.kind == FORKLINE_OBJECT_PIPE)
    ensure_channel (self, ev->object);
}

/* How far back a process's holds are searched for the one an acquire or
 * release continues: one per Lock it holds at once. */
#define LOCK_HOLD_SEARCH 8

/* The hold a lock event belongs to: the process's latest unreleased hold
 * of the same Lock, or a new one (a wait, or an acquire seen without its
 * wait); NULL for a release of nothing held (a cut or damaged stream). */
static ForklineLockHold *
lock_hold_for (ForklineTrace       *self,
               const ForklineEvent *ev,
               gint                 proc,
               guint64              t)
{
  ForklineLockHold hold = { 0 };
  GArray *locks;

  if (!ensure_process (self, proc))
    return NULL;
  locks = ((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->locks;
  for (guint k = locks->len; ev->type != FORKLINE_EV_LOCK_WAIT && k > 0 && locks->len - k < LOCK_HOLD_SEARCH; k--)
    {
      ForklineLockHold *open = &g_array_index (self->lock_holds, ForklineLockHold,
                                               g_array_index (locks, guint32, k - 1));

      if (open->object == ev->object && open->release_ns == FORKLINE_TIME_OPEN &&
          (ev->type == FORKLINE_EV_LOCK_RELEASE || open->acquire_ns == FORKLINE_TIME_OPEN))
        return open;
    }
  if (ev->type == FORKLINE_EV_LOCK_RELEASE)
    return NULL;

  hold.wait_ns = t;
  hold.acquire_ns = FORKLINE_TIME_OPEN;
  hold.release_ns = FORKLINE_TIME_OPEN;
  hold.object = ev->object;
  hold.wait_event = hold.acquire_event = hold.release_event = FORKLINE_NO_EVENT;
  hold.proc = proc;
  g_array_append_val (self->lock_holds, hold);
  proc_index_add (self, proc, FORKLINE_PROC_INDEX_LOCKS, self->lock_holds->len - 1);
  return &g_array_index (self->lock_holds, ForklineLockHold, self->lock_holds->len - 1);
}

static void
array_write_add (ForklineTrace       *self,
                 const ForklineEvent *ev,
                 gint                 proc,
                 guint32              idx,
                 guint64              t)
{
  ForklineArrayWrite w = { 0 };

  w.time_ns = t;
  w.cell = ev->a;
  w.old_value = ev->b;
  w.new_value = ev->c;
  w.object = ev->object;
  w.event = idx;
  w.proc = proc;
  g_array_append_val (self->array_writes, w);
  proc_index_add (self, proc, FORKLINE_PROC_INDEX_WRITES, self->array_writes->len - 1);
}

/* TASK_DISPATCH, TASK_START, TASK_FINISH: a pool task, whichever of its
 * events comes first creates it. */
static void
apply_task_event (ForklineTrace       *self,
                  const ForklineEvent *ev,
                  gint                 proc,
                  const char          *label,
                  const char          *text,
                  guint32              idx,
                  guint64              t)
{
  ForklineTask *task = task_lookup (self, ev->object, ev->a, TRUE);

  switch ((ForklineEventType) ev->type)
    {
    case FORKLINE_EV_TASK_DISPATCH:
      task->chunk = ev->b;
      task->chunk_size = ev->c;
      task->dispatcher_proc = proc;
      task->dispatch_ns = t;
      task->dispatch_event = idx;
      task->argument = text;
      task->function = label;
      break;

    case FORKLINE_EV_TASK_START:
      task->chunk = ev->b;
      task->worker_proc = proc;
      task->start_ns = t;
      task->start_event = idx;
      proc_index_add (self, proc, FORKLINE_PROC_INDEX_TASKS,
                      task - (ForklineTask *) (gpointer) self->tasks->data);
      break;

    case FORKLINE_EV_TASK_FINISH:
      if (task->worker_proc < 0)
        task->worker_proc = proc;
      task->finish_ns = t;
      task->finish_event = idx;
      task->result = text;
      break;

    default:
      break;   /* a kind of this category with nothing to derive */
    }
}

static void
apply_state_event (ForklineTrace       *self,
                   const ForklineEvent *ev,
                   gint                 proc,
                   const char          *label,
                   const char          *text,
                   guint32              idx,
                   guint64              t)
{
  if ((guint64) ev->a < FORKLINE_N_STATES)
    push_state (self, proc, t, (ForklineState) ev->a, idx);
}

/* DATA_LOST: the kernel dropped a CPU's records; b is how long the gap was
 * (bounded: a damaged b must not make a gap longer than the run can be). */
static void
data_gap_add (ForklineTrace       *self,
              const ForklineEvent *ev,
              guint64              t)
{
  ForklineDataGap gap;
  guint64 span = (guint64) CLAMP (ev->b, 0, (gint64) MAX_GAP_NS);

  if (ev->cpu < 0 || ensure_cpu (self, ev->cpu) == NULL)
    return;
  /* the record comes at the gap's end, b reaches back */
  gap.start_ns = t - MIN (span, t);
  gap.end_ns = t;
  gap.n_lost = (guint64) MAX (ev->a, 0);
  gap.cpu = ev->cpu;
  g_array_append_val (self->data_gaps, gap);
}

/* CPU_USAGE: other programs' and the host's share of a CPU over c ns
 * (bounded like a data gap; shares never exceed the span). */
static void
cpu_usage_add (ForklineTrace       *self,
               const ForklineEvent *ev,
               guint64              t)
{
  CpuLane *lane = ev->cpu >= 0 ? ensure_cpu (self, ev->cpu) : NULL;
  ForklineCpuUsage usage;
  guint64 span = (guint64) CLAMP (ev->c, 0, (gint64) MAX_GAP_NS);

  if (lane == NULL || span == 0)
    return;
  /* the record comes at the sample's end, c reaches back */
  usage.start_ns = t - MIN (span, t);
  usage.end_ns = t;
  usage.other_ns = (guint64) CLAMP (ev->a, 0, (gint64) span);
  usage.steal_ns = (guint64) CLAMP (ev->b, 0, (gint64) span);
  g_array_append_val (lane->usage, usage);
}

/* A switch's thread: 0 (the main thread) unless a thread's own id. */
static gint32
thread_id (const ForklineEvent *ev)
{
  return ev->b > 0 && ev->b <= G_MAXINT32 && ev->b != ev->pid ? (gint32) ev->b : 0;
}

static void
apply_kernel_event (ForklineTrace       *self,
                    const ForklineEvent *ev,
                    gint                 proc,
                    const char          *label,
                    const char          *text,
                    guint32              idx,
                    guint64              t)
{
  const ForklineEventKind *kind = forkline_event_kind (ev->type);

  if (kind->role == FORKLINE_ROLE_BEGIN)
    cpu_switch_in (self, ev->cpu, ev->pid, thread_id (ev), proc, (ev->flags & FORKLINE_FLAG_SAMPLED) != 0, t);
  else if (kind->role == FORKLINE_ROLE_END)
    cpu_switch_out (self, ev->cpu, ev->pid, thread_id (ev),
                    ev->a > 0 && ev->a < FORKLINE_N_LEAVES ? (ForklineLeave) ev->a : FORKLINE_LEAVE_UNKNOWN,
                    idx, t);
  else if (ev->type == FORKLINE_EV_DATA_LOST)
    data_gap_add (self, ev, t);
  else if (ev->type == FORKLINE_EV_CPU_USAGE)
    cpu_usage_add (self, ev, t);
}

static void
apply_object_event (ForklineTrace       *self,
                    const ForklineEvent *ev,
                    gint                 proc,
                    const char          *label,
                    const char          *text,
                    guint32              idx,
                    guint64              t)
{
  object_new (self, ev, proc, label, text, idx, t);
}

/* Queues and pipes: what a kind's role says about its message. */
static void
apply_channel_event (ForklineTrace       *self,
                     const ForklineEvent *ev,
                     gint                 proc,
                     const char          *label,
                     const char          *text,
                     guint32              idx,
                     guint64              t)
{
  switch (forkline_event_kind (ev->type)->role)
    {
    case FORKLINE_ROLE_SEND:
      message_put (self, ev, proc, text, idx, t);
      break;
    case FORKLINE_ROLE_RECEIVE:
      message_get (self, ev, proc, text, idx, t);
      break;
    default:
      break;
    }
}

/* LOCK_WAIT, LOCK_ACQUIRE, LOCK_RELEASE: one hold from wait to release. */
static void
apply_lock_event (ForklineTrace       *self,
                  const ForklineEvent *ev,
                  gint                 proc,
                  const char          *label,
                  const char          *text,
                  guint32              idx,
                  guint64              t)
{
  ForklineLockHold *hold = lock_hold_for (self, ev, proc, t);

  if (hold == NULL)
    return;

  switch ((ForklineEventType) ev->type)
    {
    case FORKLINE_EV_LOCK_WAIT:
      hold->wait_event = idx;
      break;
    case FORKLINE_EV_LOCK_ACQUIRE:
      hold->acquire_ns = t;
      hold->acquire_event = idx;
      hold->waited_ns = ev->a;
      break;
    case FORKLINE_EV_LOCK_RELEASE:
      hold->release_ns = t;
      hold->release_event = idx;
      break;
    default:
      break;
    }
}

static void
apply_array_event (ForklineTrace       *self,
                   const ForklineEvent *ev,
                   gint                 proc,
                   const char          *label,
                   const char          *text,
                   guint32              idx,
                   guint64              t)
{
  /* Reads matter only to the flow diagram's lost-update check. */
  if (forkline_event_kind (ev->type)->role == FORKLINE_ROLE_END)
    array_write_add (self, ev, proc, idx, t);
}

static void
apply_print_event (ForklineTrace       *self,
                   const ForklineEvent *ev,
                   gint                 proc,
                   const char          *label,
                   const char          *text,
                   guint32              idx,
                   guint64              t)
{
  ForklinePrint pr = { t, text, idx, proc };

  g_array_append_val (self->prints, pr);
  proc_index_add (self, proc, FORKLINE_PROC_INDEX_PRINTS, self->prints->len - 1);
}

static void
apply_error_event (ForklineTrace       *self,
                   const ForklineEvent *ev,
                   gint                 proc,
                   const char          *label,
                   const char          *text,
                   guint32              idx,
                   guint64              t)
{
  ForklineError er = { t, text, idx, proc };

  g_array_append_val (self->errors, er);
}

/* SOURCE arrives in pieces, each at its offset; LINE moves a process. */
static void
apply_code_event (ForklineTrace       *self,
                  const ForklineEvent *ev,
                  gint                 proc,
                  const char          *label,
                  const char          *text,
                  guint32              idx,
                  guint64              t)
{
  if (ev->type == FORKLINE_EV_SOURCE)
    {
      if (self->source == NULL)
        {
          self->source = g_string_new (NULL);
          self->source_file = label;
          self->source_length = (gsize) CLAMP (ev->b, 0, MAX_SOURCE_BYTES);
        }
      /* a piece out of place (a repeat, a gap) would garble the listing */
      if (ev->a == (gint64) self->source->len && ev->b <= MAX_SOURCE_BYTES)
        g_string_append (self->source, text);
    }
  else if (ev->type == FORKLINE_EV_LINE && ensure_process (self, proc))
    {
      GArray *lines = ((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->lines;
      LineMark mark = { t, (guint32) CLAMP (ev->a, 0, G_MAXINT32) };

      /* one process tells its lines in order; a line timed before the
       * last (a crafted file) counts from the last, keeping the array
       * sorted for get_line_at at no cost per record */
      if (lines->len > 0)
        mark.time_ns = MAX (mark.time_ns, g_array_index (lines, LineMark, lines->len - 1).time_ns);
      g_array_append_val (lines, mark);
    }
}

typedef void (*ApplyFunc) (ForklineTrace       *self,
                           const ForklineEvent *ev,
                           gint                 proc,
                           const char          *label,
                           const char          *text,
                           guint32              idx,
                           guint64              t);

static void
apply_process_event_cb (ForklineTrace       *self,
                        const ForklineEvent *ev,
                        gint                 proc,
                        const char          *label,
                        const char          *text,
                        guint32              idx,
                        guint64              t)
{
  apply_process_event (self, ev, proc, label, idx, t);
}

/* The table of event kinds says which part of the model takes an event. */
static const ApplyFunc apply_by_category[FORKLINE_N_CATEGORIES] = {
  [FORKLINE_CATEGORY_RUN]     = apply_run_event,
  [FORKLINE_CATEGORY_PROCESS] = apply_process_event_cb,
  [FORKLINE_CATEGORY_STATE]   = apply_state_event,
  [FORKLINE_CATEGORY_KERNEL]  = apply_kernel_event,
  [FORKLINE_CATEGORY_OBJECT]  = apply_object_event,
  [FORKLINE_CATEGORY_QUEUE]   = apply_channel_event,
  [FORKLINE_CATEGORY_PIPE]    = apply_channel_event,
  [FORKLINE_CATEGORY_LOCK]    = apply_lock_event,
  [FORKLINE_CATEGORY_ARRAY]   = apply_array_event,
  [FORKLINE_CATEGORY_POOL]    = apply_task_event,
  [FORKLINE_CATEGORY_PRINT]   = apply_print_event,
  [FORKLINE_CATEGORY_ERROR]   = apply_error_event,
  [FORKLINE_CATEGORY_CODE]    = apply_code_event,
};

static void
apply_event (ForklineTrace       *self,
             const ForklineEvent *ev,
             gint                 proc,
             const char          *label,
             const char          *text,
             guint32              idx,
             guint64              t)
{
  const ForklineEventKind *kind = forkline_event_kind (ev->type);

  /* A kind this build does not know is kept in the list, nothing more. */
  if (kind != NULL && apply_by_category[kind->category] != NULL)
    apply_by_category[kind->category] (self, ev, proc, label, text, idx, t);
}

/* How a record finds its pid again: the first pid ever recorded with its
 * proc is kept for good, so nearly every record needs none of its own. */
static guint8
record_pid_mode (ForklineTrace *self,
                 gint           proc,
                 gint32         pid)
{
  if (pid == 0)
    return REC_PID_ZERO;
  if (proc < 0 || proc >= MAX_PROCS)
    return REC_PID_EXTRA;
  if (self->proc_pids->len <= (guint) proc)
    g_array_set_size (self->proc_pids, proc + 1);
  if (g_array_index (self->proc_pids, gint32, proc) == 0)
    g_array_index (self->proc_pids, gint32, proc) = pid;
  return g_array_index (self->proc_pids, gint32, proc) == pid ? REC_PID_OF_PROC : REC_PID_EXTRA;
}

static inline guint64
record_time (ForklineTrace     *self,
             guint              index,
             const EventRecord *rec)
{
  guint64 low = (guint64) rec->time_hi << 32 | rec->time_lo;
  const TimeEpoch *epochs = (const TimeEpoch *) (gpointer) self->time_epochs->data;
  guint lo = 0, hi = self->time_epochs->len;

  if (G_LIKELY (hi == 1))
    return (guint64) epochs[0].high << 48 | low;

  /* last epoch starting at or before index */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (epochs[mid].first_index <= index)
        lo = mid;
      else
        hi = mid;
    }
  return (guint64) epochs[lo].high << 48 | low;
}

static void
emit_changed (ForklineTrace *self)
{
  if (self->batch_depth > 0)
    self->batch_dirty = TRUE;
  else
    g_signal_emit (self, signals[CHANGED], 0);
}

void
forkline_trace_begin_batch (ForklineTrace *self)
{
  g_return_if_fail (FORKLINE_IS_TRACE (self));

  self->batch_depth++;
}

void
forkline_trace_end_batch (ForklineTrace *self)
{
  g_return_if_fail (FORKLINE_IS_TRACE (self));
  g_return_if_fail (self->batch_depth > 0);

  if (--self->batch_depth == 0 && self->batch_dirty)
    {
      self->batch_dirty = FALSE;
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

void
forkline_trace_append (ForklineTrace       *self,
                       const ForklineEvent *event)
{
  EventRecord rec;
  const char *label;
  const char *text;
  guint64 time_ns;
  gint proc;
  guint32 idx;

  g_return_if_fail (FORKLINE_IS_TRACE (self));
  g_return_if_fail (event != NULL);

  if (self->events->len >= G_MAXUINT32 - 1)
    return;

  label = intern (self, event->label, event->label_len);
  text = intern (self, event->text, event->text_len);

  proc = event->proc;
  if (proc < 0 && event->pid > 0)
    proc = GPOINTER_TO_INT (g_hash_table_lookup (self->pid_to_proc, GINT_TO_POINTER (event->pid))) - 1;
  else if (proc >= 0 && event->pid > 0 && event->type != FORKLINE_EV_PROC_FORK &&
           !g_hash_table_contains (self->pid_to_proc, GINT_TO_POINTER (event->pid)))
    register_pid (self, event->pid, proc);

  /* Keep the list sorted so "state at time T" is a binary search; a time
   * past any run's (the decoder refuses those) is held at that bound. */
  time_ns = MAX (MIN (event->time_ns, FORKLINE_MAX_TIME_NS), self->end_time);
  idx = self->events->len;
  rec.time_lo = (guint32) time_ns;
  rec.time_hi = (guint16) (time_ns >> 32);
  if (self->time_epochs->len == 0 ||
      g_array_index (self->time_epochs, TimeEpoch, self->time_epochs->len - 1).high != (guint32) (time_ns >> 48))
    {
      TimeEpoch epoch = { idx, (guint32) (time_ns >> 48) };

      g_array_append_val (self->time_epochs, epoch);
    }
  /* As recorded, so a saved trace is byte for byte the stream it came
   * from; lanes use the resolved proc. */
  rec.proc = event->proc;
  rec.cpu = event->cpu;
  rec.bits = 0;
  if (event->type > G_MAXUINT8 || (event->flags & ~FORKLINE_FLAG_SAMPLED) != 0)
    rec.bits |= REC_WIDE;
  rec.type = (guint8) event->type;
  if (event->flags & FORKLINE_FLAG_SAMPLED)
    rec.bits |= REC_SAMPLED;
  rec.bits |= record_pid_mode (self, event->proc, event->pid);
  rec.extra = _forkline_trace_extras_store (self->extras, event, label, text,
                                           (rec.bits & REC_PID_MASK) == REC_PID_EXTRA,
                                           (rec.bits & REC_WIDE) != 0);

  g_array_append_val (self->events, rec);
  self->end_time = time_ns;

  apply_event (self, event, proc, label, text, idx, time_ns);
  emit_changed (self);
}

/* ------------------------------------------------------------------ */
/* Decoding                                                            */

/* Makes sure there is a decoder to feed, unless the stream already
 * failed: a broken stream stays broken, every later call reports the
 * first error. */
static gboolean
stream_ready (ForklineTrace  *self,
              GError        **error)
{
  if (self->stream_error != NULL)
    {
      if (error)
        *error = g_error_copy (self->stream_error);
      return FALSE;
    }

  if (self->decoder == NULL)
    self->decoder = forkline_decoder_new ();
  return TRUE;
}

/* Keeps a copy of the stream's error for later calls; returns FALSE. */
static gboolean
stream_fail (ForklineTrace  *self,
             GError         *local_error,
             GError        **error)
{
  self->stream_error = g_error_copy (local_error);
  g_propagate_error (error, local_error);
  return FALSE;
}

gboolean
forkline_trace_feed (ForklineTrace  *self,
                     const guint8   *data,
                     gsize           len,
                     GError        **error)
{
  ForklineEvent ev;
  g_autoptr(GError) local_error = NULL;
  ForklineDecodeStatus status;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), FALSE);

  if (!stream_ready (self, error))
    return FALSE;

  forkline_decoder_feed (self->decoder, data, len);

  forkline_trace_begin_batch (self);
  while ((status = forkline_decoder_next (self->decoder, &ev, &local_error)) == FORKLINE_DECODE_EVENT)
    forkline_trace_append (self, &ev);
  forkline_trace_end_batch (self);

  if (status == FORKLINE_DECODE_ERROR)
    return stream_fail (self, g_steal_pointer (&local_error), error);

  return TRUE;
}

gboolean
forkline_trace_finish_stream (ForklineTrace  *self,
                              GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), FALSE);

  if (!stream_ready (self, error))
    return FALSE;

  if (!forkline_decoder_finish (self->decoder, &local_error))
    return stream_fail (self, g_steal_pointer (&local_error), error);

  g_clear_pointer (&self->decoder, forkline_decoder_free);
  return TRUE;
}

const GError *
forkline_trace_get_stream_error (ForklineTrace *self)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);

  return self->stream_error;
}

/* ------------------------------------------------------------------ */
/* Getters                                                             */

const ForklineTraceHeader *
forkline_trace_get_header (ForklineTrace *self)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);

  return &self->header;
}

const ForklineLessonEnd *
forkline_trace_get_lesson_end (ForklineTrace *self)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);

  return &self->lesson_end;
}

guint64
forkline_trace_get_end_time (ForklineTrace *self)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  return self->end_time;
}

guint
forkline_trace_get_n_events (ForklineTrace *self)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  return self->events->len;
}

gboolean
forkline_trace_get_event (ForklineTrace *self,
                          guint          index,
                          ForklineEvent *out)
{
  const EventRecord *rec;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->label = out->text = "";
  if (index >= self->events->len)
    return FALSE;

  rec = &g_array_index (self->events, EventRecord, index);
  out->type = rec->type;
  out->flags = rec->bits & REC_SAMPLED ? FORKLINE_FLAG_SAMPLED : 0;
  out->time_ns = record_time (self, index, rec);
  out->proc = rec->proc;
  out->cpu = rec->cpu;
  if ((rec->bits & REC_PID_MASK) == REC_PID_OF_PROC)
    out->pid = g_array_index (self->proc_pids, gint32, rec->proc);
  /* PID_EXTRA and WIDE fields come from the blob */
  _forkline_trace_extras_load (self->extras, rec->extra, out);

  return TRUE;
}

guint64
forkline_trace_get_event_time (ForklineTrace *self,
                               guint          index)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  if (index >= self->events->len)
    return self->end_time;
  return record_time (self, index, &g_array_index (self->events, EventRecord, index));
}

guint
forkline_trace_count_events_until (ForklineTrace *self,
                                   guint64        time_ns)
{
  const EventRecord *recs;
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  recs = (const EventRecord *) (gpointer) self->events->data;
  hi = self->events->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (record_time (self, mid, &recs[mid]) <= time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

gint64
forkline_trace_find_event_at_time (ForklineTrace *self,
                                   guint64        time_ns)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), -1);

  return (gint64) forkline_trace_count_events_until (self, time_ns) - 1;
}

gsize
_forkline_trace_get_cache_size (ForklineTrace *self)
{
  gsize size = 0;

  for (guint i = 0; i < self->proc_lanes->len; i++)
    {
      ProcLane *lane = g_ptr_array_index (self->proc_lanes, i);

      size += _forkline_lod_get_cache_size (&lane->lod);
      if (lane->wide != NULL)
        size += lane->wide->len * sizeof (ForklineStateSpan);
    }
  for (guint i = 0; i < self->cpu_lanes->len; i++)
    size += _forkline_lod_get_cache_size (&((CpuLane *) g_ptr_array_index (self->cpu_lanes, i))->lod);
  return size;
}

gsize
_forkline_trace_get_event_list_size (ForklineTrace *self)
{
  return self->events->len * sizeof (EventRecord) + self->extras->len +
         self->time_epochs->len * sizeof (TimeEpoch) + self->proc_pids->len * sizeof (gint32);
}

gsize
forkline_trace_get_memory_size (ForklineTrace *self)
{
  GHashTableIter iter;
  gpointer value;
  gsize size;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  size = _forkline_trace_get_event_list_size (self) + self->strings_size;
  size += self->processes->len * (sizeof (ForklineProcess) + sizeof (ProcLane));
  for (guint i = 0; i < self->proc_lanes->len; i++)
    {
      ProcLane *lane = g_ptr_array_index (self->proc_lanes, i);

      size += lane->spans->len * sizeof (ForklineStateRec) + _forkline_lod_get_size (&lane->lod);
      size += (lane->tasks->len + lane->prints->len + lane->writes->len + lane->locks->len) * sizeof (guint32);
      size += lane->runs->len * sizeof (guint64) + lane->lines->len * sizeof (LineMark);
    }
  for (guint i = 0; i < self->cpu_lanes->len; i++)
    {
      CpuLane *lane = g_ptr_array_index (self->cpu_lanes, i);

      size += sizeof *lane + lane->spans->len * sizeof (ForklineCpuSpan) + _forkline_lod_get_size (&lane->lod);
    }
  g_hash_table_iter_init (&iter, self->channels);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ChannelLane *lane = value;

      size += lane->messages->len * sizeof (guint32) + lane->depth->len * sizeof (DepthChange);
    }
  size += self->objects->len * sizeof (ForklineObject);
  size += self->messages->len * (sizeof (ForklineMessage) + sizeof (guint16));
  /* GHashTable: key, value and hash per slot. */
  size += g_hash_table_size (self->message_index) * (2 * sizeof (gpointer) + sizeof (guint));
  size += g_hash_table_size (self->task_index) * (2 * sizeof (gpointer) + sizeof (guint));
  size += self->prints->len * sizeof (ForklinePrint);
  size += self->array_writes->len * sizeof (ForklineArrayWrite);
  size += self->lock_holds->len * sizeof (ForklineLockHold);
  size += self->tasks->len * sizeof (ForklineTask);
  size += self->errors->len * sizeof (ForklineError);
  size += self->source != NULL ? self->source->allocated_len : 0;

  return size;
}

guint
forkline_trace_get_n_processes (ForklineTrace *self)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  return self->processes->len;
}

const ForklineProcess *
forkline_trace_get_process (ForklineTrace *self,
                            guint          proc)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);

  if (proc >= self->processes->len)
    return NULL;
  return &g_array_index (self->processes, ForklineProcess, proc);
}

gint
forkline_trace_lookup_proc (ForklineTrace *self,
                            gint32         pid)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), -1);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->pid_to_proc, GINT_TO_POINTER (pid))) - 1;
}

const ForklineStateRec *
_forkline_trace_get_state_recs (ForklineTrace *self,
                                guint          proc,
                                guint         *n)
{
  ProcLane *lane;

  *n = 0;
  if (proc >= self->proc_lanes->len)
    return NULL;
  lane = g_ptr_array_index (self->proc_lanes, proc);
  *n = lane->spans->len;
  return (const ForklineStateRec *) (gpointer) lane->spans->data;
}

const char *
_forkline_trace_state_rec_label (ForklineTrace          *self,
                                 const ForklineStateRec *rec,
                                 guint32                *object)
{
  const EventRecord *er;
  ForklineEvent ev = { 0 };

  if (object != NULL)
    *object = 0;
  if (rec->event >= self->events->len)
    return "";
  er = &g_array_index (self->events, EventRecord, rec->event);
  /* spans opened by a start or an exit carry no words */
  if (er->type != FORKLINE_EV_STATE || (er->bits & REC_WIDE))
    return "";
  _forkline_trace_extras_load (self->extras, er->extra, &ev);
  if (object != NULL)
    *object = ev.object;
  return ev.label;
}

static void
state_rec_to_span (ForklineTrace          *self,
                   const ForklineStateRec *recs,
                   guint                   n,
                   guint                   i,
                   ForklineStateSpan      *out)
{
  memset (out, 0, sizeof *out);
  out->start_ns = recs[i].start_ns;
  out->end_ns = _forkline_state_rec_end (recs, n, i);
  out->label = _forkline_trace_state_rec_label (self, &recs[i], &out->object);
  out->event = recs[i].event;
  out->state = recs[i].state;
}

const ForklineStateSpan *
forkline_trace_get_states (ForklineTrace *self,
                           guint          proc,
                           guint         *n_spans)
{
  const ForklineStateRec *recs;
  ProcLane *lane;
  guint n;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);
  g_return_val_if_fail (n_spans != NULL, NULL);

  *n_spans = 0;
  if (proc >= self->proc_lanes->len)
    return NULL;
  lane = g_ptr_array_index (self->proc_lanes, proc);
  recs = _forkline_trace_get_state_recs (self, proc, &n);

  if (lane->wide == NULL)
    lane->wide = g_array_new (FALSE, FALSE, sizeof (ForklineStateSpan));
  /* Spans only grow; of the copy, only the last one (open) can be stale. */
  if (lane->wide->len > 0 &&
      g_array_index (lane->wide, ForklineStateSpan, lane->wide->len - 1).end_ns == FORKLINE_TIME_OPEN)
    g_array_set_size (lane->wide, lane->wide->len - 1);
  for (guint i = lane->wide->len; i < n; i++)
    {
      ForklineStateSpan span;

      state_rec_to_span (self, recs, n, i, &span);
      g_array_append_val (lane->wide, span);
    }

  *n_spans = lane->wide->len;
  return (const ForklineStateSpan *) (gpointer) lane->wide->data;
}

guint
forkline_trace_get_n_states (ForklineTrace *self,
                             guint          proc)
{
  guint n;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  _forkline_trace_get_state_recs (self, proc, &n);
  return n;
}

gboolean
forkline_trace_get_state (ForklineTrace     *self,
                          guint              proc,
                          guint              index,
                          ForklineStateSpan *out)
{
  const ForklineStateRec *recs;
  guint n;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  recs = _forkline_trace_get_state_recs (self, proc, &n);
  if (index >= n)
    {
      memset (out, 0, sizeof *out);
      out->label = "";
      return FALSE;
    }
  state_rec_to_span (self, recs, n, index, out);
  return TRUE;
}

gint
_forkline_trace_state_rec_at (ForklineTrace *self,
                              guint          proc,
                              guint64        time_ns)
{
  const ForklineStateRec *recs;
  guint n;
  guint lo = 0;
  guint hi;

  recs = _forkline_trace_get_state_recs (self, proc, &n);
  hi = n;
  /* Last span starting at or before time_ns. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (recs[mid].start_ns <= time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }

  return (gint) lo - 1;
}

const ForklineStateSpan *
forkline_trace_get_state_at (ForklineTrace *self,
                             guint          proc,
                             guint64        time_ns)
{
  const ForklineStateSpan *spans;
  guint n;
  gint i;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);

  i = _forkline_trace_state_rec_at (self, proc, time_ns);
  if (i < 0)
    return NULL;
  spans = forkline_trace_get_states (self, proc, &n);
  return &spans[i];
}

guint
forkline_trace_get_n_cpus (ForklineTrace *self)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  return MAX (self->header.n_cpus, self->cpu_lanes->len);
}

const ForklineCpuSpan *
forkline_trace_get_cpu_spans (ForklineTrace *self,
                              guint          cpu,
                              guint         *n_spans)
{
  GArray *spans;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);
  g_return_val_if_fail (n_spans != NULL, NULL);

  spans = cpu < self->cpu_lanes->len ? ((CpuLane *) g_ptr_array_index (self->cpu_lanes, cpu))->spans : NULL;
  *n_spans = spans != NULL ? spans->len : 0;
  return spans != NULL ? (const ForklineCpuSpan *) (gpointer) spans->data : NULL;
}

const ForklineObject *
forkline_trace_get_objects (ForklineTrace *self,
                            guint         *n_objects)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);
  g_return_val_if_fail (n_objects != NULL, NULL);

  *n_objects = self->objects->len;
  return (const ForklineObject *) (gpointer) self->objects->data;
}

const ForklineObject *
forkline_trace_lookup_object (ForklineTrace *self,
                              guint32        id)
{
  guint idx;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);

  idx = GPOINTER_TO_UINT (g_hash_table_lookup (self->object_index, GUINT_TO_POINTER (id)));
  if (idx == 0)
    return NULL;
  return &g_array_index (self->objects, ForklineObject, idx - 1);
}

const ForklineMessage *
forkline_trace_get_messages (ForklineTrace *self,
                             guint         *n_messages)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);
  g_return_val_if_fail (n_messages != NULL, NULL);

  *n_messages = self->messages->len;
  return (const ForklineMessage *) (gpointer) self->messages->data;
}

const guint32 *
forkline_trace_get_channel_messages (ForklineTrace *self,
                                     guint32        object,
                                     guint         *n_indices)
{
  ChannelLane *lane;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);
  g_return_val_if_fail (n_indices != NULL, NULL);

  *n_indices = 0;
  lane = g_hash_table_lookup (self->channels, GUINT_TO_POINTER (object));
  if (lane == NULL)
    return NULL;
  *n_indices = lane->messages->len;
  return (const guint32 *) (gpointer) lane->messages->data;
}

const ForklineMessage *
forkline_trace_lookup_message (ForklineTrace *self,
                               guint64        msg_id)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);

  return message_lookup (self, msg_id);
}

const ForklineTask *
forkline_trace_lookup_task (ForklineTrace *self,
                            guint32        pool,
                            gint64         task)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);

  return task_lookup (self, pool, task, FALSE);
}

#define DEFINE_ARRAY_GETTER(func, Type, field)            \
const Type *                                              \
func (ForklineTrace *self,                                \
      guint         *n)                                   \
{                                                         \
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);  \
  g_return_val_if_fail (n != NULL, NULL);                 \
  *n = self->field->len;                                  \
  return (const Type *) (gpointer) self->field->data;     \
}

DEFINE_ARRAY_GETTER (forkline_trace_get_prints, ForklinePrint, prints)
DEFINE_ARRAY_GETTER (forkline_trace_get_array_writes, ForklineArrayWrite, array_writes)
DEFINE_ARRAY_GETTER (forkline_trace_get_lock_holds, ForklineLockHold, lock_holds)
DEFINE_ARRAY_GETTER (forkline_trace_get_data_gaps, ForklineDataGap, data_gaps)
DEFINE_ARRAY_GETTER (forkline_trace_get_tasks, ForklineTask, tasks)
DEFINE_ARRAY_GETTER (forkline_trace_get_errors, ForklineError, errors)

guint
forkline_trace_get_n_threads (ForklineTrace *self,
                              guint          proc)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  if (proc >= self->proc_lanes->len)
    return 0;
  return ((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->threads->len;
}

const ForklineThread *
forkline_trace_get_thread (ForklineTrace *self,
                           guint          proc,
                           guint          thread)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);
  g_return_val_if_fail (thread < forkline_trace_get_n_threads (self, proc), NULL);

  return &((ThreadLane *) g_ptr_array_index (((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->threads,
                                             thread))->info;
}

const guint64 *
_forkline_trace_get_thread_runs (ForklineTrace *self,
                                 guint          proc,
                                 guint          thread,
                                 guint         *n)
{
  ThreadLane *lane;

  *n = 0;
  if (thread >= forkline_trace_get_n_threads (self, proc))
    return NULL;
  lane = g_ptr_array_index (((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->threads, thread);
  *n = lane->runs->len;
  return (const guint64 *) (gpointer) lane->runs->data;
}

const char *
forkline_trace_get_source (ForklineTrace  *self,
                           const char    **file)
{
  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);

  /* a listing cut short would show a different program */
  if (self->source == NULL || self->source->len != self->source_length)
    {
      if (file != NULL)
        *file = NULL;
      return NULL;
    }
  if (file != NULL)
    *file = self->source_file;
  return self->source->str;
}

guint
_forkline_trace_line_mark_at (ForklineTrace *self,
                              guint          proc,
                              guint64        time_ns)
{
  GArray *lines;
  guint lo = 0, hi;

  if (proc >= self->proc_lanes->len)
    return 0;
  lines = ((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->lines;
  hi = lines->len;
  /* the last mark at or before time_ns */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (lines, LineMark, mid).time_ns <= time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? lo - 1 : 0;
}

guint
forkline_trace_get_line_at (ForklineTrace *self,
                            guint          proc,
                            guint64        time_ns)
{
  const ForklineLineMark *marks;
  guint n, i;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  marks = _forkline_trace_get_line_marks (self, proc, &n);
  i = _forkline_trace_line_mark_at (self, proc, time_ns);
  return n > 0 && marks[i].time_ns <= time_ns ? marks[i].line : 0;
}

/* ------------------------------------------------------------------ */
/* Private: for the renderer                                           */

guint
_forkline_trace_cpu_span_after (ForklineTrace *self,
                                guint          cpu,
                                guint64        time_ns)
{
  const ForklineCpuSpan *spans;
  guint n, lo = 0, hi;

  spans = forkline_trace_get_cpu_spans (self, cpu, &n);
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (spans[mid].end_ns <= time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
_forkline_trace_state_span_after (ForklineTrace *self,
                                  guint          proc,
                                  guint64        time_ns)
{
  const ForklineStateRec *recs;
  guint n, lo = 0, hi;

  recs = _forkline_trace_get_state_recs (self, proc, &n);
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (_forkline_state_rec_end (recs, n, mid) <= time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* A lane's spans as the summary reads them: CPU and process lanes store
 * different records but are summarized alike. */
typedef struct
{
  ForklineLod        *lod;
  GArray             *spans;
  guint               n_closed;
  ForklineSpanGetter  get;
} SpanLane;

static gboolean
cpu_span_lane (ForklineTrace *self,
               guint          cpu,
               SpanLane      *out)
{
  CpuLane *lane;
  guint n;

  if (cpu >= self->cpu_lanes->len)
    return FALSE;

  lane = g_ptr_array_index (self->cpu_lanes, cpu);
  /* A CPU lane's open spans are at its end (the ones still running). */
  n = lane->spans->len;
  while (n > 0 && g_array_index (lane->spans, ForklineCpuSpan, n - 1).end_ns == FORKLINE_TIME_OPEN)
    n--;

  *out = (SpanLane) { &lane->lod, lane->spans, n, _forkline_lod_cpu_span_get };
  return TRUE;
}

static gboolean
state_span_lane (ForklineTrace *self,
                 guint          proc,
                 SpanLane      *out)
{
  ProcLane *lane;

  if (proc >= self->proc_lanes->len)
    return FALSE;

  lane = g_ptr_array_index (self->proc_lanes, proc);
  /* All but the last state span are closed: each ends where the next starts. */
  *out = (SpanLane) { &lane->lod, lane->spans, lane->spans->len > 0 ? lane->spans->len - 1 : 0,
                      _forkline_lod_state_span_get };
  return TRUE;
}

/* lane NULL: no such lane, an empty summary. */
static void
summarize (const SpanLane  *lane,
           guint            i0,
           guint            i1,
           guint64          t_begin,
           guint64          t_end,
           guint64          open_end,
           ForklineSummary *out)
{
  memset (out, 0, sizeof *out);
  out->key = FORKLINE_SUMMARY_NO_KEY;
  if (lane != NULL)
    _forkline_lod_summarize (lane->lod, lane->spans, lane->n_closed, lane->get,
                             i0, i1, t_begin, t_end, open_end, out);
}

void
_forkline_trace_summarize_cpu (ForklineTrace   *self,
                               guint            cpu,
                               guint            i0,
                               guint            i1,
                               guint64          t_begin,
                               guint64          t_end,
                               guint64          open_end,
                               ForklineSummary *out)
{
  SpanLane lane;

  summarize (cpu_span_lane (self, cpu, &lane) ? &lane : NULL, i0, i1, t_begin, t_end, open_end, out);
}

void
_forkline_trace_summarize_states (ForklineTrace   *self,
                                  guint            proc,
                                  guint            i0,
                                  guint            i1,
                                  guint64          t_begin,
                                  guint64          t_end,
                                  guint64          open_end,
                                  ForklineSummary *out)
{
  SpanLane lane;

  summarize (state_span_lane (self, proc, &lane) ? &lane : NULL, i0, i1, t_begin, t_end, open_end, out);
}

guint
_forkline_trace_channel_depth_at (ForklineTrace *self,
                                  guint32        object,
                                  guint64        time_ns)
{
  ChannelLane *lane = g_hash_table_lookup (self->channels, GUINT_TO_POINTER (object));
  const DepthChange *changes;
  guint lo = 0, hi;

  if (lane == NULL)
    return 0;

  changes = (const DepthChange *) (gpointer) lane->depth->data;
  hi = lane->depth->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (changes[mid].time_ns <= time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo == 0 ? 0 : changes[lo - 1].depth;
}

guint
_forkline_trace_message_row (ForklineTrace *self,
                             guint          index)
{
  if (index >= self->message_rows->len)
    return 0;
  return g_array_index (self->message_rows, guint16, index);
}

const guint32 *
_forkline_trace_get_proc_index (ForklineTrace *self,
                                guint          proc,
                                guint          which,
                                guint         *n)
{
  GArray *arr;

  *n = 0;
  if (proc >= self->proc_lanes->len)
    return NULL;
  arr = proc_lane_index (g_ptr_array_index (self->proc_lanes, proc), which);
  *n = arr->len;
  return (const guint32 *) (gpointer) arr->data;
}

const guint32 *
_forkline_trace_get_channel_ids (ForklineTrace *self,
                                 guint         *n)
{
  *n = self->channel_order->len;
  return (const guint32 *) (gpointer) self->channel_order->data;
}

/* lane NULL: no such lane, no buckets. */
static const ForklineBucket *
buckets (const SpanLane *lane,
         guint           shift,
         guint64         open_end,
         guint          *n_buckets)
{
  *n_buckets = 0;
  if (lane == NULL)
    return NULL;
  return _forkline_lod_buckets (lane->lod, lane->spans, lane->n_closed, lane->get,
                                shift, open_end, n_buckets);
}

const ForklineBucket *
_forkline_trace_cpu_buckets (ForklineTrace *self,
                             guint          cpu,
                             guint          shift,
                             guint64        open_end,
                             guint         *n_buckets)
{
  SpanLane lane;

  return buckets (cpu_span_lane (self, cpu, &lane) ? &lane : NULL, shift, open_end, n_buckets);
}

const ForklineBucket *
_forkline_trace_state_buckets (ForklineTrace *self,
                               guint          proc,
                               guint          shift,
                               guint64        open_end,
                               guint         *n_buckets)
{
  SpanLane lane;

  return buckets (state_span_lane (self, proc, &lane) ? &lane : NULL, shift, open_end, n_buckets);
}

/* ---- where a process's time went ---------------------------------------- */

static int
compare_gap_start (gconstpointer a,
                   gconstpointer b)
{
  const ForklineDataGap *ga = a, *gb = b;

  return ga->start_ns < gb->start_ns ? -1 : ga->start_ns > gb->start_ns;
}

const guint64 *
_forkline_trace_get_proc_runs (ForklineTrace *self,
                               guint          proc,
                               guint         *n)
{
  GArray *runs;

  if (proc >= self->proc_lanes->len)
    {
      *n = 0;
      return NULL;
    }
  runs = ((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->runs;
  *n = runs->len;
  return (const guint64 *) (gpointer) runs->data;
}

static const ForklineCpuSpan *
run_span (ForklineTrace *self,
          guint64        run);

const ForklineCpuSpan *
_forkline_trace_run_span (ForklineTrace *self,
                          guint64        run)
{
  return run_span (self, run);
}

const ForklineLineMark *
_forkline_trace_get_line_marks (ForklineTrace *self,
                                guint          proc,
                                guint         *n)
{
  GArray *lines;

  *n = 0;
  if (proc >= self->proc_lanes->len)
    return NULL;
  lines = ((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->lines;
  *n = lines->len;
  return (const ForklineLineMark *) (gpointer) lines->data;
}

guint
_forkline_trace_run_cpu (guint64 run)
{
  return (guint) (run >> RUN_CPU_SHIFT);
}

static guint first_run_ending_after (ForklineTrace *self,
                                     GArray        *runs,
                                     guint64        t);

guint
_forkline_trace_run_ending_after (ForklineTrace *self,
                                  guint          proc,
                                  guint64        t)
{
  if (proc >= self->proc_lanes->len)
    return 0;
  return first_run_ending_after (self, ((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->runs, t);
}

guint
_forkline_trace_thread_run_ending_after (ForklineTrace *self,
                                         guint          proc,
                                         guint          thread,
                                         guint64        t)
{
  if (thread >= forkline_trace_get_n_threads (self, proc))
    return 0;
  return first_run_ending_after (self,
                                 ((ThreadLane *) g_ptr_array_index (((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->threads,
                                                                    thread))->runs,
                                 t);
}

static const ForklineCpuSpan *
run_span (ForklineTrace *self,
          guint64        run)
{
  CpuLane *lane = g_ptr_array_index (self->cpu_lanes, run >> RUN_CPU_SHIFT);

  return &g_array_index (lane->spans, ForklineCpuSpan, run & ((G_GUINT64_CONSTANT (1) << RUN_CPU_SHIFT) - 1));
}

/* The first of @runs (time-ordered by start) that ends after @t. */
static guint
first_run_ending_after (ForklineTrace *self,
                        GArray        *runs,
                        guint64        t)
{
  guint lo = 0, hi = runs->len;

  /* starts are sorted, and runs of one process never overlap, so ends are too */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const ForklineCpuSpan *span = run_span (self, g_array_index (runs, guint64, mid));

      if (span->end_ns != FORKLINE_TIME_OPEN && span->end_ns <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
add_off_cpu (ForklineCpuTime *out,
             ForklineLeave    leave,
             guint64          ns)
{
  if (leave == FORKLINE_LEAVE_BLOCKED)
    out->blocked_ns += ns;
  else
    out->ready_ns += ns;
}

void
forkline_trace_get_cpu_time (ForklineTrace   *self,
                             guint            proc,
                             guint64          t0,
                             guint64          t1,
                             ForklineCpuTime *out)
{
  GArray *runs;
  guint64 at;
  ForklineLeave leave = FORKLINE_LEAVE_PREEMPTED;
  guint i;

  g_return_if_fail (FORKLINE_IS_TRACE (self));
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  if (proc >= self->proc_lanes->len || t1 <= t0)
    return;
  runs = ((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->runs;
  out->known = runs->len > 0;
  if (!out->known)
    return;

  i = first_run_ending_after (self, runs, t0);
  if (i > 0)
    leave = run_span (self, g_array_index (runs, guint64, i - 1))->leave;
  at = t0;
  for (; i < runs->len && at < t1; i++)
    {
      const ForklineCpuSpan *span = run_span (self, g_array_index (runs, guint64, i));
      guint64 start = MAX (span->start_ns, at);
      guint64 end = span->end_ns == FORKLINE_TIME_OPEN ? t1 : MIN (span->end_ns, t1);

      if (start >= t1)
        break;
      add_off_cpu (out, leave, start - at);
      if (end > start)
        out->on_cpu_ns += end - start;
      at = MAX (at, end);
      leave = span->leave;
    }
  if (at < t1)
    add_off_cpu (out, leave, t1 - at);
}

const ForklineCpuSpan *
forkline_trace_get_cpu_run_at (ForklineTrace *self,
                               guint          proc,
                               guint64        time_ns,
                               gboolean      *on_cpu)
{
  GArray *runs;
  const ForklineCpuSpan *span;
  guint i;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);
  g_return_val_if_fail (on_cpu != NULL, NULL);

  *on_cpu = FALSE;
  if (proc >= self->proc_lanes->len)
    return NULL;
  runs = ((ProcLane *) g_ptr_array_index (self->proc_lanes, proc))->runs;
  i = first_run_ending_after (self, runs, time_ns);
  if (i < runs->len && (span = run_span (self, g_array_index (runs, guint64, i)))->start_ns <= time_ns)
    {
      *on_cpu = TRUE;
      return span;
    }
  return i > 0 ? run_span (self, g_array_index (runs, guint64, i - 1)) : NULL;
}

guint64
forkline_trace_get_no_data_ns (ForklineTrace *self)
{
  guint64 total = 0, covered_to = 0;
  g_autoptr(GArray) gaps = NULL;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), 0);

  if (self->data_gaps->len == 0)
    return 0;
  /* the union of the gaps: sorted by start, then swept */
  gaps = g_array_copy (self->data_gaps);
  g_array_sort (gaps, compare_gap_start);
  for (guint i = 0; i < gaps->len; i++)
    {
      const ForklineDataGap *gap = &g_array_index (gaps, ForklineDataGap, i);
      guint64 start = MAX (gap->start_ns, covered_to);

      if (gap->end_ns > start)
        total += gap->end_ns - start;
      covered_to = MAX (covered_to, gap->end_ns);
    }
  return total;
}

const ForklineCpuUsage *
forkline_trace_get_cpu_usage (ForklineTrace *self,
                              guint          cpu,
                              guint         *n_samples)
{
  GArray *usage;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);
  g_return_val_if_fail (n_samples != NULL, NULL);

  usage = cpu < self->cpu_lanes->len ? ((CpuLane *) g_ptr_array_index (self->cpu_lanes, cpu))->usage : NULL;
  *n_samples = usage != NULL ? usage->len : 0;
  return usage != NULL ? (const ForklineCpuUsage *) (gpointer) usage->data : NULL;
}

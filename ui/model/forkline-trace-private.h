/* forkline-trace-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the renderer needs from the model beyond the public API: span
 * searches and the level-of-detail summary.
 */

#pragma once

#include "forkline-trace.h"

G_BEGIN_DECLS

#define FORKLINE_SUMMARY_NO_KEY G_MININT

/* A state span as the model stores it: it ends where the next one starts
 * (the last is open); its label and object are read from its event. */
typedef struct
{
  guint64 start_ns;
  guint32 event;
  guint8  state;
} ForklineStateRec;

const ForklineStateRec *_forkline_trace_get_state_recs (ForklineTrace          *self,
                                                        guint                   proc,
                                                        guint                  *n);
/* End of recs[i] of @proc: the next start, or FORKLINE_TIME_OPEN. */
static inline guint64
_forkline_state_rec_end (const ForklineStateRec *recs,
                         guint                   n,
                         guint                   i)
{
  return i + 1 < n ? recs[i + 1].start_ns : FORKLINE_TIME_OPEN;
}
/* The lesson's words for a span ("" if none) and what it waits on. */
const char             *_forkline_trace_state_rec_label (ForklineTrace          *self,
                                                         const ForklineStateRec *rec,
                                                         guint32                *object);
/* Index of the span current at time_ns, -1 before the first. */
gint                    _forkline_trace_state_rec_at    (ForklineTrace          *self,
                                                         guint                   proc,
                                                         guint64                 time_ns);

typedef struct
{
  guint64 busy_ns;   /* time covered by spans inside the range */
  gint    key;       /* dominant proc (CPU lanes) or state (process lanes) */
  guint   n_spans;   /* spans touching the range */
} ForklineSummary;

typedef struct
{
  float   busy;      /* fraction of the bucket covered by spans */
  gint16  key;       /* dominant proc / state, -32768 if none */
  guint16 mixed;     /* more than one key inside */
} ForklineBucket;

#define FORKLINE_BUCKET_NO_KEY G_MININT16

/* Buckets of 2^shift ns from time 0 up to open_end (open spans end
 * there), or NULL if that would be too many.  Valid until the next call
 * for this lane. */
const ForklineBucket *_forkline_trace_cpu_buckets   (ForklineTrace *self,
                                                     guint          cpu,
                                                     guint          shift,
                                                     guint64        open_end,
                                                     guint         *n_buckets);
const ForklineBucket *_forkline_trace_state_buckets (ForklineTrace *self,
                                                     guint          proc,
                                                     guint          shift,
                                                     guint64        open_end,
                                                     guint         *n_buckets);

/* Index of the first span whose end is after time_ns (open spans never
 * end); n_spans if none. */
guint _forkline_trace_cpu_span_after    (ForklineTrace   *self,
                                         guint            cpu,
                                         guint64          time_ns);
guint _forkline_trace_state_span_after  (ForklineTrace   *self,
                                         guint            proc,
                                         guint64          time_ns);
/* Summarize spans [i0, i1) clipped to [t_begin, t_end); open spans end at
 * open_end.  Costs O(log n) thanks to the summary pyramid. */
void  _forkline_trace_summarize_cpu     (ForklineTrace   *self,
                                         guint            cpu,
                                         guint            i0,
                                         guint            i1,
                                         guint64          t_begin,
                                         guint64          t_end,
                                         guint64          open_end,
                                         ForklineSummary *out);
void  _forkline_trace_summarize_states  (ForklineTrace   *self,
                                         guint            proc,
                                         guint            i0,
                                         guint            i1,
                                         guint64          t_begin,
                                         guint64          t_end,
                                         guint64          open_end,
                                         ForklineSummary *out);
/* Queue / pipe depth (messages in flight) right after time_ns. */
guint _forkline_trace_channel_depth_at  (ForklineTrace   *self,
                                         guint32          object,
                                         guint64          time_ns);
/* Depth of the channel just before message @index was put (its row). */
guint _forkline_trace_message_row       (ForklineTrace   *self,
                                         guint            index);
/* Per-process indices, time-ordered: which = FORKLINE_PROC_INDEX_*. */
#define FORKLINE_PROC_INDEX_TASKS  0  /* into forkline_trace_get_tasks() */
#define FORKLINE_PROC_INDEX_PRINTS 1  /* into forkline_trace_get_prints() */
#define FORKLINE_PROC_INDEX_WRITES 2  /* into forkline_trace_get_array_writes() */
#define FORKLINE_PROC_INDEX_LOCKS  3  /* into forkline_trace_get_lock_holds(), by wait_ns */
const guint32 *_forkline_trace_get_proc_index (ForklineTrace *self,
                                               guint          proc,
                                               guint          which,
                                               guint         *n);
/* A process's CPU runs, in time order: each names a CPU span. */
const guint64 *_forkline_trace_get_proc_runs (ForklineTrace *self,
                                              guint          proc,
                                              guint         *n);
/* A thread's CPU runs (as for a process), in time order. */
const guint64 *_forkline_trace_get_thread_runs (ForklineTrace *self,
                                                guint          proc,
                                                guint          thread,
                                                guint         *n);
const ForklineCpuSpan *_forkline_trace_run_span (ForklineTrace *self,
                                                 guint64        run);
guint _forkline_trace_thread_run_ending_after (ForklineTrace *self,
                                               guint          proc,
                                               guint          thread,
                                               guint64        t);
/* A process's current lines, in time order (from LINE records). */
typedef struct
{
  guint64 time_ns;
  guint32 line;
} ForklineLineMark;
const ForklineLineMark *_forkline_trace_get_line_marks (ForklineTrace *self,
                                                        guint          proc,
                                                        guint         *n);
/* The index of the mark in effect at @time_ns (the last at or before it;
 * 0 if none is, or none came). */
guint _forkline_trace_line_mark_at (ForklineTrace *self,
                                    guint          proc,
                                    guint64        time_ns);
/* The CPU a run was on. */
guint _forkline_trace_run_cpu (guint64 run);
/* The index of the first of them that ends after @t. */
guint _forkline_trace_run_ending_after (ForklineTrace *self,
                                        guint          proc,
                                        guint64        t);
/* Queue and pipe ids in the order they first appeared. */
const guint32 *_forkline_trace_get_channel_ids (ForklineTrace *self,
                                                guint         *n);
/* Bytes of the per-zoom bucket cache and of the state span arrays built
 * for forkline_trace_get_states (not counted in get_memory_size). */
gsize _forkline_trace_get_cache_size (ForklineTrace *self);
/* Bytes used by the compact event list alone (records + side data). */
gsize _forkline_trace_get_event_list_size (ForklineTrace *self);

G_END_DECLS

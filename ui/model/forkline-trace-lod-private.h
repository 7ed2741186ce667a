/* forkline-trace-lod-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The level-of-detail summary the model keeps beside each CPU and process
 * lane, so that a frame over a million spans reads a few nodes or buckets
 * per pixel instead of every span.
 */

#pragma once

#include "forkline-trace-private.h"

G_BEGIN_DECLS

#define LOD_MAX_LEVELS 9

/* Time buckets of 2^shift ns from time 0, each with the busy fraction and
 * dominant key: at a zoom where a pixel holds many spans, a pixel column
 * reads one or two buckets.  A few resolutions are kept per lane. */
#define BUCKET_LEVELS 3

typedef struct
{
  GArray  *buckets;     /* ForklineBucket */
  guint    shift;
  guint    n_final;     /* leading buckets that can no longer change */
  guint    cursor;      /* first span that may touch bucket n_final */
  guint64  last_use;
} ForklineBucketLevel;

/* A pyramid of summaries over a lane's spans plus the bucket cache. */
typedef struct
{
  GArray              *levels[LOD_MAX_LEVELS];
  ForklineBucketLevel  buckets[BUCKET_LEVELS];
  guint64              use_counter;
} ForklineLod;

/* Reads span i of a lane's array (the lanes store different records). */
typedef void (*ForklineSpanGetter) (GArray  *spans,
                                    guint    i,
                                    guint64 *start,
                                    guint64 *end,
                                    gint    *key);

void                  _forkline_lod_cpu_span_get    (GArray             *spans,
                                                     guint               i,
                                                     guint64            *start,
                                                     guint64            *end,
                                                     gint               *key);
void                  _forkline_lod_state_span_get  (GArray             *spans,
                                                     guint               i,
                                                     guint64            *start,
                                                     guint64            *end,
                                                     gint               *key);

void                  _forkline_lod_clear           (ForklineLod        *lod);
/* Bytes of the pyramid, and of the bucket cache. */
gsize                 _forkline_lod_get_size        (const ForklineLod  *lod);
gsize                 _forkline_lod_get_cache_size  (const ForklineLod  *lod);

/* Spans [i0, i1) clipped to [t_begin, t_end); the first n_closed spans are
 * final, the others end at open_end. */
void                  _forkline_lod_summarize       (ForklineLod        *lod,
                                                     GArray             *spans,
                                                     guint               n_closed,
                                                     ForklineSpanGetter  get,
                                                     guint               i0,
                                                     guint               i1,
                                                     guint64             t_begin,
                                                     guint64             t_end,
                                                     guint64             open_end,
                                                     ForklineSummary    *out);
const ForklineBucket *_forkline_lod_buckets         (ForklineLod        *lod,
                                                     GArray             *spans,
                                                     guint               n_closed,
                                                     ForklineSpanGetter  get,
                                                     guint               shift,
                                                     guint64             open_end,
                                                     guint              *n_buckets);

G_END_DECLS

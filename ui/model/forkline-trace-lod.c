/* forkline-trace-lod.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-trace-lod-private.h"

/* A node of level L summarizes 8^(L+1) consecutive spans, so any range of
 * spans is summarized by at most 14 nodes per level. */
#define LOD_SHIFT  3
#define LOD_FANOUT (1u << LOD_SHIFT)

/* Beyond this many buckets a zoom is fine enough to read the spans. */
#define BUCKET_MAX_COUNT (1u << 17)

typedef struct
{
  guint64 busy_ns;
  guint64 key_ns;
  gint    key;
} LodNode;

void
_forkline_lod_clear (ForklineLod *lod)
{
  for (guint i = 0; i < LOD_MAX_LEVELS; i++)
    g_clear_pointer (&lod->levels[i], g_array_unref);
  for (guint i = 0; i < BUCKET_LEVELS; i++)
    g_clear_pointer (&lod->buckets[i].buckets, g_array_unref);
}

void
_forkline_lod_cpu_span_get (GArray  *spans,
                            guint    i,
                            guint64 *start,
                            guint64 *end,
                            gint    *key)
{
  const ForklineCpuSpan *s = &g_array_index (spans, ForklineCpuSpan, i);

  *start = s->start_ns;
  *end = s->end_ns;
  *key = s->proc;
}

void
_forkline_lod_state_span_get (GArray  *spans,
                              guint    i,
                              guint64 *start,
                              guint64 *end,
                              gint    *key)
{
  const ForklineStateRec *s = &g_array_index (spans, ForklineStateRec, i);

  *start = s->start_ns;
  *end = i + 1 < spans->len ? s[1].start_ns : FORKLINE_TIME_OPEN;
  *key = s->state;
}

typedef struct
{
  gint    key[8];
  guint64 ns[8];
  guint   n;
} Candidates;

static inline void
candidates_add (Candidates *c,
                gint        key,
                guint64     ns)
{
  guint smallest = 0;

  for (guint i = 0; i < c->n; i++)
    {
      if (c->key[i] == key)
        {
          c->ns[i] += ns;
          return;
        }
      if (c->ns[i] < c->ns[smallest])
        smallest = i;
    }

  if (c->n < G_N_ELEMENTS (c->key))
    {
      c->key[c->n] = key;
      c->ns[c->n] = ns;
      c->n++;
    }
  else if (c->ns[smallest] < ns)
    {
      c->key[smallest] = key;
      c->ns[smallest] = ns;
    }
}

static void
candidates_best (const Candidates *c,
                 gint             *key,
                 guint64          *ns)
{
  *key = FORKLINE_SUMMARY_NO_KEY;
  *ns = 0;
  for (guint i = 0; i < c->n; i++)
    if (c->ns[i] > *ns || *key == FORKLINE_SUMMARY_NO_KEY)
      {
        *key = c->key[i];
        *ns = c->ns[i];
      }
}

/* Extends the pyramid over the first n_closed spans (open spans change). */
static void
lod_extend (ForklineLod        *lod,
            GArray             *spans,
            guint               n_closed,
            ForklineSpanGetter  get)
{
  guint n_below = n_closed;

  for (guint level = 0; level < LOD_MAX_LEVELS; level++)
    {
      GArray *nodes;
      guint want = n_below >> LOD_SHIFT;

      if (want == 0)
        break;

      if (lod->levels[level] == NULL)
        lod->levels[level] = g_array_new (FALSE, FALSE, sizeof (LodNode));
      nodes = lod->levels[level];

      while (nodes->len < want)
        {
          guint first = nodes->len << LOD_SHIFT;
          Candidates c = { 0 };
          LodNode node = { 0 };

          for (guint i = first; i < first + LOD_FANOUT; i++)
            {
              if (level == 0)
                {
                  guint64 s, e;
                  gint key;

                  get (spans, i, &s, &e, &key);
                  node.busy_ns += e - s;
                  candidates_add (&c, key, e - s);
                }
              else
                {
                  const LodNode *child = &g_array_index (lod->levels[level - 1], LodNode, i);

                  node.busy_ns += child->busy_ns;
                  candidates_add (&c, child->key, child->key_ns);
                }
            }

          candidates_best (&c, &node.key, &node.key_ns);
          g_array_append_val (nodes, node);
        }

      n_below = nodes->len;
    }
}

static void
lod_query (ForklineLod        *lod,
           GArray             *spans,
           ForklineSpanGetter  get,
           guint               i0,
           guint               i1,
           guint64             t_begin,
           guint64             t_end,
           guint64             open_end,
           ForklineSummary    *out)
{
  Candidates c = { 0 };
  guint64 key_ns;
  guint i = i0;

  memset (out, 0, sizeof *out);
  out->key = FORKLINE_SUMMARY_NO_KEY;
  if (i0 >= i1)
    return;
  out->n_spans = i1 - i0;

  while (i < i1)
    {
      guint64 s, e;
      gint key;
      gboolean used_node = FALSE;

      /* Only the first and last spans can stick out of the range; whole
       * aligned blocks in between come from the pyramid. */
      if (i > i0 && i + 1 < i1)
        {
          for (gint level = LOD_MAX_LEVELS - 1; level >= 0; level--)
            {
              guint span_count = 1u << (LOD_SHIFT * (level + 1));
              guint node = i >> (LOD_SHIFT * (level + 1));

              if (lod->levels[level] == NULL ||
                  (i & (span_count - 1)) != 0 ||
                  i + span_count >= i1 ||
                  node >= lod->levels[level]->len)
                continue;

              {
                const LodNode *n = &g_array_index (lod->levels[level], LodNode, node);

                out->busy_ns += n->busy_ns;
                candidates_add (&c, n->key, n->key_ns);
                i += span_count;
                used_node = TRUE;
                break;
              }
            }
        }

      if (used_node)
        continue;

      get (spans, i, &s, &e, &key);
      if (e == FORKLINE_TIME_OPEN)
        e = MAX (open_end, s);
      s = MAX (s, t_begin);
      e = MIN (e, t_end);
      if (e > s)
        {
          out->busy_ns += e - s;
          candidates_add (&c, key, e - s);
        }
      i++;
    }

  candidates_best (&c, &out->key, &key_ns);
}

/* The pyramid only grows over closed spans: an open span still changes. */
void
_forkline_lod_summarize (ForklineLod        *lod,
                         GArray             *spans,
                         guint               n_closed,
                         ForklineSpanGetter  get,
                         guint               i0,
                         guint               i1,
                         guint64             t_begin,
                         guint64             t_end,
                         guint64             open_end,
                         ForklineSummary    *out)
{
  lod_extend (lod, spans, n_closed, get);
  lod_query (lod, spans, get, i0, MIN (i1, spans->len), t_begin, t_end, open_end, out);
}

static void
bucket_finish (GArray     *out,
               guint       index,
               guint64     busy,
               Candidates *c,
               guint       shift)
{
  ForklineBucket b;
  guint64 key_ns;
  gint key;

  candidates_best (c, &key, &key_ns);
  b.busy = (float) ((double) busy / (double) (G_GUINT64_CONSTANT (1) << shift));
  b.key = key == FORKLINE_SUMMARY_NO_KEY ? FORKLINE_BUCKET_NO_KEY : (gint16) key;
  b.mixed = c->n > 1;
  if (out->len <= index)
    g_array_set_size (out, index + 1);
  g_array_index (out, ForklineBucket, index) = b;
  memset (c, 0, sizeof *c);
}

/* Buckets before the end of the last closed span are final: the next
 * update starts there, at the first span that may still reach them. */
static void
bucket_level_advance (ForklineBucketLevel *level,
                      GArray              *spans,
                      guint                n_closed,
                      ForklineSpanGetter   get,
                      guint64              open_end)
{
  guint shift = level->shift;
  guint64 stable = 0;

  if (n_closed > 0)
    {
      guint64 s, e;
      gint key;

      get (spans, n_closed - 1, &s, &e, &key);
      stable = MIN (e, open_end);
    }
  if ((stable >> shift) > level->n_final)
    {
      guint lo = level->cursor, hi = spans->len;
      guint64 final_time;

      level->n_final = (guint) (stable >> shift);
      final_time = (guint64) level->n_final << shift;
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          guint64 s, e;
          gint key;

          get (spans, mid, &s, &e, &key);
          if (e != FORKLINE_TIME_OPEN && e <= final_time)
            lo = mid + 1;
          else
            hi = mid;
        }
      level->cursor = lo;
    }
}

/* (Re)computes buckets from level->n_final up to open_end. */
static void
bucket_level_update (ForklineBucketLevel *level,
                     GArray              *spans,
                     guint                n_closed,
                     ForklineSpanGetter   get,
                     guint64              open_end)
{
  guint shift = level->shift;
  guint64 width = G_GUINT64_CONSTANT (1) << shift;
  /* (not open_end + width - 1: near 2^64 that wraps) */
  guint n_total = (guint) ((open_end >> shift) + ((open_end & (width - 1)) != 0));
  guint64 level_start = (guint64) level->n_final << shift;
  Candidates c = { 0 };
  guint64 busy = 0;
  guint current = level->n_final;
  ForklineBucket empty = { 0.0f, FORKLINE_BUCKET_NO_KEY, FALSE };

  g_array_set_size (level->buckets, level->n_final);

  for (guint k = level->cursor; k < spans->len; k++)
    {
      guint64 s, e;
      gint key;

      get (spans, k, &s, &e, &key);
      if (e == FORKLINE_TIME_OPEN)
        e = open_end;
      s = MAX (s, level_start);
      e = MIN (e, open_end);
      if (e <= s)
        continue;

      while (s < e)
        {
          guint b = (guint) (s >> shift);
          /* the last bucket of time may end at 2^64, which wraps to 0 */
          guint64 b_end = (guint64) b + 1 > (G_MAXUINT64 >> shift) ? G_MAXUINT64
                                                                    : ((guint64) b + 1) << shift;
          guint64 piece_end = MIN (e, b_end);

          if (b != current)
            {
              if (busy > 0 || c.n > 0)
                bucket_finish (level->buckets, current, busy, &c, shift);
              busy = 0;
              /* gaps stay empty */
              while (level->buckets->len < b)
                g_array_append_val (level->buckets, empty);
              current = b;
            }

          /* a span covering whole buckets fills them without the
           * candidate bookkeeping */
          if (s == ((guint64) b << shift) && piece_end == b_end && busy == 0)
            {
              guint last_full = (guint) (e >> shift);
              ForklineBucket full = { 1.0f, (gint16) key, FALSE };

              for (guint fb = b; fb < last_full; fb++)
                {
                  if (level->buckets->len <= fb)
                    g_array_set_size (level->buckets, fb + 1);
                  g_array_index (level->buckets, ForklineBucket, fb) = full;
                }
              s = (guint64) last_full << shift;
              current = last_full;
              continue;
            }

          busy += piece_end - s;
          candidates_add (&c, key, piece_end - s);
          s = piece_end;
        }
    }

  if (busy > 0 || c.n > 0)
    bucket_finish (level->buckets, current, busy, &c, shift);
  while (level->buckets->len < n_total)
    g_array_append_val (level->buckets, empty);

  bucket_level_advance (level, spans, n_closed, get, open_end);
}

const ForklineBucket *
_forkline_lod_buckets (ForklineLod        *lod,
                       GArray             *spans,
                       guint               n_closed,
                       ForklineSpanGetter  get,
                       guint               shift,
                       guint64             open_end,
                       guint              *n_buckets)
{
  ForklineBucketLevel *level = NULL;
  ForklineBucketLevel *oldest = &lod->buckets[0];

  *n_buckets = 0;
  if (shift >= 63 || (open_end >> shift) >= BUCKET_MAX_COUNT)
    return NULL;

  for (guint i = 0; i < BUCKET_LEVELS; i++)
    {
      if (lod->buckets[i].buckets != NULL && lod->buckets[i].shift == shift)
        level = &lod->buckets[i];
      if (lod->buckets[i].last_use < oldest->last_use)
        oldest = &lod->buckets[i];
    }

  if (level == NULL)
    {
      level = oldest;
      if (level->buckets == NULL)
        level->buckets = g_array_new (FALSE, FALSE, sizeof (ForklineBucket));
      g_array_set_size (level->buckets, 0);
      level->shift = shift;
      level->n_final = 0;
      level->cursor = 0;
    }

  level->last_use = ++lod->use_counter;
  bucket_level_update (level, spans, n_closed, get, open_end);

  *n_buckets = level->buckets->len;
  return (const ForklineBucket *) (gpointer) level->buckets->data;
}

gsize
_forkline_lod_get_size (const ForklineLod *lod)
{
  gsize size = 0;

  for (guint i = 0; i < LOD_MAX_LEVELS; i++)
    if (lod->levels[i] != NULL)
      size += lod->levels[i]->len * sizeof (LodNode);
  return size;
}

gsize
_forkline_lod_get_cache_size (const ForklineLod *lod)
{
  gsize size = 0;

  for (guint i = 0; i < BUCKET_LEVELS; i++)
    if (lod->buckets[i].buckets != NULL)
      size += lod->buckets[i].buckets->len * sizeof (ForklineBucket);
  return size;
}

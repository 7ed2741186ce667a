/* test-engine-pending.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's held-back records leave in time order, ties in arrival
 * order, with their strings, however late a record comes and however
 * many have gone through (compaction), checked against a brute-force
 * stable sort of the same records.
 */

#include "config.h"

#include <string.h>

#include "forkline-pending.h"

typedef struct
{
  guint64 time;
  guint   arrival;
} Key;

static int
key_cmp (gconstpointer a,
         gconstpointer b)
{
  const Key *x = a, *y = b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->arrival < y->arrival ? -1 : x->arrival > y->arrival;
}

static void
push (FlPending *pending,
      guint64    time,
      guint      arrival)
{
  g_autofree char *label = g_strdup_printf ("#%u", arrival);
  g_autofree char *text = g_strdup_printf ("line %u", arrival * 7);
  ForklineEvent ev = { .type = FORKLINE_EV_PRINT, .time_ns = time, .a = arrival };

  ev.label = label;
  ev.label_len = (guint32) strlen (label);
  /* every third without a text: an empty string is no pointer */
  ev.text = arrival % 3 ? text : NULL;
  ev.text_len = arrival % 3 ? (guint32) strlen (text) : 0;
  fl_pending_push (pending, &ev);
}

/* Pops everything up to @upto and checks it against @expected from @at. */
static guint
pop_upto (FlPending *pending,
          guint64    upto,
          GArray    *expected,
          guint      at)
{
  ForklineEvent *ev;

  while ((ev = fl_pending_peek (pending)) != NULL && ev->time_ns <= upto)
    {
      const Key *k = &g_array_index (expected, Key, at);
      g_autofree char *label = g_strdup_printf ("#%u", k->arrival);
      g_autofree char *text = g_strdup_printf ("line %u", k->arrival * 7);

      g_assert_cmpuint (ev->time_ns, ==, k->time);
      g_assert_cmpint (ev->a, ==, k->arrival);
      g_assert_cmpmem (ev->label, ev->label_len, label, strlen (label));
      if (k->arrival % 3)
        g_assert_cmpmem (ev->text, ev->text_len, text, strlen (text));
      else
        g_assert_null (ev->text);
      fl_pending_pop (pending);
      at++;
    }
  return at;
}

static void
test_records_leave_in_time_order (void)
{
  g_autoptr(FlPending) pending = fl_pending_new ();
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Key));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint64 now = 0, written = 0;
  guint at = 0, arrival = 0;

  /* rounds of records, most on time, some late, many sharing a time;
   * more than the compaction threshold go through */
  for (guint round = 0; round < 400; round++)
    {
      g_autoptr(GArray) sorted = NULL;

      for (guint i = 0; i < 60; i++)
        {
          guint64 late = g_rand_int_range (rand, 0, 10) == 0 ? g_rand_int_range (rand, 0, 3000) : 0;
          Key k = { MAX (now > late ? now - late : 0, written), arrival++ };

          push (pending, k.time, k.arrival);
          g_array_append_val (all, k);
          now += g_rand_int_range (rand, 0, 3);
        }
      /* what is older than a holdback leaves, checked against a sort of
       * everything not yet gone */
      sorted = g_array_sized_new (FALSE, FALSE, sizeof (Key), all->len - at);
      g_array_append_vals (sorted, &g_array_index (all, Key, at), all->len - at);
      g_array_sort (sorted, key_cmp);
      g_array_remove_range (all, at, all->len - at);
      g_array_append_vals (all, sorted->data, sorted->len);
      written = now > 100 ? now - 100 : 0;
      at = pop_upto (pending, written, all, at);
    }
  at = pop_upto (pending, G_MAXUINT64, all, at);
  g_assert_cmpuint (at, ==, all->len);
  g_assert_cmpuint (fl_pending_length (pending), ==, 0);
  g_assert_null (fl_pending_peek (pending));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/pending/records-leave-in-time-order", test_records_leave_in_time_order);
  return g_test_run ();
}

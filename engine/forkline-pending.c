/* forkline-pending.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-pending.h"

/* Once this many records have left the front (and at least half of all),
 * the arrays are compacted: amortised, a record is moved once. */
#define COMPACT_AFTER 4096

typedef struct
{
  ForklineEvent ev;      /* label and text point nowhere while stored */
  gsize         label_at;
  gsize         text_at;
} Item;

struct _FlPending
{
  GArray     *items;     /* Item: sorted from head to sorted, then as they came */
  guint       head;
  guint       sorted;
  GByteArray *strings;
  GArray     *merged;    /* scratch for settle() */
  ForklineEvent front;   /* what peek() hands out */
};

FlPending *
fl_pending_new (void)
{
  FlPending *self = g_new0 (FlPending, 1);

  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  self->merged = g_array_new (FALSE, FALSE, sizeof (Item));
  self->strings = g_byte_array_new ();
  return self;
}

void
fl_pending_free (FlPending *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->items);
  g_array_unref (self->merged);
  g_byte_array_unref (self->strings);
  g_free (self);
}

static gsize
keep_string (FlPending  *self,
             const char *s,
             guint32     len)
{
  gsize at = self->strings->len;

  if (len > 0)
    g_byte_array_append (self->strings, (const guint8 *) s, len);
  return at;
}

/* By time; records of one time keep their arrival order, as the sort
 * (g_qsort_with_data) and the merge below are stable. */
static int
item_cmp (gconstpointer a,
          gconstpointer b,
          gpointer      user_data)
{
  guint64 x = ((const Item *) a)->ev.time_ns, y = ((const Item *) b)->ev.time_ns;

  return x < y ? -1 : x > y;
}

/* Appended, whatever its time: the order is settled once, when the front
 * is next asked for. */
void
fl_pending_push (FlPending           *self,
                 const ForklineEvent *event)
{
  Item item;
  guint n;

  g_return_if_fail (self != NULL);
  g_return_if_fail (event != NULL);

  item.ev = *event;
  item.label_at = keep_string (self, event->label, event->label_len);
  item.text_at = keep_string (self, event->text, event->text_len);
  item.ev.label = item.ev.text = NULL;
  n = self->items->len;
  g_array_append_val (self->items, item);
  /* still in order: nothing to settle */
  if (self->sorted == n &&
      (n == self->head || g_array_index (self->items, Item, n - 1).ev.time_ns <= event->time_ns))
    self->sorted = n + 1;
}

/* Sorts what came since the last time (one round's records, nearly
 * sorted already), then merges it into the sorted records from where its
 * oldest belongs: the records before that do not move. */
static void
settle (FlPending *self)
{
  Item *items = (Item *) (gpointer) self->items->data;
  guint n_new = self->items->len - self->sorted;
  guint lo = self->head, hi = self->sorted, i, j;

  g_qsort_with_data (items + self->sorted, (gint) n_new, sizeof (Item), item_cmp, NULL);
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (item_cmp (&items[mid], &items[self->sorted], NULL) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  /* all of them after every sorted one: nothing to merge */
  if (lo == self->sorted)
    {
      self->sorted = self->items->len;
      return;
    }
  g_array_set_size (self->merged, 0);
  for (i = lo, j = self->sorted; i < self->sorted || j < self->items->len;)
    {
      if (j == self->items->len || (i < self->sorted && item_cmp (&items[i], &items[j], NULL) <= 0))
        g_array_append_val (self->merged, items[i++]);
      else
        g_array_append_val (self->merged, items[j++]);
    }
  memcpy (items + lo, self->merged->data, self->merged->len * sizeof (Item));
  self->sorted = self->items->len;
}

guint
fl_pending_length (FlPending *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->items->len - self->head;
}

ForklineEvent *
fl_pending_peek (FlPending *self)
{
  const Item *item;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->head == self->items->len)
    return NULL;
  if (self->sorted < self->items->len)
    settle (self);
  item = &g_array_index (self->items, Item, self->head);
  self->front = item->ev;
  self->front.label = item->ev.label_len > 0 ? (const char *) self->strings->data + item->label_at : NULL;
  self->front.text = item->ev.text_len > 0 ? (const char *) self->strings->data + item->text_at : NULL;
  return &self->front;
}

/* Drops what has left: the records before head and the strings before the
 * first one still held (strings are kept in arrival order, not time order,
 * so that is the least offset of those left). */
static void
compact (FlPending *self)
{
  gsize first = self->strings->len;

  g_array_remove_range (self->items, 0, self->head);
  self->sorted -= self->head;
  self->head = 0;
  for (guint i = 0; i < self->items->len; i++)
    first = MIN (first, MIN (g_array_index (self->items, Item, i).label_at,
                             g_array_index (self->items, Item, i).text_at));
  g_byte_array_remove_range (self->strings, 0, (guint) first);
  for (guint i = 0; i < self->items->len; i++)
    {
      g_array_index (self->items, Item, i).label_at -= first;
      g_array_index (self->items, Item, i).text_at -= first;
    }
}

void
fl_pending_pop (FlPending *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->head < self->sorted);

  self->head++;
  if (self->head == self->items->len)
    fl_pending_clear (self);
  else if (self->head >= COMPACT_AFTER && self->head * 2 >= self->items->len)
    compact (self);
}

void
fl_pending_clear (FlPending *self)
{
  g_return_if_fail (self != NULL);
  g_array_set_size (self->items, 0);
  g_byte_array_set_size (self->strings, 0);
  self->head = self->sorted = 0;
}

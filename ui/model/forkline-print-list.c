/* forkline-print-list.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "forkline-print-list.h"

struct _ForklinePrintItem
{
  GObject     parent_instance;
  guint64     time_ns;
  const char *text;          /* lives as long as the trace, which we hold */
  const char *process_name;
  ForklineTrace *trace;
  guint       event;
  gint        proc;
};

G_DEFINE_FINAL_TYPE (ForklinePrintItem, forkline_print_item, G_TYPE_OBJECT)

static void
forkline_print_item_finalize (GObject *object)
{
  ForklinePrintItem *self = (ForklinePrintItem *)object;

  g_clear_object (&self->trace);

  G_OBJECT_CLASS (forkline_print_item_parent_class)->finalize (object);
}

static void
forkline_print_item_class_init (ForklinePrintItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = forkline_print_item_finalize;
}

static void
forkline_print_item_init (ForklinePrintItem *self)
{
}

guint64
forkline_print_item_get_time (ForklinePrintItem *self)
{
  g_return_val_if_fail (FORKLINE_IS_PRINT_ITEM (self), 0);
  return self->time_ns;
}

const char *
forkline_print_item_get_text (ForklinePrintItem *self)
{
  g_return_val_if_fail (FORKLINE_IS_PRINT_ITEM (self), NULL);
  return self->text;
}

gint
forkline_print_item_get_proc (ForklinePrintItem *self)
{
  g_return_val_if_fail (FORKLINE_IS_PRINT_ITEM (self), -1);
  return self->proc;
}

guint
forkline_print_item_get_event (ForklinePrintItem *self)
{
  g_return_val_if_fail (FORKLINE_IS_PRINT_ITEM (self), FORKLINE_NO_EVENT);
  return self->event;
}

const char *
forkline_print_item_get_process_name (ForklinePrintItem *self)
{
  g_return_val_if_fail (FORKLINE_IS_PRINT_ITEM (self), NULL);
  return self->process_name;
}

struct _ForklinePrintList
{
  GObject        parent_instance;
  ForklineTrace *trace;
  guint64        cutoff;
  guint          n_items;
};

static GType
forkline_print_list_get_item_type (GListModel *model)
{
  return FORKLINE_TYPE_PRINT_ITEM;
}

static guint
forkline_print_list_get_n_items (GListModel *model)
{
  return FORKLINE_PRINT_LIST (model)->n_items;
}

static gpointer
forkline_print_list_get_item (GListModel *model,
                              guint       position)
{
  ForklinePrintList *self = FORKLINE_PRINT_LIST (model);
  const ForklinePrint *prints;
  ForklinePrintItem *item;
  guint n = 0;

  if (self->trace == NULL || position >= self->n_items)
    return NULL;

  prints = forkline_trace_get_prints (self->trace, &n);
  if (position >= n)
    return NULL;

  item = g_object_new (FORKLINE_TYPE_PRINT_ITEM, NULL);
  item->trace = g_object_ref (self->trace);
  item->time_ns = prints[position].time_ns;
  item->text = prints[position].text;
  item->event = prints[position].event;
  item->proc = prints[position].proc;
  if (item->proc >= 0 && (guint)item->proc < forkline_trace_get_n_processes (self->trace))
    item->process_name = forkline_trace_get_process (self->trace, item->proc)->name;

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = forkline_print_list_get_item_type;
  iface->get_n_items = forkline_print_list_get_n_items;
  iface->get_item = forkline_print_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (ForklinePrintList, forkline_print_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
forkline_print_list_dispose (GObject *object)
{
  ForklinePrintList *self = (ForklinePrintList *)object;

  g_clear_object (&self->trace);

  G_OBJECT_CLASS (forkline_print_list_parent_class)->dispose (object);
}

static void
forkline_print_list_class_init (ForklinePrintListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = forkline_print_list_dispose;
}

static void
forkline_print_list_init (ForklinePrintList *self)
{
  self->cutoff = FORKLINE_TIME_OPEN;
}

ForklinePrintList *
forkline_print_list_new (void)
{
  return g_object_new (FORKLINE_TYPE_PRINT_LIST, NULL);
}

static guint
count_visible (ForklinePrintList *self)
{
  const ForklinePrint *prints;
  guint n = 0, lo, hi;

  if (self->trace == NULL)
    return 0;

  prints = forkline_trace_get_prints (self->trace, &n);
  if (self->cutoff == FORKLINE_TIME_OPEN)
    return n;

  /* prints are time-ordered: the first one after the cutoff */
  lo = 0;
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (prints[mid].time_ns <= self->cutoff)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

void
forkline_print_list_update (ForklinePrintList *self)
{
  guint old_n, new_n;

  g_return_if_fail (FORKLINE_IS_PRINT_LIST (self));

  old_n = self->n_items;
  new_n = count_visible (self);
  if (old_n == new_n)
    return;

  self->n_items = new_n;
  if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
}

void
forkline_print_list_set_trace (ForklinePrintList *self,
                               ForklineTrace     *trace)
{
  guint old_n;

  g_return_if_fail (FORKLINE_IS_PRINT_LIST (self));

  if (self->trace == trace)
    return;

  old_n = self->n_items;
  g_set_object (&self->trace, trace);
  self->n_items = count_visible (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

void
forkline_print_list_set_cutoff (ForklinePrintList *self,
                                guint64            cutoff_ns)
{
  g_return_if_fail (FORKLINE_IS_PRINT_LIST (self));

  if (self->cutoff == cutoff_ns)
    return;

  self->cutoff = cutoff_ns;
  forkline_print_list_update (self);
}

gint
forkline_print_list_find_event (ForklinePrintList *self,
                                guint              event)
{
  const ForklinePrint *prints;
  guint n = 0, lo, hi;

  g_return_val_if_fail (FORKLINE_IS_PRINT_LIST (self), -1);

  if (self->trace == NULL || event == FORKLINE_NO_EVENT)
    return -1;

  prints = forkline_trace_get_prints (self->trace, &n);
  n = MIN (n, self->n_items);

  /* prints are in stream order, so their event indices ascend */
  lo = 0;
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (prints[mid].event < event)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo < n && prints[lo].event == event)
    return (gint)lo;
  return -1;
}

/* forkline-print-list.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of the printed lines of a trace, up to the replay position,
 * for the console.  Items are made on demand: a million lines cost nothing
 * until they scroll into view.
 */

#pragma once

#include <gio/gio.h>

#include "forkline-trace.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_PRINT_ITEM (forkline_print_item_get_type ())
#define FORKLINE_TYPE_PRINT_LIST (forkline_print_list_get_type ())

G_DECLARE_FINAL_TYPE (ForklinePrintItem, forkline_print_item, FORKLINE, PRINT_ITEM, GObject)
G_DECLARE_FINAL_TYPE (ForklinePrintList, forkline_print_list, FORKLINE, PRINT_LIST, GObject)

guint64            forkline_print_item_get_time   (ForklinePrintItem *self);
const char        *forkline_print_item_get_text   (ForklinePrintItem *self);
gint               forkline_print_item_get_proc   (ForklinePrintItem *self);
guint              forkline_print_item_get_event  (ForklinePrintItem *self);
const char        *forkline_print_item_get_process_name (ForklinePrintItem *self);

ForklinePrintList *forkline_print_list_new        (void);
void               forkline_print_list_set_trace  (ForklinePrintList *self,
                                                   ForklineTrace     *trace);
void               forkline_print_list_set_cutoff (ForklinePrintList *self,
                                                   guint64            cutoff_ns);
/* Re-reads the trace's prints (after it changed). */
void               forkline_print_list_update     (ForklinePrintList *self);
/* Position of the line printed by @event, or -1. */
gint               forkline_print_list_find_event (ForklinePrintList *self,
                                                   guint              event);

G_END_DECLS

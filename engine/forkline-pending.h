/* forkline-pending.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The records the engine holds back before writing them, in time order
 * (ties: arrival order).  A record is appended and its strings copied
 * into one growing buffer; the records a round brought are sorted and
 * merged in once, when the front is next asked for (they arrive nearly in
 * order: little moves); the oldest leave from the front.  No allocation
 * per record, unlike a balanced tree of records each allocated alone.
 */

#pragma once

#include "forkline-protocol.h"

G_BEGIN_DECLS

typedef struct _FlPending FlPending;

FlPending *fl_pending_new    (void);
void       fl_pending_free   (FlPending           *self);
/* Copies @event and its label and text. */
void       fl_pending_push   (FlPending           *self,
                              const ForklineEvent *event);
guint      fl_pending_length (FlPending           *self);
/* The oldest record; its label and text stay valid until the next push
 * or pop.  NULL when empty. */
ForklineEvent *fl_pending_peek (FlPending         *self);
void       fl_pending_pop    (FlPending           *self);
void       fl_pending_clear  (FlPending           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlPending, fl_pending_free)

G_END_DECLS

/* forkline-rings.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared-memory rings from a run's processes to the engine: one memfd of
 * FL_RINGS_SLOTS slots, each a single-writer ring of whole records that
 * one process writes (a C lesson's process: the slot of its number; a
 * Python process: the one it claims with a POSIX record lock on the slot's
 * byte, which the kernel drops when the process dies) and the engine drains.
 * The layout is in engine/protocol/PROTOCOL.md ("Rings").
 */

#pragma once

#include <glib.h>

#include "forkline-ring-layout.h"

G_BEGIN_DECLS

#define FL_RINGS_SLOTS        FORKLINE_RING_SLOTS
#define FL_RINGS_HEADER_BYTES FORKLINE_RING_HEADER_BYTES
#define FL_RINGS_DATA_BYTES   FORKLINE_RING_DATA_BYTES
#define FL_RINGS_SLOT_BYTES   FORKLINE_RING_SLOT_BYTES

typedef struct _FlRings FlRings;

FlRings *fl_rings_new   (GError    **error);
/* The memfd (close-on-exec: the runner lets the program's main process have it). */
int      fl_rings_fd    (FlRings    *self);
/* The mapping of every slot (a fork inherits it: the C runtime's
 * processes write their slot there). */
guint8  *fl_rings_map   (FlRings    *self);
/* An eventfd a writer rings when its ring is more than half full, so the
 * engine drains it before the next round (close-on-exec: the runner lets
 * a Python program have it); fl_rings_answer() clears it. */
int      fl_rings_doorbell (FlRings *self);
void     fl_rings_answer   (FlRings *self);
/* What the tracer is told: "FD SLOTS SLOT_BYTES HEADER_BYTES DATA_BYTES DOORBELL". */
char    *fl_rings_describe (FlRings *self);
/* Appends the whole records every ring holds to @into and frees their
 * room; a ring whose writer broke the format is dropped with a warning.
 * Returns the bytes appended. */
gsize    fl_rings_drain (FlRings    *self,
                         GByteArray *into);
void     fl_rings_free  (FlRings    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlRings, fl_rings_free)

G_END_DECLS

/* forkline-rings.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared-memory rings from a Python program's processes to the engine: one
 * memfd of FL_RINGS_SLOTS slots, each a single-writer ring of whole
 * records that one process claims (a POSIX record lock on the slot's byte,
 * which the kernel drops when the process dies) and the engine drains.
 * The layout is in engine/protocol/PROTOCOL.md ("Rings").
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FL_RINGS_SLOTS        128
#define FL_RINGS_HEADER_BYTES 4096
#define FL_RINGS_DATA_BYTES   (256 * 1024)
#define FL_RINGS_SLOT_BYTES   (FL_RINGS_HEADER_BYTES + FL_RINGS_DATA_BYTES)

typedef struct _FlRings FlRings;

FlRings *fl_rings_new   (GError    **error);
/* The memfd (close-on-exec: the runner lets the program's main process have it). */
int      fl_rings_fd    (FlRings    *self);
/* What the tracer is told: "FD SLOTS SLOT_BYTES HEADER_BYTES DATA_BYTES". */
char    *fl_rings_describe (FlRings *self);
/* Appends the whole records every ring holds to @into and frees their
 * room; a ring whose writer broke the format is dropped with a warning.
 * Returns the bytes appended. */
gsize    fl_rings_drain (FlRings    *self,
                         GByteArray *into);
void     fl_rings_free  (FlRings    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlRings, fl_rings_free)

G_END_DECLS

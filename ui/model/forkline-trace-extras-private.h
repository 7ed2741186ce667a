/* forkline-trace-extras-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "forkline-trace.h"

G_BEGIN_DECLS

/* Appends what of @ev does not fit the compact record (with_pid: its pid
 * is not the proc's usual one; wide: its type or flags exceed a byte);
 * returns the offset, G_MAXUINT32 if nothing needs storing.  Strings are
 * kept as pointers: they must outlive the blob (interned). */
guint32 _forkline_trace_extras_store (GByteArray          *extras,
                                      const ForklineEvent *ev,
                                      const char          *label,
                                      const char          *text,
                                      gboolean             with_pid,
                                      gboolean             wide);
/* Fills in the fields stored at offset; label and text "" if none. */
void    _forkline_trace_extras_load  (GByteArray          *extras,
                                      guint32              offset,
                                      ForklineEvent       *out);

G_END_DECLS

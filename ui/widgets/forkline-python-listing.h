/* forkline-python-listing.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lesson's Python listing marks the lines its text points to with a
 * trailing "  #<<" comment: the editor shows them without the marker,
 * shaded.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FORKLINE_LISTING_MARKER "#<<"

/* The listing without markers; *marked gets the 0-based marked lines. */
char  *forkline_python_listing_strip       (const char    *source,
                                            GArray       **marked);

G_END_DECLS

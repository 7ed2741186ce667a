/* forkline-python-listing.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills a GtkTextBuffer with a lesson's Python listing: the lines that end
 * with the "  #<<" marker lose the marker and are highlighted; keywords,
 * strings and comments get a light syntax colouring.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FORKLINE_LISTING_MARKER "#<<"

void   forkline_python_listing_setup       (GtkTextBuffer *buffer);
/* Returns the number of highlighted lines. */
guint  forkline_python_listing_fill        (GtkTextBuffer *buffer,
                                            const char    *source);
/* The listing without markers; *marked gets the 0-based marked lines. */
char  *forkline_python_listing_strip       (const char    *source,
                                            GArray       **marked);

G_END_DECLS

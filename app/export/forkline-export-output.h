/* forkline-export-output.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An output file that appears complete or not at all: bytes go to a
 * hidden temporary file in the same folder, renamed over the target only
 * when everything was written.  Private to app/export/.
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _ForklineOutputFile ForklineOutputFile;

ForklineOutputFile *forkline_output_file_open        (const char          *path,
                                                      GError             **error);
/* FALSE (and error) on failure; later writes then do nothing. */
gboolean            forkline_output_file_write       (ForklineOutputFile  *self,
                                                      const void          *data,
                                                      gsize                len,
                                                      GError             **error);
/* FALSE and the first write error, if a write failed. */
gboolean            forkline_output_file_check       (ForklineOutputFile  *self,
                                                      GError             **error);
/* A cairo_write_func_t; closure is the ForklineOutputFile. */
cairo_status_t      forkline_output_file_cairo_write (void                *closure,
                                                      const unsigned char *data,
                                                      unsigned int         len);
/* Renames the temporary file over the target, or removes it and reports
 * the first write error.  Frees @self either way. */
gboolean            forkline_output_file_commit      (ForklineOutputFile  *self,
                                                      GError             **error);
/* Removes the temporary file and frees @self. */
void                forkline_output_file_abort       (ForklineOutputFile  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ForklineOutputFile, forkline_output_file_abort)

G_END_DECLS

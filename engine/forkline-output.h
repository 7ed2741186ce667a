/* forkline-output.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's standard output (binary stream, readable text or JSON lines)
 * and the optional --record file (always the binary stream).
 */

#pragma once

#include "forkline-protocol.h"

G_BEGIN_DECLS

typedef enum
{
  FL_FORMAT_BINARY,
  FL_FORMAT_TEXT,
  FL_FORMAT_JSON,
} FlFormat;

typedef struct _FlOutput FlOutput;

FlOutput *fl_output_new    (int                  fd,
                            FlFormat             format,
                            int                  record_fd);
/* name: the process's name for text output, or NULL */
void      fl_output_event  (FlOutput            *self,
                            const ForklineEvent *event,
                            const char          *name);
/* Writes what fd takes without blocking; FALSE once the reader of fd has
 * gone away (EPIPE). */
gboolean  fl_output_flush  (FlOutput            *self);
/* Why the record file could not be written (ENOSPC, EFBIG…), or 0. */
int       fl_output_get_record_errno (FlOutput  *self);
/* Bytes still waiting for the reader of fd. */
gsize     fl_output_backlog (FlOutput           *self);
/* Stop writing to fd (the record file goes on). */
void      fl_output_set_reader_gone (FlOutput   *self);
void      fl_output_free   (FlOutput            *self);
char     *fl_event_to_text (const ForklineEvent *event,
                            const char          *name);
char     *fl_event_to_json (const ForklineEvent *event);

void      fl_output_set_quiet_prints (FlOutput *self,
                                      gboolean  quiet);

G_END_DECLS

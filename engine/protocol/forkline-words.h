/* forkline-words.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How events and numbers read, the same in the engine's --text lines, the
 * app's tooltips and details, and exported pictures: the words of the
 * table of event kinds, filled in.
 */

#pragma once

#include <glib.h>

#include "forkline-protocol.h"

G_BEGIN_DECLS

/* "1.5 ms", "250 µs", "2 s": three significant digits in the largest
 * unit below the value. */
char *forkline_format_duration (guint64 ns);

/* Names for the ids in an event; either function may be NULL or return
 * NULL, and then the words use a plain fallback ("the queue"). */
typedef struct
{
  const char *(*object_name) (gpointer data,
                              guint32  object);
  const char *(*proc_name)   (gpointer data,
                              gint     proc);
  gpointer      data;
} ForklineNames;

/* A value of a, b or c as its spec says it reads: tersely for --text
 * ("OK", "perf-switch", "1") or in words ("finished", the process's
 * name). */
char *forkline_value_format    (const ForklineValueSpec *spec,
                                gint64                   value,
                                gboolean                 in_words,
                                const ForklineNames     *names);
/* The event as its kind's words say it: "put() on queue".  An unknown
 * type reads as its number. */
char *forkline_event_words     (const ForklineEvent     *event,
                                const ForklineNames     *names);

/* Appends @str (@len bytes, -1: up to NUL) as a JSON string: quoted,
 * escaped, invalid UTF-8 replaced.  The one escaper of the project. */
void  forkline_json_append_string (GString              *out,
                                   const char           *str,
                                   gssize                len);

G_END_DECLS

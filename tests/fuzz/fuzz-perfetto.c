/* fuzz-perfetto.c — any bytes as a trace, written as Perfetto JSON, which
 * must stay JSON whatever the trace's strings hold.
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-export-perfetto.h"
#include "fuzz-target.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  GString *json;

  forkline_trace_load_bytes (trace, bytes, NULL);
  json = forkline_export_perfetto_to_string (trace);
  g_assert (g_str_has_prefix (json->str, "{"));
  g_assert (g_str_has_suffix (json->str, "}\n"));
  g_assert (g_utf8_validate (json->str, (gssize) json->len, NULL));
  g_assert (strlen (json->str) == json->len);   /* no NUL inside */
  g_string_free (json, TRUE);
  return 0;
}

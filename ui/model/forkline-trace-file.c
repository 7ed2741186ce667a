/* forkline-trace-file.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading and writing .forkline files: the engine's binary stream, fed
 * through the decoder on load and encoded again from the stored events
 * on save.
 */

#include "config.h"

#include "forkline-trace.h"

gboolean
forkline_trace_load_bytes (ForklineTrace  *self,
                           GBytes         *bytes,
                           GError        **error)
{
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);

  return forkline_trace_feed (self, data, len, error) &&
         forkline_trace_finish_stream (self, error);
}

gboolean
forkline_trace_load_file (ForklineTrace  *self,
                          const char     *path,
                          GError        **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* GLib's own message already names the file. */
  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;

  display = g_filename_display_basename (path);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

  if (!forkline_trace_load_bytes (self, bytes, &local_error))
    {
      if (g_error_matches (local_error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_TRUNCATED) &&
          forkline_trace_get_n_events (self) > 0)
        g_prefix_error (&local_error, "%s is cut short; showing the %u events before the cut. ",
                        display, forkline_trace_get_n_events (self));
      else
        g_prefix_error (&local_error, "%s: ", display);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

GBytes *
forkline_trace_to_bytes (ForklineTrace *self)
{
  g_autoptr(GByteArray) out = NULL;
  guint8 *buf;
  guint n_events;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), NULL);

  n_events = forkline_trace_get_n_events (self);
  out = g_byte_array_sized_new (FORKLINE_MAGIC_LEN + n_events * 72);
  buf = g_malloc (FORKLINE_MAX_RECORD);

  forkline_magic_encode (buf, FORKLINE_MAX_RECORD);
  g_byte_array_append (out, buf, FORKLINE_MAGIC_LEN);

  for (guint i = 0; i < n_events; i++)
    {
      ForklineEvent ev;
      gsize n;

      forkline_trace_get_event (self, i, &ev);
      n = forkline_event_encode (&ev, buf, FORKLINE_MAX_RECORD);
      if (n > 0 && n <= FORKLINE_MAX_RECORD)
        g_byte_array_append (out, buf, n);
    }

  g_free (buf);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
forkline_trace_save (ForklineTrace  *self,
                     const char     *path,
                     GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = forkline_trace_to_bytes (self);

  /* g_file_set_contents writes a temporary and renames it: no partial file. */
  return g_file_set_contents (path,
                              g_bytes_get_data (bytes, NULL),
                              g_bytes_get_size (bytes),
                              error);
}

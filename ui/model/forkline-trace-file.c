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

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "forkline-trace.h"

/* How much of a file is read at once on load. */
#define FEED_BLOCK (256 * 1024)

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

/* What a path that is not a regular file is, in words; NULL for a file. */
static const char *
not_a_file (mode_t mode)
{
  if (S_ISREG (mode))
    return NULL;
  if (S_ISDIR (mode))
    return "a folder";
  if (S_ISFIFO (mode))
    return "a pipe (FIFO)";
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return "a device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a regular file";
}

/* Feeds the file to the decoder a block at a time, up to the size it had
 * when opened (one that grows meanwhile is read as it was): what the load
 * holds is the model and one block, never the file. */
static gboolean
feed_file (ForklineTrace  *self,
           int             fd,
           goffset         size,
           const char     *display,
           GError        **error)
{
  g_autofree guint8 *block = g_malloc (FEED_BLOCK);
  goffset done = 0;

  while (done < size)
    {
      ssize_t n = read (fd, block, (gsize) MIN ((goffset) FEED_BLOCK, size - done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "%s cannot be read: %s", display, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;   /* it shrank: what is there is all there is */
      if (!forkline_trace_feed (self, block, (gsize) n, error))
        return FALSE;
      done += n;
    }
  if (!forkline_trace_finish_stream (self, error))
    return FALSE;
  /* cut on a record's boundary: whole records, but not the whole run */
  if (forkline_trace_get_lesson_end (self)->event == FORKLINE_NO_EVENT)
    {
      g_set_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_TRUNCATED,
                   "The run did not finish: the trace ends before its lesson-end record");
      return FALSE;
    }
  return TRUE;
}

gboolean
forkline_trace_load_file (ForklineTrace  *self,
                          const char     *path,
                          GError        **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *what;
  struct stat st;
  int fd;

  g_return_val_if_fail (FORKLINE_IS_TRACE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  /* never blocking in open() on a FIFO nobody writes to */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s cannot be opened: %s", display, g_strerror (saved));
      return FALSE;
    }
  what = fstat (fd, &st) < 0 ? "unreadable" : not_a_file (st.st_mode);
  if (what != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s is %s, not a saved run: open a .forkline file", display, what);
      close (fd);
      return FALSE;
    }
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);

  g_free (display);
  display = g_filename_display_basename (path);
  if (!feed_file (self, fd, st.st_size, display, &local_error))
    {
      if (g_error_matches (local_error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_TRUNCATED) &&
          forkline_trace_get_n_events (self) > 0)
        g_prefix_error (&local_error, "%s is cut short; showing the %u events before the cut. ",
                        display, forkline_trace_get_n_events (self));
      else if (local_error->domain != G_FILE_ERROR)
        g_prefix_error (&local_error, "%s: ", display);
      g_propagate_error (error, g_steal_pointer (&local_error));
      close (fd);
      return FALSE;
    }

  close (fd);
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

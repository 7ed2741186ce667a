/* forkline-export-output.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "forkline-export-output.h"

struct _ForklineOutputFile
{
  char   *path;
  char   *tmp_path;
  int     fd;
  GError *error;    /* the first write error, kept for commit */
};

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "Cannot write “%s”: %s", path, g_strerror (saved_errno));
}

ForklineOutputFile *
forkline_output_file_open (const char  *path,
                           GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  ForklineOutputFile *self;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  /* Same folder as the target so the final rename() is atomic. */
  tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  self = g_new0 (ForklineOutputFile, 1);
  self->path = g_strdup (path);
  self->tmp_path = g_steal_pointer (&tmpl);
  self->fd = fd;
  return self;
}

gboolean
forkline_output_file_write (ForklineOutputFile  *self,
                            const void          *data,
                            gsize                len,
                            GError             **error)
{
  const guint8 *p = data;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!forkline_output_file_check (self, error))
    return FALSE;

  while (len > 0)
    {
      gssize n = write (self->fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          set_errno_error (&self->error, n < 0 ? errno : ENOSPC, self->path);
          if (error != NULL)
            *error = g_error_copy (self->error);
          return FALSE;
        }
      p += n;
      len -= n;
    }

  return TRUE;
}

gboolean
forkline_output_file_check (ForklineOutputFile  *self,
                            GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error == NULL)
    return TRUE;
  if (error != NULL)
    *error = g_error_copy (self->error);
  return FALSE;
}

cairo_status_t
forkline_output_file_cairo_write (void                *closure,
                                  const unsigned char *data,
                                  unsigned int         len)
{
  ForklineOutputFile *self = closure;

  if (!forkline_output_file_write (self, data, len, NULL))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static void
forkline_output_file_free (ForklineOutputFile *self)
{
  if (self->fd >= 0)
    close (self->fd);
  g_clear_error (&self->error);
  g_free (self->tmp_path);
  g_free (self->path);
  g_free (self);
}

gboolean
forkline_output_file_commit (ForklineOutputFile  *self,
                             GError             **error)
{
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error == NULL && fsync (self->fd) != 0 && errno != EINVAL)
    set_errno_error (&self->error, errno, self->path);

  /* close() is where NFS and some full disks report the failure. */
  fd = self->fd;
  self->fd = -1;
  if (close (fd) != 0 && self->error == NULL)
    set_errno_error (&self->error, errno, self->path);

  if (self->error == NULL && g_rename (self->tmp_path, self->path) != 0)
    set_errno_error (&self->error, errno, self->path);

  if (self->error != NULL)
    {
      g_unlink (self->tmp_path);
      g_propagate_error (error, g_steal_pointer (&self->error));
      forkline_output_file_free (self);
      return FALSE;
    }

  forkline_output_file_free (self);
  return TRUE;
}

void
forkline_output_file_abort (ForklineOutputFile *self)
{
  if (self == NULL)
    return;

  g_unlink (self->tmp_path);
  forkline_output_file_free (self);
}

/* forkline-mp-queue.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Queue, as CPython builds it: a pipe carries the items and
 * a process-shared lock serialises the readers, who take turns (a Pool's
 * idle workers thus take tasks in turn, as in CPython).  Each item travels as one
 * write() of at most PIPE_BUF bytes, so concurrent writers need no lock of
 * their own (CPython's feeder thread is not needed for items this small).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "forkline-mp.h"
#include "forkline-mp-shm.h"

#define ITEM_NONE 0x1

typedef struct
{
  guint32 len;
  guint32 flags;
  guint64 msg_id;
} ItemHeader;

struct _FlQueue
{
  FlFairLock      rlock;
  guint32         id;
  int             rfd;
  int             wfd;
  char            name[32];
};

FlQueue *
fl_queue_new (const char *name)
{
  FlQueue *self = fl_shm_alloc (sizeof (FlQueue));
  int fds[2];

  if (pipe2 (fds, O_CLOEXEC) < 0)
    fl_fail ("Could not create a queue's pipe");
  fl_fair_lock_init (&self->rlock);
  self->id = fl_object_id_new ();
  self->rfd = fds[0];
  self->wfd = fds[1];
  g_strlcpy (self->name, name ? name : "", sizeof self->name);
  /* A NULL name is the Pool's own plumbing: not a lesson object. */
  if (name != NULL)
    fl_emit (FORKLINE_EV_OBJECT_NEW, self->id, 0, FORKLINE_OBJECT_QUEUE, 0, 0, name, NULL);
  return self;
}

void
fl_queue_put_raw (FlQueue    *self,
                  const void *data,
                  gsize       len,
                  guint64     msg_id)
{
  guint8 buf[PIPE_BUF];
  ItemHeader h = { 0 };

  len = MIN (len, sizeof buf - sizeof h);
  h.len = (guint32) len;
  h.flags = data == NULL ? ITEM_NONE : 0;
  h.msg_id = msg_id;
  memcpy (buf, &h, sizeof h);
  if (len > 0)
    memcpy (buf + sizeof h, data, len);
  fl_write_full (self->wfd, buf, sizeof h + len);
}

static gboolean
wait_readable (int fd,
               int timeout_ms)
{
  struct pollfd pfd = { fd, POLLIN, 0 };
  int r;

  do
    r = poll (&pfd, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  return r > 0;
}

gssize
fl_queue_get_raw (FlQueue *self,
                  void    *buf,
                  gsize    buf_len,
                  int      timeout_ms,
                  guint64 *msg_id)
{
  ItemHeader h;
  gssize ret;

  fl_fair_lock_acquire (&self->rlock);
  if (!wait_readable (self->rfd, timeout_ms))
    {
      fl_fair_lock_release (&self->rlock);
      return -1;
    }
  if (!fl_read_full (self->rfd, &h, sizeof h) || h.len > buf_len ||
      (h.len > 0 && !fl_read_full (self->rfd, buf, h.len)))
    {
      fl_fair_lock_release (&self->rlock);
      return 0;
    }
  fl_fair_lock_release (&self->rlock);

  if (msg_id != NULL)
    *msg_id = h.msg_id;
  ret = (h.flags & ITEM_NONE) ? 0 : (gssize) h.len + 1;
  return ret;
}

void
fl_queue_put (FlQueue    *self,
              const char *item)
{
  guint64 msg_id = fl_msg_id_new ();

  /* Reported before the bytes leave, so the put never sorts after its get. */
  fl_emit (FORKLINE_EV_QUEUE_PUT, self->id, msg_id, 0, 0, 0, self->name,
           item != NULL ? item : "None");
  fl_queue_put_raw (self, item, item != NULL ? strlen (item) : 0, msg_id);
}

gboolean
fl_queue_get (FlQueue  *self,
              double    timeout,
              char    **item)
{
  char buf[PIPE_BUF];
  guint64 msg_id = 0;
  gboolean blocked = FALSE;
  gssize n;

  *item = NULL;
  if (!wait_readable (self->rfd, 0))
    {
      char label[64];

      g_snprintf (label, sizeof label, "get() waits on %s", self->name);
      fl_emit_state (FORKLINE_STATE_WAIT_QUEUE, self->id, 0, label);
      blocked = TRUE;
    }

  n = fl_queue_get_raw (self, buf, sizeof buf - 1, timeout < 0 ? -1 : (int) (timeout * 1000), &msg_id);
  if (blocked)
    fl_emit_state (FORKLINE_STATE_RUNNING, 0, 0, NULL);
  if (n < 0)
    return FALSE;

  if (n > 0)
    {
      buf[n - 1] = '\0';
      *item = g_strdup (buf);
    }
  fl_emit (FORKLINE_EV_QUEUE_GET, self->id, msg_id, 0, 0, 0, self->name,
           *item != NULL ? *item : "None");
  return TRUE;
}

gboolean
fl_queue_empty (FlQueue *self)
{
  gboolean empty = !wait_readable (self->rfd, 0);

  fl_emit (FORKLINE_EV_QUEUE_EMPTY, self->id, 0, empty, 0, 0, self->name, NULL);
  return empty;
}

/* forkline-mp-pipe.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Pipe(): a socketpair, duplex like CPython's.  A reader sees
 * EOF only once every copy of the other end is closed, in every process that
 * holds one; fork() hands the child a copy of every end its parent still
 * holds.  So the runtime reports each holding (PIPE_HOLD) at creation, at
 * fork and at close, and the engine ends them when a process exits: the app
 * can then show why a recv() still waits.
 */

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "forkline-mp.h"
#include "forkline-mp-shm.h"

#define MAX_PIPES 32

typedef struct
{
  guint32 len;
  guint32 reserved;
  guint64 msg_id;
} MsgHeader;

struct _FlConnection
{
  FlPipe   *pipe;
  int       end;
  int       fd;
  gboolean  closed;     /* in this process */
};

struct _FlPipe
{
  guint32      id;
  char         name[32];
  FlConnection ends[2];
};

/* The pipes this process knows of; fork() copies the list with the fds. */
static FlPipe *pipes[MAX_PIPES];
static guint n_pipes;

static void
emit_hold (FlConnection *conn,
           gboolean      holds)
{
  fl_emit (FORKLINE_EV_PIPE_HOLD, conn->pipe->id, 0, conn->end, holds, 0, conn->pipe->name, NULL);
}

FlPipe *
fl_pipe_new (const char *name)
{
  FlPipe *self = g_new0 (FlPipe, 1);
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
    fl_fail ("Could not create a pipe (socketpair)");

  self->id = fl_object_id_new ();
  g_strlcpy (self->name, name, sizeof self->name);
  for (int i = 0; i < 2; i++)
    {
      self->ends[i].pipe = self;
      self->ends[i].end = i;
      self->ends[i].fd = fds[i];
    }
  if (n_pipes < MAX_PIPES)
    pipes[n_pipes++] = self;

  fl_emit (FORKLINE_EV_OBJECT_NEW, self->id, 0, FORKLINE_OBJECT_PIPE, 2, 0, name, NULL);
  emit_hold (&self->ends[0], TRUE);
  emit_hold (&self->ends[1], TRUE);
  return self;
}

FlConnection *
fl_pipe_end (FlPipe *self,
             int     end)
{
  g_assert (end == 0 || end == 1);
  return &self->ends[end];
}

void
fl_pipes_inherited (void)
{
  for (guint i = 0; i < n_pipes; i++)
    for (int e = 0; e < 2; e++)
      if (!pipes[i]->ends[e].closed)
        emit_hold (&pipes[i]->ends[e], TRUE);
}

void
fl_conn_send (FlConnection *conn,
              const char   *msg)
{
  guint8 buf[PIPE_BUF];
  MsgHeader h = { 0 };
  gsize len = MIN (strlen (msg), sizeof buf - sizeof h);

  h.len = (guint32) len;
  h.msg_id = fl_msg_id_new ();
  memcpy (buf, &h, sizeof h);
  memcpy (buf + sizeof h, msg, len);
  fl_emit (FORKLINE_EV_PIPE_SEND, conn->pipe->id, h.msg_id, conn->end, 0, 0, conn->pipe->name, msg);
  fl_write_full (conn->fd, buf, sizeof h + len);
}

/* No copy of the other end is left open anywhere: Python raises EOFError. */
static char *
recv_eof (FlConnection *conn,
          gboolean      blocked)
{
  if (blocked)
    fl_emit_state (FORKLINE_STATE_RUNNING, 0, 0, NULL);
  fl_emit (FORKLINE_EV_PIPE_EOF, conn->pipe->id, 0, conn->end, 0, 0, conn->pipe->name, NULL);
  return NULL;
}

char *
fl_conn_recv (FlConnection *conn)
{
  struct pollfd pfd = { conn->fd, POLLIN, 0 };
  gboolean blocked = FALSE;
  MsgHeader h;
  char *msg;

  if (poll (&pfd, 1, 0) <= 0)
    {
      char label[64];

      g_snprintf (label, sizeof label, "recv() waits on %s end %d", conn->pipe->name, conn->end);
      fl_emit_state (FORKLINE_STATE_WAIT_PIPE, conn->pipe->id, 0, label);
      blocked = TRUE;
    }

  if (!fl_read_full (conn->fd, &h, sizeof h))
    return recv_eof (conn, blocked);

  msg = g_malloc0 (h.len + 1);
  if (h.len > 0 && !fl_read_full (conn->fd, msg, h.len))
    {
      g_free (msg);
      return recv_eof (conn, blocked);
    }
  if (blocked)
    fl_emit_state (FORKLINE_STATE_RUNNING, 0, 0, NULL);
  fl_emit (FORKLINE_EV_PIPE_RECV, conn->pipe->id, h.msg_id, conn->end, 0, 0, conn->pipe->name, msg);
  return msg;
}

void
fl_conn_close (FlConnection *conn)
{
  if (conn->closed)
    return;
  close (conn->fd);
  conn->closed = TRUE;
  fl_emit (FORKLINE_EV_PIPE_CLOSE, conn->pipe->id, 0, conn->end, 0, 0, conn->pipe->name, NULL);
  emit_hold (conn, FALSE);
}

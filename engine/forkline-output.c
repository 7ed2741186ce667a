/* forkline-output.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "forkline-output.h"

struct _FlOutput
{
  int         fd;
  int         record_fd;
  FlFormat    format;
  GByteArray *out;
  GByteArray *record;
  int         saved_flags;  /* fd's flags before O_NONBLOCK, or -1 */
  gboolean    reader_gone;
};

/* A reader that stops reading must not stall the engine in write(): it
 * would no longer see signals nor the timeout, and could never kill the run.
 * So a pipe or socket on stdout is written without blocking, and what it
 * cannot take yet waits in the buffer.  (A terminal or a file is left
 * alone: its flags are shared with the shell.) */
static int
make_nonblocking (int fd)
{
  struct stat st;
  int flags;

  if (fstat (fd, &st) < 0 || !(S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode)))
    return -1;
  flags = fcntl (fd, F_GETFL);
  if (flags < 0 || fcntl (fd, F_SETFL, flags | O_NONBLOCK) < 0)
    return -1;
  return flags;
}

FlOutput *
fl_output_new (int      fd,
               FlFormat format,
               int      record_fd)
{
  FlOutput *self = g_new0 (FlOutput, 1);
  guint8 magic[FORKLINE_MAGIC_LEN];

  self->fd = fd;
  self->record_fd = record_fd;
  self->format = format;
  self->out = g_byte_array_new ();
  self->record = g_byte_array_new ();
  self->saved_flags = make_nonblocking (fd);
  forkline_magic_encode (magic, sizeof magic);
  if (format == FL_FORMAT_BINARY)
    g_byte_array_append (self->out, magic, sizeof magic);
  if (record_fd >= 0)
    g_byte_array_append (self->record, magic, sizeof magic);
  return self;
}

static void
append_str (GString    *s,
            const char *str,
            guint32     len)
{
  g_string_append_len (s, str ? str : "", str ? len : 0);
}

/* What records about a queue, pipe, lock or array say. */
static void
append_object_fields (GString             *s,
                      const ForklineEvent *ev)
{
  g_string_append_printf (s, " obj %u", ev->object);
  if (ev->msg_id != 0)
    g_string_append_printf (s, " msg %" G_GUINT64_FORMAT, ev->msg_id);
  if (ev->type == FORKLINE_EV_QUEUE_EMPTY)
    g_string_append_printf (s, " empty=%s", ev->a ? "True" : "False");
  else if (ev->type == FORKLINE_EV_PIPE_HOLD)
    g_string_append_printf (s, " end %" G_GINT64_FORMAT " %s", ev->a, ev->b ? "held" : "released");
  else if (ev->type >= FORKLINE_EV_PIPE_SEND && ev->type <= FORKLINE_EV_PIPE_EOF)
    g_string_append_printf (s, " end %" G_GINT64_FORMAT, ev->a);
  else if (ev->type == FORKLINE_EV_LOCK_ACQUIRE)
    g_string_append_printf (s, " waited %.3f ms", ev->a / 1e6);
  else if (ev->type == FORKLINE_EV_ARRAY_WRITE)
    g_string_append_printf (s, " [%" G_GINT64_FORMAT "] %" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT,
                            ev->a, ev->b, ev->c);
  else if (ev->type == FORKLINE_EV_ARRAY_READ)
    g_string_append_printf (s, " [%" G_GINT64_FORMAT "] = %" G_GINT64_FORMAT, ev->a, ev->b);
}

/* The type-specific part of a text line. */
static void
append_fields (GString             *s,
               const ForklineEvent *ev)
{
  switch (ev->type)
    {
    case FORKLINE_EV_HEADER:
      g_string_append_printf (s, " version %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " CPUs, method %s, lesson ",
                              ev->a, ev->b,
                              ev->c == FORKLINE_METHOD_PERF_SWITCH ? "perf-switch (exact)" :
                              ev->c == FORKLINE_METHOD_PROC_SAMPLED ? "proc-sampled (1 kHz)" : "none");
      append_str (s, ev->label, ev->label_len);
      g_string_append (s, ", ");
      append_str (s, ev->text, ev->text_len);
      break;
    case FORKLINE_EV_PROC_FORK:
      g_string_append_printf (s, " proc %d forked by pid %d (proc %" G_GINT64_FORMAT ")", ev->proc, ev->peer_pid, ev->a);
      break;
    case FORKLINE_EV_PROC_EXIT:
      if (ev->b != 0)
        g_string_append_printf (s, " killed by signal %" G_GINT64_FORMAT " (%s)", ev->b, g_strsignal ((int) ev->b));
      else
        g_string_append_printf (s, " exit code %" G_GINT64_FORMAT, ev->a);
      g_string_append_printf (s, ", cpu time %.3f ms", ev->c / 1e6);
      break;
    case FORKLINE_EV_PROC_REAP:
      g_string_append_printf (s, " reaped by pid %d", ev->peer_pid);
      break;
    case FORKLINE_EV_STATE:
      g_string_append_printf (s, " %s", forkline_state_name ((ForklineState) ev->a));
      break;
    case FORKLINE_EV_SWITCH_IN:
    case FORKLINE_EV_SWITCH_OUT:
      if (ev->flags & FORKLINE_FLAG_SAMPLED)
        g_string_append (s, " (sampled)");
      break;
    case FORKLINE_EV_OBJECT_NEW:
    case FORKLINE_EV_QUEUE_PUT:
    case FORKLINE_EV_QUEUE_GET:
    case FORKLINE_EV_QUEUE_EMPTY:
    case FORKLINE_EV_PIPE_SEND:
    case FORKLINE_EV_PIPE_RECV:
    case FORKLINE_EV_PIPE_CLOSE:
    case FORKLINE_EV_PIPE_EOF:
    case FORKLINE_EV_PIPE_HOLD:
    case FORKLINE_EV_LOCK_WAIT:
    case FORKLINE_EV_LOCK_ACQUIRE:
    case FORKLINE_EV_LOCK_RELEASE:
    case FORKLINE_EV_ARRAY_WRITE:
    case FORKLINE_EV_ARRAY_READ:
      append_object_fields (s, ev);
      break;
    case FORKLINE_EV_TASK_DISPATCH:
      g_string_append_printf (s, " task %" G_GINT64_FORMAT " in chunk %" G_GINT64_FORMAT " (size %" G_GINT64_FORMAT ")",
                              ev->a, ev->b, ev->c);
      break;
    case FORKLINE_EV_TASK_START:
    case FORKLINE_EV_TASK_FINISH:
      g_string_append_printf (s, " task %" G_GINT64_FORMAT " (chunk %" G_GINT64_FORMAT ")", ev->a, ev->b);
      break;
    case FORKLINE_EV_LESSON_END:
      g_string_append_printf (s, " result %s",
                              ev->a == FORKLINE_RESULT_OK ? "OK" :
                              ev->a == FORKLINE_RESULT_ERROR ? "ERROR" :
                              ev->a == FORKLINE_RESULT_TIMEOUT ? "TIMEOUT" : "INTERRUPTED");
      break;
    default:
      break;
    }
}

char *
fl_event_to_text (const ForklineEvent *ev,
                  const char          *name)
{
  GString *s = g_string_new (NULL);
  const char *type = forkline_event_type_name (ev->type);

  g_string_append_printf (s, "%11.6f ", ev->time_ns / 1e9);
  if (ev->cpu >= 0)
    g_string_append_printf (s, "cpu%-2d ", ev->cpu);
  else
    g_string_append (s, "cpu-  ");
  if (ev->proc >= 0)
    g_string_append_printf (s, "%-14s ", name ? name : "?");
  else
    g_string_append_printf (s, "%-14s ", "-");
  g_string_append_printf (s, "pid %-7d %-13s", ev->pid, type ? type : "?");
  append_fields (s, ev);

  if (ev->type != FORKLINE_EV_HEADER)
    {
      if (ev->label_len > 0 && ev->type != FORKLINE_EV_PROC_START)
        {
          g_string_append (s, " “");
          append_str (s, ev->label, ev->label_len);
          g_string_append (s, "”");
        }
      if (ev->text_len > 0)
        {
          g_string_append (s, ": ");
          append_str (s, ev->text, ev->text_len);
        }
    }
  return g_string_free (s, FALSE);
}

void
fl_json_append_string (GString    *s,
                       const char *str,
                       gsize       len)
{
  g_string_append_c (s, '"');
  for (gsize i = 0; str != NULL && i < len; i++)
    {
      guchar c = (guchar) str[i];

      if (c == '"' || c == '\\')
        g_string_append_printf (s, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (s, "\\u%04x", c);
      else
        g_string_append_c (s, (char) c);
    }
  g_string_append_c (s, '"');
}

char *
fl_event_to_json (const ForklineEvent *ev)
{
  GString *s = g_string_new (NULL);
  const char *type = forkline_event_type_name (ev->type);

  g_string_append_printf (s,
                          "{\"type\":\"%s\",\"time_ns\":%" G_GUINT64_FORMAT ",\"flags\":%u,\"pid\":%d,"
                          "\"peer_pid\":%d,\"proc\":%d,\"cpu\":%d,\"object\":%u,\"msg_id\":%" G_GUINT64_FORMAT
                          ",\"a\":%" G_GINT64_FORMAT ",\"b\":%" G_GINT64_FORMAT ",\"c\":%" G_GINT64_FORMAT ",\"label\":",
                          type ? type : "UNKNOWN", ev->time_ns, ev->flags, ev->pid, ev->peer_pid, ev->proc,
                          ev->cpu, ev->object, ev->msg_id, ev->a, ev->b, ev->c);
  fl_json_append_string (s, ev->label, ev->label_len);
  g_string_append (s, ",\"text\":");
  fl_json_append_string (s, ev->text, ev->text_len);
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

void
fl_output_event (FlOutput            *self,
                 const ForklineEvent *event,
                 const char          *name)
{
  gsize len = forkline_event_encode (event, NULL, 0);
  g_autofree guint8 *buf = g_malloc (len);

  forkline_event_encode (event, buf, len);
  if (self->record_fd >= 0)
    g_byte_array_append (self->record, buf, len);

  switch (self->format)
    {
    case FL_FORMAT_BINARY:
      g_byte_array_append (self->out, buf, len);
      break;
    case FL_FORMAT_TEXT:
      {
        g_autofree char *line = fl_event_to_text (event, name);
        g_byte_array_append (self->out, (guint8 *) line, strlen (line));
        g_byte_array_append (self->out, (guint8 *) "\n", 1);
        /* A terminal user sees the program's own output, as Python prints it. */
        if (event->type == FORKLINE_EV_PRINT)
          {
            g_autofree char *p = g_strdup_printf ("%.*s\n", (int) event->text_len, event->text ? event->text : "");
            fl_output_flush (self);
            if (write (STDERR_FILENO, p, strlen (p)) < 0)
              {
                /* stderr gone: nothing more to tell */
              }
          }
        break;
      }
    case FL_FORMAT_JSON:
      {
        g_autofree char *line = fl_event_to_json (event);
        g_byte_array_append (self->out, (guint8 *) line, strlen (line));
        g_byte_array_append (self->out, (guint8 *) "\n", 1);
        break;
      }
    default:
      g_assert_not_reached ();
    }
}

/* Writes what fd takes now; FALSE if it is broken (EPIPE, ...). */
static gboolean
drain (int         fd,
       GByteArray *buf)
{
  gsize done = 0;
  gboolean ok = TRUE;

  while (done < buf->len)
    {
      ssize_t n = write (fd, buf->data + done, buf->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        break;
      if (n < 0)
        {
          ok = FALSE;
          done = buf->len;
          break;
        }
      done += (gsize) n;
    }
  g_byte_array_remove_range (buf, 0, (guint) done);
  return ok;
}

gboolean
fl_output_flush (FlOutput *self)
{
  if (self->record_fd >= 0 && self->record->len > 0)
    drain (self->record_fd, self->record);
  if (self->reader_gone)
    {
      g_byte_array_set_size (self->out, 0);
      return FALSE;
    }
  if (self->out->len > 0 && !drain (self->fd, self->out))
    self->reader_gone = TRUE;
  return !self->reader_gone;
}

gsize
fl_output_backlog (FlOutput *self)
{
  return self->reader_gone ? 0 : self->out->len;
}

void
fl_output_set_reader_gone (FlOutput *self)
{
  self->reader_gone = TRUE;
}

void
fl_output_free (FlOutput *self)
{
  if (self == NULL)
    return;
  fl_output_flush (self);
  if (self->saved_flags >= 0)
    fcntl (self->fd, F_SETFL, self->saved_flags);
  g_byte_array_unref (self->out);
  g_byte_array_unref (self->record);
  g_free (self);
}

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
#include "forkline-words.h"

struct _FlOutput
{
  int         fd;
  int         record_fd;
  FlFormat    format;
  GByteArray *out;
  gsize       out_head;     /* bytes of out already written */
  GByteArray *record;
  gsize       record_head;
  int         saved_flags;  /* fd's flags before O_NONBLOCK, or -1 */
  gboolean    reader_gone;
  gboolean    quiet_prints; /* the program writes its own output */
  int         record_errno; /* why the record file could not be written, 0 */
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

/* A value named by the table of event kinds: " end 1", " waited 1.5 ms". */
static void
append_value (GString                 *s,
              const ForklineValueSpec *spec,
              gint64                   value)
{
  g_autofree char *v = NULL;

  if (spec->name == NULL)
    return;
  v = forkline_value_format (spec, value, FALSE, NULL);
  g_string_append_printf (s, " %s %s", spec->name, v);
}

/* One event, one line: a newline inside a text (a program's source) reads
 * as \n, a backslash as \\. */
static void
append_one_line (GString    *s,
                 const char *text,
                 gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\n')
        g_string_append (s, "\\n");
      else if (text[i] == '\\')
        g_string_append (s, "\\\\");
      else
        g_string_append_c (s, text[i]);
    }
}

char *
fl_event_to_text (const ForklineEvent *ev,
                  const char          *name)
{
  const ForklineEventKind *kind = forkline_event_kind (ev->type);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%11.6f ", ev->time_ns / 1e9);
  if (ev->cpu >= 0)
    g_string_append_printf (s, "cpu%-2d ", ev->cpu);
  else
    g_string_append (s, "cpu-  ");
  g_string_append_printf (s, "%-14s pid %-7d %-13s", ev->proc >= 0 && name ? name : ev->proc >= 0 ? "?" : "-",
                          ev->pid, kind ? kind->name : "?");
  if (kind == NULL)
    return g_string_free (s, FALSE);

  if ((kind->fields & FORKLINE_FIELD_PEER) && ev->peer_pid != 0)
    g_string_append_printf (s, " peer %d", ev->peer_pid);
  if (kind->fields & FORKLINE_FIELD_OBJECT)
    g_string_append_printf (s, " obj %u", ev->object);
  if ((kind->fields & FORKLINE_FIELD_MSG) && ev->msg_id != 0)
    g_string_append_printf (s, " msg %" G_GUINT64_FORMAT, ev->msg_id);
  append_value (s, &kind->a, ev->a);
  append_value (s, &kind->b, ev->b);
  append_value (s, &kind->c, ev->c);
  if (ev->flags & FORKLINE_FLAG_SAMPLED)
    g_string_append (s, " (sampled)");
  if (kind->label != NULL && ev->label_len > 0)
    {
      g_string_append (s, " “");
      g_string_append_len (s, ev->label, ev->label_len);
      g_string_append (s, "”");
    }
  if (kind->text != NULL && ev->text_len > 0)
    {
      g_string_append (s, ": ");
      append_one_line (s, ev->text, ev->text_len);
    }
  return g_string_free (s, FALSE);
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
  forkline_json_append_string (s, ev->label, ev->label_len);
  g_string_append (s, ",\"text\":");
  forkline_json_append_string (s, ev->text, ev->text_len);
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

void
fl_output_event (FlOutput            *self,
                 const ForklineEvent *event,
                 const char          *name)
{
  gsize len = forkline_event_encode (event, NULL, 0);

  /* encoded where it goes: no allocation per record */
  if (self->record_fd >= 0 && self->record_errno == 0)
    {
      guint at = self->record->len;

      g_byte_array_set_size (self->record, at + (guint) len);
      forkline_event_encode (event, self->record->data + at, len);
    }

  switch (self->format)
    {
    case FL_FORMAT_BINARY:
      {
        guint at = self->out->len;

        g_byte_array_set_size (self->out, at + (guint) len);
        forkline_event_encode (event, self->out->data + at, len);
        break;
      }
    case FL_FORMAT_TEXT:
      {
        g_autofree char *line = fl_event_to_text (event, name);
        g_byte_array_append (self->out, (guint8 *) line, strlen (line));
        g_byte_array_append (self->out, (guint8 *) "\n", 1);
        /* A terminal user sees the program's own output, as Python prints it. */
        if (event->type == FORKLINE_EV_PRINT && !self->quiet_prints)
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

/* Written bytes stay in front of @head until half the buffer is written:
 * removing them at every write would move the whole backlog each time a
 * slow reader takes 64 KiB. */
#define COMPACT_AFTER (1024 * 1024)

/* Writes what fd takes now from *head on; FALSE if it is broken (EPIPE,
 * ENOSPC, ...), with errno saying why. */
static gboolean
drain (int         fd,
       GByteArray *buf,
       gsize      *head)
{
  gboolean ok = TRUE;
  int saved = 0;

  while (*head < buf->len)
    {
      ssize_t n = write (fd, buf->data + *head, buf->len - *head);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        break;
      if (n < 0)
        {
          saved = errno;
          ok = FALSE;
          *head = buf->len;
          break;
        }
      *head += (gsize) n;
    }
  if (*head == buf->len)
    {
      g_byte_array_set_size (buf, 0);
      *head = 0;
    }
  else if (*head >= COMPACT_AFTER && *head * 2 >= buf->len)
    {
      g_byte_array_remove_range (buf, 0, (guint) *head);
      *head = 0;
    }
  errno = saved;
  return ok;
}

gboolean
fl_output_flush (FlOutput *self)
{
  /* a record that cannot be written is not written on (the run goes on;
   * the engine says at its end that it was not saved) */
  if (self->record_fd >= 0 && self->record->len > 0 &&
      !drain (self->record_fd, self->record, &self->record_head))
    self->record_errno = errno != 0 ? errno : EIO;
  if (self->reader_gone)
    {
      g_byte_array_set_size (self->out, 0);
      self->out_head = 0;
      return FALSE;
    }
  if (self->out->len > 0 && !drain (self->fd, self->out, &self->out_head))
    self->reader_gone = TRUE;
  return !self->reader_gone;
}

int
fl_output_get_record_errno (FlOutput *self)
{
  return self->record_errno;
}

gsize
fl_output_backlog (FlOutput *self)
{
  return self->reader_gone ? 0 : self->out->len - self->out_head;
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

/* A Python program prints for itself (to stderr: stdout is the stream);
 * in text mode the C lessons' lines are echoed there for it. */
void
fl_output_set_quiet_prints (FlOutput *self,
                            gboolean  quiet)
{
  self->quiet_prints = quiet;
}

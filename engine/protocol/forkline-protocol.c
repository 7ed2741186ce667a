/* forkline-protocol.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-protocol.h"

G_DEFINE_QUARK (forkline-protocol-error-quark, forkline_protocol_error)

struct _ForklineDecoder
{
  GByteArray *buf;
  gsize       pos;        /* first unread byte in buf */
  guint64     consumed;   /* bytes dropped from buf's front so far */
  guint       have_magic : 1;
  guint       have_header : 1;
  guint       failed : 1;
};

static inline void
put_u16 (guint8 *p, guint16 v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static inline void
put_u32 (guint8 *p, guint32 v)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static inline void
put_u64 (guint8 *p, guint64 v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static inline guint16
get_u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
get_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline guint64
get_u64 (const guint8 *p)
{
  return (guint64) get_u32 (p) | ((guint64) get_u32 (p + 4) << 32);
}

gsize
forkline_magic_encode (guint8 *buf,
                       gsize   buf_len)
{
  if (buf_len >= FORKLINE_MAGIC_LEN)
    memcpy (buf, FORKLINE_MAGIC, FORKLINE_MAGIC_LEN);
  return FORKLINE_MAGIC_LEN;
}

gsize
forkline_event_encode (const ForklineEvent *event,
                       guint8              *buf,
                       gsize                buf_len)
{
  gsize body_len;
  gsize total;
  guint8 *b;

  g_return_val_if_fail (event != NULL, 0);

  body_len = FORKLINE_BODY_FIXED_LEN + 4 + event->label_len + 4 + event->text_len;
  if (body_len > FORKLINE_MAX_BODY)
    return 0;
  total = FORKLINE_FRAME_LEN + body_len;
  if (total > buf_len || buf == NULL)
    return total;

  put_u16 (buf, event->type);
  put_u16 (buf + 2, event->flags);
  put_u32 (buf + 4, (guint32) body_len);

  b = buf + FORKLINE_FRAME_LEN;
  put_u64 (b + 0, event->time_ns);
  put_u32 (b + 8, (guint32) event->pid);
  put_u32 (b + 12, (guint32) event->peer_pid);
  put_u16 (b + 16, (guint16) event->proc);
  put_u16 (b + 18, (guint16) event->cpu);
  put_u32 (b + 20, event->object);
  put_u64 (b + 24, event->msg_id);
  put_u64 (b + 32, (guint64) event->a);
  put_u64 (b + 40, (guint64) event->b);
  put_u64 (b + 48, (guint64) event->c);
  b += FORKLINE_BODY_FIXED_LEN;

  put_u32 (b, event->label_len);
  if (event->label_len > 0)
    memcpy (b + 4, event->label, event->label_len);
  b += 4 + event->label_len;

  put_u32 (b, event->text_len);
  if (event->text_len > 0)
    memcpy (b + 4, event->text, event->text_len);

  return total;
}

ForklineDecoder *
forkline_decoder_new (void)
{
  ForklineDecoder *self = g_new0 (ForklineDecoder, 1);

  self->buf = g_byte_array_new ();
  return self;
}

void
forkline_decoder_free (ForklineDecoder *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->buf, g_byte_array_unref);
  g_free (self);
}

void
forkline_decoder_feed (ForklineDecoder *self,
                       const guint8    *data,
                       gsize            len)
{
  g_return_if_fail (self != NULL);

  /* Drop what was read before appending, so the buffer stays as small as the
   * largest record; label/text pointers of earlier events become invalid
   * here, as documented. */
  if (self->pos > 0)
    {
      g_byte_array_remove_range (self->buf, 0, self->pos);
      self->consumed += self->pos;
      self->pos = 0;
    }
  if (len > 0)
    g_byte_array_append (self->buf, data, len);
}

static ForklineDecodeStatus
fail (ForklineDecoder        *self,
      GError                **error,
      ForklineProtocolError   code,
      const char             *format,
      ...) G_GNUC_PRINTF (4, 5);

static ForklineDecodeStatus
fail (ForklineDecoder        *self,
      GError                **error,
      ForklineProtocolError   code,
      const char             *format,
      ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  self->failed = TRUE;
  g_set_error (error, FORKLINE_PROTOCOL_ERROR, code, "%s (at byte %" G_GUINT64_FORMAT ")",
               msg, self->consumed + self->pos);
  return FORKLINE_DECODE_ERROR;
}

static gboolean
read_string (const guint8  *body,
             gsize          body_len,
             gsize         *off,
             const char   **str,
             guint32       *str_len)
{
  guint32 len;

  if (body_len - *off < 4)
    return FALSE;
  len = get_u32 (body + *off);
  *off += 4;
  if (len > body_len - *off)
    return FALSE;
  *str = len > 0 ? (const char *) body + *off : "";
  *str_len = len;
  *off += len;
  return TRUE;
}

static gboolean
decode_body (const guint8  *body,
             gsize          body_len,
             ForklineEvent *event)
{
  gsize off = FORKLINE_BODY_FIXED_LEN;

  event->time_ns = get_u64 (body + 0);
  event->pid = (gint32) get_u32 (body + 8);
  event->peer_pid = (gint32) get_u32 (body + 12);
  event->proc = (gint16) get_u16 (body + 16);
  event->cpu = (gint16) get_u16 (body + 18);
  event->object = get_u32 (body + 20);
  event->msg_id = get_u64 (body + 24);
  event->a = (gint64) get_u64 (body + 32);
  event->b = (gint64) get_u64 (body + 40);
  event->c = (gint64) get_u64 (body + 48);

  return read_string (body, body_len, &off, &event->label, &event->label_len) &&
         read_string (body, body_len, &off, &event->text, &event->text_len) &&
         off == body_len;
}

ForklineDecodeStatus
forkline_decoder_next (ForklineDecoder  *self,
                       ForklineEvent    *event,
                       GError          **error)
{
  g_return_val_if_fail (self != NULL, FORKLINE_DECODE_ERROR);
  g_return_val_if_fail (event != NULL, FORKLINE_DECODE_ERROR);

  if (self->failed)
    return fail (self, error, FORKLINE_PROTOCOL_ERROR_DAMAGED, "The stream was already found damaged");

  if (!self->have_magic)
    {
      gsize n = MIN (self->buf->len - self->pos, (gsize) FORKLINE_MAGIC_LEN);

      if (n > 0 && memcmp (self->buf->data + self->pos, FORKLINE_MAGIC, n) != 0)
        return fail (self, error, FORKLINE_PROTOCOL_ERROR_NOT_A_TRACE,
                     "Not a Forkline trace: it does not start with “FORKLINE”");
      if (n < FORKLINE_MAGIC_LEN)
        return FORKLINE_DECODE_NEED_MORE;
      self->pos += FORKLINE_MAGIC_LEN;
      self->have_magic = TRUE;
    }

  for (;;)
    {
      const guint8 *frame = self->buf->data + self->pos;
      gsize avail = self->buf->len - self->pos;
      guint16 type;
      guint32 body_len;

      if (avail < FORKLINE_FRAME_LEN)
        return FORKLINE_DECODE_NEED_MORE;

      type = get_u16 (frame);
      body_len = get_u32 (frame + 4);
      if (body_len < FORKLINE_BODY_FIXED_LEN + 8 || body_len > FORKLINE_MAX_BODY)
        return fail (self, error, FORKLINE_PROTOCOL_ERROR_DAMAGED,
                     "Damaged record: impossible length %u", body_len);
      if (avail < FORKLINE_FRAME_LEN + (gsize) body_len)
        return FORKLINE_DECODE_NEED_MORE;

      memset (event, 0, sizeof *event);
      event->type = type;
      event->flags = get_u16 (frame + 2);
      if (!decode_body (frame + FORKLINE_FRAME_LEN, body_len, event))
        return fail (self, error, FORKLINE_PROTOCOL_ERROR_DAMAGED,
                     "Damaged record of type %u: its strings do not fit its length", type);
      if (event->time_ns > FORKLINE_MAX_TIME_NS)
        return fail (self, error, FORKLINE_PROTOCOL_ERROR_DAMAGED,
                     "Damaged record of type %u: its time, %.0f days after the run began, "
                     "is more than a year", type, event->time_ns / 86400e9);

      if (!self->have_header)
        {
          if (type != FORKLINE_EV_HEADER)
            return fail (self, error, FORKLINE_PROTOCOL_ERROR_DAMAGED,
                         "The stream does not begin with a header record");
          if (event->a > FORKLINE_PROTOCOL_VERSION)
            return fail (self, error, FORKLINE_PROTOCOL_ERROR_VERSION,
                         "Made by a newer Forkline (format version %" G_GINT64_FORMAT
                         "; this one reads up to %d)", event->a, FORKLINE_PROTOCOL_VERSION);
          self->have_header = TRUE;
        }

      self->pos += FORKLINE_FRAME_LEN + body_len;

      /* A newer writer may add record types; skipping them by length keeps
       * old readers working. */
      if (forkline_event_type_name (type) == NULL)
        continue;

      return FORKLINE_DECODE_EVENT;
    }
}

gboolean
forkline_decoder_finish (ForklineDecoder  *self,
                         GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->failed)
    return TRUE;
  if (!self->have_magic || !self->have_header)
    {
      g_set_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_TRUNCATED,
                   "The stream ended before its header was complete (%" G_GUINT64_FORMAT " bytes)",
                   self->consumed + self->buf->len);
      return FALSE;
    }
  if (self->pos < self->buf->len)
    {
      g_set_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_TRUNCATED,
                   "The stream ends inside a record: the last %u bytes are incomplete",
                   (guint) (self->buf->len - self->pos));
      return FALSE;
    }
  return TRUE;
}

guint64
forkline_decoder_offset (ForklineDecoder *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->consumed + self->pos;
}

const char *
forkline_state_name (ForklineState state)
{
  static const char * const names[FORKLINE_N_STATES] = {
    [FORKLINE_STATE_RUNNING] = "running",
    [FORKLINE_STATE_SLEEPING] = "sleeping",
    [FORKLINE_STATE_WAIT_JOIN] = "waiting in join()",
    [FORKLINE_STATE_WAIT_QUEUE] = "blocked in get() on the queue",
    [FORKLINE_STATE_WAIT_PIPE] = "blocked in recv() on the pipe",
    [FORKLINE_STATE_WAIT_LOCK] = "waiting for the Lock",
    [FORKLINE_STATE_WAIT_POOL] = "waiting for the Pool's results",
    [FORKLINE_STATE_WAIT_TASK] = "idle, waiting for a task",
    [FORKLINE_STATE_EXITED] = "exited",
  };

  if ((guint) state >= FORKLINE_N_STATES)
    return "unknown";
  return names[state];
}

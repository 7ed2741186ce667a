/* forkline-trace-extras.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An event's rare fields (arguments, ids, strings, an unusual pid) kept
 * as varints in a side blob, so the common record stays at 16 bytes.
 */

#include "config.h"

#include <string.h>

#include "forkline-trace-extras-private.h"

/* A varint mask; the common bits come first so it usually takes a byte. */
enum {
  EXTRA_TEXT   = 1 << 0,
  EXTRA_LABEL  = 1 << 1,
  EXTRA_OBJECT = 1 << 2,
  EXTRA_A      = 1 << 3,
  EXTRA_MSG    = 1 << 4,
  EXTRA_B      = 1 << 5,
  EXTRA_C      = 1 << 6,
  EXTRA_PEER   = 1 << 7,
  EXTRA_PID    = 1 << 8,
  EXTRA_WIDE   = 1 << 9,
};

static void
put_varint (GByteArray *ba,
            guint64     v)
{
  guint8 tmp[10];
  guint n = 0;

  do
    {
      guint8 byte = v & 0x7f;

      v >>= 7;
      if (v != 0)
        byte |= 0x80;
      tmp[n++] = byte;
    }
  while (v != 0);

  g_byte_array_append (ba, tmp, n);
}

static guint64
get_varint (const guint8 **p)
{
  guint64 v = 0;
  guint shift = 0;

  for (;;)
    {
      guint8 byte = *(*p)++;

      v |= (guint64) (byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return v;
      shift += 7;
    }
}

static inline guint64
zigzag (gint64 v)
{
  return ((guint64) v << 1) ^ (guint64) (v >> 63);
}

static inline gint64
unzigzag (guint64 v)
{
  return (gint64) (v >> 1) ^ -(gint64) (v & 1);
}

static void
put_pointer (GByteArray *ba,
             const char *p)
{
  g_byte_array_append (ba, (const guint8 *) &p, sizeof p);
}

guint32
_forkline_trace_extras_store (GByteArray          *extras,
                              const ForklineEvent *ev,
                              const char          *label,
                              const char          *text,
                              gboolean             with_pid,
                              gboolean             wide)
{
  guint mask = 0;
  guint32 offset;

  if (with_pid) mask |= EXTRA_PID;
  if (wide) mask |= EXTRA_WIDE;
  if (ev->peer_pid != 0) mask |= EXTRA_PEER;
  if (ev->object != 0) mask |= EXTRA_OBJECT;
  if (ev->msg_id != 0) mask |= EXTRA_MSG;
  if (ev->a != 0) mask |= EXTRA_A;
  if (ev->b != 0) mask |= EXTRA_B;
  if (ev->c != 0) mask |= EXTRA_C;
  if (*label) mask |= EXTRA_LABEL;
  if (*text) mask |= EXTRA_TEXT;

  if (mask == 0 || extras->len >= G_MAXUINT32 - 128)
    return G_MAXUINT32;

  offset = extras->len;
  put_varint (extras, mask);
  if (mask & EXTRA_PID) put_varint (extras, zigzag (ev->pid));
  if (mask & EXTRA_WIDE)
    {
      put_varint (extras, ev->type);
      put_varint (extras, ev->flags);
    }
  if (mask & EXTRA_PEER) put_varint (extras, zigzag (ev->peer_pid));
  if (mask & EXTRA_OBJECT) put_varint (extras, ev->object);
  if (mask & EXTRA_MSG) put_varint (extras, ev->msg_id);
  if (mask & EXTRA_A) put_varint (extras, zigzag (ev->a));
  if (mask & EXTRA_B) put_varint (extras, zigzag (ev->b));
  if (mask & EXTRA_C) put_varint (extras, zigzag (ev->c));
  if (mask & EXTRA_LABEL) put_pointer (extras, label);
  if (mask & EXTRA_TEXT) put_pointer (extras, text);

  return offset;
}

void
_forkline_trace_extras_load (GByteArray    *extras,
                             guint32        offset,
                             ForklineEvent *out)
{
  const guint8 *p;
  guint mask;

  out->label = "";
  out->text = "";
  if (offset == G_MAXUINT32)
    return;

  p = extras->data + offset;
  mask = (guint) get_varint (&p);
  if (mask & EXTRA_PID) out->pid = (gint32) unzigzag (get_varint (&p));
  if (mask & EXTRA_WIDE)
    {
      out->type = (guint16) get_varint (&p);
      out->flags = (guint16) get_varint (&p);
    }
  if (mask & EXTRA_PEER) out->peer_pid = (gint32) unzigzag (get_varint (&p));
  if (mask & EXTRA_OBJECT) out->object = (guint32) get_varint (&p);
  if (mask & EXTRA_MSG) out->msg_id = get_varint (&p);
  if (mask & EXTRA_A) out->a = unzigzag (get_varint (&p));
  if (mask & EXTRA_B) out->b = unzigzag (get_varint (&p));
  if (mask & EXTRA_C) out->c = unzigzag (get_varint (&p));
  if (mask & EXTRA_LABEL)
    {
      memcpy (&out->label, p, sizeof (const char *));
      p += sizeof (const char *);
    }
  if (mask & EXTRA_TEXT)
    memcpy (&out->text, p, sizeof (const char *));
  out->label_len = strlen (out->label);
  out->text_len = strlen (out->text);
}

/* forkline-rings.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why rings and not only the pipe: a Python process's write() per record
 * (some 2-3 µs, and a wake-up of the engine each time) was most of what
 * tracing cost a tight loop; a copy into memory is a third of that and
 * the engine takes a batch each round.  The pipe stays: processes that
 * find no free slot (or a spawned interpreter) write to it, and its EOF
 * still says the last process of the run is gone.
 *
 * A slot: u64 head at offset 0 (bytes ever written, stored by the writer
 * after the record's bytes), u64 tail at offset 64 (bytes ever taken,
 * stored by the engine), data at FL_RINGS_HEADER_BYTES, positions taken
 * modulo FL_RINGS_DATA_BYTES.  The writer is single (one process, its
 * threads behind one lock), positions only grow, so a slot a dead process
 * left is taken over where it stopped.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "forkline-protocol.h"
#include "forkline-rings.h"

#define TAIL_OFFSET FORKLINE_RING_TAIL_OFFSET

struct _FlRings
{
  int      fd;
  int      doorbell;     /* eventfd a writer rings when its ring is half full */
  guint8  *map;
  gboolean warned[FL_RINGS_SLOTS];
};

FlRings *
fl_rings_new (GError **error)
{
  g_autoptr(FlRings) self = g_new0 (FlRings, 1);
  gsize size = (gsize) FL_RINGS_SLOTS * FL_RINGS_SLOT_BYTES;

  /* sparse: a slot's pages exist once it is written */
  self->fd = memfd_create ("forkline-rings", MFD_CLOEXEC);
  if (self->fd < 0 || ftruncate (self->fd, (off_t) size) < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot make the shared rings: %s", g_strerror (errno));
      return NULL;
    }
  self->doorbell = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (self->doorbell < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot make the rings' doorbell: %s", g_strerror (errno));
      return NULL;
    }
  self->map = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd, 0);
  if (self->map == MAP_FAILED)
    {
      self->map = NULL;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot map the shared rings: %s", g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&self);
}

int
fl_rings_fd (FlRings *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->fd;
}

int
fl_rings_doorbell (FlRings *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->doorbell;
}

void
fl_rings_answer (FlRings *self)
{
  guint64 rung;

  g_return_if_fail (self != NULL);
  if (read (self->doorbell, &rung, sizeof rung) < 0)
    {
      /* EAGAIN: nobody rang */
    }
}

guint8 *
fl_rings_map (FlRings *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->map;
}

char *
fl_rings_describe (FlRings *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_strdup_printf ("%d %d %d %d %d %d", self->fd, FL_RINGS_SLOTS, FL_RINGS_SLOT_BYTES,
                          FL_RINGS_HEADER_BYTES, FL_RINGS_DATA_BYTES, self->doorbell);
}

/* TRUE when @data holds whole, plausible records and nothing else. */
static gboolean
whole_records (const guint8 *data,
               gsize         len)
{
  gsize pos = 0;

  while (pos < len)
    {
      guint32 body_len;

      if (len - pos < FORKLINE_FRAME_LEN)
        return FALSE;
      memcpy (&body_len, data + pos + 4, sizeof body_len);
      body_len = GUINT32_FROM_LE (body_len);
      if (body_len < FORKLINE_BODY_FIXED_LEN + 8 || body_len > FORKLINE_MAX_BODY ||
          len - pos - FORKLINE_FRAME_LEN < body_len)
        return FALSE;
      pos += FORKLINE_FRAME_LEN + body_len;
    }
  return TRUE;
}

static gsize
drain_slot (FlRings    *self,
            guint       slot,
            GByteArray *into)
{
  guint8 *base = self->map + (gsize) slot * FL_RINGS_SLOT_BYTES;
  guint8 *data = base + FL_RINGS_HEADER_BYTES;
  guint64 *headp = (guint64 *) base;
  guint64 *tailp = (guint64 *) (base + TAIL_OFFSET);
  /* acquire: the record bytes the writer stored before its head */
  guint64 head = __atomic_load_n (headp, __ATOMIC_ACQUIRE);
  guint64 tail = __atomic_load_n (tailp, __ATOMIC_RELAXED);
  guint64 len = head - tail;
  guint old = into->len;
  gsize at, first;

  if (len == 0)
    return 0;
  if (head < tail || len > FL_RINGS_DATA_BYTES)
    goto broken;

  at = (gsize) (tail % FL_RINGS_DATA_BYTES);
  first = MIN ((gsize) len, FL_RINGS_DATA_BYTES - at);
  g_byte_array_append (into, data + at, (guint) first);
  g_byte_array_append (into, data, (guint) (len - first));
  if (!whole_records (into->data + old, (gsize) len))
    {
      g_byte_array_set_size (into, old);
      goto broken;
    }
  /* release: the writer may reuse the room once it sees the new tail */
  __atomic_store_n (tailp, head, __ATOMIC_RELEASE);
  return (gsize) len;

broken:
  /* what it holds is dropped, the slot goes on (a later owner is sound) */
  __atomic_store_n (tailp, head, __ATOMIC_RELEASE);
  if (!self->warned[slot])
    g_printerr ("forkline-engine: the shared ring of slot %u held damaged records; "
                "%" G_GUINT64_FORMAT " bytes of events were dropped\n", slot, len);
  self->warned[slot] = TRUE;
  return 0;
}

gsize
fl_rings_drain (FlRings    *self,
                GByteArray *into)
{
  gsize n = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (into != NULL, 0);

  for (guint slot = 0; slot < FL_RINGS_SLOTS; slot++)
    n += drain_slot (self, slot, into);
  return n;
}

void
fl_rings_free (FlRings *self)
{
  if (self == NULL)
    return;
  if (self->map != NULL)
    munmap (self->map, (gsize) FL_RINGS_SLOTS * FL_RINGS_SLOT_BYTES);
  if (self->fd >= 0)
    close (self->fd);
  if (self->doorbell > 0)
    close (self->doorbell);
  g_free (self);
}

/* test-engine-rings.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared rings a Python program's processes write to, drained as the
 * engine drains them: whole records in order, across the ring's end, and
 * damage dropped without losing the slot.  A writer here does what the
 * tracer does: record bytes first, then the head.
 */

#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "forkline-protocol.h"
#include "forkline-rings.h"

typedef struct
{
  guint8 *slot;
} Writer;

static Writer
writer_for (FlRings *rings,
            guint    slot)
{
  gsize size = (gsize) FL_RINGS_SLOTS * FL_RINGS_SLOT_BYTES;
  guint8 *map = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fl_rings_fd (rings), 0);

  g_assert_true (map != MAP_FAILED);
  return (Writer) { map + (gsize) slot * FL_RINGS_SLOT_BYTES };
}

static guint64
head_of (Writer *w)
{
  return *(guint64 *) w->slot;
}

static guint64
tail_of (Writer *w)
{
  return *(guint64 *) (w->slot + 64);
}

/* A slot a dead process left at @pos, taken over there. */
static void
start_at (Writer  *w,
          guint64  pos)
{
  *(guint64 *) w->slot = pos;
  *(guint64 *) (w->slot + 64) = pos;
}

static void
put_bytes (Writer       *w,
           const guint8 *data,
           gsize         len)
{
  guint64 head = head_of (w);

  for (gsize i = 0; i < len; i++)
    w->slot[FL_RINGS_HEADER_BYTES + (head + i) % FL_RINGS_DATA_BYTES] = data[i];
  __atomic_store_n ((guint64 *) w->slot, head + len, __ATOMIC_RELEASE);
}

static gsize
put_print (Writer     *w,
           const char *line)
{
  ForklineEvent ev = { 0 };
  guint8 buf[FORKLINE_MAX_RECORD];
  gsize len;

  ev.type = FORKLINE_EV_PRINT;
  ev.pid = 42;
  ev.text = line;
  ev.text_len = (guint32) strlen (line);
  len = forkline_event_encode (&ev, buf, sizeof buf);
  put_bytes (w, buf, len);
  return len;
}

/* Decodes @bytes as the engine's ring decoder does and returns the prints. */
static GPtrArray *
prints_in (GByteArray *bytes)
{
  g_autoptr(ForklineDecoder) decoder = forkline_decoder_new ();
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  ForklineEvent header = { .type = FORKLINE_EV_HEADER, .a = FORKLINE_PROTOCOL_VERSION };
  guint8 preamble[FORKLINE_MAGIC_LEN + 256];
  gsize len = forkline_magic_encode (preamble, sizeof preamble);
  ForklineEvent ev;

  len += forkline_event_encode (&header, preamble + len, sizeof preamble - len);
  forkline_decoder_feed (decoder, preamble, len);
  g_assert_cmpint (forkline_decoder_next (decoder, &ev, NULL), ==, FORKLINE_DECODE_EVENT);
  forkline_decoder_feed (decoder, bytes->data, bytes->len);
  while (forkline_decoder_next (decoder, &ev, NULL) == FORKLINE_DECODE_EVENT)
    {
      g_assert_cmpuint (ev.type, ==, FORKLINE_EV_PRINT);
      g_ptr_array_add (lines, g_strndup (ev.text, ev.text_len));
    }
  return lines;
}

static void
test_records_come_whole_and_in_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRings) rings = fl_rings_new (&error);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GPtrArray) lines = NULL;
  Writer w;
  gsize written = 0;

  g_assert_no_error (error);
  w = writer_for (rings, 5);
  g_assert_cmpuint (fl_rings_drain (rings, bytes), ==, 0);

  /* 100 bytes before the ring's end: the third record wraps */
  start_at (&w, 7 * (guint64) FL_RINGS_DATA_BYTES - 100);
  written += put_print (&w, "one");
  written += put_print (&w, "two");
  written += put_print (&w, "three, across the end of the ring");
  written += put_print (&w, "four");

  g_assert_cmpuint (fl_rings_drain (rings, bytes), ==, written);
  g_assert_cmpuint (tail_of (&w), ==, head_of (&w));
  lines = prints_in (bytes);
  g_assert_cmpuint (lines->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (lines, 2), ==, "three, across the end of the ring");
  g_assert_cmpstr (g_ptr_array_index (lines, 3), ==, "four");

  /* nothing new: nothing taken */
  g_byte_array_set_size (bytes, 0);
  g_assert_cmpuint (fl_rings_drain (rings, bytes), ==, 0);
}

/* Several slots: each one's records, all of them. */
static void
test_every_slot_is_drained (void)
{
  g_autoptr(FlRings) rings = fl_rings_new (NULL);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GPtrArray) lines = NULL;
  guint slots[] = { 0, 1, 64, FL_RINGS_SLOTS - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      Writer w = writer_for (rings, slots[i]);
      g_autofree char *line = g_strdup_printf ("slot %u", slots[i]);

      put_print (&w, line);
    }
  fl_rings_drain (rings, bytes);
  lines = prints_in (bytes);
  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (slots));
  g_assert_cmpstr (g_ptr_array_index (lines, 3), ==, "slot 127");
}

/* Bytes that are not whole records are dropped with one warning; the
 * slot's next records come through. */
static void
test_damage_is_dropped_and_the_slot_goes_on (void)
{
  g_autoptr(FlRings) rings = fl_rings_new (NULL);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GPtrArray) lines = NULL;
  Writer w = writer_for (rings, 9);
  const guint8 junk[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

  if (g_test_subprocess ())
    {
      put_bytes (&w, junk, sizeof junk);
      g_assert_cmpuint (fl_rings_drain (rings, bytes), ==, 0);
      g_assert_cmpuint (tail_of (&w), ==, head_of (&w));
      put_print (&w, "after the damage");
      g_assert_cmpuint (fl_rings_drain (rings, bytes), >, 0);
      lines = prints_in (bytes);
      g_assert_cmpuint (lines->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "after the damage");

      /* a head further on than the ring holds */
      start_at (&w, 1000);
      *(guint64 *) w.slot = 1000 + 2 * (guint64) FL_RINGS_DATA_BYTES;
      g_byte_array_set_size (bytes, 0);
      g_assert_cmpuint (fl_rings_drain (rings, bytes), ==, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  /* said once for the slot, however often it is damaged */
  g_test_trap_assert_stderr ("*slot 9 held damaged records; 11 bytes of events were dropped*");
  g_test_trap_assert_stderr_unmatched ("*slot 9*slot 9*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/rings/records-come-whole-and-in-order", test_records_come_whole_and_in_order);
  g_test_add_func ("/engine/rings/every-slot-is-drained", test_every_slot_is_drained);
  g_test_add_func ("/engine/rings/damage-is-dropped-and-the-slot-goes-on",
                   test_damage_is_dropped_and_the_slot_goes_on);
  return g_test_run ();
}

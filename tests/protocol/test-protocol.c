/* test-protocol.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-protocol.h"
#include "forkline-words.h"

static const guint16 all_types[] = {
  FORKLINE_EV_HEADER, FORKLINE_EV_LESSON_BEGIN, FORKLINE_EV_LESSON_END,
  FORKLINE_EV_PROC_FORK, FORKLINE_EV_PROC_START, FORKLINE_EV_PROC_EXIT,
  FORKLINE_EV_PROC_REAP, FORKLINE_EV_STATE, FORKLINE_EV_SWITCH_IN,
  FORKLINE_EV_SWITCH_OUT, FORKLINE_EV_OBJECT_NEW, FORKLINE_EV_QUEUE_PUT,
  FORKLINE_EV_QUEUE_GET, FORKLINE_EV_QUEUE_EMPTY, FORKLINE_EV_PIPE_SEND,
  FORKLINE_EV_PIPE_RECV, FORKLINE_EV_PIPE_CLOSE, FORKLINE_EV_PIPE_EOF,
  FORKLINE_EV_PIPE_HOLD, FORKLINE_EV_LOCK_WAIT, FORKLINE_EV_LOCK_ACQUIRE,
  FORKLINE_EV_LOCK_RELEASE, FORKLINE_EV_ARRAY_WRITE, FORKLINE_EV_ARRAY_READ,
  FORKLINE_EV_TASK_DISPATCH, FORKLINE_EV_TASK_START, FORKLINE_EV_TASK_FINISH,
  FORKLINE_EV_PRINT, FORKLINE_EV_ERROR,
};

static ForklineEvent
sample_event (guint16 type,
              guint   i)
{
  ForklineEvent ev = {
    .type = type,
    .flags = i & 1,
    .time_ns = G_GUINT64_CONSTANT (1000000007) * (i + 1),
    .pid = 4000 + i,
    .peer_pid = -1 - (gint32) i,
    .proc = (gint16) i - 1,
    .cpu = (gint16) (i % 3) - 1,
    .object = i * 7,
    .msg_id = G_GUINT64_CONSTANT (0xdeadbeef00000000) + i,
    .a = -(gint64) i * 1000000000000,
    .b = G_MAXINT64 - i,
    .c = G_MININT64 + i,
    .label = "Process-1",
    .label_len = 9,
    .text = i % 2 ? "héllo “queue”" : "",
    .text_len = i % 2 ? (guint32) strlen ("héllo “queue”") : 0,
  };

  if (type == FORKLINE_EV_HEADER)
    ev.a = FORKLINE_PROTOCOL_VERSION;
  return ev;
}

static GByteArray *
encode_stream (guint n_records)
{
  GByteArray *out = g_byte_array_new ();
  guint8 buf[FORKLINE_MAX_RECORD];
  gsize len = forkline_magic_encode (buf, sizeof buf);

  g_byte_array_append (out, buf, len);
  for (guint i = 0; i < n_records; i++)
    {
      guint16 type = i == 0 ? FORKLINE_EV_HEADER : all_types[i % G_N_ELEMENTS (all_types)];
      ForklineEvent ev = sample_event (type, i);

      len = forkline_event_encode (&ev, buf, sizeof buf);
      g_assert_cmpuint (len, >, 0);
      g_byte_array_append (out, buf, len);
    }
  return out;
}

static void
assert_events_equal (const ForklineEvent *a,
                     const ForklineEvent *b)
{
  g_assert_cmpuint (a->type, ==, b->type);
  g_assert_cmpuint (a->flags, ==, b->flags);
  g_assert_cmpuint (a->time_ns, ==, b->time_ns);
  g_assert_cmpint (a->pid, ==, b->pid);
  g_assert_cmpint (a->peer_pid, ==, b->peer_pid);
  g_assert_cmpint (a->proc, ==, b->proc);
  g_assert_cmpint (a->cpu, ==, b->cpu);
  g_assert_cmpuint (a->object, ==, b->object);
  g_assert_cmpuint (a->msg_id, ==, b->msg_id);
  g_assert_cmpint (a->a, ==, b->a);
  g_assert_cmpint (a->b, ==, b->b);
  g_assert_cmpint (a->c, ==, b->c);
  g_assert_cmpmem (a->label, a->label_len, b->label, b->label_len);
  g_assert_cmpmem (a->text, a->text_len, b->text, b->text_len);
}

static void
test_every_type_round_trips (void)
{
  g_autoptr(GByteArray) stream = encode_stream (G_N_ELEMENTS (all_types) * 2);
  g_autoptr(ForklineDecoder) dec = forkline_decoder_new ();
  g_autoptr(GError) error = NULL;
  ForklineEvent ev;
  guint n = 0;

  forkline_decoder_feed (dec, stream->data, stream->len);
  while (forkline_decoder_next (dec, &ev, &error) == FORKLINE_DECODE_EVENT)
    {
      guint16 type = n == 0 ? FORKLINE_EV_HEADER : all_types[n % G_N_ELEMENTS (all_types)];
      ForklineEvent expected = sample_event (type, n);

      g_assert_nonnull (forkline_event_type_name (ev.type));
      assert_events_equal (&ev, &expected);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (all_types) * 2);
  g_assert_true (forkline_decoder_finish (dec, &error));
  g_assert_cmpuint (forkline_decoder_offset (dec), ==, stream->len);
}

/* The app reads a pipe in arbitrary pieces: one byte at a time must give
 * the same events as the whole stream at once. */
static void
test_byte_by_byte_feed (void)
{
  g_autoptr(GByteArray) stream = encode_stream (100);
  g_autoptr(ForklineDecoder) dec = forkline_decoder_new ();
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = 0; i < stream->len; i++)
    {
      ForklineEvent ev;

      forkline_decoder_feed (dec, stream->data + i, 1);
      while (forkline_decoder_next (dec, &ev, &error) == FORKLINE_DECODE_EVENT)
        n++;
      g_assert_no_error (error);
    }
  g_assert_cmpuint (n, ==, 100);
  g_assert_true (forkline_decoder_finish (dec, &error));
}

static guint
decode_all (const guint8  *data,
            gsize          len,
            GError       **error)
{
  g_autoptr(ForklineDecoder) dec = forkline_decoder_new ();
  ForklineEvent ev;
  ForklineDecodeStatus status;
  guint n = 0;

  forkline_decoder_feed (dec, data, len);
  while ((status = forkline_decoder_next (dec, &ev, error)) == FORKLINE_DECODE_EVENT)
    n++;
  if (status == FORKLINE_DECODE_NEED_MORE)
    forkline_decoder_finish (dec, error);
  return n;
}

static void
test_cut_at_every_byte (void)
{
  g_autoptr(GByteArray) stream = encode_stream (40);
  guint last = 0;

  for (guint cut = 0; cut < stream->len; cut++)
    {
      g_autoptr(GError) error = NULL;
      guint n = decode_all (stream->data, cut, &error);

      /* Every cut keeps the whole records before it; a cut inside a record
       * (or inside the magic and header) says the stream was cut. */
      g_assert_cmpuint (n, >=, last);
      if (n == last && cut > 0)
        g_assert_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_TRUNCATED);
      else if (cut > 0)
        g_assert_no_error (error);
      last = n;
    }
  g_assert_cmpuint (last, ==, 39);
}

static void
test_random_garbage_is_a_clean_error (void)
{
  GRand *rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GByteArray) stream = encode_stream (8);
      g_autoptr(GError) error = NULL;
      guint n_flips = g_rand_int_range (rand, 1, 6);

      for (guint i = 0; i < n_flips; i++)
        stream->data[g_rand_int_range (rand, 0, stream->len)] = g_rand_int_range (rand, 0, 256);
      decode_all (stream->data, stream->len, &error);
      /* Either the flips hit only payload (no error) or the error is ours. */
      if (error != NULL)
        g_assert_true (error->domain == FORKLINE_PROTOCOL_ERROR);
    }

  for (guint round = 0; round < 500; round++)
    {
      g_autoptr(GError) error = NULL;
      guint8 junk[512];

      for (guint i = 0; i < sizeof junk; i++)
        junk[i] = g_rand_int_range (rand, 0, 256);
      if (round % 2)
        memcpy (junk, FORKLINE_MAGIC, FORKLINE_MAGIC_LEN);
      decode_all (junk, sizeof junk, &error);
      g_assert_nonnull (error);
      g_assert_true (error->domain == FORKLINE_PROTOCOL_ERROR);
    }
  g_rand_free (rand);
}

static void
test_foreign_file_is_not_a_trace (void)
{
  g_autoptr(GError) error = NULL;
  const char *png = "\x89PNG\r\n\x1a\n0000000000000000";

  g_assert_cmpuint (decode_all ((const guint8 *) png, 24, &error), ==, 0);
  g_assert_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_NOT_A_TRACE);
}

static void
test_unknown_type_is_skipped (void)
{
  g_autoptr(GByteArray) stream = encode_stream (3);
  g_autoptr(GError) error = NULL;
  ForklineEvent future = sample_event (999, 5);
  guint8 buf[FORKLINE_MAX_RECORD];
  gsize len = forkline_event_encode (&future, buf, sizeof buf);

  g_byte_array_append (stream, buf, len);
  g_byte_array_append (stream, stream->data + FORKLINE_MAGIC_LEN,
                       len); /* any whole record after it still decodes */
  g_assert_cmpuint (decode_all (stream->data, stream->len - len, &error), ==, 3);
  g_assert_no_error (error);
}

static void
test_newer_version_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  ForklineEvent header = sample_event (FORKLINE_EV_HEADER, 0);
  guint8 buf[FORKLINE_MAX_RECORD];
  gsize len = forkline_magic_encode (buf, sizeof buf);

  header.a = FORKLINE_PROTOCOL_VERSION + 1;
  len += forkline_event_encode (&header, buf + len, sizeof buf - len);
  decode_all (buf, len, &error);
  g_assert_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_VERSION);
}

/* A time no run reaches is damage, not a year-long loop later: the
 * records before it are kept. */
static void
test_time_beyond_a_year_is_damage (void)
{
  g_autoptr(GError) error = NULL;
  ForklineEvent header = sample_event (FORKLINE_EV_HEADER, 0);
  ForklineEvent ev = sample_event (FORKLINE_EV_PRINT, 1);
  guint8 buf[3 * FORKLINE_MAX_RECORD];
  gsize len = forkline_magic_encode (buf, sizeof buf);

  len += forkline_event_encode (&header, buf + len, sizeof buf - len);
  ev.time_ns = FORKLINE_MAX_TIME_NS;
  len += forkline_event_encode (&ev, buf + len, sizeof buf - len);
  g_assert_cmpuint (decode_all (buf, len, &error), ==, 2);
  g_assert_no_error (error);

  ev.time_ns = G_MAXUINT64 - 5;
  len += forkline_event_encode (&ev, buf + len, sizeof buf - len);
  g_assert_cmpuint (decode_all (buf, len, &error), ==, 2);
  g_assert_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "more than a year"));
}

static void
test_oversized_record_is_not_encoded (void)
{
  g_autofree char *big = g_malloc0 (FORKLINE_MAX_BODY);
  ForklineEvent ev = sample_event (FORKLINE_EV_PRINT, 1);
  guint8 buf[64];

  ev.text = big;
  ev.text_len = FORKLINE_MAX_BODY;
  g_assert_cmpuint (forkline_event_encode (&ev, buf, sizeof buf), ==, 0);
  ev.text_len = 10;
  /* too small a buffer: the size needed, nothing written */
  g_assert_cmpuint (forkline_event_encode (&ev, buf, sizeof buf), ==,
                    FORKLINE_FRAME_LEN + FORKLINE_BODY_FIXED_LEN + 8 + 9 + 10);
}

/* A thread's context switch says it is the thread's, the main thread's
 * reads as before. */
static void
test_switch_words_name_the_thread (void)
{
  ForklineEvent ev = { .type = FORKLINE_EV_SWITCH_IN, .pid = 100, .cpu = 1, .label = "", .text = "" };
  g_autofree char *main_in = forkline_event_words (&ev, NULL);
  g_autofree char *thread_in = NULL;
  g_autofree char *thread_out = NULL;
  g_autofree char *main_out = NULL;

  ev.b = 107;
  thread_in = forkline_event_words (&ev, NULL);
  ev.type = FORKLINE_EV_SWITCH_OUT;
  ev.a = FORKLINE_LEAVE_BLOCKED;
  thread_out = forkline_event_words (&ev, NULL);
  ev.b = 0;
  main_out = forkline_event_words (&ev, NULL);

  g_assert_cmpstr (main_in, ==, "Put on CPU 1 by the kernel");
  g_assert_cmpstr (thread_in, ==, "Its thread 107 was put on CPU 1 by the kernel");
  g_assert_true (g_str_has_prefix (thread_out, "Its thread 107 was taken off CPU 1: "));
  g_assert_true (g_str_has_prefix (main_out, "Taken off CPU 1: "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/every-type-round-trips", test_every_type_round_trips);
  g_test_add_func ("/protocol/switch-words-name-the-thread", test_switch_words_name_the_thread);
  g_test_add_func ("/protocol/byte-by-byte-feed", test_byte_by_byte_feed);
  g_test_add_func ("/protocol/cut-at-every-byte", test_cut_at_every_byte);
  g_test_add_func ("/protocol/random-garbage-is-a-clean-error", test_random_garbage_is_a_clean_error);
  g_test_add_func ("/protocol/foreign-file-is-not-a-trace", test_foreign_file_is_not_a_trace);
  g_test_add_func ("/protocol/unknown-type-is-skipped", test_unknown_type_is_skipped);
  g_test_add_func ("/protocol/newer-version-is-refused", test_newer_version_is_refused);
  g_test_add_func ("/protocol/oversized-record-is-not-encoded", test_oversized_record_is_not_encoded);
  g_test_add_func ("/protocol/time-beyond-a-year-is-damage", test_time_beyond_a_year_is_damage);

  return g_test_run ();
}

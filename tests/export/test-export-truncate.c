/* test-export-truncate.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trace file cut at every byte position either opens with every record
 * before the cut intact (and says it was cut short, naming the file) or,
 * before the header is complete, fails cleanly; and whatever opened
 * exports to an image and to Perfetto JSON without crashing.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "forkline-export-image.h"
#include "forkline-export-perfetto.h"

#include "export-test-trace.h"

static void
draw_in_memory (ForklineTrace *trace)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 80);
  cairo_t *cr = cairo_create (surface);
  ForklineView view;

  forkline_export_prepare_view (trace, NULL, 120, 80, 1.0, FORKLINE_THEME_LIGHT, &view, NULL);
  forkline_renderer_draw (cr, trace, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static guint
complete_records (GArray *ends,
                  gsize   len)
{
  guint n = 0;

  while (n < ends->len && g_array_index (ends, guint, n) <= len)
    n++;
  return n;
}

static void
check_cut (const char   *dir,
           const guint8 *data,
           gsize         len,
           GArray       *ends)
{
  g_autofree char *path = g_build_filename (dir, "cut.forkline", NULL);
  g_autofree char *png = g_build_filename (dir, "cut.png", NULL);
  g_autoptr(ForklineTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) export_error = NULL;
  g_autoptr(GString) json = NULL;
  guint records = complete_records (ends, len);
  gboolean at_boundary = records > 0 && g_array_index (ends, guint, records - 1) == len;

  /* no fsync: thousands of them would measure the disk, not the code */
  g_assert_true (g_file_set_contents_full (path, (const char *) data, len,
                                           G_FILE_SET_CONTENTS_NONE, 0644, NULL));
  trace = forkline_trace_new_from_file (path, &error);
  g_assert_nonnull (trace);

  if (records == 0)
    {
      /* not even a header: a clean failure that names the file */
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "cut.forkline"));
      g_assert_false (forkline_trace_get_header (trace)->has_header);
      return;
    }

  g_assert_true (forkline_trace_get_header (trace)->has_header);
  if (at_boundary && records == ends->len)
    g_assert_no_error (error);
  else
    {
      /* cut inside a record, or between two before the run's end */
      g_assert_error (error, FORKLINE_PROTOCOL_ERROR, FORKLINE_PROTOCOL_ERROR_TRUNCATED);
      g_assert_nonnull (strstr (error->message, "cut.forkline"));
      g_assert_nonnull (strstr (error->message, at_boundary ? "did not finish" : "inside a record"));
    }

  /* every complete record kept, nothing invented */
  g_assert_cmpuint (forkline_trace_get_n_events (trace), ==, records);

  json = forkline_export_perfetto_to_string (trace);
  g_assert_true (g_str_has_suffix (json->str, "}\n"));
  draw_in_memory (trace);

  /* the whole file path (temporary file, fsync, rename) now and then:
   * at every byte it would measure the disk more than the code */
  if (len % 29 == 0)
    {
      g_assert_true (forkline_export_write_file (trace, NULL, png, 96, 64, 1.0, NULL, FORKLINE_EXPORT_LAYOUT_TIMELINE, &export_error));
      g_assert_no_error (export_error);
    }
}

static void
test_truncated_at_every_byte (void)
{
  g_autoptr(GArray) ends = NULL;
  g_autoptr(GBytes) bytes = export_test_trace_bytes (&ends);
  g_autofree char *dir = g_dir_make_tmp ("forkline-export-cut-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "cut.png", NULL);
  g_autofree char *path = g_build_filename (dir, "cut.forkline", NULL);
  g_autoptr(ForklineTrace) full = forkline_trace_new ();
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize size;

  data = g_bytes_get_data (bytes, &size);
  forkline_trace_load_bytes (full, bytes, &error);
  g_assert_no_error (error);
  /* one stored event per record */
  g_assert_cmpuint (forkline_trace_get_n_events (full), ==, ends->len);

  for (gsize len = 0; len <= size; len++)
    check_cut (dir, data, len, ends);

  g_unlink (png);
  g_unlink (path);
  g_rmdir (dir);
}

/* Fixture traces of real runs, cut at every byte if small, else at a
 * spread of 400 positions (every byte of a large one costs minutes under
 * the sanitizers for little more). */
static void
test_truncated_fixtures (void)
{
  const char *dir = g_getenv ("FORKLINE_FIXTURES");
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint n = 0;

  if (dir == NULL || (d = g_dir_open (dir, 0, NULL)) == NULL)
    {
      g_test_skip ("no fixture directory");
      return;
    }

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize size, step;

      if (!g_str_has_suffix (name, ".forkline") ||
          !g_file_get_contents (path, &contents, &size, NULL))
        continue;

      step = size <= 4096 ? 1 : size / 400;
      for (gsize len = 0; len <= size; len += step)
        {
          g_autoptr(GBytes) cut = g_bytes_new_static (contents, len);
          g_autoptr(ForklineTrace) trace = forkline_trace_new ();
          g_autoptr(GString) json = NULL;

          /* either way: no crash, and what opened draws and exports */
          forkline_trace_load_bytes (trace, cut, NULL);
          json = forkline_export_perfetto_to_string (trace);
          g_assert_true (g_str_has_suffix (json->str, "}\n"));
          draw_in_memory (trace);
        }
      n++;
    }

  if (n == 0)
    g_test_skip ("no fixture traces yet");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/truncate/every-byte", test_truncated_at_every_byte);
  g_test_add_func ("/export/truncate/fixtures", test_truncated_fixtures);

  return g_test_run ();
}

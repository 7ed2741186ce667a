/* test-export-cli.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `forkline export` as a user runs it, with DISPLAY and WAYLAND_DISPLAY
 * unset: the built app if there is one, else a driver of the same
 * forkline_export_main.  Exit status 0 / 1 / 2, messages that name the
 * file and the problem, and no file left behind on failure.
 */

#include "config.h"

#include <math.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "export-test-trace.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static char *dir;
static char *trace_path;

/* Runs `forkline export ARGS… NULL`; returns the exit status. */
static void
run_export (Result     *r,
            const char *first,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *app = g_getenv ("FORKLINE_APP");
  const char *arg;
  va_list args;

  if (app != NULL && g_file_test (app, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_ptr_array_add (argv, (gpointer) app);
      g_ptr_array_add (argv, (gpointer) "export");
    }
  else
    g_ptr_array_add (argv, (gpointer) g_getenv ("FORKLINE_EXPORT_DRIVER"));
  g_assert_nonnull (argv->pdata[0]);

  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_test_message ("running %s", (const char *) argv->pdata[0]);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Headless means headless: nothing to connect to, no session bus. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "none-such", TRUE);
  g_subprocess_launcher_set_cwd (launcher, dir);

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
  g_test_message ("status %d\nstdout: %s\nstderr: %s", r->status, r->out, r->err);
}

static char *
in_dir (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
remove_file (const char *name)
{
  g_autofree char *path = in_dir (name);
  g_unlink (path);
}

static void
assert_png (const char *name,
            int         width,
            int         height)
{
  g_autofree char *path = in_dir (name);
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, height);
  cairo_surface_destroy (image);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_trace_file_every_format (void)
{
  const char *outs[] = { "run.png", "run.svg", "run.pdf", "run.json" };

  for (guint i = 0; i < G_N_ELEMENTS (outs); i++)
    {
      g_auto(Result) r = { 0 };
      g_autofree char *path = in_dir (outs[i]);

      run_export (&r, trace_path, "-o", outs[i], "--size", "640x480", "--theme", "dark", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.err, ==, "");
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  assert_png ("run.png", 640, 480);
  for (guint i = 0; i < G_N_ELEMENTS (outs); i++)
    remove_file (outs[i]);
}

static void
test_size_scale_range (void)
{
  g_auto(Result) r = { 0 };

  run_export (&r, trace_path, "-o", "s.png", "--size", "300xauto", "--scale", "2",
              "--range", "200ms:1.5", NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autofree char *path = in_dir ("s.png");
    cairo_surface_t *image = cairo_image_surface_create_from_png (path);

    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 300);
    g_assert_cmpint (cairo_image_surface_get_height (image), >=, 16);
    cairo_surface_destroy (image);
  }
  remove_file ("s.png");
}

static void
test_usage_errors (void)
{
  static const struct { const char *args[6]; const char *expect; } cases[] = {
    { { "RUN", "-o", "x.png", "--size", "15x100" }, "between 16 and 16384" },
    { { "RUN", "-o", "x.png", "--size", "16385x100" }, "between 16 and 16384" },
    { { "RUN", "-o", "x.png", "--size", "100x0" }, "between 16 and 16384" },
    { { "RUN", "-o", "x.png", "--size", "big" }, "WIDTHxHEIGHT" },
    { { "RUN", "-o", "x.png", "--scale", "0.4" }, "between 0.5 and 4" },
    { { "RUN", "-o", "x.png", "--scale", "4.5" }, "between 0.5 and 4" },
    { { "RUN", "-o", "x.bmp" }, ".png, .svg, .pdf (images) or .json" },
    { { "RUN", "-o", "x.png", "--theme", "neon" }, "light, dark or contrast" },
    { { "RUN", "-o", "x.png", "--range", "2s:1s" }, "START:END" },
    { { "RUN", "-o", "x.png", "--range", "5s:6s" }, "starts after the run ended" },
    { { "RUN" }, "-o FILE" },
    { { "-o", "x.png" }, "--lesson" },
    { { "RUN", "--lesson", "queue", "-o", "x.png" }, "not both" },
    { { "--lesson", "queue", "-o", "x.png", "--speed", "9" }, "between 0.01 and 4" },
    { { "RUN", "-o", "x.png", "--bogus" }, "Unknown option" },
    { { "RUN", "-o", "x.png", "--layout", "sideways" }, "timeline, diagram or both" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = { 0 };
      const char *a[6];

      for (guint j = 0; j < 6; j++)
        a[j] = g_strcmp0 (cases[i].args[j], "RUN") == 0 ? trace_path : cases[i].args[j];
      run_export (&r, a[0], a[1], a[2], a[3], a[4], a[5], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, cases[i].expect));
      g_assert_nonnull (strstr (r.err, "--help"));
      g_assert_cmpuint (count_files (dir), ==, 1);  /* the trace only */
    }
}

static void
test_help (void)
{
  g_auto(Result) r = { 0 };

  run_export (&r, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "export"));
  g_assert_nonnull (strstr (r.out, "--lesson"));
  g_assert_nonnull (strstr (r.out, "--size"));
  g_assert_nonnull (strstr (r.out, "16384"));
  g_assert_nonnull (strstr (r.out, "Perfetto"));
}

static void
test_bad_trace_files (void)
{
  g_autofree char *foreign = in_dir ("notes.forkline");
  g_autofree char *missing = in_dir ("missing.forkline");
  g_autofree char *empty = in_dir ("empty.forkline");

  g_assert_true (g_file_set_contents (foreign, "# these are my notes, not a trace\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));

  {
    g_auto(Result) r = { 0 };
    run_export (&r, foreign, "-o", "x.png", NULL);
    g_assert_cmpint (r.status, ==, 1);
    /* the file as the user typed it, not only its base name */
    g_assert_nonnull (strstr (r.err, foreign));
    g_assert_nonnull (strstr (r.err, "Not a Forkline trace"));
    /* one message, on one line */
    g_assert_null (strchr (g_strstrip (r.err), '\n'));
  }
  {
    g_auto(Result) r = { 0 };
    run_export (&r, "./notes.forkline", "-o", "x.png", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_true (g_str_has_prefix (r.err, "forkline export: ./notes.forkline: Not a Forkline trace"));
  }
  {
    g_auto(Result) r = { 0 };
    run_export (&r, missing, "-o", "x.png", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "missing.forkline"));
    g_assert_nonnull (strstr (r.err, "No such file"));
  }
  {
    g_auto(Result) r = { 0 };
    run_export (&r, empty, "-o", "x.png", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, empty));
  }
  if (geteuid () != 0)
    {
      g_auto(Result) r = { 0 };
      g_assert_cmpint (g_chmod (trace_path, 0), ==, 0);
      run_export (&r, trace_path, "-o", "x.png", NULL);
      g_chmod (trace_path, 0644);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.err, "queue.forkline"));
      g_assert_nonnull (strstr (r.err, "Permission denied"));
    }

  /* not files at all: refused before anything is read (a FIFO nobody
   * writes to would block a reader forever, /dev/zero never ends) */
  {
    g_autofree char *fifo = in_dir ("fifo.forkline");
    const char *special[] = { fifo, "/dev/zero", dir };
    const char *what[] = { "is a pipe (FIFO)", "is a device", "is a folder" };

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (special); i++)
      {
        g_auto(Result) r = { 0 };

        run_export (&r, special[i], "-o", "x.png", NULL);
        g_assert_cmpint (r.status, ==, 1);
        g_assert_nonnull (strstr (r.err, what[i]));
        g_assert_null (strchr (g_strstrip (r.err), '\n'));
      }
    g_unlink (fifo);
  }

  g_unlink (foreign);
  g_unlink (empty);
  g_assert_cmpuint (count_files (dir), ==, 1);
}

/* A truncated trace still exports what was intact, and says so. */
static void
test_truncated_trace (void)
{
  g_autofree char *contents = NULL;
  g_autofree char *cut = in_dir ("cut.forkline");
  g_autofree char *out = in_dir ("cut.png");
  g_auto(Result) r = { 0 };
  gsize len;

  g_assert_true (g_file_get_contents (trace_path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (cut, contents, len * 2 / 3 + 3, NULL));

  run_export (&r, cut, "-o", "cut.png", "--size", "320x200", NULL);
  /* written, and the status says the run is not whole */
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "warning"));
  g_assert_nonnull (strstr (r.err, cut));
  g_assert_nonnull (strstr (r.err, "cut short"));
  assert_png ("cut.png", 320, 200);

  g_unlink (cut);
  g_unlink (out);
}

/* A trace cut between two records before the run's end has only whole
 * records, and still did not finish: it says so. */
static void
test_trace_cut_between_records (void)
{
  g_autofree char *cut = in_dir ("between.forkline");
  g_autoptr(GArray) ends = NULL;
  g_autoptr(GBytes) bytes = export_test_trace_bytes (&ends);
  g_auto(Result) r = { 0 };

  g_assert_true (g_file_set_contents (cut, g_bytes_get_data (bytes, NULL), g_array_index (ends, guint, 9), NULL));
  run_export (&r, cut, "-o", "between.png", "--size", "320x200", NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "did not finish"));
  assert_png ("between.png", 320, 200);
  g_unlink (cut);
  remove_file ("between.png");
}

/* A record damaged in the middle: what came before it is exported. */
static void
test_damaged_trace (void)
{
  g_autofree char *bad = in_dir ("bad.forkline");
  g_autoptr(GArray) ends = NULL;
  g_autoptr(GBytes) bytes = export_test_trace_bytes (&ends);
  gsize size = 0;
  g_autofree guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bytes), &size);
  guint at = g_array_index (ends, guint, 9);
  g_auto(Result) r = { 0 };

  /* an impossible body length in the 11th record's frame */
  data[at + 4] = 0xff;
  data[at + 5] = 0xff;
  data[at + 6] = 0xff;
  g_assert_true (g_file_set_contents (bad, (const char *) data, size, NULL));

  run_export (&r, bad, "-o", "bad.json", NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "warning"));
  g_assert_nonnull (strstr (r.err, "bad.forkline"));
  g_assert_nonnull (strstr (r.err, "Damaged"));
  g_assert_nonnull (strstr (r.err, "the 10 events before the damage"));

  g_unlink (bad);
  remove_file ("bad.json");
}

static void
test_unwritable_output (void)
{
  g_autofree char *missing = in_dir ("no-such-folder/run.png");
  g_autofree char *folder = in_dir ("a-folder.png");

  {
    g_auto(Result) r = { 0 };
    run_export (&r, trace_path, "-o", missing, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, missing));
    g_assert_nonnull (strstr (r.err, "No such file or directory"));
  }
  {
    g_auto(Result) r = { 0 };
    g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
    run_export (&r, trace_path, "-o", "a-folder.png", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "a-folder.png"));
    g_assert_cmpuint (count_files (folder), ==, 0);
    g_assert_cmpuint (count_files (dir), ==, 2);  /* the trace and the folder */
    g_rmdir (folder);
  }
  /* root writes anywhere; a read-only folder only stops other users */
  if (geteuid () != 0)
    {
      g_autofree char *ro = in_dir ("read-only");
      g_autofree char *target = g_build_filename (ro, "run.svg", NULL);
      g_auto(Result) r = { 0 };

      g_assert_cmpint (g_mkdir (ro, 0555), ==, 0);
      run_export (&r, trace_path, "-o", target, NULL);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.err, "Permission denied"));
      g_assert_cmpuint (count_files (ro), ==, 0);
      g_rmdir (ro);
    }
}

/* The command the README documents: run a lesson with no display at all
 * and export it. */
static void
test_headless_lesson (void)
{
  const char *engine = g_getenv ("FORKLINE_ENGINE");
  g_auto(Result) r = { 0 };
  g_autofree char *saved = in_dir ("pool.forkline");

  if (engine == NULL || !g_file_test (engine, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("forkline-engine is not built");
      return;
    }

  run_export (&r, "--lesson", "pool-map", "--speed", "0.05", "-o", "pool.png",
              "--size", "1280x720", "--scale", "2", "--save", "pool.forkline", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_png ("pool.png", 1280, 720);
  g_assert_true (g_file_test (saved, G_FILE_TEST_IS_REGULAR));

  /* and the saved run exports again, to Perfetto */
  {
    g_auto(Result) again = { 0 };
    run_export (&again, "pool.forkline", "-o", "pool.json", NULL);
    g_assert_cmpint (again.status, ==, 0);
  }

  /* an unknown lesson is bad usage: the engine's one plain line, nothing
   * about a damaged stream */
  {
    g_auto(Result) bad = { 0 };
    run_export (&bad, "--lesson", "no-such-lesson", "-o", "bad.png", NULL);
    g_assert_cmpint (bad.status, ==, 2);
    g_assert_nonnull (strstr (bad.err, "no-such-lesson"));
    g_assert_null (strstr (bad.err, "damaged"));
    g_assert_null (strchr (g_strstrip (bad.err), '\n'));
    g_assert_false (g_file_test ("bad.png", G_FILE_TEST_EXISTS));
  }
  /* a run that ends in an error is exported, and the status and a
   * warning say how it ended */
  {
    g_auto(Result) stuck = { 0 };
    run_export (&stuck, "--lesson", "pipe", "--speed", "0.01", "-o", "stuck.png", NULL);
    g_assert_cmpint (stuck.status, ==, 3);
    g_assert_nonnull (strstr (stuck.err, "warning: the run ended"));
    assert_png ("stuck.png", 1920, 1080);
    remove_file ("stuck.png");
  }

  remove_file ("pool.png");
  remove_file ("pool.json");
  remove_file ("pool.forkline");
}

/* The share of pixels in a PNG that differ from its top-left corner's. */
static double
drawn_share (const char *name)
{
  g_autofree char *path = in_dir (name);
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);
  int width = cairo_image_surface_get_width (image);
  int height = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data = cairo_image_surface_get_data (image);
  guint32 background = *(const guint32 *) data;
  guint64 drawn = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      drawn += *(const guint32 *) (data + y * stride + x * 4) != background;
  cairo_surface_destroy (image);
  return (double) drawn / ((double) width * height);
}

/* --layout diagram draws the flow diagram of a lesson run now (the shared
 * array's cells), both puts it under the timeline, in the size asked for. */
static void
test_layouts (void)
{
  const char *engine = g_getenv ("FORKLINE_ENGINE");
  static const char * const layouts[] = { "timeline", "diagram", "both" };
  double share[G_N_ELEMENTS (layouts)];

  if (engine == NULL || !g_file_test (engine, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("forkline-engine is not built");
      return;
    }

  {
    g_auto(Result) r = { 0 };

    run_export (&r, "--lesson", "shared-array", "--speed", "0.05", "--save", "array.forkline",
                "-o", "array.png", "--size", "960x540", "--layout", "diagram", NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_png ("array.png", 960, 540);
    remove_file ("array.png");
  }

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      g_auto(Result) r = { 0 };
      g_autofree char *name = g_strdup_printf ("%s.png", layouts[i]);

      run_export (&r, "array.forkline", "-o", name, "--size", "960x540", "--layout", layouts[i], NULL);
      g_assert_cmpint (r.status, ==, 0);
      assert_png (name, 960, 540);
      share[i] = drawn_share (name);
      remove_file (name);
    }
  /* each picture draws something, and the diagram is not the timeline */
  g_assert_cmpfloat (share[1], >, 0.02);
  g_assert_cmpfloat (fabs (share[1] - share[0]), >, 0.01);
  g_assert_cmpfloat (fabs (share[2] - share[0]), >, 0.01);

  /* a fitted height makes room for the diagram under the timeline */
  {
    g_auto(Result) timeline = { 0 };
    g_auto(Result) both = { 0 };
    g_autofree char *tpath = in_dir ("t.png");
    g_autofree char *bpath = in_dir ("b.png");
    cairo_surface_t *t, *b;

    run_export (&timeline, "array.forkline", "-o", "t.png", "--size", "960xauto", NULL);
    run_export (&both, "array.forkline", "-o", "b.png", "--size", "960xauto", "--layout", "both", NULL);
    g_assert_cmpint (timeline.status, ==, 0);
    g_assert_cmpint (both.status, ==, 0);
    t = cairo_image_surface_create_from_png (tpath);
    b = cairo_image_surface_create_from_png (bpath);
    g_assert_cmpint (cairo_image_surface_get_height (b), >, cairo_image_surface_get_height (t) + 200);
    cairo_surface_destroy (t);
    cairo_surface_destroy (b);
    remove_file ("t.png");
    remove_file ("b.png");
  }
  remove_file ("array.forkline");
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("forkline-export-cli-XXXXXX", NULL);
  trace_path = export_test_trace_write (dir);

  g_test_add_func ("/export/cli/trace-file-every-format", test_trace_file_every_format);
  g_test_add_func ("/export/cli/size-scale-range", test_size_scale_range);
  g_test_add_func ("/export/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/export/cli/help", test_help);
  g_test_add_func ("/export/cli/bad-trace-files", test_bad_trace_files);
  g_test_add_func ("/export/cli/truncated-trace", test_truncated_trace);
  g_test_add_func ("/export/cli/damaged-trace", test_damaged_trace);
  g_test_add_func ("/export/cli/trace-cut-between-records", test_trace_cut_between_records);
  g_test_add_func ("/export/cli/unwritable-output", test_unwritable_output);
  g_test_add_func ("/export/cli/headless-lesson", test_headless_lesson);
  g_test_add_func ("/export/cli/layouts", test_layouts);

  ret = g_test_run ();

  g_unlink (trace_path);
  g_rmdir (dir);
  g_free (trace_path);
  g_free (dir);
  return ret;
}

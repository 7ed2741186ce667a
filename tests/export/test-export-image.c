/* test-export-image.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PNG, SVG and PDF export of a known run: the pixels where the renderer's
 * own geometry says the worker's CPU bar is must be the worker's colour,
 * the SVG must parse, the PDF must render (through pdftoppm) to the same
 * picture.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "forkline-export-image.h"

#include "export-test-trace.h"

#define WIDTH  900
#define HEIGHT 700

typedef struct
{
  char          *dir;
  ForklineTrace *trace;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) bytes = export_test_trace_bytes (NULL);
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("forkline-export-XXXXXX", &error);
  g_assert_no_error (error);
  f->trace = forkline_trace_new ();
  forkline_trace_load_bytes (f->trace, bytes, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_clear_object (&f->trace);
}

static void
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y,
          ForklineRgba    *out)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  const guint8 *row;
  guint32 argb;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));

  cairo_surface_flush (surface);
  row = cairo_image_surface_get_data (surface) + iy * cairo_image_surface_get_stride (surface);
  if (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24 ||
      cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32)
    argb = ((const guint32 *) row)[ix];
  else
    g_assert_not_reached ();

  out->alpha = cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24 ? 1.0 : ((argb >> 24) & 0xff) / 255.0;
  out->red = ((argb >> 16) & 0xff) / 255.0;
  out->green = ((argb >> 8) & 0xff) / 255.0;
  out->blue = (argb & 0xff) / 255.0;
}

static double
color_distance (const ForklineRgba *a,
                const ForklineRgba *b)
{
  return MAX (MAX (fabs (a->red - b->red), fabs (a->green - b->green)), fabs (a->blue - b->blue));
}

static gboolean
find_lane (ForklineTrace      *trace,
           const ForklineView *view,
           ForklineLaneKind    kind,
           gint64              index,
           ForklineLane       *out)
{
  g_autofree ForklineLane *lanes = NULL;
  guint n_lanes = 0;

  lanes = forkline_renderer_get_lanes (trace, view, &n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    if (lanes[i].kind == kind && lanes[i].index == index)
      {
        *out = lanes[i];
        return TRUE;
      }
  return FALSE;
}

/* The worker owns CPU 1 at 800 ms and nobody does at 1600 ms: check the
 * image says so where the renderer's geometry puts that lane and time. */
static void
check_cpu_lane_pixels (ForklineTrace   *trace,
                       cairo_surface_t *image,
                       int              width,
                       int              height,
                       double           scale,
                       ForklineTheme    theme)
{
  ForklineView view;
  ForklineLane lane;
  ForklineRgba worker, busy, idle;
  double device = 0, y, x_busy, x_idle;

  g_assert_cmpint (cairo_image_surface_get_width (image), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, height);

  forkline_export_prepare_view (trace, NULL, width, height, scale, theme, &view, &device);
  g_assert_cmpfloat_with_epsilon (view.width * device, width, 1e-6);
  g_assert_true (view.show_title && view.show_legend && view.show_ruler);

  g_assert_true (find_lane (trace, &view, FORKLINE_LANE_CPU, TEST_CHILD_CPU, &lane));
  y = (lane.y + lane.height / 2) * device;
  x_busy = forkline_renderer_x_at_time (&view, 800 * TEST_MS) * device;
  x_idle = forkline_renderer_x_at_time (&view, 1600 * TEST_MS) * device;
  g_assert_cmpfloat (y, <, height);

  forkline_palette_process_color (theme, 1, &worker);
  pixel_at (image, x_busy, y, &busy);
  pixel_at (image, x_idle, y, &idle);

  g_test_message ("worker %.2f,%.2f,%.2f busy %.2f,%.2f,%.2f idle %.2f,%.2f,%.2f",
                  worker.red, worker.green, worker.blue, busy.red, busy.green, busy.blue,
                  idle.red, idle.green, idle.blue);
  g_assert_cmpfloat (color_distance (&busy, &worker), <, 0.12);
  g_assert_cmpfloat (color_distance (&idle, &worker), >, 0.2);
}

static void
test_png_pixels (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { const char *theme; ForklineTheme value; double scale; } cases[] = {
    { "light", FORKLINE_THEME_LIGHT, 1.0 },
    { "dark", FORKLINE_THEME_DARK, 2.0 },
    { "contrast", FORKLINE_THEME_CONTRAST, 0.5 },
    { "light", FORKLINE_THEME_LIGHT, 4.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, "run.png", NULL);
      g_autoptr(GError) error = NULL;
      cairo_surface_t *image;
      ForklineRgba corner;

      g_test_message ("theme %s scale %g", cases[i].theme, cases[i].scale);
      g_assert_true (forkline_export_write_file (f->trace, NULL, path, WIDTH, HEIGHT,
                                                 cases[i].scale, cases[i].theme, FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
      g_assert_no_error (error);

      image = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      check_cpu_lane_pixels (f->trace, image, WIDTH, HEIGHT, cases[i].scale, cases[i].value);

      /* opaque, in the theme's background colour at the very corner */
      pixel_at (image, 0, 0, &corner);
      g_assert_cmpfloat (corner.alpha, ==, 1.0);
      g_assert_cmpfloat (color_distance (&corner, &forkline_palette_get (cases[i].value)->background), <, 0.02);
      cairo_surface_destroy (image);
    }
}

/* Height 0 ("--size 900xauto") fits every lane and the legend. */
static void
test_png_fit_height (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "fit.png", NULL);
  g_autoptr(GError) error = NULL;
  ForklineView view;
  cairo_surface_t *image;
  double device;

  g_assert_true (forkline_export_write_file (f->trace, NULL, path, WIDTH, 0, 1.0, NULL, FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
  g_assert_no_error (error);

  forkline_export_prepare_view (f->trace, NULL, WIDTH, 0, 1.0, FORKLINE_THEME_LIGHT, &view, &device);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==,
                   (int) ceil (forkline_renderer_get_content_height (f->trace, &view)));
  cairo_surface_destroy (image);
}

/* The window's current view: its range is kept, so the worker's bar that
 * fills CPU 1 until 1300 ms now fills the whole width. */
static void
test_png_view_range (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "range.png", NULL);
  g_autoptr(GError) error = NULL;
  ForklineView window_view, view;
  ForklineLane lane;
  ForklineRgba worker, px;
  cairo_surface_t *image;
  double device;

  forkline_view_init (&window_view, f->trace, 333, 222);
  window_view.t0 = 500 * TEST_MS;
  window_view.t1 = 1200 * TEST_MS;
  window_view.theme = FORKLINE_THEME_DARK;
  window_view.y_offset = 50;
  window_view.selected_event = 3;

  g_assert_true (forkline_export_write_file (f->trace, &window_view, path, WIDTH, HEIGHT, 1.0, NULL, FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
  g_assert_no_error (error);

  forkline_export_prepare_view (f->trace, &window_view, WIDTH, HEIGHT, 1.0, FORKLINE_THEME_DARK, &view, &device);
  g_assert_cmpuint (view.t0, ==, 500 * TEST_MS);
  g_assert_cmpuint (view.t1, ==, 1200 * TEST_MS);
  g_assert_cmpfloat (view.y_offset, ==, 0);
  g_assert_cmpint (view.selected_event, ==, -1);

  image = cairo_image_surface_create_from_png (path);
  g_assert_true (find_lane (f->trace, &view, FORKLINE_LANE_CPU, TEST_CHILD_CPU, &lane));
  forkline_palette_process_color (FORKLINE_THEME_DARK, 1, &worker);
  for (guint64 t = 550; t <= 1150; t += 100)
    {
      pixel_at (image, forkline_renderer_x_at_time (&view, t * TEST_MS), lane.y + lane.height / 2, &px);
      g_assert_cmpfloat (color_distance (&px, &worker), <, 0.12);
    }
  cairo_surface_destroy (image);
}

static void
test_svg_parses (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "run.svg", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree char *rsvg = g_find_program_in_path ("rsvg-convert");
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  static const GMarkupParser parser = { 0 };
  gsize len;

  g_assert_true (forkline_export_write_file (f->trace, NULL, path, WIDTH, HEIGHT, 1.0, "contrast", FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));

  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"900pt\""));
  g_assert_nonnull (strstr (contents, "height=\"700pt\""));

  /* Well-formed XML, with or without xmllint. */
  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, len, &error) &&
                 g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);

  if (xmllint != NULL)
    {
      const char *argv[] = { xmllint, "--noout", path, NULL };
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }

  /* Rendered back by another SVG reader, it is the same picture. */
  if (rsvg != NULL)
    {
      g_autofree char *png = g_build_filename (f->dir, "svg.png", NULL);
      const char *argv[] = { rsvg, "-w", "900", "-h", "700", "-o", png, path, NULL };
      cairo_surface_t *image;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));

      image = cairo_image_surface_create_from_png (png);
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      check_cpu_lane_pixels (f->trace, image, WIDTH, HEIGHT, 1.0, FORKLINE_THEME_CONTRAST);
      cairo_surface_destroy (image);
    }
  else
    g_test_message ("rsvg-convert (librsvg2-bin) not found: the SVG is only checked as XML");
}

/* The PDF rendered back to pixels shows the same lanes at the same
 * places (1 pt = 1 px at 72 dpi). */
static void
test_pdf_renders (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "run.pdf", NULL);
  g_autofree char *prefix = g_build_filename (f->dir, "page", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  cairo_surface_t *image;
  int status = 0;

  g_assert_true (forkline_export_write_file (f->trace, NULL, path, WIDTH, HEIGHT, 1.0, "light", FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  if (pdftoppm == NULL)
    {
      g_test_skip ("pdftoppm not found (Debian package poppler-utils)");
      return;
    }

  {
    const char *argv[] = { pdftoppm, "-png", "-r", "72", "-singlefile", path, prefix, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  check_cpu_lane_pixels (f->trace, image, WIDTH, HEIGHT, 1.0, FORKLINE_THEME_LIGHT);
  cairo_surface_destroy (image);
}

static void
test_bad_arguments (Fixture       *f,
                    gconstpointer  data)
{
  static const struct { const char *name; int w, h; double scale; const char *theme; const char *expect; } cases[] = {
    { "a.png", 15, 100, 1.0, NULL, "16 and 16384" },
    { "a.png", 100, 16385, 1.0, NULL, "16 and 16384" },
    { "a.svg", 100, 100, 0.49, NULL, "0.5 and 4" },
    { "a.pdf", 100, 100, 4.01, NULL, "0.5 and 4" },
    { "a.png", 100, 100, 1.0, "purple", "light, dark or contrast" },
    { "a.bmp", 100, 100, 1.0, NULL, ".png, .svg, .pdf" },
    { "a", 100, 100, 1.0, NULL, ".json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, cases[i].name, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (forkline_export_write_file (f->trace, NULL, path, cases[i].w, cases[i].h,
                                                  cases[i].scale, cases[i].theme, FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
      g_assert_error (error, FORKLINE_EXPORT_ERROR, FORKLINE_EXPORT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].expect));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Failing after the temporary file was written (the target is a folder,
 * so the final rename fails) leaves nothing behind; a missing folder
 * fails at once, naming the path. */
static void
test_unwritable_leaves_nothing (Fixture       *f,
                                gconstpointer  data)
{
  const char *exts[] = { "png", "svg", "pdf", "json" };

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *name = g_strdup_printf ("taken.%s", exts[i]);
      g_autofree char *folder = g_build_filename (f->dir, name, NULL);
      g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", name, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
      g_assert_false (forkline_export_write_file (f->trace, NULL, folder, WIDTH, HEIGHT, 1.0, NULL, FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, folder));
      g_clear_error (&error);
      /* only the folder itself */
      g_assert_cmpuint (count_files (f->dir), ==, 1);
      g_assert_cmpuint (count_files (folder), ==, 0);
      g_rmdir (folder);

      g_assert_false (forkline_export_write_file (f->trace, NULL, missing, WIDTH, HEIGHT, 1.0, NULL, FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
      g_assert_nonnull (strstr (error->message, missing));
      g_assert_cmpuint (count_files (f->dir), ==, 0);
    }

  /* Unwritable even for root (tests run as root in CI). */
  {
    g_autoptr(GError) error = NULL;
    const char *proc_path = "/proc/forkline-export-test.png";

    g_assert_false (forkline_export_write_file (f->trace, NULL, proc_path, WIDTH, HEIGHT, 1.0, NULL, FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, proc_path));
    g_assert_false (g_file_test (proc_path, G_FILE_TEST_EXISTS));
  }
}

/* An existing file is replaced whole, never truncated in place. */
static void
test_replaces_existing (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "old.png", NULL);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;

  g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));
  g_assert_true (forkline_export_write_file (f->trace, NULL, path, 64, 48, 1.0, NULL, FORKLINE_EXPORT_LAYOUT_TIMELINE, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 64);
  cairo_surface_destroy (image);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

/* A run with few lanes fills the image's height, as on screen, instead of
 * leaving the bottom of a slide empty. */
static void
test_lanes_fill_height (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree ForklineLane *lanes = NULL;
  g_autofree ForklineLane *natural_lanes = NULL;
  ForklineView view, natural;
  guint n, n_natural;

  forkline_export_prepare_view (f->trace, NULL, WIDTH, HEIGHT, 1.0, FORKLINE_THEME_LIGHT, &view, NULL);
  natural = view;
  natural.fit_height = FALSE;
  g_assert_cmpfloat (forkline_renderer_get_content_height (f->trace, &natural), <, HEIGHT * 0.6);
  /* the lanes grow (up to the renderer's limit), never past the image */
  g_assert_cmpfloat (forkline_renderer_get_content_height (f->trace, &view), >, HEIGHT * 0.85);
  g_assert_cmpfloat (forkline_renderer_get_content_height (f->trace, &view), <=, HEIGHT);

  lanes = forkline_renderer_get_lanes (f->trace, &view, &n);
  natural_lanes = forkline_renderer_get_lanes (f->trace, &natural, &n_natural);
  g_assert_cmpuint (n, ==, n_natural);
  for (guint i = 0; i < n; i++)
    if (lanes[i].kind == FORKLINE_LANE_CPU)
      g_assert_cmpfloat (lanes[i].height, >, natural_lanes[i].height);
}

static void
append_event (ForklineTrace *trace,
              guint16        type,
              guint64        time_ns,
              gint32         pid,
              gint16         proc,
              const char    *label)
{
  ForklineEvent ev = {
    .type = type, .time_ns = time_ns, .pid = pid, .proc = proc, .cpu = -1,
    .label = label != NULL ? label : "", .label_len = label != NULL ? strlen (label) : 0,
    .text = "",
  };

  forkline_trace_append (trace, &ev);
}

/* The engine forks the main process at once but lets it run only once its
 * CPU counters are open, 14 ms later here: the whole run starts there, or
 * a short run is mostly empty picture. */
static void
test_whole_run_skips_engine_start_up (void)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  ForklineView view;

  append_event (trace, FORKLINE_EV_PROC_FORK, 20000, TEST_MAIN_PID, 0, "main");
  append_event (trace, FORKLINE_EV_PROC_START, 14 * TEST_MS, TEST_MAIN_PID, 0, NULL);
  append_event (trace, FORKLINE_EV_PROC_FORK, 15 * TEST_MS, TEST_CHILD_PID, 1, "Process-1");
  append_event (trace, FORKLINE_EV_PROC_START, 16 * TEST_MS, TEST_CHILD_PID, 1, NULL);
  append_event (trace, FORKLINE_EV_PROC_EXIT, 27 * TEST_MS, TEST_CHILD_PID, 1, NULL);
  append_event (trace, FORKLINE_EV_PROC_EXIT, 28 * TEST_MS, TEST_MAIN_PID, 0, NULL);

  forkline_export_prepare_view (trace, NULL, WIDTH, HEIGHT, 1.0, FORKLINE_THEME_LIGHT, &view, NULL);
  g_assert_cmpuint (view.t0, >, 13 * TEST_MS);
  g_assert_cmpuint (view.t0, <=, 14 * TEST_MS);
  g_assert_cmpuint (view.t1, >=, 28 * TEST_MS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/export/image/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("png-pixels", test_png_pixels);
  ADD ("png-fit-height", test_png_fit_height);
  ADD ("png-view-range", test_png_view_range);
  ADD ("lanes-fill-height", test_lanes_fill_height);
  ADD ("svg-parses", test_svg_parses);
  ADD ("pdf-renders", test_pdf_renders);
  ADD ("bad-arguments", test_bad_arguments);
  ADD ("unwritable-leaves-nothing", test_unwritable_leaves_nothing);
  ADD ("replaces-existing", test_replaces_existing);
#undef ADD
  g_test_add_func ("/export/image/whole-run-skips-engine-start-up", test_whole_run_skips_engine_start_up);

  return g_test_run ();
}

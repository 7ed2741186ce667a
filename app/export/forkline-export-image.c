/* forkline-export-image.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "forkline-export-image.h"
#include "forkline-export-output.h"
#include "forkline-export-perfetto.h"
#include "forkline-flow-render.h"

/* The renderer's own presentation scale covers this range; export scales
 * beyond it with a cairo transform so the image keeps its pixel size. */
#define VIEW_MIN_SCALE 1.0
#define VIEW_MAX_SCALE 3.0

/* In "both", the share of a given height the timeline gets, and the
 * diagram's height (in view units) when the timeline's height is fitted. */
#define BOTH_TIMELINE_SHARE 0.58
#define BOTH_DIAGRAM_HEIGHT 420.0

G_DEFINE_QUARK (forkline-export-error-quark, forkline_export_error)

gboolean
forkline_export_layout_from_string (const char           *text,
                                    ForklineExportLayout *layout,
                                    GError              **error)
{
  static const char * const names[] = { "timeline", "diagram", "both" };

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (layout != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *layout = (ForklineExportLayout) i;
        return TRUE;
      }

  g_set_error (error, FORKLINE_EXPORT_ERROR, FORKLINE_EXPORT_ERROR_INVALID,
               "Unknown layout “%s”: use timeline, diagram or both", text);
  return FALSE;
}

ForklineExportFormat
forkline_export_format_for_path (const char  *path,
                                 GError     **error)
{
  static const struct { const char *ext; ForklineExportFormat format; } formats[] = {
    { ".png",  FORKLINE_EXPORT_FORMAT_PNG },
    { ".svg",  FORKLINE_EXPORT_FORMAT_SVG },
    { ".pdf",  FORKLINE_EXPORT_FORMAT_PDF },
    { ".json", FORKLINE_EXPORT_FORMAT_JSON },
  };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FORKLINE_EXPORT_FORMAT_UNKNOWN);

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].ext))
      return formats[i].format;

  g_set_error (error, FORKLINE_EXPORT_ERROR, FORKLINE_EXPORT_ERROR_INVALID,
               "Cannot tell the format of “%s”: the file name must end in "
               ".png, .svg, .pdf (images) or .json (Perfetto trace)", path);
  return FORKLINE_EXPORT_FORMAT_UNKNOWN;
}

gboolean
forkline_export_check_size (int      width,
                            int      height,
                            GError **error)
{
  /* height 0 means "fit the lanes"; it is checked once computed. */
  if (width < FORKLINE_EXPORT_MIN_SIZE || width > FORKLINE_EXPORT_MAX_SIZE ||
      (height != 0 && (height < FORKLINE_EXPORT_MIN_SIZE || height > FORKLINE_EXPORT_MAX_SIZE)))
    {
      g_set_error (error, FORKLINE_EXPORT_ERROR, FORKLINE_EXPORT_ERROR_INVALID,
                   "The size %dx%d is out of range: width and height must each be "
                   "between %d and %d pixels",
                   width, height, FORKLINE_EXPORT_MIN_SIZE, FORKLINE_EXPORT_MAX_SIZE);
      return FALSE;
    }
  return TRUE;
}

gboolean
forkline_export_check_scale (double   scale,
                             GError **error)
{
  if (!(scale >= FORKLINE_EXPORT_MIN_SCALE && scale <= FORKLINE_EXPORT_MAX_SCALE))
    {
      g_set_error (error, FORKLINE_EXPORT_ERROR, FORKLINE_EXPORT_ERROR_INVALID,
                   "The scale %g is out of range: it must be between %g and %g",
                   scale, FORKLINE_EXPORT_MIN_SCALE, FORKLINE_EXPORT_MAX_SCALE);
      return FALSE;
    }
  return TRUE;
}

/* The engine's own start-up (forking the main process, then opening its
 * CPU counters before letting it run) comes before the lesson; on a short
 * run it can fill most of the picture, so "the whole run" starts when the
 * main process starts, or at an earlier fork of a child, with a small
 * margin.  The window's zoom to fit follows the same rule. */
static guint64
first_activity (ForklineTrace *trace,
                guint64        t1)
{
  guint64 first = FORKLINE_TIME_OPEN;

  for (guint proc = 0; proc < forkline_trace_get_n_processes (trace); proc++)
    {
      const ForklineProcess *process = forkline_trace_get_process (trace, proc);
      guint64 born = proc == 0 ? process->start_ns : process->fork_ns;

      if (born == FORKLINE_TIME_OPEN)
        born = proc == 0 ? process->fork_ns : process->start_ns;
      if (born != FORKLINE_TIME_OPEN)
        first = MIN (first, born);
    }

  if (first == FORKLINE_TIME_OPEN || first >= t1)
    return 0;
  return first - MIN (first, (t1 - first) / 50);
}

void
forkline_export_prepare_view (ForklineTrace      *trace,
                              const ForklineView *view,
                              int                 width,
                              int                 height,
                              double              scale,
                              ForklineTheme       theme,
                              ForklineView       *out_view,
                              double             *device_scale)
{
  double device;

  g_return_if_fail (FORKLINE_IS_TRACE (trace));
  g_return_if_fail (out_view != NULL);

  if (view != NULL)
    *out_view = *view;
  else
    {
      forkline_view_init (out_view, trace, width, MAX (height, 1));
      out_view->t0 = first_activity (trace, out_view->t1);
    }

  out_view->scale = CLAMP (scale, VIEW_MIN_SCALE, VIEW_MAX_SCALE);
  device = scale / out_view->scale;
  out_view->width = width / device;
  out_view->height = height / device;
  out_view->theme = theme;
  out_view->y_offset = 0;
  out_view->selected_event = -1;
  out_view->hover_event = -1;
  out_view->show_title = TRUE;
  out_view->show_legend = TRUE;
  out_view->show_ruler = TRUE;
  /* as on screen: lanes fill the image's height (a fitted height is
   * exactly their natural one) */
  out_view->fit_height = TRUE;

  if (height == 0)
    {
      double fit = forkline_renderer_get_content_height (trace, out_view);

      fit = CLAMP (ceil (fit * device), FORKLINE_EXPORT_MIN_SIZE, FORKLINE_EXPORT_MAX_SIZE);
      out_view->height = fit / device;
    }

  if (device_scale != NULL)
    *device_scale = device;
}

/* The picture: the timeline in view's box, and under it (or alone, when
 * the timeline has no height) the flow diagram at the end of the run, in
 * diagram_height view units. */
typedef struct
{
  const ForklineView *view;
  double              device;
  double              diagram_height;
} Picture;

static void
draw_diagram (cairo_t       *cr,
              ForklineTrace *trace,
              const Picture *picture)
{
  ForklineFlowRenderOptions options;
  ForklineFlowState *state = forkline_flow_state_new ();

  forkline_flow_state_set_trace (state, trace);
  forkline_flow_state_update (state, G_MAXUINT64);
  forkline_flow_render_options_init (&options, picture->view->width, picture->diagram_height);
  options.scale = picture->view->scale;
  options.theme = picture->view->theme;
  options.paint_background = FALSE;
  forkline_flow_render (cr, state, &options);
  forkline_flow_state_free (state);
}

static void
draw (cairo_t       *cr,
      ForklineTrace *trace,
      const Picture *picture)
{
  /* Paint the background ourselves so a PNG is never transparent, even
   * where the renderer leaves gaps. */
  forkline_rgba_set_source (cr, &forkline_palette_get (picture->view->theme)->background);
  cairo_paint (cr);

  cairo_save (cr);
  cairo_scale (cr, picture->device, picture->device);
  if (picture->view->height > 0)
    forkline_renderer_draw (cr, trace, picture->view);
  if (picture->diagram_height > 0)
    {
      cairo_translate (cr, 0, picture->view->height);
      draw_diagram (cr, trace, picture);
    }
  cairo_restore (cr);
}

static gboolean
check_cairo (cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, FORKLINE_EXPORT_ERROR, FORKLINE_EXPORT_ERROR_RENDER,
               "Cannot draw “%s”: %s", path, cairo_status_to_string (status));
  return FALSE;
}

static gboolean
write_image (ForklineTrace        *trace,
             const Picture        *picture,
             ForklineExportFormat  format,
             const char           *path,
             GError              **error)
{
  g_autoptr(ForklineOutputFile) output = NULL;
  int pixel_width = (int) round (picture->view->width * picture->device);
  int pixel_height = (int) round ((picture->view->height + picture->diagram_height) * picture->device);
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;

  output = forkline_output_file_open (path, error);
  if (output == NULL)
    return FALSE;

  switch (format)
    {
    case FORKLINE_EXPORT_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
      break;
    case FORKLINE_EXPORT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (forkline_output_file_cairo_write, output,
                                                     pixel_width, pixel_height);
      break;
    case FORKLINE_EXPORT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (forkline_output_file_cairo_write, output,
                                                     pixel_width, pixel_height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Forkline " PACKAGE_VERSION);
      break;
    case FORKLINE_EXPORT_FORMAT_JSON:
    case FORKLINE_EXPORT_FORMAT_UNKNOWN:
    default:
      g_assert_not_reached ();
    }

  cr = cairo_create (surface);
  draw (cr, trace, picture);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    {
      if (format == FORKLINE_EXPORT_FORMAT_PNG)
        status = cairo_surface_write_to_png_stream (surface, forkline_output_file_cairo_write, output);
      else
        cairo_surface_finish (surface);
    }
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  /* A failed write is better explained by the output ("No space left on
   * device") than by cairo ("error while writing to output stream"). */
  if (!forkline_output_file_check (output, error) ||
      !check_cairo (status, path, error))
    return FALSE;

  return forkline_output_file_commit (g_steal_pointer (&output), error);
}

gboolean
forkline_export_write_file (ForklineTrace       *trace,
                            const ForklineView  *view,
                            const char          *path,
                            int                  width,
                            int                  height,
                            double               scale,
                            const char          *theme,
                            ForklineExportLayout layout,
                            GError             **error)
{
  ForklineExportFormat format;
  ForklineTheme theme_value;
  ForklineView export_view;
  Picture picture = { &export_view, 1.0, 0 };
  int timeline_height = height;

  g_return_val_if_fail (FORKLINE_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  format = forkline_export_format_for_path (path, error);
  if (format == FORKLINE_EXPORT_FORMAT_UNKNOWN)
    return FALSE;
  if (format == FORKLINE_EXPORT_FORMAT_JSON)
    return forkline_export_write_perfetto (trace, path, error);

  if (!forkline_export_check_size (width, height, error) ||
      !forkline_export_check_scale (scale, error))
    return FALSE;

  if (theme == NULL)
    theme_value = view != NULL ? view->theme : FORKLINE_THEME_LIGHT;
  else if (!forkline_theme_from_string (theme, &theme_value))
    {
      g_set_error (error, FORKLINE_EXPORT_ERROR, FORKLINE_EXPORT_ERROR_INVALID,
                   "Unknown theme “%s”: use light, dark or contrast", theme);
      return FALSE;
    }

  /* the timeline's box: all of it, its share, or none (height 0 fits it) */
  if (layout == FORKLINE_EXPORT_LAYOUT_BOTH && height > 0)
    timeline_height = MAX (FORKLINE_EXPORT_MIN_SIZE, (int) round (height * BOTH_TIMELINE_SHARE));
  else if (layout == FORKLINE_EXPORT_LAYOUT_DIAGRAM)
    timeline_height = FORKLINE_EXPORT_MIN_SIZE;
  forkline_export_prepare_view (trace, view, width, timeline_height, scale, theme_value,
                                &export_view, &picture.device);

  switch (layout)
    {
    case FORKLINE_EXPORT_LAYOUT_TIMELINE:
      break;
    case FORKLINE_EXPORT_LAYOUT_DIAGRAM:
      /* a fitted height for the diagram alone is 9:16 of the width */
      picture.diagram_height = height > 0 ? height / picture.device : export_view.width * 9 / 16;
      export_view.height = 0;
      break;
    case FORKLINE_EXPORT_LAYOUT_BOTH:
      picture.diagram_height = height > 0 ? height / picture.device - export_view.height
                                          : BOTH_DIAGRAM_HEIGHT * export_view.scale;
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  return write_image (trace, &picture, format, path, error);
}

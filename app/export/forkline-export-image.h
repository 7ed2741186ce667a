/* forkline-export-image.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline as a PNG, SVG or PDF file (or Perfetto JSON), drawn by the
 * same renderer as the window.  Used by `forkline export` and by the
 * window's Export dialog.
 */

#pragma once

#include <glib.h>

#include "forkline-renderer.h"
#include "forkline-trace.h"

G_BEGIN_DECLS

#define FORKLINE_EXPORT_MIN_SIZE   16
#define FORKLINE_EXPORT_MAX_SIZE   16384
#define FORKLINE_EXPORT_MIN_SCALE  0.5
#define FORKLINE_EXPORT_MAX_SCALE  4.0

#define FORKLINE_EXPORT_ERROR (forkline_export_error_quark ())

typedef enum
{
  FORKLINE_EXPORT_ERROR_INVALID,  /* a size, scale, theme or format out of range */
  FORKLINE_EXPORT_ERROR_RENDER,   /* cairo could not draw (e.g. out of memory) */
} ForklineExportError;

typedef enum
{
  FORKLINE_EXPORT_FORMAT_UNKNOWN,
  FORKLINE_EXPORT_FORMAT_PNG,
  FORKLINE_EXPORT_FORMAT_SVG,
  FORKLINE_EXPORT_FORMAT_PDF,
  FORKLINE_EXPORT_FORMAT_JSON,    /* Chrome trace-event JSON for Perfetto */
} ForklineExportFormat;

/* What the picture shows: the timeline, the flow diagram at the end of the
 * run, or both (timeline above, diagram below). */
typedef enum
{
  FORKLINE_EXPORT_LAYOUT_TIMELINE,
  FORKLINE_EXPORT_LAYOUT_DIAGRAM,
  FORKLINE_EXPORT_LAYOUT_BOTH,
} ForklineExportLayout;

GQuark               forkline_export_error_quark      (void);
/* "timeline", "diagram" or "both"; FALSE and an error naming them otherwise. */
gboolean             forkline_export_layout_from_string (const char          *text,
                                                         ForklineExportLayout *layout,
                                                         GError             **error);

/* By the file name's extension (case-insensitive); UNKNOWN and an error
 * naming png, svg, pdf and json otherwise. */
ForklineExportFormat forkline_export_format_for_path  (const char          *path,
                                                       GError             **error);
gboolean             forkline_export_check_size       (int                  width,
                                                       int                  height,
                                                       GError             **error);
gboolean             forkline_export_check_scale      (double               scale,
                                                       GError             **error);

/* Writes @trace to @path in the format its extension names.
 *
 * @view: the window's view to export (its time range, cutoff and theme;
 *   its size, scroll and selection are ignored), or NULL for the whole run
 *   (from the lesson's first process, leaving out the engine's start-up).
 * @width, @height: the image size in pixels (points for SVG / PDF);
 *   @height 0 fits all lanes.
 * @scale: how large text and lanes are drawn relative to normal, 0.5 .. 4;
 *   the image keeps its size.
 * @theme: "light", "dark" or "contrast"; NULL = the view's, else light.
 * @layout: the timeline, the flow diagram or both.
 *
 * The picture carries the title (lesson, parameters, date), the legend and
 * the time axis.  The file is written atomically: on failure nothing is
 * left at @path.  Size and scale are ignored for JSON. */
gboolean             forkline_export_write_file       (ForklineTrace       *trace,
                                                       const ForklineView  *view,
                                                       const char          *path,
                                                       int                  width,
                                                       int                  height,
                                                       double               scale,
                                                       const char          *theme,
                                                       ForklineExportLayout layout,
                                                       GError             **error);

/* The view export draws (exposed for tests that probe pixels with the
 * renderer's geometry helpers).  @device_scale receives the cairo scale
 * applied before drawing; view->width * device_scale == @width. */
void                 forkline_export_prepare_view     (ForklineTrace       *trace,
                                                       const ForklineView  *view,
                                                       int                  width,
                                                       int                  height,
                                                       double               scale,
                                                       ForklineTheme        theme,
                                                       ForklineView        *out_view,
                                                       double              *device_scale);

G_END_DECLS

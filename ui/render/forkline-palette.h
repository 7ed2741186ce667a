/* forkline-palette.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colours and state styles shared by the timeline renderer, the flow
 * diagram, the console and export.  States never rely on colour alone:
 * each has its own fill pattern and a short name for legends.
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "forkline-protocol.h"

G_BEGIN_DECLS

typedef enum
{
  FORKLINE_THEME_LIGHT    = 0,
  FORKLINE_THEME_DARK     = 1,
  FORKLINE_THEME_CONTRAST = 2, /* projector / video call: high contrast */
  FORKLINE_N_THEMES
} ForklineTheme;

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} ForklineRgba;

typedef struct
{
  ForklineRgba background;
  ForklineRgba foreground;       /* text */
  ForklineRgba muted;            /* secondary text, captions */
  ForklineRgba grid;             /* ruler ticks, lane separators */
  ForklineRgba lane_background;
  ForklineRgba lane_background_alt;
  ForklineRgba section_background;
  ForklineRgba idle;             /* an idle CPU */
  ForklineRgba arrow;            /* fork / join arrows */
  ForklineRgba message;          /* message arrows and in-flight bars */
  ForklineRgba unreceived;       /* a message never received */
  ForklineRgba error;
  ForklineRgba selection;
  ForklineRgba hover;
  ForklineRgba other_process;    /* a pid that is not a lesson process */
} ForklinePalette;

typedef enum
{
  FORKLINE_FILL_SOLID,           /* running */
  FORKLINE_FILL_HATCHED,         /* sleeping: diagonal lines */
  FORKLINE_FILL_DOTTED,          /* waiting for a task: dots */
  FORKLINE_FILL_CROSS_HATCHED,   /* blocked: cross-hatch + dashed outline */
  FORKLINE_FILL_OUTLINE,         /* waiting in join() / map(): outline only */
  FORKLINE_FILL_NONE,            /* exited */
} ForklineFill;

typedef struct
{
  ForklineFill  fill;
  const char   *name;            /* short legend name: "running", "blocked" */
  double        height;          /* fraction of the lane height */
} ForklineStateStyle;

#define FORKLINE_N_PROCESS_COLORS 12

const ForklinePalette    *forkline_palette_get            (ForklineTheme        theme);
const char               *forkline_theme_to_string        (ForklineTheme        theme);
/* "light", "dark", "contrast" (also "high-contrast"); FALSE if unknown. */
gboolean                  forkline_theme_from_string      (const char          *name,
                                                           ForklineTheme       *theme);
/* Colour of lesson process @proc (0 = main); -1 = not a lesson process.
 * Colours cycle after FORKLINE_N_PROCESS_COLORS. */
void                      forkline_palette_process_color  (ForklineTheme        theme,
                                                           gint                 proc,
                                                           ForklineRgba        *out);
const ForklineStateStyle *forkline_palette_state_style    (ForklineState        state);
void                      forkline_rgba_set_source        (cairo_t             *cr,
                                                           const ForklineRgba  *rgba);
/* Paint one state box in its style (pattern + outline) with @color,
 * scale = presentation scale (pattern spacing and line width grow). */
void                      forkline_palette_paint_state    (cairo_t             *cr,
                                                           ForklineTheme        theme,
                                                           ForklineState        state,
                                                           const ForklineRgba  *color,
                                                           double               x,
                                                           double               y,
                                                           double               width,
                                                           double               height,
                                                           double               scale);

/* What the kernel said of a process the lesson calls running, while it was
 * off every CPU (ForklineLeave: PREEMPTED is "ready, waiting for a CPU",
 * BLOCKED is "in the kernel"): the lane's box emptied and drawn in its own
 * pattern, so it never reads as running, in colour or in grey. */
void                      forkline_palette_paint_off_cpu  (cairo_t             *cr,
                                                           ForklineTheme        theme,
                                                           int                  leave,
                                                           const ForklineRgba  *color,
                                                           double               x,
                                                           double               y,
                                                           double               width,
                                                           double               height,
                                                           double               scale);
/* A span with no data (the kernel dropped records): grey diagonal
 * stripes, unlike idle (a thin line) and unlike any process. */
void                      forkline_palette_paint_no_data  (cairo_t             *cr,
                                                           ForklineTheme        theme,
                                                           double               x,
                                                           double               y,
                                                           double               width,
                                                           double               height,
                                                           double               scale);
/* Their legend names. */
const char               *forkline_palette_off_cpu_name   (int                  leave);

G_END_DECLS

/* forkline-palette.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "forkline-palette.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, a) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, (a) }

static const ForklinePalette palettes[FORKLINE_N_THEMES] = {
  [FORKLINE_THEME_LIGHT] = {
    .background = RGB (0xffffff),
    .foreground = RGB (0x1e1e1e),
    .muted = RGB (0x6a6a6a),
    .grid = RGBA (0x000000, 0.12),
    .lane_background = RGB (0xffffff),
    .lane_background_alt = RGB (0xf5f5f4),
    .section_background = RGB (0xebebea),
    .idle = RGB (0xdededc),
    .arrow = RGB (0x3d3d3d),
    .message = RGB (0x3a5f9e),
    .unreceived = RGB (0xd0021b),
    .error = RGB (0xc01c28),
    .selection = RGBA (0x1c71d8, 0.9),
    .hover = RGBA (0x1c71d8, 0.35),
    .other_process = RGB (0xa8a8a8),
  },
  [FORKLINE_THEME_DARK] = {
    .background = RGB (0x1e1e1e),
    .foreground = RGB (0xeeeeec),
    .muted = RGB (0xa0a09c),
    .grid = RGBA (0xffffff, 0.14),
    .lane_background = RGB (0x242424),
    .lane_background_alt = RGB (0x2c2c2c),
    .section_background = RGB (0x353535),
    .idle = RGB (0x3c3c3c),
    .arrow = RGB (0xd8d8d4),
    .message = RGB (0x8fb4f0),
    .unreceived = RGB (0xff5c5c),
    .error = RGB (0xff7b7b),
    .selection = RGBA (0x78aeed, 0.95),
    .hover = RGBA (0x78aeed, 0.4),
    .other_process = RGB (0x707070),
  },
  /* Projectors wash out pale tints and video calls smear thin lines:
   * pure black on white, saturated colours, thick outlines. */
  [FORKLINE_THEME_CONTRAST] = {
    .background = RGB (0xffffff),
    .foreground = RGB (0x000000),
    .muted = RGB (0x000000),
    .grid = RGBA (0x000000, 0.45),
    .lane_background = RGB (0xffffff),
    .lane_background_alt = RGB (0xeeeeee),
    .section_background = RGB (0xd0d0d0),
    .idle = RGB (0xffffff),
    .arrow = RGB (0x000000),
    .message = RGB (0x000000),
    .unreceived = RGB (0xe00000),
    .error = RGB (0xe00000),
    .selection = RGBA (0xff00ff, 1.0),
    .hover = RGBA (0xff00ff, 0.5),
    .other_process = RGB (0x808080),
  },
};

/* Okabe–Ito first (safe under the common colour-blindness types), then
 * further hues; main (proc 0) gets the calm blue. */
static const guint32 process_colors[FORKLINE_N_THEMES][FORKLINE_N_PROCESS_COLORS] = {
  [FORKLINE_THEME_LIGHT] = {
    0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7, 0x56b4e9, 0xd55e00,
    0x8a63d2, 0x7f6a00, 0x1b9e9e, 0xa0522d, 0x7a1f5c, 0x5d6b7a,
  },
  [FORKLINE_THEME_DARK] = {
    0x4aa3e0, 0xf5b83d, 0x2fc79a, 0xe49ac4, 0x86cdf5, 0xf07f3c,
    0xad8cf0, 0xc4a93a, 0x48c9c9, 0xd4825a, 0xb5e853, 0x9aa8b8,
  },
  [FORKLINE_THEME_CONTRAST] = {
    0x0050a0, 0xff8c00, 0x007a33, 0xc00090, 0x00a0e0, 0xc03000,
    0x6000c0, 0x806000, 0x008080, 0x000000, 0xd0b000, 0x404040,
  },
};

static const ForklineStateStyle state_styles[FORKLINE_N_STATES] = {
  [FORKLINE_STATE_RUNNING] = { FORKLINE_FILL_SOLID, "running", 1.0 },
  [FORKLINE_STATE_SLEEPING] = { FORKLINE_FILL_HATCHED, "sleeping", 0.7 },
  [FORKLINE_STATE_WAIT_JOIN] = { FORKLINE_FILL_OUTLINE, "waiting (join / results)", 0.5 },
  [FORKLINE_STATE_WAIT_QUEUE] = { FORKLINE_FILL_CROSS_HATCHED, "blocked (get / recv / lock)", 0.7 },
  [FORKLINE_STATE_WAIT_PIPE] = { FORKLINE_FILL_CROSS_HATCHED, "blocked (get / recv / lock)", 0.7 },
  [FORKLINE_STATE_WAIT_LOCK] = { FORKLINE_FILL_CROSS_HATCHED, "blocked (get / recv / lock)", 0.7 },
  [FORKLINE_STATE_WAIT_POOL] = { FORKLINE_FILL_OUTLINE, "waiting (join / results)", 0.5 },
  [FORKLINE_STATE_WAIT_TASK] = { FORKLINE_FILL_DOTTED, "idle, waiting for a task", 0.5 },
  [FORKLINE_STATE_EXITED] = { FORKLINE_FILL_NONE, "exited", 0.0 },
};

const ForklinePalette *
forkline_palette_get (ForklineTheme theme)
{
  if ((guint) theme >= FORKLINE_N_THEMES)
    theme = FORKLINE_THEME_LIGHT;
  return &palettes[theme];
}

const char *
forkline_theme_to_string (ForklineTheme theme)
{
  switch (theme)
    {
    case FORKLINE_THEME_DARK: return "dark";
    case FORKLINE_THEME_CONTRAST: return "contrast";
    case FORKLINE_THEME_LIGHT:
    case FORKLINE_N_THEMES:
    default: return "light";
    }
}

gboolean
forkline_theme_from_string (const char    *name,
                            ForklineTheme *theme)
{
  g_return_val_if_fail (theme != NULL, FALSE);

  if (g_strcmp0 (name, "light") == 0)
    *theme = FORKLINE_THEME_LIGHT;
  else if (g_strcmp0 (name, "dark") == 0)
    *theme = FORKLINE_THEME_DARK;
  else if (g_strcmp0 (name, "contrast") == 0 || g_strcmp0 (name, "high-contrast") == 0)
    *theme = FORKLINE_THEME_CONTRAST;
  else
    return FALSE;
  return TRUE;
}

void
forkline_palette_process_color (ForklineTheme  theme,
                                gint           proc,
                                ForklineRgba  *out)
{
  guint32 hex;

  g_return_if_fail (out != NULL);

  if ((guint) theme >= FORKLINE_N_THEMES)
    theme = FORKLINE_THEME_LIGHT;

  if (proc < 0)
    {
      *out = palettes[theme].other_process;
      return;
    }

  hex = process_colors[theme][proc % FORKLINE_N_PROCESS_COLORS];
  out->red = (hex >> 16 & 0xff) / 255.0;
  out->green = (hex >> 8 & 0xff) / 255.0;
  out->blue = (hex & 0xff) / 255.0;
  out->alpha = 1.0;
}

const ForklineStateStyle *
forkline_palette_state_style (ForklineState state)
{
  if ((guint) state >= FORKLINE_N_STATES)
    state = FORKLINE_STATE_RUNNING;
  return &state_styles[state];
}

void
forkline_rgba_set_source (cairo_t            *cr,
                          const ForklineRgba *rgba)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha);
}

static void
hatch (cairo_t *cr,
       double   x,
       double   y,
       double   w,
       double   h,
       double   spacing,
       int      direction)
{
  for (double i = x - h; i < x + w; i += spacing)
    {
      if (direction > 0)
        {
          cairo_move_to (cr, i, y + h);
          cairo_line_to (cr, i + h, y);
        }
      else
        {
          cairo_move_to (cr, i, y);
          cairo_line_to (cr, i + h, y + h);
        }
    }
}

/* Patterns drawn line by line cost a clip and many antialiased strokes per
 * span; on raster targets a cached repeating tile does the same in one
 * fill.  Vector targets (SVG, PDF) keep real lines. */
static gboolean
target_is_vector (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
      return TRUE;
    default:
      return FALSE;
    }
}

G_LOCK_DEFINE_STATIC (tiles);
static GHashTable *tiles;

static cairo_pattern_t *
tile_pattern (ForklineFill        fill,
              gboolean            contrast,
              const ForklineRgba *color,
              double              scale,
              double              tint)
{
  g_autofree char *key = NULL;
  cairo_pattern_t *pattern;
  cairo_surface_t *surface;
  cairo_t *cr;
  double spacing = 5.0 * scale * (fill == FORKLINE_FILL_CROSS_HATCHED ? 1.2 : 1.0);
  double line = MAX (1.0, (contrast ? 1.6 : 1.0) * scale);
  int size = MAX (3, (int) round (spacing));

  key = g_strdup_printf ("%d:%d:%.3f:%.3f:%.3f:%.3f:%.2f", fill, contrast, color->red, color->green,
                         color->blue, tint, scale);

  G_LOCK (tiles);
  if (tiles == NULL)
    tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cairo_pattern_destroy);
  if ((pattern = g_hash_table_lookup (tiles, key)))
    {
      cairo_pattern_reference (pattern);
      G_UNLOCK (tiles);
      return pattern;
    }
  if (g_hash_table_size (tiles) > 512)
    g_hash_table_remove_all (tiles);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cr = cairo_create (surface);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, tint);
  cairo_paint (cr);
  forkline_rgba_set_source (cr, color);
  cairo_set_line_width (cr, line);

  /* Lines drawn across three tile widths so the edges tile seamlessly. */
  for (int offset = -size; offset <= size; offset += size)
    {
      if (fill == FORKLINE_FILL_HATCHED || fill == FORKLINE_FILL_CROSS_HATCHED)
        {
          cairo_move_to (cr, offset, size);
          cairo_line_to (cr, offset + size, 0);
        }
      if (fill == FORKLINE_FILL_CROSS_HATCHED)
        {
          cairo_move_to (cr, offset, 0);
          cairo_line_to (cr, offset + size, size);
        }
    }
  cairo_stroke (cr);

  if (fill == FORKLINE_FILL_DOTTED)
    {
      double dot = MAX (1.0, 1.6 * scale);

      cairo_rectangle (cr, size / 2.0 - dot / 2, size / 2.0 - dot / 2, dot, dot);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (surface);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (surface);

  g_hash_table_insert (tiles, g_steal_pointer (&key), cairo_pattern_reference (pattern));
  G_UNLOCK (tiles);

  return pattern;
}

/* The cross-hatched state also gets a dashed border, so it reads apart
 * from the hatched one at a glance. */
static void
stroke_dashed_border (cairo_t *cr,
                      double   x,
                      double   y,
                      double   width,
                      double   height,
                      double   line,
                      double   scale)
{
  double dash = 3.0 * scale;

  cairo_set_dash (cr, &dash, 1, 0);
  cairo_set_line_width (cr, line * 2);
  cairo_rectangle (cr, x, y, width, height);
  cairo_stroke (cr);
}

/* Bitmap targets: one fill with a repeating tile is far cheaper than
 * stroking every line of a long span. */
static void
paint_tiled (cairo_t            *cr,
             ForklineFill        fill,
             gboolean            contrast,
             const ForklineRgba *color,
             double              x,
             double              y,
             double              width,
             double              height,
             double              line,
             double              scale)
{
  cairo_pattern_t *pattern = tile_pattern (fill, contrast, color, scale, contrast ? 0.25 : 0.18);

  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);

  if (fill == FORKLINE_FILL_CROSS_HATCHED)
    {
      forkline_rgba_set_source (cr, color);
      stroke_dashed_border (cr, x, y, width, height, line, scale);
    }
}

static void
paint_solid (cairo_t            *cr,
             gboolean            contrast,
             const ForklineRgba *color,
             double              x,
             double              y,
             double              width,
             double              height)
{
  forkline_rgba_set_source (cr, color);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);
  if (contrast && width > 3)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, x + 0.5, y + 0.5, width - 1, height - 1);
      cairo_stroke (cr);
    }
}

/* Vector targets (SVG, PDF) get real lines and dots, which stay sharp at
 * any zoom. */
static void
paint_drawn (cairo_t            *cr,
             ForklineFill        fill,
             gboolean            contrast,
             const ForklineRgba *color,
             double              x,
             double              y,
             double              width,
             double              height,
             double              line,
             double              spacing,
             double              scale)
{
  /* A light tint of the process colour under the pattern keeps the
   * process recognisable; the pattern tells the state. */
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, contrast ? 0.25 : 0.18);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill_preserve (cr);
  cairo_clip (cr);

  forkline_rgba_set_source (cr, color);
  cairo_set_line_width (cr, line);

  switch (fill)
    {
    case FORKLINE_FILL_HATCHED:
      hatch (cr, x, y, width, height, spacing, 1);
      cairo_stroke (cr);
      break;

    case FORKLINE_FILL_CROSS_HATCHED:
      hatch (cr, x, y, width, height, spacing * 1.2, 1);
      hatch (cr, x, y, width, height, spacing * 1.2, -1);
      cairo_stroke (cr);
      stroke_dashed_border (cr, x, y, width, height, line, scale);
      break;

    case FORKLINE_FILL_DOTTED:
      {
        double dot = MAX (1.0, 1.6 * scale);

        for (double dy = y + spacing / 2; dy < y + height; dy += spacing)
          for (double dx = x + spacing / 2; dx < x + width; dx += spacing)
            cairo_rectangle (cr, dx - dot / 2, dy - dot / 2, dot, dot);
        cairo_fill (cr);
      }
      break;

    case FORKLINE_FILL_OUTLINE:
      cairo_set_line_width (cr, line * 2);
      cairo_rectangle (cr, x, y, width, height);
      cairo_stroke (cr);
      break;

    case FORKLINE_FILL_SOLID:
    case FORKLINE_FILL_NONE:
    default:
      break;
    }
}

void
forkline_palette_paint_state (cairo_t            *cr,
                              ForklineTheme       theme,
                              ForklineState       state,
                              const ForklineRgba *color,
                              double              x,
                              double              y,
                              double              width,
                              double              height,
                              double              scale)
{
  const ForklineStateStyle *style;
  gboolean contrast = theme == FORKLINE_THEME_CONTRAST;
  double line = MAX (1.0, (contrast ? 1.6 : 1.0) * scale);
  double spacing = 5.0 * scale;
  double cx1, cy1, cx2, cy2;
  double h;
  double top;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (color != NULL);

  style = forkline_palette_state_style (state);
  if (style->fill == FORKLINE_FILL_NONE || width <= 0 || height <= 0)
    return;

  /* Callers may pass spans reaching far off-screen; patterns only need
   * the visible part.  Whole pattern periods are skipped so the pattern
   * stays in place as the view scrolls. */
  cairo_clip_extents (cr, &cx1, &cy1, &cx2, &cy2);
  if (x < cx1 - spacing)
    {
      double skip = floor ((cx1 - x) / spacing) * spacing;

      x += skip;
      width -= skip;
    }
  if (x + width > cx2 + spacing)
    width = cx2 + spacing - x;
  if (width <= 0)
    return;

  h = height * style->height;
  top = y + (height - h) / 2;

  cairo_save (cr);
  if ((style->fill == FORKLINE_FILL_HATCHED ||
       style->fill == FORKLINE_FILL_CROSS_HATCHED ||
       style->fill == FORKLINE_FILL_DOTTED) &&
      !target_is_vector (cr))
    paint_tiled (cr, style->fill, contrast, color, x, top, width, h, line, scale);
  else if (style->fill == FORKLINE_FILL_SOLID)
    paint_solid (cr, contrast, color, x, top, width, h);
  else
    paint_drawn (cr, style->fill, contrast, color, x, top, width, h, line, spacing, scale);
  cairo_restore (cr);
}

const char *
forkline_palette_off_cpu_name (int leave)
{
  return leave == FORKLINE_LEAVE_BLOCKED ? "in the kernel (off CPU)" : "ready, waiting for a CPU";
}

void
forkline_palette_paint_off_cpu (cairo_t            *cr,
                                ForklineTheme       theme,
                                int                 leave,
                                const ForklineRgba *color,
                                double              x,
                                double              y,
                                double              width,
                                double              height,
                                double              scale)
{
  const ForklinePalette *palette = forkline_palette_get (theme);
  ForklineRgba faint = *color;
  double line = MAX (1.0, scale);

  g_return_if_fail (cr != NULL);
  g_return_if_fail (color != NULL);

  if (width <= 0 || height <= 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);

  /* empty the running box, then a faint wash of the process's colour */
  forkline_rgba_set_source (cr, &palette->lane_background);
  cairo_paint (cr);
  faint.alpha = theme == FORKLINE_THEME_CONTRAST ? 0.35 : 0.22;
  forkline_rgba_set_source (cr, &faint);
  cairo_paint (cr);

  forkline_rgba_set_source (cr, color);
  cairo_set_line_width (cr, line);
  if (leave == FORKLINE_LEAVE_BLOCKED)
    {
      /* in the kernel: short upright ticks along the middle */
      double step = 4.0 * scale;
      double first = floor (x / step) * step;

      for (double tx = first; tx < x + width; tx += step)
        {
          cairo_move_to (cr, tx + 0.5, y + height * 0.3);
          cairo_line_to (cr, tx + 0.5, y + height * 0.7);
        }
      cairo_stroke (cr);
    }
  else
    {
      /* ready, waiting for a CPU: a dashed outline, the box it could fill */
      double dash[] = { 4.0 * scale, 3.0 * scale };

      cairo_set_dash (cr, dash, 2, 0);
      cairo_rectangle (cr, x + line / 2, y + line / 2, width - line, height - line);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

void
forkline_palette_paint_no_data (cairo_t       *cr,
                                ForklineTheme  theme,
                                double         x,
                                double         y,
                                double         width,
                                double         height,
                                double         scale)
{
  const ForklinePalette *palette = forkline_palette_get (theme);
  double step = 6.0 * scale;

  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  forkline_rgba_set_source (cr, &palette->section_background);
  cairo_paint (cr);
  forkline_rgba_set_source (cr, &palette->muted);
  cairo_set_line_width (cr, MAX (1.0, scale));
  for (double sx = floor ((x - height) / step) * step; sx < x + width; sx += step)
    {
      cairo_move_to (cr, sx, y + height);
      cairo_line_to (cr, sx + height, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}
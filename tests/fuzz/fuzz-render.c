/* fuzz-render.c — any bytes as a trace, drawn: the timeline whole and
 * zoomed, and the flow diagram, into a small image.
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "forkline-flow-render.h"
#include "forkline-renderer.h"
#include "fuzz-target.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(ForklineFlowState) state = forkline_flow_state_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 160);
  cairo_t *cr = cairo_create (surface);
  ForklineFlowRenderOptions options;
  ForklineView view;
  guint64 end;

  forkline_trace_load_bytes (trace, bytes, NULL);
  end = forkline_trace_get_end_time (trace);

  for (guint zoom = 0; zoom < 2; zoom++)
    {
      forkline_view_init (&view, trace, 240, 160);
      view.show_title = view.show_legend = zoom == 0;
      if (zoom == 1)
        {
          view.t0 = end / 2;
          view.t1 = end / 2 + 1 + end / 64;
        }
      forkline_renderer_draw (cr, trace, &view);
    }

  forkline_flow_state_set_trace (state, trace);
  forkline_flow_state_update (state, end);
  forkline_flow_render_options_init (&options, 240, 160);
  options.layout = state;
  forkline_flow_render (cr, state, &options);

  g_assert (cairo_status (cr) == CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return 0;
}

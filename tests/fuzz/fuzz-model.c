/* fuzz-model.c — any bytes as a trace: the model, its level of detail and
 * the flow diagram's state, asked what the views ask.
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "forkline-flow-state.h"
#include "forkline-trace.h"
#include "fuzz-target.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ForklineTrace) trace = forkline_trace_new ();
  g_autoptr(ForklineFlowState) state = forkline_flow_state_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  guint64 end;

  forkline_trace_load_bytes (trace, bytes, NULL);
  end = forkline_trace_get_end_time (trace);
  g_assert (end <= FORKLINE_MAX_TIME_NS);

  for (guint i = 0; i < forkline_trace_get_n_processes (trace); i++)
    {
      forkline_trace_get_state_at (trace, i, end / 2);
      forkline_trace_get_n_threads (trace, i);
    }
  for (guint i = 0; i < forkline_trace_get_n_events (trace); i += 1 + i / 4)
    {
      ForklineEvent ev;

      g_assert (forkline_trace_get_event (trace, i, &ev));
      g_assert (forkline_trace_get_event_time (trace, i) <= end);
    }

  /* the flow diagram at a few moments, going forward and back */
  forkline_flow_state_set_trace (state, trace);
  forkline_flow_state_update (state, end);
  forkline_flow_state_update (state, end / 3);
  forkline_flow_state_update (state, G_MAXUINT64);
  return 0;
}

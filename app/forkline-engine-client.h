/* forkline-engine-client.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs `forkline-engine run LESSON …` and streams what it writes into a
 * ForklineTrace, on the main loop, never blocking.  Keeps the raw bytes so
 * the run can be saved as it was received.
 */

#pragma once

#include <gio/gio.h>

#include "forkline-trace.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_ENGINE_CLIENT (forkline_engine_client_get_type ())

G_DECLARE_FINAL_TYPE (ForklineEngineClient, forkline_engine_client, FORKLINE, ENGINE_CLIENT, GObject)

ForklineEngineClient *forkline_engine_client_new         (void);
/* Spawns the engine with @args (after its name: forkline_engine_run_args,
 * forkline_engine_script_args); events go into @trace.  "finished"
 * follows, once. */
gboolean              forkline_engine_client_start       (ForklineEngineClient  *self,
                                                          const char * const    *args,
                                                          ForklineTrace         *trace,
                                                          GError               **error);
/* SIGTERM to the engine, which stops its workers; "finished" follows. */
void                  forkline_engine_client_stop        (ForklineEngineClient  *self);
/* Stops the engine and waits (iterating the main context, at most
 * @timeout_ms, then SIGKILL) until it has exited: for quitting. */
void                  forkline_engine_client_stop_sync   (ForklineEngineClient  *self,
                                                          guint                  timeout_ms);
gboolean              forkline_engine_client_get_running (ForklineEngineClient  *self);
/* The engine's pid while running, 0 otherwise. */
GPid                  forkline_engine_client_get_pid     (ForklineEngineClient  *self);
/* The bytes received so far, exactly as the engine wrote them. */
GBytes               *forkline_engine_client_get_bytes   (ForklineEngineClient  *self);
/* What the engine warned of on stderr ("forkline-engine: …" lines, each
 * once, as sentences joined by "; "), or NULL if nothing. */
char                 *forkline_engine_client_get_warnings (ForklineEngineClient *self);
ForklineTrace        *forkline_engine_client_get_trace   (ForklineEngineClient  *self);

G_END_DECLS

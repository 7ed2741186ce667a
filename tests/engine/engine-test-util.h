/* engine-test-util.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real forkline-engine and decodes its stream for the tests.
 */

#pragma once

#include <gio/gio.h>

#include "forkline-protocol.h"

G_BEGIN_DECLS

/* An event with its strings copied (NUL-terminated). */
typedef struct
{
  ForklineEvent ev;
  char         *label;
  char         *text;
} TestEvent;

typedef struct
{
  GArray  *events;       /* TestEvent */
  int      exit_status;  /* -1 if killed */
  char    *err;          /* the engine's stderr */
  gsize    n_bytes;
  GBytes  *bytes;        /* the raw stdout */
} TestRun;

const char *test_engine_path  (void);
/* argv after "forkline-engine", NULL-terminated */
GSubprocess *test_engine_spawn (const char * const *args,
                                GSubprocessFlags    flags);
TestRun    *test_run_engine   (const char * const *args);
TestRun    *test_run_lesson   (const char        *lesson,
                               ...) G_GNUC_NULL_TERMINATED;
void        test_run_free     (TestRun           *run);
/* Decodes a complete stream; asserts it is intact. */
GArray     *test_decode_all   (const guint8      *data,
                               gsize              len);
void        test_event_array_free (GArray        *events);
TestEvent  *test_run_find     (TestRun           *run,
                               guint16            type,
                               guint              nth);
guint       test_run_count    (TestRun           *run,
                               guint16            type);
const TestEvent *test_run_end (TestRun           *run);
/* Every pid that was forked during the run. */
GArray     *test_run_pids     (TestRun           *run);
/* TRUE if pid is gone or a zombie (nothing runs). */
gboolean    test_pid_dead     (pid_t              pid);
/* TRUE if no process (not even a zombie) has this pid. */
gboolean    test_pid_gone     (pid_t              pid);
/* The method the engine should pick here: forced /proc, or perf where the
 * kernel allows it to unprivileged users of their own processes. */
ForklineMethod test_expected_method (void);
const char *test_run_proc_name (TestRun          *run,
                                pid_t             pid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestRun, test_run_free)

G_END_DECLS

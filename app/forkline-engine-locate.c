/* forkline-engine-locate.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "forkline-engine-locate.h"

static gboolean
is_executable (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) &&
         !g_file_test (path, G_FILE_TEST_IS_DIR);
}

/* Where forkline-engine is, in order: $FORKLINE_ENGINE, the build tree beside
 * this executable (build/app/forkline -> build/engine/forkline-engine), the
 * installed bindir, then $PATH.  Running from the build tree must never pick
 * up an older installed engine, hence the build tree first. */
char *
forkline_engine_locate (GError **error)
{
  const char *env = g_getenv ("FORKLINE_ENGINE");
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *found = NULL;

  if (env != NULL && *env != '\0')
    {
      if (is_executable (env))
        return g_strdup (env);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "FORKLINE_ENGINE is set to “%s”, which is not an executable file", env);
      return NULL;
    }

  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      g_autofree char *in_build = g_build_filename (dir, "..", "engine", "forkline-engine", NULL);
      g_autofree char *beside = g_build_filename (dir, "forkline-engine", NULL);

      if (is_executable (in_build))
        return g_canonicalize_filename (in_build, NULL);
      if (is_executable (beside))
        return g_steal_pointer (&beside);
    }

  {
    g_autofree char *installed = g_build_filename (FORKLINE_BINDIR, "forkline-engine", NULL);
    if (is_executable (installed))
      return g_steal_pointer (&installed);
  }

  found = g_find_program_in_path ("forkline-engine");
  if (found != NULL)
    return g_steal_pointer (&found);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "The Forkline engine (forkline-engine) was not found beside the app, in %s, "
               "or on PATH; reinstall Forkline or set FORKLINE_ENGINE", FORKLINE_BINDIR);
  return NULL;
}

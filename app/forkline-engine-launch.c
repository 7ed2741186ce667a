/* forkline-engine-launch.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one way the window, `forkline export` and the lesson list start the
 * engine.  It is found by an absolute path only — never by a PATH search:
 * GLib's default search path for an unset PATH ends in ".", so a
 * ./forkline-engine in the current directory would run.
 */

#include "config.h"

#include "forkline-engine-launch.h"

static gboolean
is_executable (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) &&
         !g_file_test (path, G_FILE_TEST_IS_DIR);
}

static gboolean
is_inside (const char *path,
           const char *dir)
{
  gsize n = strlen (dir);

  return strncmp (path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* Where the engine is for a program at self_exe: $FORKLINE_ENGINE (an
 * absolute path; the tests' fake engines use it), else the build tree's
 * engine when self_exe was built there (a build must never pick up an older
 * installed engine), else the installed one in the configured bindir. */
char *
forkline_engine_locate_for (const char  *self_exe,
                            GError     **error)
{
  const char *env = g_getenv ("FORKLINE_ENGINE");
  g_autofree char *path = NULL;

  if (env != NULL && *env != '\0')
    {
      if (g_path_is_absolute (env) && is_executable (env))
        return g_strdup (env);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "FORKLINE_ENGINE is set to “%s”, which is not the absolute path of an executable file",
                   env);
      return NULL;
    }

  if (self_exe != NULL && is_inside (self_exe, FORKLINE_BUILD_ROOT))
    path = g_build_filename (FORKLINE_BUILD_ROOT, "engine", "forkline-engine", NULL);
  else
    path = g_build_filename (FORKLINE_BINDIR, "forkline-engine", NULL);

  if (is_executable (path))
    return g_steal_pointer (&path);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "The Forkline engine was not found at %s; reinstall Forkline or set FORKLINE_ENGINE "
               "to the engine's absolute path", path);
  return NULL;
}

char *
forkline_engine_locate (GError **error)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);

  return forkline_engine_locate_for (self_exe, error);
}

/* The arguments of `forkline-engine run` for a lesson, with @listing
 * (an edited copy) in place of its own if not NULL. */
GStrv
forkline_engine_run_args (const char         *lesson_id,
                          const char * const *settings,
                          double              speed,
                          const char         *listing)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char speed_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (lesson_id != NULL, NULL);

  g_strv_builder_add_many (builder, "run", lesson_id, NULL);
  for (guint i = 0; settings != NULL && settings[i] != NULL; i++)
    g_strv_builder_add_many (builder, "--set", settings[i], NULL);
  if (listing != NULL)
    g_strv_builder_add_many (builder, "--listing", listing, NULL);
  g_strv_builder_add_many (builder, "--speed",
                           g_ascii_dtostr (speed_text, sizeof speed_text, speed), NULL);
  return g_strv_builder_end (builder);
}

/* The arguments of `forkline-engine script` for a Python program; an
 * edited copy of one (@folder not NULL) imports from the original's folder. */
GStrv
forkline_engine_script_args (const char *path,
                             const char *folder,
                             double      speed)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char speed_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (path != NULL, NULL);

  g_strv_builder_add (builder, "script");
  if (folder != NULL)
    g_strv_builder_add_many (builder, "--folder", folder, NULL);
  g_strv_builder_add_many (builder, "--speed",
                           g_ascii_dtostr (speed_text, sizeof speed_text, speed), path, NULL);
  return g_strv_builder_end (builder);
}

/* Starts the engine with args (after the program name), with launcher's
 * flags and child setup, or stdout piped when launcher is NULL. */
GSubprocess *
forkline_engine_spawn (GSubprocessLauncher *launcher,
                       const char * const  *args,
                       GError             **error)
{
  g_autoptr(GSubprocessLauncher) own = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *engine = NULL;
  g_auto(GStrv) argv = NULL;

  g_return_val_if_fail (launcher == NULL || G_IS_SUBPROCESS_LAUNCHER (launcher), NULL);
  g_return_val_if_fail (args != NULL, NULL);

  if (!(engine = forkline_engine_locate (error)))
    return NULL;
  if (launcher == NULL)
    launcher = own = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_strv_builder_add (builder, engine);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, error);
}

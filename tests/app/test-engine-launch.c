/* test-engine-launch.c — the engine is found by absolute path only.
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "forkline-engine-launch.h"

/* A directory holding an executable ./forkline-engine that leaves a marker
 * file when it runs, made the current directory, with PATH unset (GLib's
 * default search path then ends in "."). */
typedef struct
{
  char *dir;
  char *marker;
  char *old_cwd;
} Trap;

static void
trap_setup (Trap          *trap,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *path = NULL;

  trap->dir = g_dir_make_tmp ("forkline-launch-XXXXXX", &error);
  g_assert_no_error (error);
  trap->marker = g_build_filename (trap->dir, "ran", NULL);
  script = g_strdup_printf ("#!/bin/sh\ntouch '%s'\n", trap->marker);
  path = g_build_filename (trap->dir, "forkline-engine", NULL);
  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);

  trap->old_cwd = g_get_current_dir ();
  g_assert_cmpint (g_chdir (trap->dir), ==, 0);
  g_unsetenv ("PATH");
  g_unsetenv ("FORKLINE_ENGINE");
}

static void
trap_teardown (Trap          *trap,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (trap->dir, "forkline-engine", NULL);

  g_assert_cmpint (g_chdir (trap->old_cwd), ==, 0);
  g_remove (path);
  g_remove (trap->marker);
  g_rmdir (trap->dir);
  g_free (trap->dir);
  g_free (trap->marker);
  g_free (trap->old_cwd);
}

/* A program in the build tree runs the build tree's engine. */
static void
test_build_tree (Trap          *trap,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_build_filename (FORKLINE_BUILD_ROOT, "app", "forkline", NULL);
  g_autofree char *expected = g_build_filename (FORKLINE_BUILD_ROOT, "engine", "forkline-engine", NULL);
  g_autofree char *engine = forkline_engine_locate_for (self_exe, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (engine, ==, expected);
}

/* An installed program looks in the configured bindir and nowhere else:
 * not in the current directory, whatever PATH says. */
static void
test_installed_never_cwd (Trap          *trap,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *engine = forkline_engine_locate_for ("/opt/elsewhere/bin/forkline", &error);
  g_autofree char *installed = g_build_filename (FORKLINE_BINDIR, "forkline-engine", NULL);

  if (engine != NULL)
    g_assert_cmpstr (engine, ==, installed);
  else
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, installed));
    }

  g_setenv ("PATH", ".", TRUE);
  g_clear_pointer (&engine, g_free);
  g_clear_error (&error);
  engine = forkline_engine_locate_for ("/opt/elsewhere/bin/forkline", &error);
  g_assert_true (engine == NULL || g_str_equal (engine, installed));
}

/* $FORKLINE_ENGINE must be an absolute path: "forkline-engine" or
 * "./forkline-engine" would be looked up relative to the current directory. */
static void
test_env_relative_refused (Trap          *trap,
                           gconstpointer  data)
{
  const char *relative[] = { "forkline-engine", "./forkline-engine" };

  for (guint i = 0; i < G_N_ELEMENTS (relative); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *engine = NULL;

      g_setenv ("FORKLINE_ENGINE", relative[i], TRUE);
      engine = forkline_engine_locate (&error);
      g_assert_null (engine);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, "absolute path"));
    }
}

/* Spawning really runs the build tree's engine, and the trap in the
 * current directory never runs. */
static void
test_spawn_never_cwd (Trap          *trap,
                      gconstpointer  data)
{
  static const char * const args[] = { "list", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) engine = forkline_engine_spawn (NULL, args, &error);
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (engine);
  g_subprocess_communicate_utf8 (engine, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (engine));
  g_assert_nonnull (strstr (out, "pool-map"));
  g_assert_false (g_file_test (trap->marker, G_FILE_TEST_EXISTS));
}

static void
test_run_args (void)
{
  const char *settings[] = { "tasks=9", "workers=2", NULL };
  g_auto(GStrv) args = forkline_engine_run_args ("pool-map", settings, 0.25, NULL);
  g_autofree char *joined = g_strjoinv (" ", args);

  g_assert_cmpstr (joined, ==, "run pool-map --set tasks=9 --set workers=2 --speed 0.25");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/engine-launch/build-tree", Trap, NULL, trap_setup, test_build_tree, trap_teardown);
  g_test_add ("/engine-launch/installed-never-cwd", Trap, NULL, trap_setup, test_installed_never_cwd, trap_teardown);
  g_test_add ("/engine-launch/env-relative-refused", Trap, NULL, trap_setup, test_env_relative_refused, trap_teardown);
  g_test_add ("/engine-launch/spawn-never-cwd", Trap, NULL, trap_setup, test_spawn_never_cwd, trap_teardown);
  g_test_add_func ("/engine-launch/run-args", test_run_args);

  return g_test_run ();
}

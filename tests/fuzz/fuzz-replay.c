/* fuzz-replay.c — runs a fuzz target on files, without libFuzzer: every
 * file given, and every file in each folder given.  The normal suite
 * (suite fuzz-replay) replays the seed corpus, the recorded fixtures and
 * every crash or hang ever found, with the sanitizers of its build; an
 * input that takes longer than FUZZ_TIME_LIMIT is a hang.
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib.h>

#include "fuzz-target.h"

/* seconds, as libFuzzer's -timeout in tests/fuzz/run-fuzzers */
#define FUZZ_TIME_LIMIT 10

static const char *current;

static void
hang (int sig)
{
  /* async-signal-safe enough for a test that is about to fail */
  fprintf (stderr, "HANG: %s took more than %d s\n", current, FUZZ_TIME_LIMIT);
  _exit (1);
}

static guint
replay_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    {
      fprintf (stderr, "cannot read %s\n", path);
      exit (1);
    }
  current = path;
  alarm (FUZZ_TIME_LIMIT);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
  alarm (0);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  signal (SIGALRM, hang);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          n += replay_file (argv[i]);
          continue;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);

          if (name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_REGULAR))
            n += replay_file (path);
        }
    }
  printf ("replayed %u inputs, no crash, no hang\n", n);
  return n > 0 ? 0 : 1;
}

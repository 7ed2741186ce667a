/* main.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-application.h"
# include "forkline-export.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(ForklineApplication) app = NULL;

  /* `forkline export …` needs no display: decide before GTK starts. */
  if (argc > 1 && strcmp (argv[1], "export") == 0)
    {
      return forkline_export_main (argc - 1, argv + 1);
    }

  app = forkline_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

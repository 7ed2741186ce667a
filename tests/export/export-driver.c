/* export-driver.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `export-driver ARGS…` runs `forkline export ARGS…` through the same
 * forkline_export_main the app calls, for tests that must not depend on
 * the app being built.
 */

#include "config.h"

#include "forkline-export.h"

int
main (int    argc,
      char **argv)
{
  argv[0] = (char *) "export";
  return forkline_export_main (argc, argv);
}

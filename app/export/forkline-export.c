/* forkline-export.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "forkline-export.h"

int
forkline_export_main (int    argc,
                      char **argv)
{
  g_printerr ("forkline export: not implemented yet\n");
  return 1;
}

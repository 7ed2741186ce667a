/* forkline-python-listing.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-python-listing.h"

char *
forkline_python_listing_strip (const char  *source,
                               GArray     **marked)
{
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (source != NULL, NULL);

  if (marked != NULL)
    *marked = g_array_new (FALSE, FALSE, sizeof (guint));

  lines = g_strsplit (source, "\n", -1);
  n = g_strv_length (lines);
  /* a trailing newline leaves one empty last element */
  if (n > 0 && lines[n - 1][0] == '\0')
    n--;

  for (guint i = 0; i < n; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
        len--;
      line[len] = '\0';

      if (g_str_has_suffix (line, FORKLINE_LISTING_MARKER))
        {
          len -= strlen (FORKLINE_LISTING_MARKER);
          while (len > 0 && line[len - 1] == ' ')
            len--;
          line[len] = '\0';
          if (marked != NULL)
            g_array_append_val (*marked, i);
        }

      g_string_append (out, line);
      if (i + 1 < n)
        g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

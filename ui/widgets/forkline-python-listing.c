/* forkline-python-listing.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "forkline-python-listing.h"

static const char * const keywords[] = {
  "and", "as", "def", "elif", "else", "except", "False", "finally", "for",
  "from", "if", "import", "in", "is", "lambda", "None", "not", "or", "pass",
  "raise", "return", "True", "try", "while", "with", "break", "continue",
  "global", "class", "yield",
};

void
forkline_python_listing_setup (GtkTextBuffer *buffer)
{
  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  /* Translucent colours read on light and dark backgrounds alike. */
  gtk_text_buffer_create_tag (buffer, "marked",
                              "paragraph-background-rgba", &(GdkRGBA) { 0.96, 0.76, 0.07, 0.30 },
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "keyword",
                              "foreground-rgba", &(GdkRGBA) { 0.75, 0.25, 0.55, 1 },
                              NULL);
  gtk_text_buffer_create_tag (buffer, "string",
                              "foreground-rgba", &(GdkRGBA) { 0.20, 0.60, 0.30, 1 },
                              NULL);
  gtk_text_buffer_create_tag (buffer, "comment",
                              "foreground-rgba", &(GdkRGBA) { 0.50, 0.50, 0.50, 1 },
                              "style", PANGO_STYLE_ITALIC,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "number",
                              "foreground-rgba", &(GdkRGBA) { 0.15, 0.45, 0.85, 1 },
                              NULL);
}

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

static gboolean
is_keyword (const char *word,
            gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (strlen (keywords[i]) == len && strncmp (keywords[i], word, len) == 0)
      return TRUE;
  return FALSE;
}

static void
apply (GtkTextBuffer *buffer,
       const char    *tag,
       guint          line,
       guint          start,
       guint          end)
{
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_line_index (buffer, &a, line, start);
  gtk_text_buffer_get_iter_at_line_index (buffer, &b, line, end);
  gtk_text_buffer_apply_tag_by_name (buffer, tag, &a, &b);
}

static void
colour_line (GtkTextBuffer *buffer,
             guint          line_no,
             const char    *line)
{
  guint i = 0;
  guint len = strlen (line);

  while (i < len)
    {
      char c = line[i];

      if (c == '#')
        {
          apply (buffer, "comment", line_no, i, len);
          return;
        }
      if (c == '"' || c == '\'')
        {
          guint j = i + 1;

          while (j < len && line[j] != c)
            j += line[j] == '\\' ? 2 : 1;
          j = MIN (j + 1, len);
          apply (buffer, "string", line_no, i, j);
          i = j;
          continue;
        }
      if (g_ascii_isalpha (c) || c == '_')
        {
          guint j = i;

          while (j < len && (g_ascii_isalnum (line[j]) || line[j] == '_'))
            j++;
          if (is_keyword (line + i, j - i))
            apply (buffer, "keyword", line_no, i, j);
          i = j;
          continue;
        }
      if (g_ascii_isdigit (c))
        {
          guint j = i;

          while (j < len && (g_ascii_isdigit (line[j]) || line[j] == '.'))
            j++;
          apply (buffer, "number", line_no, i, j);
          i = j;
          continue;
        }
      i++;
    }
}

guint
forkline_python_listing_fill (GtkTextBuffer *buffer,
                              const char    *source)
{
  g_autoptr(GArray) marked = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), 0);
  g_return_val_if_fail (source != NULL, 0);

  text = forkline_python_listing_strip (source, &marked);
  gtk_text_buffer_set_text (buffer, text, -1);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_utf8_validate (lines[i], -1, NULL))
      colour_line (buffer, i, lines[i]);

  for (guint i = 0; i < marked->len; i++)
    {
      guint line = g_array_index (marked, guint, i);
      GtkTextIter a, b;

      gtk_text_buffer_get_iter_at_line (buffer, &a, line);
      b = a;
      if (!gtk_text_iter_ends_line (&b))
        gtk_text_iter_forward_to_line_end (&b);
      gtk_text_buffer_apply_tag_by_name (buffer, "marked", &a, &b);
    }

  return marked->len;
}

/* forkline-lessons.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "forkline-lessons.h"

/* fl_lesson_ID for each line of lessons.list, in order, and its listing
 * (generated). */
static const FlLesson * const lessons[] = {
#define FL_LESSON(sym, listing) &fl_lesson_##sym,
#include "forkline-lesson-table.h"
#undef FL_LESSON
};

static const char * const listings[] = {
#define FL_LESSON(sym, listing) listing,
#include "forkline-lesson-table.h"
#undef FL_LESSON
};

const FlLesson * const *
fl_lessons_get (guint *n_lessons)
{
  *n_lessons = G_N_ELEMENTS (lessons);
  return lessons;
}

const FlLesson *
fl_lessons_find (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    if (g_strcmp0 (lessons[i]->id, id) == 0)
      return lessons[i];
  return NULL;
}

const char *
fl_lesson_listing (const FlLesson *lesson)
{
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    if (lessons[i] == lesson)
      return listings[i];
  return NULL;
}

char *
fl_lessons_list_ids (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", lessons[i]->id);
  return g_string_free (s, FALSE);
}

static int
param_index (const FlLesson *lesson,
             const char     *name)
{
  for (int i = 0; i < FL_MAX_PARAMS && lesson->params[i].name != NULL; i++)
    if (strcmp (lesson->params[i].name, name) == 0)
      return i;
  return -1;
}

double
fl_lesson_arg (const FlLessonArgs *args,
               const char         *name)
{
  int i = param_index (args->lesson, name);

  g_return_val_if_fail (i >= 0, 0);
  return args->values[i];
}

static char *
param_names (const FlLesson *lesson)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < FL_MAX_PARAMS && lesson->params[i].name != NULL; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", lesson->params[i].name);
  if (s->len == 0)
    g_string_append (s, "none");
  return g_string_free (s, FALSE);
}

gboolean
fl_lesson_args_parse (const FlLesson     *lesson,
                      const char * const *settings,
                      FlLessonArgs       *args,
                      char              **message)
{
  memset (args, 0, sizeof *args);
  args->lesson = lesson;
  for (int i = 0; i < FL_MAX_PARAMS && lesson->params[i].name != NULL; i++)
    args->values[i] = lesson->params[i].def;

  for (guint k = 0; settings != NULL && settings[k] != NULL; k++)
    {
      g_auto(GStrv) kv = g_strsplit (settings[k], "=", 2);
      const FlParam *p;
      char *end = NULL;
      double v;
      int i;

      if (kv[0] == NULL || kv[1] == NULL)
        {
          g_autofree char *names = param_names (lesson);
          *message = g_strdup_printf ("--set needs NAME=VALUE, got “%s”; parameters of %s: %s",
                                      settings[k], lesson->id, names);
          return FALSE;
        }
      i = param_index (lesson, kv[0]);
      if (i < 0)
        {
          g_autofree char *names = param_names (lesson);
          *message = g_strdup_printf ("Unknown parameter “%s” for lesson %s; valid parameters: %s",
                                      kv[0], lesson->id, names);
          return FALSE;
        }
      p = &lesson->params[i];
      v = g_ascii_strtod (kv[1], &end);
      if (end == kv[1] || *end != '\0' || !isfinite (v) || v < p->min || v > p->max ||
          (p->is_int && v != floor (v)))
        {
          *message = g_strdup_printf ("Bad value “%s” for %s of lesson %s: valid values are %s from %g to %g",
                                      kv[1], p->name, lesson->id,
                                      p->is_int ? "whole numbers" : "numbers", p->min, p->max);
          return FALSE;
        }
      args->values[i] = v;
    }
  return TRUE;
}

char *
fl_lesson_args_format (const FlLessonArgs *args)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < FL_MAX_PARAMS && args->lesson->params[i].name != NULL; i++)
    g_string_append_printf (s, "%s%s=%g", i ? " " : "", args->lesson->params[i].name, args->values[i]);
  return g_string_free (s, FALSE);
}

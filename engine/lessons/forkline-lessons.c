/* forkline-lessons.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "forkline-lessons.h"

/* The seed program's numbers are the defaults. */
static const FlLesson lessons[] = {
  { "cpu-count", "How many CPUs?",
    "prints mp.cpu_count(); the CPU lanes show them",
    { { NULL } }, 0, fl_lesson_cpu_count_main },
  { "process-start", "start() without join()",
    "two processes sleep; the parent prints its time before they finish",
    { { "processes", 2, 1, 64, TRUE, "how many Process objects" },
      { "sleep", 0.5, 0, 60, FALSE, "seconds each child sleeps" },
      { NULL } }, 0, fl_lesson_process_start_main },
  { "start-join", "start() then join()",
    "two processes sleep at the same time: the total is one sleep, not two",
    { { "processes", 2, 1, 64, TRUE, "how many Process objects" },
      { "sleep", 3, 0, 60, FALSE, "seconds each child sleeps" },
      { NULL } }, 0, fl_lesson_start_join_main },
  { "shared-array", "A shared Array",
    "10 processes square one cell each of a shared Array after sleeping",
    { { "sleep", 2, 0, 60, FALSE, "seconds each child sleeps before writing" },
      { NULL } }, 0, fl_lesson_shared_array_main },
  { "pool-map", "Pool.map",
    "a Pool of 5 squares 9 numbers; results come back in input order",
    { { "workers", 5, 1, 64, TRUE, "pool processes" },
      { NULL } }, 0, fl_lesson_pool_map_main },
  { "pool-worklog", "Pool.map with sleeps",
    "4 tasks sleep 5, 2, 1, 3 s in a Pool of 4: they finish C, B, D, A",
    { { "workers", 4, 1, 64, TRUE, "pool processes" },
      { "a", 5, 0, 60, FALSE, "seconds task A sleeps" },
      { "b", 2, 0, 60, FALSE, "seconds task B sleeps" },
      { "c", 1, 0, 60, FALSE, "seconds task C sleeps" },
      { "d", 3, 0, 60, FALSE, "seconds task D sleeps" },
      { NULL } }, 0, fl_lesson_pool_worklog_main },
  { "queue", "A Queue between producer and consumer",
    "the consumer tests empty() too early and quits: the producer's items are never read (fixed=1: sentinel)",
    { { "fixed", 0, 0, 1, TRUE, "1 = the corrected program (blocking get, None sentinel)" },
      { "items", 5, 0, 50, TRUE, "items the producer puts" },
      { "interval", 1.5, 0, 60, FALSE, "seconds between the producer's puts" },
      { "poll", 0.5, 0, 60, FALSE, "seconds the consumer sleeps before each get" },
      { NULL } }, 0, fl_lesson_queue_main },
  { "pipe", "A Pipe that never ends",
    "the receiver holds a copy of the sending end, so recv() never sees EOF: it hangs (fixed=1: close unused ends)",
    { { "fixed", 0, 0, 1, TRUE, "1 = the corrected program (each child closes the end it does not use)" },
      { "messages", 4, 1, 50, TRUE, "messages the sender sends" },
      { "interval", 1, 0, 60, FALSE, "seconds between messages" },
      { NULL } }, 10, fl_lesson_pipe_main },
  { "lock", "Lost updates and a Lock",
    "processes add 1 to a shared counter many times: without the Lock updates are lost",
    { { "lock", 1, 0, 1, TRUE, "1 = take the Lock around each increment, 0 = no lock" },
      { "processes", 4, 1, 32, TRUE, "processes incrementing" },
      { "increments", 2000, 1, 100000, TRUE, "increments per process" },
      { NULL } }, 0, fl_lesson_lock_main },
  { "cpu-bound", "CPU-bound Pool, more workers than CPUs",
    "a Pool of 2 x cpu_count workers does real arithmetic: the CPUs time-share",
    { { "workers", 0, 0, 64, TRUE, "pool processes (0 = 2 x cpu_count)" },
      { "tasks", 16, 1, 256, TRUE, "tasks to map" },
      { "work", 200, 0.01, 10000, FALSE, "millions of loop iterations per task" },
      { NULL } }, 0, fl_lesson_cpu_bound_main },
};

const FlLesson *
fl_lessons_get (guint *n_lessons)
{
  *n_lessons = G_N_ELEMENTS (lessons);
  return lessons;
}

const FlLesson *
fl_lessons_find (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    if (g_strcmp0 (lessons[i].id, id) == 0)
      return &lessons[i];
  return NULL;
}

char *
fl_lessons_list_ids (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", lessons[i].id);
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

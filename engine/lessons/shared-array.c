/* shared-array.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ten processes square one cell each of a shared Array('i', ...).
 */

#include "config.h"

#include "forkline-lessons.h"
#include "forkline-mp.h"

typedef struct
{
  FlArray *arr;
  guint    index;
  double   sleep_sec;
} Square;

static void
square (gpointer data)
{
  Square *sq = data;
  gint64 v;

  fl_sleep (sq->sleep_sec);
  v = fl_array_get (sq->arr, sq->index);
  fl_array_set (sq->arr, sq->index, v * v);
}

static void
shared_array_main (const FlLessonArgs *args)
{
  static const gint64 values[] = { 2, 3, 6, 7, 8, 8, 9, 3, 3, 3 };
  FlArray *arr = fl_array_new ("arr", values, G_N_ELEMENTS (values));
  FlProcess *procs[G_N_ELEMENTS (values)];
  Square sq[G_N_ELEMENTS (values)];
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char name[32];

      sq[i].arr = arr;
      sq[i].index = i;
      sq[i].sleep_sec = fl_lesson_arg (args, "sleep");
      g_snprintf (name, sizeof name, "Process-%u", i + 1);
      procs[i] = fl_process_new (name, square, &sq[i]);
      fl_process_start (procs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    fl_process_join (procs[i]);

  text = fl_array_format (arr);
  fl_print ("%s", text);
}

/* The seed program's numbers are the defaults. */
const FlLesson fl_lesson_shared_array = { "shared-array", "A shared Array",
  "10 processes square one cell each of a shared Array after sleeping",
  { { "sleep", 2, 0, 60, FALSE, "seconds each child sleeps before writing", "SLEEP" },
    { NULL } }, 0, shared_array_main };

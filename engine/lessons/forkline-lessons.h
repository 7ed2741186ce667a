/* forkline-lessons.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lessons: each is an FlLesson (id, parameters with defaults and
 * ranges, and the entry point it runs in the lesson's main process, proc 0)
 * defined in its own file; lessons.list orders them.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  double      def;
  double      min;
  double      max;
  gboolean    is_int;
  const char *help;
  const char *constant;   /* the listing's top-level constant it sets */
} FlParam;

#define FL_MAX_PARAMS 8

typedef struct _FlLesson FlLesson;

typedef struct
{
  const FlLesson *lesson;
  double          values[FL_MAX_PARAMS];
} FlLessonArgs;

struct _FlLesson
{
  const char    *id;
  const char    *title;
  const char    *summary;
  FlParam        params[FL_MAX_PARAMS];
  /* seconds, before --speed; 0 = the engine's default */
  double         faithful_timeout;
  void         (*main) (const FlLessonArgs *args);
};

/* In the order of lessons.list. */
const FlLesson * const *fl_lessons_get (guint            *n_lessons);
const FlLesson *fl_lessons_find     (const char          *id);
/* The valid ids, "a, b, c", for error messages. */
char           *fl_lessons_list_ids (void);
/* The file name of the lesson's Python listing in data/lessons/ (and in
 * FORKLINE_DATADIR/lessons/ once installed): "pool-map.py". */
const char     *fl_lesson_listing   (const FlLesson      *lesson);
double          fl_lesson_arg       (const FlLessonArgs  *args,
                                     const char          *name);
/* Fills args with the defaults then applies "k=v" settings.  On a bad
 * setting, returns FALSE with a one-line message naming the valid choices. */
gboolean        fl_lesson_args_parse (const FlLesson     *lesson,
                                      const char * const *settings,
                                      FlLessonArgs       *args,
                                      char              **message);
/* "k=v k=v", every parameter with its value */
char           *fl_lesson_args_format (const FlLessonArgs *args);

/* Each lesson's entry, defined in its own file (engine/lessons/ID.c). */
#define FL_LESSON(sym, listing) extern const FlLesson fl_lesson_##sym;
#include "forkline-lesson-table.h"
#undef FL_LESSON

/* The seed's task1 (data: the seconds to sleep, a double), shared by
 * process-start and start-join. */
void fl_lesson_task1 (gpointer data);

G_END_DECLS

/* forkline-lesson.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One lesson as `forkline-engine list --json` describes it: id, title,
 * summary and its parameters.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char     *name;
  char     *help;
  double    def;
  double    min;
  double    max;
  gboolean  is_int;
} ForklineLessonParam;

#define FORKLINE_TYPE_LESSON (forkline_lesson_get_type ())

G_DECLARE_FINAL_TYPE (ForklineLesson, forkline_lesson, FORKLINE, LESSON, GObject)

const char                *forkline_lesson_get_id       (ForklineLesson *self);
const char                *forkline_lesson_get_title    (ForklineLesson *self);
const char                *forkline_lesson_get_summary  (ForklineLesson *self);
guint                      forkline_lesson_get_n_params (ForklineLesson *self);
const ForklineLessonParam *forkline_lesson_get_param    (ForklineLesson *self,
                                                         guint           index);
/* A parameter shown as a switch: an integer 0..1 (fixed, lock …). */
gboolean                   forkline_lesson_param_is_flag (const ForklineLessonParam *param);

/* Parses the engine's `list --json` output into a GListModel of
 * ForklineLesson, in the engine's order. */
GListModel                *forkline_lessons_parse_json  (const char     *json,
                                                         gssize          length,
                                                         GError        **error);

G_END_DECLS

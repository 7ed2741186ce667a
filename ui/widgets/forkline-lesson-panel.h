/* forkline-lesson-panel.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sidebar: the lessons, the chosen lesson's explanation and Python
 * listing, its parameters, the speed, Run / Stop / Run again.
 */

#pragma once

#include <gtk/gtk.h>

#include "forkline-lesson.h"
#include "forkline-listing-editor.h"
#include "forkline-view-state.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_LESSON_PANEL (forkline_lesson_panel_get_type ())

G_DECLARE_FINAL_TYPE (ForklineLessonPanel, forkline_lesson_panel, FORKLINE, LESSON_PANEL, GtkWidget)

GtkWidget      *forkline_lesson_panel_new             (void);
void            forkline_lesson_panel_set_lessons     (ForklineLessonPanel *self,
                                                       GListModel          *lessons);
ForklineLesson *forkline_lesson_panel_get_lesson      (ForklineLessonPanel *self);
/* No lessons can be listed (engine missing or failing): says why. */
void            forkline_lesson_panel_set_unavailable (ForklineLessonPanel *self,
                                                       const char          *reason);
/* Selects the lesson with @id; FALSE if there is none. */
void            forkline_lesson_panel_show_program    (ForklineLessonPanel *self,
                                                       const char          *name);
gboolean        forkline_lesson_panel_select_lesson   (ForklineLessonPanel *self,
                                                       const char          *id);
/* "name=value" for each parameter the user changed from its default. */
GStrv           forkline_lesson_panel_get_settings    (ForklineLessonPanel *self);
/* Sets a control from a "name=value" setting, as `--set` does. */
void            forkline_lesson_panel_apply_setting   (ForklineLessonPanel *self,
                                                       const char          *setting);
double          forkline_lesson_panel_get_speed       (ForklineLessonPanel *self);
void            forkline_lesson_panel_set_speed       (ForklineLessonPanel *self,
                                                       double               speed);
void            forkline_lesson_panel_set_view_state  (ForklineLessonPanel *self,
                                                       ForklineViewState   *view_state);
/* Shows the Python program at absolute @path (its @text) instead of a
 * lesson, until a lesson is picked. */
void            forkline_lesson_panel_show_script     (ForklineLessonPanel *self,
                                                       const char          *path,
                                                       const char          *text);
/* The program shown instead of a lesson, NULL if a lesson is. */
const char     *forkline_lesson_panel_get_script      (ForklineLessonPanel *self);
ForklineListingEditor *forkline_lesson_panel_get_editor (ForklineLessonPanel *self);
/* Before a run: the edited program to run in place of the lesson's
 * listing (written to the user's data folder), or NULL if unedited or on
 * error (then set). */
char           *forkline_lesson_panel_prepare_run     (ForklineLessonPanel *self,
                                                       GError             **error);
/* Pango markup for the markdown-lite lesson text (exposed for tests). */
char           *forkline_lesson_markup_from_markdown  (const char          *markdown,
                                                       char               **title);

G_END_DECLS

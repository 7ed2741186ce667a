/* forkline-line-marks.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A gutter for the listing: one dot per process, in its lane colour, on
 * the line of the program the process was at — at the selected event, the
 * replay position, or the live edge, whichever the view state shows.
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "forkline-view-state.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_LINE_MARKS (forkline_line_marks_get_type ())

G_DECLARE_FINAL_TYPE (ForklineLineMarks, forkline_line_marks, FORKLINE, LINE_MARKS, GtkSourceGutterRenderer)

GtkSourceGutterRenderer *forkline_line_marks_new             (void);
ForklineViewState       *forkline_line_marks_get_view_state  (ForklineLineMarks *self);
void                     forkline_line_marks_set_view_state  (ForklineLineMarks *self,
                                                              ForklineViewState *view_state);
/* "At 1.20 s: MainProcess on line 18, Process-1 on line 10", or "" when
 * no process is at a line of the program. */
const char              *forkline_line_marks_get_description (ForklineLineMarks *self);

G_END_DECLS

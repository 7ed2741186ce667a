/* forkline-listing-editor.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Python program beside the timeline, as an editor: highlighted
 * (GtkSourceView), each process's current line marked in its lane colour,
 * the lines the lesson points to (the listing's "#<<") shaded.  Edits are
 * kept in a file of the user's data folder, never over the shipped
 * listing, and "Revert" brings the listing back.  When the shown run tells
 * the program it ran (its constants set by the parameters), that text is
 * shown.
 */

#pragma once

#include <gtk/gtk.h>

#include "forkline-view-state.h"

G_BEGIN_DECLS

#define FORKLINE_TYPE_LISTING_EDITOR (forkline_listing_editor_get_type ())

G_DECLARE_FINAL_TYPE (ForklineListingEditor, forkline_listing_editor, FORKLINE, LISTING_EDITOR, GtkWidget)

GtkWidget         *forkline_listing_editor_new            (void);
void               forkline_listing_editor_set_view_state (ForklineListingEditor *self,
                                                           ForklineViewState     *view_state);
/* Shows @listing (with "#<<" marks) of the program @program_id (a lesson's
 * id, or "script:" and the absolute path of a user's script, shown as it
 * is); edits go to @edits_path, whose text, if the file exists, is shown
 * instead. */
void               forkline_listing_editor_show           (ForklineListingEditor *self,
                                                           const char            *program_id,
                                                           const char            *listing,
                                                           const char            *edits_path);
/* The text differs from the listing (as it ran). */
gboolean           forkline_listing_editor_get_edited     (ForklineListingEditor *self);
/* Before a run: writes the edits (if any) and returns the file to run in
 * place of the listing, or NULL if unedited (or on error, which is set). */
char              *forkline_listing_editor_prepare_run    (ForklineListingEditor *self,
                                                           GError               **error);
void               forkline_listing_editor_revert         (ForklineListingEditor *self);
/* The buffer's text. */
char              *forkline_listing_editor_get_text       (ForklineListingEditor *self);
/* What a person types into (for tests, which type as they would). */
GtkTextBuffer     *forkline_listing_editor_get_buffer     (ForklineListingEditor *self);
/* The caption under the listing: which process is on which line. */
const char        *forkline_listing_editor_get_marks_text (ForklineListingEditor *self);

G_END_DECLS

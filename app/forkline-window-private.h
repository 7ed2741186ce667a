/* forkline-window-private.h
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window's sibling files (actions) and its in-process tests share.
 */

#pragma once

#include "forkline-console.h"
#include "forkline-engine-client.h"
#include "forkline-lesson-panel.h"
#include "forkline-replay-bar.h"
#include "forkline-timeline-view.h"
#include "forkline-view-state.h"
#include "forkline-window.h"

G_BEGIN_DECLS

struct _ForklineWindow
{
  GtkApplicationWindow  parent_instance;

  ForklineViewState    *view_state;
  ForklineTrace        *trace;
  ForklineEngineClient *client;
  GListModel           *lessons;
  GSettings            *settings;
  GCancellable         *cancellable;

  /* what "Run again" repeats: the engine's arguments, the subtitle */
  GStrv                 last_args;
  char                 *last_status;

  /* a trace opened from a file, for the title and Save */
  char                 *opened_name;

  /* template children */
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkPaned             *main_paned;
  GtkPaned             *content_paned;
  GtkPaned             *timeline_paned;
  ForklineLessonPanel  *lesson_panel;
  ForklineTimelineView *timeline;
  GtkScrollbar         *timeline_scrollbar;
  GtkBox               *flow_box;
  ForklineConsole      *console;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkImage             *banner_icon;
  GtkWidget            *banner;
  GtkLabel             *method_label;
  GtkLabel             *stats_label;
  GtkWidget            *flow_view;
  GtkRevealer          *replay_revealer;
  ForklineReplayBar    *replay_bar;

  GtkCssProvider       *presentation_css;
  gint64                captions_updated_us;
  guint                 banner_timeout;
  int                   content_position;
  guint                 presenting : 1;
};

void  _forkline_window_actions_init   (ForklineWindow *self);
void  _forkline_window_update_actions (ForklineWindow *self);
void  _forkline_window_run            (ForklineWindow *self,
                                       const char * const *args,
                                       const char     *status);
void  _forkline_window_stop           (ForklineWindow *self);
void  _forkline_window_show_banner    (ForklineWindow *self,
                                       const char     *message,
                                       gboolean        is_error);
void  _forkline_window_hide_banner    (ForklineWindow *self);
void  _forkline_window_set_trace      (ForklineWindow *self,
                                       ForklineTrace  *trace);
gboolean _forkline_window_save_to     (ForklineWindow *self,
                                       const char     *path,
                                       GError        **error);
gboolean _forkline_window_export_to   (ForklineWindow *self,
                                       const char     *path,
                                       int             width,
                                       int             height,
                                       double          scale,
                                       gboolean        whole_run,
                                       GError        **error);
void  _forkline_window_apply_presentation_scale (ForklineWindow *self);
void  _forkline_window_set_presentation (ForklineWindow *self,
                                         gboolean        presenting);

G_END_DECLS

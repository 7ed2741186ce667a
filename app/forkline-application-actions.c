/* forkline-application-actions.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "forkline-application-private.h"

static void
quit_cb (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_cb (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  static const char *authors[] = { "The Forkline authors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (user_data)),
                         "program-name", "Forkline",
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", "See Python multiprocessing happen: real processes, "
                                     "per-CPU timelines and every message through queues and pipes.",
                         "authors", authors,
                         "copyright", "© 2026 The Forkline authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_cb },
  { .name = "about", .activate = about_cb },
};

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit",        { "<Control>q", NULL } },
  { "win.run",         { "<Control>r", NULL } },
  { "win.stop",        { "<Control>period", "Escape", NULL } },
  { "win.run-again",   { "<Control><Shift>r", NULL } },
  { "win.open",        { "<Control>o", NULL } },
  { "win.save",        { "<Control>s", NULL } },
  { "win.export",      { "<Control>e", NULL } },
  { "win.zoom-in",     { "<Control>plus", "<Control>equal", NULL } },
  { "win.zoom-out",    { "<Control>minus", NULL } },
  { "win.zoom-fit",    { "<Control>0", NULL } },
  { "win.follow-live", { "<Control>l", NULL } },
  { "win.presentation",{ "F5", NULL } },
  { "win.replay-play", { "<Control>space", NULL } },
  { "win.replay-step-forward", { "<Control>bracketright", NULL } },
  { "win.replay-step-back", { "<Control>bracketleft", NULL } },
  { "window.close",    { "<Control>w", NULL } },
};

void
_forkline_application_actions_init (ForklineApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);
}

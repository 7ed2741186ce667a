/* forkline-application.c
 *
 * Copyright 2026 The Forkline authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "forkline-application-private.h"
#include "forkline-engine-warm.h"
#include "forkline-palette.h"
#include "forkline-window.h"

struct _ForklineApplication
{
  GtkApplication  parent_instance;
  GSettings      *settings;
  GSettings      *desktop_interface;
  gboolean        system_dark;
  int             warm_fd;     /* keeps the kernel's switch tracing on */
};

G_DEFINE_FINAL_TYPE (ForklineApplication, forkline_application, GTK_TYPE_APPLICATION)

/* The installed schema, else the one compiled into the build tree
 * (<builddir>/data, beside <builddir>/app/forkline), else none: the app
 * must run either way. */
static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) build_source = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  if (schema == NULL && exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      g_autofree char *data = g_build_filename (dir, "..", "data", NULL);

      if (g_file_test (data, G_FILE_TEST_IS_DIR))
        build_source = g_settings_schema_source_new_from_directory (data, source, FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APPLICATION_ID, FALSE);
    }

  if (schema == NULL)
    {
      g_debug ("No GSettings schema %s found; settings will not be remembered", APPLICATION_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

/* GNOME's own "prefer dark" switch, when the desktop schema is installed. */
static GSettings *
load_desktop_interface (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "color-scheme"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static char *
get_theme_key (ForklineApplication *self)
{
  if (self->settings == NULL)
    return g_strdup (g_getenv ("FORKLINE_THEME") ? g_getenv ("FORKLINE_THEME") : "system");
  return g_settings_get_string (self->settings, "theme");
}

static void
apply_style (ForklineApplication *self)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  g_autofree char *theme = get_theme_key (self);
  gboolean dark;

  if (gtk_settings == NULL)
    return;

  if (self->desktop_interface != NULL)
    {
      g_autofree char *scheme = g_settings_get_string (self->desktop_interface, "color-scheme");

      self->system_dark = g_strcmp0 (scheme, "prefer-dark") == 0;
    }

  if (g_strcmp0 (theme, "dark") == 0)
    dark = TRUE;
  else if (g_strcmp0 (theme, "light") == 0)
    dark = FALSE;
  else
    dark = self->system_dark;

  g_object_set (gtk_settings,
                "gtk-application-prefer-dark-theme", dark,
                NULL);
  if (g_strcmp0 (theme, "contrast") == 0)
    g_object_set (gtk_settings, "gtk-theme-name", dark ? "HighContrastInverse" : "HighContrast", NULL);
  else
    gtk_settings_reset_property (gtk_settings, "gtk-theme-name");
}

static void
style_changed_cb (ForklineApplication *self)
{
  apply_style (self);
}

void
_forkline_application_style_init (ForklineApplication *self)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  g_autofree char *theme_name = NULL;
  gboolean prefer_dark = FALSE;

  if (gtk_settings == NULL)
    return;

  /* What the system said before we touch anything (settings.ini, XSETTINGS). */
  g_object_get (gtk_settings,
                "gtk-application-prefer-dark-theme", &prefer_dark,
                "gtk-theme-name", &theme_name,
                NULL);
  self->system_dark = prefer_dark ||
                      (theme_name != NULL && (g_str_has_suffix (theme_name, "-dark") ||
                                              g_str_has_suffix (theme_name, ":dark")));

  self->desktop_interface = load_desktop_interface ();
  if (self->desktop_interface != NULL)
    g_signal_connect_object (self->desktop_interface, "changed::color-scheme",
                             G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::theme",
                             G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);

  apply_style (self);
}

/* Plain GtkApplication (unlike libadwaita's) does not load style.css from
 * the resource base path by itself. */
static void
load_stylesheet (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/org/forkline/Forkline/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
forkline_application_startup (GApplication *app)
{
  ForklineApplication *self = FORKLINE_APPLICATION (app);

  self->settings = load_settings ();
  /* every lesson's processes start at once rather than 10 ms late */
  self->warm_fd = forkline_engine_warm_start ();

  G_APPLICATION_CLASS (forkline_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APPLICATION_ID);
  load_stylesheet ();
  _forkline_application_style_init (self);
  _forkline_application_actions_init (self);
}

static ForklineWindow *
get_or_create_window (ForklineApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (forkline_window_new (self));
  return FORKLINE_WINDOW (window);
}

static void
forkline_application_activate (GApplication *app)
{
  ForklineWindow *window = get_or_create_window (FORKLINE_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static void
forkline_application_open (GApplication  *app,
                           GFile        **files,
                           int            n_files,
                           const char    *hint)
{
  ForklineApplication *self = FORKLINE_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      ForklineWindow *window = i == 0 ? get_or_create_window (self)
                                      : forkline_window_new (self);

      forkline_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* Quitting must leave nothing running: every window stops its engine and
 * waits for it before the process exits. */
static void
forkline_application_shutdown (GApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (FORKLINE_IS_WINDOW (l->data))
      forkline_window_shutdown (l->data);

  /* Backends write lazily; what was just set must reach the disk. */
  g_settings_sync ();
  forkline_engine_warm_stop (FORKLINE_APPLICATION (app)->warm_fd);
  FORKLINE_APPLICATION (app)->warm_fd = -1;

  G_APPLICATION_CLASS (forkline_application_parent_class)->shutdown (app);
}

static int
forkline_application_handle_local_options (GApplication *app,
                                           GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("forkline %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
forkline_application_dispose (GObject *object)
{
  ForklineApplication *self = (ForklineApplication *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->desktop_interface);

  G_OBJECT_CLASS (forkline_application_parent_class)->dispose (object);
}

static void
forkline_application_class_init (ForklineApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = forkline_application_dispose;

  app_class->startup = forkline_application_startup;
  app_class->activate = forkline_application_activate;
  app_class->open = forkline_application_open;
  app_class->shutdown = forkline_application_shutdown;
  app_class->handle_local_options = forkline_application_handle_local_options;
}

static void
forkline_application_init (ForklineApplication *self)
{
  self->warm_fd = -1;

  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, "Show the version and exit", NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), "[RUN.forkline… | PROGRAM.py]");
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            "Watch Python multiprocessing happen: real processes, "
                                            "per-CPU timelines, every message.\n"
                                            "A PROGRAM.py opens in the editor and runs, traced, when you press Run.\n"
                                            "`forkline export --help` for images and Perfetto traces without a display.");
}

/* Single instance where a session bus exists; without one, registration
 * cannot work, so run as a plain non-unique app instead of failing. */
static gboolean
have_session_bus (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  const char *runtime = g_get_user_runtime_dir ();
  g_autofree char *socket = NULL;

  if (address != NULL && address[0] != '\0')
    return TRUE;

  socket = g_build_filename (runtime, "bus", NULL);
  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

ForklineApplication *
forkline_application_new (void)
{
  GApplicationFlags flags = G_APPLICATION_HANDLES_OPEN;

  if (!have_session_bus ())
    {
      flags |= G_APPLICATION_NON_UNIQUE;
      /* Accessibility (AT-SPI) lives on the session bus: without one GTK
       * can only warn, so do not let it try. */
      if (g_getenv ("GTK_A11Y") == NULL)
        g_setenv ("GTK_A11Y", "none", TRUE);
      /* dconf, GSettings' usual store, writes through the session bus:
       * without one the last lesson and the speed would be lost with a
       * warning.  GLib's key file store needs no bus. */
      if (g_getenv ("GSETTINGS_BACKEND") == NULL)
        g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
      /* Else GIO "autolaunches" a bus through dbus-launch on X11: a
       * daemon that outlives the app.  An address no transport accepts
       * makes every attempt fail at once instead. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
    }

  return g_object_new (FORKLINE_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", flags,
                       NULL);
}

GSettings *
forkline_application_get_settings (ForklineApplication *self)
{
  g_return_val_if_fail (FORKLINE_IS_APPLICATION (self), NULL);

  return self->settings;
}

gboolean
forkline_application_get_dark (ForklineApplication *self)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  gboolean dark = FALSE;

  g_return_val_if_fail (FORKLINE_IS_APPLICATION (self), FALSE);

  if (gtk_settings != NULL)
    g_object_get (gtk_settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  return dark;
}

int
forkline_application_get_theme (ForklineApplication *self)
{
  g_autofree char *theme = NULL;

  g_return_val_if_fail (FORKLINE_IS_APPLICATION (self), FORKLINE_THEME_LIGHT);

  theme = get_theme_key (self);
  if (g_strcmp0 (theme, "contrast") == 0)
    return FORKLINE_THEME_CONTRAST;
  return forkline_application_get_dark (self) ? FORKLINE_THEME_DARK : FORKLINE_THEME_LIGHT;
}
